import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import type { ConnectOutcome } from "../bindings/ConnectOutcome";
import type { ConnectStart } from "../bindings/ConnectStart";
import type { Shop } from "../bindings/Shop";
import ShopsView from "./ShopsView.svelte";
import type { KindCapabilities } from "../bindings/KindCapabilities";
import {
  connectors,
  mockBackend,
  offersShop,
  outboxRow,
  salesChannelCapabilities,
  shop,
  shopSync,
  syncOverview,
  warehouseShop,
  type Call,
} from "../test/fixtures";

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

  it("add shop: lists the sales-channel kinds of list_connectors, one without a connector disabled as coming later", async () => {
    const calls = mockBackend({
      list_shops: () => [],
      list_connectors: () => connectors(),
      get_provider_app: () => null,
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("add-shop"));
    const dialog = await screen.findByTestId("add-shop-dialog");
    await waitFor(() => expect(calledWith(calls, "list_connectors")).toHaveLength(1));
    const kinds = within(dialog).getByTestId("add-kind") as HTMLSelectElement;
    // The warehouse and the offers service are no sales channels: added elsewhere.
    expect([...kinds.options].map((o) => [o.value, o.disabled, o.textContent?.trim()])).toEqual([
      ["mercadolibre", false, "Mercado Libre"],
      ["shopify", true, "Shopify (coming later)"],
      ["woocommerce", true, "WooCommerce (coming later)"],
    ]);
    expect(kinds.value).toBe("mercadolibre");
    const sites = within(dialog).getByTestId("add-site") as HTMLSelectElement;
    expect([...sites.options].map((o) => o.value)).toEqual(["MLA", "MLB", "MLM", "MLC", "MCO", "MLU", "MPE"]);
  });

  it("add shop: offers exactly the descriptor's sites, by name where known", async () => {
    const list: KindCapabilities[] = connectors().map((k) =>
      k.kind === "mercadolibre" ? { ...k, capabilities: { ...salesChannelCapabilities, sites: ["MLU", "MLA", "MZZ"] } } : k,
    );
    const calls = mockBackend({
      list_shops: () => [],
      list_connectors: () => list,
      get_provider_app: () => ({ kind: "mercadolibre", client_id: "123", has_secret: true, redirect_uri: null }),
      add_shop: () => ({ ...demoShop, id: 12 }),
      connect_shop: () => start({ shop_id: 12, attempt_id: 3 }),
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("add-shop"));
    const dialog = await screen.findByTestId("add-shop-dialog");
    const sites = within(dialog).getByTestId("add-site") as HTMLSelectElement;
    await waitFor(() => expect([...sites.options].map((o) => o.value)).toEqual(["MLU", "MLA", "MZZ"]));
    expect([...sites.options].map((o) => o.textContent?.trim())).toEqual(["Uruguay (MLU)", "Argentina (MLA)", "MZZ"]);
    // The first of the kind's sites is the one chosen unless another is picked.
    expect(sites.value).toBe("MLU");
    await fireEvent.input(within(dialog).getByTestId("add-name"), { target: { value: "Tienda" } });
    await fireEvent.click(await within(dialog).findByTestId("add-submit"));
    await waitFor(() => expect(calledWith(calls, "add_shop")).toHaveLength(1));
    expect(calledWith(calls, "add_shop")[0].args).toEqual({
      input: { kind: "mercadolibre", name: "Tienda", site: "MLU", api_base: null, auth_base: null },
    });
  });

  it("add shop: a kind whose connector has no sites shows no site and sends an empty one, with its own provider app", async () => {
    // Shopify with a connector (one day): a sales channel signed in through its app, on no site.
    const list: KindCapabilities[] = connectors().map((k) =>
      k.kind === "shopify" ? { ...k, capabilities: { ...salesChannelCapabilities, auth: "oauth2_signed_callback", sites: [], locations: true } } : k,
    );
    const calls = mockBackend({
      list_shops: () => [],
      list_connectors: () => list,
      get_provider_app: (a) => (a.kind === "shopify" ? { kind: "shopify", client_id: "shp", has_secret: true, redirect_uri: null } : null),
      add_shop: () => ({ ...demoShop, id: 12, kind: "shopify", site: null }),
      connect_shop: () => start({ shop_id: 12, attempt_id: 3 }),
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("add-shop"));
    const dialog = await screen.findByTestId("add-shop-dialog");
    const kinds = within(dialog).getByTestId("add-kind") as HTMLSelectElement;
    await waitFor(() => expect([...kinds.options].map((o) => [o.value, o.disabled])).toEqual([
      ["mercadolibre", false],
      ["shopify", false],
      ["woocommerce", true],
    ]));
    // MercadoLibre has no app yet: Settings first.
    await within(dialog).findByTestId("add-no-app");
    await fireEvent.change(kinds, { target: { value: "shopify" } });
    await waitFor(() => expect(calledWith(calls, "get_provider_app").map((c) => c.args)).toEqual([{ kind: "mercadolibre" }, { kind: "shopify" }]));
    expect(within(dialog).queryByTestId("add-site")).toBeNull();
    expect(within(dialog).queryByTestId("add-no-app")).toBeNull();
    await fireEvent.input(within(dialog).getByTestId("add-name"), { target: { value: "Casa Sur" } });
    await fireEvent.click(await within(dialog).findByTestId("add-submit"));
    await waitFor(() => expect(calledWith(calls, "add_shop")).toHaveLength(1));
    // AddShopInput.site is a string: "" says "no site".
    expect(calledWith(calls, "add_shop")[0].args).toEqual({
      input: { kind: "shopify", name: "Casa Sur", site: "", api_base: null, auth_base: null },
    });
  });

  it("add shop: with no sales channel's connector, nothing can be added and no app is asked for", async () => {
    const calls = mockBackend({
      list_shops: () => [],
      list_connectors: () => connectors().map((k) => (k.kind === "mercadolibre" ? { ...k, capabilities: null } : k)),
      get_provider_app: () => null,
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("add-shop"));
    const dialog = await screen.findByTestId("add-shop-dialog");
    const kinds = within(dialog).getByTestId("add-kind") as HTMLSelectElement;
    await waitFor(() => expect([...kinds.options].every((o) => o.disabled)).toBe(true));
    expect(within(dialog).queryByTestId("add-site")).toBeNull();
    await fireEvent.input(within(dialog).getByTestId("add-name"), { target: { value: "Tienda" } });
    expect((within(dialog).getByTestId("add-submit") as HTMLButtonElement).disabled).toBe(true);
    // Only the fallback's first answer asked (before list_connectors said there is no connector).
    expect(calledWith(calls, "get_provider_app").length).toBeLessThanOrEqual(1);
  });

  it("add shop: while list_connectors has not answered, the kinds storedesk always had are offered", async () => {
    const calls = mockBackend({
      list_shops: () => [],
      list_connectors: () => new Promise(() => {}),
      get_provider_app: () => ({ kind: "mercadolibre", client_id: "123", has_secret: true, redirect_uri: null }),
      add_shop: () => ({ ...demoShop, id: 12 }),
      connect_shop: () => start({ shop_id: 12, attempt_id: 3 }),
    });
    render(ShopsView);
    await fireEvent.click(await screen.findByTestId("add-shop"));
    const dialog = await screen.findByTestId("add-shop-dialog");
    const kinds = within(dialog).getByTestId("add-kind") as HTMLSelectElement;
    expect([...kinds.options].map((o) => [o.value, o.disabled])).toEqual([
      ["mercadolibre", false],
      ["shopify", true],
      ["woocommerce", true],
    ]);
    await fireEvent.change(within(dialog).getByTestId("add-site"), { target: { value: "MLC" } });
    await fireEvent.input(within(dialog).getByTestId("add-name"), { target: { value: "Chile" } });
    await fireEvent.click(await within(dialog).findByTestId("add-submit"));
    await waitFor(() => expect(calledWith(calls, "add_shop")).toHaveLength(1));
    expect(calledWith(calls, "add_shop")[0].args).toEqual({
      input: { kind: "mercadolibre", name: "Chile", site: "MLC", api_base: null, auth_base: null },
    });
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

  describe("the warehouse", () => {
    const RULE = "paid, not cancelled, not shipped yet, and not shipped by the marketplace's own logistics";

    it("adds a warehouse with its token: the dialog closes and the list reloads", async () => {
      let shops: Shop[] = [shop];
      const calls = mockBackend({
        list_shops: () => shops,
        routing_rule: () => RULE,
        add_warehouse: (a) => {
          const w = warehouseShop({ id: 9, name: a.name as string });
          shops = [shop, w];
          return w;
        },
      });
      render(ShopsView);
      await waitFor(() => expect(screen.getAllByTestId("shop-row")).toHaveLength(1));
      // No warehouse yet: nothing to choose for the store.
      expect(screen.queryByTestId("route-select")).toBeNull();

      await fireEvent.click(screen.getByTestId("add-warehouse"));
      const dialog = await screen.findByTestId("warehouse-dialog");
      expect(dialog.textContent).toContain("Integrations > API Tokens");
      const token = within(dialog).getByTestId("warehouse-token") as HTMLInputElement;
      expect(token.type).toBe("password");
      expect((within(dialog).getByTestId("warehouse-api-base") as HTMLInputElement).placeholder).toBe("https://api.shipbob.com");
      const submit = within(dialog).getByTestId("warehouse-submit") as HTMLButtonElement;
      expect(submit.disabled).toBe(true);
      await fireEvent.input(within(dialog).getByTestId("warehouse-name"), { target: { value: " Bodega " } });
      await fireEvent.input(token, { target: { value: " pat-123 " } });
      expect(submit.disabled).toBe(false);
      await fireEvent.click(submit);

      await waitFor(() => expect(screen.queryByTestId("warehouse-dialog")).toBeNull());
      expect(calledWith(calls, "add_warehouse").map((c) => c.args)).toEqual([{ name: "Bodega", apiBase: null, token: "pat-123" }]);
      await waitFor(() => expect(screen.getAllByTestId("shop-row")).toHaveLength(2));
      const row = screen.getAllByTestId("shop-row").find((r) => r.dataset.id === "9")!;
      expect(within(row).getByTestId("shop-kind").textContent).toBe("Warehouse (ShipBob) · API 2026-07");
      expect(within(row).queryByTestId("shop-api-warning")).toBeNull();
      expect(within(row).getByTestId("warehouse-channel").textContent).toBe("storedesk channel");
      // A personal access token does not expire (the backend says a time no date can hold).
      expect(within(row).getByTestId("shop-token").textContent).toBe("does not expire");
      expect(screen.getByTestId("connect-success").textContent).toContain("Bodega is added");
      // The store can now ship through it.
      expect(screen.getAllByTestId("route-select")).toHaveLength(1);
    });

    it("shows a refused token in the dialog and keeps what was typed", async () => {
      const calls = mockBackend({
        list_shops: () => [shop],
        routing_rule: () => RULE,
        add_warehouse: () => {
          throw { code: "invalid_grant", message: "ShipBob refused the token: it is wrong or was revoked." };
        },
      });
      render(ShopsView);
      await fireEvent.click(await screen.findByTestId("add-warehouse"));
      const dialog = await screen.findByTestId("warehouse-dialog");
      await fireEvent.input(within(dialog).getByTestId("warehouse-name"), { target: { value: "Bodega" } });
      await fireEvent.input(within(dialog).getByTestId("warehouse-api-base"), { target: { value: "https://sandbox-api.shipbob.com" } });
      await fireEvent.input(within(dialog).getByTestId("warehouse-token"), { target: { value: "bad" } });
      await fireEvent.click(within(dialog).getByTestId("warehouse-submit"));

      const error = await within(dialog).findByTestId("warehouse-error");
      expect(error.getAttribute("role")).toBe("alert");
      expect(error.textContent).toBe("ShipBob refused the token: it is wrong or was revoked.");
      expect(screen.getByTestId("warehouse-dialog")).toBe(dialog);
      expect((within(dialog).getByTestId("warehouse-name") as HTMLInputElement).value).toBe("Bodega");
      expect((within(dialog).getByTestId("warehouse-api-base") as HTMLInputElement).value).toBe("https://sandbox-api.shipbob.com");
      expect((within(dialog).getByTestId("warehouse-token") as HTMLInputElement).value).toBe("bad");
      expect(calledWith(calls, "add_warehouse").map((c) => c.args)).toEqual([
        { name: "Bodega", apiBase: "https://sandbox-api.shipbob.com", token: "bad" },
      ]);
      expect(screen.getAllByTestId("shop-row")).toHaveLength(1);
    });

    it("routes a store through a warehouse and back to shipping itself", async () => {
      let shops: Shop[] = [
        shop,
        { ...shop, id: 2, kind: "shopify", name: "Casa Sur", warehouse_shop_id: 9 },
        warehouseShop({ id: 9, name: "Bodega" }),
        warehouseShop({ id: 11, name: "Depósito Sur" }),
      ];
      const calls = mockBackend({
        list_shops: () => shops,
        routing_rule: () => RULE,
        route_store: (a) => {
          shops = shops.map((s) => (s.id === a.storeId ? { ...s, warehouse_shop_id: a.warehouseId as number | null } : s));
          return shops.find((s) => s.id === a.storeId);
        },
      });
      render(ShopsView);
      await waitFor(() => expect(screen.getAllByTestId("route-select")).toHaveLength(2));
      const row = (id: string) => screen.getAllByTestId("shop-row").find((r) => r.dataset.id === id)!;
      // Warehouses ship nothing through another warehouse, and have no browser flow to connect.
      expect(within(row("9")).queryByTestId("route-select")).toBeNull();
      expect(within(row("11")).queryByTestId("route-select")).toBeNull();

      const norte = within(row("1")).getByTestId("route-select") as HTMLSelectElement;
      expect([...norte.options].map((o) => [o.value, o.textContent])).toEqual([
        ["", "The store ships itself"],
        ["9", "Bodega"],
        ["11", "Depósito Sur"],
      ]);
      expect(norte.value).toBe("");
      expect((within(row("2")).getByTestId("route-select") as HTMLSelectElement).value).toBe("9");
      // The rule is told beside the choice.
      await waitFor(() =>
        expect(norte.closest("label")?.getAttribute("title")).toBe(`A store's orders go to its warehouse when they are: ${RULE}.`),
      );

      await fireEvent.change(norte, { target: { value: "11" } });
      await waitFor(() => expect(calledWith(calls, "route_store").map((c) => c.args)).toEqual([{ storeId: 1, warehouseId: 11 }]));
      await waitFor(() => expect(screen.getByTestId("connect-success").textContent).toContain("Tienda Norte: orders now ship through Depósito Sur."));

      await fireEvent.change(within(row("2")).getByTestId("route-select"), { target: { value: "" } });
      await waitFor(() =>
        expect(calledWith(calls, "route_store").map((c) => c.args)).toEqual([
          { storeId: 1, warehouseId: 11 },
          { storeId: 2, warehouseId: null },
        ]),
      );
      await waitFor(() => expect((within(row("2")).getByTestId("route-select") as HTMLSelectElement).value).toBe(""));
      expect((within(row("1")).getByTestId("route-select") as HTMLSelectElement).value).toBe("11");
    });

    it("puts the choice back and says why when routing fails", async () => {
      mockBackend({
        list_shops: () => [shop, warehouseShop()],
        routing_rule: () => RULE,
        route_store: () => {
          throw { code: "invalid_input", message: "That shop is not a warehouse." };
        },
      });
      render(ShopsView);
      const select = (await screen.findByTestId("route-select")) as HTMLSelectElement;
      await fireEvent.change(select, { target: { value: "9" } });
      expect((await screen.findByTestId("action-error")).textContent).toContain("That shop is not a warehouse.");
      expect(select.value).toBe("");
    });

    it("asks for a new token for a warehouse whose token was revoked, never the browser Connect", async () => {
      let shops: Shop[] = [shop, warehouseShop({ status: "needs_reconnect" })];
      const calls = mockBackend({
        list_shops: () => shops,
        routing_rule: () => RULE,
        set_warehouse_token: (a) => {
          if (a.token === "bad") throw { code: "invalid_grant", message: "ShipBob refused the token." };
          shops = [shop, warehouseShop()];
          return shops[1];
        },
      });
      render(ShopsView);
      await waitFor(() => expect(screen.getAllByTestId("shop-row")).toHaveLength(2));
      const row = () => screen.getAllByTestId("shop-row").find((r) => r.dataset.id === "9")!;
      expect(within(row()).getByTestId("shop-status").dataset.status).toBe("needs_reconnect");
      expect(within(row()).queryByTestId("shop-connect")).toBeNull();
      expect(screen.queryAllByTestId("shop-connect")).toHaveLength(0);

      await fireEvent.click(within(row()).getByTestId("warehouse-token-button"));
      const dialog = await screen.findByTestId("warehouse-token-dialog");
      expect(dialog.textContent).toContain("New token for Bodega ShipBob");
      const input = within(dialog).getByTestId("warehouse-token-input") as HTMLInputElement;
      expect(input.type).toBe("password");
      await fireEvent.input(input, { target: { value: "bad" } });
      await fireEvent.click(within(dialog).getByTestId("warehouse-token-submit"));
      expect((await within(dialog).findByTestId("warehouse-token-error")).textContent).toBe("ShipBob refused the token.");
      expect(input.value).toBe("bad");

      await fireEvent.input(input, { target: { value: " pat-new " } });
      await fireEvent.click(within(dialog).getByTestId("warehouse-token-submit"));
      await waitFor(() => expect(screen.queryByTestId("warehouse-token-dialog")).toBeNull());
      expect(calledWith(calls, "set_warehouse_token").map((c) => c.args)).toEqual([
        { shopId: 9, token: "bad" },
        { shopId: 9, token: "pat-new" },
      ]);
      await waitFor(() => expect(within(row()).getByTestId("shop-status").dataset.status).toBe("connected"));
      expect(within(row()).queryByTestId("warehouse-token-button")).toBeNull();
      expect(within(row()).getByTestId("shop-disconnect")).toBeTruthy();
    });
  });

  describe("the offers service", () => {
    it("adds an offers service with its refresh token: the dialog closes and the row says what it is", async () => {
      let shops: Shop[] = [shop];
      const calls = mockBackend({
        list_shops: () => shops,
        routing_rule: () => "paid",
        add_offers_service: (a) => {
          const s = offersShop({ name: a.name as string });
          shops = [shop, s];
          return s;
        },
      });
      render(ShopsView);
      await waitFor(() => expect(screen.getAllByTestId("shop-row")).toHaveLength(1));
      await fireEvent.click(screen.getByTestId("add-offers"));
      const dialog = await screen.findByTestId("offers-dialog");
      expect(dialog.textContent).toContain("Add offers service");
      const token = within(dialog).getByTestId("offers-token") as HTMLInputElement;
      expect(token.type).toBe("password");
      const submit = within(dialog).getByTestId("offers-submit") as HTMLButtonElement;
      // The API address is required.
      await fireEvent.input(within(dialog).getByTestId("offers-name"), { target: { value: " Precios Claros " } });
      await fireEvent.input(token, { target: { value: " rt-123 " } });
      expect(submit.disabled).toBe(true);
      await fireEvent.input(within(dialog).getByTestId("offers-api-base"), { target: { value: "https://api.preciosclaros.example/v1 " } });
      expect(submit.disabled).toBe(false);
      await fireEvent.click(submit);

      await waitFor(() => expect(screen.queryByTestId("offers-dialog")).toBeNull());
      expect(calledWith(calls, "add_offers_service").map((c) => c.args)).toEqual([
        { name: "Precios Claros", apiBase: "https://api.preciosclaros.example/v1", refreshToken: "rt-123" },
      ]);
      await waitFor(() => expect(screen.getAllByTestId("shop-row")).toHaveLength(2));
      const row = screen.getAllByTestId("shop-row").find((r) => r.dataset.id === "12")!;
      expect(within(row).getByTestId("shop-kind").textContent).toContain("Offers service");
      expect(screen.getByTestId("connect-success").textContent).toContain("Precios Claros is added");
      // An offers service ships nothing: no "Ships through" for it.
      expect(within(row).queryByTestId("route-select")).toBeNull();
    });

    it("refuses an address that is not a URL without asking the backend", async () => {
      const calls = mockBackend({ list_shops: () => [shop], routing_rule: () => "paid", add_offers_service: () => offersShop() });
      render(ShopsView);
      await fireEvent.click(await screen.findByTestId("add-offers"));
      const dialog = await screen.findByTestId("offers-dialog");
      await fireEvent.input(within(dialog).getByTestId("offers-name"), { target: { value: "Precios" } });
      await fireEvent.input(within(dialog).getByTestId("offers-api-base"), { target: { value: "preciosclaros" } });
      await fireEvent.input(within(dialog).getByTestId("offers-token"), { target: { value: "rt" } });
      await fireEvent.click(within(dialog).getByTestId("offers-submit"));
      const error = await within(dialog).findByTestId("offers-error");
      expect(error.getAttribute("role")).toBe("alert");
      expect(error.textContent).toContain("starting with https://");
      expect(calledWith(calls, "add_offers_service")).toHaveLength(0);
    });

    it("shows a refused refresh token (invalid_grant) in the dialog and keeps what was typed", async () => {
      const calls = mockBackend({
        list_shops: () => [shop],
        routing_rule: () => "paid",
        add_offers_service: () => {
          throw { code: "invalid_grant", message: "the refresh token is wrong, expired or was revoked" };
        },
      });
      render(ShopsView);
      await fireEvent.click(await screen.findByTestId("add-offers"));
      const dialog = await screen.findByTestId("offers-dialog");
      await fireEvent.input(within(dialog).getByTestId("offers-name"), { target: { value: "Precios" } });
      await fireEvent.input(within(dialog).getByTestId("offers-api-base"), { target: { value: "https://offers.example.com" } });
      await fireEvent.input(within(dialog).getByTestId("offers-token"), { target: { value: "bad" } });
      await fireEvent.click(within(dialog).getByTestId("offers-submit"));

      const error = await within(dialog).findByTestId("offers-error");
      expect(error.getAttribute("role")).toBe("alert");
      expect(error.textContent).toBe("The service refused the refresh token: the refresh token is wrong, expired or was revoked");
      expect(screen.getByTestId("offers-dialog")).toBe(dialog);
      expect((within(dialog).getByTestId("offers-name") as HTMLInputElement).value).toBe("Precios");
      expect((within(dialog).getByTestId("offers-api-base") as HTMLInputElement).value).toBe("https://offers.example.com");
      expect((within(dialog).getByTestId("offers-token") as HTMLInputElement).value).toBe("bad");
      expect(calledWith(calls, "add_offers_service").map((c) => c.args)).toEqual([
        { name: "Precios", apiBase: "https://offers.example.com", refreshToken: "bad" },
      ]);
      expect(screen.getAllByTestId("shop-row")).toHaveLength(1);
    });

    it("asks for a new refresh token when the service refused the saved one, never the browser Connect", async () => {
      let shops: Shop[] = [shop, offersShop({ status: "needs_reconnect" })];
      const calls = mockBackend({
        list_shops: () => shops,
        routing_rule: () => "paid",
        set_offers_token: (a) => {
          if (a.refreshToken === "bad") throw { code: "invalid_grant", message: "refused" };
          shops = [shop, offersShop()];
          return shops[1];
        },
      });
      render(ShopsView);
      await waitFor(() => expect(screen.getAllByTestId("shop-row")).toHaveLength(2));
      const row = () => screen.getAllByTestId("shop-row").find((r) => r.dataset.id === "12")!;
      expect(within(row()).queryByTestId("shop-connect")).toBeNull();
      await fireEvent.click(within(row()).getByTestId("offers-token-button"));
      const dialog = await screen.findByTestId("offers-token-dialog");
      expect(dialog.textContent).toContain("New refresh token for Precios Claros");
      const input = within(dialog).getByTestId("offers-token-input") as HTMLInputElement;
      expect(input.type).toBe("password");
      await fireEvent.input(input, { target: { value: "bad" } });
      await fireEvent.click(within(dialog).getByTestId("offers-token-submit"));
      expect((await within(dialog).findByTestId("offers-token-error")).textContent).toBe("The service refused the refresh token: refused");
      await fireEvent.input(input, { target: { value: " rt-new " } });
      await fireEvent.click(within(dialog).getByTestId("offers-token-submit"));
      await waitFor(() => expect(screen.queryByTestId("offers-token-dialog")).toBeNull());
      expect(calledWith(calls, "set_offers_token").map((c) => c.args)).toEqual([
        { shopId: 12, refreshToken: "bad" },
        { shopId: 12, refreshToken: "rt-new" },
      ]);
      await waitFor(() => expect(within(row()).queryByTestId("offers-token-button")).toBeNull());
    });
  });

  it("names a warehouse's API version and warns when its support is ending or over", async () => {
    const DAY = 86_400_000;
    const now = Date.now();
    let shops: Shop[] = [
      warehouseShop({ api_version: { version: "2026-07", supported_until: now + 40 * DAY, warn_from: now - 140 * DAY } }),
    ];
    mockBackend({ list_shops: () => shops });
    const { unmount } = render(ShopsView);
    const warning = await screen.findByTestId("shop-api-warning");
    expect(screen.getByTestId("shop-api-version").textContent).toBe(" · API 2026-07");
    expect(warning.textContent).toContain("ShipBob supports API 2026-07 until");
    expect(warning.textContent).toContain("update storedesk before then");
    unmount();

    shops = [shop, warehouseShop({ api_version: { version: "2026-07", supported_until: now - DAY, warn_from: now - 200 * DAY } })];
    render(ShopsView);
    expect((await screen.findByTestId("shop-api-warning")).textContent).toContain("no longer supports API 2026-07");
    // A store has no dated API: nothing is shown.
    expect(screen.queryAllByTestId("shop-api-version")).toHaveLength(1);
  });
});
