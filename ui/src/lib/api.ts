// Typed wrapper around the commands of docs/ipc.md. Every failure is normalised to ApiError.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { AddShopInput } from "../bindings/AddShopInput";
import type { ApiError } from "../bindings/ApiError";
import type { ApiKey } from "../bindings/ApiKey";
import type { ApiRole } from "../bindings/ApiRole";
import type { ApiServerSettings } from "../bindings/ApiServerSettings";
import type { ApiServerStatus } from "../bindings/ApiServerStatus";
import type { BackupOverview } from "../bindings/BackupOverview";
import type { BackupSettings } from "../bindings/BackupSettings";
import type { BackupTaken } from "../bindings/BackupTaken";
import type { BulkEdit } from "../bindings/BulkEdit";
import type { BulkPreview } from "../bindings/BulkPreview";
import type { BulkResult } from "../bindings/BulkResult";
import type { CatalogueCounts } from "../bindings/CatalogueCounts";
import type { CataloguePage } from "../bindings/CataloguePage";
import type { CatalogueQuery } from "../bindings/CatalogueQuery";
import type { CatalogueRow } from "../bindings/CatalogueRow";
import type { ChartRange } from "../bindings/ChartRange";
import type { ConnectOutcome } from "../bindings/ConnectOutcome";
import type { ConnectStart } from "../bindings/ConnectStart";
import type { CreatedApiKey } from "../bindings/CreatedApiKey";
import type { CreatedWebhook } from "../bindings/CreatedWebhook";
import type { Dashboard } from "../bindings/Dashboard";
import type { EditRequest } from "../bindings/EditRequest";
import type { EditValue } from "../bindings/EditValue";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { FulfilmentIssue } from "../bindings/FulfilmentIssue";
import type { KindCapabilities } from "../bindings/KindCapabilities";
import type { ListingUnit } from "../bindings/ListingUnit";
import type { MetricsSample } from "../bindings/MetricsSample";
import type { OfferChart } from "../bindings/OfferChart";
import type { OfferHistory } from "../bindings/OfferHistory";
import type { OrderDetail } from "../bindings/OrderDetail";
import type { OrderPage } from "../bindings/OrderPage";
import type { OrderQuery } from "../bindings/OrderQuery";
import type { OutboxCounts } from "../bindings/OutboxCounts";
import type { OutboxPage } from "../bindings/OutboxPage";
import type { OutboxQuery } from "../bindings/OutboxQuery";
import type { OutboxRow } from "../bindings/OutboxRow";
import type { ProductDetail } from "../bindings/ProductDetail";
import type { ProductPage } from "../bindings/ProductPage";
import type { ProductQuery } from "../bindings/ProductQuery";
import type { ProviderApp } from "../bindings/ProviderApp";
import type { ProviderAppInput } from "../bindings/ProviderAppInput";
import type { QuarantinePage } from "../bindings/QuarantinePage";
import type { QuarantineQuery } from "../bindings/QuarantineQuery";
import type { RepricePreviewRow } from "../bindings/RepricePreviewRow";
import type { RepriceRule } from "../bindings/RepriceRule";
import type { Resolution } from "../bindings/Resolution";
import type { Restored } from "../bindings/Restored";
import type { ShipmentPage } from "../bindings/ShipmentPage";
import type { ShipmentQuery } from "../bindings/ShipmentQuery";
import type { Shop } from "../bindings/Shop";
import type { ShopKind } from "../bindings/ShopKind";
import type { StartupState } from "../bindings/StartupState";
import type { SyncOverview } from "../bindings/SyncOverview";
import type { SyncProgress } from "../bindings/SyncProgress";
import type { SyncResource } from "../bindings/SyncResource";
import type { SyncRunPage } from "../bindings/SyncRunPage";
import type { SyncRunQuery } from "../bindings/SyncRunQuery";
import type { SyncSettings } from "../bindings/SyncSettings";
import type { TrackedProduct } from "../bindings/TrackedProduct";
import type { Webhook } from "../bindings/Webhook";
import type { WebhookDelivery } from "../bindings/WebhookDelivery";

