//! A Kubernetes Secret, through the user's own `kubectl`, so that every kubeconfig,
//! context and auth plugin works as it does for them.
//!
//! Read with `kubectl get secret NAME -o json`; written from standard input with
//! `kubectl replace -f -`, the object carrying the `metadata.resourceVersion` that was
//! read, so the API server refuses (409 Conflict) a write on top of a newer version.
//! A value never goes into an argument, and kubectl does not inherit the application's
//! variables from our environment. Errors are told apart by the API's reason, which
//! kubectl prints as `Error from server (Reason)`.

use super::{Access, Backup, Data, Snapshot, Version, Written, conflict};
use crate::exit::{Failure, Result};
use crate::secret::{self, Secret};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value, json};
use std::time::Duration;

/// `k8s://NAMESPACE/NAME[?context=CONTEXT]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    pub namespace: String,
    pub name: String,
    /// The kubeconfig context, percent-decoded; `None`: the current context.
    pub context: Option<String>,
}

impl Address {
    /// Parse what follows `k8s://`; the reason when it is not a Secret's address.
    pub fn parse(rest: &str) -> std::result::Result<Address, String> {
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (namespace, name) = path
            .split_once('/')
            .ok_or("k8s:// URIs name a namespace and a Secret (k8s://NAMESPACE/NAME)")?;
        if !is_dns_name(namespace, 63, false) {
            return Err(format!(
                "`{namespace}` is not a namespace name (lower-case letters, digits and `-`)"
            ));
        }
        if !is_dns_name(name, 253, true) {
            return Err(format!(
                "`{name}` is not a Secret name (lower-case letters, digits, `-` and `.`)"
            ));
        }
        Ok(Address {
            namespace: namespace.to_string(),
            name: name.to_string(),
            context: context_of(query)?,
        })
    }
}

/// RFC 1123 names, as Kubernetes checks them.
fn is_dns_name(s: &str, max: usize, dots: bool) -> bool {
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (dots && c == '.');
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    !s.is_empty() && s.len() <= max && s.chars().all(ok_char) && edge(s.chars().next()) && edge(s.chars().last())
}

/// The `context` parameter, percent-decoded: the only one there is.
fn context_of(query: &str) -> std::result::Result<Option<String>, String> {
    let mut context = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name != "context" {
            // Its value is not shown: it could be anything, a credential included.
            return Err(format!("unknown query parameter `{name}` (the only one is `context`)"));
        }
        if value.is_empty() {
            return Err("`context` is empty".into());
        }
        context = Some(percent_decode(value)?);
    }
    Ok(context)
}

/// `%3A` → `:`; `+` stays `+` (context names are not form data).
fn percent_decode(text: &str) -> std::result::Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .ok_or("a `%` is not followed by two hex digits")?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| "a `%` is not followed by two hex digits")?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the context is not UTF-8 once decoded".to_string())
}

/// One Secret, and how to run kubectl for it.
pub struct Kubectl {
    /// The URI as given.
    pub uri: String,
    address: Address,
    /// kubectl's environment: ours, less the application's variables.
    env: Vec<(String, String)>,
    timeout: Duration,
    verbose: bool,
}

/// Why kubectl failed, by the API's reason (or the client's own trouble).
#[derive(Debug, PartialEq, Eq)]
enum Problem {
    NotFound,
    Forbidden,
    Conflict,
    Unauthorized,
    Unreachable,
    Other,
}

impl Problem {
    fn of(stderr: &str) -> Problem {
        let reason = stderr
            .split("Error from server (")
            .nth(1)
            .and_then(|r| r.split(')').next());
        match reason {
            Some("NotFound") => Problem::NotFound,
            Some("Forbidden") => Problem::Forbidden,
            Some("Conflict" | "AlreadyExists") => Problem::Conflict,
            Some("Unauthorized") => Problem::Unauthorized,
            Some("ServiceUnavailable" | "InternalError" | "Timeout" | "ServerTimeout" | "TooManyRequests") => {
                Problem::Unreachable
            }
            Some(_) => Problem::Other,
            None if stderr.contains("You must be logged in") => Problem::Unauthorized,
            None if UNREACHABLE.iter().any(|m| stderr.contains(m)) => Problem::Unreachable,
            None => Problem::Other,
        }
    }
}

