//! Monitoring and fleets: several env files, Nagios and Prometheus output, --max-age,
//! and proof that the app reloaded (--verify-url).

use crate::support::readers::prometheus_samples;
use crate::support::*;
use std::time::{Duration, Instant};

/// Three projects (valid, expired, expiring) against one fake, as `--env-file` paths.
fn fleet(fake: &FakeGraph) -> (Project, Vec<String>) {
    let p = Project::new();
    let mut args = Vec::new();
    for (name, profile) in [
        ("valid", Profile::system_user()),
        ("expired", Profile::expired()),
        ("expiring", Profile::user_expiring_in(3)),
    ] {
        let t = secret_token(&format!("fleet-{name}"));
        fake.with_token(&t, profile);
        p.write(&format!("{name}.env"), env_file(&t, true).as_bytes());
        args.push("--env-file".to_string());
        args.push(format!("{name}.env"));
    }
    (p, args)
}

#[test]
fn several_env_files_give_the_worst_exit_and_one_result_each() {
    let fake = FakeGraph::start();
    let (p, files) = fleet(&fake);
    let out = p.wa().graph(&fake).arg_list(&files).args(["check", "--json"]).code(1);
    let json = out.json();
    assert_eq!(json["status"], "invalid");
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let statuses: Vec<&str> = results.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["valid", "invalid", "expiring"]);
    assert_eq!(results[1]["env_file"], "expired.env");
    let human = p.wa().graph(&fake).arg_list(&files).args(["check"]).code(1);
    let lines: Vec<&str> = human.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{human:?}");
    assert!(
        lines[0].starts_with("✓ valid.env")
            && lines[1].starts_with("✗ expired.env")
            && lines[2].starts_with("! expiring.env"),
        "{human:?}"
    );
    // Exit order 2, 1, 4, 3, 0: a missing file (2) outranks an expired token (1).
    let mut with_missing = files.clone();
    with_missing.extend(["--env-file".to_string(), "missing.env".to_string()]);
    let out = p
        .wa()
        .graph(&fake)
        .arg_list(&with_missing)
        .args(["check", "--json"])
        .code(2);
    assert_eq!(out.json()["results"].as_array().unwrap().len(), 4);
    // inspect takes several files too.
    let out = p.wa().graph(&fake).arg_list(&files).args(["inspect", "--json"]).code(1);
    assert_eq!(out.json()["results"].as_array().unwrap().len(), 3);
}

#[test]
fn several_files_are_checked_concurrently() {
    let fake = FakeGraph::start();
    let p = Project::new();
    let mut files = Vec::new();
    for i in 0..6 {
        let t = secret_token(&format!("six-{i}"));
        fake.with_token(&t, Profile::system_user());
        p.write(&format!("{i}.env"), env_file(&t, true).as_bytes());
        files.extend(["--env-file".to_string(), format!("{i}.env")]);
    }
    fake.set_latency(Duration::from_millis(400));
    let started = Instant::now();
    p.wa().graph(&fake).arg_list(&files).args(["check", "--json"]).code(0);
    let took = started.elapsed();
    assert_eq!(fake.requests().len(), 6);
    assert!(took < Duration::from_millis(1500), "6 files at 400 ms took {took:?}");
}

fn nagios(p: &Project, fake: &FakeGraph, extra: &[&str], code: i32) -> String {
    p.wa()
        .graph(fake)
        .args(["check", "--format", "nagios"])
        .args(extra)
        .code(code)
        .stdout
}

