//! The test suite's fake Graph API as a standalone server, for benchmarks and demos.
//!
//!     cargo run --release --example fake_graph -- [LATENCY_MS] [--tls DIR] [--every-token]
//!
//! Prints the base URL, a healthy system-user token, a second one, the app ID and the
//! app secret (one per line), then serves until killed. With `--tls DIR` it serves HTTPS
//! (`https://127.0.0.1:PORT`) with a certificate from a test CA made for this run, whose
//! certificate it writes to `DIR/ca.pem` (for `SSL_CERT_FILE` or `curl --cacert`). With
//! `--every-token`, any other token is a healthy system-user token too (a benchmark's
//! fleet of bots). Loopback only; fake data only.

#[path = "../tests/support/tls.rs"]
mod tls;

use std::io::Write;
use std::time::Duration;
use wa_token::standin::{APP_ID, APP_SECRET, FakeGraph, Profile, token};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let latency_ms: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(0);
    let tls_dir = args.iter().position(|a| a == "--tls").and_then(|i| args.get(i + 1));
    let fake = FakeGraph::start();
    fake.set_latency(Duration::from_millis(latency_ms));
    if args.iter().any(|a| a == "--every-token") {
        fake.knows_every_token(Profile::system_user());
    }
    let first = token("bench-first");
    let second = token("bench-second");
    fake.with_token(&first, Profile::system_user());
    fake.with_token(&second, Profile::system_user());
    // The front must live as long as the server: it is kept here until the process ends.
    let front = tls_dir.map(|dir| {
        let ca = tls::TestCa::new();
        ca.write(&std::path::Path::new(dir).join("ca.pem"));
        tls::TlsFront::start(&ca, tls::Leaf::Valid, &fake.url)
    });
    let url = front.as_ref().map_or(fake.url.as_str(), |f| f.url.as_str());
    let mut out = std::io::stdout().lock();
    writeln!(out, "{url}\n{first}\n{second}\n{APP_ID}\n{APP_SECRET}").unwrap();
    out.flush().unwrap();
    drop(out);
    loop {
        std::thread::park();
    }
}
