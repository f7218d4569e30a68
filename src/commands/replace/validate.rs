//! Validation of a new token before it replaces the current one (rotate, refresh).
//!
//! All requests run concurrently: `debug_token` for the new token and the current one, and
//! a read of the configured phone number with the new token.

use crate::config::Config;
use crate::exit::Failure;
use crate::graph::{CallError, DebugData, Graph, Snapshot, Want, hints, target_ids};
use crate::report::{CheckRow as Check, Outcome, dates};
use crate::secret::Secret;
use crate::verdict::{self, Status};

fn check(name: &'static str, status: Outcome, detail: impl Into<String>) -> Check {
    Check::new(name, status, detail)
}

#[derive(Clone, Debug, Default)]
pub struct Validation {
    pub checks: Vec<Check>,
    /// The new token's `debug_token` data, when Meta gave it.
    pub new_data: Option<DebugData>,
    pub current_data: Option<DebugData>,
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
        },);
    let Snapshot {
        debug: new_debug,
        phone,
        ..
    } = snapshot;

    let mut v = Validation::default();
    // A day's warning: the new token's own expiry is judged by the `expiry` check below.
    let assessment = verdict::assess_answered(graph, new, new_debug, phone.clone(), phone_id, 1, now).await?;
    v.current_data = current_debug.and_then(Result::ok);

    // valid
    let expired = assessment.expires_at().is_some_and(|t| t <= now);
    let usable = match &assessment.data {
        Some(d) => d.is_valid && !expired,
        None => assessment.status != Status::Invalid,
    };
    let mut valid = if usable {
        match &assessment.fallback {
            None => check("valid", Outcome::Pass, "Meta says it is valid"),
            Some(endpoint) => check(
                "valid",
                Outcome::Pass,
                format!("it can read {endpoint} (debug_token was refused without app credentials)"),
            ),
        }
    } else {
        let detail = match &assessment.error {
            Some(e) => format!("Meta says it is not valid: {}", e.describe()),
            None if expired => "it has already expired".to_string(),
            None => "Meta says it is not valid".to_string(),
        };
        check("valid", Outcome::Fail, detail)
    };
    if valid.status == Outcome::Fail {
        valid.hint = assessment.hints.first().cloned();
    }
    v.checks.push(valid);

    // permissions
    v.checks.push(match &assessment.data {
        None => skipped("permissions"),
        Some(_) if assessment.missing_scopes.is_empty() => check(
            "permissions",
            Outcome::Pass,
            "whatsapp_business_messaging and whatsapp_business_management",
        ),
        Some(_) => Check {
            hint: Some(hints::for_missing_scopes(&assessment.missing_scopes)),
            ..check(
                "permissions",
                Outcome::Fail,
                format!("missing {}", assessment.missing_scopes.join(", ")),
            )
        },
    });

    // phone_number
    v.checks.push(match phone {
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
        Some(Err(CallError::Api(e))) if !e.is_transient() => Check {
            hint: e.hint(),
            ..check(
                "phone_number",
                Outcome::Fail,
                format!(
                    "cannot read phone number {}: {}",
                    phone_id.unwrap_or_default(),
                    e.summary()
                ),
            )
        },
        Some(Err(e)) => return Err(e.into_failure("cannot read the phone number with the new token")),
    });

    let new_data = assessment.data.clone();
    // same_app
    let new_app = new_data.as_ref().and_then(|d| d.app_id.clone());
    let expected_app = config
        .app
        .as_ref()
        .map(|a| (a.app_id.clone(), "WHATSAPP_APP_ID"))
        .or_else(|| {
            v.current_data
                .as_ref()
                .and_then(|d| d.app_id.clone())
                .map(|id| (id, "the current token"))
        });
    v.checks.push(match (new_app, expected_app) {
        (Some(new_app), Some((expected, from))) if new_app == expected => check("same_app", Outcome::Pass, format!("app {new_app}, as {from}")),
        (Some(new_app), Some((expected, from))) => Check {
            hint: Some("generate the token in the app your bot uses (the app of WHATSAPP_APP_ID), or use --force if you are moving apps".into()),
            ..check("same_app", Outcome::Fail, format!("it belongs to app {new_app}, but {from} belongs to app {expected}"))
        },
        _ => skipped("same_app"),
    });

    // business_accounts
    v.checks.push(compare_reach(new_data.as_ref(), v.current_data.as_ref()));

    // expiry
    v.checks.push(match &new_data {
        None => skipped("expiry"),
        Some(d) => match d.expires_at.filter(|&t| t > 0) {
            None => check("expiry", Outcome::Pass, "never expires"),
            Some(t) if t <= now => check("expiry", Outcome::Fail, "already expired"),
            Some(t) if t - now < 86_400 => Check {
                hint: Some("this looks like the dashboard's temporary token: generate a system user's token that never expires (Business Settings › System users)".into()),
                ..check("expiry", Outcome::Warn, format!("EXPIRES {} — within a day", dates::date_and_relative(t, now)))
            },
            Some(t) => check("expiry", Outcome::Pass, format!("expires {}", dates::date_and_relative(t, now))),
        },
    });
    v.new_data = new_data;
    Ok(v)
}

fn skipped(name: &'static str) -> Check {
    Check {
        hint: Some(verdict::app_credentials_hint()),
        ..check(
            name,
            Outcome::Skip,
            "needs debug_token, which Meta refused without app credentials",
        )
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
