//! The test suite's fake Graph API as a standalone server, for benchmarks and demos.
//!
//!     cargo run --release --example fake_graph -- [LATENCY_MS]
//!
//! Prints the base URL, a healthy system-user token, a second one, the app ID and the
//! app secret (one per line), then serves until killed. Loopback only; fake data only.

use std::io::Write;
use std::time::Duration;
use wa_token::standin::{APP_ID, APP_SECRET, FakeGraph, Profile, token};

fn main() {
    let latency_ms: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(0);
    let fake = FakeGraph::start();
    fake.set_latency(Duration::from_millis(latency_ms));
    let first = token("bench-first");
    let second = token("bench-second");
    fake.with_token(&first, Profile::system_user());
    fake.with_token(&second, Profile::system_user());
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}\n{first}\n{second}\n{APP_ID}\n{APP_SECRET}", fake.url).unwrap();
    out.flush().unwrap();
    drop(out);
    loop {
        std::thread::park();
    }
}
