-- The catalogue (issue 19): the business's own items, kept apart from the channels' listings, and one binding
-- row per sellable unit of a listing (the listing itself, or each of its variants when it has some) tying it to
-- at most one item. The listing rows (products, product_variants) stay exactly as they were: they are the
-- channel's copy, with their pulled and pushed hashes; a binding says which item a unit is.
--
-- A SKU's key is the SKU trimmed and lower-cased (ASCII letters, as SQLite's lower() does, so the key the
-- store computes in Rust and the one this backfill computes agree byte for byte).

CREATE TABLE catalogue_items (
    id         INTEGER PRIMARY KEY,
    -- As first seen (trimmed), for display.
    sku        TEXT    NOT NULL,
    sku_key    TEXT    NOT NULL UNIQUE,
    title      TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE catalogue_bindings (
    id                INTEGER PRIMARY KEY,
    shop_id           INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    product_id        INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    remote_id         TEXT    NOT NULL,
    -- '' for a listing without variants; the variant's remote id otherwise.
    variant_remote_id TEXT    NOT NULL DEFAULT '',
    -- The unit's SKU key as last pulled (NULL: the unit has no SKU).
    sku_key           TEXT,
    -- NULL: unbound (no SKU, a SKU shared by two units of one shop, or unlinked by hand).
    item_id           INTEGER REFERENCES catalogue_items (id) ON DELETE SET NULL,
    -- 'sku': the store binds it by SKU on every pull; 'manual': staff decided, and no pull changes it.
    bound_by          TEXT    NOT NULL DEFAULT 'sku' CHECK (bound_by IN ('sku', 'manual')),
    bound_at          INTEGER NOT NULL,
    UNIQUE (shop_id, remote_id, variant_remote_id)
);
CREATE INDEX catalogue_bindings_by_item ON catalogue_bindings (item_id);
CREATE INDEX catalogue_bindings_by_product ON catalogue_bindings (product_id);
-- The same-shop SKU check and the binding by SKU read a shop's units by key.
CREATE INDEX catalogue_bindings_by_key ON catalogue_bindings (shop_id, sku_key);
CREATE INDEX catalogue_bindings_unbound ON catalogue_bindings (id) WHERE item_id IS NULL;

-- Backfill from the listings already stored: every unit gets its binding row...
INSERT INTO catalogue_bindings (shop_id, product_id, remote_id, variant_remote_id, sku_key, bound_at)
SELECT p.shop_id, p.id, p.remote_id, '',
       nullif(lower(trim(p.sku, ' ' || char(9) || char(10) || char(13))), ''), p.synced_at
FROM products p
WHERE NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id);

INSERT INTO catalogue_bindings (shop_id, product_id, remote_id, variant_remote_id, sku_key, bound_at)
SELECT p.shop_id, p.id, p.remote_id, v.remote_id,
       nullif(lower(trim(v.sku, ' ' || char(9) || char(10) || char(13))), ''), p.synced_at
FROM product_variants v JOIN products p ON p.id = v.product_id;

-- ...an item for every key that one unit of a shop holds alone (the first such unit names it)...
INSERT INTO catalogue_items (sku, sku_key, title, created_at)
SELECT trim(coalesce(v.sku, p.sku), ' ' || char(9) || char(10) || char(13)), b.sku_key, p.title, b.bound_at
FROM catalogue_bindings b
JOIN products p ON p.id = b.product_id
LEFT JOIN product_variants v ON v.product_id = b.product_id AND v.remote_id = b.variant_remote_id
WHERE b.sku_key IS NOT NULL
  AND (SELECT count(*) FROM catalogue_bindings o WHERE o.shop_id = b.shop_id AND o.sku_key = b.sku_key) = 1
  AND b.id = (SELECT min(f.id) FROM catalogue_bindings f WHERE f.sku_key = b.sku_key
              AND (SELECT count(*) FROM catalogue_bindings o WHERE o.shop_id = f.shop_id AND o.sku_key = f.sku_key) = 1);

-- ...and those units bound to it. Units sharing a key within one shop stay unbound: a catalogue problem.
UPDATE catalogue_bindings SET item_id = (SELECT i.id FROM catalogue_items i WHERE i.sku_key = catalogue_bindings.sku_key)
WHERE sku_key IS NOT NULL
  AND (SELECT count(*) FROM catalogue_bindings o
       WHERE o.shop_id = catalogue_bindings.shop_id AND o.sku_key = catalogue_bindings.sku_key) = 1;
