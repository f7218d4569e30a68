//! Meta's error envelope and what went wrong with a call.
//!
//! Errors are classified by Meta's `code` and `error_subcode`, never by HTTP status or
//! message text (graph-api-facts.md §2 in the project's shared docs lists them).

use super::hints;
use super::trust::Refusal;
use crate::exit::Failure;
use crate::secret;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Graph's codes for "try again": unknown, service, app and user throttling, page
/// throttling, app limit, calls per hour, WhatsApp's business use-case throttling
/// (graph-api-facts.md §2 and §7).
const TRANSIENT_CODES: &[i64] = &[1, 2, 4, 17, 32, 341, 613, 80007];

/// Meta's error envelope, `{"error": {...}}`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct GraphError {
    #[serde(default)]
    pub code: i64,
    #[serde(default, alias = "subcode", skip_serializing_if = "Option::is_none")]
    pub error_subcode: Option<i64>,
    #[serde(default)]
    pub message: String,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fbtrace_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_transient: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_user_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_user_msg: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_data: Option<Value>,
    #[serde(skip)]
    pub http_status: u16,
}

impl GraphError {
    /// The plain cause and fix, when one is known.
    pub fn hint(&self) -> Option<String> {
        hints::for_code(self.code, self.error_subcode)
    }

    pub fn is_transient(&self) -> bool {
        self.is_transient == Some(true) || TRANSIENT_CODES.contains(&self.code)
    }

    /// `error_data.details`, where WhatsApp puts the useful sentence.
    pub fn details(&self) -> Option<String> {
        self.error_data.as_ref()?.get("details")?.as_str().map(str::to_string)
    }

    /// `(#190/463) Error validating access token: …`
    pub fn summary(&self) -> String {
        format!(
            "Graph error {}: {}",
            code_label(self.code, self.error_subcode),
            secret::scrub(&self.message)
        )
    }
}

/// `190/463`, or `190` without a subcode: how codes are shown everywhere.
pub fn code_label(code: i64, subcode: Option<i64>) -> String {
    match subcode {
        Some(sub) => format!("{code}/{sub}"),
        None => code.to_string(),
    }
}

/// Why a call gave no answer we can use.
#[derive(Clone, Debug)]
pub enum CallError {
    /// Meta answered with an error envelope.
    Api(Box<GraphError>),
    /// Nothing usable arrived: connection, timeout, 5xx without an envelope.
    Network(String),
    /// Something arrived, but not in Graph's shape.
    Shape(String),
    /// The server's certificate was refused: not a network problem, and never retried.
    Certificate(Box<Refusal>),
    /// Not sent: Meta's usage headers paused the app longer than `--rate-limit-wait` allows.
    RateLimited(String),
}

impl CallError {
    /// The failure for errors that give no verdict (exit 4).
    pub fn into_failure(self, what: &str) -> Failure {
        match self {
            CallError::Api(e) => {
                let failure = Failure::api(format!("{what}: {}", e.summary()));
                match e.hint() {
                    Some(h) => failure.hint(h),
                    None => failure,
                }
            }
            CallError::Network(m) => Failure::network(format!("{what}: {m}"))
                .hint("check the network, or raise --timeout; nothing was decided about the token"),
            CallError::Shape(m) => Failure::network(format!("{what}: unexpected response: {m}")),
            CallError::Certificate(r) => r
                .hints
                .into_iter()
                .fold(Failure::network(format!("{what}: {}", r.message)), Failure::hint),
            // Whichever request it was, the target ends for the same reason: say that first.
            CallError::RateLimited(m) => Failure::rate_limited(m),
        }
    }
}
