import { describe, expect, it } from "vitest";
import { offerChart } from "../test/fixtures";
import { chartLines, lineAt, nearestPoint, niceStep, pointAt, priceAxis, rangeFor, stepPath, timeTicks } from "./chart";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

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

  // The range a chart opens on: the smallest holding the history (first observation .. now).
  const NOW = 1_700_000_000_000;
  it.each([
    ["no history yet", null, "week"],
    ["seen just now", NOW, "hour"],
    ["a minute ago", NOW - MIN, "hour"],
    ["exactly an hour ago", NOW - HOUR, "hour"],
    ["an hour and a minute ago", NOW - HOUR - MIN, "day"],
    ["3 hours ago", NOW - 3 * HOUR, "day"],
    ["exactly a day ago", NOW - DAY, "day"],
    ["a day and a second ago", NOW - DAY - 1000, "week"],
    ["6 days ago", NOW - 6 * DAY, "week"],
    ["8 days ago", NOW - 8 * DAY, "month"],
    ["30 days ago", NOW - 30 * DAY, "month"],
    ["31 days ago", NOW - 31 * DAY, "all"],
    ["a year ago", NOW - 365 * DAY, "all"],
    ["a clock a little ahead (seen 'after' now)", NOW + 5000, "hour"],
  ] as const)("opens on the smallest range holding the history: %s", (_, since, range) => {
    expect(rangeFor(since, NOW)).toBe(range);
  });

  it("draws our price across the whole range, from its first known price", () => {
    const c = offerChart({ own: [{ at: 1_700_086_400_000 - MIN, price_minor: 123456, items_in_stock: null }] });
    const own = chartLines(c).find((l) => l.kind === "own")!;
    expect(own.start).toBe(c.from);
    expect(own.end).toBe(c.to);
    // Offers start where they were first seen.
    const off2 = chartLines(c).find((l) => l.offer === "OFF2")!;
    expect(off2.start).toBe(off2.points[0].at);
    // A constant price is one horizontal line from the left edge to the right one.
    const x = (t: number) => ((t - c.from) / (c.to - c.from)) * 100;
    expect(stepPath(own.points, own.end, x, () => 50, own.start)).toBe("M0.0,50.0H100.0");
    // The pointer on its left part reads that price.
    expect(lineAt(own, c.from + HOUR)).toBe(0);
    expect(lineAt(off2, c.from)).toBe(-1);
  });

  it("steps our price's history across the range", () => {
    const c = offerChart();
    const own = chartLines(c).find((l) => l.kind === "own")!;
    const x = (t: number) => (t - c.from) / HOUR;
    // 1,300.00 from the start, 1,234.56 from 10 h on, to the end (24 h).
    expect(stepPath(own.points, own.end, x, (p) => p / 1000, own.start)).toBe("M0.0,130.0H10.0V123.5H24.0");
  });
});
