//! `wa-token rotate`: take a new token, validate it, then replace it in the env file.
//!
//! The write itself (`write_token`) and the restart hook are shared with `refresh`.

use crate::cli::{GlobalArgs, RotateArgs};
use crate::commands::check;
use crate::config::{Config, EnvFileNeed};
use crate::envfile::EnvFile;
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::Graph;
use crate::output::{self, Mark, Ui};
use crate::reload::{self, run_restart};
use crate::rewrite::{Written, write_token};
use crate::secret::Secret;
use crate::validate::{self, Outcome, Validation};
use serde::Serialize;
use serde_json::Value;
use std::io::{IsTerminal, Read};
use std::path::Path;

/// `{masked, fingerprint}`
#[derive(Clone, Debug, Serialize)]
pub struct Shown {
    pub masked: String,
    pub fingerprint: String,
}

impl Shown {
    pub fn of(secret: &Secret) -> Self {
        Shown {
            masked: secret.masked(),
            fingerprint: secret.fingerprint(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RotateReport {
    pub status: &'static str,
    pub env_file: String,
    pub variable: Option<String>,
    pub backup: Option<String>,
    pub old: Option<Shown>,
    pub new: Option<Shown>,
    pub validation: Vec<validate::Check>,
    pub lines: Vec<usize>,
    pub restart: Option<Value>,
    /// `--verify-url`: whether the app showed the new token.
    pub verify: Option<Value>,
    pub error: Option<Value>,
    pub warnings: Vec<String>,
}

impl RotateReport {
    /// A report for replacing `old` in the configured env file.
    pub fn new(config: &Config, variable: &str, old: Option<&Secret>) -> Self {
        RotateReport {
            status: "error",
            env_file: config.env_path.display().to_string(),
            variable: Some(variable.to_string()),
            backup: None,
            old: old.map(Shown::of),
            new: None,
            validation: Vec::new(),
            lines: Vec::new(),
            restart: None,
            verify: None,
            error: None,
            warnings: Vec::new(),
        }
    }

    pub fn errored(failure: &Failure, env_file: &str) -> Self {
        RotateReport {
            status: "error",
            env_file: env_file.to_string(),
            variable: None,
            backup: None,
            old: None,
            new: None,
            validation: Vec::new(),
            lines: Vec::new(),
            restart: None,
            verify: None,
            error: Some(failure.to_json()),
            warnings: Vec::new(),
        }
    }
}

/// Clean up a pasted token: whitespace, quotes, a `Bearer ` prefix, a `NAME=` prefix.
/// Refuses whitespace or control characters inside, which no token has.
pub fn clean_token(raw: &str, notes: &mut Vec<String>) -> std::result::Result<String, String> {
    let mut t = raw.trim();
    for _ in 0..2 {
        if let Some(rest) = t.split_once('=').filter(|(name, _)| {
            !name.is_empty()
                && name.len() < 64
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && name.bytes().any(|b| b.is_ascii_alphabetic())
                && name.bytes().all(|b| !b.is_ascii_lowercase())
        }) {
            notes.push(format!("removed the `{}=` prefix from the pasted text", rest.0));
            t = rest.1.trim();
        }
        for q in ['"', '\''] {
            if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
                t = t[1..t.len() - 1].trim();
            }
        }
        if t.len() > 7 && t[..7].eq_ignore_ascii_case("bearer ") {
            notes.push("removed the `Bearer ` prefix from the pasted token".to_string());
            t = t[7..].trim();
        }
    }
    if t.is_empty() {
        return Err("the new token is empty".to_string());
    }
    if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the new token contains whitespace or control characters inside it: it was not pasted whole, or two tokens were pasted".to_string());
    }
    Ok(t.to_string())
}

/// The new token: stdin with `--token-stdin`, else a hidden prompt on a terminal.
fn take_new_token(args: &RotateArgs, ui: &Ui) -> Result<Secret> {
    let raw = if args.token_stdin {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(1024 * 1024)
            .read_to_end(&mut buf)
            .map_err(|e| Failure::io(format!("cannot read the new token from stdin: {e}")))?;
        String::from_utf8(buf).map_err(|_| Failure::config("the new token on stdin is not text (invalid UTF-8)"))?
    } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        dialoguer::Password::new()
            .with_prompt("New token (input hidden)")
            .allow_empty_password(true)
            .interact()
            .map_err(|e| Failure::io(format!("cannot read the new token from the terminal: {e}")))?
    } else {
        return Err(Failure::config("no terminal to ask for the new token")
            .hint("pipe it in with --token-stdin, for example `wa-token rotate --token-stdin < token.txt`; tokens never go on the command line"));
    };
    let mut notes = Vec::new();
    let cleaned = clean_token(&raw, &mut notes);
    // Register the raw text too, so that a rejected paste is never echoed.
    let _ = Secret::new(raw.trim().to_string());
    let token = cleaned
        .map_err(|m| Failure::config(m).hint("copy the token again from Meta's dashboard; nothing was changed"))?;
    for n in notes {
        ui.note(&n);
    }
    Ok(Secret::new(token))
}

pub async fn run(global: &GlobalArgs, args: &RotateArgs, ui: &Ui) -> Result<ExitStatus> {
    let config = Config::resolve(global, EnvFileNeed::MayBeCreated)?;
    let current = config.find_token();
    // Rewrite the variable the app reads: the one the current token was found under.
    let variable = match &current {
        Some(t) if !config.token_var_explicit => t.variable.clone(),
        _ => config.token_var.clone(),
    };
    let warnings = check::early_file_warnings(&config, ui);
    let new = take_new_token(args, ui)?;
    let mut report = RotateReport::new(&config, &variable, current.as_ref().map(|t| &t.secret));
    report.new = Some(Shown::of(&new));

    if current.as_ref().is_some_and(|t| t.secret == new) {
        report.status = "unchanged";
        report.warnings = warnings;
        if ui.json {
            ui.json(&report);
        } else {
            ui.headline(Mark::Pass, &format!("unchanged: {variable} already holds this token"));
            ui.fields(&[("token".into(), format!("{}  {}", new.masked(), new.fingerprint()))]);
        }
        return Ok(ExitStatus::Success);
    }
    let graph = Graph::new(&config)?;
    let opts = ReplaceOptions {
        dry_run: args.dry_run,
        force: args.force,
        backup: !args.no_backup,
        confirmed: args.yes,
        restart: args.restart.as_deref(),
        verify: verify_option(&args.verify)?,
        done: "rotated",
    };
    replace_token(
        ui,
        &graph,
        &config,
        current.as_ref(),
        &variable,
        new,
        &opts,
        report,
        warnings,
    )
    .await
}

/// `--verify-url` and `--verify-wait`, checked before anything is written.
pub fn verify_option(v: &crate::cli::VerifyArgs) -> Result<Option<(reqwest::Url, std::time::Duration)>> {
    match &v.verify_url {
        None => Ok(None),
        Some(text) => Ok(Some((
            reload::parse_url(text)?,
            std::time::Duration::from_secs(v.verify_wait),
        ))),
    }
}

/// How `replace_token` behaves (rotate's flags; refresh sets its own).
pub struct ReplaceOptions<'a> {
    pub dry_run: bool,
    pub force: bool,
    pub backup: bool,
    /// `--yes`, or already confirmed by the caller.
    pub confirmed: bool,
    pub restart: Option<&'a str>,
    /// `--verify-url` (already parsed) and `--verify-wait`.
    pub verify: Option<(reqwest::Url, std::time::Duration)>,
    /// The status of a successful write: `rotated` or `refreshed`.
    pub done: &'static str,
}

