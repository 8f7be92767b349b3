import { describe, expect, it } from "vitest";
import { productRow, stockLevel } from "../test/fixtures";
import { notEditableReason } from "./edits";

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
});
