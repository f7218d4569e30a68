//! Reading an env file without hanging, exhausting memory or following a planted link.
//!
//! - A symlink is followed only when its owner is the caller (the effective user) or the
//!   owner of the file it points to, as the kernel's `protected_symlinks` does in sticky
//!   directories: a link another user planted is not a way to read or rewrite our files.
//! - The file is opened with `O_NONBLOCK`, so that opening a FIFO cannot block, and what was
//!   opened (`fstat` of the descriptor, not of the path) must be a regular file: a FIFO, a
//!   device (`/dev/urandom`), a socket or a directory is refused.
//! - At most [`MAX_ENV_FILE`] bytes are read; a larger file is refused (a sparse 1 GiB file
//!   is refused from its size, without reading it).
//! - dotenvy's expansion of `${…}` and `$NAME` can double a value with each reference to a
//!   reference: a few hundred bytes become gigabytes. [`check_expansion`] computes what it
//!   would build, without building it, so that the caller can decline to run it.

use crate::exit::Failure;
use std::collections::HashMap;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The largest env file read: an env file holds settings, not data.
pub const MAX_ENV_FILE: u64 = 4 * 1024 * 1024;

/// The most dotenvy's expansion of references may build from one file, in all.
pub const MAX_EXPANSION: u64 = 32 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    NotFound(io::Error),
    /// Not a regular file; says what it is instead.
    NotRegular(&'static str),
    TooLarge(u64),
    /// A symlink owned by someone else than the caller and the target's owner.
    ForeignSymlink {
        link: PathBuf,
        link_uid: u32,
        target_uid: u32,
    },
    /// The path changed between the symlink check and the open.
    Changed,
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound(e) | ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotRegular(kind) => write!(f, "it is not a regular file (it is {kind})"),
            ReadError::TooLarge(size) => write!(
                f,
                "it is {size} bytes, more than the {} MiB an env file may have",
                MAX_ENV_FILE / 1024 / 1024
            ),
            ReadError::ForeignSymlink {
                link,
                link_uid,
                target_uid,
            } => write!(
                f,
                "{} is a symlink owned by another user (uid {link_uid}) than you and the owner of its target (uid {target_uid}): not followed",
                link.display()
            ),
            ReadError::Changed => f.write_str("it changed while it was being opened"),
        }
    }
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound(_))
    }

    /// The hint that goes with the error, when one is known.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ReadError::NotRegular(_) => {
                Some("name a regular file with --env-file: a pipe, device or directory is never read")
            }
            ReadError::TooLarge(_) => {
                Some("an env file holds KEY=value lines: check that --env-file names the right file")
            }
            ReadError::ForeignSymlink { .. } => {
                Some("if you trust the link, name its target with --env-file, or replace the link with one of your own")
            }
            _ => None,
        }
    }

    /// The error as the command reports it: exit 2, about the env file.
    pub fn into_failure(self, path: &Path) -> Failure {
        let hint = self.hint();
        let mut failure = Failure::io(format!("cannot read env file {}: {self}", path.display())).about_env_file();
        if let Some(hint) = hint {
            failure = failure.hint(hint);
        }
        failure
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::NotFound {
            ReadError::NotFound(e)
        } else {
            ReadError::Io(e)
        }
    }
}

/// The env file as read: its bytes and the metadata of what was opened.
pub struct EnvFileRead {
    pub bytes: Vec<u8>,
    pub meta: Metadata,
}

impl std::fmt::Debug for EnvFileRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The bytes hold secrets: their size only.
        f.debug_struct("EnvFileRead")
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// Read the env file at `path`: `Ok(None)` when it does not exist and need not.
pub fn env_file(path: &Path, must_exist: bool) -> Result<Option<EnvFileRead>, Failure> {
    match read_regular(path) {
        Ok(read) => Ok(Some(read)),
        Err(e) if e.is_not_found() && !must_exist => Ok(None),
        Err(e) => Err(e.into_failure(path)),
    }
}

