//! `wa-token doctor`: the troubleshooting checklist, run for you.
//!
//! Independent checks run concurrently (`debug_token`, the phone number, the business
//! account); each check passes, warns, fails or is skipped with the reason and the fix.

use super::Context;
use crate::cli::DoctorArgs;
use crate::config::{Config, REQUIRED_SCOPES, StoredSecret};
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::{BusinessAccount, CallError, DebugData, Graph, PhoneNumber, Snapshot, Want, hints, target_ids};
use crate::report::{CheckRow, DoctorReport, Outcome, Report, dates};
use crate::urls::display_url;
use crate::verdict::{self, Status};
use std::time::Instant;

/// Permissions a WhatsApp bot's token needs, and the one every token carries.
const EXPECTED_SCOPES: &[&str] = &[
    "whatsapp_business_messaging",
    "whatsapp_business_management",
    "public_profile",
];
const MAX_AGE_DAYS: i64 = 90;
/// Within this many days of expiry, doctor names the command that renews the token.
const RENEW_WITHIN_DAYS: i64 = 14;
/// Every check, in the order they are reported (the JSON `name`s).
pub const CHECKS: &[&str] = &[
    "env_file",
    "store",
    "token_present",
    "token_valid",
    "token_permissions",
    "token_least_privilege",
    "token_type",
    "token_expiry",
    "token_age",
    "app_credentials",
    "phone_number",
    "business_account",
    "graph_reachable",
];

struct Checks(Vec<CheckRow>);

impl Checks {
    fn add(&mut self, name: &'static str, status: Outcome, detail: impl Into<String>, hint: Option<String>) {
        self.0.push(CheckRow::new(name, status, detail).with_hint(hint));
    }
    /// Skip, for `why`, every check not run yet; then put them all in the reported order.
    fn skip_the_rest(&mut self, why: &str) {
        let has = |checks: &Checks, name: &str| checks.0.iter().any(|c| c.name == name);
        for name in CHECKS {
            // `env_file` and `store` are one check for two kinds of target.
            let other = match *name {
                "env_file" => "store",
                "store" => "env_file",
                _ => "",
            };
            if !has(self, name) && !has(self, other) {
                self.skip(name, why);
            }
        }
        self.0.sort_by_key(|c| CHECKS.iter().position(|n| *n == c.name));
    }
    fn skip(&mut self, name: &'static str, why: &str) {
        self.add(name, Outcome::Skip, why, None);
    }
}

