//! Make text that a server chose (Graph error messages, app and business names, verified
//! names) safe to print as one line on a terminal or in a monitoring plugin's output.
//!
//! Modelled on fd's `sanitize` (terminal-escape injection through file names), with two
//! differences: the result is always one line, and whole ANSI escape sequences go rather
//! than only their `ESC`, since what they carry (a window title, a colour) is not meant
//! to be read.

use std::fmt::Write;

/// `text` as one line that cannot act on a terminal or read in a misleading order.
///
/// Contract, character by character:
/// - **Line breaks and tabs** (`\t`, `\n`, `\v`, `\f`, `\r`, U+0085 NEL, U+2028, U+2029):
///   a run of them becomes one space. So a message cannot start a second line.
/// - **ANSI escape sequences** are removed whole: CSI (`ESC [` parameters, intermediates,
///   final byte, such as `\x1b[2J`), OSC (`ESC ]` … ended by BEL, `ESC \` or U+009C, such
///   as `\x1b]0;title\x07`), DCS/SOS/PM/APC strings (`ESC P`, `ESC X`, `ESC ^`, `ESC _` …
///   ended by `ESC \` or U+009C), and two-or-more-byte `ESC` sequences (`ESC 7`, `ESC c`,
///   `ESC ( B`). A sequence that is not complete (no final byte, no terminator) is not
///   removed: its `ESC` is shown as `\x1B` and the rest stays as text.
/// - **Other control characters** (C0 but the above, DEL, C1 but NEL) are shown as
///   visible escapes: `\x00`, `\x07`, `\x1B`, `\x7F`, `\x9B`, …
/// - **Bidi controls** (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and other
///   **invisible formatting characters** (U+200B zero-width space, U+2060–U+2064,
///   U+206A–U+206F, U+FEFF BOM, U+180E, U+FFF9–U+FFFB, U+E0001) are removed.
/// - Everything else is kept as is: letters and symbols of every script, emoji (with
///   their zero-width joiners U+200D, variation selectors and tag characters), U+200C,
///   no-break and other spaces, `\`, `|`.
/// - Leading and trailing whitespace is removed from the result.
///
/// The result contains no character for which `char::is_control` holds and no line or
/// paragraph separator. Never panics; linear in the length of `text`.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    let mut in_break = false;
    while let Some((at, c)) = chars.next() {
        if is_invisible(c) {
            continue;
        }
        if is_line_break(c) {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
            continue;
        }
        in_break = false;
        if c == '\u{1b}'
            && let Some(len) = escape_sequence_len(&text[at..])
        {
            // Skip the rest of the sequence; `len` ends on a char boundary.
            while chars.peek().is_some_and(|&(next, _)| next < at + len) {
                chars.next();
            }
            continue;
        }
        if c.is_control() {
            let _ = write!(out, "\\x{:02X}", c as u32);
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// [`sanitize`], then every `|` replaced by `/`: Nagios reads what follows the first `|`
/// of a plugin's output as performance data, so server text must not hold one. Use it for
/// every piece of server text in `--format nagios` output (the status line and long
/// output alike). Other characters are as [`sanitize`] leaves them.
pub fn sanitize_nagios(text: &str) -> String {
    sanitize(text).replace('|', "/")
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Bidi controls and other formatting characters that are invisible and unneeded in a
/// line of server text.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{180E}'
        | '\u{200B}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0001}')
}

/// The length in bytes of the complete escape sequence at the start of `s` (which starts
/// with ESC), or `None` when it is not one. Everything a sequence is made of is ASCII,
/// apart from the content of a string sequence (OSC, DCS…), which is scanned by char; the
/// length returned always ends on a char boundary.
fn escape_sequence_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    match *bytes.get(1)? {
        // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, final 0x40–0x7E.
        b'[' => {
            let mut i = 2;
            while let Some(&b) = bytes.get(i) {
                match b {
                    0x20..=0x3F => i += 1,
                    0x40..=0x7E => return Some(i + 1),
                    _ => return None,
                }
            }
            None
        }
        // OSC, DCS, SOS, PM, APC: a string up to ST (`ESC \` or U+009C); OSC also BEL.
        b']' | b'P' | b'X' | b'^' | b'_' => {
            let osc = bytes[1] == b']';
            let mut rest = s[2..].char_indices();
            while let Some((i, c)) = rest.next() {
                match c {
                    '\u{07}' if osc => return Some(2 + i + 1),
                    '\u{9C}' => return Some(2 + i + c.len_utf8()),
                    '\u{1b}' => {
                        return match rest.next() {
                            Some((j, '\\')) => Some(2 + j + 1),
                            _ => None,
                        };
                    }
                    _ => {}
                }
            }
            None
        }
        // nF: intermediates 0x20–0x2F then a final 0x30–0x7E; Fp, Fe, Fs: one byte
        // 0x30–0x7E (`[`, `]`, `P`, `X`, `^`, `_` handled above).
        _ => {
            let mut i = 1;
            while let Some(&b) = bytes.get(i) {
                match b {
                    0x20..=0x2F => i += 1,
                    0x30..=0x7E => return Some(i + 1),
                    _ => return None,
                }
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_text_is_kept_intact() {
        for text in [
            "Invalid OAuth access token - Cannot parse access token",
            "Café Résumé — naïve",
            "日本語のビジネス",
            "عربي עברית",
            "🦀 👍🏽 👨\u{200d}👩\u{200d}👧 ❤\u{fe0f} 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
            "a\u{a0}b c\\d/e",
            "ZWNJ: می\u{200c}خواهم",
        ] {
            assert_eq!(sanitize(text), text);
        }
    }

    #[test]
    fn line_breaks_become_one_space_and_ends_are_trimmed() {
        assert_eq!(sanitize("first\nsecond"), "first second");
        assert_eq!(sanitize("first\r\n\r\nsecond\tthird"), "first second third");
        assert_eq!(sanitize("a\u{2028}b\u{2029}c\u{85}d\u{0b}e\u{0c}f"), "a b c d e f");
        assert_eq!(sanitize("\n  padded  \r\n"), "padded");
        assert_eq!(sanitize(""), "");
    }

    #[test]
    fn a_graph_message_cannot_forge_a_nagios_line_or_perfdata() {
        let message = "Invalid token\nOK - token valid | fake=1;;;\r\nsecond line|x=2";
        let line = sanitize_nagios(message);
        assert_eq!(line, "Invalid token OK - token valid / fake=1;;; second line/x=2");
        assert!(!line.contains('|') && !line.contains('\n') && !line.contains('\r'));
        // Through a Unicode line separator and an escape sequence too.
        let line = sanitize_nagios("x\u{2028}y\u{1b}[1A\u{1b}[2K| z=1");
        assert_eq!(line, "x y/ z=1");
    }

    #[test]
    fn terminal_escapes_are_neutralised() {
        // OSC window title, ended by BEL or by ST.
        assert_eq!(sanitize("My App\u{1b}]0;title\u{07}"), "My App");
        assert_eq!(sanitize("A\u{1b}]0;pwned\u{1b}\\B"), "AB");
        assert_eq!(
            sanitize("A\u{1b}]8;;https://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\"),
            "Alink"
        );
        // CSI: clear screen, colours, cursor movement.
        assert_eq!(sanitize("\u{1b}[2JApp"), "App");
        assert_eq!(sanitize("\u{1b}[31;1mred\u{1b}[0m"), "red");
        assert_eq!(sanitize("\u{1b}[?1049h"), "");
        // Other ESC sequences: reset, charset.
        assert_eq!(sanitize("a\u{1b}cb\u{1b}(Bc"), "abc");
        // DCS with multi-byte content.
        assert_eq!(sanitize("a\u{1b}Pé日\u{1b}\\b"), "ab");
        // Incomplete sequences: the ESC shows, the rest is text.
        assert_eq!(sanitize("a\u{1b}]0;title"), "a\\x1B]0;title");
        assert_eq!(sanitize("a\u{1b}[31"), "a\\x1B[31");
        assert_eq!(sanitize("a\u{1b}"), "a\\x1B");
        assert_eq!(sanitize("a\u{1b}é"), "a\\x1Bé");
        // C1 CSI and OSC introducers, BEL, NUL, DEL, backspace.
        assert_eq!(sanitize("\u{9b}31m\u{9d}0;x\u{9c}"), "\\x9B31m\\x9D0;x\\x9C");
        assert_eq!(sanitize("a\u{7}b\u{0}c\u{7f}d\u{8}e"), "a\\x07b\\x00c\\x7Fd\\x08e");
    }

    #[test]
    fn bidi_and_invisible_characters_are_removed() {
        assert_eq!(sanitize("safe\u{202e}txt.exe\u{202c}"), "safetxt.exe");
        assert_eq!(sanitize("\u{2066}a\u{2067}b\u{2068}c\u{2069}"), "abc");
        assert_eq!(sanitize("\u{200e}x\u{200f}y\u{61c}z\u{202a}\u{202b}\u{202d}"), "xyz");
        assert_eq!(sanitize("\u{feff}Acme\u{200b}Corp\u{2060}"), "AcmeCorp");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn the_result_is_one_harmless_line(
            text in prop::collection::vec(
                prop_oneof![any::<char>(), Just('\u{1b}'), Just('['), Just(']'), Just('\u{7}'), Just('\\'), Just('\n'), Just('|')],
                0..80,
            ).prop_map(String::from_iter)
        ) {
            let line = sanitize(&text);
            prop_assert!(!line.chars().any(|c| c.is_control() || is_line_break(c) || is_invisible(c)), "{:?}", line);
            prop_assert!(!sanitize_nagios(&text).contains('|'));
            // Idempotent: sanitizing again changes nothing.
            prop_assert_eq!(sanitize(&line), line.clone());
        }
    }
}
