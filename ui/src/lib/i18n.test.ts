import { describe, expect, it } from "vitest";
import appCss from "../app.css?raw";
import {
  currencyDigits,
  dictionaries,
  en,
  es,
  formatDate,
  formatDateTime,
  formatDateTimeShort,
  formatDuration,
  formatMoney,
  formatRelative,
  FULFILMENT_STAGES,
  FULFILMENT_STATES,
  isLang,
  LANG_NAMES,
  LANGS,
  LISTING_STATES,
  localeFor,
  minorToDecimalString,
  ORDER_STATES,
  pt,
  rawStatusNote,
  setLang,
  stateText,
  SYNC_RUN_STATUSES,
  translate,
  translatePlural,
  type Lang,
  type PluralForms,
} from "./i18n";

// Intl separates the symbol with a no-break space; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

const enKeys = Object.keys(en).sort() as (keyof typeof en)[];
const others = LANGS.filter((l) => l !== "en");

// The plural categories Intl picks for whole counts in a language's locale. The "many" of Spanish
// and Portuguese (exact millions: "1.000.000") reads like "other", so it may fall back to it.
const FALLS_BACK_TO_OTHER: Record<Lang, Intl.LDMLPluralRule[]> = { en: [], es: ["many"], pt: ["many"] };
function countCategories(l: Lang): Set<Intl.LDMLPluralRule> {
  const rules = new Intl.PluralRules(localeFor(l));
  const counts = [...Array.from({ length: 2001 }, (_, i) => i), 10_000, 100_000, 1_000_000, 2_000_000, 10 ** 9];
  return new Set(counts.map((n) => rules.select(n)));
}

describe("dictionaries", () => {
  it("has a dictionary and a name for every language, and only known codes are languages", () => {
    expect([...LANGS]).toEqual(["en", "es", "pt"]);
    for (const l of LANGS) {
      expect(dictionaries[l], l).toBeDefined();
      expect(isLang(l), l).toBe(true);
    }
    expect(dictionaries.pt).toBe(pt);
    expect(LANG_NAMES).toEqual({ en: "English", es: "Español", pt: "Português (Brasil)" });
    for (const v of ["pt-BR", "PT", "fr", "", null, undefined, 1]) expect(isLang(v), String(v)).toBe(false);
  });

  it.each(others)("%s has every English key and no other, with the same shape", (l) => {
    const d = dictionaries[l];
    const keys = Object.keys(d).sort();
    expect(keys.filter((k) => !(k in en)), "extra keys").toEqual([]);
    expect(enKeys.filter((k) => !(k in d)), "missing keys").toEqual([]);
    expect(keys).toEqual(enKeys);
    for (const key of enKeys) {
      // A plural message in one language is a plural message in the other.
      expect(typeof d[key], key).toBe(typeof en[key]);
    }
  });

  it.each([...LANGS])("%s has no empty translation and keeps the English placeholders", (l) => {
    const texts = (m: string | PluralForms) =>
      typeof m === "string" ? [m] : Object.values(m).filter((v): v is string => v !== undefined);
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of enKeys) {
      const want = ph(texts(en[key])[0]);
      for (const text of texts(dictionaries[l][key])) {
        expect(text.trim(), key).not.toBe("");
        expect(ph(text), key).toEqual(want);
      }
    }
  });

  it.each([...LANGS])("%s has every plural form its language needs for counts, and no foreign ones", (l) => {
    const rules = new Intl.PluralRules(localeFor(l));
    const known = new Set(rules.resolvedOptions().pluralCategories);
    const needed = [...countCategories(l)].filter((c) => !FALLS_BACK_TO_OTHER[l].includes(c));
    expect(needed).toEqual(expect.arrayContaining(["one", "other"]));
    for (const key of enKeys) {
      const m: string | PluralForms = dictionaries[l][key];
      if (typeof m === "string") continue;
      const forms = Object.keys(m) as Intl.LDMLPluralRule[];
      expect(forms, key).toEqual(expect.arrayContaining(needed));
      for (const c of forms) expect(known.has(c), `${key}: ${c}`).toBe(true);
    }
  });

  it("leaves no Spanish or English behind in Portuguese", () => {
    // Words a copy of the Spanish or English text would keep; none is Brazilian Portuguese.
    const foreign = /\b(tiendas?|envíos?|ajustes|mercado libre|todavía|ningún|ahora|sus|y|the|shops?|orders?)\b/i;
    for (const key of enKeys) {
      const m: string | PluralForms = pt[key];
      for (const text of typeof m === "string" ? [m] : Object.values(m)) {
        expect(text.replace(/\{\w+\}/g, ""), key).not.toMatch(foreign);
      }
    }
    expect(translate("pt", "kind.mercadolibre")).toBe("Mercado Livre");
    expect(translate("pt", "nav.products")).toBe("Produtos");
    expect(translate("pt", "products.detail.permalink")).toBe("Abrir anúncio");
    expect(translate("pt", "products.col.stock")).toBe("Estoque");
  });

  it("has a plural message for every count (no \"{n} <noun>\" left as a plain string)", () => {
    for (const key of ["products.count", "orders.count", "shipments.count", "shops.count", "activity.count"] as const) {
      expect(typeof en[key], key).toBe("object");
    }
  });

  it("fills placeholders", () => {
    expect(translate("en", "orders.detail.title", { id: "42" })).toBe("Order 42");
    expect(translate("es", "dberror.movedTo", { path: "/x" })).toBe("Tu archivo anterior se guardó en /x");
    expect(translate("pt", "sync.nowShop", { name: "Loja Sul" })).toBe("Sincronizar Loja Sul agora");
  });
});

