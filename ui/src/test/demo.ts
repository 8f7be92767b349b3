// Dev-only demo backend (`npm run dev`, then open http://localhost:1420/?demo): a fake IPC
// with a million products, for trying the UI in a plain browser. Never part of the build.
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { AddShopInput } from "../bindings/AddShopInput";
import type { Fulfilment } from "../bindings/Fulfilment";
import type { FulfilmentEvent } from "../bindings/FulfilmentEvent";
import type { FulfilmentIssue } from "../bindings/FulfilmentIssue";
import type { FulfilmentStage } from "../bindings/FulfilmentStage";
import type { FulfilmentState } from "../bindings/FulfilmentState";
import type { OrderItem } from "../bindings/OrderItem";
import type { BulkEdit } from "../bindings/BulkEdit";
import type { EditRequest } from "../bindings/EditRequest";
import type { EditValue } from "../bindings/EditValue";
import type { OutboxQuery } from "../bindings/OutboxQuery";
import type { Resolution } from "../bindings/Resolution";
import type { ConnectStart } from "../bindings/ConnectStart";
import type { ProviderApp } from "../bindings/ProviderApp";
import type { ProviderAppInput } from "../bindings/ProviderAppInput";
import type { OrderPage } from "../bindings/OrderPage";
import type { OrderQuery } from "../bindings/OrderQuery";
import type { ProductPage } from "../bindings/ProductPage";
import type { ProductQuery } from "../bindings/ProductQuery";
import type { ProductRow } from "../bindings/ProductRow";
import type { OrderRow } from "../bindings/OrderRow";
import type { ShipmentQuery } from "../bindings/ShipmentQuery";
import type { ShipmentRow } from "../bindings/ShipmentRow";
import type { QuarantinedRecord } from "../bindings/QuarantinedRecord";
import type { QuarantineQuery } from "../bindings/QuarantineQuery";
import type { ShopSync } from "../bindings/ShopSync";
import type { SyncOverview } from "../bindings/SyncOverview";
import type { SyncProgress } from "../bindings/SyncProgress";
import type { SyncResource } from "../bindings/SyncResource";
import type { SyncRun } from "../bindings/SyncRun";
import type { SyncRunQuery } from "../bindings/SyncRunQuery";
import type { SyncSettings } from "../bindings/SyncSettings";
import type { SyncState } from "../bindings/SyncState";
import type { Shop } from "../bindings/Shop";
import type { ShopKind } from "../bindings/ShopKind";
import type { StockLevel } from "../bindings/StockLevel";
import { createApiSim } from "./demo-api";
import { createBackupsSim } from "./demo-backups";
import { createOutboxSim } from "./demo-edits";
import { createOffersSim } from "./demo-offers";
import type { ChartRange } from "../bindings/ChartRange";
import type { RepriceRule } from "../bindings/RepriceRule";
import { createCatalogueSim, catalogueShape } from "./demo-catalogue";
import type { CatalogueQuery } from "../bindings/CatalogueQuery";
import type { ListingUnit } from "../bindings/ListingUnit";
import {
  connectors,
  mlFulfilmentState,
  mlListingState,
  mlOrderState,
  offersCapabilities,
  orderDetail,
  productDetail,
  salesChannelCapabilities,
  warehouseCapabilities,
} from "./fixtures";
import { navigate, type ViewName } from "../lib/nav.svelte";
import { isLang } from "../lib/i18n";
import { hasRole } from "../lib/capabilities";
import { setLanguage, setTheme } from "../lib/settings.svelte";

const NOW = Date.now();
const N = 1_000_000;
/** `?demo&empty`: an empty data directory (no shop yet), for trying "Try the demo shop". */
const EMPTY = location.search.includes("empty");
/** A personal access token never expires: the backend says i64::MAX / 4 ms. */
const NEVER_EXPIRES = 2.305843009213694e18;
/** The warehouse's pinned API; `?apiending` puts the test clock inside its warning window. */
const WAREHOUSE_API = {
  version: "2026-07",
  supported_until: location.search.includes("apiending") ? NOW + 40 * 86_400_000 : NOW + 600 * 86_400_000,
  warn_from: location.search.includes("apiending") ? NOW - 140 * 86_400_000 : NOW + 417 * 86_400_000,
};
// Tienda Norte ships through the ShipBob warehouse (shop 4); `&revoked`: its token was revoked.
const shops: Shop[] = EMPTY ? [] : [
  { id: 1, kind: "mercadolibre", name: "Tienda Norte", account_name: "NORTE_SA", site: "MLA", status: "connected", token_expires_at: NOW + 5 * 3_600_000, last_sync_at: NOW - 3 * 60_000, created_at: NOW - 90 * 86_400_000, warehouse_shop_id: 4, api_version: null, capabilities: salesChannelCapabilities },
  // Casa Sur keeps its stock per location (a Shopify store's warehouse and its shop).
  { id: 2, kind: "shopify", name: "Casa Sur", account_name: "casa-sur.myshopify.com", site: null, status: "needs_reconnect", token_expires_at: NOW - 86_400_000, last_sync_at: NOW - 26 * 3_600_000, created_at: NOW - 30 * 86_400_000, warehouse_shop_id: null, api_version: null, capabilities: { ...salesChannelCapabilities, locations: true, sites: [] } },
  { id: 3, kind: "woocommerce", name: "Mercado Chile", account_name: null, site: "MLC", status: "connected", token_expires_at: null, last_sync_at: null, created_at: NOW - 86_400_000, warehouse_shop_id: null, api_version: null, capabilities: salesChannelCapabilities },
  { id: 4, kind: "warehouse", name: "Bodega ShipBob", account_name: "storedesk", site: null, status: /[?&]revoked/.test(location.search) ? "needs_reconnect" : "connected", token_expires_at: NEVER_EXPIRES, last_sync_at: NOW - 4 * 60_000, created_at: NOW - 20 * 86_400_000, warehouse_shop_id: null, api_version: WAREHOUSE_API, capabilities: warehouseCapabilities },
  // The offers service (`&offersrevoked`: it refused its refresh token).
  { id: 5, kind: "offers", name: "Precios Claros", account_name: null, site: "api.preciosclaros.example", status: location.search.includes("offersrevoked") ? "needs_reconnect" : "connected", token_expires_at: NOW + 40 * 60_000, last_sync_at: NOW - 60_000, created_at: NOW - 12 * 86_400_000, warehouse_shop_id: null, api_version: null, capabilities: offersCapabilities },
];
const isStoreShop = (s: Shop) => hasRole(s, "sales_channel");
// MercadoLibre's own words; each row also carries the neutral state the backend maps them to.
const STATUSES = ["active", "active", "active", "paused", "closed", "under_review"];
const ORDER_STATUSES = ["paid", "paid", "payment_required", "cancelled"];
const SHIPMENT_STATUSES = ["pending", "handling", "ready_to_ship", "shipped", "delivered", "delivered", "not_delivered"];
const ORDER_SHIPMENTS = ["delivered", "shipped", null, "cancelled"];
const WORDS = ["Mate", "Bombilla", "Termo", "Yerba", "Taza", "Funda", "Cable", "Cargador", "Zapatilla", "Remera"];

