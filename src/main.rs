//! Thin entry point: parse, set up output, run, exit.

use clap::Parser;
use std::process::ExitCode;
use wa_token::cli::Cli;

fn main() -> ExitCode {
    // A panic message could quote a value; print it scrubbed, never raw.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "wa-token: internal error: {}",
            wa_token::secret::scrub(&info.to_string())
        );
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(usage_exit_code(&e));
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wa-token: error: cannot start the async runtime: {e}");
            return ExitCode::from(4);
        }
    };
    let status = runtime.block_on(wa_token::run(cli));
    ExitCode::from(status.code())
}

/// 0 for --help and --version; 2 for a usage error, except under `--format nagios`, where
/// the plugin convention says UNKNOWN (3) and 2 would page someone as CRITICAL.
fn usage_exit_code(e: &clap::Error) -> u8 {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        return 0;
    }
    let args: Vec<String> = std::env::args().collect();
    let nagios =
        args.iter().any(|a| a == "--format=nagios") || args.windows(2).any(|w| w[0] == "--format" && w[1] == "nagios");
    if nagios { 3 } else { 2 }
}