#[test]
fn nagios_states_and_exit_codes() {
    let fake = FakeGraph::start();
    let cases = [
        (
            Profile::system_user(),
            0,
            "WA-TOKEN OK - token valid, never expires | valid=1\n",
        ),
        (
            Profile::user_expiring_in(5),
            1,
            "WA-TOKEN WARNING - token expires in 5 days | valid=1 days_left=5;7:;1:\n",
        ),
        (
            Profile::expired(),
            2,
            "WA-TOKEN CRITICAL - token expired (190/463) | valid=0",
        ),
        (
            Profile::missing_messaging(),
            2,
            "WA-TOKEN CRITICAL - token lacks whatsapp_business_messaging | valid=0\n",
        ),
    ];
    for (profile, code, expected) in cases {
        let t = secret_token("nagios");
        let fake = FakeGraph::start();
        fake.with_token(&t, profile);
        let p = Project::new();
        p.env(&env_file(&t, true));
        let out = nagios(&p, &fake, &[], code);
        assert!(out.starts_with(expected), "{out}");
    }
    // Critical within --critical-days.
    let t = secret_token("nagios-critical");
    fake.with_token(&t, Profile::user_expiring_in(2));
    let p = Project::new();
    p.env(&env_file(&t, true));
    let out = nagios(&p, &fake, &["--critical-days", "3"], 2);
    assert!(
        out.starts_with("WA-TOKEN CRITICAL - token expires in 2 days | valid=1 days_left=2;7:;3:"),
        "{out}"
    );
    // Unknown: unreachable, or no token.
    let unreachable = unreachable_url();
    let out = p
        .wa()
        .env("WA_TOKEN_GRAPH_URL", &unreachable.url)
        .args(["check", "--format", "nagios"])
        .code(3);
    assert!(out.stdout.starts_with("WA-TOKEN UNKNOWN - no verdict:"), "{out:?}");
    // A usage error is UNKNOWN too, not CRITICAL.
    p.wa().args(["check", "--format", "nagios", "--no-such-flag"]).code(3);
    p.wa().args(["check", "--no-such-flag"]).code(2);
    let empty = Project::new();
    let out = empty.wa().args(["check", "--format", "nagios"]).code(3);
    assert!(
        out.stdout.starts_with("WA-TOKEN UNKNOWN - no verdict: no token found"),
        "{out:?}"
    );
}

#[test]
fn nagios_with_several_files_counts_states_and_lists_the_failing() {
    let fake = FakeGraph::start();
    let (p, files) = fleet(&fake);
    let out = p
        .wa()
        .graph(&fake)
        .arg_list(&files)
        .args(["check", "--format", "nagios"])
        .code(2);
    let lines: Vec<&str> = out.stdout.lines().collect();
    // The contract: counts per state in the perfdata, long output for what is not OK.
    assert_eq!(
        lines,
        [
            "WA-TOKEN CRITICAL - 3 targets: 1 critical, 1 warning, 1 ok | ok=1 warning=1 critical=1 unknown=0",
            "CRITICAL: expired.env - token expired (190/463)",
            "WARNING: expiring.env - token expires in 3 days",
        ],
        "{out:?}"
    );
}

#[test]
fn prometheus_output_parses_and_carries_the_metrics() {
    let fake = FakeGraph::start();
    let (p, mut files) = fleet(&fake);
    files.extend(["--env-file".to_string(), "missing.env".to_string()]);
    let out = p
        .wa()
        .graph(&fake)
        .arg_list(&files)
        .args(["check", "--format", "prometheus"])
        .code(0);
    assert!(out.stdout.contains("# HELP wa_token_valid ") && out.stdout.contains("# TYPE wa_token_valid gauge"));
    let samples = prometheus_samples(&out.stdout);
    let get = |name: &str, file: &str| {
        samples
            .iter()
            .find(|(n, l, _)| n == name && l.get("env_file").map(String::as_str) == Some(file))
            .map(|(_, l, v)| (l.clone(), *v))
    };
    assert_eq!(get("wa_token_valid", "valid.env").unwrap().1, 1.0);
    assert_eq!(get("wa_token_valid", "expired.env").unwrap().1, 0.0);
    assert_eq!(
        get("wa_token_expiry_timestamp_seconds", "valid.env").unwrap().1,
        f64::INFINITY
    );
    let expiring = get("wa_token_expiry_timestamp_seconds", "expiring.env").unwrap().1;
    assert!((expiring - (fake_graph::now() + 3 * 86_400) as f64).abs() < 7200.0);
    assert_eq!(get("wa_token_missing_permissions", "valid.env").unwrap().1, 0.0);
    assert_eq!(get("wa_token_check_success", "valid.env").unwrap().1, 1.0);
    assert_eq!(get("wa_token_check_success", "missing.env").unwrap().1, 0.0);
    assert!(
        get("wa_token_valid", "missing.env").is_none(),
        "no verdict, no validity sample"
    );
    let (labels, _) = get("wa_token_valid", "valid.env").unwrap();
    assert!(labels["fingerprint"].starts_with("sha256:"));
}

