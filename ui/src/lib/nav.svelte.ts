export type ViewName =
  | "dashboard"
  | "shops"
  | "products"
  | "orders"
  | "shipments"
  | "activity"
  | "settings";

export const VIEWS: ViewName[] = [
  "dashboard",
  "shops",
  "products",
  "orders",
  "shipments",
  "activity",
  "settings",
];

export const nav = $state<{ view: ViewName }>({ view: "dashboard" });

export function navigate(view: ViewName): void {
  nav.view = view;
}
