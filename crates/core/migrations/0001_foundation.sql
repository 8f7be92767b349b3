-- storedesk's local store. Times are unix milliseconds UTC; money is integer minor units + ISO 4217 code.
-- A remote record is one row keyed by (shop_id, remote_id); remote_updated_at guards against stale writes.

CREATE TABLE shops (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('mercadolibre', 'shopify', 'woocommerce')),
    name          TEXT    NOT NULL,
    account_id    TEXT,
    account_name  TEXT,
    site          TEXT,
    status        TEXT    NOT NULL DEFAULT 'disconnected'
                          CHECK (status IN ('connected', 'needs_reconnect', 'disconnected')),
    api_base      TEXT,
    auth_base     TEXT,
    -- The OAuth app this shop connects through; its secret only ever sealed by the vault.
    client_id     TEXT,
    client_secret BLOB,
    -- A registered HTTPS redirect (paste flow); NULL means a loopback redirect.
    redirect_uri  TEXT,
    settings      TEXT    NOT NULL DEFAULT '{}',
    created_at    INTEGER NOT NULL
);

-- The OAuth apps entered in Settings, one per provider; new shops copy theirs.
CREATE TABLE provider_apps (
    kind          TEXT    PRIMARY KEY CHECK (kind IN ('mercadolibre', 'shopify', 'woocommerce')),
    client_id     TEXT    NOT NULL,
    client_secret BLOB,
    redirect_uri  TEXT,
    updated_at    INTEGER NOT NULL
);

-- Secrets only ever as sealed (encrypted) blobs; `generation` lets processes sharing the file agree on
-- who refreshed a token.
CREATE TABLE credentials (
    shop_id           INTEGER PRIMARY KEY REFERENCES shops (id) ON DELETE CASCADE,
    generation        INTEGER NOT NULL DEFAULT 0,
    sealed            BLOB    NOT NULL,
    access_expires_at INTEGER,
    updated_at        INTEGER NOT NULL
);

CREATE TABLE products (
    id                 INTEGER PRIMARY KEY,
    shop_id            INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    remote_id          TEXT    NOT NULL,
    title              TEXT    NOT NULL,
    sku                TEXT,
    status             TEXT    NOT NULL,
    price_minor        INTEGER NOT NULL,
    currency           TEXT    NOT NULL CHECK (length(currency) = 3),
    available_quantity INTEGER NOT NULL,
    sold_quantity      INTEGER NOT NULL DEFAULT 0,
    variant_count      INTEGER NOT NULL DEFAULT 0,
    permalink          TEXT,
    remote_created_at  INTEGER,
    remote_updated_at  INTEGER NOT NULL,
    synced_at          INTEGER NOT NULL,
    -- 1 when inserted, +1 on every accepted update: lets one upsert statement say what it did.
    revision           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (shop_id, remote_id)
);
-- One index per sortable column, each ending in id so keyset paging is an index walk.
CREATE INDEX products_by_title   ON products (title, id);
CREATE INDEX products_by_sku     ON products (ifnull(sku, ''), id);
CREATE INDEX products_by_price   ON products (price_minor, id);
CREATE INDEX products_by_stock   ON products (available_quantity, id);
CREATE INDEX products_by_updated ON products (remote_updated_at, id);
CREATE INDEX products_by_status  ON products (status, available_quantity);

CREATE TABLE product_variants (
    id                 INTEGER PRIMARY KEY,
    product_id         INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    remote_id          TEXT    NOT NULL,
    sku                TEXT,
    attributes         TEXT    NOT NULL DEFAULT '',
    price_minor        INTEGER NOT NULL,
    currency           TEXT    NOT NULL CHECK (length(currency) = 3),
    available_quantity INTEGER NOT NULL,
    UNIQUE (product_id, remote_id)
);

CREATE TABLE offers (
    id             INTEGER PRIMARY KEY,
    product_id     INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    remote_id      TEXT    NOT NULL,
    price_minor    INTEGER NOT NULL,
    currency       TEXT    NOT NULL CHECK (length(currency) = 3),
    items_in_stock INTEGER NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    first_seen_at  INTEGER NOT NULL,
    last_seen_at   INTEGER NOT NULL,
    UNIQUE (product_id, remote_id)
);

CREATE TABLE offer_history (
    id             INTEGER PRIMARY KEY,
    offer_id       INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    observed_at    INTEGER NOT NULL,
    price_minor    INTEGER NOT NULL,
    items_in_stock INTEGER NOT NULL
);
CREATE INDEX offer_history_by_offer ON offer_history (offer_id, observed_at);

CREATE TABLE orders (
    id                 INTEGER PRIMARY KEY,
    shop_id            INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    remote_id          TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    status_detail      TEXT,
    buyer_remote_id    TEXT,
    buyer_nickname     TEXT    NOT NULL DEFAULT '',
    buyer_first_name   TEXT,
    buyer_last_name    TEXT,
    total_minor        INTEGER NOT NULL,
    paid_minor         INTEGER NOT NULL,
    currency           TEXT    NOT NULL CHECK (length(currency) = 3),
    item_count         INTEGER NOT NULL DEFAULT 0,
    shipment_remote_id TEXT,
    remote_created_at  INTEGER NOT NULL,
    remote_closed_at   INTEGER,
    remote_updated_at  INTEGER NOT NULL,
    synced_at          INTEGER NOT NULL,
    revision           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (shop_id, remote_id)
);
-- Keyset paging walks (remote_created_at, id); the trailing columns cover the dashboard's per-day
-- figures, so they read the index alone.
CREATE INDEX orders_by_created ON orders (remote_created_at, id, currency, status, paid_minor);
CREATE INDEX orders_by_updated ON orders (remote_updated_at, id);
CREATE INDEX orders_by_total   ON orders (total_minor, id);
CREATE INDEX orders_by_status  ON orders (status, remote_created_at, id);
CREATE INDEX orders_by_buyer   ON orders (buyer_nickname, id);

