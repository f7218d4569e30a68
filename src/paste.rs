//! Turn what a user pasted (at the hidden prompt, or on stdin) into a token, or say
//! precisely why it is not one, without ever quoting it.
//!
//! Everything here works on characters, never on byte offsets that could split one: a
//! paste may hold a no-break space, a zero-width space or a `…` anywhere.

use crate::secret;
use std::fmt;

/// A cleaned paste: the token, and what was removed to get it, for the user to read.
#[derive(Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The token: non-empty, printable ASCII only (`!` to `~`), so no whitespace, control
    /// or invisible character, and neither starting nor ending with a quote.
    pub token: String,
    /// One sentence per kind of thing removed, in the order first met, each at most once,
    /// such as "removed the surrounding quotes". They never quote the token; a note may
    /// name the variable of a `NAME=value` paste.
    pub notes: Vec<String>,
}

impl fmt::Debug for Cleaned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cleaned")
            .field("token", &secret::mask(&self.token))
            .field("notes", &self.notes)
            .finish()
    }
}

/// Why a paste is not a token. `Display` gives a sentence for the user that never quotes
/// the paste: at most one offending character, as its code point, and its position.
/// Positions count characters of the token as it was after cleaning (surrounding
/// whitespace, quotes and prefixes removed), from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasteError {
    /// Nothing left once whitespace, quotes and prefixes were removed.
    Empty,
    /// It contains `…` (or `...`): a masked value such as `EAAJAa…0ad5` was copied.
    Masked,
    /// It is a fingerprint (`sha256:` and hex digits), not a token.
    Fingerprint,
    /// A quote at the start or the end that has no partner at the other end.
    UnmatchedQuote,
    /// A whitespace character inside (two tokens, or a token broken over lines).
    Whitespace { code: u32, position: usize },
    /// A control character inside (a stray keystroke, a terminal escape).
    Control { code: u32, position: usize },
    /// An invisible formatting character inside (zero-width space, bidi mark, BOM).
    Invisible { code: u32, position: usize },
    /// Any other character outside printable ASCII (a typographic letter or symbol).
    NotAscii { code: u32, position: usize },
    /// The same text twice in a row: the token was pasted twice.
    PastedTwice,
}

impl PasteError {
    /// A hint line to print after the error: what the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            PasteError::Masked | PasteError::Fingerprint => {
                "wa-token only ever prints tokens masked; copy the whole token again from Meta's Business Manager (System users > Generate token) or from where it is stored"
            }
            PasteError::PastedTwice => "paste the token once; nothing was changed",
            _ => "copy the token again from Meta's dashboard and paste it alone; nothing was changed",
        }
    }
}

impl fmt::Display for PasteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasteError::Empty => f.write_str(
                "the pasted text holds no token (it is empty once whitespace, quotes and prefixes are removed)",
            ),
            PasteError::Masked => f.write_str("the pasted text looks masked (it contains `…`): paste the whole token"),
            PasteError::Fingerprint => {
                f.write_str("the pasted text is a fingerprint (`sha256:…`), not a token: paste the whole token")
            }
            PasteError::UnmatchedQuote => {
                f.write_str("the pasted text starts or ends with a quote that has no partner at the other end")
            }
            PasteError::Whitespace { code, position } => write!(
                f,
                "the token contains whitespace (U+{code:04X}) at position {position}: it was not pasted whole, or two tokens were pasted"
            ),
            PasteError::Control { code, position } => {
                write!(
                    f,
                    "the token contains a control character (U+{code:04X}) at position {position}"
                )
            }
            PasteError::Invisible { code, position } => write!(
                f,
                "the token contains an invisible character (U+{code:04X}) at position {position}, often picked up when copying from a web page or a chat"
            ),
            PasteError::NotAscii { code, position } => write!(
                f,
                "the token contains a character that is not printable ASCII (U+{code:04X}) at position {position}"
            ),
            PasteError::PastedTwice => f.write_str("the pasted text is the same token twice in a row"),
        }
    }
}

impl std::error::Error for PasteError {}