/**
 * Every ErrorCode, for checking a rejection at run time. `satisfies` rejects a word that is not a
 * code; `AllListed` below fails to compile when the backend adds a code that is missing here.
 */
export const ERROR_CODES = [
  "database",
  "not_found",
  "invalid_input",
  "bad_cursor",
  "db_corrupt",
  "db_foreign",
  "db_schema_too_new",
  "db_io",
  "db_unavailable",
  "db_in_use",
  "vault",
  "missing_app",
  "bad_endpoint",
  "state_mismatch",
  "no_code",
  "access_denied",
  "timeout",
  "invalid_grant",
  "token_lifetime",
  "listener",
  "no_attempt",
  "offline",
  "needs_reconnect",
  "not_connected",
  "provider_error",
  "bad_answer",
  "retries_exhausted",
  "api_retired",
  "unsupported",
  "still_quarantined",
  "demo",
  "bad_url",
  "no_browser",
  "internal",
] as const satisfies readonly ErrorCode[];
type AllListed<Missing extends never> = Missing;
export type ErrorCodesComplete = AllListed<Exclude<ErrorCode, (typeof ERROR_CODES)[number]>>;

const errorCodes: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === "string" && errorCodes.has(v);
}

export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === "object" &&
    e !== null &&
    isErrorCode((e as ApiError).code) &&
    typeof (e as ApiError).message === "string"
  );
}

