//! Settings resolved once (`settings.rs`), and the configuration of each target: the
//! application's variables, read from its env file or secret store (`store/`), or the
//! process environment.
//!
//! Precedence for every value: flag, then env file (or store), then process environment,
//! then default. The env file or store is read as data, never loaded into the process
//! environment, and only the application's variables are taken from it (the trust
//! boundary).

pub mod fleet;
mod settings;

pub use fleet::Fleet;
pub use settings::{Location, Settings};

use crate::envfile::LoadedEnvFile;
use crate::exit::{Failure, Result};
use crate::secret::Secret;
use crate::store::{self, Access, Snapshot, Store};
use reqwest::Url;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub const DEFAULT_TOKEN_VAR: &str = "WHATSAPP_API_TOKEN";
pub const TOKEN_ALIASES: &[&str] = &[
    "WHATSAPP_TOKEN",
    "WHATSAPP_ACCESS_TOKEN",
    "CLOUD_API_ACCESS_TOKEN",
    "WA_TOKEN",
];
pub const DEFAULT_GRAPH_URL: &str = "https://graph.facebook.com";
pub const DEFAULT_GRAPH_VERSION: &str = "v25.0";
pub const DEFAULT_TIMEOUT_SECS: f64 = 20.0;
pub const REQUIRED_SCOPES: &[&str] = &["whatsapp_business_messaging", "whatsapp_business_management"];
/// The application's variables besides the token's names: all an env file may give.
const APP_VARIABLES: &[&str] = &[
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_BUSINESS_ACCOUNT_ID",
    "WHATSAPP_APP_ID",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_TEST_RECIPIENT",
];

/// Where a value was found, for "token from .env line 3".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    EnvFile {
        path: PathBuf,
        line: Option<usize>,
    },
    /// A Vault or Kubernetes secret, by its URI.
    Store {
        uri: String,
    },
    Environment,
}

impl Source {
    pub fn describe(&self) -> String {
        match self {
            Source::EnvFile { path, line: Some(line) } => format!("{} line {line}", path.display()),
            Source::EnvFile { path, line: None } => path.display().to_string(),
            Source::Store { uri } => uri.clone(),
            Source::Environment => "environment".to_string(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Token {
    pub secret: Secret,
    pub variable: String,
    pub source: Source,
}

#[derive(Clone, Debug)]
pub struct AppCredentials {
    pub app_id: String,
    pub secret: Secret,
}

/// A Vault or Kubernetes secret as read: the snapshot a write starts from, and the
/// application's variables in it.
#[derive(Clone)]
pub struct StoredSecret {
    pub snapshot: Snapshot,
    /// The application's variables only (the trust boundary).
    pub values: HashMap<String, String>,
}

impl std::fmt::Debug for StoredSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut keys: Vec<&String> = self.values.keys().collect();
        keys.sort();
        f.debug_struct("StoredSecret")
            .field("uri", &self.snapshot.uri)
            .field("version", &self.snapshot.version)
            .field("keys", &keys)
            .finish()
    }
}

/// The configuration of one target: the settings, and the application's variables read
/// from its env file or store (or the process environment).
#[derive(Clone)]
pub struct Config {
    pub settings: Arc<Settings>,
    /// Where the variables live, and where a write goes.
    pub store: Arc<Store>,
    /// `None` when the env file does not exist (allowed unless named explicitly), and
    /// for a store.
    pub env_file: Option<LoadedEnvFile>,
    /// A Vault or Kubernetes target's secret as read (`exists: false` when rotate may
    /// create it).
    pub stored: Option<StoredSecret>,
    /// The token variable the user asked for, or the default name.
    pub token_var: String,
    /// Whether the name was chosen explicitly (no alias fallback then).
    pub token_var_explicit: bool,
    pub graph_url: Url,
    pub graph_version: String,
    pub timeout: Duration,
    pub verbose: bool,
    pub phone_number_id: Option<String>,
    pub business_account_id: Option<String>,
    pub app: Option<AppCredentials>,
    pub test_recipient: Option<String>,
    /// Lines of the env file (keys of the store) that were ignored (tool settings,
    /// proxies…), and what the store warned about: warnings.
    pub ignored: Vec<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("settings", &self.settings)
            .field("store", &self.store)
            .field("env_file", &self.env_file)
            .field("stored", &self.stored)
            .field("token_var", &self.token_var)
            .field("phone_number_id", &self.phone_number_id)
            .field("business_account_id", &self.business_account_id)
            .field("app", &self.app)
            .finish_non_exhaustive()
    }
}

/// Which env-file situations a command accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum EnvFileNeed {
    /// Read it if it exists; an explicitly named missing file is an error.
    Optional,
    /// rotate: a missing file is fine (it will be created).
    MayBeCreated,
}

