//! A fleet's settings (`check` and `inspect`): the targets `--targets-from` lists, how
//! many run at once (`--jobs`), and how long a run may wait on Meta's rate limits in all
//! (`--rate-limit-wait`). Like every setting, from flags only: an env file cannot set them.

use super::Location;
use crate::cli::FleetArgs;
use crate::exit::{Failure, Result};
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DEFAULT_JOBS: usize = 16;
/// More gains nothing against one connection pool and Meta's rate limits, and each job
/// holds a file descriptor or two (the default limit is 1,024).
pub const MAX_JOBS: usize = 256;
pub const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(120);

#[derive(Clone, Debug)]
pub struct Fleet {
    /// The list's targets in its order; `None` without `--targets-from`.
    pub listed: Option<Vec<Location>>,
    /// How the list is named in messages: its path, or standard input.
    pub list_name: String,
    pub jobs: usize,
    pub rate_limit_wait: Duration,
}

impl Default for Fleet {
    fn default() -> Self {
        Fleet {
            listed: None,
            list_name: String::new(),
            jobs: DEFAULT_JOBS,
            rate_limit_wait: DEFAULT_RATE_LIMIT_WAIT,
        }
    }
}

impl Fleet {
    /// Parse the flags and read the list (`-`: standard input, read once, here).
    pub fn resolve(args: &FleetArgs) -> Result<Fleet> {
        let jobs = parse_jobs(args.jobs.as_deref())?;
        let rate_limit_wait = parse_wait(args.rate_limit_wait.as_deref())?;
        let (listed, list_name) = match &args.targets_from {
            Some(path) => {
                let (bytes, name) = read_list(path)?;
                (Some(parse_list(&bytes)), name)
            }
            None => (None, String::new()),
        };
        Ok(Fleet {
            listed,
            list_name,
            jobs,
            rate_limit_wait,
        })
    }
}

fn read_list(path: &Path) -> Result<(Vec<u8>, String)> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::io(format!("cannot read the target list from standard input: {e}")))?;
        return Ok((bytes, "standard input".to_string()));
    }
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Failure::io(format!("cannot read the target list {name}: {e}"))
            .hint("give --targets-from a file with one env-file path or store URI a line, or - for standard input")
    })?;
    Ok((bytes, name))
}

/// One target a line: a store URI (`scheme://…`) or an env-file path, as given (relative
/// paths from the current directory, like `--env-file`). Blank lines and lines starting
/// with `#` are skipped; surrounding whitespace and a CR before the line end are not part
/// of the target.
pub fn parse_list(bytes: &[u8]) -> Vec<Location> {
    bytes
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .filter(|line| !line.is_empty() && !line.starts_with(b"#"))
        .map(|line| match std::str::from_utf8(line) {
            Ok(text) if is_uri(text) => Location::Store(text.to_string()),
            _ => Location::EnvFile(PathBuf::from(std::ffi::OsStr::from_bytes(line))),
        })
        .collect()
}

/// `vault://…`, `k8s://…`, or any other `scheme://`: a store (an unknown scheme is then
/// refused by name, not looked for as a file).
fn is_uri(text: &str) -> bool {
    text.split_once("://").is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

fn parse_jobs(text: Option<&str>) -> Result<usize> {
    let Some(text) = text else { return Ok(DEFAULT_JOBS) };
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_JOBS).contains(&n) => Ok(n),
        _ => Err(
            Failure::config(format!("`{text}` is not a valid number for --jobs")).hint(format!(
                "give a whole number from 1 to {MAX_JOBS}, for example --jobs 16"
            )),
        ),
    }
}

fn parse_wait(text: Option<&str>) -> Result<Duration> {
    let Some(text) = text else {
        return Ok(DEFAULT_RATE_LIMIT_WAIT);
    };
    match text.trim().parse::<f64>() {
        Ok(secs) if secs.is_finite() && (0.0..=86_400.0).contains(&secs) => Ok(Duration::from_secs_f64(secs)),
        _ => Err(Failure::config(format!(
            "`{text}` is not a valid number of seconds for --rate-limit-wait"
        ))
        .hint("give seconds from 0 (never wait) to 86400, for example --rate-limit-wait 120")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_skip_blanks_and_comments_and_tell_stores_from_files() {
        let list = b"# the shop\n/srv/shop/.env\r\n\n  \t\n  # indented comment\nvault://secret/bots/acme\n k8s://bots/promo?context=prod \nrelative/bot.env\nnot a uri: //x\nC:/odd\n";
        assert_eq!(
            parse_list(list),
            vec![
                Location::EnvFile("/srv/shop/.env".into()),
                Location::Store("vault://secret/bots/acme".into()),
                Location::Store("k8s://bots/promo?context=prod".into()),
                Location::EnvFile("relative/bot.env".into()),
                Location::EnvFile("not a uri: //x".into()),
                Location::EnvFile("C:/odd".into()),
            ]
        );
        assert!(parse_list(b"").is_empty());
        assert!(parse_list(b"# only\n\n").is_empty());
        // A path that is not UTF-8 is kept byte for byte.
        let odd = parse_list(b"bot-\xff.env\n");
        assert_eq!(
            odd,
            vec![Location::EnvFile(PathBuf::from(std::ffi::OsStr::from_bytes(
                b"bot-\xff.env"
            )))]
        );
    }

    #[test]
    fn jobs_and_waits_are_checked() {
        assert_eq!(parse_jobs(None).unwrap(), 16);
        assert_eq!(parse_jobs(Some("4")).unwrap(), 4);
        for bad in ["0", "-1", "x", "257", "1.5"] {
            assert!(parse_jobs(Some(bad)).is_err(), "{bad}");
        }
        assert_eq!(parse_wait(None).unwrap(), Duration::from_secs(120));
        assert_eq!(parse_wait(Some("0")).unwrap(), Duration::ZERO);
        assert_eq!(parse_wait(Some("2.5")).unwrap(), Duration::from_millis(2500));
        for bad in ["-1", "x", "inf", "100000"] {
            assert!(parse_wait(Some(bad)).is_err(), "{bad}");
        }
    }
}