/** Turns anything a rejected invoke may produce into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: "internal", message: e.message };
  if (typeof e === "string") return { code: "internal", message: e };
  // A code this UI does not know (e.g. from a plugin): the sentence is still the one to show.
  const message = typeof e === "object" && e !== null ? (e as { message?: unknown }).message : undefined;
  if (typeof message === "string") return { code: "internal", message };
  try {
    return { code: "internal", message: JSON.stringify(e) ?? String(e) };
  } catch {
    return { code: "internal", message: String(e) };
  }
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  startupState: () => call<StartupState>("startup_state"),
  resetDatabase: () => call<StartupState>("reset_database"),
  listShops: () => call<Shop[]>("list_shops"),
  listProducts: (query: ProductQuery) => call<ProductPage>("list_products", { query }),
  countProducts: (query: ProductQuery) => call<number>("count_products", { query }),
  getProduct: (id: number) => call<ProductDetail>("get_product", { id }),
  listOrders: (query: OrderQuery) => call<OrderPage>("list_orders", { query }),
  countOrders: (query: OrderQuery) => call<number>("count_orders", { query }),
  getOrder: (id: number) => call<OrderDetail>("get_order", { id }),
  listShipments: (query: ShipmentQuery) => call<ShipmentPage>("list_shipments", { query }),
  countShipments: (query: ShipmentQuery) => call<number>("count_shipments", { query }),
  listSyncRuns: (query: SyncRunQuery) => call<SyncRunPage>("list_sync_runs", { query }),
  dashboard: (lowStockMax: number, days: number) =>
    call<Dashboard>("dashboard", { lowStockMax, days }),

  // Shops and connecting
  /** Every kind of shop with its connector's descriptor (null: storedesk has no connector for it yet). */
  listConnectors: () => call<KindCapabilities[]>("list_connectors"),
  getProviderApp: (kind: ShopKind) => call<ProviderApp | null>("get_provider_app", { kind }),
  setProviderApp: (input: ProviderAppInput) => call<ProviderApp>("set_provider_app", { input }),
  addShop: (input: AddShopInput) => call<Shop>("add_shop", { input }),
  connectShop: (shopId: number) => call<ConnectStart>("connect_shop", { shopId }),
  finishConnect: (attemptId: number, pasted: string) =>
    call<Shop>("finish_connect", { attemptId, pasted }),
  cancelConnect: (attemptId: number) => call<null>("cancel_connect", { attemptId }),
  disconnectShop: (shopId: number) => call<null>("disconnect_shop", { shopId }),
  removeShop: (shopId: number) => call<null>("remove_shop", { shopId }),
  startDemo: () => call<ConnectStart>("start_demo"),
  openUrl: (url: string) => call<null>("open_url", { url }),

  // Background sync
  syncOverview: () => call<SyncOverview>("sync_overview"),
  /** A null shop syncs every shop; a null resource syncs orders, shipments and products. */
  syncNow: (shopId: number | null, resource: SyncResource | null = null) =>
    call<null>("sync_now", { shopId, resource }),
  /** A null shop pauses or resumes everything. */
  setSyncPaused: (shopId: number | null, paused: boolean) =>
    call<SyncOverview>("set_sync_paused", { shopId, paused }),
  retrySyncRun: (runId: number) => call<null>("retry_sync_run", { runId }),
  listQuarantine: (query: QuarantineQuery) => call<QuarantinePage>("list_quarantine", { query }),
  /** Rejects with the new error when the record still cannot be read. */
  retryQuarantined: (id: number) => call<null>("retry_quarantined", { id }),
  getSyncSettings: () => call<SyncSettings>("get_sync_settings"),
  setSyncSettings: (settings: SyncSettings) => call<SyncSettings>("set_sync_settings", { settings }),

  // Editing listings and the outbox
  /** Queues an edit; null when the shop already has that value (nothing queued). */
  editProduct: (request: EditRequest) => call<OutboxRow | null>("edit_product", { request }),
  previewBulkEdit: (bulk: BulkEdit) => call<BulkPreview>("preview_bulk_edit", { bulk }),
  applyBulkEdit: (bulk: BulkEdit) => call<BulkResult>("apply_bulk_edit", { bulk }),
  listOutbox: (query: OutboxQuery) => call<OutboxPage>("list_outbox", { query }),
  outboxCounts: () => call<OutboxCounts>("outbox_counts"),
  /** Sends a rejected edit again; with a new value (same field) when given. */
  retryEdit: (id: number, value: EditValue | null = null) => call<OutboxRow>("retry_edit", { id, value }),
  /** Undo of an unsent edit, or giving up a rejected or conflicting one. */
  discardEdit: (id: number) => call<OutboxRow>("discard_edit", { id }),
  resolveConflict: (id: number, resolution: Resolution) =>
    call<OutboxRow>("resolve_conflict", { id, resolution }),

  // The catalogue: the business's items (by SKU) and the listings bound to them
  /** Items with their listings side by side, or the unbound listings (keyset-paged). */
  listCatalogue: (query: CatalogueQuery) => call<CataloguePage>("list_catalogue", { query }),
  /** How many rows each filter holds. */
  catalogueCounts: () => call<CatalogueCounts>("catalogue_counts"),
  /** Binds a listing's unit to the item of this SKU (made when new); answers that item's row. */
  linkListing: (unit: ListingUnit, sku: string) => call<CatalogueRow>("link_listing", { unit, sku }),
  /** Unbinds a listing's unit by hand (its SKU no longer binds it). */
  unlinkListing: (unit: ListingUnit) => call<null>("unlink_listing", { unit }),
  /** Moves every listing of item `from` to item `into` and removes `from`. */
  mergeItems: (from: number, into: number) => call<CatalogueRow>("merge_items", { from, into }),

  // The warehouse
  /** Adds a ShipBob warehouse (null base: ShipBob's API); the token is checked first. */
  addWarehouse: (name: string, apiBase: string | null, token: string) =>
    call<Shop>("add_warehouse", { name, apiBase, token }),
  /** A new personal access token for a warehouse whose token was revoked. */
  setWarehouseToken: (shopId: number, token: string) => call<Shop>("set_warehouse_token", { shopId, token }),
  /** Which warehouse ships a store's orders (null: the store ships them itself). */
  routeStore: (storeId: number, warehouseId: number | null) => call<Shop>("route_store", { storeId, warehouseId }),
  /** Orders needing a person (held, in exception, flagged), newest first. */
  fulfilmentIssues: (limit: number) => call<FulfilmentIssue[]>("fulfilment_issues", { limit }),
  /** Which store orders go to the warehouse, in (English) words. */
  routingRule: () => call<string>("routing_rule"),

  // Offers
  /** Adds an offers service; its refresh token is checked first (a refusal adds nothing: `invalid_grant`). */
  addOffersService: (name: string, apiBase: string, refreshToken: string) =>
    call<Shop>("add_offers_service", { name, apiBase, refreshToken }),
  /** A new refresh token for an offers service whose token was refused. */
  setOffersToken: (shopId: number, refreshToken: string) => call<Shop>("set_offers_token", { shopId, refreshToken }),
  /** Tracks products at an offers service (null: the only one); answers how many are tracked now. */
  trackProducts: (productIds: number[], serviceId: number | null = null) =>
    call<number>("track_products", { productIds, serviceId }),
  /** Stops refreshing products (their history stays). */
  untrackProducts: (productIds: number[]) => call<number>("untrack_products", { productIds }),
  /** The tracked products (the Offers view). */
  trackedProducts: (limit: number) => call<TrackedProduct[]>("tracked_products", { limit }),
  /** Every offer of a product with every row of its history (the CSV export). */
  offerHistory: (productId: number) => call<OfferHistory[]>("offer_history", { productId }),
  /** A product's price chart over a range (each line downsampled by the backend). */
  offerChart: (productId: number, range: ChartRange) => call<OfferChart>("offer_chart", { productId, range }),
  /** Sets a product's repricing rule (it acts at once, then after each refresh). */
  setRepriceRule: (productId: number, rule: RepriceRule) => call<RepriceRule>("set_reprice_rule", { productId, rule }),
  /** Turns a product's repricing off; false when it had no rule. */
  clearRepriceRule: (productId: number) => call<boolean>("clear_reprice_rule", { productId }),
  /** What every rule would change now (nothing is changed). */
  repricePreview: () => call<RepricePreviewRow[]>("reprice_preview"),

  // The local API (Settings)
  /** Whether the local API runs, where, or why not although enabled. */
  apiServerStatus: () => call<ApiServerStatus>("api_server_status"),
  /** Saves the switch and applies it at once (starts, moves to the new port, or stops; always 127.0.0.1). */
  setApiServer: (settings: ApiServerSettings) => call<ApiServerStatus>("set_api_server", { settings }),
  /** The keys, live first (never their secrets). */
  listApiKeys: () => call<ApiKey[]>("list_api_keys"),
  /** A new key: its `secret` is in this answer only. */
  createApiKey: (name: string, role: ApiRole) => call<CreatedApiKey>("create_api_key", { name, role }),
  /** Revokes a key at once: its next request is refused. */
  revokeApiKey: (id: number) => call<ApiKey>("revoke_api_key", { id }),
  listWebhooks: () => call<Webhook[]>("list_webhooks"),
  /** Subscribes a URL to events: the signing `secret` (`whsec_…`) is in this answer only. */
  addWebhook: (url: string, events: string[]) => call<CreatedWebhook>("add_webhook", { url, events }),
  removeWebhook: (id: number) => call<null>("remove_webhook", { id }),
  /** Deliveries, newest first (of one webhook; null: of all). */
  webhookDeliveries: (webhookId: number | null, limit: number) =>
    call<WebhookDelivery[]>("webhook_deliveries", { webhookId, limit }),
  /** Sends a delivery again (given up, or lost by the receiver). */
  redeliverWebhook: (id: number) => call<WebhookDelivery>("redeliver_webhook", { id }),
  // Backups (Settings → Backups and the start screen)
  /** The copies in `backups/` and in the second folder, newest first, with what each holds. */
  listBackups: () => call<BackupOverview>("list_backups"),
  /** Takes a copy now (kept 30 days), and puts it in the second folder too when there is one. */
  backUpNow: () => call<BackupTaken>("back_up_now"),
  /** Whether storedesk starts at login (in the tray, its window not opened). */
  getAutostart: () => call<boolean>("get_autostart"),
  /** Turns start at login on or off; answers what it is now. */
  setAutostart: (enabled: boolean) => call<boolean>("set_autostart", { enabled }),
  getBackupSettings: () => call<BackupSettings>("get_backup_settings"),
  /** Rejects (`invalid_input`, with the reason) a folder that is not absolute, not there, not writable or inside the data directory. */
  setBackupSettings: (settings: BackupSettings) => call<BackupSettings>("set_backup_settings", { settings }),
  /**
   * Makes the copy at `path` the database (the current one is kept aside) and starts the background work on
   * it; also from the start screen. Rejects `db_in_use` while another storedesk process uses the data directory.
   */
  restoreBackup: (path: string) => call<Restored>("restore_backup", { path }),

  /** The last hour of samples (one every 10 s, oldest first; counters are totals since the process started). */
  metricsHistory: () => call<MetricsSample[]>("metrics_history"),
};

