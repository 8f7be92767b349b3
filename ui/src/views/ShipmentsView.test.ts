import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { ShipmentQuery } from "../bindings/ShipmentQuery";
import type { ShipmentRow } from "../bindings/ShipmentRow";
import ShipmentsView from "./ShipmentsView.svelte";
import { lastQuery, mlFulfilmentState, mockBackend, orderDetail, shop } from "../test/fixtures";

/** A shipment with MercadoLibre's word `status` and the neutral state the backend maps it to. */
function shipmentRow(id: number, status: string): ShipmentRow {
  return { ...(orderDetail(id).shipment as ShipmentRow), id, remote_id: `SHIP${id}`, state: mlFulfilmentState(status), status };
}

function backend() {
  return mockBackend({
    list_shops: () => [shop],
    list_shipments: () => ({ rows: [shipmentRow(1, "delivered"), shipmentRow(2, "not_delivered"), shipmentRow(3, "handling")], next_cursor: null }),
    count_shipments: () => 3,
  });
}

describe("ShipmentsView", () => {
  it("filters by the neutral fulfilment state", async () => {
    const calls = backend();
    render(ShipmentsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const filter = screen.getByTestId("filter-status") as HTMLSelectElement;
    expect([...filter.options].map((o) => o.value)).toEqual(["", "pending", "ready", "shipped", "delivered", "failed", "cancelled"]);
    await fireEvent.change(filter, { target: { value: "failed" } });
    await waitFor(() => expect(lastQuery<ShipmentQuery>(calls, "list_shipments").state).toBe("failed"));
    expect(lastQuery<ShipmentQuery>(calls, "count_shipments").state).toBe("failed");
  });

  it("badges the neutral state and shows the provider's word beside it when it differs", async () => {
    backend();
    render(ShipmentsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    const status = (id: string) =>
      screen.getAllByTestId("row").find((r) => r.dataset.id === id)!.querySelector('[data-col="status"]')!;
    expect(status("1").textContent?.trim()).toBe("Delivered");
    expect(status("2").textContent?.trim()).toBe("Failed · Not delivered");
    expect(status("2").querySelector(".badge.st-failed")).not.toBeNull();
    expect(status("3").textContent?.trim()).toBe("Pending · Handling");
    expect(status("3").querySelector(".badge.st-pending")).not.toBeNull();

    await fireEvent.click(screen.getAllByTestId("row")[1]);
    const fields = await screen.findByTestId("shipment-fields");
    expect(fields.querySelector(".badge.st-failed")?.textContent).toBe("Failed");
    expect(within(fields).getByTestId("raw-status").textContent).toBe("Not delivered");
  });

  it("shows no raw word when it is the neutral one", async () => {
    backend();
    render(ShipmentsView);
    await waitFor(() => expect(screen.getAllByTestId("row")).toHaveLength(3));
    await fireEvent.click(screen.getAllByTestId("row")[0]);
    const fields = await screen.findByTestId("shipment-fields");
    expect(fields.querySelector(".badge.st-delivered")?.textContent).toBe("Delivered");
    expect(within(fields).queryByTestId("raw-status")).toBeNull();
  });
});
