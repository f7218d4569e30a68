//! `wa-token rotate`: take a new token, validate it, then replace it in the env file.
//!
//! The validation and the write are the pipeline in `replace/`, shared with `refresh`.

use super::replace::{self, Replacement, Verify, WriteOptions};
use super::{Context, early_file_warnings};
use crate::cli::RotateArgs;
use crate::config::Config;
use crate::exit::{Failure, Result};
use crate::graph::Graph;
use crate::report::{ReplaceStatus, Report, RotateReport, Shown};
use crate::secret::Secret;
use crate::ui::Ui;
use std::io::{IsTerminal, Read};

/// Why a pasted token was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Unclean {
    Empty,
    /// Whitespace or control characters inside: no token has them.
    Broken,
}

impl Unclean {
    /// The message, about `what` ("the new token").
    pub fn message(&self, what: &str) -> String {
        match self {
            Unclean::Empty => format!("{what} is empty"),
            Unclean::Broken => format!(
                "{what} contains whitespace or control characters inside it: it was not pasted whole, or two tokens were pasted"
            ),
        }
    }
}

/// Clean up a pasted token: whitespace, quotes, a `Bearer ` prefix, a `NAME=` prefix.
/// Refuses whitespace or control characters inside, which no token has.
pub fn clean_token(raw: &str, notes: &mut Vec<String>) -> std::result::Result<String, Unclean> {
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
        return Err(Unclean::Empty);
    }
    if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Unclean::Broken);
    }
    Ok(t.to_string())
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
    cleaned(ui, &raw, what)
}

/// `raw` cleaned; the raw text is registered too, so that a rejected paste is never echoed.
fn cleaned(ui: &Ui, raw: &str, what: &str) -> Result<Secret> {
    let mut notes = Vec::new();
    let cleaned = clean_token(raw, &mut notes);
    let _ = Secret::new(raw.trim().to_string());
    let token = cleaned.map_err(|e| {
        Failure::config(e.message(what)).hint("copy the token again from Meta's dashboard; nothing was changed")
    })?;
    for n in notes {
        ui.note(&n);
    }
    Ok(Secret::new(token))
}

/// The new token: stdin with `--token-stdin`, else a hidden prompt on a terminal.
fn take_new_token(args: &RotateArgs, ui: &Ui) -> Result<Secret> {
    if args.token_stdin {
        return token_from_stdin(ui, "the new token");
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(Failure::config("no terminal to ask for the new token")
            .hint("pipe it in with --token-stdin, for example `wa-token rotate --token-stdin < token.txt`; tokens never go on the command line"));
    }
    let raw = dialoguer::Password::new()
        .with_prompt("New token (input hidden)")
        .allow_empty_password(true)
        .interact()
        .map_err(|e| Failure::io(format!("cannot read the new token from the terminal: {e}")))?;
    cleaned(ui, &raw, "the new token")
}

pub async fn run(ctx: &Context<'_>, args: &RotateArgs, config: &Config) -> Result<Report> {
    let current = config.find_token();
    // Rewrite the variable the app reads: the one the current token was found under.
    let variable = match &current {
        Some(t) if !config.token_var_explicit => t.variable.clone(),
        _ => config.token_var.clone(),
    };
    let warnings = early_file_warnings(config, ctx.ui);
    let new = take_new_token(args, ctx.ui)?;
    let mut report = RotateReport::new(config.env_path.display().to_string(), Some(variable.clone()));
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
            restart: args.restart.clone(),
            verify: Verify::from_args(&args.verify)?,
            done: ReplaceStatus::Rotated,
        },
    };
    Ok(Report::Replace(Box::new(replace::replace(ctx, job, report).await)))
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
}
