//! Resolve flags, the env file, the process environment and defaults into a `Config`.
//!
//! Precedence for every value: flag, then env file, then process environment, then
//! default. The env file is parsed with dotenvy into a map and never loaded into the
//! process environment, so the user's shell cannot change what the tool sees.

use crate::cli::GlobalArgs;
use crate::envfile::EnvFile;
use crate::exit::{Failure, Result};
use crate::secret::Secret;
use reqwest::Url;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
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

/// The env file as read: the values wa-token uses (dotenvy), its lossless model (line
/// numbers, spans) and, on a second core, dotenvy's reading of the whole file.
#[derive(Clone)]
pub struct LoadedEnvFile {
    pub path: PathBuf,
    /// The settings wa-token reads, as dotenvy reads their lines.
    pub values: HashMap<String, String>,
    pub model: EnvFile,
    /// Mode bits, to warn when group or others may read the secrets.
    pub mode: Option<u32>,
    /// Things other readers of the file would trip over (found without reading it all).
    pub notes: Vec<String>,
    whole: Arc<WholeFileRead>,
}

impl std::fmt::Debug for LoadedEnvFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Values hold secrets: keys only.
        let mut keys: Vec<&String> = self.values.keys().collect();
        keys.sort();
        f.debug_struct("LoadedEnvFile")
            .field("path", &self.path)
            .field("keys", &keys)
            .field("mode", &self.mode)
            .finish()
    }
}

type WholeFile = std::result::Result<(HashMap<String, String>, Option<String>), String>;

/// dotenvy over the whole file, started at load time on another thread: on a large file
/// it costs more than everything else wa-token does, so it runs beside the network calls.
struct WholeFileRead {
    handle: Mutex<Option<std::thread::JoinHandle<WholeFile>>>,
    result: OnceLock<WholeFile>,
}

impl WholeFileRead {
    fn start(bytes: Vec<u8>) -> Self {
        let handle = std::thread::Builder::new()
            .name("dotenvy".into())
            .spawn(move || read_values_noting(&bytes))
            .ok();
        WholeFileRead {
            handle: Mutex::new(handle),
            result: OnceLock::new(),
        }
    }

    fn skipped() -> Self {
        WholeFileRead {
            handle: Mutex::new(None),
            result: OnceLock::from(Ok((HashMap::new(), None))),
        }
    }

    fn get(&self) -> &WholeFile {
        self.result.get_or_init(|| {
            let handle = self.handle.lock().unwrap_or_else(|e| e.into_inner()).take();
            match handle.map(|h| h.join()) {
                Some(Ok(result)) => result,
                _ => Err("dotenvy did not finish reading the file".to_string()),
            }
        })
    }
}

impl LoadedEnvFile {
    /// What dotenvy says about the whole file: a note when it cannot read it, or reads one
    /// of wa-token's settings differently (then `rotate` refuses to write).
    pub fn whole_file_notes(&self) -> (Vec<String>, Vec<String>) {
        let mut notes = Vec::new();
        let mut differing = Vec::new();
        match self.whole.get() {
            Ok((whole, problem)) => {
                if let Some(problem) = problem {
                    notes.push(format!(
                        "{}: {problem}; Rust apps using dotenvy would fail on it (python-dotenv and Node's dotenv read it)",
                        self.path.display()
                    ));
                }
                for (key, value) in &self.values {
                    if problem.is_none() && whole.get(key) != Some(value) {
                        differing.push(key.clone());
                    }
                }
                differing.sort();
                for key in &differing {
                    notes.push(format!(
                        "dotenvy reads `{key}` differently when it reads the whole of {}",
                        self.path.display()
                    ));
                }
            }
            Err(e) => notes.push(format!("{}: {e}", self.path.display())),
        }
        (notes, differing)
    }
}

#[derive(Clone, Debug)]
pub struct AppCredentials {
    pub app_id: String,
    pub secret: Secret,
}

#[derive(Clone)]
pub struct Config {
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
    pub phone_number_id: Option<String>,
    pub business_account_id: Option<String>,
    pub app: Option<AppCredentials>,
    pub test_recipient: Option<String>,
    pub json: bool,
    pub verbose: bool,
    process_env: HashMap<String, String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The process environment may hold the token: its keys are not even shown.
        f.debug_struct("Config")
            .field("env_path", &self.env_path)
            .field("env_file", &self.env_file)
            .field("token_var", &self.token_var)
            .field("graph_url", &crate::output::display_url(&self.graph_url))
            .field("graph_version", &self.graph_version)
            .field("timeout", &self.timeout)
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

impl Config {
    /// The configuration for commands that work on one env file.
    pub fn resolve(args: &GlobalArgs, need: EnvFileNeed) -> Result<Config> {
        if args.env_file.len() > 1 {
            return Err(Failure::config("only check and inspect take --env-file more than once")
                .hint("run the command once per env file"));
        }
        Self::resolve_for(args, need, args.env_file.first().cloned())
    }

