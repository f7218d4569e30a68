//! Reading an env file: its bytes, its lossless model, and the values the application's
//! readers would see (dotenvy into a map, never into the process environment, so the
//! user's shell cannot change what the tool sees).

use super::model::EnvFile;
use crate::exit::{Failure, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The env file as read: the values wa-token uses (dotenvy), its lossless model (line
/// numbers, spans) and, on a second core, dotenvy's reading of the whole file.
#[derive(Clone)]
pub struct LoadedEnvFile {
    pub path: PathBuf,
    /// The settings wa-token reads, as dotenvy reads their lines.
    pub values: HashMap<String, String>,
    pub model: EnvFile,
    /// Mode bits, to warn when group or others may read the secrets.
    pub mode: Option<u32>,
    /// Things other readers of the file would trip over (found without reading it all).
    pub notes: Vec<String>,
    whole: Arc<WholeFileRead>,
}

impl std::fmt::Debug for LoadedEnvFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Values hold secrets: keys only.
        let mut keys: Vec<&String> = self.values.keys().collect();
        keys.sort();
        f.debug_struct("LoadedEnvFile")
            .field("path", &self.path)
            .field("keys", &keys)
            .field("mode", &self.mode)
            .finish()
    }
}

type WholeFile = std::result::Result<(HashMap<String, String>, Option<String>), String>;

/// dotenvy over the whole file, started at load time on another thread: on a large file
/// it costs more than everything else wa-token does, so it runs beside the network calls.
struct WholeFileRead {
    handle: Mutex<Option<std::thread::JoinHandle<WholeFile>>>,
    result: OnceLock<WholeFile>,
}

impl WholeFileRead {
    fn start(bytes: Vec<u8>) -> Self {
        let handle = std::thread::Builder::new()
            .name("dotenvy".into())
            .spawn(move || read_values_noting(&bytes))
            .ok();
        WholeFileRead {
            handle: Mutex::new(handle),
            result: OnceLock::new(),
        }
    }

    fn skipped() -> Self {
        WholeFileRead {
            handle: Mutex::new(None),
            result: OnceLock::from(Ok((HashMap::new(), None))),
        }
    }

    fn get(&self) -> &WholeFile {
        self.result.get_or_init(|| {
            let handle = self.handle.lock().unwrap_or_else(|e| e.into_inner()).take();
            match handle.map(|h| h.join()) {
                Some(Ok(result)) => result,
                _ => Err("dotenvy did not finish reading the file".to_string()),
            }
        })
    }
}

impl LoadedEnvFile {
    /// What dotenvy says about the whole file: a note when it cannot read it, or reads one
    /// of wa-token's settings differently (then `rotate` refuses to write).
    pub fn whole_file_notes(&self) -> (Vec<String>, Vec<String>) {
        let mut notes = Vec::new();
        let mut differing = Vec::new();
        match self.whole.get() {
            Ok((whole, problem)) => {
                if let Some(problem) = problem {
                    notes.push(format!(
                        "{}: {problem}; Rust apps using dotenvy would fail on it (python-dotenv and Node's dotenv read it)",
                        self.path.display()
                    ));
                }
                for (key, value) in &self.values {
                    if problem.is_none() && whole.get(key) != Some(value) {
                        differing.push(key.clone());
                    }
                }
                differing.sort();
                for key in &differing {
                    notes.push(format!(
                        "dotenvy reads `{key}` differently when it reads the whole of {}",
                        self.path.display()
                    ));
                }
            }
            Err(e) => notes.push(format!("{}: {e}", self.path.display())),
        }
        (notes, differing)
    }
}

