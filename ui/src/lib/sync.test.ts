import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { SyncOverview } from "../bindings/SyncOverview";
import { flush, mockBackend, shopSync, syncOverview, syncProgress } from "../test/fixtures";
import { retainSync, runningJobs, shopSync as shopSyncOf, syncStore } from "./sync.svelte";

let release: (() => void) | null = null;
afterEach(() => {
  release?.();
  release = null;
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const runIds = () => runningJobs().map((j) => [j.progress.run_id, j.progress.records]);

describe("sync store", () => {
  it("loads the overview once for every user and forgets it when the last lets go", async () => {
    const calls = mockBackend({ sync_overview: () => syncOverview([shopSync({ state: "offline" })]) });
    release = retainSync();
    const second = retainSync();
    await flush();
    expect(calls.filter((c) => c.cmd === "sync_overview")).toHaveLength(1);
    expect(syncStore.overview?.state).toBe("offline");
    expect(shopSyncOf(1)?.state).toBe("offline");
    second();
    second(); // twice is once
    expect(syncStore.overview).not.toBeNull();
    release();
    release = null;
    expect(syncStore.overview).toBeNull();
  });

  it("keeps a sync-changed that arrives before the slower sync_overview answer", async () => {
    const answer = deferred<SyncOverview>();
    mockBackend({ sync_overview: () => answer.promise });
    release = retainSync();
    await flush();
    await emit("sync-changed", syncOverview([shopSync({ state: "syncing" })]));
    answer.resolve(syncOverview([shopSync({ state: "idle" })]));
    await flush();
    expect(syncStore.overview?.state).toBe("syncing");
  });

  it("merges progress events with the overview's running jobs", async () => {
    mockBackend({
      sync_overview: () => syncOverview([shopSync({ state: "syncing", running: [syncProgress({ run_id: 1, records: 100 })] })]),
    });
    release = retainSync();
    await flush();
    expect(runIds()).toEqual([[1, 100]]);

    // A newer page of run 1, and a run the overview does not list yet.
    await emit("sync-progress", syncProgress({ run_id: 1, records: 300 }));
    await emit("sync-progress", syncProgress({ run_id: 2, resource: "products", records: 5, total: null }));
    expect(runIds()).toEqual([
      [1, 300],
      [2, 5],
    ]);
    expect(runningJobs()[1].shopName).toBe("Tienda Norte");

    // Run 1 ends; an overview that still lists it (sent before the end) does not bring it back.
    await emit("sync-progress", syncProgress({ run_id: 1, records: 20_000, finished: true }));
    expect(runIds()).toEqual([[2, 5]]);
    await emit("sync-changed", syncOverview([shopSync({ state: "syncing", running: [syncProgress({ run_id: 1, records: 19_000 })] })]));
    expect(runIds()).toEqual([[2, 5]]);

    // An overview where the shop no longer syncs ends what it does not list.
    await emit("sync-changed", syncOverview([shopSync({ state: "idle" })]));
    expect(runIds()).toEqual([]);
  });

  it("filters running jobs by shop", async () => {
    mockBackend({
      sync_overview: () =>
        syncOverview([
          shopSync({ state: "syncing", running: [syncProgress({ run_id: 1 })] }),
          shopSync({ shop_id: 2, shop_name: "Casa Sur", state: "syncing", running: [syncProgress({ run_id: 2, shop_id: 2 })] }),
        ]),
    });
    release = retainSync();
    await flush();
    expect(runningJobs(2).map((j) => [j.progress.run_id, j.shopName])).toEqual([[2, "Casa Sur"]]);
  });

  it("shows no job at 0 records for a shop that stays offline while it retries", async () => {
    mockBackend({
      sync_overview: () =>
        syncOverview([
          shopSync({ state: "offline", offline_since: 1, retry_at: Date.now(), running: [syncProgress({ run_id: 1, records: 0 })] }),
          shopSync({ shop_id: 2, state: "syncing", running: [syncProgress({ run_id: 2, shop_id: 2, records: 0 })] }),
        ]),
    });
    release = retainSync();
    await flush();
    expect(runIds()).toEqual([[2, 0]]);
  });
});
