//! `wa-token completions SHELL` and `wa-token man`: generated from the clap definition.

use crate::cli::Cli;
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "wa-token", &mut out);
    if shell == clap_complete::Shell::Bash {
        out = fix_bash_states(&out);
    }
    out
}

/// clap_complete's bash script names a subcommand's state `wa__token__subcmd__check` where
/// it is set, but `wa__subcmd__token__subcmd__check` where it is matched, because it reads
/// the `-` of a binary's name as a subcommand separator (clap issue 6421): no subcommand's
/// flags ever complete. One name for both: the one that is set.
fn fix_bash_states(script: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(script)
        .replace("wa__subcmd__token", "wa__token")
        .into_bytes()
}

pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(out)
}