/** The listing as the generator makes it (before edits); null without shops. */
function genProduct(i: number): ProductRow | null {
  if (shops.length === 0 || i < 0 || i >= N) return null;
  const s = shops[i % Math.min(3, shops.length)];
  // The first listings are the catalogue's (SKUs shared across the first two shops).
  const c = catalogueShape(i);
  const k = c ? Math.floor(i / 3) : i;
  return {
    id: i + 1, shop_id: s.id, shop_name: s.name, remote_id: `MLA${100000000 + i}`,
    title: `${WORDS[k % 10]} ${WORDS[(k * 7) % 10].toLowerCase()} modelo ${k + 1}`,
    sku: c ? c.sku : i % 5 === 0 ? null : `SKU-${(i * 37) % 99991}`, state: mlListingState(STATUSES[i % 6]), status: STATUSES[i % 6],
    price: { minor: c ? c.price_minor : ((i * 7919) % 500000) + 99, currency: s.id === 3 ? "CLP" : "ARS" },
    available_quantity: c ? c.stock : (i * 13) % 40, sold_quantity: (i * 3) % 200, variant_count: i % 4, updated_at: NOW - i * 60_000,
    pending_edits: 0, edit_issues: 0, lowest_offer: null, offer_gap_bp: null, tracked: false, stock_levels: [],
  };
}
/** The locations of a shop that keeps stock per location (none: one figure per listing). */
const LOCATIONS: ReadonlyMap<number, readonly { id: string; name: string }[]> = new Map([
  [2, [{ id: "gid://shopify/Location/71", name: "Depósito Norte" }, { id: "gid://shopify/Location/72", name: "Local Centro" }]],
]);
/** A figure split over the shop's locations (most in the first), so the levels add up to it as the backend's do. */
function levelsOf(shopId: number, total: number): StockLevel[] {
  const locations = LOCATIONS.get(shopId) ?? [];
  let left = total;
  return locations.map((l, k) => {
    const available = k === locations.length - 1 ? left : Math.ceil(left * 0.6);
    left -= available;
    return { location_id: l.id, location_name: l.name, available };
  });
}
/** The listing as storedesk shows it (the unsent edits over the shop's values), with its lowest offer. */
function product(i: number): ProductRow {
  return offers.decorate(edits.shown(genProduct(i) as ProductRow));
}
/** The orders' store: the first two stores take turns. */
function orderShop(i: number): Shop {
  const stores = shops.filter(isStoreShop);
  return stores[i % Math.min(2, stores.length)];
}
function order(i: number): OrderRow {
  const s = orderShop(i);
  const shipped = ORDER_SHIPMENTS[i % 4];
  const stage = stageOf(i);
  return {
    id: i + 1, shop_id: s.id, shop_name: s.name, remote_id: `20000${8000000 + i}`,
    state: mlOrderState(ORDER_STATUSES[i % 4]), status: ORDER_STATUSES[i % 4], buyer: `COMPRADOR${(i * 31) % 977}`,
    total: { minor: ((i * 104729) % 9000000) + 1000, currency: "ARS" }, item_count: (i % 3) + 1,
    created_at: NOW - i * 3_600_000, updated_at: NOW - i * 3_000_000,
    // A warehouse order's shipment follows the warehouse.
    shipment_state: stage && STAGE_SHIPMENT[stage] !== undefined ? STAGE_SHIPMENT[stage] : shipped === null ? null : mlFulfilmentState(shipped),
    fulfilment_state: stage,
  };
}

// ---------------------------------------------------------------- the warehouse
// The paid orders of a store routed to a warehouse go through these stages in turn (every stage is
// there); its unpaid ones are not routed. Rows repeat every 48 orders, so filters count by index.
const ROUTING_RULE = "paid, not cancelled, not shipped yet, and not shipped by the marketplace's own logistics";
const STAGE_CYCLE: FulfilmentStage[] = [
  "delivered", "shipped", "at_warehouse", "waiting", "shipped", "held", "delivered", "exception", "not_routed", "cancelled", "at_warehouse", "shipped",
];
const STAGE_PERIOD = 48;
const STAGE_SHIPMENT: Partial<Record<FulfilmentStage, FulfilmentState>> = {
  held: "pending", waiting: "pending", at_warehouse: "pending", exception: "pending", shipped: "shipped", delivered: "delivered", cancelled: "cancelled",
};
/** Orders whose stage changed while the demo runs (an exception that came in). */
const stageNow = new Map<number, { stage: FulfilmentStage; reason: string; at: number }>();
const ADDRESS_CHANGED = "the shipping address changed in the store after the order went to the warehouse: change it in the warehouse too";

function routedTo(i: number): Shop | null {
  const s = orderShop(i);
  if (!s || s.warehouse_shop_id === null) return null;
  return shops.find((w) => w.id === s.warehouse_shop_id) ?? null;
}
function stageOf(i: number): FulfilmentStage | null {
  if (shops.length === 0 || !routedTo(i)) return null;
  const now = stageNow.get(i);
  if (now) return now.stage;
  if (ORDER_STATUSES[i % 4] !== "paid") return "not_routed";
  return STAGE_CYCLE[(i >> 2) % STAGE_CYCLE.length];
}
/** Every other order at the warehouse had its address changed after it was sent. */
const flagOf = (i: number) => (stageOf(i) === "at_warehouse" && (i >> 2) % 24 === 2 ? ADDRESS_CHANGED : null);
const EXCEPTIONS = ["Out of stock: MATE-1 has 0 on hand", "Address could not be validated by the carrier"];
function heldLine(i: number): string {
  return `line 1 (${WORDS[i % 10]} de regalo) has no SKU: the warehouse knows products by SKU`;
}

function demoItems(i: number): OrderItem[] {
  const stage = stageOf(i);
  const items = orderDetail(i + 1).items.map((it) => ({ ...it }));
  if (stage === null) return items;
  // A routed order's lines have SKUs, except line 1 of a held one.
  items[1].sku = "BOMB-2";
  if (stage === "held") {
    items[0].sku = null;
    items[0].title = `${WORDS[i % 10]} de regalo`;
  }
  return items;
}

