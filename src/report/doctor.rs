//! `doctor`'s report: the checklist.

use super::replace::{CheckRow, Outcome};
use crate::exit::ExitStatus;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct DoctorReport {
    /// `ok` or `problems`.
    pub status: &'static str,
    pub checks: Vec<CheckRow>,
    /// The Graph URL, when it is not Meta's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_url: Option<String>,
    #[serde(skip)]
    pub exit: ExitStatus,
}

impl DoctorReport {
    pub fn new(checks: Vec<CheckRow>, exit: ExitStatus) -> Self {
        let any_fail = checks.iter().any(|c| c.status == Outcome::Fail);
        DoctorReport {
            status: if any_fail || exit != ExitStatus::Success {
                "problems"
            } else {
                "ok"
            },
            checks,
            graph_url: None,
            exit,
        }
    }
}
