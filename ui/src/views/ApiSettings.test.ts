import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiKey } from "../bindings/ApiKey";
import type { ApiServerSettings } from "../bindings/ApiServerSettings";
import type { ApiServerStatus } from "../bindings/ApiServerStatus";
import type { Webhook } from "../bindings/Webhook";
import type { WebhookDelivery } from "../bindings/WebhookDelivery";
import {
  apiKey,
  apiServerOff,
  apiServerStatus,
  mockBackend,
  webhook,
  webhookDelivery,
  type Call,
  type Handler,
} from "../test/fixtures";
import ApiSettings from "./ApiSettings.svelte";
import SettingsView from "./SettingsView.svelte";

const argsOf = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const count = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).length;
const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({
    api_server_status: () => apiServerStatus(),
    list_api_keys: () => [],
    list_webhooks: () => [],
    ...extra,
  });
}

afterEach(() => {
  Reflect.deleteProperty(navigator, "clipboard");
});

describe("Settings → Local API: the switch", () => {
  it("is part of Settings", async () => {
    backend({ get_provider_app: () => null });
    render(SettingsView);
    const card = await screen.findByTestId("api-settings");
    expect(within(card).getByRole("heading", { level: 2 }).textContent).toBe("Local API");
    await waitFor(() => expect(screen.getByTestId("api-status").dataset.running).toBe("true"));
  });

  it("turns the API on with set_api_server and shows where it runs, with its reference", async () => {
    let status: ApiServerStatus = apiServerOff();
    const calls = backend({
      api_server_status: () => status,
      set_api_server: (a) => {
        const s = a.settings as ApiServerSettings;
        status = { settings: s, running: s.enabled, url: s.enabled ? `http://127.0.0.1:${s.port}` : null, error: null };
        return status;
      },
      open_url: () => null,
    });
    render(ApiSettings);
    await waitFor(() => expect(input("api-enabled").disabled).toBe(false));
    expect(input("api-enabled").checked).toBe(false);
    expect(input("api-port").value).toBe("8787");
    expect(input("api-metrics-open").checked).toBe(false);
    const statusLine = screen.getByTestId("api-status");
    expect(statusLine.dataset.running).toBe("false");
    expect(statusLine.textContent).toContain("Off");
    expect(screen.queryByTestId("api-url")).toBeNull();
    // Labels name the controls.
    expect(screen.getByLabelText("Serve the local API")).toBe(input("api-enabled"));
    expect(screen.getByLabelText("Port")).toBe(input("api-port"));
    expect(screen.getByLabelText("Allow /metrics without a key from this computer")).toBe(input("api-metrics-open"));

    await fireEvent.click(input("api-enabled"));
    await fireEvent.input(input("api-port"), { target: { value: "9000" } });
    await fireEvent.click(input("api-metrics-open"));
    expect(count(calls, "set_api_server")).toBe(0);
    await fireEvent.click(screen.getByTestId("api-save"));

    await waitFor(() => expect(argsOf(calls, "set_api_server")).toEqual([{ settings: { enabled: true, port: 9000, metrics_open: true } }]));
    await waitFor(() => expect(screen.getByTestId("api-status").dataset.running).toBe("true"));
    expect(screen.getByTestId("api-url").textContent).toBe("http://127.0.0.1:9000");
    expect(screen.getByTestId("api-saved").textContent).toBe("Saved");
    expect(screen.queryByTestId("api-error")).toBeNull();

    await fireEvent.click(screen.getByTestId("api-docs"));
    await waitFor(() => expect(argsOf(calls, "open_url")).toEqual([{ url: "http://127.0.0.1:9000/docs" }]));
  });

  it("says plainly that it serves only this computer, and how other machines are served", async () => {
    backend();
    render(ApiSettings);
    const note = screen.getByTestId("api-exposure");
    expect(note.textContent).toContain("only on this computer (127.0.0.1)");
    expect(note.textContent).toContain("storedesk-cli serve --allow-remote --tls-cert … --tls-key …");
    expect(note.textContent).toContain("anyone who can reach it can try keys");
  });

  it("shows why it is not running although it is enabled", async () => {
    backend({
      api_server_status: () =>
        apiServerStatus({ settings: { enabled: true, port: 8080, metrics_open: false }, running: false, url: null, error: "127.0.0.1:8080 is already in use" }),
    });
    render(ApiSettings);
    const error = await screen.findByTestId("api-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("Not running: 127.0.0.1:8080 is already in use");
    expect(screen.getByTestId("api-status").dataset.running).toBe("false");
    expect(screen.queryByTestId("api-url")).toBeNull();
    expect(screen.queryByTestId("api-docs")).toBeNull();
  });

  it("refuses a port outside 1024–65535 with a clear message", async () => {
    const calls = backend({ set_api_server: () => apiServerStatus() });
    render(ApiSettings);
    await waitFor(() => expect(input("api-enabled").disabled).toBe(false));
    expect(input("api-port").value).toBe("8787");
    const save = screen.getByTestId("api-save") as HTMLButtonElement;
    expect(save.disabled).toBe(false);
    expect(screen.queryByTestId("api-port-error")).toBeNull();

    for (const bad of ["80", "65536", "8787.5", ""]) {
      await fireEvent.input(input("api-port"), { target: { value: bad } });
      expect(screen.getByTestId("api-port-error").textContent, bad).toBe("Enter a whole number from 1024 to 65535.");
      expect(input("api-port").getAttribute("aria-invalid"), bad).toBe("true");
      expect(save.disabled, bad).toBe(true);
    }
    // Submitting anyway (Enter in a field) sends nothing.
    await fireEvent.submit(screen.getByTestId("api-server"));
    expect(count(calls, "set_api_server")).toBe(0);

    await fireEvent.input(input("api-port"), { target: { value: "1024" } });
    expect(screen.queryByTestId("api-port-error")).toBeNull();
    expect(input("api-port").getAttribute("aria-invalid")).toBe("false");
    expect(save.disabled).toBe(false);
  });

  it("keeps what was typed when saving is refused", async () => {
    backend({
      api_server_status: () => apiServerOff(),
      set_api_server: () => {
        throw { code: "invalid_input", message: "the settings could not be saved" };
      },
    });
    render(ApiSettings);
    await waitFor(() => expect(input("api-enabled").disabled).toBe(false));
    await fireEvent.click(input("api-enabled"));
    await fireEvent.input(input("api-port"), { target: { value: "9001" } });
    await fireEvent.click(screen.getByTestId("api-save"));
    const error = await screen.findByTestId("api-save-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("the settings could not be saved");
    expect(input("api-enabled").checked).toBe(true);
    expect(input("api-port").value).toBe("9001");
    expect(screen.queryByTestId("api-saved")).toBeNull();
    // The status still says what is saved.
    expect(screen.getByTestId("api-status").dataset.running).toBe("false");
  });
});

describe("Settings → Local API: keys", () => {
  const now = Date.now();
  const seeded = (): ApiKey[] => [
    apiKey(1, { name: "Stock script", role: "service", prefix: "sd_Qm8xT4p" }),
    apiKey(2, { name: "Grafana", role: "viewer", prefix: "sd_7hKd2Lw", last_used_at: null }),
    apiKey(3, { name: "Old laptop", role: "admin", prefix: "sd_Zr0bN1c", revoked_at: now - 86_400_000 }),
  ];

  it("lists the keys with their role, prefix, use and state; only live ones can be revoked", async () => {
    backend({ list_api_keys: () => seeded() });
    render(ApiSettings);
    await waitFor(() => expect(screen.getAllByTestId("key-row")).toHaveLength(3));
    const [stock, grafana, old] = screen.getAllByTestId("key-row");
    const cell = (row: HTMLElement, col: string) => row.querySelector(`[data-col="${col}"]`)?.textContent?.trim();
    expect(cell(stock, "name")).toBe("Stock script");
    expect(cell(stock, "role")).toBe("Service");
    expect(cell(stock, "prefix")).toBe("sd_Qm8xT4p…");
    expect(cell(stock, "last-used")).toBe("2 min ago");
    expect(cell(stock, "state")).toBe("Live");
    expect(cell(grafana, "last-used")).toBe("never");
    expect(cell(old, "state")).toBe("Revoked");
    expect(old.querySelector('[data-col="state"] .badge')?.getAttribute("title")).toMatch(/^Revoked \S/);
    expect(old.dataset.revoked).toBe("true");
    expect(within(stock).queryByTestId("revoke-key")).not.toBeNull();
    expect(within(old).queryByTestId("revoke-key")).toBeNull();
    expect(within(stock).getByTestId("revoke-key").getAttribute("aria-label")).toBe("Revoke the key Stock script");
  });

  it("creates a key: a name is needed, the secret is shown once, and the list reloads", async () => {
    let keys: ApiKey[] = [];
    const secret = "sd_kP3v9QxL0aZ8mW2yT6rB1nC4dE7fG5hJ0sU3iO9pA2";
    const calls = backend({
      list_api_keys: () => keys,
      create_api_key: (a) => {
        const key = apiKey(7, { name: a.name as string, role: a.role as ApiKey["role"], prefix: secret.slice(0, 10), last_used_at: null });
        keys = [key];
        return { key, secret };
      },
    });
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    render(ApiSettings);
    await screen.findByTestId("keys-empty");
    expect(count(calls, "list_api_keys")).toBe(1);

    await fireEvent.click(screen.getByTestId("create-key"));
    const dialog = await screen.findByTestId("key-dialog");
    const role = screen.getByTestId("key-role") as HTMLSelectElement;
    expect([...role.options].map((o) => o.value)).toEqual(["viewer", "staff", "service", "admin"]);
    expect([...role.options].map((o) => o.textContent)).toEqual([
      "Viewer — Reads products, orders, shipments and sync runs.",
      "Staff — Reads; edits listings, works the outbox, starts syncs.",
      "Service — Staff for machines, without the key list.",
      "Admin — Also manages keys, webhooks and settings.",
    ]);
    expect(screen.getByLabelText("Name")).toBe(input("key-name"));
    expect(screen.getByLabelText("Role")).toBe(role);

    // No name: a message, nothing sent.
    await fireEvent.input(input("key-name"), { target: { value: "   " } });
    await fireEvent.click(screen.getByTestId("key-create-submit"));
    expect(screen.getByTestId("key-name-error").textContent).toBe("Give the key a name.");
    expect(input("key-name").getAttribute("aria-invalid")).toBe("true");
    expect(count(calls, "create_api_key")).toBe(0);

    await fireEvent.input(input("key-name"), { target: { value: " Stock script " } });
    expect(screen.queryByTestId("key-name-error")).toBeNull();
    await fireEvent.change(role, { target: { value: "staff" } });
    expect(dialog.textContent).toContain("Reads; edits listings, works the outbox, starts syncs.");
    await fireEvent.click(screen.getByTestId("key-create-submit"));
    await waitFor(() => expect(argsOf(calls, "create_api_key")).toEqual([{ name: "Stock script", role: "staff" }]));

    const shown = (await screen.findByTestId("key-secret")) as HTMLInputElement;
    expect(shown.value).toBe(secret);
    expect(shown.readOnly).toBe(true);
    expect(screen.getByTestId("key-secret-warning").textContent).toContain("it will not be shown again");
    expect(dialog.querySelector("h2")?.textContent).toBe("Key “Stock script” created");
    // The list behind the dialog has the new key.
    await waitFor(() => expect(screen.getAllByTestId("key-row")).toHaveLength(1));
    expect(count(calls, "list_api_keys")).toBe(2);
    expect(screen.getByTestId("key-row").textContent).toContain("sd_kP3v9Qx…");
    expect(screen.getByTestId("key-row").textContent).not.toContain(secret);

    await fireEvent.click(screen.getByTestId("key-secret-copy"));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(secret));
    expect(await screen.findByText("Copied")).toBeTruthy();

    // Escape does not lose it by accident; Done does close it, and the secret is gone for good.
    await fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByTestId("key-secret")).not.toBeNull();
    await fireEvent.click(screen.getByTestId("key-done"));
    expect(screen.queryByTestId("key-dialog")).toBeNull();
    expect(document.body.textContent).not.toContain(secret);
    await fireEvent.click(screen.getByTestId("create-key"));
    expect(screen.queryByTestId("key-secret")).toBeNull();
    expect(input("key-name").value).toBe("");
  });

  it("selects the secret for copying by hand when there is no clipboard", async () => {
    backend({
      create_api_key: () => ({ key: apiKey(1), secret: "sd_secret" }),
    });
    render(ApiSettings);
    await fireEvent.click(screen.getByTestId("create-key"));
    await fireEvent.input(input("key-name"), { target: { value: "x" } });
    await fireEvent.click(screen.getByTestId("key-create-submit"));
    const shown = (await screen.findByTestId("key-secret")) as HTMLInputElement;
    await fireEvent.click(screen.getByTestId("key-secret-copy"));
    expect(await screen.findByText("Could not copy it: select the text and copy it.")).toBeTruthy();
    expect(document.activeElement).toBe(shown);
    expect([shown.selectionStart, shown.selectionEnd]).toEqual([0, "sd_secret".length]);
  });

  it("keeps the name and role when the backend refuses the key", async () => {
    backend({
      create_api_key: () => {
        throw { code: "database", message: "disk full" };
      },
    });
    render(ApiSettings);
    await fireEvent.click(screen.getByTestId("create-key"));
    await fireEvent.input(input("key-name"), { target: { value: "Exporter" } });
    await fireEvent.change(screen.getByTestId("key-role"), { target: { value: "admin" } });
    await fireEvent.click(screen.getByTestId("key-create-submit"));
    const error = await screen.findByTestId("key-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("disk full");
    expect(input("key-name").value).toBe("Exporter");
    expect((screen.getByTestId("key-role") as HTMLSelectElement).value).toBe("admin");
    expect(screen.queryByTestId("key-secret")).toBeNull();
  });

  it("revokes a key only after confirming, then reloads the list", async () => {
    let keys = seeded();
    const calls = backend({
      list_api_keys: () => keys,
      revoke_api_key: (a) => {
        keys = keys.map((k) => (k.id === a.id ? { ...k, revoked_at: Date.now() } : k));
        return keys.find((k) => k.id === a.id);
      },
    });
    render(ApiSettings);
    await waitFor(() => expect(screen.getAllByTestId("key-row")).toHaveLength(3));
    const grafana = () => screen.getAllByTestId("key-row").find((r) => r.dataset.id === "2")!;

    await fireEvent.click(within(grafana()).getByTestId("revoke-key"));
    expect((await screen.findByTestId("confirm")).textContent).toContain("Revoke the key “Grafana”?");
    await fireEvent.click(screen.getByTestId("confirm-cancel"));
    expect(screen.queryByTestId("confirm")).toBeNull();
    expect(count(calls, "revoke_api_key")).toBe(0);

    await fireEvent.click(within(grafana()).getByTestId("revoke-key"));
    await fireEvent.click(await screen.findByTestId("confirm-ok"));
    await waitFor(() => expect(argsOf(calls, "revoke_api_key")).toEqual([{ id: 2 }]));
    await waitFor(() => expect(grafana().dataset.revoked).toBe("true"));
    expect(within(grafana()).queryByTestId("revoke-key")).toBeNull();
    expect(screen.queryByTestId("confirm")).toBeNull();
    expect(count(calls, "list_api_keys")).toBe(2);
  });
});

describe("Settings → Local API: webhooks", () => {
  it("checks the URL and the events before sending, then shows the signing secret once", async () => {
    let hooks: Webhook[] = [];
    const calls = backend({
      list_webhooks: () => hooks,
      add_webhook: (a) => {
        const w = webhook(4, { url: a.url as string, events: a.events as string[] });
        hooks = [w];
        return { webhook: w, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" };
      },
    });
    render(ApiSettings);
    await screen.findByTestId("webhooks-empty");
    await fireEvent.click(screen.getByTestId("add-webhook"));
    const dialog = await screen.findByTestId("webhook-dialog");
    expect(screen.getByLabelText("URL")).toBe(input("webhook-url"));
    const boxes = within(dialog).getAllByRole("checkbox");
    expect(boxes.map((b) => b.dataset.testid)).toEqual([
      "webhook-event-order.created",
      "webhook-event-order.changed",
      "webhook-event-fulfilment.changed",
      "webhook-event-product.changed",
      "webhook-event-product.low_stock",
      "webhook-event-edit.rejected",
      "webhook-event-sync.failed",
    ]);
    expect(input("webhook-event-product.low_stock").closest("label")?.textContent).toContain("A listing fell to the low-stock threshold.");

    // Nothing typed: both messages, nothing sent.
    await fireEvent.click(screen.getByTestId("webhook-submit"));
    expect(screen.getByTestId("webhook-url-error").textContent).toBe("Enter an address that starts with http:// or https://.");
    expect(screen.getByTestId("webhook-events-error").textContent).toBe("Choose at least one event.");
    expect(input("webhook-url").getAttribute("aria-invalid")).toBe("true");

    await fireEvent.input(input("webhook-url"), { target: { value: "ftp://hooks.example.com/in" } });
    await fireEvent.click(input("webhook-event-sync.failed"));
    await fireEvent.click(screen.getByTestId("webhook-submit"));
    expect(screen.getByTestId("webhook-url-error")).toBeTruthy();
    expect(screen.queryByTestId("webhook-events-error")).toBeNull();
    expect(count(calls, "add_webhook")).toBe(0);

    await fireEvent.input(input("webhook-url"), { target: { value: " https://hooks.example.com/in " } });
    await fireEvent.click(input("webhook-event-order.created"));
    await fireEvent.click(screen.getByTestId("webhook-submit"));
    await waitFor(() =>
      expect(argsOf(calls, "add_webhook")).toEqual([{ url: "https://hooks.example.com/in", events: ["order.created", "sync.failed"] }]),
    );

    const secret = (await screen.findByTestId("webhook-secret")) as HTMLInputElement;
    expect(secret.value).toBe("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    expect(secret.readOnly).toBe(true);
    expect(screen.getByTestId("webhook-secret-warning").textContent).toContain("it will not be shown again");
    const note = screen.getByTestId("webhook-signed-note").textContent ?? "";
    for (const word of ["Standard Webhooks", "webhook-id", "webhook-timestamp", "webhook-signature"]) expect(note).toContain(word);

    await waitFor(() => expect(screen.getAllByTestId("webhook-row")).toHaveLength(1));
    const row = screen.getByTestId("webhook-row");
    expect(row.querySelector('[data-col="url"]')?.textContent).toContain("https://hooks.example.com/in");
    expect(row.querySelector('[data-col="events"]')?.textContent).toContain("order.created");
    expect(row.querySelector('[data-col="events"]')?.textContent).toContain("sync.failed");

    await fireEvent.click(screen.getByTestId("webhook-done"));
    expect(screen.queryByTestId("webhook-secret")).toBeNull();
  });

  it("keeps the URL and the events when the backend refuses the webhook", async () => {
    backend({
      add_webhook: () => {
        throw { code: "invalid_input", message: "a webhook needs an http(s) URL" };
      },
    });
    render(ApiSettings);
    await fireEvent.click(screen.getByTestId("add-webhook"));
    await fireEvent.input(input("webhook-url"), { target: { value: "http://localhost:9000/hook" } });
    await fireEvent.click(input("webhook-event-edit.rejected"));
    await fireEvent.click(screen.getByTestId("webhook-submit"));
    const error = await screen.findByTestId("webhook-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("a webhook needs an http(s) URL");
    expect(input("webhook-url").value).toBe("http://localhost:9000/hook");
    expect(input("webhook-event-edit.rejected").checked).toBe(true);
    expect(input("webhook-event-order.created").checked).toBe(false);
  });

  it("removes a webhook only after confirming", async () => {
    let hooks = [webhook(1), webhook(2, { url: "https://erp.example.com/in" })];
    const calls = backend({
      list_webhooks: () => hooks,
      remove_webhook: (a) => {
        hooks = hooks.filter((h) => h.id !== a.id);
        return null;
      },
    });
    render(ApiSettings);
    await waitFor(() => expect(screen.getAllByTestId("webhook-row")).toHaveLength(2));
    const erp = screen.getAllByTestId("webhook-row").find((r) => r.dataset.id === "2")!;
    await fireEvent.click(within(erp).getByTestId("remove-webhook"));
    expect((await screen.findByTestId("confirm")).textContent).toContain("Nothing more is sent to https://erp.example.com/in");
    await fireEvent.click(screen.getByTestId("confirm-cancel"));
    expect(count(calls, "remove_webhook")).toBe(0);

    await fireEvent.click(within(erp).getByTestId("remove-webhook"));
    await fireEvent.click(await screen.findByTestId("confirm-ok"));
    await waitFor(() => expect(argsOf(calls, "remove_webhook")).toEqual([{ id: 2 }]));
    await waitFor(() => expect(screen.getAllByTestId("webhook-row").map((r) => r.dataset.id)).toEqual(["1"]));
  });

  it("lists a webhook's deliveries in every status and redelivers one", async () => {
    const now = Date.now();
    let deliveries: WebhookDelivery[] = [
      webhookDelivery(9, { status: "pending", attempts: 3, last_status: 503, last_response: "<h1>503 Service Unavailable</h1>", next_attempt_at: now + 150_000, delivered_at: null }),
      webhookDelivery(8, { event: "order.changed", entity: "order:4" }),
      webhookDelivery(6, { event: "sync.failed", entity: "sync_run:497", status: "failed", attempts: 12, last_status: 500, last_response: '{"error":"Internal Server Error"}', delivered_at: null }),
    ];
    const calls = backend({
      list_webhooks: () => [webhook(1), webhook(2)],
      webhook_deliveries: (a) => deliveries.filter((d) => d.webhook_id === a.webhookId),
      redeliver_webhook: (a) => {
        deliveries = deliveries.map((d) => (d.id === a.id ? { ...d, status: "pending", next_attempt_at: Date.now(), delivered_at: null } : d));
        return deliveries.find((d) => d.id === a.id);
      },
    });
    render(ApiSettings);
    await waitFor(() => expect(screen.getAllByTestId("webhook-row")).toHaveLength(2));
    await fireEvent.click(within(screen.getAllByTestId("webhook-row")[0]).getByTestId("webhook-deliveries"));
    const dialog = await screen.findByTestId("deliveries-dialog");
    await waitFor(() => expect(within(dialog).getAllByTestId("delivery-row")).toHaveLength(3));
    expect(argsOf(calls, "webhook_deliveries")).toEqual([{ webhookId: 1, limit: 50 }]);

    const rows = within(dialog).getAllByTestId("delivery-row");
    expect(rows.map((r) => r.dataset.status)).toEqual(["pending", "delivered", "failed"]);
    const cell = (row: HTMLElement, col: string) => row.querySelector(`[data-col="${col}"]`)?.textContent?.replace(/\s+/g, " ").trim();
    expect(cell(rows[0], "status")).toBe("Pending");
    expect(cell(rows[0], "attempts")).toBe("3");
    expect(cell(rows[0], "answer")).toBe("HTTP 503 <h1>503 Service Unavailable</h1>");
    expect(cell(rows[0], "times")).toContain("Next attempt in 2 min");
    expect(cell(rows[1], "event")).toBe("order.changed");
    expect(cell(rows[1], "entity")).toBe("order:4");
    expect(cell(rows[1], "status")).toBe("Delivered");
    expect(cell(rows[1], "times")).toContain("Delivered ");
    expect(cell(rows[1], "times")).not.toContain("Next attempt");
    expect(cell(rows[2], "status")).toBe("Failed");
    expect(rows[2].querySelector(".badge.st-failed")).not.toBeNull();
    expect(cell(rows[2], "answer")).toBe('HTTP 500 {"error":"Internal Server Error"}');
    expect(rows.every((r) => within(r).queryByTestId("redeliver") !== null)).toBe(true);

    await fireEvent.click(within(rows[2]).getByTestId("redeliver"));
    await waitFor(() => expect(argsOf(calls, "redeliver_webhook")).toEqual([{ id: 6 }]));
    await waitFor(() =>
      expect(within(dialog).getAllByTestId("delivery-row").find((r) => r.dataset.id === "6")?.dataset.status).toBe("pending"),
    );
    expect((await within(dialog).findByTestId("redelivered")).textContent).toBe("Delivery 6 will be sent again.");
    await waitFor(() => expect(count(calls, "webhook_deliveries")).toBe(2));

    await fireEvent.click(within(dialog).getByText("Close"));
    expect(screen.queryByTestId("deliveries-dialog")).toBeNull();
  });

  it("shows a refused redelivery next to its delivery", async () => {
    backend({
      list_webhooks: () => [webhook(1)],
      webhook_deliveries: () => [webhookDelivery(3, { status: "failed", delivered_at: null })],
      redeliver_webhook: () => {
        throw { code: "not_found", message: "delivery 3" };
      },
    });
    render(ApiSettings);
    await fireEvent.click(await screen.findByTestId("webhook-deliveries"));
    await fireEvent.click(await screen.findByTestId("redeliver"));
    const error = await screen.findByTestId("redeliver-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("delivery 3");
    expect(screen.getByTestId("delivery-row").dataset.status).toBe("failed");
  });
});
