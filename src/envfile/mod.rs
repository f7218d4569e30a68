//! The user's env file: the lossless model, reading it as the application's readers do,
//! and rewriting one variable with the locked, atomic write.

pub mod atomic;
mod model;
mod read;
mod rewrite;
pub mod safe_read;

pub use model::{Assignment, EnvFile, ParseError, Quote, SetError, split_lines};
pub use read::{LoadedEnvFile, load, read_values, read_values_noting};
pub use rewrite::{Written, check_writable, write_token};

/// A path as a shell command in a hint would need it: quoted unless plainly safe.
pub fn shell_quote(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
