//! A lossless model of a `.env` file.
//!
//! The file's bytes are the source of truth. Parsing only records where each assignment's
//! key and value sit; editing replaces a value's byte span and leaves every other byte
//! alone, so `export `, spacing, quotes, inline comments, CRLF, a BOM, a missing final
//! newline and lines we do not understand all survive. Values are never unescaped here:
//! what a value *means* is dotenvy's business (see config.rs), where it lives is ours.

use std::ops::Range;

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quote {
    None,
    Single,
    Double,
}

/// One `KEY=value` assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub key: String,
    /// 1-based line number of the key.
    pub line: usize,
    /// The value's bytes, inside the quotes when quoted.
    pub value: Range<usize>,
    pub quote: Quote,
    /// The whole logical line (several lines for a multi-line value), with its line end.
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

#[derive(Clone)]
pub struct EnvFile {
    bytes: Vec<u8>,
    assignments: Vec<Assignment>,
}

impl std::fmt::Debug for EnvFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The bytes hold secrets: sizes and keys only.
        let keys: Vec<&str> = self.assignments.iter().map(|a| a.key.as_str()).collect();
        f.debug_struct("EnvFile")
            .field("len", &self.bytes.len())
            .field("keys", &keys)
            .finish()
    }
}

impl EnvFile {
    pub fn parse(bytes: Vec<u8>) -> Result<Self, ParseError> {
        let assignments = parse_assignments(&bytes)?;
        Ok(EnvFile { bytes, assignments })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub fn assignments(&self) -> &[Assignment] {
        &self.assignments
    }

    /// Every assignment of `key`, in file order.
    pub fn find(&self, key: &str) -> Vec<&Assignment> {
        self.assignments.iter().filter(|a| a.key == key).collect()
    }

    /// The raw bytes of a value (inside its quotes).
    pub fn raw_value(&self, a: &Assignment) -> &[u8] {
        &self.bytes[a.value.clone()]
    }

    /// A value as python-dotenv reads it: single quotes and unquoted values literal,
    /// double-quoted values with `\n`, `\t`, `\"` and `\\` unescaped.
    pub fn value(&self, a: &Assignment) -> String {
        let raw = String::from_utf8_lossy(self.raw_value(a));
        if a.quote != Quote::Double {
            return raw.into_owned();
        }
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(e @ ('"' | '\\' | '\'')) => out.push(e),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        out
    }

    /// The logical lines of every assignment of `keys`, in file order, each ending in a
    /// line break: a small file with just those assignments, for another reader.
    pub fn lines_of(&self, keys: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        for a in self.assignments.iter().filter(|a| keys.contains(&a.key.as_str())) {
            out.extend_from_slice(&self.bytes[a.span.clone()]);
            if !out.ends_with(b"\n") {
                out.push(b'\n');
            }
        }
        out
    }

    /// Every key's value, the last assignment winning.
    pub fn values(&self) -> std::collections::HashMap<String, String> {
        self.assignments
            .iter()
            .map(|a| (a.key.clone(), self.value(a)))
            .collect()
    }

    /// The line ending the file already uses (LF when it has none yet).
    pub fn line_ending(&self) -> &'static str {
        match self.bytes.iter().position(|&b| b == b'\n') {
            Some(i) if i > 0 && self.bytes[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        }
    }

    /// Set `key` to `value` everywhere it is assigned, or append it when absent.
    ///
    /// Returns the line numbers that were changed (the appended line's number when
    /// appended). The value must not contain whitespace or control characters: the
    /// caller validates tokens before they get here.
    pub fn set(&mut self, key: &str, value: &str) -> Result<Vec<usize>, SetError> {
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(SetError::UnsafeValue);
        }
        let targets: Vec<Assignment> = self.find(key).into_iter().cloned().collect();
        if targets.is_empty() {
            let line = self.append(key, value);
            return Ok(vec![line]);
        }
        // Replace from the end so earlier spans stay valid.
        for a in targets.iter().rev() {
            let (range, text) = replacement(a, value)?;
            self.bytes.splice(range, text.into_bytes());
        }
        self.assignments = parse_assignments(&self.bytes).map_err(SetError::Reparse)?;
        Ok(targets.iter().map(|a| a.line).collect())
    }

