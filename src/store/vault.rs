//! A HashiCorp Vault or OpenBao KV version 2 secret, over the HTTP API.
//!
//! Five typed requests with the crate's reqwest (the README says why not a client crate):
//! the mount's engine and version (`sys/internal/ui/mounts`, what the `vault kv` commands
//! ask first), the latest version of the secret, the token's own TTL (`lookup-self`), the
//! check-and-set write, and the read-back of the version written. Found and authenticated
//! the way the `vault` CLI does, from the process environment only: `VAULT_ADDR`,
//! `VAULT_TOKEN` or `~/.vault-token`, `VAULT_NAMESPACE`, `VAULT_CACERT`.
//!
//! No URL or body is ever put into an error: `lookup-self` answers with the token itself.

use super::{Access, Backup, Data, Snapshot, Version, Written, conflict};
use crate::exit::{Failure, Result};
use crate::secret::{self, Secret};
use reqwest::{Method, Url};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;

/// Where the `vault` CLI looks when `VAULT_ADDR` is not set.
const DEFAULT_ADDR: &str = "https://127.0.0.1:8200";
/// A token with less time than this left is warned about: the next run may find it dead.
const TOKEN_TTL_WARNING_SECS: u64 = 60;
/// Vault's answers here are small; a body past this is not Vault talking.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// `vault://MOUNT/PATH`: the first segment is always the mount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    pub mount: String,
    pub path: String,
}

impl Address {
    /// Parse what follows `vault://`; the reason when it is not a KV path.
    pub fn parse(rest: &str) -> std::result::Result<Address, String> {
        if rest.contains('?') {
            // A query is where someone would put a token: refuse it rather than ignore it.
            return Err("vault:// URIs take no query (the token comes from VAULT_TOKEN or ~/.vault-token)".into());
        }
        let (mount, path) = rest.split_once('/').unwrap_or((rest, ""));
        if mount.is_empty() {
            return Err("the mount is missing (vault://MOUNT/PATH, like vault://secret/bots/acme)".into());
        }
        if path.is_empty() {
            return Err(format!(
                "the path is missing: the first segment, `{mount}`, is the mount (vault://MOUNT/PATH)"
            ));
        }
        if path.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
            return Err("the path has an empty, `.` or `..` segment".into());
        }
        Ok(Address {
            mount: mount.to_string(),
            path: path.to_string(),
        })
    }

    /// `MOUNT/data/PATH`, the API path a policy names.
    fn data_path(&self) -> String {
        format!("{}/data/{}", self.mount, self.path)
    }
}

/// One KV v2 secret and the client that reaches it.
pub struct Vault {
    /// The URI as given.
    pub uri: String,
    address: Address,
    base: Url,
    token: Secret,
    namespace: Option<String>,
    client: reqwest::Client,
    verbose: bool,
    timeout: Duration,
}

/// What the mount says it is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Engine {
    KvV2,
    /// The token may not ask (or there is no such mount): the data read decides.
    Unknown,
}

/// What `lookup-self` says about the token.
enum TokenState {
    /// Seconds left; 0 for a token that never expires.
    Ttl(u64),
    /// Even looking itself up was denied: the token is dead or no token at all.
    Refused,
    Unknown,
}

/// An HTTP answer: its status and its JSON body (`null` when it has none).
struct Answer {
    status: u16,
    body: Value,
}

impl Answer {
    /// Vault's `errors`, on one line: `permission denied`.
    fn errors(&self) -> String {
        let all: Vec<String> = self.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .flat_map(|e| e.lines().map(str::trim).map(|l| l.trim_start_matches("* ").to_string()))
            .filter(|l| !l.is_empty() && !l.ends_with("occurred:"))
            .collect();
        if all.is_empty() {
            format!("HTTP {}", self.status)
        } else {
            secret::scrub(&all.join("; "))
        }
    }
}

