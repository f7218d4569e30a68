//! A lossless model of a `.env` file.
//!
//! The file's bytes are the source of truth. Parsing only records where each assignment's
//! key and value sit; editing replaces a value's byte span and leaves every other byte
//! alone, so `export `, spacing, quotes, inline comments, CRLF, a BOM, a missing final
//! newline and lines we do not understand all survive. Values are never unescaped here:
//! what a value *means* is dotenvy's business (see config.rs), where it lives is ours.
//!
//! A line ends in LF, CRLF or a lone CR (old Mac style), as python-dotenv and Node's dotenv
//! read it. Lines python-dotenv, Node's dotenv and dotenvy read differently from each other
//! (an escaped quote inside quotes, `KEY: value`, text after a closing quote, a quote inside
//! an unquoted value, `KEY=#…`, a line dotenvy reads as part of an earlier one) are recorded
//! as [`Ambiguity`]s, and [`EnvFile::set`] refuses to edit them.

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

/// A line that common readers read differently, so that no edit of it can be proven.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    /// The key the line assigns (as wa-token reads it).
    pub key: String,
    /// 1-based line number.
    pub line: usize,
    /// What the readers disagree on.
    pub reason: String,
    /// Every byte some reader may take as part of this line's statement.
    pub span: Range<usize>,
}

#[derive(Clone)]
pub struct EnvFile {
    bytes: Vec<u8>,
    assignments: Vec<Assignment>,
    ambiguities: Vec<Ambiguity>,
    /// The first line end the file uses (`None` while it has none).
    eol: Option<&'static str>,
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
        let parsed = parse_assignments(&bytes)?;
        Ok(EnvFile {
            bytes,
            assignments: parsed.assignments,
            ambiguities: parsed.ambiguities,
            eol: parsed.eol,
        })
    }

    fn reparse(&mut self) -> Result<(), ParseError> {
        let parsed = parse_assignments(&self.bytes)?;
        self.assignments = parsed.assignments;
        self.ambiguities = parsed.ambiguities;
        self.eol = parsed.eol;
        Ok(())
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

    /// The lines common readers read differently, in file order.
    pub fn ambiguities(&self) -> &[Ambiguity] {
        &self.ambiguities
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

    /// The line ending the file already uses: LF, CRLF or a lone CR (LF when it has none
    /// yet). The first line end outside a quoted value decides.
    pub fn line_ending(&self) -> &'static str {
        self.eol.unwrap_or("\n")
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
        // A line readers disagree on is refused when it is (or may be read as) the line to edit.
        if let Some(a) = self.ambiguities.iter().find(|a| {
            a.key == key
                || targets
                    .iter()
                    .any(|t| t.span.start < a.span.end && a.span.start < t.span.end)
        }) {
            return Err(SetError::Ambiguous {
                line: a.line,
                reason: a.reason.clone(),
            });
        }
        if targets.is_empty() {
            let line = self.append(key, value);
            return Ok(vec![line]);
        }
        // Replace from the end so earlier spans stay valid.
        let mut shifted = true;
        for a in targets.iter().rev() {
            let (range, text) = replacement(a, value)?;
            shifted &= self.shift_after_edit(a, &range, text.len());
            self.bytes.splice(range, text.into_bytes());
        }
        // Where the edit changed more than a value's length (quotes added, a multi-line
        // value made one line), the model is rebuilt; else its spans were moved in place,
        // which on a 20,000-line file saves a whole parse.
        if !shifted {
            self.reparse().map_err(SetError::Reparse)?;
        }
        Ok(targets.iter().map(|a| a.line).collect())
    }

    /// Move the spans after `range` (about to become `new_len` bytes) by the change in
    /// length. `false` when the edit is not a plain value replacement on one line, and the
    /// model must be reparsed instead.
    fn shift_after_edit(&mut self, a: &Assignment, range: &Range<usize>, new_len: usize) -> bool {
        let plain = *range == a.value && !self.bytes[range.clone()].iter().any(|&b| b == b'\n' || b == b'\r');
        if !plain {
            return false;
        }
        let shift = |at: usize| (at as isize + new_len as isize - range.len() as isize) as usize;
        for b in &mut self.assignments {
            if b.span.start >= range.end {
                b.span = shift(b.span.start)..shift(b.span.end);
                b.value = shift(b.value.start)..shift(b.value.end);
            } else if b.value == *range {
                b.value.end = shift(b.value.end);
                b.span.end = shift(b.span.end);
            } else if b.span.end >= range.end {
                b.span.end = shift(b.span.end);
            }
        }
        for amb in &mut self.ambiguities {
            if amb.span.start >= range.end {
                amb.span = shift(amb.span.start)..shift(amb.span.end);
            } else if amb.span.end >= range.end {
                amb.span.end = shift(amb.span.end);
            }
        }
        true
    }

    fn append(&mut self, key: &str, value: &str) -> usize {
        let eol = self.line_ending();
        let content = self.bytes.strip_prefix(BOM).unwrap_or(&self.bytes);
        if !content.is_empty() && !self.bytes.ends_with(b"\n") && !self.bytes.ends_with(b"\r") {
            self.bytes.extend_from_slice(eol.as_bytes());
        }
        let line = count_lines(&self.bytes);
        let rendered = if needs_quotes(value, Quote::None) {
            format!("{key}='{value}'{eol}")
        } else {
            format!("{key}={value}{eol}")
        };
        self.bytes.extend_from_slice(rendered.as_bytes());
        if self.reparse().is_err() {
            self.assignments.clear();
            self.ambiguities.clear();
        }
        line
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetError {
    UnsafeValue,
    CannotQuote,
    /// The line to edit is one common readers read differently.
    Ambiguous {
        line: usize,
        reason: String,
    },
    Reparse(ParseError),
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetError::UnsafeValue => f.write_str("the value contains whitespace or control characters"),
            SetError::CannotQuote => f.write_str("the value contains both quote characters"),
            SetError::Ambiguous { line, reason } => {
                write!(f, "line {line} is read differently by common readers: {reason}")
            }
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

/// The lines of `text` as the model numbers them: split at LF, CRLF and a lone CR, the line
/// ends removed (a final line end leaves an empty last piece, as `split('\n')` does).
pub fn split_lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match line_end_at(bytes, i) {
            0 => i += 1,
            n => {
                lines.push(&text[start..i]);
                i += n;
                start = i;
            }
        }
    }
    lines.push(&text[start..]);
    lines
}

fn count_lines(bytes: &[u8]) -> usize {
    count_line_ends(bytes) + 1
}

/// The length of the line end starting at `i`: `\n`, `\r\n` or a lone `\r`; 0 when none does.
fn line_end_at(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'\n') => 1,
        Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => 2,
        Some(b'\r') => 1,
        _ => 0,
    }
}

