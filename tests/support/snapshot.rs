//! Whole-output snapshots of the real binary (tests/cases/snapshots.rs), kept in
//! tests/snapshots/, one file per case: the exit code, then stdout, then stderr, with the
//! parts that change from run to run redacted.
//!
//! Why snapbox: it is what cargo and trycmd use; its snapshots match `[..]` (within a line)
//! and `...` (whole lines) wildcards and named redactions (`[PORT]`, `[DATE]`, …, from
//! literal values or regexes), and it rewrites the files itself, with no extra CLI tool:
//!
//! ```text
//! SNAPSHOTS=overwrite cargo test --test cli snapshots
//! ```
//!
//! Review the diff of tests/snapshots/ before committing it. A placeholder or wildcard
//! written by hand into a snapshot file is kept by an overwrite where it still matches.

use super::{Output, assert_no_secret};
use snapbox::{Assert, Data, Redactions};
use std::path::{Path, PathBuf};

/// The variable that turns a failing comparison into an update (`SNAPSHOTS=overwrite`).
pub const ACTION_ENV: &str = snapbox::assert::DEFAULT_ACTION_ENV;

pub fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// The text a snapshot holds: `exit: N`, then each stream under its own header. A stream
/// that does not end with a line break says so in its header, so that the snapshot still
/// records every byte's place.
pub fn render(out: &Output) -> String {
    let mut s = format!("exit: {}\n", out.code);
    for (name, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        s.push_str("--- ");
        s.push_str(name);
        if !text.is_empty() && !text.ends_with('\n') {
            s.push_str(" (no final line break)");
        }
        s.push('\n');
        s.push_str(text);
        if !text.is_empty() && !text.ends_with('\n') {
            s.push('\n');
        }
    }
    s
}

/// What differs from run to run, or machine to machine, and nothing else. A redaction
/// replaces the match (or its `redacted` group) with the placeholder in `actual` before the
/// comparison, so a snapshot shows `127.0.0.1:[PORT]`, `sha256:[FP]`, `[DATE] (in 3 days)`.
/// Day counts stay: the fixtures place dates a whole number of days and an hour from now.
pub fn redactions(dirs: &[&Path]) -> Redactions {
    let mut r = Redactions::new();
    // The project's temp dir (HOME and working directory).
    for dir in dirs {
        r.insert("[TMP]", dir.to_path_buf()).unwrap();
        if let Ok(real) = dir.canonicalize() {
            r.insert("[TMP]", real).unwrap();
        }
    }
    let patterns = [
        // The fake Graph API, and the unreachable URL, are on a random loopback port.
        ("[PORT]", r"(?:127\.0\.0\.1|localhost):(?<redacted>[0-9]{1,5})"),
        // RFC 3339 (JSON, `issued:`), then the human form, `2026-12-08 14:03 UTC`.
        (
            "[TIMESTAMP]",
            r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})",
        ),
        ("[DATE]", r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC"),
        // Prometheus' expiry sample, in Unix seconds.
        ("[UNIX_TIME]", r"_timestamp_seconds\{[^}\n]*\} (?<redacted>[0-9]+)"),
        // Elapsed times: `answered in 2 ms`, `retrying in 500 ms`.
        ("[DURATION]", r"[0-9]+(?:\.[0-9]+)? ?ms(?-u:\b)"),
        // A fleet's summary: `4 targets in 0.1 s (40/s): …`.
        ("[ELAPSED]", r"targets in (?<redacted>[0-9]+\.[0-9] s \([0-9.]+/s\))"),
        // `sha256:` and 12 hex digits: a token's fingerprint.
        ("[FP]", r"sha256:(?<redacted>[0-9a-f]{12})(?-u:\b)"),
    ];
    for (placeholder, pattern) in patterns {
        r.insert(placeholder, regex::Regex::new(pattern).unwrap()).unwrap();
    }
    r
}

/// Compare `out` with tests/snapshots/`name` (or write it, with `SNAPSHOTS=overwrite`),
/// after the harness's secret scan.
#[track_caller]
pub fn assert_snapshot(name: &str, dirs: &[&Path], out: &Output) {
    assert_no_secret(out);
    let expected = Data::read_from(&snapshot_dir().join(name), None);
    Assert::new()
        .action_env(ACTION_ENV)
        // Not `\` to `/`: that would turn JSON's `\n` into `/n`.
        .normalize_paths(false)
        .redact_with(redactions(dirs))
        .eq(render(out), expected);
}