impl Vault {
    /// The server and credentials, as the `vault` CLI finds them.
    pub fn open(uri: &str, address: Address, access: &Access<'_>) -> Result<Vault> {
        let env = |name: &str| access.env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let base = parse_addr(env("VAULT_ADDR").unwrap_or(DEFAULT_ADDR))?;
        let token = find_token(access.env)?;
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("wa-token/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(access.timeout)
            .timeout(access.timeout)
            .redirect(reqwest::redirect::Policy::none());
        if base.scheme() == "http" {
            // Loopback only (parse_addr): no proxy may see the token in clear.
            builder = builder.tls_built_in_root_certs(false).no_proxy();
        }
        if let Some(path) = env("VAULT_CACERT") {
            builder = builder.add_root_certificate(ca_certificate(path)?);
        }
        let client = builder
            .build()
            .map_err(|e| Failure::network(format!("cannot start the HTTP client: {}", e.without_url())))?;
        Ok(Vault {
            uri: uri.to_string(),
            address,
            base,
            token,
            namespace: env("VAULT_NAMESPACE").map(str::to_string),
            client,
            verbose: access.verbose,
            timeout: access.timeout,
        })
    }

    /// Read the latest version, checking on the side that the mount is KV v2 and how long
    /// the token has left (three requests at once).
    pub async fn read(&self) -> Result<Snapshot> {
        let (engine, latest, token) = tokio::join!(self.engine(), self.get_data(None), self.lookup_self());
        let engine = engine?;
        let token = token?;
        let latest = latest?;
        let mut snapshot = match latest.status {
            200 => self.snapshot(&latest.body)?,
            404 => self.absent(&latest.body, engine),
            403 => return Err(self.denied("read", &token)),
            _ => return Err(self.unexpected("reading", &latest)),
        };
        if let TokenState::Ttl(left) = token
            && left > 0
            && left <= TOKEN_TTL_WARNING_SECS
        {
            snapshot.warnings.push(format!(
                "the Vault token expires in {left} s: renew it (`vault token renew`) or log in again before the next run"
            ));
        }
        Ok(snapshot)
    }

    /// Write `key` with check-and-set against the version read; every other key is put
    /// back as it was read, so a write can only land on exactly that version.
    pub async fn write(&self, read: &Snapshot, key: &str, new: &Secret) -> Result<Written> {
        let Version::Vault(cas) = read.version else {
            return Err(Failure::config(format!(
                "`{}` was not read as a Vault secret",
                self.uri
            )));
        };
        let mut data = read.data.0.clone();
        let appended = !data.contains_key(key);
        data.insert(key.to_string(), Value::String(new.expose().to_string()));
        // POST, not PATCH: PATCH needs the `patch` capability, which few policies grant,
        // and with `cas` the whole map can only replace the version it was read from.
        let body = json!({"options": {"cas": cas}, "data": data});
        let answer = self
            .call(Method::POST, &self.data_segments(), None, Some(&body))
            .await?;
        let version = match answer.status {
            200 | 204 => answer.body["data"]["version"]
                .as_u64()
                .ok_or_else(|| Failure::network(format!("`{}`: the write answered without a version", self.uri)))?,
            400 => return Err(self.refused_write(cas, &answer).await),
            403 => return Err(self.denied(if read.exists { "update" } else { "create" }, &TokenState::Unknown)),
            _ => return Err(self.unexpected("writing", &answer)),
        };
        self.read_back(version, key, new).await?;
        Ok(Written {
            target: self.uri.clone(),
            backup: if read.exists {
                Backup::VaultVersion(cas)
            } else {
                Backup::Nothing
            },
            lines: Vec::new(),
            appended,
            in_place: false,
            version: Some(Version::Vault(version)),
            previous: read.exists.then_some(Version::Vault(cas)),
        })
    }

    /// The mount's engine: KV v2, or a refusal naming what it is instead.
    async fn engine(&self) -> Result<Engine> {
        let segments = ["sys", "internal", "ui", "mounts", self.address.mount.as_str()];
        let answer = self.call(Method::GET, &segments, None, None).await?;
        if answer.status != 200 {
            return Ok(Engine::Unknown);
        }
        let data = &answer.body["data"];
        let kind = data["type"].as_str().unwrap_or_default();
        let version = match &data["options"]["version"] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => "1".to_string(),
        };
        match (kind, version.as_str()) {
            ("kv", "2") => Ok(Engine::KvV2),
            ("kv" | "generic", _) => Err(self.kv_version_1()),
            (other, _) => Err(Failure::config(format!(
                "`{}`: the mount `{}/` is a `{other}` secrets engine, not KV: KV version 2 required",
                self.uri, self.address.mount
            ))),
        }
    }