CREATE TABLE order_items (
    id                  INTEGER PRIMARY KEY,
    order_id            INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no             INTEGER NOT NULL,
    item_remote_id      TEXT    NOT NULL,
    variation_remote_id TEXT,
    title               TEXT    NOT NULL,
    sku                 TEXT,
    quantity            INTEGER NOT NULL,
    unit_price_minor    INTEGER NOT NULL,
    currency            TEXT    NOT NULL CHECK (length(currency) = 3),
    UNIQUE (order_id, line_no)
);

CREATE TABLE shipments (
    id                INTEGER PRIMARY KEY,
    shop_id           INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    remote_id         TEXT    NOT NULL,
    order_remote_id   TEXT,
    status            TEXT    NOT NULL,
    substatus         TEXT,
    tracking_number   TEXT,
    tracking_method   TEXT,
    logistic_mode     TEXT,
    remote_created_at INTEGER,
    remote_updated_at INTEGER NOT NULL,
    synced_at         INTEGER NOT NULL,
    revision          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (shop_id, remote_id)
);
CREATE INDEX shipments_by_updated  ON shipments (remote_updated_at, id);
CREATE INDEX shipments_by_created  ON shipments (ifnull(remote_created_at, 0), id);
CREATE INDEX shipments_by_status   ON shipments (status, id);
CREATE INDEX shipments_by_tracking ON shipments (tracking_number);
CREATE INDEX shipments_by_remote   ON shipments (remote_id);
CREATE INDEX shipments_by_order    ON shipments (order_remote_id);
CREATE INDEX orders_by_shipment    ON orders (shop_id, shipment_remote_id);

-- The warehouse side of two-way orders; a link row binds one store order to one warehouse order and
-- remembers the hash of what was last pulled and pushed, so a change is never echoed back.
CREATE TABLE warehouse_orders (
    id                INTEGER PRIMARY KEY,
    remote_id         TEXT    NOT NULL UNIQUE,
    status            TEXT    NOT NULL,
    payload           TEXT    NOT NULL DEFAULT '{}',
    remote_updated_at INTEGER NOT NULL,
    synced_at         INTEGER NOT NULL
);

CREATE TABLE order_links (
    order_id           INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    warehouse_order_id INTEGER NOT NULL UNIQUE REFERENCES warehouse_orders (id) ON DELETE CASCADE,
    last_pulled_hash   TEXT,
    last_pushed_hash   TEXT,
    created_at         INTEGER NOT NULL
);

CREATE TABLE sync_cursors (
    shop_id    INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    resource   TEXT    NOT NULL,
    cursor     TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (shop_id, resource)
);

CREATE TABLE sync_runs (
    id                INTEGER PRIMARY KEY,
    shop_id           INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    resource          TEXT    NOT NULL,
    started_at        INTEGER NOT NULL,
    finished_at       INTEGER,
    status            TEXT    NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'interrupted')),
    pages             INTEGER NOT NULL DEFAULT 0,
    requests          INTEGER NOT NULL DEFAULT 0,
    records_new       INTEGER NOT NULL DEFAULT 0,
    records_changed   INTEGER NOT NULL DEFAULT 0,
    records_unchanged INTEGER NOT NULL DEFAULT 0,
    rate_limited      INTEGER NOT NULL DEFAULT 0,
    retries           INTEGER NOT NULL DEFAULT 0,
    error             TEXT
);
CREATE INDEX sync_runs_by_shop ON sync_runs (shop_id, started_at);
CREATE INDEX sync_runs_by_started ON sync_runs (started_at, id);

-- Local changes waiting to be sent; `idempotency_key` makes a resend after a crash harmless.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    shop_id         INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    entity          TEXT    NOT NULL,
    entity_id       INTEGER NOT NULL,
    op              TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'sending', 'sent', 'rejected')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX outbox_by_status ON outbox (status, id);

-- Full-text search. Products: external content kept in step by triggers.
CREATE VIRTUAL TABLE products_fts USING fts5(
    title, sku, content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts (rowid, title, sku) VALUES (new.id, new.title, new.sku);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, title, sku) VALUES ('delete', old.id, old.title, old.sku);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF title, sku ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, title, sku) VALUES ('delete', old.id, old.title, old.sku);
    INSERT INTO products_fts (rowid, title, sku) VALUES (new.id, new.title, new.sku);
END;

-- Orders: the searchable text spans the order and its items, so the store writes it (rowid = orders.id)
-- in the same transaction as the order.
CREATE VIRTUAL TABLE orders_fts USING fts5(
    remote_id, buyer, items,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER orders_fts_delete AFTER DELETE ON orders BEGIN
    DELETE FROM orders_fts WHERE rowid = old.id;
END;
