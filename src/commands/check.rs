//! `wa-token check`: is the configured token usable right now?

use crate::cli::{CheckArgs, GlobalArgs};
use crate::config::{Config, EnvFileNeed, Token};
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::Graph;
use crate::output::{self, Mark, Ui};
use crate::verdict::{self, Assessment, Status};
use serde::Serialize;
use serde_json::Value;

/// `{source, variable, masked, fingerprint}`
#[derive(Clone, Debug, Serialize)]
pub struct TokenInfo {
    pub source: String,
    pub variable: String,
    pub masked: String,
    pub fingerprint: String,
}

impl TokenInfo {
    pub fn of(token: &Token) -> Self {
        TokenInfo {
            source: token.source.describe(),
            variable: token.variable.clone(),
            masked: token.secret.masked(),
            fingerprint: token.secret.fingerprint(),
        }
    }
}

/// The contract's `check` object; `inspect` extends it.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub status: &'static str,
    pub valid: Option<bool>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub app_id: Option<String>,
    pub application: Option<String>,
    pub expiry_known: bool,
    pub expires_at: Option<String>,
    pub expires_in_days: Option<i64>,
    pub scopes: Option<Vec<String>>,
    pub missing_scopes: Option<Vec<String>>,
    pub error: Option<Value>,
    pub token: Option<TokenInfo>,
    /// `debug_token`, or the endpoint of the fallback read.
    pub checked_with: Option<String>,
    pub hints: Vec<String>,
    pub warnings: Vec<String>,
    #[serde(skip)]
    pub expires_unix: Option<i64>,
}

impl CheckReport {
    pub fn from_assessment(a: &Assessment, token: &Token, now: i64) -> Self {
        let data = a.data.as_ref();
        let expires_at = a.expires_at();
        CheckReport {
            status: match a.status {
                Status::Valid => "valid",
                Status::Expiring => "expiring",
                Status::Invalid => "invalid",
            },
            valid: Some(a.is_usable()),
            kind: data.and_then(|d| d.kind.clone()),
            app_id: data.and_then(|d| d.app_id.clone()),
            application: data.and_then(|d| d.application.clone()),
            expiry_known: a.expiry_known(),
            expires_at: expires_at.map(output::rfc3339),
            expires_in_days: expires_at.map(|t| (t - now).div_euclid(86_400)),
            scopes: data.map(|d| d.scopes.clone()),
            missing_scopes: data.map(|_| a.missing_scopes.clone()),
            error: a.error.as_ref().map(|e| serde_json::to_value(e).unwrap_or(Value::Null)),
            token: Some(TokenInfo::of(token)),
            checked_with: Some(a.fallback.clone().unwrap_or_else(|| "debug_token".to_string())),
            hints: a.hints.clone(),
            warnings: Vec::new(),
            expires_unix: expires_at,
        }
    }

    /// The object for a run that reached no verdict.
    pub fn errored(failure: &Failure, token: Option<&Token>) -> Self {
        CheckReport {
            status: "error",
            valid: None,
            kind: None,
            app_id: None,
            application: None,
            expiry_known: false,
            expires_at: None,
            expires_in_days: None,
            scopes: None,
            missing_scopes: None,
            error: Some(failure.to_json()),
            token: token.map(TokenInfo::of),
            checked_with: None,
            hints: failure.hints.clone(),
            warnings: Vec::new(),
            expires_unix: None,
        }
    }
}

pub async fn run(global: &GlobalArgs, args: &CheckArgs, ui: &Ui) -> Result<ExitStatus> {
    let config = Config::resolve(global, EnvFileNeed::Optional)?;
    let token = config.token()?;
    let warnings = file_warnings(&config, ui);
    let graph = Graph::new(&config)?;
    let now = output::now_unix();
    let assessed = ui
        .wait(
            "asking the Graph API…",
            verdict::assess(
                &graph,
                &token.secret,
                config.phone_number_id.as_deref(),
                args.warn_days,
                now,
            ),
        )
        .await;
    let (mut report, exit) = match &assessed {
        Ok(a) => (CheckReport::from_assessment(a, &token, now), exit_for(a)),
        Err(f) => (CheckReport::errored(f, Some(&token)), f.exit),
    };
    report.warnings = warnings;
    match assessed {
        _ if ui.json => ui.json(&report),
        Ok(_) => print_human(ui, &report, &[]),
        Err(f) => ui.error(&f),
    }
    Ok(exit)
}

pub fn exit_for(a: &Assessment) -> ExitStatus {
    match a.status {
        Status::Valid => ExitStatus::Success,
        Status::Expiring => ExitStatus::Warning,
        Status::Invalid => ExitStatus::No,
    }
}

