//! What each way of trusting the system's certificates costs a short-lived process:
//! the time to build a ready verifier, and the memory it adds (peak RSS), each variant in
//! a fresh process, alternating, medians of 15.
//!
//!     cd scripts/trust-costs && cargo run --release
//!
//! The variants are the options weighed in the README ("Dependencies, and why"):
//! the compiled-in Mozilla roots, the system bundle alone (what wa-token does on Linux),
//! rustls-native-certs (bundle and hashed directory), rustls-platform-verifier (on Linux,
//! rustls-native-certs behind an OS-style verifier), and native certs merged with the
//! compiled-in roots.

use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

const VARIANTS: &[&str] = &[
    "none",
    "compiled-in",
    "bundle",
    "native-certs",
    "platform-verifier",
    "merged",
];
const BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";
const RUNS: usize = 15;

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("--one") => one(&std::env::args().nth(2).expect("a variant")),
        _ => compare(),
    }
}

/// Peak resident memory of this process so far, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let line = status.lines().find(|l| l.starts_with("VmHWM")).expect("VmHWM");
    line.split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

fn verifier(store: rustls::RootCertStore) -> Arc<rustls::client::WebPkiServerVerifier> {
    rustls::client::WebPkiServerVerifier::builder(Arc::new(store))
        .build()
        .expect("roots")
}

fn parsed(
    certs: Vec<rustls::pki_types::CertificateDer<'static>>,
    mut store: rustls::RootCertStore,
) -> rustls::RootCertStore {
    store.add_parsable_certificates(certs);
    store
}

/// Build one variant's verifier; print milliseconds, anchors and peak KiB.
fn one(variant: &str) {
    let started = Instant::now();
    let compiled = || rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let anchors = match variant {
        "none" => 0,
        "compiled-in" => {
            let store = compiled();
            let n = store.roots.len();
            std::hint::black_box(verifier(store));
            n
        }
        "bundle" => {
            use rustls::pki_types::pem::PemObject;
            let certs: Vec<_> = rustls::pki_types::CertificateDer::pem_file_iter(BUNDLE)
                .expect("the Debian bundle")
                .flatten()
                .collect();
            let store = parsed(certs, rustls::RootCertStore::empty());
            let n = store.roots.len();
            std::hint::black_box(verifier(store));
            n
        }
        "native-certs" => {
            let store = parsed(
                rustls_native_certs::load_native_certs().certs,
                rustls::RootCertStore::empty(),
            );
            let n = store.roots.len();
            std::hint::black_box(verifier(store));
            n
        }
        "platform-verifier" => {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            std::hint::black_box(rustls_platform_verifier::Verifier::new(provider).expect("a verifier"));
            0
        }
        "merged" => {
            let store = parsed(rustls_native_certs::load_native_certs().certs, compiled());
            let n = store.roots.len();
            std::hint::black_box(verifier(store));
            n
        }
        other => panic!("unknown variant {other}"),
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    println!("{ms} {anchors} {}", peak_kib());
}

fn compare() {
    let me = std::env::current_exe().expect("this program");
    let mut results: Vec<Vec<(f64, u64, u64)>> = vec![Vec::new(); VARIANTS.len()];
    for _ in 0..RUNS {
        for (i, variant) in VARIANTS.iter().enumerate() {
            // The system store as it is: no SSL_CERT_* to replace it.
            let out = Command::new(&me)
                .args(["--one", variant])
                .env_remove("SSL_CERT_FILE")
                .env_remove("SSL_CERT_DIR")
                .output()
                .expect("run");
            let text = String::from_utf8_lossy(&out.stdout);
            let mut f = text.split_whitespace();
            let ms: f64 = f.next().and_then(|x| x.parse().ok()).expect("ms");
            let anchors: u64 = f.next().and_then(|x| x.parse().ok()).expect("anchors");
            let kib: u64 = f.next().and_then(|x| x.parse().ok()).expect("kib");
            results[i].push((ms, anchors, kib));
        }
    }
    let base = median(results[0].iter().map(|r| r.2 as f64).collect());
    println!(
        "{:<20} {:>10} {:>9} {:>14}",
        "variant", "load (ms)", "anchors", "+peak RSS"
    );
    for (variant, runs) in VARIANTS.iter().zip(&results).skip(1) {
        let ms = median(runs.iter().map(|r| r.0).collect());
        let kib = median(runs.iter().map(|r| r.2 as f64).collect()) - base;
        let anchors = match runs[0].1 {
            0 => "(inside)".to_string(),
            n => n.to_string(),
        };
        println!("{variant:<20} {ms:>10.2} {anchors:>9} {:>10.0} KiB", kib);
    }
    println!(
        "\nmedians of {RUNS} runs each, alternating, each in a fresh process; {} CPUs",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}