/// Clean a pasted token.
///
/// **Registers first.** Before anything else looks at `raw`, it is registered with
/// [`secret::register`] (with surrounding whitespace removed, which cannot panic), and so
/// is each intermediate stage and the result: should anything below ever panic, the panic
/// message is scrubbed of the paste. Registering a rejected paste also means it is never
/// echoed later in the run.
///
/// Removed, repeatedly and in any order, until nothing more changes (each kind noted once):
/// - surrounding whitespace, any Unicode whitespace (no-break space included), and
///   surrounding invisible characters (zero-width spaces and joiners, word joiner, BOM,
///   bidi marks); noted only for the invisible ones;
/// - one trailing `;` or `,` (with whitespace around it), as in a copied line of code;
/// - a matching pair of surrounding quotes: `'…'`, `"…"`, `` `…` ``, `“…”`, `‘…’`;
/// - `Authorization:` (any case) and a `Bearer` prefix (any case) followed by at least
///   one whitespace or invisible character;
/// - a `NAME=` prefix and a whole pasted env-file line: `export NAME="value"  # comment`.
///   `NAME` is an environment-variable name in upper case (`[A-Z_][A-Z0-9_]*`, at most 64
///   characters, at least one letter) or `access_token` (from a URL); lower-case names are
///   not taken because a token's own text could then pass for one. After the `=`, a
///   quoted value ends at its closing quote and may be followed by whitespace, `;`, `,`
///   and a `#` comment; an unquoted value followed by whitespace and `#` loses the comment.
///
/// Then the rest must be a token, checked in this order: not empty ([`PasteError::Empty`]);
/// no `…` or `...` ([`PasteError::Masked`]); not `sha256:` ([`PasteError::Fingerprint`]);
/// no quote left at either end ([`PasteError::UnmatchedQuote`]); every character printable
/// ASCII, the first offender reported by kind, code point and position; not the same
/// text twice ([`PasteError::PastedTwice`], for 40 characters or more).
///
/// Never panics, whatever `raw` holds; linear in its length. Imposes no length limit:
/// the caller caps what it reads.
pub fn clean_paste(raw: &str) -> Result<Cleaned, PasteError> {
    secret::register(raw.trim());
    let mut notes = Notes::default();
    let mut t = raw;
    for round in 0.. {
        let before = t;
        t = trim_blank(t, &mut notes);
        t = strip_trailing_separator(t, &mut notes);
        t = strip_quotes(t, &mut notes);
        t = strip_authorization(t, &mut notes);
        t = strip_assignment(t, &mut notes);
        if t.len() == before.len() {
            break;
        }
        // Each stage is a part of the paste a panic could quote. Past a few rounds (only a
        // paste of nested quotes gets there) registering each would cost quadratic time.
        if round < 8 {
            secret::register(t);
        }
    }
    check_token(t)?;
    secret::register(t);
    Ok(Cleaned {
        token: t.to_string(),
        notes: notes.0,
    })
}

/// Printable ASCII (`!` to `~`: no whitespace, no control character), at least 20
/// characters: what `--force` requires of a token it writes without validation.
pub fn is_token_shaped(s: &str) -> bool {
    s.len() >= 20 && s.bytes().all(|b| b.is_ascii_graphic())
}

#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    fn add(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.0.contains(&note) {
            self.0.push(note);
        }
    }
}

/// Characters that copying adds and nobody sees: zero-width space, joiners, word joiner,
/// BOM, bidi marks and controls, Mongolian vowel separator, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}')
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

fn trim_blank<'a>(t: &'a str, notes: &mut Notes) -> &'a str {
    let rest = t.trim_start_matches(is_blank);
    let lead = &t[..t.len() - rest.len()];
    let trimmed = rest.trim_end_matches(is_blank);
    let trail = &rest[trimmed.len()..];
    if lead.chars().chain(trail.chars()).any(|c| !c.is_whitespace()) {
        notes.add("removed invisible characters (such as a zero-width space) around the token");
    }
    trimmed
}

fn strip_trailing_separator<'a>(t: &'a str, notes: &mut Notes) -> &'a str {
    match t.strip_suffix([';', ',']) {
        Some(rest) => {
            notes.add("removed a trailing `;` or `,`");
            rest.trim_end_matches(is_blank)
        }
        None => t,
    }
}

const QUOTES: [(char, char); 5] = [('"', '"'), ('\'', '\''), ('`', '`'), ('“', '”'), ('‘', '’')];

