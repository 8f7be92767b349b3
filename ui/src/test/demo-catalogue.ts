// Dev-only: the demo backend's catalogue, behaving like crates/core/src/store/catalogue.rs over the first
// listings of the demo. Listings of Tienda Norte and Casa Sur come in pairs sharing a SKU (one item, two
// channels; some pairs differ in price or stock), every third item is on Mercado Chile too, every fifth
// listing has no SKU, two pairs of one shop share a SKU (Problems), one listing was unlinked by hand, and
// linking to a SKU another listing of the same shop is bound to is refused. Never part of the build.
import type { CatalogueCounts } from "../bindings/CatalogueCounts";
import type { CatalogueListing } from "../bindings/CatalogueListing";
import type { CataloguePage } from "../bindings/CataloguePage";
import type { CatalogueQuery } from "../bindings/CatalogueQuery";
import type { CatalogueRow } from "../bindings/CatalogueRow";
import type { ListingUnit } from "../bindings/ListingUnit";
import type { ProductRow } from "../bindings/ProductRow";
import type { Unbound } from "../bindings/Unbound";

/** The listings (row indexes 0..CATALOGUE_LISTINGS) the catalogue holds. */
export const CATALOGUE_LISTINGS = 600;

/** Row indexes whose SKU is another row's of the same shop (the Problems filter): index -> that row. */
const SHARED: ReadonlyMap<number, number> = new Map([
  [24, 21],
  [64, 61],
]);

/**
 * The SKU, price and stock of demo row `i` when it is in the catalogue (null: the generator's own).
 * Rows 3k and 3k+1 (the first two shops) are item k, and row 3k+2 (the CLP shop) when k is a multiple of 3.
 */
export function catalogueShape(i: number): { sku: string | null; price_minor: number; stock: number } | null {
  if (i < 0 || i >= CATALOGUE_LISTINGS) return null;
  const k = Math.floor(i / 3);
  const shop = i % 3;
  const shared = SHARED.get(i);
  if (shared !== undefined) return { ...(catalogueShape(shared) as { sku: string; price_minor: number; stock: number }), stock: 3 };
  if (i % 5 === 0) return { sku: null, price_minor: ((k * 7919) % 500_000) + 9_900, stock: (k * 13) % 40 };
  // Every third item is on Mercado Chile too (in CLP: it differs); its other listings have SKUs of their own.
  if (shop === 2) return { sku: k % 3 === 0 ? `SKU-${10_000 + k}` : `SKU-CL-${1000 + k}`, price_minor: ((k * 104_729) % 90_000) + 1_990, stock: (k * 13) % 40 };
  // Every fourth item costs more in the second shop; every sixth has another stock there.
  const price_minor = ((k * 7919) % 500_000) + 9_900 + (shop === 1 && k % 4 === 3 ? 1_500 : 0);
  const stock = (k * 13) % 40 + (shop === 1 && k % 6 === 5 ? 2 : 0);
  return { sku: `SKU-${10_000 + k}`, price_minor, stock };
}

type Deps = {
  /** Demo row `i` as storedesk shows it (its unsent edits included). */
  row: (i: number) => ProductRow | null;
};

type Unit = { i: number; p: ProductRow; key: string };
type Binding = { sku: string; by: "sku" | "manual" } | { unbound: Unbound };

const skuKey = (sku: string) => sku.trim().toLowerCase();
const unitKey = (u: ListingUnit) => `${u.shop_id}|${u.remote_id}|${u.variation_id ?? ""}`;
const invalid = (message: string) => ({ code: "invalid_input", message });

