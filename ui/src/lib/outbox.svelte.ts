// The outbox as the sidebar and the offline notes see it: the counts (outbox_counts at start, then
// each `outbox-changed`) and, for shops that cannot be reached, how many of their edits wait.
// Components call `retainOutbox()` when they mount: the first loads and subscribes, the last to let
// go unsubscribes and forgets.
import type { OutboxCounts } from "../bindings/OutboxCounts";
import { api, onOutboxChanged } from "./api";
import { coalesce } from "./table";

type OutboxStore = {
  counts: OutboxCounts | null;
  /** Edits waiting to be sent, per shop asked for with `watchShopWaiting` (500 means 500 or more). */
  byShop: Record<number, number>;
};

export const outboxStore = $state<OutboxStore>({ counts: null, byShop: {} });

/** list_outbox's largest page: a shop with more waiting edits shows "500+". */
export const WAITING_MAX = 500;

let users = 0;
let stop: (() => void) | null = null;
let epoch = 0;
/** Changes with every counts applied: a slower outbox_counts answer never replaces a newer event. */
let countsSeq = 0;
/** Shops whose waiting edits are followed, with how many watchers each. */
const watched = new Map<number, number>();
const reloadShops = coalesce(() => void loadWatched(), 200, 1000);

export function retainOutbox(): () => void {
  users++;
  if (users === 1) {
    epoch++;
    stop = onOutboxChanged((counts) => {
      applyCounts(counts);
      reloadShops();
    });
    void reloadCounts();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    users--;
    if (users === 0) {
      stop?.();
      stop = null;
      reloadShops.cancel();
      epoch++;
      outboxStore.counts = null;
      outboxStore.byShop = {};
    }
  };
}

export async function reloadCounts(): Promise<void> {
  const e = epoch;
  const seq = countsSeq;
  try {
    const c = await api.outboxCounts();
    if (e === epoch && seq === countsSeq) applyCounts(c);
  } catch {
    // No counts (an older backend, a failing database): the sidebar shows none.
  }
}

export function applyCounts(c: OutboxCounts): void {
  if (!c || typeof c.waiting !== "number") return;
  countsSeq++;
  outboxStore.counts = { waiting: c.waiting, rejected: c.rejected ?? 0, conflict: c.conflict ?? 0 };
}

/** Edits a person has to look at (refused or in conflict). */
export function needsAttention(c: OutboxCounts | null = outboxStore.counts): number {
  return c ? c.rejected + c.conflict : 0;
}

async function loadShop(shopId: number): Promise<void> {
  const e = epoch;
  try {
    const page = await api.listOutbox({ shop_id: shopId, status: "pending", product_id: null, cursor: null, limit: WAITING_MAX });
    if (e === epoch && watched.has(shopId)) outboxStore.byShop[shopId] = page.rows.length;
  } catch {
    // Unknown: the note leaves the count out.
  }
}

async function loadWatched(): Promise<void> {
  await Promise.all([...watched.keys()].map(loadShop));
}

/**
 * Follows how many edits of a shop wait to be sent (for "N changes will be sent when it is back");
 * returns the function that stops (call it once). Needs `retainOutbox` to follow changes.
 */
export function watchShopWaiting(shopId: number): () => void {
  const n = watched.get(shopId) ?? 0;
  watched.set(shopId, n + 1);
  if (n === 0) void loadShop(shopId);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const left = (watched.get(shopId) ?? 1) - 1;
    if (left > 0) watched.set(shopId, left);
    else {
      watched.delete(shopId);
      delete outboxStore.byShop[shopId];
    }
  };
}
