import type { SortDir } from "../bindings/SortDir";

export type Page<T> = {
  rows: T[];
  next_cursor: string | null;
  /** Set by product/order searches with too many matches: rows come newest first, not sorted. */
  newest_first?: boolean;
};

export type Column<T> = {
  /** Stable key, also used for the cell's data-col attribute. */
  key: string;
  label: string;
  /** CSS grid track, e.g. "minmax(200px, 3fr)" or "90px". */
  width: string;
  /** When set, the header is clickable and sorts by this value. */
  sort?: string;
  align?: "left" | "right" | "center";
  /** Cell text. */
  text: (row: T) => string;
  /** When set, the text is shown as a status badge of this status value. */
  badge?: (row: T) => string | null;
  /** Muted (secondary) text. */
  muted?: boolean;
  mono?: boolean;
  /** Left out while the table is compact (a detail panel is open beside it). */
  secondary?: boolean;
  /** Rendered by the table's `cell` snippet (e.g. a button) instead of `text`. */
  custom?: boolean;
  /** The header is rendered by the table's `head` snippet (e.g. a "select all" checkbox) instead of `label`. */
  customHead?: boolean;
  /**
   * Grows (never shrinks) to the widest `text` shown so far, from `width` (a px width) up, and never
   * cuts its text with an ellipsis: for amounts, where a cut digit changes the meaning, and SKUs, which
   * staff match by (measured in the monospace font when `mono`).
   */
  fit?: boolean;
  /** Extra px a `fit` column's cell needs beside its text (a button's padding, a badge). */
  fitExtra?: number;
};

export type SortState = { sort: string; dir: SortDir };

/** Flips the direction when the same column is clicked again; a new column starts with `firstDir`. */
export function nextSort(current: SortState, key: string, firstDir: SortDir = "asc"): SortState {
  if (current.sort === key) return { sort: key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { sort: key, dir: firstDir };
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wrapped = (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  wrapped.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return wrapped;
}

/**
 * Like `debounce`, but a steady stream of calls still runs `fn` at least every `maxMs` (so a list
 * keeps filling in while events keep coming). Runs after the calls, never during one.
 */
export function coalesce(fn: () => void, ms: number, maxMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let first: number | null = null;
  const fire = () => {
    timer = undefined;
    first = null;
    fn();
  };
  const wrapped = () => {
    const now = Date.now();
    if (first === null) first = now;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(fire, Math.max(0, Math.min(ms, first + maxMs - now)));
  };
  wrapped.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    first = null;
  };
  return wrapped;
}

/** "2024-05-01" (an <input type=date> value) -> unix ms at 00:00 UTC that day. */
export function dayStartUtc(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** "2024-05-01" -> unix ms of the last millisecond of that day, UTC (an inclusive upper bound). */
export function dayEndUtc(value: string): number | null {
  const start = dayStartUtc(value);
  return start === null ? null : start + 86_400_000 - 1;
}
