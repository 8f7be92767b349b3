//! A small builder for the filtered, keyset-paged list queries every view uses.

use serde_json::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};

use super::keyset::{order_name, Cursor};
use super::page_limit;
use crate::error::StoreError;
use crate::model::SortDir;

/// A sortable column: the SQL expression (matching an index, so paging walks it) and its value type.
#[derive(Debug, Clone, Copy)]
pub(super) struct SortKey {
    pub name: &'static str,
    pub expr: &'static str,
    pub is_text: bool,
}

/// A SELECT being built: filters are ANDed; `page` adds the keyset bound, order and limit.
pub(super) struct Listing<'a> {
    qb: QueryBuilder<'a, Sqlite>,
    has_where: bool,
    id_column: &'static str,
}

impl<'a> Listing<'a> {
    /// `SELECT {columns}, {sort expr} AS sort_key FROM {from}`.
    pub fn rows(columns: &str, sort: SortKey, from: &str, id_column: &'static str) -> Self {
        let qb = QueryBuilder::new(format!("SELECT {columns}, {} AS sort_key FROM {from}", sort.expr));
        Listing { qb, has_where: false, id_column }
    }

    /// `SELECT count(*) FROM {from}`.
    pub fn count(from: &str) -> Self {
        Listing { qb: QueryBuilder::new(format!("SELECT count(*) FROM {from}")), has_where: false, id_column: "" }
    }

    /// Starts the next condition (`WHERE` or `AND`) and hands back the builder to write it.
    pub fn and(&mut self) -> &mut QueryBuilder<'a, Sqlite> {
        self.qb.push(if self.has_where { " AND " } else { " WHERE " });
        self.has_where = true;
        &mut self.qb
    }

    /// `column = value`, when a value is given.
    pub fn eq_i64(&mut self, column: &str, value: Option<i64>) {
        if let Some(value) = value {
            self.and().push(column).push(" = ").push_bind(value);
        }
    }

    /// `column = value`, when a non-blank value is given.
    pub fn eq_text(&mut self, column: &str, value: Option<&str>) {
        if let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) {
            self.and().push(column).push(" = ").push_bind(value.to_owned());
        }
    }

    pub async fn fetch_count(mut self, pool: &SqlitePool) -> Result<i64, StoreError> {
        Ok(self.qb.build_query_scalar::<i64>().fetch_one(pool).await?)
    }

    /// Runs the query for one page after `cursor`, mapping each row with `map`.
    pub async fn fetch_page<T>(
        mut self,
        pool: &SqlitePool,
        sort: SortKey,
        dir: SortDir,
        cursor: Option<&str>,
        limit: i64,
        map: impl Fn(&SqliteRow) -> Result<T, sqlx::Error>,
    ) -> Result<(Vec<T>, Option<String>), StoreError> {
        let order = order_name(sort.name, dir);
        let (cmp, direction) = match dir {
            SortDir::Asc => (">", "ASC"),
            SortDir::Desc => ("<", "DESC"),
        };
        // When the sort key is the id itself, the bound and the order are on the id alone (which lets a
        // full-text table walk its own rowid order).
        let by_id = sort.expr == self.id_column;
        if let Some(token) = cursor.filter(|t| !t.is_empty()) {
            let after = Cursor::decode(token, &order)?;
            let id_column = self.id_column;
            let qb = self.and();
            if by_id {
                qb.push(format_args!("{id_column} {cmp} ")).push_bind(after.id);
            } else {
                qb.push(format_args!("({}, {id_column}) {cmp} (", sort.expr));
                match after.value {
                    Value::String(s) if sort.is_text => qb.push_bind(s),
                    Value::Number(n) if !sort.is_text => qb.push_bind(n.as_i64().ok_or(StoreError::BadCursor)?),
                    _ => return Err(StoreError::BadCursor),
                };
                qb.push(", ").push_bind(after.id).push(")");
            }
        }
        let limit = page_limit(limit);
        if by_id {
            self.qb.push(format_args!(" ORDER BY {} {direction} LIMIT ", self.id_column));
        } else {
            self.qb.push(format_args!(" ORDER BY {} {direction}, {} {direction} LIMIT ", sort.expr, self.id_column));
        }
        // One row more than asked tells whether another page exists.
        self.qb.push_bind(limit + 1);

        let fetched = self.qb.build().fetch_all(pool).await?;
        let has_more = fetched.len() as i64 > limit;
        let page = &fetched[..fetched.len().min(limit as usize)];
        let next_cursor = match (has_more, page.last()) {
            (true, Some(last)) => {
                let value = if sort.is_text {
                    Value::from(last.try_get::<String, _>("sort_key")?)
                } else {
                    Value::from(last.try_get::<i64, _>("sort_key")?)
                };
                let id: i64 = last.try_get("id")?;
                Some(Cursor { order, value, id }.encode())
            }
            _ => None,
        };
        let rows = page.iter().map(&map).collect::<Result<Vec<T>, _>>()?;
        Ok((rows, next_cursor))
    }
}
