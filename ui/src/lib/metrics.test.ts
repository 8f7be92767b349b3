import { describe, expect, it } from "vitest";
import { metricsSample, metricsSamples } from "../test/fixtures";
import {
  ageUnit,
  gauge,
  highest,
  increase,
  inTimeOrder,
  latest,
  linePath,
  meanMs,
  metricCharts,
  perMinute,
  restarted,
  valueAxis,
} from "./metrics";

const S = 10_000;
const values = (points: { value: number | null }[]) => points.map((p) => (p.value === null ? null : Math.round(p.value * 1000) / 1000));

describe("rates from consecutive samples", () => {
  it("turns the change of a total into a rate per minute, at the end of each interval", () => {
    const s = [0, 5, 15, 15].map((n, i) => metricsSample(i * S, { provider_requests: n }));
    const r = perMinute(s, "provider_requests");
    expect(r.map((p) => p.at)).toEqual([S, 2 * S, 3 * S]);
    expect(values(r)).toEqual([30, 60, 0]);
  });

  it("divides by the real time between samples (a missed sample makes a longer interval)", () => {
    const s = [metricsSample(0, { sync_records: 0 }), metricsSample(20_000, { sync_records: 100 }), metricsSample(80_000, { sync_records: 130 })];
    expect(values(perMinute(s, "sync_records"))).toEqual([300, 30]);
  });

  it("counts from zero after a counter reset (the process started again)", () => {
    const s = [100, 120, 4, 10].map((n, i) => metricsSample(i * S, { provider_requests: n }));
    // 20 in 10 s; then 4 since the restart (not -116); then 6.
    expect(values(perMinute(s, "provider_requests"))).toEqual([120, 24, 36]);
    expect(perMinute(s, "provider_requests").every((p) => (p.value ?? 0) >= 0)).toBe(true);
  });

  it("sees a restart in any total, even when this one happens to be higher than before", () => {
    const a = metricsSample(0, { provider_requests: 100, provider_errors: 10 });
    const b = metricsSample(S, { provider_requests: 150, provider_errors: 2 });
    expect(restarted(a, b)).toBe(true);
    expect(increase(a, b, "provider_requests")).toBe(150);
    const c = metricsSample(2 * S, { provider_requests: 160, provider_errors: 2 });
    expect(restarted(b, c)).toBe(false);
    expect(increase(b, c, "provider_requests")).toBe(10);
  });

  it("skips two samples at the same time and puts samples out of order back in order", () => {
    const s = [metricsSample(2 * S, { provider_errors: 3 }), metricsSample(0, { provider_errors: 0 }), metricsSample(S, { provider_errors: 1 }), metricsSample(S, { provider_errors: 1 })];
    expect(inTimeOrder(s).map((x) => x.at)).toEqual([0, S, S, 2 * S]);
    const r = perMinute(s, "provider_errors");
    expect(r.map((p) => p.at)).toEqual([S, 2 * S]);
    expect(values(r)).toEqual([6, 12]);
    // Already in order: the same array, not a copy.
    const ordered = metricsSamples(3);
    expect(inTimeOrder(ordered)).toBe(ordered);
  });

  it("has no rate with fewer than two samples", () => {
    expect(perMinute([], "provider_requests")).toEqual([]);
    expect(perMinute([metricsSample(0, { provider_requests: 9 })], "provider_requests")).toEqual([]);
  });
});

describe("mean latency between samples", () => {
  it("is Δsum / Δcount in milliseconds, null where nothing was counted", () => {
    const s = [
      metricsSample(0, { provider_seconds_sum: 10, provider_seconds_count: 50 }),
      metricsSample(S, { provider_seconds_sum: 11, provider_seconds_count: 55 }),
      metricsSample(2 * S, { provider_seconds_sum: 11, provider_seconds_count: 55 }),
      metricsSample(3 * S, { provider_seconds_sum: 12.5, provider_seconds_count: 58 }),
    ];
    // Not the running mean (10/50 = 200 ms), the mean of each interval.
    expect(values(meanMs(s, "provider_seconds_sum", "provider_seconds_count"))).toEqual([200, null, 500]);
  });

  it("after a restart, is the mean since it", () => {
    const s = [
      metricsSample(0, { ttfb_seconds_sum: 40, ttfb_seconds_count: 400 }),
      metricsSample(S, { ttfb_seconds_sum: 0.3, ttfb_seconds_count: 2 }),
    ];
    expect(values(meanMs(s, "ttfb_seconds_sum", "ttfb_seconds_count"))).toEqual([150]);
  });
});