    fn kv_version_1(&self) -> Failure {
        Failure::config(format!(
            "`{}`: the mount `{}/` is KV version 1: KV version 2 required",
            self.uri, self.address.mount
        ))
        .hint(format!(
            "wa-token writes with check-and-set and keeps the previous version, which only KV version 2 has; `vault kv enable-versioning {}/` upgrades the mount",
            self.address.mount
        ))
    }

    /// `GET MOUNT/data/PATH`, the latest version or `version`.
    async fn get_data(&self, version: Option<u64>) -> Result<Answer> {
        let query = version.map(|v| ("version", v.to_string()));
        self.call(Method::GET, &self.data_segments(), query, None).await
    }

    async fn lookup_self(&self) -> Result<TokenState> {
        let answer = self
            .call(Method::GET, &["auth", "token", "lookup-self"], None, None)
            .await?;
        // The body holds the token itself (`id`): only the TTL is taken from it.
        Ok(match answer.status {
            200 => TokenState::Ttl(answer.body["data"]["ttl"].as_u64().unwrap_or(0)),
            403 => TokenState::Refused,
            _ => TokenState::Unknown,
        })
    }

    /// A latest version that reads as KV v2: `{data: {data: {…}, metadata: {version}}}`.
    fn snapshot(&self, body: &Value) -> Result<Snapshot> {
        let inner = &body["data"];
        match (inner["data"].as_object(), inner["metadata"]["version"].as_u64()) {
            (Some(data), Some(version)) => Ok(Snapshot {
                uri: self.uri.clone(),
                exists: true,
                data: Data(data.clone()),
                version: Version::Vault(version),
                object: None,
                missing: None,
                warnings: Vec::new(),
            }),
            // A KV v1 mount the token could not ask about answers with bare data.
            _ => Err(self.kv_version_1()),
        }
    }

    /// No current version: never written (`cas` 0), or its latest version deleted (then
    /// `cas` must name that version).
    fn absent(&self, body: &Value, engine: Engine) -> Snapshot {
        let deleted = body["data"]["metadata"]["version"].as_u64();
        let why = match deleted {
            Some(v) => format!("its latest version ({v}) is deleted"),
            None if engine == Engine::Unknown => format!(
                "nothing at `{}` (is `{}` a KV version 2 mount this token can read?)",
                self.address.data_path(),
                self.address.mount
            ),
            None => format!("nothing at `{}`", self.address.data_path()),
        };
        Snapshot {
            uri: self.uri.clone(),
            exists: false,
            data: Data::default(),
            version: Version::Vault(deleted.unwrap_or(0)),
            object: None,
            missing: Some(Failure::config(format!("`{}`: no such secret: {why}", self.uri))),
            warnings: Vec::new(),
        }
    }

    /// A 400 on the write: a check-and-set conflict (the version moved on), or Vault's
    /// own reason. Decided by reading the version now there, not by the message's words.
    async fn refused_write(&self, cas: u64, answer: &Answer) -> Failure {
        let now = match self.get_data(None).await {
            Ok(latest) => latest.body["data"]["metadata"]["version"].as_u64(),
            Err(_) => None,
        };
        match now {
            Some(now) if now != cas => conflict(
                &self.uri,
                &format!("version {cas} was read, version {now} is there now"),
            ),
            _ if answer.errors().contains("check-and-set") => conflict(&self.uri, "its version moved on"),
            _ => Failure::config(format!("`{}`: Vault refused the write: {}", self.uri, answer.errors())),
        }
    }

