// Where the person was: the view, the Activity tab, and each list's main filters. Closing the window
// destroys the webview (src-tauri/src/lib.rs: a hidden window would keep WebKit's memory), so Open builds a
// new page that must start there again. Kept in localStorage, which lives in WebKit's data directory and
// outlasts the webview (sessionStorage would not), and so a restart too.

const PREFIX = "storedesk.ui.";

/** What was saved under `key`, or undefined (nothing saved, unreadable, storage blocked). */
export function readSaved(key: string): unknown {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + key);
    return raw === null || raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function save(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* storage full or blocked: the page just starts on its defaults next time */
  }
}

/** One test per field: whether a saved value may be used. */
export type Checks<T> = { [K in keyof T]: (v: unknown) => boolean };

/**
 * The defaults, with each saved field that passes its check instead: a value from an older version, a
 * renamed status or a hand edit never reaches a query.
 */
export function restoreFields<T extends object>(defaults: T, saved: unknown, checks: Checks<T>): T {
  const out = { ...defaults };
  if (typeof saved !== "object" || saved === null || Array.isArray(saved)) return out;
  const record = saved as Record<string, unknown>;
  for (const key of Object.keys(checks) as (keyof T & string)[]) {
    if (key in record && checks[key](record[key])) out[key] = record[key] as T[typeof key];
  }
  return out;
}

export const isString = (v: unknown): boolean => typeof v === "string" && v.length <= 500;
export const isBool = (v: unknown): boolean => typeof v === "boolean";
/** A shop filter: all shops, or a shop id (one that is gone is dropped by ShopFilter once shops load). */
export const isShopFilter = (v: unknown): boolean => v === null || (Number.isSafeInteger(v) && (v as number) > 0);
/** A status filter: "" (all) or one of `values`. */
export const oneOfOrAll =
  (values: readonly string[]) =>
  (v: unknown): boolean =>
    v === "" || (typeof v === "string" && values.includes(v));
/** A day filter: "" or YYYY-MM-DD. */
export const isDay = (v: unknown): boolean => v === "" || (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v));