describe("states", () => {
  const all = [...LISTING_STATES, ...ORDER_STATES, ...FULFILMENT_STATES, ...FULFILMENT_STAGES, ...SYNC_RUN_STATUSES];

  it("has a label for every neutral state in every language", () => {
    for (const s of all) {
      for (const l of LANGS) expect(`status.${s}` in dictionaries[l], `${l} ${s}`).toBe(true);
    }
  });

  it("has a badge colour for every neutral state", () => {
    // A closed listing keeps the plain grey of `.badge`.
    const plain = new Set(["closed", "not_routed"]);
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
      setLang("pt");
      expect(stateText("paused", "under_review")).toBe("Pausado · Em revisão");
      expect(stateText("failed", "not_delivered")).toBe("Com falha · Não entregue");
    } finally {
      setLang("en");
    }
  });
});

describe("plurals", () => {
  type Case = [Parameters<typeof translatePlural>[1], Record<Lang, [string, string, string]>];
  const cases: Case[] = [
    ["products.count", {
      en: ["1 product", "2 products", "3,000 products"],
      es: ["1 producto", "2 productos", "3.000 productos"],
      pt: ["1 produto", "2 produtos", "3.000 produtos"],
    }],
    ["orders.count", {
      en: ["1 order", "2 orders", "3,000 orders"],
      es: ["1 pedido", "2 pedidos", "3.000 pedidos"],
      pt: ["1 pedido", "2 pedidos", "3.000 pedidos"],
    }],
    ["shipments.count", {
      en: ["1 shipment", "2 shipments", "3,000 shipments"],
      es: ["1 envío", "2 envíos", "3.000 envíos"],
      pt: ["1 envio", "2 envios", "3.000 envios"],
    }],
    ["shops.count", {
      en: ["1 shop", "2 shops", "3,000 shops"],
      es: ["1 tienda", "2 tiendas", "3.000 tiendas"],
      pt: ["1 loja", "2 lojas", "3.000 lojas"],
    }],
    ["activity.count", {
      en: ["1 sync run", "2 sync runs", "3,000 sync runs"],
      es: ["1 sincronización", "2 sincronizaciones", "3.000 sincronizaciones"],
      pt: ["1 sincronização", "2 sincronizações", "3.000 sincronizações"],
    }],
    ["common.loaded", {
      en: ["1 loaded", "2 loaded", "3,000 loaded"],
      es: ["1 cargado", "2 cargados", "3.000 cargados"],
      pt: ["1 carregado", "2 carregados", "3.000 carregados"],
    }],
    ["dashboard.lowStockHint", {
      en: ["1 unit or fewer", "2 units or fewer", "3,000 units or fewer"],
      es: ["1 unidad o menos", "2 unidades o menos", "3.000 unidades o menos"],
      pt: ["1 unidade ou menos", "2 unidades ou menos", "3.000 unidades ou menos"],
    }],
  ];
  it.each(cases)("%s: 1 vs 2 vs 3000 in every language", (key, want) => {
    for (const l of LANGS) {
      expect([1, 2, 3000].map((n) => translatePlural(l, key, n)), l).toEqual(want[l]);
    }
  });

  it("uses 'other' for zero and for categories without a form (Spanish and Portuguese 'many')", () => {
    expect(translatePlural("en", "orders.count", 0)).toBe("0 orders");
    expect(translatePlural("es", "orders.count", 0)).toBe("0 pedidos");
    expect(translatePlural("es", "products.count", 1_000_000)).toBe("1.000.000 productos");
    expect(translatePlural("pt", "products.count", 1_000_000)).toBe("1.000.000 produtos");
  });

  it("follows the Portuguese (Brazil) rule: 'one' is 0 and 1", () => {
    expect(new Intl.PluralRules(localeFor("pt")).select(0)).toBe("one");
    expect(translatePlural("pt", "orders.count", 0)).toBe("0 pedido");
    expect(translatePlural("pt", "shops.count", 1)).toBe("1 loja");
    expect(translatePlural("pt", "sync.shopsPaused", 2)).toBe("2 lojas pausadas");
    expect(translatePlural("pt", "sync.recordsOf", 500, { n: "120", total: "500" })).toBe("120 de 500 registros");
  });

  it("fills other placeholders and lets {n} be overridden", () => {
    expect(translatePlural("en", "dashboard.dayOrders", 1, { day: "Nov 3" })).toBe("Nov 3: 1 order");
    expect(translatePlural("es", "dashboard.dayOrders", 5, { day: "3 nov" })).toBe("3 nov: 5 pedidos");
    expect(translatePlural("pt", "dashboard.dayOrders", 5, { day: "3 de nov." })).toBe("3 de nov.: 5 pedidos");
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

  it("formats BRL in pt-BR, the default locale of Portuguese", () => {
    expect(localeFor("pt")).toBe("pt-BR");
    expect(plain(formatMoney({ minor: 123456, currency: "BRL" }, "pt-BR"))).toBe("R$ 1.234,56");
    expect(plain(formatMoney({ minor: 123456789, currency: "BRL" }, localeFor("pt")))).toBe("R$ 1.234.567,89");
    expect(plain(formatMoney({ minor: -5, currency: "BRL" }, "pt-BR"))).toBe("-R$ 0,05");
    setLang("pt");
    try {
      // The current language's locale is the default.
      expect(plain(formatMoney({ minor: 123456, currency: "BRL" }))).toBe("R$ 1.234,56");
    } finally {
      setLang("en");
    }
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

describe("dates", () => {
  it("writes Brazilian dates day first (dd/mm/yyyy)", () => {
    const at = new Date(2026, 10, 22, 14, 28).getTime(); // local time
    expect(plain(formatDateTimeShort(at, localeFor("pt")))).toBe("22/11/2026, 14:28");
    expect(plain(formatDate(at, "pt-BR"))).toBe("22 de nov. de 2026");
    expect(plain(formatDateTimeShort(at, "en-US"))).toBe("11/22/26, 2:28 PM");
  });

  it("shows a time no date can hold (a token that never expires: i64::MAX / 4) as none, without throwing", () => {
    const never = 2.305843009213694e18;
    expect(formatDateTime(never, "en-US")).toBe("—");
    expect(formatDateTimeShort(never, "en-US")).toBe("—");
    expect(formatDate(never, "en-US")).toBe("—");
  });
});

describe("relative times and durations", () => {
  const now = 1_700_000_000_000;
  it("says how long ago in every language", () => {
    expect(formatRelative(now - 3 * 60_000, now, "en")).toBe("3 min ago");
    expect(formatRelative(now - 3 * 60_000, now, "es")).toBe("hace 3 min");
    expect(formatRelative(now - 2 * 3_600_000, now, "en")).toBe("2 h ago");
    expect(formatRelative(now - 3 * 86_400_000, now, "es")).toBe("hace 3 d");
    expect(formatRelative(now + 5 * 86_400_000, now, "en")).toBe("in 5 d");
    expect(formatRelative(null, now, "en")).toBe("never");
    expect(formatRelative(now - 1000, now, "es")).toBe("recién");
    expect(formatRelative(now - 3 * 60_000, now, "pt")).toBe("há 3 min");
    expect(formatRelative(now + 5 * 86_400_000, now, "pt")).toBe("em 5 d");
    expect(formatRelative(now - 1000, now, "pt")).toBe("agora mesmo");
    expect(formatRelative(null, now, "pt")).toBe("nunca");
  });

  it("formats durations", () => {
    expect(formatDuration(850, "en")).toBe("850 ms");
    expect(formatDuration(12_400, "en")).toBe("12 s");
    expect(formatDuration(184_000, "en")).toBe("3 min 4 s");
    expect(formatDuration(3_720_000, "en")).toBe("1 h 2 min");
    expect(formatDuration(null, "es")).toBe("en curso");
    expect(formatDuration(null, "pt")).toBe("em andamento");
    expect(formatDuration(184_000, "pt")).toBe("3 min 4 s");
  });
});
