//! The user's env file: the lossless model, reading it as the application's readers do,
//! and rewriting one variable with the locked, atomic write.

pub mod atomic;
mod model;
mod read;
mod rewrite;

pub use model::{Assignment, EnvFile, ParseError, Quote, SetError};
pub use read::{LoadedEnvFile, load, read_values, read_values_noting};
pub use rewrite::{Written, check_writable, write_token};
