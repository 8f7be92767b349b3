import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { FulfilmentIssue } from "../bindings/FulfilmentIssue";
import type { Shop } from "../bindings/Shop";
import WarehouseView from "./WarehouseView.svelte";
import { nav, navigate } from "../lib/nav.svelte";
import { setLang } from "../lib/i18n";
import {
  fulfilment,
  fulfilmentIssue,
  mockBackend,
  orderDetail,
  orderRow,
  shop,
  warehouseShop,
  type Call,
} from "../test/fixtures";

const RULE = "paid, not cancelled, not shipped yet, and not shipped by the marketplace's own logistics";
const routed: Shop = { ...shop, warehouse_shop_id: 9 };
const count = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).length;

afterEach(() => {
  setLang("en");
  navigate("dashboard");
});

function backend(issues: () => FulfilmentIssue[], shops: () => Shop[] = () => [routed, warehouseShop()]) {
  return mockBackend({
    list_shops: shops,
    routing_rule: () => RULE,
    fulfilment_issues: () => issues(),
    get_order: (a) => ({
      ...orderDetail(a.id as number),
      order: orderRow(a.id as number, { fulfilment_state: "exception" }),
      fulfilment: fulfilment({ state: "exception", reason: "Out of stock at the warehouse", tracking_number: null, tracking_url: null }),
    }),
  });
}