    /// The configuration with `path` as the env file (`None`: the variable or the default).
    pub fn resolve_for(args: &GlobalArgs, need: EnvFileNeed, path: Option<PathBuf>) -> Result<Config> {
        let process_env: HashMap<String, String> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        Self::resolve_with(args, need, process_env, path)
    }

    pub fn resolve_with(
        args: &GlobalArgs,
        need: EnvFileNeed,
        process_env: HashMap<String, String>,
        path: Option<PathBuf>,
    ) -> Result<Config> {
        let explicit_path = path.is_some() || process_env.contains_key("WA_TOKEN_ENV_FILE");
        let env_path = path
            .or_else(|| process_env.get("WA_TOKEN_ENV_FILE").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(".env"));
        let env_file = load_env_file(
            &env_path,
            explicit_path && need == EnvFileNeed::Optional,
            args.token_var.as_deref(),
            // rotate proves its own edit; the others report what dotenvy makes of the file.
            need == EnvFileNeed::Optional,
        )?;

        let lookup = |name: &str| -> Option<String> {
            env_file
                .as_ref()
                .and_then(|f| f.values.get(name).cloned())
                .or_else(|| process_env.get(name).cloned())
                .filter(|v| !v.is_empty())
        };

        let (token_var, token_var_explicit) = match args.token_var.clone().or_else(|| lookup("WA_TOKEN_VAR")) {
            Some(name) => {
                if name.is_empty()
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
                {
                    return Err(Failure::config(format!(
                        "`{name}` is not a valid variable name for --token-var"
                    )));
                }
                (name, true)
            }
            None => (DEFAULT_TOKEN_VAR.to_string(), false),
        };

        let graph_url = parse_graph_url(
            &args
                .graph_url
                .clone()
                .or_else(|| lookup("WA_TOKEN_GRAPH_URL"))
                .unwrap_or_else(|| DEFAULT_GRAPH_URL.to_string()),
        )?;
        let graph_version = args
            .graph_version
            .clone()
            .or_else(|| lookup("WA_TOKEN_GRAPH_VERSION"))
            .unwrap_or_else(|| DEFAULT_GRAPH_VERSION.to_string());
        if !is_version(&graph_version) {
            return Err(Failure::config(format!("`{graph_version}` is not a Graph API version"))
                .hint("give it as vNN.N, for example --graph-version v25.0"));
        }
        let timeout_text = args.timeout.clone().or_else(|| lookup("WA_TOKEN_TIMEOUT"));
        let timeout = match timeout_text {
            None => Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS),
            Some(text) => match text.trim().parse::<f64>() {
                Ok(secs) if secs.is_finite() && secs > 0.0 && secs <= 3600.0 => Duration::from_secs_f64(secs),
                _ => {
                    return Err(Failure::config(format!("`{text}` is not a valid timeout"))
                        .hint("give a number of seconds between 0 and 3600, for example --timeout 20"));
                }
            },
        };

        let app = match (lookup("WHATSAPP_APP_ID"), lookup("WHATSAPP_APP_SECRET")) {
            (Some(app_id), Some(secret)) => Some(AppCredentials {
                app_id: app_id.trim().to_string(),
                secret: Secret::new(secret.trim()),
            }),
            _ => None,
        };

