//! `revoke`'s report: which token, what Meta did, and whether `debug_token` confirms it dead.

use super::check::FailureInfo;
use super::replace::Shown;
use crate::exit::{ExitStatus, Failure};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevokeStatus {
    /// Meta accepted the revocation (`confirmed` says whether `debug_token` agrees).
    Revoked,
    /// The token was not valid before: nothing to revoke (exit 0).
    AlreadyInvalid,
    /// Meta refused (exit 1).
    Rejected,
    /// The user said no at the prompt (exit 0, nothing done).
    Cancelled,
    Error,
}

#[derive(Clone, Debug, Serialize)]
pub struct RevokeReport {
    pub status: RevokeStatus,
    pub env_file: String,
    /// `{masked, fingerprint}` of the token revoked.
    pub token: Option<Shown>,
    /// Whether `debug_token` says the token is no longer valid.
    pub confirmed: bool,
    /// What Meta says of the token now (`debug_token`'s error), or why it is not confirmed.
    pub detail: Option<String>,
    pub error: Option<FailureInfo>,
    pub warnings: Vec<String>,
    /// The Graph URL, when it is not Meta's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_url: Option<String>,
    #[serde(skip)]
    pub exit: ExitStatus,
    #[serde(skip)]
    pub failure: Option<Failure>,
    /// `--current`: the env file still holds the token (said after a revocation).
    #[serde(skip)]
    pub current: bool,
}

impl RevokeReport {
    pub fn new(env_file: String, token: Option<Shown>) -> Self {
        RevokeReport {
            status: RevokeStatus::Error,
            env_file,
            token,
            confirmed: false,
            detail: None,
            error: None,
            warnings: Vec::new(),
            graph_url: None,
            exit: ExitStatus::Success,
            failure: None,
            current: false,
        }
    }

    /// The run stopped: `status` (`rejected` or `error`) and the failure's exit code.
    pub fn fail(mut self, status: RevokeStatus, failure: Failure) -> Self {
        self.status = status;
        self.exit = failure.exit;
        self.error = Some(FailureInfo::from(&failure));
        self.failure = Some(failure);
        self
    }

    pub fn errored(failure: Failure, env_file: String) -> Self {
        RevokeReport::new(env_file, None).fail(RevokeStatus::Error, failure)
    }
}
