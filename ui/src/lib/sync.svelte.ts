// The background sync as every view sees it: the latest SyncOverview (sync_overview at start, then
// each `sync-changed`) with the progress of running jobs kept current by `sync-progress`.
// Components call `retainSync()` when they mount: the first one loads and subscribes, the last one
// to let go unsubscribes and forgets the state.
import type { ShopSync } from "../bindings/ShopSync";
import type { SyncOverview } from "../bindings/SyncOverview";
import type { SyncProgress } from "../bindings/SyncProgress";
import type { SyncState } from "../bindings/SyncState";
import { api, onShopsChanged, onSyncChanged, onSyncProgress, toApiError } from "./api";
import { coalesce } from "./table";

type SyncStore = {
  overview: SyncOverview | null;
  /** sync_overview failed and no overview arrived since. */
  loadError: string | null;
  /** The latest `sync-progress` of each running job, by run id (may be newer than the overview). */
  live: Record<number, SyncProgress>;
  /** Runs whose last (`finished`) progress event came, until an overview no longer lists them. */
  ended: Record<number, true>;
  /**
   * Each shop's last finished sync (list_shops' `last_sync_at`; null: never), or null while unknown.
   * Says "Not synced yet" instead of "Up to date" for a shop that never synced.
   */
  lastSync: Record<number, number | null> | null;
};

export const syncStore = $state<SyncStore>({ overview: null, loadError: null, live: {}, ended: {}, lastSync: null });

/** A running job with the name of its shop. */
export type SyncJob = { progress: SyncProgress; shopName: string };

let users = 0;
let stops: (() => void)[] = [];
/** Changes on every start and stop: answers of an earlier session are dropped. */
let epoch = 0;
/** Changes with every overview applied: a slower sync_overview answer never replaces a newer event. */
let overviewSeq = 0;

/** Keeps the store loaded and following events; returns the function that lets go (call it once). */
export function retainSync(): () => void {
  users++;
  if (users === 1) start();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    users--;
    if (users === 0) stop();
  };
}

const reloadShopsSoon = coalesce(() => void reloadLastSync(), 300, 1500);

function start() {
  epoch++;
  stops = [
    onSyncChanged(applyOverview),
    onSyncProgress((p) => {
      applyProgress(p);
      // A finished job moves its shop's last sync.
      if (p?.finished) reloadShopsSoon();
    }),
    onShopsChanged(reloadShopsSoon),
    () => reloadShopsSoon.cancel(),
  ];
  void reloadOverview();
  void reloadLastSync();
}

/** Reads when each shop last finished a sync. */
export async function reloadLastSync(): Promise<void> {
  const e = epoch;
  try {
    const shops = await api.listShops();
    if (e !== epoch || !Array.isArray(shops)) return;
    syncStore.lastSync = Object.fromEntries(shops.map((s) => [s.id, s.last_sync_at ?? null]));
  } catch {
    // Unknown: the states are shown as the overview says.
  }
}

/**
 * Whether a shop never finished a sync. A shop the list did not have yet (just added) counts as
 * never synced until the list is read again; false while nothing is known (list_shops failed).
 */
export function neverSynced(shopId: number): boolean {
  const known = syncStore.lastSync;
  return known !== null && (known[shopId] ?? null) === null;
}

function stop() {
  for (const s of stops) s();
  stops = [];
  epoch++;
  syncStore.overview = null;
  syncStore.loadError = null;
  syncStore.live = {};
  syncStore.ended = {};
  syncStore.lastSync = null;
}

/** Loads sync_overview again (e.g. after it failed). */
export async function reloadOverview(): Promise<void> {
  const e = epoch;
  const seq = overviewSeq;
  try {
    const o = await api.syncOverview();
    if (e === epoch && seq === overviewSeq) applyOverview(o);
  } catch (err) {
    if (e === epoch && syncStore.overview === null) syncStore.loadError = toApiError(err).message;
  }
}

export function applyOverview(o: SyncOverview): void {
  if (!o || !Array.isArray(o.shops)) return;
  overviewSeq++;
  syncStore.overview = o;
  syncStore.loadError = null;
  // A shop not known yet (just added): read when it last synced.
  const known = syncStore.lastSync;
  if (known !== null && o.shops.some((s) => !(s.shop_id in known))) reloadShopsSoon();
  const listed = new Set(o.shops.flatMap((s) => s.running.map((p) => p.run_id)));
  for (const key of Object.keys(syncStore.ended)) {
    if (!listed.has(Number(key))) delete syncStore.ended[Number(key)];
  }
  // Progress of a job the overview does not list: keep it while its shop is syncing (its events
  // can come before the overview), otherwise it is over.
  for (const key of Object.keys(syncStore.live)) {
    const p = syncStore.live[Number(key)];
    const shop = o.shops.find((s) => s.shop_id === p.shop_id);
    if (!listed.has(p.run_id) && shop?.state !== "syncing") delete syncStore.live[Number(key)];
  }
}

export function applyProgress(p: SyncProgress): void {
  if (!p || typeof p.run_id !== "number") return;
  if (p.finished) {
    delete syncStore.live[p.run_id];
    syncStore.ended[p.run_id] = true;
  } else if (!syncStore.ended[p.run_id]) {
    syncStore.live[p.run_id] = p;
  }
}

/** The whole app's state, or null before the overview is known. */
export function overallState(): SyncState | null {
  return syncStore.overview?.state ?? null;
}

export function shopSync(shopId: number): ShopSync | null {
  return syncStore.overview?.shops.find((s) => s.shop_id === shopId) ?? null;
}

/** Running jobs (of one shop, or of all), with the newest progress known. */
export function runningJobs(shopId?: number): SyncJob[] {
  const o = syncStore.overview;
  const names = new Map((o?.shops ?? []).map((s) => [s.shop_id, s.shop_name]));
  const byRun = new Map<number, SyncProgress>();
  for (const s of o?.shops ?? []) for (const p of s.running) byRun.set(p.run_id, p);
  for (const p of Object.values(syncStore.live)) {
    const known = byRun.get(p.run_id);
    // Events only move forward; an overview may carry a newer count than a late event.
    if (!known || p.records >= known.records) byRun.set(p.run_id, { ...p });
  }
  // A shop that cannot be reached keeps retrying: its tries are not progress to show (no bar at
  // "0 records" coming and going while it stays offline).
  const offline = new Set((o?.shops ?? []).filter(isOffline).map((s) => s.shop_id));
  const jobs: SyncJob[] = [];
  for (const p of byRun.values()) {
    if (syncStore.ended[p.run_id] || p.finished) continue;
    if (shopId !== undefined && p.shop_id !== shopId) continue;
    if (offline.has(p.shop_id) && p.records === 0) continue;
    jobs.push({ progress: p, shopName: names.get(p.shop_id) ?? "" });
  }
  return jobs.sort((a, b) => a.progress.run_id - b.progress.run_id);
}

/** A shop the scheduler cannot reach (it keeps retrying). */
export function isOffline(s: ShopSync): boolean {
  return !s.paused && (s.state === "offline" || (s.offline_since ?? null) !== null);
}

/** sync_now for a shop (null: every shop), all resources. */
export async function syncNow(shopId: number | null): Promise<void> {
  await api.syncNow(shopId, null);
}

/** set_sync_paused for a shop (null: everything); the answer is the new overview. */
export async function setSyncPaused(shopId: number | null, paused: boolean): Promise<void> {
  const o = await api.setSyncPaused(shopId, paused);
  if (users > 0) applyOverview(o);
}
