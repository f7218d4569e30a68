//! `wa-token inspect`: everything about the token, the phone number and the business
//! account, fetched concurrently.

use crate::cli::{GlobalArgs, InspectArgs};
use crate::commands::check::{self, CheckReport};
use crate::config::{Config, EnvFileNeed};
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::{CallError, GranularScope, Graph};
use crate::join;
use crate::output::{self, Ui};
use crate::secret::Secret;
use crate::verdict;
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

pub const PHONE_FIELDS: &str = "id,display_phone_number,verified_name,quality_rating,code_verification_status,name_status,platform_type,throughput,account_mode,messaging_limit_tier,status";
pub const WABA_FIELDS: &str = "id,name,account_review_status,business_verification_status,ownership_type,timezone_id,message_template_namespace,currency";
const WHATSAPP_SCOPES: &[&str] = &["whatsapp_business_management", "whatsapp_business_messaging"];

impl InspectReport {
    fn errored(f: &Failure, env_file: &str) -> Self {
        InspectReport {
            check: CheckReport::errored(f, None).in_file(env_file),
            issued_at: None,
            data_access_expires_at: None,
            user_id: None,
            profile_id: None,
            granular_scopes: None,
            phone_number: None,
            phone_number_error: None,
            business_account: None,
            business_account_error: None,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct InspectReport {
    #[serde(flatten)]
    pub check: CheckReport,
    pub issued_at: Option<String>,
    pub data_access_expires_at: Option<String>,
    pub user_id: Option<String>,
    pub profile_id: Option<String>,
    pub granular_scopes: Option<Vec<GranularScope>>,
    pub phone_number: Option<Value>,
    pub phone_number_error: Option<Value>,
    pub business_account: Option<Value>,
    pub business_account_error: Option<Value>,
}

/// One env file's inspection, ready to print.
pub struct Inspected {
    pub report: InspectReport,
    pub exit: ExitStatus,
    pub failure: Option<Failure>,
    rows: Vec<(String, String)>,
    token: Option<Secret>,
}

pub async fn run(global: &GlobalArgs, args: &InspectArgs, ui: &Ui) -> Result<ExitStatus> {
    if global.env_file.len() <= 1 {
        let one = inspect_file(global, args, ui, global.env_file.first().cloned()).await?;
        print(ui, args, &one);
        return Ok(one.exit);
    }
    let runs = global
        .env_file
        .iter()
        .map(|p| inspect_file(global, args, ui, Some(p.clone())))
        .collect();
    let results = join::join_all(runs).await;
    let all: Vec<Inspected> = results
        .into_iter()
        .zip(&global.env_file)
        .map(|(r, path)| {
            r.unwrap_or_else(|f| Inspected {
                report: InspectReport::errored(&f, &path.display().to_string()),
                exit: f.exit,
                failure: Some(f),
                rows: Vec::new(),
                token: None,
            })
        })
        .collect();
    let worst = all.iter().max_by_key(|i| check::severity(i.exit));
    let exit = worst.map(|i| i.exit).unwrap_or(ExitStatus::Success);
    if ui.json {
        let status = worst.map(|i| i.report.check.status).unwrap_or("valid");
        let reports: Vec<&InspectReport> = all.iter().map(|i| &i.report).collect();
        ui.json(&serde_json::json!({"status": status, "results": reports}));
    } else {
        for (n, one) in all.iter().enumerate() {
            if n > 0 {
                ui.line("");
            }
            ui.line(&format!("== {}", one.report.check.env_file.clone().unwrap_or_default()));
            print(
                ui,
                &InspectArgs {
                    show_token: false,
                    ..args.clone()
                },
                one,
            );
        }
    }
    Ok(exit)
}

fn print(ui: &Ui, args: &InspectArgs, one: &Inspected) {
    if ui.json {
        match (&one.token, args.show_token) {
            (Some(token), true) => {
                let mut value = serde_json::to_value(&one.report).unwrap_or(Value::Null);
                if let Some(t) = value.get_mut("token").and_then(Value::as_object_mut) {
                    t.insert("value".into(), Value::String(token.expose().to_string()));
                }
                ui.json_revealing_secret(&value);
            }
            _ => ui.json(&one.report),
        }
    } else if let Some(f) = &one.failure {
        ui.error(f);
    } else {
        check::print_human(ui, &one.report.check, &one.rows);
        if let (Some(token), true) = (&one.token, args.show_token) {
            ui.line_revealing_secret(&format!("  whole token: {}", token.expose()));
        }
    }
}

async fn inspect_file(global: &GlobalArgs, args: &InspectArgs, ui: &Ui, path: Option<PathBuf>) -> Result<Inspected> {
    let label = path.as_ref().map(|p| p.display().to_string());
    let config = Config::resolve_for(global, EnvFileNeed::Optional, path)?;
    let token = config.token()?;
    let warnings = check::file_warnings(&config, ui);
    let graph = Graph::new(&config)?;
    let now = output::now_unix();
    let phone_id = config.phone_number_id.as_deref();
    let waba_id = config.business_account_id.as_deref();

    let (debug, phone, waba) = ui
        .wait("asking the Graph API…", async {
            tokio::join!(
                graph.debug_token(&token.secret),
                optional(phone_id, |id| graph.get_node(id, PHONE_FIELDS, &token.secret)),
                optional(waba_id, |id| graph.get_node(id, WABA_FIELDS, &token.secret)),
            )
        })
        .await;

    let assessed = verdict::assess_answered(
        &graph,
        &token.secret,
        debug,
        phone.clone(),
        phone_id,
        args.warn_days,
        now,
    )
    .await;

    let (check_report, exit, data, failure) = match assessed {
        Ok(a) => (
            CheckReport::from_assessment(&a, &token, now),
            check::exit_for(&a),
            a.data,
            None,
        ),
        Err(f) => (CheckReport::errored(&f, Some(&token)), f.exit, None, Some(f)),
    };
    let mut report = InspectReport {
        check: check_report,
        issued_at: data
            .as_ref()
            .and_then(|d| d.issued_at)
            .filter(|&t| t > 0)
            .map(output::rfc3339),
        data_access_expires_at: data
            .as_ref()
            .and_then(|d| d.data_access_expires_at)
            .filter(|&t| t > 0)
            .map(output::rfc3339),
        user_id: data.as_ref().and_then(|d| d.user_id.clone()),
        profile_id: data.as_ref().and_then(|d| d.profile_id.clone()),
        granular_scopes: data.as_ref().map(|d| d.granular_scopes.clone()),
        phone_number: None,
        phone_number_error: None,
        business_account: None,
        business_account_error: None,
    };
    report.check.warnings = warnings;
    (report.phone_number, report.phone_number_error) = split(phone, "phone number", ui, &mut report.check.warnings);
    (report.business_account, report.business_account_error) =
        split(waba, "business account", ui, &mut report.check.warnings);
    for warning in reach_warnings(&report, waba_id) {
        ui.warn(&warning);
        report.check.warnings.push(warning);
    }

    report.check.env_file = label.or_else(|| Some(config.env_path.display().to_string()));
    let data_access = data.as_ref().and_then(|d| d.data_access_expires_at);
    let rows = extra_rows(&report, data_access, now);
    Ok(Inspected {
        report,
        exit,
        failure,
        rows,
        token: Some(token.secret),
    })
}

async fn optional<'a, F, Fut>(id: Option<&'a str>, fetch: F) -> Option<std::result::Result<Value, CallError>>
where
    F: FnOnce(&'a str) -> Fut,
    Fut: std::future::Future<Output = std::result::Result<Value, CallError>>,
{
    match id {
        Some(id) => Some(fetch(id).await),
        None => None,
    }
}

/// The object, or the error as `{code, subcode, message}` with a warning.
fn split(
    answer: Option<std::result::Result<Value, CallError>>,
    what: &str,
    ui: &Ui,
    warnings: &mut Vec<String>,
) -> (Option<Value>, Option<Value>) {
    match answer {
        None => (None, None),
        Some(Ok(v)) => (Some(v), None),
        Some(Err(e)) => {
            let failure = e.clone().into_failure(&format!("cannot read the {what}"));
            ui.warn(&failure.message);
            for h in &failure.hints {
                ui.hint(h);
            }
            warnings.push(failure.message.clone());
            let value = match e {
                CallError::Api(g) => {
                    serde_json::json!({"code": g.code, "subcode": g.error_subcode, "message": g.message})
                }
                _ => serde_json::json!({"code": null, "subcode": null, "message": failure.message}),
            };
            (None, Some(value))
        }
    }
}

/// WABA IDs the token is restricted to; `None` when it reaches every WABA.
pub fn target_ids(scopes: &[GranularScope]) -> Option<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    let mut restricted = false;
    for s in scopes.iter().filter(|s| WHATSAPP_SCOPES.contains(&s.scope.as_str())) {
        if let Some(t) = &s.target_ids {
            restricted = true;
            ids.extend(t.iter().cloned());
        }
    }
    ids.sort();
    ids.dedup();
    restricted.then_some(ids)
}

fn reach_warnings(report: &InspectReport, waba_id: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let Some(targets) = report.granular_scopes.as_deref().and_then(target_ids) else {
        return out;
    };
    if let Some(waba) = waba_id
        && !targets.iter().any(|t| t == waba)
    {
        out.push(format!(
            "the configured business account {waba} is not among the token's target_ids ({}): the token cannot manage or message through it",
            targets.join(", ")
        ));
    }
    out
}

fn extra_rows(report: &InspectReport, data_access: Option<i64>, now: i64) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(issued) = &report.issued_at {
        rows.push(("issued".into(), issued.clone()));
    }
    if let Some(t) = data_access.filter(|&t| t > 0) {
        rows.push(("data access".into(), output::date_and_relative(t, now)));
    }
    if let Some(user) = &report.user_id {
        rows.push(("user id".into(), user.clone()));
    }
    let grants: Vec<String> = report
        .granular_scopes
        .iter()
        .flatten()
        .map(|g| match &g.target_ids {
            Some(ids) => format!("{} ({})", g.scope, ids.join(", ")),
            None => format!("{} (all assets)", g.scope),
        })
        .collect();
    if !grants.is_empty() {
        rows.push(("grants".into(), grants.join("; ")));
    }
    if let Some(p) = &report.phone_number {
        let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("?").to_string();
        rows.push((
            "phone number".into(),
            format!("{} {} ({})", s("display_phone_number"), s("verified_name"), s("id")),
        ));
        rows.push(("  quality".into(), s("quality_rating")));
        rows.push(("  verification".into(), s("code_verification_status")));
        if let Some(status) = p.get("status").and_then(Value::as_str) {
            rows.push(("  status".into(), status.to_string()));
        }
        if let Some(name) = p.get("name_status").and_then(Value::as_str) {
            rows.push(("  name status".into(), name.to_string()));
        }
    }
    if let Some(w) = &report.business_account {
        let s = |k: &str| w.get(k).and_then(Value::as_str).unwrap_or("?").to_string();
        rows.push(("business account".into(), format!("{} ({})", s("name"), s("id"))));
        rows.push(("  review".into(), s("account_review_status")));
        if let Some(v) = w.get("business_verification_status").and_then(Value::as_str) {
            rows.push(("  verification".into(), v.to_string()));
        }
    }
    rows
}
