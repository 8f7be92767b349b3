//! Backups of what only storedesk holds: a daily copy taken by the owner's background work, copies on
//! demand, a second folder of the person's choice, and the way back (restore) from Settings, from the start
//! screen when the database is found damaged, and from the command line.
//!
//! Taking and checking a copy lives in core (`storedesk_core::backup`); this module decides when, where to,
//! and what a front end is told.

use std::path::{Path, PathBuf};
use std::time::Duration;

use storedesk_core::backup::{self, backups_dir, BackupContents, BackupEntry, BackupKind, Restored};
pub use storedesk_core::backup::{BackupOverview, BackupSettings, BackupTaken};
use storedesk_core::{ApiError, ErrorCode};

use crate::{App, Result};

/// How often the background work looks whether the day's copy is due.
const CHECK_EVERY: Duration = Duration::from_secs(15 * 60);
/// Wait this long after start before the first look: the first minutes belong to the first sync.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(60);
/// A daily copy is due when the newest is older than this.
const DAILY_EVERY_MS: i64 = 24 * 60 * 60 * 1000;

const SETTINGS_KEY: &str = "backups";

impl App {
    pub async fn backup_settings(&self) -> Result<BackupSettings> {
        Ok(self.store().setting(SETTINGS_KEY).await?.unwrap_or_default())
    }