/// `store`: the target is a Vault or Kubernetes secret (its first check is `store`).
pub async fn run(ctx: &Context<'_>, args: &DoctorArgs, store: bool, config: Result<Config>) -> Result<Report> {
    let mut checks = Checks(Vec::new());
    let config = match config {
        Ok(c) => c,
        // The env file or store itself is what is wrong: report it as a failed check.
        Err(f) if f.env_file => {
            let (name, what) = if store {
                ("store", "the store could not be read")
            } else {
                ("env_file", "the env file could not be read")
            };
            checks.add(name, Outcome::Fail, f.message.clone(), f.hints.first().cloned());
            checks.skip_the_rest(what);
            // An unreachable store is no verdict, as an unreachable Graph API is.
            let exit = if f.exit == ExitStatus::NoVerdict {
                ExitStatus::NoVerdict
            } else {
                ExitStatus::No
            };
            return Ok(finish(checks, exit));
        }
        Err(f) => return Err(f),
    };
    match &config.stored {
        Some(stored) => store_check(&config, stored, &mut checks),
        None => env_file_check(&config, &mut checks),
    }
    let Some(token) = config.find_token() else {
        let f = config.token().err().unwrap_or_else(|| Failure::config("no token"));
        checks.add(
            "token_present",
            Outcome::Fail,
            f.message.clone(),
            f.hints.first().cloned(),
        );
        app_credentials_check(&config, &mut checks);
        checks.skip_the_rest("no token to check");
        return Ok(finish(checks, ExitStatus::No));
    };
    checks.add(
        "token_present",
        Outcome::Pass,
        format!(
            "{} from {} ({})",
            token.secret.masked(),
            token.source.describe(),
            token.variable
        ),
        None,
    );
    let graph = Graph::new(&config)?;
    let phone_id = config.phone_number_id.as_deref();
    let waba_id = config.business_account_id.as_deref();
    let started = Instant::now();
    let snapshot = ctx
        .ui
        .wait(
            "running the checks…",
            Snapshot::fetch(&graph, &token.secret, phone_id, waba_id, Want::Diagnosis),
        )
        .await;
    let elapsed = started.elapsed().as_millis();
    let reachable = snapshot.reachable();
    let Snapshot { debug, phone, waba } = snapshot;
    let assessed = match debug {
        Err(e) if !reachable => Err(e.into_failure("debug_token failed")),
        debug => {
            let phone_answer = phone.clone();
            verdict::assess_answered(
                &graph,
                &token.secret,
                debug,
                phone_answer,
                phone_id,
                args.warn_days,
                ctx.now,
            )
            .await
        }
    };
    let has_app = config.app.is_some();
    token_checks(&assessed, (args.warn_days, has_app), ctx.now, &mut checks);
    app_credentials_check(&config, &mut checks);
    let data = assessed.as_ref().ok().and_then(|a| a.data.clone());
    phone_check(phone, phone_id, &mut checks);
    business_check(waba, waba_id, phone_id, data.as_ref(), &mut checks);
    let no_verdict = assessed.as_ref().err().filter(|f| f.exit == ExitStatus::NoVerdict);
    graph_check(&config, reachable, no_verdict, elapsed, &mut checks);
    // No verdict on the token at all is exit 4, whatever else answered.
    let exit = if !reachable || no_verdict.is_some() {
        ExitStatus::NoVerdict
    } else if checks.0.iter().any(|c| c.status == Outcome::Fail) {
        ExitStatus::No
    } else {
        ExitStatus::Success
    };
    Ok(finish(checks, exit))
}

fn graph_check(config: &Config, reachable: bool, no_verdict: Option<&Failure>, elapsed: u128, checks: &mut Checks) {
    match (reachable, no_verdict) {
        (true, None) => checks.add(
            "graph_reachable",
            Outcome::Pass,
            format!("{} answered in {elapsed} ms", display_url(&config.graph_url)),
            None,
        ),
        (_, Some(f)) => checks.add(
            "graph_reachable",
            Outcome::Fail,
            f.message.clone(),
            f.hints.first().cloned(),
        ),
        (false, None) => checks.add(
            "graph_reachable",
            Outcome::Fail,
            "no answer",
            Some("check the network, a proxy or a firewall; then run doctor again".into()),
        ),
    }
}

/// The store's secret: read, at which version, and what it warned about.
fn store_check(config: &Config, stored: &StoredSecret, checks: &mut Checks) {
    let snapshot = &stored.snapshot;
    let version = snapshot.version.describe().unwrap_or_default();
    let detail = format!(
        "{} read ({version}, {} of the application's variables)",
        snapshot.uri,
        stored.values.len()
    );
    match config.ignored.first() {
        Some(warning) => checks.add("store", Outcome::Warn, format!("{detail}; {warning}"), None),
        None => checks.add("store", Outcome::Pass, detail, None),
    }
}

fn env_file_check(config: &Config, checks: &mut Checks) {
    match &config.env_file {
        None => checks.add(
            "env_file",
            Outcome::Warn,
            format!(
                "{} does not exist: settings come from the environment only",
                config.target_label()
            ),
            Some("run wa-token where the bot's .env is, or pass --env-file PATH".into()),
        ),
        Some(file) => match config.permission_warning() {
            Some((warning, fix)) => checks.add("env_file", Outcome::Warn, warning, Some(format!("run `{fix}`"))),
            None => {
                let mut detail = format!(
                    "{} parses ({} assignments)",
                    file.path.display(),
                    file.model.assignments().len()
                );
                if let Some(mode) = file.mode {
                    detail.push_str(&format!(", mode {:o}", mode & 0o777));
                }
                match file.notes.first() {
                    Some(note) => checks.add("env_file", Outcome::Warn, format!("{detail}; {note}"), None),
                    None => checks.add("env_file", Outcome::Pass, detail, None),
                }
            }
        },
    }
}

