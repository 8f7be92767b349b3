-- Channel-neutral states beside each provider's own word, run ownership, and product bindings.

-- Listing, order and fulfilment states in words every channel maps to (model.rs). `status` keeps the
-- provider's word for display. The CASEs map what MercadoLibre (the only channel so far) stored; from now on
-- connectors map, and this frozen migration is the one place in core that knows those words.
ALTER TABLE products ADD COLUMN state TEXT NOT NULL DEFAULT 'active'
    CHECK (state IN ('active', 'paused', 'closed', 'deleted'));
UPDATE products SET state = CASE status
    WHEN 'active' THEN 'active'
    WHEN 'closed' THEN 'closed'
    WHEN 'deleted' THEN 'deleted'
    ELSE 'paused' END;
DROP INDEX products_by_status;
CREATE INDEX products_by_state ON products (state, available_quantity);

ALTER TABLE orders ADD COLUMN state TEXT NOT NULL DEFAULT 'pending_payment'
    CHECK (state IN ('pending_payment', 'paid', 'cancelled', 'refunded'));
UPDATE orders SET state = CASE status
    WHEN 'paid' THEN 'paid'
    WHEN 'cancelled' THEN 'cancelled'
    WHEN 'invalid' THEN 'cancelled'
    ELSE 'pending_payment' END;
DROP INDEX orders_by_status;
CREATE INDEX orders_by_state ON orders (state, remote_created_at, id);

ALTER TABLE shipments ADD COLUMN state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'ready', 'shipped', 'delivered', 'failed', 'cancelled'));
UPDATE shipments SET state = CASE status
    WHEN 'ready_to_ship' THEN 'ready'
    WHEN 'shipped' THEN 'shipped'
    WHEN 'delivered' THEN 'delivered'
    WHEN 'not_delivered' THEN 'failed'
    WHEN 'cancelled' THEN 'cancelled'
    ELSE 'pending' END;
DROP INDEX shipments_by_status;
CREATE INDEX shipments_by_state ON shipments (state, id);

-- The storedesk process (instance id, see core/src/instance.rs) a run belongs to: only an owner process
-- recovers a run, and only once the process that ran it is gone. NULL: a run from before this column.
ALTER TABLE sync_runs ADD COLUMN owner TEXT;

-- Bindings: hashes of the editable fields as last pulled and as last pushed (the write path compares them).
ALTER TABLE products ADD COLUMN pulled_hash TEXT;
ALTER TABLE products ADD COLUMN pushed_hash TEXT;

-- The dashboard's per-day figures read this index alone: it now covers the neutral state.
DROP INDEX orders_by_created;
CREATE INDEX orders_by_created ON orders (remote_created_at, id, currency, state, paid_minor);