/// What kubectl (client-go) says when it never got an answer.
const UNREACHABLE: &[&str] = &[
    "Unable to connect to the server",
    "The connection to the server",
    "connection refused",
    "i/o timeout",
    "no such host",
    "context deadline exceeded",
    "Client.Timeout",
    "TLS handshake timeout",
];

impl Kubectl {
    pub fn open(uri: &str, address: Address, access: &Access<'_>) -> Kubectl {
        let env = access
            .env
            .iter()
            .filter(|(k, _)| !access.withheld.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Kubectl {
            uri: uri.to_string(),
            address,
            env,
            timeout: access.timeout,
            verbose: access.verbose,
        }
    }

    /// The Deployments that read the Secret pick up a new value only when restarted.
    pub fn restart_example(&self) -> String {
        format!("kubectl rollout restart deployment/NAME -n {}", self.address.namespace)
    }

    pub async fn read(&self) -> Result<Snapshot> {
        let name = self.address.name.clone();
        let (ok, stdout, stderr) = self.kubectl(&["get", "secret", &name, "-o", "json"], None).await?;
        if !ok {
            return match Problem::of(&stderr) {
                Problem::NotFound => Ok(self.absent()),
                problem => Err(self.failure(problem, "get", &stderr)),
            };
        }
        let object: Value = serde_json::from_slice(&stdout)
            .map_err(|_| Failure::network(format!("`{}`: kubectl printed no JSON object", self.uri)))?;
        self.snapshot(object)
    }

    /// Replace the Secret as read with `key` changed (the API server checks the
    /// `resourceVersion` it carries), or create it when there was none.
    pub async fn write(&self, read: &Snapshot, key: &str, new: &Secret) -> Result<Written> {
        let (verb, object, appended) = match (&read.object, &read.version) {
            (Some(object), Version::Kubernetes(Some(_))) if read.exists => {
                let appended = object.0.get("data").and_then(|d| d.get(key)).is_none();
                ("replace", with_value(object, key, new), appended)
            }
            _ => ("create", self.new_object(key, new), true),
        };
        let input = serde_json::to_vec(&object.0).unwrap_or_default();
        let (ok, stdout, stderr) = self.kubectl(&[verb, "-f", "-", "-o", "json"], Some(input)).await?;
        if !ok {
            let rbac_verb = if verb == "replace" { "update" } else { "create" };
            return Err(match Problem::of(&stderr) {
                Problem::Conflict => conflict(&self.uri, &self.conflict_detail(read)),
                problem => self.failure(problem, rbac_verb, &stderr),
            });
        }
        let version = self.read_back(&stdout, key, new)?;
        Ok(Written {
            target: self.uri.clone(),
            backup: if read.exists {
                Backup::NoHistory
            } else {
                Backup::Nothing
            },
            lines: Vec::new(),
            appended,
            in_place: false,
            version: Some(Version::Kubernetes(Some(version))),
            previous: read.exists.then(|| read.version.clone()),
        })
    }

    fn conflict_detail(&self, read: &Snapshot) -> String {
        match &read.version {
            Version::Kubernetes(Some(rv)) => format!("resourceVersion {rv} was read, the Secret has another now"),
            _ => "it was created by someone else meanwhile".to_string(),
        }
    }

    /// The object kubectl printed after the write must hold the new token.
    fn read_back(&self, stdout: &[u8], key: &str, new: &Secret) -> Result<String> {
        let object: Value = serde_json::from_slice(stdout).unwrap_or(Value::Null);
        let held = object["data"][key].as_str().and_then(decode);
        let version = object["metadata"]["resourceVersion"].as_str();
        match (held, version) {
            (Some(value), Some(rv)) if value == new.expose() => Ok(rv.to_string()),
            _ => Err(
                Failure::io(format!("`{}` does not hold the new token after the write", self.uri)).hint(format!(
                    "look with `kubectl get secret {} -n {}`",
                    self.address.name, self.address.namespace
                )),
            ),
        }
    }

    fn snapshot(&self, object: Value) -> Result<Snapshot> {
        let Some(map) = object.as_object().filter(|o| o.get("kind") == Some(&json!("Secret"))) else {
            return Err(Failure::network(format!(
                "`{}`: kubectl printed something other than a Secret",
                self.uri
            )));
        };
        let version = map
            .get("metadata")
            .and_then(|m| m.get("resourceVersion"))
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok(Snapshot {
            uri: self.uri.clone(),
            exists: true,
            data: Data(decoded(map.get("data"))),
            version: Version::Kubernetes(version),
            object: Some(Data(map.clone())),
            missing: None,
            warnings: Vec::new(),
        })
    }

    fn absent(&self) -> Snapshot {
        Snapshot {
            uri: self.uri.clone(),
            exists: false,
            data: Data::default(),
            version: Version::Kubernetes(None),
            object: None,
            missing: Some(Failure::config(format!(
                "`{}`: no such secret: there is no Secret `{}` in namespace `{}`",
                self.uri, self.address.name, self.address.namespace
            ))),
            warnings: Vec::new(),
        }
    }

    fn new_object(&self, key: &str, new: &Secret) -> Data {
        let object = json!({
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": self.address.name, "namespace": self.address.namespace},
            "type": "Opaque",
            "data": {key: BASE64.encode(new.expose())},
        });
        Data(object.as_object().cloned().unwrap_or_default())
    }

    /// What kubectl's failure means, with the RBAC verb a refusal needs.
    fn failure(&self, problem: Problem, verb: &str, stderr: &str) -> Failure {
        let said = format!("kubectl said: {}", first_line(stderr));
        let ns = &self.address.namespace;
        match problem {
            Problem::Forbidden => Failure::config(format!(
                "`{}`: permission denied: you need the RBAC verb `{verb}` on `secrets` in namespace `{ns}`",
                self.uri
            ))
            .hint(format!(
                "a Role granting `get` and `update` on secrets (resourceNames: [{}]) in `{ns}`, bound to you, lets wa-token read and rotate it",
                self.address.name
            ))
            .hint(said),
            Problem::Unauthorized => Failure::config(format!("`{}`: the cluster refused kubectl's credentials", self.uri))
                .hint("log in again (your kubeconfig's user or auth plugin), then run again")
                .hint(said),
            Problem::Unreachable => Failure::network(format!("`{}`: kubectl could not reach the cluster", self.uri))
                .hint("check the cluster, the context (`kubectl config current-context`) and the network")
                .hint(said),
            Problem::NotFound | Problem::Conflict | Problem::Other => {
                Failure::config(format!("`{}`: kubectl failed: {}", self.uri, first_line(stderr)))
            }
        }
    }

    /// Run kubectl for this Secret's namespace and context; (success, stdout, stderr).
    async fn kubectl(&self, args: &[&str], input: Option<Vec<u8>>) -> Result<(bool, Vec<u8>, String)> {
        use std::process::Stdio;
        use tokio::io::AsyncWriteExt;
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        all.extend(["-n".to_string(), self.address.namespace.clone()]);
        if let Some(context) = &self.address.context {
            all.extend(["--context".to_string(), context.clone()]);
        }
        all.push(format!("--request-timeout={}ms", self.timeout.as_millis()));
        if self.verbose {
            eprintln!("wa-token: kubectl {}", all.join(" "));
        }
        let mut child = tokio::process::Command::new("kubectl")
            .args(&all)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| self.not_started(e))?;
        let stdin = child.stdin.take();
        let feed = async move {
            if let (Some(mut pipe), Some(bytes)) = (stdin, input) {
                // A kubectl that exits early closes the pipe: its stderr says why.
                let _ = pipe.write_all(&bytes).await;
            }
        };
        // kubectl retries a refused connection on its own: give it its timeout twice.
        let limit = self.timeout * 2 + Duration::from_secs(5);
        let (_, output) = tokio::join!(feed, tokio::time::timeout(limit, child.wait_with_output()));
        let output = output
            .map_err(|_| {
                Failure::network(format!(
                    "`{}`: kubectl did not finish within {} s",
                    self.uri,
                    limit.as_secs()
                ))
            })?
            .map_err(|e| Failure::io(format!("`{}`: kubectl failed to run: {e}", self.uri)))?;
        let stderr = secret::scrub(&String::from_utf8_lossy(&output.stderr));
        Ok((output.status.success(), output.stdout, stderr))
    }

