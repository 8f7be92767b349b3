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
      if (fail) throw { code: "database", message: "disk on fire" };
      return { rows: [], next_cursor: null };
    });
    render(DataTable<Row>, { ...base, loadPage });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("disk on fire"));
    fail = false;
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.getByTestId("empty").textContent).toContain("Nothing here yet"));
  });

  describe("refresh (data changed while shown)", () => {
    /** 1,000 rows in pages of 100; `version` is in every name so a re-read shows. */
    function source() {
      const state = { version: 1, total: 1000 };
      const loadPage = vi.fn(async (cursor: string | null): Promise<Page<Row>> => {
        const from = cursor === null ? 0 : Number(cursor);
        const n = Math.max(0, Math.min(100, state.total - from));
        return {
          rows: Array.from({ length: n }, (_, i) => ({ id: from + i + 1, name: `v${state.version} row ${from + i + 1}` })),
          next_cursor: from + 100 < state.total ? String(from + 100) : null,
        };
      });
      let trigger: () => void = () => {};
      const refreshOn = (refresh: () => void) => {
        trigger = refresh;
        return () => (trigger = () => {});
      };
      return { state, loadPage, refreshOn, refresh: () => trigger() };
    }
    const nameOf = (id: string) => renderedRows().find((r) => r.dataset.id === id)?.textContent ?? "";

    it("re-reads the pages in view by their cursors and keeps the scroll position", async () => {
      const src = source();
      render(DataTable<Row>, { ...base, loadPage: src.loadPage, refreshOn: src.refreshOn });
      await waitFor(() => expect(renderedRows().length).toBeGreaterThan(0));
      const grid = screen.getByRole("grid");
      scrollTo(grid, 500 * 30);
      await waitFor(() => expect(nameOf("501")).toContain("v1 row 501"));
      await waitFor(() => expect(src.loadPage).toHaveBeenCalledTimes(6));

      src.loadPage.mockClear();
      src.state.version = 2;
      src.refresh();
      await waitFor(() => expect(nameOf("501")).toContain("v2 row 501"));
      // Only the pages around the view, from the keyset cursors they were first read with.
      expect(src.loadPage.mock.calls.map((c) => c[0])).toEqual(["400", "500"]);
      expect(grid.scrollTop).toBe(500 * 30);
      expect(renderedRows().some((r) => r.dataset.id === "501")).toBe(true);

      // Scrolling on continues after the re-read pages.
      scrollTo(grid, 600 * 30);
      await waitFor(() => expect(src.loadPage.mock.calls.map((c) => c[0])).toContain("600"));
      await waitFor(() => expect(nameOf("601")).toContain("v2 row 601"));
    });

    it("re-reads from the first page near the top, where new rows appear", async () => {
      const src = source();
      render(DataTable<Row>, { ...base, loadPage: src.loadPage, refreshOn: src.refreshOn, selectedId: 3 });
      await waitFor(() => expect(nameOf("1")).toContain("v1 row 1"));
      src.loadPage.mockClear();
      src.state.version = 2;
      src.refresh();
      await waitFor(() => expect(nameOf("1")).toContain("v2 row 1"));
      expect(src.loadPage.mock.calls.map((c) => c[0])).toEqual([null]);
      expect(renderedRows().find((r) => r.dataset.id === "3")?.getAttribute("aria-selected")).toBe("true");
    });

    it("waits for a page being read, then refreshes once", async () => {
      const src = source();
      const slow = deferred<Page<Row>>();
      let first = true;
      const loadPage = vi.fn((cursor: string | null) => {
        if (first) {
          first = false;
          return slow.promise;
        }
        return src.loadPage(cursor);
      });
      render(DataTable<Row>, { ...base, loadPage, refreshOn: src.refreshOn });
      src.refresh();
      src.refresh();
      expect(loadPage).toHaveBeenCalledTimes(1);
      slow.resolve({ rows: rows(1, 3), next_cursor: null });
      await waitFor(() => expect(nameOf("1")).toContain("v1 row 1"));
      expect(loadPage).toHaveBeenCalledTimes(2);
    });

    it("shows a record only once when a changed sort key brings it back in a later page", async () => {
      const loadPage = vi.fn(async (cursor: string | null): Promise<Page<Row>> =>
        cursor === null
          ? { rows: rows(1, 3), next_cursor: "c" }
          : { rows: [...rows(4, 2), { id: 2, name: "row 2, updated" }], next_cursor: null },
      );
      render(DataTable<Row>, { ...base, loadPage });
      await waitFor(() => expect(renderedRows().map((r) => r.dataset.id)).toEqual(["1", "2", "3", "4", "5"]));
      expect(screen.getByTestId("row-count").textContent).toBe("5 things");
    });

    it("unsubscribes when it goes away", async () => {
      const src = source();
      let subscribed = 0;
      const refreshOn = (refresh: () => void) => {
        subscribed++;
        const stop = src.refreshOn(refresh);
        return () => {
          subscribed--;
          stop();
        };
      };
      const { unmount } = render(DataTable<Row>, { ...base, loadPage: src.loadPage, refreshOn });
      await waitFor(() => expect(subscribed).toBe(1));
      unmount();
      expect(subscribed).toBe(0);
    });
  });

  it("widens a money column to the widest amount shown, never cutting it with an ellipsis", async () => {
    type Sale = { id: number; total: string };
    const cols: Column<Sale>[] = [
      { key: "id", label: "ID", width: "60px", text: (r) => String(r.id) },
      { key: "total", label: "Total", width: "100px", align: "right", fit: true, text: (r) => r.total },
    ];
    const loadPage = async (): Promise<Page<Sale>> => ({
      rows: [
        { id: 1, total: "ARS 1.00" },
        { id: 2, total: "ARS 131,099,999.99" },
      ],
      next_cursor: null,
    });
    render(DataTable<Sale>, { ...base, columns: cols, loadPage });
    await waitFor(() => expect(screen.queryAllByTestId("row")).toHaveLength(2));
    const head = screen.getByTestId("table-test").querySelector(".dt-head") as HTMLElement;
    const track = () => Number(/^60px (\d+)px$/.exec(head.style.gridTemplateColumns)?.[1] ?? 0);
    await waitFor(() => expect(track()).toBeGreaterThan(100));
    // Every row uses the same tracks as the header, and the cell clips nothing with "…".
    const row = screen.queryAllByTestId("row")[1];
    expect(row.style.gridTemplateColumns).toBe(head.style.gridTemplateColumns);
    expect(row.querySelector('[data-col="total"]')?.classList.contains("fit")).toBe(true);
  });
});
