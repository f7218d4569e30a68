//! `wa-token refresh`: renew an expiring token through Meta's token exchange, then write
//! it exactly as `rotate` does (the same pipeline: validation, lock, backup, atomic write,
//! restart, proof).

use super::replace::{self, Replacement, Verify, WriteOptions};
use super::{Context, early_file_warnings, target_name};
use crate::cli::RefreshArgs;
use crate::config::{Config, Token};
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::{CallError, DebugData, Graph};
use crate::report::{ReplaceStatus, Report, RotateReport, Shown, dates};
use crate::secret::Secret;
use crate::verdict::{self, Status};
use serde_json::Value;

pub async fn run(ctx: &Context<'_>, args: &RefreshArgs, config: &Config) -> Result<Report> {
    if config.app.is_none() {
        return Err(Failure::config("refresh needs WHATSAPP_APP_ID and WHATSAPP_APP_SECRET")
            .hint("Meta's token exchange is made with the app's ID and secret (App Dashboard › App settings › Basic); put both in the env file"));
    }
    let token = config.token()?;
    let verify = Verify::from_args(&args.verify)?;
    let variable = if config.token_var_explicit {
        config.token_var.clone()
    } else {
        token.variable.clone()
    };
    let warnings = early_file_warnings(config, ctx.ui);
    let graph = Graph::new(config)?;
    let mut report = RotateReport::new(target_name(config), Some(variable.clone()));
    report.old = Some(Shown::of(&token.secret));
    report.warnings = warnings;
    let data = match ctx
        .ui
        .wait("asking the Graph API…", graph.debug_token(&token.secret))
        .await
    {
        Ok(d) => d,
        Err(e) => return Err(e.into_failure("debug_token failed")),
    };
    if let Some(f) = unusable(&data, ctx.now) {
        return Ok(done(report.fail(ReplaceStatus::Rejected, f)));
    }
    let expires_at = data.expires_at.filter(|&t| t > 0);
    if let Some(reason) = leave_alone(expires_at, args.if_expiring_within, ctx.now) {
        report.status = ReplaceStatus::Unchanged;
        report.reason = Some(reason);
        return Ok(done(report));
    }
    let system_user = data.kind.as_deref() == Some("SYSTEM_USER");
    if args.dry_run {
        report.status = ReplaceStatus::DryRun;
        report.plan = Some(plan_text(config, expires_at, system_user, ctx.now));
        return Ok(done(report));
    }
    if !args.yes && !ctx.ui.can_ask() {
        // Decided before the exchange (a minted token must not be thrown away unasked), and
        // only now: a token left alone needs no confirmation.
        return Err(Failure::config("confirmation needed, but there is no terminal to ask")
            .hint("pass --yes to refresh without asking (check first with --dry-run)"));
    }
    if !args.yes && !confirm_exchange(ctx, config, &token.secret, expires_at)? {
        report.status = ReplaceStatus::Unchanged;
        report.cancelled = Some("nothing was exchanged or written");
        return Ok(done(report));
    }
    let new = match exchange(ctx, &graph, &token, system_user).await? {
        Ok(new) => new,
        Err(f) => return Ok(done(report.fail(ReplaceStatus::Rejected, f))),
    };
    report.new = Some(Shown::of(&new));
    let job = Replacement {
        config,
        graph: &graph,
        current: Some(&token),
        variable,
        new,
        options: WriteOptions {
            dry_run: false,
            force: false,
            backup: !args.no_backup,
            confirmed: true,
            create: false,
            restart: args.restart.clone(),
            verify,
            done: ReplaceStatus::Refreshed,
        },
    };
    Ok(done(replace::replace(ctx, job, report).await))
}

fn done(report: RotateReport) -> Report {
    Report::Replace(Box::new(report))
}

/// Why the current token cannot be exchanged, if it cannot.
fn unusable(data: &DebugData, now: i64) -> Option<Failure> {
    let assessment = verdict::judge(data.clone(), 0, now);
    if assessment.status != Status::Invalid {
        return None;
    }
    let reason = match &assessment.error {
        Some(e) => e.describe(),
        None if !assessment.missing_scopes.is_empty() => {
            format!("it lacks {}", assessment.missing_scopes.join(", "))
        }
        None => "it has expired".to_string(),
    };
    Some(
        Failure::api(format!("the current token cannot be exchanged: {reason}"))
            .with_exit(ExitStatus::No)
            .hint("an expired or revoked token cannot be renewed: generate a new one (Meta Business Settings › Users › System users › Generate new token) and run `wa-token rotate`"),
    )
}

/// Why nothing needs doing: a token that never expires, or one far from expiry.
fn leave_alone(expires_at: Option<i64>, within: Option<u32>, now: i64) -> Option<String> {
    let left_days = expires_at.map(|t| dates::days_until(t, now));
    match (expires_at, within) {
        (None, _) => Some(
            "the token never expires: it is left alone (a permanent token is never traded for a 60-day one)"
                .to_string(),
        ),
        (Some(_), Some(limit)) if left_days.unwrap_or(0) > i64::from(limit) => Some(format!(
            "the token expires in {} days, more than --if-expiring-within {limit}: nothing to do",
            left_days.unwrap_or(0)
        )),
        _ => None,
    }
}

fn plan_text(config: &Config, expires_at: Option<i64>, system_user: bool, now: i64) -> String {
    format!(
        "would exchange the token (expires {}) for a new 60-day token{} and write it to {}",
        expires_at.map(|t| dates::date_and_relative(t, now)).unwrap_or_default(),
        if system_user {
            " (system user: set_token_expires_in_60_days)"
        } else {
            ""
        },
        config.target_label()
    )
}

/// The exchange: `Ok(Ok(token))`, `Ok(Err(refusal))` (exit 1), or a failure without verdict.
async fn exchange(
    ctx: &Context<'_>,
    graph: &Graph,
    token: &Token,
    system_user: bool,
) -> Result<std::result::Result<Secret, Failure>> {
    let answer = ctx
        .ui
        .wait(
            "exchanging the token…",
            graph.exchange_token(&token.secret, system_user),
        )
        .await;
    match answer {
        Ok(body) => match body
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
        {
            Some(t) => Ok(Ok(Secret::new(t))),
            None => Err(Failure::network(
                "the token exchange answered without `access_token`: unexpected response",
            )),
        },
        Err(CallError::Api(e)) if e.code == 1 => Err(Failure::config(format!(
            "Meta refused the app credentials: {}",
            e.summary()
        ))
        .hint("check WHATSAPP_APP_ID and WHATSAPP_APP_SECRET (App Dashboard › App settings › Basic)")),
        Err(CallError::Api(e)) if !e.is_transient() => Ok(Err(Failure::api(format!(
            "Meta refused the token exchange: {}",
            e.summary()
        ))
        .with_exit(ExitStatus::No)
        .hint("an expired or revoked token cannot be renewed: generate a new one and run `wa-token rotate`"))),
        Err(other) => Err(other.into_failure("the token exchange failed")),
    }
}

fn confirm_exchange(ctx: &Context<'_>, config: &Config, token: &Secret, expires_at: Option<i64>) -> Result<bool> {
    let text = format!(
        "Renew {} in {} ({} days left) through Meta's token exchange?",
        token.masked(),
        config.target_label(),
        expires_at.map(|t| dates::days_until(t, ctx.now)).unwrap_or(0)
    );
    ctx.ui.ask(&text, "Exchange and write the new token?")
}