    /// Sets the second folder (None: only `backups/`). The folder must be one storedesk can write to.
    pub async fn set_backup_settings(&self, settings: BackupSettings) -> Result<BackupSettings> {
        let second_folder = match settings.second_folder.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(folder) => Some(self.check_second_folder(Path::new(folder))?),
        };
        let settings = BackupSettings { second_folder };
        self.store().put_setting(SETTINGS_KEY, &settings).await?;
        Ok(settings)
    }

    fn check_second_folder(&self, folder: &Path) -> Result<String> {
        let invalid = |why: String| ApiError::new(ErrorCode::InvalidInput, why);
        if !folder.is_absolute() {
            return Err(invalid(format!("{} is not a full path: choose a folder from the root", folder.display())));
        }
        // Compared as the file system resolves them (`..`, links): a second copy inside the data folder
        // is lost with the first.
        let resolved = folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf());
        let data_dir = self.data_dir().canonicalize().unwrap_or_else(|_| self.data_dir().to_path_buf());
        if resolved.starts_with(&data_dir) {
            return Err(invalid(
                "that folder is inside storedesk's own data folder: a second copy there is lost with the first".into(),
            ));
        }
        if !folder.is_dir() {
            return Err(invalid(format!("{} is not a folder (or it is not there)", folder.display())));
        }
        let probe = folder.join(".storedesk-write-check");
        std::fs::write(&probe, b"")
            .and_then(|()| std::fs::remove_file(&probe))
            .map_err(|e| invalid(format!("storedesk cannot write to {}: {e}", folder.display())))?;
        Ok(folder.display().to_string())
    }

    /// The copies in `backups/` and in the second folder, with what each holds.
    pub async fn backups(&self) -> Result<BackupOverview> {
        let folder = backups_dir(self.data_dir());
        let copies = backup::list(&folder, true).await?;
        let second_folder = self.backup_settings().await?.second_folder;
        let (second_copies, second_folder_problem) = match &second_folder {
            None => (Vec::new(), None),
            Some(dir) => match backup::list(Path::new(dir), true).await {
                Ok(copies) => (copies, None),
                Err(e) => (Vec::new(), Some(e.to_string())),
            },
        };
        Ok(BackupOverview {
            folder: folder.display().to_string(),
            copies,
            second_folder,
            second_copies,
            second_folder_problem,
        })
    }

    /// Takes a copy now into `backups/` (and the second folder), then applies the retention rule to both.
    pub async fn back_up_now(&self) -> Result<BackupTaken> {
        self.take_backup(BackupKind::Manual).await
    }

    /// Takes a copy into `dir` only (`storedesk-cli backup create --to DIR`); no rule prunes that folder.
    pub async fn back_up_to(&self, dir: &Path) -> Result<BackupEntry> {
        Ok(self.store().back_up(BackupKind::Manual, dir).await?)
    }

    async fn take_backup(&self, kind: BackupKind) -> Result<BackupTaken> {
        let store = self.store();
        let primary = backups_dir(self.data_dir());
        let copy = store.back_up(kind, &primary).await?;
        let mut taken = BackupTaken { copy, second_copy: None, second_problem: None };
        if let Some(dir) = self.backup_settings().await?.second_folder {
            let dir = PathBuf::from(dir);
            match backup::copy_file_to(&taken.copy, &dir, store.instance_id()).await {
                Ok(second) => taken.second_copy = Some(second),
                Err(e) => {
                    tracing::warn!(error = %e, "the backup could not be put in the second folder");
                    taken.second_problem = Some(e.to_string());
                }
            }
            if let Err(e) = backup::prune(&dir, self.data_dir(), store.now()).await {
                tracing::warn!(error = %e, "old backups in the second folder could not be removed");
            }
        }
        // The copy is taken and good: a copy that could not be removed is for the log, not a failure.
        if let Err(e) = backup::prune(&primary, self.data_dir(), store.now()).await {
            tracing::warn!(error = %e, "old backups could not be removed");
        }
        Ok(taken)
    }

    /// Takes the day's copy when the newest daily one is older than a day (or there is none); returns it.
    pub async fn back_up_if_due(&self) -> Result<Option<BackupTaken>> {
        let now = self.store().now();
        // Only a copy of the last day counts: one dated ahead (a clock that was wrong) must not stop the
        // daily copies until its date.
        let recent = backup::list(&backups_dir(self.data_dir()), false)
            .await?
            .into_iter()
            .any(|c| c.kind == BackupKind::Daily && (0..DAILY_EVERY_MS).contains(&(now - c.taken_at)));
        if recent {
            return Ok(None);
        }
        self.take_backup(BackupKind::Daily).await.map(Some)
    }

    /// The background loop of an owner: the daily copy, checked every quarter of an hour, until `stop`.
    pub(crate) async fn back_up_daily(&self, mut stop: tokio::sync::watch::Receiver<bool>) {
        let mut wait = FIRST_CHECK_AFTER;
        loop {
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = stop.changed() => return,
            }
            if *stop.borrow() {
                return;
            }
            if let Err(e) = self.back_up_if_due().await {
                tracing::error!(error = %e, "the daily backup failed");
            }
            wait = CHECK_EVERY;
        }
    }
}

/// Checks a copy fully and says what it holds (`storedesk-cli backup verify`).
pub async fn verify_backup(file: &Path) -> Result<BackupContents> {
    Ok(backup::verify(file).await?)
}

/// The copies in a data directory's `backups/`, with what each holds (for when the app cannot open).
pub async fn list_backups(data_dir: &Path) -> Result<Vec<BackupEntry>> {
    Ok(backup::list(&backups_dir(data_dir), true).await?)
}

/// The newest copy in `backups/` that opens and reads as storedesk's: what the start screen offers when
/// the database is found damaged.
pub async fn newest_good_backup(data_dir: &Path) -> Option<BackupEntry> {
    list_backups(data_dir).await.ok()?.into_iter().find(|c| c.problem.is_none())
}

/// Puts a copy back as the database of `data_dir` (the current file is kept aside). No other process may
/// have the data directory open; `this_process` (a process id) is the caller, whose apps are closed
/// already. The next `App::open` runs on the restored data, and its sync brings back what changed at the
/// shops since.
pub async fn restore_backup(data_dir: &Path, file: &Path, this_process: Option<u32>) -> Result<Restored> {
    Ok(backup::restore(data_dir, file, this_process).await?)
}
