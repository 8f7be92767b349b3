import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import DataTable from "./DataTable.svelte";
import type { Column, Page } from "../lib/table";

type Row = { id: number; name: string };

const columns: Column<Row>[] = [
  { key: "id", label: "ID", width: "80px", sort: "id", text: (r) => String(r.id) },
  { key: "name", label: "Name", width: "minmax(200px, 1fr)", sort: "name", text: (r) => r.name },
];

function rows(from: number, n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({ id: from + i, name: `row ${from + i}` }));
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const base = {
  testid: "table-test",
  columns,
  countLabel: (_n: number, shown: string) => `${shown} things`,
  emptyMessage: "Nothing here yet. Do something.",
};

function renderedRows() {
  return screen.queryAllByTestId("row");
}

function scrollTo(el: HTMLElement, top: number) {
  Object.defineProperty(el, "scrollTop", { configurable: true, writable: true, value: top });
  fireEvent.scroll(el);
}

describe("DataTable", () => {
  it("renders only a window of rows for a 1,000,000-row table", async () => {
    // 1,000,000 rows counted, 10,000 loaded: the DOM must hold only the visible window.
    const loadPage = vi.fn(async (cursor: string | null): Promise<Page<Row>> => {
      const from = cursor === null ? 1 : Number(cursor);
      return { rows: rows(from, 10_000), next_cursor: String(from + 10_000) };
    });
    render(DataTable<Row>, { ...base, loadPage, loadCount: async () => 1_000_000 });

    await waitFor(() => expect(screen.getByTestId("row-count").textContent).toContain("1,000,000"));
    await waitFor(() => expect(renderedRows().length).toBeGreaterThan(0));
    const n = renderedRows().length;
    expect(n).toBeGreaterThan(10);
    expect(n).toBeLessThan(60);
    expect(renderedRows()[0].dataset.id).toBe("1");
    // Only the first page was needed for the first screen.
    expect(loadPage).toHaveBeenCalledTimes(1);

    // Far down, the window moves; still a window.
    const body = screen.getByRole("grid");
    scrollTo(body, 5000 * 30);
    await waitFor(() => expect(renderedRows().some((r) => r.dataset.id === "5001")).toBe(true));
    expect(renderedRows().length).toBeLessThan(60);
    expect(renderedRows().some((r) => r.dataset.id === "1")).toBe(false);
  });

  it("loads the next page with the previous next_cursor when scrolled to the end", async () => {
    const loadPage = vi.fn(async (cursor: string | null): Promise<Page<Row>> => {
      if (cursor === null) return { rows: rows(1, 100), next_cursor: "cursor-after-100" };
      if (cursor === "cursor-after-100") return { rows: rows(101, 100), next_cursor: null };
      throw new Error(`unexpected cursor ${cursor}`);
    });
    render(DataTable<Row>, { ...base, loadPage });
    await waitFor(() => expect(renderedRows().length).toBeGreaterThan(0));
    expect(loadPage).toHaveBeenCalledTimes(1);
    expect(loadPage).toHaveBeenLastCalledWith(null);

    scrollTo(screen.getByRole("grid"), 100 * 30 - 600);
    await waitFor(() => expect(loadPage).toHaveBeenCalledTimes(2));
    expect(loadPage).toHaveBeenLastCalledWith("cursor-after-100");
    await waitFor(() => expect(renderedRows().some((r) => r.dataset.id === "101")).toBe(true));

    // next_cursor null: no further request, however far the user scrolls.
    scrollTo(screen.getByRole("grid"), 200 * 30);
    await new Promise((r) => setTimeout(r, 20));
    expect(loadPage).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId("row-count").textContent).toBe("200 things");
  });

  it("ignores a stale response from an older query", async () => {
    const slow = deferred<Page<Row>>();
    const slowCount = deferred<number>();
    const { rerender } = render(DataTable<Row>, {
      ...base,
      loadPage: () => slow.promise,
      loadCount: () => slowCount.promise,
    });

    // The query changes before the first answer arrives.
    await rerender({
      loadPage: async () => ({ rows: rows(500, 3), next_cursor: null }),
      loadCount: async () => 3,
    });
    await waitFor(() => expect(renderedRows().map((r) => r.dataset.id)).toEqual(["500", "501", "502"]));

    // Now the old answers arrive: they must not replace the newer ones.
    slow.resolve({ rows: rows(1, 50), next_cursor: "x" });
    slowCount.resolve(999);
    await new Promise((r) => setTimeout(r, 20));
    expect(renderedRows().map((r) => r.dataset.id)).toEqual(["500", "501", "502"]);
    expect(screen.getByTestId("row-count").textContent).toBe("3 things");
  });

  it("sorts from the header and opens rows with the keyboard", async () => {
    const onSort = vi.fn();
    const onOpen = vi.fn();
    render(DataTable<Row>, {
      ...base,
      loadPage: async () => ({ rows: rows(1, 5), next_cursor: null }),
      sort: { sort: "id", dir: "asc" },
      onSort,
      onOpen,
    });
    await waitFor(() => expect(renderedRows().length).toBe(5));
    await fireEvent.click(screen.getByRole("button", { name: /Name/ }));
    expect(onSort).toHaveBeenCalledWith("name");

    const grid = screen.getByRole("grid");
    await fireEvent.keyDown(grid, { key: "ArrowDown" });
    await fireEvent.keyDown(grid, { key: "ArrowDown" });
    await fireEvent.keyDown(grid, { key: "ArrowUp" });
    await fireEvent.keyDown(grid, { key: "ArrowDown" });
    expect(renderedRows()[1].getAttribute("aria-selected")).toBe("true");
    await fireEvent.keyDown(grid, { key: "Enter" });
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }));
  });

  it("shows the empty state and the error state with Retry", async () => {
    let fail = true;
    const loadPage = vi.fn(async (): Promise<Page<Row>> => {
      if (fail) throw { code: "db", message: "disk on fire" };
      return { rows: [], next_cursor: null };
    });
    render(DataTable<Row>, { ...base, loadPage });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("disk on fire"));
    fail = false;
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.getByTestId("empty").textContent).toContain("Nothing here yet"));
  });
});
