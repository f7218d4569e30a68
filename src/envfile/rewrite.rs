//! Rewriting the env file with a new token: under the lock, on the bytes as they are
//! then, proven in memory, backed up, replaced atomically, read back.

use super::atomic;

use super::model::EnvFile;
use super::read::read_values;
use super::safe_read;
use crate::exit::{Failure, Result};
use crate::secret::Secret;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// What the write did.
#[derive(Debug, Clone)]
pub struct Written {
    pub target: PathBuf,
    pub backup: Option<PathBuf>,
    pub lines: Vec<usize>,
    pub appended: bool,
    pub in_place: bool,
}

/// Set `variable` to `new` in the env file: locked, backed up, atomic, read back.
///
/// The edit is made on the bytes read under the lock, so that concurrent rotations
/// serialise instead of overwriting each other's changes.
pub fn write_token(env_path: &Path, variable: &str, new: &Secret, backup: bool) -> Result<Written> {
    let io = |e: anyhow::Error| Failure::io(format!("{e:#}"));
    let target = atomic::resolve_target(env_path).map_err(io)?;
    let _lock = atomic::lock(&target).map_err(io)?;
    atomic::clean_stale_temps(&target);

    // A regular file of at most 4 MiB (never a FIFO or a device), as config.rs read it.
    let old = match safe_read::read_regular(&target) {
        Ok(read) => Some(read.bytes),
        Err(e) if e.is_not_found() => None,
        Err(e) => return Err(e.into_failure(&target)),
    };
    // A file its owner made read-only is not ours to replace, even though a rename could.
    if old.is_some()
        && let Err(e) = std::fs::OpenOptions::new()
            .append(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(&target)
    {
        return Err(Failure::io(format!("{} is not writable: {e}", target.display()))
            .hint("make it writable (`chmod u+w`) or run wa-token as the file's owner; nothing was changed"));
    }
    let old_bytes = old.clone().unwrap_or_default();
    let original = EnvFile::parse(old_bytes.clone())
        .map_err(|e| Failure::config(format!("cannot parse {}: {e}", target.display())))?;
    let mut model = original.clone();
    let existed = !model.find(variable).is_empty();
    let lines = model
        .set(variable, new.expose())
        .map_err(|e| Failure::config(format!("cannot set `{variable}`: {e}")))?;

    // Prove the edit in memory first: every other assignment is byte-for-byte the same,
    // and dotenvy reads the new token from the changed lines.
    let token_read = read_values(&model.lines_of(&[variable]))
        .map_err(|e| Failure::config(format!("the edited file would not parse ({e}); nothing was written")))?;
    if !edit_is_exact(&original, &model, variable, new.expose())
        || token_read.get(variable).map(String::as_str) != Some(new.expose())
    {
        return Err(
            Failure::config("the edited file would not read back as intended; nothing was written")
                .hint("please report this with the file's layout (not its values)"),
        );
    }
    let new_bytes = model.into_bytes();

    let (mode, owner) = match atomic::mode_and_owner(&target) {
        Some((mode, owner)) => (mode, Some(owner)),
        None => (0o600, None),
    };
    let backup_path = match (&old, backup) {
        (Some(bytes), true) => Some(atomic::write_backup(&target, bytes).map_err(io)?),
        _ => None,
    };
    // From here on, every failure names the backup: it holds the file as it was.
    let kept = |f: Failure| with_backup(f, &target, backup_path.as_deref());
    let in_place = atomic::replace(&target, &new_bytes, mode, owner).map_err(|e| kept(io(e)))?;

    // Read back: the bytes proven above, and nothing else.
    let written =
        std::fs::read(&target).map_err(|e| kept(Failure::io(format!("cannot read {} back: {e}", target.display()))))?;
    if written != new_bytes {
        return Err(kept(Failure::io(format!(
            "{} does not hold the new token after the write",
            target.display()
        ))));
    }
    Ok(Written {
        target,
        backup: backup_path,
        lines,
        appended: !existed,
        in_place,
    })
}

/// A failure after the backup was written: it says where the previous file is, and how
/// to put it back.
fn with_backup(failure: Failure, target: &Path, backup: Option<&Path>) -> Failure {
    let Some(backup) = backup else {
        return failure;
    };
    let mut failure = failure.with_backup(backup);
    failure.message = format!("{}; the previous file is kept in {}", failure.message, backup.display());
    failure.hint(format!(
        "if {} is damaged, restore it: cp {} {}",
        target.display(),
        super::shell_quote(&backup.display().to_string()),
        super::shell_quote(&target.display().to_string())
    ))
}

/// Whether the env file could be written now, decided before something irreversible (a
/// token minted at Meta): its lock can be taken, the file opened for writing, and a
/// temporary file made beside it. Nothing is changed (the lock file may stay behind, empty,
/// as after any write).
pub fn check_writable(env_path: &Path) -> Result<()> {
    let io = |e: anyhow::Error| Failure::io(format!("{e:#}"));
    let target = atomic::resolve_target(env_path).map_err(io)?;
    let lock = atomic::lock(&target).map_err(io)?;
    if let Err(e) = std::fs::OpenOptions::new().append(true).open(&target) {
        return Err(Failure::io(format!("{} is not writable: {e}", target.display()))
            .hint("make it writable (`chmod u+w`) or run wa-token as the file's owner; nothing was changed"));
    }
    atomic::probe_dir(&target).map_err(io)?;
    drop(lock);
    Ok(())
}

/// Whether `after` is `before` with `key` set to `value` and nothing else changed: the same
/// assignments in the same order with the same raw values, or one appended.
fn edit_is_exact(before: &EnvFile, after: &EnvFile, key: &str, value: &str) -> bool {
    let (old, new) = (before.assignments(), after.assignments());
    let appended = new.len() == old.len() + 1;
    if new.len() != old.len() && !appended {
        return false;
    }
    let same = old.iter().zip(new).all(|(o, n)| {
        o.key == n.key
            && if o.key == key {
                after.value(n) == value
            } else {
                o.quote == n.quote && before.raw_value(o) == after.raw_value(n)
            }
    });
    let tail_ok = !appended || new.last().is_some_and(|n| n.key == key && after.value(n) == value);
    same && tail_ok
}
