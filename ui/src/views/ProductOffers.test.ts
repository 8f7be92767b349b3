// The product detail's offers: tracking, the offers table, the price chart, the CSV export and repricing.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ProductDetail } from "../bindings/ProductDetail";
import type { RepriceRule } from "../bindings/RepriceRule";
import ProductDetailPanel from "./ProductDetailPanel.svelte";
import {
  flush,
  mockBackend,
  offerChart,
  offerHistory,
  offersShop,
  productDetail,
  repriceRule,
  shop,
  syncSettings,
  trackedProduct,
  type Call,
  type Handler,
} from "../test/fixtures";

const calledWith = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd);

/** A tracked product with an active and a sold-out offer. */
function tracked(over: Partial<ProductDetail> = {}): ProductDetail {
  const d = productDetail(5);
  return {
    ...d,
    product: { ...d.product, tracked: true, lowest_offer: { minor: 110000, currency: "ARS" }, offer_gap_bp: 1223 },
    offers: [
      ...d.offers,
      {
        id: 22,
        remote_id: "OFF2",
        price: { minor: 115000, currency: "ARS" },
        items_in_stock: 0,
        active: false,
        first_seen_at: 1_699_000_000_000,
        changed_at: 1_699_100_000_000,
        vanished_at: new Date(2023, 10, 3, 9, 30).getTime(),
      },
    ],
    tracking: trackedProduct(5, { last_error: "HTTP 503 from the offers service" }),
    ...over,
  };
}

function backend(detail: () => ProductDetail, more: Record<string, Handler> = {}) {
  return mockBackend({
    get_product: () => detail(),
    offer_chart: () => offerChart(),
    get_sync_settings: () => ({ ...syncSettings, offers_seconds: 45 }),
    list_shops: () => [shop, offersShop()],
    ...more,
  });
}

async function open(detail: () => ProductDetail, more: Record<string, Handler> = {}) {
  const calls = backend(detail, more);
  render(ProductDetailPanel, { id: 5, onClose: () => {} });
  const section = await screen.findByTestId("offers-section");
  return { calls, section };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the offers of a product", () => {
  it("lists the offers: price, stock, since when, active or sold out at a time", async () => {
    const { section } = await open(() => tracked());
    const rows = within(section).getAllByTestId("offer-row");
    expect(rows.map((r) => r.dataset.remoteId)).toEqual(["OFF1", "OFF2"]);
    const text = (r: HTMLElement, id: string) => within(r).getByTestId(id).textContent?.replace(/\u00a0/g, " ").trim();
    expect(text(rows[0], "offer-price")).toBe("ARS 1,200.00");
    expect(text(rows[0], "offer-stock")).toBe("4");
    expect(text(rows[0], "offer-state")).toBe("Active");
    expect(within(rows[0]).getByTestId("offer-since").getAttribute("title")).toContain("2023");
    expect(text(rows[1], "offer-state")).toMatch(/^Sold out Nov 3, 09:30/);
    expect(section.querySelector("h3")?.textContent).toBe("Offers (1)");
    // Tracked: the service, the last refresh and the last error.
    expect(within(section).getByTestId("offers-service").textContent).toBe("Tracked at Precios Claros");
    expect(within(section).getByTestId("offers-last-refresh").textContent).toContain("Last refresh: 2 min ago");
    expect(within(section).getByTestId("offers-last-error").textContent).toContain("HTTP 503 from the offers service");
    expect(within(section).getByTestId("untrack-product")).toBeTruthy();
    expect(within(section).queryByTestId("track-product")).toBeNull();
  });

  it("tracks a product that is not tracked, and stops tracking it", async () => {
    let d = productDetail(5);
    d = { ...d, offers: [], tracking: null };
    const { calls, section } = await open(() => d, {
      track_products: () => {
        d = tracked({ reprice_rule: null });
        return 1;
      },
      untrack_products: () => {
        d = { ...d, tracking: { ...(d.tracking as NonNullable<ProductDetail["tracking"]>), tracking: false } };
        return 1;
      },
    });
    expect(section.textContent).toContain("The offers of this product are not tracked.");
    // Not tracked and never was: no chart, no export, no rule.
    expect(within(section).queryByTestId("offer-chart")).toBeNull();
    expect(within(section).queryByTestId("reprice-form")).toBeNull();
    await fireEvent.click(within(section).getByTestId("track-product"));
    await waitFor(() => expect(calledWith(calls, "track_products").map((c) => c.args)).toEqual([{ productIds: [5], serviceId: null }]));
    await waitFor(() => expect(screen.getByTestId("offers-section").dataset.tracked).toBe("true"));
    expect(screen.getAllByTestId("offer-row")).toHaveLength(2);
    expect(screen.getByTestId("offer-chart")).toBeTruthy();

    await fireEvent.click(screen.getByTestId("untrack-product"));
    await waitFor(() => expect(calledWith(calls, "untrack_products").map((c) => c.args)).toEqual([{ productIds: [5] }]));
    await waitFor(() => expect(screen.getByTestId("offers-section").textContent).toContain("Not tracked any more: its history stays."));
    // The history stays: the chart too.
    expect(screen.getByTestId("offer-chart")).toBeTruthy();
  });

  it("says there is no offers service and points to Shops instead of tracking", async () => {
    const d = { ...productDetail(5), offers: [], tracking: null };
    const { calls, section } = await open(() => d, { list_shops: () => [shop], track_products: () => 1 });
    await fireEvent.click(within(section).getByTestId("track-product"));
    const note = await within(section).findByTestId("no-offers-service");
    expect(note.getAttribute("role")).toBe("alert");
    expect(note.textContent).toContain("There is no offers service yet");
    expect(within(note).getByRole("button").textContent).toBe("Go to Shops");
    expect(calledWith(calls, "track_products")).toHaveLength(0);
  });
});

