import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { BulkEdit } from "../bindings/BulkEdit";
import type { EditRequest } from "../bindings/EditRequest";
import type { ProductRow } from "../bindings/ProductRow";
import { dismissUndo } from "../lib/editing.svelte";
import { setLang } from "../lib/i18n";
import { activityNav, nav } from "../lib/nav.svelte";
import type { StockLevel } from "../bindings/StockLevel";
import {
  mockBackend,
  outboxRow,
  productDetail,
  productPage,
  productRow,
  shop,
  stockLevel,
  type Call,
  type Handler,
} from "../test/fixtures";
import ProductsView from "./ProductsView.svelte";

afterEach(() => {
  setLang("en");
  dismissUndo();
  nav.view = "dashboard";
  activityNav.tab = "runs";
  activityNav.productId = null;
  activityNav.productTitle = null;
});

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ").trim();
const calledWith = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);

const mate = productRow(1, { title: "Mate imperial", price: { minor: 100000, currency: "ARS" }, variant_count: 0 });
const termo = productRow(2, { title: "Termo", price: { minor: 250000, currency: "ARS" }, variant_count: 3, available_quantity: 9 });

function backend(rows: ProductRow[] = [mate, termo], extra: Record<string, Handler> = {}) {
  return mockBackend({
    list_shops: () => [shop],
    list_products: () => productPage(rows),
    count_products: () => rows.length,
    get_product: (a) => ({ ...productDetail(a.id as number), product: rows.find((r) => r.id === a.id) ?? mate }),
    edit_product: (a) => outboxRow(41, { product_id: (a.request as EditRequest).product_id, value: (a.request as EditRequest).value }),
    ...extra,
  });
}

const priceCell = (id: number) =>
  screen.getAllByTestId("price-cell").find((c) => c.dataset.id === String(id)) as HTMLElement;

async function editPrice(id: number, text: string) {
  await waitFor(() => expect(priceCell(id)).toBeTruthy());
  await fireEvent.click(priceCell(id));
  const input = (await screen.findByTestId("inline-input")) as HTMLInputElement;
  await fireEvent.input(input, { target: { value: text } });
  return input;
}

