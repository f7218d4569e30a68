//! The write pipeline rotate, refresh and mint share: validate → plan → confirm → write →
//! restart → verify. Each step either hands on to the next or ends the run with a
//! [`Halt`]; [`replace`] turns either into the report. A token this run minted goes
//! through [`replace_minted`]: the same steps, and what a minted token needs besides
//! (revoked when it is not written; the old token retired last, with `--revoke-old`).
//!
//! The write step goes through the target's store (`store/`): the env file's locked
//! atomic rewrite, or a Vault or Kubernetes write with its version precondition. So
//! every command that writes a token gets the same validation, confirmation, restart
//! and proof whichever the store.

mod gitignore;
mod minted;
mod reload;
mod validate;

pub use minted::{Interrupt, Minted, RetireOld, kept_until, replace_minted};
pub use reload::{parse_verify_url, run_restart};
pub use validate::Validation;

use super::Context;
use crate::cli::VerifyArgs;
use crate::config::{Config, Settings, StoredSecret, Token};
use crate::envfile::EnvFile;
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::{DebugData, Graph};
use crate::report::{CheckRow, Outcome, ReplaceStatus, RotateReport, StoreVersion, VerifyOutcome, WriteFacts, dates};
use crate::secret::{self, Secret};
use crate::store::{Version, Written};
use crate::urls::display_url;
use std::time::Duration;

/// `--verify-url` (already parsed) and `--verify-wait`.
pub struct Verify {
    pub url: reqwest::Url,
    pub wait: Duration,
}

impl Verify {
    /// `--verify-url` and `--verify-wait`, checked before anything is written.
    pub fn from_args(v: &VerifyArgs) -> Result<Option<Verify>> {
        match &v.verify_url {
            None => Ok(None),
            Some(text) => Ok(Some(Verify {
                url: parse_verify_url(text)?,
                wait: Duration::from_secs(v.verify_wait),
            })),
        }
    }
}

/// How the write behaves (rotate's flags; refresh sets its own).
pub struct WriteOptions {
    pub dry_run: bool,
    pub force: bool,
    pub backup: bool,
    /// `--yes`, or already confirmed by the caller.
    pub confirmed: bool,
    pub restart: Option<String>,
    pub verify: Option<Verify>,
    /// `--create` (or confirmed): a missing env file or store secret may be created.
    pub create: bool,
    /// The status of a successful write: `rotated`, `refreshed` or `minted`.
    pub done: ReplaceStatus,
}

/// One replacement: the new token for `variable` in the configured target.
pub struct Replacement<'a> {
    pub config: &'a Config,
    pub graph: &'a Graph,
    pub current: Option<&'a Token>,
    pub variable: String,
    pub new: Secret,
    pub options: WriteOptions,
}

/// Why a replacement ended before anything was written.
pub enum Halt {
    /// It could not go on: exit from the failure (2 or 4), status `error`.
    Failed(Failure),
    /// The new token was refused (exit 1, status `rejected`).
    Rejected(Failure),
    /// `--dry-run`: the masked diff.
    DryRun(String),
    /// The user said no.
    Declined,
}

/// Run the pipeline and fill in `report`.
pub async fn replace(ctx: &Context<'_>, job: Replacement<'_>, mut report: RotateReport) -> RotateReport {
    match write_validated(ctx, &job, &mut report).await {
        Ok(written) => {
            record_write(ctx, &job, &written, &mut report);
            restart_and_prove(ctx, &job, &mut report).await;
            report
        }
        Err(halt) => finish_halt(report, halt),
    }
}

/// The report of a run that a [`Halt`] ended before anything was written.
fn finish_halt(mut report: RotateReport, halt: Halt) -> RotateReport {
    match halt {
        Halt::Failed(f) => report.fail(ReplaceStatus::Error, f),
        Halt::Rejected(f) => report.fail(ReplaceStatus::Rejected, f),
        Halt::DryRun(diff) => {
            report.status = ReplaceStatus::DryRun;
            report.diff = Some(diff);
            report
        }
        Halt::Declined => {
            report.status = ReplaceStatus::Unchanged;
            report.cancelled = Some("nothing was written");
            report
        }
    }
}

