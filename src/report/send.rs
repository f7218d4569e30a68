//! `send-test`'s report.

use super::check::{FailureInfo, TokenInfo};
use crate::exit::{ExitStatus, Failure};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SendStatus {
    Sent,
    Rejected,
    Error,
}

/// Meta's refusal: `{code, details, fbtrace_id, hint, kind, message, subcode}`.
#[derive(Clone, Debug, Serialize)]
pub struct Rejection {
    pub code: i64,
    pub details: Option<String>,
    pub fbtrace_id: Option<String>,
    pub hint: Option<String>,
    pub kind: &'static str,
    pub message: String,
    pub subcode: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum SendError {
    Rejection(Rejection),
    Failure(FailureInfo),
}

#[derive(Clone, Debug, Serialize)]
pub struct SendReport {
    pub status: SendStatus,
    pub message_id: Option<String>,
    pub wa_id: Option<String>,
    pub message_status: Option<String>,
    pub error: Option<SendError>,
    pub to: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<&'static str>,
    pub phone_number_id: Option<String>,
    pub token: Option<TokenInfo>,
    pub note: Option<&'static str>,
    /// The Graph URL, when it is not Meta's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_url: Option<String>,
    #[serde(skip)]
    pub exit: ExitStatus,
    /// What was sent, as people read it: `template hello_world (en_US)`.
    #[serde(skip)]
    pub sent: String,
    /// A text message (it only arrives inside the 24-hour window).
    #[serde(skip)]
    pub text: bool,
    /// The run stopped before a request was made (printed as an error line).
    #[serde(skip)]
    pub failure: Option<Failure>,
}

impl SendReport {
    /// A message accepted, so far: the answer fills in the rest.
    pub fn sent() -> Self {
        SendReport {
            status: SendStatus::Sent,
            message_id: None,
            wa_id: None,
            message_status: None,
            error: None,
            to: None,
            kind: None,
            phone_number_id: None,
            token: None,
            note: Some(ACCEPTED_NOTE),
            graph_url: None,
            exit: ExitStatus::Success,
            sent: String::new(),
            text: false,
            failure: None,
        }
    }

    /// The run stopped before the request (printed as an error line).
    pub fn errored(failure: Failure) -> Self {
        SendReport {
            status: SendStatus::Error,
            error: Some(SendError::Failure(FailureInfo::from(&failure))),
            note: None,
            exit: failure.exit,
            failure: Some(failure),
            ..SendReport::sent()
        }
    }
}

pub const ACCEPTED_NOTE: &str = "accepted is not delivered: Meta reports delivery (or a later failure such as 131047 or 131026) to your app's webhook as a message status";
pub const TEXT_WINDOW_NOTE: &str = "a text message only arrives inside the 24-hour customer-service window (the recipient wrote to this number in the last 24 hours); the default template works any time";
