import { waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { FIRST_CONTENT, watchFirstRow } from "./startup-probe";

describe("the startup probe", () => {
  it("reports once, after the first row is painted", async () => {
    const root = document.createElement("div");
    document.body.append(root);
    const report = vi.fn();
    watchFirstRow(root, report);
    root.innerHTML = "<p>Loading…</p>";
    await new Promise((r) => setTimeout(r, 50));
    expect(report).not.toHaveBeenCalled();
    root.innerHTML = '<div data-testid="row">Product 1</div><div data-testid="row">Product 2</div>';
    await waitFor(() => expect(report).toHaveBeenCalledTimes(1));
    root.append(Object.assign(document.createElement("div"), { innerHTML: '<div data-testid="row"></div>' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(report).toHaveBeenCalledTimes(1);
    expect(root.querySelectorAll(FIRST_CONTENT)).toHaveLength(3);
    root.remove();
  });
});
