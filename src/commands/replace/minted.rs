//! The pipeline for a token this run minted (`mint`): the same validation and write as
//! rotate's, plus what only a minted token needs.
//!
//! - A minted token that does not end up written (validation refuses it, the write fails,
//!   the run is interrupted) is revoked at once: no orphan stays valid at Meta.
//! - With `--revoke-old`, the old token is revoked last, and only once the new one is
//!   written, the app restarted and the proof passed, then `debug_token` must confirm it
//!   dead: the bot is never left without a working token.
//!
//! Ctrl-C and SIGTERM are caught from just before the mint request: a token Meta may have
//! minted must be known and revoked, never abandoned half-way.

use super::{Halt, Replacement, finish_halt, record_write, restart_and_prove, write_validated};
use crate::commands::Context;
use crate::commands::revocation::{Revocation, revoke_and_confirm};
use crate::exit::{ExitStatus, Failure};
use crate::report::{ReplaceStatus, RotateReport, dates};
use tokio::signal::unix::{Signal, SignalKind, signal};

/// What to do with the old token once the new one is written.
pub enum RetireOld {
    /// `--revoke-old`: revoke it after the restart and the proof, and confirm it dead.
    Revoke,
    /// Leave it; the words say what becomes of it (shown to the user).
    Keep(Option<String>),
}

/// Ctrl-C and SIGTERM, caught from the moment [`Interrupt::listen`] is called: they no
/// longer end the process; [`Interrupt::wait`] says when one came (at once if one already did).
pub struct Interrupt {
    int: Option<Signal>,
    term: Option<Signal>,
}

impl Interrupt {
    pub fn listen() -> Interrupt {
        Interrupt {
            int: signal(SignalKind::interrupt()).ok(),
            term: signal(SignalKind::terminate()).ok(),
        }
    }

    /// The name of the signal that came.
    pub async fn wait(&mut self) -> &'static str {
        async fn recv(s: &mut Option<Signal>) -> Option<()> {
            match s {
                Some(s) => s.recv().await,
                None => std::future::pending().await,
            }
        }
        tokio::select! {
            Some(()) = recv(&mut self.int) => "SIGINT",
            Some(()) = recv(&mut self.term) => "SIGTERM",
            else => std::future::pending().await,
        }
    }
}

/// What a minted token brings to the pipeline.
pub struct Minted {
    pub retire: RetireOld,
    pub interrupt: Interrupt,
}

/// Validate and write the minted token; revoke it if it is not written; then restart,
/// prove, and retire the old token.
pub async fn replace_minted(
    ctx: &Context<'_>,
    job: Replacement<'_>,
    mut report: RotateReport,
    mut minted: Minted,
) -> RotateReport {
    // `biased`: a signal that came while the token was being minted stops the run here.
    let outcome = tokio::select! {
        biased;
        signal = minted.interrupt.wait() => Err(Halt::Failed(interrupted(signal))),
        written = write_validated(ctx, &job, &mut report) => written,
    };
    let written = match outcome {
        Ok(written) => written,
        Err(halt) => {
            discard(ctx, &job, &mut report).await;
            return finish_halt(report, halt);
        }
    };
    // Written: from here on nothing revokes the new token.
    record_write(ctx, &job, &written, &mut report);
    let stopped = tokio::select! {
        biased;
        signal = minted.interrupt.wait() => Some(signal),
        () = restart_and_prove(ctx, &job, &mut report) => None,
    };
    if let Some(signal) = stopped {
        let w = format!(
            "interrupted by {signal} after the write: the new token is written, but the restart or the proof did not finish"
        );
        ctx.ui.warn(&w);
        report.warnings.push(w);
        report.exit = ExitStatus::RestartFailed;
    }
    retire_old(ctx, &job, minted.retire, &mut report).await;
    report
}

fn interrupted(signal: &str) -> Failure {
    Failure::io(format!("interrupted by {signal} before the new token was written"))
        .with_exit(ExitStatus::NoVerdict)
        .hint("nothing was written; run the same command again")
}

/// The minted token was not written: revoke it (it revokes itself) and say so.
async fn discard(ctx: &Context<'_>, job: &Replacement<'_>, report: &mut RotateReport) {
    let outcome = ctx
        .ui
        .wait(
            "revoking the minted token…",
            revoke_and_confirm(job.graph, &job.new, &job.new, ctx.now),
        )
        .await;
    let revoked = matches!(outcome, Revocation::Confirmed(_));
    if let Some(why) = unrevoked(&outcome) {
        let w = format!("the minted token {} could not be revoked: {why}", job.new.masked());
        ctx.ui.warn(&w);
        report.warnings.push(w);
    }
    report.mint_facts().new_revoked = Some(revoked);
}

/// Why a revocation did not end with the token confirmed dead.
fn unrevoked(outcome: &Revocation) -> Option<String> {
    match outcome {
        Revocation::Confirmed(_) => None,
        Revocation::Refused(f) => Some(f.message.clone()),
        Revocation::Unconfirmed { why, .. } => Some(why.clone()),
    }
}

/// `--revoke-old`, once everything before it succeeded; otherwise say what becomes of it.
async fn retire_old(ctx: &Context<'_>, job: &Replacement<'_>, retire: RetireOld, report: &mut RotateReport) {
    let old = match (retire, job.current) {
        (RetireOld::Keep(words), _) => {
            report.mint_facts().revocation = words;
            return;
        }
        (RetireOld::Revoke, None) => return,
        (RetireOld::Revoke, Some(old)) => old,
    };
    if let Some(why) = not_yet(report) {
        // The app may still run on the old token: revoking it now could stop the bot.
        let facts = report.mint_facts();
        facts.revoked = Some(false);
        facts.revocation = Some(format!(
            "the old token was not revoked: {why}, so it stays valid for the app that may still use it"
        ));
        return;
    }
    let outcome = ctx
        .ui
        .wait(
            "revoking the old token…",
            revoke_and_confirm(job.graph, &old.secret, &job.new, ctx.now),
        )
        .await;
    let confirmed = matches!(outcome, Revocation::Confirmed(_));
    let facts = report.mint_facts();
    facts.revoked = Some(confirmed);
    facts.revocation = Some(match &outcome {
        Revocation::Confirmed(said) => format!("revoked the old token: debug_token now says {said}"),
        other => format!(
            "the old token was not revoked: {}",
            unrevoked(other).unwrap_or_default()
        ),
    });
    if !confirmed {
        report.exit = ExitStatus::RestartFailed;
    }
}

/// Why the old token must not be revoked yet: the write, the restart or the proof did not
/// all succeed.
fn not_yet(report: &RotateReport) -> Option<&'static str> {
    if report.status == ReplaceStatus::Minted && report.exit == ExitStatus::Success {
        return None;
    }
    Some(match (&report.restart, &report.verify) {
        (Some(r), _) if !r.success => "the restart command failed",
        (_, Some(v)) if !v.success => "the --verify-url proof failed",
        _ => "the run did not finish",
    })
}

/// The words for an old token that is kept: until when it stays valid.
pub fn kept_until(expires_at: Option<i64>, now: i64) -> String {
    match expires_at.filter(|&t| t > 0) {
        Some(t) => format!(
            "the old token stays valid until its own expiry, {}: pass --revoke-old to revoke it once the new one is proven",
            dates::date_and_relative(t, now)
        ),
        None => "the old token never expires and stays valid until it is revoked: pass --revoke-old to revoke it once the new one is proven, or run `wa-token revoke --token-stdin` with it later".to_string(),
    }
}
