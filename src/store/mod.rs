//! Where a target's variables live: an env file, a Vault/OpenBao KV v2 secret, or a
//! Kubernetes Secret, behind one interface.
//!
//! Every store does the same three things: **read** the variables (with the version that
//! was read), **write one key** with a precondition on that version (a concurrent change
//! is a conflict, never an overwrite), and **describe the backup** of what was replaced.
//! The env file keeps its own reader and atomic writer (`envfile/`): its precondition is
//! the lock under which the edit is made on the bytes as they are then.
//!
//! What is read here is every key; `config/` keeps only the application's variables (the
//! trust boundary), and a write puts every other key back exactly as it was read.

pub mod env_file;
pub mod k8s;
pub mod vault;

use crate::exit::{Failure, Result};
use crate::secret::Secret;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What opening a store may use: the process environment (never an env file or a
/// store: the trust boundary), the timeout and `-v`.
pub struct Access<'a> {
    pub env: &'a HashMap<String, String>,
    /// Variables no child process gets (kubectl): the application's, token included.
    pub withheld: &'a [&'a str],
    pub timeout: Duration,
    pub verbose: bool,
}

/// A target's store, ready to read and write.
pub enum Store {
    EnvFile(PathBuf),
    Vault(vault::Vault),
    Kubernetes(k8s::Kubectl),
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.label())
    }
}

impl Store {
    /// Open the store a `--store` URI names: its address and credentials, not yet read.
    pub fn open(uri: &str, access: &Access<'_>) -> Result<Store> {
        match StoreUri::parse(uri)? {
            StoreUri::Vault(address) => vault::Vault::open(uri, address, access).map(Store::Vault),
            StoreUri::Kubernetes(address) => Ok(Store::Kubernetes(k8s::Kubectl::open(uri, address, access))),
        }
    }

    /// The target as the user named it: the path or the URI.
    pub fn label(&self) -> String {
        match self {
            Store::EnvFile(path) => path.display().to_string(),
            Store::Vault(v) => v.uri.clone(),
            Store::Kubernetes(k) => k.uri.clone(),
        }
    }

    /// The env file's path, for an env-file target.
    pub fn env_path(&self) -> Option<&Path> {
        match self {
            Store::EnvFile(path) => Some(path),
            _ => None,
        }
    }

    /// Read a Vault or Kubernetes secret (an env file is read by `env_file::read`, which
    /// keeps its lossless model).
    pub async fn read(&self) -> Result<Option<Snapshot>> {
        match self {
            Store::EnvFile(_) => Ok(None),
            Store::Vault(v) => v.read().await.map(Some),
            Store::Kubernetes(k) => k.read().await.map(Some),
        }
    }

    /// Set `key` to `new`, changing nothing else, if the store still holds what was read
    /// (`read`); for an env file, on the bytes as they are under its lock.
    pub async fn write(&self, read: Option<&Snapshot>, key: &str, new: &Secret, backup: bool) -> Result<Written> {
        match (self, read) {
            (Store::EnvFile(path), _) => env_file::write(path, key, new, backup),
            (Store::Vault(v), Some(read)) => v.write(read, key, new).await,
            (Store::Kubernetes(k), Some(read)) => k.write(read, key, new).await,
            (_, None) => Err(Failure::config(format!(
                "`{}` was not read before the write: nothing was written",
                self.label()
            ))),
        }
    }

    /// How the app is restarted where this store is the usual one, for the note after a
    /// write (`None`: the general note).
    pub fn restart_example(&self) -> Option<String> {
        match self {
            Store::Kubernetes(k) => Some(k.restart_example()),
            _ => None,
        }
    }
}

/// A `--store` URI, parsed (the contract fixes the forms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreUri {
    Vault(vault::Address),
    Kubernetes(k8s::Address),
}