function demoFulfilment(i: number): Fulfilment | null {
  const stage = stageOf(i);
  const w = routedTo(i);
  const o = order(i);
  // Unpaid orders were never routed: no fulfilment.
  if (!stage || !w || (stage === "not_routed" && ORDER_STATUSES[i % 4] !== "paid")) return null;
  const t0 = o.created_at + 60_000;
  const events: FulfilmentEvent[] = [];
  const sent = !["held", "waiting", "not_routed"].includes(stage);
  const warehouseId = sent ? `SB${31_000_000 + i}` : null;
  const tracking = stage === "shipped" || stage === "delivered" ? `1Z999AA1${String(10_000_000 + i).slice(-8)}` : null;
  let reason: string | null = null;
  if (stage === "not_routed") {
    reason = "the marketplace's own logistics ships it";
    events.push({ at: t0, direction: "note", what: `not_routed: ${reason}` });
  } else {
    events.push({ at: t0, direction: "note", what: "paid: routed to the warehouse" });
  }
  if (stage === "held") {
    reason = heldLine(i);
    events.push({ at: t0 + 1000, direction: "note", what: `held: ${reason}` });
  }
  if (sent) {
    events.push({ at: t0 + 30_000, direction: "sent", what: `create sent (${o.item_count} lines)` });
    events.push({ at: t0 + 32_000, direction: "received", what: `at_warehouse (Processing)` });
  }
  if (stage === "shipped" || stage === "delivered") {
    events.push({ at: t0 + 5 * 3_600_000, direction: "received", what: `shipped: UPS ${tracking}` });
  }
  if (stage === "delivered") events.push({ at: t0 + 50 * 3_600_000, direction: "received", what: `delivered: UPS ${tracking}` });
  if (stage === "exception") {
    reason = stageNow.get(i)?.reason ?? EXCEPTIONS[Math.floor(i / STAGE_PERIOD) % 2];
    events.push({ at: stageNow.get(i)?.at ?? t0 + 2 * 3_600_000, direction: "received", what: `exception: ${reason}` });
  }
  if (stage === "cancelled") {
    events.push({ at: t0 + 3_600_000, direction: "sent", what: "cancel sent" });
    events.push({ at: t0 + 3_600_000 + 2000, direction: "received", what: "cancelled (Cancelled)" });
  }
  const flag = flagOf(i);
  if (flag) events.push({ at: t0 + 4 * 3_600_000, direction: "note", what: flag });
  const STATUS: Partial<Record<FulfilmentStage, string>> = {
    at_warehouse: "Processing", shipped: "Completed", delivered: "Completed", exception: "Exception", cancelled: "Cancelled",
  };
  return {
    warehouse_shop_id: w.id, warehouse_name: w.name, reference_id: `sd-${o.shop_id}-${o.remote_id}`, warehouse_order_id: warehouseId,
    state: stage, warehouse_status: STATUS[stage] ?? null, reason,
    tracking_number: tracking, carrier: tracking ? "UPS" : null,
    tracking_url: tracking ? `https://www.ups.com/track?tracknum=${tracking}` : null,
    shipped_at: tracking ? t0 + 5 * 3_600_000 : null, delivered_at: stage === "delivered" ? t0 + 50 * 3_600_000 : null,
    flag,
    // The last try of a waiting one failed; it is tried again.
    last_error: stage === "waiting" && (i >> 2) % 24 === 3 ? "HTTP 503 from api.shipbob.com: tried again in 2 min" : null,
    events,
  };
}

/** Held, in exception or flagged, newest first (the orders come newest first). */
function fulfilmentIssues(limit: number): FulfilmentIssue[] {
  const out: FulfilmentIssue[] = [];
  for (let i = 0; i < 600 && out.length < limit; i++) {
    const stage = stageOf(i);
    const flag = flagOf(i);
    if (stage !== "held" && stage !== "exception" && !flag) continue;
    const f = demoFulfilment(i);
    const o = order(i);
    out.push({
      order_id: o.id, shop_id: o.shop_id, shop_name: o.shop_name, order_remote_id: o.remote_id, state: stage as FulfilmentStage,
      reason: f?.reason ?? null, flag, updated_at: stageNow.get(i)?.at ?? f?.events[f.events.length - 1]?.at ?? o.updated_at,
    });
  }
  return out.sort((a, b) => b.updated_at - a.updated_at);
}

/** After a while an order at the warehouse goes into exception, like the backend reports it. */
function installWarehouseSimulator(): void {
  setTimeout(() => {
    const i = [...Array(200).keys()].find((k) => stageOf(k) === "at_warehouse" && !flagOf(k));
    if (i === undefined) return;
    stageNow.set(i, { stage: "exception", reason: "Damaged in the warehouse: waiting for a replacement unit", at: Date.now() });
    const issue = fulfilmentIssues(600).find((x) => x.order_id === i + 1);
    if (issue) void emit("fulfilment-issue", issue);
    void emit("data-changed", ["orders"]);
  }, 12_000);
}

function addWarehouse(name: string, apiBase: string | null, token: string): Shop {
  if (apiBase !== null && !/^https?:\/\/[^\s/]+/.test(apiBase)) {
    throw { code: "bad_endpoint", message: `${apiBase} is not a valid address: it must start with https://` };
  }
  checkToken(token);
  const s: Shop = {
    id: Math.max(0, ...shops.map((x) => x.id)) + 1, kind: "warehouse", name, account_name: "storedesk", site: null, status: "connected",
    token_expires_at: NEVER_EXPIRES, last_sync_at: null, created_at: Date.now(), warehouse_shop_id: null, api_version: WAREHOUSE_API,
    capabilities: warehouseCapabilities,
  };
  shops.push(s);
  return s;
}
function checkToken(token: string): void {
  if (token.trim() === "") throw { code: "invalid_input", message: "paste the warehouse's personal access token" };
  if (token.trim() === "bad") throw { code: "invalid_grant", message: "ShipBob refused the token (401): it is wrong, expired or was revoked." };
}
function shipment(i: number): ShipmentRow {
  return {
    id: i + 1, shop_id: 1, shop_name: "Tienda Norte", remote_id: `4${3000000 + i}`, order_id: i + 1,
    order_remote_id: `20000${8000000 + i}`, state: mlFulfilmentState(SHIPMENT_STATUSES[i % 7]), status: SHIPMENT_STATUSES[i % 7],
    substatus: i % 3 ? "in_transit" : null, tracking_number: i % 4 ? `TRK${900000 + i}` : null,
    logistic_mode: ["me2", "me1", "custom"][i % 3], created_at: NOW - i * 4_000_000, updated_at: NOW - i * 3_900_000,
  };
}
function run(i: number): SyncRun {
  const failed = i % 7 === 3;
  const interrupted = !failed && i % 11 === 5;
  return {
    id: 500 - i, shop_id: shops[i % 3].id, shop_name: shops[i % 3].name, resource: (["products", "orders", "shipments", "reconcile"] as SyncResource[])[i % 4],
    started_at: NOW - (i + 1) * 900_000, finished_at: NOW - (i + 1) * 900_000 + 42_000 + i * 1000,
    status: failed ? "failed" : interrupted ? "interrupted" : "ok", pages: 3 + (i % 9), requests: 5 + (i % 13),
    records_new: i % 20, records_changed: (i * 3) % 50, records_unchanged: 1000 + i, rate_limited: i % 5 === 0 ? 2 : 0,
    retries: i % 4, quarantined: i % 6 === 1 ? 1 + (i % 3) : 0, records_total: i % 2 === 0 ? 1020 + i * 4 : null,
    error: failed ? "HTTP 503 from api.mercadolibre.com after 3 retries" : interrupted ? "storedesk was closed during the run" : null,
  };
}
const oldRuns: SyncRun[] = EMPTY ? [] : Array.from({ length: 500 }, (_, i) => run(i));

