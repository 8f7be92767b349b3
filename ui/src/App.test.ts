import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { emit } from "@tauri-apps/api/event";
import { backupContents, backupEntry, fulfilmentIssue, mockBackend, orderPage, productPage, shop, shopSync, syncOverview, warehouseShop } from "./test/fixtures";
import { resetSettingsForTests } from "./lib/settings.svelte";
import { navigate, VIEWS } from "./lib/nav.svelte";
import { formatDateTime } from "./lib/i18n";
import { restoreNotice } from "./lib/backups.svelte";

const dashboardEmpty = () => ({
  products: 0,
  orders: 0,
  shipments_open: 0,
  low_stock: 0,
  days: [],
  shops: [],
});

afterEach(() => {
  resetSettingsForTests();
  navigate("dashboard");
  restoreNotice.last = null;
});

describe("App", () => {
  it("shows the database error screen and resets the database", async () => {
    let broken = true;
    const calls = mockBackend({
      startup_state: () =>
        broken
          ? {
              state: "db_error",
              kind: "corrupt",
              message: "file is not a database",
              path: "/home/ana/.local/share/storedesk/storedesk.db",
              moved_to: "/home/ana/.local/share/storedesk/storedesk.db.corrupt-1700000000",
            }
          : { state: "ready", data_dir: "/d" },
      reset_database: () => {
        broken = false;
        return { state: "ready", data_dir: "/home/ana/.local/share/storedesk" };
      },
      dashboard: dashboardEmpty,
    });
    render(App);
    const screenEl = await screen.findByTestId("db-error");
    expect(screenEl.textContent).toContain("damaged");
    expect(screenEl.textContent).toContain("/home/ana/.local/share/storedesk/storedesk.db");
    expect(screenEl.textContent).toContain(
      "Your old file was kept at /home/ana/.local/share/storedesk/storedesk.db.corrupt-1700000000",
    );
    // Nothing else of the app.
    expect(screen.queryByTestId("nav-products")).toBeNull();

    await fireEvent.click(screen.getByTestId("db-reset"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "reset_database")).toBe(true));
    await waitFor(() => expect(screen.queryByTestId("db-error")).toBeNull());
    expect(screen.getByTestId("nav-products")).toBeTruthy();
  });

  describe("the start screen's backup", () => {
    const copy = backupEntry("daily", Date.UTC(2026, 4, 11, 12, 10), { contents: backupContents({ products: 980 }) });
    const dbError = (backup: unknown) => ({
      state: "db_error",
      kind: "corrupt",
      message: "file is not a database",
      path: "/d/storedesk.db",
      moved_to: "/d/storedesk.db.corrupt-1",
      backup,
    });
    const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

    it("offers the newest good copy first, restores it and opens the app", async () => {
      let broken = true;
      const calls = mockBackend({
        startup_state: () => (broken ? dbError(copy) : { state: "ready", data_dir: "/d" }),
        restore_backup: () => {
          broken = false;
          return { previous_kept_as: null, contents: copy.contents };
        },
        reset_database: () => ({ state: "ready", data_dir: "/d" }),
        dashboard: dashboardEmpty,
      });
      render(App);
      const el = await screen.findByTestId("db-error");
      const time = plain(formatDateTime(copy.taken_at));
      const restore = screen.getByTestId("db-restore-backup");
      expect(plain(restore.textContent).trim()).toBe(`Restore the copy of ${time}`);
      // The primary action; starting empty is still there, beside it.
      expect(restore.classList.contains("primary")).toBe(true);
      expect(screen.getByTestId("db-reset").classList.contains("primary")).toBe(false);
      expect(plain(screen.getByTestId("db-backup").textContent)).toContain(
        `a good copy of your data, taken ${time}: 3 shops · 980 products · 88 orders · 2 pending edits · 5,310 offer history rows`,
      );
      expect(el.textContent).toContain("a sync then brings back what changed at the shops since");

      await fireEvent.click(restore);
      await waitFor(() => expect(screen.queryByTestId("db-error")).toBeNull());
      expect(calls.filter((c) => c.cmd === "restore_backup").map((c) => c.args)).toEqual([{ path: copy.path }]);
      expect(calls.some((c) => c.cmd === "reset_database")).toBe(false);
      expect(calls.filter((c) => c.cmd === "startup_state")).toHaveLength(2);
      expect(screen.getByTestId("nav-products")).toBeTruthy();
    });

    it("shows a refused restore and stays", async () => {
      mockBackend({
        startup_state: () => dbError(copy),
        restore_backup: () => {
          throw { code: "db_in_use", message: "storedesk is running on this data directory (process 77)" };
        },
      });
      render(App);
      await fireEvent.click(await screen.findByTestId("db-restore-backup"));
      const failure = await screen.findByTestId("db-error-failure");
      expect(failure.getAttribute("role")).toBe("alert");
      expect(failure.textContent).toContain("The copy could not be restored: Another storedesk program is using this data");
      expect(failure.textContent).not.toContain("process 77");
      expect(screen.getByTestId("db-error")).toBeTruthy();
      expect((screen.getByTestId("db-restore-backup") as HTMLButtonElement).disabled).toBe(false);
    });

    it("offers no copy when there is none", async () => {
      mockBackend({ startup_state: () => dbError(null) });
      render(App);
      await screen.findByTestId("db-error");
      expect(screen.queryByTestId("db-restore-backup")).toBeNull();
      expect(screen.queryByTestId("db-backup")).toBeNull();
      expect(screen.getByTestId("db-reset").classList.contains("primary")).toBe(true);
    });
  });

  it("explains each kind of database error", async () => {
    mockBackend({
      startup_state: () => ({
        state: "db_error",
        kind: "schema_too_new",
        message: "user_version 9 > 3",
        path: "/d/storedesk.db",
        moved_to: null,
      }),
    });
    render(App);
    const el = await screen.findByTestId("db-error");
    expect(el.textContent).toContain("newer version of storedesk");
    expect(el.textContent).not.toContain("kept at");
  });

  it("starts on the dashboard and navigates with the sidebar", async () => {
    mockBackend({
      startup_state: () => ({ state: "ready", data_dir: "/d" }),
      dashboard: dashboardEmpty,
      list_shops: () => [],
    });
    render(App);
    await waitFor(() => expect(screen.getByTestId("page-title").textContent).toBe("Dashboard"));
    await waitFor(() => expect(screen.getByTestId("empty").textContent).toContain("No shops yet"));
    await fireEvent.click(screen.getByTestId("nav-shops"));
    expect(screen.getByTestId("page-title").textContent).toBe("Shops");
    await waitFor(() => expect(screen.getByTestId("empty").textContent).toContain("No shops yet"));
    expect((screen.getByTestId("add-shop") as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId("try-demo")).toBeTruthy();
  });

  it("names the current view in data-view on <main>", async () => {
    const emptyPage = () => ({ rows: [], next_cursor: null });
    mockBackend({
      startup_state: () => ({ state: "ready", data_dir: "/d" }),
      dashboard: dashboardEmpty,
      list_shops: () => [],
      list_products: () => productPage([]),
      count_products: () => 0,
      list_orders: () => orderPage([]),
      count_orders: () => 0,
      list_shipments: emptyPage,
      count_shipments: () => 0,
      list_sync_runs: emptyPage,
      fulfilment_issues: () => [],
      routing_rule: () => "paid",
      tracked_products: () => [],
      list_catalogue: emptyPage,
      catalogue_counts: () => ({ items: 0, differs: 0, unbound: 0, problems: 0 }),
    });
    render(App);
    const main = await screen.findByRole("main");
    expect(main.dataset.view).toBe("dashboard");
    for (const v of [...VIEWS.slice(1), "dashboard" as const]) {
      await fireEvent.click(screen.getByTestId(`nav-${v}`));
      expect(screen.getByRole("main").dataset.view).toBe(v);
      expect(screen.getByRole("main").querySelector('[data-testid="page-title"]')).toBeTruthy();
    }
  });

  it("shows the sync status on every screen", async () => {
    const emptyPage = () => ({ rows: [], next_cursor: null });
    mockBackend({
      startup_state: () => ({ state: "ready", data_dir: "/d" }),
      dashboard: dashboardEmpty,
      list_shops: () => [],
      list_products: () => productPage([]),
      count_products: () => 0,
      list_orders: () => orderPage([]),
      count_orders: () => 0,
      list_shipments: emptyPage,
      count_shipments: () => 0,
      list_sync_runs: emptyPage,
      get_provider_app: () => null,
      get_sync_settings: () => ({ orders_minutes: 2, shipments_minutes: 5, products_minutes: 15, reconcile_hours: 24, offers_seconds: 60, notify_new_orders: false }),
      tracked_products: () => [],
      list_catalogue: emptyPage,
      catalogue_counts: () => ({ items: 0, differs: 0, unbound: 0, problems: 0 }),
      sync_overview: () => syncOverview([shopSync({ state: "error", last_error: "HTTP 503" })]),
    });
    render(App);
    await waitFor(() => expect(screen.getByTestId("sync-status").textContent).toContain("Error"));
    for (const v of VIEWS) {
      await fireEvent.click(screen.getByTestId(`nav-${v}`));
      expect(screen.getAllByTestId("sync-status")).toHaveLength(1);
      expect(screen.getByTestId("sync-now")).toBeTruthy();
      expect(screen.getByTestId("sync-pause")).toBeTruthy();
    }
    // It is not part of the main navigation.
    expect(screen.getByRole("navigation").contains(screen.getByTestId("sync-status"))).toBe(false);
  });

  it("counts the orders needing a person at the warehouse in the sidebar and opens the Warehouse view", async () => {
    let issues = [fulfilmentIssue(3), fulfilmentIssue(5, { state: "held" })];
    mockBackend({
      startup_state: () => ({ state: "ready", data_dir: "/d" }),
      dashboard: dashboardEmpty,
      list_shops: () => [{ ...shop, warehouse_shop_id: 9 }, warehouseShop()],
      fulfilment_issues: () => issues,
      routing_rule: () => "paid, not cancelled",
    });
    render(App);
    const nav = await screen.findByTestId("nav-warehouse");
    expect(nav.textContent).toContain("Warehouse");
    await waitFor(() => expect(screen.getByTestId("warehouse-count").textContent).toBe("2"));
    expect(screen.getByTestId("warehouse-count").getAttribute("title")).toBe("2 orders need you at the warehouse");

    await fireEvent.click(nav);
    expect(screen.getByRole("main").dataset.view).toBe("warehouse");
    expect(screen.getByTestId("page-title").textContent).toBe("Warehouse");
    await waitFor(() => expect(screen.getAllByTestId("warehouse-issue")).toHaveLength(2));

    // A new issue comes in: the count follows.
    issues = [fulfilmentIssue(7), ...issues];
    await emit("fulfilment-issue", issues[0]);
    await waitFor(() => expect(screen.getByTestId("warehouse-count").textContent).toBe("3"));
    await waitFor(() => expect(screen.getAllByTestId("warehouse-issue")).toHaveLength(3));

    issues = [];
    await emit("data-changed", ["orders"]);
    await waitFor(() => expect(screen.queryByTestId("warehouse-count")).toBeNull());
  });
});
