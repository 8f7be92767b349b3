// Test data and a recording mockIPC backend.
import { mockIPC } from "@tauri-apps/api/mocks";
import type { ApiKey } from "../bindings/ApiKey";
import type { ApiServerStatus } from "../bindings/ApiServerStatus";
import type { BackupContents } from "../bindings/BackupContents";
import type { BackupEntry } from "../bindings/BackupEntry";
import type { BackupKind } from "../bindings/BackupKind";
import type { BackupOverview } from "../bindings/BackupOverview";
import type { Capabilities } from "../bindings/Capabilities";
import type { CatalogueListing } from "../bindings/CatalogueListing";
import type { CataloguePage } from "../bindings/CataloguePage";
import type { CatalogueRow } from "../bindings/CatalogueRow";
import type { Fulfilment } from "../bindings/Fulfilment";
import type { FulfilmentIssue } from "../bindings/FulfilmentIssue";
import type { FulfilmentState } from "../bindings/FulfilmentState";
import type { KindCapabilities } from "../bindings/KindCapabilities";
import type { ListingState } from "../bindings/ListingState";
import type { MetricsSample } from "../bindings/MetricsSample";
import type { OfferChart } from "../bindings/OfferChart";
import type { OfferHistory } from "../bindings/OfferHistory";
import type { OrderDetail } from "../bindings/OrderDetail";
import type { OrderPage } from "../bindings/OrderPage";
import type { OrderRow } from "../bindings/OrderRow";
import type { OrderState } from "../bindings/OrderState";
import type { OutboxRow } from "../bindings/OutboxRow";
import type { ProductDetail } from "../bindings/ProductDetail";
import type { ProductPage } from "../bindings/ProductPage";
import type { ProductRow } from "../bindings/ProductRow";
import type { QuarantinedRecord } from "../bindings/QuarantinedRecord";
import type { RepricePreviewRow } from "../bindings/RepricePreviewRow";
import type { RepriceRule } from "../bindings/RepriceRule";
import type { Shop } from "../bindings/Shop";
import type { ShopSync } from "../bindings/ShopSync";
import type { StockLevel } from "../bindings/StockLevel";
import type { SyncOverview } from "../bindings/SyncOverview";
import type { SyncProgress } from "../bindings/SyncProgress";
import type { SyncRun } from "../bindings/SyncRun";
import type { SyncSettings } from "../bindings/SyncSettings";
import type { TrackedProduct } from "../bindings/TrackedProduct";
import type { Webhook } from "../bindings/Webhook";
import type { WebhookDelivery } from "../bindings/WebhookDelivery";

export type Call = { cmd: string; args: Record<string, unknown> };
export type Handler = (args: Record<string, unknown>) => unknown;

/**
 * Installs mockIPC with per-command handlers; unknown commands reject like Tauri does, with a bare
 * string (not an ApiError).
 * Events are mocked too: `emit(name, payload)` from `@tauri-apps/api/event` reaches `listen`ers.
 */
