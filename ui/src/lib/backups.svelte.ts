// Backups of the database: what a copy holds in words, why a restore was refused, and starting the app
// again once a copy is restored. After restore_backup the backend serves the restored database (and has
// restarted the background sync), while every view, store and Undo here still holds what the replaced one
// said: App then drops its whole shell and starts again from startup_state, as after reset_database.
import type { ApiError } from "../bindings/ApiError";
import type { BackupContents } from "../bindings/BackupContents";
import type { BackupEntry } from "../bindings/BackupEntry";
import type { BackupKind } from "../bindings/BackupKind";
import type { Restored } from "../bindings/Restored";
import { toApiError } from "./api";
import { dismissUndo } from "./editing.svelte";
import { t, tp, type MessageKey } from "./i18n";

/** Every kind, for checking the labels; `AllKinds` fails to compile when the backend adds one. */
export const BACKUP_KINDS = ["daily", "manual", "pre_migration"] as const satisfies readonly BackupKind[];
type AllKinds<Missing extends never> = Missing;
export type BackupKindsComplete = AllKinds<Exclude<BackupKind, (typeof BACKUP_KINDS)[number]>>;

export const kindLabel = (k: BackupKind) => t(`backups.kind.${k}` as MessageKey);

/**
 * What a copy holds, in the order a person checks it: "3 shops · 1,204 products · 88 orders · 2 pending
 * edits · 5,310 offer history rows" (API keys only when there are some: most people have none).
 */
export function holdsText(c: BackupContents): string {
  const parts = [
    tp("shops.count", c.shops),
    tp("products.count", c.products),
    tp("orders.count", c.orders),
    tp("backups.pendingEdits", c.pending_edits),
    tp("backups.offerRows", c.offer_history_rows),
  ];
  if (c.api_keys > 0) parts.push(tp("backups.apiKeys", c.api_keys));
  return parts.join(" · ");
}

/** A refused restore as an ApiError to show: `db_in_use` says what to do, in the person's language. */
export function restoreRefusal(e: unknown): ApiError {
  const err = toApiError(e);
  return err.code === "db_in_use" ? { code: err.code, message: t("backups.inUse") } : err;
}

/** The last restore, said by Settings → Backups once it is mounted again on the restored data. */
export const restoreNotice = $state<{ last: { copy: BackupEntry; restored: Restored } | null }>({ last: null });

let reopen: (() => Promise<void>) | null = null;

/** App: how to start again on the restored data. Returns the function that lets go. */
export function onReopen(fn: () => Promise<void>): () => void {
  reopen = fn;
  return () => {
    if (reopen === fn) reopen = null;
  };
}

/**
 * After a restore from Settings: keeps what happened for the notice, drops the Undo of an edit of the
 * replaced data, and starts the app again. False when there is no App to do it (a section rendered alone).
 */
export async function afterRestore(copy: BackupEntry, restored: Restored): Promise<boolean> {
  restoreNotice.last = { copy, restored };
  dismissUndo();
  if (!reopen) return false;
  await reopen();
  return true;
}
