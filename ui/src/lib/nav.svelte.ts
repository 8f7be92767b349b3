import { readSaved, restoreFields, save } from "./restore";

export type ViewName =
  | "dashboard"
  | "shops"
  | "products"
  | "catalogue"
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
  "catalogue",
  "offers",
  "orders",
  "shipments",
  "warehouse",
  "activity",
  "settings",
];

export type ActivityTab = "runs" | "quarantine" | "outbox" | "metrics";
export const ACTIVITY_TABS: ActivityTab[] = ["runs", "quarantine", "outbox", "metrics"];

/** Where the page starts: where the person was when the window closed (lib/restore.ts), else the dashboard. */
const where = restoreFields<{ view: ViewName; activityTab: ActivityTab }>(
  { view: "dashboard", activityTab: "runs" },
  readSaved("where"),
  {
    view: (v) => VIEWS.includes(v as ViewName),
    activityTab: (v) => ACTIVITY_TABS.includes(v as ActivityTab),
  },
);

export const nav = $state<{ view: ViewName }>({ view: where.view });

export function navigate(view: ViewName): void {
  nav.view = view;
}

/**
 * The Activity tab to show (kept while the person moves between views) and, when set, the listing
 * whose edits the outbox shows ("See its changes" in a product's detail).
 */
export const activityNav = $state<{ tab: ActivityTab; productId: number | null; productTitle: string | null }>({
  tab: where.activityTab,
  productId: null,
  productTitle: null,
});

/** Activity, on the outbox (e.g. from the sidebar's "changes waiting"). */
export function openOutbox(): void {
  activityNav.tab = "outbox";
  nav.view = "activity";
}

/** Saves the view and the Activity tab whenever they change. Called once, by the app's root component. */
export function rememberWhere(): void {
  $effect(() => save("where", { view: nav.view, activityTab: activityNav.tab }));
}