describe("the price chart", () => {
  it("draws a line per offer, our price and the lowest offer, with a legend and axes", async () => {
    const { calls } = await open(() => tracked());
    const chart = await screen.findByTestId("offer-chart");
    await waitFor(() => expect(within(chart).getAllByTestId("chart-line")).toHaveLength(4));
    // The offers were first seen in 2023: only "all" holds that history.
    expect(calledWith(calls, "offer_chart").map((c) => c.args)).toEqual([{ productId: 5, range: "all" }]);
    const lines = within(chart).getAllByTestId("chart-line");
    expect(lines.map((l) => [l.dataset.kind, l.dataset.offer ?? null])).toEqual([
      ["lowest", null],
      ["offer", "OFF1"],
      ["offer", "OFF2"],
      ["own", null],
    ]);
    for (const l of lines) expect(l.getAttribute("d")).toMatch(/^M[\d.]+,[\d.]+H/);
    // The lowest is the thick highlight; our price is dashed; a sold-out offer is faded.
    expect(lines[0].classList.contains("lowest")).toBe(true);
    expect(lines[3].classList.contains("own")).toBe(true);
    expect(lines[2].classList.contains("gone")).toBe(true);
    const legend = within(chart).getByTestId("chart-legend");
    expect(within(legend).getAllByTestId("chart-legend-item").map((i) => i.dataset.kind)).toEqual(["own", "lowest", "offer", "offer"]);
    expect(legend.textContent).toContain("Our price");
    expect(legend.textContent).toContain("Lowest offer");
    expect(legend.textContent?.replace(/\u00a0/g, " ")).toContain("OFF2 (sold out)");
    // Time and price axes.
    expect(within(chart).getAllByTestId("chart-time-tick").length).toBeGreaterThan(1);
    expect(chart.querySelector("svg")?.textContent).toContain("ARS");
    expect(within(chart).getByTestId("chart-points").textContent).toBe("7 observations in this range");
  });

  it("asks for the chosen range and keeps the chart shown meanwhile", async () => {
    const { calls } = await open(() => tracked());
    const chart = await screen.findByTestId("offer-chart");
    await waitFor(() => expect(within(chart).getAllByTestId("chart-line")).toHaveLength(4));
    expect(within(chart).getByTestId("chart-range-all").getAttribute("aria-pressed")).toBe("true");
    for (const r of ["hour", "day", "week", "month"]) {
      await fireEvent.click(within(chart).getByTestId(`chart-range-${r}`));
      await waitFor(() => expect(calledWith(calls, "offer_chart").slice(-1)[0]?.args).toEqual({ productId: 5, range: r }));
      expect(within(chart).getByTestId(`chart-range-${r}`).getAttribute("aria-pressed")).toBe("true");
      expect(within(chart).getAllByTestId("chart-line").length).toBeGreaterThan(0);
    }
    expect(chart.dataset.range).toBe("month");
    expect(within(chart).getByTestId("chart-range-hour").textContent).toBe("1 h");
  });

  it("opens on the smallest range holding the history and draws our price from edge to edge", async () => {
    const since = Date.now() - 3 * 3_600_000;
    const d = tracked();
    const recent = tracked({ offers: d.offers.map((o) => ({ ...o, first_seen_at: since })) });
    // Our price was recorded once, at the last sync: a dot at the right edge unless drawn across.
    const to = 1_700_086_400_000;
    const own = [{ at: to - 60_000, price_minor: 123456, items_in_stock: null }];
    const { calls } = await open(() => recent, { offer_chart: () => offerChart({ own }) });
    const chart = await screen.findByTestId("offer-chart");
    await waitFor(() => expect(within(chart).getAllByTestId("chart-line")).toHaveLength(4));
    expect(calledWith(calls, "offer_chart").map((c) => c.args)).toEqual([{ productId: 5, range: "day" }]);
    expect(within(chart).getByTestId("chart-range-day").getAttribute("aria-pressed")).toBe("true");
    const ownLine = within(chart).getAllByTestId("chart-line").find((l) => l.dataset.kind === "own")!;
    const lowest = within(chart).getAllByTestId("chart-line").find((l) => l.dataset.kind === "lowest")!;
    // A flat line from the plot's left edge (where the lowest offer, in force from the start, begins) to the right.
    const [, x0] = /^M([\d.]+),/.exec(ownLine.getAttribute("d")!)!.map(Number);
    const [, left] = /^M([\d.]+),/.exec(lowest.getAttribute("d")!)!.map(Number);
    expect(x0).toBe(left);
    expect(ownLine.getAttribute("d")).toMatch(/^M[\d.]+,[\d.]+H[\d.]+$/);
  });

  it("reloads on offers-changed", async () => {
    const { calls } = await open(() => tracked());
    await waitFor(() => expect(calledWith(calls, "offer_chart")).toHaveLength(1));
    const before = calledWith(calls, "get_product").length;
    await emit("offers-changed", null);
    await waitFor(() => expect(calledWith(calls, "offer_chart")).toHaveLength(2), { timeout: 2000 });
    await waitFor(() => expect(calledWith(calls, "get_product").length).toBeGreaterThan(before), { timeout: 2000 });
  });

  it("shows the point under the pointer: time, offer, price and stock", async () => {
    const { calls } = await open(() => tracked());
    const chart = await screen.findByTestId("offer-chart");
    await waitFor(() => expect(within(chart).getAllByTestId("chart-line")).toHaveLength(4));
    const off2 = within(chart).getAllByTestId("chart-line").find((l) => l.dataset.offer === "OFF2")!;
    const [, x, y] = /^M([\d.]+),([\d.]+)/.exec(off2.getAttribute("d")!)!.map(Number);
    const svg = within(chart).getByTestId("chart-svg");
    expect(within(chart).queryByTestId("chart-tooltip")).toBeNull();
    await fireEvent.mouseMove(svg, { clientX: x + 3, clientY: y });
    const tip = await within(chart).findByTestId("chart-tooltip");
    const text = tip.textContent?.replace(/\u00a0/g, " ") ?? "";
    expect(text).toContain("Offer OFF2");
    expect(text).toContain("ARS 1,100.00");
    expect(text).toContain("1 in stock");
    expect(text).toMatch(/from .*2023/);
    // A reload (offers-changed) keeps the tooltip under the mouse.
    await emit("offers-changed", null);
    await waitFor(() => expect(calledWith(calls, "offer_chart")).toHaveLength(2), { timeout: 2000 });
    await flush(50);
    expect(within(chart).getByTestId("chart-tooltip").textContent).toContain("Offer OFF2");
    await fireEvent.mouseLeave(svg);
    await waitFor(() => expect(within(chart).queryByTestId("chart-tooltip")).toBeNull());

    // Our price: no stock.
    const own = within(chart).getAllByTestId("chart-line").find((l) => l.dataset.kind === "own")!;
    const [, ox, oy] = /^M([\d.]+),([\d.]+)/.exec(own.getAttribute("d")!)!.map(Number);
    await fireEvent.mouseMove(svg, { clientX: ox + 2, clientY: oy });
    const ownTip = await within(chart).findByTestId("chart-tooltip");
    expect(ownTip.textContent).toContain("Our price");
    expect(ownTip.textContent).not.toContain("in stock");
  });

  it("reads the points with the arrow keys", async () => {
    await open(() => tracked());
    const chart = await screen.findByTestId("offer-chart");
    await waitFor(() => expect(within(chart).getAllByTestId("chart-line")).toHaveLength(4));
    const plot = within(chart).getByRole("group", { name: /Price history in ARS/ });
    await fireEvent.keyDown(plot, { key: "ArrowRight" });
    expect((await within(chart).findByTestId("chart-tooltip")).textContent).toContain("Offer OFF1");
    await fireEvent.keyDown(plot, { key: "ArrowDown" });
    expect(within(chart).getByTestId("chart-tooltip").textContent).toContain("Offer OFF2");
    await fireEvent.keyDown(plot, { key: "Escape" });
    expect(within(chart).queryByTestId("chart-tooltip")).toBeNull();
  });
});

