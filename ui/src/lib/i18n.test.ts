import { describe, expect, it } from "vitest";
import {
  currencyDigits,
  en,
  es,
  formatDuration,
  formatMoney,
  formatRelative,
  minorToDecimalString,
  translate,
} from "./i18n";

// Intl separates the symbol with a no-break space; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("dictionaries", () => {
  it("Spanish has every English key and vice versa", () => {
    const enKeys = Object.keys(en).sort();
    const esKeys = Object.keys(es).sort();
    expect(esKeys.filter((k) => !(k in en))).toEqual([]);
    expect(enKeys.filter((k) => !(k in es))).toEqual([]);
    expect(esKeys).toEqual(enKeys);
  });

  it("has no empty translation and keeps the same placeholders", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe("");
      expect(es[key].trim(), key).not.toBe("");
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(ph(es[key]), key).toEqual(ph(en[key]));
    }
  });

  it("fills placeholders", () => {
    expect(translate("en", "products.count", { n: "1,234" })).toBe("1,234 products");
    expect(translate("es", "products.count", { n: "1.234" })).toBe("1.234 productos");
  });
});

describe("money", () => {
  it("builds exact decimal strings from minor units", () => {
    expect(minorToDecimalString(123456, 2)).toBe("1234.56");
    expect(minorToDecimalString(5, 2)).toBe("0.05");
    expect(minorToDecimalString(-5, 2)).toBe("-0.05");
    expect(minorToDecimalString(-123456, 2)).toBe("-1234.56");
    expect(minorToDecimalString(0, 2)).toBe("0.00");
    expect(minorToDecimalString(990, 0)).toBe("990");
    expect(minorToDecimalString(9_007_199_254_740_991, 2)).toBe("90071992547409.91");
  });

  it("knows the currency's digits", () => {
    expect(currencyDigits("ARS")).toBe(2);
    expect(currencyDigits("CLP")).toBe(0);
    expect(currencyDigits("USD")).toBe(2);
  });

  it("formats ARS in es-AR", () => {
    expect(plain(formatMoney({ minor: 123456, currency: "ARS" }, "es-AR"))).toBe("$ 1.234,56");
  });

  it("formats CLP with no decimals", () => {
    expect(plain(formatMoney({ minor: 123456, currency: "CLP" }, "es-CL"))).toBe("$123.456");
    expect(plain(formatMoney({ minor: 990, currency: "CLP" }, "en-US"))).toBe("CLP 990");
  });

  it("formats 5 minor units as 0.05", () => {
    expect(formatMoney({ minor: 5, currency: "USD" }, "en-US")).toBe("$0.05");
    expect(plain(formatMoney({ minor: 5, currency: "ARS" }, "es-AR"))).toBe("$ 0,05");
  });

  it("formats negative amounts", () => {
    expect(formatMoney({ minor: -123456, currency: "USD" }, "en-US")).toBe("-$1,234.56");
    expect(plain(formatMoney({ minor: -5, currency: "ARS" }, "es-AR"))).toBe("-$ 0,05");
  });

  it("keeps precision a float would lose", () => {
    // 0.1 + 0.2 style errors cannot happen: 1_000_000_000_000_01 minor units stay exact.
    expect(formatMoney({ minor: 100000000000001, currency: "USD" }, "en-US")).toBe("$1,000,000,000,000.01");
  });

  it("shows unknown currency codes plainly", () => {
    expect(formatMoney({ minor: 150, currency: "XYZ1" }, "en-US")).toBe("1.50 XYZ1");
  });
});

describe("relative times and durations", () => {
  const now = 1_700_000_000_000;
  it("says how long ago in both languages", () => {
    expect(formatRelative(now - 3 * 60_000, now, "en")).toBe("3 min ago");
    expect(formatRelative(now - 3 * 60_000, now, "es")).toBe("hace 3 min");
    expect(formatRelative(now - 2 * 3_600_000, now, "en")).toBe("2 h ago");
    expect(formatRelative(now - 3 * 86_400_000, now, "es")).toBe("hace 3 d");
    expect(formatRelative(now + 5 * 86_400_000, now, "en")).toBe("in 5 d");
    expect(formatRelative(null, now, "en")).toBe("never");
    expect(formatRelative(now - 1000, now, "es")).toBe("recién");
  });

  it("formats durations", () => {
    expect(formatDuration(850, "en")).toBe("850 ms");
    expect(formatDuration(12_400, "en")).toBe("12 s");
    expect(formatDuration(184_000, "en")).toBe("3 min 4 s");
    expect(formatDuration(3_720_000, "en")).toBe("1 h 2 min");
    expect(formatDuration(null, "es")).toBe("en curso");
  });
});