fn strip_quotes<'a>(t: &'a str, notes: &mut Notes) -> &'a str {
    for (open, close) in QUOTES {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            notes.add("removed the surrounding quotes");
            return inner;
        }
    }
    t
}

/// `prefix` at the start of `t`, ASCII case ignored. `get` returns `None` rather than
/// panicking when the length falls inside a character, so any `t` is safe.
fn strip_prefix_ignore_case<'a>(t: &'a str, prefix: &str) -> Option<&'a str> {
    let head = t.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &t[prefix.len()..])
}

fn strip_authorization<'a>(t: &'a str, notes: &mut Notes) -> &'a str {
    let mut t = t;
    if let Some(rest) = strip_prefix_ignore_case(t, "authorization:") {
        notes.add("removed `Authorization:`");
        t = rest.trim_start_matches(is_blank);
    }
    if let Some(rest) = strip_prefix_ignore_case(t, "bearer")
        && (rest.is_empty() || rest.starts_with(is_blank))
    {
        notes.add("removed `Bearer `");
        t = rest.trim_start_matches(is_blank);
    }
    t
}

const MAX_NAME: usize = 64;

/// A variable name at the start of `t`, then `=` (blanks allowed around it), then a value
/// that does not start with `=`: the name's length in bytes and the value (blanks before
/// it removed). The name is ASCII, so its length is a char boundary. A value starting
/// with `=` means `t` is rather a token with `=` padding (base32/base64), left whole.
fn assignment(t: &str) -> Option<(usize, &str)> {
    let len = if t.starts_with("access_token") {
        "access_token".len()
    } else {
        let len = t
            .bytes()
            .take(MAX_NAME + 1)
            .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
            .count();
        let name = &t.as_bytes()[..len];
        if len == 0 || len > MAX_NAME || name[0].is_ascii_digit() || !name.iter().any(u8::is_ascii_uppercase) {
            return None;
        }
        len
    };
    let value = t[len..].trim_start_matches(is_blank).strip_prefix('=')?;
    let value = value.trim_start_matches(is_blank);
    (!value.starts_with('=')).then_some((len, value))
}

fn strip_assignment<'a>(t: &'a str, notes: &mut Notes) -> &'a str {
    // `export NAME=…`, only when an assignment follows.
    let after_export = strip_prefix_ignore_case(t, "export")
        .filter(|rest| rest.starts_with(is_blank))
        .map(|rest| rest.trim_start_matches(is_blank))
        .filter(|rest| assignment(rest).is_some());
    let line = after_export.unwrap_or(t);
    let Some((len, value)) = assignment(line) else { return t };
    notes.add(format!("took the value of `{}=`", &line[..len]));
    // A quoted value ends at its closing quote; after it only `;`, `,` and a comment.
    for (open, close) in QUOTES {
        if let Some(inner) = value.strip_prefix(open)
            && let Some(end) = inner.find(close)
        {
            let after = inner[end + close.len_utf8()..].trim_matches(|c: char| is_blank(c) || c == ';' || c == ',');
            if after.is_empty() || after.starts_with('#') {
                if !after.is_empty() {
                    notes.add("removed the comment after the value");
                }
                notes.add("removed the surrounding quotes");
                return &inner[..end];
            }
            return value;
        }
    }
    // Unquoted: a `#` after whitespace starts a comment, as env-file readers see it.
    if let Some(space) = value.find(is_blank) {
        let after = value[space..].trim_start_matches(is_blank);
        if after.starts_with('#') {
            notes.add("removed the comment after the value");
            return &value[..space];
        }
    }
    value
}

