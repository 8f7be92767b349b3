// Offers as the UI sees them: following `offers-changed`, the offers services among the shops, the
// history as CSV (exact decimals, never through a float), and the repricing form read into a RepriceRule.
import type { ApiError } from "../bindings/ApiError";
import type { OfferHistory } from "../bindings/OfferHistory";
import type { RepriceRule } from "../bindings/RepriceRule";
import type { Shop } from "../bindings/Shop";
import { api, onOffersChanged } from "./api";
import { hasRole } from "./capabilities";
import { commaDecimals, inputErrorText } from "./edits";
import { decimalSeparator, minorToDecimalString, t } from "./i18n";
import { minorDigits, minorToInputText, parseMinor } from "./money";
import { REFRESH_MAX_WAIT_MS, REFRESH_WAIT_MS } from "./refresh";
import { coalesce } from "./table";

/** How many tracked products the Offers view asks for. */
export const TRACKED_LIMIT = 500;

/** Calls `reload` (coalesced like `followDataChanges`) on `offers-changed`; returns the function that stops. */
export function followOffersChanges(reload: () => void): () => void {
  const run = coalesce(reload, REFRESH_WAIT_MS, REFRESH_MAX_WAIT_MS);
  const stop = onOffersChanged(run);
  return () => {
    stop();
    run.cancel();
  };
}

export function isOffersService(s: Shop): boolean {
  return hasRole(s, "offers_source");
}

/** An offers service's address: http(s) with a host. */
export function isServiceUrl(text: string): boolean {
  try {
    const u = new URL(text.trim());
    return (u.protocol === "https:" || u.protocol === "http:") && u.hostname !== "";
  } catch {
    return false;
  }
}

/** What a dialog says when the service refused: a refused refresh token comes as `invalid_grant`. */
export function offersErrorText(e: ApiError): string {
  return e.code === "invalid_grant" ? t("offersAdd.refused", { message: e.message }) : e.message;
}

/** The offers services among the shops (track_products with a null service needs exactly one). */
export async function offersServices(): Promise<Shop[]> {
  const shops = await api.listShops();
  return Array.isArray(shops) ? shops.filter(isOffersService) : [];
}

// ---------------------------------------------------------------- CSV export

export const CSV_HEADER = ["offer", "time", "price", "currency", "stock", "active"] as const;

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Every history row as CSV (RFC 4180, CRLF): offer, time (ISO 8601, UTC), price (exact decimal, "." as
 * separator), currency, stock, active. Rows of each offer in time order, offers in the answer's order.
 */
export function historyCsv(history: OfferHistory[]): string {
  const lines = [CSV_HEADER.join(",")];
  for (const offer of history) {
    const rows = [...offer.rows].sort((a, b) => a.observed_at - b.observed_at);
    for (const r of rows) {
      lines.push(
        [
          offer.remote_id,
          new Date(r.observed_at).toISOString(),
          minorToDecimalString(r.price.minor, minorDigits(r.price.currency)),
          r.price.currency,
          String(r.items_in_stock),
          r.active ? "true" : "false",
        ]
          .map(csvField)
          .join(","),
      );
    }
  }
  return lines.join("\r\n") + "\r\n";
}

/** "offers-MLA1001-2024-05-03.csv". */
export function csvFileName(productRemoteId: string, now: number = Date.now()): string {
  const safe = productRemoteId.replace(/[^\w.-]+/g, "_") || "product";
  return `offers-${safe}-${new Date(now).toISOString().slice(0, 10)}.csv`;
}

