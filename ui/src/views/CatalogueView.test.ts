import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { BulkPreview } from "../bindings/BulkPreview";
import type { CatalogueQuery } from "../bindings/CatalogueQuery";
import type { CatalogueRow } from "../bindings/CatalogueRow";
import { setLang } from "../lib/i18n";
import CatalogueView from "./CatalogueView.svelte";
import {
  catalogueItem,
  catalogueListing,
  cataloguePage,
  lastQuery,
  mockBackend,
  offerChart,
  productDetail,
  stockLevel,
  unboundRow,
  type Call,
  type Handler,
} from "../test/fixtures";

const calledWith = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const plain = (el: Element | null | undefined) => el?.textContent?.replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ").trim() ?? "";
const rowsShown = () => screen.queryAllByTestId("catalogue-row");

afterEach(() => setLang("en"));

/** Mate in two channels (the second a variant, dearer: differs), Termo in one. */
function items(): CatalogueRow[] {
  return [
    catalogueItem(
      1,
      [
        catalogueListing(11),
        catalogueListing(12, { shop_id: 2, shop_name: "Casa Sur", remote_id: "gid-12", variation_id: "V7", price: { minor: 130000, currency: "ARS" }, stock: 3 }),
      ],
      { sku: "MATE-IMPERIAL-000123-XL", title: "Mate imperial", differs: true },
    ),
    catalogueItem(2, [catalogueListing(21, { sku: "TERMO-01", bound_by: "manual" })], { sku: "TERMO-1", title: "Termo acero" }),
  ];
}

const noSku = () => unboundRow(catalogueListing(31, { sku: null, title: "Bombilla sin SKU", unbound: "no_sku", bound_by: "sku" }));
const shared = () => unboundRow(catalogueListing(41, { sku: "YERBA-1", title: "Yerba repetida", unbound: "shared_sku_in_shop" }));

function backend(more: Record<string, Handler> = {}) {
  return mockBackend({
    list_catalogue: (a) => {
      const q = a.query as CatalogueQuery;
      if (q.filter === "unbound") return cataloguePage([noSku()]);
      if (q.filter === "problems") return cataloguePage([shared()]);
      const all = q.filter === "differs" ? items().filter((r) => r.differs) : items();
      return cataloguePage(q.search ? all.filter((r) => r.title.includes(q.search as string)) : all);
    },
    catalogue_counts: () => ({ items: 1234, differs: 1, unbound: 7, problems: 2 }),
    get_product: (a) => productDetail(a.id as number),
    offer_chart: () => offerChart(),
    ...more,
  });
}