describe("inline edits in the Products table", () => {
  it("Enter saves the price in exact minor units of the listing's currency, then re-reads the row", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(plain(priceCell(1).textContent)).toBe("ARS 1,000.00"));
    await fireEvent.click(priceCell(1));
    const input = (await screen.findByTestId("inline-input")) as HTMLInputElement;
    // It starts with the value, as plain digits that parse back.
    expect(input.value).toBe("1000.00");
    expect(document.activeElement).toBe(input);
    const lists = calledWith(calls, "list_products").length;

    await fireEvent.input(input, { target: { value: "1234.5" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() =>
      expect(calledWith(calls, "edit_product")).toEqual([
        {
          request: {
            product_id: 1,
            variant_remote_id: null,
            value: { field: "price", value: { minor: 123450, currency: "ARS" } },
            reason: null,
          },
        },
      ]),
    );
    await waitFor(() => expect(screen.queryByTestId("inline-input")).toBeNull());
    // The row is read again (the pending value and badge come from the backend).
    await waitFor(() => expect(calledWith(calls, "list_products").length).toBeGreaterThan(lists));
  });

  it("Escape cancels without a call", async () => {
    const calls = backend();
    render(ProductsView);
    const input = await editPrice(1, "999");
    await fireEvent.keyDown(input, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("inline-input")).toBeNull());
    expect(calledWith(calls, "edit_product")).toEqual([]);
    expect(plain(priceCell(1).textContent)).toBe("ARS 1,000.00");
  });

  it.each([
    ["1,234.50", "Enter an amount like 1234.50"],
    ["abc", "Enter an amount like 1234.50"],
    ["12.345", "ARS amounts have at most 2 decimals."],
    ["0", "The price must be more than zero."],
    ["", "Enter a value."],
  ])("says what is wrong with %j and sends nothing", async (text, message) => {
    const calls = backend();
    render(ProductsView);
    const input = await editPrice(1, text);
    await fireEvent.keyDown(input, { key: "Enter" });
    const error = await screen.findByTestId("inline-error");
    expect(error.textContent).toContain(message);
    expect(error.getAttribute("role")).toBe("alert");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toBe(error.id);
    expect(screen.getByTestId("inline-input")).toBe(input);
    expect(calledWith(calls, "edit_product")).toEqual([]);
  });

  it("reads a decimal comma in Spanish", async () => {
    setLang("es");
    const calls = backend();
    render(ProductsView);
    const input = await editPrice(1, "1234,5");
    expect(input).toBeTruthy();
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() =>
      expect((calledWith(calls, "edit_product")[0]?.request as EditRequest | undefined)?.value).toEqual({
        field: "price",
        value: { minor: 123450, currency: "ARS" },
      }),
    );
  });

  it("shows the backend's refusal and keeps the input", async () => {
    backend(undefined, {
      edit_product: () => {
        throw { code: "invalid_input", message: "a closed listing cannot be changed" };
      },
    });
    render(ProductsView);
    const input = await editPrice(1, "1500");
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByTestId("inline-error")).textContent).toContain("a closed listing cannot be changed");
    expect(screen.getByTestId("inline-input")).toBeTruthy();
  });

  it("edits the stock of a listing without variations; one with variations explains why not", async () => {
    const calls = backend();
    render(ProductsView);
    const stockCell = (id: number) => screen.getAllByTestId("stock-cell").find((c) => c.dataset.id === String(id)) as HTMLElement;
    await waitFor(() => expect(stockCell(2)).toBeTruthy());
    // Termo has variations: its stock is their sum, not editable here.
    expect(stockCell(2).tagName).toBe("SPAN");
    expect(stockCell(2).getAttribute("title")).toContain("sum of theirs");
    await fireEvent.click(stockCell(1));
    const input = (await screen.findByTestId("inline-input")) as HTMLInputElement;
    expect(input.value).toBe("7");
    await fireEvent.input(input, { target: { value: "12" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() =>
      expect(calledWith(calls, "edit_product")).toEqual([
        { request: { product_id: 1, variant_remote_id: null, value: { field: "stock", value: 12 }, reason: null } },
      ]),
    );
  });

  it("badges rows with pending edits and rows that need attention", async () => {
    backend([
      productRow(1, { pending_edits: 2 }),
      productRow(2, { edit_issues: 1 }),
      productRow(3),
    ]);
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const row = (id: string) => screen.getAllByTestId("row").find((r) => r.dataset.id === id)!;
    const pending = within(row("1")).getByTestId("pending-badge");
    expect(pending.textContent).toContain("Pending");
    expect(pending.getAttribute("title")).toBe("2 changes waiting to be sent");
    const attention = within(row("2")).getByTestId("attention-badge");
    expect(attention.textContent).toContain("Needs attention");
    expect(within(row("3")).queryByTestId("pending-badge")).toBeNull();
    expect(within(row("3")).queryByTestId("attention-badge")).toBeNull();
  });

  it("offers Undo right after an edit and undoes it with discard_edit", async () => {
    const calls = backend(undefined, {
      edit_product: () => outboxRow(77, { status: "pending" }),
      discard_edit: () => outboxRow(77, { status: "discarded" }),
    });
    render(ProductsView);
    const input = await editPrice(1, "1234.5");
    await fireEvent.keyDown(input, { key: "Enter" });
    const toast = await screen.findByTestId("undo-toast");
    expect(plain(toast.textContent)).toContain("Price of “Mate imperial” set to ARS 1,234.50");
    await fireEvent.click(within(toast).getByTestId("undo-edit"));
    await waitFor(() => expect(calledWith(calls, "discard_edit")).toEqual([{ id: 77 }]));
    await waitFor(() => expect(screen.queryByTestId("undo-edit")).toBeNull());
  });

  it("stops offering Undo once the edit is no longer pending", async () => {
    let pending = true;
    backend(undefined, {
      edit_product: () => outboxRow(78, { status: "pending" }),
      list_outbox: () => ({ rows: pending ? [outboxRow(78)] : [], next_cursor: null }),
    });
    render(ProductsView);
    const input = await editPrice(1, "1500");
    await fireEvent.keyDown(input, { key: "Enter" });
    await screen.findByTestId("undo-edit");
    await emit("outbox-changed", { waiting: 1, rejected: 0, conflict: 0 });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByTestId("undo-edit")).toBeTruthy();
    pending = false; // sent
    await emit("outbox-changed", { waiting: 0, rejected: 0, conflict: 0 });
    await waitFor(() => expect(screen.queryByTestId("undo-edit")).toBeNull());
  });

  it("offers no Undo when the shop already has the value", async () => {
    backend(undefined, { edit_product: () => null });
    render(ProductsView);
    const input = await editPrice(1, "1000");
    await fireEvent.keyDown(input, { key: "Enter" });
    const toast = await screen.findByTestId("undo-toast");
    expect(toast.textContent).toContain("nothing to send");
    expect(within(toast).queryByTestId("undo-edit")).toBeNull();
  });
});