/// Variables an env file may hold that wa-token must not take from it (the contract's
/// trust boundary): they could send the token elsewhere or choose what is sent.
fn is_outside_trust_boundary(key: &str) -> bool {
    const EXACT: &[&str] = &[
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
        "KUBECONFIG",
    ];
    key.starts_with("WA_TOKEN_") || key.starts_with("VAULT_") || EXACT.contains(&key)
}

impl Config {
    /// Read the application's variables where `location` says they live.
    pub async fn load(settings: &Arc<Settings>, location: &Location, need: EnvFileNeed) -> Result<Config> {
        match location {
            Location::EnvFile(path) => Config::load_env_file(settings, path, need),
            // Every failure to read a store is about the target, as an env file's is.
            Location::Store(uri) => Config::load_store(settings, uri, need)
                .await
                .map_err(Failure::about_env_file),
        }
    }

    /// Read the application's variables for the env file at `path`.
    fn load_env_file(settings: &Arc<Settings>, path: &Path, need: EnvFileNeed) -> Result<Config> {
        let token = token_var(settings);
        let keys = variable_names(&token.0);
        let env_file = store::env_file::read(
            path,
            settings.env_file_named && need == EnvFileNeed::Optional,
            &keys,
            // rotate proves its own edit; the others report what dotenvy makes of the file.
            need == EnvFileNeed::Optional,
        )?;
        let ignored = env_file.as_ref().map(ignored_lines).unwrap_or_default();
        if let Some(file) = &env_file {
            register_token_values(file, &keys);
        }
        let values = env_file.as_ref().map(|f| f.values.clone()).unwrap_or_default();
        let store = Store::EnvFile(path.to_path_buf());
        let mut config = Config::assemble(settings, store, &values, ignored, token);
        config.env_file = env_file;
        Ok(config)
    }

    /// Read the application's variables from a Vault or Kubernetes secret.
    async fn load_store(settings: &Arc<Settings>, uri: &str, need: EnvFileNeed) -> Result<Config> {
        let token = token_var(settings);
        let keys = variable_names(&token.0);
        let access = Access {
            env: &settings.process_env,
            withheld: &keys,
            timeout: settings.timeout,
            verbose: settings.verbose,
        };
        let store = Store::open(uri, &access)?;
        let snapshot = store
            .read()
            .await?
            .ok_or_else(|| Failure::config(format!("`{uri}` cannot be read")))?;
        if let Some(missing) = snapshot.missing.clone().filter(|_| need == EnvFileNeed::Optional) {
            return Err(missing.hint(format!("`wa-token rotate --store {uri} --create` creates it")));
        }
        let secret_keys: Vec<&str> = keys.iter().copied().filter(|k| is_secret_key(k, &keys)).collect();
        store::register_secrets(&snapshot.data, &secret_keys);
        let mut ignored = ignored_keys(&snapshot);
        ignored.extend(snapshot.warnings.iter().cloned());
        let values: HashMap<String, String> = snapshot
            .data
            .variables()
            .into_iter()
            .filter(|(k, _)| keys.contains(&k.as_str()))
            .collect();
        let mut config = Config::assemble(settings, store, &values, ignored, token);
        config.stored = Some(StoredSecret { snapshot, values });
        Ok(config)
    }

    /// A configuration from the variables read (`values`), then the process environment;
    /// `token` is the token variable's name and whether it was asked for.
    fn assemble(
        settings: &Arc<Settings>,
        store: Store,
        values: &HashMap<String, String>,
        ignored: Vec<String>,
        token: (String, bool),
    ) -> Config {
        let env = &settings.process_env;
        let lookup = |name: &str| -> Option<String> {
            values
                .get(name)
                .or_else(|| env.get(name))
                .filter(|v| !v.is_empty())
                .cloned()
        };
        let app = match (lookup("WHATSAPP_APP_ID"), lookup("WHATSAPP_APP_SECRET")) {
            (Some(app_id), Some(secret)) => Some(AppCredentials {
                app_id: app_id.trim().to_string(),
                secret: Secret::new(secret.trim()),
            }),
            _ => None,
        };
        Config {
            phone_number_id: settings
                .phone_number_id
                .clone()
                .or_else(|| lookup("WHATSAPP_PHONE_NUMBER_ID").map(|s| s.trim().to_string())),
            business_account_id: lookup("WHATSAPP_BUSINESS_ACCOUNT_ID").map(|s| s.trim().to_string()),
            test_recipient: lookup("WHATSAPP_TEST_RECIPIENT"),
            store: Arc::new(store),
            env_file: None,
            stored: None,
            token_var: token.0,
            token_var_explicit: token.1,
            graph_url: settings.graph_url.clone(),
            graph_version: settings.graph_version.clone(),
            timeout: settings.timeout,
            verbose: settings.verbose,
            app,
            ignored,
            settings: Arc::clone(settings),
        }
    }

