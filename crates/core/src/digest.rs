//! SHA-256 digests as lowercase hex: stored key hashes, echo hashes of pushed values, request hashes of
//! idempotent writes. One place, so every digest is spelled the same way.

use sha2::{Digest, Sha256};

/// The SHA-256 of `parts` fed one after another, as 64 hex digits.
pub fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
    }
    hex(&h.finalize())
}

/// The first 16 bytes of the SHA-256 of `text`, as 32 hex digits (change detection, not secrets).
pub fn short_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes())[..16])
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(sha256_hex(&[b"abc"]), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(sha256_hex(&[b"a", b"bc"]), sha256_hex(&[b"abc"]));
        assert_eq!(short_hex("abc"), "ba7816bf8f01cfea414140de5dae2223");
    }
}
