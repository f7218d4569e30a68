//! Revoking a token and proving it dead: `oauth/revoke`, then `debug_token` (graph-api-facts.md
//! §5: revocation "takes place immediately", and `debug_token` then answers `is_valid: false`
//! with a 190 error). Shared by `revoke`, by `mint --revoke-old`, and by the write pipeline,
//! which revokes a minted token that did not end up written.

use crate::exit::{ExitStatus, Failure};
use crate::graph::{CallError, DebugData, Graph, RevokeAnswer, code_label, hints};
use crate::secret::Secret;

/// How a revocation ended.
#[derive(Debug)]
pub enum Revocation {
    /// `debug_token` says the token is no longer valid (what it says).
    Confirmed(String),
    /// Meta refused, and the token is still valid (exit 1).
    Refused(Failure),
    /// No verdict: no answer, or the token still looks valid after Meta said yes.
    Unconfirmed {
        /// Meta answered that it revoked the token.
        accepted: bool,
        why: String,
    },
}

/// Revoke `token` with `caller` as the access token, then ask `debug_token` whether it died.
///
/// The confirmation is asked whatever `oauth/revoke` answered: an answer lost on the way
/// (or Meta's sample, which is not even valid JSON) must not hide a revocation that took
/// place, and a refusal is only a refusal while the token still works.
pub async fn revoke_and_confirm(graph: &Graph, token: &Secret, caller: &Secret, now: i64) -> Revocation {
    let answer = graph.revoke_token(token, caller).await;
    let dead = is_dead(graph, token, now).await;
    match (answer, dead) {
        (_, Ok(Some(why))) => Revocation::Confirmed(why),
        // On `oauth/*`, codes 1 and 101 are the app credentials, not a passing failure.
        (Err(CallError::Api(e)), Ok(None)) if !e.is_transient() || matches!(e.code, 1 | 101) => {
            Revocation::Refused(refusal(&e))
        }
        (Ok(RevokeAnswer::NotSuccess), Ok(None)) => Revocation::Refused(
            Failure::api("Meta did not revoke the token: `oauth/revoke` answered without `success`")
                .with_exit(ExitStatus::No),
        ),
        (Ok(RevokeAnswer::Success), Ok(None)) => Revocation::Unconfirmed {
            accepted: true,
            why: "Meta answered success, but debug_token still calls the token valid".into(),
        },
        (Err(e), Ok(None)) => Revocation::Unconfirmed {
            accepted: false,
            why: e.into_failure("oauth/revoke failed").message,
        },
        (answer, Err(e)) => Revocation::Unconfirmed {
            accepted: answer.is_ok_and(|a| a == RevokeAnswer::Success),
            why: e.message,
        },
    }
}

/// `Some(what Meta says)` when `debug_token` calls the token no longer valid (or expired),
/// `None` when it is valid. A refusal of the app credentials is a failure (exit 2).
pub async fn is_dead(graph: &Graph, token: &Secret, now: i64) -> Result<Option<String>, Failure> {
    let data = graph
        .debug_token(token)
        .await
        .map_err(|e| debug_failure(e, "the token"))?;
    Ok(death(&data, now))
}

fn death(data: &DebugData, now: i64) -> Option<String> {
    if let Some(e) = data.error.as_ref().filter(|_| !data.is_valid) {
        return Some(format!(
            "({}) {}",
            code_label(e.code, e.error_subcode),
            crate::secret::scrub(&e.message)
        ));
    }
    match data.expires_at.filter(|&t| t > 0) {
        _ if !data.is_valid => Some("not valid".into()),
        Some(t) if t <= now => Some("expired".into()),
        _ => None,
    }
}

/// A `debug_token` error, read with the app token: which failure it is.
pub fn debug_failure(e: CallError, whose: &str) -> Failure {
    match e {
        CallError::Api(e) if matches!(e.code, 190 | 102) => Failure::config(format!(
            "Meta refused the app token made from WHATSAPP_APP_ID and WHATSAPP_APP_SECRET: {}",
            e.summary()
        ))
        .hint("check WHATSAPP_APP_ID and WHATSAPP_APP_SECRET (App Dashboard › App settings › Basic)"),
        CallError::Api(e) if e.code == 100 && !e.is_transient() => Failure::api(format!(
            "Meta will not describe {whose} with the app token of WHATSAPP_APP_ID: {}",
            e.summary()
        ))
        .with_exit(ExitStatus::No)
        .hint("the token belongs to another app (or the app credentials are wrong): use a token of the app WHATSAPP_APP_ID names"),
        other => other.into_failure(&format!("debug_token of {whose} failed")),
    }
}

/// Meta's refusal of `oauth/revoke`, with what to do: exit 1, or 2 when it is the app
/// credentials that are wrong.
fn refusal(e: &crate::graph::GraphError) -> Failure {
    let message = format!("Meta refused to revoke the token: {}", e.summary());
    let failure = match e.code {
        1 | 101 => Failure::config(message),
        _ => Failure::api(message).with_exit(ExitStatus::No),
    };
    match hints::for_revoke(e.code, e.error_subcode) {
        Some(h) => failure.hint(h),
        None => failure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphError;

    #[test]
    fn death_is_read_from_the_answer() {
        let now = 1_000_000;
        let live = DebugData {
            is_valid: true,
            expires_at: Some(0),
            ..Default::default()
        };
        assert_eq!(death(&live, now), None);
        let revoked = DebugData {
            is_valid: false,
            error: Some(GraphError {
                code: 190,
                error_subcode: Some(466),
                message: "Error validating access token: The session was invalidated explicitly using an API call."
                    .into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(death(&revoked, now).unwrap().starts_with("(190/466) "));
        let expired = DebugData {
            is_valid: true,
            expires_at: Some(now - 1),
            ..Default::default()
        };
        assert_eq!(death(&expired, now).as_deref(), Some("expired"));
    }
}
