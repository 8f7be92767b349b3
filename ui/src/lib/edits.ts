// What the editing UI says about values and about text that is not a value.
import type { EditField } from "../bindings/EditField";
import type { EditValue } from "../bindings/EditValue";
import type { ListingState } from "../bindings/ListingState";
import type { ProductRow } from "../bindings/ProductRow";
import type { StockLevel } from "../bindings/StockLevel";
import { decimalSeparator, formatInt, formatMoney, statusLabel, t, type MessageKey } from "./i18n";
import { minorDigits, minorToInputText, parsePrice, parseStock, type InputError } from "./money";

/** Typed text read as a value, or the message that says what is wrong with it. */
export type Read = { ok: true; value: EditValue } | { ok: false; message: string };

/** The edit fields, in the order the UI lists them. */
export const EDIT_FIELDS = ["price", "stock", "status"] as const satisfies readonly EditField[];

/** The listing states a person can choose (deleted is the shop's doing). */
export const EDITABLE_STATES = ["active", "paused", "closed"] as const satisfies readonly ListingState[];

/** Whether the current language writes decimals with a comma (then "," is accepted as well as "."). */
export function commaDecimals(): boolean {
  return decimalSeparator() === ",";
}

/** "Price", "Stock", "Status"; "Stock at Depósito Norte" for one location's stock (`location`: its name). */
export function fieldLabel(field: EditField, location: string | null = null): string {
  if (field === "stock" && location !== null) return t("edit.field.stockAt", { location });
  return t(`edit.field.${field}` as MessageKey);
}

/** A value as the UI shows it: money formatted, a stock grouped, a state by its label. */
export function editValueText(v: EditValue | null | undefined): string {
  if (!v) return t("common.none");
  switch (v.field) {
    case "price":
      return formatMoney(v.value);
    case "stock":
      return formatInt(v.value);
    case "status":
      return statusLabel(v.value);
  }
}

/** The text an input starts with for a value (a price in the language's decimals, no grouping). */
export function editInputText(v: EditValue): string {
  switch (v.field) {
    case "price":
      return minorToInputText(v.value.minor, v.value.currency, decimalSeparator());
    case "stock":
      return String(v.value);
    case "status":
      return v.value;
  }
}

/** An example amount in a currency, as a person would type it ("1234.50", "1234,50", "15990"). */
export function amountExample(currency: string): string {
  const digits = minorDigits(currency);
  return minorToInputText(digits === 0 ? 15990 : 1234 * 10 ** digits + 5 * 10 ** (digits - 1), currency, decimalSeparator());
}

/**
 * What is wrong with typed text, in words. `currency`: for a price or an amount in one currency;
 * without it (a bulk change over listings in several currencies) the rules are said in general.
 */
export function inputErrorText(e: InputError, what: "price" | "amount" | "stock" | "percent", currency = ""): string {
  switch (e.kind) {
    case "empty":
      return t("edit.error.empty");
    case "tooLarge":
      return t("edit.error.tooLarge");
    case "precision":
      if (what === "percent") return t("edit.error.percent", { example: percentExample() });
      if (currency === "") return t("edit.error.maxDecimals", { n: e.digits });
      return e.digits === 0
        ? t("edit.error.noDecimals", { currency })
        : t("edit.error.decimals", { currency, n: e.digits });
    case "positive":
      if (what === "price") return t("edit.error.pricePositive");
      if (what === "stock") return t("edit.error.stock");
      return t("edit.error.positive");
    case "format":
      if (what === "stock") return t("edit.error.stock");
      if (what === "percent") return t("edit.error.percent", { example: percentExample() });
      return t("edit.error.amount", { example: amountExample(currency || "ARS") });
  }
}

export function percentExample(): string {
  return `12${decimalSeparator()}5`;
}

/** A price typed for a listing, as the EditValue to send, or the message to show. */
export function readPrice(text: string, currency: string): Read {
  const p = parsePrice(text, currency, commaDecimals());
  if (!p.ok) return { ok: false, message: inputErrorText(p.error, "price", currency) };
  return { ok: true, value: { field: "price", value: { minor: p.value, currency } } };
}

/** A stock typed for a listing or a variation. */
export function readStock(text: string): Read {
  const p = parseStock(text);
  if (!p.ok) return { ok: false, message: inputErrorText(p.error, "stock") };
  return { ok: true, value: { field: "stock", value: p.value } };
}

/** Reads typed text as a new value of the same field as `like`. */
export function readValueLike(like: EditValue, text: string): Read {
  switch (like.field) {
    case "price":
      return readPrice(text, like.value.currency);
    case "stock":
      return readStock(text);
    case "status":
      return (EDITABLE_STATES as readonly string[]).includes(text)
        ? { ok: true, value: { field: "status", value: text as ListingState } }
        : { ok: false, message: t("edit.error.empty") };
  }
}

/** Why nothing of a listing can be edited any more (it ended), or null. */
function endedReason(p: ProductRow): string | null {
  if (p.state === "deleted") return t("edit.deletedListing");
  if (p.state === "closed") return t("edit.closedListing");
  return null;
}

/**
 * Why a unit's stock figure kept over locations (`levels`) cannot be edited, or null without levels. The
 * figure is their sum: one figure cannot be written over several locations (the backend refuses it too),
 * so each location is edited on its own, in the detail panel; a list (`where`) points there.
 */
function sumOfLocationsReason(levels: readonly StockLevel[], where: "list" | "detail"): string | null {
  if (levels.length === 0) return null;
  return where === "list" ? t("edit.stockPerLocation") : t("edit.sumOfLocations");
}

/** Why a listing's price or stock cannot be edited here (a list, or the detail panel), or null when it can. */
export function notEditableReason(p: ProductRow, field: "price" | "stock", where: "list" | "detail" = "list"): string | null {
  const ended = endedReason(p);
  if (ended !== null || field === "price") return ended;
  if (p.variant_count > 0) return t("edit.stockOfVariations");
  return sumOfLocationsReason(p.stock_levels, where);
}

/** Why a variation's stock figure cannot be edited in the detail panel, or null when it can. */
export function variantStockReason(p: ProductRow, levels: readonly StockLevel[]): string | null {
  return endedReason(p) ?? sumOfLocationsReason(levels, "detail");
}

/**
 * Why one location's stock of a listing (`variation` false) or of a variation cannot be edited, or null
 * when it can. A listing with variations has the sum of theirs at each location.
 */
export function locationStockReason(p: ProductRow, variation: boolean): string | null {
  return endedReason(p) ?? (!variation && p.variant_count > 0 ? t("edit.stockOfVariations") : null);
}
