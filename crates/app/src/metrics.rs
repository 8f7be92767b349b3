//! Prometheus metrics: one recorder per process (installed on first use), the figures the store knows
//! (outbox depth and age) read at scrape time, and a sampler of the last hour for the app's Metrics panel.
//! What is measured where: provider requests (latency, time to first byte, status, 429s, retries) in the
//! connectors' `Api`, sync jobs (duration, records) in the engine, token refreshes in the token manager.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use storedesk_core::model::MetricsSample;

use crate::{App, Result};

/// How often the panel's figures are sampled, and how many samples make its hour.
pub const SAMPLE_EVERY: Duration = Duration::from_secs(10);
const SAMPLES_KEPT: usize = 360;

/// Latency buckets (seconds) for requests and jobs: a loopback call to an hour-long backfill.
const BUCKETS: &[f64] =
    &[0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder, installed the first time (None if another recorder was installed first).
pub fn recorder() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new().set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS);
            match builder.and_then(|b| b.install_recorder()) {
                Ok(handle) => Some(handle),
                Err(e) => {
                    tracing::warn!(error = %e, "metrics are off");
                    None
                }
            }
        })
        .as_ref()
}

impl App {
    /// Everything measured, in Prometheus text format.
    pub async fn render_metrics(&self) -> Result<String> {
        let (depth, oldest) = self.inner.store.outbox_depth().await?;
        let now = storedesk_core::time::now_ms();
        metrics::gauge!("storedesk_outbox_depth").set(depth as f64);
        metrics::gauge!("storedesk_outbox_oldest_age_seconds")
            .set(oldest.map_or(0.0, |at| (now - at).max(0) as f64 / 1000.0));
        Ok(recorder().map(|h| h.render()).unwrap_or_default())
    }
}

/// Each metric family's samples summed over their labels (`_bucket` series skipped), from the text format.
fn sums(text: &str) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((series, value)) = line.rsplit_once(' ') else { continue };
        let Ok(value) = value.parse::<f64>() else { continue };
        let (name, labels) = series.split_once('{').unwrap_or((series, ""));
        if name.ends_with("_bucket") {
            continue;
        }
        *out.entry(name.to_owned()).or_insert(0.0) += value;
        // Provider errors: the requests answered 4xx or 5xx.
        if name == "storedesk_provider_requests_total"
            && (labels.contains("status=\"4") || labels.contains("status=\"5"))
        {
            *out.entry("provider_errors".to_owned()).or_insert(0.0) += value;
        }
    }
    out
}

fn sample_of(text: &str, at: i64) -> MetricsSample {
    let s = sums(text);
    let get = |name: &str| s.get(name).copied().unwrap_or(0.0);
    MetricsSample {
        at,
        provider_requests: get("storedesk_provider_requests_total"),
        provider_errors: get("provider_errors"),
        provider_rate_limited: get("storedesk_provider_rate_limited_total"),
        provider_retries: get("storedesk_provider_retries_total"),
        provider_seconds_sum: get("storedesk_provider_request_seconds_sum"),
        provider_seconds_count: get("storedesk_provider_request_seconds_count"),
        ttfb_seconds_sum: get("storedesk_provider_ttfb_seconds_sum"),
        ttfb_seconds_count: get("storedesk_provider_ttfb_seconds_count"),
        sync_records: get("storedesk_sync_records_total"),
        sync_jobs: get("storedesk_sync_job_seconds_count"),
        token_refreshes: get("storedesk_token_refreshes_total"),
        outbox_depth: get("storedesk_outbox_depth"),
        outbox_oldest_age_seconds: get("storedesk_outbox_oldest_age_seconds"),
        api_requests: get("storedesk_api_request_seconds_count"),
        webhook_attempts: get("storedesk_webhook_attempts_total"),
    }
}

impl App {
    /// Takes one sample of the figures and keeps the last hour of them.
    pub async fn sample_metrics(&self) -> Result<MetricsSample> {
        let text = self.render_metrics().await?;
        let sample = sample_of(&text, storedesk_core::time::now_ms());
        let mut history = self.inner.metrics_history.lock().unwrap_or_else(|p| p.into_inner());
        history.push_back(sample.clone());
        while history.len() > SAMPLES_KEPT {
            history.pop_front();
        }
        Ok(sample)
    }

    /// The samples of the last hour, oldest first (the Metrics panel).
    pub fn metrics_history(&self) -> Vec<MetricsSample> {
        self.inner.metrics_history.lock().unwrap_or_else(|p| p.into_inner()).iter().cloned().collect()
    }

    /// Samples every `SAMPLE_EVERY` until `stop` turns true (owner processes, with the background work).
    pub(crate) async fn sample_metrics_every(&self, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            if let Err(e) = self.sample_metrics().await {
                tracing::debug!(error = %e, "metrics sample skipped");
            }
            tokio::select! {
                _ = tokio::time::sleep(SAMPLE_EVERY) => {}
                _ = stop.changed() => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_sums_each_family_over_its_labels_and_counts_error_statuses() {
        let text = "# TYPE storedesk_provider_requests_total counter\n\
            storedesk_provider_requests_total{provider=\"mercadolibre\",route=\"/items\",status=\"200\"} 40\n\
            storedesk_provider_requests_total{provider=\"mercadolibre\",route=\"/items\",status=\"429\"} 3\n\
            storedesk_provider_requests_total{provider=\"shipbob\",route=\"/order\",status=\"503\"} 2\n\
            storedesk_provider_request_seconds_bucket{le=\"0.1\"} 44\n\
            storedesk_provider_request_seconds_sum 1.5\n\
            storedesk_provider_request_seconds_count 45\n\
            storedesk_outbox_depth 7\n";
        let s = sample_of(text, 1);
        assert_eq!(s.provider_requests, 45.0);
        assert_eq!(s.provider_errors, 5.0);
        assert_eq!(s.provider_seconds_count, 45.0);
        assert_eq!(s.provider_seconds_sum, 1.5);
        assert_eq!(s.outbox_depth, 7.0);
        assert_eq!(s.sync_records, 0.0);
    }
}
