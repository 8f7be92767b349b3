//! Which storedesk process is which, among those sharing a data directory (the desktop app, the daemon,
//! one-shot CLI commands).
//!
//! Each process that opens the store holds an exclusive OS lock on a file of its own,
//! `instances/<id>.lock`, for as long as it runs; the sync runs it starts carry its id as their owner. The
//! OS drops the lock when the process ends, however it ends (a crash, SIGKILL, a power cut). So "is the
//! process that owns this run still alive?" has an exact answer: try to take its lock. Only then may a
//! run left `running` be called interrupted; a run of a live process is never touched.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// This process's identity, alive while the value is.
#[derive(Debug)]
pub struct Instance {
    id: String,
    path: PathBuf,
    // Held, never read: the lock lives as long as the open file.
    _file: File,
}

fn lock_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("instances")
}

fn lock_file(data_dir: &Path, id: &str) -> PathBuf {
    lock_dir(data_dir).join(format!("{id}.lock"))
}

impl Instance {
    /// Creates this process's lock file and takes its lock.
    pub fn acquire(data_dir: &Path) -> std::io::Result<Instance> {
        std::fs::create_dir_all(lock_dir(data_dir))?;
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        let id = format!("{}-{:016x}", std::process::id(), u64::from_le_bytes(bytes));
        let path = lock_file(data_dir, &id);
        let file = OpenOptions::new().create(true).truncate(true).write(true).open(&path)?;
        file.try_lock().map_err(|e| match e {
            TryLockError::Error(e) => e,
            TryLockError::WouldBlock => std::io::Error::other("a fresh lock file is already locked"),
        })?;
        Ok(Instance { id, path, _file: file })
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether the process with this instance id still runs. A missing lock file, or one whose lock can be
/// taken, means it has ended; the stale file is removed.
pub fn is_alive(data_dir: &Path, id: &str) -> bool {
    // Ids are ours (`pid-hex`); anything else names no lock file and no live process.
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return false;
    }
    let path = lock_file(data_dir, id);
    let Ok(file) = OpenOptions::new().write(true).open(&path) else { return false };
    match file.try_lock() {
        Ok(()) => {
            drop(file);
            let _ = std::fs::remove_file(&path);
            false
        }
        Err(TryLockError::WouldBlock) => true,
        // Cannot tell: assume alive, so a live run is never relabelled.
        Err(TryLockError::Error(_)) => true,
    }
}

/// The ids of the storedesk processes that have the data directory open now.
pub fn live_instances(data_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(lock_dir(data_dir)) else { return Vec::new() };
    let mut ids: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".lock")).map(str::to_owned))
        .filter(|id| is_alive(data_dir, id))
        .collect();
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_instance_is_alive_and_a_dropped_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let me = Instance::acquire(dir.path()).unwrap();
        let other = Instance::acquire(dir.path()).unwrap();
        assert_ne!(me.id(), other.id());
        assert!(is_alive(dir.path(), other.id()));
        let gone = other.id().to_owned();
        drop(other);
        assert!(!is_alive(dir.path(), &gone));
        assert!(!is_alive(dir.path(), "never-existed"));
        assert!(!is_alive(dir.path(), "../../etc/passwd"));
        assert!(is_alive(dir.path(), me.id()));
        assert_eq!(live_instances(dir.path()), vec![me.id().to_owned()]);
    }

    #[test]
    fn a_lock_file_left_by_a_killed_process_is_not_alive_and_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A killed process leaves its file behind, unlocked (the OS dropped the lock).
        std::fs::create_dir_all(lock_dir(dir.path())).unwrap();
        let left = lock_file(dir.path(), "4242-00000000deadbeef");
        std::fs::write(&left, b"").unwrap();
        assert!(!is_alive(dir.path(), "4242-00000000deadbeef"));
        assert!(!left.exists());
    }
}