fn check_token(t: &str) -> Result<(), PasteError> {
    if t.is_empty() {
        return Err(PasteError::Empty);
    }
    if t.contains('…') || t.contains("...") {
        return Err(PasteError::Masked);
    }
    if strip_prefix_ignore_case(t, "sha256:").is_some() {
        return Err(PasteError::Fingerprint);
    }
    let is_quote = |c: char| QUOTES.iter().any(|&(open, close)| c == open || c == close);
    if t.starts_with(is_quote) || t.ends_with(is_quote) {
        return Err(PasteError::UnmatchedQuote);
    }
    for (i, c) in t.chars().enumerate() {
        let (code, position) = (c as u32, i + 1);
        if c.is_ascii_graphic() {
            continue;
        }
        return Err(if c.is_whitespace() {
            PasteError::Whitespace { code, position }
        } else if c.is_control() {
            PasteError::Control { code, position }
        } else if is_invisible(c) {
            PasteError::Invisible { code, position }
        } else {
            PasteError::NotAscii { code, position }
        });
    }
    // All ASCII from here on: byte offsets are character offsets.
    let half = t.len() / 2;
    if t.len() >= 40 && t.len().is_multiple_of(2) && t[..half] == t[half..] {
        return Err(PasteError::PastedTwice);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TOKEN: &str = "EAAJpasteTEST0123456789abcdefGHIJKLmnop0ad5";

    fn ok(raw: &str) -> Cleaned {
        clean_paste(raw).unwrap_or_else(|e| panic!("{raw:?}: {e}"))
    }

    #[test]
    fn a_plain_token_is_taken_as_is() {
        let c = ok(TOKEN);
        assert_eq!(c.token, TOKEN);
        assert!(c.notes.is_empty());
    }

    #[test]
    fn surrounding_whitespace_of_any_kind_goes() {
        for raw in [
            format!("  {TOKEN}\n"),
            format!("\r\n\t{TOKEN}\r\n"),
            format!("\u{a0}{TOKEN}\u{a0}"),
            format!("\u{3000}{TOKEN}\u{2028}"),
        ] {
            let c = ok(&raw);
            assert_eq!(c.token, TOKEN);
            assert!(c.notes.is_empty(), "{:?}", c.notes);
        }
        for raw in [
            format!("\u{feff}{TOKEN}"),
            format!("{TOKEN}\u{200b}"),
            format!("\u{200e} {TOKEN} \u{2060}"),
        ] {
            let c = ok(&raw);
            assert_eq!(c.token, TOKEN);
            assert_eq!(
                c.notes,
                ["removed invisible characters (such as a zero-width space) around the token"]
            );
        }
    }

    #[test]
    fn surrounding_matching_quotes_go() {
        for q in ['"', '\'', '`'] {
            let c = ok(&format!(" {q}{TOKEN}{q}\n"));
            assert_eq!(c.token, TOKEN);
            assert_eq!(c.notes, ["removed the surrounding quotes"]);
        }
        assert_eq!(ok(&format!("“{TOKEN}”")).token, TOKEN);
        assert_eq!(ok(&format!("‘ {TOKEN} ’")).token, TOKEN);
        assert_eq!(ok(&format!("\"'{TOKEN}'\"")).token, TOKEN);
        assert_eq!(clean_paste(&format!("\"{TOKEN}'")), Err(PasteError::UnmatchedQuote));
        assert_eq!(clean_paste(&format!("\"{TOKEN}")), Err(PasteError::UnmatchedQuote));
        assert_eq!(clean_paste(&format!("{TOKEN}`")), Err(PasteError::UnmatchedQuote));
    }

    #[test]
    fn bearer_prefix_goes_in_any_case_with_any_whitespace() {
        for raw in [
            format!("Bearer {TOKEN}"),
            format!("bearer   {TOKEN}"),
            format!("BEARER\t{TOKEN}"),
            format!("Bearer\u{a0}{TOKEN}"),
            format!("Bearer\u{200b}{TOKEN}"),
            format!("Authorization: Bearer {TOKEN}"),
            format!("\"Authorization: Bearer {TOKEN}\""),
            format!("authorization:bearer\n{TOKEN}"),
        ] {
            let c = ok(&raw);
            assert_eq!(c.token, TOKEN, "{raw:?}");
            assert!(c.notes.contains(&"removed `Bearer `".to_string()), "{:?}", c.notes);
        }
        // `Bearer` alone leaves nothing; glued to the token it is not a prefix.
        assert_eq!(clean_paste("Bearer"), Err(PasteError::Empty));
        assert_eq!(ok(&format!("Bearer{TOKEN}")).token, format!("Bearer{TOKEN}"));
    }

    #[test]
    fn these_pastes_panicked_with_the_old_cleaner() {
        // `t[..7]` split the no-break space (bytes 6..8).
        assert_eq!(ok(&format!("Bearer\u{a0}{TOKEN}")).token, TOKEN);
        // `t[..7]` split the `…` (bytes 6..9) of a masked value.
        assert_eq!(clean_paste("EAAJAa…0ad5"), Err(PasteError::Masked));
        assert_eq!(clean_paste("  EAAJAa…0ad5\n"), Err(PasteError::Masked));
        // Other multi-byte characters where the old code sliced.
        for raw in ["Bea日本", "bearer…", "é", "\"é\"", "🦀🦀🦀🦀🦀", "NAME=é"] {
            assert!(clean_paste(raw).is_err(), "{raw:?}");
        }
    }

    #[test]
    fn name_equals_value_and_whole_env_lines_give_the_value() {
        let note = "took the value of `WHATSAPP_API_TOKEN=`".to_string();
        for raw in [
            format!("WHATSAPP_API_TOKEN={TOKEN}"),
            format!("WHATSAPP_API_TOKEN=\"{TOKEN}\""),
            format!("WHATSAPP_API_TOKEN = '{TOKEN}'"),
            format!("export WHATSAPP_API_TOKEN=\"{TOKEN}\"\n"),
            format!("export\tWHATSAPP_API_TOKEN={TOKEN};"),
            format!("WHATSAPP_API_TOKEN=\"{TOKEN}\" # prod"),
            format!("WHATSAPP_API_TOKEN={TOKEN} # prod"),
            format!("WHATSAPP_API_TOKEN=\"{TOKEN}\";"),
            format!("WHATSAPP_API_TOKEN=Bearer {TOKEN}"),
            format!("WHATSAPP_API_TOKEN\u{a0}=\t{TOKEN}"),
        ] {
            let c = ok(&raw);
            assert_eq!(c.token, TOKEN, "{raw:?}");
            assert!(c.notes.contains(&note), "{raw:?}: {:?}", c.notes);
        }
        assert_eq!(ok(&format!("access_token={TOKEN}")).token, TOKEN);
        assert_eq!(
            ok(&format!("WA_TOKEN={TOKEN}")).notes,
            ["took the value of `WA_TOKEN=`"]
        );
        // Lower-case or odd names are not taken: they could be the token's own text.
        assert!(
            clean_paste(&format!("whatsapp_token={TOKEN}"))
                .unwrap()
                .token
                .starts_with("whatsapp_token=")
        );
        assert!(
            clean_paste(&format!("1ABC={TOKEN}"))
                .unwrap()
                .token
                .starts_with("1ABC=")
        );
        // A value starting with `=` is rather base32/base64 padding: left whole.
        assert_eq!(ok("ABCDEFGHIJKLMNOP234567===").token, "ABCDEFGHIJKLMNOP234567===");
        // `export` alone is not removed.
        assert!(matches!(
            clean_paste(&format!("export {TOKEN}")),
            Err(PasteError::Whitespace {
                code: 0x20,
                position: 7
            })
        ));
        // An empty assignment is empty. (A name no other test prints: every paste is
        // registered for scrub, for the rest of the test process.)
        assert_eq!(clean_paste("PASTE_TEST_VAR="), Err(PasteError::Empty));
        assert_eq!(clean_paste("export PASTE_TEST_VAR=\"\""), Err(PasteError::Empty));
    }

    #[test]
    fn trailing_semicolon_or_comma_goes() {
        for raw in [format!("{TOKEN};"), format!("\"{TOKEN}\","), format!("'{TOKEN}' ;\n")] {
            assert_eq!(ok(&raw).token, TOKEN, "{raw:?}");
        }
        assert_eq!(ok(&format!("{TOKEN};")).notes, ["removed a trailing `;` or `,`"]);
    }

    #[test]
    fn what_is_not_a_token_is_refused_without_quoting_it() {
        let cases: Vec<(String, PasteError, &str)> = vec![
            (String::new(), PasteError::Empty, "holds no token"),
            ("  \n\t\u{a0}".into(), PasteError::Empty, "holds no token"),
            ("\"\"".into(), PasteError::Empty, "holds no token"),
            ("Bearer  ".into(), PasteError::Empty, "holds no token"),
            (
                "EAAJAa…0ad5".into(),
                PasteError::Masked,
                "looks masked (it contains `…`)",
            ),
            ("EAAJAa...0ad5".into(), PasteError::Masked, "looks masked"),
            ("sha256:0123456789ab".into(), PasteError::Fingerprint, "fingerprint"),
            (
                format!("{}\u{200b}{}", &TOKEN[..36], &TOKEN[36..]),
                PasteError::Invisible {
                    code: 0x200B,
                    position: 37,
                },
                "an invisible character (U+200B) at position 37",
            ),
            (
                format!("{} {}", &TOKEN[..10], &TOKEN[10..]),
                PasteError::Whitespace {
                    code: 0x20,
                    position: 11,
                },
                "whitespace (U+0020) at position 11: it was not pasted whole, or two tokens were pasted",
            ),
            (
                format!("{TOKEN}\n{TOKEN}"),
                PasteError::Whitespace {
                    code: 0x0A,
                    position: 44,
                },
                "whitespace (U+000A) at position 44",
            ),
            (
                format!("{}\u{7}{}", &TOKEN[..3], &TOKEN[3..]),
                PasteError::Control { code: 7, position: 4 },
                "a control character (U+0007) at position 4",
            ),
            (
                format!("{}é", &TOKEN[..5]),
                PasteError::NotAscii {
                    code: 0xE9,
                    position: 6,
                },
                "not printable ASCII (U+00E9) at position 6",
            ),
            (format!("{TOKEN}{TOKEN}"), PasteError::PastedTwice, "twice"),
        ];
        for (raw, want, text) in cases {
            let got = clean_paste(&raw).unwrap_err();
            assert_eq!(got, want, "{raw:?}");
            let message = got.to_string();
            assert!(message.contains(text), "{message}");
            assert!(!message.contains(&TOKEN[..12]), "{message}");
            assert!(!format!("{got:?}").contains(&TOKEN[..12]));
            assert!(!got.hint().is_empty());
        }
    }

    #[test]
    fn the_paste_is_registered_for_scrub() {
        // Not `EAA…`, so that only the registration can mask it.
        let raw = "  Bearer\u{a0}XYZregisterME0123456789abcdefWXYZ\"\n";
        let err = clean_paste(raw).unwrap_err();
        assert_eq!(err, PasteError::UnmatchedQuote);
        let line = format!("echo: {}", raw.trim());
        let clean = secret::scrub(&line);
        assert!(!clean.contains("registerME0123456789"), "{clean}");
        // And the accepted token itself.
        let c = ok("Bearer EAAJacceptedABC0123456789abcdefWXYZ");
        assert!(!secret::scrub(&format!("x {} y", c.token)).contains(&c.token));
        assert!(!format!("{c:?}").contains(&c.token));
    }

    #[test]
    fn token_shape_for_force() {
        assert!(is_token_shaped(TOKEN));
        assert!(is_token_shaped("abcdefghij0123456789"));
        assert!(!is_token_shaped("abcdefghij012345678"));
        assert!(!is_token_shaped("abcdefghij 0123456789"));
        assert!(!is_token_shaped("abcdefghij\u{200b}0123456789"));
        assert!(!is_token_shaped("abcdefghij\t0123456789"));
        assert!(!is_token_shaped("abcdéfghij0123456789"));
        assert!(!is_token_shaped(""));
    }

    fn paste_strategy() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just(TOKEN.to_string()),
            Just("Bearer".to_string()),
            Just("export ".to_string()),
            Just("PASTE_TEST_VAR=".to_string()),
            Just("…".to_string()),
            "[ \u{a0}\u{200b}\u{feff}\"'`“”;,=#\n\r\t]{1,3}",
            "[A-Za-z0-9_]{1,8}",
            any::<char>().prop_map(String::from),
        ];
        prop_oneof![
            any::<String>(),
            prop::collection::vec(any::<char>(), 0..80).prop_map(String::from_iter),
            prop::collection::vec(piece, 0..8).prop_map(|v| v.concat()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn clean_paste_never_panics_and_gives_printable_ascii(raw in paste_strategy()) {
            if let Ok(c) = clean_paste(&raw) {
                prop_assert!(!c.token.is_empty());
                prop_assert!(c.token.bytes().all(|b| b.is_ascii_graphic()), "{:?}", c.token);
                prop_assert!(raw.contains(&c.token));
            }
        }
    }
}
