//! A stand-in for the Kubernetes API server, for the real `kubectl`: there is no API
//! server package to install, so this answers what kubectl asks, the way the API server
//! does: the version and discovery calls it makes first (`/version`, `/api`, `/apis`,
//! `/api/v1`), and the Secret endpoints (get, replace, create), with the API's `Status`
//! objects: 404 NotFound, 403 Forbidden, 409 Conflict on a stale `resourceVersion`, 409
//! AlreadyExists. Plain HTTP on 127.0.0.1, port 0; a kubeconfig points kubectl at it.
#![allow(dead_code)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct KubeRequest {
    pub method: String,
    pub path: String,
    pub body: String,
}

#[derive(Default)]
struct State {
    /// (namespace, name) → the Secret object.
    secrets: BTreeMap<(String, String), Value>,
    /// The cluster-wide counter resourceVersions come from.
    revision: u64,
    requests: Vec<KubeRequest>,
    /// Verbs refused with 403 (`get`, `update`, `create`).
    forbidden: Vec<String>,
}

pub struct KubeStandin {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl KubeStandin {
    pub fn start() -> KubeStandin {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let state = Arc::new(Mutex::new(State {
            revision: 100,
            ..State::default()
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, state));
            }
        });
        KubeStandin { url, state }
    }

    /// Create or overwrite a Secret, as `kubectl apply` would; returns its resourceVersion.
    pub fn put_secret(&self, namespace: &str, name: &str, data: &[(&str, &str)]) -> String {
        let mut s = self.state.lock().unwrap();
        let encoded: serde_json::Map<String, Value> = data
            .iter()
            .map(|(k, v)| (k.to_string(), json!(BASE64.encode(v))))
            .collect();
        let object = json!({
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": {"name": name, "namespace": namespace, "uid": "4b2c-standin",
                "creationTimestamp": "2026-01-01T00:00:00Z", "labels": {"app": "bot"}},
            "data": encoded,
        });
        store(&mut s, namespace, name, object)
    }

    /// Another writer changes one key (a racing rotation).
    pub fn change(&self, namespace: &str, name: &str, key: &str, value: &str) -> String {
        let mut s = self.state.lock().unwrap();
        let mut object = s.secrets[&(namespace.to_string(), name.to_string())].clone();
        object["data"][key] = json!(BASE64.encode(value));
        store(&mut s, namespace, name, object)
    }

    pub fn secret(&self, namespace: &str, name: &str) -> Option<Value> {
        let s = self.state.lock().unwrap();
        s.secrets.get(&(namespace.to_string(), name.to_string())).cloned()
    }

    /// A Secret's data, decoded.
    pub fn values(&self, namespace: &str, name: &str) -> BTreeMap<String, String> {
        let object = self.secret(namespace, name).unwrap_or(Value::Null);
        object["data"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| {
                let bytes = BASE64.decode(v.as_str().unwrap_or_default()).unwrap_or_default();
                (k.clone(), String::from_utf8_lossy(&bytes).into_owned())
            })
            .collect()
    }

    /// Refuse `verb` (`get`, `update`, `create`) on secrets with 403 Forbidden.
    pub fn forbid(&self, verb: &str) {
        self.state.lock().unwrap().forbidden.push(verb.to_string());
    }

    pub fn requests(&self) -> Vec<KubeRequest> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Write a kubeconfig under `home/.kube/config` whose current context is `current`;
    /// `contexts` maps context names to server URLs.
    pub fn kubeconfig(home: &Path, contexts: &[(&str, &str)], current: &str) -> PathBuf {
        let mut text = String::from("apiVersion: v1\nkind: Config\nclusters:\n");
        for (i, (_, server)) in contexts.iter().enumerate() {
            text.push_str(&format!("- name: c{i}\n  cluster:\n    server: {server}\n"));
        }
        text.push_str("contexts:\n");
        for (i, (name, _)) in contexts.iter().enumerate() {
            text.push_str(&format!(
                "- name: \"{name}\"\n  context:\n    cluster: c{i}\n    user: tester\n"
            ));
        }
        text.push_str(&format!(
            "current-context: \"{current}\"\nusers:\n- name: tester\n  user:\n    username: tester\n"
        ));
        let dir = home.join(".kube");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config");
        std::fs::write(&path, text).unwrap();
        path
    }
}

fn store(s: &mut State, namespace: &str, name: &str, mut object: Value) -> String {
    s.revision += 1;
    let rv = s.revision.to_string();
    object["metadata"]["resourceVersion"] = json!(rv);
    s.secrets.insert((namespace.to_string(), name.to_string()), object);
    rv
}

