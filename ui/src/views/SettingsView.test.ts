import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import SettingsView from "./SettingsView.svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "../App.svelte";
import type { KindCapabilities } from "../bindings/KindCapabilities";
import type { ProviderAppInput } from "../bindings/ProviderAppInput";
import type { SyncSettings } from "../bindings/SyncSettings";
import { connectors, mockBackend, productPage, productRow, salesChannelCapabilities, shop, syncSettings, type Call } from "../test/fixtures";
import { initSettings, resetSettingsForTests, settings } from "../lib/settings.svelte";
import { navigate } from "../lib/nav.svelte";

afterEach(() => {
  resetSettingsForTests();
  navigate("dashboard");
  delete document.documentElement.dataset.theme;
});

function ready() {
  mockBackend({
    startup_state: () => ({ state: "ready", data_dir: "/d" }),
    dashboard: () => ({ products: 0, orders: 0, shipments_open: 0, low_stock: 0, days: [], shops: [] }),
    list_shops: () => [],
  });
}

describe("Settings", () => {
  it("switching the language to Spanish changes the nav labels", async () => {
    ready();
    render(App);
    await fireEvent.click(await screen.findByTestId("nav-settings"));
    expect(screen.getByTestId("nav-products").textContent?.trim()).toBe("Products");
    expect(screen.getByTestId("page-title").textContent).toBe("Settings");

    const select = screen.getByTestId("setting-language") as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: "es" } });
    await waitFor(() => expect(screen.getByTestId("nav-products").textContent?.trim()).toBe("Productos"));
    expect(screen.getByTestId("nav-orders").textContent?.trim()).toBe("Pedidos");
    expect(screen.getByTestId("page-title").textContent).toBe("Ajustes");
    expect(document.documentElement.lang).toBe("es");

    await fireEvent.change(select, { target: { value: "en" } });
    await waitFor(() => expect(screen.getByTestId("nav-products").textContent?.trim()).toBe("Products"));
  });

  it("switching to Portuguese (Brazil) shows Portuguese in the views and Brazilian money", async () => {
    mockBackend({
      startup_state: () => ({ state: "ready", data_dir: "/d" }),
      dashboard: () => ({ products: 0, orders: 0, shipments_open: 0, low_stock: 0, days: [], shops: [] }),
      list_shops: () => [{ ...shop, name: "Loja Sul", site: "MLB" }],
      list_products: () =>
        productPage([productRow(1, { title: "Camiseta", shop_name: "Loja Sul", price: { minor: 123456, currency: "BRL" } })]),
      count_products: () => 1234,
    });
    render(App);
    await fireEvent.click(await screen.findByTestId("nav-settings"));
    const select = screen.getByTestId("setting-language") as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ["en", "English"],
      ["es", "Español"],
      ["pt", "Português (Brasil)"],
    ]);

    await fireEvent.change(select, { target: { value: "pt" } });
    await waitFor(() => expect(screen.getByTestId("page-title").textContent).toBe("Configurações"));
    expect(screen.getByTestId("nav-orders").textContent?.trim()).toBe("Pedidos");
    expect(screen.getByTestId("nav-shipments").textContent?.trim()).toBe("Envios");
    expect(screen.getByText("Idioma")).toBeTruthy();
    expect(select.value).toBe("pt");
    expect(settings.language).toBe("pt");
    expect(document.documentElement.lang).toBe("pt-BR");

    await fireEvent.click(screen.getByTestId("nav-products"));
    expect(screen.getByTestId("page-title").textContent).toBe("Produtos");
    await waitFor(() => expect(screen.getByTestId("row-count").textContent).toBe("1.234 produtos"));
    const row = screen.getByTestId("row");
    expect(row.textContent).toContain("Camiseta");
    // Intl separates "R$" with a no-break space.
    expect(row.textContent?.replace(/[\u00a0\u202f]/g, " ")).toContain("R$ 1.234,56");
    expect(row.textContent).toContain("Ativo");
  });

  it("accepts a saved Portuguese setting at start and ignores an unknown language", async () => {
    localStorage.setItem("storedesk.settings.language", JSON.stringify("pt"));
    await initSettings();
    expect(settings.language).toBe("pt");
    expect(document.documentElement.lang).toBe("pt-BR");

    resetSettingsForTests();
    localStorage.setItem("storedesk.settings.language", JSON.stringify("fr"));
    await initSettings();
    expect(settings.language).toBe("en");
  });

  it("applies the theme at once and keeps the settings for next time", async () => {
    ready();
    render(App);
    await fireEvent.click(await screen.findByTestId("nav-settings"));
    await fireEvent.change(screen.getByTestId("setting-theme"), { target: { value: "dark" } });
    expect(document.documentElement.dataset.theme).toBe("dark");
    await fireEvent.change(screen.getByTestId("setting-language"), { target: { value: "es" } });
    await fireEvent.input(screen.getByTestId("setting-low-stock"), { target: { value: "12" } });
    await waitFor(() => expect(settings.lowStockThreshold).toBe(12));

    // A fresh start reads them back (localStorage fallback: no store plugin in tests).
    resetSettingsForTests();
    expect(settings.language).toBe("en");
    await initSettings();
    expect(settings).toEqual({ theme: "dark", language: "es", lowStockThreshold: 12 });
  });

  it("saves the marketplace app and keeps the saved secret when the field is left empty", async () => {
    const calls = mockBackend({
      list_connectors: () => connectors(),
      get_provider_app: () => ({ kind: "mercadolibre", client_id: "old-id", has_secret: true, redirect_uri: null }),
      set_provider_app: (a) => {
        const input = a.input as { client_id: string; redirect_uri: string | null };
        return { kind: "mercadolibre", client_id: input.client_id, has_secret: true, redirect_uri: input.redirect_uri };
      },
    });
    render(SettingsView);
    const id = screen.getByTestId("app-client-id") as HTMLInputElement;
    await waitFor(() => expect(id.value).toBe("old-id"));
    const secret = screen.getByTestId("app-client-secret") as HTMLInputElement;
    expect(secret.type).toBe("password");
    expect(secret.value).toBe("");
    expect(secret.placeholder).toBe("•••• saved");

    await fireEvent.input(id, { target: { value: " 1234567890 " } });
    await fireEvent.input(screen.getByTestId("app-redirect-uri"), { target: { value: "https://example.com/cb" } });
    await fireEvent.click(screen.getByTestId("app-save"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "set_provider_app")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "set_provider_app")!.args).toEqual({
      input: { kind: "mercadolibre", client_id: "1234567890", client_secret: null, redirect_uri: "https://example.com/cb" },
    });
    expect((await screen.findByTestId("app-saved")).textContent).toBe("Saved");

    // A new secret is sent once and the field is emptied again; an empty redirect URI is null.
    await fireEvent.input(secret, { target: { value: "s3cret" } });
    await fireEvent.input(screen.getByTestId("app-redirect-uri"), { target: { value: "  " } });
    await fireEvent.click(screen.getByTestId("app-save"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "set_provider_app")).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === "set_provider_app")[1].args).toEqual({
      input: { kind: "mercadolibre", client_id: "1234567890", client_secret: "s3cret", redirect_uri: null },
    });
    await waitFor(() => expect(secret.value).toBe(""));
  });

  it("has a provider app form for each kind that connects through OAuth, and saves each under its kind", async () => {
    // Shopify with a connector (one day), signed in through its app; the warehouse and the offers
    // service connect with tokens: no app for them.
    const list: KindCapabilities[] = connectors().map((k) =>
      k.kind === "shopify" ? { ...k, capabilities: { ...salesChannelCapabilities, auth: "oauth2_signed_callback", sites: [] } } : k,
    );
    const calls = mockBackend({
      list_connectors: () => list,
      get_provider_app: (a) =>
        a.kind === "mercadolibre" ? { kind: "mercadolibre", client_id: "ml-id", has_secret: true, redirect_uri: null } : null,
      set_provider_app: (a) => {
        const input = a.input as ProviderAppInput;
        return { kind: input.kind, client_id: input.client_id, has_secret: true, redirect_uri: input.redirect_uri };
      },
    });
    render(SettingsView);
    const card = screen.getByTestId("provider-apps");
    await waitFor(() => expect(within(card).getAllByTestId("provider-app").map((f) => f.dataset.kind)).toEqual(["mercadolibre", "shopify"]));
    const [ml, shopify] = within(card).getAllByTestId("provider-app");
    expect(within(ml).getByRole("heading", { level: 3 }).textContent).toBe("Mercado Libre");
    expect(within(shopify).getByRole("heading", { level: 3 }).textContent).toBe("Shopify");
    await waitFor(() => expect((within(ml).getByTestId("app-client-id") as HTMLInputElement).value).toBe("ml-id"));
    const asked = (c: Call[]) => c.filter((x) => x.cmd === "get_provider_app").map((x) => x.args.kind).sort();
    expect(asked(calls)).toEqual(["mercadolibre", "shopify"]);
    // Each label names its own input (the ids are per kind).
    expect(within(shopify).getByLabelText("Client ID")).toBe(within(shopify).getByTestId("app-client-id"));

    await waitFor(() => expect((within(shopify).getByTestId("app-client-id") as HTMLInputElement).disabled).toBe(false));
    await fireEvent.input(within(shopify).getByTestId("app-client-id"), { target: { value: "shp-id" } });
    await fireEvent.input(within(shopify).getByTestId("app-client-secret"), { target: { value: "shp-secret" } });
    await fireEvent.click(within(shopify).getByTestId("app-save"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "set_provider_app")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "set_provider_app")!.args).toEqual({
      input: { kind: "shopify", client_id: "shp-id", client_secret: "shp-secret", redirect_uri: null },
    });
    await within(shopify).findByTestId("app-saved");
    expect(within(ml).queryByTestId("app-saved")).toBeNull();
  });

  it("shows no provider apps when no kind connects through OAuth", async () => {
    const calls = mockBackend({
      list_connectors: () => connectors().map((k) => (k.kind === "mercadolibre" ? { ...k, capabilities: null } : k)),
      get_provider_app: () => null,
    });
    render(SettingsView);
    await waitFor(() => expect(screen.queryByTestId("provider-apps")).toBeNull());
    expect(calls.filter((c) => c.cmd === "list_connectors")).toHaveLength(1);
  });

  it("shows the MercadoLibre app while list_connectors has not answered", async () => {
    mockBackend({
      list_connectors: () => new Promise(() => {}),
      get_provider_app: () => ({ kind: "mercadolibre", client_id: "ml-id", has_secret: false, redirect_uri: null }),
    });
    render(SettingsView);
    const form = screen.getByTestId("provider-app");
    expect(form.dataset.kind).toBe("mercadolibre");
    await waitFor(() => expect((within(form).getByTestId("app-client-id") as HTMLInputElement).value).toBe("ml-id"));
  });

  it("needs a client secret when none is saved yet", async () => {
    const calls = mockBackend({ get_provider_app: () => null });
    render(SettingsView);
    await waitFor(() => expect((screen.getByTestId("app-client-id") as HTMLInputElement).disabled).toBe(false));
    await fireEvent.input(screen.getByTestId("app-client-id"), { target: { value: "123" } });
    const save = screen.getByTestId("app-save") as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    expect((screen.getByTestId("app-client-secret") as HTMLInputElement).placeholder).toBe("");
    await fireEvent.input(screen.getByTestId("app-client-secret"), { target: { value: "x" } });
    expect(save.disabled).toBe(false);
    expect(calls.filter((c) => c.cmd === "set_provider_app")).toHaveLength(0);
  });

  it("saves the background sync settings and shows the values as saved (clamped)", async () => {
    let stored: SyncSettings = { ...syncSettings };
    const calls = mockBackend({
      get_provider_app: () => null,
      get_sync_settings: () => stored,
      set_sync_settings: (a) => {
        const s = a.settings as SyncSettings;
        const clamp = (n: number, hi: number) => Math.min(hi, Math.max(1, n));
        stored = {
          orders_minutes: clamp(s.orders_minutes, 1440),
          shipments_minutes: clamp(s.shipments_minutes, 1440),
          products_minutes: clamp(s.products_minutes, 1440),
          reconcile_hours: clamp(s.reconcile_hours, 720),
          offers_seconds: Math.min(86_400, Math.max(10, s.offers_seconds)),
          notify_new_orders: s.notify_new_orders,
        };
        return stored;
      },
    });
    render(SettingsView);
    const form = screen.getByTestId("sync-settings");
    expect(form.textContent).toContain("Background sync");
    const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;
    await waitFor(() => expect(field("sync-orders-minutes").value).toBe("2"));
    expect(field("sync-shipments-minutes").value).toBe("5");
    expect(field("sync-products-minutes").value).toBe("15");
    expect(field("sync-reconcile-hours").value).toBe("24");
    expect(field("sync-offers-seconds").value).toBe("60");
    expect(field("sync-notify").checked).toBe(false);
    expect(screen.getByLabelText("Offers refresh (seconds)")).toBe(field("sync-offers-seconds"));
    expect(screen.getByLabelText("Orders every (minutes)")).toBe(field("sync-orders-minutes"));

    // Not a whole number: no saving.
    await fireEvent.input(field("sync-orders-minutes"), { target: { value: "2.5" } });
    expect((screen.getByTestId("sync-save") as HTMLButtonElement).disabled).toBe(true);
    expect(field("sync-orders-minutes").getAttribute("aria-invalid")).toBe("true");

    await fireEvent.input(field("sync-orders-minutes"), { target: { value: "0" } });
    await fireEvent.input(field("sync-products-minutes"), { target: { value: "5000" } });
    await fireEvent.input(field("sync-reconcile-hours"), { target: { value: "12" } });
    await fireEvent.input(field("sync-offers-seconds"), { target: { value: "5" } });
    await fireEvent.click(field("sync-notify"));
    await fireEvent.click(screen.getByTestId("sync-save"));

    await waitFor(() => expect(calls.filter((c) => c.cmd === "set_sync_settings")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "set_sync_settings")!.args).toEqual({
      settings: { orders_minutes: 0, shipments_minutes: 5, products_minutes: 5000, reconcile_hours: 12, offers_seconds: 5, notify_new_orders: true },
    });
    const saved = await screen.findByTestId("sync-saved");
    expect(saved.textContent).toContain("Saved");
    expect(saved.textContent).toContain("Some values were out of range and were adjusted.");
    expect(field("sync-orders-minutes").value).toBe("1");
    expect(field("sync-products-minutes").value).toBe("1440");
    expect(field("sync-reconcile-hours").value).toBe("12");
    expect(field("sync-offers-seconds").value).toBe("10");
    expect(field("sync-notify").checked).toBe(true);

    // Editing again hides "Saved".
    await fireEvent.input(field("sync-orders-minutes"), { target: { value: "3" } });
    expect(screen.queryByTestId("sync-saved")).toBeNull();
  });

  it("shows a rejected sync settings save", async () => {
    mockBackend({
      get_provider_app: () => null,
      get_sync_settings: () => syncSettings,
      set_sync_settings: () => {
        throw { code: "database", message: "disk full" };
      },
    });
    render(SettingsView);
    await waitFor(() => expect((screen.getByTestId("sync-orders-minutes") as HTMLInputElement).value).toBe("2"));
    await fireEvent.click(screen.getByTestId("sync-save"));
    expect((await screen.findByTestId("sync-settings-error")).textContent).toContain("disk full");
  });
});
