//! Where copies live and what their names say: `backups/` in the data directory (and a second folder a
//! person may choose), each copy named `storedesk-<kind>-<UTC time>.db`. A copy being written has a hidden
//! temporary name ending in `.partial` that carries the writing process's instance id, so a copy left
//! half-written by a killed process is recognised, never listed, and removed.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::copy::{contents, BackupContents};
use super::retention::{kept, Dated};
use super::{BackupError, BackupKind};

/// The folder of automatic copies inside a data directory.
pub fn backups_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

const PREFIX: &str = "storedesk-";
const SUFFIX: &str = ".db";
const PARTIAL: &str = ".partial";
/// Milliseconds too: two copies in one second (a person pressing Back up twice) get two names.
const STAMP: &str = "%Y%m%dT%H%M%S%3fZ";

/// One copy, as Settings > Backups and `storedesk-cli backup list` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BackupEntry {
    pub file_name: String,
    pub path: String,
    pub kind: BackupKind,
    /// When the copy was taken (unix ms, from its name).
    pub taken_at: i64,
    pub size_bytes: i64,
    /// What it holds; None when it could not be read (`problem` says why).
    pub contents: Option<BackupContents>,
    pub problem: Option<String>,
}

pub(super) fn final_name(kind: BackupKind, taken_at: i64) -> String {
    let time = DateTime::from_timestamp_millis(taken_at).unwrap_or_default();
    format!("{PREFIX}{}-{}{SUFFIX}", kind.as_str(), time.format(STAMP))
}

/// The temporary name of a copy being written by the process `instance`.
pub(super) fn partial_name(final_name: &str, instance: &str) -> String {
    format!(".{final_name}.{instance}{PARTIAL}")
}

/// The kind and time a final name says, or None for any other file.
fn parse_name(name: &str) -> Option<(BackupKind, i64)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (kind, stamp) = rest.rsplit_once('-')?;
    let kind = BackupKind::parse(kind)?;
    let time = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some((kind, time.and_utc().timestamp_millis()))
}

/// The instance that writes (or wrote) a temporary copy, or None for any other file.
fn partial_owner(name: &str) -> Option<&str> {
    let rest = name.strip_prefix('.')?.strip_suffix(PARTIAL)?;
    let (final_name, instance) = rest.rsplit_once('.')?;
    parse_name(final_name)?;
    Some(instance)
}

/// The copy at `path`, as its name and size say (None: not a copy's name).
pub(super) fn entry_at(path: &Path) -> Option<BackupEntry> {
    let file_name = path.file_name()?.to_string_lossy().into_owned();
    let (kind, taken_at) = parse_name(&file_name)?;
    let size_bytes = std::fs::metadata(path).map(|m| m.len() as i64).unwrap_or(0);
    Some(BackupEntry {
        path: path.display().to_string(),
        file_name,
        kind,
        taken_at,
        size_bytes,
        contents: None,
        problem: None,
    })
}

/// The copies in `dir`, newest first; with `read_contents`, each is opened read-only to say what it
/// holds. A missing folder has none.
pub async fn list(dir: &Path, read_contents: bool) -> Result<Vec<BackupEntry>, BackupError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(BackupError::io(dir, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| BackupError::io(dir, e))?;
        found.extend(entry_at(&entry.path()));
    }
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.file_name.cmp(&a.file_name)));
    if read_contents {
        for entry in &mut found {
            match contents(Path::new(&entry.path)).await {
                Ok(c) => entry.contents = Some(c),
                Err(e) => entry.problem = Some(e.to_string()),
            }
        }
    }
    Ok(found)
}

/// Applies the retention rule to the copies in `dir` (see `retention`) and removes temporary copies whose
/// writer has ended; returns the names removed.
pub async fn prune(dir: &Path, data_dir: &Path, now: i64) -> Result<Vec<String>, BackupError> {
    let copies = list(dir, false).await?;
    let dated: Vec<Dated> = copies.iter().map(|c| Dated { kind: c.kind, taken_at: c.taken_at }).collect();
    let keep = kept(&dated, now);
    let mut removed = Vec::new();
    for (i, copy) in copies.iter().enumerate() {
        if !keep.contains(&i) {
            std::fs::remove_file(&copy.path).map_err(|e| BackupError::io(Path::new(&copy.path), e))?;
            removed.push(copy.file_name.clone());
        }
    }
    let entries = std::fs::read_dir(dir).map_err(|e| BackupError::io(dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(owner) = partial_owner(&name) else { continue };
        if !crate::instance::is_alive(data_dir, owner) {
            let _ = std::fs::remove_file(entry.path());
            removed.push(name);
        }
    }
    if !removed.is_empty() {
        tracing::info!(dir = %dir.display(), removed = removed.len(), "old backups removed");
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_says_its_kind_and_time_and_nothing_else_is_taken_for_a_copy() {
        let at = 1_796_000_123_456;
        for kind in BackupKind::ALL {
            let name = final_name(kind, at);
            assert_eq!(parse_name(&name), Some((kind, at)), "{name}");
            let partial = partial_name(&name, "42-00ff");
            assert_eq!(parse_name(&partial), None);
            assert_eq!(partial_owner(&partial), Some("42-00ff"));
        }
        assert_eq!(final_name(BackupKind::PreMigration, at), "storedesk-pre-migration-20261130T005523456Z.db");
        for other in ["storedesk.db", "storedesk-daily-.db", "storedesk-weekly-20261130T005523456Z.db", "notes.txt"] {
            assert_eq!(parse_name(other), None, "{other}");
            assert_eq!(partial_owner(other), None, "{other}");
        }
    }
}
