// The geometry of the price chart, apart from drawing: its lines (each offer, our price, the lowest
// offer) as step lines, nice price and time ticks, and which point is under the pointer. Prices stay
// integer minor units; only screen coordinates are floats.
import type { ChartPoint } from "../bindings/ChartPoint";
import type { ChartRange } from "../bindings/ChartRange";
import type { OfferChart } from "../bindings/OfferChart";

export const CHART_RANGES = ["hour", "day", "week", "month", "all"] as const satisfies readonly ChartRange[];
type AllRanges<Missing extends never> = Missing;
export type ChartRangesComplete = AllRanges<Exclude<ChartRange, (typeof CHART_RANGES)[number]>>;

export type LineKind = "offer" | "own" | "lowest";

const RANGE_MS: Record<Exclude<ChartRange, "all">, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
};

/**
 * The range a chart opens on: the smallest that holds the data (from `since`, the first observation,
 * to `now`), so a few hours of history are not a sliver at the right edge of a week. Without data
 * (null), a week.
 */
export function rangeFor(since: number | null, now: number): ChartRange {
  if (since === null || !Number.isFinite(since)) return "week";
  const span = Math.max(0, now - since);
  for (const r of ["hour", "day", "week", "month"] as const) if (span <= RANGE_MS[r]) return r;
  return "all";
}

/** One line of the chart: its points (in time order) and where it ends (vanished, or the chart's end). */
export type ChartLine = {
  key: string;
  kind: LineKind;
  /** The offer's remote id (offers only). */
  offer: string | null;
  active: boolean;
  points: ChartPoint[];
  /** Where the line starts: its first point, or (our price) the chart's left edge. */
  start: number;
  end: number;
  /** Index in the palette (offers only). */
  color: number;
};

export const PALETTE_SIZE = 8;

/**
 * The lines to draw, bottom to top: the lowest offer (a highlight under the rest), the offers, our price.
 * Our price spans the whole range: its first known price is drawn from the left edge (a listing has a
 * price all along; one recorded at the last sync would otherwise be a dot at the right edge).
 */
export function chartLines(chart: OfferChart): ChartLine[] {
  const byTime = (p: ChartPoint[]) => (isSorted(p) ? p : [...p].sort((a, b) => a.at - b.at));
  const lines: ChartLine[] = [];
  if (chart.lowest.length > 0) {
    const points = byTime(chart.lowest);
    lines.push({ key: "lowest", kind: "lowest", offer: null, active: true, points, start: points[0].at, end: chart.to, color: -1 });
  }
  chart.offers.forEach((s, i) => {
    if (s.points.length === 0) return;
    const points = byTime(s.points);
    const end = s.ends_at === null ? chart.to : Math.min(chart.to, Math.max(chart.from, s.ends_at));
    lines.push({ key: `offer:${s.offer_remote_id}:${i}`, kind: "offer", offer: s.offer_remote_id, active: s.active, points, start: points[0].at, end, color: i % PALETTE_SIZE });
  });
  if (chart.own.length > 0) {
    const points = byTime(chart.own);
    lines.push({ key: "own", kind: "own", offer: null, active: true, points, start: Math.min(chart.from, points[0].at), end: chart.to, color: -1 });
  }
  return lines;
}

function isSorted(p: ChartPoint[]): boolean {
  for (let i = 1; i < p.length; i++) if (p[i].at < p[i - 1].at) return false;
  return true;
}

/** The lowest and highest price of every line (minor units), or null when there is none. */
export function priceExtent(lines: ChartLine[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines) {
    for (const p of l.points) {
      if (p.price_minor < lo) lo = p.price_minor;
      if (p.price_minor > hi) hi = p.price_minor;
    }
  }
  return lo === Infinity ? null : [lo, hi];
}

/** A step of 1, 2 or 5 times a power of ten (at least `minStep`) giving at most `maxTicks` ticks over `span`. */
export function niceStep(span: number, maxTicks: number, minStep = 1): number {
  const raw = Math.max(span / Math.max(1, maxTicks), minStep);
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return Math.max(minStep, m * pow);
  return 10 * pow;
}

