import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "../App.svelte";
import type { BackupEntry } from "../bindings/BackupEntry";
import type { BackupOverview } from "../bindings/BackupOverview";
import type { BackupSettings } from "../bindings/BackupSettings";
import { restoreNotice } from "../lib/backups.svelte";
import { formatDateTime } from "../lib/i18n";
import { navigate } from "../lib/nav.svelte";
import { resetSettingsForTests } from "../lib/settings.svelte";
import { backupContents, backupEntry, backupOverview, mockBackend, type Call, type Handler } from "../test/fixtures";
import BackupsSection from "./BackupsSection.svelte";
import SettingsView from "./SettingsView.svelte";

const argsOf = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const count = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).length;
const rows = () => screen.queryAllByTestId("backup-row");
/** Intl separates some parts with no-break spaces; compare with plain ones. */
const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ").trim();

const T0 = Date.UTC(2026, 4, 12, 12, 10);
const HOUR = 3_600_000;
const daily = backupEntry("daily", T0);
const manual = backupEntry("manual", T0 - 30 * HOUR, { contents: backupContents({ products: 1100, pending_edits: 1 }), size_bytes: 2_500_000_000 });
const beforeUpdate = backupEntry("pre_migration", T0 - 80 * HOUR, { contents: backupContents({ schema_version: 13, shops: 1 }) });
const damaged = backupEntry("daily", T0 - 50 * HOUR, { contents: null, problem: "database disk image is malformed" });
const THE_HOLDS = "3 shops · 1,204 products · 88 orders · 2 pending edits · 5,310 offer history rows";

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({
    list_backups: () => backupOverview([daily, manual, damaged, beforeUpdate]),
    get_backup_settings: () => ({ second_folder: null }),
    ...extra,
  });
}

afterEach(() => {
  restoreNotice.last = null;
  resetSettingsForTests();
  navigate("dashboard");
});

describe("Settings → Backups: the copies", () => {
  it("is part of Settings", async () => {
    backend({ get_provider_app: () => null });
    render(SettingsView);
    const section = await screen.findByTestId("backups-section");
    expect(within(section).getByRole("heading", { level: 2 }).textContent).toBe("Backups");
    await waitFor(() => expect(within(section).getAllByTestId("backup-row")).toHaveLength(4));
  });

  it("lists the copies newest first with their time, kind, size and what each holds, and where they live", async () => {
    // Out of order on purpose: the list is newest first whatever comes.
    backend({ list_backups: () => backupOverview([beforeUpdate, manual, daily]) });
    render(BackupsSection);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows().map((r) => r.dataset.kind)).toEqual(["daily", "manual", "pre_migration"]);
    expect(screen.getByTestId("backup-folder").textContent).toBe("/home/ana/.local/share/storedesk/backups");

    const [first, second, third] = rows();
    const cell = (row: HTMLElement, col: string) => plain(row.querySelector(`[data-col="${col}"]`)?.textContent);
    expect(cell(first, "taken")).toContain(plain(formatDateTime(T0)));
    expect(cell(first, "kind")).toBe("Daily");
    expect(cell(first, "size")).toBe("1.2 MB");
    expect(cell(first, "holds")).toBe(THE_HOLDS);
    expect(cell(second, "kind")).toBe("Made by you");
    expect(cell(second, "size")).toBe("2.5 GB");
    expect(cell(second, "holds")).toBe("3 shops · 1,100 products · 88 orders · 1 pending edit · 5,310 offer history rows");
    expect(cell(third, "kind")).toBe("Before an update");
    expect(cell(third, "holds")).toContain("1 shop ·");
    // Retention, said briefly.
    const section = screen.getByTestId("backups-section");
    expect(section.textContent).toContain("last 7 days and 4 weeks");
    expect(section.textContent).toContain("30 days");
    for (const r of rows()) expect(within(r).getByTestId("backup-restore")).toBeTruthy();
  });

  it("says why a copy cannot be read and offers no Restore for it", async () => {
    backend();
    render(BackupsSection);
    await waitFor(() => expect(rows()).toHaveLength(4));
    const bad = rows().find((r) => r.dataset.path === damaged.path) as HTMLElement;
    expect(bad.dataset.readable).toBe("false");
    expect(within(bad).getByTestId("backup-problem").textContent).toBe("Cannot be read: database disk image is malformed");
    expect(within(bad).queryByTestId("backup-restore")).toBeNull();
    expect(screen.getAllByTestId("backup-restore")).toHaveLength(3);
  });

  it("says so when the copies cannot be read at all", async () => {
    backend({
      list_backups: () => {
        throw { code: "db_io", message: "backups: permission denied" };
      },
    });
    render(BackupsSection);
    expect((await screen.findByTestId("backups-error")).textContent).toContain("backups: permission denied");
  });
});

