//! The figures on the dashboard.

use sqlx::Row;

use super::Store;
use crate::error::StoreError;
use crate::model::{
    Dashboard, DayFigure, FulfilmentState, ListingState, ResourceFreshness, ShopFreshness, SyncResource,
};
use crate::time::iso_day;

const DAY_MS: i64 = 86_400_000;

impl Store {
    /// Totals, low stock (active products with at most `low_stock_max` units), orders and revenue per UTC
    /// day and currency over the last `days` days (today included), and each shop's freshness.
    pub async fn dashboard(&self, low_stock_max: i64, days: i64) -> Result<Dashboard, StoreError> {
        self.dashboard_as_of(self.now(), low_stock_max, days).await
    }

    /// The dashboard as it reads at `now` (unix ms): tests pin the clock with it.
    pub async fn dashboard_as_of(&self, now: i64, low_stock_max: i64, days: i64) -> Result<Dashboard, StoreError> {
        let days = days.clamp(1, 366);
        let since = (now.div_euclid(DAY_MS) - (days - 1)) * DAY_MS;
        let products: i64 = sqlx::query_scalar("SELECT count(*) FROM products").fetch_one(&self.pool).await?;
        let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM orders").fetch_one(&self.pool).await?;
        let [pending, ready, shipped] = FulfilmentState::OPEN.map(FulfilmentState::as_str);
        let shipments_open: i64 = sqlx::query_scalar("SELECT count(*) FROM shipments WHERE state IN (?, ?, ?)")
            .bind(pending)
            .bind(ready)
            .bind(shipped)
            .fetch_one(&self.pool)
            .await?;
        let low_stock: i64 =
            sqlx::query_scalar("SELECT count(*) FROM products WHERE state = ? AND available_quantity <= ?")
                .bind(ListingState::Active.as_str())
                .bind(low_stock_max)
                .fetch_one(&self.pool)
                .await?;
        // Per-day figures are kept by triggers as orders are stored (migration 0010): a row per day and
        // currency, whatever the number of orders. Revenue counts what was paid; cancelled and refunded
        // orders count as orders of the day but bring no revenue.
        let day_rows = sqlx::query(
            "SELECT day, currency, orders, revenue_minor AS revenue FROM order_days \
             WHERE day >= ? AND orders > 0 ORDER BY day, currency",
        )
        .bind(since.div_euclid(DAY_MS))
        .fetch_all(&self.pool)
        .await?;
        let days = day_rows
            .iter()
            .map(|r| {
                Ok(DayFigure {
                    day: iso_day(r.try_get("day")?),
                    currency: r.try_get("currency")?,
                    orders: r.try_get("orders")?,
                    revenue_minor: r.try_get("revenue")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let mut shops = Vec::new();
        for s in self.list_shops().await? {
            let done = self.last_ok_runs(s.id).await?;
            let resources = [SyncResource::Products, SyncResource::Orders, SyncResource::Shipments]
                .into_iter()
                .map(|resource| ResourceFreshness {
                    resource,
                    last_ok_at: done.iter().find(|(r, _)| *r == resource).map(|(_, at)| *at),
                })
                .collect();
            shops.push(ShopFreshness {
                shop_id: s.id,
                shop_name: s.name,
                status: s.status,
                last_sync_at: s.last_sync_at,
                resources,
            });
        }
        Ok(Dashboard { products, orders, shipments_open, low_stock, days, shops })
    }
}
