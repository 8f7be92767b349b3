// What a shop is and can do, read from its connector's descriptor (`shop.capabilities`) instead of its
// kind, so a new connector needs no change here. A backend that does not fill the descriptor in (null)
// gets what each kind has always meant.
import type { Capabilities } from "../bindings/Capabilities";
import type { ChannelRole } from "../bindings/ChannelRole";
import type { Shop } from "../bindings/Shop";
import type { ShopKind } from "../bindings/ShopKind";
import type { SyncResource } from "../bindings/SyncResource";
import { SYNC_RESOURCES } from "./i18n";

/** The roles of each kind before shops carried their capabilities (the fallback only). */
const KIND_ROLES: Record<ShopKind, readonly ChannelRole[]> = {
  mercadolibre: ["sales_channel"],
  shopify: ["sales_channel"],
  woocommerce: ["sales_channel"],
  warehouse: ["warehouse"],
  offers: ["offers_source"],
};

export function shopRoles(s: Shop): readonly ChannelRole[] {
  return s.capabilities?.roles ?? KIND_ROLES[s.kind] ?? [];
}

export function hasRole(s: Shop, role: ChannelRole): boolean {
  return shopRoles(s).includes(role);
}

/**
 * The resources a shop's freshness lists, in the card's order. With capabilities: what the scheduler
 * pulls and what "sync now" runs (an offers service pulls nothing but refreshes its offers on demand),
 * plus the push of edits once a shop that takes edits has reported one (it is no pull). Without them
 * (null): orders, shipments and products always, the rest when the backend reported it.
 */
export function freshnessResources(caps: Capabilities | null, reported: ReadonlySet<SyncResource>): SyncResource[] {
  if (!caps) return SYNC_RESOURCES.filter((r) => (r !== "reconcile" && r !== "push" && r !== "offers") || reported.has(r));
  const synced = new Set<SyncResource>([...caps.pulls, ...caps.on_demand]);
  return SYNC_RESOURCES.filter((r) => synced.has(r) || (r === "push" && caps.edits.length > 0 && reported.has(r)));
}