    fn append(&mut self, key: &str, value: &str) -> usize {
        let eol = self.line_ending();
        let content = self.bytes.strip_prefix(BOM).unwrap_or(&self.bytes);
        if !content.is_empty() && !self.bytes.ends_with(b"\n") {
            self.bytes.extend_from_slice(eol.as_bytes());
        }
        let line = count_lines(&self.bytes);
        let rendered = if needs_quotes(value, Quote::None) {
            format!("{key}='{value}'{eol}")
        } else {
            format!("{key}={value}{eol}")
        };
        self.bytes.extend_from_slice(rendered.as_bytes());
        self.assignments = parse_assignments(&self.bytes).unwrap_or_default();
        line
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetError {
    UnsafeValue,
    CannotQuote,
    Reparse(ParseError),
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetError::UnsafeValue => f.write_str("the value contains whitespace or control characters"),
            SetError::CannotQuote => f.write_str("the value contains both quote characters"),
            SetError::Reparse(e) => write!(f, "the edited file no longer parses ({e})"),
        }
    }
}

/// The span to replace and its new text: only the value, re-quoting only when the
/// assignment's own quote style cannot hold the new value.
fn replacement(a: &Assignment, value: &str) -> Result<(Range<usize>, String), SetError> {
    if !needs_quotes(value, a.quote) {
        return Ok((a.value.clone(), value.to_string()));
    }
    // Widen the span to include the old quotes, and write single quotes (literal in
    // dotenvy, python-dotenv and Node's dotenv alike).
    let outer = match a.quote {
        Quote::None => a.value.clone(),
        Quote::Single | Quote::Double => a.value.start - 1..a.value.end + 1,
    };
    if !value.contains('\'') {
        Ok((outer, format!("'{value}'")))
    } else if !value.contains(['"', '\\', '$', '`']) {
        Ok((outer, format!("\"{value}\"")))
    } else {
        Err(SetError::CannotQuote)
    }
}

/// Whether `value` must be (re)quoted to read back unchanged in the given style.
fn needs_quotes(value: &str, quote: Quote) -> bool {
    match quote {
        Quote::Single => value.contains('\''),
        Quote::Double => value.contains(['"', '\\', '$', '`']),
        Quote::None => {
            value.is_empty()
                || value.contains(['#', '"', '\'', '\\', '$', '`'])
                || value.chars().any(char::is_whitespace)
        }
    }
}

fn count_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count() + 1
}

fn is_key_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// One pass over the bytes: linear in the file's size.
fn parse_assignments(bytes: &[u8]) -> Result<Vec<Assignment>, ParseError> {
    let mut out = Vec::new();
    let mut i = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let mut line = 1;
    let n = bytes.len();

    while i < n {
        let line_start_line = line;
        let line_start = i;
        let assignments_before = out.len();
        // Leading blanks.
        while i < n && is_blank(bytes[i]) {
            i += 1;
        }
        let rest = &bytes[i..];
        if rest.starts_with(b"export") && rest.len() > 6 && is_blank(rest[6]) {
            i += 6;
            while i < n && is_blank(bytes[i]) {
                i += 1;
            }
        }
        if i < n && is_key_start(bytes[i]) {
            let key_start = i;
            while i < n && is_key_byte(bytes[i]) {
                i += 1;
            }
            let key_end = i;
            while i < n && is_blank(bytes[i]) {
                i += 1;
            }
            if i < n && bytes[i] == b'=' {
                let eq = i;
                i += 1;
                while i < n && is_blank(bytes[i]) {
                    i += 1;
                }
                let key = String::from_utf8_lossy(&bytes[key_start..key_end]).into_owned();
                let (value, quote, next) = match bytes.get(i) {
                    Some(&q @ (b'\'' | b'"')) => {
                        let start = i + 1;
                        let end = find_closing(bytes, start, q).ok_or_else(|| ParseError {
                            line: line_start_line,
                            message: format!(
                                "unterminated {} quote in the value of `{key}`",
                                if q == b'"' { "double" } else { "single" }
                            ),
                        })?;
                        line += bytes[start..end].iter().filter(|&&b| b == b'\n').count();
                        let quote = if q == b'"' { Quote::Double } else { Quote::Single };
                        (start..end, quote, end + 1)
                    }
                    Some(b'#') => (eq + 1..eq + 1, Quote::None, i),
                    _ => {
                        let start = i;
                        let mut end = i;
                        let mut j = i;
                        while j < n && bytes[j] != b'\n' && bytes[j] != b'\r' {
                            if bytes[j] == b'#' && j > start && is_blank(bytes[j - 1]) {
                                break;
                            }
                            if !is_blank(bytes[j]) {
                                end = j + 1;
                            }
                            j += 1;
                        }
                        // An empty value sits right after `=`, before any blanks.
                        let span = if end == start { eq + 1..eq + 1 } else { start..end };
                        (span, Quote::None, j)
                    }
                };
                out.push(Assignment {
                    key,
                    line: line_start_line,
                    value,
                    quote,
                    span: line_start..line_start,
                });
                i = next;
            }
        }
        // Skip the rest of the line (comments, trailing text, things we do not understand).
        while i < n && bytes[i] != b'\n' {
            i += 1;
        }
        if i < n {
            i += 1;
            line += 1;
        }
        if out.len() > assignments_before
            && let Some(last) = out.last_mut()
        {
            last.span = line_start..i;
        }
    }
    Ok(out)
}

