import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setLang } from "../lib/i18n";
import { syncProgress } from "../test/fixtures";
import SyncProgressBar from "./SyncProgressBar.svelte";

afterEach(() => setLang("en"));

describe("SyncProgressBar", () => {
  it("is determinate when the total is known", () => {
    render(SyncProgressBar, { progress: syncProgress({ records: 1234, total: 20_000 }), shopName: "Tienda Norte" });
    const box = screen.getByTestId("sync-progress");
    expect(box.dataset.resource).toBe("orders");
    expect(box.textContent).toContain("Tienda Norte · Orders");
    expect(screen.getByTestId("sync-progress-count").textContent).toBe("1,234 of 20,000 records");
    const bar = screen.getByRole("progressbar") as HTMLProgressElement;
    expect(bar.getAttribute("value")).toBe("1234");
    expect(bar.getAttribute("max")).toBe("20000");
    expect(bar.getAttribute("aria-label")).toBe("Tienda Norte · Orders");
  });

  it("is indeterminate without a total", () => {
    render(SyncProgressBar, { progress: syncProgress({ resource: "products", records: 1234, total: null }), shopName: "Casa Sur" });
    expect(screen.getByTestId("sync-progress").textContent).toContain("Casa Sur · Products");
    expect(screen.getByTestId("sync-progress-count").textContent).toBe("1,234 records");
    const bar = screen.getByRole("progressbar");
    expect(bar.hasAttribute("value")).toBe(false);
  });

  it("speaks Spanish, with plurals", () => {
    setLang("es");
    const { unmount } = render(SyncProgressBar, { progress: syncProgress({ records: 1234, total: 20_000 }), shopName: "Tienda Norte" });
    expect(screen.getByTestId("sync-progress-count").textContent).toBe("1.234 de 20.000 registros");
    unmount();
    render(SyncProgressBar, { progress: syncProgress({ resource: "shipments", records: 1, total: null }), shopName: "" });
    expect(screen.getByTestId("sync-progress").textContent).toContain("Tienda 1 · Envíos");
    expect(screen.getByTestId("sync-progress-count").textContent).toBe("1 registro");
  });
});
