//! What the front ends are told about backups: the settings, the copies per folder, a copy just taken.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::BackupEntry;

/// Where copies go besides `backups/` in the data directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BackupSettings {
    /// A folder of the person's choice (a synced or external drive); every copy is also put there.
    pub second_folder: Option<String>,
}

/// Settings > Backups: the copies in each folder, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BackupOverview {
    pub folder: String,
    pub copies: Vec<BackupEntry>,
    pub second_folder: Option<String>,
    pub second_copies: Vec<BackupEntry>,
    /// The second folder could not be read (a drive not plugged in, say).
    pub second_folder_problem: Option<String>,
}

/// A copy just taken, and how putting it in the second folder went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BackupTaken {
    pub copy: BackupEntry,
    pub second_copy: Option<BackupEntry>,
    /// The copy is safe in `backups/`, but could not be put in the second folder: why.
    pub second_problem: Option<String>,
}
