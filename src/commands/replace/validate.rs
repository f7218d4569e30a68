//! Validation of a new token before it replaces the current one (rotate, refresh).
//!
//! All requests run concurrently: `debug_token` for the new token and the current one, and
//! a read of the configured phone number with the new token.

use crate::config::Config;
use crate::exit::Failure;
use crate::graph::{CallError, DebugData, Graph, PhoneNumber, Snapshot, Want, hints, target_ids};
use crate::report::{CheckRow as Check, Outcome, dates};
use crate::secret::Secret;
use crate::verdict::{self, Assessment, Status};

fn check(name: &'static str, status: Outcome, detail: impl Into<String>) -> Check {
    Check::new(name, status, detail)
}

#[derive(Clone, Debug, Default)]
pub struct Validation {
    pub checks: Vec<Check>,
    /// The new token's `debug_token` data, when Meta gave it.
    pub new_data: Option<DebugData>,
}

impl Validation {
    pub fn rejected(&self) -> bool {
        self.checks.iter().any(|c| c.status == Outcome::Fail)
    }
}

/// Validate `new`; a network failure on the new token's requests is an `Err` (exit 4).
pub async fn validate(
    graph: &Graph,
    config: &Config,
    new: &Secret,
    current: Option<&Secret>,
    now: i64,
) -> Result<Validation, Failure> {
    let phone_id = config.phone_number_id.as_deref();
    let (snapshot, current_debug) =
        tokio::join!(Snapshot::fetch(graph, new, phone_id, None, Want::Validation), async {
            match current {
                Some(c) => Some(graph.debug_token(c).await),
                None => None,
            }
        });
    let Snapshot { debug, phone, .. } = snapshot;
    // A day's warning: the new token's own expiry is judged by the `expiry` check below.
    let assessment = verdict::assess_answered(graph, new, debug, phone.clone(), phone_id, 1, now).await?;
    let current_data = current_debug.and_then(Result::ok);
    let new_data = assessment.data.clone();
    // Why checks that need `debug_token` could not run, when they could not.
    let refusal = match config.app {
        Some(_) => Refusal::OtherApp,
        None => Refusal::NoAppCredentials,
    };
    let checks = vec![
        valid_check(&assessment, now),
        permissions_check(&assessment, refusal),
        phone_check(phone, phone_id)?,
        same_app_check(new_data.as_ref(), current_data.as_ref(), config, refusal),
        compare_reach(new_data.as_ref(), current_data.as_ref()),
        expiry_check(new_data.as_ref(), now, refusal),
    ];
    Ok(Validation { checks, new_data })
}

/// Why Meta gave no `debug_token` data for the new token.
#[derive(Clone, Copy)]
enum Refusal {
    /// Without app credentials, a system-user token cannot debug itself.
    NoAppCredentials,
    /// With them, Meta refuses a token of another app (or wrong credentials).
    OtherApp,
}

fn valid_check(assessment: &Assessment, now: i64) -> Check {
    let expired = assessment.expires_at().is_some_and(|t| t <= now);
    let usable = match &assessment.data {
        Some(d) => d.is_valid && !expired,
        None => assessment.status != Status::Invalid,
    };
    if usable {
        return match &assessment.fallback {
            None => check("valid", Outcome::Pass, "Meta says it is valid"),
            Some(endpoint) => check(
                "valid",
                Outcome::Pass,
                format!("it can read {endpoint} (debug_token was refused without app credentials)"),
            ),
        };
    }
    let detail = match &assessment.error {
        Some(e) => format!("Meta says it is not valid: {}", e.describe()),
        None if expired => "it has already expired".to_string(),
        None => "Meta says it is not valid".to_string(),
    };
    check("valid", Outcome::Fail, detail).with_hint(assessment.hints.first().cloned())
}

fn permissions_check(assessment: &Assessment, refusal: Refusal) -> Check {
    match &assessment.data {
        None => skipped("permissions", refusal),
        // A token Meta rejects without naming its scopes has none to judge (a mangled token's
        // come back empty); an expired one still shows what it was granted.
        Some(d)
            if !d.is_valid
                && d.error.is_some()
                && !crate::config::REQUIRED_SCOPES
                    .iter()
                    .all(|s| d.scopes.iter().any(|h| h == s)) =>
        {
            check(
                "permissions",
                Outcome::Skip,
                "not judged: Meta says the token is not valid",
            )
        }
        Some(_) if assessment.missing_scopes.is_empty() => check(
            "permissions",
            Outcome::Pass,
            "whatsapp_business_messaging and whatsapp_business_management",
        ),
        Some(_) => check(
            "permissions",
            Outcome::Fail,
            format!("missing {}", assessment.missing_scopes.join(", ")),
        )
        .with_hint(Some(hints::for_missing_scopes(&assessment.missing_scopes))),
    }
}