/** Offers a text as a file to save (a Blob and a link click; in Tauri the webview asks where). */
export function downloadText(fileName: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

// ---------------------------------------------------------------- the repricing form

export type MinusMode = "amount" | "percent";

/** The repricing form as typed (text, so nothing is lost or rounded before it is read). */
export type RepriceForm = {
  mode: MinusMode;
  minus: string;
  minusPercent: string;
  floor: string;
  ceiling: string;
  step: string;
  every: string;
};

export type RepriceField = Exclude<keyof RepriceForm, "mode">;

export type RepriceRead =
  | { ok: true; rule: RepriceRule }
  | { ok: false; errors: Partial<Record<RepriceField, string>> };

/** The form for a saved rule, or a new one (match the lowest offer, a step of one unit). */
export function repriceFormOf(rule: RepriceRule | null, currency: string, everySeconds: number): RepriceForm {
  const sep = decimalSeparator();
  const text = (minor: number) => minorToInputText(minor, currency, sep);
  if (!rule) {
    return {
      mode: "amount",
      minus: "0",
      minusPercent: "",
      floor: "",
      ceiling: "",
      step: text(10 ** minorDigits(currency)),
      every: String(everySeconds),
    };
  }
  return {
    mode: rule.minus_bp > 0 ? "percent" : "amount",
    minus: rule.minus_bp > 0 ? "0" : text(rule.minus.minor),
    minusPercent: rule.minus_bp > 0 ? minorToInputText(rule.minus_bp, "USD", sep).replace(/[.,]?0+$/, "") : "",
    floor: text(rule.floor.minor),
    ceiling: text(rule.ceiling.minor),
    step: text(rule.min_step.minor),
    every: String(rule.every_seconds),
  };
}

type Amount = { ok: true; minor: number } | { ok: false; message: string };

/** An amount in `currency` ("12,5" in es: 1250 minor units), exactly; `min` is the least it may be. */
function readAmount(text: string, currency: string, min: 0 | 1, positiveMessage: string): Amount {
  const p = parseMinor(text, minorDigits(currency), commaDecimals());
  if (!p.ok) return { ok: false, message: inputErrorText(p.error, "amount", currency) };
  if (p.value < BigInt(min)) return { ok: false, message: positiveMessage };
  return { ok: true, minor: Number(p.value) };
}

/**
 * Reads the form into the RepriceRule to send (amounts in minor units of the listing's currency), or
 * says what is wrong with each field. `lastChangeAt` is the saved rule's (the backend keeps its own).
 */
export function readRepriceForm(f: RepriceForm, currency: string, lastChangeAt: number | null = null): RepriceRead {
  const errors: Partial<Record<RepriceField, string>> = {};
  let minus = 0;
  let minusBp = 0;
  if (f.mode === "amount") {
    const m = readAmount(f.minus, currency, 0, t("reprice.error.notNegative"));
    if (m.ok) minus = m.minor;
    else errors.minus = m.message;
  } else {
    const p = parseMinor(f.minusPercent, 2, commaDecimals());
    if (!p.ok) errors.minusPercent = inputErrorText(p.error, "percent");
    else if (p.value < 0n) errors.minusPercent = t("reprice.error.notNegative");
    else if (p.value >= 10_000n) errors.minusPercent = t("reprice.error.percentMax");
    else minusBp = Number(p.value);
  }
  const floor = readAmount(f.floor, currency, 1, t("edit.error.pricePositive"));
  if (!floor.ok) errors.floor = floor.message;
  const ceiling = readAmount(f.ceiling, currency, 1, t("edit.error.pricePositive"));
  if (!ceiling.ok) errors.ceiling = ceiling.message;
  if (floor.ok && ceiling.ok && floor.minor > ceiling.minor) errors.ceiling = t("reprice.error.floorCeiling");
  const step = readAmount(f.step, currency, 1, t("reprice.error.stepPositive"));
  if (!step.ok) errors.step = step.message;
  const every = f.every.trim();
  const everySeconds = /^\d{1,9}$/.test(every) ? Number(every) : 0;
  if (everySeconds < 1) errors.every = t("reprice.error.every");
  if (Object.keys(errors).length > 0 || !floor.ok || !ceiling.ok || !step.ok) return { ok: false, errors };
  const money = (minor: number) => ({ minor, currency });
  return {
    ok: true,
    rule: {
      minus: money(minus),
      minus_bp: minusBp,
      floor: money(floor.minor),
      ceiling: money(ceiling.minor),
      min_step: money(step.minor),
      every_seconds: everySeconds,
      last_change_at: lastChangeAt,
    },
  };
}