/// How many line ends `bytes` holds (CRLF counts once).
fn count_line_ends(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        match line_end_at(bytes, i) {
            0 => i += 1,
            n => {
                count += 1;
                i += n;
            }
        }
    }
    count
}

/// The index just after the line end of the line holding `at` (the end of the file when
/// that line has none).
fn end_of_line(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    while i < bytes.len() {
        match line_end_at(bytes, i) {
            0 => i += 1,
            n => return i + n,
        }
    }
    bytes.len()
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

struct Parsed {
    assignments: Vec<Assignment>,
    ambiguities: Vec<Ambiguity>,
    eol: Option<&'static str>,
}

/// One pass over the bytes: linear in the file's size.
fn parse_assignments(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let mut out = Vec::new();
    let mut ambiguities = Vec::new();
    let mut eol = None;
    let mut i = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let mut line = 1;
    let n = bytes.len();

    while i < n {
        let line_start_line = line;
        let line_start = i;
        let assignments_before = out.len();
        let mut ambiguity: Option<(String, String, usize)> = None;
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
            let key = String::from_utf8_lossy(&bytes[key_start..key_end]).into_owned();
            if i < n && bytes[i] == b'=' {
                let eq = i;
                i += 1;
                while i < n && is_blank(bytes[i]) {
                    i += 1;
                }
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
                        line += count_line_ends(&bytes[start..end]);
                        let quote = if q == b'"' { Quote::Double } else { Quote::Single };
                        ambiguity =
                            quoted_ambiguity(bytes, start, end, q).map(|(reason, to)| (key.clone(), reason, to));
                        (start..end, quote, end + 1)
                    }
                    Some(b'#') => {
                        if i == eq + 1 {
                            // `KEY=#x`: a value written there would run into the `#`.
                            ambiguity = Some((
                                key.clone(),
                                "a `#` right after `=`: python-dotenv reads it as the value, Node's dotenv and dotenvy as a comment".to_string(),
                                i,
                            ));
                        }
                        (eq + 1..eq + 1, Quote::None, i)
                    }
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
                        if bytes[span.clone()].iter().any(|&b| b == b'"' || b == b'\'') {
                            ambiguity = Some((
                                key.clone(),
                                "a quote inside an unquoted value: dotenvy reads a quoted part there (on over the next lines when it is not closed), python-dotenv and Node's dotenv read the quote as a character".to_string(),
                                i,
                            ));
                        }
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
            } else if key_end == i && bytes.get(i) == Some(&b':') {
                // `KEY: value`: Node's dotenv reads it as an assignment, python-dotenv and
                // dotenvy do not. A bare `KEY:` makes Node take the next line as its value.
                match bytes.get(i + 1) {
                    Some(b' ' | b'\t') => {
                        ambiguity = Some((
                            key,
                            "`KEY: value` (YAML style) is an assignment for Node's dotenv, not for python-dotenv or dotenvy".to_string(),
                            i,
                        ));
                    }
                    Some(b'\r' | b'\n') => {
                        let next_line = end_of_line(bytes, i);
                        ambiguity = Some((
                            key,
                            "a bare `KEY:` (YAML style) makes Node's dotenv read the next line as its value; python-dotenv and dotenvy ignore it".to_string(),
                            next_line.min(n.saturating_sub(1)),
                        ));
                    }
                    _ => {}
                }
            }
        }
        // Skip the rest of the line (comments, trailing text, things we do not understand).
        while i < n && line_end_at(bytes, i) == 0 {
            i += 1;
        }
        let ends = line_end_at(bytes, i);
        if ends > 0 {
            eol.get_or_insert(match ends {
                2 => "\r\n",
                _ if bytes[i] == b'\r' => "\r",
                _ => "\n",
            });
            i += ends;
            line += 1;
        }
        if out.len() > assignments_before
            && let Some(last) = out.last_mut()
        {
            last.span = line_start..i;
        }
        if let Some((key, reason, reaches)) = ambiguity {
            ambiguities.push(Ambiguity {
                key,
                line: line_start_line,
                reason,
                span: line_start..end_of_line(bytes, reaches).max(i),
            });
        }
    }
    // A line dotenvy reads as part of an earlier one (a quote that line opened, in a
    // comment or after its value, closes only later): dotenvy never sees this assignment.
    let mut logical = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let mut starts = Vec::new();
    while logical < n {
        let end = dotenvy_line_end(bytes, logical);
        starts.push((logical, end));
        logical = end;
    }
    for a in &out {
        let inside = starts.partition_point(|&(start, _)| start <= a.span.start);
        if let Some(&(start, end)) = inside.checked_sub(1).map(|k| &starts[k])
            && start < a.span.start
            && a.span.start < end
        {
            let from = count_lines(&bytes[..start]);
            ambiguities.push(Ambiguity {
                key: a.key.clone(),
                line: a.line,
                reason: format!(
                    "dotenvy reads it as part of line {from}, where a quote opens that closes only later; python-dotenv and Node's dotenv read it on its own"
                ),
                span: a.span.clone(),
            });
        }
    }
    ambiguities.sort_by_key(|a| a.span.start);
    Ok(Parsed {
        assignments: out,
        ambiguities,
        eol,
    })
}

