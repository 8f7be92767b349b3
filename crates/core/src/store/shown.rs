//! What a listing shows: the shop's values as last pulled, with the edits not yet sent laid over them (a
//! pull never overwrites a pending edit). The outbox (queueing, settling) and the listing upsert (a pull)
//! both call here; neither calls the other for it.

use sqlx::SqliteConnection;

use crate::error::StoreError;
use crate::model::EditValue;

/// Outbox statuses of an edit not yet settled: it is what the listing shows.
pub(super) const OPEN: &str = "('pending', 'sending')";

/// Lays one edit over a product's shown values.
pub(super) async fn apply_edit(
    conn: &mut SqliteConnection,
    product_id: i64,
    variant: Option<&str>,
    location: Option<&str>,
    value: &EditValue,
) -> Result<(), StoreError> {
    match (location, value) {
        (Some(location), EditValue::Stock(n)) => apply_location_stock(conn, product_id, variant, location, *n).await,
        _ => apply_figure(conn, product_id, variant, value).await,
    }
}

/// Lays one value over a listing's (or a variation's) own figures.
async fn apply_figure(
    conn: &mut SqliteConnection,
    product_id: i64,
    variant: Option<&str>,
    value: &EditValue,
) -> Result<(), StoreError> {
    match (variant, value) {
        (None, EditValue::Price(m)) => {
            sqlx::query("UPDATE products SET price_minor = ? WHERE id = ?")
                .bind(m.minor)
                .bind(product_id)
                .execute(&mut *conn)
                .await?;
            // A listing's price applies to every variation.
            sqlx::query("UPDATE product_variants SET price_minor = ? WHERE product_id = ?")
                .bind(m.minor)
                .bind(product_id)
                .execute(&mut *conn)
                .await?;
        }
        (None, EditValue::Stock(n)) => {
            sqlx::query("UPDATE products SET available_quantity = ? WHERE id = ?")
                .bind(n)
                .bind(product_id)
                .execute(&mut *conn)
                .await?;
        }
        (None, EditValue::Status(state)) => {
            sqlx::query("UPDATE products SET state = ? WHERE id = ?")
                .bind(state.as_str())
                .bind(product_id)
                .execute(&mut *conn)
                .await?;
        }
        (Some(v), EditValue::Price(m)) => {
            sqlx::query("UPDATE product_variants SET price_minor = ? WHERE product_id = ? AND remote_id = ?")
                .bind(m.minor)
                .bind(product_id)
                .bind(v)
                .execute(&mut *conn)
                .await?;
        }
        (Some(v), EditValue::Stock(n)) => {
            sqlx::query("UPDATE product_variants SET available_quantity = ? WHERE product_id = ? AND remote_id = ?")
                .bind(n)
                .bind(product_id)
                .bind(v)
                .execute(&mut *conn)
                .await?;
            // A listing with variations has their sum.
            sqlx::query(
                "UPDATE products SET available_quantity = \
                 (SELECT coalesce(sum(available_quantity), 0) FROM product_variants WHERE product_id = ?) WHERE id = ?",
            )
            .bind(product_id)
            .bind(product_id)
            .execute(&mut *conn)
            .await?;
        }
        (Some(_), EditValue::Status(_)) => {}
    }
    Ok(())
}

/// Sets one location's stock of a unit; the unit's figure is the sum of its locations, and a listing with
/// variations has the sum of theirs.
async fn apply_location_stock(
    conn: &mut SqliteConnection,
    product_id: i64,
    variant: Option<&str>,
    location: &str,
    n: i64,
) -> Result<(), StoreError> {
    let unit = variant.unwrap_or_default();
    sqlx::query(
        "UPDATE stock_levels SET available = ? WHERE product_id = ? AND variant_remote_id = ? AND location_id = ?",
    )
    .bind(n)
    .bind(product_id)
    .bind(unit)
    .bind(location)
    .execute(&mut *conn)
    .await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(available), 0) FROM stock_levels WHERE product_id = ? AND variant_remote_id = ?",
    )
    .bind(product_id)
    .bind(unit)
    .fetch_one(&mut *conn)
    .await?;
    apply_figure(conn, product_id, variant, &EditValue::Stock(total)).await
}

/// Shows what the shop had at the last pull, with the open edits laid over it, oldest first.
pub(super) async fn recompute_shown(conn: &mut SqliteConnection, product_id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE products SET price_minor = coalesce(remote_price_minor, price_minor), \
         available_quantity = coalesce(remote_available_quantity, available_quantity), \
         state = coalesce(remote_state, state) WHERE id = ?",
    )
    .bind(product_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE product_variants SET price_minor = coalesce(remote_price_minor, price_minor), \
         available_quantity = coalesce(remote_available_quantity, available_quantity) WHERE product_id = ?",
    )
    .bind(product_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE stock_levels SET available = coalesce(remote_available, available) WHERE product_id = ?")
        .bind(product_id)
        .execute(&mut *conn)
        .await?;
    let open: Vec<(Option<String>, Option<String>, String)> = sqlx::query_as(&format!(
        "SELECT variant_remote_id, location_id, value FROM outbox WHERE product_id = ? AND status IN {OPEN} \
         ORDER BY id"
    ))
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?;
    for (variant, location, value) in open {
        let value: EditValue = serde_json::from_str(&value).map_err(|e| StoreError::Invalid(e.to_string()))?;
        apply_edit(conn, product_id, variant.as_deref(), location.as_deref(), &value).await?;
    }
    Ok(())
}
