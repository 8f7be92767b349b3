export type ViewName =
  | "dashboard"
  | "shops"
  | "products"
  | "offers"
  | "orders"
  | "shipments"
  | "warehouse"
  | "activity"
  | "settings";

export const VIEWS: ViewName[] = [
  "dashboard",
  "shops",
  "products",
  "offers",
  "orders",
  "shipments",
  "warehouse",
  "activity",
  "settings",
];

export const nav = $state<{ view: ViewName }>({ view: "dashboard" });

export function navigate(view: ViewName): void {
  nav.view = view;
}

export type ActivityTab = "runs" | "quarantine" | "outbox" | "metrics";

/**
 * The Activity tab to show (kept while the person moves between views) and, when set, the listing
 * whose edits the outbox shows ("See its changes" in a product's detail).
 */
export const activityNav = $state<{ tab: ActivityTab; productId: number | null; productTitle: string | null }>({
  tab: "runs",
  productId: null,
  productTitle: null,
});

/** Activity, on the outbox (e.g. from the sidebar's "changes waiting"). */
export function openOutbox(): void {
  activityNav.tab = "outbox";
  nav.view = "activity";
}