/// Read a regular file of at most [`MAX_ENV_FILE`] bytes, never blocking on the open and
/// following a symlink only when [`check_symlink_owner`] allows it.
pub fn read_regular(path: &Path) -> Result<EnvFileRead, ReadError> {
    let expected = check_symlink_owner(path)?;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let meta = file.metadata()?;
    if let Some((dev, ino)) = expected
        && (meta.dev(), meta.ino()) != (dev, ino)
    {
        return Err(ReadError::Changed);
    }
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > MAX_ENV_FILE {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let bytes = read_capped(file)?;
    Ok(EnvFileRead { bytes, meta })
}

/// Read what the descriptor holds, refusing more than [`MAX_ENV_FILE`] bytes (a file can
/// grow after its size was looked at, and /proc files say 0).
fn read_capped(file: File) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    file.take(MAX_ENV_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_ENV_FILE {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, for the error message.
fn kind_of(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

/// The effective user ID of this process.
pub fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// When `path` is a symlink (or a chain of them), check that each link is owned by the
/// caller or by the owner of the final target; returns the target's (device, inode) so
/// that the caller can check that it opened that file. `Ok(None)` when `path` is not a
/// symlink, or its target does not exist (opening it will say so).
pub fn check_symlink_owner(path: &Path) -> Result<Option<(u64, u64)>, ReadError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {}
        _ => return Ok(None),
    }
    let target = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(_) => return Ok(None),
    };
    let me = euid();
    let mut link = path.to_path_buf();
    // The kernel follows at most 40 links; a longer chain fails to open anyway.
    for _ in 0..40 {
        let meta = match fs::symlink_metadata(&link) {
            Ok(meta) if meta.file_type().is_symlink() => meta,
            _ => break,
        };
        if meta.uid() != me && meta.uid() != target.uid() {
            return Err(ReadError::ForeignSymlink {
                link,
                link_uid: meta.uid(),
                target_uid: target.uid(),
            });
        }
        let next = fs::read_link(&link)?;
        link = match link.parent() {
            Some(dir) if next.is_relative() => dir.join(next),
            _ => next,
        };
    }
    Ok(Some((target.dev(), target.ino())))
}

/// Refuse a file whose `${…}`/`$NAME` references would make dotenvy build more than
/// [`MAX_EXPANSION`] bytes of values. `content` is the file's text without a BOM.
pub fn check_expansion(content: &[u8]) -> Result<(), String> {
    let size = dotenvy_expansion_size(content, MAX_EXPANSION);
    if size > MAX_EXPANSION {
        return Err(format!(
            "its `${{…}}` references expand to more than {} MiB (a reference to a value that holds references multiplies): not read the way dotenvy reads it; Rust apps using dotenvy would exhaust their memory on it",
            MAX_EXPANSION / 1024 / 1024
        ));
    }
    Ok(())
}

/// How many bytes of values dotenvy 0.15 builds when it reads `content`, counted without
/// building them (more than `limit` once that is exceeded; the count stops there). This
/// follows dotenvy's own reading: its logical lines (`iter.rs`, quotes spanning lines, a
/// trailing backslash), its line parser and its value parser (`parse.rs`), with lengths in
/// place of strings; the process environment wins over earlier values, as in dotenvy.
/// Like dotenvy, it stops at the first line dotenvy cannot parse.
pub fn dotenvy_expansion_size(content: &[u8], limit: u64) -> u64 {
    let Ok(text) = std::str::from_utf8(content) else {
        return 0;
    };
    let env_len = |name: &str| std::env::var(name).ok().map(|v| v.len() as u64);
    let mut stored: HashMap<String, Option<u64>> = HashMap::new();
    let mut total: u64 = 0;
    for line in dotenvy_lines(text) {
        let Some(line) = line else { break };
        match dotenvy_line_size(line, &mut stored, &env_len) {
            Ok(size) => total = total.saturating_add(size),
            Err(()) => break,
        }
        if total > limit {
            break;
        }
    }
    total
}

/// dotenvy's logical lines (`QuotedLines`): `None` for a line it cannot end (it stops there).
fn dotenvy_lines(text: &str) -> impl Iterator<Item = Option<&str>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Complete,
        Escape,
        StrongOpen,
        StrongOpenEscape,
        WeakOpen,
        WeakOpenEscape,
        Comment,
        WhiteSpace,
    }
    fn end_state(prev: State, chunk: &str) -> (usize, State) {
        let mut state = prev;
        let mut pos = 0;
        for (p, c) in chunk.char_indices() {
            pos = p;
            state = match state {
                State::WhiteSpace => match c {
                    '#' => return (pos, State::Comment),
                    '\\' => State::Escape,
                    '"' => State::WeakOpen,
                    '\'' => State::StrongOpen,
                    _ => State::Complete,
                },
                State::Escape => State::Complete,
                State::Complete => match c {
                    c if c.is_whitespace() && c != '\n' && c != '\r' => State::WhiteSpace,
                    '\\' => State::Escape,
                    '"' => State::WeakOpen,
                    '\'' => State::StrongOpen,
                    _ => State::Complete,
                },
                State::WeakOpen => match c {
                    '\\' => State::WeakOpenEscape,
                    '"' => State::Complete,
                    _ => State::WeakOpen,
                },
                State::WeakOpenEscape => State::WeakOpen,
                State::StrongOpen => match c {
                    '\\' => State::StrongOpenEscape,
                    '\'' => State::Complete,
                    _ => State::StrongOpen,
                },
                State::StrongOpenEscape => State::StrongOpen,
                State::Comment => return (pos, State::Comment),
            };
        }
        (pos, state)
    }
    let mut rest = text;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = rest;
        let mut taken = 0;
        let mut state = State::Complete;
        loop {
            if taken == start.len() {
                done = true;
                return if state == State::Complete { None } else { Some(None) };
            }
            let chunk_len = start[taken..].find('\n').map_or(start.len() - taken, |i| i + 1);
            let chunk_start = taken;
            taken += chunk_len;
            rest = &start[taken..];
            let buf = &start[..taken];
            if buf.trim_start().starts_with('#') {
                return Some(Some(""));
            }
            let (pos, next) = end_state(state, &buf[chunk_start..]);
            state = next;
            match state {
                State::Complete => {
                    let line = buf
                        .strip_suffix('\n')
                        .map_or(buf, |b| b.strip_suffix('\r').unwrap_or(b));
                    return Some(Some(line));
                }
                State::Comment => return Some(Some(&buf[..chunk_start + pos])),
                _ => {}
            }
        }
    })
}

