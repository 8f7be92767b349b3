-- Shops of two more kinds: the fulfilment warehouse and the offers service, and a store's warehouse route.
-- SQLite cannot change a CHECK in place: the table is rebuilt (the documented procedure,
-- https://sqlite.org/lang_altertable.html). Migrations run on a connection with foreign keys off, so the
-- tables that reference `shops` keep their rows; `open.rs` checks the keys afterwards.
CREATE TABLE shops_new (
    id                INTEGER PRIMARY KEY,
    kind              TEXT    NOT NULL
                              CHECK (kind IN ('mercadolibre', 'shopify', 'woocommerce', 'warehouse', 'offers')),
    name              TEXT    NOT NULL,
    account_id        TEXT,
    account_name      TEXT,
    site              TEXT,
    status            TEXT    NOT NULL DEFAULT 'disconnected'
                              CHECK (status IN ('connected', 'needs_reconnect', 'disconnected')),
    api_base          TEXT,
    auth_base         TEXT,
    client_id         TEXT,
    client_secret     BLOB,
    redirect_uri      TEXT,
    settings          TEXT    NOT NULL DEFAULT '{}',
    created_at        INTEGER NOT NULL,
    -- A store's orders ship through this warehouse (NULL: the store ships them itself).
    warehouse_shop_id INTEGER REFERENCES shops (id) ON DELETE SET NULL
);
INSERT INTO shops_new (id, kind, name, account_id, account_name, site, status, api_base, auth_base, client_id,
    client_secret, redirect_uri, settings, created_at)
SELECT id, kind, name, account_id, account_name, site, status, api_base, auth_base, client_id, client_secret,
    redirect_uri, settings, created_at FROM shops;
DROP TABLE shops;
ALTER TABLE shops_new RENAME TO shops;
