-- Stock per location (issue 19): where a channel keeps stock per location (Shopify, WooCommerce with
-- warehouses), a listing's unit (the listing, or one variant: variant_remote_id '' for the listing itself)
-- has one row per location; products.available_quantity and product_variants.available_quantity stay the
-- total. A channel without locations has no rows here. Rewritten with the listing on every pull.
CREATE TABLE stock_levels (
    product_id        INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    variant_remote_id TEXT    NOT NULL DEFAULT '',
    location_id       TEXT    NOT NULL,
    location_name     TEXT    NOT NULL,
    available         INTEGER NOT NULL,
    PRIMARY KEY (product_id, variant_remote_id, location_id)
) WITHOUT ROWID;