describe("edits in the product detail", () => {
  const withVariants = {
    ...productDetail(1),
    product: productRow(1, { title: "Mate imperial", variant_count: 1, pending_edits: 1 }),
  };

  it("edits a variation's stock with its remote id", async () => {
    const calls = backend([withVariants.product], { get_product: () => withVariants });
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(1));
    await fireEvent.click(screen.getAllByTestId("row")[0]);
    const detail = await screen.findByTestId("detail");
    // The listing's own stock is the sum of its variations': not editable.
    const own = await within(detail).findByTestId("detail-stock");
    expect(own.tagName).toBe("SPAN");
    await fireEvent.click(within(detail).getByTestId("variant-stock"));
    const input = (await within(detail).findByTestId("inline-input")) as HTMLInputElement;
    expect(input.value).toBe("2");
    await fireEvent.input(input, { target: { value: "5" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() =>
      expect(calledWith(calls, "edit_product")).toEqual([
        { request: { product_id: 1, variant_remote_id: "V1", value: { field: "stock", value: 5 }, reason: null } },
      ]),
    );
    // Escape in an input ends the edit, not the panel.
    await fireEvent.click(within(detail).getByTestId("detail-price"));
    await fireEvent.keyDown(await within(detail).findByTestId("inline-input"), { key: "Escape" });
    expect(screen.getByTestId("detail")).toBeTruthy();
  });

  it("edits the price in the detail; an invalid one sends nothing", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("row")[0]);
    const detail = await screen.findByTestId("detail");
    await fireEvent.click(await within(detail).findByTestId("detail-price"));
    const input = (await within(detail).findByTestId("inline-input")) as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "12,5" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await within(detail).findByTestId("detail-edit-error")).textContent).toContain("Enter an amount like 1234.50");
    expect(calledWith(calls, "edit_product")).toEqual([]);
    await fireEvent.input(input, { target: { value: "999.99" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() =>
      expect((calledWith(calls, "edit_product")[0]?.request as EditRequest | undefined)?.value).toEqual({
        field: "price",
        value: { minor: 99999, currency: "ARS" },
      }),
    );
  });

  it("pauses at once and closes only after confirming", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("row")[0]);
    const detail = await screen.findByTestId("detail");
    const picker = await within(detail).findByTestId("status-picker");
    expect(within(picker).getByTestId("status-active").getAttribute("aria-pressed")).toBe("true");

    await fireEvent.click(within(picker).getByTestId("status-paused"));
    await waitFor(() =>
      expect(calledWith(calls, "edit_product").map((a) => (a.request as EditRequest).value)).toEqual([{ field: "status", value: "paused" }]),
    );

    await fireEvent.click(within(picker).getByTestId("status-closed"));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("final on Mercado Libre");
    await fireEvent.click(screen.getByTestId("confirm-cancel"));
    expect(calledWith(calls, "edit_product")).toHaveLength(1);

    await fireEvent.click(within(picker).getByTestId("status-closed"));
    await screen.findByRole("dialog");
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() =>
      expect(calledWith(calls, "edit_product").map((a) => (a.request as EditRequest).value)).toEqual([
        { field: "status", value: "paused" },
        { field: "status", value: "closed" },
      ]),
    );
  });

  it("opens the outbox on this listing's changes", async () => {
    backend([withVariants.product], { get_product: () => withVariants });
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(1));
    await fireEvent.click(screen.getAllByTestId("row")[0]);
    await fireEvent.click(await screen.findByTestId("see-changes"));
    expect(nav.view).toBe("activity");
    expect(activityNav.tab).toBe("outbox");
    expect(activityNav.productId).toBe(1);
  });
});