export function mockBackend(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      const h = handlers[cmd];
      if (!h) throw `no mock for ${cmd}`;
      return h(args);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

// MercadoLibre's words and the neutral state the backend stores beside each (its mapping), so a
// fixture given only a raw `status` gets the `state` the backend would give it.
export function mlListingState(status: string): ListingState {
  return status === "active" || status === "closed" ? status : "paused";
}
export function mlOrderState(status: string): OrderState {
  if (status === "paid") return "paid";
  return status === "cancelled" || status === "invalid" ? "cancelled" : "pending_payment";
}
export function mlFulfilmentState(status: string): FulfilmentState {
  switch (status) {
    case "ready_to_ship":
      return "ready";
    case "shipped":
    case "delivered":
    case "cancelled":
      return status;
    case "not_delivered":
      return "failed";
    default:
      return "pending"; // pending, handling
  }
}

// The connectors' descriptors as the backend fills them in (crates/connectors/src/*/mod.rs `descriptor()`).
export const salesChannelCapabilities: Capabilities = {
  roles: ["sales_channel"],
  auth: "oauth2_pkce",
  pulls: ["products", "orders", "shipments", "reconcile"],
  on_demand: ["products", "orders", "shipments"],
  edits: ["price", "stock", "status"],
  locations: false,
  rate: { kind: "learned", start_per_minute: 600 },
  sites: ["MLA", "MLB", "MLM", "MLC", "MCO", "MLU", "MPE"],
};
export const warehouseCapabilities: Capabilities = {
  roles: ["warehouse"],
  auth: "token",
  pulls: ["orders"],
  on_demand: ["orders"],
  edits: [],
  locations: false,
  rate: { kind: "reported", per_minute: 150 },
  sites: [],
};
export const offersCapabilities: Capabilities = {
  roles: ["offers_source"],
  auth: "token",
  pulls: [],
  on_demand: ["offers"],
  edits: [],
  locations: false,
  rate: { kind: "learned", start_per_minute: 600 },
  sites: [],
};

/**
 * list_connectors as the backend answers it today (crates/app/src/shops.rs): every kind, Shopify and
 * WooCommerce without a connector yet.
 */
export function connectors(): KindCapabilities[] {
  return [
    { kind: "mercadolibre", capabilities: salesChannelCapabilities },
    { kind: "shopify", capabilities: null },
    { kind: "woocommerce", capabilities: null },
    { kind: "warehouse", capabilities: warehouseCapabilities },
    { kind: "offers", capabilities: offersCapabilities },
  ];
}

/** Units at one of a channel's locations. */
export function stockLevel(locationId: string, locationName: string, available: number): StockLevel {
  return { location_id: locationId, location_name: locationName, available };
}

export const shop: Shop = {
  id: 1,
  kind: "mercadolibre",
  name: "Tienda Norte",
  account_name: "NORTE_SA",
  site: "MLA",
  status: "connected",
  token_expires_at: null,
  last_sync_at: null,
  created_at: 1_700_000_000_000,
  warehouse_shop_id: null,
  api_version: null,
  capabilities: salesChannelCapabilities,
};

/** What the backend gives a personal access token (ShipBob's never expire): i64::MAX / 4 ms. */
export const NEVER_EXPIRES = 2.305843009213694e18;

/** A ShipBob warehouse shop (connected; its account is the channel orders are created in). */
export function warehouseShop(over: Partial<Shop> = {}): Shop {
  return {
    id: 9,
    kind: "warehouse",
    name: "Bodega ShipBob",
    account_name: "storedesk channel",
    site: null,
    status: "connected",
    token_expires_at: NEVER_EXPIRES,
    last_sync_at: null,
    created_at: 1_700_000_000_000,
    warehouse_shop_id: null,
    api_version: { version: "2026-07", supported_until: 1_900_000_000_000, warn_from: 1_880_000_000_000 },
    capabilities: warehouseCapabilities,
    ...over,
  };
}

export function productRow(id: number, over: Partial<ProductRow> = {}): ProductRow {
  return {
    id,
    shop_id: 1,
    shop_name: "Tienda Norte",
    remote_id: `MLA${1000 + id}`,
    title: `Product ${id}`,
    sku: `SKU-${id}`,
    state: mlListingState(over.status ?? "active"),
    status: "active",
    price: { minor: 123456, currency: "ARS" },
    available_quantity: 7,
    sold_quantity: 3,
    variant_count: 2,
    updated_at: 1_700_000_000_000,
    pending_edits: 0,
    edit_issues: 0,
    lowest_offer: null,
    offer_gap_bp: null,
    tracked: false,
    stock_levels: [],
    ...over,
  };
}

/** A list_products answer; `newest_first` as the backend sets it for a search with too many matches. */
export function productPage(rows: ProductRow[], over: Partial<ProductPage> = {}): ProductPage {
  return { rows, next_cursor: null, newest_first: false, ...over };
}

export function productDetail(id: number): ProductDetail {
  return {
    product: productRow(id, { title: `Detailed product ${id}` }),
    permalink: `https://example.invalid/item/${id}`,
    created_at: 1_690_000_000_000,
    variants: [
      {
        id: 11,
        remote_id: "V1",
        sku: "SKU-V1",
        attributes: "Color: Red",
        price: { minor: 100000, currency: "ARS" },
        available_quantity: 2,
        stock_levels: [],
      },
    ],
    offers: [
      {
        id: 21,
        remote_id: "OFF1",
        price: { minor: 120000, currency: "ARS" },
        items_in_stock: 4,
        active: true,
        first_seen_at: 1_699_000_000_000,
        changed_at: 1_699_500_000_000,
        vanished_at: null,
      },
    ],
    tracking: trackedProduct(id, { title: `Detailed product ${id}` }),
    reprice_rule: null,
  };
}

/** An offers service shop (connected; the backend keeps its API host as the site). */
export function offersShop(over: Partial<Shop> = {}): Shop {
  return {
    id: 12,
    kind: "offers",
    name: "Precios Claros",
    account_name: null,
    site: "offers.example.com",
    status: "connected",
    token_expires_at: 1_700_003_600_000,
    last_sync_at: null,
    created_at: 1_700_000_000_000,
    warehouse_shop_id: null,
    api_version: null,
    capabilities: offersCapabilities,
    ...over,
  };
}

/** A product tracked at the offers service (the Offers view's row). */
export function trackedProduct(productId: number, over: Partial<TrackedProduct> = {}): TrackedProduct {
  return {
    product_id: productId,
    shop_id: 1,
    shop_name: "Tienda Norte",
    product_remote_id: `MLA${1000 + productId}`,
    title: `Product ${productId}`,
    offers_shop_id: 12,
    offers_shop_name: "Precios Claros",
    remote_id: `P-${productId}`,
    tracking: true,
    registered: true,
    last_refresh_at: Date.now() - 2 * 60_000,
    next_refresh_at: Date.now() + 60_000,
    last_error: null,
    active_offers: 2,
    lowest_offer: { minor: 110000, currency: "ARS" },
    our_price: { minor: 123456, currency: "ARS" },
    has_rule: false,
    ...over,
  };
}

/** An offer_chart answer over the last day: two offers (one sold out), our price and the lowest. */
export function offerChart(over: Partial<OfferChart> = {}): OfferChart {
  const to = 1_700_086_400_000;
  const from = to - 86_400_000;
  return {
    from,
    to,
    currency: "ARS",
    offers: [
      {
        offer_remote_id: "OFF1",
        active: true,
        points: [
          { at: from, price_minor: 125000, items_in_stock: 5 },
          { at: from + 6 * 3_600_000, price_minor: 120000, items_in_stock: 4 },
        ],
        ends_at: null,
      },
      {
        offer_remote_id: "OFF2",
        active: false,
        points: [
          { at: from + 2 * 3_600_000, price_minor: 110000, items_in_stock: 1 },
          { at: from + 12 * 3_600_000, price_minor: 115000, items_in_stock: 1 },
        ],
        ends_at: from + 18 * 3_600_000,
      },
    ],
    own: [
      { at: from, price_minor: 130000, items_in_stock: null },
      { at: from + 10 * 3_600_000, price_minor: 123456, items_in_stock: null },
    ],
    lowest: [
      { at: from, price_minor: 125000, items_in_stock: null },
      { at: from + 2 * 3_600_000, price_minor: 110000, items_in_stock: null },
      { at: from + 12 * 3_600_000, price_minor: 115000, items_in_stock: null },
      { at: from + 18 * 3_600_000, price_minor: 120000, items_in_stock: null },
    ],
    points_in_range: 7,
    ...over,
  };
}

/** An offer_history answer: every row of two offers (one sold out). */
export function offerHistory(): OfferHistory[] {
  return [
    {
      remote_id: "OFF1",
      active: true,
      rows: [
        { observed_at: Date.UTC(2024, 4, 3, 10, 0, 0), price: { minor: 125000, currency: "ARS" }, items_in_stock: 5, active: true },
        { observed_at: Date.UTC(2024, 4, 3, 16, 30, 0), price: { minor: 120005, currency: "ARS" }, items_in_stock: 4, active: true },
      ],
    },
    {
      remote_id: "OFF,2",
      active: false,
      rows: [
        { observed_at: Date.UTC(2024, 4, 3, 12, 0, 0), price: { minor: 110000, currency: "ARS" }, items_in_stock: 1, active: true },
        { observed_at: Date.UTC(2024, 4, 4, 4, 0, 0), price: { minor: 110000, currency: "ARS" }, items_in_stock: 0, active: false },
      ],
    },
  ];
}

/** A repricing rule: the lowest offer minus ARS 10.00, between 1,000.00 and 1,500.00. */
export function repriceRule(over: Partial<RepriceRule> = {}): RepriceRule {
  const ars = (minor: number) => ({ minor, currency: "ARS" });
  return {
    minus: ars(1000),
    minus_bp: 0,
    floor: ars(100000),
    ceiling: ars(150000),
    min_step: ars(100),
    every_seconds: 60,
    last_change_at: null,
    ...over,
  };
}

/** A reprice_preview row: a change by default. */
export function repricePreviewRow(productId: number, over: Partial<RepricePreviewRow> = {}): RepricePreviewRow {
  return {
    product_id: productId,
    title: `Product ${productId}`,
    product_remote_id: `MLA${1000 + productId}`,
    current: { minor: 123456, currency: "ARS" },
    lowest_offer: { minor: 110000, currency: "ARS" },
    proposed: { minor: 109000, currency: "ARS" },
    reason: "lowest offer fell to 1100.00 ARS: price 1090.00 ARS",
    ...over,
  };
}

/** A list_orders answer. */
export function orderPage(rows: OrderRow[], over: Partial<OrderPage> = {}): OrderPage {
  return { rows, next_cursor: null, newest_first: false, ...over };
}

export function orderRow(id: number, over: Partial<OrderRow> = {}): OrderRow {
  return {
    id,
    shop_id: 1,
    shop_name: "Tienda Norte",
    remote_id: `200000${id}`,
    state: mlOrderState(over.status ?? "paid"),
    status: "paid",
    buyer: `buyer${id}`,
    total: { minor: 250000, currency: "ARS" },
    item_count: 2,
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_100_000,
    shipment_state: "shipped",
    fulfilment_state: null,
    ...over,
  };
}

export function orderDetail(id: number): OrderDetail {
  return {
    order: orderRow(id),
    buyer: { remote_id: "B77", nickname: `buyer${id}`, first_name: "Ana", last_name: "García" },
    paid: { minor: 250000, currency: "ARS" },
    closed_at: null,
    items: [
      {
        line_no: 1,
        item_remote_id: "MLA1",
        variation_remote_id: null,
        title: "Mate de calabaza",
        sku: "MATE-1",
        quantity: 1,
        unit_price: { minor: 150000, currency: "ARS" },
      },
      {
        line_no: 2,
        item_remote_id: "MLA2",
        variation_remote_id: "V9",
        title: "Bombilla de alpaca",
        sku: null,
        quantity: 2,
        unit_price: { minor: 50000, currency: "ARS" },
      },
    ],
    shipment: {
      id: 5,
      shop_id: 1,
      shop_name: "Tienda Norte",
      remote_id: "SHIP5",
      order_id: id,
      order_remote_id: `200000${id}`,
      state: "shipped",
      status: "shipped",
      substatus: "in_transit",
      tracking_number: "TRK123",
      logistic_mode: "me2",
      created_at: 1_700_000_000_000,
      updated_at: 1_700_000_200_000,
    },
    fulfilment: null,
  };
}

/** A shipped warehouse order with tracking and its timeline (sent, received, note). */
export function fulfilment(over: Partial<Fulfilment> = {}): Fulfilment {
  return {
    warehouse_shop_id: 9,
    warehouse_name: "Bodega ShipBob",
    reference_id: "sd-1-2000001",
    warehouse_order_id: "SB-778899",
    state: "shipped",
    warehouse_status: "Fulfilled / Completed",
    reason: null,
    tracking_number: "1Z999AA10123456784",
    carrier: "UPS",
    tracking_url: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    shipped_at: 1_700_000_300_000,
    delivered_at: null,
    flag: null,
    last_error: null,
    events: [
      { at: 1_700_000_100_000, direction: "note", what: "paid: routed to the warehouse" },
      { at: 1_700_000_150_000, direction: "sent", what: "order created at the warehouse (SB-778899)" },
      { at: 1_700_000_300_000, direction: "received", what: "shipped: UPS 1Z999AA10123456784" },
    ],
    ...over,
  };
}

/** An order needing a person at the warehouse: in exception by default. */
export function fulfilmentIssue(orderId: number, over: Partial<FulfilmentIssue> = {}): FulfilmentIssue {
  return {
    order_id: orderId,
    shop_id: 1,
    shop_name: "Tienda Norte",
    order_remote_id: `200000${orderId}`,
    state: "exception",
    reason: "Out of stock at the warehouse",
    flag: null,
    updated_at: Date.now() - 5 * 60_000,
    ...over,
  };
}

/** One shop's sync as sync_overview reports it (idle by default). */
export function shopSync(over: Partial<ShopSync> = {}): ShopSync {
  return {
    shop_id: 1,
    shop_name: "Tienda Norte",
    state: "idle",
    paused: false,
    running: [],
    last_error: null,
    retry_at: null,
    offline_since: null,
    ...over,
  };
}

/** A sync_overview answer / sync-changed payload; the app state follows the shops unless given. */
export function syncOverview(shops: ShopSync[] = [shopSync()], over: Partial<SyncOverview> = {}): SyncOverview {
  const has = (st: ShopSync["state"]) => shops.some((s) => s.state === st);
  const state =
    shops.length > 0 && shops.every((s) => s.paused)
      ? "paused"
      : has("syncing")
        ? "syncing"
        : has("offline")
          ? "offline"
          : has("error")
            ? "error"
            : "idle";
  return { state, paused_all: false, shops, ...over };
}

export function syncProgress(over: Partial<SyncProgress> = {}): SyncProgress {
  return { run_id: 900, shop_id: 1, resource: "orders", pages: 3, records: 1234, total: 20_000, finished: false, ...over };
}

export function syncRun(id: number, over: Partial<SyncRun> = {}): SyncRun {
  return {
    id,
    shop_id: 1,
    shop_name: "Tienda Norte",
    resource: "orders",
    started_at: 1_700_000_000_000,
    finished_at: 1_700_000_042_000,
    status: "ok",
    pages: 4,
    requests: 6,
    records_new: 12,
    records_changed: 3,
    records_unchanged: 985,
    rate_limited: 1,
    retries: 2,
    quarantined: 0,
    records_total: 1000,
    error: null,
    ...over,
  };
}

export function quarantinedRecord(id: number, over: Partial<QuarantinedRecord> = {}): QuarantinedRecord {
  return {
    id,
    shop_id: 1,
    shop_name: "Tienda Norte",
    resource: "orders",
    remote_id: `2000${id}`,
    run_id: 41,
    error: "price.amount: expected a number",
    payload: `{"id":"2000${id}","price":{"amount":"12,50"}}`,
    created_at: Date.now() - 5 * 60_000,
    ...over,
  };
}

/** An edit in the outbox: a pending price change of listing 1 by default. */
export function outboxRow(id: number, over: Partial<OutboxRow> = {}): OutboxRow {
  return {
    id,
    shop_id: 1,
    shop_name: "Tienda Norte",
    product_id: 1,
    title: "Mate imperial",
    remote_id: "MLA1001",
    variant_remote_id: null,
    variant_label: null,
    location_id: null,
    location_name: null,
    value: { field: "price", value: { minor: 123450, currency: "ARS" } },
    base: { field: "price", value: { minor: 100000, currency: "ARS" } },
    remote_value: null,
    status: "pending",
    attempts: 0,
    next_attempt_at: 1_700_000_000_000,
    last_error: null,
    reason: null,
    created_at: Date.now() - 60_000,
    updated_at: Date.now() - 60_000,
    ...over,
  };
}

export const syncSettings: SyncSettings = {
  orders_minutes: 2,
  shipments_minutes: 5,
  products_minutes: 15,
  reconcile_hours: 24,
  offers_seconds: 60,
  notify_new_orders: false,
};

/** api_server_status: running on the default port by default. */
export function apiServerStatus(over: Partial<ApiServerStatus> = {}): ApiServerStatus {
  return {
    settings: { enabled: true, port: 8787, metrics_open: false },
    running: true,
    url: "http://127.0.0.1:8787",
    error: null,
    ...over,
  };
}

/** The local API switched off (as a new data directory has it). */
export function apiServerOff(): ApiServerStatus {
  return { settings: { enabled: false, port: 8787, metrics_open: false }, running: false, url: null, error: null };
}

/** A live API key (used two minutes ago). */
export function apiKey(id: number, over: Partial<ApiKey> = {}): ApiKey {
  return {
    id,
    name: `Key ${id}`,
    role: "viewer",
    prefix: `sd_abc${id}xyz`.slice(0, 10),
    created_at: 1_700_000_000_000,
    last_used_at: Date.now() - 2 * 60_000,
    revoked_at: null,
    ...over,
  };
}

export function webhook(id: number, over: Partial<Webhook> = {}): Webhook {
  return {
    id,
    url: `https://hooks.example.com/${id}`,
    events: ["order.created", "sync.failed"],
    active: true,
    created_at: 1_700_000_000_000,
    ...over,
  };
}

/** A delivery of webhook 1 (delivered at the first attempt by default). */
export function webhookDelivery(id: number, over: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id,
    webhook_id: 1,
    event: "order.created",
    entity: `order:${id}`,
    payload: `{"type":"order.created","timestamp":"2023-11-14T22:13:20Z","data":{"order_id":${id}}}`,
    status: "delivered",
    attempts: 1,
    next_attempt_at: 1_700_000_000_000,
    last_status: 200,
    last_response: '{"ok":true}',
    created_at: 1_700_000_000_000,
    delivered_at: 1_700_000_000_200,
    ...over,
  };
}