#[test]
fn max_age_reports_old_tokens() {
    let fake = FakeGraph::start();
    let t = secret_token("old");
    fake.with_token(&t, Profile::system_user()); // issued 30 days ago
    let p = Project::new();
    p.env(&env_file(&t, true));
    let out = p.wa().graph(&fake).args(["check", "--max-age", "20", "--json"]).code(3);
    assert_eq!(out.json()["status"], "too_old");
    assert_eq!(out.json()["age_days"], 30);
    p.wa().graph(&fake).args(["check", "--max-age", "40"]).code(0);
    let out = p.wa().graph(&fake).args(["check", "--max-age", "20"]).code(3);
    assert!(out.stdout.starts_with("! token is 30 days old"), "{out:?}");
    // An expiring token reports expiring first.
    let u = secret_token("old-and-expiring");
    fake.with_token(&u, Profile::user_expiring_in(3));
    p.env(&env_file(&u, true));
    assert_eq!(
        p.wa()
            .graph(&fake)
            .args(["check", "--max-age", "1", "--json"])
            .code(3)
            .json()["status"],
        "expiring"
    );
    // Unknown issue date: not judged, and said.
    let q = Project::new();
    q.env(&env_file(&t, false));
    let out = q.wa().graph(&fake).args(["check", "--max-age", "1"]).code(0);
    assert!(out.stderr.contains("--max-age was not judged"), "{out:?}");
}

#[test]
fn verify_url_waits_for_the_app_to_show_the_new_token() {
    let fake = FakeGraph::start();
    let old = secret_token("verify-old");
    let new = secret_token("verify-new");
    fake.with_token(&old, Profile::system_user());
    fake.with_token(&new, Profile::system_user());
    let p = Project::new();
    p.env(&env_file(&old, true));
    fake.app_debug_body(&format!("token ends in {}", &new[new.len() - 6..]));
    let url = format!("{}/debug", fake.url);
    let out = p
        .wa()
        .graph(&fake)
        .args([
            "rotate",
            "--token-stdin",
            "--yes",
            "--json",
            "--verify-url",
            &url,
            "--verify-wait",
            "3",
        ])
        .stdin(new.clone())
        .code(0);
    assert_eq!(out.json()["verify"]["success"], true);

    // An app that still shows the old token: exit 5, after --verify-wait.
    let q = Project::new();
    q.env(&env_file(&old, true));
    fake.app_debug_body(&format!("token ends in {}", &old[old.len() - 6..]));
    let started = Instant::now();
    let out = q
        .wa()
        .graph(&fake)
        .args([
            "rotate",
            "--token-stdin",
            "--yes",
            "--verify-url",
            &url,
            "--verify-wait",
            "2",
        ])
        .stdin(new.clone())
        .code(5);
    assert!(
        out.stdout.contains("the app did not reload") && out.stdout.contains("old token"),
        "{out:?}"
    );
    assert!(out.stderr.contains("hint:"), "{out:?}");
    assert!(started.elapsed() < Duration::from_secs(6));
    assert!(
        String::from_utf8(q.read(".env")).unwrap().contains(&new),
        "the token is written all the same"
    );
    // A bad URL is refused before anything is written.
    let r = Project::new();
    r.env(&env_file(&old, true));
    r.wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes", "--verify-url", "ftp://x"])
        .stdin(new.clone())
        .code(2);
    assert!(String::from_utf8(r.read(".env")).unwrap().contains(&old));
}
