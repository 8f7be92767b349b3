import { describe, expect, it } from "vitest";
import { productRow, stockLevel } from "../test/fixtures";
import { fieldLabel, locationStockReason, notEditableReason, variantStockReason } from "./edits";

describe("what a listing cannot have edited, and why", () => {
  it("locks stock kept per location or per variation, and ended listings", () => {
    const plain = productRow(1, { variant_count: 0 });
    expect(notEditableReason(plain, "stock")).toBeNull();
    expect(notEditableReason(plain, "price")).toBeNull();
    const located = productRow(2, { variant_count: 0, stock_levels: [stockLevel("l1", "Norte", 3), stockLevel("l2", "Sur", 4)] });
    expect(notEditableReason(located, "stock")).toMatch(/per location/);
    expect(notEditableReason(located, "price")).toBeNull();
    expect(notEditableReason(productRow(3, { variant_count: 2 }), "stock")).toMatch(/variations/);
    expect(notEditableReason(productRow(4, { variant_count: 0, state: "closed" }), "price")).not.toBeNull();
  });

  it("points the lists to the detail for stock per location, where each location is edited and the total is not", () => {
    const levels = [stockLevel("l1", "Norte", 3), stockLevel("l2", "Sur", 4)];
    const located = productRow(2, { variant_count: 0, stock_levels: levels });
    expect(notEditableReason(located, "stock")).toMatch(/edit each location's stock in its detail/);
    expect(notEditableReason(located, "stock", "detail")).toMatch(/sum of its locations/);
    expect(locationStockReason(located, false)).toBeNull();
    // A listing with variations: its figures at each location are theirs; a variation's own are editable.
    const withVariations = productRow(3, { variant_count: 1, stock_levels: levels });
    expect(locationStockReason(withVariations, false)).toMatch(/variations/);
    expect(locationStockReason(withVariations, true)).toBeNull();
    expect(variantStockReason(withVariations, levels)).toMatch(/sum of its locations/);
    expect(variantStockReason(withVariations, [])).toBeNull();
    // An ended listing takes no edit at all.
    const closed = productRow(4, { variant_count: 0, state: "closed", stock_levels: levels });
    expect(locationStockReason(closed, false)).toMatch(/closed/);
    expect(variantStockReason(closed, [])).toMatch(/closed/);
  });

  it("names the location of a stock figure", () => {
    expect(fieldLabel("stock", "Depósito Norte")).toBe("Stock at Depósito Norte");
    expect(fieldLabel("stock")).toBe("Stock");
    expect(fieldLabel("price", "Depósito Norte")).toBe("Price");
  });
});