/// Warn (stderr) about an env file others can read or other readers would misread;
/// returns the warnings for JSON.
pub fn file_warnings(config: &Config, ui: &Ui) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((warning, fix)) = config.permission_warning() {
        ui.warn(&warning);
        ui.hint(&format!("run `{fix}`"));
        out.push(format!("{warning}; fix: {fix}"));
    }
    for note in config.env_file.iter().flat_map(|f| f.notes.iter()) {
        ui.warn(note);
        out.push(note.clone());
    }
    out
}

/// The headline for a report.
pub fn headline(report: &CheckReport) -> (Mark, String) {
    match report.status {
        "valid" if !report.expiry_known => (Mark::Pass, "token is valid (expiry unknown)".to_string()),
        "valid" => (Mark::Pass, "token is valid".to_string()),
        "expiring" => {
            let days = report.expires_in_days.unwrap_or(0);
            let when = match days {
                0 => "within a day".to_string(),
                1 => "in 1 day".to_string(),
                n => format!("in {n} days"),
            };
            (Mark::Warn, format!("token expires {when}"))
        }
        "invalid" => {
            let sub = report
                .error
                .as_ref()
                .and_then(|e| e.get("subcode"))
                .and_then(Value::as_i64);
            let text = match sub {
                Some(463) => "token has expired".to_string(),
                Some(458 | 460 | 466 | 467 | 492) => "token was revoked".to_string(),
                _ if report.expires_in_days.is_some_and(|d| d < 0) => "token has expired".to_string(),
                _ if report.missing_scopes.as_ref().is_some_and(|m| !m.is_empty()) => {
                    format!(
                        "token lacks {}",
                        report.missing_scopes.as_deref().unwrap_or_default().join(" and ")
                    )
                }
                _ => "token is not valid".to_string(),
            };
            (Mark::Fail, text)
        }
        _ => (Mark::Fail, "no verdict: the Graph API could not be asked".to_string()),
    }
}

/// Human output: headline, aligned fields (plus `extra` rows), hints on stderr.
pub fn print_human(ui: &Ui, report: &CheckReport, extra: &[(String, String)]) {
    let (mark, text) = headline(report);
    ui.headline(mark, &text);
    let mut rows: Vec<(String, String)> = Vec::new();
    if let Some(t) = &report.token {
        rows.push(("token".into(), format!("{}  {}", t.masked, t.fingerprint)));
        rows.push(("source".into(), format!("{} ({})", t.source, t.variable)));
    }
    if let Some(kind) = &report.kind {
        rows.push(("type".into(), kind.clone()));
    }
    match (&report.application, &report.app_id) {
        (Some(name), Some(id)) => rows.push(("app".into(), format!("{name} ({id})"))),
        (None, Some(id)) => rows.push(("app".into(), id.clone())),
        _ => {}
    }
    if report.status != "error" {
        let expires = match (&report.expires_at, report.expiry_known) {
            (_, false) => "unknown (Meta did not let the token debug itself)".to_string(),
            (None, true) => "never".to_string(),
            (Some(at), true) => report
                .expires_unix
                .map(|t| output::date_and_relative(t, output::now_unix()))
                .unwrap_or_else(|| at.clone()),
        };
        rows.push(("expires".into(), expires));
    }
    if let Some(scopes) = &report.scopes {
        rows.push((
            "scopes".into(),
            if scopes.is_empty() {
                "none".into()
            } else {
                scopes.join(", ")
            },
        ));
    }
    if let Some(missing) = report.missing_scopes.as_ref().filter(|m| !m.is_empty()) {
        rows.push(("missing".into(), missing.join(", ")));
    }
    if let Some(with) = report.checked_with.as_ref().filter(|w| *w != "debug_token") {
        rows.push(("checked".into(), format!("by reading {with} (debug_token was refused)")));
    }
    if let Some(error) = &report.error {
        let code = error.get("code").and_then(Value::as_i64);
        let sub = error.get("subcode").and_then(Value::as_i64);
        let message = error.get("message").and_then(Value::as_str).unwrap_or_default();
        let label = match (code, sub) {
            (Some(c), Some(s)) => format!("({c}/{s}) {message}"),
            (Some(c), None) => format!("({c}) {message}"),
            _ => message.to_string(),
        };
        rows.push(("error".into(), label));
    }
    rows.extend_from_slice(extra);
    ui.fields(&rows);
    for hint in &report.hints {
        ui.hint(hint);
    }
}