fn phone_check(phone: Option<Result<PhoneNumber, CallError>>, phone_id: Option<&str>) -> Result<Check, Failure> {
    Ok(match phone {
        None => check(
            "phone_number",
            Outcome::Skip,
            "no phone-number ID configured (WHATSAPP_PHONE_NUMBER_ID)",
        ),
        Some(Ok(p)) => {
            let s = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
            check(
                "phone_number",
                Outcome::Pass,
                format!(
                    "reads {} {} ({})",
                    s(&p.display_phone_number),
                    s(&p.verified_name),
                    s(&p.id)
                ),
            )
        }
        Some(Err(CallError::Api(e))) if !e.is_transient() => check(
            "phone_number",
            Outcome::Fail,
            format!(
                "cannot read phone number {}: {}",
                phone_id.unwrap_or_default(),
                e.summary()
            ),
        )
        .with_hint(e.hint()),
        Some(Err(e)) => return Err(e.into_failure("cannot read the phone number with the new token")),
    })
}

fn same_app_check(new: Option<&DebugData>, current: Option<&DebugData>, config: &Config, refusal: Refusal) -> Check {
    let new_app = new.and_then(|d| d.app_id.clone());
    let expected = config
        .app
        .as_ref()
        .map(|a| (a.app_id.clone(), "WHATSAPP_APP_ID"))
        .or_else(|| {
            current
                .and_then(|d| d.app_id.clone())
                .map(|id| (id, "the current token"))
        });
    let move_hint = "generate the token in the app your bot uses (the app of WHATSAPP_APP_ID), or use --force if you are moving apps";
    match (new_app, expected) {
        (Some(new_app), Some((expected, from))) if new_app == expected => {
            check("same_app", Outcome::Pass, format!("app {new_app}, as {from}"))
        }
        (Some(new_app), Some((expected, from))) => check(
            "same_app",
            Outcome::Fail,
            format!("it belongs to app {new_app}, but {from} belongs to app {expected}"),
        )
        .with_hint(Some(move_hint.into())),
        // Meta would not debug it with this app's token: the app is what is wrong.
        (None, Some((expected, "WHATSAPP_APP_ID"))) if new.is_none() && matches!(refusal, Refusal::OtherApp) => check(
            "same_app",
            Outcome::Fail,
            format!("Meta refused to debug it with the app token of WHATSAPP_APP_ID (app {expected}): it belongs to another app, or the app credentials are wrong"),
        )
        .with_hint(Some(move_hint.into())),
        _ => skipped("same_app", refusal),
    }
}

fn expiry_check(new: Option<&DebugData>, now: i64, refusal: Refusal) -> Check {
    let Some(d) = new else {
        return skipped("expiry", refusal);
    };
    match d.expires_at.filter(|&t| t > 0) {
        None => check("expiry", Outcome::Pass, "never expires"),
        Some(t) if t <= now => check("expiry", Outcome::Fail, "already expired"),
        Some(t) if t - now < 86_400 => check(
            "expiry",
            Outcome::Warn,
            format!("EXPIRES {} — within a day", dates::date_and_relative(t, now)),
        )
        .with_hint(Some("this looks like the dashboard's temporary token: generate a system user's token that never expires (Business Settings › System users)".into())),
        Some(t) => check("expiry", Outcome::Pass, format!("expires {}", dates::date_and_relative(t, now))),
    }
}

fn skipped(name: &'static str, refusal: Refusal) -> Check {
    match refusal {
        Refusal::NoAppCredentials => check(
            name,
            Outcome::Skip,
            "needs debug_token, which Meta refused without app credentials",
        )
        .with_hint(Some(verdict::app_credentials_hint())),
        Refusal::OtherApp => check(
            name,
            Outcome::Skip,
            "needs debug_token, which Meta refused for this token with the app token of WHATSAPP_APP_ID",
        ),
    }
}

fn has_whatsapp_grants(d: &DebugData) -> bool {
    d.granular_scopes
        .iter()
        .any(|g| g.scope.starts_with("whatsapp_business_"))
}

/// A WABA the current token reaches that the new one does not: refused.
fn compare_reach(new: Option<&DebugData>, current: Option<&DebugData>) -> Check {
    let (Some(new), Some(current)) = (new, current) else {
        return check("business_accounts", Outcome::Skip, "needs debug_token for both tokens");
    };
    if !has_whatsapp_grants(current) {
        return check(
            "business_accounts",
            Outcome::Skip,
            "the current token's reach is unknown",
        );
    }
    let now_reaches = target_ids(&current.granular_scopes);
    let will_reach = target_ids(&new.granular_scopes);
    match (now_reaches, will_reach) {
        (_, None) => check(
            "business_accounts",
            Outcome::Pass,
            "reaches every business account the system user has",
        ),
        (None, Some(new_ids)) => Check {
            hint: Some(
                "generate the new token with access to every WhatsApp account the bot uses, or use --force".into(),
            ),
            ..check(
                "business_accounts",
                Outcome::Fail,
                format!(
                    "the current token reaches every business account; the new one only {}",
                    new_ids.join(", ")
                ),
            )
        },
        (Some(old_ids), Some(new_ids)) => {
            let lost: Vec<String> = old_ids.iter().filter(|id| !new_ids.contains(id)).cloned().collect();
            if lost.is_empty() {
                check(
                    "business_accounts",
                    Outcome::Pass,
                    format!("reaches {}", new_ids.join(", ")),
                )
            } else {
                Check {
                    hint: Some("assign those WhatsApp accounts to the system user and generate the token again, or use --force".into()),
                    ..check("business_accounts", Outcome::Fail, format!("loses business account {}", lost.join(", ")))
                }
            }
        }
    }
}
