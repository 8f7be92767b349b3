import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { ProductQuery } from "../bindings/ProductQuery";
import ProductsView from "../views/ProductsView.svelte";
import { lastQuery, mockBackend, productPage, productRow, shop } from "../test/fixtures";
import { isDay, isShopFilter, oneOfOrAll, readSaved, restoreFields, save } from "./restore";

describe("restoreFields", () => {
  const defaults = { view: "dashboard", shopId: null as number | null, low: false };
  const checks = {
    view: oneOfOrAll(["dashboard", "products"]),
    shopId: isShopFilter,
    low: (v: unknown) => typeof v === "boolean",
  };

  it("takes the saved fields that pass their check, the defaults for the rest", () => {
    expect(restoreFields(defaults, { view: "products", shopId: 3, low: "yes" }, checks)).toEqual({
      view: "products",
      shopId: 3,
      low: false,
    });
    expect(restoreFields(defaults, { view: "gone", shopId: -1, extra: 1 }, checks)).toEqual(defaults);
    expect(restoreFields(defaults, { shopId: null }, checks)).toEqual(defaults);
  });

  it("falls back to the defaults on anything but an object", () => {
    for (const saved of [undefined, null, "products", 3, ["products"]]) {
      expect(restoreFields(defaults, saved, checks)).toEqual(defaults);
    }
  });

  it("checks days", () => {
    expect(isDay("")).toBe(true);
    expect(isDay("2024-05-01")).toBe(true);
    expect(isDay("yesterday")).toBe(false);
  });

  it("reads back what was saved, and nothing from a broken entry", () => {
    save("t", { a: 1 });
    expect(readSaved("t")).toEqual({ a: 1 });
    localStorage.setItem("storedesk.ui.t", "{not json");
    expect(readSaved("t")).toBeUndefined();
    expect(readSaved("never")).toBeUndefined();
  });
});

describe("a window opened again", () => {
  it("starts on the view and Activity tab the person left", async () => {
    localStorage.setItem("storedesk.ui.where", JSON.stringify({ view: "orders", activityTab: "outbox" }));
    vi.resetModules();
    const { nav, activityNav } = await import("./nav.svelte");
    expect(nav.view).toBe("orders");
    expect(activityNav.tab).toBe("outbox");
  });

  it("starts on the dashboard when what was saved is no view", async () => {
    localStorage.setItem("storedesk.ui.where", JSON.stringify({ view: "reports", activityTab: 7 }));
    vi.resetModules();
    const { nav, activityNav } = await import("./nav.svelte");
    expect(nav.view).toBe("dashboard");
    expect(activityNav.tab).toBe("runs");
  });

  it("lists products with the filters the person had, and saves changes to them", async () => {
    localStorage.setItem(
      "storedesk.ui.filters.products",
      JSON.stringify({ search: "Product 2", shopId: shop.id, state: "paused", lowOnly: "no" }),
    );
    const calls = mockBackend({
      list_shops: () => [shop],
      list_products: () => productPage([productRow(2)]),
      count_products: () => 1,
    });
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(1));
    const q = lastQuery<ProductQuery>(calls, "list_products");
    expect([q.search, q.shop_id, q.state, q.low_stock_max]).toEqual(["Product 2", shop.id, "paused", null]);
    expect((screen.getByTestId("search") as HTMLInputElement).value).toBe("Product 2");
    expect(readSaved("filters.products")).toEqual({ search: "Product 2", shopId: shop.id, state: "paused", lowOnly: false });
  });

  it("drops a restored shop filter whose shop is gone", async () => {
    localStorage.setItem("storedesk.ui.filters.products", JSON.stringify({ shopId: 999 }));
    const calls = mockBackend({
      list_shops: () => [shop],
      list_products: () => productPage([productRow(1)]),
      count_products: () => 1,
    });
    render(ProductsView);
    await waitFor(() => expect(lastQuery<ProductQuery>(calls, "list_products").shop_id).toBeNull());
  });
});
