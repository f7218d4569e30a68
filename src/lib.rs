//! wa-token: keep a WhatsApp Cloud API access token healthy.
//!
//! `main.rs` parses arguments and calls [`run`]; each subcommand lives in `commands/`.

pub mod atomic;
pub mod cli;
pub mod commands;
pub mod config;
pub mod envfile;
pub mod exit;
pub mod graph;
pub mod hints;
pub mod join;
pub mod monitor;
pub mod output;
pub mod reload;
pub mod rewrite;
pub mod safe_read;
pub mod secret;
pub mod validate;
pub mod verdict;

use cli::{Cli, Command};
use exit::{ExitStatus, Failure};
use output::Ui;

/// Run one command and return its exit status. Failures that stop a command before it
/// has a report of its own are printed here, as an error line or as the command's JSON.
pub async fn run(cli: Cli, ui: &Ui) -> ExitStatus {
    let g = &cli.global;
    let result = match &cli.command {
        Command::Check(args) => commands::check::run(g, args, ui).await,
        Command::Inspect(args) => commands::inspect::run(g, args, ui).await,
        Command::Rotate(args) => commands::rotate::run(g, args, ui).await,
        Command::SendTest(args) => commands::send_test::run(g, args, ui).await,
        Command::Doctor(args) => commands::doctor::run(g, args, ui).await,
        Command::Refresh(args) => commands::refresh::run(g, args, ui).await,
        Command::Completions(args) => write_stdout(&commands::completions::completions(args.shell)),
        Command::Man => commands::completions::man_page()
            .map_err(|e| Failure::io(format!("cannot render the man page: {e}")))
            .and_then(|page| write_stdout(&page)),
    };
    match result {
        Ok(status) => status,
        Err(failure) => {
            report_failure(&cli, ui, &failure);
            failure.exit
        }
    }
}

fn report_failure(cli: &Cli, ui: &Ui, failure: &Failure) {
    if !ui.json {
        ui.error(failure);
        return;
    }
    let env_file = cli
        .global
        .env_file
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| ".env".into());
    match &cli.command {
        Command::Check(_) => ui.json(&commands::check::CheckReport::errored(failure, None)),
        Command::Inspect(_) => ui.json(&commands::check::CheckReport::errored(failure, None)),
        Command::Rotate(_) => ui.json(&commands::rotate::RotateReport::errored(failure, &env_file)),
        Command::SendTest(_) => ui.json(&commands::send_test::SendReport::errored(failure)),
        Command::Refresh(_) => ui.json(&commands::rotate::RotateReport::errored(failure, &env_file)),
        _ => ui.json(&serde_json::json!({"status": "error", "error": failure.to_json()})),
    }
}

fn write_stdout(bytes: &[u8]) -> exit::Result<ExitStatus> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(ExitStatus::Success),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitStatus::Success),
        Err(e) => Err(Failure::io(format!("cannot write to stdout: {e}"))),
    }
}