    /// The version written must hold the new token (the env file is read back too).
    async fn read_back(&self, version: u64, key: &str, new: &Secret) -> Result<()> {
        let answer = self.get_data(Some(version)).await?;
        if answer.status == 200 && answer.body["data"]["data"][key].as_str() == Some(new.expose()) {
            return Ok(());
        }
        Err(Failure::io(format!(
            "`{}` does not hold the new token in version {version} after the write",
            self.uri
        ))
        .hint(format!(
            "look with `vault kv get -version={version} -mount={} {}`",
            self.address.mount, self.address.path
        )))
    }

    /// Permission denied: the path and the capability a policy must grant, unless the
    /// token itself is refused everywhere.
    fn denied(&self, capability: &str, token: &TokenState) -> Failure {
        if matches!(token, TokenState::Refused) {
            return Failure::config(format!(
                "Vault at {} refused the token (permission denied, even to look itself up): it has expired, was revoked or is not a token there",
                crate::urls::display_url(&self.base)
            ))
            .hint("log in again (`vault login` or `bao login`), or set VAULT_TOKEN");
        }
        let path = self.address.data_path();
        Failure::config(format!(
            "`{}`: permission denied: the Vault token needs the `{capability}` capability on `{path}`",
            self.uri
        ))
        .hint(format!(
            "a policy like `path \"{path}\" {{ capabilities = [\"read\", \"create\", \"update\"] }}` lets wa-token read and rotate it"
        ))
    }

    /// Any other answer: a server error is no verdict (exit 4); a client error is ours.
    fn unexpected(&self, doing: &str, answer: &Answer) -> Failure {
        let message = format!(
            "`{}`: Vault answered HTTP {} while {doing} `{}`: {}",
            self.uri,
            answer.status,
            self.address.data_path(),
            answer.errors()
        );
        if answer.status >= 500 {
            Failure::network(message)
        } else {
            Failure::config(message)
        }
    }

    fn data_segments(&self) -> Vec<&str> {
        let mut segments = vec![self.address.mount.as_str(), "data"];
        segments.extend(self.address.path.split('/'));
        segments
    }

    /// One request under `/v1/`, with the token and namespace headers.
    async fn call(
        &self,
        method: Method,
        segments: &[&str],
        query: Option<(&str, String)>,
        body: Option<&Value>,
    ) -> Result<Answer> {
        let url = self.url(segments, query);
        if self.verbose {
            eprintln!("wa-token: {method} {} (Vault)", url.path());
        }
        let mut request = self
            .client
            .request(method, url)
            .header("X-Vault-Token", self.token.expose())
            .header("X-Vault-Request", "true");
        if let Some(namespace) = &self.namespace {
            request = request.header("X-Vault-Namespace", namespace);
        }
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        let started = std::time::Instant::now();
        let response = request.send().await.map_err(|e| self.unreachable(e))?;
        let status = response.status().as_u16();
        let bytes = self.read_capped(response).await?;
        if self.verbose {
            eprintln!("wa-token: ← {status} in {} ms (Vault)", started.elapsed().as_millis());
        }
        Ok(Answer {
            status,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        })
    }

    fn url(&self, segments: &[&str], query: Option<(&str, String)>) -> Url {
        let mut url = self.base.clone();
        {
            let mut path = url.path_segments_mut().expect("http(s) URLs have a path");
            path.pop_if_empty();
            path.push("v1");
            path.extend(segments);
        }
        if let Some((name, value)) = query {
            url.query_pairs_mut().append_pair(name, &value);
        }
        url
    }