describe("gauges and figures", () => {
  it("shows a gauge as sampled", () => {
    const s = [3, 0, 7].map((n, i) => metricsSample(i * S, { outbox_depth: n }));
    expect(gauge(s, "outbox_depth")).toEqual([
      { at: 0, value: 3 },
      { at: S, value: 0 },
      { at: 2 * S, value: 7 },
    ]);
  });

  it("takes the latest value there is and the highest", () => {
    const pts = [
      { at: 0, value: 4 },
      { at: 1, value: 9 },
      { at: 2, value: null },
    ];
    expect(latest(pts)).toBe(9);
    expect(latest([{ at: 0, value: null }])).toBeNull();
    expect(latest([])).toBeNull();
    expect(highest(pts)).toBe(9);
    expect(highest([])).toBe(0);
  });
});

describe("drawing helpers", () => {
  it("makes a value axis from 0 on 1-2-5 steps", () => {
    expect(valueAxis(37)).toEqual({ max: 40, step: 20, ticks: [0, 20, 40] });
    expect(valueAxis(60)).toEqual({ max: 60, step: 20, ticks: [0, 20, 40, 60] });
    expect(valueAxis(1234)).toEqual({ max: 1500, step: 500, ticks: [0, 500, 1000, 1500] });
    // Nothing yet: still an axis.
    expect(valueAxis(0)).toEqual({ max: 1, step: 1, ticks: [0, 1] });
    expect(valueAxis(Number.NaN)).toEqual({ max: 1, step: 1, ticks: [0, 1] });
    // Below one: decimal steps without float noise.
    expect(valueAxis(0.6)).toEqual({ max: 0.6, step: 0.2, ticks: [0, 0.2, 0.4, 0.6] });
  });

  it("draws a line broken where a value is missing", () => {
    const pts = [
      { at: 0, value: 1 },
      { at: 1, value: 2 },
      { at: 2, value: null },
      { at: 3, value: 3 },
      { at: 4, value: null },
      { at: 5, value: 0 },
      { at: 6, value: 1 },
    ];
    expect(linePath(pts, (t) => t * 10, (v) => 100 - v * 10)).toBe("M0.0,90.0h0L10.0,80.0M30.0,70.0h0M50.0,100.0h0L60.0,90.0");
    expect(linePath([], (t) => t, (v) => v)).toBe("");
  });

  it("reads an age in seconds, minutes or hours", () => {
    expect(ageUnit(45)).toEqual({ unit: "s", divisor: 1 });
    expect(ageUnit(600)).toEqual({ unit: "min", divisor: 60 });
    expect(ageUnit(4 * 3600)).toEqual({ unit: "h", divisor: 3600 });
  });
});

describe("the panel's charts", () => {
  it("charts requests, errors and 429s, latency and TTFB, records, and the outbox from the samples", () => {
    const charts = metricCharts(metricsSamples(4));
    expect(charts.map((c) => [c.metric, c.unit, c.series.map((s) => s.key)])).toEqual([
      ["provider_requests", "per_minute", ["requests"]],
      ["provider_errors", "per_minute", ["errors", "rate_limited"]],
      ["provider_latency", "ms", ["latency", "ttfb"]],
      ["sync_records", "per_minute", ["records"]],
      ["outbox_depth", "count", ["depth"]],
      ["outbox_age", "seconds", ["age"]],
    ]);
    const series = (metric: string, key: string) => values(charts.find((c) => c.metric === metric)!.series.find((s) => s.key === key)!.points);
    expect(series("provider_requests", "requests")).toEqual([30, 30, 30]);
    expect(series("provider_errors", "errors")).toEqual([6, 6, 6]);
    expect(series("provider_errors", "rate_limited")).toEqual([0, 6, 0]);
    expect(series("provider_latency", "latency")).toEqual([200, 200, 200]);
    expect(series("provider_latency", "ttfb")).toEqual([80, 80, 80]);
    expect(series("sync_records", "records")).toEqual([180, 180, 180]);
    // Gauges have a point per sample, rates one per interval.
    expect(series("outbox_depth", "depth")).toEqual([3, 3, 3, 3]);
    expect(series("outbox_age", "age")).toEqual([45, 45, 45, 45]);
  });
});
