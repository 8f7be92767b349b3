import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { OutboxQuery } from "../bindings/OutboxQuery";
import type { OutboxRow } from "../bindings/OutboxRow";
import { PAGE_SIZE } from "../lib/api";
import { setLang } from "../lib/i18n";
import { activityNav } from "../lib/nav.svelte";
import { lastQuery, mockBackend, outboxRow, shop, syncOverview, type Call, type Handler } from "../test/fixtures";
import ActivityView from "./ActivityView.svelte";

afterEach(() => {
  setLang("en");
  activityNav.tab = "runs";
  activityNav.productId = null;
  activityNav.productTitle = null;
});

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ").trim();
const calledWith = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);

const REJECTION =
  "HTTP 400 item.price.invalid: The price is below the minimum for this category (MLA1234). Mercado Libre requires at least ARS 100.00 for listings in it.";

const pending = outboxRow(3, { status: "pending" });
const rejected = outboxRow(2, {
  status: "rejected",
  attempts: 1,
  value: { field: "price", value: { minor: 4500, currency: "ARS" } },
  last_error: REJECTION,
});
const conflict = outboxRow(1, {
  status: "conflict",
  attempts: 1,
  product_id: 25,
  title: "Termo acero",
  variant_remote_id: "V2",
  variant_label: "Color: Azul",
  value: { field: "stock", value: 40 },
  base: { field: "stock", value: 12 },
  remote_value: { field: "stock", value: 10 },
  last_error: "The shop's stock changed from 12 to 10 after this edit was made.",
});

function backend(rows: OutboxRow[] = [pending, rejected, conflict], extra: Record<string, Handler> = {}) {
  return mockBackend({
    list_shops: () => [shop],
    sync_overview: () => syncOverview(),
    outbox_counts: () => ({ waiting: 1, rejected: 1, conflict: 1 }),
    list_outbox: (a) => {
      const q = a.query as OutboxQuery;
      return { rows: rows.filter((r) => q.status === null || r.status === q.status), next_cursor: null };
    },
    retry_edit: (a) => outboxRow(9, { status: "pending", value: (a.value as OutboxRow["value"]) ?? rejected.value }),
    discard_edit: (a) => ({ ...[pending, rejected, conflict].find((r) => r.id === a.id)!, status: "discarded" }),
    resolve_conflict: (a) => ({ ...conflict, status: a.resolution === "keep_mine" ? "pending" : "discarded" }),
    ...extra,
  });
}

async function openOutbox() {
  render(ActivityView);
  await fireEvent.click(await screen.findByTestId("outbox-tab"));
  await waitFor(() => expect(screen.getAllByTestId("outbox-row")).toHaveLength(3));
}

const row = (status: string) => screen.getAllByTestId("outbox-row").find((r) => r.dataset.status === status)!;

