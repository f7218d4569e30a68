//! `.env.bak` holds the old token and `.env.lock` stays behind: a typical `.gitignore` line
//! `.env` covers neither. When the env file is in a git work tree and git would not ignore
//! them, say which lines to add (git itself decides, so every rule it knows applies).

use crate::envfile::atomic;
use std::path::Path;
use std::process::{Command, Stdio};

/// The warning, when one is due; `None` outside a work tree or without git.
pub fn unignored_files_warning(target: &Path) -> Option<String> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let inside = git(dir, &["rev-parse", "--is-inside-work-tree"])?;
    if inside != 0 {
        return None;
    }
    let unignored: Vec<String> = [atomic::backup_path(target), atomic::lock_path(target)]
        .iter()
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // 1: not ignored; 0: ignored; anything else: git could not say.
            git(dir, &["check-ignore", "-q", "--no-index", "--", &name]) == Some(1)
        })
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if unignored.is_empty() {
        return None;
    }
    Some(format!(
        "git does not ignore {} beside {} (the backup holds the old token): add {} to .gitignore",
        unignored.join(" and "),
        target.display(),
        unignored
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" and ")
    ))
}

/// git's exit code in `dir`, or `None` when git cannot be run.
fn git(dir: &Path, args: &[&str]) -> Option<i32> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()
        .and_then(|s| s.code())
}
