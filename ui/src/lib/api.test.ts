import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import type { ConnectOutcome } from "../bindings/ConnectOutcome";
import type { FulfilmentIssue } from "../bindings/FulfilmentIssue";
import type { SyncResource } from "../bindings/SyncResource";
import {
  api,
  ERROR_CODES,
  isApiError,
  onConnectFinished,
  onDataChanged,
  onFulfilmentIssue,
  onOffersChanged,
  onOutboxChanged,
  onShopsChanged,
  onSyncChanged,
  onSyncProgress,
  toApiError,
} from "./api";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("events", () => {
  it("delivers connect-finished payloads until unlistened", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen: ConnectOutcome[] = [];
    const stop = onConnectFinished((o) => seen.push(o));
    const changed = vi.fn();
    const stopChanged = onShopsChanged(changed);
    await tick();
    const outcome: ConnectOutcome = { attempt_id: 1, shop_id: 2, shop: null, error: null };
    await emit("connect-finished", outcome);
    await emit("shops-changed");
    expect(seen).toEqual([outcome]);
    expect(changed).toHaveBeenCalledTimes(1);
    stop();
    stopChanged();
    await tick();
    await emit("connect-finished", outcome);
    await emit("shops-changed");
    expect(seen).toHaveLength(1);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it("does not throw without a Tauri runtime or without the event plugin", async () => {
    clearMocks();
    const saved = (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
    delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
    try {
      const stop = onConnectFinished(() => {});
      await tick();
      expect(() => stop()).not.toThrow();
    } finally {
      (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__ = saved;
    }
    // A backend that rejects the event plugin's commands (the dev demo backend), as Tauri does.
    mockIPC((cmd) => {
      throw `command ${cmd} not found`;
    });
    const stop = onShopsChanged(() => {});
    await tick();
    expect(() => stop()).not.toThrow();
  });
});

describe("errors", () => {
  it("accepts only the backend's error codes", () => {
    expect(isApiError({ code: "access_denied", message: "You denied access." })).toBe(true);
    expect(isApiError({ code: "internal", message: "bug" })).toBe(true);
    // Old or made-up words are not ErrorCode values.
    expect(isApiError({ code: "denied", message: "x" })).toBe(false);
    expect(isApiError({ code: "api_error", message: "x" })).toBe(false);
    expect(isApiError({ code: "offline" })).toBe(false);
    expect(isApiError("offline")).toBe(false);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it("turns any other failure into an internal error, keeping its sentence", () => {
    expect(toApiError({ code: "offline", message: "No connection." })).toEqual({ code: "offline", message: "No connection." });
    expect(toApiError({ code: "plugin_thing", message: "The plugin failed." })).toEqual({ code: "internal", message: "The plugin failed." });
    expect(toApiError(new Error("boom"))).toEqual({ code: "internal", message: "boom" });
    expect(toApiError("command x not found")).toEqual({ code: "internal", message: "command x not found" });
    expect(toApiError({ weird: 1 })).toEqual({ code: "internal", message: '{"weird":1}' });
  });

  it("rejects invoke failures as ApiError", async () => {
    mockIPC(() => {
      throw "command list_shops not found";
    });
    await expect(api.listShops()).rejects.toEqual({ code: "internal", message: "command list_shops not found" });
  });
});

describe("connect commands", () => {
  it("sends the argument names of docs/ipc.md", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    await api.listConnectors();
    await api.getProviderApp("mercadolibre");
    await api.connectShop(3);
    await api.finishConnect(4, "code");
    await api.cancelConnect(4);
    await api.disconnectShop(3);
    await api.removeShop(3);
    await api.startDemo();
    await api.openUrl("https://x.invalid");
    expect(calls).toEqual([
      ["list_connectors", {}],
      ["get_provider_app", { kind: "mercadolibre" }],
      ["connect_shop", { shopId: 3 }],
      ["finish_connect", { attemptId: 4, pasted: "code" }],
      ["cancel_connect", { attemptId: 4 }],
      ["disconnect_shop", { shopId: 3 }],
      ["remove_shop", { shopId: 3 }],
      ["start_demo", {}],
      ["open_url", { url: "https://x.invalid" }],
    ]);
  });
});

describe("background sync", () => {
  it("sends the argument names of docs/ipc.md", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const settings = { orders_minutes: 2, shipments_minutes: 5, products_minutes: 15, reconcile_hours: 24, offers_seconds: 60, notify_new_orders: true };
    await api.syncOverview();
    await api.syncNow(null);
    await api.syncNow(3, "orders");
    await api.setSyncPaused(null, true);
    await api.setSyncPaused(3, false);
    await api.retrySyncRun(41);
    await api.listQuarantine({ shop_id: null, cursor: null, limit: 100 });
    await api.retryQuarantined(7);
    await api.getSyncSettings();
    await api.setSyncSettings(settings);
    expect(calls).toEqual([
      ["sync_overview", {}],
      ["sync_now", { shopId: null, resource: null }],
      ["sync_now", { shopId: 3, resource: "orders" }],
      ["set_sync_paused", { shopId: null, paused: true }],
      ["set_sync_paused", { shopId: 3, paused: false }],
      ["retry_sync_run", { runId: 41 }],
      ["list_quarantine", { query: { shop_id: null, cursor: null, limit: 100 } }],
      ["retry_quarantined", { id: 7 }],
      ["get_sync_settings", {}],
      ["set_sync_settings", { settings }],
    ]);
  });

  it("normalises a rejected retry to ApiError", async () => {
    mockIPC(() => {
      throw { code: "still_quarantined", message: "bad price" };
    });
    await expect(api.retryQuarantined(1)).rejects.toEqual({ code: "still_quarantined", message: "bad price" });
  });

  it("delivers the sync events", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const changed = vi.fn();
    const progress = vi.fn();
    const data: SyncResource[][] = [];
    const stops = [onSyncChanged(changed), onSyncProgress(progress), onDataChanged((r) => data.push(r))];
    await tick();
    const overview = { state: "idle", paused_all: false, shops: [] };
    const p = { run_id: 1, shop_id: 1, resource: "orders", pages: 1, records: 5, total: null, finished: false };
    await emit("sync-changed", overview);
    await emit("sync-progress", p);
    await emit("data-changed", ["orders", "shipments"]);
    expect(changed).toHaveBeenCalledWith(overview);
    expect(progress).toHaveBeenCalledWith(p);
    expect(data).toEqual([["orders", "shipments"]]);
    stops.forEach((s) => s());
  });
});

describe("editing and the outbox", () => {
  it("sends the argument names of docs/ipc.md", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const request = { product_id: 1, variant_remote_id: null, value: { field: "stock" as const, value: 3 }, reason: null };
    const bulk = { target: { kind: "ids" as const, ids: [1, 2] }, change: { kind: "adjust_percent" as const, percent: "-12.5" } };
    const query = { shop_id: null, status: "rejected" as const, product_id: null, cursor: null, limit: 100 };
    await api.editProduct(request);
    await api.previewBulkEdit(bulk);
    await api.applyBulkEdit(bulk);
    await api.listOutbox(query);
    await api.outboxCounts();
    await api.retryEdit(5);
    await api.retryEdit(5, { field: "stock", value: 4 });
    await api.discardEdit(6);
    await api.resolveConflict(7, "keep_mine");
    await api.resolveConflict(7, "take_theirs");
    expect(calls).toEqual([
      ["edit_product", { request }],
      ["preview_bulk_edit", { bulk }],
      ["apply_bulk_edit", { bulk }],
      ["list_outbox", { query }],
      ["outbox_counts", {}],
      ["retry_edit", { id: 5, value: null }],
      ["retry_edit", { id: 5, value: { field: "stock", value: 4 } }],
      ["discard_edit", { id: 6 }],
      ["resolve_conflict", { id: 7, resolution: "keep_mine" }],
      ["resolve_conflict", { id: 7, resolution: "take_theirs" }],
    ]);
  });

  it("delivers outbox-changed counts", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen: unknown[] = [];
    const stop = onOutboxChanged((c) => seen.push(c));
    await tick();
    await emit("outbox-changed", { waiting: 3, rejected: 1, conflict: 0 });
    expect(seen).toEqual([{ waiting: 3, rejected: 1, conflict: 0 }]);
    stop();
  });
});