        Ok(Config {
            phone_number_id: args
                .phone_number_id
                .clone()
                .or_else(|| lookup("WHATSAPP_PHONE_NUMBER_ID"))
                .map(|s| s.trim().to_string()),
            business_account_id: lookup("WHATSAPP_BUSINESS_ACCOUNT_ID").map(|s| s.trim().to_string()),
            test_recipient: lookup("WHATSAPP_TEST_RECIPIENT"),
            env_path,
            env_file,
            token_var,
            token_var_explicit,
            graph_url,
            graph_version,
            timeout,
            app,
            json: args.json,
            verbose: args.verbose,
            process_env,
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
            if let Some(value) = self.process_env.get(name).filter(|v| !v.is_empty()) {
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

fn is_version(v: &str) -> bool {
    let Some(rest) = v.strip_prefix('v') else { return false };
    let mut parts = rest.split('.');
    let ok =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// https anywhere; plain http only to loopback, so a token never crosses a network unencrypted.
fn parse_graph_url(text: &str) -> Result<Url> {
    let url = Url::parse(text.trim())
        .map_err(|e| Failure::config(format!("`{text}` is not a valid URL for --graph-url ({e})")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(Failure::config(format!(
            "refusing to send a token over plain http to {}",
            url.host_str().unwrap_or("?")
        ))
        .hint("use an https:// URL; plain http:// is accepted only for loopback hosts (local fakes)")),
        _ => Err(Failure::config(format!(
            "`{text}` is not an http(s) URL for --graph-url"
        ))),
    }
}

/// The variables wa-token reads from an env file, besides the token's names.
const SETTINGS: &[&str] = &[
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_BUSINESS_ACCOUNT_ID",
    "WHATSAPP_APP_ID",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_TEST_RECIPIENT",
    "WA_TOKEN_VAR",
    "WA_TOKEN_GRAPH_URL",
    "WA_TOKEN_GRAPH_VERSION",
    "WA_TOKEN_TIMEOUT",
];

fn load_env_file(
    path: &Path,
    must_exist: bool,
    token_var: Option<&str>,
    read_whole: bool,
) -> Result<Option<LoadedEnvFile>> {
    // A regular file of at most 4 MiB, never a FIFO or device, through no foreign symlink.
    let Some(read) = crate::safe_read::env_file(path, must_exist)? else {
        return Ok(None);
    };
    let bytes = read.bytes;
    let mode = Some(std::os::unix::fs::PermissionsExt::mode(&read.meta.permissions()));
    let model = EnvFile::parse(bytes.clone()).map_err(|e| {
        Failure::config(format!("cannot parse env file {}: {e}", path.display()))
            .hint("fix the quoting on that line; nothing was changed")
            .about_env_file()
    })?;
    let unreadable = |e: String| {
        Failure::config(format!("cannot parse env file {}: {e}", path.display()))
            .hint("nothing was changed; the file must be valid UTF-8 in KEY=value lines")
            .about_env_file()
    };
    check_text(&bytes).map_err(unreadable)?;
    // dotenvy reads the lines of the settings now (they are few); the whole file on the side.
    let mut keys: Vec<&str> = [DEFAULT_TOKEN_VAR]
        .iter()
        .chain(TOKEN_ALIASES)
        .chain(SETTINGS)
        .copied()
        .collect();
    let custom_var = model.find("WA_TOKEN_VAR").last().map(|a| model.value(a));
    keys.extend(token_var);
    keys.extend(custom_var.as_deref());
    let lines = model.lines_of(&keys);
    let values = if lines.contains(&b'$') {
        // `$VAR` may refer to anything earlier in the file: read it all.
        read_values(&bytes).map_err(unreadable)?
    } else {
        read_values(&lines).map_err(unreadable)?
    };
    let whole = Arc::new(if read_whole {
        WholeFileRead::start(bytes.clone())
    } else {
        WholeFileRead::skipped()
    });
    let mut notes = Vec::new();
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        notes.push(format!(
            "{} starts with a UTF-8 byte-order mark: python-dotenv and Node's dotenv read its first key with the mark attached",
            path.display()
        ));
    }
    Ok(Some(LoadedEnvFile {
        path: path.to_path_buf(),
        values,
        model,
        mode,
        notes,
        whole,
    }))
}

/// What every reader needs: text, without NUL bytes.
fn check_text(bytes: &[u8]) -> std::result::Result<(), String> {
    if bytes.contains(&0) {
        return Err("it contains a NUL byte".to_string());
    }
    if std::str::from_utf8(bytes).is_err() {
        return Err("it is not valid UTF-8".to_string());
    }
    Ok(())
}

/// Read values the way the user's app does: dotenvy, into a map, last assignment wins.
///
/// dotenvy refuses some files other readers accept (an apostrophe in an inline comment
/// after two spaces makes it look for a closing quote on later lines). Then the values come
/// from the lossless model, read the way python-dotenv reads them, and a note says so.
pub fn read_values(bytes: &[u8]) -> std::result::Result<HashMap<String, String>, String> {
    read_values_noting(bytes).map(|(values, _)| values)
}

/// Like `read_values`, with the reason dotenvy could not be used, if it could not.
pub fn read_values_noting(bytes: &[u8]) -> std::result::Result<(HashMap<String, String>, Option<String>), String> {
    check_text(bytes)?;
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
    crate::safe_read::check_expansion(content)?;
    let mut values = HashMap::new();
    for item in dotenvy::from_read_iter(content) {
        match item {
            Ok((k, v)) => {
                values.insert(k, v);
            }
            Err(e) => {
                let model = EnvFile::parse(bytes.to_vec()).map_err(|pe| pe.to_string())?;
                return Ok((model.values(), Some(describe_dotenvy_error(&e))));
            }
        }
    }
    Ok((values, None))
}

fn describe_dotenvy_error(e: &dotenvy::Error) -> String {
    match e {
        dotenvy::Error::LineParse(line, index) => {
            let shown: String = line.chars().take(40).collect();
            // The line may hold a secret: show where, and only its start when it is a key.
            let key: String = shown
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if key.is_empty() {
                format!("a line dotenv cannot read (error at character {index})")
            } else {
                format!("the line of `{key}` cannot be read by dotenv (error at character {index})")
            }
        }
        dotenvy::Error::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => "it is not valid UTF-8".to_string(),
        other => other.to_string(),
    }
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
        let args = GlobalArgs::default();
        let env = HashMap::from([("WHATSAPP_TOKEN".to_string(), token.to_string())]);
        let config = Config::resolve_with(&args, EnvFileNeed::Optional, env, Some(path)).unwrap();
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
    }
}
