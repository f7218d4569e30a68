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
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = refuse_token_argument(&args) {
        return ExitCode::from(code);
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(usage_error(&e, &args)),
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

/// Print clap's message (scrubbed: it may quote a mistyped argument that holds a token)
/// and return the exit code: 0 for --help and --version; 2 for a usage error, except under
/// `--format nagios`, where the plugin convention says UNKNOWN (3) and 2 would page
/// someone as CRITICAL, and Nagios needs its status line on stdout.
fn usage_error(e: &clap::Error, args: &[std::ffi::OsString]) -> u8 {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return 0;
    }
    let text = wa_token::secret::scrub(&e.to_string());
    eprint!("{text}");
    let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    // Only `check` has a Nagios format: `completions --format nagios` is a plain usage error.
    let nagios = args.iter().any(|a| a == "check")
        && (args.iter().any(|a| a == "--format=nagios")
            || args.windows(2).any(|w| w[0] == "--format" && w[1] == "nagios"));
    if !nagios {
        return 2;
    }
    let first = text
        .lines()
        .next()
        .unwrap_or("usage error")
        .trim_start_matches("error: ");
    println!("WA-TOKEN UNKNOWN - usage error: {}", first.replace('|', "/"));
    3
}

/// `--token VALUE`: tokens never come from arguments (shell history, `ps`). Said before
/// clap could suggest `--token-var` or quote the value.
fn refuse_token_argument(args: &[std::ffi::OsString]) -> Option<u8> {
    let given = args
        .iter()
        .skip(1)
        .any(|a| a == "--token" || a.to_string_lossy().starts_with("--token="));
    if !given {
        return None;
    }
    eprintln!(
        "wa-token: error: tokens are never taken from arguments (they would stay in shell history and show in `ps`)\n\
         hint: use the hidden prompt (`wa-token rotate`) or --token-stdin (`wa-token rotate --token-stdin < token.txt`)"
    );
    Some(2)
}
