//! Replacing a file the user owns without ever leaving it half-written.
//!
//! Under an advisory lock on `<file>.lock`: back up the old bytes to `<file>.bak` (0600,
//! written atomically too), write the new bytes to a temporary file in the same directory,
//! give it the old file's mode and owner, `fsync`, rename it over the file, `fsync` the
//! directory. A symlink is followed so that its target is updated and the link stays.
//! Where a rename cannot replace the file (a single file bind-mounted into a container
//! gives `EBUSY`; `EXDEV`), the file is rewritten in place, after the backup is safe.

use anyhow::{Context, Result, bail};
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

const TEMP_MARK: &str = ".wa-token-tmp-";

/// An exclusive lock, released when dropped (or when the process dies: flock).
pub struct Lock {
    _file: File,
    pub path: PathBuf,
}

/// The path to write: a symlink's final target, or the path itself.
pub fn resolve_target(path: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path)
            .with_context(|| format!("{} is a symlink whose target does not exist", path.display())),
        _ => Ok(path.to_path_buf()),
    }
}

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let mut name = target
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| ".env".into());
    name.push(suffix);
    target.with_file_name(name)
}

pub fn backup_path(target: &Path) -> PathBuf {
    sibling(target, ".bak")
}

pub fn lock_path(target: &Path) -> PathBuf {
    sibling(target, ".lock")
}

/// Take the lock on `<target>.lock`, waiting for another rotation to finish.
pub fn lock(target: &Path) -> Result<Lock> {
    let path = lock_path(target);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&path)
        .with_context(|| format!("cannot create the lock file {}", path.display()))?;
    file.lock().with_context(|| format!("cannot lock {}", path.display()))?;
    Ok(Lock { _file: file, path })
}

fn parent_dir(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Remove temporary files a killed run left beside `target`. Call only under the lock.
pub fn clean_stale_temps(target: &Path) {
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    // The file's own temporary files and its backup's.
    let prefixes = [format!(".{name}{TEMP_MARK}"), format!(".{name}.bak{TEMP_MARK}")];
    if let Ok(entries) = fs::read_dir(parent_dir(target)) {
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_str()
                .is_some_and(|n| prefixes.iter().any(|p| n.starts_with(p.as_str())))
            {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or(".env");
    let unique = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    parent_dir(target).join(format!(".{name}{TEMP_MARK}{unique}"))
}

fn sync_dir(dir: &Path) {
    // Not every filesystem lets a directory be fsynced; the rename is still atomic.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Write `bytes` to `target` atomically with `mode` (and the owner when given).
/// Returns true when it had to fall back to rewriting in place.
pub fn replace(target: &Path, bytes: &[u8], mode: u32, owner: Option<(u32, u32)>) -> Result<bool> {
    let temp = temp_path(target);
    let result = (|| -> Result<bool> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)
            .with_context(|| format!("cannot create a temporary file in {}", parent_dir(target).display()))?;
        file.write_all(bytes).context("cannot write the temporary file")?;
        let mut owner_kept = true;
        if let Some((uid, gid)) = owner {
            owner_kept = std::os::unix::fs::fchown(&file, Some(uid), Some(gid)).is_ok();
        }
        file.set_permissions(fs::Permissions::from_mode(mode & 0o7777))
            .context("cannot set the file mode")?;
        file.sync_all().context("cannot flush the temporary file")?;
        drop(file);
        if !owner_kept {
            // Renaming would hand the file to us; rewriting in place keeps its owner.
            write_in_place(target, bytes)?;
            return Ok(true);
        }
        match fs::rename(&temp, target) {
            Ok(()) => {
                sync_dir(&parent_dir(target));
                Ok(false)
            }
            Err(e) if matches!(e.kind(), ErrorKind::ResourceBusy | ErrorKind::CrossesDevices) => {
                write_in_place(target, bytes)?;
                Ok(true)
            }
            Err(e) => Err(e).with_context(|| format!("cannot rename the temporary file over {}", target.display())),
        }
    })();
    let _ = fs::remove_file(&temp);
    result
}

fn write_in_place(target: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .open(target)
        .with_context(|| format!("cannot open {} to rewrite it in place", target.display()))?;
    file.write_all(bytes).context("cannot rewrite the file in place")?;
    file.set_len(bytes.len() as u64).context("cannot truncate the file")?;
    file.sync_all().context("cannot flush the file")?;
    Ok(())
}

/// Whether a temporary file can be made beside `target` (where the write makes its own):
/// one is created and removed at once.
pub fn probe_dir(target: &Path) -> Result<()> {
    let temp = temp_path(target);
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)
        .with_context(|| format!("cannot create a temporary file in {}", parent_dir(target).display()))?;
    fs::remove_file(&temp).with_context(|| format!("cannot remove {}", temp.display()))?;
    Ok(())
}

/// Write the backup `<target>.bak` atomically, mode 0600, owned by whoever runs us.
pub fn write_backup(target: &Path, old: &[u8]) -> Result<PathBuf> {
    let backup = backup_path(target);
    if fs::symlink_metadata(&backup).is_ok_and(|m| m.file_type().is_symlink()) {
        bail!(
            "{} is a symlink: refusing to write a backup through it",
            backup.display()
        );
    }
    replace(&backup, old, 0o600, None)?;
    // A backup that existed before with wider permissions is narrowed too.
    fs::set_permissions(&backup, fs::Permissions::from_mode(0o600)).ok();
    Ok(backup)
}

/// Mode and owner of an existing file.
pub fn mode_and_owner(target: &Path) -> Option<(u32, (u32, u32))> {
    let meta = fs::metadata(target).ok()?;
    Some((meta.mode() & 0o7777, (meta.uid(), meta.gid())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_keeps_mode_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join(".env");
        fs::write(&target, "A=1\n").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let (mode, owner) = mode_and_owner(&target).unwrap();
        replace(&target, b"A=2\n", mode, Some(owner)).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"A=2\n");
        assert_eq!(fs::metadata(&target).unwrap().mode() & 0o777, 0o640);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_temps_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join(".env");
        fs::write(dir.path().join(format!("..env{TEMP_MARK}123-4")), "x").unwrap();
        fs::write(dir.path().join(format!("..env.bak{TEMP_MARK}123-5")), "x").unwrap();
        fs::write(dir.path().join("other"), "x").unwrap();
        clean_stale_temps(&target);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("other")]);
    }
}
