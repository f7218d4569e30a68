//! Is a token usable? The judgement shared by check, inspect, rotate and doctor.
//!
//! `debug_token` answers it fully. When Meta refuses to let a token debug itself (code
//! 100: a system-user token without app credentials), one cheap read proves the token
//! live instead and the expiry stays unknown.

use crate::config::REQUIRED_SCOPES;
use crate::exit::{Failure, Result};
use crate::graph::{CallError, DebugData, Graph, GraphError, PhoneNumber, hints};
pub use crate::report::TokenError;
use crate::secret::Secret;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Valid,
    Expiring,
    Invalid,
}

impl From<&GraphError> for TokenError {
    fn from(e: &GraphError) -> Self {
        TokenError {
            code: e.code,
            subcode: e.error_subcode,
            message: e.message.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Assessment {
    pub status: Status,
    /// `None` after the fallback read.
    pub data: Option<DebugData>,
    pub missing_scopes: Vec<String>,
    pub error: Option<TokenError>,
    /// The endpoint of the fallback read, when `debug_token` was refused.
    pub fallback: Option<String>,
    pub hints: Vec<String>,
}

impl Assessment {
    /// Whether the expiry is known: after `debug_token`, unless Meta rejected the token
    /// without naming when it expired (a mangled token, an invalidated session: their
    /// `expires_at` is absent or 0, which must not read as "never").
    pub fn expiry_known(&self) -> bool {
        match &self.data {
            None => false,
            Some(d) if rejected(d) => d.expires_at.is_some_and(|t| t > 0),
            Some(_) => true,
        }
    }

    /// Unix time of expiry; `None` when it never expires or is unknown.
    pub fn expires_at(&self) -> Option<i64> {
        self.data.as_ref()?.expires_at.filter(|&t| t > 0)
    }

    pub fn is_usable(&self) -> bool {
        matches!(self.status, Status::Valid | Status::Expiring)
    }
}

/// Meta says the token is not valid, and why: nothing else in the answer is a verdict.
fn rejected(d: &DebugData) -> bool {
    !d.is_valid && d.error.is_some()
}

/// How an expiring token is renewed when the app credentials are known: Meta's exchange.
const RENEW_WITH_APP: &str = "renew it now: `wa-token refresh --yes` exchanges it for a new 60-day token through Meta (no dashboard needed); a system user's token that never expires avoids this";
const RENEW_BY_HAND: &str = "renew it before it expires: generate a new token and run `wa-token rotate` (a system user's token can be set to never expire)";

/// Judge a `debug_token` answer (by a caller without the app's credentials).
pub fn judge(data: DebugData, warn_days: u32, now: i64) -> Assessment {
    judge_with(data, warn_days, now, false)
}

/// Judge a `debug_token` answer; `renewable`: the app's credentials are known, so an
/// expiring token can be renewed through Meta's exchange rather than the dashboard.
pub fn judge_with(data: DebugData, warn_days: u32, now: i64, renewable: bool) -> Assessment {
    let mut hints = Vec::new();
    // A rejected token's empty scopes are not a missing permission: it is not valid at all.
    let missing: Vec<String> = REQUIRED_SCOPES
        .iter()
        .filter(|s| !rejected(&data) && !data.scopes.iter().any(|have| have == *s))
        .map(|s| s.to_string())
        .collect();
    let error = data.error.as_ref().map(TokenError::from);
    let expires_at = data.expires_at.filter(|&t| t > 0);
    let status = if !data.is_valid {
        match &data.error {
            Some(e) => hints.extend(e.hint()),
            None => hints.push("Meta says the token is not valid: generate a new one and run `wa-token rotate`".into()),
        }
        Status::Invalid
    } else if expires_at.is_some_and(|t| t <= now) {
        hints.push(hints::for_code(190, Some(463)).unwrap_or_default());
        Status::Invalid
    } else if !missing.is_empty() {
        hints.push(hints::for_missing_scopes(&missing));
        Status::Invalid
    } else if expires_at.is_some_and(|t| t - now < i64::from(warn_days) * 86_400) {
        hints.push(if renewable { RENEW_WITH_APP } else { RENEW_BY_HAND }.into());
        Status::Expiring
    } else {
        Status::Valid
    };
    Assessment {
        status,
        data: Some(data),
        missing_scopes: missing,
        error,
        fallback: None,
        hints,
    }
}

/// The verdict from a failed read with the token itself (the fallback path).
pub fn judge_read_error(e: &GraphError, endpoint: &str) -> Assessment {
    let mut hints: Vec<String> = e.hint().into_iter().collect();
    hints.push(app_credentials_hint());
    Assessment {
        status: Status::Invalid,
        data: None,
        missing_scopes: Vec::new(),
        error: Some(TokenError::from(e)),
        fallback: Some(endpoint.to_string()),
        hints,
    }
}

pub fn app_credentials_hint() -> String {
    "set WHATSAPP_APP_ID and WHATSAPP_APP_SECRET so that Meta lets wa-token read the token's expiry and permissions (debug_token needs an app token for system-user tokens)".to_string()
}

/// The whole judgement for one token: `debug_token`, and the fallback read if refused.
pub async fn assess(
    graph: &Graph,
    token: &Secret,
    phone_number_id: Option<&str>,
    warn_days: u32,
    now: i64,
) -> Result<Assessment> {
    let debug = graph.debug_token(token).await;
    assess_answered(graph, token, debug, None, phone_number_id, warn_days, now).await
}

/// The judgement from a `debug_token` answer obtained alongside other reads: when Meta
/// refused the self-debug, the phone-number read already made (if any) is the fallback
/// read, so no request is repeated.
pub async fn assess_answered(
    graph: &Graph,
    token: &Secret,
    debug: std::result::Result<DebugData, CallError>,
    phone_answer: Option<std::result::Result<PhoneNumber, CallError>>,
    phone_number_id: Option<&str>,
    warn_days: u32,
    now: i64,
) -> Result<Assessment> {
    match debug {
        Ok(data) => Ok(judge_with(data, warn_days, now, graph.has_app_credentials())),
        Err(e) => {
            let read = |endpoint: String, fields: &'static str| async move {
                match phone_answer {
                    Some(answer) => answer.map(|_| ()),
                    None => graph
                        .get_node(endpoint.trim_start_matches('/'), fields, token)
                        .await
                        .map(|_| ()),
                }
            };
            from_debug_error(graph, e, read, phone_number_id).await
        }
    }
}

/// The fallback read's endpoint and fields.
pub fn fallback_target(phone_number_id: Option<&str>) -> (String, &'static str) {
    match phone_number_id {
        Some(id) => (format!("/{id}"), "id"),
        None => ("/me".to_string(), "id,name"),
    }
}

/// What a `debug_token` error means. `read` performs the fallback read when needed.
pub async fn from_debug_error<F, Fut>(
    graph: &Graph,
    e: CallError,
    read: F,
    phone_number_id: Option<&str>,
) -> Result<Assessment>
where
    F: FnOnce(String, &'static str) -> Fut,
    Fut: std::future::Future<Output = std::result::Result<(), CallError>>,
{
    let with_app = graph.has_app_credentials();
    match e {
        CallError::Api(e) if !with_app && e.code == 100 => {
            let (endpoint, fields) = fallback_target(phone_number_id);
            match read(endpoint.clone(), fields).await {
                Ok(_) => Ok(fallback_success(&endpoint)),
                Err(CallError::Api(read_error)) if !read_error.is_transient() => Ok(judge_read_error(&read_error, &endpoint)),
                Err(other) => Err(other.into_failure(&format!("the fallback read of {endpoint} failed"))),
            }
        }
        CallError::Api(e) if with_app && matches!(e.code, 190 | 102) => Err(Failure::config(format!(
            "Meta refused the app token made from WHATSAPP_APP_ID and WHATSAPP_APP_SECRET: {}",
            e.summary()
        ))
        .hint("check WHATSAPP_APP_ID and WHATSAPP_APP_SECRET (App Dashboard › App settings › Basic); remove both to check without them")),
        CallError::Api(e) if with_app && e.code == 100 && !e.is_transient() => Ok(Assessment {
            status: Status::Invalid,
            data: None,
            missing_scopes: Vec::new(),
            error: Some(TokenError::from(e.as_ref())),
            fallback: None,
            hints: vec!["the token does not belong to the app WHATSAPP_APP_ID names (or the app credentials are wrong): use a token generated for this app".into()],
        }),
        CallError::Api(e) if !with_app && matches!(e.code, 190 | 102 | 0) => Ok(Assessment {
            status: Status::Invalid,
            data: None,
            missing_scopes: Vec::new(),
            error: Some(TokenError::from(e.as_ref())),
            fallback: None,
            hints: e.hint().into_iter().collect(),
        }),
        other => Err(other.into_failure("debug_token failed")),
    }
}

pub fn fallback_success(endpoint: &str) -> Assessment {
    Assessment {
        status: Status::Valid,
        data: None,
        missing_scopes: Vec::new(),
        error: None,
        fallback: Some(endpoint.to_string()),
        hints: vec![app_credentials_hint()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(valid: bool, expires_at: i64, scopes: &[&str]) -> DebugData {
        DebugData {
            is_valid: valid,
            expires_at: Some(expires_at),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    const BOTH: &[&str] = &["whatsapp_business_management", "whatsapp_business_messaging"];

    #[test]
    fn statuses() {
        let now = 1_000_000_000;
        assert_eq!(judge(data(true, 0, BOTH), 7, now).status, Status::Valid);
        assert_eq!(
            judge(data(true, now + 3 * 86_400, BOTH), 7, now).status,
            Status::Expiring
        );
        assert_eq!(judge(data(true, now + 30 * 86_400, BOTH), 7, now).status, Status::Valid);
        assert_eq!(judge(data(true, now - 1, BOTH), 7, now).status, Status::Invalid);
        assert_eq!(judge(data(false, 0, BOTH), 7, now).status, Status::Invalid);
        let a = judge(data(true, 0, &["whatsapp_business_management"]), 7, now);
        assert_eq!(a.status, Status::Invalid);
        assert_eq!(a.missing_scopes, vec!["whatsapp_business_messaging"]);
    }
}
