//! Fuzz the paste cleaner: any text either is refused or gives a token that is printable
//! ASCII without whitespace, taken from the paste itself; nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wa_token::paste::{clean_paste, is_token_shaped};

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    match clean_paste(&raw) {
        Ok(cleaned) => {
            assert!(!cleaned.token.is_empty());
            assert!(
                cleaned.token.bytes().all(|b| b.is_ascii_graphic()),
                "not printable ASCII without whitespace"
            );
            assert!(raw.contains(&cleaned.token), "the token is not a part of the paste");
            assert_eq!(is_token_shaped(&cleaned.token), cleaned.token.len() >= 20);
        }
        Err(e) => {
            // The message is built from the error alone (a code point and a position at
            // most: the type holds nothing else), so it cannot quote the paste.
            assert!(!e.to_string().is_empty());
            assert!(!e.hint().is_empty());
        }
    }
    let _ = is_token_shaped(&raw);
});