export function createCatalogueSim(deps: Deps) {
  /** Bindings made by hand: a SKU (link_listing), or null (unlink_listing). Row 43 starts unlinked. */
  const manual = new Map<string, string | null>();
  /** Item ids by SKU key, kept once given (an item stays when its listings move away, until merged). */
  const itemIds = new Map<string, number>();
  const itemSku = new Map<number, string>();
  let nextItem = 1;
  let seeded = false;

  function itemFor(sku: string): number {
    const key = skuKey(sku);
    let id = itemIds.get(key);
    if (id === undefined) {
      id = nextItem++;
      itemIds.set(key, id);
      itemSku.set(id, sku.trim());
    }
    return id;
  }

  function units(): Unit[] {
    const out: Unit[] = [];
    for (let i = 0; i < CATALOGUE_LISTINGS; i++) {
      const p = deps.row(i);
      if (p) out.push({ i, p, key: unitKey({ shop_id: p.shop_id, remote_id: p.remote_id, variation_id: null }) });
    }
    if (!seeded && out.length > 43) {
      seeded = true;
      manual.set(out[43].key, null);
    }
    return out;
  }

  /** Every unit's binding: by hand first, then by its SKU unless another unit of its shop shares it. */
  function bindings(all: Unit[]): Map<string, Binding> {
    const perShop = new Map<string, number>();
    for (const u of all) {
      if (manual.has(u.key) || !u.p.sku) continue;
      const k = `${u.p.shop_id}|${skuKey(u.p.sku)}`;
      perShop.set(k, (perShop.get(k) ?? 0) + 1);
    }
    const out = new Map<string, Binding>();
    for (const u of all) {
      const m = manual.get(u.key);
      if (m === null) out.set(u.key, { unbound: "unlinked" });
      else if (m !== undefined) out.set(u.key, { sku: m, by: "manual" });
      else if (!u.p.sku) out.set(u.key, { unbound: "no_sku" });
      else if ((perShop.get(`${u.p.shop_id}|${skuKey(u.p.sku)}`) ?? 0) > 1) out.set(u.key, { unbound: "shared_sku_in_shop" });
      else out.set(u.key, { sku: u.p.sku, by: "sku" });
    }
    return out;
  }

  function listing(u: Unit, b: Binding): CatalogueListing {
    const p = u.p;
    return {
      shop_id: p.shop_id, shop_name: p.shop_name, product_id: p.id, remote_id: p.remote_id, variation_id: null, title: p.title,
      sku: p.sku, price: p.price, stock: p.available_quantity, stock_levels: p.stock_levels, state: p.state, status: p.status,
      synced_at: Date.now() - ((u.i * 7) % 50) * 60_000 - 30_000,
      bound_by: "sku" in b ? b.by : manual.has(u.key) ? "manual" : "sku", unbound: "unbound" in b ? b.unbound : null,
    };
  }

  function differs(ls: CatalogueListing[]): boolean {
    return ls.some((l) => l.price.minor !== ls[0].price.minor || l.price.currency !== ls[0].price.currency || l.stock !== ls[0].stock);
  }

  /** The items (by SKU order) and the unbound rows, as the backend builds them. */
  function rows(): { items: CatalogueRow[]; unbound: CatalogueRow[] } {
    const all = units();
    const b = bindings(all);
    const bySku = new Map<string, { sku: string; listings: CatalogueListing[] }>();
    const unbound: CatalogueRow[] = [];
    for (const u of all) {
      const x = b.get(u.key) as Binding;
      const l = listing(u, x);
      if ("sku" in x) {
        const key = skuKey(x.sku);
        const entry = bySku.get(key) ?? { sku: itemSku.get(itemFor(x.sku)) ?? x.sku, listings: [] };
        entry.listings.push(l);
        bySku.set(key, entry);
      } else unbound.push({ item_id: null, sku: u.p.sku, title: u.p.title, listings: [l], differs: false });
    }
    const items = [...bySku.entries()]
      .map(([key, e]) => ({ item_id: itemIds.get(key) as number, sku: e.sku, title: e.listings[0].title, listings: e.listings, differs: differs(e.listings) }))
      .sort((a, z) => (a.sku < z.sku ? -1 : a.sku > z.sku ? 1 : 0));
    return { items, unbound };
  }

  function list(q: CatalogueQuery): CataloguePage {
    const { items, unbound } = rows();
    const pool =
      q.filter === "items" ? items
      : q.filter === "differs" ? items.filter((r) => r.differs)
      : q.filter === "unbound" ? unbound.filter((r) => r.listings[0].unbound !== "shared_sku_in_shop")
      : unbound.filter((r) => r.listings[0].unbound === "shared_sku_in_shop");
    const s = q.search?.trim().toLowerCase();
    const matching = s ? pool.filter((r) => (r.sku ?? "").toLowerCase().includes(s) || r.title.toLowerCase().includes(s)) : pool;
    const from = q.cursor ? Number(q.cursor) : 0;
    const limit = Math.max(1, Math.min(500, q.limit || 100));
    const page = matching.slice(from, from + limit);
    return { rows: page, next_cursor: from + limit < matching.length ? String(from + limit) : null };
  }

  function counts(): CatalogueCounts {
    const { items, unbound } = rows();
    const problems = unbound.filter((r) => r.listings[0].unbound === "shared_sku_in_shop").length;
    return { items: items.length, differs: items.filter((r) => r.differs).length, unbound: unbound.length - problems, problems };
  }

  function find(unit: ListingUnit): Unit {
    const u = units().find((x) => x.key === unitKey(unit));
    if (!u) throw { code: "not_found", message: `listing ${unit.remote_id} is not in the catalogue` };
    return u;
  }

  function rowOf(itemId: number): CatalogueRow {
    const r = rows().items.find((x) => x.item_id === itemId);
    if (!r) throw { code: "not_found", message: `item ${itemId} no longer exists` };
    return r;
  }

  function link(unit: ListingUnit, sku: string): CatalogueRow {
    const text = String(sku ?? "").trim();
    if (text === "") throw invalid("a SKU cannot be empty");
    const u = find(unit);
    const all = units();
    const b = bindings(all);
    const taken = all.find((o) => {
      const x = b.get(o.key);
      return o.key !== u.key && o.p.shop_id === u.p.shop_id && x !== undefined && "sku" in x && skuKey(x.sku) === skuKey(text);
    });
    if (taken) throw invalid(`${taken.p.title} (${taken.p.remote_id}) of ${u.p.shop_name} is already bound to ${text}: unlink it first`);
    manual.set(u.key, text);
    return rowOf(itemFor(text));
  }

  function unlink(unit: ListingUnit): null {
    const u = find(unit);
    const x = bindings(units()).get(u.key);
    if (!x || !("sku" in x)) throw invalid(`${u.p.remote_id} is bound to no item`);
    manual.set(u.key, null);
    return null;
  }

  function merge(from: number, into: number): CatalogueRow {
    const target = itemSku.get(into);
    if (target === undefined || !itemSku.has(from)) throw { code: "not_found", message: "no such item" };
    for (const l of rowOf(from).listings) manual.set(unitKey(l), target);
    return rowOf(into);
  }

  /** The listings (product ids, each once) bound to these items: what a bulk change over items edits. */
  function boundProducts(ids: number[]): number[] {
    const want = new Set(ids);
    return [...new Set(rows().items.filter((r) => want.has(r.item_id as number)).flatMap((r) => r.listings.map((l) => l.product_id)))];
  }

  return { list, counts, link, unlink, merge, boundProducts };
}
