-- The local API: keys with roles, answers kept for idempotent replays, and webhooks out.

-- An API key is shown once when created; only its SHA-256 is kept (and a prefix to tell keys apart).
CREATE TABLE api_keys (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('viewer', 'staff', 'service', 'admin')),
    prefix        TEXT    NOT NULL,
    hash          TEXT    NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);

-- A write's answer under its Idempotency-Key, replayed for the same key and request for 24 hours.
CREATE TABLE idempotent_answers (
    key_id        INTEGER NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    idem_key      TEXT    NOT NULL,
    request_hash  TEXT    NOT NULL,
    status        INTEGER,
    body          TEXT,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (key_id, idem_key)
);

-- Webhook subscriptions: a URL, the events it wants (comma separated), its signing secret (sealed).
CREATE TABLE webhook_subscriptions (
    id          INTEGER PRIMARY KEY,
    url         TEXT    NOT NULL,
    events      TEXT    NOT NULL,
    secret      BLOB    NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);

-- One delivery per event and subscription, written by the triggers below in the same transaction as the
-- change (so no event is lost, whatever is killed when), sent in order per entity, retried for 24 hours.
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event            TEXT    NOT NULL,
    entity           TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_status      INTEGER,
    last_response    TEXT,
    created_at       INTEGER NOT NULL,
    delivered_at     INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_entity ON webhook_deliveries (subscription_id, entity, id);

-- The events. Each trigger writes one delivery per active subscription that wants the event; with no
-- subscription it costs one look at an empty table.
CREATE TRIGGER webhook_order_created AFTER INSERT ON orders
BEGIN
    INSERT INTO webhook_deliveries (subscription_id, event, entity, payload, next_attempt_at, created_at)
    SELECT s.id, 'order.created', 'order:' || NEW.id,
           json_object('id', NEW.id, 'shop_id', NEW.shop_id, 'remote_id', NEW.remote_id, 'state', NEW.state,
                       'status', NEW.status, 'total', json_object('minor', NEW.total_minor, 'currency', NEW.currency),
                       'created_at', NEW.remote_created_at, 'updated_at', NEW.remote_updated_at),
           CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
    FROM webhook_subscriptions s WHERE s.active = 1 AND instr(',' || s.events || ',', ',order.created,') > 0;
END;

CREATE TRIGGER webhook_order_changed AFTER UPDATE OF revision ON orders WHEN NEW.revision > OLD.revision
BEGIN
    INSERT INTO webhook_deliveries (subscription_id, event, entity, payload, next_attempt_at, created_at)
    SELECT s.id, 'order.changed', 'order:' || NEW.id,
           json_object('id', NEW.id, 'shop_id', NEW.shop_id, 'remote_id', NEW.remote_id, 'state', NEW.state,
                       'status', NEW.status, 'total', json_object('minor', NEW.total_minor, 'currency', NEW.currency),
                       'updated_at', NEW.remote_updated_at),
           CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
    FROM webhook_subscriptions s WHERE s.active = 1 AND instr(',' || s.events || ',', ',order.changed,') > 0;
END;

CREATE TRIGGER webhook_fulfilment_changed AFTER UPDATE ON fulfilments
    WHEN NEW.stage IS NOT OLD.stage OR NEW.tracking_number IS NOT OLD.tracking_number OR NEW.flag IS NOT OLD.flag
BEGIN
    INSERT INTO webhook_deliveries (subscription_id, event, entity, payload, next_attempt_at, created_at)
    SELECT s.id, 'fulfilment.changed', 'order:' || NEW.order_id,
           json_object('order_id', NEW.order_id, 'state', NEW.stage, 'reference_id', NEW.reference_id,
                       'warehouse_order_id', NEW.warehouse_order_id, 'tracking_number', NEW.tracking_number,
                       'carrier', NEW.carrier, 'shipped_at', NEW.shipped_at, 'delivered_at', NEW.delivered_at,
                       'reason', NEW.reason, 'flag', NEW.flag),
           CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
    FROM webhook_subscriptions s WHERE s.active = 1 AND instr(',' || s.events || ',', ',fulfilment.changed,') > 0;
END;

CREATE TRIGGER webhook_product_changed AFTER UPDATE ON products
    WHEN NEW.price_minor IS NOT OLD.price_minor OR NEW.available_quantity IS NOT OLD.available_quantity
      OR NEW.state IS NOT OLD.state OR NEW.title IS NOT OLD.title
BEGIN
    INSERT INTO webhook_deliveries (subscription_id, event, entity, payload, next_attempt_at, created_at)
    SELECT s.id, 'product.changed', 'product:' || NEW.id,
           json_object('id', NEW.id, 'shop_id', NEW.shop_id, 'remote_id', NEW.remote_id, 'title', NEW.title,
                       'state', NEW.state, 'price', json_object('minor', NEW.price_minor, 'currency', NEW.currency),
                       'available_quantity', NEW.available_quantity),
           CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
    FROM webhook_subscriptions s WHERE s.active = 1 AND instr(',' || s.events || ',', ',product.changed,') > 0;
END;

-- Low stock: five units or fewer, once when it crosses.
CREATE TRIGGER webhook_low_stock AFTER UPDATE OF available_quantity ON products
    WHEN NEW.available_quantity <= 5 AND OLD.available_quantity > 5
BEGIN
    INSERT INTO webhook_deliveries (subscription_id, event, entity, payload, next_attempt_at, created_at)
    SELECT s.id, 'product.low_stock', 'product:' || NEW.id,
           json_object('id', NEW.id, 'shop_id', NEW.shop_id, 'remote_id', NEW.remote_id, 'title', NEW.title,
                       'available_quantity', NEW.available_quantity),
           CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
    FROM webhook_subscriptions s WHERE s.active = 1 AND instr(',' || s.events || ',', ',product.low_stock,') > 0;
END;

CREATE TRIGGER webhook_edit_rejected AFTER UPDATE OF status ON outbox
    WHEN NEW.status = 'rejected' AND OLD.status IS NOT 'rejected'
BEGIN
    INSERT INTO webhook_deliveries (subscription_id, event, entity, payload, next_attempt_at, created_at)
    SELECT s.id, 'edit.rejected', 'product:' || NEW.product_id,
           json_object('edit_id', NEW.id, 'product_id', NEW.product_id, 'remote_id', NEW.remote_id,
                       'field', NEW.field, 'value', json(NEW.value), 'reason', NEW.last_error),
           CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
    FROM webhook_subscriptions s WHERE s.active = 1 AND instr(',' || s.events || ',', ',edit.rejected,') > 0;
END;

CREATE TRIGGER webhook_sync_failed AFTER UPDATE OF status ON sync_runs
    WHEN NEW.status = 'failed' AND OLD.status IS NOT 'failed'
BEGIN
    INSERT INTO webhook_deliveries (subscription_id, event, entity, payload, next_attempt_at, created_at)
    SELECT s.id, 'sync.failed', 'shop:' || NEW.shop_id,
           json_object('run_id', NEW.id, 'shop_id', NEW.shop_id, 'resource', NEW.resource, 'error', NEW.error),
           CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
    FROM webhook_subscriptions s WHERE s.active = 1 AND instr(',' || s.events || ',', ',sync.failed,') > 0;
END;
