//! `wa-token rotate`: take a new token, validate it, then replace it in the env file.
//!
//! The validation and the write are the pipeline in `replace/`, shared with `refresh`.

use super::replace::{self, Replacement, Verify, WriteOptions};
use super::{Context, early_file_warnings, target_name};
use crate::cli::RotateArgs;
use crate::config::{Config, absolute};
use crate::exit::{Failure, Result};
use crate::graph::Graph;
use crate::paste;
use crate::report::{ReplaceStatus, Report, RotateReport, Shown};
use crate::secret::Secret;
use crate::ui::Ui;
use std::io::{IsTerminal, Read};

/// Where the new token will come from must work: a pipe for `--token-stdin` (a terminal
/// would echo the paste), else a terminal for the hidden prompt.
fn token_source_usable(args: &RotateArgs) -> Result<()> {
    if args.token_stdin && std::io::stdin().is_terminal() {
        return Err(Failure::config("--token-stdin reads a pipe, but stdin is a terminal")
            .hint("drop --token-stdin to be asked with a hidden prompt, or pipe the token in: `wa-token rotate --token-stdin < token.txt`"));
    }
    let can_prompt = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !args.token_stdin && !can_prompt {
        return Err(Failure::config("no terminal to ask for the new token")
            .hint("pipe it in with --token-stdin, for example `wa-token rotate --token-stdin < token.txt`; tokens never go on the command line"));
    }
    Ok(())
}

/// A token from standard input (`what` names it in messages), cleaned and a [`Secret`] at
/// once. Never from an argument: arguments show in `ps` and shell history.
pub fn token_from_stdin(ui: &Ui, what: &str) -> Result<Secret> {
    let mut buf = Vec::new();
    std::io::stdin()
        .take(1024 * 1024)
        .read_to_end(&mut buf)
        .map_err(|e| Failure::io(format!("cannot read {what} from stdin: {e}")))?;
    let raw =
        String::from_utf8(buf).map_err(|_| Failure::config(format!("{what} on stdin is not text (invalid UTF-8)")))?;
    cleaned(ui, &raw)
}

/// The paste cleaned. It is registered as a secret before it is touched (in clean_paste),
/// so that no message, even a panic's, can quote it; a refusal names the problem, never
/// the text.
fn cleaned(ui: &Ui, raw: &str) -> Result<Secret> {
    let cleaned = paste::clean_paste(raw).map_err(|e| {
        Failure::config(format!("{e}; nothing was changed"))
            .hint(e.hint())
            .hint("copy the token again from Meta's dashboard")
    })?;
    for n in &cleaned.notes {
        ui.note(n);
    }
    Ok(Secret::new(cleaned.token))
}

/// The new token: stdin with `--token-stdin`, else a hidden prompt on a terminal.
fn take_new_token(args: &RotateArgs, ui: &Ui) -> Result<Secret> {
    if args.token_stdin {
        return token_from_stdin(ui, "the new token");
    }
    let raw = ui.ask_hidden("New token (input hidden)")?;
    cleaned(ui, &raw)
}

pub async fn run(ctx: &Context<'_>, args: &RotateArgs, config: &Config) -> Result<Report> {
    // Everything that can be decided before a token is read or sent, is.
    token_source_usable(args)?;
    if !args.yes && !args.dry_run && !ctx.ui.can_ask() {
        return Err(Failure::config("confirmation needed, but there is no terminal to ask")
            .hint("pass --yes to rotate without asking (after checking with --dry-run)"));
    }
    let create = match decide_creation(ctx, args, config)? {
        Some(create) => create,
        None => return Ok(declined(config, "nothing was created or written")),
    };
    let current = config.find_token();
    // Rewrite the variable the app reads: the one the current token was found under.
    let variable = match &current {
        Some(t) if !config.token_var_explicit => t.variable.clone(),
        _ => config.token_var.clone(),
    };
    let warnings = early_file_warnings(config, ctx.ui);
    let new = take_new_token(args, ctx.ui)?;
    let mut report = RotateReport::new(target_name(config), Some(variable.clone()));
    report.old = current.as_ref().map(|t| Shown::of(&t.secret));
    report.new = Some(Shown::of(&new));
    report.warnings = warnings;
    if current.as_ref().is_some_and(|t| t.secret == new) {
        report.status = ReplaceStatus::Unchanged;
        return Ok(Report::Replace(Box::new(report)));
    }
    let graph = Graph::new(config)?;
    let job = Replacement {
        config,
        graph: &graph,
        current: current.as_ref(),
        variable,
        new,
        options: WriteOptions {
            dry_run: args.dry_run,
            force: args.force,
            backup: !args.no_backup,
            confirmed: args.yes,
            create,
            restart: args.restart.clone(),
            verify: Verify::from_args(&args.verify)?,
            done: ReplaceStatus::Rotated,
        },
    };
    Ok(Report::Replace(Box::new(replace::replace(ctx, job, report).await)))
}

/// A missing env file is created only with `--create` or after a confirmation that shows
/// its absolute path: run in the wrong directory, rotate must not "succeed" into a new file
/// the bot never reads. `Some(create)` to go on; `None` when the user said no.
fn decide_creation(ctx: &Context<'_>, args: &RotateArgs, config: &Config) -> Result<Option<bool>> {
    // A store's missing secret is the pipeline's to refuse (without --create).
    let Some(env_path) = config.env_path() else {
        return Ok(Some(args.create));
    };
    if config.env_file.is_some() || args.create || args.dry_run {
        return Ok(Some(args.create));
    }
    let path = absolute(env_path);
    if ctx.ui.can_ask() {
        let asked = ctx
            .ui
            .ask(&format!("{} does not exist.", path.display()), "Create it (mode 0600)?")?;
        return Ok(asked.then_some(true));
    }
    let mut failure = Failure::config(format!("{} does not exist: nothing was written", path.display()));
    for found in env_files_above(&path) {
        failure = failure.hint(format!(
            "the bot's env file may be {}: run wa-token there, or pass --env-file {}",
            found.display(),
            found.display()
        ));
    }
    Err(failure.hint(format!(
        "to create {} with the new token, pass --create",
        path.display()
    )))
}

/// Files of the same name in the directories above `path`, nearest first.
fn env_files_above(path: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Some(name) = path.file_name() else {
        return Vec::new();
    };
    path.parent()
        .into_iter()
        .flat_map(|dir| dir.ancestors().skip(1))
        .map(|dir| dir.join(name))
        .filter(|candidate| candidate.is_file())
        .collect()
}

fn declined(config: &Config, what: &'static str) -> Report {
    let mut report = RotateReport::new(target_name(config), None);
    report.status = ReplaceStatus::Unchanged;
    report.cancelled = Some(what);
    Report::Replace(Box::new(report))
}
