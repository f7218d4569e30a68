//! `wa-token completions SHELL` and `wa-token man`: generated from the clap definition.

use crate::cli::Cli;
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "wa-token", &mut out);
    out
}

pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(out)
}