describe("the warehouse", () => {
  it("sends the argument names of docs/ipc.md", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === "routing_rule" ? "paid, not cancelled" : null;
    });
    await api.addWarehouse("Bodega", null, "pat-1");
    await api.addWarehouse("Sandbox", "https://sandbox-api.shipbob.com", "pat-2");
    await api.setWarehouseToken(9, "pat-3");
    await api.routeStore(1, 9);
    await api.routeStore(1, null);
    await api.fulfilmentIssues(200);
    expect(await api.routingRule()).toBe("paid, not cancelled");
    expect(calls).toEqual([
      ["add_warehouse", { name: "Bodega", apiBase: null, token: "pat-1" }],
      ["add_warehouse", { name: "Sandbox", apiBase: "https://sandbox-api.shipbob.com", token: "pat-2" }],
      ["set_warehouse_token", { shopId: 9, token: "pat-3" }],
      ["route_store", { storeId: 1, warehouseId: 9 }],
      ["route_store", { storeId: 1, warehouseId: null }],
      ["fulfilment_issues", { limit: 200 }],
      ["routing_rule", {}],
    ]);
  });

  it("normalises a refused token to ApiError", async () => {
    mockIPC(() => {
      throw { code: "invalid_grant", message: "ShipBob refused the token." };
    });
    await expect(api.addWarehouse("Bodega", null, "bad")).rejects.toEqual({
      code: "invalid_grant",
      message: "ShipBob refused the token.",
    });
  });

  it("delivers fulfilment-issue payloads", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen: FulfilmentIssue[] = [];
    const stop = onFulfilmentIssue((i) => seen.push(i));
    await tick();
    const issue: FulfilmentIssue = {
      order_id: 3, shop_id: 1, shop_name: "Tienda Norte", order_remote_id: "2000003", state: "exception",
      reason: "Out of stock", flag: null, updated_at: 1_700_000_000_000,
    };
    await emit("fulfilment-issue", issue);
    expect(seen).toEqual([issue]);
    stop();
  });
});

