// The warehouse as the sidebar and the Warehouse view see it: the orders needing a person
// (fulfilment_issues at start, then again on `fulfilment-issue`, `data-changed` naming orders and
// `shops-changed`), ref-counted like the sync and outbox stores, and the routing rule in words.
import type { FulfilmentIssue } from "../bindings/FulfilmentIssue";
import type { Shop } from "../bindings/Shop";
import { api, onFulfilmentIssue, onShopsChanged, toApiError } from "./api";
import { hasRole } from "./capabilities";
import { en, t } from "./i18n";
import { followDataChanges, REFRESH_MAX_WAIT_MS, REFRESH_WAIT_MS } from "./refresh";
import { coalesce } from "./table";

/** How many issues are asked for; the sidebar shows "200+" when the answer is that long. */
export const ISSUES_LIMIT = 200;

type WarehouseStore = {
  /** Newest first; null until the first answer. */
  issues: FulfilmentIssue[] | null;
  /** Why the last load failed (the list keeps what it had). */
  error: string | null;
};

export const warehouseStore = $state<WarehouseStore>({ issues: null, error: null });

let users = 0;
let stops: (() => void)[] = [];
let epoch = 0;
let seq = 0;
const reloadSoon = coalesce(() => void reloadIssues(), REFRESH_WAIT_MS, REFRESH_MAX_WAIT_MS);

/** Loads the issues and follows the events that change them; returns the release function. */
export function retainIssues(): () => void {
  users++;
  if (users === 1) {
    epoch++;
    stops = [
      onFulfilmentIssue(() => reloadSoon()),
      onShopsChanged(() => reloadSoon()),
      followDataChanges(["orders"], () => void reloadIssues()),
    ];
    void reloadIssues();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    users--;
    if (users === 0) {
      stops.forEach((stop) => stop());
      stops = [];
      reloadSoon.cancel();
      epoch++;
      warehouseStore.issues = null;
      warehouseStore.error = null;
    }
  };
}

export async function reloadIssues(): Promise<void> {
  const e = epoch;
  const mine = ++seq;
  try {
    const list = await api.fulfilmentIssues(ISSUES_LIMIT);
    if (e !== epoch || mine !== seq) return;
    warehouseStore.issues = Array.isArray(list) ? list : [];
    warehouseStore.error = null;
  } catch (err) {
    if (e === epoch && mine === seq) warehouseStore.error = toApiError(err).message;
  }
}

/** How many orders need a person (ISSUES_LIMIT means that many or more). */
export function issueCount(): number {
  return warehouseStore.issues?.length ?? 0;
}

/** The stores whose orders a warehouse can ship: the sales channels. */
export function isStore(s: Shop): boolean {
  return hasRole(s, "sales_channel");
}

export function isWarehouse(s: Shop): boolean {
  return hasRole(s, "warehouse");
}

/**
 * The routing rule as the backend says it (English), in the current language when it is the rule
 * this UI knows; any other wording is shown as it comes.
 */
export function ruleText(rule: string): string {
  return rule.trim() === en["warehouse.ruleText"] ? t("warehouse.ruleText") : rule.trim();
}

/** "A store's orders go to its warehouse when they are: …". */
export function ruleSentence(rule: string): string {
  return t("warehouse.rule", { rule: ruleText(rule).replace(/\.$/, "") });
}