describe("Activity: the outbox", () => {
  it("is the third tab and lists each edit with its listing, field, old -> new value, status, attempts and full error", async () => {
    const calls = backend();
    await openOutbox();
    expect(screen.getByTestId("outbox-tab").getAttribute("aria-selected")).toBe("true");
    expect(lastQuery<OutboxQuery>(calls, "list_outbox")).toEqual({ shop_id: null, status: null, product_id: null, cursor: null, limit: PAGE_SIZE });

    const r = row("rejected");
    expect(r.textContent).toContain("Mate imperial");
    expect(plain(within(r).getByTestId("outbox-change").textContent)).toBe("Price ARS 1,000.00 → ARS 45.00");
    expect(within(r).getByTestId("outbox-status").textContent).toBe("Rejected");
    expect(within(r).getByTestId("outbox-attempts").textContent).toBe("1");
    // The shop's reason, whole.
    expect(within(r).getByTestId("outbox-error").textContent).toBe(REJECTION);

    const c = row("conflict");
    expect(within(c).getByTestId("outbox-variant").textContent).toContain("Color: Azul");
    expect(plain(within(c).getByTestId("outbox-change").textContent)).toBe("Stock 12 → 40");
    expect(within(c).getByTestId("outbox-remote").textContent).toBe("10");
    expect(within(c).getByTestId("outbox-mine").textContent).toBe("40");
    // The tab says how many need a person.
    await waitFor(() => expect(screen.getByTestId("outbox-tab").textContent).toContain("2"));
  });

  it("Undo discards a pending edit", async () => {
    const calls = backend();
    await openOutbox();
    const button = within(row("pending")).getByTestId("outbox-discard");
    expect(button.textContent?.trim()).toBe("Undo");
    await fireEvent.click(button);
    await waitFor(() => expect(calledWith(calls, "discard_edit")).toEqual([{ id: 3 }]));
    await waitFor(() => expect(screen.getAllByTestId("outbox-row").find((r) => r.dataset.id === "3")?.dataset.status).toBe("discarded"));
  });

  it("Retry sends a rejected edit again as it was", async () => {
    const calls = backend();
    await openOutbox();
    await fireEvent.click(within(row("rejected")).getByTestId("outbox-retry"));
    await waitFor(() => expect(calledWith(calls, "retry_edit")).toEqual([{ id: 2, value: null }]));
  });

  it("Retry with another value: the input starts with the value and sends the new one in minor units", async () => {
    const calls = backend();
    await openOutbox();
    await fireEvent.click(within(row("rejected")).getByTestId("outbox-change-value"));
    const input = (await within(row("rejected")).findByTestId("outbox-retry-input")) as HTMLInputElement;
    expect(input.value).toBe("45.00");
    await fireEvent.input(input, { target: { value: "abc" } });
    await fireEvent.click(within(row("rejected")).getByTestId("outbox-retry-value"));
    expect(within(row("rejected")).getByRole("alert").textContent).toContain("Enter an amount like");
    expect(calledWith(calls, "retry_edit")).toEqual([]);
    await fireEvent.input(input, { target: { value: "150" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() =>
      expect(calledWith(calls, "retry_edit")).toEqual([{ id: 2, value: { field: "price", value: { minor: 15000, currency: "ARS" } } }]),
    );
  });

  it("Discard gives up a rejected edit", async () => {
    const calls = backend();
    await openOutbox();
    const button = within(row("rejected")).getByTestId("outbox-discard");
    expect(button.textContent?.trim()).toBe("Discard");
    await fireEvent.click(button);
    await waitFor(() => expect(calledWith(calls, "discard_edit")).toEqual([{ id: 2 }]));
  });

  it("Keep mine and Take the shop's resolve a conflict", async () => {
    const calls = backend();
    await openOutbox();
    const keep = within(row("conflict")).getByTestId("outbox-keep-mine");
    const take = within(row("conflict")).getByTestId("outbox-take-theirs");
    expect(keep.textContent?.trim()).toBe("Keep mine (40)");
    expect(take.textContent?.trim()).toBe("Take the shop's (10)");
    await fireEvent.click(take);
    await waitFor(() => expect(calledWith(calls, "resolve_conflict")).toEqual([{ id: 1, resolution: "take_theirs" }]));
    await waitFor(() => expect(screen.queryAllByTestId("outbox-row").some((r) => r.dataset.status === "conflict")).toBe(false));
  });

  it("Keep mine sends mine", async () => {
    const calls = backend();
    await openOutbox();
    await fireEvent.click(within(row("conflict")).getByTestId("outbox-keep-mine"));
    await waitFor(() => expect(calledWith(calls, "resolve_conflict")).toEqual([{ id: 1, resolution: "keep_mine" }]));
  });

  it("shows why an action was refused", async () => {
    backend(undefined, {
      discard_edit: () => {
        throw { code: "invalid_input", message: "this edit is being sent now; wait for the shop's answer" };
      },
    });
    await openOutbox();
    await fireEvent.click(within(row("pending")).getByTestId("outbox-discard"));
    expect((await within(row("pending")).findByTestId("outbox-action-error")).textContent).toContain("being sent now");
  });

  it("filters by status and shop, and reloads on outbox-changed", async () => {
    const calls = backend();
    await openOutbox();
    await fireEvent.change(screen.getByTestId("filter-status"), { target: { value: "rejected" } });
    await waitFor(() => expect(lastQuery<OutboxQuery>(calls, "list_outbox").status).toBe("rejected"));
    await waitFor(() => expect(screen.getAllByTestId("outbox-row")).toHaveLength(1));
    await waitFor(() => expect((screen.getByTestId("filter-shop") as HTMLSelectElement).options).toHaveLength(2));
    await fireEvent.change(screen.getByTestId("filter-shop"), { target: { value: "1" } });
    await waitFor(() => expect(lastQuery<OutboxQuery>(calls, "list_outbox")).toMatchObject({ shop_id: 1, status: "rejected" }));
    const before = calledWith(calls, "list_outbox").length;
    await emit("outbox-changed", { waiting: 0, rejected: 1, conflict: 1 });
    await waitFor(() => expect(calledWith(calls, "list_outbox").length).toBeGreaterThan(before));
  });

  it("shows one listing's edits when opened from its detail", async () => {
    activityNav.tab = "outbox";
    activityNav.productId = 25;
    activityNav.productTitle = "Termo acero";
    const calls = backend();
    render(ActivityView);
    await waitFor(() => expect(lastQuery<OutboxQuery>(calls, "list_outbox").product_id).toBe(25));
    expect((await screen.findByTestId("outbox-product-filter")).textContent).toContain("Termo acero");
  });

  it("names the location of a stock edit that has one, by its id when the shop gave no name", async () => {
    const stock = { value: { field: "stock", value: 9 }, base: { field: "stock", value: 4 } } as const;
    backend([
      outboxRow(5, { ...stock, location_id: "loc-1", location_name: "Depósito Norte" }),
      outboxRow(6, { ...stock, location_id: "gid://shopify/Location/72", location_name: null }),
      outboxRow(7, { ...stock }),
    ]);
    await openOutbox();
    const item = (id: number) => screen.getAllByTestId("outbox-row").find((r) => r.dataset.id === String(id))!;
    const field = (id: number) => plain(within(item(id)).getByTestId("outbox-field").textContent);
    expect(field(5)).toBe("Stock at Depósito Norte");
    expect(field(6)).toBe("Stock at gid://shopify/Location/72");
    expect(field(7)).toBe("Stock");
    expect(plain(within(item(5)).getByTestId("outbox-change").textContent)).toBe("Stock at Depósito Norte 4 → 9");
    setLang("es");
    await waitFor(() => expect(field(5)).toBe("Stock en Depósito Norte"));
    setLang("pt");
    await waitFor(() => expect(field(5)).toBe("Estoque em Depósito Norte"));
  });
});
