//! Fuzz the env-file model: any bytes either fail to parse or parse and render back
//! unchanged; setting the token then changes nothing any reader sees but the token.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wa_token::config::read_values;
use wa_token::envfile::EnvFile;

const KEY: &str = "WHATSAPP_API_TOKEN";
const TOKEN: &str = "EAAGfuzzFUZZfuzz0123456789abcdefFUZZ";

fuzz_target!(|data: &[u8]| {
    let Ok(file) = EnvFile::parse(data.to_vec()) else { return };
    assert_eq!(file.bytes(), data, "parse then render must be the identity");
    let Ok(before) = read_values(data) else { return };
    let mut edited = file.clone();
    if edited.set(KEY, TOKEN).is_err() {
        return;
    }
    let after_bytes = edited.into_bytes();
    let mut after = read_values(&after_bytes).expect("an edited readable file stays readable");
    assert_eq!(after.remove(KEY).as_deref(), Some(TOKEN));
    let mut before = before;
    before.remove(KEY);
    assert_eq!(before, after, "another value changed");
});
