//! Property tests of the env-file model: any bytes parse or fail without panicking and
//! render back unchanged; after `set`, readers see the new value and every other key as before.

use proptest::prelude::*;
use wa_token::envfile::EnvFile;
use wa_token::envfile::read_values;

/// One line of a plausible `.env`, in the styles users write.
fn line() -> impl Strategy<Value = String> {
    let key = prop_oneof![Just("WHATSAPP_API_TOKEN".to_string()), "[A-Z][A-Z0-9_]{0,8}"];
    let plain = "[A-Za-z0-9_./:@%+-]{0,12}";
    let value = prop_oneof![
        plain.prop_map(|v| v),
        plain.prop_map(|v| format!("'{v} #x'")),
        plain.prop_map(|v| format!("\"{v} = $HOME\"")),
        plain.prop_map(|v| format!("\"{v}\\nsecond\"")),
        plain.prop_map(|v| format!("\"{v}\nline two\"")),
    ];
    let comment = prop_oneof![
        Just(String::new()),
        Just(" # note".to_string()),
        Just("   # spaced".to_string())
    ];
    let export = prop_oneof![Just(""), Just("export ")];
    let eq = prop_oneof![Just("="), Just(" = ")];
    prop_oneof![
        4 => (export, key, eq, value, comment).prop_map(|(x, k, e, v, c)| format!("{x}{k}{e}{v}{c}")),
        1 => Just("# a comment".to_string()),
        1 => Just("#WHATSAPP_API_TOKEN=commented-out".to_string()),
        1 => Just(String::new()),
    ]
}

fn file() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(line(), 0..12),
        prop_oneof![Just("\n"), Just("\r\n")],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, eol, final_newline, bom)| {
            let mut s = if bom { "\u{feff}".to_string() } else { String::new() };
            s.push_str(&lines.join(eol));
            if final_newline && !lines.is_empty() {
                s.push_str(eol);
            }
            s.into_bytes()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_parse_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(f) = EnvFile::parse(bytes.clone()) {
            prop_assert_eq!(f.bytes(), &bytes[..]);
        }
    }

    #[test]
    fn parse_then_render_is_the_identity(bytes in file()) {
        let f = EnvFile::parse(bytes.clone()).unwrap();
        prop_assert_eq!(f.into_bytes(), bytes);
    }

    #[test]
    fn set_changes_only_the_token(bytes in file(), token in "EAA[A-Za-z0-9]{20,60}") {
        let before = read_values(&bytes).unwrap();
        let mut f = EnvFile::parse(bytes.clone()).unwrap();
        let lines = f.set("WHATSAPP_API_TOKEN", &token).unwrap();
        prop_assert!(!lines.is_empty());
        let after_bytes = f.into_bytes();
        let mut after = read_values(&after_bytes).unwrap();
        prop_assert_eq!(after.remove("WHATSAPP_API_TOKEN"), Some(token.clone()));
        let mut before = before;
        before.remove("WHATSAPP_API_TOKEN");
        prop_assert_eq!(before, after);
        // Outside the token's values, nothing changed: removing the new token from the
        // result gives the original with its old token values removed (or one appended line).
        let had = EnvFile::parse(bytes.clone()).unwrap().find("WHATSAPP_API_TOKEN").len();
        if had == 0 {
            prop_assert!(after_bytes.starts_with(&bytes));
        } else {
            let strip = |b: &[u8], f: &EnvFile| -> Vec<u8> {
                let mut out = Vec::new();
                let mut at = 0;
                for a in f.find("WHATSAPP_API_TOKEN") {
                    out.extend_from_slice(&b[at..a.value.start]);
                    at = a.value.end;
                }
                out.extend_from_slice(&b[at..]);
                out
            };
            // An alphanumeric token never needs new quotes: the spans map one to one.
            let old_model = EnvFile::parse(bytes.clone()).unwrap();
            let new_model = EnvFile::parse(after_bytes.clone()).unwrap();
            prop_assert_eq!(strip(&bytes, &old_model), strip(&after_bytes, &new_model));
        }
    }
}
