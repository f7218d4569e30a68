//! A token or app secret that can only be shown masked.
//!
//! Every secret the tool reads is wrapped in [`Secret`] at once, so that `Debug`, `Display`
//! and error messages can never print it whole. The raw value is registered for
//! [`scrub`], the last line of defence applied to every line the tool prints.

use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::Mutex;

/// Values that must never be printed, whatever code path tries.
static REGISTERED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Shorter than this and it is not a real Meta token: masking would reveal most of it.
const MIN_MASKABLE: usize = 24;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        // Very short values (test fixtures, "x") would make scrubbing mangle ordinary text.
        if value.len() >= 8 {
            let mut registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
            if !registered.contains(&value) {
                registered.push(value.clone());
            }
        }
        Secret(value)
    }

    /// The raw value: only for the HTTP layer, the env file and `--show-token`.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// First 6 and last 4 characters around `…`; `…` alone for a short value.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }

    /// `sha256:` and the first 12 hex digits of the SHA-256 of the value.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < MIN_MASKABLE {
        return "…".to_string();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

pub fn fingerprint(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    format!("sha256:{}", &hex::encode(digest)[..12])
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Replace every registered secret in `text` by its masked form.
pub fn scrub(text: &str) -> String {
    let registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = text.to_string();
    for value in registered.iter() {
        if out.contains(value.as_str()) {
            out = out.replace(value.as_str(), &mask(value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_long_values_and_hides_short_ones() {
        let s = Secret::new("EAAG1234567890abcdefghijklmnopWXYZ");
        assert_eq!(s.masked(), "EAAG12…WXYZ");
        assert_eq!(Secret::new("short-token").masked(), "…");
        assert_eq!(format!("{s:?}"), "Secret(redacted)");
        assert_eq!(format!("{s}"), "EAAG12…WXYZ");
    }

    #[test]
    fn fingerprint_is_sha256_prefix() {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assert_eq!(fingerprint("abc"), "sha256:ba7816bf8f01");
    }

    #[test]
    fn scrub_removes_registered_values() {
        let s = Secret::new("SCRUBME0123456789abcdefghijklmnop");
        let line = format!("failed: GET /debug_token?input_token={}", s.expose());
        let clean = scrub(&line);
        assert!(!clean.contains(s.expose()));
        assert!(clean.contains("SCRUBM…mnop"));
    }
}
