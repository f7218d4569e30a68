//! The other readers of a `.env`: python-dotenv and Node's dotenv, the way users' apps
//! read the file. Installed from PyPI and npm on first use when missing (`.ci/run` installs
//! them up front), so `cargo test` works on a fresh machine.
#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let target = repo().join("target/test-deps/python");
        // A quiet check: a missing module is the expected answer on a fresh machine, not
        // an error to show (its traceback is captured and dropped).
        let has = |extra: &Path| {
            Command::new("python3")
                .args(["-c", "import dotenv, prometheus_client"])
                .env("PYTHONPATH", extra)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if !has(&target) {
            note(&format!(
                "installing python-dotenv and prometheus-client from PyPI into {} (first run only)",
                target.display()
            ));
            let installed = pip_install_into(&target, &["python-dotenv>=1,<2", "prometheus-client>=0.20,<1"]);
            assert!(
                installed.is_ok() && has(&target),
                "python-dotenv and prometheus-client are needed: `python3 -m pip install python-dotenv prometheus-client`\n{}",
                installed.err().unwrap_or_default()
            );
        }
        target
    })
}

pub fn node_modules() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = repo().join("tests/node");
        let modules = dir.join("node_modules");
        if !modules.join("dotenv").exists() || !modules.join(".bin/prism").exists() {
            note(&format!(
                "installing Node's dotenv and Prism from npm into {} (first run only)",
                modules.display()
            ));
            let mut npm = Command::new("npm");
            npm.args([
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--no-save",
                "--prefix",
            ])
            .arg(&dir);
            if let Err(output) = quietly(npm) {
                panic!("npm install in tests/node failed: Node's dotenv and Prism are needed\n{output}");
            }
        }
        modules
    })
}

/// One line on the terminal, past the test harness's capture: a first run's install
/// takes a while, and says so instead of looking stuck.
pub fn note(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "note: {message}");
}

/// Run `cmd` with its output captured: nothing shows when it succeeds; on failure, the
/// error is everything it printed.
/// `pip install` of `packages` into `target` (not the machine's Python), quietly.
pub fn pip_install_into(target: &Path, packages: &[&str]) -> Result<(), String> {
    let mut pip = Command::new("python3");
    pip.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        "--target",
    ])
    .arg(target)
    .args(packages);
    quietly(pip)
}

pub fn quietly(mut cmd: Command) -> Result<(), String> {
    let program = format!("{:?}", cmd.get_program());
    match cmd.stdin(Stdio::null()).output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "{program} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )),
        Err(e) => Err(format!("{program} did not run: {e}")),
    }
}

fn run_json(mut cmd: Command) -> BTreeMap<String, String> {
    let out = cmd.output().expect("run a reader");
    assert!(
        out.status.success(),
        "reader failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("reader prints JSON");
    v.as_object()
        .unwrap()
        .iter()
        // A BOM sticks to the first key in these readers; compare keys without it.
        .map(|(k, v)| {
            (
                k.trim_start_matches('\u{feff}').to_string(),
                v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()),
            )
        })
        .collect()
}

/// What python-dotenv's `dotenv_values` reads (without interpolation of the process env).
pub fn python_dotenv(file: &Path) -> BTreeMap<String, String> {
    let mut cmd = Command::new("python3");
    cmd.args([
        "-c",
        "import json,sys\nfrom dotenv import dotenv_values\nprint(json.dumps(dotenv_values(sys.argv[1], interpolate=False)))",
    ])
    .arg(file)
    .env("PYTHONPATH", python_path());
    run_json(cmd)
}

/// What Node's `dotenv.parse` reads.
pub fn node_dotenv(file: &Path) -> BTreeMap<String, String> {
    let mut cmd = Command::new("node");
    cmd.args([
        "-e",
        "const fs=require('fs');const d=require('dotenv');process.stdout.write(JSON.stringify(d.parse(fs.readFileSync(process.argv[1]))))",
    ])
    .arg(file)
    .env("NODE_PATH", node_modules());
    run_json(cmd)
}

/// What dotenvy (Rust) reads.
/// dotenvy rejects a file that starts with a BOM; like wa-token, read it without.
/// `None` when dotenvy cannot read the file (an apostrophe in an inline comment).
pub fn dotenvy_values(file: &Path) -> Option<BTreeMap<String, String>> {
    let bytes = std::fs::read(file).unwrap();
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&bytes);
    dotenvy::from_read_iter(content).collect::<Result<_, _>>().ok()
}

/// A file's lines as python-dotenv and Node's dotenv split them: a lone CR (old Mac style)
/// ends a line as LF does, where dotenvy reads on. dotenvy over this view compares what
/// those readers see.
pub fn lone_cr_as_lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for i in 0..out.len() {
        if out[i] == b'\r' && out.get(i + 1) != Some(&b'\n') {
            out[i] = b'\n';
        }
    }
    out
}

/// Parse Prometheus text exposition with the reference client's parser; returns
/// `(name, labels, value)` for every sample.
pub fn prometheus_samples(text: &str) -> Vec<(String, BTreeMap<String, String>, f64)> {
    let mut cmd = Command::new("python3");
    cmd.args([
        "-c",
        "import sys,json\nfrom prometheus_client.parser import text_string_to_metric_families\nout=[]\nfor f in text_string_to_metric_families(sys.stdin.read()):\n  for s in f.samples:\n    out.append([s.name, s.labels, repr(s.value)])\nprint(json.dumps(out))",
    ])
    .env("PYTHONPATH", python_path())
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("python3");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the Prometheus parser rejected the output: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<(String, BTreeMap<String, String>, String)> = serde_json::from_slice(&out.stdout).unwrap();
    rows.into_iter()
        .map(|(n, l, v)| (n, l, if v == "inf" { f64::INFINITY } else { v.parse().unwrap() }))
        .collect()
}

/// A shell the completion tests drive; installed from Debian's packages on first use when
/// missing (as `.ci/run` does up front). `None` when it cannot be had here.
pub fn shell(name: &str) -> Option<PathBuf> {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let found = |name: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
    };
    if let Some(path) = found(name) {
        return Some(path);
    }
    note(&format!(
        "installing {name} from Debian's packages for the completion tests (first run only)"
    ));
    let mut apt = Command::new("apt-get");
    apt.args(["install", "-y", "-qq", name])
        .env("DEBIAN_FRONTEND", "noninteractive");
    if quietly(apt).is_err() {
        let mut update = Command::new("apt-get");
        update.args(["update", "-qq"]);
        let _ = quietly(update);
        let mut apt = Command::new("apt-get");
        apt.args(["install", "-y", "-qq", name])
            .env("DEBIAN_FRONTEND", "noninteractive");
        if let Err(e) = quietly(apt) {
            note(&format!(
                "{name} could not be installed: {}",
                e.lines().next().unwrap_or_default()
            ));
            return None;
        }
    }
    found(name)
}