// ---------------------------------------------------------------- background sync simulator
// Shop 1 syncs (orders with a known total, products without), shop 2 needs reconnecting (error),
// shop 3 is offline and retries every 40 s. Jobs emit sync-progress, data-changed and sync-changed
// like the backend does.
let syncSettings: SyncSettings = { orders_minutes: 2, shipments_minutes: 5, products_minutes: 15, reconcile_hours: 24, offers_seconds: 60, notify_new_orders: false };
let pausedAll = false;
let autostart = false;
type ShopSim = { paused: boolean; state: SyncState; last_error: string | null; retry_at: number | null; offline_since: number | null };
const sim = new Map<number, ShopSim>(
  EMPTY
    ? []
    : [
        [1, { paused: false, state: "idle", last_error: null, retry_at: null, offline_since: null }],
        [2, { paused: false, state: "error", last_error: "The token expired: reconnect the shop in Shops.", retry_at: null, offline_since: null }],
        [3, { paused: false, state: "offline", last_error: "api.mercadolibre.cl cannot be reached", retry_at: NOW + 40_000, offline_since: NOW - 7 * 60_000 }],
        ...(/[?&]revoked/.test(location.search)
          ? [[4, { paused: false, state: "error", last_error: "ShipBob refused the token: paste a new one in Shops.", retry_at: null, offline_since: null }] as [number, ShopSim]]
          : []),
      ],
);
const jobs = new Map<number, SyncProgress>();
const newRuns: SyncRun[] = [];
let nextRunId = 501;
const fresh = new Map<number, Partial<Record<SyncResource, number>>>([
  [1, { orders: NOW - 60_000, shipments: NOW - 7 * 60_000, products: NOW - 3 * 3_600_000, reconcile: NOW - 20 * 3_600_000 }],
  [2, { orders: NOW - 26 * 3_600_000, products: NOW - 27 * 3_600_000 }],
]);

function simFor(shopId: number): ShopSim {
  let s = sim.get(shopId);
  if (!s) sim.set(shopId, (s = { paused: false, state: "idle", last_error: null, retry_at: null, offline_since: null }));
  return s;
}
function shopSync(shop: Shop): ShopSync {
  const s = simFor(shop.id);
  const running = [...jobs.values()].filter((j) => j.shop_id === shop.id);
  const paused = pausedAll || s.paused;
  // Like the scheduler: offline stays offline while a retry runs.
  const state: SyncState = paused ? "paused" : s.state === "offline" ? "offline" : running.length > 0 ? "syncing" : s.state;
  return {
    shop_id: shop.id, shop_name: shop.name, state, paused, running, last_error: s.last_error,
    retry_at: state === "offline" ? s.retry_at : null, offline_since: state === "offline" ? s.offline_since : null,
  };
}
function overview(): SyncOverview {
  const list = shops.map(shopSync);
  const has = (st: SyncState) => list.some((s) => s.state === st);
  const state: SyncState = list.length > 0 && list.every((s) => s.paused) ? "paused"
    : has("syncing") ? "syncing" : has("offline") ? "offline" : has("error") ? "error" : "idle";
  return { state, paused_all: pausedAll, shops: list };
}
const syncChanged = () => void emit("sync-changed", overview());

function startJob(shopId: number, resource: SyncResource): void {
  const shop = shops.find((x) => x.id === shopId);
  if (!shop || shop.status !== "connected" || pausedAll || simFor(shopId).paused) return;
  if ([...jobs.values()].some((j) => j.shop_id === shopId && j.resource === resource)) return;
  const total = resource === "orders" ? 20_000 : resource === "shipments" ? 6_500 : null;
  const job: SyncProgress = { run_id: nextRunId++, shop_id: shopId, resource, pages: 0, records: 0, total, finished: false };
  const started = Date.now();
  jobs.set(job.run_id, job);
  syncChanged();
  const timer = setInterval(() => {
    job.pages++;
    job.records += total === null ? 250 : Math.min(total - job.records, 1000 + ((job.pages * 337) % 900));
    const done = total === null ? job.pages >= 24 : job.records >= total;
    if (done) {
      clearInterval(timer);
      job.finished = true;
      jobs.delete(job.run_id);
      const f = fresh.get(shopId) ?? {};
      f[resource] = Date.now();
      fresh.set(shopId, f);
      shop.last_sync_at = Date.now();
      newRuns.unshift({
        id: job.run_id, shop_id: shopId, shop_name: shop.name, resource, started_at: started, finished_at: Date.now(), status: "ok",
        pages: job.pages, requests: job.pages + 2, records_new: Math.floor(job.records / 20), records_changed: Math.floor(job.records / 50),
        records_unchanged: job.records - Math.floor(job.records / 20) - Math.floor(job.records / 50), rate_limited: 1, retries: 1,
        quarantined: 0, records_total: total, error: null,
      });
    }
    void emit("sync-progress", { ...job });
    void emit("data-changed", [resource]);
    if (done) syncChanged();
  }, 700);
}

