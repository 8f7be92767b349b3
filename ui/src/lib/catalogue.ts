// The catalogue as the UI sees it: its filters (in the chips' order) and the keys that tell its rows and
// listings apart (an unbound row has no item id, and one listing can hold several variants).
import type { CatalogueFilter } from "../bindings/CatalogueFilter";
import type { CatalogueListing } from "../bindings/CatalogueListing";
import type { CatalogueRow } from "../bindings/CatalogueRow";
import type { ListingUnit } from "../bindings/ListingUnit";

export const CATALOGUE_FILTERS = ["items", "differs", "unbound", "problems"] as const satisfies readonly CatalogueFilter[];
type AllFilters<Missing extends never> = Missing;
export type CatalogueFiltersComplete = AllFilters<Exclude<CatalogueFilter, (typeof CATALOGUE_FILTERS)[number]>>;

/** The unit link_listing / unlink_listing name: the listing, and its variant when it has variants. */
export function unitOf(l: CatalogueListing): ListingUnit {
  return { shop_id: l.shop_id, remote_id: l.remote_id, variation_id: l.variation_id };
}

export function unitKey(l: CatalogueListing): string {
  return `${l.shop_id}|${l.remote_id}|${l.variation_id ?? ""}`;
}

/** An item by its id; an unbound row (one listing) by its unit. */
export function rowKey(r: CatalogueRow): string {
  return r.item_id !== null ? `item:${r.item_id}` : `unit:${r.listings.length > 0 ? unitKey(r.listings[0]) : r.title}`;
}