/// Where dotenvy's logical line starting at `from` ends (just after its last line end, or
/// the end of the file): dotenvy reads on over line breaks while a quote it opened, anywhere
/// in the line, is open (`QuotedLines` in its iter.rs, on bytes: only ASCII matters there).
/// A lone CR counts as a line end here, as everywhere in the model: a file with lone CRs is
/// read as python-dotenv and Node's dotenv read it, dotenvy giving the values of its lines.
fn dotenvy_line_end(bytes: &[u8], from: usize) -> usize {
    let is_line_end = |i: usize| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    let rest_of_line = |i: usize| {
        (i..bytes.len())
            .find(|&j| is_line_end(j))
            .map_or(bytes.len(), |j| j + 1)
    };
    // A line that starts with `#` is a comment whatever quotes it holds.
    let first = (from..bytes.len()).find(|&j| !matches!(bytes[j], b' ' | b'\t' | 0x0b | 0x0c) || is_line_end(j));
    if first.is_some_and(|j| bytes[j] == b'#') {
        return rest_of_line(from);
    }
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Complete,
        Escape,
        Strong,
        StrongEscape,
        Weak,
        WeakEscape,
        Blank,
    }
    let mut state = State::Complete;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        state = match state {
            State::Blank if b == b'#' => {
                // A comment: the rest of the line is dropped, the line ends with it.
                return rest_of_line(i);
            }
            State::Blank | State::Complete => match b {
                b' ' | b'\t' | 0x0b | 0x0c if state == State::Complete => State::Blank,
                b'\\' => State::Escape,
                b'"' => State::Weak,
                b'\'' => State::Strong,
                _ => State::Complete,
            },
            State::Escape => State::Complete,
            State::Weak => match b {
                b'\\' => State::WeakEscape,
                b'"' => State::Complete,
                _ => State::Weak,
            },
            State::WeakEscape => State::Weak,
            State::Strong => match b {
                b'\\' => State::StrongEscape,
                b'\'' => State::Complete,
                _ => State::Strong,
            },
            State::StrongEscape => State::Strong,
        };
        let ends = is_line_end(i);
        i += 1;
        if ends && state == State::Complete {
            return i;
        }
    }
    bytes.len()
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