// ---------------------------------------------------------------- edits and the outbox
const edits = createOutboxSim({
  generated: (id) => genProduct(id - 1),
  levels: levelsOf,
  items: (itemIds) => catalogue.boundProducts(itemIds),
  matching: (q) => {
    // The demo walks at most 3,000 matches of a "matching" bulk target.
    const pick = productPick(q);
    const s = q.search?.toLowerCase();
    const out: ProductRow[] = [];
    for (let i = 0; i < (s ? SEARCH_POOL : N) && out.length < 3000; i++) {
      const p = genProduct(i);
      if (p && pick(i) && (!s || p.title.toLowerCase().includes(s)) && (q.shop_id === null || p.shop_id === q.shop_id)) out.push(p);
    }
    return out;
  },
  reachable: (shopId) => {
    const shop = shops.find((x) => x.id === shopId);
    const s = simFor(shopId);
    return shop?.status === "connected" && s.state !== "offline" && !s.paused && !pausedAll;
  },
  pushed: (shopId, sent, rejected, startedAt) => {
    const shop = shops.find((x) => x.id === shopId);
    newRuns.unshift({
      id: nextRunId++, shop_id: shopId, shop_name: shop?.name ?? "", resource: "push", started_at: startedAt, finished_at: Date.now(),
      status: "ok", pages: 1, requests: 2 * (sent + rejected), records_new: sent, records_changed: 0, records_unchanged: 0,
      rate_limited: 0, retries: 0, quarantined: 0, records_total: sent + rejected, error: rejected > 0 ? `${rejected} edit(s) rejected by the shop` : null,
    });
  },
});

// ---------------------------------------------------------------- the offers service
const offers = createOffersSim({
  shops,
  product: (id) => {
    const g = genProduct(id - 1);
    return g ? edits.shown(g) : null;
  },
  queueReprice: (productId, price, reason) => {
    edits.edit({ product_id: productId, variant_remote_id: null, value: { field: "price", value: price }, reason });
  },
  manualPending: (productId) =>
    edits.list({ shop_id: null, status: "pending", product_id: productId, cursor: null, limit: 500 }).rows.some((r) => r.value.field === "price" && r.reason === null),
  offersSeconds: () => syncSettings.offers_seconds,
});

// ---------------------------------------------------------------- the catalogue
const catalogue = createCatalogueSim({ row: (i) => (genProduct(i) ? product(i) : null) });

/** Tracked listings above their lowest offer by more than `bp` that the other filters keep, as row indexes. */
function aboveLowest(q: ProductQuery): number[] {
  const bp = q.above_lowest_bp ?? 0;
  const pick = productPick(q);
  const s = q.search?.toLowerCase();
  return offers
    .trackedIds()
    .map((id) => id - 1)
    .filter((i) => {
      const p = genProduct(i) ? product(i) : null;
      return p !== null && p.offer_gap_bp !== null && p.offer_gap_bp > bp && pick(i) && (!s || p.title.toLowerCase().includes(s)) && (q.shop_id === null || p.shop_id === q.shop_id);
    })
    .sort((a, b) => gapOrder(q, a, b));
}
function gapOrder(q: ProductQuery, a: number, b: number): number {
  if (q.sort !== "offer_gap") return a - b;
  const ga = product(a).offer_gap_bp ?? 0;
  const gb = product(b).offer_gap_bp ?? 0;
  return q.dir === "asc" ? ga - gb : gb - ga;
}
/** Sorted by offer_gap: the listings with a gap first (in order), then every other one (no gap: last). */
function byGap(q: ProductQuery): (k: number) => number {
  const first = offers.trackedIds().map((id) => id - 1).filter((i) => genProduct(i) && product(i).offer_gap_bp !== null).sort((a, b) => gapOrder(q, a, b));
  const skip = [...first].sort((a, b) => a - b);
  return (k) => {
    if (k < first.length) return first[k];
    let i = k - first.length;
    for (const s of skip) {
      if (s <= i) i++;
      else break;
    }
    return i;
  };
}

function syncNow(shopId: number | null, resource: SyncResource | null): void {
  for (const shop of shops) {
    if (shopId !== null && shop.id !== shopId) continue;
    // What the shop's descriptor says "sync now" runs (a warehouse reads orders only); an offers service refreshes on its own.
    const runs = shop.capabilities?.on_demand ?? (["orders", "shipments", "products"] as SyncResource[]);
    for (const r of resource ? [resource] : runs) {
      if (r === "offers" || !runs.includes(r)) continue;
      startJob(shop.id, r);
    }
  }
}

function allRuns(q: SyncRunQuery): SyncRun[] {
  const running: SyncRun[] = [...jobs.values()].map((j) => ({
    id: j.run_id, shop_id: j.shop_id, shop_name: shops.find((x) => x.id === j.shop_id)?.name ?? "", resource: j.resource,
    started_at: Date.now() - j.pages * 700, finished_at: null, status: "running", pages: j.pages, requests: j.pages,
    records_new: j.records, records_changed: 0, records_unchanged: 0, rate_limited: 0, retries: 0, quarantined: 0,
    records_total: j.total, error: null,
  }));
  return [...running.reverse(), ...newRuns, ...oldRuns].filter(
    (r) => (q.shop_id === null || r.shop_id === q.shop_id) && (q.status === null || r.status === q.status) && (q.resource === null || r.resource === q.resource),
  );
}

const quarantine: QuarantinedRecord[] = Array.from({ length: EMPTY ? 0 : 7 }, (_, i) => ({
  id: 70 - i, shop_id: shops[i % 3].id, shop_name: shops[i % 3].name, resource: (["orders", "products", "shipments"] as SyncResource[])[i % 3],
  remote_id: i % 3 === 1 ? `MLA${100000900 + i}` : `20000${9000000 + i}`, run_id: 500 - i * 6,
  error: i % 2 === 0 ? "price.amount: expected a number, found \"12,50\"" : "missing field `status` at line 1 column 412",
  payload: JSON.stringify({ id: `20000${9000000 + i}`, status: i % 2 ? undefined : "paid", price: { amount: i % 2 === 0 ? "12,50" : 1250, currency_id: "ARS" }, buyer: { id: 77 + i, nickname: `COMPRADOR${i}` }, date_created: new Date(NOW - i * 3_600_000).toISOString() }),
  created_at: NOW - i * 3_600_000 - 120_000,
}));