/** A metrics sample with every total at 0 (override the fields a test is about). */
export function metricsSample(at: number, over: Partial<MetricsSample> = {}): MetricsSample {
  return {
    at,
    provider_requests: 0,
    provider_errors: 0,
    provider_rate_limited: 0,
    provider_retries: 0,
    provider_seconds_sum: 0,
    provider_seconds_count: 0,
    ttfb_seconds_sum: 0,
    ttfb_seconds_count: 0,
    sync_records: 0,
    sync_jobs: 0,
    token_refreshes: 0,
    outbox_depth: 0,
    outbox_oldest_age_seconds: 0,
    api_requests: 0,
    webhook_attempts: 0,
    ...over,
  };
}

/**
 * `n` samples 10 s apart ending at `end`: each interval 5 provider requests (1 of them an error, itself a
 * 429 every other interval) of 200 ms each (80 ms to the first byte), 30 records synced, and an outbox of
 * 3 edits whose oldest is 45 s old.
 */
export function metricsSamples(n: number, end = 1_700_000_600_000): MetricsSample[] {
  return Array.from({ length: n }, (_, i) =>
    metricsSample(end - (n - 1 - i) * 10_000, {
      provider_requests: 5 * i,
      provider_errors: i,
      provider_rate_limited: Math.floor(i / 2),
      provider_seconds_sum: 5 * i * 0.2,
      provider_seconds_count: 5 * i,
      ttfb_seconds_sum: 5 * i * 0.08,
      ttfb_seconds_count: 5 * i,
      sync_records: 30 * i,
      outbox_depth: 3,
      outbox_oldest_age_seconds: 45,
    }),
  );
}

