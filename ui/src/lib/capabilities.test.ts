import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import type { Shop } from "../bindings/Shop";
import type { SyncResource } from "../bindings/SyncResource";
import {
  connectors,
  offersCapabilities,
  offersShop,
  salesChannelCapabilities,
  shop,
  warehouseCapabilities,
  warehouseShop,
} from "../test/fixtures";
import {
  connectorOf,
  FALLBACK_CONNECTORS,
  freshnessResources,
  hasRole,
  loadConnectors,
  salesChannelKinds,
  usesProviderApp,
} from "./capabilities";
import { isOffersService } from "./offers";
import { isStore, isWarehouse } from "./warehouse.svelte";

describe("what a shop is", () => {
  it("reads its roles from its capabilities, not its kind", () => {
    // A kind this UI knows as a store, declaring itself a warehouse: the declaration wins.
    const odd: Shop = { ...shop, capabilities: { ...warehouseCapabilities } };
    expect(isStore(odd)).toBe(false);
    expect(isWarehouse(odd)).toBe(true);
    const both: Shop = { ...warehouseShop(), capabilities: { ...warehouseCapabilities, roles: ["warehouse", "sales_channel"] } };
    expect(isStore(both) && isWarehouse(both)).toBe(true);
    expect(isOffersService(offersShop())).toBe(true);
    expect(isOffersService(shop)).toBe(false);
  });

  it("falls back to what each kind meant when the capabilities are not filled in", () => {
    const bare = (s: Shop): Shop => ({ ...s, capabilities: null });
    expect(isStore(bare(shop))).toBe(true);
    expect(isStore(bare({ ...shop, kind: "woocommerce" }))).toBe(true);
    expect(isWarehouse(bare(warehouseShop()))).toBe(true);
    expect(isStore(bare(warehouseShop()))).toBe(false);
    expect(hasRole(bare(offersShop()), "offers_source")).toBe(true);
  });
});

describe("the freshness lines", () => {
  const none = new Set<SyncResource>();
  it.each([
    ["a sales channel", salesChannelCapabilities, none, ["orders", "shipments", "products", "reconcile"]],
    ["a sales channel that pushed edits", salesChannelCapabilities, new Set<SyncResource>(["push"]), ["orders", "shipments", "products", "reconcile", "push"]],
    ["a warehouse", warehouseCapabilities, none, ["orders"]],
    ["a warehouse with a stray report", warehouseCapabilities, new Set<SyncResource>(["push", "products"]), ["orders"]],
    ["an offers service (synced on demand only)", offersCapabilities, none, ["offers"]],
    ["no capabilities (today's lines)", null, none, ["orders", "shipments", "products"]],
    ["no capabilities, with a full check reported", null, new Set<SyncResource>(["reconcile", "offers"]), ["orders", "shipments", "products", "reconcile", "offers"]],
  ] as const)("%s", (_, caps, reported, want) => {
    expect(freshnessResources(caps, reported)).toEqual(want);
  });
});

describe("the connectors (list_connectors)", () => {
  it("reads each kind's descriptor, and the kind's roles where it has no connector yet", () => {
    const list = connectors().map(connectorOf);
    expect(list.map((c) => [c.kind, c.available, c.auth, c.sites.length])).toEqual([
      ["mercadolibre", true, "oauth2_pkce", 7],
      ["shopify", false, null, 0],
      ["woocommerce", false, null, 0],
      ["warehouse", true, "token", 0],
      ["offers", true, "token", 0],
    ]);
    // The Add shop dialog's kinds: the sales channels, those without a connector too.
    expect(salesChannelKinds(list).map((c) => [c.kind, c.available])).toEqual([
      ["mercadolibre", true],
      ["shopify", false],
      ["woocommerce", false],
    ]);
    // Settings' provider apps: the kinds that connect through OAuth.
    expect(list.filter(usesProviderApp).map((c) => c.kind)).toEqual(["mercadolibre"]);
    const signed = connectorOf({ kind: "shopify", capabilities: { ...salesChannelCapabilities, auth: "oauth2_signed_callback" } });
    expect(usesProviderApp(signed)).toBe(true);
  });

  it("answers the fallback when the backend cannot, the same as today's answer", async () => {
    mockIPC(() => {
      throw "command list_connectors not found";
    });
    expect(await loadConnectors()).toBe(FALLBACK_CONNECTORS);
    // The fallback says what list_connectors says today.
    expect(FALLBACK_CONNECTORS).toEqual(connectors().map(connectorOf));
    mockIPC((cmd) => (cmd === "list_connectors" ? connectors() : null));
    expect(await loadConnectors()).toEqual(connectors().map(connectorOf));
  });
});
