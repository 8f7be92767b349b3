-- The sync engine: shipments waiting to be fetched, quarantined records, per-run figures, app settings.

-- Set by the order upsert whenever a new or changed order carries a shipping id; cleared in the
-- transaction that stores the fetched shipment. The shipments job reads the partial index only.
ALTER TABLE orders ADD COLUMN shipment_due INTEGER NOT NULL DEFAULT 0;
CREATE INDEX orders_shipment_due ON orders (shop_id, id) WHERE shipment_due = 1;

ALTER TABLE sync_runs ADD COLUMN quarantined INTEGER NOT NULL DEFAULT 0;
-- What the provider said the run would cover, when it says (a progress bar's 100%).
ALTER TABLE sync_runs ADD COLUMN records_total INTEGER;
CREATE INDEX sync_runs_running ON sync_runs (status) WHERE status = 'running';

-- Records that failed to parse or map: kept with the raw payload and the error, shown in Activity,
-- retried on demand. A later good copy of the same record removes its row.
CREATE TABLE quarantine (
    id         INTEGER PRIMARY KEY,
    shop_id    INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    resource   TEXT    NOT NULL,
    remote_id  TEXT    NOT NULL,
    run_id     INTEGER REFERENCES sync_runs (id) ON DELETE SET NULL,
    error      TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (shop_id, resource, remote_id)
);
CREATE INDEX quarantine_by_created ON quarantine (created_at, id);

-- Settings the desktop app and the headless daemon share (JSON values).
CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
