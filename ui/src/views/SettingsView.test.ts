import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "../App.svelte";
import { mockBackend } from "../test/fixtures";
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
});