export type Api = typeof api;

/** Backend events of docs/ipc.md and their payloads. */
export type Events = {
  "connect-finished": ConnectOutcome;
  "shops-changed": null;
  "sync-changed": SyncOverview;
  "sync-progress": SyncProgress;
  "data-changed": SyncResource[];
  "outbox-changed": OutboxCounts;
  "fulfilment-issue": FulfilmentIssue;
  "offers-changed": null;
};

function hasTauri(): boolean {
  if (typeof window === "undefined") return false;
  const internals = (window as { __TAURI_INTERNALS__?: { transformCallback?: unknown } }).__TAURI_INTERNALS__;
  return typeof internals?.transformCallback === "function";
}

/**
 * Subscribes to a backend event; returns the function that unsubscribes (callable at once, even
 * before the subscription is in place). Without a Tauri runtime (plain browser, a mock without
 * events) it subscribes to nothing and does not throw.
 */
export function onEvent<E extends keyof Events>(name: E, cb: (payload: Events[E]) => void): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  if (hasTauri()) {
    try {
      listen<Events[E]>(name, (e) => {
        if (!stopped) cb(e.payload);
      })
        .then((u) => {
          if (stopped) void Promise.resolve(u()).catch(() => {});
          else unlisten = u;
        })
        .catch(() => {
          // No event plugin (e.g. the dev demo backend): nothing to listen to.
        });
    } catch {
      // Same: no usable runtime.
    }
  }
  return () => {
    stopped = true;
    if (unlisten) {
      const u = unlisten;
      unlisten = null;
      try {
        void Promise.resolve(u()).catch(() => {});
      } catch {
        // already gone
      }
    }
  };
}

