//! A token or app secret that can only be shown masked.
//!
//! Every secret the tool reads is wrapped in [`Secret`] at once, so that `Debug`, `Display`
//! and error messages can never print it whole. The raw value is registered for
//! [`scrub`], the last line of defence applied to every line the tool prints.

use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{LazyLock, Mutex};

/// Values that must never be printed, whatever code path tries.
static REGISTERED: LazyLock<Mutex<Registry>> = LazyLock::new(|| Mutex::new(Registry::default()));

/// Registered values are at least this long (shorter ones would mangle ordinary text), so
/// their first bytes index them.
const MIN_REGISTERED: usize = 8;

/// Shorter than this and it is not a real Meta token: masking would reveal most of it.
const MIN_MASKABLE: usize = 24;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        // Very short values (test fixtures, "x") would make scrubbing mangle ordinary text.
        if value.len() >= MIN_REGISTERED {
            REGISTERED.lock().unwrap_or_else(|e| e.into_inner()).add(&value);
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
    REGISTERED.lock().unwrap_or_else(|e| e.into_inner()).scrub(text)
}

/// The registered secrets, indexed by their first 8 bytes: a fleet registers thousands of
/// tokens and prints a line per target, and searching every line for every token one by
/// one would cost their product. One pass over the text finds them all instead.
#[derive(Default)]
struct Registry {
    values: Vec<String>,
    /// Every value, to register each once.
    known: HashSet<String>,
    /// The first 8 bytes of a value → the values that start with them.
    by_head: HashMap<u64, Vec<usize>>,
    /// The first 2 bytes of every value as a bit set (65,536 bits): most positions of a
    /// text are passed over with one bit test, before any hashing.
    pairs: Vec<u64>,
}

impl Registry {
    fn add(&mut self, value: &str) {
        if !self.known.insert(value.to_string()) {
            return;
        }
        let bytes = value.as_bytes();
        let pair = pair_at(bytes, 0);
        self.pairs.resize(1024, 0);
        self.pairs[pair / 64] |= 1 << (pair % 64);
        self.by_head.entry(head(bytes)).or_default().push(self.values.len());
        self.values.push(value.to_string());
    }

    /// The longest registered value that starts at `at`, if any.
    fn match_at(&self, text: &[u8], at: usize) -> Option<&str> {
        let pair = pair_at(text, at);
        if self
            .pairs
            .get(pair / 64)
            .is_none_or(|bits| bits & (1 << (pair % 64)) == 0)
        {
            return None;
        }
        self.by_head
            .get(&head(&text[at..]))?
            .iter()
            .map(|&i| self.values[i].as_str())
            .filter(|v| text[at..].starts_with(v.as_bytes()))
            .max_by_key(|v| v.len())
    }

    fn scrub(&self, text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        // `copied` is where the text not yet copied starts. A match starts on a character
        // boundary, since every value is whole UTF-8 itself.
        let (mut copied, mut at) = (0, 0);
        while at + MIN_REGISTERED <= bytes.len() {
            match self.match_at(bytes, at) {
                Some(value) => {
                    out.push_str(&text[copied..at]);
                    out.push_str(&mask(value));
                    at += value.len();
                    copied = at;
                }
                None => at += 1,
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

fn pair_at(bytes: &[u8], at: usize) -> usize {
    usize::from(bytes[at]) << 8 | usize::from(bytes[at + 1])
}

/// The first 8 bytes as a number (the caller ensures there are 8).
fn head(bytes: &[u8]) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&bytes[..MIN_REGISTERED]);
    u64::from_le_bytes(first)
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

    #[test]
    fn scrub_finds_every_value_in_one_pass() {
        let mut r = Registry::default();
        let tokens: Vec<String> = (0..2000)
            .map(|i| format!("EAAGfleet{i:05}xxxxxxxxxxxxxxxxxxxx"))
            .collect();
        for t in &tokens {
            r.add(t);
        }
        r.add("EAAGfleet00001xxxxxxxxxxxxxxxxxxxxLONGER");
        r.add("appsecret-ä-0123456789abcd");
        let line = format!(
            "ä {} and {}| {}LONGER, appsecret-ä-0123456789abcd …",
            tokens[0], tokens[1999], tokens[1]
        );
        assert_eq!(
            r.scrub(&line),
            "ä EAAGfl…xxxx and EAAGfl…xxxx| EAAGfl…NGER, appsec…abcd …"
        );
        assert_eq!(r.scrub("short"), "short");
        assert_eq!(
            Registry::default().scrub("nothing registered here"),
            "nothing registered here"
        );
    }
}