describe("the CSV export", () => {
  it("builds the CSV from every history row and offers it as a file", async () => {
    const blobs: Blob[] = [];
    const names: string[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return "blob:offers";
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    const { calls, section } = await open(() => tracked(), { offer_history: () => offerHistory() });
    await fireEvent.click(within(section).getByTestId("export-history"));
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect(calledWith(calls, "offer_history").map((c) => c.args)).toEqual([{ productId: 5 }]);
    expect(names).toEqual([expect.stringMatching(/^offers-MLA1005-\d{4}-\d{2}-\d{2}\.csv$/)]);
    expect(blobs[0].type).toBe("text/csv;charset=utf-8");
    const text = await blobs[0].text();
    expect(text.split("\r\n").slice(0, 3)).toEqual([
      "offer,time,price,currency,stock,active",
      "OFF1,2024-05-03T10:00:00.000Z,1250.00,ARS,5,true",
      "OFF1,2024-05-03T16:30:00.000Z,1200.05,ARS,4,true",
    ]);
    expect(text).toContain('"OFF,2",2024-05-04T04:00:00.000Z,1100.00,ARS,0,false');
    expect((await within(section).findByTestId("export-note")).textContent).toBe("4 rows exported");
  });
});

describe("repricing", () => {
  const filled = async (section: HTMLElement, values: Record<string, string>) => {
    for (const [id, v] of Object.entries(values)) await fireEvent.input(within(section).getByTestId(id), { target: { value: v } });
  };

  it("is off by default; turned on, it refuses a floor above the ceiling and sends nothing", async () => {
    const { calls, section } = await open(() => tracked(), { set_reprice_rule: (a) => a.rule });
    const form = within(section).getByTestId("reprice-form");
    const enable = within(form).getByTestId("reprice-enable") as HTMLInputElement;
    expect(enable.checked).toBe(false);
    expect(within(form).queryByTestId("reprice-floor")).toBeNull();
    await fireEvent.click(enable);
    // The default interval is the offers refresh interval.
    await waitFor(() => expect((within(form).getByTestId("reprice-every") as HTMLInputElement).value).toBe("45"));
    await filled(form, { "reprice-floor": "2000", "reprice-ceiling": "1500" });
    await fireEvent.click(within(form).getByTestId("reprice-save"));
    const error = await within(form).findByTestId("reprice-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("Ceiling (ARS): The ceiling cannot be below the floor.");
    expect(within(form).getByTestId("reprice-ceiling").getAttribute("aria-invalid")).toBe("true");

    await filled(form, { "reprice-floor": "0", "reprice-ceiling": "abc", "reprice-step": "0", "reprice-every": "-3" });
    await fireEvent.click(within(form).getByTestId("reprice-save"));
    await waitFor(() => expect(within(form).getByTestId("reprice-error").textContent).toContain("The price must be more than zero."));
    const text = within(form).getByTestId("reprice-error").textContent;
    expect(text).toContain("Minimum step (ARS): The minimum step must be more than zero.");
    expect(text).toContain("At most once every (seconds): Enter a whole number of seconds, 1 or more.");
    await flush();
    expect(calledWith(calls, "set_reprice_rule")).toHaveLength(0);
  });

  it("saves the rule with every amount in minor units of the listing's currency", async () => {
    let d = tracked();
    const { calls, section } = await open(() => d, {
      set_reprice_rule: (a) => {
        const rule = { ...(a.rule as RepriceRule), last_change_at: null };
        d = { ...d, reprice_rule: rule };
        return rule;
      },
    });
    const form = within(section).getByTestId("reprice-form");
    await fireEvent.click(within(form).getByTestId("reprice-enable"));
    await filled(form, {
      "reprice-minus": "10.5",
      "reprice-floor": "1000",
      "reprice-ceiling": "1500.25",
      "reprice-step": "2",
      "reprice-every": "120",
    });
    await fireEvent.click(within(form).getByTestId("reprice-save"));
    await waitFor(() => expect(calledWith(calls, "set_reprice_rule")).toHaveLength(1));
    const ars = (minor: number) => ({ minor, currency: "ARS" });
    expect(calledWith(calls, "set_reprice_rule")[0].args).toEqual({
      productId: 5,
      rule: { minus: ars(1050), minus_bp: 0, floor: ars(100000), ceiling: ars(150025), min_step: ars(200), every_seconds: 120, last_change_at: null },
    });
    expect((await within(form).findByTestId("reprice-notice")).textContent).toContain("Saved");
    await waitFor(() => expect(within(screen.getByTestId("reprice-form")).getByTestId("reprice-last-change").textContent).toBe("The rule has not changed the price yet."));

    // A percent below the lowest offer: in basis points, no amount.
    await fireEvent.click(within(screen.getByTestId("reprice-form")).getByTestId("reprice-mode-percent"));
    await filled(screen.getByTestId("reprice-form"), { "reprice-minus-percent": "2.5" });
    await fireEvent.click(within(screen.getByTestId("reprice-form")).getByTestId("reprice-save"));
    await waitFor(() => expect(calledWith(calls, "set_reprice_rule")).toHaveLength(2));
    const second = calledWith(calls, "set_reprice_rule")[1].args.rule as RepriceRule;
    expect([second.minus, second.minus_bp]).toEqual([ars(0), 250]);
  });

  it("shows a saved rule and its last change, and turns it off with clear_reprice_rule", async () => {
    const at = Date.now() - 5 * 60_000;
    let d = tracked({ reprice_rule: repriceRule({ last_change_at: at }) });
    const { calls, section } = await open(() => d, {
      clear_reprice_rule: () => {
        d = { ...d, reprice_rule: null };
        return true;
      },
    });
    const form = within(section).getByTestId("reprice-form");
    expect((within(form).getByTestId("reprice-enable") as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByTestId("reprice-minus") as HTMLInputElement).value).toBe("10.00");
    expect((within(form).getByTestId("reprice-floor") as HTMLInputElement).value).toBe("1000.00");
    expect((within(form).getByTestId("reprice-ceiling") as HTMLInputElement).value).toBe("1500.00");
    expect((within(form).getByTestId("reprice-every") as HTMLInputElement).value).toBe("60");
    expect(within(form).getByTestId("reprice-last-change").textContent).toContain("Last change by the rule:");
    expect(within(form).getByTestId("reprice-last-change").textContent).toContain("5 min ago");

    await fireEvent.click(within(form).getByTestId("reprice-off"));
    await waitFor(() => expect(calledWith(calls, "clear_reprice_rule").map((c) => c.args)).toEqual([{ productId: 5 }]));
    expect((await within(form).findByTestId("reprice-notice")).textContent).toBe("Repricing is off.");
    expect((within(form).getByTestId("reprice-enable") as HTMLInputElement).checked).toBe(false);
    expect(within(form).queryByTestId("reprice-off")).toBeNull();
  });

  it("shows a refusal of the backend with role=alert", async () => {
    const { section } = await open(() => tracked(), {
      set_reprice_rule: () => {
        throw { code: "invalid_input", message: "the rule's amounts must be in ARS, the listing's currency" };
      },
    });
    const form = within(section).getByTestId("reprice-form");
    await fireEvent.click(within(form).getByTestId("reprice-enable"));
    await filled(form, { "reprice-floor": "1000", "reprice-ceiling": "1500" });
    await fireEvent.click(within(form).getByTestId("reprice-save"));
    const error = await within(form).findByTestId("reprice-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("the rule's amounts must be in ARS");
  });
});
