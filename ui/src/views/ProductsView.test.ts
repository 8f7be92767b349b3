import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { ProductQuery } from "../bindings/ProductQuery";
import ProductsView from "./ProductsView.svelte";
import { setLang } from "../lib/i18n";
import { lastQuery, mockBackend, offerChart, productDetail, productPage, productRow, shop, stockLevel } from "../test/fixtures";

function backend(total = 3) {
  return mockBackend({
    list_shops: () => [shop],
    list_products: (a) => {
      const q = a.query as ProductQuery;
      const all = Array.from({ length: total }, (_, i) => productRow(i + 1));
      const rows = q.search ? all.filter((r) => r.title.includes(q.search as string)) : all;
      return productPage(rows);
    },
    count_products: (a) => ((a.query as ProductQuery).search ? 1 : 1234),
    get_product: (a) => productDetail(a.id as number),
    offer_chart: () => offerChart(),
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
    await waitFor(() => expect(detail.querySelector('[data-testid="chart-line"]')).not.toBeNull());
  });

  it("opens the listing in the system browser through open_url", async () => {
    const calls = mockBackend({
      list_shops: () => [shop],
      list_products: () => productPage([productRow(1)]),
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
      list_products: () => productPage([]),
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

  it("filters by the neutral listing state", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const filter = screen.getByTestId("filter-status") as HTMLSelectElement;
    // The channel-neutral states, not MercadoLibre's words ("under_review" is a paused listing).
    expect([...filter.options].map((o) => o.value)).toEqual(["", "active", "paused", "closed", "deleted"]);
    expect([...filter.options].map((o) => o.textContent)).toEqual(["All statuses", "Active", "Paused", "Closed", "Deleted"]);
    expect(lastQuery<ProductQuery>(calls, "list_products").state).toBeNull();

    await fireEvent.change(filter, { target: { value: "paused" } });
    await waitFor(() => expect(lastQuery<ProductQuery>(calls, "list_products").state).toBe("paused"));
    expect(lastQuery<ProductQuery>(calls, "count_products").state).toBe("paused");
    expect("status" in lastQuery<ProductQuery>(calls, "list_products")).toBe(false);
  });

  it("shows a SKU whole: the column is as wide as the widest SKU shown", async () => {
    const long = "SKU-000123456789-XL-AZUL";
    mockBackend({
      list_shops: () => [shop],
      list_products: () => productPage([productRow(1), productRow(2, { sku: long }), productRow(3, { sku: null })]),
      count_products: () => 3,
    });
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const head = screen.getByTestId("table-products").querySelector(".dt-head") as HTMLElement;
    // Select, title, then the SKU's track in px (no layout here: about 7.5 px a character, plus the padding).
    const skuTrack = () => Number(/^34px minmax\(146px, 4fr\) (\d+)px /.exec(head.style.gridTemplateColumns)?.[1] ?? 0);
    await waitFor(() => expect(skuTrack()).toBeGreaterThanOrEqual(long.length * 7.5 + 18));
    const cell = screen.getAllByTestId("row")[1].querySelector('[data-col="sku"]') as HTMLElement;
    expect(cell.textContent?.trim()).toBe(long);
    // Never cut with "…", and every row uses the header's tracks.
    expect(cell.classList.contains("fit")).toBe(true);
    expect(screen.getAllByTestId("row")[1].style.gridTemplateColumns).toBe(head.style.gridTemplateColumns);
  });

  it("badges the neutral state and shows MercadoLibre's word beside it when it differs", async () => {
    mockBackend({
      list_shops: () => [shop],
      list_products: () =>
        productPage([productRow(1), productRow(2, { status: "under_review" }), productRow(3, { status: "paused" })]),
      count_products: () => 3,
      get_product: (a) => ({ ...productDetail(a.id as number), product: productRow(a.id as number, { status: "under_review" }) }),
    });
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const status = (id: string) =>
      screen.getAllByTestId("row").find((r) => r.dataset.id === id)!.querySelector('[data-col="status"]')!;
    expect(status("1").textContent?.trim()).toBe("Active");
    expect(status("1").querySelector(".badge.st-active")).not.toBeNull();
    expect(status("2").textContent?.trim()).toBe("Paused · Under review");
    expect(status("2").querySelector(".badge.st-paused")).not.toBeNull();
    expect(status("2").getAttribute("title")).toBe("Paused · Under review");
    // The same word twice says nothing more.
    expect(status("3").textContent?.trim()).toBe("Paused");

    // The detail: the state's badge, then the raw word in muted text.
    await fireEvent.click(screen.getAllByTestId("row")[1]);
    const detail = await screen.findByTestId("detail");
    const raw = await within(detail).findByTestId("raw-status");
    expect(raw.textContent).toBe("Under review");
    expect(raw.classList.contains("muted")).toBe(true);
    expect(raw.previousElementSibling?.matches(".badge.st-paused")).toBe(true);
    expect(raw.previousElementSibling?.textContent).toBe("Paused");
  });

  it("reloads from the first page when a column header is clicked", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    await fireEvent.click(within(screen.getByRole("columnheader", { name: /Price/ })).getByRole("button"));
    await waitFor(() => {
      const q = lastQuery<ProductQuery>(calls, "list_products");
      expect([q.sort, q.dir, q.cursor]).toEqual(["price", "desc", null]);
    });
    await fireEvent.click(within(screen.getByRole("columnheader", { name: /Price/ })).getByRole("button"));
    await waitFor(() => {
      const q = lastQuery<ProductQuery>(calls, "list_products");
      expect([q.sort, q.dir]).toEqual(["price", "asc"]);
    });
  });

  describe("newest-first note", () => {
    const note = () => screen.queryByTestId("newest-first-note");

    async function search(text: string) {
      await fireEvent.input(screen.getByTestId("search"), { target: { value: text } });
    }

    it("shows the note and inactive sort arrows when a search answers newest_first", async () => {
      mockBackend({
        list_shops: () => [shop],
        list_products: (a) => productPage([productRow(1), productRow(2)], { newest_first: !!(a.query as ProductQuery).search }),
        count_products: () => 2500,
      });
      render(ProductsView);
      await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(2));
      expect(note()).toBeNull();
      const updated = () => screen.getByRole("columnheader", { name: /Updated/ });
      expect(updated().getAttribute("aria-sort")).toBe("descending");

      await search("Product");
      await waitFor(() => expect(note()).not.toBeNull());
      expect(note()?.textContent).toBe("Many matches: showing the newest first. Narrow the search to sort by a column.");
      expect(updated().getAttribute("aria-sort")).toBe("none");
      expect(updated().querySelector(".dt-arrow")?.classList.contains("inactive")).toBe(true);

      // Clearing the search hides it at once.
      await fireEvent.keyDown(screen.getByTestId("search"), { key: "Escape" });
      expect(note()).toBeNull();
      await waitFor(() => expect(updated().getAttribute("aria-sort")).toBe("descending"));
      expect(updated().querySelector(".dt-arrow")?.classList.contains("inactive")).toBe(false);
    });

    it("shows no note when the search answers newest_first false", async () => {
      const calls = mockBackend({
        list_shops: () => [shop],
        list_products: () => productPage([productRow(2)], { newest_first: false }),
        count_products: () => 1,
      });
      render(ProductsView);
      await search("Product 2");
      await waitFor(() =>
        expect(calls.some((c) => c.cmd === "list_products" && (c.args.query as ProductQuery).search === "Product 2")).toBe(true),
      );
      await waitFor(() => expect(screen.getByTestId("row-count").textContent).toBe("1 product"));
      expect(screen.getAllByTestId("row")).toHaveLength(1);
      expect(note()).toBeNull();
      expect(screen.getByRole("columnheader", { name: /Updated/ }).getAttribute("aria-sort")).toBe("descending");
    });

    it("ignores a late newest_first answer to an older search", async () => {
      let releaseOld!: () => void;
      mockBackend({
        list_shops: () => [shop],
        list_products: (a) => {
          const q = a.query as ProductQuery;
          if (q.search === "old") {
            return new Promise((r) => (releaseOld = () => r(productPage([productRow(1)], { newest_first: true }))));
          }
          return productPage([productRow(2)], { newest_first: false });
        },
        count_products: () => 1,
      });
      render(ProductsView);
      await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(1));
      await search("old");
      await waitFor(() => expect(releaseOld).toBeTypeOf("function"));
      await search("new");
      await waitFor(() => expect(screen.getAllByTestId("row").map((r) => r.dataset.id)).toEqual(["2"]));
      releaseOld();
      await new Promise((r) => setTimeout(r, 50));
      expect(note()).toBeNull();
      expect(screen.getAllByTestId("row").map((r) => r.dataset.id)).toEqual(["2"]);
    });

    it("says it in Spanish", async () => {
      setLang("es");
      try {
        mockBackend({
          list_shops: () => [shop],
          list_products: () => productPage([productRow(1)], { newest_first: true }),
          count_products: () => 2500,
        });
        render(ProductsView);
        await search("Producto");
        await waitFor(() =>
          expect(note()?.textContent).toBe(
            "Muchos resultados: se muestran primero los más nuevos. Acotá la búsqueda para ordenar por columna.",
          ),
        );
      } finally {
        setLang("en");
      }
    });
  });

  it("re-runs its query when a sync stores products, not for other resources", async () => {
    let title = "Product";
    const calls = mockBackend({
      list_shops: () => [shop],
      list_products: () => productPage([productRow(1, { title: `${title} 1` }), productRow(2)]),
      count_products: () => 2,
    });
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(2));
    const lists = () => calls.filter((c) => c.cmd === "list_products").length;
    expect(lists()).toBe(1);

    await emit("data-changed", ["orders"]);
    await new Promise((r) => setTimeout(r, 400));
    expect(lists()).toBe(1);

    title = "Renamed";
    await emit("data-changed", ["products"]);
    await emit("data-changed", ["products", "orders"]);
    await waitFor(() => expect(screen.getAllByTestId("row")[0].textContent).toContain("Renamed 1"));
    // Debounced: two events, one reload of the page in view (and of the count).
    expect(lists()).toBe(2);
    expect(calls.filter((c) => c.cmd === "count_products")).toHaveLength(2);
    expect(lastQuery<ProductQuery>(calls, "list_products").cursor).toBeNull();
  });
});

