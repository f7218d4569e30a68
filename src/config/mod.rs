//! Settings resolved once (`settings.rs`), and the configuration of each target: the
//! application's variables, read from its env file or the process environment.
//!
//! Precedence for every value: flag, then env file, then process environment, then
//! default. The env file is read as data, never loaded into the process environment, and
//! only the application's variables are taken from it (the trust boundary).

pub mod fleet;
mod settings;

pub use fleet::Fleet;
pub use settings::{Location, Settings};

use crate::envfile::{self, LoadedEnvFile};
use crate::exit::{Failure, Result};
use crate::secret::Secret;
use reqwest::Url;
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
    EnvFile { path: PathBuf, line: Option<usize> },
    Environment,
}

impl Source {
    pub fn describe(&self) -> String {
        match self {
            Source::EnvFile { path, line: Some(line) } => format!("{} line {line}", path.display()),
            Source::EnvFile { path, line: None } => path.display().to_string(),
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

/// The configuration of one target: the settings, and the application's variables read
/// from its env file (or the process environment).
#[derive(Clone)]
pub struct Config {
    pub settings: Arc<Settings>,
    /// The env file's path, as given.
    pub env_path: PathBuf,
    /// `None` when the env file does not exist (allowed unless named explicitly).
    pub env_file: Option<LoadedEnvFile>,
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
    /// Lines of the env file that were ignored (tool settings, proxies…): warnings.
    pub ignored: Vec<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("settings", &self.settings)
            .field("env_path", &self.env_path)
            .field("env_file", &self.env_file)
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
    pub fn load(settings: &Arc<Settings>, location: &Location, need: EnvFileNeed) -> Result<Config> {
        match location {
            Location::EnvFile(path) => Config::load_env_file(settings, path, need),
            Location::Store(uri) => Err(Failure::config(format!(
                "`{uri}`: secret stores are not supported by this build"
            ))
            .hint("use --env-file")),
        }
    }

    /// Read the application's variables for the env file at `path`.
    fn load_env_file(settings: &Arc<Settings>, path: &Path, need: EnvFileNeed) -> Result<Config> {
        let (token_var, token_var_explicit) = match &settings.token_var {
            Some(name) => (name.clone(), true),
            None => (DEFAULT_TOKEN_VAR.to_string(), false),
        };
        let mut keys: Vec<&str> = [DEFAULT_TOKEN_VAR]
            .iter()
            .chain(TOKEN_ALIASES)
            .chain(APP_VARIABLES)
            .copied()
            .collect();
        keys.push(&token_var);
        let env_file = envfile::load(
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
        let env = &settings.process_env;
        let lookup = |name: &str| -> Option<String> {
            env_file
                .as_ref()
                .and_then(|f| f.values.get(name).cloned())
                .or_else(|| env.get(name).cloned())
                .filter(|v| !v.is_empty())
        };
        let app = match (lookup("WHATSAPP_APP_ID"), lookup("WHATSAPP_APP_SECRET")) {
            (Some(app_id), Some(secret)) => Some(AppCredentials {
                app_id: app_id.trim().to_string(),
                secret: Secret::new(secret.trim()),
            }),
            _ => None,
        };
        Ok(Config {
            phone_number_id: settings
                .phone_number_id
                .clone()
                .or_else(|| lookup("WHATSAPP_PHONE_NUMBER_ID").map(|s| s.trim().to_string())),
            business_account_id: lookup("WHATSAPP_BUSINESS_ACCOUNT_ID").map(|s| s.trim().to_string()),
            test_recipient: lookup("WHATSAPP_TEST_RECIPIENT"),
            env_path: path.to_path_buf(),
            env_file,
            token_var,
            token_var_explicit,
            graph_url: settings.graph_url.clone(),
            graph_version: settings.graph_version.clone(),
            timeout: settings.timeout,
            verbose: settings.verbose,
            app,
            ignored,
            settings: Arc::clone(settings),
        })
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
        let where_ = match &self.env_file {
            Some(f) => format!("in {} or the environment", f.path.display()),
            None => format!("in the environment ({} does not exist)", self.env_path.display()),
        };
        let mut failure = Failure::config(format!("no token found: `{}` is not set {where_}", self.token_var));
        if let Some(file) = &self.env_file
            && file.values.get(&self.token_var).is_some_and(|v| v.is_empty())
        {
            failure.message = format!("`{}` is empty in {}", self.token_var, file.path.display());
        }
        if self.token_var_explicit {
            failure.hint(format!(
                "set `{}` in the env file, or run `wa-token rotate` to add it",
                self.token_var
            ))
        } else {
            failure
                .hint(format!("set `{DEFAULT_TOKEN_VAR}` in the env file, or run `wa-token rotate` to add it"))
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
                format!("chmod 600 {}", shell_quote(&file.path.display().to_string())),
            ))
        } else {
            None
        }
    }
}

pub fn shell_quote(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Every value assigned to a token's name, not only the one in effect, is a secret: an
/// earlier duplicate is a token too, and must never be printed (a dry run's diff shows it).
/// So is the app secret, even without its app ID.
fn register_token_values(file: &LoadedEnvFile, token_names: &[&str]) {
    for a in file.model.assignments() {
        let key = a.key.as_str();
        if key == "WHATSAPP_APP_SECRET" || (token_names.contains(&key) && !APP_VARIABLES.contains(&key)) {
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
        let config = Config::load(&Arc::new(settings), &Location::EnvFile(path), EnvFileNeed::Optional).unwrap();
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
