import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { OrderQuery } from "../bindings/OrderQuery";
import OrdersView from "./OrdersView.svelte";
import { lastQuery, mockBackend, orderDetail, orderPage, orderRow, shop } from "../test/fixtures";

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
});