impl StoreUri {
    /// Parse `vault://MOUNT/PATH` or `k8s://NAMESPACE/NAME[?context=CONTEXT]`.
    pub fn parse(text: &str) -> Result<StoreUri> {
        let shown = display_uri(text);
        let bad = |why: &str| Failure::config(format!("`{shown}` is not a store URI: {why}"));
        let (scheme, rest) = text
            .split_once("://")
            .ok_or_else(|| bad("it has no scheme").hint(FORMS_HINT))?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            // Whatever is before the `@` may be a token: it is never echoed (see display_uri).
            return Err(
                Failure::config(format!("`{shown}`: store URIs never carry credentials"))
                    .hint("Vault reads VAULT_TOKEN or ~/.vault-token; kubectl uses your kubeconfig"),
            );
        }
        if rest.contains('#') {
            return Err(bad("it has a fragment (`#…`)"));
        }
        match scheme {
            "vault" => vault::Address::parse(rest)
                .map(StoreUri::Vault)
                .map_err(|why| bad(&why)),
            "k8s" => k8s::Address::parse(rest)
                .map(StoreUri::Kubernetes)
                .map_err(|why| bad(&why)),
            _ => Err(bad(&format!("unknown scheme `{scheme}`")).hint(FORMS_HINT)),
        }
    }
}

const FORMS_HINT: &str = "give vault://MOUNT/PATH (a KV version 2 secret) or k8s://NAMESPACE/NAME[?context=CONTEXT]";

/// A store URI as it may be printed: anything before an `@` (credentials) and the values
/// of query parameters other than `context` are replaced by `…`.
pub fn display_uri(text: &str) -> String {
    let (head, query) = match text.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (text, None),
    };
    let mut out = match head.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority.rsplit_once('@').map(|(_, h)| format!("…@{h}"));
            format!("{scheme}://{}{path}", host.unwrap_or_else(|| authority.to_string()))
        }
        None => head.to_string(),
    };
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some(("context", v)) => format!("context={v}"),
                Some((k, _)) => format!("{k}=…"),
                None => pair.to_string(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

/// Every key of a secret with its value as stored. Printed by name only: the values are
/// the team's other secrets too.
#[derive(Clone, Default, PartialEq)]
pub struct Data(pub Map<String, Value>);

impl std::fmt::Debug for Data {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Data")
            .field("keys", &self.0.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Data {
    /// The values a reader of variables sees: strings as they are, numbers and booleans
    /// as their text; anything else (a nested object) is no variable.
    pub fn variables(&self) -> HashMap<String, String> {
        self.0
            .iter()
            .filter_map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return None,
                };
                Some((k.clone(), text))
            })
            .collect()
    }
}

/// The version a write must still find: the optimistic-concurrency precondition.
#[derive(Clone, Debug, PartialEq)]
pub enum Version {
    /// A KV v2 version number (`cas`); 0 for a secret that never existed, which Vault
    /// reads as "create only".
    Vault(u64),
    /// A Secret's `metadata.resourceVersion`; `None` when there is no Secret yet.
    Kubernetes(Option<String>),
}

impl Version {
    /// As printed: `version 3`, `resourceVersion 812`.
    pub fn describe(&self) -> Option<String> {
        match self {
            Version::Vault(0) | Version::Kubernetes(None) => None,
            Version::Vault(n) => Some(format!("version {n}")),
            Version::Kubernetes(Some(rv)) => Some(format!("resourceVersion {rv}")),
        }
    }
}

/// A secret in Vault or Kubernetes as read: every key, the version, what to warn about.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The URI as given (never with credentials: those are refused).
    pub uri: String,
    /// Whether the secret exists (rotate may create it with `--create`).
    pub exists: bool,
    pub data: Data,
    pub version: Version,
    /// Kubernetes: the Secret object as read, written back with one key changed.
    pub object: Option<Data>,
    /// Why there is no secret, as the error to give unless it may be created.
    pub missing: Option<Failure>,
    /// Things the user should hear about (a Vault token about to expire).
    pub warnings: Vec<String>,
}

/// What was kept of the value a write replaced.
#[derive(Clone, Debug, PartialEq)]
pub enum Backup {
    /// The env file's previous bytes, in `<env file>.bak`.
    File(PathBuf),
    /// `--no-backup` on an env file.
    Skipped,
    /// The previous version, kept in the KV v2 secret's own history.
    VaultVersion(u64),
    /// Kubernetes keeps no history of a Secret.
    NoHistory,
    /// There was nothing before (a secret created by this write).
    Nothing,
}

impl Backup {
    /// The JSON `backup` field and the human `backup` row.
    pub fn describe(&self) -> Option<String> {
        match self {
            Backup::File(path) => Some(path.display().to_string()),
            Backup::VaultVersion(n) => Some(format!("version {n}")),
            Backup::Skipped | Backup::NoHistory | Backup::Nothing => None,
        }
    }

