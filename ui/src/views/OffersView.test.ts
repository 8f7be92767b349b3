import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import OffersView from "./OffersView.svelte";
import {
  mockBackend,
  offerChart,
  offersShop,
  productDetail,
  repricePreviewRow,
  shop,
  trackedProduct,
  type Call,
} from "../test/fixtures";
import { nav, navigate } from "../lib/nav.svelte";

const calledWith = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd);

afterEach(() => navigate("dashboard"));

const list = () => [
  trackedProduct(1, { title: "Mate imperial", has_rule: true }),
  trackedProduct(2, { title: "Termo acero", last_error: "HTTP 503 from the offers service", active_offers: 5, lowest_offer: null }),
  trackedProduct(3, { title: "Yerba 1 kg", tracking: false, next_refresh_at: null }),
];

describe("OffersView", () => {
  it("lists the tracked products: product, shop, our price, lowest offer, offers, last refresh, error, rule", async () => {
    const calls = mockBackend({ tracked_products: list, list_shops: () => [shop, offersShop()] });
    render(OffersView);
    expect(screen.getByTestId("page-title").textContent).toBe("Offers");
    await waitFor(() => expect(screen.getAllByTestId("tracked-row")).toHaveLength(3));
    expect(calledWith(calls, "tracked_products").map((c) => c.args)).toEqual([{ limit: 500 }]);
    expect(screen.getByTestId("row-count").textContent).toBe("3 tracked products");
    const [mate, termo, yerba] = screen.getAllByTestId("tracked-row");
    const plain = (el: Element) => el.textContent?.replace(/\u00a0/g, " ") ?? "";
    expect(plain(mate)).toContain("Mate imperial");
    expect(plain(mate)).toContain("Tienda Norte");
    expect(plain(within(mate).getByTestId("tracked-our-price"))).toBe("ARS 1,234.56");
    // The lowest offer, and how far above it we are.
    expect(plain(within(mate).getByTestId("tracked-lowest"))).toContain("ARS 1,100.00");
    expect(plain(within(mate).getByTestId("tracked-lowest"))).toContain("+12.2%");
    expect(within(mate).getByTestId("tracked-active-offers").textContent).toBe("2");
    expect(within(mate).getByTestId("tracked-refresh").textContent).toBe("2 min ago");
    expect(within(mate).getByTestId("tracked-rule").textContent).toBe("Repricing");
    expect(within(termo).getByTestId("tracked-error").textContent).toBe("HTTP 503 from the offers service");
    expect(within(termo).queryByTestId("tracked-rule")).toBeNull();
    expect(within(termo).getByTestId("tracked-lowest").textContent).toContain("—");
    expect(within(yerba).getByTestId("tracked-refresh").textContent).toBe("Stopped");
  });

  it("opens a product's detail beside the list", async () => {
    const calls = mockBackend({
      tracked_products: list,
      list_shops: () => [shop, offersShop()],
      get_product: (a) => productDetail(a.id as number),
      offer_chart: () => offerChart(),
    });
    render(OffersView);
    await waitFor(() => expect(screen.getAllByTestId("tracked-row")).toHaveLength(3));
    await fireEvent.click(screen.getAllByTestId("tracked-row")[1]);
    await waitFor(() => expect(calledWith(calls, "get_product").map((c) => c.args)).toEqual([{ id: 2 }]));
    const detail = await screen.findByTestId("detail");
    await waitFor(() => expect(within(detail).getByTestId("offers-section")).toBeTruthy());
    expect(screen.getAllByTestId("tracked-row")[1].classList.contains("selected")).toBe(true);
  });

  it("previews what the rules would change now", async () => {
    const calls = mockBackend({
      tracked_products: list,
      list_shops: () => [shop, offersShop()],
      reprice_preview: () => [
        repricePreviewRow(1, { title: "Mate imperial" }),
        repricePreviewRow(4, { title: "Bombilla", proposed: null, reason: "the price already follows the lowest offer" }),
      ],
    });
    render(OffersView);
    await fireEvent.click(screen.getByTestId("reprice-preview"));
    const dialog = await screen.findByTestId("reprice-preview-dialog");
    await waitFor(() => expect(within(dialog).getAllByTestId("reprice-preview-row")).toHaveLength(2));
    expect(calledWith(calls, "reprice_preview")).toHaveLength(1);
    const [change, hold] = within(dialog).getAllByTestId("reprice-preview-row");
    const plain = (el: Element) => el.textContent?.replace(/\u00a0/g, " ") ?? "";
    expect(plain(change)).toContain("ARS 1,234.56");
    expect(plain(within(change).getByTestId("reprice-proposed"))).toBe("→ ARS 1,090.00");
    expect(within(change).getByTestId("reprice-reason").textContent).toBe("lowest offer fell to 1100.00 ARS: price 1090.00 ARS");
    expect(within(hold).getByTestId("reprice-proposed").textContent?.trim()).toBe("No change");
    expect(within(hold).getByTestId("reprice-reason").textContent).toBe("the price already follows the lowest offer");
    expect(dialog.textContent).toContain("Nothing is changed here.");
  });

  it("says when no rule would do anything", async () => {
    mockBackend({ tracked_products: list, list_shops: () => [shop, offersShop()], reprice_preview: () => [] });
    render(OffersView);
    await fireEvent.click(screen.getByTestId("reprice-preview"));
    expect((await screen.findByTestId("reprice-preview-empty")).textContent).toBe("No product has a repricing rule yet.");
  });

  it("says how to track products, or to add an offers service first", async () => {
    let shops = [shop, offersShop()];
    mockBackend({ tracked_products: () => [], list_shops: () => shops });
    const { unmount } = render(OffersView);
    const empty = await screen.findByTestId("empty");
    expect(empty.textContent).toContain("No product is tracked yet");
    await fireEvent.click(screen.getByTestId("go-products"));
    expect(nav.view).toBe("products");
    unmount();

    shops = [shop];
    render(OffersView);
    const none = await screen.findByTestId("no-offers-service");
    expect(none.textContent).toContain("No offers service yet");
    await fireEvent.click(screen.getByTestId("go-shops"));
    expect(nav.view).toBe("shops");
  });

  it("says when the offers service needs a new refresh token", async () => {
    mockBackend({ tracked_products: list, list_shops: () => [shop, offersShop({ status: "needs_reconnect" })] });
    render(OffersView);
    expect((await screen.findByTestId("offers-needs-token")).textContent).toContain("Precios Claros needs a new refresh token");
  });

  it("reloads on offers-changed", async () => {
    let rows = list().slice(0, 1);
    const calls = mockBackend({ tracked_products: () => rows, list_shops: () => [shop, offersShop()] });
    render(OffersView);
    await waitFor(() => expect(screen.getAllByTestId("tracked-row")).toHaveLength(1));
    rows = list();
    await emit("offers-changed", null);
    await waitFor(() => expect(screen.getAllByTestId("tracked-row")).toHaveLength(3), { timeout: 2000 });
    expect(calledWith(calls, "tracked_products").length).toBeGreaterThanOrEqual(2);
  });
});
