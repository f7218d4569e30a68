//! Fuzz `scrub`: nothing panics, and a registered secret placed anywhere in any text
//! never survives whole, neither as such nor after JSON escaping; scrubbed JSON stays JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Once;
use wa_token::secret::{register, scrub};

/// A Meta-looking token, one with the characters JSON escapes, and an app token.
const SECRETS: [&str; 3] = [
    "EAAGfuzzSECRETfuzz0123456789abcdefXYZ",
    "fuzz\"sec\\ret_0123456789abcdefgh",
    "987654|fuzzappsecret0123456789ab",
];

static REGISTER: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    REGISTER.call_once(|| SECRETS.iter().for_each(|s| register(s)));
    let text = String::from_utf8_lossy(data);
    let _ = scrub(&text);

    let secret = SECRETS[data.first().map_or(0, |b| usize::from(*b) % SECRETS.len())];
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let wrapped = format!("{}{secret}{}", &text[..cut], &text[cut..]);
    let clean = scrub(&wrapped);
    assert!(!clean.contains(secret), "the secret survived");

    let escaped = serde_json::to_string(secret).unwrap();
    let escaped = &escaped[1..escaped.len() - 1];
    let json = serde_json::to_string(&serde_json::json!({ "message": wrapped })).unwrap();
    let clean = scrub(&json);
    assert!(!clean.contains(secret) && !clean.contains(escaped), "the secret survived in JSON");
    assert!(serde_json::from_str::<serde_json::Value>(&clean).is_ok(), "scrub broke the JSON");
});
