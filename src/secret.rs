//! A token or app secret that can only be shown masked.
//!
//! Every secret the tool reads is wrapped in [`Secret`] at once, so that `Debug`, `Display`
//! and error messages can never print it whole. The raw value is registered for
//! [`scrub`], the last line of defence applied to every line the tool prints; a value that
//! is not (yet) a [`Secret`], such as a raw paste, is registered with [`register`].

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

/// What [`scrub`] searches for: every registered value in each form it may be printed in
/// (a "needle"; every needle is at least [`MIN_REGISTERED`] bytes long).
static REGISTERED: Mutex<Registry> = Mutex::new(Registry::new());

/// The needles, indexed so that one pass over a text finds them all, however many there
/// are (a fleet check registers a token per target): a bitset of the needles' first two
/// bytes rules out almost every position at the cost of one bit test, and the needles
/// are grouped by their first 8 bytes for the rest.
///
/// Nothing done while the lock is held may panic: the panic hook calls [`scrub`], which
/// takes the same lock, so a panic there would deadlock. All indexing below is bounded by
/// the checks before it, and everything that formats or allocates much happens outside.
struct Registry {
    first_pairs: [u64; 1024],
    by_head: BTreeMap<[u8; MIN_REGISTERED], Vec<Box<str>>>,
}

impl Registry {
    const fn new() -> Self {
        Registry {
            first_pairs: [0; 1024],
            by_head: BTreeMap::new(),
        }
    }

    fn pair(bytes: &[u8]) -> usize {
        (usize::from(bytes[0]) << 8) | usize::from(bytes[1])
    }

    fn insert(&mut self, needle: String) {
        let head = needle
            .as_bytes()
            .get(..MIN_REGISTERED)
            .and_then(|h| <[u8; MIN_REGISTERED]>::try_from(h).ok());
        let Some(head) = head else { return };
        let pair = Self::pair(&head);
        self.first_pairs[pair / 64] |= 1 << (pair % 64);
        let bucket = self.by_head.entry(head).or_default();
        if !bucket.iter().any(|n| **n == *needle) {
            bucket.push(needle.into_boxed_str());
        }
    }

    /// Every occurrence of every needle in `text`, overlapping ones included. A needle
    /// starts with a whole character, so a byte-wise match starts and ends on char
    /// boundaries.
    fn find_all(&self, text: &str, ranges: &mut Vec<(usize, usize)>) {
        let bytes = text.as_bytes();
        if bytes.len() < MIN_REGISTERED || self.by_head.is_empty() {
            return;
        }
        for at in 0..=bytes.len() - MIN_REGISTERED {
            let pair = Self::pair(&bytes[at..]);
            if self.first_pairs[pair / 64] & (1 << (pair % 64)) == 0 {
                continue;
            }
            let Ok(head) = <[u8; MIN_REGISTERED]>::try_from(&bytes[at..at + MIN_REGISTERED]) else {
                continue;
            };
            for needle in self.by_head.get(&head).into_iter().flatten() {
                if bytes[at..].starts_with(needle.as_bytes()) {
                    ranges.push((at, at + needle.len()));
                }
            }
        }
    }
}

/// Shorter than this and it is not a real Meta token: masking would reveal most of it.
const MIN_MASKABLE: usize = 24;

/// Shorter than this (in bytes) and a value is not registered for [`scrub`]: test fixtures
/// and one-letter values would make scrubbing mangle ordinary text.
const MIN_REGISTERED: usize = 8;

/// How much of a string Rust's own panic messages quote (`core::str::slice_error_fail`
/// truncates the string it shows to this many bytes, then adds `[...]`).
const PANIC_QUOTE_LEN: usize = 256;

/// A Meta user or system-user access token starts with this…
const META_PREFIX: &[u8] = b"EAA";
/// …followed by at least this many ASCII letters and digits.
const META_MIN_TAIL: usize = 20;
/// An app token is `APP_ID|APP_SECRET`: at least this many digits before the `|`…
const APP_ID_MIN: usize = 6;
/// …and at least this many of `[A-Za-z0-9_-]` after it.
const APP_SECRET_MIN: usize = 16;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        register(&value);
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