async fn write_validated(
    ctx: &Context<'_>,
    job: &Replacement<'_>,
    report: &mut RotateReport,
) -> std::result::Result<Written, Halt> {
    require_target(job)?;
    let validation = validate_step(ctx, job, report).await?;
    report.lines = assigned_lines(ctx, job, report);
    if job.options.dry_run {
        return Err(Halt::DryRun(dry_run(job, report)?));
    }
    probe_verify_url(ctx, job, report).await?;
    confirm(ctx, job, &validation, report)?;
    if let (None, None, Some(path)) = (&job.config.env_file, &job.config.stored, job.config.env_path())
        && !job.options.create
    {
        // rotate decides this before asking anything; a caller that did not is refused.
        let path = crate::config::absolute(path);
        return Err(Halt::Failed(
            Failure::config(format!("{} does not exist: nothing was written", path.display()))
                .hint("pass --env-file with the bot's env file, or --create"),
        ));
    }
    let read = job.config.stored.as_ref().map(|s| &s.snapshot);
    job.config
        .store
        .write(read, &job.variable, &job.new, job.options.backup)
        .await
        .map_err(Halt::Failed)
}

/// A store's secret that does not exist is created only with `--create`: refused before
/// anything is asked of Meta.
fn require_target(job: &Replacement<'_>) -> std::result::Result<(), Halt> {
    match job.config.stored.as_ref().and_then(|s| s.snapshot.missing.clone()) {
        Some(missing) if !job.options.create => Err(Halt::Failed(
            missing.hint("pass --create to create it holding the new token; nothing was written"),
        )),
        _ => Ok(()),
    }
}

/// `--dry-run`: the masked diff of the env file, or of the store's one key.
fn dry_run(job: &Replacement<'_>, report: &mut RotateReport) -> std::result::Result<String, Halt> {
    let old_token = job.current.map(|t| &t.secret);
    if let Some(stored) = &job.config.stored {
        return Ok(store_diff(stored, &job.variable, &job.new));
    }
    let (old_bytes, new_bytes, lines) = plan(job.config, &job.variable, &job.new).map_err(Halt::Failed)?;
    report.lines = lines.clone();
    let name = job.config.target_label();
    Ok(masked_diff(&name, &old_bytes, &new_bytes, &lines, old_token, &job.new))
}

/// Validate the new token; `--force` turns a refusal into a warning.
async fn validate_step(
    ctx: &Context<'_>,
    job: &Replacement<'_>,
    report: &mut RotateReport,
) -> std::result::Result<Validation, Halt> {
    let current = job.current.map(|t| &t.secret);
    let validated = ctx
        .ui
        .wait(
            "validating the new token…",
            validate::validate(job.graph, job.config, &job.new, current, ctx.now),
        )
        .await;
    let validation = match validated {
        Ok(v) => v,
        Err(f) if job.options.force => {
            ctx.ui.warn(&format!("{}; writing anyway (--force)", f.message));
            report.warnings.push(format!("validation incomplete: {}", f.message));
            Validation::default()
        }
        Err(f) => return Err(Halt::Failed(f)),
    };
    report.validation = validation
        .checks
        .iter()
        .cloned()
        .map(|row| fit_hint(row, job.options.done))
        .collect();
    if let Some(mint) = report.mint.as_mut() {
        mint.expires_at = validation
            .new_data
            .as_ref()
            .and_then(|d| d.expires_at)
            .filter(|&t| t > 0)
            .map(dates::rfc3339);
    }
    for c in validation.checks.iter().filter(|c| c.status == Outcome::Warn) {
        ctx.ui.warn(&format!("the new token {}", c.detail));
    }
    if validation.rejected() {
        if !job.options.force {
            return Err(Halt::Rejected(
                Failure::api(format!(
                    "the new token was rejected; {} was not changed",
                    match &job.config.stored {
                        Some(s) => s.snapshot.uri.as_str(),
                        None => "the env file",
                    }
                ))
                .with_exit(ExitStatus::No)
                .hint(rejection_hint(&report.validation, job.options.done)),
            ));
        }
        ctx.ui.warn("the new token failed validation; writing anyway (--force)");
        report.warnings.push("validation failed; written with --force".into());
    }
    Ok(validation)
}

