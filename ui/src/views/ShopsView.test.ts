import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import type { ConnectOutcome } from "../bindings/ConnectOutcome";
import type { ConnectStart } from "../bindings/ConnectStart";
import type { Shop } from "../bindings/Shop";
import ShopsView from "./ShopsView.svelte";
import { mockBackend, outboxRow, shop, shopSync, syncOverview, type Call } from "../test/fixtures";

const AUTH_URL = "http://127.0.0.1:48213/authorization?response_type=code&client_id=demo&state=abc123";

const demoShop: Shop = {
  ...shop,
  id: 7,
  name: "Demo shop",
  account_name: null,
  status: "disconnected",
};

function start(over: Partial<ConnectStart> = {}): ConnectStart {
  return { attempt_id: 41, shop_id: 7, authorize_url: AUTH_URL, paste: false, browser_opened: true, ...over };
}

const calledWith = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd);

describe("ShopsView", () => {
  it("starts the demo, shows the connect panel and closes it when its attempt finishes", async () => {
    let shops: Shop[] = [];
    const calls = mockBackend({
      list_shops: () => shops,
      start_demo: () => {
        shops = [demoShop];
        return start({ browser_opened: false });
      },
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("try-demo"));

    const panel = await screen.findByTestId("connect-panel");
    expect(calledWith(calls, "start_demo")).toHaveLength(1);
    const url = within(panel).getByTestId("authorize-url") as HTMLTextAreaElement;
    expect(url.value).toBe(AUTH_URL);
    expect(url.textContent).toBe(AUTH_URL);
    expect(url.readOnly).toBe(true);
    expect(panel.textContent).toContain("Authorize storedesk in your browser");
    expect(panel.textContent).toContain("No browser could be opened");
    expect(panel.textContent).toContain("Waiting for the browser…");
    await waitFor(() => expect(screen.getByTestId("shop-status").dataset.status).toBe("disconnected"));

    // An outcome of another attempt leaves the panel open.
    const other: ConnectOutcome = { attempt_id: 40, shop_id: 7, shop: null, error: { code: "access_denied", message: "old" } };
    await emit("connect-finished", other);
    expect(screen.getByTestId("connect-panel")).toBeTruthy();

    const connected: Shop = { ...demoShop, status: "connected", account_name: "DEMO_USER", token_expires_at: Date.now() + 5 * 3_600_000 + 60_000 };
    shops = [connected];
    const outcome: ConnectOutcome = { attempt_id: 41, shop_id: 7, shop: connected, error: null };
    await emit("connect-finished", outcome);

    await waitFor(() => expect(screen.queryByTestId("connect-panel")).toBeNull());
    await waitFor(() => expect(screen.getByTestId("shop-status").dataset.status).toBe("connected"));
    const row = screen.getByTestId("shop-row");
    expect(row.dataset.id).toBe("7");
    expect(within(row).getByTestId("shop-status").textContent).toBe("Connected");
    expect(within(row).getByTestId("shop-token").textContent?.trim()).toBe("expires in 5 h");
    expect(within(row).getByTestId("shop-last-sync").textContent?.trim()).toBe("Not synced yet");
    expect(row.textContent).toContain("DEMO_USER");
    expect(screen.getByTestId("connect-success").textContent).toContain("Demo shop is connected");
    expect(calledWith(calls, "cancel_connect")).toHaveLength(0);
  });

  it("shows a failed loopback outcome inside the panel and tries again", async () => {
    let attempt = 50;
    const calls = mockBackend({
      list_shops: () => [{ ...demoShop, status: "needs_reconnect", account_name: "DEMO_USER" }],
      connect_shop: () => start({ attempt_id: ++attempt }),
    });
    render(ShopsView);
    const connectBtn = await screen.findByTestId("shop-connect");
    expect(connectBtn.textContent?.trim()).toBe("Reconnect");
    expect(screen.getByTestId("shop-status").textContent).toBe("Needs reconnect");
    await fireEvent.click(connectBtn);
    await screen.findByTestId("connect-panel");
    expect(calledWith(calls, "connect_shop")[0].args).toEqual({ shopId: 7 });

    await emit("connect-finished", { attempt_id: 51, shop_id: 7, shop: null, error: { code: "access_denied", message: "You denied access." } });
    expect((await screen.findByTestId("connect-error")).textContent).toBe("You denied access.");
    await fireEvent.click(screen.getByTestId("connect-retry"));
    await waitFor(() => expect(calledWith(calls, "connect_shop")).toHaveLength(2));
    await waitFor(() => expect(screen.queryByTestId("connect-error")).toBeNull());
    expect(screen.getByTestId("connect-panel")).toBeTruthy();
  });

  it("cancel ends a waiting attempt with cancel_connect", async () => {
    const calls = mockBackend({
      list_shops: () => [demoShop],
      connect_shop: () => start(),
      cancel_connect: () => null,
    });
    render(ShopsView);
    const btn = await screen.findByTestId("shop-connect");
    expect(btn.textContent?.trim()).toBe("Connect");
    await fireEvent.click(btn);
    await fireEvent.click(await screen.findByTestId("connect-cancel"));
    await waitFor(() => expect(screen.queryByTestId("connect-panel")).toBeNull());
    expect(calledWith(calls, "cancel_connect").map((c) => c.args)).toEqual([{ attemptId: 41 }]);
  });

  it("paste mode sends the pasted text to finish_connect and shows its error", async () => {
    const pasted = "https://example.com/callback?code=TG-123&state=abc123";
    const calls = mockBackend({
      list_shops: () => [demoShop],
      connect_shop: () => start({ attempt_id: 9, paste: true }),
      finish_connect: () => {
        throw { code: "state_mismatch", message: "This address belongs to another connection attempt." };
      },
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("shop-connect"));
    const panel = await screen.findByTestId("connect-panel");
    expect(panel.textContent).toContain("Paste the address your browser ended on (or the code)");
    expect(panel.textContent).not.toContain("Waiting for the browser");
    const finish = within(panel).getByTestId("paste-finish") as HTMLButtonElement;
    expect(finish.disabled).toBe(true);

    await fireEvent.input(within(panel).getByTestId("paste-input"), { target: { value: `  ${pasted}\n` } });
    await fireEvent.click(finish);
    await waitFor(() => expect(calledWith(calls, "finish_connect")).toHaveLength(1));
    expect(calledWith(calls, "finish_connect")[0].args).toEqual({ attemptId: 9, pasted });
    expect((await screen.findByTestId("connect-error")).textContent).toBe(
      "This address belongs to another connection attempt.",
    );
    expect(screen.getByTestId("connect-panel")).toBeTruthy();
  });

  it("paste mode closes the panel when finish_connect connects the shop", async () => {
    let shops: Shop[] = [demoShop];
    mockBackend({
      list_shops: () => shops,
      connect_shop: () => start({ paste: true }),
      finish_connect: () => {
        shops = [{ ...demoShop, status: "connected" }];
        return shops[0];
      },
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("shop-connect"));
    await fireEvent.input(await screen.findByTestId("paste-input"), { target: { value: "TG-1" } });
    await fireEvent.click(screen.getByTestId("paste-finish"));
    await waitFor(() => expect(screen.queryByTestId("connect-panel")).toBeNull());
    await waitFor(() => expect(screen.getByTestId("shop-status").dataset.status).toBe("connected"));
  });

  it("remove asks for confirmation naming the shop and calls remove_shop only after OK", async () => {
    let shops: Shop[] = [shop, { ...shop, id: 2, name: "Tienda Sur" }];
    const calls = mockBackend({
      list_shops: () => shops,
      remove_shop: (a) => {
        shops = shops.filter((s) => s.id !== a.shopId);
        return null;
      },
    });
    render(ShopsView);
    await waitFor(() => expect(screen.getAllByTestId("shop-row")).toHaveLength(2));
    expect(screen.getByTestId("row-count").textContent).toBe("2 shops");
    const sur = screen.getAllByTestId("shop-row").find((r) => r.dataset.id === "2")!;

    await fireEvent.click(within(sur).getByTestId("shop-remove"));
    let dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("Remove Tienda Sur?");
    expect(dialog.textContent).toContain("Removes the shop and all its products, orders and shipments from this computer");
    await fireEvent.click(screen.getByTestId("confirm-cancel"));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(calledWith(calls, "remove_shop")).toHaveLength(0);

    await fireEvent.click(within(sur).getByTestId("shop-remove"));
    dialog = await screen.findByRole("dialog");
    expect(calledWith(calls, "remove_shop")).toHaveLength(0);
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() => expect(calledWith(calls, "remove_shop").map((c) => c.args)).toEqual([{ shopId: 2 }]));
    await waitFor(() => expect(screen.getAllByTestId("shop-row")).toHaveLength(1));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByTestId("row-count").textContent).toBe("1 shop");
  });

  it("disconnect confirms first and says the data stays", async () => {
    let shops: Shop[] = [shop];
    const calls = mockBackend({
      list_shops: () => shops,
      disconnect_shop: () => {
        shops = [{ ...shop, status: "disconnected" }];
        return null;
      },
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("shop-disconnect"));
    expect((await screen.findByRole("dialog")).textContent).toContain(
      "Tokens are deleted; the shop's data stays for offline viewing",
    );
    expect(calledWith(calls, "disconnect_shop")).toHaveLength(0);
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() => expect(screen.getByTestId("shop-status").dataset.status).toBe("disconnected"));
    expect(calledWith(calls, "disconnect_shop").map((c) => c.args)).toEqual([{ shopId: 1 }]);
    expect(screen.getByTestId("shop-connect").textContent?.trim()).toBe("Reconnect");
  });

  it("reloads the list on shops-changed", async () => {
    let shops: Shop[] = [shop];
    mockBackend({ list_shops: () => shops });
    render(ShopsView);
    await waitFor(() => expect(screen.getByTestId("shop-status").dataset.status).toBe("connected"));
    shops = [{ ...shop, status: "needs_reconnect" }];
    await emit("shops-changed");
    await waitFor(() => expect(screen.getByTestId("shop-status").dataset.status).toBe("needs_reconnect"));
  });

  it("add shop: without a provider app it links to Settings instead of submitting", async () => {
    const calls = mockBackend({
      list_shops: () => [],
      get_provider_app: () => null,
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("add-shop"));
    const dialog = await screen.findByTestId("add-shop-dialog");
    await waitFor(() => expect(within(dialog).getByTestId("add-no-app").textContent).toContain("Settings"));
    expect(within(dialog).queryByTestId("add-submit")).toBeNull();
    expect(within(dialog).getByTestId("add-go-settings")).toBeTruthy();
    expect(calledWith(calls, "get_provider_app").map((c) => c.args)).toEqual([{ kind: "mercadolibre" }]);
    const kinds = within(dialog).getByTestId("add-kind") as HTMLSelectElement;
    expect([...kinds.options].map((o) => [o.value, o.disabled])).toEqual([
      ["mercadolibre", false],
      ["shopify", true],
      ["woocommerce", true],
    ]);
  });

  it("add shop: submits add_shop and then connects the new shop", async () => {
    let shops: Shop[] = [];
    const calls = mockBackend({
      list_shops: () => shops,
      get_provider_app: () => ({ kind: "mercadolibre", client_id: "123", has_secret: true, redirect_uri: null }),
      add_shop: () => {
        shops = [{ ...demoShop, id: 12, name: "Mi tienda", site: "MLM" }];
        return shops[0];
      },
      connect_shop: () => start({ shop_id: 12, attempt_id: 3 }),
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("add-shop"));
    const dialog = await screen.findByTestId("add-shop-dialog");
    const submit = (await within(dialog).findByTestId("add-submit")) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await fireEvent.input(within(dialog).getByTestId("add-name"), { target: { value: " Mi tienda " } });
    await fireEvent.change(within(dialog).getByTestId("add-site"), { target: { value: "MLM" } });
    await fireEvent.input(within(dialog).getByTestId("add-api-base"), { target: { value: "http://127.0.0.1:9000" } });
    await fireEvent.click(submit);
    await screen.findByTestId("connect-panel");
    expect(screen.queryByTestId("add-shop-dialog")).toBeNull();
    expect(calledWith(calls, "add_shop")[0].args).toEqual({
      input: { kind: "mercadolibre", name: "Mi tienda", site: "MLM", api_base: "http://127.0.0.1:9000", auth_base: null },
    });
    expect(calledWith(calls, "connect_shop")[0].args).toEqual({ shopId: 12 });
  });

  it("shows each shop's sync state and syncs or pauses that shop", async () => {
    const sur: Shop = { ...shop, id: 2, name: "Tienda Sur" };
    let paused = false;
    const overview = () =>
      syncOverview([
        shopSync({ state: paused ? "paused" : "offline", paused, retry_at: Date.now() + 40_500 }),
        shopSync({ shop_id: 2, shop_name: "Tienda Sur", state: "error", last_error: "HTTP 500" }),
      ]);
    const calls = mockBackend({
      list_shops: () => [shop, sur, { ...shop, id: 3, name: "Sin sync", status: "disconnected" }],
      sync_overview: overview,
      sync_now: () => null,
      set_sync_paused: (a) => {
        if (a.shopId === 1) paused = a.paused as boolean;
        return overview();
      },
    });
    render(ShopsView);
    await waitFor(() => expect(screen.getAllByTestId("shop-sync-state")).toHaveLength(2));
    const row = (id: string) => screen.getAllByTestId("shop-row").find((r) => r.dataset.id === id)!;
    const norte = row("1");
    expect(within(norte).getByTestId("shop-sync-state").textContent?.replace(/\s+/g, " ").trim()).toBe("Offline, retrying in 40 s");
    const surState = within(row("2")).getByTestId("shop-sync-state");
    expect(surState.textContent?.trim()).toBe("Error");
    expect(surState.getAttribute("title")).toBe("HTTP 500");
    // A shop the sync does not know has no sync buttons.
    expect(within(row("3")).queryByTestId("shop-sync-now")).toBeNull();

    await fireEvent.click(within(row("2")).getByTestId("shop-sync-now"));
    await waitFor(() => expect(calledWith(calls, "sync_now").map((c) => c.args)).toEqual([{ shopId: 2, resource: null }]));

    const pause = within(norte).getByTestId("shop-sync-pause") as HTMLButtonElement;
    expect(pause.textContent?.trim()).toBe("Pause");
    await waitFor(() => expect(pause.disabled).toBe(false));
    await fireEvent.click(pause);
    await waitFor(() => expect(within(row("1")).getByTestId("shop-sync-pause").textContent?.trim()).toBe("Resume"));
    expect(within(row("1")).getByTestId("shop-sync-state").textContent?.trim()).toBe("Paused");
    await waitFor(() => expect((within(row("1")).getByTestId("shop-sync-pause") as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(within(row("1")).getByTestId("shop-sync-pause"));
    await waitFor(() => expect(within(row("1")).getByTestId("shop-sync-pause").textContent?.trim()).toBe("Pause"));
    expect(calledWith(calls, "set_sync_paused").map((c) => c.args)).toEqual([
      { shopId: 1, paused: true },
      { shopId: 1, paused: false },
    ]);
  });

  it("never shows a future time as the last sync, and says \"Not synced yet\" (not \"Up to date\") before a first sync", async () => {
    mockBackend({
      list_shops: () => [
        { ...shop, id: 1, name: "Ahead", last_sync_at: Date.now() + 23_000 },
        { ...shop, id: 2, name: "Fresh", last_sync_at: null },
      ],
      sync_overview: () => syncOverview([shopSync({ shop_id: 1 }), shopSync({ shop_id: 2, shop_name: "Fresh" })]),
    });
    render(ShopsView);
    await waitFor(() => expect(screen.getAllByTestId("shop-sync-state")).toHaveLength(2));
    const row = (id: string) => screen.getAllByTestId("shop-row").find((r) => r.dataset.id === id)!;
    const ahead = within(row("1")).getByTestId("shop-last-sync").textContent?.trim();
    expect(ahead).toBe("just now");
    expect(row("1").textContent).not.toMatch(/\bin \d+ s\b/);
    expect(within(row("1")).getByTestId("shop-sync-state").textContent?.trim()).toBe("Up to date");
    expect(within(row("2")).getByTestId("shop-last-sync").textContent?.trim()).toBe("Not synced yet");
    expect(within(row("2")).getByTestId("shop-sync-state").textContent?.trim()).toBe("Not synced yet");
    expect(row("2").textContent).not.toContain("Up to date");
  });

  it("says since when an offline shop is unreachable, counts down to the next try and the edits waiting for it", async () => {
    const since = new Date();
    since.setHours(10, 42, 0, 0);
    const clock = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit" }).format(since);
    mockBackend({
      list_shops: () => [shop],
      sync_overview: () => syncOverview([shopSync({ state: "offline", offline_since: since.getTime(), retry_at: Date.now() + 40_500 })]),
      list_outbox: () => ({ rows: [outboxRow(1), outboxRow(2)], next_cursor: null }),
    });
    render(ShopsView);
    const state = await screen.findByTestId("shop-sync-state");
    await waitFor(() => expect(state.textContent?.replace(/\s+/g, " ").trim()).toBe(`Offline since ${clock}, retrying in 40 s`));
    await waitFor(() => expect(state.textContent).toContain("retrying in 39 s"), { timeout: 2500 });
    expect((await screen.findByTestId("offline-waiting")).textContent).toBe("2 changes will be sent when it is back");
  });

  it("keeps each row's actions in a column that stays in view", async () => {
    mockBackend({ list_shops: () => [shop] });
    render(ShopsView);
    const remove = await screen.findByTestId("shop-remove");
    expect(remove.closest("td")?.classList.contains("row-actions")).toBe(true);
  });
});