describe("stock per location", () => {
  const levels = [stockLevel("loc-1", "Depósito Norte", 4), stockLevel("loc-2", "Local Centro", 1203)];
  // Mate's shop keeps stock per location (the figure is their sum); Termo's does not.
  const mate = productRow(1, { title: "Mate", variant_count: 0, available_quantity: 1207, stock_levels: levels });
  const termo = productRow(2, { title: "Termo", variant_count: 0, available_quantity: 7 });
  const stockCell = (id: number) => screen.getAllByTestId("stock-cell").find((c) => c.dataset.id === String(id)) as HTMLElement;

  function withLevels(variantLevels = levels) {
    return mockBackend({
      list_shops: () => [shop],
      list_products: () => productPage([mate, termo]),
      count_products: () => 2,
      get_product: (a) => {
        const d = productDetail(a.id as number);
        if (a.id === 2) return { ...d, product: termo, variants: [] };
        const product = { ...mate, variant_count: 1 };
        return { ...d, product, variants: d.variants.map((v) => ({ ...v, available_quantity: 1207, stock_levels: variantLevels })) };
      },
      offer_chart: () => offerChart(),
    });
  }

  afterEach(() => setLang("en"));

  it("shows the total in the table with the breakdown on hover, and nothing more without locations", async () => {
    withLevels();
    render(ProductsView);
    await waitFor(() => expect(stockCell(1)).toBeTruthy());
    expect(stockCell(1).textContent?.trim()).toBe("1,207");
    // Locked (one figure cannot be written over several locations: each is edited in the detail), with the
    // breakdown under the reason.
    expect(stockCell(1).dataset.locked).toBe("true");
    expect(stockCell(1).getAttribute("title")).toMatch(/per location.*edit each location's stock in its detail\.\nDepósito Norte: 4 · Local Centro: 1,203$/s);
    expect(stockCell(2).textContent?.trim()).toBe("7");
    expect(stockCell(2).getAttribute("title")).toBe("Stock of Termo");

    // The figures are grouped for the language.
    setLang("es");
    await waitFor(() => expect(stockCell(1).getAttribute("title")).toMatch(/ubicación.*editá el stock de cada ubicación en su detalle\.\nDepósito Norte: 4 · Local Centro: 1\.203$/s));
  });

  it("lists the locations under the stock in the detail, for the listing and for each variant", async () => {
    withLevels([stockLevel("loc-1", "Depósito Norte", 1200), stockLevel("loc-2", "Local Centro", 7)]);
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("row")[0]);
    const detail = await screen.findByTestId("detail");
    const own = await within(detail).findByTestId("detail-stock");
    expect(own.textContent?.trim()).toBe("1,207");
    const lists = within(detail).getAllByTestId("stock-levels");
    expect(lists).toHaveLength(2);
    const [listing, variant] = lists;
    // The listing's list sits with its figure; the variant's in its row.
    expect(own.closest("dd")?.contains(listing)).toBe(true);
    expect(listing.getAttribute("aria-label")).toBe("Stock by location");
    const rows = (el: HTMLElement) => within(el).getAllByTestId("stock-level").map((r) => [r.dataset.location, r.textContent?.replace(/\s+/g, " ").trim()]);
    expect(rows(listing)).toEqual([
      ["loc-1", "Depósito Norte 4"],
      ["loc-2", "Local Centro 1,203"],
    ]);
    expect(within(detail).getByTestId("variant").contains(variant)).toBe(true);
    expect(rows(variant)).toEqual([
      ["loc-1", "Depósito Norte 1,200"],
      ["loc-2", "Local Centro 7"],
    ]);
  });

  it("shows no location list in the detail of a listing whose channel has none", async () => {
    withLevels();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("row")[1]);
    const detail = await screen.findByTestId("detail");
    await waitFor(() => expect(within(detail).getByTestId("detail-stock").textContent?.trim()).toBe("7"));
    expect(within(detail).queryByTestId("stock-levels")).toBeNull();
    expect(within(detail).queryByTestId("stock-level")).toBeNull();
  });
});