    fn not_started(&self, e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::NotFound {
            Failure::config(format!("`{}`: kubectl is not installed or not on PATH", self.uri)).hint(
                "wa-token uses your own kubectl (and its kubeconfig) for k8s:// stores: install it, or put it on PATH",
            )
        } else {
            Failure::io(format!("`{}`: cannot run kubectl: {e}", self.uri))
        }
    }
}

impl std::fmt::Debug for Kubectl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kubectl")
            .field("uri", &self.uri)
            .finish_non_exhaustive()
    }
}

/// The Secret as read, with `key` set to the new value (base64) and nothing else changed:
/// its `resourceVersion` stays, and is the precondition.
fn with_value(object: &Data, key: &str, new: &Secret) -> Data {
    let mut object = object.0.clone();
    let data = object.entry("data").or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(map) = data {
        map.insert(key.to_string(), Value::String(BASE64.encode(new.expose())));
    }
    Data(object)
}

/// The values of a Secret's `data`, decoded; a value that is not UTF-8 text is no
/// variable (it is written back untouched all the same).
fn decoded(data: Option<&Value>) -> Map<String, Value> {
    data.and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), Value::String(decode(v.as_str()?)?))))
        .collect()
}

fn decode(b64: &str) -> Option<String> {
    String::from_utf8(BASE64.decode(b64).ok()?).ok()
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no message")
        .chars()
        .take(300)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_by_the_api_reason() {
        let conflict = "Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled on secrets \"acme\": the object has been modified";
        assert_eq!(Problem::of(conflict), Problem::Conflict);
        assert_eq!(
            Problem::of("Error from server (NotFound): secrets \"acme\" not found"),
            Problem::NotFound
        );
        assert_eq!(
            Problem::of("Error from server (Forbidden): secrets \"acme\" is forbidden: User \"x\" cannot get resource"),
            Problem::Forbidden
        );
        assert_eq!(
            Problem::of(
                "The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?"
            ),
            Problem::Unreachable
        );
        assert_eq!(Problem::of("error: context \"x\" does not exist"), Problem::Other);
    }

    #[test]
    fn a_write_changes_only_the_key_and_keeps_the_version() {
        let object = Data(
            json!({"kind": "Secret", "metadata": {"resourceVersion": "7"}, "data": {"A": "eA==", "T": "b2xk"}})
                .as_object()
                .unwrap()
                .clone(),
        );
        let written = with_value(&object, "T", &Secret::new("new"));
        assert_eq!(written.0["data"]["A"], "eA==");
        assert_eq!(written.0["data"]["T"], BASE64.encode("new"));
        assert_eq!(written.0["metadata"]["resourceVersion"], "7");
    }

    #[test]
    fn contexts_are_percent_decoded() {
        assert_eq!(
            context_of("context=arn%3Aaws%3Aeks%3Aeu-west-1%3A1%3Acluster%2Fx").unwrap(),
            Some("arn:aws:eks:eu-west-1:1:cluster/x".to_string())
        );
        assert!(context_of("token=x").is_err());
        assert!(context_of("context=%zz").is_err());
    }
}