/// The index of the quote closing a value that starts at `from`.
fn find_closing(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut j = from;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' if quote == b'"' => j += 2,
            b if b == quote => return Some(j),
            _ => j += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(input: &str, key: &str, value: &str) -> String {
        let mut f = EnvFile::parse(input.as_bytes().to_vec()).unwrap();
        f.set(key, value).unwrap();
        String::from_utf8(f.into_bytes()).unwrap()
    }

    #[test]
    fn keeps_export_quotes_and_comments() {
        assert_eq!(
            set("export T=\"old\" # note\r\nA=1\r\n", "T", "NEW"),
            "export T=\"NEW\" # note\r\nA=1\r\n"
        );
        assert_eq!(set("T='old'\n", "T", "NEW"), "T='NEW'\n");
        assert_eq!(set("T = old   # c\n", "T", "NEW"), "T = NEW   # c\n");
        assert_eq!(set("T=\nA=1", "T", "NEW"), "T=NEW\nA=1");
        assert_eq!(set("T= # c\n", "T", "NEW"), "T=NEW # c\n");
        assert_eq!(set("T = \nA=1\n", "T", "NEW"), "T =NEW \nA=1\n");
    }

    #[test]
    fn appends_with_the_files_line_ending() {
        assert_eq!(set("A=1\r\nB=2", "T", "NEW"), "A=1\r\nB=2\r\nT=NEW\r\n");
        assert_eq!(set("", "T", "NEW"), "T=NEW\n");
        assert_eq!(set("\u{feff}", "T", "NEW"), "\u{feff}T=NEW\n");
    }

    #[test]
    fn commented_assignment_is_not_an_assignment() {
        assert_eq!(set("#T=old\nT=cur\n", "T", "NEW"), "#T=old\nT=NEW\n");
        assert_eq!(set("# T=old\n", "T", "NEW"), "# T=old\nT=NEW\n");
    }

    #[test]
    fn multiline_values_count_lines() {
        let f = EnvFile::parse(b"A=\"x\ny\nz\"\nT=1\n".to_vec()).unwrap();
        assert_eq!(f.find("T")[0].line, 4);
    }

    #[test]
    fn requotes_only_when_needed() {
        assert_eq!(set("T=old\n", "T", "a#b"), "T='a#b'\n");
        assert_eq!(set("T=\"old\"\n", "T", "a$b"), "T='a$b'\n");
    }

    #[test]
    fn unterminated_quote_is_an_error() {
        let e = EnvFile::parse(b"A=1\nT=\"abc\n".to_vec()).unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn refuses_whitespace_in_value() {
        let mut f = EnvFile::parse(b"T=x\n".to_vec()).unwrap();
        assert_eq!(f.set("T", "a b"), Err(SetError::UnsafeValue));
    }
}
