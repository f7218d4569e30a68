//! The env file as a store: `envfile/`'s reader and its locked, atomic writer, seen
//! through the same interface as Vault and Kubernetes.
//!
//! Its precondition differs in kind, not in effect: the edit is made under an advisory
//! lock on the bytes as they are then, so concurrent rotations serialise instead of
//! overwriting each other, and every other byte of the file stays as it was.

use super::{Backup, Written};
use crate::envfile::{self, LoadedEnvFile};
use crate::exit::Result;
use crate::secret::Secret;
use std::path::Path;

/// Read the env file at `path` (see [`envfile::load`]): `None` when it does not exist
/// and need not.
pub fn read(path: &Path, must_exist: bool, keys: &[&str], read_whole: bool) -> Result<Option<LoadedEnvFile>> {
    envfile::load(path, must_exist, keys, read_whole)
}

/// Set `key` to `new` in the env file: locked, backed up, atomic, read back.
pub fn write(path: &Path, key: &str, new: &Secret, backup: bool) -> Result<Written> {
    let written = envfile::write_token(path, key, new, backup)?;
    Ok(Written {
        target: written.target.display().to_string(),
        backup: match written.backup {
            Some(path) => Backup::File(path),
            None => Backup::Skipped,
        },
        lines: written.lines,
        appended: written.appended,
        in_place: written.in_place,
        version: None,
        previous: None,
    })
}
