//! `wa-token inspect`: everything about the token, the phone number and the business
//! account, fetched concurrently.

use super::check::{from_assessment, token_info};
use super::{Context, Fleet, Target, file_warnings};
use crate::cli::InspectArgs;
use crate::config::Config;
use crate::exit::{Failure, Result};
use crate::graph::{CallError, Graph, Pool, Snapshot, Want, target_ids};
use crate::report::{CheckReport, InspectReport, InspectRun, NodeError, Report, dates};
use crate::ui::Ui;
use crate::verdict;
use std::sync::Arc;

pub async fn run(ctx: &Context<'_>, args: &InspectArgs, fleet: &Fleet) -> Result<Report> {
    let (results, took) = fleet
        .each(ctx, |target, config| {
            // With several targets, a warning names the one it is about.
            let named = (fleet.targets.len() > 1).then_some(target.label.as_str());
            inspect_target(ctx, args, &fleet.pool, named, target, config)
        })
        .await;
    let show_token = args.show_token && results.len() == 1;
    let mut results = results;
    if !show_token {
        for r in &mut results {
            if let Some(t) = r.check.token.as_mut() {
                t.value = None;
            }
        }
    }
    Ok(Report::Inspect(InspectRun {
        results,
        show_token,
        now: ctx.now,
        took: Some(took),
    }))
}

async fn inspect_target(
    ctx: &Context<'_>,
    args: &InspectArgs,
    pool: &Arc<Pool>,
    named: Option<&str>,
    target: &Target,
    config: Result<Config>,
) -> InspectReport {
    let inspected = match config {
        Ok(config) => inspect_config(ctx, args, &config, pool, named).await,
        Err(f) => Err(f),
    };
    let mut report = inspected.unwrap_or_else(|f| InspectReport::errored(f, None));
    target.place(&mut report.check);
    report
}

async fn inspect_config(
    ctx: &Context<'_>,
    args: &InspectArgs,
    config: &Config,
    pool: &Arc<Pool>,
    named: Option<&str>,
) -> Result<InspectReport> {
    let token = config.token()?;
    let warnings = file_warnings(config, ctx.ui);
    let graph = Graph::in_pool(config, pool)?;
    let phone_id = config.phone_number_id.as_deref();
    let waba_id = config.business_account_id.as_deref();
    let snapshot = Snapshot::fetch(&graph, &token.secret, phone_id, waba_id, Want::Everything).await;
    let phone_answer = snapshot.phone.clone();
    let assessed = verdict::assess_answered(
        &graph,
        &token.secret,
        snapshot.debug,
        phone_answer,
        phone_id,
        args.warn_days,
        ctx.now,
    )
    .await;
    let (check, data) = match assessed {
        Ok(a) => (from_assessment(&a, &token, ctx.now), a.data),
        Err(f) => (CheckReport::errored(f, None, Some(token_info(&token))), None),
    };
    let mut report = InspectReport::around(check);
    if let Some(d) = &data {
        report.issued_unix = d.issued_at.filter(|&t| t > 0);
        report.issued_at = report.issued_unix.map(dates::rfc3339);
        report.data_access_unix = d.data_access_expires_at.filter(|&t| t > 0);
        report.data_access_expires_at = report.data_access_unix.map(dates::rfc3339);
        report.user_id = d.user_id.clone();
        report.profile_id = d.profile_id.clone();
        report.granular_scopes = Some(d.granular_scopes.clone());
    }
    if args.show_token
        && let Some(t) = report.check.token.as_mut()
    {
        t.value = Some(token.secret.expose().to_string());
    }
    report.check.warnings = warnings;
    let say = Say { ui: ctx.ui, named };
    (report.phone_number, report.phone_number_error) =
        split(snapshot.phone, "phone number", &say, &mut report.check.warnings);
    (report.business_account, report.business_account_error) =
        split(snapshot.waba, "business account", &say, &mut report.check.warnings);
    for warning in reach_warnings(&report, waba_id) {
        say.warn(&warning);
        report.check.warnings.push(warning);
    }
    Ok(report)
}

/// Warnings and hints on stderr, naming the target when there are several.
struct Say<'a> {
    ui: &'a Ui,
    named: Option<&'a str>,
}

impl Say<'_> {
    fn warn(&self, message: &str) {
        match self.named {
            Some(t) => self.ui.warn(&format!("{t}: {message}")),
            None => self.ui.warn(message),
        }
    }

    fn hint(&self, message: &str) {
        match self.named {
            Some(t) => self.ui.hint(&format!("{t}: {message}")),
            None => self.ui.hint(message),
        }
    }
}

/// The node, or the error as `{code, subcode, message}` with a warning.
fn split<T>(
    answer: Option<std::result::Result<T, CallError>>,
    what: &str,
    say: &Say,
    warnings: &mut Vec<String>,
) -> (Option<T>, Option<NodeError>) {
    match answer {
        None => (None, None),
        Some(Ok(v)) => (Some(v), None),
        Some(Err(e)) => {
            let failure: Failure = e.clone().into_failure(&format!("cannot read the {what}"));
            say.warn(&failure.message);
            for h in &failure.hints {
                say.hint(h);
            }
            warnings.push(failure.message.clone());
            let error = match e {
                CallError::Api(g) => NodeError {
                    code: Some(g.code),
                    message: g.message.clone(),
                    subcode: g.error_subcode,
                },
                _ => NodeError {
                    code: None,
                    message: failure.message,
                    subcode: None,
                },
            };
            (None, Some(error))
        }
    }
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