function installSyncSimulator(): void {
  setTimeout(() => syncNow(1, "orders"), 1500);
  setTimeout(() => syncNow(1, "products"), 2500);
  setInterval(() => {
    const s = sim.get(3);
    if (s && s.state === "offline" && !s.paused && !pausedAll && s.retry_at !== null && s.retry_at <= Date.now()) {
      // A try: it runs a moment at 0 records (the UI shows no bar for it), then fails again.
      const job: SyncProgress = { run_id: nextRunId++, shop_id: 3, resource: "orders", pages: 0, records: 0, total: null, finished: false };
      jobs.set(job.run_id, job);
      s.retry_at = Date.now() + 40_000;
      syncChanged();
      setTimeout(() => {
        jobs.delete(job.run_id);
        void emit("sync-progress", { ...job, finished: true });
        syncChanged();
      }, 1500);
    }
  }, 1000);
  if (!EMPTY) edits.seed();
  if (!EMPTY) installWarehouseSimulator();
  if (!EMPTY) offers.seed();
  setInterval(edits.tick, 4000);
}

function page<T>(total: number, make: (i: number) => T, q: { cursor: string | null; limit: number }, pick?: (i: number) => boolean): Promise<{ rows: T[]; next_cursor: string | null }> {
  let i = q.cursor ? Number(q.cursor) : 0;
  const rows: T[] = [];
  while (rows.length < q.limit && i < total) {
    if (!pick || pick(i)) rows.push(make(i));
    i++;
  }
  return new Promise((r) => setTimeout(() => r({ rows, next_cursor: i < total ? String(i) : null }), 120));
}

// The rows' fields repeat every few rows, so the state filters pick by index without making rows.
const productPick = (q: ProductQuery) => (i: number) => q.state === null || mlListingState(STATUSES[i % 6]) === q.state;
const orderPick = (q: OrderQuery) => (i: number) =>
  (q.state === null || mlOrderState(ORDER_STATUSES[i % 4]) === q.state) &&
  // `not_routed` includes the orders with no fulfilment (their store ships through no warehouse).
  (q.fulfilment === null || q.fulfilment === undefined || (stageOf(i) ?? "not_routed") === q.fulfilment);
const shipmentPick = (q: ShipmentQuery) => (i: number) => q.state === null || mlFulfilmentState(SHIPMENT_STATUSES[i % 7]) === q.state;

/** How many of rows 0..total `pick` keeps, when whether it keeps one repeats every `period` rows. */
function countCyclic(total: number, period: number, pick: (i: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < Math.min(period, total); i++) if (pick(i)) n += Math.floor((total - 1 - i) / period) + 1;
  return n;
}

// Like the backend: a search with more than 2,000 matches answers newest first (here the rows are
// in that order anyway) with newest_first set.
const SORT_LIMIT = 2000;
const SEARCH_POOL = 5000;
const matchCache = new Map<string, number>();
function productMatches(s: string, q: ProductQuery): number {
  const key = `${q.state ?? ""}|${s}`;
  let n = matchCache.get(key);
  if (n === undefined) {
    n = 0;
    const pick = productPick(q);
    for (let i = 0; i < SEARCH_POOL; i++) if (pick(i) && product(i).title.toLowerCase().includes(s)) n++;
    matchCache.set(key, n);
  }
  return n;
}

/** What list_connectors answers: the backend's descriptors (Shopify and WooCommerce have no connector yet). */
const CONNECTORS = connectors();

// The connect flow: loopback attempts "finish" 3 s later; `?demo&paste` asks to paste instead.
/** The provider apps saved in Settings, one per OAuth kind. */
const apps = new Map<ShopKind, ProviderApp>();
let attempts = 0;
const attemptShop = new Map<number, number>();
function startConnect(shopId: number): ConnectStart {
  const attempt_id = ++attempts;
  attemptShop.set(attempt_id, shopId);
  const paste = location.search.includes("paste");
  if (!paste) {
    setTimeout(() => {
      const s = shops.find((x) => x.id === shopId);
      if (s) Object.assign(s, { status: "connected", account_name: s.account_name ?? "DEMO_USER", token_expires_at: Date.now() + 6 * 3_600_000 });
      void emit("connect-finished", { attempt_id, shop_id: shopId, shop: s ?? null, error: null });
      void emit("shops-changed");
      syncChanged();
      // Its first sync starts a moment later: "Not synced yet" until it finishes.
      setTimeout(() => syncNow(shopId, null), 2000);
    }, 3000);
  }
  return { attempt_id, shop_id: shopId, authorize_url: `http://127.0.0.1:48213/authorization?response_type=code&client_id=demo&state=${attempt_id}`, paste, browser_opened: true };
}
function addShop(input: AddShopInput): Shop {
  // A kind without sites sends "" (AddShopInput.site is a string): no site to show.
  const s: Shop = { id: Math.max(0, ...shops.map((x) => x.id)) + 1, kind: input.kind, name: input.name, account_name: null, site: input.site || null, status: "disconnected", token_expires_at: null, last_sync_at: null, created_at: Date.now(), warehouse_shop_id: null, api_version: null, capabilities: CONNECTORS.find((k) => k.kind === input.kind)?.capabilities ?? null };
  shops.push(s);
  return s;
}

// ---------------------------------------------------------------- the local API and the metrics
const localApi = createApiSim(NOW, location.search);

// ---------------------------------------------------------------- backups and the start screen
const DATA_DIR = "/home/ana/.local/share/storedesk";
const backups = createBackupsSim(NOW, location.search, DATA_DIR);
/** `?demo&dberror`: the database did not open, until it is reset or a copy restored (`&nobackup`: none to offer). */
let dbBroken = location.search.includes("dberror");