    /// The body, up to [`MAX_BODY_BYTES`]: more is not Vault answering these requests.
    async fn read_capped(&self, mut response: reqwest::Response) -> Result<Vec<u8>> {
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.unreachable(e))? {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_BODY_BYTES {
                return Err(Failure::network(format!(
                    "`{}`: the answer exceeds {MAX_BODY_BYTES} bytes: is VAULT_ADDR a Vault server?",
                    self.uri
                )));
            }
        }
        Ok(body)
    }

    /// Vault could not be asked: no verdict (exit 4).
    fn unreachable(&self, e: reqwest::Error) -> Failure {
        let shown = crate::urls::display_url(&self.base);
        let why = if e.is_timeout() {
            format!("timed out after {:.1} s", self.timeout.as_secs_f64())
        } else {
            crate::exit::request_cause(e)
        };
        Failure::network(format!("cannot reach Vault at {shown}: {why}"))
            .hint("check VAULT_ADDR and that the server is up (`vault status`)")
    }
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("uri", &self.uri)
            .field("addr", &crate::urls::display_url(&self.base))
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

/// `VAULT_ADDR`: https anywhere, plain http only to loopback, never with credentials.
fn parse_addr(text: &str) -> Result<Url> {
    let url = Url::parse(text).map_err(|e| {
        Failure::config(format!(
            "VAULT_ADDR `{}` is not a valid URL ({e})",
            crate::urls::shown_url_text(text)
        ))
    })?;
    let shown = crate::urls::display_url(&url);
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            Failure::config(format!("VAULT_ADDR `{shown}` carries credentials: store URLs never do"))
                .hint("give the token in VAULT_TOKEN or ~/.vault-token"),
        );
    }
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if crate::urls::is_loopback(&url) => Ok(url),
        "http" => Err(Failure::config(format!(
            "refusing to send the Vault token over plain http to {}",
            url.host_str().unwrap_or("?")
        ))
        .hint("use an https:// VAULT_ADDR; plain http:// is accepted only for loopback hosts (a dev server)")),
        _ => Err(Failure::config(format!("VAULT_ADDR `{shown}` is not an http(s) URL"))),
    }
}

/// `VAULT_TOKEN`, else `~/.vault-token` (what `vault login` leaves behind).
fn find_token(env: &HashMap<String, String>) -> Result<Secret> {
    if let Some(token) = env.get("VAULT_TOKEN").map(|t| t.trim()).filter(|t| !t.is_empty()) {
        return Ok(Secret::new(token));
    }
    let file = env
        .get("HOME")
        .filter(|h| !h.is_empty())
        .map(|home| std::path::Path::new(home).join(".vault-token"));
    let from_file = file
        .as_ref()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    match from_file {
        Some(token) => Ok(Secret::new(token)),
        None => Err(
            Failure::config("no Vault token: VAULT_TOKEN is not set and ~/.vault-token does not exist")
                .hint("log in with `vault login` (or `bao login`), or set VAULT_TOKEN in the environment"),
        ),
    }
}

fn ca_certificate(path: &str) -> Result<reqwest::Certificate> {
    let pem = std::fs::read(path).map_err(|e| Failure::config(format!("cannot read VAULT_CACERT {path}: {e}")))?;
    reqwest::Certificate::from_pem(&pem).map_err(|e| {
        Failure::config(format!(
            "VAULT_CACERT {path} is not a PEM certificate: {}",
            e.without_url()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_https_or_loopback_without_credentials() {
        assert!(parse_addr("https://vault.example:8200").is_ok());
        assert!(parse_addr("http://127.0.0.1:8200").is_ok());
        assert!(parse_addr("http://vault.example:8200").is_err());
        let f = parse_addr("https://u:SECRETPW@vault.example").unwrap_err();
        assert!(!f.message.contains("SECRETPW"), "{}", f.message);
    }

    #[test]
    fn errors_read_as_one_line() {
        let answer = Answer {
            status: 403,
            body: json!({"errors": ["1 error occurred:\n\t* permission denied\n\n"]}),
        };
        assert_eq!(answer.errors(), "permission denied");
        let empty = Answer {
            status: 404,
            body: json!({"errors": []}),
        };
        assert_eq!(empty.errors(), "HTTP 404");
    }
}
