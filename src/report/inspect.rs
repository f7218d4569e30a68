//! `inspect`'s report: `check`'s, plus what the token was issued for and the nodes it reads.

use super::check::{CheckReport, CheckStatus};
use super::severity;
use crate::exit::{ExitStatus, Failure};
use crate::graph::{BusinessAccount, GranularScope, PhoneNumber};
use serde::Serialize;

/// A node that could not be read: `{code, message, subcode}`.
#[derive(Clone, Debug, Serialize)]
pub struct NodeError {
    pub code: Option<i64>,
    pub message: String,
    pub subcode: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct InspectReport {
    #[serde(flatten)]
    pub check: CheckReport,
    pub issued_at: Option<String>,
    pub data_access_expires_at: Option<String>,
    pub user_id: Option<String>,
    pub profile_id: Option<String>,
    pub granular_scopes: Option<Vec<GranularScope>>,
    pub phone_number: Option<PhoneNumber>,
    pub phone_number_error: Option<NodeError>,
    pub business_account: Option<BusinessAccount>,
    pub business_account_error: Option<NodeError>,
    /// Unix time the data access expires, for the human renderer.
    #[serde(skip)]
    pub data_access_unix: Option<i64>,
    /// Unix time the token was issued, for the human renderer.
    #[serde(skip)]
    pub issued_unix: Option<i64>,
}

impl InspectReport {
    pub fn errored(failure: Failure, env_file: Option<String>) -> Self {
        InspectReport::around(CheckReport::errored(failure, env_file, None))
    }

    /// `check`'s report with nothing more known.
    pub fn around(check: CheckReport) -> Self {
        InspectReport {
            check,
            issued_at: None,
            data_access_expires_at: None,
            user_id: None,
            profile_id: None,
            granular_scopes: None,
            phone_number: None,
            phone_number_error: None,
            business_account: None,
            business_account_error: None,
            data_access_unix: None,
            issued_unix: None,
        }
    }
}

/// `inspect` over one or several targets.
#[derive(Debug)]
pub struct InspectRun {
    pub results: Vec<InspectReport>,
    /// `--show-token`: the token is printed whole (only with a single target).
    pub show_token: bool,
    pub now: i64,
    /// How long the run took, for the closing summary of several targets.
    pub took: Option<std::time::Duration>,
}

impl InspectRun {
    pub fn worst(&self) -> Option<&InspectReport> {
        self.results.iter().max_by_key(|r| severity(r.check.exit))
    }

    pub fn exit(&self) -> ExitStatus {
        self.worst().map(|r| r.check.exit).unwrap_or(ExitStatus::Success)
    }

    pub fn worst_status(&self) -> CheckStatus {
        self.worst().map(|r| r.check.status).unwrap_or(CheckStatus::Valid)
    }
}