export function installDemo(): void {
  mockIPC((cmd, raw) => {
    const a = (raw ?? {}) as Record<string, unknown>;
    // Settings → Local API and Activity → Metrics.
    const answered = localApi.call(cmd, a);
    if (answered) return answered.value;
    // Settings → Backups; a restored copy opens (the start screen's way back).
    const backedUp = backups.call(cmd, a);
    if (backedUp) {
      return cmd === "restore_backup"
        ? Promise.resolve(backedUp.value).then((v) => {
            dbBroken = false;
            return v;
          })
        : backedUp.value;
    }
    const q = a.query as ProductQuery & { cursor: string | null; limit: number };
    switch (cmd) {
      case "startup_state":
        return dbBroken
          ? {
              state: "db_error", kind: "corrupt", message: "database disk image is malformed", path: `${DATA_DIR}/storedesk.db`, moved_to: `${DATA_DIR}/storedesk.db.corrupt-20240512`,
              backup: location.search.includes("nobackup") ? null : backups.newestGood(),
            }
          : { state: "ready", data_dir: DATA_DIR };
      case "reset_database":
        dbBroken = false;
        return { state: "ready", data_dir: DATA_DIR };
      case "list_shops":
        // Copies, as IPC answers are: the UI never sees a mutated object it already has.
        return shops.map((x) => ({ ...x }));
      case "list_connectors":
        return CONNECTORS.map((k) => ({ ...k }));
      case "get_provider_app":
        return apps.get(a.kind as ShopKind) ?? null;
      case "set_provider_app": {
        const i = a.input as ProviderAppInput;
        const saved: ProviderApp = { kind: i.kind, client_id: i.client_id, has_secret: !!i.client_secret || !!apps.get(i.kind)?.has_secret, redirect_uri: i.redirect_uri };
        apps.set(i.kind, saved);
        return saved;
      }
      case "add_shop": {
        const added = addShop(a.input as AddShopInput);
        void emit("shops-changed");
        syncChanged();
        return added;
      }
      case "connect_shop":
        return startConnect(a.shopId as number);
      case "start_demo": {
        const started = startConnect(addShop({ kind: "mercadolibre", name: "Demo shop", site: "MLA", api_base: null, auth_base: null }).id);
        void emit("shops-changed");
        syncChanged();
        return started;
      }
      case "finish_connect": {
        if (!String(a.pasted).includes("code")) throw { code: "no_code", message: "No authorization code in what you pasted." };
        const s = shops.find((x) => x.id === attemptShop.get(a.attemptId as number));
        if (!s) throw { code: "no_attempt", message: "This connection attempt has ended." };
        Object.assign(s, { status: "connected", account_name: s.account_name ?? "DEMO_USER" });
        return s;
      }
      case "cancel_connect":
      case "open_url":
        return null;
      case "disconnect_shop": {
        const s = shops.find((x) => x.id === a.shopId);
        if (s) Object.assign(s, { status: "disconnected", token_expires_at: null });
        return null;
      }
      case "remove_shop": {
        const at = shops.findIndex((x) => x.id === a.shopId);
        if (at >= 0) shops.splice(at, 1);
        // Stores that shipped through a removed warehouse ship their own orders again.
        for (const x of shops) if (x.warehouse_shop_id === a.shopId) x.warehouse_shop_id = null;
        return null;
      }
      case "add_warehouse": {
        const added = addWarehouse(String(a.name ?? "").trim() || "ShipBob", (a.apiBase as string | null) ?? null, String(a.token ?? ""));
        void emit("shops-changed");
        syncChanged();
        return { ...added };
      }
      case "set_warehouse_token": {
        const w = shops.find((x) => x.id === a.shopId);
        if (!w) throw { code: "not_found", message: "This shop no longer exists." };
        if (w.kind !== "warehouse") throw { code: "invalid_input", message: `${w.name} is not a warehouse` };
        checkToken(String(a.token ?? ""));
        w.status = "connected";
        Object.assign(simFor(w.id), { state: "idle", last_error: null });
        void emit("shops-changed");
        syncChanged();
        return { ...w };
      }
      case "route_store": {
        const store = shops.find((x) => x.id === a.storeId);
        if (!store) throw { code: "not_found", message: "This shop no longer exists." };
        const wid = (a.warehouseId as number | null) ?? null;
        if (wid !== null && !shops.some((x) => x.id === wid && x.kind === "warehouse")) {
          throw { code: "invalid_input", message: "That shop is not a warehouse." };
        }
        store.warehouse_shop_id = wid;
        void emit("shops-changed");
        void emit("data-changed", ["orders"]);
        return { ...store };
      }
      case "fulfilment_issues":
        return fulfilmentIssues(Math.max(1, Math.min(500, Number(a.limit) || 100)));
      case "routing_rule":
        return ROUTING_RULE;
      case "add_offers_service": {
        const added = offers.addService(String(a.name ?? "").trim() || "Offers", String(a.apiBase ?? "").trim(), String(a.refreshToken ?? ""));
        void emit("shops-changed");
        syncChanged();
        return { ...added };
      }
      case "set_offers_token": {
        const s = offers.setToken(a.shopId as number, String(a.refreshToken ?? ""));
        void emit("shops-changed");
        return s;
      }
      case "track_products":
        return offers.track((a.productIds as number[]) ?? [], (a.serviceId as number | null) ?? null);
      case "untrack_products":
        return offers.untrack((a.productIds as number[]) ?? []);
      case "tracked_products":
        return new Promise((r) => setTimeout(() => r(offers.trackedProducts(Number(a.limit) || 100)), 80));
      case "offer_history":
        return offers.history(a.productId as number);
      case "offer_chart":
        return new Promise((r) => setTimeout(() => r(offers.chart(a.productId as number, a.range as ChartRange)), 60));
      case "set_reprice_rule":
        return offers.setRule(a.productId as number, a.rule as RepriceRule);
      case "clear_reprice_rule":
        return offers.clearRule(a.productId as number);
      case "reprice_preview":
        return offers.preview();
      case "list_products": {
        if (shops.length === 0) return { rows: [], next_cursor: null, newest_first: false };
        if (q.above_lowest_bp !== null && q.above_lowest_bp !== undefined) {
          const rows = aboveLowest(q);
          return page(rows.length, (k) => product(rows[k]), q).then((p): ProductPage => ({ ...p, newest_first: false }));
        }
        if (q.sort === "offer_gap" && !q.search) {
          const nth = byGap(q);
          const pick = productPick(q);
          return page(N, (k) => product(nth(k)), q, (k) => pick(nth(k))).then((p): ProductPage => ({ ...p, newest_first: false }));
        }
        const s = q.search?.toLowerCase();
        const newest_first = !!s && productMatches(s, q) > SORT_LIMIT;
        const pick = productPick(q);
        return page(s ? SEARCH_POOL : N, product, q, s ? (i) => pick(i) && product(i).title.toLowerCase().includes(s) : pick)
          .then((p): ProductPage => ({ ...p, newest_first }));
      }
      case "count_products":
        if (shops.length === 0) return 0;
        if (q.above_lowest_bp !== null && q.above_lowest_bp !== undefined) return aboveLowest(q).length;
        return q.search ? productMatches(q.search.toLowerCase(), q) : countCyclic(N, 6, productPick(q));
      case "get_product": {
        const g = genProduct((a.id as number) - 1);
        if (!g) throw { code: "not_found", message: "This product no longer exists." };
        const p = offers.decorate(edits.shown(g));
        return { ...productDetail(p.id), product: p, variants: edits.variants(p), ...offers.detail(p.id) };
      }
      case "list_catalogue":
        return new Promise((r) => setTimeout(() => r(catalogue.list(a.query as CatalogueQuery)), 80));
      case "catalogue_counts":
        return catalogue.counts();
      case "link_listing":
        return catalogue.link(a.unit as ListingUnit, String(a.sku ?? ""));
      case "unlink_listing":
        return catalogue.unlink(a.unit as ListingUnit);
      case "merge_items":
        return catalogue.merge(a.from as number, a.into as number);
      case "edit_product":
        return edits.edit(a.request as EditRequest);
      case "preview_bulk_edit":
        return edits.preview(a.bulk as BulkEdit);
      case "apply_bulk_edit":
        return edits.apply(a.bulk as BulkEdit);
      case "list_outbox":
        return new Promise((r) => setTimeout(() => r(edits.list(a.query as OutboxQuery)), 80));
      case "outbox_counts":
        return edits.counts();
      case "retry_edit":
        return edits.retry(a.id as number, (a.value as EditValue | null) ?? null);
      case "discard_edit":
        return edits.discard(a.id as number);
      case "resolve_conflict":
        return edits.resolve(a.id as number, a.resolution as Resolution);
      case "list_orders": {
        if (!shops.some(isStoreShop)) return { rows: [], next_cursor: null, newest_first: false };
        // The demo's order search matches everything (25,000 > 2,000): newest first.
        const oq = a.query as OrderQuery;
        return page(25_000, order, oq, orderPick(oq)).then((p): OrderPage => ({ ...p, newest_first: !!oq.search }));
      }
      case "count_orders":
        if (!shops.some(isStoreShop)) return 0;
        return countCyclic(25_000, STAGE_PERIOD, orderPick(a.query as OrderQuery));
      case "get_order": {
        const i = (a.id as number) - 1;
        return { ...orderDetail(a.id as number), order: order(i), items: demoItems(i), fulfilment: demoFulfilment(i) };
      }
      case "list_shipments": {
        const sq = a.query as ShipmentQuery;
        return page(18_000, shipment, sq, shipmentPick(sq));
      }
      case "count_shipments":
        return countCyclic(18_000, 7, shipmentPick(a.query as ShipmentQuery));
      case "list_sync_runs": {
        const rows = allRuns(a.query as SyncRunQuery);
        return page(rows.length, (i) => rows[i], q);
      }
      case "sync_overview":
        return overview();
      case "sync_now":
        syncNow(a.shopId as number | null, a.resource as SyncResource | null);
        return null;
      case "set_sync_paused": {
        const paused = a.paused as boolean;
        if (a.shopId === null) {
          pausedAll = paused;
          for (const s of sim.values()) s.paused = paused;
        } else {
          simFor(a.shopId as number).paused = paused;
          if (!paused) pausedAll = false;
        }
        syncChanged();
        return overview();
      }
      case "retry_sync_run": {
        const r = [...newRuns, ...oldRuns].find((x) => x.id === a.runId);
        if (!r) throw { code: "not_found", message: "That sync run no longer exists." };
        startJob(r.shop_id, r.resource);
        return null;
      }
      case "list_quarantine": {
        const qq = a.query as QuarantineQuery;
        const rows = quarantine.filter((r) => qq.shop_id === null || r.shop_id === qq.shop_id);
        return page(rows.length, (i) => rows[i], qq);
      }
      case "retry_quarantined": {
        const at = quarantine.findIndex((r) => r.id === a.id);
        if (at < 0) throw { code: "not_found", message: "This record is no longer quarantined." };
        if (quarantine[at].id % 2 === 0) throw { code: "still_quarantined", message: quarantine[at].error };
        const [stored] = quarantine.splice(at, 1);
        void emit("data-changed", [stored.resource]);
        return null;
      }
      case "get_autostart":
        return autostart;
      case "set_autostart":
        autostart = !!a.enabled;
        return autostart;
      case "get_sync_settings":
        return { ...syncSettings };
      case "set_sync_settings": {
        const v = a.settings as SyncSettings;
        const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.trunc(n)));
        syncSettings = {
          orders_minutes: clamp(v.orders_minutes, 1, 1440), shipments_minutes: clamp(v.shipments_minutes, 1, 1440),
          products_minutes: clamp(v.products_minutes, 1, 1440), reconcile_hours: clamp(v.reconcile_hours, 1, 720),
          offers_seconds: clamp(v.offers_seconds, 10, 86_400), notify_new_orders: !!v.notify_new_orders,
        };
        return { ...syncSettings };
      }
      case "dashboard": {
        if (shops.length === 0) return { products: 0, orders: 0, shipments_open: 0, low_stock: 0, days: [], shops: [] };
        const days = [];
        for (let d = 0; d < 30; d++) {
          const day = new Date(NOW - d * 86_400_000).toISOString().slice(0, 10);
          days.push({ day, currency: "ARS", orders: 20 + ((d * 17) % 40), revenue_minor: 1_000_000 + ((d * 7919) % 50) * 100_000 });
          if (d % 3 === 0) days.push({ day, currency: "CLP", orders: 2 + (d % 5), revenue_minor: 30_000 + d * 1000 });
        }
        return {
          products: N, orders: 25_000, shipments_open: 312, low_stock: 48, days,
          shops: shops.map((s) => ({
            shop_id: s.id, shop_name: s.name, status: s.status, last_sync_at: s.last_sync_at,
            resources: Object.entries(fresh.get(s.id) ?? {}).map(([resource, at]) => ({ resource: resource as SyncResource, last_ok_at: at ?? null })),
          })),
        };
      }
      default:
        // Tauri rejects a command it does not know with a bare string.
        throw `command ${cmd} not found`;
    }
  }, { shouldMockEvents: true });
  installSyncSimulator();
}

/**
 * ?view=products&theme=dark&lang=es&open=1 (lang en, es or pt; &tab=quarantine, &tab=outbox or &tab=metrics in
 * Activity; &empty: no shops yet; &juststarted: one metrics sample) — for screenshots of a given state.
 */
export function applyDemoParams(): void {
  const p = new URLSearchParams(location.search);
  setTimeout(() => {
    if (p.get("view")) navigate(p.get("view") as ViewName);
    if (p.get("theme") === "dark" || p.get("theme") === "light") void setTheme(p.get("theme") as "dark");
    const lang = p.get("lang");
    if (isLang(lang)) void setLanguage(lang);
    const tab = p.get("tab");
    if (tab) setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="tab-${tab}"], [data-testid="${tab}-tab"]`)?.click(), 400);
    if (p.get("open")) {
      setTimeout(() => {
        const row = document.querySelector<HTMLElement>(
          `[data-testid="row"][data-id="${p.get("open")}"], [data-testid="warehouse-issue"][data-id="${p.get("open")}"], [data-testid="tracked-row"][data-id="${p.get("open")}"]`,
        );
        row?.click();
      }, 800);
    }
  }, 300);
}
