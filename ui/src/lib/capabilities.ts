// What a shop is and can do, read from its connector's descriptor (`shop.capabilities`) instead of its
// kind, so a new connector needs no change here. A backend that does not fill the descriptor in (null)
// gets what each kind has always meant.
import type { AuthMethod } from "../bindings/AuthMethod";
import type { Capabilities } from "../bindings/Capabilities";
import type { ChannelRole } from "../bindings/ChannelRole";
import type { KindCapabilities } from "../bindings/KindCapabilities";
import type { Shop } from "../bindings/Shop";
import type { ShopKind } from "../bindings/ShopKind";
import type { SyncResource } from "../bindings/SyncResource";
import { api } from "./api";
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

/**
 * A kind of shop as the Add shop dialog and Settings read it (list_connectors): what its connector
 * declares, or, for a kind storedesk has no connector for yet, the roles the kind has always meant (so
 * the dialog can still list it as coming later).
 */
export type Connector = {
  kind: ShopKind;
  /** storedesk has a connector for this kind: shops of it can be added. */
  available: boolean;
  roles: readonly ChannelRole[];
  /** How a shop of this kind connects; null without a connector. */
  auth: AuthMethod | null;
  /** The sites (countries) one is chosen from when a shop is added; empty: none to choose. */
  sites: readonly string[];
};

export function connectorOf(k: KindCapabilities): Connector {
  const c = k.capabilities;
  return {
    kind: k.kind,
    available: c !== null,
    roles: c?.roles ?? KIND_ROLES[k.kind] ?? [],
    auth: c?.auth ?? null,
    sites: c?.sites ?? [],
  };
}

/**
 * What the dialog and Settings show until list_connectors answers, or when it fails: the connectors
 * storedesk had before it could ask (MercadoLibre the one sales channel, on its sites; Shopify and
 * WooCommerce coming later). Adding a shop stays possible meanwhile; the backend refuses what it cannot do.
 */
export const FALLBACK_CONNECTORS: readonly Connector[] = [
  { kind: "mercadolibre", available: true, roles: ["sales_channel"], auth: "oauth2_pkce", sites: ["MLA", "MLB", "MLM", "MLC", "MCO", "MLU", "MPE"] },
  { kind: "shopify", available: false, roles: ["sales_channel"], auth: null, sites: [] },
  { kind: "woocommerce", available: false, roles: ["sales_channel"], auth: null, sites: [] },
  { kind: "warehouse", available: true, roles: ["warehouse"], auth: "token", sites: [] },
  { kind: "offers", available: true, roles: ["offers_source"], auth: "token", sites: [] },
];

/** Every kind with its connector (list_connectors); the fallback when the backend cannot answer. */
export async function loadConnectors(): Promise<readonly Connector[]> {
  try {
    const list = await api.listConnectors();
    return Array.isArray(list) ? list.map(connectorOf) : FALLBACK_CONNECTORS;
  } catch {
    // Nothing to show the person: the fallback is what the kinds always meant.
    return FALLBACK_CONNECTORS;
  }
}

/** The sales-channel kinds (what the Add shop dialog lists), those without a connector included. */
export function salesChannelKinds(connectors: readonly Connector[]): Connector[] {
  return connectors.filter((c) => c.roles.includes("sales_channel"));
}

/** Shops of this kind connect through an OAuth app the person registers (its client id and secret go in Settings). */
export function usesProviderApp(c: Connector): boolean {
  return c.available && (c.auth === "oauth2_pkce" || c.auth === "oauth2_signed_callback");
}
