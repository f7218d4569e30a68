//! `wa-token completions SHELL` and `wa-token man`: generated from the clap definition.

use crate::cli::Cli;
use clap::CommandFactory;

/// Subcommands that take none of the global options (they never read settings).
const PLUMBING: &[&str] = &["completions", "man", "help"];

/// The CLI as users complete it. The global options are offered where they mean
/// something, and not after `completions` or `man`, which ignore them.
pub fn user_command() -> clap::Command {
    let root = Cli::command();
    let globals: Vec<clap::Arg> = root
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.clone().global(false))
        .collect();
    let names: Vec<String> = root
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| !PLUMBING.contains(&n.as_str()))
        .collect();
    let mut cmd = root;
    for arg in &globals {
        cmd = cmd.mut_arg(arg.get_id().clone(), |a| a.global(false));
    }
    for name in names {
        cmd = cmd.mut_subcommand(name, |s| s.args(globals.iter().cloned()));
    }
    cmd
}

pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = user_command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "wa-token", &mut out);
    out
}

pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(out)
}
