-- Stock edits that name a location (issue 19): where a channel keeps stock per location, a stock edit sets
-- one location's figure, and the listing shows the shop's levels with the open edits laid over them.

-- What the shop had at the last pull, beside what storedesk shows (as products.remote_available_quantity).
ALTER TABLE stock_levels ADD COLUMN remote_available INTEGER;
UPDATE stock_levels SET remote_available = available;

-- The location whose stock an edit sets; NULL: the listing's one figure, or not a stock edit.
ALTER TABLE outbox ADD COLUMN location_id TEXT;

-- Edits not yet sent coalesce per unit, field and location: two locations' stock are two edits.
DROP INDEX outbox_pending_field;
CREATE UNIQUE INDEX outbox_pending_field
    ON outbox (product_id, ifnull(variant_remote_id, ''), field, ifnull(location_id, ''))
    WHERE status = 'pending';
