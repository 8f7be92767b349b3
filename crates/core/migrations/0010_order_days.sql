-- Orders and revenue per UTC day and currency, kept by triggers in the same transaction as the orders
-- themselves, so the dashboard reads a row per day instead of every order of the period (issue 13).
-- Revenue counts what was paid; cancelled and refunded orders count as orders of the day but bring no
-- revenue (the rule the dashboard applied to the orders before).
CREATE TABLE order_days (
    day            INTEGER NOT NULL, -- remote_created_at / 86400000 (UTC days since 1970)
    currency       TEXT    NOT NULL,
    orders         INTEGER NOT NULL,
    revenue_minor  INTEGER NOT NULL,
    PRIMARY KEY (day, currency)
) WITHOUT ROWID;

INSERT INTO order_days (day, currency, orders, revenue_minor)
SELECT remote_created_at / 86400000, currency, count(*),
       sum(CASE WHEN state IN ('cancelled', 'refunded') THEN 0 ELSE paid_minor END)
FROM orders GROUP BY 1, 2;

CREATE TRIGGER order_days_insert AFTER INSERT ON orders
BEGIN
    INSERT INTO order_days (day, currency, orders, revenue_minor)
    VALUES (NEW.remote_created_at / 86400000, NEW.currency, 1,
            CASE WHEN NEW.state IN ('cancelled', 'refunded') THEN 0 ELSE NEW.paid_minor END)
    ON CONFLICT (day, currency) DO UPDATE SET
        orders = orders + 1, revenue_minor = revenue_minor + excluded.revenue_minor;
END;

CREATE TRIGGER order_days_update AFTER UPDATE OF remote_created_at, currency, state, paid_minor ON orders
    WHEN NEW.remote_created_at IS NOT OLD.remote_created_at OR NEW.currency IS NOT OLD.currency
      OR NEW.state IS NOT OLD.state OR NEW.paid_minor IS NOT OLD.paid_minor
BEGIN
    UPDATE order_days SET orders = orders - 1,
        revenue_minor = revenue_minor - CASE WHEN OLD.state IN ('cancelled', 'refunded') THEN 0 ELSE OLD.paid_minor END
    WHERE day = OLD.remote_created_at / 86400000 AND currency = OLD.currency;
    INSERT INTO order_days (day, currency, orders, revenue_minor)
    VALUES (NEW.remote_created_at / 86400000, NEW.currency, 1,
            CASE WHEN NEW.state IN ('cancelled', 'refunded') THEN 0 ELSE NEW.paid_minor END)
    ON CONFLICT (day, currency) DO UPDATE SET
        orders = orders + 1, revenue_minor = revenue_minor + excluded.revenue_minor;
END;

CREATE TRIGGER order_days_delete AFTER DELETE ON orders
BEGIN
    UPDATE order_days SET orders = orders - 1,
        revenue_minor = revenue_minor - CASE WHEN OLD.state IN ('cancelled', 'refunded') THEN 0 ELSE OLD.paid_minor END
    WHERE day = OLD.remote_created_at / 86400000 AND currency = OLD.currency;
END;
