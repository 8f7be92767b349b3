import { describe, expect, it } from "vitest";
import { offerChart } from "../test/fixtures";
import { chartLines, nearestPoint, niceStep, pointAt, priceAxis, stepPath, timeTicks } from "./chart";

describe("the chart's geometry", () => {
  it("draws the lowest under the offers and our price on top, each offer up to where it ends", () => {
    const c = offerChart();
    const lines = chartLines(c);
    expect(lines.map((l) => [l.kind, l.offer])).toEqual([
      ["lowest", null],
      ["offer", "OFF1"],
      ["offer", "OFF2"],
      ["own", null],
    ]);
    expect(lines[1].end).toBe(c.to);
    expect(lines[2].end).toBe(c.offers[1].ends_at);
    expect(lines[2].active).toBe(false);
  });

  it("builds a step path that holds each price until the next point and to the end", () => {
    const pts = [
      { at: 0, price_minor: 10, items_in_stock: 1 },
      { at: 5, price_minor: 20, items_in_stock: 1 },
    ];
    expect(stepPath(pts, 10, (t) => t * 10, (p) => 100 - p)).toBe("M0.0,90.0H50.0V80.0H100.0");
    expect(stepPath([], 10, (t) => t, (p) => p)).toBe("");
  });

  it("finds the point in force at a time", () => {
    const pts = [0, 10, 20].map((at) => ({ at, price_minor: at, items_in_stock: null }));
    expect(pointAt(pts, -1)).toBe(-1);
    expect(pointAt(pts, 0)).toBe(0);
    expect(pointAt(pts, 15)).toBe(1);
    expect(pointAt(pts, 99)).toBe(2);
  });

  it("picks the line nearest the pointer at that time, never a sold-out offer after its end", () => {
    const c = offerChart();
    const lines = chartLines(c);
    const y = (minor: number) => minor / 1000;
    // 3 h in: OFF1 at 1250.00, OFF2 at 1100.00, ours at 1300.00, the lowest at 1100.00 (OFF2 wins the tie).
    const at = c.from + 3 * 3_600_000;
    expect(nearestPoint(lines, at, 110, y)).toEqual({ line: 2, index: 0 });
    expect(nearestPoint(lines, at, 129, y)).toEqual({ line: 3, index: 0 });
    // After OFF2 sold out, the pointer on its old price finds another line (OFF1 at 1200.00), then nothing close enough.
    const late = c.from + 20 * 3_600_000;
    expect(nearestPoint(lines, late, 115, y)).toEqual({ line: 1, index: 1 });
    expect(nearestPoint(lines, late, 0, y, 5)).toBeNull();
  });

  it("chooses nice price ticks around the prices, in whole minor units", () => {
    expect(niceStep(1000, 4)).toBe(500);
    expect(niceStep(3, 4)).toBe(1);
    const a = priceAxis(110000, 130000, 4);
    expect(a.min).toBeLessThanOrEqual(110000);
    expect(a.max).toBeGreaterThanOrEqual(130000);
    expect(a.ticks.length).toBeLessThanOrEqual(6);
    for (const v of a.ticks) expect(Number.isInteger(v) && v % a.step === 0).toBe(true);
    // A flat line still gets a band around it.
    const flat = priceAxis(5000, 5000);
    expect(flat.min).toBeLessThan(5000);
    expect(flat.max).toBeGreaterThan(5000);
  });

  it("puts time ticks on round local hours or days", () => {
    const from = new Date(2024, 4, 3, 10, 17).getTime();
    const day = timeTicks(from, from + 24 * 3_600_000, 4);
    expect(day.step).toBe(6 * 3_600_000);
    expect(day.ticks.length).toBeGreaterThan(2);
    for (const tk of day.ticks) expect(new Date(tk).getMinutes()).toBe(0);
    const week = timeTicks(from, from + 7 * 86_400_000, 4);
    expect(week.step).toBe(2 * 86_400_000);
    for (const tk of week.ticks) expect(new Date(tk).getHours()).toBe(0);
  });
});