/// The token's own checks; `(warn_days, has_app)`: the warning threshold, and whether the
/// app credentials are set (the renewing commands need them).
fn token_checks(
    assessed: &std::result::Result<verdict::Assessment, Failure>,
    (warn_days, has_app): (u32, bool),
    now: i64,
    checks: &mut Checks,
) {
    let names = [
        "token_permissions",
        "token_least_privilege",
        "token_type",
        "token_expiry",
        "token_age",
    ];
    let a = match assessed {
        Err(f) => {
            checks.add(
                "token_valid",
                Outcome::Skip,
                format!("no verdict: {}", f.message),
                f.hints.first().cloned(),
            );
            for n in names {
                checks.skip(n, "no verdict from the Graph API");
            }
            return;
        }
        Ok(a) => a,
    };
    match (a.status, &a.error) {
        (Status::Invalid, Some(e)) => checks.add("token_valid", Outcome::Fail, e.describe(), a.hints.first().cloned()),
        (Status::Invalid, None) if a.expires_at().is_some_and(|t| t <= now) => checks.add(
            "token_valid",
            Outcome::Fail,
            "the token has expired",
            a.hints.first().cloned(),
        ),
        (Status::Invalid, None) if !a.missing_scopes.is_empty() => {
            checks.add("token_valid", Outcome::Pass, "Meta says it is valid", None)
        }
        (Status::Invalid, None) => checks.add(
            "token_valid",
            Outcome::Fail,
            "Meta says it is not valid",
            a.hints.first().cloned(),
        ),
        _ => match &a.fallback {
            Some(endpoint) => checks.add("token_valid", Outcome::Pass, format!("it reads {endpoint}"), None),
            None => checks.add("token_valid", Outcome::Pass, "Meta says it is valid", None),
        },
    }
    let Some(data) = &a.data else {
        for n in names {
            checks.add(
                n,
                Outcome::Skip,
                "needs debug_token, which Meta refused without app credentials",
                Some(verdict::app_credentials_hint()),
            );
        }
        return;
    };
    if a.missing_scopes.is_empty() {
        checks.add("token_permissions", Outcome::Pass, REQUIRED_SCOPES.join(" and "), None);
    } else {
        checks.add(
            "token_permissions",
            Outcome::Fail,
            format!("missing {}", a.missing_scopes.join(", ")),
            Some(hints::for_missing_scopes(&a.missing_scopes)),
        );
    }
    let extra: Vec<&String> = data
        .scopes
        .iter()
        .filter(|s| !EXPECTED_SCOPES.contains(&s.as_str()))
        .collect();
    if extra.is_empty() {
        checks.add(
            "token_least_privilege",
            Outcome::Pass,
            "no permissions beyond what the bot needs",
            None,
        );
    } else {
        let list = extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
        checks.add("token_least_privilege", Outcome::Warn, format!("also has {list}"), Some("use a system user with only the permissions the bot needs: generate a token with just whatsapp_business_messaging and whatsapp_business_management".into()));
    }
    match data.kind.as_deref() {
        Some("SYSTEM_USER") => checks.add("token_type", Outcome::Pass, "SYSTEM_USER", None),
        Some(kind) => checks.add("token_type", Outcome::Warn, format!("{kind} token"), Some("production should run on a system user's token (Meta Business Settings › Users › System users): a person's token dies with their session or password".into())),
        None => checks.add("token_type", Outcome::Skip, "Meta did not say", None),
    }
    expiry_check(data, warn_days, renewal(data, has_app), now, checks);
    match data.issued_at.filter(|&t| t > 0) {
        Some(issued) => {
            let days = (now - issued).div_euclid(86_400);
            if days > MAX_AGE_DAYS {
                checks.add("token_age", Outcome::Warn, format!("issued {days} days ago"), Some("rotate tokens regularly even if they don't expire: generate a new one and run `wa-token rotate`".into()));
            } else {
                checks.add("token_age", Outcome::Pass, format!("issued {days} days ago"), None);
            }
        }
        None => checks.skip("token_age", "Meta did not give the issue date"),
    }
}