/** `connect-finished`: a loopback connection ended (connected, denied or timed out). */
export const onConnectFinished = (cb: (outcome: ConnectOutcome) => void) => onEvent("connect-finished", cb);
/** `shops-changed`: a shop's status changed; reload the shops. */
export const onShopsChanged = (cb: () => void) => onEvent("shops-changed", () => cb());

/** `sync-changed`: the sync state of the app or of a shop changed. */
export const onSyncChanged = (cb: (overview: SyncOverview) => void) => onEvent("sync-changed", cb);
/** `sync-progress`: a stored page of a running job (`finished` on its last event). */
export const onSyncProgress = (cb: (progress: SyncProgress) => void) => onEvent("sync-progress", cb);
/** `data-changed`: records of these resources were added or changed; re-run the visible queries. */
export const onDataChanged = (cb: (resources: SyncResource[]) => void) => onEvent("data-changed", cb);

/** `outbox-changed`: edits were queued, sent, refused, resolved or discarded; the new counts. */
export const onOutboxChanged = (cb: (counts: OutboxCounts) => void) => onEvent("outbox-changed", cb);

/** `fulfilment-issue`: an order newly needs a person at the warehouse (an exception, a refused cancel). */
export const onFulfilmentIssue = (cb: (issue: FulfilmentIssue) => void) => onEvent("fulfilment-issue", cb);

/** `offers-changed`: tracked products, their offers or their rules changed (at most every 500 ms). */
export const onOffersChanged = (cb: () => void) => onEvent("offers-changed", () => cb());

/** Page size used by the list views (the backend clamps to 1..=500). */
export const PAGE_SIZE = 100;