/// Meta's hints end in "then run `wa-token rotate`": inside rotate or refresh the fix is
/// another token for this same run; inside mint, another mint once Meta's side is fixed.
fn fit_hint(mut row: CheckRow, done: ReplaceStatus) -> CheckRow {
    let next = match done {
        ReplaceStatus::Minted => "then run `wa-token mint` again",
        _ => "then give that token to `wa-token rotate`",
    };
    row.hint = row.hint.map(|h| {
        h.replace("then run `wa-token rotate`", next)
            .replace("and run `wa-token rotate`", &next.replacen("then", "and", 1))
    });
    row
}

/// What to do about a rejected new token. `--force` is offered only by rotate, and only
/// where writing anyway can make sense (moving apps, narrowing a token's reach), never for
/// a token that cannot work: invalid, expired, unpermitted. A minted token has only what
/// Meta gave the system user.
fn rejection_hint(rows: &[CheckRow], done: ReplaceStatus) -> String {
    let hopeless = rows
        .iter()
        .any(|c| c.status == Outcome::Fail && matches!(c.name, "valid" | "expiry" | "permissions"));
    match done {
        ReplaceStatus::Minted => "Meta grants a minted token only what the system user has: give the system user the missing permissions and WhatsApp accounts (Business Settings › Users › System users › Assign assets), then mint again".to_string(),
        ReplaceStatus::Rotated if hopeless => "this token cannot work: generate a new one (see above) and run rotate again".to_string(),
        ReplaceStatus::Rotated => "fix what failed above, or pass --force to write it anyway".to_string(),
        _ => "fix what failed above, then run the command again".to_string(),
    }
}

/// The lines that will change, from the model already parsed (a warning when several);
/// the edit itself is made and proven under the lock, on the bytes as they are then.
fn assigned_lines(ctx: &Context<'_>, job: &Replacement<'_>, report: &mut RotateReport) -> Vec<usize> {
    let lines: Vec<usize> = match job.config.env_file.as_ref().map(|f| f.model.find(&job.variable)) {
        Some(found) => found.iter().map(|a| a.line).collect(),
        None => Vec::new(),
    };
    if lines.len() > 1 {
        let w = format!(
            "`{}` is assigned on lines {}: every one is updated",
            job.variable,
            crate::report::join_lines(&lines)
        );
        ctx.ui.warn(&w);
        report.warnings.push(w);
    }
    lines
}

fn confirm(
    ctx: &Context<'_>,
    job: &Replacement<'_>,
    validation: &Validation,
    report: &RotateReport,
) -> std::result::Result<(), Halt> {
    if job.options.confirmed {
        return Ok(());
    }
    if !ctx.ui.can_ask() {
        return Err(Halt::Failed(
            Failure::config("confirmation needed, but there is no terminal to ask")
                .hint("pass --yes to rotate without asking (after checking with --dry-run)"),
        ));
    }
    let mut text = validation_lines(report);
    text.push_str(&confirmation_text(
        &job.config.target_label(),
        &job.variable,
        job.current.map(|t| &t.secret),
        &job.new,
        validation.new_data.as_ref(),
        ctx.now,
    ));
    match ctx.ui.ask(&text, "Write the new token?") {
        Ok(true) => Ok(()),
        Ok(false) => Err(Halt::Declined),
        Err(f) => Err(Halt::Failed(f)),
    }
}

/// A `--verify-url` nothing answers is known before the file changes. With `--restart`
/// the app may be down until the restart, so then it is only a warning.
async fn probe_verify_url(
    ctx: &Context<'_>,
    job: &Replacement<'_>,
    report: &mut RotateReport,
) -> std::result::Result<(), Halt> {
    let Some(verify) = &job.options.verify else {
        return Ok(());
    };
    let Err(why) = reload::probe(&verify.url, &job.config.settings).await else {
        return Ok(());
    };
    let url = display_url(&verify.url);
    if job.options.restart.is_some() {
        let w = format!("--verify-url {url} cannot be reached now ({why}); it is checked again after --restart");
        ctx.ui.warn(&w);
        report.warnings.push(w);
        return Ok(());
    }
    Err(Halt::Failed(
        Failure::config(format!(
            "--verify-url {url} cannot be reached ({why}): nothing was written"
        ))
        .hint("start the app, or fix the URL; with --restart the check waits until after the restart"),
    ))
}

