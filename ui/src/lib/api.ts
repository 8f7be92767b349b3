// Typed wrapper around the commands of docs/ipc.md. Every failure is normalised to ApiError.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError } from "../bindings/ApiError";
import type { Dashboard } from "../bindings/Dashboard";
import type { OrderDetail } from "../bindings/OrderDetail";
import type { OrderPage } from "../bindings/OrderPage";
import type { OrderQuery } from "../bindings/OrderQuery";
import type { ProductDetail } from "../bindings/ProductDetail";
import type { ProductPage } from "../bindings/ProductPage";
import type { ProductQuery } from "../bindings/ProductQuery";
import type { ShipmentPage } from "../bindings/ShipmentPage";
import type { ShipmentQuery } from "../bindings/ShipmentQuery";
import type { Shop } from "../bindings/Shop";
import type { StartupState } from "../bindings/StartupState";
import type { SyncRunPage } from "../bindings/SyncRunPage";
import type { SyncRunQuery } from "../bindings/SyncRunQuery";

export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as ApiError).code === "string" &&
    typeof (e as ApiError).message === "string"
  );
}

/** Turns anything a rejected invoke may produce into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: "internal", message: e.message };
  if (typeof e === "string") return { code: "internal", message: e };
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
};

export type Api = typeof api;

/** Page size used by the list views (the backend clamps to 1..=500). */
export const PAGE_SIZE = 100;
