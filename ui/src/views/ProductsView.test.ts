import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { ProductQuery } from "../bindings/ProductQuery";
import ProductsView from "./ProductsView.svelte";
import { lastQuery, mockBackend, productDetail, productRow, shop } from "../test/fixtures";

function backend(total = 3) {
  return mockBackend({
    list_shops: () => [shop],
    list_products: (a) => {
      const q = a.query as ProductQuery;
      const all = Array.from({ length: total }, (_, i) => productRow(i + 1));
      const rows = q.search ? all.filter((r) => r.title.includes(q.search as string)) : all;
      return { rows, next_cursor: null };
    },
    count_products: (a) => ((a.query as ProductQuery).search ? 1 : 1234),
    get_product: (a) => productDetail(a.id as number),
  });
}

describe("ProductsView", () => {
  it("shows rows and the count", async () => {
    backend();
    render(ProductsView);
    expect(screen.getByTestId("page-title").textContent).toBe("Products");
    const table = screen.getByTestId("table-products");
    await waitFor(() => expect(within(table).getAllByTestId("row")).toHaveLength(3));
    await waitFor(() => expect(screen.getByTestId("row-count").textContent).toBe("1,234 products"));
    const first = within(table).getAllByTestId("row")[0];
    expect(first.dataset.id).toBe("1");
    expect(first.textContent).toContain("Product 1");
    expect(first.textContent).toContain("SKU-1");
    // en-US names the peso by its code, so it is not mistaken for dollars.
    expect(first.textContent?.replace(/\u00a0/g, " ")).toContain("ARS 1,234.56");
  });

  it("sends the search text in a list_products query (debounced)", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const input = screen.getByTestId("search") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "Prod" } });
    await fireEvent.input(input, { target: { value: "Product 2" } });
    await waitFor(() =>
      expect(
        calls.some((c) => c.cmd === "list_products" && (c.args.query as ProductQuery).search === "Product 2"),
      ).toBe(true),
    );
    // Debounced: the intermediate text was never sent.
    expect(calls.some((c) => c.cmd === "list_products" && (c.args.query as ProductQuery).search === "Prod")).toBe(false);
    const q = lastQuery<ProductQuery>(calls, "list_products");
    expect(q.cursor).toBeNull();
    expect(q.limit).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getAllByTestId("row").map((r) => r.dataset.id)).toEqual(["2"]));
    await waitFor(() => expect(screen.getByTestId("row-count").textContent).toBe("1 product"));
  });

  it("opens the detail of a clicked row through get_product", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    await fireEvent.click(screen.getAllByTestId("row")[1]);
    await waitFor(() => expect(calls.some((c) => c.cmd === "get_product" && c.args.id === 2)).toBe(true));
    const detail = await screen.findByTestId("detail");
    await waitFor(() => expect(detail.textContent).toContain("Detailed product 2"));
    expect(detail.textContent).toContain("Color: Red");
    expect(detail.textContent).toContain("OFF1");
    expect(detail.querySelector("svg path")).not.toBeNull();
  });

  it("opens the listing in the system browser through open_url", async () => {
    const calls = mockBackend({
      list_shops: () => [shop],
      list_products: () => ({ rows: [productRow(1)], next_cursor: null }),
      count_products: () => 1,
      get_product: (a) => productDetail(a.id as number),
      open_url: () => null,
    });
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(1));
    await fireEvent.click(screen.getAllByTestId("row")[0]);
    const link = (await screen.findByTestId("open-listing")) as HTMLAnchorElement;
    expect(link.target).toBe("");
    const notPrevented = await fireEvent.click(link);
    expect(notPrevented).toBe(false);
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "open_url").map((c) => c.args)).toEqual([
        { url: "https://example.invalid/item/1" },
      ]),
    );
  });

  it("uses the low-stock threshold as low_stock_max and says when nothing matches", async () => {
    const calls = mockBackend({
      list_shops: () => [shop],
      list_products: () => ({ rows: [], next_cursor: null }),
      count_products: () => 0,
    });
    render(ProductsView);
    await waitFor(() => expect(screen.getByTestId("empty").textContent).toContain("Connect a shop in Shops"));
    await fireEvent.click(screen.getByTestId("filter-low-stock"));
    await waitFor(() =>
      expect(
        calls.some((c) => c.cmd === "list_products" && (c.args.query as ProductQuery).low_stock_max === 5),
      ).toBe(true),
    );
    await waitFor(() => expect(screen.getByTestId("empty").textContent).toContain("No products match"));
  });

  it("reloads from the first page when a column header is clicked", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    await fireEvent.click(screen.getByRole("button", { name: /Price/ }));
    await waitFor(() => {
      const q = lastQuery<ProductQuery>(calls, "list_products");
      expect([q.sort, q.dir, q.cursor]).toEqual(["price", "desc", null]);
    });
    await fireEvent.click(screen.getByRole("button", { name: /Price/ }));
    await waitFor(() => {
      const q = lastQuery<ProductQuery>(calls, "list_products");
      expect([q.sort, q.dir]).toEqual(["price", "asc"]);
    });
  });
});
