// The Metrics panel's arithmetic, apart from drawing: metrics_history gives one sample every 10 s whose
// counters are totals since the process started, so the charts show their change between consecutive
// samples (per minute), the mean latency between samples (Δsum / Δcount), and the gauges as they are. A
// total that goes down means the process started again: that interval counts from zero.
import type { MetricsSample } from "../bindings/MetricsSample";
import { niceStep } from "./chart";

/** A value at a time; null where there is nothing to show (no request between two samples). */
export type Point = { at: number; value: number | null };

/** The fields that only grow while the process runs. */
export const COUNTER_FIELDS = [
  "provider_requests",
  "provider_errors",
  "provider_rate_limited",
  "provider_retries",
  "provider_seconds_sum",
  "provider_seconds_count",
  "ttfb_seconds_sum",
  "ttfb_seconds_count",
  "sync_records",
  "sync_jobs",
  "token_refreshes",
  "api_requests",
  "webhook_attempts",
] as const satisfies readonly (keyof MetricsSample)[];
export type CounterField = (typeof COUNTER_FIELDS)[number];

/** The fields that say how things stand now. */
export const GAUGE_FIELDS = ["outbox_depth", "outbox_oldest_age_seconds"] as const satisfies readonly (keyof MetricsSample)[];
export type GaugeField = (typeof GAUGE_FIELDS)[number];

// Every field of a sample is a counter, a gauge or the time: a new field fails to compile until it is placed.
type AllPlaced<Missing extends never> = Missing;
export type MetricsFieldsComplete = AllPlaced<Exclude<keyof MetricsSample, CounterField | GaugeField | "at">>;

const MINUTE = 60_000;

/** The samples in time order (they come oldest first; a copy is sorted only when they do not). */
export function inTimeOrder(samples: readonly MetricsSample[]): readonly MetricsSample[] {
  for (let i = 1; i < samples.length; i++) {
    if (samples[i].at < samples[i - 1].at) return [...samples].sort((a, b) => a.at - b.at);
  }
  return samples;
}

/** The process started again between two samples: one of its totals went down. */
export function restarted(prev: MetricsSample, cur: MetricsSample): boolean {
  return COUNTER_FIELDS.some((f) => cur[f] < prev[f]);
}

/** How much a total grew between two samples (after a restart, everything counted since it). */
export function increase(prev: MetricsSample, cur: MetricsSample, field: CounterField): number {
  if (restarted(prev, cur)) return Math.max(0, cur[field]);
  return Math.max(0, cur[field] - prev[field]);
}

/** Consecutive pairs with time between them (two samples at the same time make no rate). */
function intervals(samples: readonly MetricsSample[]): [MetricsSample, MetricsSample][] {
  const s = inTimeOrder(samples);
  const out: [MetricsSample, MetricsSample][] = [];
  for (let i = 1; i < s.length; i++) if (s[i].at > s[i - 1].at) out.push([s[i - 1], s[i]]);
  return out;
}

/** A counter's change per minute, one point per interval, at the end of it. */
export function perMinute(samples: readonly MetricsSample[], field: CounterField): Point[] {
  return intervals(samples).map(([a, b]) => ({ at: b.at, value: (increase(a, b, field) * MINUTE) / (b.at - a.at) }));
}

/**
 * The mean duration (ms) of what was counted between two samples: Δsum / Δcount of a seconds
 * histogram; null for an interval in which nothing was counted.
 */
export function meanMs(
  samples: readonly MetricsSample[],
  sum: "provider_seconds_sum" | "ttfb_seconds_sum",
  count: "provider_seconds_count" | "ttfb_seconds_count",
): Point[] {
  return intervals(samples).map(([a, b]) => {
    const n = increase(a, b, count);
    return { at: b.at, value: n > 0 ? (increase(a, b, sum) / n) * 1000 : null };
  });
}

/** A gauge as sampled, one point per sample. */
export function gauge(samples: readonly MetricsSample[], field: GaugeField): Point[] {
  return inTimeOrder(samples).map((s) => ({ at: s.at, value: s[field] }));
}

