//! Requests checked against Meta's own OpenAPI description of the Cloud API.
//!
//! Prism (`@stoplight/prism-cli`) serves the spec as a mock and answers 422 to any request
//! that breaks it; wa-token then exits 4, so these tests fail if our requests do not conform.

use crate::support::readers::{node_modules, repo};
use crate::support::*;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Prism {
    child: Child,
    url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What Prism logs once its server is bound: `Prism is listening on http://127.0.0.1:PORT`.
const LISTENING: &str = "Prism is listening on ";

/// Start Prism on a port the kernel picks (`-p 0`: Node binds port 0 and Prism logs the
/// address it got), so no port is ever handed from one process to another. The URL comes
/// from the log line of the child we started, and is then checked to answer as Prism.
fn start_prism() -> Prism {
    let child = Command::new(node_modules().join(".bin/prism"))
        .args(["mock", "--errors", "-h", "127.0.0.1", "-p", "0"])
        .arg(repo().join("tests/spec/business-messaging-api_v23.0.yaml"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start prism");
    // Killed and reaped on every way out, a panic included.
    let mut prism = Prism {
        child,
        url: String::new(),
    };
    // Both streams are read to their end (Prism logs every request; a full pipe would
    // stall it), their lines sent here until the listening line is found.
    let (lines, logged) = mpsc::channel::<String>();
    for stream in [
        Box::new(prism.child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(prism.child.stderr.take().unwrap()),
    ] {
        let lines = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
    }
    drop(lines);
    let mut log = Vec::new();
    // Slow right after its npm install, on a busy machine.
    let deadline = Instant::now() + Duration::from_secs(120);
    prism.url = loop {
        let line = match logged.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => line,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("prism did not report listening within 120 s:\n{}", log.join("\n"));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = prism.child.wait();
                panic!("prism exited before listening ({status:?}):\n{}", log.join("\n"));
            }
        };
        if let Some(url) = listening_url(&line) {
            break url;
        }
        log.push(line);
    };
    if let Err(e) = answers_as_prism(&prism.url) {
        panic!("{} is not answered by the Prism we started: {e}", prism.url);
    }
    prism
}

/// The loopback URL in Prism's listening line, if `line` is it.
fn listening_url(line: &str) -> Option<String> {
    let (_, rest) = line.split_once(LISTENING)?;
    // Up to the first character no URL here has (a space, a colour escape).
    let url: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || ":/.".contains(*c))
        .collect();
    let port: u16 = url.strip_prefix("http://127.0.0.1:")?.parse().ok()?;
    (port != 0).then_some(url)
}

/// Whether the server at `url` is Prism serving the spec: a path the spec does not have,
/// made unique, gets Prism's own problem document naming that path. Nothing else (the
/// fake Graph API, any other server) answers that.
fn answers_as_prism(url: &str) -> Result<(), String> {
    let probe = format!(
        "/wa-token-probe-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let (status, body) = raw_request(url, "GET", &probe, "")?;
    let prism_problem = status == 404
        && body.contains("https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR")
        && body.contains(&format!("The route {probe} hasn't been found"));
    if prism_problem {
        Ok(())
    } else {
        Err(format!("GET {probe} answered {status}: {body}"))
    }
}

/// The identity check tells the fake Graph API (or anything else) from Prism.
#[test]
fn prism_identity_check_rejects_other_servers() {
    let fake = FakeGraph::start();
    assert!(answers_as_prism(&fake.url).is_err());
    let unreachable = unreachable_url();
    assert!(answers_as_prism(&unreachable.url).is_err());
    assert_eq!(
        listening_url("[1:02:03 AM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:45321"),
        Some("http://127.0.0.1:45321".into())
    );
    assert_eq!(
        listening_url("\u{1b}[32m▶\u{1b}[39m  start     Prism is listening on http://127.0.0.1:4010\u{1b}[22m"),
        Some("http://127.0.0.1:4010".into())
    );
    assert_eq!(listening_url("Prism is listening on http://127.0.0.1:0"), None);
    assert_eq!(
        listening_url("GET        http://127.0.0.1:45321/v23.0/1/messages"),
        None
    );
}

#[test]
fn send_test_requests_conform_to_metas_openapi_spec() {
    let prism = start_prism();
    let p = Project::new();
    p.env(&format!(
        "WHATSAPP_API_TOKEN={}\nWHATSAPP_PHONE_NUMBER_ID={PHONE_ID}\n",
        secret_token("prism")
    ));
    let base = || {
        p.wa()
            .env("WA_TOKEN_GRAPH_URL", &prism.url)
            .env("WA_TOKEN_GRAPH_VERSION", "v23.0")
    };

    let out = base().args(["send-test", "--to", "+1 650 555 1234", "--json"]).run();
    assert_eq!(out.code, 0, "template message rejected by the spec: {out:?}");
    assert!(out.json()["message_id"].as_str().unwrap().starts_with("wamid."));

    let out = base()
        .args([
            "send-test",
            "--to",
            "+1 650 555 1234",
            "--text",
            "hello from wa-token",
            "--json",
        ])
        .run();
    assert_eq!(out.code, 0, "text message rejected by the spec: {out:?}");

    // The same mock rejects a body that breaks the spec (Meta's own example, without the
    // `recipient_type` and `language.policy` the spec requires): the check can fail.
    let body = r#"{"messaging_product":"whatsapp","to":"16505551234","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}"#;
    assert_eq!(raw_post(&prism.url, &format!("/v23.0/{PHONE_ID}/messages"), body), 422);
}

/// POST a JSON body and return the HTTP status.
fn raw_post(url: &str, path: &str, body: &str) -> u16 {
    raw_request(url, "POST", path, body).unwrap().0
}

/// Send one request and return the HTTP status and the body.
fn raw_request(url: &str, method: &str, path: &str, body: &str) -> Result<(u16, String), String> {
    use std::io::Write;
    let addr = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect to {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer EAAGtest\r\nUser-Agent: test/1.0.0\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| format!("read from {addr}: {e}"))?;
    let response = String::from_utf8_lossy(&response);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((status, body.to_string()))
}

/// The reads of `inspect`, `doctor` and `rotate`'s validation, checked against the spec:
/// `GET /{Phone-Number-ID}` and `GET /{WABA-ID}` with the fields wa-token asks for.
#[test]
fn phone_number_and_business_account_reads_conform_to_metas_openapi_spec() {
    use std::sync::Arc;
    use wa_token::config::{Config, EnvFileNeed, Location, Settings};
    use wa_token::graph::{Graph, Snapshot, Want};

    let prism = start_prism();
    let p = Project::new();
    let token = secret_token("prism-reads");
    // With app credentials, so that every read carries `appsecret_proof` too.
    let env = p.write(
        "spec.env",
        format!("WHATSAPP_API_TOKEN={token}\nWHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n").as_bytes(),
    );
    let args = wa_token::cli::SettingsArgs {
        graph_url: Some(prism.url.clone()),
        graph_version: Some("v23.0".into()),
        ..Default::default()
    };
    let settings = Arc::new(Settings::resolve(&args, None, Default::default()).unwrap());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let config = rt
        .block_on(Config::load(&settings, &Location::EnvFile(env), EnvFileNeed::Optional))
        .unwrap();
    assert!(config.app.is_some());
    let graph = Graph::new(&config).unwrap();
    let secret = config.token().unwrap().secret;
    rt.block_on(async {
        // Every field list wa-token uses: inspect's, doctor's and a new token's validation.
        for want in [Want::Everything, Want::Diagnosis, Want::Validation] {
            let read = Snapshot::fetch(&graph, &secret, Some(PHONE_ID), Some(WABA_ID), want).await;
            let phone = read.phone.expect("a phone-number read");
            assert!(
                phone.is_ok(),
                "the phone-number read ({want:?}) breaks the spec: {phone:?}"
            );
            if let Some(waba) = read.waba {
                assert!(
                    waba.is_ok(),
                    "the business-account read ({want:?}) breaks the spec: {waba:?}"
                );
            }
        }
        // And the mock does reject what breaks it: a phone-number ID that is not digits.
        let bad = Snapshot::fetch(&graph, &secret, Some("not-an-id"), None, Want::Everything).await;
        assert!(bad.phone.is_some_and(|r| r.is_err()));
    });
}