    /// Why there is no backup, for people.
    pub fn absence(&self) -> &'static str {
        match self {
            Backup::NoHistory => "none: Kubernetes keeps no history of a Secret",
            Backup::Nothing => "none: the secret did not exist before",
            _ => "none (--no-backup)",
        }
    }
}

/// What a write did, whichever the store.
#[derive(Clone, Debug)]
pub struct Written {
    /// The env file written (a symlink's target), or the store URI.
    pub target: String,
    pub backup: Backup,
    /// Env file: the lines assigned.
    pub lines: Vec<usize>,
    /// The key was not there before.
    pub appended: bool,
    /// The env file had to be rewritten in place (no rename).
    pub in_place: bool,
    /// Vault, Kubernetes: the version now stored, and the one read before.
    pub version: Option<Version>,
    pub previous: Option<Version>,
}

/// The conflict every store reports the same way: nothing was overwritten.
pub fn conflict(uri: &str, detail: &str) -> Failure {
    Failure::config(format!(
        "`{uri}` changed since it was read ({detail}): nothing was written, run again"
    ))
    .hint("another writer updated the secret while wa-token validated the new token; run the command again to write on top of the new version")
}

/// Register the values of `secret_keys` as secrets, so that no output can show them
/// (the last scrub of every printed line masks registered values).
pub fn register_secrets(values: &Data, secret_keys: &[&str]) {
    for (key, value) in &values.0 {
        if let Value::String(s) = value
            && secret_keys.contains(&key.as_str())
        {
            let _ = Secret::new(s.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_parse_into_their_parts() {
        match StoreUri::parse("vault://secret/bots/acme").unwrap() {
            StoreUri::Vault(a) => assert_eq!((a.mount.as_str(), a.path.as_str()), ("secret", "bots/acme")),
            other => panic!("{other:?}"),
        }
        match StoreUri::parse("k8s://bots/acme?context=arn%3Aaws%3Aeks%3Aeu%3A1%3Acluster%2Fx").unwrap() {
            StoreUri::Kubernetes(a) => {
                assert_eq!((a.namespace.as_str(), a.name.as_str()), ("bots", "acme"));
                assert_eq!(a.context.as_deref(), Some("arn:aws:eks:eu:1:cluster/x"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_uris_are_refused_without_echoing_credentials() {
        for uri in [
            "vault://s.SECRETTOKEN@secret/x",
            "vault://user:SECRETPASS@secret/x",
            "k8s://admin:SECRETPASS@bots/acme",
        ] {
            let f = StoreUri::parse(uri).unwrap_err();
            assert!(f.message.contains("credentials"), "{}", f.message);
            assert!(!f.message.contains("SECRET"), "{}", f.message);
        }
        for uri in [
            "vault://secret",
            "vault://secret/",
            "vault:///x",
            "vault://secret/a//b",
            "vault://secret/../x",
            "vault://secret/x?token=SECRET",
            "k8s://bots",
            "k8s://bots/acme/extra",
            "k8s://Bots/acme",
            "k8s://bots/acme?token=SECRET",
            "s3://bucket/x",
            "secret/x",
        ] {
            let f = StoreUri::parse(uri).unwrap_err();
            assert!(!f.message.contains("SECRET"), "{uri}: {}", f.message);
        }
    }

    #[test]
    fn printed_uris_hide_credentials_and_query_values() {
        assert_eq!(display_uri("vault://tok@secret/x"), "vault://…@secret/x");
        assert_eq!(
            display_uri("k8s://a/b?context=c&token=t"),
            "k8s://a/b?context=c&token=…"
        );
        assert_eq!(display_uri("vault://secret/x"), "vault://secret/x");
    }

    #[test]
    fn variables_are_the_scalar_values() {
        let data = Data(
            serde_json::json!({"A": "x", "N": 3, "B": true, "O": {"k": 1}})
                .as_object()
                .unwrap()
                .clone(),
        );
        let vars = data.variables();
        assert_eq!(vars["A"], "x");
        assert_eq!(vars["N"], "3");
        assert_eq!(vars["B"], "true");
        assert!(!vars.contains_key("O"));
        assert!(!format!("{data:?}").contains('x'));
    }
}
