import { render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Dashboard } from "../bindings/Dashboard";
import type { ResourceFreshness } from "../bindings/ResourceFreshness";
import { setLang } from "../lib/i18n";
import { mockBackend, offersShop, shop, syncProgress, warehouseShop, type Call } from "../test/fixtures";
import DashboardView from "./DashboardView.svelte";

afterEach(() => {
  vi.useRealTimers();
  setLang("en");
});

function dashboard(resources: ResourceFreshness[], over: Partial<Dashboard> = {}): Dashboard {
  return {
    products: 10,
    orders: 4,
    shipments_open: 1,
    low_stock: 0,
    days: [],
    shops: [{ shop_id: 1, shop_name: "Tienda Norte", status: "connected", last_sync_at: null, resources }],
    ...over,
  };
}

const lines = () => within(screen.getByTestId("freshness")).getAllByTestId("freshness-resource").map((l) => l.textContent?.trim());
const count = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).length;

describe("DashboardView freshness", () => {
  it("says when each resource last synced, localized", async () => {
    mockBackend({
      dashboard: () =>
        dashboard([
          { resource: "products", last_ok_at: Date.now() - 3 * 3_600_000 - 5_000 },
          { resource: "orders", last_ok_at: Date.now() - 60_500 },
        ]),
    });
    render(DashboardView);
    await screen.findByTestId("freshness");
    expect(screen.getByTestId("freshness").textContent).toContain("Tienda Norte");
    expect(lines()).toEqual(["Orders synced 1 min ago", "Shipments never synced", "Products synced 3 h ago"]);
    setLang("es");
    await waitFor(() =>
      expect(lines()).toEqual(["Pedidos sincronizados hace 1 min", "Envíos nunca sincronizados", "Productos sincronizados hace 3 h"]),
    );
  });

  it("moves the relative times on every 30 s", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    mockBackend({ dashboard: () => dashboard([{ resource: "orders", last_ok_at: Date.now() - 60_000 }]) });
    render(DashboardView);
    await screen.findByTestId("freshness");
    expect(lines()[0]).toBe("Orders synced 1 min ago");
    vi.advanceTimersByTime(30_000);
    await waitFor(() => expect(lines()[0]).toBe("Orders synced 1 min ago"));
    vi.advanceTimersByTime(30_000);
    await waitFor(() => expect(lines()[0]).toBe("Orders synced 2 min ago"));
    vi.advanceTimersByTime(3_600_000);
    await waitFor(() => expect(lines()[0]).toBe("Orders synced 1 h ago"));
  });

  it("shows the full check when the backend reports it", async () => {
    mockBackend({
      dashboard: () =>
        dashboard([
          { resource: "orders", last_ok_at: null },
          { resource: "shipments", last_ok_at: null },
          { resource: "products", last_ok_at: null },
          { resource: "reconcile", last_ok_at: Date.now() - 2 * 86_400_000 - 1000 },
        ]),
    });
    render(DashboardView);
    await screen.findByTestId("freshness");
    expect(lines()).toEqual(["Orders never synced", "Shipments never synced", "Products never synced", "Full check 2 d ago"]);
  });

  it("reloads on data-changed and when a sync job ends", async () => {
    let orders = 4;
    const calls = mockBackend({ dashboard: () => dashboard([], { orders }) });
    render(DashboardView);
    await waitFor(() => expect(screen.getByTestId("card-orders").textContent).toContain("4"));
    orders = 1234;
    await emit("data-changed", ["orders"]);
    await waitFor(() => expect(screen.getByTestId("card-orders").textContent).toContain("1,234"));
    expect(count(calls, "dashboard")).toBe(2);
    await emit("sync-progress", syncProgress({ finished: true }));
    await waitFor(() => expect(count(calls, "dashboard")).toBe(3));
  });

  it("keeps the figures when a background reload fails", async () => {
    let fail = false;
    const calls = mockBackend({
      dashboard: () => {
        if (fail) throw { code: "database", message: "busy" };
        return dashboard([]);
      },
    });
    render(DashboardView);
    await screen.findByTestId("card-orders");
    fail = true;
    await emit("data-changed", ["products"]);
    await waitFor(() => expect(count(calls, "dashboard")).toBe(2));
    expect(screen.getByTestId("card-orders")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("lists only what each shop syncs, by its capabilities", async () => {
    const fresh = (id: number, name: string, resources: ResourceFreshness[]) => ({ shop_id: id, shop_name: name, status: "connected" as const, last_sync_at: null, resources });
    const calls = mockBackend({
      dashboard: () =>
        dashboard([], {
          shops: [
            fresh(1, "Tienda Norte", [{ resource: "orders", last_ok_at: Date.now() - 60_500 }]),
            fresh(9, "Bodega ShipBob", []),
            fresh(12, "Demo offers", [{ resource: "offers", last_ok_at: Date.now() - 60_500 }]),
            fresh(13, "Old backend", []),
          ],
        }),
      list_shops: () => [
        shop,
        warehouseShop(),
        offersShop({ name: "Demo offers" }),
        // A backend that does not fill the capabilities in: what the card always listed.
        { ...shop, id: 13, name: "Old backend", capabilities: null },
      ],
    });
    render(DashboardView);
    const shopLines = (id: number) =>
      within(screen.getAllByTestId("freshness").find((el) => el.dataset.shop === String(id))!)
        .getAllByTestId("freshness-resource")
        .map((l) => l.textContent?.trim());
    await waitFor(() => expect(shopLines(12)).toEqual(["Offers refreshed 1 min ago"]));
    expect(calls.some((c) => c.cmd === "list_shops")).toBe(true);
    // A sales channel: what it pulls (the full check too); a warehouse: its orders.
    expect(shopLines(1)).toEqual(["Orders synced 1 min ago", "Shipments never synced", "Products never synced", "No full check yet"]);
    expect(shopLines(9)).toEqual(["Orders never synced"]);
    expect(shopLines(13)).toEqual(["Orders never synced", "Shipments never synced", "Products never synced"]);
  });
});
