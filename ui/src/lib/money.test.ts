import { describe, expect, it } from "vitest";
import { currencyDigits, formatAgo, formatCountdown, formatMoney } from "./i18n";
import { minorDigits, minorToInputText, parseMinor, parsePrice, parseStock, positiveDecimalText } from "./money";

const ok = <T>(value: T) => ({ ok: true, value });

describe("typed prices", () => {
  it("reads decimal text exactly into minor units", () => {
    expect(parsePrice("1234.5", "ARS")).toEqual(ok(123450));
    expect(parsePrice("1234.50", "ARS")).toEqual(ok(123450));
    expect(parsePrice("0.3", "USD")).toEqual(ok(30)); // 0.1 + 0.2 style amounts stay exact
    expect(parsePrice("19999999.99", "BRL")).toEqual(ok(1_999_999_999));
    expect(parsePrice("90071992547409.91", "USD")).toEqual(ok(9_007_199_254_740_991));
    expect(parsePrice("15990", "CLP")).toEqual(ok(15_990));
    expect(parsePrice("1.250", "KWD")).toEqual(ok(1250));
    expect(parsePrice(" 7.000 ", "USD")).toEqual(ok(700)); // zeros past the minor unit are exact
    expect(parsePrice(".5", "ARS")).toEqual(ok(50));
    expect(parsePrice("12.", "ARS")).toEqual(ok(1200));
  });

  it("takes a comma as the decimal separator only where the language writes one", () => {
    expect(parsePrice("1234,5", "ARS", true)).toEqual(ok(123450));
    expect(parsePrice("1234.5", "ARS", true)).toEqual(ok(123450));
    expect(parsePrice("1234,5", "ARS", false)).toEqual({ ok: false, error: { kind: "format" } });
  });

  it("refuses what it would have to guess, and says why", () => {
    // Thousands separators: "1,234.50" could be read two ways.
    expect(parsePrice("1,234.50", "ARS", true)).toEqual({ ok: false, error: { kind: "format" } });
    expect(parsePrice("1.234,50", "ARS", true)).toEqual({ ok: false, error: { kind: "format" } });
    for (const bad of ["abc", "1e5", "--1", "1.2.3", ".", "$12"]) {
      expect(parsePrice(bad, "ARS").ok, bad).toBe(false);
    }
    expect(parsePrice("", "ARS")).toEqual({ ok: false, error: { kind: "empty" } });
    expect(parsePrice("12.345", "ARS")).toEqual({ ok: false, error: { kind: "precision", digits: 2 } });
    expect(parsePrice("2.10", "CLP")).toEqual({ ok: false, error: { kind: "precision", digits: 0 } });
    expect(parsePrice("0", "ARS")).toEqual({ ok: false, error: { kind: "positive" } });
    expect(parsePrice("-5", "ARS")).toEqual({ ok: false, error: { kind: "positive" } });
    expect(parsePrice("99999999999999999", "ARS")).toEqual({ ok: false, error: { kind: "tooLarge" } });
  });

  it("reads signed amounts", () => {
    expect(parseMinor("-2.5", 2)).toEqual(ok(-250n));
    expect(parseMinor("+3", 0)).toEqual(ok(3n));
  });

  it("writes minor units back as input text that parses to the same amount", () => {
    expect(minorToInputText(123450, "ARS")).toBe("1234.50");
    expect(minorToInputText(123450, "ARS", ",")).toBe("1234,50");
    expect(minorToInputText(5, "USD")).toBe("0.05");
    expect(minorToInputText(15990, "CLP")).toBe("15990");
    for (const minor of [1, 99, 100, 101, 123_456_789]) {
      expect(parsePrice(minorToInputText(minor, "MXN"), "MXN")).toEqual(ok(minor));
    }
  });
});

describe("bulk amounts and percents", () => {
  it("become the canonical text the backend reads", () => {
    expect(positiveDecimalText("12,5", 2, true)).toEqual(ok("12.5"));
    expect(positiveDecimalText("+3", 2)).toEqual(ok("3"));
    expect(positiveDecimalText("007.50", 3)).toEqual(ok("7.50"));
    expect(positiveDecimalText("12.500", 2)).toEqual(ok("12.50"));
    expect(positiveDecimalText(".5", 2)).toEqual(ok("0.5"));
    expect(positiveDecimalText("1.125", 2)).toEqual({ ok: false, error: { kind: "precision", digits: 2 } });
    // The sign is chosen apart (raise or lower).
    expect(positiveDecimalText("-5", 2)).toEqual({ ok: false, error: { kind: "positive" } });
    expect(positiveDecimalText("0", 2)).toEqual({ ok: false, error: { kind: "positive" } });
  });
});

describe("stock", () => {
  it("is a whole number of units, 0 or more", () => {
    expect(parseStock("12")).toEqual(ok(12));
    expect(parseStock(" 0 ")).toEqual(ok(0));
    expect(parseStock("-1")).toEqual({ ok: false, error: { kind: "positive" } });
    expect(parseStock("1.5")).toEqual({ ok: false, error: { kind: "format" } });
    expect(parseStock("1,000")).toEqual({ ok: false, error: { kind: "format" } });
    expect(parseStock("")).toEqual({ ok: false, error: { kind: "empty" } });
  });
});

describe("currency digits", () => {
  it("are ISO 4217's, as the backend counts minor units", () => {
    expect(minorDigits("ARS")).toBe(2);
    expect(minorDigits("CLP")).toBe(0);
    expect(minorDigits("KWD")).toBe(3);
    // Intl shows Iraqi dinars without decimals; a minor unit is still a thousandth.
    expect(currencyDigits("IQD")).toBe(3);
    expect(formatMoney({ minor: 1250, currency: "KWD" }, "en-US").replace(/\u00a0/g, " ")).toBe("KWD 1.250");
  });
});

describe("past and countdown times", () => {
  const now = 1_700_000_000_000;
  it("never says a past-tense time is in the future", () => {
    expect(formatAgo(now + 23_000, now, "en")).toBe("just now");
    expect(formatAgo(now - 3 * 60_000, now, "en")).toBe("3 min ago");
    expect(formatAgo(null, now, "en")).toBe("never");
  });

  it("counts down to a retry", () => {
    expect(formatCountdown(now + 40_500, now, "en")).toBe("40 s");
    expect(formatCountdown(now + 90_000, now, "en")).toBe("1 min 30 s");
    expect(formatCountdown(now - 5_000, now, "en")).toBe("0 s");
    expect(formatCountdown(now + 40_000, now, "es")).toBe("40 s");
  });
});
