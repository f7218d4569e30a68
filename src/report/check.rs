//! `check`'s report (which `inspect` extends), and the pieces other reports share: the
//! token as shown, and errors.

use super::severity;
use crate::exit::{ErrorKind, ExitStatus, Failure};
use crate::secret::scrub;
use serde::Serialize;

/// The contract's `status` of `check` and `inspect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Valid,
    Expiring,
    Invalid,
    /// Valid, but issued more than `--max-age` days ago.
    TooOld,
    Error,
}

/// `{source, variable, masked, fingerprint}`; `value` only with `inspect --show-token`.
#[derive(Clone, Debug, Serialize)]
pub struct TokenInfo {
    pub source: String,
    pub variable: String,
    pub masked: String,
    pub fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Meta's verdict on a bad token: `{code, message, subcode}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TokenError {
    pub code: i64,
    pub message: String,
    pub subcode: Option<i64>,
}

impl TokenError {
    /// `(190/463) Error validating access token: …`
    pub fn describe(&self) -> String {
        format!(
            "({}) {}",
            crate::graph::code_label(self.code, self.subcode),
            self.message
        )
    }
}

/// The `error` object of a run that stopped: `{hint, hints, kind, message}`.
#[derive(Clone, Debug, Serialize)]
pub struct FailureInfo {
    pub hint: Option<String>,
    pub hints: Vec<String>,
    pub kind: ErrorKind,
    pub message: String,
}

impl From<&Failure> for FailureInfo {
    fn from(f: &Failure) -> Self {
        FailureInfo {
            hint: f.hints.first().map(|h| scrub(h)),
            hints: f.hints.iter().map(|h| scrub(h)).collect(),
            kind: f.kind,
            message: scrub(&f.message),
        }
    }
}

/// A report's `error`: Meta's verdict on the token, or why there is no verdict.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum ErrorField {
    Token(TokenError),
    Failure(FailureInfo),
}

impl ErrorField {
    pub fn code(&self) -> Option<(i64, Option<i64>)> {
        match self {
            ErrorField::Token(e) => Some((e.code, e.subcode)),
            ErrorField::Failure(_) => None,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            ErrorField::Token(e) => &e.message,
            ErrorField::Failure(f) => &f.message,
        }
    }
}

/// The contract's `check` object.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub status: CheckStatus,
    /// The target as the user named it (path or store URI); in JSON only among several
    /// results (the renderer adds it there), so one target's object is unchanged.
    #[serde(skip)]
    pub target: String,
    /// The env file's path as given; `None` for a store.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env_file: Option<String>,
    /// A Vault or Kubernetes target's URI (instead of `env_file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    pub valid: Option<bool>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub app_id: Option<String>,
    pub application: Option<String>,
    pub expiry_known: bool,
    pub expires_at: Option<String>,
    pub expires_in_days: Option<i64>,
    pub scopes: Option<Vec<String>>,
    pub missing_scopes: Option<Vec<String>>,
    pub error: Option<ErrorField>,
    pub token: Option<TokenInfo>,
    /// `debug_token`, or the endpoint of the fallback read.
    pub checked_with: Option<String>,
    /// Days since the token was issued, when Meta says.
    pub age_days: Option<i64>,
    pub hints: Vec<String>,
    pub warnings: Vec<String>,
    /// The Graph URL, when it is not Meta's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_url: Option<String>,
    /// Unix time of expiry, for renderers.
    #[serde(skip)]
    pub expires_unix: Option<i64>,
    #[serde(skip)]
    pub exit: ExitStatus,
    /// Why there is no verdict, when the run stopped (printed as an error line).
    #[serde(skip)]
    pub failure: Option<Failure>,
}

impl CheckReport {
    /// The object for a run that reached no verdict.
    pub fn errored(failure: Failure, env_file: Option<String>, token: Option<TokenInfo>) -> Self {
        CheckReport {
            status: CheckStatus::Error,
            target: env_file.clone().unwrap_or_else(|| ".env".to_string()),
            env_file,
            store: None,
            valid: None,
            kind: None,
            app_id: None,
            application: None,
            expiry_known: false,
            expires_at: None,
            expires_in_days: None,
            scopes: None,
            missing_scopes: None,
            error: Some(ErrorField::Failure(FailureInfo::from(&failure))),
            token,
            checked_with: None,
            age_days: None,
            hints: failure.hints.clone(),
            warnings: Vec::new(),
            graph_url: None,
            expires_unix: None,
            exit: failure.exit,
            failure: Some(failure),
        }
    }

    /// The label of its target.
    pub fn target(&self) -> &str {
        if self.target.is_empty() {
            self.env_file.as_deref().or(self.store.as_deref()).unwrap_or(".env")
        } else {
            &self.target
        }
    }
}

/// Nagios thresholds, and the time they are judged at.
#[derive(Clone, Copy, Debug)]
pub struct Thresholds {
    pub warn_days: u32,
    pub critical_days: u32,
    pub now: i64,
}

/// `check` over one or several targets.
#[derive(Debug)]
pub struct CheckRun {
    pub results: Vec<CheckReport>,
    pub thresholds: Thresholds,
    /// How long the run took, for the closing summary of several targets.
    pub took: Option<std::time::Duration>,
}

impl CheckRun {
    /// The worst result: the one whose exit is most severe.
    pub fn worst(&self) -> Option<&CheckReport> {
        self.results.iter().max_by_key(|r| severity(r.exit))
    }

    pub fn exit(&self) -> ExitStatus {
        self.worst().map(|r| r.exit).unwrap_or(ExitStatus::Success)
    }
}
