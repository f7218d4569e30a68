//! One file per subcommand. Each takes its configuration (resolved in `lib.rs`) and its
//! own arguments, and returns a report; none prints its result itself.

pub mod check;
pub mod completions;
pub mod demo;
pub mod doctor;
pub mod fleet;
pub mod inspect;
pub mod mint;
pub mod refresh;
mod replace;
mod revocation;
pub mod revoke;
pub mod rotate;
pub mod send_test;

use crate::config::Config;
use crate::report::TargetName;
use crate::ui::Ui;

pub use fleet::{Fleet, Target};

/// What every command gets besides its arguments.
pub struct Context<'a> {
    pub ui: &'a Ui,
    /// The time of this run: every judgement of expiry uses it.
    pub now: i64,
}

/// How a report names a configuration's target.
pub fn target_name(config: &Config) -> TargetName {
    match config.store.env_path() {
        Some(_) => TargetName::EnvFile(config.target_label()),
        None => TargetName::Store(config.target_label()),
    }
}

/// Warn (stderr) about an env file others can read or other readers would misread;
/// returns the warnings for JSON. Waits for dotenvy's reading of the whole file.
pub fn file_warnings(config: &Config, ui: &Ui) -> Vec<String> {
    let mut out = early_file_warnings(config, ui);
    out.extend(whole_file_warnings(config, ui).0);
    out
}

/// The warnings that need no more than the file's mode, first bytes and keys.
pub fn early_file_warnings(config: &Config, ui: &Ui) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((warning, fix)) = config.permission_warning() {
        ui.warn(&warning);
        ui.hint(&format!("run `{fix}`"));
        out.push(format!("{warning}; fix: {fix}"));
    }
    for note in config
        .env_file
        .iter()
        .flat_map(|f| f.notes.iter())
        .chain(&config.ignored)
    {
        ui.warn(note);
        out.push(note.clone());
    }
    out
}

/// dotenvy's reading of the whole file: notes, and the settings it reads differently.
pub fn whole_file_warnings(config: &Config, ui: &Ui) -> (Vec<String>, Vec<String>) {
    let Some(file) = &config.env_file else {
        return (Vec::new(), Vec::new());
    };
    let (notes, differing) = file.whole_file_notes();
    for note in &notes {
        ui.warn(note);
    }
    (notes, differing)
}