describe("CatalogueView", () => {
  it("lists items by filter chip, each with its count, and searches", async () => {
    const calls = backend();
    render(CatalogueView);
    expect(screen.getByTestId("page-title").textContent).toBe("Catalogue");
    await waitFor(() => expect(rowsShown()).toHaveLength(2));
    expect(lastQuery<CatalogueQuery>(calls, "list_catalogue")).toEqual({ filter: "items", search: null, cursor: null, limit: 100 });
    expect(calledWith(calls, "catalogue_counts")).toHaveLength(1);
    const chip = (f: string) => screen.getByTestId(`catalogue-filter-${f}`);
    await waitFor(() => expect(plain(chip("items"))).toBe("All items 1,234"));
    expect(plain(chip("differs"))).toBe("Differs across channels 1");
    expect(plain(chip("unbound"))).toBe("Unbound 7");
    expect(plain(chip("problems"))).toBe("Problems 2");
    expect(chip("items").getAttribute("aria-pressed")).toBe("true");

    for (const f of ["differs", "unbound", "problems", "items"] as const) {
      await fireEvent.click(chip(f));
      await waitFor(() => expect(lastQuery<CatalogueQuery>(calls, "list_catalogue")).toEqual({ filter: f, search: null, cursor: null, limit: 100 }));
      expect(chip(f).getAttribute("aria-pressed")).toBe("true");
    }
    await waitFor(() => expect(rowsShown()).toHaveLength(2));

    await fireEvent.input(screen.getByTestId("search"), { target: { value: "Termo" } });
    await waitFor(() => expect(lastQuery<CatalogueQuery>(calls, "list_catalogue").search).toBe("Termo"));
    await waitFor(() => expect(rowsShown().map((r) => r.dataset.item)).toEqual(["2"]));
  });

  it("shows each channel's listing side by side, the whole SKU and the differs badge", async () => {
    backend();
    render(CatalogueView);
    await waitFor(() => expect(rowsShown()).toHaveLength(2));
    const [mate, termo] = rowsShown();
    expect(within(mate).getByTestId("catalogue-sku").textContent).toBe("MATE-IMPERIAL-000123-XL");
    expect(within(mate).getByTestId("catalogue-title").textContent).toBe("Mate imperial");
    const cells = within(mate).getAllByTestId("catalogue-listing");
    expect(cells.map((c) => c.dataset.shop)).toEqual(["1", "2"]);
    // Both in one row, one cell each.
    expect(cells[0].parentElement).toBe(cells[1].parentElement);
    const [norte, sur] = cells;
    expect(plain(norte)).toContain("Tienda Norte");
    expect(plain(within(norte).getByTestId("listing-price"))).toBe("ARS 1,234.56");
    expect(plain(within(norte).getByTestId("listing-stock"))).toBe("Stock 7");
    expect(plain(within(norte).getByTestId("listing-status"))).toBe("Active");
    expect(plain(within(norte).getByTestId("listing-synced"))).toBe("Synced 2 min ago");
    expect(within(norte).queryByTestId("listing-variant")).toBeNull();
    expect(plain(sur)).toContain("Casa Sur");
    expect(plain(within(sur).getByTestId("listing-variant"))).toBe("Variant V7");
    expect(plain(within(sur).getByTestId("listing-price"))).toBe("ARS 1,300.00");
    expect(plain(within(sur).getByTestId("listing-stock"))).toBe("Stock 3");
    // Only the item whose listings disagree is badged.
    expect(within(mate).getByTestId("differs-badge").textContent).toBe("Differs");
    expect(within(termo).queryByTestId("differs-badge")).toBeNull();
    expect(within(termo).getAllByTestId("catalogue-listing")).toHaveLength(1);
    // Linked by hand (its own SKU is another): said so; bound by SKU: nothing to say.
    expect(within(termo).getByTestId("listing-manual").textContent).toBe("Linked by hand");
    expect(within(termo).getByTestId("listing-manual").title).toBe("Bound to this item by hand, whatever its own SKU (TERMO-01).");
    expect(within(norte).queryByTestId("listing-manual")).toBeNull();

    setLang("es");
    await waitFor(() => expect(plain(within(norte).getByTestId("listing-synced"))).toBe("Sincronizada hace 2 min"));
    expect(within(mate).getByTestId("differs-badge").textContent).toBe("Difiere");
  });

  it("gives a listing's stock per location on hover where its channel has locations, and nothing more otherwise", async () => {
    const perLocation = catalogueListing(13, {
      shop_id: 3,
      shop_name: "Casa Centro",
      stock: 7,
      stock_levels: [stockLevel("loc-1", "Depósito Norte", 4), stockLevel("loc-2", "Local Centro", 3)],
    });
    backend({ list_catalogue: () => cataloguePage([catalogueItem(1, [catalogueListing(11), perLocation])]) });
    render(CatalogueView);
    await waitFor(() => expect(rowsShown()).toHaveLength(1));
    const [norte, centro] = within(rowsShown()[0]).getAllByTestId("catalogue-listing");
    // The figure is the total either way.
    expect(plain(within(centro).getByTestId("listing-stock"))).toBe("Stock 7");
    expect(within(centro).getByTestId("listing-stock").getAttribute("title")).toBe("Depósito Norte: 4 · Local Centro: 3");
    expect(plain(within(norte).getByTestId("listing-stock"))).toBe("Stock 7");
    expect(within(norte).getByTestId("listing-stock").hasAttribute("title")).toBe(false);
  });

  it("opens a listing's detail beside the list", async () => {
    const calls = backend();
    render(CatalogueView);
    await waitFor(() => expect(rowsShown()).toHaveLength(2));
    const sur = within(rowsShown()[0]).getAllByTestId("catalogue-listing")[1];
    await fireEvent.click(within(sur).getByTestId("listing-open"));
    await waitFor(() => expect(calledWith(calls, "get_product")).toEqual([{ id: 12 }]));
    expect(await screen.findByTestId("detail")).toBeTruthy();
    expect(within(sur).getByTestId("listing-open").getAttribute("aria-pressed")).toBe("true");
  });

  it("says why a listing is unbound and links it to a SKU, showing the backend's refusal", async () => {
    let refuse = true;
    const calls = backend({
      link_listing: () => {
        if (refuse) throw { code: "invalid_input", message: "Yerba repetida of Tienda Norte is already bound to MATE-1: unlink it first" };
        return catalogueItem(1, [catalogueListing(31)], { sku: "MATE-1" });
      },
    });
    render(CatalogueView);
    await waitFor(() => expect(rowsShown()).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("catalogue-filter-problems"));
    await waitFor(() => expect(screen.getByTestId("unbound-reason").textContent).toBe("Same SKU twice in this shop"));
    expect(within(rowsShown()[0]).queryByTestId("row-select")).toBeNull();
    expect(within(rowsShown()[0]).queryByTestId("unlink")).toBeNull();

    await fireEvent.click(screen.getByTestId("catalogue-filter-unbound"));
    await waitFor(() => expect(screen.getByTestId("unbound-reason").textContent).toBe("No SKU"));
    await fireEvent.click(screen.getByTestId("link-open"));
    const form = screen.getByTestId("link-form");
    const input = within(form).getByTestId("link-sku") as HTMLInputElement;
    expect(input.value).toBe("");
    // Nothing typed: asked for a SKU, nothing sent.
    await fireEvent.click(within(form).getByTestId("link-submit"));
    expect(within(form).getByTestId("link-error").textContent).toBe("Enter a SKU.");
    expect(calledWith(calls, "link_listing")).toEqual([]);

    await fireEvent.input(input, { target: { value: " MATE-1 " } });
    await fireEvent.click(within(form).getByTestId("link-submit"));
    const unit = { shop_id: 1, remote_id: "MLA1031", variation_id: null };
    await waitFor(() => expect(calledWith(calls, "link_listing")).toEqual([{ unit, sku: "MATE-1" }]));
    expect((await within(form).findByTestId("link-error")).textContent).toBe(
      "Yerba repetida of Tienda Norte is already bound to MATE-1: unlink it first",
    );
    // The form keeps what was typed.
    expect(input.value).toBe(" MATE-1 ");

    refuse = false;
    const lists = calledWith(calls, "list_catalogue").length;
    await fireEvent.click(within(form).getByTestId("link-submit"));
    await waitFor(() => expect(screen.queryByTestId("link-form")).toBeNull());
    await waitFor(() => expect(calledWith(calls, "list_catalogue").length).toBeGreaterThan(lists));
    expect(calledWith(calls, "catalogue_counts").length).toBeGreaterThan(1);
  });

  it("unlinks a bound listing, and shows a refusal", async () => {
    let refuse = false;
    const calls = backend({
      unlink_listing: () => {
        if (refuse) throw { code: "not_found", message: "listing gid-12 is no longer in the catalogue" };
        return null;
      },
    });
    render(CatalogueView);
    await waitFor(() => expect(rowsShown()).toHaveLength(2));
    const lists = calledWith(calls, "list_catalogue").length;
    const sur = within(rowsShown()[0]).getAllByTestId("catalogue-listing")[1];
    const unlink = within(sur).getByTestId("unlink");
    expect(unlink.getAttribute("aria-label")).toBe("Unlink Product 12 in Casa Sur from this item");
    await fireEvent.click(unlink);
    await waitFor(() => expect(calledWith(calls, "unlink_listing")).toEqual([{ unit: { shop_id: 2, remote_id: "gid-12", variation_id: "V7" } }]));
    await waitFor(() => expect(calledWith(calls, "list_catalogue").length).toBeGreaterThan(lists));
    expect(screen.queryByTestId("catalogue-error")).toBeNull();

    refuse = true;
    await fireEvent.click(within(within(rowsShown()[1]).getByTestId("catalogue-listing")).getByTestId("unlink"));
    expect((await screen.findByTestId("catalogue-error")).textContent).toContain(
      "Something went wrong: listing gid-12 is no longer in the catalogue",
    );
  });

  it("changes the price of every listing of the ticked items, previewed first", async () => {
    const preview: BulkPreview = {
      rows: [
        { product_id: 11, title: "Product 11", remote_id: "MLA1011", old: { field: "price", value: { minor: 123456, currency: "ARS" } }, new: { field: "price", value: { minor: 111110, currency: "ARS" } }, skipped: null },
        { product_id: 12, title: "Product 12", remote_id: "gid-12", old: { field: "price", value: { minor: 130000, currency: "ARS" } }, new: { field: "price", value: { minor: 117000, currency: "ARS" } }, skipped: null },
        { product_id: 21, title: "Product 21", remote_id: "MLA1021", old: { field: "price", value: { minor: 123456, currency: "ARS" } }, new: { field: "price", value: { minor: 111110, currency: "ARS" } }, skipped: null },
      ],
      changes: 3,
      skipped: 0,
    };
    const calls = backend({ preview_bulk_edit: () => preview, apply_bulk_edit: () => ({ queued: 3, skipped: 0 }) });
    render(CatalogueView);
    await waitFor(() => expect(rowsShown()).toHaveLength(2));
    const change = screen.getByTestId("change-price") as HTMLButtonElement;
    expect(change.disabled).toBe(true);

    // Select all on the page, then untick and tick again: both items.
    await fireEvent.click(screen.getByTestId("select-all"));
    expect(screen.getByTestId("selection-count").textContent).toBe("2 items selected");
    await fireEvent.click(within(rowsShown()[1]).getByTestId("row-select"));
    expect(screen.getByTestId("selection-count").textContent).toBe("1 item selected");
    await fireEvent.click(within(rowsShown()[1]).getByTestId("row-select"));
    expect(change.disabled).toBe(false);
    await fireEvent.click(change);

    const dialog = await screen.findByTestId("bulk-dialog");
    expect(within(dialog).getByTestId("bulk-target").textContent).toBe("Applies to every listing of 2 selected items.");
    // Prices only: no stock, pause or activate here.
    const kinds = [...(within(dialog).getByTestId("bulk-kind") as HTMLSelectElement).options].map((o) => o.value);
    expect(kinds).toEqual(["set_price", "raise_percent", "lower_percent", "raise_amount", "lower_amount"]);
    await fireEvent.change(within(dialog).getByTestId("bulk-kind"), { target: { value: "lower_percent" } });
    await fireEvent.input(within(dialog).getByTestId("bulk-value"), { target: { value: "10" } });
    expect(within(dialog).queryByTestId("bulk-apply")).toBeNull();
    await fireEvent.click(within(dialog).getByTestId("bulk-preview"));

    const want = { target: { kind: "items", item_ids: [1, 2] }, change: { kind: "adjust_percent", percent: "-10" } };
    await waitFor(() => expect(calledWith(calls, "preview_bulk_edit")).toEqual([{ bulk: want }]));
    expect(await within(dialog).findAllByTestId("bulk-preview-row")).toHaveLength(3);
    expect(calledWith(calls, "apply_bulk_edit")).toEqual([]);

    await fireEvent.click(within(dialog).getByTestId("bulk-apply"));
    await waitFor(() => expect(calledWith(calls, "apply_bulk_edit")).toEqual([{ bulk: want }]));
    expect(plain(await within(dialog).findByTestId("bulk-result"))).toBe("3 changes queued, 0 left out");
    // The ticks are done with; the dialog still says what it changed.
    expect(screen.queryByTestId("selection-count")).toBeNull();
    expect(within(dialog).getByTestId("bulk-target").textContent).toBe("Applies to every listing of 2 selected items.");
  });

  it("pages with the keyset cursor and says when nothing matches", async () => {
    const calls = backend({
      list_catalogue: (a) => {
        const q = a.query as CatalogueQuery;
        if (q.filter === "differs") return cataloguePage([]);
        return q.cursor === null ? cataloguePage(items().slice(0, 1), "c1") : cataloguePage(items().slice(1));
      },
    });
    render(CatalogueView);
    await waitFor(() => expect(rowsShown()).toHaveLength(1));
    expect(screen.getByTestId("row-count").textContent?.trim()).toBe("1+ rows");
    await fireEvent.click(screen.getByTestId("catalogue-more"));
    await waitFor(() => expect(rowsShown()).toHaveLength(2));
    expect(lastQuery<CatalogueQuery>(calls, "list_catalogue")).toEqual({ filter: "items", search: null, cursor: "c1", limit: 100 });
    expect(screen.queryByTestId("catalogue-more")).toBeNull();
    expect(screen.getByTestId("row-count").textContent?.trim()).toBe("2 rows");

    await fireEvent.click(screen.getByTestId("catalogue-filter-differs"));
    expect((await screen.findByTestId("catalogue-empty")).textContent).toContain("Nothing matches this filter or search.");
  });

  it("shows a failed load as the other lists do, and retries", async () => {
    let fail = true;
    backend({
      list_catalogue: () => {
        if (fail) throw { code: "database", message: "database is locked" };
        return cataloguePage(items());
      },
    });
    render(CatalogueView);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Could not load the list: database is locked");
    fail = false;
    await fireEvent.click(within(alert).getByRole("button"));
    await waitFor(() => expect(rowsShown()).toHaveLength(2));
  });

  it("reads the list and the counts again when a sync stores products", async () => {
    let rows = items().slice(0, 1);
    const calls = backend({ list_catalogue: () => cataloguePage(rows) });
    render(CatalogueView);
    await waitFor(() => expect(rowsShown()).toHaveLength(1));
    await emit("data-changed", ["orders"]);
    rows = items();
    await emit("data-changed", ["products"]);
    await waitFor(() => expect(rowsShown()).toHaveLength(2), { timeout: 2000 });
    expect(calledWith(calls, "list_catalogue")).toHaveLength(2);
    expect(calledWith(calls, "catalogue_counts")).toHaveLength(2);
  });
});