describe("WarehouseView", () => {
  it("shows the routing rule and lists the orders that need a person, newest first", async () => {
    const calls = backend(() => [
      fulfilmentIssue(3),
      fulfilmentIssue(5, { state: "held", reason: "line 1 (Mate de regalo) has no SKU: the warehouse knows products by SKU" }),
      fulfilmentIssue(8, { state: "at_warehouse", reason: null, flag: "cancelled in the store, but the warehouse refused: picked already" }),
    ]);
    render(WarehouseView);
    expect(screen.getByTestId("page-title").textContent).toBe("Warehouse");
    await waitFor(() => expect(screen.getAllByTestId("warehouse-issue")).toHaveLength(3));
    expect(calls.find((c) => c.cmd === "fulfilment_issues")?.args).toEqual({ limit: 200 });
    expect((await screen.findByTestId("routing-rule")).textContent).toBe(
      `A store's orders go to its warehouse when they are: ${RULE}.`,
    );
    expect(screen.getByTestId("row-count").textContent).toBe("3 orders need you");

    const [exception, held, flagged] = screen.getAllByTestId("warehouse-issue");
    expect(exception.dataset.id).toBe("3");
    expect(exception.textContent).toContain("Tienda Norte");
    expect(exception.textContent).toContain("2000003");
    expect(exception.querySelector(".badge.st-exception")?.textContent).toBe("Exception");
    expect(within(exception).getByTestId("warehouse-reason").textContent).toBe("Out of stock at the warehouse");
    expect(exception.textContent).toContain("5 min ago");
    expect(held.querySelector(".badge.st-held")?.textContent).toBe("Held");
    expect(held.textContent).toContain("line 1 (Mate de regalo) has no SKU");
    expect(within(flagged).getByTestId("warehouse-flagged").textContent).toBe("Flagged");
    expect(within(flagged).getByTestId("warehouse-flag").textContent).toContain("the warehouse refused: picked already");
    expect(within(flagged).queryByTestId("warehouse-reason")).toBeNull();
    expect(screen.queryByTestId("empty")).toBeNull();
  });

  it("opens the order's detail, with its fulfilment, from a row", async () => {
    const calls = backend(() => [fulfilmentIssue(3), fulfilmentIssue(5, { state: "held" })]);
    render(WarehouseView);
    await waitFor(() => expect(screen.getAllByTestId("warehouse-issue")).toHaveLength(2));
    expect(screen.queryByTestId("detail")).toBeNull();
    await fireEvent.click(screen.getAllByTestId("warehouse-issue")[1]);
    const detail = await screen.findByTestId("detail");
    await waitFor(() => expect(within(detail).getByTestId("fulfilment").dataset.state).toBe("exception"));
    expect(calls.filter((c) => c.cmd === "get_order").map((c) => c.args)).toEqual([{ id: 5 }]);
    expect(detail.textContent).toContain("Order 2000005");
    expect(within(detail).getByTestId("fulfilment-reason").textContent).toBe("Out of stock at the warehouse");
    expect(screen.getAllByTestId("warehouse-issue")[1].classList.contains("selected")).toBe(true);

    // The order number is a button too (keyboard).
    await fireEvent.click(within(screen.getAllByTestId("warehouse-issue")[0]).getByTestId("warehouse-issue-open"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "get_order").map((c) => c.args)).toEqual([{ id: 5 }, { id: 3 }]));
    await fireEvent.click(within(screen.getByTestId("detail")).getByRole("button", { name: "Close" }));
    expect(screen.queryByTestId("detail")).toBeNull();
  });

  it("reloads on fulfilment-issue, on data-changed for orders and on shops-changed", async () => {
    let issues: FulfilmentIssue[] = [];
    const calls = backend(() => issues);
    render(WarehouseView);
    await waitFor(() => expect(screen.getByTestId("empty").textContent).toContain("Nothing needs you"));
    const before = count(calls, "fulfilment_issues");

    issues = [fulfilmentIssue(3)];
    await emit("fulfilment-issue", issues[0]);
    await waitFor(() => expect(screen.getAllByTestId("warehouse-issue")).toHaveLength(1));
    expect(count(calls, "fulfilment_issues")).toBeGreaterThan(before);

    issues = [fulfilmentIssue(4, { state: "held" }), fulfilmentIssue(3)];
    await emit("data-changed", ["orders"]);
    await waitFor(() => expect(screen.getAllByTestId("warehouse-issue")).toHaveLength(2));

    // Products changing says nothing about the warehouse.
    const n = count(calls, "fulfilment_issues");
    await emit("data-changed", ["products"]);
    await new Promise((r) => setTimeout(r, 400));
    expect(count(calls, "fulfilment_issues")).toBe(n);

    issues = [];
    await emit("shops-changed");
    await waitFor(() => expect(screen.queryAllByTestId("warehouse-issue")).toHaveLength(0));
    expect(screen.getByTestId("empty")).toBeTruthy();
  });

  it("says when there is no warehouse at all and points to Shops", async () => {
    backend(
      () => [],
      () => [shop],
    );
    navigate("warehouse");
    render(WarehouseView);
    const none = await screen.findByTestId("no-warehouse");
    expect(none.textContent).toContain("No warehouse yet");
    expect(none.textContent).toContain("Add your ShipBob warehouse in Shops");
    expect(screen.queryByTestId("empty")).toBeNull();
    await fireEvent.click(within(none).getByTestId("go-shops"));
    expect(nav.view).toBe("shops");
  });

  it("says when no store ships through the warehouse and when the warehouse needs a new token", async () => {
    backend(
      () => [],
      () => [shop, warehouseShop({ status: "needs_reconnect" })],
    );
    render(WarehouseView);
    expect((await screen.findByTestId("warehouse-no-routes")).textContent).toContain("No store ships through a warehouse yet");
    expect(screen.getByTestId("warehouse-needs-token").textContent).toContain("Bodega ShipBob needs a new token");
    expect(screen.getByTestId("empty")).toBeTruthy();
  });

  it("shows the known routing rule in Spanish and an unknown wording as it comes", async () => {
    setLang("es");
    backend(() => []);
    const { unmount } = render(WarehouseView);
    expect((await screen.findByTestId("routing-rule")).textContent).toBe(
      "Los pedidos de una tienda van a su depósito cuando están: pagados, no cancelados, todavía no despachados y no despachados por la logística propia del marketplace.",
    );
    expect(screen.getByTestId("page-title").textContent).toBe("Depósito");
    unmount();

    mockBackend({ list_shops: () => [routed, warehouseShop()], routing_rule: () => "paid and not cancelled", fulfilment_issues: () => [] });
    render(WarehouseView);
    expect((await screen.findByTestId("routing-rule")).textContent).toBe(
      "Los pedidos de una tienda van a su depósito cuando están: paid and not cancelled.",
    );
  });
});