describe("Settings → Backups: restoring", () => {
  it("asks first, naming what is replaced, and restores only once confirmed", async () => {
    const calls = backend({
      restore_backup: () => ({ previous_kept_as: "/home/ana/.local/share/storedesk/storedesk.db.before-restore-20260512T1300", contents: backupContents() }),
    });
    render(BackupsSection);
    await waitFor(() => expect(rows()).toHaveLength(4));
    const time = plain(formatDateTime(daily.taken_at));
    const restoreButton = within(rows()[0]).getByTestId("backup-restore");
    expect(plain(restoreButton.getAttribute("aria-label"))).toBe(`Restore the copy of ${time}`);

    await fireEvent.click(restoreButton);
    let dialog = screen.getByTestId("confirm");
    expect(plain(within(dialog).getByRole("heading").textContent)).toBe(`Restore the copy of ${time}?`);
    const said = plain(dialog.textContent);
    expect(said).toContain("The data storedesk has now is replaced by this copy");
    expect(said).toContain(`${time} · Daily`);
    expect(said).toContain(THE_HOLDS);
    expect(said).toContain("The current database is not deleted: it is kept aside");
    expect(said).toContain("A sync then brings back what changed at the shops since the copy was taken");

    // Cancelled: nothing restored.
    await fireEvent.click(within(dialog).getByTestId("confirm-cancel"));
    expect(screen.queryByTestId("confirm")).toBeNull();
    expect(count(calls, "restore_backup")).toBe(0);

    await fireEvent.click(within(rows()[0]).getByTestId("backup-restore"));
    dialog = screen.getByTestId("confirm");
    expect(count(calls, "restore_backup")).toBe(0);
    await fireEvent.click(within(dialog).getByTestId("confirm-ok"));
    await waitFor(() => expect(argsOf(calls, "restore_backup")).toEqual([{ path: daily.path }]));
    await waitFor(() => expect(screen.queryByTestId("confirm")).toBeNull());
    const notice = await screen.findByTestId("backup-restored");
    expect(plain(notice.textContent)).toContain(`The copy of ${time} was restored: ${THE_HOLDS}.`);
    expect(notice.textContent).toContain("kept as /home/ana/.local/share/storedesk/storedesk.db.before-restore-20260512T1300");
  });

  it("shows a refusal in the dialog, saying what to do when another storedesk uses the data", async () => {
    const calls = backend({
      restore_backup: () => {
        throw { code: "db_in_use", message: "storedesk is running on this data directory (process 4242); quit it before restoring" };
      },
    });
    render(BackupsSection);
    await waitFor(() => expect(rows()).toHaveLength(4));
    await fireEvent.click(within(rows()[1]).getByTestId("backup-restore"));
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    const alert = await within(screen.getByTestId("confirm")).findByRole("alert");
    expect(alert.textContent).toContain("Another storedesk program is using this data");
    expect(alert.textContent).not.toContain("process 4242");
    expect(argsOf(calls, "restore_backup")).toEqual([{ path: manual.path }]);
    // Nothing happened: the dialog stays, no notice.
    expect(screen.getByTestId("confirm")).toBeTruthy();
    expect(screen.queryByTestId("backup-restored")).toBeNull();
  });

  it("shows a damaged copy's refusal as the backend says it", async () => {
    backend({
      restore_backup: () => {
        throw { code: "db_corrupt", message: "the copy is damaged: database disk image is malformed" };
      },
    });
    render(BackupsSection);
    await waitFor(() => expect(rows()).toHaveLength(4));
    await fireEvent.click(within(rows()[0]).getByTestId("backup-restore"));
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    const alert = await within(screen.getByTestId("confirm")).findByRole("alert");
    expect(alert.textContent).toContain("the copy is damaged: database disk image is malformed");
  });

  it("starts the app again on the restored data, as after a reset", async () => {
    let restored = false;
    const calls = mockBackend({
      startup_state: () => ({ state: "ready", data_dir: "/d" }),
      list_backups: () => backupOverview(restored ? [daily, manual] : [daily, manual, beforeUpdate]),
      get_backup_settings: () => ({ second_folder: null }),
      restore_backup: () => {
        restored = true;
        return { previous_kept_as: "/d/storedesk.db.before-restore-1", contents: manual.contents };
      },
    });
    navigate("settings");
    render(App);
    await waitFor(() => expect(rows()).toHaveLength(3));
    const firstSection = screen.getByTestId("backups-section");
    expect(count(calls, "startup_state")).toBe(1);

    await fireEvent.click(within(rows()[1]).getByTestId("backup-restore"));
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() => expect(count(calls, "startup_state")).toBe(2));
    // A new shell: Settings mounted again reads the restored data and says what happened.
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId("backups-section")).not.toBe(firstSection);
    expect(screen.getByTestId("backup-restored").textContent).toContain("kept as /d/storedesk.db.before-restore-1");
    expect(screen.getByTestId("page-title").textContent).toBe("Settings");
  });
});

