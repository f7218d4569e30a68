//! `wa-token check`: is the configured token usable right now?

use crate::cli::{CheckArgs, Format, GlobalArgs};
use crate::config::{Config, EnvFileNeed, Token};
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::Graph;
use crate::output::{self, Mark, Ui};
use crate::verdict::{self, Assessment, Status};
use crate::{join, monitor};
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

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
    pub env_file: Option<String>,
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
    /// Days since the token was issued, when Meta says.
    pub age_days: Option<i64>,
    pub hints: Vec<String>,
    pub warnings: Vec<String>,
    #[serde(skip)]
    pub expires_unix: Option<i64>,
}

impl CheckReport {
    pub fn in_file(mut self, env_file: &str) -> Self {
        self.env_file = Some(env_file.to_string());
        self
    }

    pub fn from_assessment(a: &Assessment, token: &Token, now: i64) -> Self {
        let data = a.data.as_ref();
        let expires_at = a.expires_at();
        CheckReport {
            env_file: None,
            age_days: data
                .and_then(|d| d.issued_at)
                .filter(|&t| t > 0)
                .map(|t| (now - t).div_euclid(86_400)),
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
            env_file: None,
            age_days: None,
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

/// One env file's check: its report, exit status and, when it stopped early, the failure.
pub struct FileCheck {
    pub env_file: String,
    pub report: CheckReport,
    pub exit: ExitStatus,
    pub failure: Option<Failure>,
}

/// Check the token of one env file (`None`: the variable or the default `.env`).
pub async fn check_file(global: &GlobalArgs, args: &CheckArgs, ui: &Ui, path: Option<PathBuf>, now: i64) -> FileCheck {
    let label = path
        .as_ref()
        .map(|p| p.display().to_string())
        .or_else(|| std::env::var("WA_TOKEN_ENV_FILE").ok())
        .unwrap_or_else(|| ".env".into());
    let stopped = |f: Failure, token: Option<&Token>| FileCheck {
        env_file: label.clone(),
        report: CheckReport::errored(&f, token).in_file(&label),
        exit: f.exit,
        failure: Some(f),
    };
    let config = match Config::resolve_for(global, EnvFileNeed::Optional, path) {
        Ok(c) => c,
        Err(f) => return stopped(f, None),
    };
    let token = match config.token() {
        Ok(t) => t,
        Err(f) => return stopped(f, None),
    };
    let graph = match Graph::new(&config) {
        Ok(g) => g,
        Err(f) => return stopped(f, Some(&token)),
    };
    let phone_number_id = config.phone_number_id.as_deref();
    let assessed = verdict::assess(&graph, &token.secret, phone_number_id, args.warn_days, now).await;
    // After the request: dotenvy's reading of the whole file ran beside it.
    let warnings = file_warnings(&config, ui);
    match assessed {
        Ok(a) => {
            let mut report = CheckReport::from_assessment(&a, &token, now).in_file(&label);
            report.warnings = warnings;
            let mut exit = exit_for(&a);
            if let Some(max_age) = args.max_age {
                match report.age_days {
                    Some(age) if age > i64::from(max_age) && report.status == "valid" => {
                        report.status = "too_old";
                        report.hints.push(format!(
                            "the token was issued {age} days ago, more than --max-age {max_age}: generate a new one and run `wa-token rotate`"
                        ));
                        exit = ExitStatus::Warning;
                    }
                    Some(_) => {}
                    None if report.status != "invalid" => {
                        let note = "the token's issue date is unknown: --max-age was not judged".to_string();
                        ui.warn(&note);
                        report.warnings.push(note);
                    }
                    None => {}
                }
            }
            FileCheck {
                env_file: label,
                report,
                exit,
                failure: None,
            }
        }
        Err(f) => {
            let mut file = stopped(f, Some(&token));
            file.report.warnings = warnings;
            file
        }
    }
}

/// Exit codes from most to least severe, for several env files: 2, 1, 4, 3, 0.
pub fn severity(exit: ExitStatus) -> u8 {
    match exit {
        ExitStatus::Usage => 5,
        ExitStatus::No => 4,
        ExitStatus::NoVerdict => 3,
        ExitStatus::Warning => 2,
        ExitStatus::RestartFailed => 1,
        ExitStatus::Success => 0,
    }
}

pub async fn run(global: &GlobalArgs, args: &CheckArgs, ui: &Ui) -> Result<ExitStatus> {
    let format = if global.json {
        Format::Json
    } else {
        args.format.unwrap_or(Format::Human)
    };
    let paths: Vec<Option<PathBuf>> = if global.env_file.is_empty() {
        vec![None]
    } else {
        global.env_file.iter().cloned().map(Some).collect()
    };
    let now = output::now_unix();
    let checks = paths
        .into_iter()
        .map(|p| check_file(global, args, ui, p, now))
        .collect();
    let files = ui.wait("asking the Graph API…", join::join_all(checks)).await;
    let worst = files
        .iter()
        .map(|f| f.exit)
        .max_by_key(|e| severity(*e))
        .unwrap_or(ExitStatus::Success);

    match format {
        Format::Nagios => {
            let results: Vec<(String, CheckReport)> = files.into_iter().map(|f| (f.env_file, f.report)).collect();
            let t = monitor::Thresholds {
                warn_days: args.warn_days,
                critical_days: args.critical_days,
                now,
            };
            let (text, state) = monitor::nagios(&results, &t);
            ui.text(&text);
            Ok(state.exit())
        }
        Format::Prometheus => {
            let results: Vec<(String, CheckReport)> = files.into_iter().map(|f| (f.env_file, f.report)).collect();
            ui.text(&monitor::prometheus(&results));
            // The state is in the metrics: `… > f.tmp && mv f.tmp f.prom` keeps them fresh.
            Ok(ExitStatus::Success)
        }
        Format::Json if files.len() == 1 => {
            ui.json(&files[0].report);
            Ok(worst)
        }
        Format::Json => {
            let status = files
                .iter()
                .max_by_key(|f| severity(f.exit))
                .map(|f| f.report.status)
                .unwrap_or("valid");
            let results: Vec<&CheckReport> = files.iter().map(|f| &f.report).collect();
            ui.json(&serde_json::json!({"status": status, "results": results}));
            Ok(worst)
        }
        Format::Human if files.len() == 1 => {
            let file = &files[0];
            match &file.failure {
                Some(f) => ui.error(f),
                None => print_human(ui, &file.report, &[]),
            }
            Ok(worst)
        }
        Format::Human => {
            let width = files.iter().map(|f| f.env_file.chars().count()).max().unwrap_or(0);
            for f in &files {
                let (mark, _) = headline(&f.report);
                ui.check_line(mark, &f.env_file, width, &monitor::summary(&f.report));
            }
            Ok(worst)
        }
    }
}

pub fn exit_for(a: &Assessment) -> ExitStatus {
    match a.status {
        Status::Valid => ExitStatus::Success,
        Status::Expiring => ExitStatus::Warning,
        Status::Invalid => ExitStatus::No,
    }
}

/// Warn (stderr) about an env file others can read or other readers would misread;
/// returns the warnings for JSON. Waits for dotenvy's reading of the whole file.
pub fn file_warnings(config: &Config, ui: &Ui) -> Vec<String> {
    let mut out = early_file_warnings(config, ui);
    out.extend(whole_file_warnings(config, ui).0);
    out
}

/// The warnings that need no more than the file's mode and first bytes.
pub fn early_file_warnings(config: &Config, ui: &Ui) -> Vec<String> {
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

/// dotenvy's reading of the whole file: notes, and the settings it reads differently.
pub fn whole_file_warnings(config: &Config, ui: &Ui) -> (Vec<String>, Vec<String>) {
    let Some(file) = &config.env_file else {
        return (Vec::new(), Vec::new());
    };
    let (notes, differing) = file.whole_file_notes();
    for note in &notes {
        ui.warn(note);
    }
    (notes, differing)
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
        "too_old" => (
            Mark::Warn,
            format!("token is {} days old", report.age_days.unwrap_or(0)),
        ),
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
        let label = match code {
            Some(c) => format!("({}) {message}", crate::graph::code_label(c, sub)),
            None => message.to_string(),
        };
        rows.push(("error".into(), label));
    }
    rows.extend_from_slice(extra);
    ui.fields(&rows);
    for hint in &report.hints {
        ui.hint(hint);
    }
}