/// Register `value` so that [`scrub`] masks it wherever it appears from now on, for the
/// rest of the process. [`Secret::new`] calls this; call it directly for a value that must
/// never be printed but is not a `Secret` (yet), such as a raw paste before it is cleaned.
///
/// Contract:
/// - Values shorter than 8 bytes are ignored (they would mask ordinary words).
/// - Registering the same value twice is harmless.
/// - Besides the value itself, its JSON-escaped form (what `serde_json` prints for a value
///   holding `"`, `\` or a control character) and its Rust `Debug` form (what
///   `{:?}` or an `unwrap` panic prints) are registered. For a value longer than the 256
///   bytes a Rust panic message quotes of a string, that quoted prefix is registered too.
/// - Never panics (a poisoned lock is recovered), so it is safe to call anywhere, also
///   before any code that might panic.
pub fn register(value: &str) {
    if value.len() < MIN_REGISTERED {
        return;
    }
    let mut forms = vec![value.to_string()];
    let json = json_escaped(value);
    if json != value {
        forms.push(json);
    }
    let debug = debug_escaped(value);
    if debug != value && !forms.contains(&debug) {
        forms.push(debug);
    }
    if value.len() > PANIC_QUOTE_LEN {
        let mut cut = PANIC_QUOTE_LEN;
        while !value.is_char_boundary(cut) {
            cut -= 1;
        }
        if cut >= MIN_REGISTERED {
            forms.push(value[..cut].to_string());
        }
    }
    // Everything that allocates or formats happens before the lock is taken.
    let mut registered = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
    for form in forms {
        registered.insert(form);
    }
}

/// The value as `serde_json` writes it inside a string, without the surrounding quotes.
fn json_escaped(value: &str) -> String {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(value)
        .to_string()
}

/// The value as `{:?}` writes it, without the surrounding quotes.
fn debug_escaped(value: &str) -> String {
    let quoted = format!("{value:?}");
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(value)
        .to_string()
}

/// First 6 and last 4 characters around `…`; `…` alone for a value shorter than 24
/// characters. Counts characters, never bytes, so any string is safe.
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

