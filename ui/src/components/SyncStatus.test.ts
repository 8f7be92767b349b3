import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { SyncOverview } from "../bindings/SyncOverview";
import { setLang } from "../lib/i18n";
import { mockBackend, shopSync, syncOverview, syncProgress, type Call } from "../test/fixtures";
import SyncStatus from "./SyncStatus.svelte";

afterEach(() => setLang("en"));

const calledWith = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);

async function statusText(): Promise<string> {
  const el = await screen.findByTestId("sync-status");
  return el.textContent?.replace(/\s+/g, " ").trim() ?? "";
}

describe("SyncStatus", () => {
  const cases: [string, SyncOverview, string, string][] = [
    ["idle", syncOverview([shopSync()]), "Up to date", "Al día"],
    ["syncing", syncOverview([shopSync({ state: "syncing", running: [syncProgress()] })]), "Syncing", "Sincronizando"],
    ["offline", syncOverview([shopSync({ state: "offline", retry_at: Date.now() + 40_500 })]), "Offline — retrying in 40 s", "Sin conexión — reintento en 40 s"],
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
    await waitFor(async () => expect(await statusText()).toBe("Offline — retrying in 1 min"));
  });

  it("says the status is unavailable when sync_overview fails", async () => {
    mockBackend({});
    render(SyncStatus);
    expect(await statusText()).toBe("Sync status unavailable");
    expect(screen.queryByTestId("sync-now")).toBeNull();
  });
});