fn serve(stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    // kubectl keeps its connection open for the next request.
    while let Some(request) = read_request(&mut reader) {
        let (status, body) = answer(&request, &state);
        state.lock().unwrap().requests.push(request);
        let head = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        if writer
            .write_all(head.as_bytes())
            .and_then(|_| writer.write_all(body.as_bytes()))
            .is_err()
        {
            return;
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<KubeRequest> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let body = if headers.get("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        read_chunked(reader)?
    } else {
        let length = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        body
    };
    let path = target.split('?').next().unwrap_or_default().to_string();
    Some(KubeRequest {
        method,
        path,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size).ok()?;
        let n = usize::from_str_radix(size.trim(), 16).ok()?;
        let mut chunk = vec![0; n + 2];
        reader.read_exact(&mut chunk).ok()?;
        if n == 0 {
            return Some(body);
        }
        body.extend_from_slice(&chunk[..n]);
    }
}

fn answer(request: &KubeRequest, state: &Arc<Mutex<State>>) -> (u16, String) {
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    let (status, value) = match (request.method.as_str(), segments.as_slice()) {
        ("GET", ["version"]) => (200, version()),
        ("GET", ["api"]) => (
            200,
            json!({"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}),
        ),
        ("GET", ["apis"]) => (200, json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": []})),
        ("GET", ["api", "v1"]) => (200, resources()),
        // kubectl validates what it writes: on the server (`fieldValidation`) when the
        // OpenAPI v3 document says the PATCH of the kind takes it.
        ("GET", ["openapi", "v3"]) => (
            200,
            json!({"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=STANDIN"}}}),
        ),
        ("GET", ["openapi", "v3", "api", "v1"]) => (200, openapi_v1()),
        (_, ["api", "v1", "namespaces", ns, "secrets", rest @ ..]) => {
            secrets(&request.method, ns, rest.first().copied(), &request.body, state)
        }
        _ => (
            404,
            status_object(
                404,
                "NotFound",
                "the server could not find the requested resource",
                None,
            ),
        ),
    };
    (status, value.to_string())
}

fn version() -> Value {
    json!({"major": "1", "minor": "32", "gitVersion": "v1.32.4", "gitCommit": "standin",
        "gitTreeState": "clean", "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23",
        "compiler": "gc", "platform": "linux/amd64"})
}

/// The part of the core group's OpenAPI v3 document kubectl reads: that a Secret's PATCH
/// takes `fieldValidation` (so validation happens on the server, here: none).
fn openapi_v1() -> Value {
    json!({"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.32.4"},
        "paths": {"/api/v1/namespaces/{namespace}/secrets/{name}": {"patch": {
            "operationId": "patchCoreV1NamespacedSecret",
            "x-kubernetes-action": "patch",
            "x-kubernetes-group-version-kind": {"group": "", "version": "v1", "kind": "Secret"},
            "parameters": [{"name": "fieldValidation", "in": "query", "schema": {"type": "string", "uniqueItems": true}}],
            "responses": {"200": {"description": "OK"}}}}},
        "components": {"schemas": {}}})
}

fn resources() -> Value {
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "v1", "resources": [
        {"name": "secrets", "singularName": "secret", "namespaced": true, "kind": "Secret",
         "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]},
        {"name": "namespaces", "singularName": "namespace", "namespaced": false, "kind": "Namespace",
         "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"], "shortNames": ["ns"]}
    ]})
}

/// The Secret endpoints, as the API server answers them.
fn secrets(method: &str, ns: &str, name: Option<&str>, body: &str, state: &Arc<Mutex<State>>) -> (u16, Value) {
    let mut s = state.lock().unwrap();
    let verb = match (method, name) {
        ("GET", Some(_)) => "get",
        ("PUT", Some(_)) => "update",
        ("POST", None) => "create",
        _ => {
            return (
                405,
                status_object(405, "MethodNotAllowed", "the server does not allow this method", None),
            );
        }
    };
    let sent: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let name = name
        .map(str::to_string)
        .or_else(|| sent["metadata"]["name"].as_str().map(str::to_string))
        .unwrap_or_default();
    if s.forbidden.iter().any(|v| v == verb) {
        let message = format!(
            "secrets \"{name}\" is forbidden: User \"tester\" cannot {verb} resource \"secrets\" in API group \"\" in the namespace \"{ns}\""
        );
        return (403, status_object(403, "Forbidden", &message, Some(&name)));
    }
    let key = (ns.to_string(), name.clone());
    let current = s.secrets.get(&key).cloned();
    match (verb, current) {
        ("get", Some(object)) => (200, object),
        ("update", Some(object)) => {
            // Optimistic concurrency: a resourceVersion that is not the current one loses.
            let sent_rv = sent["metadata"]["resourceVersion"].as_str().unwrap_or_default();
            if !sent_rv.is_empty() && sent_rv != object["metadata"]["resourceVersion"].as_str().unwrap_or_default() {
                let message = format!(
                    "Operation cannot be fulfilled on secrets \"{name}\": the object has been modified; please apply your changes to the latest version and try again"
                );
                return (409, status_object(409, "Conflict", &message, Some(&name)));
            }
            store(&mut s, ns, &name, sent);
            (200, s.secrets[&key].clone())
        }
        ("create", Some(_)) => {
            let message = format!("secrets \"{name}\" already exists");
            (409, status_object(409, "AlreadyExists", &message, Some(&name)))
        }
        ("create", None) => {
            store(&mut s, ns, &name, sent);
            (201, s.secrets[&key].clone())
        }
        (_, None) => (
            404,
            status_object(404, "NotFound", &format!("secrets \"{name}\" not found"), Some(&name)),
        ),
        _ => (500, status_object(500, "InternalError", "unreachable", None)),
    }
}

fn status_object(code: u16, reason: &str, message: &str, name: Option<&str>) -> Value {
    let mut status = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": message, "reason": reason, "code": code});
    if let Some(name) = name {
        status["details"] = json!({"name": name, "kind": "secrets"});
    }
    status
}