describe("Settings → Backups: back up now", () => {
  it("takes a copy, names it and shows it in the list", async () => {
    const fresh = backupEntry("manual", T0 + HOUR);
    let copies: BackupEntry[] = [daily];
    let answer: (v: unknown) => void = () => {};
    const calls = backend({
      list_backups: () => backupOverview(copies),
      back_up_now: () =>
        new Promise((r) => {
          answer = r;
        }),
    });
    render(BackupsSection);
    await waitFor(() => expect(rows()).toHaveLength(1));
    const button = screen.getByTestId("backup-now") as HTMLButtonElement;
    expect(button.textContent?.trim()).toBe("Back up now");
    await fireEvent.click(button);
    // Busy until the copy is taken.
    expect(button.disabled).toBe(true);
    expect(button.textContent?.trim()).toBe("Backing up…");
    copies = [fresh, daily];
    answer({ copy: fresh, second_copy: null, second_problem: null });

    const taken = await screen.findByTestId("backup-taken");
    expect(taken.textContent).toContain(`Copy taken: ${fresh.file_name}`);
    expect(screen.queryByTestId("backup-second-problem")).toBeNull();
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0].dataset.path).toBe(fresh.path);
    expect(rows()[0].dataset.kind).toBe("manual");
    expect(button.disabled).toBe(false);
    expect(count(calls, "back_up_now")).toBe(1);
  });

  it("warns when the copy could not be put in the second folder", async () => {
    const fresh = backupEntry("manual", T0 + HOUR);
    backend({
      back_up_now: () => ({ copy: fresh, second_copy: null, second_problem: "/media/usb: No space left on device (os error 28)" }),
    });
    render(BackupsSection);
    await fireEvent.click(screen.getByTestId("backup-now"));
    const warning = await screen.findByTestId("backup-second-problem");
    expect(warning.getAttribute("role")).toBe("alert");
    expect(warning.textContent).toContain("could not be put in the second folder: /media/usb: No space left on device (os error 28)");
    expect(screen.getByTestId("backup-taken").textContent).toContain(fresh.file_name);
  });

  it("says why a copy could not be taken", async () => {
    backend({
      back_up_now: () => {
        throw { code: "database", message: "the database could not be copied: disk full" };
      },
    });
    render(BackupsSection);
    await fireEvent.click(screen.getByTestId("backup-now"));
    expect((await screen.findByTestId("backup-now-error")).textContent).toContain("disk full");
    expect(screen.queryByTestId("backup-taken")).toBeNull();
  });
});

