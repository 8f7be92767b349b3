//! The token vault: secrets (tokens, client secrets) sealed with XChaCha20-Poly1305 before they touch
//! the database. The key lives in the OS keyring, or, where no keyring service runs, in a 0600 key file
//! in the data directory (ARCHITECTURE invariant 5).

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

const KEY_FILE: &str = "vault.key";
const KEYRING_SERVICE: &str = "storedesk";
const FORMAT_V1: u8 = 1;
const NONCE_LEN: usize = 24;

/// Where the vault key may be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// The OS keyring if it answers, else the key file.
    KeyringOrFile,
    /// Only the key file (tests, headless machines without a keyring).
    FileOnly,
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the vault key could not be read or written: {0}")]
    Key(String),
    #[error("a sealed secret could not be opened (wrong key, or the data was altered)")]
    Open,
    #[error("a secret could not be sealed")]
    Seal,
}

/// A secret string that never prints itself.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// Seals and opens secrets with one key.
#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
    /// Where the key is kept, for the logs and the settings screen.
    pub key_location: String,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vault").field("key_location", &self.key_location).finish_non_exhaustive()
    }
}

impl Vault {
    /// Opens the vault of a data directory, creating its key on first use. A key file already in the
    /// directory wins (it was the fallback before); else the keyring; else a new key goes to the keyring
    /// if it accepts it, or to a new 0600 key file.
    pub fn open(data_dir: &Path, source: KeySource) -> Result<Vault, VaultError> {
        let file = data_dir.join(KEY_FILE);
        if file.exists() {
            return Ok(Vault::with_key(&read_key_file(&file)?, format!("file {}", file.display())));
        }
        let entry = match source {
            KeySource::KeyringOrFile => keyring_entry(data_dir),
            KeySource::FileOnly => None,
        };
        if let Some(entry) = &entry {
            match entry.get_secret() {
                Ok(key) if key.len() == 32 => return Ok(Vault::with_key(&key, "the OS keyring".into())),
                Ok(_) => return Err(VaultError::Key("the keyring holds a key of the wrong size".into())),
                Err(keyring::Error::NoEntry) => {}
                Err(e) => tracing::info!(error = %e, "no usable OS keyring; the vault key goes to a file"),
            }
        }
        let key = random_bytes::<32>()?;
        if let Some(entry) = &entry {
            if entry.set_secret(&key).is_ok() && entry.get_secret().ok().as_deref() == Some(&key[..]) {
                return Ok(Vault::with_key(&key, "the OS keyring".into()));
            }
        }
        write_key_file(&file, &key)?;
        Ok(Vault::with_key(&key, format!("file {}", file.display())))
    }

    fn with_key(key: &[u8], key_location: String) -> Vault {
        Vault { cipher: XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(key)), key_location }
    }

    /// Seals `plaintext`, bound to `context` (e.g. "shop:3/tokens"): a blob copied to another row does
    /// not open there.
    pub fn seal(&self, context: &str, plaintext: &[u8]) -> Result<Vec<u8>, VaultError> {
        let nonce = random_bytes::<NONCE_LEN>().map_err(|_| VaultError::Seal)?;
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: context.as_bytes() })
            .map_err(|_| VaultError::Seal)?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(FORMAT_V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    pub fn open_sealed(&self, context: &str, blob: &[u8]) -> Result<Vec<u8>, VaultError> {
        if blob.len() < 1 + NONCE_LEN || blob[0] != FORMAT_V1 {
            return Err(VaultError::Open);
        }
        let (nonce, sealed) = blob[1..].split_at(NONCE_LEN);
        self.cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: context.as_bytes() })
            .map_err(|_| VaultError::Open)
    }
}

fn keyring_entry(data_dir: &Path) -> Option<keyring::Entry> {
    // One key per data directory, so a test or a second profile never reads another's key.
    let user = format!("vault-key:{}", data_dir.canonicalize().unwrap_or_else(|_| data_dir.to_path_buf()).display());
    keyring::Entry::new(KEYRING_SERVICE, &user).ok()
}

fn random_bytes<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| VaultError::Key(format!("no randomness: {e}")))?;
    Ok(bytes)
}

fn read_key_file(path: &PathBuf) -> Result<Vec<u8>, VaultError> {
    let key = std::fs::read(path).map_err(|e| VaultError::Key(format!("{}: {e}", path.display())))?;
    if key.len() != 32 {
        return Err(VaultError::Key(format!("{} is not a vault key (wrong size)", path.display())));
    }
    Ok(key)
}

fn write_key_file(path: &Path, key: &[u8]) -> Result<(), VaultError> {
    let fail = |e: std::io::Error| VaultError::Key(format!("{}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Created 0600: the key is readable by its owner only, from the first byte written.
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(fail)?;
    file.write_all(key).and_then(|_| file.sync_all()).map_err(fail)
}

impl From<VaultError> for crate::error::ApiError {
    fn from(e: VaultError) -> Self {
        crate::error::ApiError::new(crate::error::ErrorCode::Vault, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_bound_to_context() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::open(dir.path(), KeySource::FileOnly).unwrap();
        let blob = vault.seal("shop:1/tokens", b"APP_USR-secret").unwrap();
        assert!(!blob.windows(14).any(|w| w == b"APP_USR-secret"), "ciphertext hides the plaintext");
        assert_eq!(vault.open_sealed("shop:1/tokens", &blob).unwrap(), b"APP_USR-secret");
        assert!(matches!(vault.open_sealed("shop:2/tokens", &blob), Err(VaultError::Open)));
        let mut tampered = blob.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(matches!(vault.open_sealed("shop:1/tokens", &tampered), Err(VaultError::Open)));
        assert!(matches!(vault.open_sealed("shop:1/tokens", b"short"), Err(VaultError::Open)));
        // Two seals of the same secret differ (fresh nonce).
        assert_ne!(vault.seal("c", b"x").unwrap(), vault.seal("c", b"x").unwrap());
    }

    #[test]
    fn the_key_file_is_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::open(dir.path(), KeySource::FileOnly).unwrap();
        let blob = vault.seal("c", b"secret").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = Vault::open(dir.path(), KeySource::KeyringOrFile).unwrap();
        assert_eq!(again.open_sealed("c", &blob).unwrap(), b"secret", "the same key is found again");
        std::fs::write(dir.path().join(KEY_FILE), b"short").unwrap();
        assert!(matches!(Vault::open(dir.path(), KeySource::FileOnly), Err(VaultError::Key(_))));
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("APP_USR-123");
        assert_eq!(format!("{s:?} {s}"), "Secret(***) ***");
    }
}