/// Validate `new`, then write it into the env file: the part rotate and refresh share.
#[allow(clippy::too_many_arguments)]
pub async fn replace_token(
    ui: &Ui,
    graph: &Graph,
    config: &Config,
    current: Option<&crate::config::Token>,
    variable: &str,
    new: Secret,
    args: &ReplaceOptions<'_>,
    mut report: RotateReport,
    mut warnings: Vec<String>,
) -> Result<ExitStatus> {
    let env_display = config.env_path.display().to_string();
    let now = output::now_unix();
    let validated = ui
        .wait(
            "validating the new token…",
            validate::validate(graph, config, &new, current.map(|t| &t.secret), now),
        )
        .await;
    let validation = match validated {
        Ok(v) => v,
        Err(f) if args.force => {
            ui.warn(&format!("{}; writing anyway (--force)", f.message));
            warnings.push(format!("validation incomplete: {}", f.message));
            Validation::default()
        }
        Err(f) => {
            report.status = "error";
            report.error = Some(f.to_json());
            report.warnings = warnings;
            return finish(ui, &report, f.exit, Some(&f), None);
        }
    };
    report.validation = validation.checks.clone();
    if !ui.json {
        print_validation(ui, &validation);
    }
    for c in validation.checks.iter().filter(|c| c.status == Outcome::Warn) {
        ui.warn(&format!("the new token {}", c.detail));
    }
    if validation.rejected() {
        if args.force {
            ui.warn("the new token failed validation; writing anyway (--force)");
            warnings.push("validation failed; written with --force".into());
        } else {
            report.status = "rejected";
            report.warnings = warnings;
            let f = Failure::api("the new token was rejected; the env file was not changed")
                .with_exit(ExitStatus::No)
                .hint("fix what failed above, or pass --force to write it anyway");
            report.error = Some(f.to_json());
            return finish(ui, &report, ExitStatus::No, Some(&f), None);
        }
    }

    // The lines that will change, from the model already parsed; the edit itself is made
    // and proven under the lock (write_token), on the bytes as they are then.
    let lines: Vec<usize> = match config.env_file.as_ref().map(|f| f.model.find(variable)) {
        Some(found) if !found.is_empty() => found.iter().map(|a| a.line).collect(),
        _ => Vec::new(),
    };
    if lines.len() > 1 {
        let w = format!(
            "`{variable}` is assigned on lines {}: every one is updated",
            join_lines(&lines)
        );
        ui.warn(&w);
        warnings.push(w);
    }
    report.lines = lines;

    if args.dry_run {
        report.status = "dry-run";
        report.warnings = warnings;
        let (old_bytes, planned) = plan(config, variable, &new)?;
        report.lines = planned.lines.clone();
        let diff = masked_diff(
            &env_display,
            &old_bytes,
            &planned.bytes,
            &planned.lines,
            current.map(|t| &t.secret),
            &new,
        );
        if ui.json {
            let mut value = serde_json::to_value(&report).unwrap_or(Value::Null);
            value["diff"] = Value::String(diff);
            ui.json(&value);
        } else {
            for line in diff.lines() {
                ui.line(line);
            }
            ui.headline(Mark::Skip, "dry run: nothing was written");
        }
        return Ok(ExitStatus::Success);
    }

    let confirmed = args.confirmed || {
        if !can_ask(ui) {
            return Err(Failure::config("confirmation needed, but there is no terminal to ask")
                .hint("pass --yes to rotate without asking (after checking with --dry-run)"));
        }
        let old = current.map(|t| &t.secret);
        let new_data = validation.new_data.as_ref();
        ask(
            &confirmation_text(&env_display, variable, old, &new, new_data, now),
            "Write the new token?",
        )?
    };
    if !confirmed {
        report.status = "unchanged";
        report.warnings = warnings;
        if ui.json {
            ui.json(&report);
        } else {
            ui.headline(Mark::Skip, "cancelled: nothing was written");
        }
        return Ok(ExitStatus::Success);
    }

    let written = match write_token(&config.env_path, variable, &new, args.backup) {
        Ok(w) => w,
        Err(f) => {
            report.status = "error";
            report.backup = f.backup.as_ref().map(|p| p.display().to_string());
            report.error = Some(f.to_json());
            report.warnings = warnings;
            return finish(ui, &report, f.exit, Some(&f), None);
        }
    };
    report.lines = written.lines.clone();
    report.backup = written.backup.as_ref().map(|p| p.display().to_string());
    if written.in_place {
        let w =
            "the file could not be replaced by a rename (a bind mount?): it was rewritten in place, after the backup";
        ui.warn(w);
        warnings.push(w.to_string());
    }
    report.warnings = warnings;
    let restart = run_restart(args.restart, ui);
    let mut exit = if restart
        .as_ref()
        .is_some_and(|r| r.get("success") == Some(&Value::Bool(false)))
    {
        ExitStatus::RestartFailed
    } else {
        ExitStatus::Success
    };
    report.restart = restart;
    if let Some((url, wait)) = &args.verify {
        let old = current.map(|t| &t.secret);
        let seen = ui
            .wait(
                "waiting for the app to show the new token…",
                reload::wait_for_reload(url, *wait, &new, old),
            )
            .await;
        report.verify = Some(match seen {
            Ok(took) => {
                serde_json::json!({"url": output::display_url(url), "success": true, "seconds": took.as_secs_f64()})
            }
            Err(last) => {
                exit = ExitStatus::RestartFailed;
                serde_json::json!({"url": output::display_url(url), "success": false, "seconds": wait.as_secs_f64(), "detail": last})
            }
        });
    }
    report.status = args.done;
    finish(ui, &report, exit, None, Some(&written))
}

