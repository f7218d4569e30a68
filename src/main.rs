//! Thin entry point: parse, set up output, run, exit.

use clap::Parser;
use std::process::ExitCode;
use wa_token::cli::Cli;
use wa_token::output::Ui;

fn main() -> ExitCode {
    // A panic message could quote a value; print it scrubbed, never raw.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "wa-token: internal error: {}",
            wa_token::secret::scrub(&info.to_string())
        );
    }));
    let cli = Cli::parse();
    let ui = Ui::new(cli.global.color, cli.global.json);
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wa-token: error: cannot start the async runtime: {e}");
            return ExitCode::from(4);
        }
    };
    let status = runtime.block_on(wa_token::run(cli, &ui));
    ExitCode::from(status.code())
}