describe("Settings → Backups: the second folder", () => {
  it("shows the backend's refusal under the field and keeps what was typed", async () => {
    let settings: BackupSettings = { second_folder: null };
    const calls = backend({
      get_backup_settings: () => settings,
      set_backup_settings: (a) => {
        const s = a.settings as BackupSettings;
        if (s.second_folder !== null && !s.second_folder.startsWith("/")) throw { code: "invalid_input", message: `${s.second_folder} is not an absolute path` };
        settings = s;
        return settings;
      },
    });
    render(BackupsSection);
    const field = screen.getByTestId("backup-second-folder") as HTMLInputElement;
    await waitFor(() => expect(field.disabled).toBe(false));
    expect(screen.getByLabelText("Second folder")).toBe(field);
    expect(field.value).toBe("");

    await fireEvent.input(field, { target: { value: "usb/storedesk" } });
    await fireEvent.click(screen.getByTestId("backup-second-save"));
    const error = await screen.findByTestId("backup-second-error");
    expect(error.textContent).toBe("usb/storedesk is not an absolute path");
    expect(field.value).toBe("usb/storedesk");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(field.getAttribute("aria-describedby")).toContain("backup-second-error");
    expect(argsOf(calls, "set_backup_settings")).toEqual([{ settings: { second_folder: "usb/storedesk" } }]);

    // Fixed: saved, and the copies read again (the new folder's).
    const listed = count(calls, "list_backups");
    await fireEvent.input(field, { target: { value: "/media/ana/USB/storedesk" } });
    await fireEvent.click(screen.getByTestId("backup-second-save"));
    await waitFor(() => expect(screen.getByTestId("backup-second-saved").textContent).toContain("Saved"));
    expect(screen.queryByTestId("backup-second-error")).toBeNull();
    expect(field.getAttribute("aria-invalid")).toBe("false");
    expect(argsOf(calls, "set_backup_settings")[1]).toEqual({ settings: { second_folder: "/media/ana/USB/storedesk" } });
    await waitFor(() => expect(count(calls, "list_backups")).toBe(listed + 1));

    // Clear: no second folder.
    await fireEvent.click(screen.getByTestId("backup-second-clear"));
    await waitFor(() => expect(argsOf(calls, "set_backup_settings")[2]).toEqual({ settings: { second_folder: null } }));
    await waitFor(() => expect(field.value).toBe(""));
    expect(screen.getByTestId("backup-second-saved").textContent).toContain("copies are only in the data folder");
  });

  it("lists the second folder's copies under their own heading, and says when it cannot be read", async () => {
    const usb = "/media/ana/USB/storedesk";
    const onUsb = backupEntry("daily", T0, { path: `${usb}/${daily.file_name}` });
    let overview: BackupOverview = backupOverview([daily, manual], { second_folder: usb, second_copies: [onUsb] });
    backend({ list_backups: () => overview, get_backup_settings: () => ({ second_folder: usb }) });
    const { unmount } = render(BackupsSection);
    const second = await screen.findByTestId("backup-second-copies");
    expect(screen.getByRole("heading", { name: "Copies in the second folder" })).toBeTruthy();
    expect(within(second).getAllByTestId("backup-row").map((r) => r.dataset.path)).toEqual([onUsb.path]);
    expect(within(second).getByTestId("backup-restore")).toBeTruthy();
    await waitFor(() => expect((screen.getByTestId("backup-second-folder") as HTMLInputElement).value).toBe(usb));
    expect(screen.queryByTestId("backup-second-unreadable")).toBeNull();
    unmount();

    overview = backupOverview([daily], { second_folder: usb, second_folder_problem: `${usb}: No such file or directory (os error 2)` });
    render(BackupsSection);
    const problem = await screen.findByTestId("backup-second-unreadable");
    expect(problem.textContent).toContain("The second folder cannot be read: /media/ana/USB/storedesk: No such file or directory");
    expect(screen.queryByTestId("backup-second-copies")).toBeNull();
  });
});
