import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { MetricsSample } from "../bindings/MetricsSample";
import { activityNav } from "../lib/nav.svelte";
import { flush, metricsSample, metricsSamples, mockBackend, shop, syncOverview, type Call } from "../test/fixtures";
import ActivityView from "./ActivityView.svelte";
import MetricsPanel from "./MetricsPanel.svelte";

const count = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).length;
const chart = (metric: string) => screen.getAllByTestId("metrics-chart").find((c) => c.dataset.metric === metric)!;
const figure = (metric: string, series: string) =>
  within(chart(metric))
    .getAllByTestId("metrics-latest")
    .find((f) => f.dataset.series === series)
    ?.querySelector("strong")?.textContent;

function setVisibility(state: "visible" | "hidden") {
  Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}

afterEach(() => {
  Reflect.deleteProperty(document, "visibilityState");
  activityNav.tab = "runs";
});

describe("Activity → Metrics", () => {
  it("is a tab of the Activity view", async () => {
    const calls = mockBackend({
      list_shops: () => [shop],
      sync_overview: () => syncOverview(),
      list_sync_runs: () => ({ rows: [], next_cursor: null }),
      outbox_counts: () => ({ waiting: 0, rejected: 0, conflict: 0 }),
      metrics_history: () => metricsSamples(6),
    });
    render(ActivityView);
    const tab = await screen.findByTestId("metrics-tab");
    expect(tab.textContent?.trim()).toBe("Metrics");
    expect(tab.getAttribute("role")).toBe("tab");
    expect(screen.queryByTestId("metrics-panel")).toBeNull();
    expect(count(calls, "metrics_history")).toBe(0);

    await fireEvent.click(tab);
    expect(tab.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("activity-tab-metrics");
    expect(await screen.findByTestId("metrics-panel")).toBeTruthy();
    await waitFor(() => expect(screen.getAllByTestId("metrics-chart")).toHaveLength(6));
    expect(count(calls, "metrics_history")).toBe(1);
  });

  it("draws a chart per figure from the samples, with the latest value beside the title and axis labels", async () => {
    mockBackend({ metrics_history: () => metricsSamples(7) });
    render(MetricsPanel);
    await waitFor(() => expect(screen.getAllByTestId("metrics-chart")).toHaveLength(6));
    expect(screen.getAllByTestId("metrics-chart").map((c) => c.dataset.metric)).toEqual([
      "provider_requests",
      "provider_errors",
      "provider_latency",
      "sync_records",
      "outbox_depth",
      "outbox_age",
    ]);
    expect(chart("provider_requests").querySelector("h3")?.textContent).toBe("Requests to the shops");
    expect(figure("provider_requests", "requests")).toBe("30/min");
    expect(figure("provider_errors", "errors")).toBe("6/min");
    // Samples 5 → 6: the 429s total goes from 2 to 3 (one in 10 s).
    expect(figure("provider_errors", "rate_limited")).toBe("6/min");
    expect(figure("provider_latency", "latency")).toBe("200 ms");
    expect(figure("provider_latency", "ttfb")).toBe("80 ms");
    expect(figure("sync_records", "records")).toBe("180/min");
    expect(figure("outbox_depth", "depth")).toBe("3");
    expect(figure("outbox_age", "age")).toBe("45 s");
    // Two lines: each named beside its figure.
    expect(chart("provider_latency").textContent).toContain("Mean time to first byte");

    for (const c of screen.getAllByTestId("metrics-chart")) {
      expect(c.dataset.empty, c.dataset.metric).toBe("false");
      const lines = within(c).getAllByTestId("metrics-line");
      for (const l of lines) expect(l.getAttribute("d"), c.dataset.metric).toMatch(/^M[\d.]+,[\d.]+h0(L[\d.]+,[\d.]+)+$/);
      expect(within(c).getAllByTestId("metrics-value-tick").length, c.dataset.metric).toBeGreaterThanOrEqual(2);
      expect(within(c).getAllByTestId("metrics-time-tick").length, c.dataset.metric).toBeGreaterThanOrEqual(1);
      expect(within(c).getByRole("img").getAttribute("aria-label"), c.dataset.metric).toContain("over the last hour");
    }
    expect(within(chart("provider_requests")).getAllByTestId("metrics-value-tick").map((t) => t.textContent)).toEqual(["0", "20", "40"]);
    expect(within(chart("provider_requests")).getByTestId("metrics-unit").textContent).toBe("per min");
    expect(within(chart("provider_latency")).getByTestId("metrics-unit").textContent).toBe("ms");
    expect(within(chart("provider_latency")).getAllByTestId("metrics-line").map((l) => l.dataset.series)).toEqual(["latency", "ttfb"]);
    expect(within(chart("outbox_age")).getByTestId("metrics-unit").textContent).toBe("s");
    expect(screen.queryByTestId("metrics-empty")).toBeNull();
  });

  it("reads an old outbox age in minutes and shows a counter reset as a restart, not a drop", async () => {
    const s = [
      metricsSample(0, { provider_requests: 500, outbox_oldest_age_seconds: 600, outbox_depth: 2 }),
      metricsSample(10_000, { provider_requests: 510, outbox_oldest_age_seconds: 610, outbox_depth: 2 }),
      metricsSample(20_000, { provider_requests: 3, outbox_oldest_age_seconds: 620, outbox_depth: 2 }),
    ];
    mockBackend({ metrics_history: () => s });
    render(MetricsPanel);
    await waitFor(() => expect(screen.getAllByTestId("metrics-chart")).toHaveLength(6));
    expect(figure("provider_requests", "requests")).toBe("18/min");
    expect(within(chart("provider_requests")).getAllByTestId("metrics-value-tick").map((t) => t.textContent)).toEqual(["0", "50", "100"]);
    expect(within(chart("outbox_age")).getByTestId("metrics-unit").textContent).toBe("min");
    expect(figure("outbox_age", "age")).toBe("10 min 20 s");
  });

  it("says it is collecting until there are two samples", async () => {
    mockBackend({ metrics_history: () => [metricsSample(1_700_000_000_000, { outbox_depth: 4 })] });
    render(MetricsPanel);
    await waitFor(() => expect(screen.getAllByTestId("metrics-chart")).toHaveLength(6));
    for (const c of screen.getAllByTestId("metrics-chart")) {
      expect(c.dataset.empty).toBe("true");
      expect(within(c).getByTestId("metrics-empty").textContent).toBe("Collecting — figures appear within a minute");
      expect(c.querySelector("svg[role=img]")).toBeNull();
      expect(within(c).queryByTestId("metrics-latest")).toBeNull();
    }
  });

  it("shows the empty state with no samples at all", async () => {
    mockBackend({ metrics_history: () => [] });
    render(MetricsPanel);
    await waitFor(() => expect(screen.getAllByTestId("metrics-empty")).toHaveLength(6));
  });

  it("reloads while it is shown and the window visible, and stops when it goes away", async () => {
    let n = 2;
    const calls = mockBackend({ metrics_history: () => metricsSamples(n++) });
    const { unmount } = render(MetricsPanel, { refreshMs: 25 });
    await waitFor(() => expect(count(calls, "metrics_history")).toBeGreaterThanOrEqual(3));

    // Hidden: no reloads; visible again: one at once.
    setVisibility("hidden");
    await flush();
    const whileHidden = count(calls, "metrics_history");
    await flush(120);
    expect(count(calls, "metrics_history")).toBe(whileHidden);
    setVisibility("visible");
    await waitFor(() => expect(count(calls, "metrics_history")).toBeGreaterThan(whileHidden));

    unmount();
    const atUnmount = count(calls, "metrics_history");
    await flush(120);
    expect(count(calls, "metrics_history")).toBe(atUnmount);
  });

  it("says why the metrics could not be read and keeps the charts it has", async () => {
    let fail = false;
    const samples: MetricsSample[] = metricsSamples(4);
    mockBackend({
      metrics_history: () => {
        if (fail) throw { code: "database", message: "database is locked" };
        return samples;
      },
    });
    render(MetricsPanel, { refreshMs: 25 });
    await waitFor(() => expect(screen.getAllByTestId("metrics-chart")).toHaveLength(6));
    fail = true;
    const error = await screen.findByTestId("metrics-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toContain("database is locked");
    expect(screen.getAllByTestId("metrics-chart")).toHaveLength(6);
    fail = false;
    await waitFor(() => expect(screen.queryByTestId("metrics-error")).toBeNull());
  });
});