/// The validation, shown before asking (the report shows it again at the end).
fn validation_lines(report: &RotateReport) -> String {
    let width = report.validation.iter().map(|c| c.name.len()).max().unwrap_or(0);
    report
        .validation
        .iter()
        .map(|c| format!("  {:<width$}  {:?}: {}\n", c.name, c.status, c.detail))
        .collect()
}

/// What the write did, into the report: from here on the new token is the written one.
fn record_write(ctx: &Context<'_>, job: &Replacement<'_>, written: &Written, report: &mut RotateReport) {
    report.lines = written.lines.clone();
    report.backup = written.backup.describe();
    report.version = written.version.as_ref().and_then(shown_version);
    report.previous_version = written.previous.as_ref().and_then(shown_version);
    report.written = Some(WriteFacts {
        target: written.target.clone(),
        appended: written.appended,
        in_place: written.in_place,
        version: written.version.as_ref().and_then(Version::describe),
        no_backup: written.backup.absence(),
        restart_example: job.config.store.restart_example(),
    });
    if written.in_place {
        let w =
            "the file could not be replaced by a rename (a bind mount?): it was rewritten in place, after the backup";
        ctx.ui.warn(w);
        report.warnings.push(w.to_string());
    }
    if let Some(path) = job.config.env_path()
        && let Some(w) = gitignore::unignored_files_warning(&std::fs::canonicalize(path).unwrap_or(path.to_path_buf()))
    {
        ctx.ui.warn(&w);
        report.warnings.push(w);
    }
    report.status = job.options.done;
    report.exit = ExitStatus::Success;
}

/// After the write: `--restart`, then `--verify-url`; either failing is exit 5.
async fn restart_and_prove(ctx: &Context<'_>, job: &Replacement<'_>, report: &mut RotateReport) {
    report.restart = run_restart(job.options.restart.as_deref(), ctx.ui);
    if report.restart.as_ref().is_some_and(|r| !r.success) {
        report.exit = ExitStatus::RestartFailed;
    }
    if let Some(verify) = &job.options.verify {
        let tokens = (&job.new, job.current.map(|t| &t.secret));
        let outcome = prove(ctx, verify, tokens, &job.config.settings).await;
        if !outcome.success {
            report.exit = ExitStatus::RestartFailed;
        }
        report.verify = Some(outcome);
    }
}

async fn prove(
    ctx: &Context<'_>,
    verify: &Verify,
    tokens: (&Secret, Option<&Secret>),
    settings: &Settings,
) -> VerifyOutcome {
    let seen = ctx
        .ui
        .wait(
            "waiting for the app to show the new token…",
            reload::wait_for_reload(&verify.url, verify.wait, tokens, settings),
        )
        .await;
    let url = display_url(&verify.url);
    match seen {
        Ok(took) => VerifyOutcome {
            detail: None,
            seconds: took.as_secs_f64(),
            success: true,
            url,
        },
        Err(last) => VerifyOutcome {
            detail: Some(last),
            seconds: verify.wait.as_secs_f64(),
            success: false,
            url,
        },
    }
}

/// A store's version as the report shows it: Vault's number, Kubernetes' opaque
/// `resourceVersion`; none for a secret that did not exist.
fn shown_version(v: &Version) -> Option<StoreVersion> {
    match v {
        Version::Vault(0) | Version::Kubernetes(None) => None,
        Version::Vault(n) => Some(StoreVersion::Number(*n)),
        Version::Kubernetes(Some(rv)) => Some(StoreVersion::Resource(rv.clone())),
    }
}

/// The edit on the file as it is now: old bytes, new bytes, changed lines (--dry-run).
fn plan(config: &Config, variable: &str, new: &Secret) -> Result<(Vec<u8>, Vec<u8>, Vec<usize>)> {
    // The model config.rs already parsed (an empty one for a file still to be created).
    let mut model = match &config.env_file {
        Some(f) => f.model.clone(),
        None => EnvFile::parse(Vec::new()).map_err(|e| Failure::config(e.to_string()))?,
    };
    let old = model.bytes().to_vec();
    let lines = model
        .set(variable, new.expose())
        .map_err(|e| Failure::config(format!("cannot set `{variable}`: {e}")))?;
    Ok((old, model.into_bytes(), lines))
}

