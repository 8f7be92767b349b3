// Dev-only: the demo backend's backups (Settings → Backups and the start screen of `?demo&dberror`), in
// memory, behaving like crates/core/src/backup: a week of daily copies and two weekly ones, a copy made by
// a person, one taken before an update (an older schema) and a damaged one; "Back up now" adds a copy.
// `&secondfolder`: a second folder on a USB drive holding some of them (`&secondgone`: the drive is not
// plugged in). A second folder must be a full path under /media, /mnt, /Volumes or /home/ana (elsewhere it
// "is not there"), outside the data directory; one whose path contains "full" takes no copy (disk full).
// `&inuse`: restoring is refused as another storedesk process has the data directory open. Never part of
// the build.
import type { BackupContents } from "../bindings/BackupContents";
import type { BackupEntry } from "../bindings/BackupEntry";
import type { BackupKind } from "../bindings/BackupKind";
import type { BackupOverview } from "../bindings/BackupOverview";
import type { BackupSettings } from "../bindings/BackupSettings";
import type { BackupTaken } from "../bindings/BackupTaken";
import type { Restored } from "../bindings/Restored";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SCHEMA = 14;
const invalid = (message: string) => ({ code: "invalid_input", message });
const delay = <T>(ms: number, f: () => T): Promise<T> =>
  new Promise((resolve, reject) => setTimeout(() => {
    try {
      resolve(f());
    } catch (e) {
      reject(e);
    }
  }, ms));

/** `storedesk-<kind>-<UTC time>.db`, as crates/core/src/backup/files.rs names copies. */
function fileName(kind: BackupKind, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, "").replace(".", "");
  return `storedesk-${kind === "pre_migration" ? "pre-migration" : kind}-${stamp}.db`;
}

/** What the demo's data held `daysAgo` days ago (it grows day by day). */
function contentsAt(daysAgo: number, over: Partial<BackupContents> = {}): BackupContents {
  const d = Math.floor(daysAgo);
  return {
    schema_version: SCHEMA,
    shops: d > 12 ? 4 : 5,
    products: 1_000_000 - d * 1_204,
    orders: 25_000 - d * 88,
    pending_edits: (d * 3) % 7,
    offer_history_rows: Math.max(0, 5_310 - d * 310),
    api_keys: d > 5 ? 2 : 3,
    ...over,
  };
}

export function createBackupsSim(now: number, search: string, dataDir: string) {
  const folder = `${dataDir}/backups`;
  let secondFolder: string | null = search.includes("secondfolder") || search.includes("secondgone") ? "/media/ana/KINGSTON/storedesk" : null;
  const secondGone = search.includes("secondgone");

  function entry(dir: string, kind: BackupKind, at: number, contents: BackupContents | null, problem: string | null = null): BackupEntry {
    const name = fileName(kind, at);
    const size = contents ? 900_000_000 + contents.products * 280 + contents.offer_history_rows * 64 : 412_316_672;
    return { file_name: name, path: `${dir}/${name}`, kind, taken_at: at, size_bytes: size, contents, problem };
  }

  // The daily copy is taken a little after 9 in the morning, when storedesk is opened.
  const morning = new Date(now);
  morning.setHours(9, 12, 0, 0);
  const today = morning.getTime() <= now ? morning.getTime() : morning.getTime() - DAY;
  const copies: BackupEntry[] = [
    ...[0, 1, 2, 4, 5, 6, 14, 21].map((d) => entry(folder, "daily", today - d * DAY, contentsAt(d))),
    entry(folder, "daily", today - 3 * DAY, null, `${folder}/${fileName("daily", today - 3 * DAY)} is damaged: database disk image is malformed`),
    entry(folder, "manual", today - 4 * DAY + 7 * HOUR, contentsAt(4, { pending_edits: 2 })),
    entry(folder, "pre_migration", today - 12 * DAY + 2 * HOUR, contentsAt(12, { schema_version: SCHEMA - 1 })),
  ];
  const second: BackupEntry[] = copies
    .filter((c) => c.contents !== null && c.taken_at > today - 3 * DAY)
    .map((c) => entry("/media/ana/KINGSTON/storedesk", c.kind, c.taken_at, c.contents));

  const sorted = (list: BackupEntry[]) => [...list].sort((a, b) => b.taken_at - a.taken_at).map((c) => ({ ...c }));

  function overview(): BackupOverview {
    const problem = secondFolder && secondGone ? `${secondFolder}: No such file or directory (os error 2)` : null;
    return {
      folder,
      copies: sorted(copies),
      second_folder: secondFolder,
      second_copies: secondFolder && !secondGone ? sorted(second.filter((c) => c.path.startsWith(`${secondFolder}/`))) : [],
      second_folder_problem: problem,
    };
  }

  function backUpNow(): BackupTaken {
    const at = Date.now();
    const copy = entry(folder, "manual", at, contentsAt(0));
    copies.push(copy);
    if (!secondFolder) return { copy, second_copy: null, second_problem: null };
    if (secondGone) return { copy, second_copy: null, second_problem: `${secondFolder}: No such file or directory (os error 2)` };
    if (secondFolder.includes("full")) return { copy, second_copy: null, second_problem: `${secondFolder}: No space left on device (os error 28)` };
    const copied = entry(secondFolder, "manual", at, copy.contents);
    second.push(copied);
    return { copy, second_copy: copied, second_problem: null };
  }

  function setSettings(s: BackupSettings): BackupSettings {
    const f = s.second_folder?.trim() || null;
    if (f !== null) {
      const windows = /^[A-Za-z]:\\/.test(f);
      if (!f.startsWith("/") && !windows) throw invalid(`${f} is not an absolute path: give the whole path of the folder`);
      if (f === dataDir || f.startsWith(`${dataDir}/`)) throw invalid(`${f} is inside the data directory: a copy there is lost with it`);
      if (!windows && !/^\/(media|mnt|Volumes)\/|^\/home\/ana\//.test(f)) throw invalid(`${f} is not there: No such file or directory (os error 2)`);
    }
    secondFolder = f;
    return { second_folder: secondFolder };
  }

  function restore(path: string): Restored {
    if (search.includes("inuse")) {
      throw { code: "db_in_use", message: "storedesk is running on this data directory (process 48213); quit it before restoring, so nothing writes to the database while it is replaced" };
    }
    const copy = [...copies, ...second].find((c) => c.path === path);
    if (!copy) throw { code: "db_io", message: `${path}: No such file or directory (os error 2)` };
    if (!copy.contents) throw { code: "db_corrupt", message: copy.problem ?? `${path} is damaged` };
    const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
    return { previous_kept_as: `${dataDir}/storedesk.db.before-restore-${stamp}`, contents: { ...copy.contents } };
  }

  return {
    /** The newest copy that can be read: what the start screen offers. */
    newestGood(): BackupEntry | null {
      return sorted(copies).find((c) => c.contents !== null) ?? null;
    },
    /** The answer to one of the backups' commands; undefined when the command is not one of them. */
    call(cmd: string, a: Record<string, unknown>): { value: unknown } | undefined {
      switch (cmd) {
        case "list_backups":
          return { value: delay(120, overview) };
        case "back_up_now":
          return { value: delay(900, backUpNow) };
        case "get_backup_settings":
          return { value: { second_folder: secondFolder } };
        case "set_backup_settings":
          return { value: delay(200, () => setSettings(a.settings as BackupSettings)) };
        case "restore_backup":
          return { value: delay(1200, () => restore(String(a.path ?? ""))) };
        default:
          return undefined;
      }
    },
  };
}
