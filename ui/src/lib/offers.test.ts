import { describe, expect, it } from "vitest";
import { offerHistory, repriceRule } from "../test/fixtures";
import { setLang } from "./i18n";
import { csvFileName, historyCsv, isServiceUrl, readRepriceForm, repriceFormOf, type RepriceForm } from "./offers";

describe("the history as CSV", () => {
  it("has one line per history row: offer, ISO time, exact decimal price, currency, stock, active", () => {
    const csv = historyCsv(offerHistory());
    expect(csv.split("\r\n")).toEqual([
      "offer,time,price,currency,stock,active",
      "OFF1,2024-05-03T10:00:00.000Z,1250.00,ARS,5,true",
      "OFF1,2024-05-03T16:30:00.000Z,1200.05,ARS,4,true",
      // A comma in an offer's id is quoted.
      '"OFF,2",2024-05-03T12:00:00.000Z,1100.00,ARS,1,true',
      '"OFF,2",2024-05-04T04:00:00.000Z,1100.00,ARS,0,false',
      "",
    ]);
  });

  it("writes a currency without decimals as whole units and keeps every unit", () => {
    const csv = historyCsv([
      {
        remote_id: "X",
        active: true,
        rows: [{ observed_at: 0, price: { minor: 9_007_199_254_740_991, currency: "CLP" }, items_in_stock: 1, active: true }],
      },
    ]);
    expect(csv).toContain("X,1970-01-01T00:00:00.000Z,9007199254740991,CLP,1,true");
  });

  it("names the file after the listing and the day", () => {
    expect(csvFileName("MLA1001", Date.UTC(2024, 4, 3))).toBe("offers-MLA1001-2024-05-03.csv");
    expect(csvFileName("a/b c", Date.UTC(2024, 4, 3))).toBe("offers-a_b_c-2024-05-03.csv");
  });

  it("accepts only http(s) service addresses", () => {
    expect(isServiceUrl("https://offers.example.com/v1")).toBe(true);
    expect(isServiceUrl(" http://127.0.0.1:8080 ")).toBe(true);
    expect(isServiceUrl("offers.example.com")).toBe(false);
    expect(isServiceUrl("ftp://offers.example.com")).toBe(false);
    expect(isServiceUrl("")).toBe(false);
  });
});

describe("the repricing form", () => {
  const form = (over: Partial<RepriceForm> = {}): RepriceForm => ({
    mode: "amount",
    minus: "10",
    minusPercent: "",
    floor: "1000",
    ceiling: "1500.50",
    step: "1",
    every: "90",
    ...over,
  });

  it("reads amounts exactly into minor units of the listing's currency", () => {
    expect(readRepriceForm(form(), "ARS", 1_700_000_000_000)).toEqual({
      ok: true,
      rule: {
        minus: { minor: 1000, currency: "ARS" },
        minus_bp: 0,
        floor: { minor: 100000, currency: "ARS" },
        ceiling: { minor: 150050, currency: "ARS" },
        min_step: { minor: 100, currency: "ARS" },
        every_seconds: 90,
        last_change_at: 1_700_000_000_000,
      },
    });
    const clp = readRepriceForm(form({ minus: "0", floor: "15000", ceiling: "20000" }), "CLP");
    expect(clp.ok && clp.rule.floor).toEqual({ minor: 15000, currency: "CLP" });
    expect(clp.ok && clp.rule.minus.minor).toBe(0);
  });

  it("sends a percent in basis points and no amount", () => {
    const r = readRepriceForm(form({ mode: "percent", minus: "garbage", minusPercent: "2.5" }), "ARS");
    expect(r.ok && [r.rule.minus, r.rule.minus_bp]).toEqual([{ minor: 0, currency: "ARS" }, 250]);
  });

  it("refuses a floor above the ceiling, negative or zero amounts and a bad interval", () => {
    const r = readRepriceForm(form({ floor: "2000", ceiling: "1500" }), "ARS");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual({ ceiling: "The ceiling cannot be below the floor." });

    const bad = readRepriceForm(form({ minus: "-1", floor: "0", ceiling: "", step: "0", every: "0" }), "ARS");
    expect(!bad.ok && Object.keys(bad.errors).sort()).toEqual(["ceiling", "every", "floor", "minus", "step"]);
    expect(!bad.ok && bad.errors.minus).toBe("Enter 0 or more.");
    expect(!bad.ok && bad.errors.floor).toBe("The price must be more than zero.");
    expect(!bad.ok && bad.errors.ceiling).toBe("Enter a value.");
    expect(!bad.ok && bad.errors.step).toBe("The minimum step must be more than zero.");

    expect(readRepriceForm(form({ mode: "percent", minusPercent: "100" }), "ARS").ok).toBe(false);
    expect(readRepriceForm(form({ floor: "10.555" }), "ARS").ok).toBe(false);
    expect(readRepriceForm(form({ floor: "1,000" }), "ARS").ok).toBe(false);
  });

  it("accepts a comma as the decimal separator in Spanish", () => {
    setLang("es");
    try {
      const r = readRepriceForm(form({ minus: "10,5", ceiling: "1500,5" }), "ARS");
      expect(r.ok && [r.rule.minus.minor, r.rule.ceiling.minor]).toEqual([1050, 150050]);
    } finally {
      setLang("en");
    }
  });

  it("fills the form from a saved rule and back to the same rule", () => {
    const rule = repriceRule({ minus_bp: 250, minus: { minor: 0, currency: "ARS" } });
    const f = repriceFormOf(rule, "ARS", 60);
    expect(f).toEqual({ mode: "percent", minus: "0", minusPercent: "2.5", floor: "1000.00", ceiling: "1500.00", step: "1.00", every: "60" });
    expect(readRepriceForm(f, "ARS")).toEqual({ ok: true, rule: { ...rule, last_change_at: null } });
    expect(repriceFormOf(null, "ARS", 45)).toEqual({ mode: "amount", minus: "0", minusPercent: "", floor: "", ceiling: "", step: "1.00", every: "45" });
  });
});
