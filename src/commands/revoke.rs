//! `wa-token revoke`: revoke a token at Meta (one that leaked, from standard input; or the
//! env file's own with `--current`), then prove it dead with `debug_token`.

use super::revocation::{Revocation, is_dead, revoke_and_confirm};
use super::rotate::token_from_stdin;
use super::{Context, early_file_warnings};
use crate::cli::RevokeArgs;
use crate::config::{Config, Token};
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::Graph;
use crate::report::{Report, RevokeReport, RevokeStatus, Shown};
use crate::secret::Secret;

pub async fn run(ctx: &Context<'_>, args: &RevokeArgs, config: &Config) -> Result<Report> {
    if config.app.is_none() {
        return Err(Failure::config("revoke needs WHATSAPP_APP_ID and WHATSAPP_APP_SECRET")
            .hint("Meta's `oauth/revoke` is called with the app's ID and secret (App Dashboard › App settings › Basic); put both in the env file"));
    }
    let (token, caller) = pick(ctx, args, config)?;
    if args.current && !args.yes && !ctx.ui.can_ask() {
        return Err(Failure::config(
            "revoking the current token stops the bot: confirmation needed, but there is no terminal to ask",
        )
        .hint("pass --yes to revoke it without asking"));
    }
    let graph = Graph::new(config)?;
    let mut report = RevokeReport::new(config.target_label(), Some(Shown::of(&token)));
    report.current = args.current;
    report.warnings = early_file_warnings(config, ctx.ui);
    let before = ctx
        .ui
        .wait("asking the Graph API…", is_dead(&graph, &token, ctx.now))
        .await;
    match before {
        Err(f) => return Ok(stop(report, f)),
        Ok(Some(why)) => {
            report.status = RevokeStatus::AlreadyInvalid;
            report.confirmed = true;
            report.detail = Some(why);
            return Ok(done(report));
        }
        Ok(None) => {}
    }
    if args.current && !args.yes && !confirm(ctx, config, &token)? {
        report.status = RevokeStatus::Cancelled;
        return Ok(done(report));
    }
    let outcome = ctx
        .ui
        .wait(
            "revoking the token…",
            revoke_and_confirm(&graph, &token, &caller, ctx.now),
        )
        .await;
    Ok(done(settle(report, outcome)))
}

fn done(report: RevokeReport) -> Report {
    Report::Revoke(Box::new(report))
}

/// The run stopped: `rejected` when the answer is no (exit 1), else `error`.
fn stop(report: RevokeReport, failure: Failure) -> Report {
    let status = match failure.exit {
        ExitStatus::No => RevokeStatus::Rejected,
        _ => RevokeStatus::Error,
    };
    done(report.fail(status, failure))
}

/// The token to revoke and the token that makes the request: with `--current` the env
/// file's token revokes itself; a token from stdin is revoked with the env file's token (or
/// itself when the env file has none), and must not be the env file's own.
fn pick(ctx: &Context<'_>, args: &RevokeArgs, config: &Config) -> Result<(Secret, Secret)> {
    if args.current {
        let token = config.token()?.secret;
        return Ok((token.clone(), token));
    }
    let token = token_from_stdin(ctx.ui, "the token to revoke")?;
    match config.find_token() {
        Some(Token { secret, source, .. }) if secret == token => Err(Failure::config(format!(
            "this is the token the bot uses ({}): revoking it stops the bot",
            source.describe()
        ))
        .hint("to revoke it anyway, use --current (it asks first); to replace it, use `wa-token mint --revoke-old` or `wa-token rotate`")),
        Some(configured) => Ok((token, configured.secret)),
        None => Ok((token.clone(), token)),
    }
}

fn confirm(ctx: &Context<'_>, config: &Config, token: &Secret) -> Result<bool> {
    let text = format!(
        "Revoke {}  {}, the token in {}? The bot stops working until it has a new one.",
        token.masked(),
        token.fingerprint(),
        config.target_label()
    );
    ctx.ui.ask(&text, "Revoke the current token?")
}

/// The report of a revocation that was asked of Meta.
fn settle(mut report: RevokeReport, outcome: Revocation) -> RevokeReport {
    match outcome {
        Revocation::Confirmed(why) => {
            report.status = RevokeStatus::Revoked;
            report.confirmed = true;
            report.detail = Some(why);
            report
        }
        Revocation::Refused(f) if f.exit == ExitStatus::No => report.fail(RevokeStatus::Rejected, f),
        Revocation::Refused(f) => report.fail(RevokeStatus::Error, f),
        Revocation::Unconfirmed { accepted: true, why } => {
            report.status = RevokeStatus::Revoked;
            report.detail = Some(why);
            report.exit = ExitStatus::NoVerdict;
            report
        }
        Revocation::Unconfirmed { accepted: false, why } => report.fail(
            RevokeStatus::Error,
            Failure::network(why).hint("nothing is known about the token: run the same command again"),
        ),
    }
}