/// Mask everything in `text` that is or looks like a secret. The last line of defence:
/// every line the tool prints (human, JSON, errors, the panic hook) passes through it.
///
/// What is masked:
/// 1. every value given to [`register`] (so every [`Secret`]), also in its JSON-escaped
///    and `Debug`-escaped forms, wherever it occurs, overlapping occurrences included;
/// 2. anything that looks like a Meta access token: `EAA` followed by at least 20 ASCII
///    letters or digits (the whole run of letters and digits is masked, wherever it
///    starts, even inside a longer word);
/// 3. the secret half of an app token: at least 6 digits, `|` (or `%7C`/`%7c`, as in a
///    URL), then at least 16 of `[A-Za-z0-9_-]`: that run after the separator is masked,
///    the app ID before it is kept.
///
/// How: all matches are found first, overlapping ones are merged, and each merged stretch
/// is replaced by its first 6 and last 4 characters around `…` (`…` alone when the
/// stretch is shorter than 24 characters, or when those 10 characters would include `\`,
/// `"`, `…`, whitespace or a control character). So a registered value that contains no
/// `…` never survives whole, whatever surrounds it, and the replacement never contains a
/// character that JSON or `Debug` would escape. A stretch that starts or ends inside a
/// JSON escape (`\n`, `\"`, `\u001b`) is widened to the whole escape, so valid JSON stays
/// valid JSON.
///
/// Text with nothing to mask comes back unchanged. Never panics; works on characters,
/// never splits one. One pass over the text, whatever the number of registered values:
/// 20 000 lines take about 70 ms with 10 registered values and 95 ms with 1 000, in a
/// debug build (the ignored `scrub_is_fast` test measures it).
pub fn scrub(text: &str) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    REGISTERED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .find_all(text, &mut ranges);
    find_meta_tokens(text.as_bytes(), &mut ranges);
    find_app_secrets(text.as_bytes(), &mut ranges);
    if ranges.is_empty() {
        return text.to_string();
    }
    let ranges = merge(text, ranges);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in ranges {
        out.push_str(&text[at..start]);
        out.push_str(&mask_stretch(&text[start..end]));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// `EAA` followed by at least 20 ASCII letters or digits: the whole run from `EAA` on.
/// Works on bytes: every byte of the match is ASCII, so both ends are char boundaries.
fn find_meta_tokens(bytes: &[u8], ranges: &mut Vec<(usize, usize)>) {
    let mut i = 0;
    while i + META_PREFIX.len() <= bytes.len() {
        if &bytes[i..i + META_PREFIX.len()] != META_PREFIX {
            i += 1;
            continue;
        }
        let tail_start = i + META_PREFIX.len();
        let tail_end = run_end(bytes, tail_start, |b| b.is_ascii_alphanumeric());
        if tail_end - tail_start >= META_MIN_TAIL {
            ranges.push((i, tail_end));
        }
        // Any later `EAA` inside this run has an even shorter tail, or is already covered.
        i = tail_end.max(i + 1);
    }
}

/// The secret half of `APP_ID|APP_SECRET` (or `APP_ID%7CAPP_SECRET`).
fn find_app_secrets(bytes: &[u8], ranges: &mut Vec<(usize, usize)>) {
    let secret_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let mut i = 0;
    while i < bytes.len() {
        let separator = if bytes[i] == b'|' {
            1
        } else if bytes[i] == b'%' && bytes.len() >= i + 3 && bytes[i + 1..i + 3].eq_ignore_ascii_case(b"7c") {
            3
        } else {
            i += 1;
            continue;
        };
        let digits = bytes[..i].iter().rev().take_while(|b| b.is_ascii_digit()).count();
        let start = i + separator;
        let end = run_end(bytes, start, secret_byte);
        if digits >= APP_ID_MIN && end - start >= APP_SECRET_MIN {
            ranges.push((start, end));
        }
        i = end.max(i + 1);
    }
}

/// The first index at or after `from` whose byte does not satisfy `keep`.
fn run_end(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    from + bytes[from.min(bytes.len())..].iter().take_while(|&&b| keep(b)).count()
}

/// Sort, widen to whole JSON escapes, and merge overlapping or touching ranges.
fn merge(text: &str, mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    for r in ranges.iter_mut() {
        *r = widen_to_escapes(text, *r);
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    // A merged range starts where some widened range starts and ends where one ends, so
    // it neither starts nor ends inside an escape either.
    merged
}

/// Is the backslash at byte `at` the start of an escape, that is preceded by an even
/// number of backslashes?
fn escaping_backslash(bytes: &[u8], at: usize) -> bool {
    bytes[at] == b'\\'
        && bytes[..at]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count()
            .is_multiple_of(2)
}

/// The length of the escape that starts with the escaping backslash at `at`: 6 for
/// `\uXXXX`, else 2 (or what is left of the text).
fn escape_len(bytes: &[u8], at: usize) -> usize {
    let hex = bytes[at + 1..]
        .iter()
        .skip(1)
        .take(4)
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    if bytes.get(at + 1) == Some(&b'u') && hex == 4 {
        6
    } else {
        2.min(bytes.len() - at)
    }
}

/// Widen `(start, end)` so that it neither starts nor ends inside a backslash escape.
/// Escapes are ASCII; the byte after a backslash may start a multi-byte character, so the
/// end is moved to a char boundary.
fn widen_to_escapes(text: &str, (mut start, mut end): (usize, usize)) -> (usize, usize) {
    let bytes = text.as_bytes();
    for back in 1..=5 {
        let Some(at) = start.checked_sub(back) else { break };
        if escaping_backslash(bytes, at) {
            if at + escape_len(bytes, at) > start {
                start = at;
            }
            break;
        }
    }
    for back in 1..=5 {
        let Some(at) = end.checked_sub(back) else { break };
        if at < start {
            break;
        }
        if escaping_backslash(bytes, at) {
            end = end.max(at + escape_len(bytes, at));
            break;
        }
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (start, end)
}

/// The replacement for one merged stretch: like [`mask`], but `…` alone when the kept
/// characters would include one that JSON or `Debug` escapes, whitespace, or `…` itself.
fn mask_stretch(stretch: &str) -> String {
    let masked = mask(stretch);
    let unsafe_char = |c: char| c == '\\' || c == '"' || c.is_whitespace() || c.is_control();
    // `mask` puts its own `…` after the head; a `…` kept from the stretch makes the part
    // after the first `…` contain a second one.
    let (head, tail) = masked.split_once('…').unwrap_or(("", ""));
    if head.chars().any(unsafe_char) || tail.chars().any(unsafe_char) || tail.contains('…') {
        return "…".to_string();
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn scrub_leaves_clean_text_alone() {
        for text in [
            "",
            "wa-token: token valid, expires in 12 days",
            "résumé 日本 🦀 | days=12;7;1",
            "EAA is a prefix; EAAshort is not a token",
            "sha256:ba7816bf8f01 EAAG12…WXYZ",
            "12345|short 1234567|abcdefghijklmno",
        ] {
            assert_eq!(scrub(text), text);
        }
    }

    #[test]
    fn scrub_masks_registered_values_that_overlap_themselves() {
        // Occurrences at 0 and 30 overlap; replacing only the first would rebuild the second
        // from the mask's last four characters.
        let middle = "middlepartofthescrubtest"; // 24
        let s = format!("wxyz{middle}wxyz");
        register(&s);
        let text = format!("{s}{middle}wxyz");
        let clean = scrub(&text);
        assert!(!clean.contains(&s), "{clean}");
        assert_eq!(clean, "wxyzmi…wxyz");
    }

    #[test]
    fn scrub_masks_what_looks_like_a_meta_token() {
        let token = "EAAQ7unregisteredZZ0123456789abcdef";
        assert_eq!(scrub(&format!("token={token}&x=1")), "token=EAAQ7u…cdef&x=1");
        // Inside a longer word too, and in a URL.
        assert_eq!(
            scrub(&format!("https://h/me?access_token={token}")),
            "https://h/me?access_token=EAAQ7u…cdef"
        );
        assert_eq!(scrub(&format!("x{token}")), "xEAAQ7u…cdef");
        // Exactly 20 after EAA: masked (23 characters, so `…` alone); 19: left alone.
        assert_eq!(scrub("a EAA01234567890123456789 b"), "a … b");
        assert_eq!(scrub("a EAA0123456789012345678 b"), "a EAA0123456789012345678 b");
        // A long run of letters and digits from `EAA` on is one token to mask…
        assert_eq!(scrub(&"EAAEAAEAA".repeat(1000)), "EAAEAA…AEAA");
        // …and many short candidates in a row are left alone (in linear time).
        let many = "EAA0123456789abcdefg-".repeat(5000);
        assert!(scrub(&many) == many);
    }

    #[test]
    fn scrub_masks_the_secret_half_of_an_app_token() {
        let app = "1234567890|0123456789abcdef0123456789abcdef";
        assert_eq!(scrub(&format!("token {app}.")), "token 1234567890|012345…cdef.");
        // URL-encoded separator, both cases.
        assert_eq!(
            scrub("access_token=1234567%7Cabcdefghij_klmnop-qrstuv&x"),
            "access_token=1234567%7Cabcdef…stuv&x"
        );
        assert_eq!(scrub("1234567%7cabcdefghijklmnop"), "1234567%7c…");
        // Too few digits, or too short a secret: not an app token.
        assert_eq!(scrub("12345|0123456789abcdef0123"), "12345|0123456789abcdef0123");
        assert_eq!(scrub("123456|0123456789abcde"), "123456|0123456789abcde");
    }

    #[test]
    fn scrub_masks_the_json_escaped_form() {
        let raw = "wa\"tok\\en0123456789abcdefghijklm";
        register(raw);
        let json = serde_json::to_string(&serde_json::json!({ "message": format!("bad {raw}!") })).unwrap();
        assert!(json.contains("wa\\\"tok\\\\en"), "{json}");
        let clean = scrub(&json);
        assert!(!clean.contains(raw) && !clean.contains(&json_escaped(raw)), "{clean}");
        let back: serde_json::Value = serde_json::from_str(&clean).expect("still JSON");
        // The kept head would hold `"`: the whole value becomes `…`.
        assert_eq!(back["message"], "bad …!");
        // And the Debug form, as an `unwrap` panic would print it.
        let debug = format!("called `Result::unwrap()` on an `Err` value: {:?}", format!("x{raw}"));
        assert!(!scrub(&debug).contains(&debug_escaped(raw)));
    }

    #[test]
    fn scrub_keeps_json_valid_when_a_match_starts_or_ends_inside_an_escape() {
        // A registered value that begins with `n` matches the JSON text of a newline
        // followed by the rest: the match starts on the `n` of `\n`. The mask (`…` alone,
        // the value being short) must not leave a lone backslash before it.
        register("nshortsecretvalue");
        let json = serde_json::to_string("line\nshortsecretvalue\u{1b}").unwrap();
        assert!(json.contains("\\nshortsecretvalue\\u001b"), "{json}");
        let back: String = serde_json::from_str(&scrub(&json)).expect("still JSON");
        assert_eq!(back, "line…\u{1b}");
        // A registered value that ends with `\u00` matches up to the middle of `\u001b`:
        // the whole escape goes with it.
        register("tailsecretvalue\\u00");
        let json = serde_json::to_string("tailsecretvalue\u{1b}!").unwrap();
        let back: String = serde_json::from_str(&scrub(&json)).expect("still JSON");
        assert_eq!(back, "…!");
    }

    #[test]
    fn register_covers_the_quoted_prefix_of_a_long_value() {
        let long = format!("Bearer\u{a0}{}", "p".repeat(400));
        register(&long);
        // What a slicing panic would print: the first 256 bytes, then `[...]`.
        let mut cut = 256;
        while !long.is_char_boundary(cut) {
            cut -= 1;
        }
        let panic = format!("byte index 7 is not a char boundary; of `{}`[...]", &long[..cut]);
        let clean = scrub(&panic);
        assert!(!clean.contains(&long[..cut]));
        assert!(!clean.contains(&"p".repeat(30)));
    }

    #[test]
    fn scrub_never_splits_a_character() {
        let token = "EAAZnonascii0123456789abcdefgh";
        for text in [format!("é{token}日本"), format!("…{token}…"), format!("🦀|{token}")] {
            let clean = scrub(&text);
            assert!(!clean.contains(token));
        }
    }

    /// Run with `cargo test --lib scrub_is_fast -- --ignored --nocapture` for the numbers:
    /// 20 000 lines (one in ten holding a registered token), with 10 then 1 000 registered
    /// values (a fleet check registers one token per target).
    #[test]
    #[ignore = "timing: run on demand"]
    fn scrub_is_fast() {
        let token = |i: usize| format!("EAAGspeed{i:04}secret0123456789abcdefghijkl");
        let lines: Vec<String> = (0..20_000)
            .map(|i| {
                let tail = if i % 10 == 0 { token(i % 10) } else { "ok".to_string() };
                format!("  line {i:05}: valid, expires in {i} days, app 1234567890, scope whatsapp_business_messaging | {tail}")
            })
            .collect();
        let mut timings = Vec::new();
        for registered in [10, 1000] {
            for i in 0..registered {
                register(&token(i));
            }
            let started = std::time::Instant::now();
            let mut masked = 0;
            for line in &lines {
                masked += usize::from(scrub(line).contains('…'));
            }
            let elapsed = started.elapsed();
            println!("scrub: 20000 lines, {registered} registered: {elapsed:?} ({masked} lines masked)");
            assert_eq!(masked, 2000);
            timings.push(elapsed);
        }
        assert!(timings[0] < std::time::Duration::from_secs(2));
    }

    /// A secret as it could really be registered: token characters, plus `"` and `\` to
    /// exercise the escaped forms.
    fn secret_strategy() -> impl Strategy<Value = String> {
        "[A-Za-z0-9_\"\\\\|%-]{8,40}"
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            prop::collection::vec(any::<char>(), 0..60).prop_map(String::from_iter),
            "[A-Za-z0-9\\\\\"|%7cC EAn…é\n]{0,60}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn scrub_never_panics(text in prop::collection::vec(any::<char>(), 0..200).prop_map(String::from_iter)) {
            let _ = scrub(&text);
        }

        #[test]
        fn a_registered_secret_never_survives(secret in secret_strategy(), before in text_strategy(), after in text_strategy()) {
            register(&secret);
            let text = format!("{before}{secret}{after}");
            let clean = scrub(&text);
            prop_assert!(!clean.contains(&secret), "{:?} -> {:?}", text, clean);

            let json = serde_json::to_string(&serde_json::json!({ "m": text })).unwrap();
            let clean = scrub(&json);
            prop_assert!(!clean.contains(&secret), "{:?} -> {:?}", json, clean);
            prop_assert!(!clean.contains(&json_escaped(&secret)), "{:?} -> {:?}", json, clean);
            prop_assert!(serde_json::from_str::<serde_json::Value>(&clean).is_ok(), "{:?} -> {:?}", json, clean);

            let pretty = serde_json::to_string_pretty(&serde_json::json!({ "m": text, "n": [secret.clone()] })).unwrap();
            let clean = scrub(&pretty);
            prop_assert!(!clean.contains(&json_escaped(&secret)));
            prop_assert!(serde_json::from_str::<serde_json::Value>(&clean).is_ok(), "{:?} -> {:?}", pretty, clean);
        }
    }
}
