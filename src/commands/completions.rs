//! `wa-token completions SHELL` and `wa-token man`: generated from the clap definition.

use crate::cli::Cli;
use crate::exit::{Failure, Result};
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

/// wa-token(1), or wa-token-COMMAND(1), the pages the main page's SEE ALSO names: every
/// subcommand's options are documented in its own page.
pub fn man_page(command: Option<&str>) -> Result<std::io::Result<Vec<u8>>> {
    let root = Cli::command();
    let page = match command {
        None => root,
        Some(name) => {
            let Some(sub) = root.find_subcommand(name).filter(|s| s.get_name() != "help") else {
                let names: Vec<&str> = root
                    .get_subcommands()
                    .map(|s| s.get_name())
                    .filter(|n| *n != "help")
                    .collect();
                return Err(Failure::config(format!("there is no subcommand `{name}`"))
                    .hint(format!("the pages are: {}", names.join(", "))));
            };
            let bin = format!("wa-token-{name}");
            sub.clone()
                .name(bin.clone())
                .bin_name(format!("wa-token {name}"))
                .display_name(bin)
        }
    };
    let mut out = Vec::new();
    Ok(clap_mangen::Man::new(page).render(&mut out).map(|()| out))
}
