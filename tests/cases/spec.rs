//! Requests checked against Meta's own OpenAPI description of the Cloud API.
//!
//! Prism (`@stoplight/prism-cli`) serves the spec as a mock and answers 422 to any request
//! that breaks it; wa-token then exits 4, so these tests fail if our requests do not conform.

use crate::support::readers::{node_modules, repo};
use crate::support::*;
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
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

fn start_prism() -> Prism {
    let port = free_port();
    let child = Command::new(node_modules().join(".bin/prism"))
        .args(["mock", "--errors", "-h", "127.0.0.1", "-p", &port.to_string()])
        .arg(repo().join("tests/spec/business-messaging-api_v23.0.yaml"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start prism");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(120), "prism did not start");
        std::thread::sleep(Duration::from_millis(200));
    }
    Prism {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
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
    use std::io::{Read, Write};
    let addr = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer EAAGtest\r\nUser-Agent: test/1.0.0\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The reads of `inspect`, `doctor` and `rotate`'s validation, checked against the spec:
/// `GET /{Phone-Number-ID}` and `GET /{WABA-ID}` with the fields wa-token asks for.
#[test]
fn phone_number_and_business_account_reads_conform_to_metas_openapi_spec() {
    use wa_token::commands::inspect::{PHONE_FIELDS, WABA_FIELDS};
    use wa_token::config::{Config, EnvFileNeed};
    use wa_token::graph::Graph;

    let prism = start_prism();
    let p = Project::new();
    let token = secret_token("prism-reads");
    // With app credentials, so that every read carries `appsecret_proof` too.
    let env = p.write(
        "spec.env",
        format!("WHATSAPP_API_TOKEN={token}\nWHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n").as_bytes(),
    );
    let args = wa_token::cli::GlobalArgs {
        graph_url: Some(prism.url.clone()),
        graph_version: Some("v23.0".into()),
        ..Default::default()
    };
    let config = Config::resolve_with(&args, EnvFileNeed::Optional, Default::default(), Some(env)).unwrap();
    assert!(config.app.is_some());
    let graph = Graph::new(&config).unwrap();
    let secret = config.token().unwrap().secret;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let phone = graph.get_node(PHONE_ID, PHONE_FIELDS, &secret).await;
        assert!(phone.is_ok(), "the phone-number read breaks the spec: {phone:?}");
        let waba = graph.get_node(WABA_ID, WABA_FIELDS, &secret).await;
        assert!(waba.is_ok(), "the business-account read breaks the spec: {waba:?}");
        // And the mock does reject what breaks it: a phone-number ID that is not digits.
        let bad = graph.get_node("not-an-id", PHONE_FIELDS, &secret).await;
        assert!(bad.is_err(), "{bad:?}");
    });
}
