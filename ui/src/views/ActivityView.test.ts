import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { QuarantineQuery } from "../bindings/QuarantineQuery";
import type { SyncRunQuery } from "../bindings/SyncRunQuery";
import { PAGE_SIZE } from "../lib/api";
import {
  lastQuery,
  mockBackend,
  quarantinedRecord,
  shop,
  shopSync,
  syncOverview,
  syncProgress,
  syncRun,
  type Call,
  type Handler,
} from "../test/fixtures";
import ActivityView from "./ActivityView.svelte";
import { activityNav } from "../lib/nav.svelte";

afterEach(() => {
  activityNav.tab = "runs";
  activityNav.productId = null;
  activityNav.productTitle = null;
});

const count = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).length;

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({
    list_shops: () => [shop, { ...shop, id: 2, name: "Casa Sur" }],
    sync_overview: () => syncOverview(),
    list_sync_runs: () => ({
      rows: [
        syncRun(3, { status: "ok" }),
        syncRun(2, { status: "failed", error: "HTTP 503 after 3 retries", quarantined: 4 }),
        syncRun(1, { status: "interrupted", resource: "products", finished_at: 1_700_000_010_000 }),
      ],
      next_cursor: null,
    }),
    ...extra,
  });
}

describe("ActivityView: sync runs", () => {
  it("shows the runs with their counters", async () => {
    backend();
    render(ActivityView);
    const runs = await screen.findByTestId("activity-runs");
    await waitFor(() => expect(within(runs).getAllByTestId("row")).toHaveLength(3));
    const failed = within(runs).getAllByTestId("row").find((r) => r.dataset.id === "2")!;
    const cell = (key: string) => failed.querySelector(`[data-col="${key}"]`)?.textContent?.trim();
    expect(cell("shop")).toBe("Tienda Norte");
    expect(cell("resource")).toBe("Orders");
    expect(cell("status")).toBe("Failed");
    expect(failed.querySelector('[data-col="status"] .badge.st-failed')).not.toBeNull();
    expect(cell("duration")).toBe("42 s");
    expect(cell("pages")).toBe("4");
    expect(cell("requests")).toBe("6");
    expect(cell("new")).toBe("12");
    expect(cell("changed")).toBe("3");
    expect(cell("unchanged")).toBe("985");
    expect(cell("rate")).toBe("1");
    expect(cell("retries")).toBe("2");
    expect(cell("quarantined")).toBe("4");
    expect(cell("error")).toBe("HTTP 503 after 3 retries");
    expect(screen.getByTestId("row-count").textContent).toBe("3 sync runs");
  });

  it("filters by shop, resource and status", async () => {
    const calls = backend();
    render(ActivityView);
    await waitFor(() => expect(count(calls, "list_sync_runs")).toBe(1));
    expect(lastQuery<SyncRunQuery>(calls, "list_sync_runs")).toEqual({
      shop_id: null,
      status: null,
      resource: null,
      cursor: null,
      limit: PAGE_SIZE,
    });
    await waitFor(() => expect((screen.getByTestId("filter-shop") as HTMLSelectElement).options).toHaveLength(3));
    await fireEvent.change(screen.getByTestId("filter-shop"), { target: { value: "2" } });
    await fireEvent.change(screen.getByTestId("filter-resource"), { target: { value: "shipments" } });
    await fireEvent.change(screen.getByTestId("filter-status"), { target: { value: "interrupted" } });
    await waitFor(() =>
      expect(lastQuery<SyncRunQuery>(calls, "list_sync_runs")).toEqual({
        shop_id: 2,
        status: "interrupted",
        resource: "shipments",
        cursor: null,
        limit: PAGE_SIZE,
      }),
    );
    const resources = [...(screen.getByTestId("filter-resource") as HTMLSelectElement).options].map((o) => o.value);
    expect(resources).toEqual(["", "orders", "shipments", "products", "reconcile", "push", "offers"]);
    const statuses = [...(screen.getByTestId("filter-status") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(statuses).toEqual(["All statuses", "Running", "OK", "Failed", "Interrupted"]);
  });

  it("offers Retry on failed and interrupted runs only, and retries with retry_sync_run", async () => {
    const calls = backend({ retry_sync_run: () => null });
    render(ActivityView);
    const runs = await screen.findByTestId("activity-runs");
    await waitFor(() => expect(within(runs).getAllByTestId("row")).toHaveLength(3));
    const rows = within(runs).getAllByTestId("row");
    const retryOf = (id: string) => within(rows.find((r) => r.dataset.id === id)!).queryByTestId("run-retry");
    expect(retryOf("3")).toBeNull();
    expect(retryOf("1")).not.toBeNull();
    const retry = retryOf("2")!;
    expect(retry.getAttribute("aria-label")).toBe("Retry sync run 2");

    await fireEvent.click(retry);
    await waitFor(() => expect(calls.filter((c) => c.cmd === "retry_sync_run").map((c) => c.args)).toEqual([{ runId: 2 }]));
    expect((await screen.findByTestId("run-retry-started")).textContent).toBe("Sync run 2 is being retried.");
    // The button does not open the row's detail.
    expect(screen.queryByTestId("detail")).toBeNull();
  });

  it("shows why a retry was refused", async () => {
    backend({
      retry_sync_run: () => {
        throw { code: "not_connected", message: "Tienda Norte is not connected." };
      },
    });
    render(ActivityView);
    const runs = await screen.findByTestId("activity-runs");
    await waitFor(() => expect(within(runs).getAllByTestId("run-retry")).toHaveLength(2));
    await fireEvent.click(within(runs).getAllByTestId("run-retry")[0]);
    expect((await screen.findByTestId("run-retry-error")).textContent).toContain("Tienda Norte is not connected.");
  });

  it("reloads the runs when a job ends and when data changes", async () => {
    const calls = backend();
    render(ActivityView);
    await waitFor(() => expect(count(calls, "list_sync_runs")).toBe(1));
    await emit("sync-progress", syncProgress({ run_id: 1, finished: true }));
    await waitFor(() => expect(count(calls, "list_sync_runs")).toBe(2));
    await emit("data-changed", ["orders"]);
    await waitFor(() => expect(count(calls, "list_sync_runs")).toBe(3));
    // The reload keeps the filters.
    expect(lastQuery<SyncRunQuery>(calls, "list_sync_runs").cursor).toBeNull();
  });

  it("shows a progress bar for each running job at the top", async () => {
    backend({
      sync_overview: () =>
        syncOverview([
          shopSync({
            state: "syncing",
            running: [syncProgress({ run_id: 8, records: 1234, total: 20_000 }), syncProgress({ run_id: 9, resource: "products", records: 50, total: null })],
          }),
        ]),
    });
    render(ActivityView);
    await waitFor(() => expect(screen.getAllByTestId("sync-progress")).toHaveLength(2));
    const [orders, products] = screen.getAllByTestId("sync-progress");
    expect(orders.textContent).toContain("Tienda Norte · Orders");
    expect(orders.textContent).toContain("1,234 of 20,000 records");
    expect(within(orders).getByRole("progressbar").getAttribute("value")).toBe("1234");
    expect(products.textContent).toContain("50 records");
    expect(within(products).getByRole("progressbar").hasAttribute("value")).toBe(false);
  });
});

describe("ActivityView: quarantined records", () => {
  async function openQuarantine() {
    const tab = await screen.findByTestId("tab-quarantine");
    await fireEvent.click(tab);
    expect(tab.getAttribute("aria-selected")).toBe("true");
    return screen.findByTestId("quarantine-list");
  }

  it("lists them with the payload behind a disclosure", async () => {
    const calls = backend({ list_quarantine: () => ({ rows: [quarantinedRecord(5), quarantinedRecord(4)], next_cursor: null }) });
    render(ActivityView);
    const list = await openQuarantine();
    expect(lastQuery<QuarantineQuery>(calls, "list_quarantine")).toEqual({ shop_id: null, cursor: null, limit: PAGE_SIZE });
    const items = within(list).getAllByTestId("quarantine-item");
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain("Tienda Norte");
    expect(items[0].textContent).toContain("Orders");
    expect(items[0].textContent).toContain("20005");
    expect(items[0].textContent).toContain("price.amount: expected a number");
    expect(items[0].textContent).toContain("5 min ago");
    const details = items[0].querySelector("details")!;
    expect(details.querySelector("summary")?.textContent).toBe("Show payload");
    expect(details.open).toBe(false);
    expect(within(items[0]).getByTestId("quarantine-payload").textContent).toBe(
      JSON.stringify({ id: "20005", price: { amount: "12,50" } }, null, 2),
    );
  });

  it("shows the new error next to the record when a retry is rejected", async () => {
    const calls = backend({
      list_quarantine: () => ({ rows: [quarantinedRecord(5)], next_cursor: null }),
      retry_quarantined: () => {
        throw { code: "still_quarantined", message: "price.amount: \"12,50\" is not a number" };
      },
    });
    render(ActivityView);
    const list = await openQuarantine();
    const retry = within(list).getByTestId("quarantine-retry");
    expect(retry.getAttribute("aria-label")).toBe("Retry record 20005");
    await fireEvent.click(retry);
    const error = await within(list).findByTestId("quarantine-retry-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("price.amount: \"12,50\" is not a number");
    expect(calls.filter((c) => c.cmd === "retry_quarantined").map((c) => c.args)).toEqual([{ id: 5 }]);
    expect(within(list).getAllByTestId("quarantine-item")).toHaveLength(1);
  });

  it("drops a record that a retry could read", async () => {
    let rows = [quarantinedRecord(5), quarantinedRecord(4)];
    backend({
      list_quarantine: () => ({ rows, next_cursor: null }),
      retry_quarantined: (a) => {
        rows = rows.filter((r) => r.id !== a.id);
        return null;
      },
    });
    render(ActivityView);
    const list = await openQuarantine();
    await fireEvent.click(within(list).getAllByTestId("quarantine-retry")[1]);
    await waitFor(() => expect(within(list).getAllByTestId("quarantine-item").map((i) => i.dataset.id)).toEqual(["5"]));
    expect((await screen.findByTestId("quarantine-retried")).textContent).toBe("Record 20004 was read and stored.");
  });

  it("pages on with next_cursor and filters by shop", async () => {
    const calls = backend({
      list_quarantine: (a) => {
        const q = a.query as QuarantineQuery;
        return q.cursor === null
          ? { rows: [quarantinedRecord(5)], next_cursor: "c1" }
          : { rows: [quarantinedRecord(4)], next_cursor: null };
      },
    });
    render(ActivityView);
    const list = await openQuarantine();
    await fireEvent.click(screen.getByTestId("quarantine-more"));
    await waitFor(() => expect(within(list).getAllByTestId("quarantine-item")).toHaveLength(2));
    expect(lastQuery<QuarantineQuery>(calls, "list_quarantine").cursor).toBe("c1");
    expect(screen.queryByTestId("quarantine-more")).toBeNull();

    await waitFor(() => expect((screen.getByTestId("filter-shop") as HTMLSelectElement).options).toHaveLength(3));
    await fireEvent.change(screen.getByTestId("filter-shop"), { target: { value: "1" } });
    await waitFor(() => expect(lastQuery<QuarantineQuery>(calls, "list_quarantine")).toEqual({ shop_id: 1, cursor: null, limit: PAGE_SIZE }));
  });

  it("switches tabs with the arrow keys", async () => {
    backend({ list_quarantine: () => ({ rows: [], next_cursor: null }) });
    render(ActivityView);
    const runsTab = await screen.findByTestId("tab-runs");
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("activity-tab-runs");
    await fireEvent.keyDown(runsTab, { key: "ArrowRight" });
    expect(screen.getByTestId("tab-quarantine").getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(screen.getByTestId("tab-quarantine"));
    expect((await screen.findByTestId("quarantine-empty")).textContent).toContain("No quarantined records");
  });
});