/// The command that renews this token without the dashboard, when one would work: both
/// need the app credentials; `refresh` exchanges any live token, `mint` needs a system
/// user's (and also retires the old token with `--revoke-old`).
fn renewal(data: &DebugData, has_app: bool) -> Option<Renewal> {
    match (has_app && data.is_valid, data.kind.as_deref()) {
        (false, _) => None,
        (true, Some("SYSTEM_USER")) => Some(Renewal {
            command: "`wa-token mint --revoke-old`",
            why: "`wa-token mint --revoke-old` mints a fresh 60-day token, writes it like rotate and revokes the old one once the new one is proven (`wa-token refresh` works too)",
        }),
        (true, _) => Some(Renewal {
            command: "`wa-token refresh`",
            why: "`wa-token refresh` renews it through Meta's token exchange and writes it like rotate",
        }),
    }
}

/// The command that renews a token, and what it does.
struct Renewal {
    command: &'static str,
    why: &'static str,
}

fn expiry_check(data: &DebugData, warn_days: u32, renew: Option<Renewal>, now: i64, checks: &mut Checks) {
    let soon = |t: i64| t - now < RENEW_WITHIN_DAYS * 86_400;
    match data.expires_at.filter(|&t| t > 0) {
        None => checks.add("token_expiry", Outcome::Pass, "never expires", None),
        Some(t) if t <= now => checks.add(
            "token_expiry",
            Outcome::Fail,
            format!("expired {}", dates::date_and_relative(t, now)),
            Some("generate a new token and run `wa-token rotate`".into()),
        ),
        Some(t) if t - now < i64::from(warn_days) * 86_400 => checks.add(
            "token_expiry",
            Outcome::Warn,
            format!("expires {}", dates::date_and_relative(t, now)),
            Some(match &renew {
                Some(r) => format!("renew it now: {}", r.why),
                None => "renew it: `wa-token refresh`, or generate a system user's token that never expires".into(),
            }),
        ),
        Some(t) if soon(t) && renew.is_some() => {
            let (command, why) = renew.map(|r| (r.command, r.why)).unwrap_or_default();
            checks.add(
                "token_expiry",
                Outcome::Pass,
                format!("expires {}; renew it with {command}", dates::date_and_relative(t, now)),
                Some(format!("renew it before it expires: {why}")),
            )
        }
        Some(t) => checks.add(
            "token_expiry",
            Outcome::Pass,
            format!("expires {}", dates::date_and_relative(t, now)),
            None,
        ),
    }
}

fn app_credentials_check(config: &Config, checks: &mut Checks) {
    match &config.app {
        Some(app) => checks.add(
            "app_credentials",
            Outcome::Pass,
            format!("app {} (full inspection possible)", app.app_id),
            None,
        ),
        None => checks.add(
            "app_credentials",
            Outcome::Warn,
            "WHATSAPP_APP_ID and WHATSAPP_APP_SECRET are not set",
            Some(verdict::app_credentials_hint()),
        ),
    }
}