/** The last value there is (null: none). */
export function latest(points: readonly Point[]): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i].value;
    if (v !== null && Number.isFinite(v)) return v;
  }
  return null;
}

/** The highest value there is (0 when none). */
export function highest(points: readonly Point[]): number {
  let hi = 0;
  for (const p of points) if (p.value !== null && Number.isFinite(p.value) && p.value > hi) hi = p.value;
  return hi;
}

/** A value axis from 0 to a nice top above `max`, on 1-2-5 ticks (at least 0 and one step). */
export function valueAxis(max: number, maxTicks = 3): { max: number; step: number; ticks: number[] } {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const step = niceStep(top, maxTicks, top < 1 ? 0.1 : 1);
  const axisMax = Math.max(step, Math.ceil(top / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let i = 0; i * step <= axisMax + step / 2; i++) ticks.push(round(i * step));
  return { max: round(axisMax), step, ticks };
}

/** Rounds away float noise (0.30000000000000004). */
function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * An SVG path through the points, broken where a value is missing; a point alone between gaps is a
 * zero-length segment (drawn as a dot with round caps).
 */
export function linePath(points: readonly Point[], x: (at: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  let open = false;
  for (const p of points) {
    if (p.value === null || !Number.isFinite(p.value)) {
      open = false;
      continue;
    }
    const px = x(p.at).toFixed(1);
    const py = y(p.value).toFixed(1);
    if (!open) {
      parts.push(`M${px},${py}h0`);
      open = true;
    } else parts.push(`L${px},${py}`);
  }
  return parts.join("");
}

/** The unit an age (seconds) reads best in: seconds under 2 min, minutes under 2 h, hours above. */
export function ageUnit(maxSeconds: number): { unit: "s" | "min" | "h"; divisor: number } {
  if (maxSeconds < 120) return { unit: "s", divisor: 1 };
  if (maxSeconds < 7200) return { unit: "min", divisor: 60 };
  return { unit: "h", divisor: 3600 };
}

export type MetricName =
  | "provider_requests"
  | "provider_errors"
  | "provider_latency"
  | "sync_records"
  | "outbox_depth"
  | "outbox_age";
export type SeriesKey = "requests" | "errors" | "rate_limited" | "latency" | "ttfb" | "records" | "depth" | "age";
/** How a chart's values read: per minute, milliseconds, a count, or an age in seconds. */
export type MetricUnit = "per_minute" | "ms" | "count" | "seconds";
export type MetricSeries = { key: SeriesKey; points: Point[] };
export type MetricChart = { metric: MetricName; unit: MetricUnit; series: MetricSeries[] };

/** The panel's charts, in the order shown, from the samples of the last hour. */
export function metricCharts(samples: readonly MetricsSample[]): MetricChart[] {
  const s = inTimeOrder(samples);
  return [
    { metric: "provider_requests", unit: "per_minute", series: [{ key: "requests", points: perMinute(s, "provider_requests") }] },
    {
      metric: "provider_errors",
      unit: "per_minute",
      series: [
        { key: "errors", points: perMinute(s, "provider_errors") },
        { key: "rate_limited", points: perMinute(s, "provider_rate_limited") },
      ],
    },
    {
      metric: "provider_latency",
      unit: "ms",
      series: [
        { key: "latency", points: meanMs(s, "provider_seconds_sum", "provider_seconds_count") },
        { key: "ttfb", points: meanMs(s, "ttfb_seconds_sum", "ttfb_seconds_count") },
      ],
    },
    { metric: "sync_records", unit: "per_minute", series: [{ key: "records", points: perMinute(s, "sync_records") }] },
    { metric: "outbox_depth", unit: "count", series: [{ key: "depth", points: gauge(s, "outbox_depth") }] },
    { metric: "outbox_age", unit: "seconds", series: [{ key: "age", points: gauge(s, "outbox_oldest_age_seconds") }] },
  ];
}