/// The quote python-dotenv and Node's dotenv close a quoted value with: their pattern is
/// `'((?:\\'|[^'])*)'`, so a backslash before the quote character escapes it (in single
/// quotes too), and when no unescaped quote follows, the regex backtracks to the last
/// escaped one.
fn closing_for_regex_readers(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut j = from;
    let mut last_escaped = None;
    while j < bytes.len() {
        if bytes[j] == b'\\' && bytes.get(j + 1) == Some(&quote) {
            last_escaped = Some(j + 1);
            j += 2;
        } else if bytes[j] == quote {
            return Some(j);
        } else {
            j += 1;
        }
    }
    last_escaped
}

/// Why the readers disagree on a quoted value `bytes[start..end]` (closed at `end`), and
/// the last byte some reader may read as part of it; `None` when they agree on where it ends.
fn quoted_ambiguity(bytes: &[u8], start: usize, end: usize, quote: u8) -> Option<(String, usize)> {
    let q = if quote == b'"' { "double" } else { "single" };
    if end > start && bytes[end - 1] == b'\\' {
        let theirs = closing_for_regex_readers(bytes, start, quote).unwrap_or(end);
        if theirs != end {
            return Some((
                format!(
                    "an escaped quote (`\\{}`) inside {q} quotes: python-dotenv and Node's dotenv read the value on to a later quote, dotenvy ends it here",
                    quote as char
                ),
                theirs,
            ));
        }
    }
    // After the closing quote: blanks, then a comment or the end of the line.
    let mut j = end + 1;
    while j < bytes.len() && is_blank(bytes[j]) {
        j += 1;
    }
    if j < bytes.len() && line_end_at(bytes, j) == 0 && bytes[j] != b'#' {
        return Some((
            format!(
                "text after the closing {q} quote: python-dotenv drops the line, Node's dotenv and dotenvy read other values"
            ),
            j,
        ));
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

    /// Moving spans in place gives the model a fresh parse would.
    #[test]
    fn an_edit_leaves_the_model_a_parse_would_give() {
        for (input, key, value) in [
            ("A=1\nT=old # c\nB='x'\nT=\"older\"\r\nC=3", "T", "NEWVALUE"),
            ("T=\nA=1\n", "T", "N"),
            ("X=\"multi\nline\"\nT=old\nY=2\n", "T", "NEWER"),
            ("T='has space'\nA=1\n", "T", "it's"),
        ] {
            let mut edited = EnvFile::parse(input.as_bytes().to_vec()).unwrap();
            edited.set(key, value).unwrap();
            let fresh = EnvFile::parse(edited.bytes().to_vec()).unwrap();
            assert_eq!(edited.assignments(), fresh.assignments(), "{input:?}");
            assert_eq!(edited.ambiguities(), fresh.ambiguities(), "{input:?}");
        }
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
    fn a_lone_cr_ends_a_line() {
        let f = EnvFile::parse(b"A=1\rT=old\rB='x'\r".to_vec()).unwrap();
        assert_eq!(f.find("T")[0].line, 2);
        assert_eq!(f.find("B")[0].line, 3);
        assert_eq!(f.line_ending(), "\r");
        assert_eq!(set("A=1\rT=old\rB=2", "T", "NEW"), "A=1\rT=NEW\rB=2");
        // Appended with the file's own line end, after the last line's.
        assert_eq!(set("A=1\rB=2", "T", "NEW"), "A=1\rB=2\rT=NEW\r");
        assert_eq!(set("A=1\r", "T", "NEW"), "A=1\rT=NEW\r");
        // Inside quotes a CR is part of the value, and still counts as a line.
        let f = EnvFile::parse(b"A=\"x\ry\"\rT=1\r\nU=2\n".to_vec()).unwrap();
        assert_eq!(f.find("T")[0].line, 3);
        assert_eq!(f.find("U")[0].line, 4);
        assert_eq!(f.line_ending(), "\r");
        assert_eq!(f.lines_of(&["T"]), b"T=1\r\n");
    }

    #[test]
    fn splits_lines_at_every_line_end() {
        assert_eq!(split_lines("a\rb\r\nc\nd"), ["a", "b", "c", "d"]);
        assert_eq!(split_lines("a\n"), ["a", ""]);
        assert_eq!(split_lines(""), [""]);
    }

    #[test]
    fn lines_readers_disagree_on_are_not_edited() {
        let refused = |input: &str, key: &str| {
            let mut f = EnvFile::parse(input.as_bytes().to_vec()).unwrap();
            let before = f.bytes().to_vec();
            let e = f.set(key, "NEW").unwrap_err();
            assert_eq!(f.bytes(), &before[..], "{input:?}");
            match e {
                SetError::Ambiguous { line, reason } => (line, reason),
                other => panic!("{input:?}: {other:?}"),
            }
        };
        let (line, reason) = refused("A=1\nT='b\\'c'\n", "T");
        assert_eq!(line, 2);
        assert!(reason.contains("escaped quote"), "{reason}");
        let (line, reason) = refused("A=1\nT: old\n", "T");
        assert_eq!(line, 2);
        assert!(reason.contains("YAML"), "{reason}");
        // A bare `KEY:` swallows the next line for Node's dotenv.
        assert_eq!(refused("NOTE:\nT=old\n", "T").0, 1);
        // An escaped quote whose value python-dotenv reads on over the token's line.
        assert_eq!(refused("A='x\\'\nT=old\nB='y'\n", "T").0, 1);
        assert!(refused("T=\"old\"junk\n", "T").1.contains("text after"));
        // dotenvy opens a quote inside an unquoted value, and reads on over the next lines.
        assert!(refused("T=_A\"\n\"\nB=1\n", "T").1.contains("unquoted"));
        assert_eq!(
            refused("A=x\"\nT=old\n\"\n", "T"),
            (
                2,
                "dotenvy reads it as part of line 1, where a quote opens that closes only later; python-dotenv and Node's dotenv read it on its own".to_string()
            )
        );
        assert_eq!(dotenvy_line_end(b"A=x\"\nT=old\n\"\nB=1\n", 0), 13);
        assert_eq!(dotenvy_line_end(b"# it's\nB='1'\n", 0), 7);
        // A quote opened after a closing one, or in a comment after two blanks, swallows
        // the token's line for dotenvy.
        assert_eq!(refused("\rA='\n\nA'='\nT=\r'\n", "T").0, 5);
        assert!(refused("A=1  # it's\nT=old\nB='x'\n", "T").1.contains("part of line 1"));
        // The token's own comment opening a quote is dotenvy's problem on later lines only.
        assert_eq!(set("T=old  # it's\nB=1\n", "T", "NEW"), "T=NEW  # it's\nB=1\n");
        assert_eq!(dotenvy_line_end(b"A=x # it's\nB=1\n", 0), 11);
        assert_eq!(dotenvy_line_end(b"A=x  # it's\nB=1\n", 0), 16);
        assert!(refused("T=\"a\\\\\" # c\nB=\"q\"\n", "T").1.contains("escaped quote"));
        assert!(refused("#\nT=#\n", "T").1.contains("right after `=`"));
        // Elsewhere in the file they stay as they are.
        assert_eq!(set("A='b\\'c'\nT=old\n", "T", "NEW"), "A='b\\'c'\nT=NEW\n");
        assert_eq!(set("A: 1\nT=old\n", "T", "NEW"), "A: 1\nT=NEW\n");
        // What every reader agrees on is not ambiguous.
        assert_eq!(set("T='a\\'\n", "T", "NEW"), "T='NEW'\n");
        assert_eq!(set("T='old'#c\n", "T", "NEW"), "T='NEW'#c\n");
        assert_eq!(set("T=\"a\\\\\"\n", "T", "NEW"), "T=\"NEW\"\n");
        assert_eq!(set("URL=http://x\nT=1\n", "T", "NEW"), "URL=http://x\nT=NEW\n");
    }

    #[test]
    fn refuses_whitespace_in_value() {
        let mut f = EnvFile::parse(b"T=x\n".to_vec()).unwrap();
        assert_eq!(f.set("T", "a b"), Err(SetError::UnsafeValue));
    }
}