/// The bytes dotenvy's `parse_line` stores for one logical line (`Err` where it fails).
fn dotenvy_line_size(
    line: &str,
    stored: &mut HashMap<String, Option<u64>>,
    env_len: &dyn Fn(&str) -> Option<u64>,
) -> Result<u64, ()> {
    let skip_ws = str::trim_start;
    let parse_key = |s: &str| -> Result<(String, usize), ()> {
        if !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return Err(());
        }
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(s.len());
        Ok((s[..end].to_string(), end))
    };
    let mut s = skip_ws(line.trim_end());
    if s.is_empty() || s.starts_with('#') {
        return Ok(0);
    }
    let (mut key, end) = parse_key(s)?;
    s = skip_ws(&s[end..]);
    if key == "export" && !s.starts_with('=') {
        let (k, end) = parse_key(s)?;
        key = k;
        s = skip_ws(&s[end..]);
    }
    s = s.strip_prefix('=').ok_or(())?;
    s = skip_ws(s);
    if s.is_empty() || s.starts_with('#') {
        stored.insert(key, None);
        return Ok(0);
    }
    let size = dotenvy_value_size(s, stored, env_len)?;
    stored.insert(key, Some(size));
    // The value, and its copy kept for later references.
    Ok(size.saturating_mul(2))
}

