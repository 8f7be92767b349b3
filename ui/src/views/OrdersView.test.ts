import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import type { OrderQuery } from "../bindings/OrderQuery";
import OrdersView from "./OrdersView.svelte";
import { fulfilment, lastQuery, mockBackend, orderDetail, orderPage, orderRow, shop, warehouseShop } from "../test/fixtures";

const sp = (s: string | null) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

describe("OrdersView", () => {
  it("shows the items, totals, buyer and shipment in the detail", async () => {
    const calls = mockBackend({
      list_shops: () => [shop],
      list_orders: () => orderPage([orderRow(1), orderRow(2)]),
      count_orders: () => 2,
      get_order: (a) => orderDetail(a.id as number),
    });
    render(OrdersView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(2));
    expect(screen.getByTestId("row-count").textContent).toBe("2 orders");

    await fireEvent.click(screen.getAllByTestId("row")[0]);
    const detail = await screen.findByTestId("detail");
    await waitFor(() => expect(within(detail).getAllByTestId("order-item")).toHaveLength(2));
    expect(calls.some((c) => c.cmd === "get_order" && c.args.id === 1)).toBe(true);
    const items = within(detail).getAllByTestId("order-item");
    expect(items[0].textContent).toContain("Mate de calabaza");
    expect(items[0].textContent).toContain("MATE-1");
    expect(sp(items[0].textContent)).toContain("ARS 1,500.00");
    expect(items[1].textContent).toContain("Bombilla de alpaca");
    expect(items[1].textContent).toContain("2");
    expect(sp(within(detail).getByTestId("order-total").textContent)).toContain("ARS 2,500.00");
    expect(sp(within(detail).getByTestId("order-paid").textContent)).toContain("ARS 2,500.00");
    expect(within(detail).getByTestId("buyer").textContent).toBe("buyer1");
    expect(detail.textContent).toContain("Ana García");
    expect(detail.textContent).toContain("TRK123");
  });

  it("filters by the neutral order state and clears it", async () => {
    const calls = mockBackend({
      list_shops: () => [shop],
      list_orders: () => orderPage([orderRow(1)]),
      count_orders: () => 1,
    });
    render(OrdersView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(1));
    const filter = screen.getByTestId("filter-status") as HTMLSelectElement;
    expect([...filter.options].map((o) => o.value)).toEqual(["", "pending_payment", "paid", "cancelled", "refunded"]);
    await fireEvent.change(filter, { target: { value: "pending_payment" } });
    await waitFor(() => expect(lastQuery<OrderQuery>(calls, "list_orders").state).toBe("pending_payment"));
    expect(lastQuery<OrderQuery>(calls, "count_orders").state).toBe("pending_payment");
    await fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(lastQuery<OrderQuery>(calls, "list_orders").state).toBeNull());
  });

  it("shows the neutral states, with MercadoLibre's word when it differs", async () => {
    mockBackend({
      list_shops: () => [shop],
      list_orders: () =>
        orderPage([
          orderRow(1),
          orderRow(2, { status: "payment_in_process", shipment_state: null }),
          orderRow(3, { status: "invalid", shipment_state: "ready" }),
        ]),
      count_orders: () => 3,
    });
    render(OrdersView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const cell = (id: string, col: string) =>
      screen.getAllByTestId("row").find((r) => r.dataset.id === id)!.querySelector(`[data-col="${col}"]`)!;
    expect(cell("1", "status").textContent?.trim()).toBe("Paid");
    expect(cell("1", "shipment").querySelector(".badge.st-shipped")?.textContent).toBe("Shipped");
    expect(cell("2", "status").textContent?.trim()).toBe("Pending payment · Payment in process");
    expect(cell("2", "status").querySelector(".badge.st-pending_payment")).not.toBeNull();
    expect(cell("2", "shipment").textContent?.trim()).toBe("—");
    expect(cell("3", "status").textContent?.trim()).toBe("Cancelled · Invalid");
    expect(cell("3", "status").querySelector(".badge.st-cancelled")).not.toBeNull();
    expect(cell("3", "shipment").querySelector(".badge.st-ready")?.textContent).toBe("Ready");
  });

  it("turns the date range into UTC milliseconds", async () => {
    const calls = mockBackend({
      list_shops: () => [],
      list_orders: () => orderPage([]),
      count_orders: () => 0,
    });
    render(OrdersView);
    await waitFor(() => expect(screen.getByTestId("empty")).toBeTruthy());
    await fireEvent.input(screen.getByTestId("filter-from"), { target: { value: "2024-05-01" } });
    await fireEvent.input(screen.getByTestId("filter-to"), { target: { value: "2024-05-31" } });
    await waitFor(() => {
      const q = lastQuery<OrderQuery>(calls, "list_orders");
      expect(q.from).toBe(Date.UTC(2024, 4, 1));
      expect(q.to).toBe(Date.UTC(2024, 5, 1) - 1);
    });
    await waitFor(() => expect(screen.getByTestId("empty").textContent).toContain("No orders match"));
  });

  describe("the warehouse", () => {
    const routed = { ...shop, warehouse_shop_id: 9 };

    it("shows each order's stage with the warehouse in the Fulfilment column, empty when its store ships itself", async () => {
      mockBackend({
        list_shops: () => [routed, warehouseShop()],
        list_orders: () =>
          orderPage([
            orderRow(1, { fulfilment_state: "shipped" }),
            orderRow(2, { fulfilment_state: "held" }),
            orderRow(3, { fulfilment_state: "at_warehouse" }),
            orderRow(4, { fulfilment_state: null, shop_id: 2, shop_name: "Casa Sur" }),
          ]),
        count_orders: () => 4,
      });
      render(OrdersView);
      await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(4));
      expect(screen.getByRole("columnheader", { name: /Fulfilment/ })).toBeTruthy();
      const cell = (id: string) =>
        within(screen.getAllByTestId("row").find((r) => r.dataset.id === id)!).getByTestId("fulfilment-cell");
      expect(cell("1").dataset.state).toBe("shipped");
      expect(cell("1").querySelector(".badge.st-shipped")?.textContent).toBe("Shipped");
      expect(cell("2").dataset.state).toBe("held");
      expect(cell("2").querySelector(".badge.st-held")?.textContent).toBe("Held");
      expect(cell("3").querySelector(".badge.st-at_warehouse")?.textContent).toBe("At the warehouse");
      expect(cell("4").dataset.state).toBeUndefined();
      expect(cell("4").textContent?.trim()).toBe("");
      expect(cell("4").querySelector(".badge")).toBeNull();
    });

    it("filters by the stage with the warehouse and clears it", async () => {
      const calls = mockBackend({
        list_shops: () => [routed, warehouseShop()],
        list_orders: () => orderPage([orderRow(1, { fulfilment_state: "exception" })]),
        count_orders: () => 1,
      });
      render(OrdersView);
      await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(1));
      expect(lastQuery<OrderQuery>(calls, "list_orders").fulfilment).toBeNull();
      const filter = screen.getByTestId("filter-fulfilment") as HTMLSelectElement;
      expect([...filter.options].map((o) => o.value)).toEqual([
        "",
        "not_routed",
        "held",
        "waiting",
        "at_warehouse",
        "shipped",
        "delivered",
        "exception",
        "cancelled",
      ]);
      expect([...filter.options].map((o) => o.textContent)).toEqual([
        "Any fulfilment",
        "Not routed",
        "Held",
        "Waiting",
        "At the warehouse",
        "Shipped",
        "Delivered",
        "Exception",
        "Cancelled",
      ]);
      await fireEvent.change(filter, { target: { value: "exception" } });
      await waitFor(() => expect(lastQuery<OrderQuery>(calls, "list_orders").fulfilment).toBe("exception"));
      expect(lastQuery<OrderQuery>(calls, "count_orders").fulfilment).toBe("exception");
      // The order state filter is a separate one.
      expect(lastQuery<OrderQuery>(calls, "list_orders").state).toBeNull();
      await fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
      await waitFor(() => expect(lastQuery<OrderQuery>(calls, "list_orders").fulfilment).toBeNull());
      expect(filter.value).toBe("");
    });

    it("shows the fulfilment in the detail: warehouse, state, ids, tracking (opened in the browser) and the timeline", async () => {
      const calls = mockBackend({
        list_shops: () => [routed, warehouseShop()],
        list_orders: () => orderPage([orderRow(1, { fulfilment_state: "shipped" })]),
        count_orders: () => 1,
        get_order: (a) => ({
          ...orderDetail(a.id as number),
          order: orderRow(a.id as number, { fulfilment_state: "shipped" }),
          fulfilment: fulfilment(),
        }),
        open_url: () => null,
      });
      render(OrdersView);
      await fireEvent.click((await screen.findAllByTestId("row"))[0]);
      const section = await screen.findByTestId("fulfilment");
      expect(section.dataset.state).toBe("shipped");
      expect(within(section).getByTestId("fulfilment-warehouse").textContent).toBe("Bodega ShipBob");
      expect(within(section).getByTestId("fulfilment-state").querySelector(".badge.st-shipped")?.textContent).toBe("Shipped");
      expect(within(section).getByTestId("fulfilment-order-id").textContent?.trim()).toBe("SB-778899");
      expect(within(section).getByTestId("fulfilment-reference").textContent).toBe("sd-1-2000001");
      expect(within(section).getByTestId("fulfilment-status").textContent).toBe("Fulfilled / Completed");
      expect(section.textContent).toContain("Shipped");
      expect(within(section).queryByTestId("fulfilment-flag")).toBeNull();

      const tracking = within(section).getByTestId("fulfilment-tracking");
      expect(tracking.textContent).toContain("1Z999AA10123456784");
      expect(tracking.textContent).toContain("UPS");
      const link = within(tracking).getByRole("link");
      expect(link.getAttribute("href")).toBe("https://www.ups.com/track?tracknum=1Z999AA10123456784");
      await fireEvent.click(link);
      await waitFor(() =>
        expect(calls.filter((c) => c.cmd === "open_url").map((c) => c.args)).toEqual([
          { url: "https://www.ups.com/track?tracknum=1Z999AA10123456784" },
        ]),
      );

      const events = within(section).getAllByTestId("fulfilment-event");
      expect(events.map((e) => e.dataset.direction)).toEqual(["note", "sent", "received"]);
      expect(events[0].textContent).toContain("Note");
      expect(events[0].textContent).toContain("paid: routed to the warehouse");
      expect(events[1].textContent).toContain("Sent");
      expect(events[1].textContent).toContain("order created at the warehouse (SB-778899)");
      expect(events[2].textContent).toContain("Received");
      expect(events[2].textContent).toContain("shipped: UPS 1Z999AA10123456784");
      expect(events[2].querySelector("time")?.getAttribute("datetime")).toBe(new Date(1_700_000_300_000).toISOString());
    });

    it("highlights a flag as needing attention and shows the reason and last error", async () => {
      mockBackend({
        list_shops: () => [routed],
        list_orders: () => orderPage([orderRow(1, { fulfilment_state: "exception" })]),
        count_orders: () => 1,
        get_order: (a) => ({
          ...orderDetail(a.id as number),
          order: orderRow(a.id as number, { fulfilment_state: "exception" }),
          fulfilment: fulfilment({
            state: "exception",
            tracking_number: null,
            carrier: null,
            tracking_url: null,
            shipped_at: null,
            reason: "Out of stock: MATE-1",
            flag: "cancelled in the store, but the warehouse refused: the parcel was picked already",
            last_error: "HTTP 503 from api.shipbob.com",
            events: [],
          }),
        }),
      });
      render(OrdersView);
      await fireEvent.click((await screen.findAllByTestId("row"))[0]);
      const section = await screen.findByTestId("fulfilment");
      const flag = within(section).getByTestId("fulfilment-flag");
      expect(flag.getAttribute("role")).toBe("alert");
      expect(flag.textContent).toContain("Needs attention: cancelled in the store, but the warehouse refused");
      expect(within(section).getByTestId("fulfilment-reason").textContent).toBe("Out of stock: MATE-1");
      expect(within(section).getByTestId("fulfilment-error").textContent).toBe("HTTP 503 from api.shipbob.com");
      expect(within(section).getByTestId("fulfilment-tracking").textContent?.trim()).toBe("—");
      expect(within(section).queryAllByTestId("fulfilment-event")).toHaveLength(0);
      expect(section.textContent).toContain("Nothing sent or received yet.");
    });

    it("says an order of a routed store was not sent, and says nothing for a store that ships itself", async () => {
      mockBackend({
        list_shops: () => [routed],
        list_orders: () =>
          orderPage([orderRow(1, { fulfilment_state: "not_routed" }), orderRow(2, { fulfilment_state: null })]),
        count_orders: () => 2,
        get_order: (a) => ({
          ...orderDetail(a.id as number),
          order: orderRow(a.id as number, { fulfilment_state: a.id === 1 ? "not_routed" : null }),
          fulfilment: null,
        }),
      });
      render(OrdersView);
      await fireEvent.click((await screen.findAllByTestId("row"))[0]);
      const detail = await screen.findByTestId("detail");
      await waitFor(() => expect(within(detail).getByTestId("fulfilment-not-routed").textContent).toBe("Not sent to a warehouse."));

      await fireEvent.click(screen.getAllByTestId("row")[1]);
      await waitFor(() => expect(within(screen.getByTestId("detail")).getByTestId("buyer").textContent).toBe("buyer2"));
      expect(within(screen.getByTestId("detail")).queryByTestId("fulfilment")).toBeNull();
    });

    it("shows the order's fulfilment as it is now after the warehouse answered (data-changed)", async () => {
      let stage: "at_warehouse" | "shipped" = "at_warehouse";
      mockBackend({
        list_shops: () => [routed],
        list_orders: () => orderPage([orderRow(1, { fulfilment_state: stage })]),
        count_orders: () => 1,
        get_order: (a) => ({
          ...orderDetail(a.id as number),
          order: orderRow(a.id as number, { fulfilment_state: stage }),
          fulfilment: fulfilment({ state: stage }),
        }),
      });
      render(OrdersView);
      await fireEvent.click((await screen.findAllByTestId("row"))[0]);
      await waitFor(() => expect(screen.getByTestId("fulfilment").dataset.state).toBe("at_warehouse"));
      stage = "shipped";
      await emit("data-changed", ["orders"]);
      await waitFor(() => expect(screen.getByTestId("fulfilment").dataset.state).toBe("shipped"));
      // The column is left out beside the detail; closed, the table shows the new stage too.
      await fireEvent.click(within(screen.getByTestId("detail")).getByRole("button", { name: "Close" }));
      await waitFor(() => expect(screen.getByTestId("fulfilment-cell").dataset.state).toBe("shipped"));
    });
  });
});