/** The price axis: a domain a little wider than the prices, on nice ticks (integer minor units). */
export function priceAxis(lo: number, hi: number, maxTicks = 4): { min: number; max: number; ticks: number[]; step: number } {
  const span = hi - lo;
  // A flat line sits in the middle of a band of ±5% (at least one minor unit).
  const pad = span === 0 ? Math.max(1, Math.round(Math.abs(hi) * 0.05)) : span * 0.08;
  const step = niceStep(span + 2 * pad, maxTicks);
  const min = Math.floor((lo - pad) / step) * step;
  const max = Math.ceil((hi + pad) / step) * step;
  const ticks: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push(v);
  return { min, max: max === min ? min + step : max, ticks, step };
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TIME_STEPS = [MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY];

/** Time ticks between `from` and `to` on round local times (whole hours, local midnights), at most `maxTicks`. */
export function timeTicks(from: number, to: number, maxTicks = 4): { ticks: number[]; step: number } {
  const span = Math.max(1, to - from);
  const step = TIME_STEPS.find((s) => span / s <= maxTicks) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const ticks: number[] = [];
  if (step < DAY) {
    // Round in local time: the offset of the time zone at the start (a DST change moves ticks by an hour).
    const offset = new Date(from).getTimezoneOffset() * MIN;
    let t = Math.ceil((from - offset) / step) * step + offset;
    for (; t <= to && ticks.length < 50; t += step) ticks.push(t);
  } else {
    const days = Math.round(step / DAY);
    const d = new Date(from);
    d.setHours(0, 0, 0, 0);
    if (d.getTime() < from) d.setDate(d.getDate() + 1);
    while (d.getTime() <= to && ticks.length < 50) {
      ticks.push(d.getTime());
      d.setDate(d.getDate() + days);
    }
  }
  return { ticks, step };
}

/** Index of the point a line shows at `t`: the one in force, or its first from where the line starts; -1 before. */
export function lineAt(line: ChartLine, t: number): number {
  const i = pointAt(line.points, t);
  return i < 0 && line.points.length > 0 && t >= line.start ? 0 : i;
}

/** Index of the point in force at `t` (the last one at or before it), or -1 before the first. */
export function pointAt(points: ChartPoint[], t: number): number {
  let lo = 0;
  let hi = points.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].at <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * An SVG path of a step line: each price holds until the next point, the last one until `end`; the first
 * one from `start` when that is earlier (our price from the left edge).
 */
export function stepPath(
  points: ChartPoint[],
  end: number,
  x: (t: number) => number,
  y: (minor: number) => number,
  start: number = points[0]?.at ?? 0,
): string {
  if (points.length === 0) return "";
  const parts: string[] = [];
  let px = x(Math.min(start, points[0].at));
  let py = y(points[0].price_minor);
  parts.push(`M${px.toFixed(1)},${py.toFixed(1)}`);
  for (let i = 1; i < points.length; i++) {
    const nx = x(points[i].at);
    const ny = y(points[i].price_minor);
    // Points closer than half a pixel in both directions add nothing to draw.
    if (Math.abs(nx - px) < 0.5 && Math.abs(ny - py) < 0.5) continue;
    parts.push(`H${nx.toFixed(1)}V${ny.toFixed(1)}`);
    px = nx;
    py = ny;
  }
  const ex = x(Math.max(end, points[points.length - 1].at));
  if (ex > px) parts.push(`H${ex.toFixed(1)}`);
  return parts.join("");
}

/** The point nearest the pointer: at time `t`, the line whose price there is closest to `y` (in pixels). */
export function nearestPoint(
  lines: ChartLine[],
  t: number,
  pointerY: number,
  y: (minor: number) => number,
  maxDistance = Infinity,
): { line: number; index: number } | null {
  let best: { line: number; index: number } | null = null;
  let bestD = maxDistance;
  // Offers first, then our price, then the lowest: the highlight under an offer never hides it.
  const order = lines.map((_, i) => i).sort((a, b) => rank(lines[a].kind) - rank(lines[b].kind));
  for (const li of order) {
    const l = lines[li];
    if (t > l.end && l.kind === "offer") continue;
    const i = lineAt(l, t);
    if (i < 0) continue;
    const d = Math.abs(y(l.points[i].price_minor) - pointerY);
    if (d < bestD) {
      bestD = d;
      best = { line: li, index: i };
    }
  }
  return best;
}

function rank(k: LineKind): number {
  return k === "offer" ? 0 : k === "own" ? 1 : 2;
}
