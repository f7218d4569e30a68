//! The report of a write: `rotate`, `refresh` and `mint` (their checks, the write, the
//! restart and the proof, and for `mint` what became of the old token), and the check rows
//! it shares with `doctor`.

use super::check::FailureInfo;
use crate::exit::{ExitStatus, Failure};
use crate::secret::Secret;
use serde::Serialize;

/// A store's version as its JSON shows it: Vault's number, Kubernetes' opaque
/// `resourceVersion`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum StoreVersion {
    Number(u64),
    Resource(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplaceStatus {
    Rotated,
    Refreshed,
    Minted,
    Unchanged,
    Rejected,
    DryRun,
    Error,
}

/// How one check ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Warn,
    Fail,
    Skip,
}

/// One row of a checklist: a new token's validation, or doctor's.
#[derive(Clone, Debug, Serialize)]
pub struct CheckRow {
    pub name: &'static str,
    pub status: Outcome,
    pub detail: String,
    pub hint: Option<String>,
}

impl CheckRow {
    pub fn new(name: &'static str, status: Outcome, detail: impl Into<String>) -> Self {
        CheckRow {
            name,
            status,
            detail: detail.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

/// `{masked, fingerprint}`
#[derive(Clone, Debug, Serialize)]
pub struct Shown {
    pub masked: String,
    pub fingerprint: String,
}

impl Shown {
    pub fn of(secret: &Secret) -> Self {
        Shown {
            masked: secret.masked(),
            fingerprint: secret.fingerprint(),
        }
    }
}

/// `--restart`: `{exit_code, message, success}`.
#[derive(Clone, Debug, Serialize)]
pub struct RestartOutcome {
    pub exit_code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub success: bool,
}

/// `--verify-url`: `{detail, seconds, success, url}`.
#[derive(Clone, Debug, Serialize)]
pub struct VerifyOutcome {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub seconds: f64,
    pub success: bool,
    pub url: String,
}

/// What only `mint` reports, beside rotate's fields: the new token's expiry, and what
/// became of the old token and of a minted token that was not written.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MintFacts {
    /// When the new token expires (RFC 3339 UTC); `null` when it never expires or is unknown.
    pub expires_at: Option<String>,
    /// `--revoke-old`: whether the old token was revoked and confirmed dead; `null` when
    /// not asked, or when there was no live old token.
    pub revoked: Option<bool>,
    /// What became of the old token, in words.
    pub revocation: Option<String>,
    /// A minted token that did not end up written: whether it was revoked and confirmed
    /// dead (absent when the new token was written, or none was minted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_revoked: Option<bool>,
}

/// What the write did, for the human renderer.
#[derive(Clone, Debug)]
pub struct WriteFacts {
    /// The file written (a symlink's target), or the store's URI.
    pub target: String,
    pub appended: bool,
    pub in_place: bool,
    /// A store's version now, as printed (`version 4`).
    pub version: Option<String>,
    /// Why there is no backup, when there is none.
    pub no_backup: &'static str,
    /// A store's way to restart the app, for the closing note.
    pub restart_example: Option<String>,
}

/// The target a report is about, as the user named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetName {
    EnvFile(String),
    Store(String),
}

#[derive(Clone, Debug, Serialize)]
pub struct RotateReport {
    pub status: ReplaceStatus,
    /// The env file, for an env-file target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env_file: Option<String>,
    /// The store's URI, for a Vault or Kubernetes target (instead of `env_file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    pub variable: Option<String>,
    /// The backup file, or the store's previous version (`version 3`).
    pub backup: Option<String>,
    /// A store's version after the write: Vault's number, Kubernetes' resourceVersion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<StoreVersion>,
    /// The version the write replaced (what `backup` names, for Vault).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_version: Option<StoreVersion>,
    pub old: Option<Shown>,
    pub new: Option<Shown>,
    /// `mint` only: `expires_at`, `revoked`, `revocation` (and `new_revoked`).
    #[serde(flatten)]
    pub mint: Option<MintFacts>,
    pub validation: Vec<CheckRow>,
    pub lines: Vec<usize>,
    pub restart: Option<RestartOutcome>,
    /// `--verify-url`: whether the app showed the new token.
    pub verify: Option<VerifyOutcome>,
    pub error: Option<FailureInfo>,
    pub warnings: Vec<String>,
    /// `rotate --dry-run`: the masked diff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// `refresh --dry-run`: what would happen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// `unchanged`: why nothing was done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The Graph URL, when it is not Meta's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_url: Option<String>,
    #[serde(skip)]
    pub exit: ExitStatus,
    #[serde(skip)]
    pub failure: Option<Failure>,
    #[serde(skip)]
    pub written: Option<WriteFacts>,
    /// `unchanged` because the user said no: what was not done.
    #[serde(skip)]
    pub cancelled: Option<&'static str>,
}

impl RotateReport {
    /// A report about `target`, where nothing has happened yet.
    pub fn new(target: TargetName, variable: Option<String>) -> Self {
        let (env_file, store) = match target {
            TargetName::EnvFile(path) => (Some(path), None),
            TargetName::Store(uri) => (None, Some(uri)),
        };
        RotateReport {
            status: ReplaceStatus::Error,
            env_file,
            store,
            variable,
            backup: None,
            version: None,
            previous_version: None,
            old: None,
            new: None,
            mint: None,
            validation: Vec::new(),
            lines: Vec::new(),
            restart: None,
            verify: None,
            error: None,
            warnings: Vec::new(),
            diff: None,
            plan: None,
            reason: None,
            graph_url: None,
            exit: ExitStatus::Success,
            failure: None,
            written: None,
            cancelled: None,
        }
    }

    /// The run stopped: `status: error` (or `rejected` when `failure` exits 1).
    pub fn fail(mut self, status: ReplaceStatus, failure: Failure) -> Self {
        self.status = status;
        // A write that failed after the backup was made names it, so it can be restored.
        if let Some(backup) = &failure.backup {
            self.backup = Some(backup.display().to_string());
        }
        self.exit = failure.exit;
        self.error = Some(FailureInfo::from(&failure));
        self.failure = Some(failure);
        self
    }

    pub fn errored(failure: Failure, target: TargetName) -> Self {
        RotateReport::new(target, None).fail(ReplaceStatus::Error, failure)
    }

    /// The env file's path or the store's URI.
    pub fn target(&self) -> &str {
        self.env_file.as_deref().or(self.store.as_deref()).unwrap_or(".env")
    }

    /// The report of a mint: rotate's fields and [`MintFacts`].
    pub fn minting(mut self) -> Self {
        self.mint = Some(MintFacts::default());
        self
    }

    /// The mint facts, created when missing.
    pub fn mint_facts(&mut self) -> &mut MintFacts {
        self.mint.get_or_insert_with(MintFacts::default)
    }
}