/// Read the env file at `path`: `None` when it does not exist and need not. `keys` are the
/// variables read at once (dotenvy costs more than everything else on a large file).
/// `read_whole` starts dotenvy's reading of the whole file on another thread.
pub fn load(path: &Path, must_exist: bool, keys: &[&str], read_whole: bool) -> Result<Option<LoadedEnvFile>> {
    // A regular file of at most 4 MiB, never a FIFO or device, through no foreign symlink.
    let Some(read) = super::safe_read::env_file(path, must_exist)? else {
        return Ok(None);
    };
    let bytes = read.bytes;
    let mode = Some(std::os::unix::fs::PermissionsExt::mode(&read.meta.permissions()));
    let model = EnvFile::parse(bytes.clone()).map_err(|e| {
        Failure::config(format!("cannot parse env file {}: {e}", path.display()))
            .hint("fix the quoting on that line; nothing was changed")
            .about_env_file()
    })?;
    let unreadable = |e: String| {
        Failure::config(format!("cannot parse env file {}: {e}", path.display()))
            .hint("nothing was changed; the file must be valid UTF-8 in KEY=value lines")
            .about_env_file()
    };
    check_text(&bytes).map_err(unreadable)?;
    // dotenvy reads the lines of the settings now (they are few); the whole file on the side.
    let lines = model.lines_of(keys);
    let values = if lines.contains(&b'$') {
        // `$VAR` may refer to anything earlier in the file: read it all.
        read_values(&bytes).map_err(unreadable)?
    } else {
        read_values(&lines).map_err(unreadable)?
    };
    let whole = Arc::new(if read_whole {
        WholeFileRead::start(bytes.clone())
    } else {
        WholeFileRead::skipped()
    });
    let mut notes = Vec::new();
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        notes.push(format!(
            "{} starts with a UTF-8 byte-order mark: python-dotenv and Node's dotenv read its first key with the mark attached",
            path.display()
        ));
    }
    Ok(Some(LoadedEnvFile {
        path: path.to_path_buf(),
        values,
        model,
        mode,
        notes,
        whole,
    }))
}

/// What every reader needs: text, without NUL bytes.
fn check_text(bytes: &[u8]) -> std::result::Result<(), String> {
    if bytes.contains(&0) {
        return Err("it contains a NUL byte".to_string());
    }
    if std::str::from_utf8(bytes).is_err() {
        return Err("it is not valid UTF-8".to_string());
    }
    Ok(())
}

/// Read values the way the user's app does: dotenvy, into a map, last assignment wins.
///
/// dotenvy refuses some files other readers accept (an apostrophe in an inline comment
/// after two spaces makes it look for a closing quote on later lines). Then the values come
/// from the lossless model, read the way python-dotenv reads them, and a note says so.
pub fn read_values(bytes: &[u8]) -> std::result::Result<HashMap<String, String>, String> {
    read_values_noting(bytes).map(|(values, _)| values)
}

/// Like `read_values`, with the reason dotenvy could not be used, if it could not.
pub fn read_values_noting(bytes: &[u8]) -> std::result::Result<(HashMap<String, String>, Option<String>), String> {
    check_text(bytes)?;
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
    super::safe_read::check_expansion(content)?;
    let mut values = HashMap::new();
    for item in dotenvy::from_read_iter(content) {
        match item {
            Ok((k, v)) => {
                values.insert(k, v);
            }
            Err(e) => {
                let model = EnvFile::parse(bytes.to_vec()).map_err(|pe| pe.to_string())?;
                return Ok((model.values(), Some(describe_dotenvy_error(&e, content))));
            }
        }
    }
    Ok((values, None))
}

/// Why dotenvy refused the file, by line number: the line itself may be a pasted secret,
/// so none of its text is quoted.
fn describe_dotenvy_error(e: &dotenvy::Error, content: &[u8]) -> String {
    match e {
        dotenvy::Error::LineParse(line, index) => {
            let at = content
                .windows(line.len().max(1))
                .position(|w| w == line.as_bytes())
                .map(|pos| content[..pos].iter().filter(|&&b| b == b'\n').count() + 1);
            match at {
                Some(n) => format!("line {n} cannot be read by dotenv (error at character {index})"),
                None => format!("a line cannot be read by dotenv (error at character {index})"),
            }
        }
        dotenvy::Error::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => "it is not valid UTF-8".to_string(),
        dotenvy::Error::Io(io) => format!("it cannot be read ({})", io.kind()),
        _ => "dotenv cannot read it".to_string(),
    }
}