fn join_lines(lines: &[usize]) -> String {
    let parts: Vec<String> = lines.iter().map(usize::to_string).collect();
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

fn print_validation(ui: &Ui, v: &Validation) {
    let width = v.checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut hinted: Vec<&str> = Vec::new();
    for c in &v.checks {
        ui.check_line(c.status.into(), c.name, width, &c.detail);
        if c.status == Outcome::Fail
            && let Some(h) = &c.hint
            && !hinted.contains(&h.as_str())
        {
            ui.hint(h);
            hinted.push(h);
        }
    }
}

/// Print the final report (human or JSON) and return the exit status.
pub fn finish(
    ui: &Ui,
    report: &RotateReport,
    exit: ExitStatus,
    failure: Option<&Failure>,
    written: Option<&Written>,
) -> Result<ExitStatus> {
    if ui.json {
        ui.json(report);
        return Ok(exit);
    }
    match report.status {
        "rotated" | "refreshed" => {
            let w = written.expect("a rotated report has a write");
            let where_ = if w.appended {
                format!("appended to {}", report.env_file)
            } else {
                format!("{} line {}", report.env_file, join_lines(&w.lines))
            };
            ui.headline(
                Mark::Pass,
                &format!(
                    "{} {} ({where_})",
                    report.status,
                    report.variable.clone().unwrap_or_default()
                ),
            );
            let mut rows = Vec::new();
            if let Some(old) = &report.old {
                rows.push(("old".to_string(), format!("{}  {}", old.masked, old.fingerprint)));
            }
            if let Some(new) = &report.new {
                rows.push(("new".to_string(), format!("{}  {}", new.masked, new.fingerprint)));
            }
            if w.target.as_path() != Path::new(&report.env_file) {
                rows.push(("written".to_string(), w.target.display().to_string()));
            }
            rows.push((
                "backup".to_string(),
                report.backup.clone().unwrap_or_else(|| "none (--no-backup)".into()),
            ));
            ui.fields(&rows);
            match &report.restart {
                None => ui.note("restart your app so that it reads the new token (or pass --restart CMD next time)"),
                Some(r) if r.get("success") == Some(&Value::Bool(true)) => {
                    ui.headline(Mark::Pass, "restart command succeeded")
                }
                Some(r) => {
                    let code = r.get("exit_code").map(Value::to_string).unwrap_or_else(|| "?".into());
                    ui.headline(
                        Mark::Fail,
                        &format!("the restart command failed (exit {code}); the new token is written"),
                    );
                    ui.hint("restart the app by hand; the old file is in the backup if you need it");
                }
            }
            if let Some(v) = &report.verify {
                let url = v.get("url").and_then(Value::as_str).unwrap_or_default();
                if v.get("success") == Some(&Value::Bool(true)) {
                    let secs = v.get("seconds").and_then(Value::as_f64).unwrap_or_default();
                    ui.headline(
                        Mark::Pass,
                        &format!("the app shows the new token ({url}, after {secs:.1} s)"),
                    );
                } else {
                    let detail = v.get("detail").and_then(Value::as_str).unwrap_or_default();
                    ui.headline(Mark::Fail, &format!("the app did not reload: {url}: {detail}"));
                    ui.hint("the new token is written, but the running app still uses the old one: restart it (see --restart)");
                }
            }
        }
        _ => {
            if let Some(f) = failure {
                ui.error(f);
            }
        }
    }
    Ok(exit)
}

/// The edit, computed on the file as it is now (for validation messages and --dry-run).
struct Planned {
    bytes: Vec<u8>,
    lines: Vec<usize>,
}

fn plan(config: &Config, variable: &str, new: &Secret) -> Result<(Vec<u8>, Planned)> {
    // The model config.rs already parsed (an empty one for a file still to be created).
    let mut model = match &config.env_file {
        Some(f) => f.model.clone(),
        None => EnvFile::parse(Vec::new()).map_err(|e| Failure::config(e.to_string()))?,
    };
    let old = model.bytes().to_vec();
    let lines = model
        .set(variable, new.expose())
        .map_err(|e| Failure::config(format!("cannot set `{variable}`: {e}")))?;
    Ok((
        old,
        Planned {
            bytes: model.into_bytes(),
            lines,
        },
    ))
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

/// Whether a person can be asked: a terminal, and no `--json` (a script is reading).
pub fn can_ask(ui: &Ui) -> bool {
    !ui.json && std::io::stderr().is_terminal() && std::fs::File::open("/dev/tty").is_ok()
}

/// Show `text` and ask `prompt`, defaulting to no.
pub fn ask(text: &str, prompt: &str) -> Result<bool> {
    eprintln!("{text}");
    dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact()
        .map_err(|e| Failure::io(format!("cannot read the answer: {e}")))
}

/// The text shown before asking: both tokens masked, with fingerprints, type and expiry.
pub fn confirmation_text(
    env: &str,
    variable: &str,
    old: Option<&Secret>,
    new: &Secret,
    new_data: Option<&crate::graph::DebugData>,
    now: i64,
) -> String {
    let kind = new_data
        .and_then(|d| d.kind.clone())
        .unwrap_or_else(|| "unknown type".into());
    let expiry = match new_data.map(|d| d.expires_at.unwrap_or(0)) {
        Some(0) => "never expires".to_string(),
        Some(t) => format!("expires {}", output::date_and_relative(t, now)),
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
    fn cleans_pasted_tokens() {
        let mut notes = Vec::new();
        assert_eq!(clean_token("  \"EAAB123\"\n", &mut notes).unwrap(), "EAAB123");
        assert_eq!(clean_token("Bearer EAAB123", &mut notes).unwrap(), "EAAB123");
        assert_eq!(
            clean_token("WHATSAPP_API_TOKEN=EAAB123", &mut notes).unwrap(),
            "EAAB123"
        );
        assert_eq!(clean_token("'EAAB123'", &mut notes).unwrap(), "EAAB123");
        assert!(clean_token("EAAB 123", &mut notes).is_err());
        assert!(clean_token("EAAB\u{7}123", &mut notes).is_err());
        assert!(clean_token("  ", &mut notes).is_err());
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn confirmation_shows_masked_tokens_only() {
        let old = Secret::new("EAAOLDOLDOLDOLDOLDOLDOLDOLD1");
        let new = Secret::new("EAANEWNEWNEWNEWNEWNEWNEWNEW2");
        let text = confirmation_text(".env", "WHATSAPP_API_TOKEN", Some(&old), &new, None, 0);
        assert!(!text.contains(old.expose()) && !text.contains(new.expose()));
        assert!(text.contains(&old.masked()) && text.contains(&new.fingerprint()));
    }
}