describe("stock per location in the product detail", () => {
  const sum = (levels: StockLevel[]) => levels.reduce((n, l) => n + l.available, 0);

  /**
   * Mate (no variations) and Termo's variation V1 keep stock at two locations; Termo's own levels are its
   * variation's. An edit sets the named location, and each figure is the sum of its locations again, as
   * the store does.
   */
  function located(extra: Record<string, Handler> = {}) {
    const own = [stockLevel("loc-1", "Depósito Norte", 4), stockLevel("loc-2", "Local Centro", 1203)];
    const v1 = [stockLevel("loc-1", "Depósito Norte", 1), stockLevel("loc-2", "Local Centro", 2)];
    const mate = () => productRow(1, { title: "Mate", variant_count: 0, available_quantity: sum(own), stock_levels: own.map((l) => ({ ...l })) });
    const termo = () => productRow(2, { title: "Termo", variant_count: 1, available_quantity: sum(v1), stock_levels: v1.map((l) => ({ ...l })) });
    return backend([mate(), termo()], {
      list_products: () => productPage([mate(), termo()]),
      get_product: (a) => {
        if (a.id === 1) return { ...productDetail(1), product: mate(), variants: [] };
        const d = productDetail(2);
        return { ...d, product: termo(), variants: [{ ...d.variants[0], available_quantity: sum(v1), stock_levels: v1.map((l) => ({ ...l })) }] };
      },
      edit_product: (a) => {
        const r = a.request as EditRequest;
        const level = (r.variant_remote_id === "V1" ? v1 : own).find((l) => l.location_id === r.location_id);
        if (!level || r.value.field !== "stock") throw { code: "unsupported", message: "name the location whose stock to set" };
        level.available = r.value.value;
        return outboxRow(51, { product_id: r.product_id, value: r.value, location_id: level.location_id, location_name: level.location_name });
      },
      ...extra,
    });
  }

  async function openDetail(index: number) {
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("row")[index]);
    return screen.findByTestId("detail");
  }
  const locationCell = (el: HTMLElement, location: string) =>
    within(el).getAllByTestId("location-stock").find((c) => c.dataset.location === location) as HTMLElement;

  it("edits one location's stock of a listing with its location_id and shows the new figure and sum", async () => {
    const calls = located();
    render(ProductsView);
    const detail = await openDetail(0);
    // The listing's figure is the sum of its locations: read-only, saying where to edit.
    const total = await within(detail).findByTestId("detail-stock");
    expect(total.tagName).toBe("SPAN");
    expect(total.dataset.locked).toBe("true");
    expect(total.getAttribute("title")).toContain("The sum of its locations' stock: edit the stock of a location");
    expect(plain(total.textContent)).toBe("1,207");

    const norte = locationCell(detail, "loc-1");
    expect(norte.tagName).toBe("BUTTON");
    expect(norte.getAttribute("aria-label")).toBe("Stock of Mate at Depósito Norte");
    await fireEvent.click(norte);
    const input = (await within(detail).findByTestId("inline-input")) as HTMLInputElement;
    expect(input.dataset.location).toBe("loc-1");
    expect(input.value).toBe("4");
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: "9" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() =>
      expect(calledWith(calls, "edit_product")).toEqual([
        { request: { product_id: 1, variant_remote_id: null, value: { field: "stock", value: 9 }, reason: null, location_id: "loc-1" } },
      ]),
    );
    // The detail is read again: the location shows its new figure, the listing the new sum.
    await waitFor(() => expect(plain(locationCell(detail, "loc-1").textContent)).toBe("9"));
    expect(plain(within(detail).getByTestId("detail-stock").textContent)).toBe("1,212");
    expect(plain((await screen.findByTestId("undo-toast")).textContent)).toContain("Stock at Depósito Norte of “Mate” set to 9");
  });

  it("edits a variation's location with its remote id; the variation's and the listing's figures stay sums", async () => {
    const calls = located();
    render(ProductsView);
    const detail = await openDetail(1);
    const variant = await within(detail).findByTestId("variant");
    const variantTotal = within(variant).getByTestId("variant-stock");
    expect(variantTotal.dataset.locked).toBe("true");
    expect(variantTotal.getAttribute("title")).toContain("sum of its locations");
    // The listing's own figures, its total and each location's, are its variation's sums.
    expect(within(detail).getByTestId("detail-stock").getAttribute("title")).toContain("sum of theirs");
    const listingLevels = within(detail).getAllByTestId("stock-levels")[0];
    expect(locationCell(listingLevels, "loc-1").dataset.locked).toBe("true");
    expect(locationCell(listingLevels, "loc-1").getAttribute("title")).toContain("sum of theirs");

    const centro = locationCell(variant, "loc-2");
    expect(centro.getAttribute("aria-label")).toBe("Stock of Color: Red at Local Centro");
    await fireEvent.click(centro);
    const input = (await within(variant).findByTestId("inline-input")) as HTMLInputElement;
    expect(input.value).toBe("2");
    await fireEvent.input(input, { target: { value: "1200" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() =>
      expect(calledWith(calls, "edit_product")).toEqual([
        { request: { product_id: 2, variant_remote_id: "V1", value: { field: "stock", value: 1200 }, reason: null, location_id: "loc-2" } },
      ]),
    );
    await waitFor(() => expect(plain(within(screen.getByTestId("variant")).getByTestId("variant-stock").textContent)).toBe("1,201"));
    expect(plain(locationCell(screen.getByTestId("variant"), "loc-2").textContent)).toBe("1,200");
  });

  it("shows the backend's refusal beside the location, keeps the input, and Escape ends the edit", async () => {
    const refusal = "Casa Sur refused the stock of Local Centro: the location is not active";
    const calls = located({
      edit_product: () => {
        throw { code: "unsupported", message: refusal };
      },
    });
    render(ProductsView);
    const detail = await openDetail(0);
    await fireEvent.click(await waitFor(() => locationCell(detail, "loc-2")));
    const input = (await within(detail).findByTestId("inline-input")) as HTMLInputElement;
    // A figure that is not a stock is caught before anything is sent.
    await fireEvent.input(input, { target: { value: "-3" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await within(detail).findByTestId("detail-edit-error")).textContent).toContain("Enter a whole number of units");
    expect(calledWith(calls, "edit_product")).toEqual([]);

    await fireEvent.input(input, { target: { value: "5" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    const level = within(detail).getAllByTestId("stock-level").find((l) => l.dataset.location === "loc-2") as HTMLElement;
    await waitFor(() => expect(within(level).getByTestId("detail-edit-error").textContent).toBe(refusal));
    const error = within(level).getByTestId("detail-edit-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(within(level).getByTestId("inline-input").getAttribute("aria-describedby")).toBe(error.id);
    expect(plain(within(detail).getByTestId("detail-stock").textContent)).toBe("1,207");

    await fireEvent.keyDown(within(level).getByTestId("inline-input"), { key: "Escape" });
    expect(within(detail).queryByTestId("inline-input")).toBeNull();
    expect(within(detail).queryByTestId("detail-edit-error")).toBeNull();
    expect(plain(locationCell(detail, "loc-2").textContent)).toBe("1,203");
    expect(calledWith(calls, "edit_product")).toHaveLength(1);
  });

  it("says it in Spanish and Portuguese", async () => {
    located();
    setLang("es");
    render(ProductsView);
    const detail = await openDetail(0);
    await waitFor(() => expect(within(detail).getByTestId("detail-stock").getAttribute("title")).toContain("La suma del stock de sus ubicaciones"));
    expect(locationCell(detail, "loc-1").getAttribute("aria-label")).toBe("Stock de Mate en Depósito Norte");
    setLang("pt");
    await waitFor(() => expect(locationCell(detail, "loc-1").getAttribute("aria-label")).toBe("Estoque de Mate em Depósito Norte"));
    expect(within(detail).getByTestId("detail-stock").getAttribute("title")).toContain("A soma do estoque dos locais");
  });
});

describe("bulk edits", () => {
  const preview = {
    rows: [
      {
        product_id: 1,
        title: "Mate imperial",
        remote_id: "MLA1001",
        old: { field: "price", value: { minor: 100000, currency: "ARS" } },
        new: { field: "price", value: { minor: 87500, currency: "ARS" } },
        skipped: null,
      },
      {
        product_id: 2,
        title: "Termo",
        remote_id: "MLA1002",
        old: { field: "price", value: { minor: 100, currency: "ARS" } },
        new: null,
        skipped: "the price would not be more than zero",
      },
    ],
    changes: 1,
    skipped: 1,
  };

  it("previews, then applies exactly the previewed change to the ticked rows", async () => {
    const calls = backend(undefined, {
      preview_bulk_edit: () => preview,
      apply_bulk_edit: () => ({ queued: 1, skipped: 1 }),
    });
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row-select")).toHaveLength(2));
    const bulkButton = screen.getByTestId("bulk-edit") as HTMLButtonElement;
    expect(bulkButton.disabled).toBe(true);
    for (const box of screen.getAllByTestId("row-select")) await fireEvent.click(box);
    expect(screen.getByTestId("selection-count").textContent).toContain("2 selected");
    expect(bulkButton.disabled).toBe(false);
    await fireEvent.click(bulkButton);

    const dialog = await screen.findByTestId("bulk-dialog");
    expect(dialog.textContent).toContain("2 selected listings");
    await fireEvent.change(within(dialog).getByTestId("bulk-kind"), { target: { value: "lower_percent" } });
    await fireEvent.input(within(dialog).getByTestId("bulk-value"), { target: { value: "12.5" } });
    expect(within(dialog).queryByTestId("bulk-apply")).toBeNull();
    await fireEvent.click(within(dialog).getByTestId("bulk-preview"));

    const want: BulkEdit = { target: { kind: "ids", ids: [1, 2] }, change: { kind: "adjust_percent", percent: "-12.5" } };
    await waitFor(() => expect(calledWith(calls, "preview_bulk_edit")).toEqual([{ bulk: want }]));
    const rows = await within(dialog).findAllByTestId("bulk-preview-row");
    expect(rows).toHaveLength(2);
    expect(plain(within(rows[0]).getByTestId("bulk-old").textContent)).toBe("ARS 1,000.00");
    expect(plain(within(rows[0]).getByTestId("bulk-new").textContent)).toBe("ARS 875.00");
    expect(plain(rows[0].textContent)).toContain("ARS 1,000.00→ARS 875.00");
    expect(rows[1].dataset.skipped).toBe("true");
    expect(rows[1].textContent).toContain("Left out: the price would not be more than zero");
    expect(plain(within(dialog).getByTestId("bulk-totals").textContent)).toBe("1 change, 1 left out");
    expect(calledWith(calls, "apply_bulk_edit")).toEqual([]);

    await fireEvent.click(within(dialog).getByTestId("bulk-apply"));
    await waitFor(() => expect(calledWith(calls, "apply_bulk_edit")).toEqual([{ bulk: want }]));
    expect(plain((await within(dialog).findByTestId("bulk-result")).textContent)).toBe("1 change queued, 1 left out");
    // The selection is spent.
    expect(screen.queryByTestId("selection-count")).toBeNull();
  });

  it("changing the value drops the preview; invalid values send nothing", async () => {
    const calls = backend(undefined, { preview_bulk_edit: () => preview });
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row-select")).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("row-select")[0]);
    await fireEvent.click(screen.getByTestId("bulk-edit"));
    const dialog = await screen.findByTestId("bulk-dialog");
    await fireEvent.input(within(dialog).getByTestId("bulk-value"), { target: { value: "1.234,5" } });
    await fireEvent.click(within(dialog).getByTestId("bulk-preview"));
    expect((await within(dialog).findByTestId("bulk-error")).textContent).toContain("Enter an amount like 1234.50");
    expect(calledWith(calls, "preview_bulk_edit")).toEqual([]);

    await fireEvent.input(within(dialog).getByTestId("bulk-value"), { target: { value: "1499.9" } });
    await fireEvent.click(within(dialog).getByTestId("bulk-preview"));
    await waitFor(() =>
      expect(calledWith(calls, "preview_bulk_edit")).toEqual([
        { bulk: { target: { kind: "ids", ids: [1] }, change: { kind: "set_price", amount: "1499.9" } } },
      ]),
    );
    await within(dialog).findByTestId("bulk-apply");
    await fireEvent.input(within(dialog).getByTestId("bulk-value"), { target: { value: "1500" } });
    expect(within(dialog).queryByTestId("bulk-apply")).toBeNull();
    expect(within(dialog).queryAllByTestId("bulk-preview-row")).toHaveLength(0);
  });

  it("targets every listing matching the filters from the header box, and sends stock and status changes", async () => {
    const calls = backend(undefined, {
      count_products: () => 1234,
      preview_bulk_edit: () => ({ rows: [], changes: 1234, skipped: 0 }),
    });
    render(ProductsView);
    await waitFor(() => expect(screen.getByTestId("row-count").textContent).toBe("1,234 products"));
    await fireEvent.click(screen.getByTestId("select-all"));
    expect(screen.getByTestId("selection-count").textContent).toContain("All 1,234 matching listings are selected");
    await fireEvent.click(screen.getByTestId("bulk-edit"));
    const dialog = await screen.findByTestId("bulk-dialog");
    await fireEvent.change(within(dialog).getByTestId("bulk-kind"), { target: { value: "pause" } });
    expect(within(dialog).queryByTestId("bulk-value")).toBeNull();
    await fireEvent.click(within(dialog).getByTestId("bulk-preview"));
    await waitFor(() => expect(calledWith(calls, "preview_bulk_edit")).toHaveLength(1));
    const bulk = calledWith(calls, "preview_bulk_edit")[0].bulk as BulkEdit;
    expect(bulk.change).toEqual({ kind: "pause" });
    expect(bulk.target.kind).toBe("matching");
    if (bulk.target.kind === "matching") expect(bulk.target.query).toMatchObject({ shop_id: null, search: null, cursor: null });

    await fireEvent.change(within(dialog).getByTestId("bulk-kind"), { target: { value: "raise_amount" } });
    await fireEvent.input(within(dialog).getByTestId("bulk-value"), { target: { value: "250.5" } });
    await fireEvent.click(within(dialog).getByTestId("bulk-preview"));
    await waitFor(() => expect(calledWith(calls, "preview_bulk_edit")).toHaveLength(2));
    expect((calledWith(calls, "preview_bulk_edit")[1].bulk as BulkEdit).change).toEqual({ kind: "adjust_amount", amount: "250.5" });

    await fireEvent.change(within(dialog).getByTestId("bulk-kind"), { target: { value: "set_stock" } });
    await fireEvent.input(within(dialog).getByTestId("bulk-value"), { target: { value: "15" } });
    await fireEvent.click(within(dialog).getByTestId("bulk-preview"));
    await waitFor(() => expect(calledWith(calls, "preview_bulk_edit")).toHaveLength(3));
    expect((calledWith(calls, "preview_bulk_edit")[2].bulk as BulkEdit).change).toEqual({ kind: "set_stock", stock: 15 });
  });

  it("ticks the selected row with Space from the keyboard", async () => {
    backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(2));
    const grid = screen.getByRole("grid");
    grid.focus();
    await fireEvent.keyDown(grid, { key: "ArrowDown" });
    await fireEvent.keyDown(grid, { key: " " });
    const boxes = screen.getAllByTestId("row-select") as HTMLInputElement[];
    expect(boxes.map((b) => b.checked)).toEqual([true, false]);
    expect(screen.getByTestId("selection-count").textContent).toContain("1 selected");
    await fireEvent.keyDown(grid, { key: " " });
    expect(boxes.map((b) => b.checked)).toEqual([false, false]);
  });
});

