//! Replacing a file the user owns without ever leaving it half-written.
//!
//! Under an advisory lock on `<file>.lock`: back up the old bytes to `<file>.bak` (0600,
//! written atomically too), write the new bytes to a temporary file in the same directory,
//! give it the old file's mode and owner, `fsync`, rename it over the file, `fsync` the
//! directory. A symlink is followed so that its target is updated and the link stays.
//! Where a rename cannot replace the file (a single file bind-mounted into a container
//! gives `EBUSY`; `EXDEV`), the file is rewritten in place, after the backup is safe: the
//! space a longer file needs is reserved first, so that a full disk fails before a byte
//! changes, and any failure after that puts the previous bytes back.
//!
//! Nothing is written through a symlink planted beside the file: the lock file and an
//! in-place rewrite are opened with `O_NOFOLLOW`, temporary files with `O_EXCL`, and the
//! backup is refused when it is a symlink. An env-file symlink is followed only when
//! [`safe_read::check_symlink_owner`] allows it.

use super::safe_read;
use anyhow::{Context, Result, bail};
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

const TEMP_MARK: &str = ".wa-token-tmp-";

/// An exclusive lock, released when dropped (or when the process dies: flock).
pub struct Lock {
    _file: File,
    pub path: PathBuf,
}

/// The path to write: a symlink's final target, or the path itself. A symlink owned by
/// someone else than the caller and the target's owner is refused.
pub fn resolve_target(path: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            safe_read::check_symlink_owner(path).map_err(|e| anyhow::anyhow!("{e}"))?;
            fs::canonicalize(path)
                .with_context(|| format!("{} is a symlink whose target does not exist", path.display()))
        }
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

/// Take the lock on `<target>.lock`, waiting for another rotation to finish. The lock file
/// is never opened through a symlink (which could create or truncate a file elsewhere) and
/// must be a regular file (`O_NONBLOCK`: a FIFO planted there cannot block the open).
pub fn lock(target: &Path) -> Result<Lock> {
    let path = lock_path(target);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(&path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                anyhow::anyhow!("the lock file {} is a symlink: refusing to follow it", path.display())
            } else {
                anyhow::Error::new(e).context(format!("cannot create the lock file {}", path.display()))
            }
        })?;
    let meta = file
        .metadata()
        .with_context(|| format!("cannot inspect the lock file {}", path.display()))?;
    if !meta.file_type().is_file() {
        bail!(
            "the lock file {} is not a regular file: refusing to use it",
            path.display()
        );
    }
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
            .custom_flags(libc::O_NOFOLLOW)
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

/// The largest file rewritten in place: its previous bytes are kept in memory to put back.
const MAX_IN_PLACE: u64 = 64 * 1024 * 1024;

/// Rewrite `target` in place without ever leaving it shorter or mixed: reserve the space a
/// longer content needs before the first byte changes (a full disk fails here, with the
/// file untouched), overwrite, truncate only at the end, flush; on any failure after the
/// reservation, put the previous bytes back.
fn write_in_place(target: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(target)
        .with_context(|| format!("cannot open {} to rewrite it in place", target.display()))?;
    let meta = file.metadata().context("cannot inspect the file")?;
    if !meta.file_type().is_file() {
        bail!("{} is not a regular file: refusing to rewrite it", target.display());
    }
    if meta.len() > MAX_IN_PLACE {
        bail!("{} is too large to rewrite in place", target.display());
    }
    let mut previous = Vec::new();
    file.read_to_end(&mut previous)
        .with_context(|| format!("cannot read {} before rewriting it", target.display()))?;
    let old_len = previous.len() as u64;
    let new_len = bytes.len() as u64;

    if new_len > old_len
        && let Err(e) = reserve(&file, old_len, &bytes[previous.len()..])
    {
        // Nothing was overwritten; drop whatever part of the reservation was made.
        let _ = file.set_len(old_len);
        return Err(e).with_context(|| {
            format!(
                "cannot make room for the new content of {} (a full disk?): the file was not changed",
                target.display()
            )
        });
    }
    let written = file
        .write_all_at(bytes, 0)
        .and_then(|()| {
            if new_len < old_len {
                file.set_len(new_len)
            } else {
                Ok(())
            }
        })
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        let restored = file
            .write_all_at(&previous, 0)
            .and_then(|()| file.set_len(old_len))
            .and_then(|()| file.sync_all());
        return match restored {
            Ok(()) => Err(anyhow::Error::new(e).context(format!(
                "cannot rewrite {} in place: its previous content was put back",
                target.display()
            ))),
            Err(r) => Err(anyhow::Error::new(e).context(format!(
                "cannot rewrite {} in place, and putting its previous content back failed too ({r}): it may be damaged",
                target.display()
            ))),
        };
    }
    Ok(())
}

/// Reserve the blocks for `tail`, the part of the new content past the file's current end
/// (`old_len`), without changing what the file holds: `fallocate` where the filesystem has
/// it (keeping the size, so that a crash leaves no trailing zeros), else by writing the tail
/// past the end first (a failure then shortens nothing: the caller truncates back).
fn reserve(file: &File, old_len: u64, tail: &[u8]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let len = tail.len() as libc::off_t;
        // SAFETY: a plain system call on a descriptor we own; no memory is passed.
        let r = unsafe { libc::fallocate(file.as_raw_fd(), libc::FALLOC_FL_KEEP_SIZE, old_len as libc::off_t, len) };
        if r == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if !matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::ENOSYS | libc::EINVAL)) {
            return Err(e);
        }
    }
    file.write_all_at(tail, old_len)?;
    // Where space is only claimed when data reaches the disk (NFS), claim it now.
    file.sync_data()
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
    // A backup that existed before with wider permissions (kept by an in-place rewrite) is
    // narrowed too, through a descriptor that cannot be a symlink's.
    if let Ok(file) = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(&backup)
        && file.metadata().is_ok_and(|m| m.file_type().is_file())
    {
        file.set_permissions(fs::Permissions::from_mode(0o600)).ok();
    }
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
