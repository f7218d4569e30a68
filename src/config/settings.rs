//! The tool's own settings, resolved once, before any env file is read: from flags, then
//! the process environment, then defaults. An env file cannot change them (the
//! contract's trust boundary): it could otherwise send the token to another host.

use super::fleet::Fleet;
use super::{DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION, DEFAULT_TIMEOUT_SECS};
use crate::cli::{ColorWhen, Format, SettingsArgs};
use crate::exit::{Failure, Result};
use crate::urls::{display_url, is_loopback, shown_url_text};
use reqwest::Url;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// Where a target's variables live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// An env file (the path as given).
    EnvFile(PathBuf),
    /// A secret store, by its URI as given (`vault://…`, `k8s://…`).
    Store(String),
}

impl Location {
    /// The target as the user named it: the path or the URI (credentials in a URI, which
    /// are refused, are never shown).
    pub fn label(&self) -> String {
        match self {
            Location::EnvFile(p) => p.display().to_string(),
            Location::Store(uri) => crate::store::display_uri(uri),
        }
    }

    pub fn is_store(&self) -> bool {
        matches!(self, Location::Store(_))
    }
}

/// Everything the command line and the process environment decide.
#[derive(Clone)]
pub struct Settings {
    /// The env files named by flags, else by `WA_TOKEN_ENV_FILE`; empty: `.env`.
    pub env_files: Vec<PathBuf>,
    /// Whether the env file was named (a named file must exist).
    pub env_file_named: bool,
    /// `--store` URIs, in order.
    pub stores: Vec<String>,
    /// `--token-var` or `WA_TOKEN_VAR`.
    pub token_var: Option<String>,
    pub phone_number_id: Option<String>,
    pub graph_url: Url,
    pub graph_version: String,
    pub timeout: Duration,
    pub color: ColorWhen,
    pub format: Format,
    pub verbose: bool,
    /// check and inspect: the listed targets, `--jobs`, `--rate-limit-wait`.
    pub fleet: Fleet,
    /// The process environment, read once (the token may also live there).
    pub process_env: HashMap<String, String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The process environment may hold the token: its keys are not even shown.
        f.debug_struct("Settings")
            .field("env_files", &self.env_files)
            .field("token_var", &self.token_var)
            .field("graph_url", &crate::urls::display_url(&self.graph_url))
            .field("graph_version", &self.graph_version)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Settings {
    /// Resolve the flags against the process environment.
    pub fn resolve(
        args: &SettingsArgs,
        format: Option<Format>,
        process_env: HashMap<String, String>,
    ) -> Result<Settings> {
        let env = |name: &str| process_env.get(name).filter(|v| !v.is_empty()).cloned();
        // `--store` names the targets as `--env-file` does: the variable's default env file
        // is not added to them.
        let env_files: Vec<PathBuf> = if args.env_file.is_empty() && args.store.is_empty() {
            env("WA_TOKEN_ENV_FILE").map(PathBuf::from).into_iter().collect()
        } else {
            args.env_file.clone()
        };
        let token_var = args.token_var.clone().or_else(|| env("WA_TOKEN_VAR"));
        if let Some(name) = &token_var {
            check_variable_name(name)?;
        }
        let graph_url = parse_graph_url(
            &args
                .graph_url
                .clone()
                .or_else(|| env("WA_TOKEN_GRAPH_URL"))
                .unwrap_or_else(|| DEFAULT_GRAPH_URL.to_string()),
        )?;
        let graph_version = args
            .graph_version
            .clone()
            .or_else(|| env("WA_TOKEN_GRAPH_VERSION"))
            .unwrap_or_else(|| DEFAULT_GRAPH_VERSION.to_string());
        if !is_version(&graph_version) {
            return Err(Failure::config(format!("`{graph_version}` is not a Graph API version"))
                .hint("give it as vNN.N, for example --graph-version v25.0"));
        }
        let timeout = parse_timeout(args.timeout.clone().or_else(|| env("WA_TOKEN_TIMEOUT")))?;
        Ok(Settings {
            env_file_named: !env_files.is_empty(),
            env_files,
            stores: args.store.clone(),
            token_var,
            phone_number_id: args.phone_number_id.as_ref().map(|s| s.trim().to_string()),
            graph_url,
            graph_version,
            timeout,
            color: args.color.unwrap_or_default(),
            format: if args.json {
                Format::Json
            } else {
                format.unwrap_or(Format::Human)
            },
            verbose: args.verbose,
            fleet: Fleet::default(),
            process_env,
        })
    }

    /// With the fleet settings of check and inspect. A listed env file, like one named by
    /// a flag, must exist; a list that names nothing, with no other target named, is a
    /// usage error rather than a silent check of `./.env`.
    pub fn with_fleet(mut self, fleet: Fleet) -> Result<Settings> {
        if let Some(listed) = &fleet.listed {
            if listed.is_empty() && self.env_files.is_empty() && self.stores.is_empty() {
                return Err(
                    Failure::config(format!("the target list ({}) names no target", fleet.list_name))
                        .hint("give one env-file path or store URI a line; blank lines and # comments are skipped"),
                );
            }
            self.env_file_named = true;
        }
        self.fleet = fleet;
        Ok(self)
    }

    /// The process environment of this run, as text.
    pub fn process_env() -> HashMap<String, String> {
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect()
    }

    pub fn json(&self) -> bool {
        self.format == Format::Json
    }

    /// The targets to work on, in order: the named env files, then the stores, then the
    /// list's lines; `.env` when none is named.
    pub fn targets(&self) -> Vec<Location> {
        let files = self.env_files.iter().cloned().map(Location::EnvFile);
        let stores = self.stores.iter().cloned().map(Location::Store);
        let listed = self.fleet.listed.iter().flatten().cloned();
        let all: Vec<Location> = files.chain(stores).chain(listed).collect();
        if all.is_empty() {
            vec![Location::EnvFile(PathBuf::from(".env"))]
        } else {
            all
        }
    }

    /// The one target of a command that works on one (all but check and inspect).
    pub fn single_target(&self) -> Result<Location> {
        let mut all = self.targets();
        if all.len() > 1 {
            return Err(
                Failure::config("only check and inspect take more than one --env-file or --store")
                    .hint("run the command once per target"),
            );
        }
        Ok(all.remove(0))
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`: what every reader of the file and every shell that sources it
/// can read back (`A.B` and `A-B` are written, then lost by `source .env`).
fn check_variable_name(name: &str) -> Result<()> {
    let mut bytes = name.bytes();
    let valid = bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(Failure::config(format!(
            "`{}` is not a valid variable name for --token-var",
            crate::sanitize::sanitize(name)
        ))
        .hint("a name is letters, digits and `_`, not starting with a digit, for example --token-var BOT_TOKEN"))
    }
}

fn parse_timeout(text: Option<String>) -> Result<Duration> {
    let Some(text) = text else {
        return Ok(Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS));
    };
    match text.trim().parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > 0.0 && secs <= 3600.0 => Ok(Duration::from_secs_f64(secs)),
        _ => Err(Failure::config(format!("`{text}` is not a valid timeout"))
            .hint("give a number of seconds above 0 and at most 3600, for example --timeout 20")),
    }
}

fn is_version(v: &str) -> bool {
    let Some(rest) = v.strip_prefix('v') else { return false };
    let mut parts = rest.split('.');
    let ok =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// https anywhere; plain http only to loopback, so a token never crosses a network unencrypted.
fn parse_graph_url(text: &str) -> Result<Url> {
    let url = Url::parse(text.trim()).map_err(|e| {
        Failure::config(format!(
            "`{}` is not a valid URL for --graph-url ({e})",
            shown_url_text(text)
        ))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        // A password in a URL ends up in shell history, process lists and logs.
        return Err(Failure::config(format!(
            "the Graph URL `{}` carries a user name or password",
            display_url(&url)
        ))
        .hint("give the Graph URL without credentials; a proxy's go in HTTPS_PROXY"));
    }
    let loopback = is_loopback(&url);
    if let Some(version) = url.path_segments().into_iter().flatten().find(|s| is_version(s)) {
        return Err(Failure::config(format!(
            "the Graph URL `{}` already ends in an API version ({version})",
            display_url(&url)
        ))
        .hint(format!(
            "drop the path and give the version on its own: --graph-url {}://{} --graph-version {version}",
            url.scheme(),
            &url[url::Position::BeforeHost..url::Position::AfterPort]
        )));
    }
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(Failure::config(format!(
            "refusing to send a token over plain http to {}",
            url.host_str().unwrap_or("?")
        ))
        .hint("use an https:// URL; plain http:// is accepted only for loopback hosts (local fakes)")),
        _ => Err(Failure::config(format!(
            "`{}` is not an http(s) URL for --graph-url",
            display_url(&url)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert!(is_version("v25.0"));
        assert!(!is_version("25.0"));
        assert!(!is_version("v25"));
        assert!(!is_version("v25.0.1"));
    }

    #[test]
    fn graph_urls() {
        assert!(parse_graph_url("https://graph.facebook.com").is_ok());
        assert!(parse_graph_url("http://127.0.0.1:8080").is_ok());
        assert!(parse_graph_url("http://localhost:1").is_ok());
        assert!(parse_graph_url("http://[::1]:1").is_ok());
        assert!(parse_graph_url("http://example.com").is_err());
        assert!(parse_graph_url("ftp://example.com").is_err());
        assert!(parse_graph_url("https://graph.facebook.com/v25.0").is_err());
        assert!(parse_graph_url("https://graph.facebook.com/v19.0/").is_err());
        assert!(parse_graph_url("https://proxy.example/graph").is_ok());
    }
}