fn phone_check(
    phone: Option<std::result::Result<PhoneNumber, CallError>>,
    phone_id: Option<&str>,
    checks: &mut Checks,
) {
    let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
    match phone {
        None => checks.skip(
            "phone_number",
            "no phone-number ID configured (WHATSAPP_PHONE_NUMBER_ID)",
        ),
        Some(Ok(p)) => {
            let detail = format!(
                "{} {}: verification {}, quality {}, name {}",
                or_unknown(&p.display_phone_number),
                or_unknown(&p.verified_name),
                or_unknown(&p.code_verification_status),
                or_unknown(&p.quality_rating),
                or_unknown(&p.name_status)
            );
            let problem = match (p.quality_rating.as_deref(), p.status.as_deref()) {
                (Some("RED"), _) => Some(
                    "the quality rating is RED: messages may be limited; see WhatsApp Manager › Insights".to_string(),
                ),
                (_, Some(st)) if st != "CONNECTED" => Some(format!(
                    "the number's status is {st}: see WhatsApp Manager › Phone numbers"
                )),
                _ => None,
            };
            match problem {
                Some(h) => checks.add("phone_number", Outcome::Warn, detail, Some(h)),
                None => checks.add("phone_number", Outcome::Pass, detail, None),
            }
        }
        Some(Err(CallError::Api(e))) => checks.add(
            "phone_number",
            Outcome::Fail,
            format!(
                "cannot read {} with this token: {}",
                phone_id.unwrap_or_default(),
                e.summary()
            ),
            e.hint(),
        ),
        Some(Err(e)) => checks.add("phone_number", Outcome::Skip, e.into_failure("no answer").message, None),
    }
}

fn business_check(
    waba: Option<std::result::Result<BusinessAccount, CallError>>,
    waba_id: Option<&str>,
    phone_id: Option<&str>,
    data: Option<&DebugData>,
    checks: &mut Checks,
) {
    let Some(id) = waba_id else {
        checks.skip(
            "business_account",
            "no business account ID configured (WHATSAPP_BUSINESS_ACCOUNT_ID)",
        );
        return;
    };
    let w = match waba {
        Some(Ok(w)) => w,
        Some(Err(CallError::Api(e))) => {
            checks.add(
                "business_account",
                Outcome::Fail,
                format!("cannot read {id} with this token: {}", e.summary()),
                e.hint(),
            );
            return;
        }
        Some(Err(e)) => {
            checks.add(
                "business_account",
                Outcome::Skip,
                e.into_failure("no answer").message,
                None,
            );
            return;
        }
        None => return,
    };
    let review = w.account_review_status.as_deref().unwrap_or("?");
    let name = w.name.as_deref().unwrap_or("?");
    let mut detail = format!("{name} ({id}): review {review}");
    let mut problems: Vec<(Outcome, String)> = Vec::new();
    if review == "REJECTED" {
        problems.push((
            Outcome::Fail,
            "the account review was rejected: see WhatsApp Manager › Account overview".into(),
        ));
    } else if review != "APPROVED" {
        problems.push((Outcome::Warn, format!("the account review is {review}")));
    }
    if let (Some(phone), Some(numbers)) = (phone_id, w.phone_numbers.as_ref()) {
        if numbers.data.iter().any(|n| n.id.as_deref() == Some(phone)) {
            detail.push_str(&format!("; phone number {phone} belongs to it"));
        } else {
            problems.push((Outcome::Fail, format!("phone number {phone} does not belong to business account {id}: check WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_BUSINESS_ACCOUNT_ID")));
        }
    }
    if let Some(targets) = data.and_then(|d| target_ids(&d.granular_scopes))
        && !targets.iter().any(|t| t == id)
    {
        problems.push((Outcome::Fail, format!("the token's target_ids ({}) do not include it: generate the token with access to this WhatsApp account", targets.join(", "))));
    }
    match problems
        .iter()
        .map(|(o, _)| *o)
        .max_by_key(|o| matches!(o, Outcome::Fail))
    {
        None => checks.add("business_account", Outcome::Pass, detail, None),
        Some(worst) => {
            let hint = problems.iter().map(|(_, h)| h.clone()).collect::<Vec<_>>().join("; ");
            checks.add("business_account", worst, detail, Some(hint));
        }
    }
}

fn finish(checks: Checks, exit: ExitStatus) -> Report {
    Report::Doctor(DoctorReport::new(checks.0, exit))
}
