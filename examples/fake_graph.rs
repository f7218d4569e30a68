//! The test suite's fake Graph API as a standalone server, for benchmarks and demos.
//!
//!     cargo run --release --example fake_graph -- [LATENCY_MS] [--every-token]
//!
//! Prints the base URL, a healthy system-user token, a second one, the app ID and the
//! app secret (one per line), then serves until killed. With `--every-token`, any other
//! token is a healthy system-user token too (a benchmark's fleet of bots). Loopback only;
//! fake data only.

use std::io::Write;
use std::time::Duration;
use wa_token::standin::{APP_ID, APP_SECRET, FakeGraph, Profile, token};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let latency_ms: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(0);
    let fake = FakeGraph::start();
    fake.set_latency(Duration::from_millis(latency_ms));
    if args.iter().any(|a| a == "--every-token") {
        fake.knows_every_token(Profile::system_user());
    }
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