/// dotenvy's `parse_value`, counting the bytes of the output instead of building it.
fn dotenvy_value_size(
    input: &str,
    stored: &HashMap<String, Option<u64>>,
    env_len: &dyn Fn(&str) -> Option<u64>,
) -> Result<u64, ()> {
    #[derive(PartialEq)]
    enum Mode {
        None,
        Block,
        EscapedBlock,
    }
    let substitute = |name: &str| -> u64 {
        env_len(name)
            .or_else(|| stored.get(name).copied().flatten())
            .unwrap_or(0)
    };
    let (mut strong, mut weak, mut escaped, mut expecting_end) = (false, false, false, false);
    let mut out: u64 = 0;
    let mut mode = Mode::None;
    let mut name = String::new();
    for c in input.chars() {
        let w = c.len_utf8() as u64;
        if expecting_end {
            if c == ' ' || c == '\t' {
                continue;
            } else if c == '#' {
                break;
            } else {
                return Err(());
            }
        } else if escaped {
            match c {
                '\\' | '\'' | '"' | '$' | ' ' | 'n' => out = out.saturating_add(w),
                _ => return Err(()),
            }
            escaped = false;
        } else if strong {
            if c == '\'' {
                strong = false;
            } else {
                out = out.saturating_add(w);
            }
        } else if mode != Mode::None {
            if c.is_alphanumeric() {
                name.push(c);
            } else if mode == Mode::Block {
                if c == '{' && name.is_empty() {
                    mode = Mode::EscapedBlock;
                } else {
                    out = out.saturating_add(substitute(&name));
                    name.clear();
                    if c == '$' {
                        mode = Mode::Block;
                    } else {
                        mode = Mode::None;
                        out = out.saturating_add(w);
                    }
                }
            } else if c == '}' {
                mode = Mode::None;
                out = out.saturating_add(substitute(&name));
                name.clear();
            } else {
                name.push(c);
            }
        } else if c == '$' {
            mode = Mode::Block;
        } else if weak {
            if c == '"' {
                weak = false;
            } else if c == '\\' {
                escaped = true;
            } else {
                out = out.saturating_add(w);
            }
        } else if c == '\'' {
            strong = true;
        } else if c == '"' {
            weak = true;
        } else if c == '\\' {
            escaped = true;
        } else if c == ' ' || c == '\t' {
            expecting_end = true;
        } else {
            out = out.saturating_add(w);
        }
    }
    if mode == Mode::EscapedBlock || strong || weak {
        return Err(());
    }
    Ok(out.saturating_add(substitute(&name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counted size is what dotenvy really builds, on the shapes it reads.
    #[test]
    fn expansion_size_matches_dotenvy() {
        let files = [
            "A=abc\nB=${A}${A}\nC=\"${B}-$A-\"\n",
            "A=1\nB=${A=B}${}x\n",
            "export A='x y'\nB=$A$A$A # note\n",
            "A=1\nB=\"multi\nline ${A}\"\nC=${B}${B}\n",
            "# c\nA=\\$x\nB=${A}\nC=${NOT_SET}x\n",
            "A=caf\u{e9}\nB=${A}${A}\n",
            "A= # empty\nB=${A}z\n",
        ];
        for text in files {
            let values: Vec<(String, String)> = dotenvy::from_read_iter(text.as_bytes())
                .collect::<Result<_, _>>()
                .unwrap();
            let real: u64 = values.iter().map(|(_, v)| 2 * v.len() as u64).sum();
            assert_eq!(dotenvy_expansion_size(text.as_bytes(), u64::MAX), real, "{text:?}");
        }
    }

    #[test]
    fn doubling_references_are_refused_without_expanding() {
        let mut text = String::from("A0=xxxxxxxx\n");
        for i in 1..40 {
            text.push_str(&format!("A{i}=${{A{}}}${{A{}}}\n", i - 1, i - 1));
        }
        let started = std::time::Instant::now();
        assert!(check_expansion(text.as_bytes()).is_err());
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert!(check_expansion(b"A=1\nB=${A}${A}\n").is_ok());
    }

    #[test]
    fn non_regular_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_regular(dir.path()),
            Err(ReadError::NotRegular("a directory"))
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/null")),
            Err(ReadError::NotRegular("a character device"))
        ));
        let big = dir.path().join("big");
        File::create(&big).unwrap().set_len(MAX_ENV_FILE + 1).unwrap();
        assert!(matches!(read_regular(&big), Err(ReadError::TooLarge(_))));
        assert!(read_regular(&dir.path().join("missing")).unwrap_err().is_not_found());
    }
}