/** What a copy holds: the brief's example figures by default. */
export function backupContents(over: Partial<BackupContents> = {}): BackupContents {
  return { schema_version: 14, shops: 3, products: 1204, orders: 88, pending_edits: 2, offer_history_rows: 5310, api_keys: 0, ...over };
}

export const BACKUP_DIR = "/home/ana/.local/share/storedesk/backups";

/** A readable copy in the data folder's `backups/`, named as the backend names it. */
export function backupEntry(kind: BackupKind, takenAt: number, over: Partial<BackupEntry> = {}): BackupEntry {
  const stamp = new Date(takenAt).toISOString().replace(/[-:]/g, "").replace(".", "");
  const file_name = `storedesk-${kind === "pre_migration" ? "pre-migration" : kind}-${stamp}.db`;
  return { file_name, path: `${BACKUP_DIR}/${file_name}`, kind, taken_at: takenAt, size_bytes: 1_234_567, contents: backupContents(), problem: null, ...over };
}

/** list_backups: these copies, no second folder. */
export function backupOverview(copies: BackupEntry[], over: Partial<BackupOverview> = {}): BackupOverview {
  return { folder: BACKUP_DIR, copies, second_folder: null, second_copies: [], second_folder_problem: null, ...over };
}

/** A listing of the catalogue: listing `productId` of Tienda Norte, bound by its SKU, by default. */
export function catalogueListing(productId: number, over: Partial<CatalogueListing> = {}): CatalogueListing {
  return {
    shop_id: 1,
    shop_name: "Tienda Norte",
    product_id: productId,
    remote_id: `MLA${1000 + productId}`,
    variation_id: null,
    title: `Product ${productId}`,
    sku: `SKU-${productId}`,
    price: { minor: 123456, currency: "ARS" },
    stock: 7,
    stock_levels: [],
    state: "active",
    status: "active",
    synced_at: Date.now() - 2 * 60_000,
    bound_by: "sku",
    unbound: null,
    ...over,
  };
}

/** An item of the catalogue with its listings (one per listing given). */
export function catalogueItem(itemId: number, listings: CatalogueListing[], over: Partial<CatalogueRow> = {}): CatalogueRow {
  return { item_id: itemId, sku: `SKU-${itemId}`, title: `Item ${itemId}`, listings, differs: false, ...over };
}

/** A listing bound to no item (an Unbound or Problems row): no SKU by default. */
export function unboundRow(listing: CatalogueListing): CatalogueRow {
  return { item_id: null, sku: listing.sku, title: listing.title, listings: [listing], differs: false };
}

export function cataloguePage(rows: CatalogueRow[], next_cursor: string | null = null): CataloguePage {
  return { rows, next_cursor };
}

/** Resolves after pending promise callbacks and one macrotask. */
export function flush(ms = 0): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The query of the last call of a command. */
export function lastQuery<Q>(calls: Call[], cmd: string): Q {
  const matching = calls.filter((c) => c.cmd === cmd);
  if (matching.length === 0) throw new Error(`${cmd} was never called`);
  return matching[matching.length - 1].args.query as Q;
}