    /// The target as the user named it: the env file's path or the store's URI.
    /// The env file's path as given, when the target is an env file.
    pub fn env_path(&self) -> Option<&Path> {
        match self.store.as_ref() {
            crate::store::Store::EnvFile(path) => Some(path),
            _ => None,
        }
    }

    pub fn target_label(&self) -> String {
        self.store.label()
    }

    /// The configured token, with where it came from; exit 2 when there is none.
    pub fn token(&self) -> Result<Token> {
        match self.find_token() {
            Some(token) => Ok(token),
            None => Err(self.missing_token()),
        }
    }

    /// The token if one is configured.
    pub fn find_token(&self) -> Option<Token> {
        let mut names = vec![self.token_var.as_str()];
        if !self.token_var_explicit {
            names.extend_from_slice(TOKEN_ALIASES);
        }
        for name in names {
            if let Some(file) = &self.env_file
                && let Some(value) = file.values.get(name)
            {
                if value.is_empty() {
                    continue;
                }
                let line = file.model.find(name).last().map(|a| a.line);
                return Some(Token {
                    secret: Secret::new(value.clone()),
                    variable: name.to_string(),
                    source: Source::EnvFile {
                        path: file.path.clone(),
                        line,
                    },
                });
            }
            if let Some(stored) = &self.stored
                && let Some(value) = stored.values.get(name).filter(|v| !v.is_empty())
            {
                return Some(Token {
                    secret: Secret::new(value.clone()),
                    variable: name.to_string(),
                    source: Source::Store {
                        uri: stored.snapshot.uri.clone(),
                    },
                });
            }
            if let Some(value) = self.settings.process_env.get(name).filter(|v| !v.is_empty()) {
                return Some(Token {
                    secret: Secret::new(value.clone()),
                    variable: name.to_string(),
                    source: Source::Environment,
                });
            }
        }
        None
    }

    fn missing_token(&self) -> Failure {
        // Paths made absolute: "no token" in the wrong directory must say which file it read.
        let path = self
            .env_path()
            .map(absolute)
            .unwrap_or_else(|| PathBuf::from(self.target_label()));
        let where_ = match (&self.env_file, &self.stored) {
            (Some(_), _) => format!("in {} or the environment", path.display()),
            (None, Some(s)) => format!("in {} or the environment", s.snapshot.uri),
            (None, None) => format!("in the environment ({} does not exist)", path.display()),
        };
        let mut failure = Failure::config(format!("no token found: `{}` is not set {where_}", self.token_var));
        if let Some(file) = &self.env_file
            && file.values.get(&self.token_var).is_some_and(|v| v.is_empty())
        {
            failure.message = format!("`{}` is empty in {}", self.token_var, path.display());
        }
        // A token under a name wa-token does not know: say so before suggesting to add one,
        // which would leave the bot reading its old variable.
        if let Some((name, line)) = self
            .env_file
            .as_ref()
            .and_then(|f| token_under_another_name(f, &self.token_var))
        {
            return failure.hint(format!(
                "did you mean `--token-var {name}`? line {line} of {} holds a value shaped like a Meta token",
                path.display()
            ));
        }
        let place = if self.stored.is_some() { "secret" } else { "env file" };
        if self.token_var_explicit {
            failure.hint(format!(
                "set `{}` in the {place}, or run `wa-token rotate` to add it",
                self.token_var
            ))
        } else {
            failure
                .hint(format!("set `{DEFAULT_TOKEN_VAR}` in the {place}, or run `wa-token rotate` to add it"))
                .hint("also tried: WHATSAPP_TOKEN, WHATSAPP_ACCESS_TOKEN, CLOUD_API_ACCESS_TOKEN, WA_TOKEN; use --token-var for another name")
        }
    }

    /// A warning when the env file can be read by group or others.
    pub fn permission_warning(&self) -> Option<(String, String)> {
        let file = self.env_file.as_ref()?;
        let mode = file.mode?;
        if mode & 0o077 != 0 {
            Some((
                format!(
                    "{} is readable by others (mode {:o}): it holds a secret",
                    file.path.display(),
                    mode & 0o777
                ),
                format!(
                    "chmod 600 {}",
                    crate::envfile::shell_quote(&file.path.display().to_string())
                ),
            ))
        } else {
            None
        }
    }
}

/// The token variable asked for (and whether it was asked for), else the default name.
fn token_var(settings: &Settings) -> (String, bool) {
    match &settings.token_var {
        Some(name) => (name.clone(), true),
        None => (DEFAULT_TOKEN_VAR.to_string(), false),
    }
}

