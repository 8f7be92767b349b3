// Re-running visible queries while a background sync stores records.
import type { SyncResource } from "../bindings/SyncResource";
import { onDataChanged, onSyncProgress } from "./api";
import { coalesce } from "./table";

/** Quiet time before a reload, and the longest a steady stream of events delays it. */
export const REFRESH_WAIT_MS = 300;
export const REFRESH_MAX_WAIT_MS = 1500;

/**
 * Calls `reload` (coalesced) after `data-changed` events naming one of `resources` (null: any).
 * Returns the function that stops following.
 */
export function followDataChanges(resources: readonly SyncResource[] | null, reload: () => void): () => void {
  const run = coalesce(reload, REFRESH_WAIT_MS, REFRESH_MAX_WAIT_MS);
  const stop = onDataChanged((changed) => {
    // A payload that is not a list names nothing in particular: reload.
    if (!resources || !Array.isArray(changed) || changed.some((r) => resources.includes(r))) run();
  });
  return () => {
    stop();
    run.cancel();
  };
}

/**
 * Calls `reload` (coalesced) when a sync job ends (its `sync-progress` event with `finished`) and,
 * with `started`, also when a job not seen before reports its first page.
 */
export function followFinishedRuns(reload: () => void, { started = false } = {}): () => void {
  const run = coalesce(reload, REFRESH_WAIT_MS, REFRESH_MAX_WAIT_MS);
  const seen = new Set<number>();
  const stop = onSyncProgress((p) => {
    if (!p) return;
    const isNew = !seen.has(p.run_id);
    if (isNew) {
      seen.add(p.run_id);
      if (seen.size > 1000) seen.delete(seen.values().next().value as number);
    }
    if (p.finished || (started && isNew)) run();
  });
  return () => {
    stop();
    run.cancel();
  };
}