/// The one key a store's write changes, as a diff: values masked, every other key stays.
fn store_diff(stored: &StoredSecret, variable: &str, new: &Secret) -> String {
    let snapshot = &stored.snapshot;
    let read = snapshot
        .version
        .describe()
        .unwrap_or_else(|| "does not exist yet".into());
    let mut out = format!("--- {uri} ({read})\n+++ {uri} (after rotate)\n", uri = snapshot.uri);
    if let Some(old) = snapshot.data.variables().get(variable) {
        out.push_str(&format!("-{variable}={}\n", secret::mask(old)));
    }
    out.push_str(&format!("+{variable}={}\n", new.masked()));
    out.push_str("(every other key stays as it is)\n");
    out
}

/// A unified diff of the changed lines, tokens masked.
pub fn masked_diff(
    name: &str,
    old: &[u8],
    new: &[u8],
    lines: &[usize],
    old_token: Option<&Secret>,
    new_token: &Secret,
) -> String {
    let mask = |line: &str| {
        let mut l = line.replace(new_token.expose(), &new_token.masked());
        if let Some(o) = old_token {
            l = l.replace(o.expose(), &o.masked());
        }
        crate::secret::scrub(&l)
    };
    let old_text = String::from_utf8_lossy(old);
    let new_text = String::from_utf8_lossy(new);
    // Numbered as the model numbers them: a lone CR ends a line too.
    let old_lines = crate::envfile::split_lines(&old_text);
    let new_lines = crate::envfile::split_lines(&new_text);
    let mut out = format!("--- {name}\n+++ {name} (after rotate)\n");
    for &n in lines {
        let before = old_lines
            .get(n - 1)
            .filter(|_| n <= old_lines.len() && !(n == old_lines.len() && old_lines[n - 1].is_empty()));
        let after = new_lines.get(n - 1).copied().unwrap_or_default();
        match before {
            Some(b) if !old.is_empty() => {
                out.push_str(&format!(
                    "@@ -{n} +{n} @@\n-{}\n+{}\n",
                    mask(b.trim_end_matches('\r')),
                    mask(after.trim_end_matches('\r'))
                ));
            }
            _ => out.push_str(&format!(
                "@@ -{} +{n} @@\n+{}\n",
                n.saturating_sub(1),
                mask(after.trim_end_matches('\r'))
            )),
        }
    }
    out
}

/// The text shown before asking: both tokens masked, with fingerprints, type and expiry.
pub fn confirmation_text(
    env: &str,
    variable: &str,
    old: Option<&Secret>,
    new: &Secret,
    new_data: Option<&DebugData>,
    now: i64,
) -> String {
    let kind = new_data
        .and_then(|d| d.kind.clone())
        .unwrap_or_else(|| "unknown type".into());
    let expiry = match new_data.map(|d| d.expires_at.unwrap_or(0)) {
        Some(0) => "never expires".to_string(),
        Some(t) => format!("expires {}", dates::date_and_relative(t, now)),
        None => "expiry unknown".to_string(),
    };
    let old_line = match old {
        Some(o) => format!("{}  {}", o.masked(), o.fingerprint()),
        None => "(none)".to_string(),
    };
    format!(
        "Replace {variable} in {env}\n  old: {old_line}\n  new: {}  {}  ({kind}, {expiry})",
        new.masked(),
        new.fingerprint()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirmation_shows_masked_tokens_only() {
        let old = Secret::new("EAAOLDOLDOLDOLDOLDOLDOLDOLD1");
        let new = Secret::new("EAANEWNEWNEWNEWNEWNEWNEWNEW2");
        let text = confirmation_text(".env", "WHATSAPP_API_TOKEN", Some(&old), &new, None, 0);
        assert!(!text.contains(old.expose()) && !text.contains(new.expose()));
        assert!(text.contains(&old.masked()) && text.contains(&new.fingerprint()));
    }
}
