//! Exit codes (the contract's table) and the error type whose kind chooses one.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Valid, written, accepted.
    Success = 0,
    /// The answer is no: invalid token, rejected new token, rejected message.
    No = 1,
    /// Usage or configuration error.
    Usage = 2,
    /// Valid, but expiring within `--warn-days`.
    Warning = 3,
    /// No verdict: network failure, timeout, transient or malformed answer.
    NoVerdict = 4,
    /// Written, but the `--restart` command (or the reload check) failed.
    RestartFailed = 5,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// What kind of failure stopped a command; it picks the exit code and the JSON `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorKind {
    /// Bad flags, settings or env file (exit 2).
    Config,
    /// Network failure, timeout or malformed answer (exit 4).
    Network,
    /// Meta answered with an error that is not a verdict on the token (exit 4 unless set).
    Api,
    /// A local file could not be read or written (exit 2).
    Io,
}

/// An error that ends a command, with the fixes we know for it.
#[derive(Debug, Clone)]
pub struct Failure {
    pub kind: ErrorKind,
    pub message: String,
    pub hints: Vec<String>,
    pub exit: ExitStatus,
    /// The target itself (env file or secret store) could not be read or parsed (doctor
    /// reports it as a check).
    pub env_file: bool,
    /// A write failed after this backup of the previous file was written.
    pub backup: Option<std::path::PathBuf>,
    /// Meta's usage headers kept the target waiting past `--rate-limit-wait` (a fleet
    /// counts these and says so once).
    pub rate_limited: bool,
}

impl Failure {
    fn new(kind: ErrorKind, message: impl Into<String>, exit: ExitStatus) -> Self {
        Failure {
            kind,
            message: message.into(),
            hints: Vec::new(),
            exit,
            env_file: false,
            backup: None,
            rate_limited: false,
        }
    }

    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message, ExitStatus::Usage)
    }

    pub fn io(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Io, message, ExitStatus::Usage)
    }

    pub fn network(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Network, message, ExitStatus::NoVerdict)
    }

    pub fn api(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Api, message, ExitStatus::NoVerdict)
    }

    /// No request was made: the app was paused by Meta's usage headers for longer than
    /// the run may wait. `message` says why; it is shown as `rate-limited: …`.
    pub fn rate_limited(message: impl Into<String>) -> Self {
        let mut failure = Self::new(
            ErrorKind::Api,
            format!("rate-limited: {}", message.into()),
            ExitStatus::NoVerdict,
        )
        .hint("run again later, or allow a longer wait with --rate-limit-wait SECS");
        failure.rate_limited = true;
        failure
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn about_env_file(mut self) -> Self {
        self.env_file = true;
        self
    }

    pub fn with_backup(mut self, backup: &std::path::Path) -> Self {
        self.backup = Some(backup.to_path_buf());
        self
    }

    pub fn with_exit(mut self, exit: ExitStatus) -> Self {
        self.exit = exit;
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// What went wrong with an HTTP request, as one short line: its innermost cause
/// ("Connection refused (os error 111)", "timed out"), never its URL (a query string may
/// carry a token), scrubbed. The Graph client, the Vault store and `--verify-url` use it.
pub fn request_cause(e: reqwest::Error) -> String {
    if e.is_timeout() {
        return "timed out".to_string();
    }
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text = cause.to_string();
        source = cause.source();
    }
    crate::secret::scrub(&text)
}
