// Amounts a person types, read exactly: decimal text -> integer minor units by string arithmetic,
// never through a float (the same rules as Money::parse_decimal in crates/core/src/money.rs).

/**
 * Decimals of a currency's minor unit (ISO 4217), as the backend counts them: the zero- and
 * three-decimal currencies are listed, every other code has two. Minor units mean this, whatever a
 * locale's display conventions say.
 */
export function minorDigits(currency: string): number {
  switch (currency.toUpperCase()) {
    case "BIF": case "CLP": case "DJF": case "GNF": case "ISK": case "JPY": case "KMF": case "KRW":
    case "PYG": case "RWF": case "UGX": case "UYI": case "VND": case "VUV": case "XAF": case "XOF": case "XPF":
      return 0;
    case "BHD": case "IQD": case "JOD": case "KWD": case "LYD": case "OMR": case "TND":
      return 3;
    default:
      return 2;
  }
}

/** Why typed text is not a value. */
export type InputError =
  | { kind: "empty" }
  /** Not digits with at most one decimal separator. */
  | { kind: "format" }
  /** More decimals than allowed (`digits`). */
  | { kind: "precision"; digits: number }
  /** Not more than zero (a price), or negative where a sign is not allowed. */
  | { kind: "positive" }
  | { kind: "tooLarge" };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: InputError };

const fail = <T>(error: InputError): Parsed<T> => ({ ok: false, error });

/** The largest minor amount sent as a JSON number without losing a unit. */
const MAX_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

type Decimal = { negative: boolean; whole: string; fraction: string };

/**
 * Splits decimal text typed by a person: an optional sign, digits, and at most one decimal
 * separator: "." always, "," too when `comma` (languages that write "1234,50"). Grouping
 * separators are refused rather than guessed ("1,234" could be either). Spaces are ignored.
 */
function splitDecimal(text: string, comma: boolean): Decimal | "empty" | null {
  const s = text.replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return "empty";
  const m = (comma ? /^([+-]?)(\d*)(?:[.,](\d*))?$/ : /^([+-]?)(\d*)(?:\.(\d*))?$/).exec(s);
  if (!m) return null;
  const whole = m[2];
  const fraction = m[3] ?? "";
  if (whole === "" && fraction === "") return null;
  return { negative: m[1] === "-", whole, fraction };
}

/** The digits of `d` as integer minor units with `digits` decimals, or an error. */
function toMinor(d: Decimal, digits: number): Parsed<bigint> {
  // Trailing zeros past the minor unit are exact ("7.000" USD is 700).
  const significant = d.fraction.replace(/0+$/, "");
  if (significant.length > digits) return fail({ kind: "precision", digits });
  const digitsText = (d.whole + significant.padEnd(digits, "0")).replace(/^0+(?=\d)/, "");
  const minor = BigInt(digitsText === "" ? "0" : digitsText);
  if (minor > MAX_MINOR) return fail({ kind: "tooLarge" });
  return { ok: true, value: d.negative ? -minor : minor };
}

/** Signed decimal text as integer minor units with `digits` decimals ("-2.5", 2 -> -250n), exactly. */
export function parseMinor(text: string, digits: number, comma = false): Parsed<bigint> {
  const d = splitDecimal(text, comma);
  if (d === "empty") return fail({ kind: "empty" });
  if (d === null) return fail({ kind: "format" });
  return toMinor(d, digits);
}

/**
 * A price typed in `currency` ("1234.5" in ARS -> 123450 minor units). Must be more than zero.
 * `comma`: "," is a decimal separator too.
 */
export function parsePrice(text: string, currency: string, comma = false): Parsed<number> {
  const minor = parseMinor(text, minorDigits(currency), comma);
  if (!minor.ok) return minor;
  if (minor.value <= 0n) return fail({ kind: "positive" });
  return { ok: true, value: Number(minor.value) };
}

/**
 * A positive decimal (an amount or a percent of a bulk change) as the canonical text the backend
 * reads ("12,5" -> "12.5", "+3" -> "3", "007.50" -> "7.50"), with at most `maxDecimals` decimals
 * (trailing zeros past it are dropped). No sign: raising or lowering is chosen apart.
 */
export function positiveDecimalText(text: string, maxDecimals: number, comma = false): Parsed<string> {
  const d = splitDecimal(text, comma);
  if (d === "empty") return fail({ kind: "empty" });
  if (d === null) return fail({ kind: "format" });
  if (d.negative) return fail({ kind: "positive" });
  const minor = toMinor(d, maxDecimals);
  if (!minor.ok) return minor;
  if (minor.value <= 0n) return fail({ kind: "positive" });
  const whole = d.whole.replace(/^0+(?=\d)/, "") || "0";
  const fraction = d.fraction.replace(/0+$/, "").padEnd(Math.min(d.fraction.length, maxDecimals), "0");
  return { ok: true, value: fraction === "" ? whole : `${whole}.${fraction}` };
}

/** A stock: a whole number of units, 0 or more. */
export function parseStock(text: string): Parsed<number> {
  const s = text.replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return fail({ kind: "empty" });
  if (s.startsWith("-") && /^-\d+$/.test(s)) return fail({ kind: "positive" });
  if (!/^\+?\d+$/.test(s)) return fail({ kind: "format" });
  const n = BigInt(s.replace(/^\+/, ""));
  // MercadoLibre accepts far less; this only keeps the number exact.
  if (n > 999_999_999n) return fail({ kind: "tooLarge" });
  return { ok: true, value: Number(n) };
}

/**
 * Minor units as the text an input starts with: plain digits and the language's decimal
 * separator, no grouping ((123450, "ARS", ",") -> "1234,50"), so it parses back as it is.
 */
export function minorToInputText(minor: number, currency: string, separator = "."): string {
  const digits = minorDigits(currency);
  const whole = BigInt(Math.trunc(minor));
  const negative = whole < 0n;
  let s = (negative ? -whole : whole).toString();
  if (digits === 0) return (negative ? "-" : "") + s;
  s = s.padStart(digits + 1, "0");
  return (negative ? "-" : "") + s.slice(0, s.length - digits) + separator + s.slice(s.length - digits);
}
