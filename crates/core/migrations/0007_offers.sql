-- Offers: products tracked at the partner offers service, their offers' full history, our own listing
-- price over time (the chart's step line), and repricing rules.

-- An offer that sold out is kept, inactive, with when it vanished; a history row records each change an
-- observation saw (appeared, price or stock changed: active = 1; vanished: active = 0).
ALTER TABLE offers ADD COLUMN vanished_at INTEGER;
ALTER TABLE offer_history ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

-- The lowest active offer of a product (NULL: none tracked or none left), kept with each refresh so the
-- Products table sorts and filters by it without scanning offers.
ALTER TABLE products ADD COLUMN lowest_offer_minor INTEGER;

-- A product tracked at an offers service. `remote_id` is the UUID it is registered under: derived from the
-- product, so a restart or a reinstall on the same data never registers it twice. Untracking keeps the row
-- (and the history); `phase` spreads refreshes over the interval.
CREATE TABLE tracked_products (
    product_id       INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    offers_shop_id   INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    remote_id        TEXT    NOT NULL,
    registered       INTEGER NOT NULL DEFAULT 0,
    tracking         INTEGER NOT NULL DEFAULT 1,
    phase_ms         INTEGER NOT NULL,
    next_refresh_at  INTEGER NOT NULL,
    last_refresh_at  INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    UNIQUE (offers_shop_id, remote_id)
);
CREATE INDEX tracked_due ON tracked_products (offers_shop_id, next_refresh_at) WHERE tracking = 1;

-- Our own listing's price as the marketplace had it, for tracked products (the chart's step line).
CREATE TABLE listing_prices (
    id           INTEGER PRIMARY KEY,
    product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    price_minor  INTEGER NOT NULL
);
CREATE INDEX listing_prices_by_product ON listing_prices (product_id, at);
CREATE TRIGGER listing_price_moved AFTER UPDATE OF remote_price_minor ON products
    WHEN NEW.remote_price_minor IS NOT OLD.remote_price_minor
     AND EXISTS (SELECT 1 FROM tracked_products t WHERE t.product_id = NEW.id)
BEGIN
    INSERT INTO listing_prices (product_id, at, price_minor)
    VALUES (NEW.id, NEW.remote_updated_at, NEW.remote_price_minor);
END;

-- A repricing rule: follow the lowest offer minus an amount (minor units) or a percent (basis points),
-- never below the floor nor above the ceiling, only for a change of at least `min_step_minor`, at most once
-- per `every_ms`. Off by default: a product without a row is never repriced.
CREATE TABLE reprice_rules (
    product_id      INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    minus_minor     INTEGER NOT NULL DEFAULT 0 CHECK (minus_minor >= 0),
    minus_bp        INTEGER NOT NULL DEFAULT 0 CHECK (minus_bp >= 0 AND minus_bp < 10000),
    floor_minor     INTEGER NOT NULL CHECK (floor_minor > 0),
    ceiling_minor   INTEGER NOT NULL CHECK (ceiling_minor >= floor_minor),
    min_step_minor  INTEGER NOT NULL DEFAULT 1 CHECK (min_step_minor >= 1),
    every_ms        INTEGER NOT NULL CHECK (every_ms > 0),
    last_change_at  INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