/// Every application variable: the token's names (with the one asked for) and the rest.
fn variable_names(token_var: &str) -> Vec<&str> {
    let mut keys: Vec<&str> = [DEFAULT_TOKEN_VAR]
        .iter()
        .chain(TOKEN_ALIASES)
        .chain(APP_VARIABLES)
        .copied()
        .collect();
    keys.push(token_var);
    keys
}

/// Whether a variable holds a secret: a token's name (not a plain setting, even when
/// `--token-var` names one), or the app secret.
fn is_secret_key(key: &str, token_names: &[&str]) -> bool {
    key == "WHATSAPP_APP_SECRET" || (token_names.contains(&key) && !APP_VARIABLES.contains(&key))
}

/// The path made absolute for messages (as given when that fails).
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The variable that most likely holds the token when no known name does: a value shaped
/// like a Meta token (`EAA…`), else a name with `TOKEN` in it. Token-shaped values are
/// registered as secrets; no value is returned.
fn token_under_another_name(file: &LoadedEnvFile, wanted: &str) -> Option<(String, usize)> {
    let candidates: Vec<(&str, usize, String)> = file
        .model
        .assignments()
        .iter()
        .filter(|a| a.key != wanted && !APP_VARIABLES.contains(&a.key.as_str()))
        .map(|a| (a.key.as_str(), a.line, file.model.value(a)))
        .filter(|(_, _, v)| !v.is_empty())
        .collect();
    let meta_shaped = |v: &str| v.starts_with("EAA") && v.len() >= 20 && v.bytes().all(|b| b.is_ascii_alphanumeric());
    for (_, _, value) in candidates.iter().filter(|(_, _, v)| meta_shaped(v)) {
        let _ = Secret::new(value.clone());
    }
    candidates
        .iter()
        .find(|(_, _, v)| meta_shaped(v))
        .or_else(|| {
            candidates
                .iter()
                .find(|(k, _, _)| k.to_ascii_uppercase().contains("TOKEN"))
        })
        .map(|(k, line, _)| (k.to_string(), *line))
}

/// Every value assigned to a token's name, not only the one in effect, is a secret: an
/// earlier duplicate is a token too, and must never be printed (a dry run's diff shows it).
/// So is the app secret, even without its app ID.
fn register_token_values(file: &LoadedEnvFile, token_names: &[&str]) {
    for a in file.model.assignments() {
        if is_secret_key(a.key.as_str(), token_names) {
            let _ = Secret::new(file.model.value(a));
        }
    }
}

/// Warnings for the lines of an env file that wa-token does not take from it.
fn ignored_lines(file: &LoadedEnvFile) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for a in file.model.assignments() {
        let key = a.key.as_str();
        if key != "WA_TOKEN" && is_outside_trust_boundary(key) && !seen.contains(&key) {
            seen.push(key);
            out.push(format!(
                "{} line {}: `{key}` is ignored in an env file (a setting of wa-token's own: give it as a flag or in the process environment)",
                file.path.display(),
                a.line
            ));
        }
    }
    out
}

/// Warnings for the keys of a store that wa-token does not take from it, as for an env
/// file's lines.
fn ignored_keys(snapshot: &Snapshot) -> Vec<String> {
    snapshot
        .data
        .0
        .keys()
        .filter(|key| key.as_str() != "WA_TOKEN" && is_outside_trust_boundary(key))
        .map(|key| {
            format!(
                "{}: `{key}` is ignored in a secret store (a setting of wa-token's own: give it as a flag or in the process environment)",
                snapshot.uri
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_of_settings_is_redacted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        let token = "EAAGdebugDEBUGdebug0123456789abcdefDEBUG";
        let secret = "appsecretAPPSECRET0123456789";
        std::fs::write(
            &path,
            format!("WHATSAPP_API_TOKEN={token}\nWHATSAPP_APP_ID=1\nWHATSAPP_APP_SECRET={secret}\n"),
        )
        .unwrap();
        let env = std::collections::HashMap::from([("WHATSAPP_TOKEN".to_string(), token.to_string())]);
        let settings = Settings::resolve(&Default::default(), None, env).unwrap();
        let (settings, location) = (Arc::new(settings), Location::EnvFile(path));
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let config = runtime
            .block_on(Config::load(&settings, &location, EnvFileNeed::Optional))
            .unwrap();
        let token_found = config.token().unwrap();
        assert_eq!(token_found.secret.expose(), token);
        assert!(config.app.is_some());
        for text in [
            format!("{config:?}"),
            format!("{token_found:?}"),
            format!("{:?}", config.env_file),
        ] {
            assert!(!text.contains(token) && !text.contains(secret), "{text}");
        }
    }
}
