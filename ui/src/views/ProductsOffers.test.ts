// The Products table's offers: the lowest offer and our distance from it, the "above the lowest" filter,
// the offer_gap sort, and tracking the ticked rows.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { ProductQuery } from "../bindings/ProductQuery";
import type { Shop } from "../bindings/Shop";
import ProductsView from "./ProductsView.svelte";
import { lastQuery, mockBackend, offersShop, productPage, productRow, shop, type Call } from "../test/fixtures";
import { nav, navigate } from "../lib/nav.svelte";

const rows = () => [
  productRow(1, { tracked: true, lowest_offer: { minor: 114843, currency: "ARS" }, offer_gap_bp: 750 }),
  productRow(2, { tracked: true, lowest_offer: { minor: 124960, currency: "ARS" }, offer_gap_bp: -120 }),
  productRow(3),
];

function backend(shops: Shop[] = [shop, offersShop()]) {
  return mockBackend({
    list_shops: () => shops,
    list_products: () => productPage(rows()),
    count_products: () => 3,
    track_products: (a) => (a.productIds as number[]).length,
  });
}

const calledWith = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd);
const row = (id: number) => screen.getAllByTestId("row").find((r) => r.dataset.id === String(id))!;

describe("Products: offers", () => {
  it("shows the lowest offer and our distance from it: red above, green at or below", async () => {
    backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const cell = (id: number, testid: string) => within(row(id)).getByTestId(testid);
    expect(cell(1, "lowest-offer-cell").textContent?.replace(/\u00a0/g, " ")).toBe("ARS 1,148.43");
    expect(cell(1, "offer-gap-cell").textContent).toBe("+7.5%");
    expect(cell(1, "offer-gap-cell").classList.contains("above")).toBe(true);
    expect(cell(2, "offer-gap-cell").textContent).toBe("-1.2%");
    expect(cell(2, "offer-gap-cell").classList.contains("below")).toBe(true);
    expect(cell(3, "lowest-offer-cell").textContent).toBe("—");
    expect(cell(3, "offer-gap-cell").textContent).toBe("—");
    const head = screen.getByTestId("table-products").querySelector('[data-col="gap"]')!;
    expect(head.textContent).toContain("vs lowest");
    expect(screen.getByTestId("table-products").querySelector('.dt-th[data-col="lowest"]')?.textContent).toContain("Lowest offer");
  });

  it("sorts by our distance from the lowest offer", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const head = screen.getByTestId("table-products").querySelector('.dt-th[data-col="gap"] button') as HTMLButtonElement;
    await fireEvent.click(head);
    await waitFor(() => expect(lastQuery<ProductQuery>(calls, "list_products").sort).toBe("offer_gap"));
    expect(lastQuery<ProductQuery>(calls, "list_products").dir).toBe("desc");
  });

  it("filters the listings above the lowest offer by more than a percent (above_lowest_bp)", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    expect(lastQuery<ProductQuery>(calls, "list_products").above_lowest_bp).toBeNull();
    const percent = screen.getByTestId("filter-above-lowest-percent") as HTMLInputElement;
    expect(percent.value).toBe("5");
    await fireEvent.click(screen.getByTestId("filter-above-lowest"));
    await waitFor(() => expect(lastQuery<ProductQuery>(calls, "list_products").above_lowest_bp).toBe(500));
    expect(lastQuery<ProductQuery>(calls, "count_products").above_lowest_bp).toBe(500);

    await fireEvent.input(percent, { target: { value: "7.5" } });
    await waitFor(() => expect(lastQuery<ProductQuery>(calls, "list_products").above_lowest_bp).toBe(750));
    // Text that is not a percent keeps the last one.
    await fireEvent.input(percent, { target: { value: "7.5.1" } });
    expect(percent.getAttribute("aria-invalid")).toBe("true");
    await new Promise((r) => setTimeout(r, 400));
    expect(lastQuery<ProductQuery>(calls, "list_products").above_lowest_bp).toBe(750);

    await fireEvent.click(screen.getByTestId("filter-above-lowest"));
    await waitFor(() => expect(lastQuery<ProductQuery>(calls, "list_products").above_lowest_bp).toBeNull());
  });

  it("tracks the offers of the ticked rows with track_products", async () => {
    const calls = backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const track = screen.getByTestId("track-selected") as HTMLButtonElement;
    expect(track.disabled).toBe(true);
    await fireEvent.click(within(row(1)).getByTestId("row-select"));
    await fireEvent.click(within(row(3)).getByTestId("row-select"));
    expect(track.disabled).toBe(false);
    expect(track.title).toBe("Track the offers of the 2 ticked listings");
    await fireEvent.click(track);
    await waitFor(() => expect(calledWith(calls, "track_products").map((c) => c.args)).toEqual([{ productIds: [1, 3], serviceId: null }]));
    const note = await screen.findByTestId("track-note");
    expect(note.dataset.kind).toBe("done");
    expect(note.textContent).toContain("2 listings are tracked at the offers service now");
    // The selection is done with.
    expect(track.disabled).toBe(true);
  });

  it("cannot track every matching listing at once", async () => {
    backend();
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    await fireEvent.click(screen.getByTestId("select-all"));
    const track = screen.getByTestId("track-selected") as HTMLButtonElement;
    expect(track.disabled).toBe(true);
    expect(track.title).toContain("one by one");
  });

  it("says there is no offers service and points to Shops", async () => {
    const calls = backend([shop]);
    render(ProductsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    await fireEvent.click(within(row(2)).getByTestId("row-select"));
    await fireEvent.click(screen.getByTestId("track-selected"));
    const note = await screen.findByTestId("track-note");
    expect(note.dataset.kind).toBe("noService");
    expect(note.getAttribute("role")).toBe("alert");
    expect(note.textContent).toContain("There is no offers service yet");
    expect(calledWith(calls, "track_products")).toHaveLength(0);
    await fireEvent.click(within(note).getByTestId("go-shops"));
    expect(nav.view).toBe("shops");
    navigate("dashboard");
  });
});
