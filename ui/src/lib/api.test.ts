import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import type { ConnectOutcome } from "../bindings/ConnectOutcome";
import { api, onConnectFinished, onShopsChanged } from "./api";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("events", () => {
  it("delivers connect-finished payloads until unlistened", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen: ConnectOutcome[] = [];
    const stop = onConnectFinished((o) => seen.push(o));
    const changed = vi.fn();
    const stopChanged = onShopsChanged(changed);
    await tick();
    const outcome: ConnectOutcome = { attempt_id: 1, shop_id: 2, shop: null, error: null };
    await emit("connect-finished", outcome);
    await emit("shops-changed");
    expect(seen).toEqual([outcome]);
    expect(changed).toHaveBeenCalledTimes(1);
    stop();
    stopChanged();
    await tick();
    await emit("connect-finished", outcome);
    await emit("shops-changed");
    expect(seen).toHaveLength(1);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it("does not throw without a Tauri runtime or without the event plugin", async () => {
    clearMocks();
    const saved = (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
    delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
    try {
      const stop = onConnectFinished(() => {});
      await tick();
      expect(() => stop()).not.toThrow();
    } finally {
      (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__ = saved;
    }
    // A backend that rejects the event plugin's commands (the dev demo backend).
    mockIPC(() => {
      throw { code: "unknown_command", message: "no" };
    });
    const stop = onShopsChanged(() => {});
    await tick();
    expect(() => stop()).not.toThrow();
  });
});

describe("connect commands", () => {
  it("sends the argument names of docs/ipc.md", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    await api.getProviderApp("mercadolibre");
    await api.connectShop(3);
    await api.finishConnect(4, "code");
    await api.cancelConnect(4);
    await api.disconnectShop(3);
    await api.removeShop(3);
    await api.startDemo();
    await api.openUrl("https://x.invalid");
    expect(calls).toEqual([
      ["get_provider_app", { kind: "mercadolibre" }],
      ["connect_shop", { shopId: 3 }],
      ["finish_connect", { attemptId: 4, pasted: "code" }],
      ["cancel_connect", { attemptId: 4 }],
      ["disconnect_shop", { shopId: 3 }],
      ["remove_shop", { shopId: 3 }],
      ["start_demo", {}],
      ["open_url", { url: "https://x.invalid" }],
    ]);
  });
});
