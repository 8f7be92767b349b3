// Dev-only: the demo backend's local API (Settings → Local API) and metrics (Activity → Metrics), in
// memory, behaving like crates/app: a server running at http://127.0.0.1:8787 (port 8080 is "taken", a
// port under 1024 is refused), two live keys and a revoked one, a webhook whose deliveries are in every
// status (a redelivery goes through 2 s later), and an hour of metrics samples, one every 10 s, generated
// from the clock (`&juststarted`: the process just started, one sample). Never part of the build.
import type { ApiKey } from "../bindings/ApiKey";
import type { ApiRole } from "../bindings/ApiRole";
import type { ApiServerSettings } from "../bindings/ApiServerSettings";
import type { ApiServerStatus } from "../bindings/ApiServerStatus";
import type { CreatedApiKey } from "../bindings/CreatedApiKey";
import type { CreatedWebhook } from "../bindings/CreatedWebhook";
import type { MetricsSample } from "../bindings/MetricsSample";
import type { Webhook } from "../bindings/Webhook";
import type { WebhookDelivery } from "../bindings/WebhookDelivery";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEP = 10_000;
const EVENTS = ["order.created", "order.changed", "fulfilment.changed", "product.changed", "product.low_stock", "edit.rejected", "sync.failed"];
const ROLES: ApiRole[] = ["viewer", "staff", "service", "admin"];
const invalid = (message: string) => ({ code: "invalid_input", message });
const notFound = (message: string) => ({ code: "not_found", message });

/** Random bytes as base64 (url-safe without padding when asked), like the backend's secrets. */
function randomBase64(bytes: number, urlSafe: boolean): string {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  const s = btoa(String.fromCharCode(...b));
  return urlSafe ? s.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "") : s;
}

