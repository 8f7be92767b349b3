-- The write path: edits of listings queued in an outbox, and the values as the shop last had them.

-- What the shop had at the last pull, beside what storedesk shows. They differ only while an edit is open:
-- the shown value is the pulled one with the open edits laid over it (a pull never overwrites an open edit),
-- and a rejected or discarded edit brings the shop's value back.
ALTER TABLE products ADD COLUMN remote_price_minor INTEGER;
ALTER TABLE products ADD COLUMN remote_available_quantity INTEGER;
ALTER TABLE products ADD COLUMN remote_state TEXT;
UPDATE products SET remote_price_minor = price_minor, remote_available_quantity = available_quantity,
    remote_state = state;
ALTER TABLE product_variants ADD COLUMN remote_price_minor INTEGER;
ALTER TABLE product_variants ADD COLUMN remote_available_quantity INTEGER;
UPDATE product_variants SET remote_price_minor = price_minor, remote_available_quantity = available_quantity;

-- The foundation's outbox was never written to; it is replaced by one that knows fields, bases and conflicts.
DROP TABLE outbox;
CREATE TABLE outbox (
    id                INTEGER PRIMARY KEY,
    shop_id           INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    product_id        INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    remote_id         TEXT    NOT NULL,
    -- The variation edited; NULL: the listing itself.
    variant_remote_id TEXT,
    field             TEXT    NOT NULL CHECK (field IN ('price', 'stock', 'status')),
    -- JSON of the new value, of the value the edit started from (compared with the shop's before sending),
    -- and (conflict) of the shop's value now.
    value             TEXT    NOT NULL,
    base              TEXT    NOT NULL,
    remote_value      TEXT,
    idempotency_key   TEXT    NOT NULL UNIQUE,
    status            TEXT    NOT NULL DEFAULT 'pending'
                              CHECK (status IN ('pending', 'sending', 'sent', 'rejected', 'conflict', 'discarded')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   INTEGER NOT NULL,
    last_error        TEXT,
    -- Why the edit was made, when a rule made it ("lowest offer fell to ...").
    reason            TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
-- Edits not yet sent coalesce: at most one pending row per listing (or variation) and field.
CREATE UNIQUE INDEX outbox_pending_field ON outbox (product_id, ifnull(variant_remote_id, ''), field)
    WHERE status = 'pending';
CREATE INDEX outbox_due ON outbox (shop_id, next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_by_product ON outbox (product_id, status);
CREATE INDEX outbox_by_status ON outbox (status, id);
