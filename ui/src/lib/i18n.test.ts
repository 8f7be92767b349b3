import { describe, expect, it } from "vitest";
import appCss from "../app.css?raw";
import {
  currencyDigits,
  en,
  es,
  formatDuration,
  formatMoney,
  formatRelative,
  FULFILMENT_STATES,
  LISTING_STATES,
  minorToDecimalString,
  ORDER_STATES,
  rawStatusNote,
  setLang,
  stateText,
  SYNC_RUN_STATUSES,
  translate,
  translatePlural,
  type PluralForms,
} from "./i18n";

// Intl separates the symbol with a no-break space; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("dictionaries", () => {
  it("Spanish has every English key and vice versa, with the same shape", () => {
    const enKeys = Object.keys(en).sort();
    const esKeys = Object.keys(es).sort();
    expect(esKeys.filter((k) => !(k in en))).toEqual([]);
    expect(enKeys.filter((k) => !(k in es))).toEqual([]);
    expect(esKeys).toEqual(enKeys);
    for (const key of enKeys as (keyof typeof en)[]) {
      // A plural message in one language is a plural message in the other.
      expect(typeof es[key], key).toBe(typeof en[key]);
    }
  });

  it("has no empty translation and keeps the same placeholders", () => {
    const texts = (m: string | PluralForms) =>
      typeof m === "string" ? [m] : Object.values(m).filter((v): v is string => v !== undefined);
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const enM: string | PluralForms = en[key];
      const esM: string | PluralForms = es[key];
      if (typeof enM !== "string") {
        expect(Object.keys(enM), key).toEqual(expect.arrayContaining(["one", "other"]));
        expect(Object.keys(esM), key).toEqual(expect.arrayContaining(["one", "other"]));
      }
      const want = ph(texts(enM)[0]);
      for (const text of [...texts(enM), ...texts(esM)]) {
        expect(text.trim(), key).not.toBe("");
        expect(ph(text), key).toEqual(want);
      }
    }
  });

  it("has a plural message for every count (no \"{n} <noun>\" left as a plain string)", () => {
    for (const key of ["products.count", "orders.count", "shipments.count", "shops.count", "activity.count"] as const) {
      expect(typeof en[key], key).toBe("object");
    }
  });

  it("fills placeholders", () => {
    expect(translate("en", "orders.detail.title", { id: "42" })).toBe("Order 42");
    expect(translate("es", "dberror.movedTo", { path: "/x" })).toBe("Tu archivo anterior se guardó en /x");
  });
});

describe("states", () => {
  const all = [...LISTING_STATES, ...ORDER_STATES, ...FULFILMENT_STATES, ...SYNC_RUN_STATUSES];

  it("has a label for every neutral state in both languages", () => {
    for (const s of all) {
      expect(`status.${s}` in en, s).toBe(true);
      expect(`status.${s}` in es, s).toBe(true);
    }
  });

  it("has a badge colour for every neutral state", () => {
    // A closed listing keeps the plain grey of `.badge`.
    const plain = new Set(["closed"]);
    for (const s of all.filter((s) => !plain.has(s))) {
      expect(appCss, s).toMatch(new RegExp(`\\.badge\\.st-${s}\\s*[,{]`));
    }
  });

  it("adds the provider's word only when it differs from the state", () => {
    expect(stateText("paused", "under_review")).toBe("Paused · Under review");
    expect(stateText("paused", "paused")).toBe("Paused");
    expect(stateText("active", "ACTIVE")).toBe("Active");
    expect(stateText("active", "")).toBe("Active");
    // A word without a label is shown as it comes, made readable.
    expect(stateText("failed", "returned_to_sender")).toBe("Failed · returned to sender");
    expect(rawStatusNote("pending", "handling")).toBe("Handling");
    expect(rawStatusNote("pending", "pending")).toBeNull();
    setLang("es");
    try {
      expect(stateText("pending_payment", "payment_required")).toBe("Pago pendiente · Pago requerido");
    } finally {
      setLang("en");
    }
  });
});

describe("plurals", () => {
  const cases: [Parameters<typeof translatePlural>[1], string, string, string, string, string, string][] = [
    ["products.count", "1 product", "2 products", "3,000 products", "1 producto", "2 productos", "3.000 productos"],
    ["orders.count", "1 order", "2 orders", "3,000 orders", "1 pedido", "2 pedidos", "3.000 pedidos"],
    ["shipments.count", "1 shipment", "2 shipments", "3,000 shipments", "1 envío", "2 envíos", "3.000 envíos"],
    ["shops.count", "1 shop", "2 shops", "3,000 shops", "1 tienda", "2 tiendas", "3.000 tiendas"],
    ["activity.count", "1 sync run", "2 sync runs", "3,000 sync runs", "1 sincronización", "2 sincronizaciones", "3.000 sincronizaciones"],
    ["common.loaded", "1 loaded", "2 loaded", "3,000 loaded", "1 cargado", "2 cargados", "3.000 cargados"],
    ["dashboard.lowStockHint", "1 unit or fewer", "2 units or fewer", "3,000 units or fewer", "1 unidad o menos", "2 unidades o menos", "3.000 unidades o menos"],
  ];
  it.each(cases)("%s: 1 vs 2 vs 3000 in English and Spanish", (key, en1, en2, en3000, es1, es2, es3000) => {
    expect(translatePlural("en", key, 1)).toBe(en1);
    expect(translatePlural("en", key, 2)).toBe(en2);
    expect(translatePlural("en", key, 3000)).toBe(en3000);
    expect(translatePlural("es", key, 1)).toBe(es1);
    expect(translatePlural("es", key, 2)).toBe(es2);
    expect(translatePlural("es", key, 3000)).toBe(es3000);
  });

  it("uses 'other' for zero and for categories without a form (Spanish 'many')", () => {
    expect(translatePlural("en", "orders.count", 0)).toBe("0 orders");
    expect(translatePlural("es", "orders.count", 0)).toBe("0 pedidos");
    expect(translatePlural("es", "products.count", 1_000_000)).toBe("1.000.000 productos");
  });

  it("fills other placeholders and lets {n} be overridden", () => {
    expect(translatePlural("en", "dashboard.dayOrders", 1, { day: "Nov 3" })).toBe("Nov 3: 1 order");
    expect(translatePlural("es", "dashboard.dayOrders", 5, { day: "3 nov" })).toBe("3 nov: 5 pedidos");
    expect(translatePlural("en", "products.count", 200, { n: "200+" })).toBe("200+ products");
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