/** A number in [0, 1) from an integer (the same demo every time). */
function hash01(n: number): number {
  let t = (n * 0x9e3779b1) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function createApiSim(now: number, search: string) {
  // ---------------------------------------------------------------- the server switch
  let settings: ApiServerSettings = { enabled: true, port: 8787, metrics_open: false };
  function status(): ApiServerStatus {
    if (!settings.enabled) return { settings: { ...settings }, running: false, url: null, error: null };
    if (settings.port === 8080) {
      return { settings: { ...settings }, running: false, url: null, error: "127.0.0.1:8080 is already in use: another program listens there. Choose another port." };
    }
    return { settings: { ...settings }, running: true, url: `http://127.0.0.1:${settings.port}`, error: null };
  }
  function setServer(s: ApiServerSettings): ApiServerStatus {
    if (!Number.isInteger(s.port) || s.port < 1024 || s.port > 65535) throw invalid(`port ${s.port}: choose one from 1024 to 65535`);
    settings = { enabled: !!s.enabled, port: s.port, metrics_open: !!s.metrics_open };
    return status();
  }

  // ---------------------------------------------------------------- keys
  const keys: ApiKey[] = [
    { id: 1, name: "Stock sync script", role: "service", prefix: "sd_Qm8xT4p", created_at: now - 20 * DAY, last_used_at: now - 2 * MIN, revoked_at: null },
    { id: 2, name: "Grafana dashboard", role: "viewer", prefix: "sd_7hKd2Lw", created_at: now - 5 * DAY, last_used_at: now - HOUR, revoked_at: null },
    { id: 3, name: "Old laptop", role: "admin", prefix: "sd_Zr0bN1c", created_at: now - 90 * DAY, last_used_at: now - 31 * DAY, revoked_at: now - 30 * DAY },
  ];
  const listKeys = () => [...keys].sort((a, b) => Number(a.revoked_at !== null) - Number(b.revoked_at !== null) || a.id - b.id).map((k) => ({ ...k }));
  function createKey(name: string, role: string): CreatedApiKey {
    if (name.trim() === "") throw invalid("a key needs a name");
    if (!ROLES.includes(role as ApiRole)) throw invalid(`unknown role: ${role}`);
    const secret = `sd_${randomBase64(32, true)}`;
    const key: ApiKey = { id: Math.max(0, ...keys.map((k) => k.id)) + 1, name: name.trim(), role: role as ApiRole, prefix: secret.slice(0, 10), created_at: Date.now(), last_used_at: null, revoked_at: null };
    keys.push(key);
    return { key: { ...key }, secret };
  }
  function revokeKey(id: number): ApiKey {
    const k = keys.find((x) => x.id === id);
    if (!k) throw notFound(`API key ${id}`);
    k.revoked_at ??= Date.now();
    return { ...k };
  }

  // ---------------------------------------------------------------- webhooks
  const hooks: Webhook[] = [
    { id: 1, url: "https://hooks.example.com/storedesk", events: ["order.created", "order.changed", "fulfilment.changed", "sync.failed"], active: true, created_at: now - 9 * DAY },
  ];
  const payload = (event: string, entity: string, at: number) => {
    const [kind, id] = entity.split(":");
    return JSON.stringify({ type: event, timestamp: new Date(at).toISOString(), data: { [`${kind}_id`]: Number(id) } });
  };
  const delivery = (id: number, event: string, entity: string, over: Partial<WebhookDelivery>): WebhookDelivery => {
    const created_at = over.created_at ?? now - id * 7 * MIN;
    return {
      id, webhook_id: 1, event, entity, payload: payload(event, entity, created_at), status: "delivered", attempts: 1,
      next_attempt_at: created_at, last_status: 200, last_response: '{"ok":true}', created_at, delivered_at: created_at + 180, ...over,
    };
  };
  const deliveries: WebhookDelivery[] = [
    delivery(9, "order.created", "order:1", { created_at: now - 40_000, status: "pending", attempts: 3, last_status: 503, last_response: "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>", next_attempt_at: now + 2 * MIN, delivered_at: null }),
    delivery(8, "order.changed", "order:4", { created_at: now - 4 * MIN }),
    delivery(7, "fulfilment.changed", "order:8", { created_at: now - 9 * MIN, attempts: 2, delivered_at: now - 8 * MIN }),
    delivery(6, "sync.failed", "sync_run:497", { created_at: now - 3 * HOUR, status: "failed", attempts: 12, last_status: 500, last_response: '{"error":"Internal Server Error","detail":"KeyError: \'shop_name\' in handler storedesk_hook (line 42)"}', next_attempt_at: now - 3 * HOUR + DAY, delivered_at: null }),
    delivery(5, "order.created", "order:12", { created_at: now - 5 * HOUR, status: "failed", attempts: 12, last_status: null, last_response: "connection refused (hooks.example.com:443)", delivered_at: null }),
    delivery(4, "order.created", "order:13", { created_at: now - 6 * HOUR }),
    delivery(3, "order.changed", "order:13", { created_at: now - 6 * HOUR + 30_000 }),
  ];
  let nextDelivery = 10;
  function listDeliveries(webhookId: number | null, limit: number): WebhookDelivery[] {
    return deliveries
      .filter((d) => webhookId === null || d.webhook_id === webhookId)
      .sort((a, b) => b.created_at - a.created_at || b.id - a.id)
      .slice(0, Math.max(1, Math.min(500, limit)))
      .map((d) => ({ ...d }));
  }
  function redeliver(id: number): WebhookDelivery {
    const d = deliveries.find((x) => x.id === id);
    if (!d) throw notFound(`delivery ${id}`);
    const at = Date.now();
    Object.assign(d, { status: "pending", next_attempt_at: at, created_at: at, delivered_at: null });
    // The deliverer sends it a moment later, and the receiver takes it this time.
    setTimeout(() => {
      if (d.status !== "pending") return;
      Object.assign(d, { status: "delivered", attempts: d.attempts + 1, last_status: 200, last_response: '{"ok":true}', delivered_at: Date.now() });
    }, 2000);
    return { ...d };
  }
  function addWebhook(url: string, events: string[]): CreatedWebhook {
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      throw invalid(`not a URL (relative URL without a base): ${url}`);
    }
    if (!["http:", "https:"].includes(parsed.protocol) || parsed.hostname === "") throw invalid(`a webhook needs an http(s) URL: ${url}`);
    const unknown = events.filter((e) => !EVENTS.includes(e));
    if (unknown.length > 0) throw invalid(`unknown event: ${unknown[0]}`);
    if (events.length === 0) throw invalid("a webhook needs at least one event");
    const hook: Webhook = { id: Math.max(0, ...hooks.map((h) => h.id)) + 1, url: parsed.href, events: [...events], active: true, created_at: Date.now() };
    hooks.push(hook);
    // Its first delivery, a test of the new subscription.
    deliveries.push({ ...delivery(nextDelivery++, events[0], "order:1", { created_at: Date.now(), status: "pending", attempts: 0, last_status: null, last_response: null, delivered_at: null }), webhook_id: hook.id });
    return { webhook: { ...hook }, secret: `whsec_${randomBase64(24, false)}` };
  }
  function removeWebhook(id: number): null {
    const at = hooks.findIndex((h) => h.id === id);
    if (at < 0) throw notFound(`webhook ${id}`);
    hooks.splice(at, 1);
    for (let i = deliveries.length - 1; i >= 0; i--) if (deliveries[i].webhook_id === id) deliveries.splice(i, 1);
    return null;
  }

  // ---------------------------------------------------------------- metrics
  // The process started three hours before the demo (`&juststarted`: just now). Each 10 s bucket adds
  // what happened in it; the totals are kept as they are computed.
  const JUST_STARTED = search.includes("juststarted");
  const start = Math.floor((now - (JUST_STARTED ? 5_000 : 3 * HOUR)) / STEP) * STEP;
  const zero: MetricsSample = {
    at: start, provider_requests: 0, provider_errors: 0, provider_rate_limited: 0, provider_retries: 0, provider_seconds_sum: 0,
    provider_seconds_count: 0, ttfb_seconds_sum: 0, ttfb_seconds_count: 0, sync_records: 0, sync_jobs: 0, token_refreshes: 0,
    outbox_depth: 0, outbox_oldest_age_seconds: 0, api_requests: 0, webhook_attempts: 0,
  };
  const totals: MetricsSample[] = [zero];
  /** The bucket's own events: a sync every 2 min, a stretch of 429s 25 to 20 min before the demo began. */
  function bucket(k: number, prev: MetricsSample): MetricsSample {
    const at = start + k * STEP;
    const r = (salt: number) => hash01(k * 31 + salt);
    const syncing = k % 12 < 3;
    const throttled = at > now - 25 * MIN && at < now - 20 * MIN;
    const requests = Math.round(r(1) * 3) + (syncing ? 8 + Math.round(r(2) * 10) : 0);
    const limited = throttled ? Math.min(requests, 1 + Math.round(r(3) * 3)) : r(3) < 0.02 ? 1 : 0;
    const errors = limited + (r(4) < 0.04 ? 1 : 0);
    const latency = throttled ? 0.7 + r(5) * 0.6 : 0.16 + r(5) * 0.22;
    const depth = Math.max(0, Math.round(2.5 + 3 * Math.sin(k / 24) + r(6) * 2));
    return {
      at,
      provider_requests: prev.provider_requests + requests,
      provider_errors: prev.provider_errors + errors,
      provider_rate_limited: prev.provider_rate_limited + limited,
      provider_retries: prev.provider_retries + limited + (errors > limited ? 1 : 0),
      provider_seconds_sum: prev.provider_seconds_sum + requests * latency,
      provider_seconds_count: prev.provider_seconds_count + requests,
      ttfb_seconds_sum: prev.ttfb_seconds_sum + requests * latency * 0.62,
      ttfb_seconds_count: prev.ttfb_seconds_count + requests,
      sync_records: prev.sync_records + (syncing ? 200 + Math.round(r(7) * 800) : Math.round(r(7) * 12)),
      sync_jobs: prev.sync_jobs + (k % 12 === 0 ? 1 : 0),
      token_refreshes: prev.token_refreshes + (k % 360 === 0 ? 1 : 0),
      outbox_depth: depth,
      outbox_oldest_age_seconds: depth === 0 ? 0 : 5 + (k % 30) * 10 + Math.round(r(8) * 8),
      api_requests: prev.api_requests + Math.round(r(9) * 4),
      webhook_attempts: prev.webhook_attempts + (r(10) < 0.2 ? 1 : 0),
    };
  }
  function history(): MetricsSample[] {
    const last = Math.floor((Date.now() - start) / STEP);
    while (totals.length <= last) totals.push(bucket(totals.length, totals[totals.length - 1]));
    const from = Math.max(0, last - Math.floor(HOUR / STEP) + 1);
    return totals.slice(from, last + 1).map((s) => ({ ...s }));
  }

  return {
    /** The answer to one of the local API's commands; undefined when the command is not one of them. */
    call(cmd: string, a: Record<string, unknown>): { value: unknown } | undefined {
      switch (cmd) {
        case "api_server_status":
          return { value: status() };
        case "set_api_server":
          return { value: setServer(a.settings as ApiServerSettings) };
        case "list_api_keys":
          return { value: listKeys() };
        case "create_api_key":
          return { value: createKey(String(a.name ?? ""), String(a.role ?? "")) };
        case "revoke_api_key":
          return { value: revokeKey(a.id as number) };
        case "list_webhooks":
          return { value: hooks.map((h) => ({ ...h, events: [...h.events] })) };
        case "add_webhook":
          return { value: addWebhook(String(a.url ?? ""), (a.events as string[]) ?? []) };
        case "remove_webhook":
          return { value: removeWebhook(a.id as number) };
        case "webhook_deliveries":
          return { value: listDeliveries((a.webhookId as number | null) ?? null, Number(a.limit) || 50) };
        case "redeliver_webhook":
          return { value: redeliver(a.id as number) };
        case "metrics_history":
          return { value: history() };
        default:
          return undefined;
      }
    },
  };
}