describe("offers", () => {
  it("sends the argument names of docs/ipc.md", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const ars = (minor: number) => ({ minor, currency: "ARS" });
    const rule = { minus: ars(1000), minus_bp: 0, floor: ars(100000), ceiling: ars(150000), min_step: ars(100), every_seconds: 60, last_change_at: null };
    await api.addOffersService("Precios", "https://offers.example.com", "rt");
    await api.setOffersToken(12, "rt2");
    await api.trackProducts([1, 2]);
    await api.trackProducts([3], 12);
    await api.untrackProducts([1]);
    await api.trackedProducts(500);
    await api.offerHistory(5);
    await api.offerChart(5, "day");
    await api.setRepriceRule(5, rule);
    await api.clearRepriceRule(5);
    await api.repricePreview();
    expect(calls).toEqual([
      ["add_offers_service", { name: "Precios", apiBase: "https://offers.example.com", refreshToken: "rt" }],
      ["set_offers_token", { shopId: 12, refreshToken: "rt2" }],
      ["track_products", { productIds: [1, 2], serviceId: null }],
      ["track_products", { productIds: [3], serviceId: 12 }],
      ["untrack_products", { productIds: [1] }],
      ["tracked_products", { limit: 500 }],
      ["offer_history", { productId: 5 }],
      ["offer_chart", { productId: 5, range: "day" }],
      ["set_reprice_rule", { productId: 5, rule }],
      ["clear_reprice_rule", { productId: 5 }],
      ["reprice_preview", {}],
    ]);
  });

  it("normalises a refused refresh token to ApiError", async () => {
    mockIPC(() => {
      throw { code: "invalid_grant", message: "refused" };
    });
    await expect(api.addOffersService("P", "https://x.example", "bad")).rejects.toEqual({ code: "invalid_grant", message: "refused" });
  });

  it("calls back on offers-changed until unlistened", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen = vi.fn();
    const stop = onOffersChanged(seen);
    await tick();
    await emit("offers-changed", null);
    expect(seen).toHaveBeenCalledTimes(1);
    stop();
    await tick();
    await emit("offers-changed", null);
    expect(seen).toHaveBeenCalledTimes(1);
  });
});

