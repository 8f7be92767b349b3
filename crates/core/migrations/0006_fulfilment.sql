-- Orders to the warehouse and back.

-- Where a store order's parcel goes (the connector maps the marketplace's shipping address), and whether
-- the marketplace's own logistics ships it (then no warehouse order is made).
ALTER TABLE shipments ADD COLUMN address TEXT;
ALTER TABLE shipments ADD COLUMN by_marketplace INTEGER NOT NULL DEFAULT 0;

-- The foundation's link tables were never written to; fulfilments replace them.
DROP TABLE order_links;
DROP TABLE warehouse_orders;

-- One row per store order routed to a warehouse: the fulfilment outbox (create, cancel) and the link to the
-- warehouse order, with what came back. `reference_id` is derived from the store order and never changes,
-- so a retry, a restart or a reinstall finds the warehouse order a first attempt made.
CREATE TABLE fulfilments (
    order_id            INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    warehouse_shop_id   INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    reference_id        TEXT    NOT NULL UNIQUE,
    warehouse_order_id  TEXT,
    stage               TEXT    NOT NULL DEFAULT 'waiting'
                                CHECK (stage IN ('not_routed', 'held', 'waiting', 'at_warehouse', 'shipped',
                                                 'delivered', 'exception', 'cancelled')),
    -- The warehouse's own words for its order and shipment, for display.
    warehouse_status    TEXT,
    reason              TEXT,
    tracking_number     TEXT,
    carrier             TEXT,
    tracking_url        TEXT,
    shipped_at          INTEGER,
    delivered_at        INTEGER,
    -- The create: pending (to send), sending (sent, answer not stored), done.
    create_status       TEXT    NOT NULL DEFAULT 'pending' CHECK (create_status IN ('pending', 'sending', 'done', 'off')),
    -- The cancel: none, pending, sending, done, refused (picked already: staff are told).
    cancel_status       TEXT    NOT NULL DEFAULT 'none'
                                CHECK (cancel_status IN ('none', 'pending', 'sending', 'done', 'refused')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     INTEGER NOT NULL,
    last_error          TEXT,
    -- Hashes of what was last pulled from and pushed to the warehouse: a change that came from one side is
    -- never sent back to it.
    last_pulled_hash    TEXT,
    last_pushed_hash    TEXT,
    -- A change on the store side staff must look at (an address or items changed after picking...).
    flag                TEXT,
    remote_updated_at   INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX fulfilments_due ON fulfilments (warehouse_shop_id, next_attempt_at)
    WHERE create_status IN ('pending', 'sending') OR cancel_status IN ('pending', 'sending');
CREATE INDEX fulfilments_by_stage ON fulfilments (stage, order_id);

-- What was sent and received, per order: the timeline the order detail shows.
CREATE TABLE fulfilment_events (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    direction  TEXT    NOT NULL CHECK (direction IN ('sent', 'received', 'note')),
    what       TEXT    NOT NULL
);
CREATE INDEX fulfilment_events_by_order ON fulfilment_events (order_id, id);
