import { describe, expect, it } from "vitest";
import { metricsSamples } from "../test/fixtures";
import { dictionaries, LANGS } from "./i18n";
import { metricCharts } from "./metrics";
import { API_ROLES, isApiRole, isHttpUrl, isWebhookEvent, parsePort, snippet, WEBHOOK_EVENTS } from "./localapi";

describe("the local API's inputs", () => {
  it("reads a port from 1024 to 65535 only", () => {
    expect(parsePort("8787")).toBe(8787);
    expect(parsePort(" 1024 ")).toBe(1024);
    expect(parsePort("65535")).toBe(65535);
    for (const bad of ["", "80", "1023", "65536", "99999", "8787.5", "-1", "8o80", "1e4", "123456"]) {
      expect(parsePort(bad), bad).toBeNull();
    }
  });

  it("accepts only http(s) addresses with a host for a webhook", () => {
    expect(isHttpUrl("https://hooks.example.com/x")).toBe(true);
    expect(isHttpUrl(" http://127.0.0.1:9000/hook ")).toBe(true);
    for (const bad of ["", "hooks.example.com", "ftp://x.example", "javascript:alert(1)", "https://", "http//x.example", "file:///etc/passwd"]) {
      expect(isHttpUrl(bad), bad).toBe(false);
    }
  });

  it("knows the roles and events of docs/ipc.md", () => {
    expect([...API_ROLES]).toEqual(["viewer", "staff", "service", "admin"]);
    expect(isApiRole("admin")).toBe(true);
    expect(isApiRole("owner")).toBe(false);
    expect(WEBHOOK_EVENTS).toHaveLength(7);
    expect(isWebhookEvent("product.low_stock")).toBe(true);
    expect(isWebhookEvent("order.deleted")).toBe(false);
  });

  it("shortens a receiver's answer to one line", () => {
    expect(snippet(null)).toBeNull();
    expect(snippet("  \n ")).toBeNull();
    expect(snippet("<h1>503</h1>\n  busy")).toBe("<h1>503</h1> busy");
    const long = snippet("x".repeat(500), 20)!;
    expect(long).toHaveLength(20);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("the local API's words", () => {
  it("has a label for every role, event, delivery status and chart, in every language", () => {
    const charts = metricCharts(metricsSamples(2));
    const keys = [
      ...API_ROLES.flatMap((r) => [`apiKeys.role.${r}`, `apiKeys.roleHint.${r}`]),
      ...WEBHOOK_EVENTS.map((ev) => `webhooks.event.${ev}`),
      ...["pending", "delivered", "failed"].map((st) => `deliveries.status.${st}`),
      ...charts.map((c) => `metrics.chart.${c.metric}`),
      ...charts.flatMap((c) => c.series.map((s) => `metrics.series.${s.key}`)),
      ...charts.filter((c) => c.unit !== "seconds").map((c) => `metrics.unit.${c.unit}`),
      ...["s", "min", "h"].map((u) => `metrics.unit.${u}`),
    ];
    expect(keys.length).toBeGreaterThan(30);
    for (const l of LANGS) {
      for (const k of keys) expect(k in dictionaries[l], `${l} ${k}`).toBe(true);
    }
  });
});