describe("the catalogue", () => {
  it("sends the argument names of docs/ipc.md", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const query = { filter: "unbound", search: "mate", cursor: null, limit: 100 } as const;
    const unit = { shop_id: 1, remote_id: "MLA1", variation_id: "V2" };
    await api.listCatalogue(query);
    await api.catalogueCounts();
    await api.linkListing(unit, "MATE-1");
    await api.unlinkListing(unit);
    await api.mergeItems(4, 2);
    await api.previewBulkEdit({ target: { kind: "items", item_ids: [2, 4] }, change: { kind: "set_price", amount: "10" } });
    expect(calls).toEqual([
      ["list_catalogue", { query }],
      ["catalogue_counts", {}],
      ["link_listing", { unit, sku: "MATE-1" }],
      ["unlink_listing", { unit }],
      ["merge_items", { from: 4, into: 2 }],
      ["preview_bulk_edit", { bulk: { target: { kind: "items", item_ids: [2, 4] }, change: { kind: "set_price", amount: "10" } } }],
    ]);
  });
});

describe("the local API", () => {
  it("sends the argument names of docs/ipc.md", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const settings = { enabled: true, port: 8787, metrics_open: false };
    await api.apiServerStatus();
    await api.setApiServer(settings);
    await api.listApiKeys();
    await api.createApiKey("Stock script", "service");
    await api.revokeApiKey(3);
    await api.listWebhooks();
    await api.addWebhook("https://hooks.example.com/in", ["order.created", "sync.failed"]);
    await api.removeWebhook(2);
    await api.webhookDeliveries(2, 50);
    await api.webhookDeliveries(null, 10);
    await api.redeliverWebhook(9);
    await api.metricsHistory();
    expect(calls).toEqual([
      ["api_server_status", {}],
      ["set_api_server", { settings }],
      ["list_api_keys", {}],
      ["create_api_key", { name: "Stock script", role: "service" }],
      ["revoke_api_key", { id: 3 }],
      ["list_webhooks", {}],
      ["add_webhook", { url: "https://hooks.example.com/in", events: ["order.created", "sync.failed"] }],
      ["remove_webhook", { id: 2 }],
      ["webhook_deliveries", { webhookId: 2, limit: 50 }],
      ["webhook_deliveries", { webhookId: null, limit: 10 }],
      ["redeliver_webhook", { id: 9 }],
      ["metrics_history", {}],
    ]);
  });

  it("normalises a refusal to ApiError", async () => {
    mockIPC(() => {
      throw { code: "invalid_input", message: "a key needs a name" };
    });
    await expect(api.createApiKey("", "viewer")).rejects.toEqual({ code: "invalid_input", message: "a key needs a name" });
  });
});

describe("backups", () => {
  it("sends the argument names of docs/ipc.md", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    await api.listBackups();
    await api.backUpNow();
    await api.getBackupSettings();
    await api.setBackupSettings({ second_folder: "/media/usb" });
    await api.setBackupSettings({ second_folder: null });
    await api.restoreBackup("/d/backups/storedesk-daily-20260512T091200000Z.db");
    expect(calls).toEqual([
      ["list_backups", {}],
      ["back_up_now", {}],
      ["get_backup_settings", {}],
      ["set_backup_settings", { settings: { second_folder: "/media/usb" } }],
      ["set_backup_settings", { settings: { second_folder: null } }],
      ["restore_backup", { path: "/d/backups/storedesk-daily-20260512T091200000Z.db" }],
    ]);
  });

  it("knows db_in_use as an error code", async () => {
    mockIPC(() => {
      throw { code: "db_in_use", message: "storedesk is running on this data directory" };
    });
    await expect(api.restoreBackup("/x.db")).rejects.toEqual({ code: "db_in_use", message: "storedesk is running on this data directory" });
  });
});
