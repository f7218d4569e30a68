//! `wa-token check`: is the configured token usable right now?

use super::{Context, Fleet, Target, file_warnings};
use crate::cli::CheckArgs;
use crate::config::{Config, Token};
use crate::exit::{self, ExitStatus, Failure};
use crate::graph::{Graph, Pool};
use crate::report::{CheckReport, CheckRun, CheckStatus, ErrorField, Report, Thresholds, TokenInfo, dates};
use crate::verdict::{self, Assessment, Status};
use std::sync::Arc;

pub async fn run(ctx: &Context<'_>, args: &CheckArgs, fleet: &Fleet) -> Report {
    let (results, took) = fleet
        .each(ctx, |target, config| {
            check_target(ctx, args, &fleet.pool, target, config)
        })
        .await;
    Report::Check(CheckRun {
        took: Some(took),
        results,
        thresholds: Thresholds {
            warn_days: args.warn_days,
            critical_days: args.critical_days,
            now: ctx.now,
        },
    })
}

async fn check_target(
    ctx: &Context<'_>,
    args: &CheckArgs,
    pool: &Arc<Pool>,
    target: &Target,
    config: exit::Result<Config>,
) -> CheckReport {
    let checked = match config {
        Ok(config) => check_config(ctx, args, &config, pool).await,
        Err(f) => Err((f, None, Vec::new())),
    };
    let mut report = match checked {
        Ok(report) => report,
        Err((f, token, warnings)) => CheckReport {
            warnings,
            ..CheckReport::errored(f, None, token.as_ref().map(token_info))
        },
    };
    target.place(&mut report);
    report
}

type Stopped = (Failure, Option<Token>, Vec<String>);

async fn check_config(
    ctx: &Context<'_>,
    args: &CheckArgs,
    config: &Config,
    pool: &Arc<Pool>,
) -> Result<CheckReport, Stopped> {
    let token = config.token().map_err(|f| (f, None, Vec::new()))?;
    let graph = Graph::in_pool(config, pool).map_err(|f| (f, Some(token.clone()), Vec::new()))?;
    let phone_number_id = config.phone_number_id.as_deref();
    let assessed = verdict::assess(&graph, &token.secret, phone_number_id, args.warn_days, ctx.now).await;
    // After the request: dotenvy's reading of the whole file ran beside it.
    let warnings = file_warnings(config, ctx.ui);
    let assessment = assessed.map_err(|f| (f, Some(token.clone()), warnings.clone()))?;
    let mut report = from_assessment(&assessment, &token, ctx.now);
    report.warnings = warnings;
    if let Some(max_age) = args.max_age {
        judge_age(ctx, &mut report, max_age);
    }
    Ok(report)
}

/// `--max-age`: a valid token issued too long ago is `too_old` (exit 3).
fn judge_age(ctx: &Context<'_>, report: &mut CheckReport, max_age: u32) {
    match report.age_days {
        Some(age) if age > i64::from(max_age) && report.status == CheckStatus::Valid => {
            report.status = CheckStatus::TooOld;
            report.hints.push(format!(
                "the token was issued {age} days ago, more than --max-age {max_age}: generate a new one and run `wa-token rotate`"
            ));
            report.exit = ExitStatus::Warning;
        }
        Some(_) => {}
        None if report.status != CheckStatus::Invalid => {
            let note = "the token's issue date is unknown: --max-age was not judged".to_string();
            ctx.ui.warn(&note);
            report.warnings.push(note);
        }
        None => {}
    }
}

pub fn token_info(token: &Token) -> TokenInfo {
    TokenInfo {
        source: token.source.describe(),
        variable: token.variable.clone(),
        masked: token.secret.masked(),
        fingerprint: token.secret.fingerprint(),
        value: None,
    }
}

pub fn exit_for(a: &Assessment) -> ExitStatus {
    match a.status {
        Status::Valid => ExitStatus::Success,
        Status::Expiring => ExitStatus::Warning,
        Status::Invalid => ExitStatus::No,
    }
}

/// The contract's `check` object for a judgement.
pub fn from_assessment(a: &Assessment, token: &Token, now: i64) -> CheckReport {
    let data = a.data.as_ref();
    let expires_at = a.expires_at();
    CheckReport {
        status: match a.status {
            Status::Valid => CheckStatus::Valid,
            Status::Expiring => CheckStatus::Expiring,
            Status::Invalid => CheckStatus::Invalid,
        },
        target: String::new(),
        env_file: None,
        store: None,
        valid: Some(a.is_usable()),
        kind: data.and_then(|d| d.kind.clone()),
        app_id: data.and_then(|d| d.app_id.clone()),
        application: data.and_then(|d| d.application.clone()),
        expiry_known: a.expiry_known(),
        expires_at: expires_at.map(dates::rfc3339),
        expires_in_days: expires_at.map(|t| dates::days_until(t, now)),
        scopes: data.map(|d| d.scopes.clone()),
        missing_scopes: data.map(|_| a.missing_scopes.clone()),
        error: a.error.clone().map(ErrorField::Token),
        token: Some(token_info(token)),
        checked_with: Some(a.fallback.clone().unwrap_or_else(|| "debug_token".to_string())),
        age_days: data
            .and_then(|d| d.issued_at)
            .filter(|&t| t > 0)
            .map(|t| (now - t).div_euclid(86_400)),
        hints: a.hints.clone(),
        warnings: Vec::new(),
        graph_url: None,
        expires_unix: expires_at,
        exit: exit_for(a),
        failure: None,
    }
}
