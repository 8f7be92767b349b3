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
