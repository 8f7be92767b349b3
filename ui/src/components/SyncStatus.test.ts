import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { SyncOverview } from "../bindings/SyncOverview";
import { setLang } from "../lib/i18n";
import { mockBackend, outboxRow, shop, shopSync, syncOverview, syncProgress, type Call } from "../test/fixtures";
import { nav, activityNav } from "../lib/nav.svelte";
import SyncStatus from "./SyncStatus.svelte";

afterEach(() => {
  setLang("en");
  nav.view = "dashboard";
  activityNav.tab = "runs";
});

const calledWith = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);

async function statusText(): Promise<string> {
  const el = await screen.findByTestId("sync-status");
  return el.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

describe("SyncStatus", () => {
  const cases: [string, SyncOverview, string, string][] = [
    ["idle", syncOverview([shopSync()]), "Up to date", "Al día"],
    ["syncing", syncOverview([shopSync({ state: "syncing", running: [syncProgress()] })]), "Syncing", "Sincronizando"],
    ["offline", syncOverview([shopSync({ state: "offline", retry_at: Date.now() + 40_500 })]), "Offline, retrying in 40 s", "Sin conexión, reintento en 40 s"],
    ["error", syncOverview([shopSync({ state: "error", last_error: "HTTP 503" })]), "Error", "Error"],
    ["paused", syncOverview([shopSync({ state: "paused", paused: true })], { paused_all: true }), "Paused", "En pausa"],
  ];

  for (const [state, overview, english, spanish] of cases) {
    it(`shows the ${state} state in words, in English and Spanish`, async () => {
      mockBackend({ sync_overview: () => overview });
      render(SyncStatus);
      await waitFor(() => expect(screen.getByTestId("sync-status").dataset.state).toBe(state));
      expect(await statusText()).toBe(english);
      setLang("es");
      await waitFor(async () => expect(await statusText()).toBe(spanish));
    });
  }

  it("names the failing shop and its error", async () => {
    mockBackend({ sync_overview: () => syncOverview([shopSync({ state: "error", last_error: "HTTP 503 from the API" })]) });
    render(SyncStatus);
    expect((await screen.findByTestId("sync-detail")).textContent).toBe("Tienda Norte: HTTP 503 from the API");
  });

  it("Sync now asks for every shop and every resource", async () => {
    const calls = mockBackend({ sync_overview: () => syncOverview(), sync_now: () => null });
    render(SyncStatus);
    await fireEvent.click(await screen.findByTestId("sync-now"));
    await waitFor(() => expect(calledWith(calls, "sync_now")).toEqual([{ shopId: null, resource: null }]));
  });

  it("Pause pauses everything, then Resume resumes it", async () => {
    let pausedAll = false;
    const overview = () =>
      pausedAll
        ? syncOverview([shopSync({ state: "paused", paused: true })], { paused_all: true })
        : syncOverview([shopSync()]);
    const calls = mockBackend({
      sync_overview: overview,
      set_sync_paused: (a) => {
        pausedAll = a.paused as boolean;
        return overview();
      },
    });
    render(SyncStatus);
    const button = await screen.findByTestId("sync-pause");
    await waitFor(() => expect(button.textContent?.trim()).toBe("Pause"));
    await fireEvent.click(button);
    await waitFor(() => expect(button.textContent?.trim()).toBe("Resume"));
    expect(await statusText()).toBe("Paused");
    expect(calledWith(calls, "set_sync_paused")).toEqual([{ shopId: null, paused: true }]);

    await fireEvent.click(button);
    await waitFor(() => expect(button.textContent?.trim()).toBe("Pause"));
    expect(await statusText()).toBe("Up to date");
    expect(calledWith(calls, "set_sync_paused")).toEqual([
      { shopId: null, paused: true },
      { shopId: null, paused: false },
    ]);
  });

  it("shows a rejected command's message", async () => {
    mockBackend({
      sync_overview: () => syncOverview(),
      sync_now: () => {
        throw { code: "db_unavailable", message: "The database is not open." };
      },
    });
    render(SyncStatus);
    await fireEvent.click(await screen.findByTestId("sync-now"));
    expect((await screen.findByTestId("sync-action-error")).textContent).toBe("The database is not open.");
  });

  it("follows sync-changed and sync-progress", async () => {
    mockBackend({ sync_overview: () => syncOverview() });
    render(SyncStatus);
    await waitFor(async () => expect(await statusText()).toBe("Up to date"));

    await emit("sync-changed", syncOverview([shopSync({ state: "syncing", running: [syncProgress({ records: 10 })] })]));
    await waitFor(async () => expect(await statusText()).toBe("Syncing"));
    const bar = await screen.findByTestId("sync-progress");
    expect(bar.textContent).toContain("Tienda Norte · Orders");
    expect(bar.textContent).toContain("10 of 20,000 records");

    await emit("sync-progress", syncProgress({ records: 5000, pages: 9 }));
    await waitFor(() => expect(screen.getByTestId("sync-progress").textContent).toContain("5,000 of 20,000 records"));
    expect(within(screen.getByTestId("sync-progress")).getByRole("progressbar").getAttribute("value")).toBe("5000");

    // The last event of the run removes its bar, before the next overview comes.
    await emit("sync-progress", syncProgress({ records: 20_000, finished: true }));
    await waitFor(() => expect(screen.queryByTestId("sync-progress")).toBeNull());

    await emit("sync-changed", syncOverview([shopSync({ state: "offline", retry_at: Date.now() + 90_500 })]));
    await waitFor(async () => expect(await statusText()).toBe("Offline, retrying in 1 min 30 s"));
  });

  it("says the status is unavailable when sync_overview fails", async () => {
    mockBackend({});
    render(SyncStatus);
    expect(await statusText()).toBe("Sync status unavailable");
    expect(screen.queryByTestId("sync-now")).toBeNull();
  });

  it("says when there is no shop at all, instead of \"Up to date\"", async () => {
    mockBackend({ sync_overview: () => syncOverview([]), list_shops: () => [] });
    render(SyncStatus);
    await waitFor(async () => expect(await statusText()).toBe("No shops yet"));
    expect(screen.getByTestId("sync-status").dataset.state).toBe("none");
    expect(screen.queryByTestId("sync-now")).toBeNull();
  });

  it("says \"Not synced yet\" until a first sync finished", async () => {
    let last: number | null = null;
    mockBackend({ sync_overview: () => syncOverview([shopSync()]), list_shops: () => [{ ...shop, last_sync_at: last }] });
    render(SyncStatus);
    await waitFor(async () => expect(await statusText()).toBe("Not synced yet"));
    last = Date.now();
    // A job finishes: its shop has synced.
    await emit("sync-progress", syncProgress({ finished: true }));
    await waitFor(async () => expect(await statusText()).toBe("Up to date"), { timeout: 2000 });
  });

  it("while offline: since when, the countdown to the next try, and the edits that wait", async () => {
    const since = new Date();
    since.setHours(10, 42, 0, 0);
    const clock = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit" }).format(since);
    const calls = mockBackend({
      sync_overview: () =>
        syncOverview([shopSync({ state: "offline", offline_since: since.getTime(), retry_at: Date.now() + 40_500, running: [syncProgress({ records: 0, total: null })] })]),
      list_outbox: () => ({ rows: [outboxRow(1), outboxRow(2), outboxRow(3)], next_cursor: null }),
    });
    render(SyncStatus);
    await waitFor(async () => expect(await statusText()).toBe(`Offline since ${clock}, retrying in 40 s`));
    // The countdown runs.
    await waitFor(async () => expect(await statusText()).toBe(`Offline since ${clock}, retrying in 39 s`), { timeout: 2500 });
    expect((await screen.findByTestId("sync-waiting-offline")).textContent).toBe("3 changes will be sent when it is back");
    expect(calls.find((c) => c.cmd === "list_outbox")?.args).toEqual({
      query: { shop_id: 1, status: "pending", product_id: null, cursor: null, limit: 500 },
    });
    // Its retries are not shown as a job at "0 records".
    expect(screen.queryByTestId("sync-progress")).toBeNull();
    setLang("es");
    await waitFor(async () => expect(await statusText()).toMatch(/^Sin conexión desde .+, reintento en \d+ s$/));
  });

  it("counts the edits waiting and highlights rejected and conflicting ones, following outbox-changed", async () => {
    mockBackend({ sync_overview: () => syncOverview(), outbox_counts: () => ({ waiting: 3, rejected: 1, conflict: 0 }) });
    render(SyncStatus);
    const count = await screen.findByTestId("outbox-count");
    await waitFor(() => expect(count.textContent).toContain("3 changes waiting"));
    expect(within(count).getByTestId("outbox-rejected").textContent).toBe("1 rejected");
    expect(within(count).getByTestId("outbox-rejected").classList.contains("bad")).toBe(true);
    expect(within(count).queryByTestId("outbox-conflict")).toBeNull();

    await emit("outbox-changed", { waiting: 1, rejected: 0, conflict: 2 });
    await waitFor(() => expect(screen.getByTestId("outbox-count").textContent).toContain("1 change waiting"));
    expect(within(screen.getByTestId("outbox-count")).getByTestId("outbox-conflict").textContent).toBe("2 conflicts");
    expect(within(screen.getByTestId("outbox-count")).queryByTestId("outbox-rejected")).toBeNull();

    // It opens the outbox.
    await fireEvent.click(screen.getByTestId("outbox-count"));
    expect(nav.view).toBe("activity");
    expect(activityNav.tab).toBe("outbox");

    await emit("outbox-changed", { waiting: 0, rejected: 0, conflict: 0 });
    await waitFor(() => expect(screen.queryByTestId("outbox-count")).toBeNull());
  });
});
