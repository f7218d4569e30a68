//! Fleets: many targets in one run (`--targets-from`, `--jobs`, `--rate-limit-wait`): input
//! order, the worst exit, lists with comments and stores, Meta's rate limits, one
//! connection pool, and the progress line.

use crate::support::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// `n` healthy bots, `bot0.env` … (each with app credentials: one request per target).
fn bots(fake: &FakeGraph, p: &Project, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let t = secret_token(&format!("fleet-bot-{i}"));
            fake.with_token(&t, Profile::system_user());
            let name = format!("bot{i}.env");
            p.write(&name, env_file(&t, true).as_bytes());
            name
        })
        .collect()
}

/// A file holding a token the fake knows as `profile`.
fn bot(fake: &FakeGraph, p: &Project, name: &str, profile: Profile) {
    let t = secret_token(&format!("fleet-{name}"));
    fake.with_token(&t, profile);
    p.write(name, env_file(&t, true).as_bytes());
}

fn list(p: &Project, names: &[String]) {
    p.write("fleet.txt", names.join("\n").as_bytes());
}

fn targets(json: &Value) -> Vec<&str> {
    json["results"]
        .as_array()
        .expect("several results")
        .iter()
        .map(|r| r["target"].as_str().unwrap())
        .collect()
}

fn statuses(json: &Value) -> Vec<&str> {
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect()
}

#[test]
fn results_come_in_input_order_and_the_worst_exit_wins() {
    let fake = FakeGraph::start();
    let p = Project::new();
    bot(&fake, &p, "valid.env", Profile::system_user());
    bot(&fake, &p, "expired.env", Profile::expired());
    bot(&fake, &p, "expiring.env", Profile::user_expiring_in(3));
    // The targets that need no request finish first; the order is still the input's.
    fake.set_latency(Duration::from_millis(150));
    list(
        &p,
        &["expired.env", "missing.env", "vault://secret/bots/x", "expiring.env"].map(String::from),
    );
    let out = p
        .wa()
        .graph(&fake)
        .args(["check", "--json", "--jobs", "2", "--env-file", "valid.env"])
        .args(["--targets-from", "fleet.txt"])
        .code(2);
    let json = out.json();
    assert_eq!(
        targets(&json),
        [
            "valid.env",
            "expired.env",
            "missing.env",
            "vault://secret/bots/x",
            "expiring.env"
        ]
    );
    assert_eq!(statuses(&json), ["valid", "invalid", "error", "error", "expiring"]);
    // Exit order 2, 1, 4, 3, 0: without the missing file, the expired token decides.
    list(
        &p,
        &["expiring.env", "expired.env", "vault://secret/bots/x"].map(String::from),
    );
    p.wa()
        .graph(&fake)
        .args(["check", "--targets-from", "fleet.txt"])
        .code(2);
    list(&p, &["expiring.env", "expired.env"].map(String::from));
    p.wa()
        .graph(&fake)
        .args(["check", "--targets-from", "fleet.txt"])
        .code(1);
    list(&p, &["expiring.env", "valid.env"].map(String::from));
    p.wa()
        .graph(&fake)
        .args(["check", "--targets-from", "fleet.txt"])
        .code(3);
    let out = p
        .wa()
        .graph(&fake)
        .args(["inspect", "--json", "--targets-from", "fleet.txt"])
        .code(3);
    assert_eq!(targets(&out.json()), ["expiring.env", "valid.env"]);
}

#[test]
fn a_list_on_stdin_skips_comments_and_blank_lines() {
    let fake = FakeGraph::start();
    let p = Project::new();
    bot(&fake, &p, "valid.env", Profile::system_user());
    bot(&fake, &p, "expiring.env", Profile::user_expiring_in(3));
    let out = p
        .wa()
        .graph(&fake)
        .args(["--targets-from", "-", "check", "--json"])
        .stdin("# the shop's bots\n\n   \n  valid.env  \r\n# expired.env\nexpiring.env")
        .code(3);
    let json = out.json();
    assert_eq!(targets(&json), ["valid.env", "expiring.env"]);
    assert_eq!(json["results"][1]["env_file"], "expiring.env");
    assert_eq!(fake.requests().len(), 2, "a commented line is not a target");
}

#[test]
fn a_list_mixes_env_files_and_stores() {
    let fake = FakeGraph::start();
    let p = Project::new();
    bot(&fake, &p, "shop.env", Profile::system_user());
    list(
        &p,
        &["vault://secret/bots/acme", "shop.env", "k8s://bots/promo?context=prod"].map(String::from),
    );
    let out = p
        .wa()
        .graph(&fake)
        .args(["check", "--json", "--targets-from", "fleet.txt"])
        .code(2);
    let json = out.json();
    assert_eq!(
        targets(&json),
        ["vault://secret/bots/acme", "shop.env", "k8s://bots/promo?context=prod"]
    );
    // A store is its own target: its own result, named by `store`, not `env_file`, with
    // why it could not be read (no Vault here, no such kubectl context).
    let store = &json["results"][0];
    assert_eq!(store["env_file"], Value::Null);
    assert_eq!(store["store"], "vault://secret/bots/acme");
    assert_eq!(store["status"], "error");
    assert!(store["error"]["message"].as_str().unwrap().contains("Vault"), "{out:?}");
    assert_eq!(json["results"][2]["store"], "k8s://bots/promo?context=prod");
    assert_eq!(json["results"][1]["status"], "valid");
    let prometheus = p
        .wa()
        .graph(&fake)
        .args(["check", "--format", "prometheus", "--targets-from", "fleet.txt"])
        .code(0);
    assert!(
        prometheus
            .stdout
            .contains("wa_token_check_success{target=\"vault://secret/bots/acme\",fingerprint=\"\"} 0"),
        "{prometheus:?}"
    );
    assert!(
        prometheus
            .stdout
            .contains("wa_token_valid{target=\"shop.env\",env_file=\"shop.env\","),
        "{prometheus:?}"
    );
}

#[test]
fn meta_s_usage_headers_end_the_targets_that_would_wait_too_long() {
    let fake = FakeGraph::start();
    let p = Project::new();
    list(&p, &bots(&fake, &p, 5));
    // 95 % used, and Meta expects access back in 19 minutes: more than the run may wait.
    fake.report_usage(95, Some(19.0));
    let started = Instant::now();
    let out = p
        .wa()
        .graph(&fake)
        .args(["check", "--json", "--jobs", "1", "--rate-limit-wait", "30"])
        .args(["--targets-from", "fleet.txt"])
        .code(4);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "nothing is waited for in vain"
    );
    let json = out.json();
    assert_eq!(statuses(&json), ["valid", "error", "error", "error", "error"]);
    assert_eq!(fake.requests().len(), 1, "no request after the usage headers said 95 %");
    let message = json["results"][4]["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("rate-limited: X-Business-Use-Case-Usage at 95 %")
            && message.contains("must wait 19 min, more than the 30 s left of --rate-limit-wait"),
        "{message}"
    );
    assert!(
        out.stderr.contains("no new request for it for 19 min")
            && out
                .stderr
                .contains("error: 4 of 5 targets got no verdict: rate-limited"),
        "{out:?}"
    );
    // Without an estimate, the pause is 60 s; Nagios says UNKNOWN for those.
    let fake = FakeGraph::start();
    let q = Project::new();
    list(&q, &bots(&fake, &q, 3));
    fake.report_usage(91, None);
    let out = q
        .wa()
        .graph(&fake)
        .args(["check", "--format", "nagios", "--jobs", "1", "--rate-limit-wait", "5"])
        .args(["--targets-from", "fleet.txt"])
        .code(3);
    assert!(
        out.stdout
            .starts_with("WA-TOKEN UNKNOWN - 3 targets: 2 unknown, 1 ok | ok=1 warning=0 critical=0 unknown=2\n"),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("rate-limited: X-App-Usage at 91 %") && out.stdout.contains("must wait 60 s"),
        "{out:?}"
    );
}

#[test]
fn a_pause_within_the_limit_is_waited_out() {
    let fake = FakeGraph::start();
    let p = Project::new();
    list(&p, &bots(&fake, &p, 3));
    // The first answer says 95 % and access back in 0.05 minutes (3 s); then all is well.
    fake.report_usage_on(95, Some(0.05), Some(1));
    let started = Instant::now();
    let out = p
        .wa()
        .graph(&fake)
        .args(["check", "--json", "--jobs", "1", "--rate-limit-wait", "20"])
        .args(["--targets-from", "fleet.txt"])
        .code(0);
    let took = started.elapsed();
    assert_eq!(statuses(&out.json()), ["valid", "valid", "valid"]);
    assert!(took >= Duration::from_secs(3), "no request during the pause: {took:?}");
    assert!(took < Duration::from_secs(15), "{took:?}");
    assert!(out.stderr.contains("no new request for it for 3 s"), "{out:?}");
}

#[test]
fn throttling_codes_are_retried_with_backoff() {
    let fake = FakeGraph::start();
    let p = Project::new();
    list(&p, &bots(&fake, &p, 2));
    for (code, message) in [
        (80007, "(#80007) Rate limit hit for WhatsApp Business Account"),
        (613, "(#613) Calls to this api have exceeded the rate limit."),
    ] {
        fake.push(Canned::Json(
            400,
            json!({"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "A1"}}),
        ));
    }
    let out = p
        .wa()
        .graph(&fake)
        .args(["check", "--json", "--jobs", "1", "--targets-from", "fleet.txt"])
        .code(0);
    assert_eq!(statuses(&out.json()), ["valid", "valid"]);
    assert_eq!(fake.requests().len(), 4);
}

#[test]
fn connections_stay_near_jobs_not_near_targets() {
    let fake = FakeGraph::start();
    let p = Project::new();
    list(&p, &bots(&fake, &p, 40));
    fake.set_latency(Duration::from_millis(20));
    let out = p
        .wa()
        .graph(&fake)
        .args(["check", "--json", "--jobs", "4", "--targets-from", "fleet.txt"])
        .code(0);
    assert_eq!(out.json()["results"].as_array().unwrap().len(), 40);
    assert_eq!(fake.requests().len(), 40);
    let opened = fake.connections();
    assert!(
        (1..=8).contains(&opened),
        "40 targets at --jobs 4 opened {opened} connections"
    );
    // inspect asks three things of each target at once: still one pool, bounded.
    let before = fake.connections();
    p.wa()
        .graph(&fake)
        .args(["inspect", "--json", "--jobs", "4", "--targets-from", "fleet.txt"])
        .code(0);
    let opened = fake.connections() - before;
    assert!(
        opened <= 8,
        "inspect of 40 targets at --jobs 4 opened {opened} connections"
    );
}

#[test]
fn at_most_jobs_targets_run_at_once() {
    let fake = FakeGraph::start();
    let p = Project::new();
    list(&p, &bots(&fake, &p, 6));
    fake.set_latency(Duration::from_millis(300));
    let started = Instant::now();
    p.wa()
        .graph(&fake)
        .args(["check", "--jobs", "2", "--targets-from", "fleet.txt"])
        .code(0);
    let took = started.elapsed();
    // Three rounds of two, not one round of six.
    assert!(took >= Duration::from_millis(900), "{took:?}");
    assert!(took < Duration::from_secs(4), "{took:?}");
}

#[test]
fn progress_on_a_terminal_only_and_a_summary_for_people() {
    let fake = FakeGraph::start();
    let p = Project::new();
    list(&p, &bots(&fake, &p, 6));
    fake.set_latency(Duration::from_millis(250));
    let args = ["check", "--jobs", "2", "--targets-from", "fleet.txt"];
    let shown = p.wa().graph(&fake).args(args).in_terminal(&[]);
    assert_eq!(shown.code, 0, "{shown:?}");
    assert!(shown.stdout.contains("/6 targets"), "{}", shown.stdout);
    assert!(
        shown.stdout.contains("/s  about"),
        "rate and time left: {}",
        shown.stdout
    );
    assert!(shown.stdout.contains("6 targets in "), "{}", shown.stdout);
    let piped = p.wa().graph(&fake).args(args).code(0);
    assert!(!piped.stderr.contains("/6 targets"), "{piped:?}");
    assert!(!piped.stderr.contains('\r'), "{piped:?}");
    assert!(piped.stderr.contains("wa-token: 6 targets in "), "{piped:?}");
    assert!(piped.stderr.contains("6 valid"), "{piped:?}");
    // Machine output gets no summary: a monitor's cron would mail it every run.
    let json = p.wa().graph(&fake).args(args).arg("--json").code(0);
    assert!(!json.stderr.contains("targets in"), "{json:?}");
}

#[test]
fn fleet_flags_are_for_check_and_inspect_only() {
    let fake = FakeGraph::start();
    let p = Project::new();
    list(&p, &bots(&fake, &p, 1));
    let out = p.wa().graph(&fake).args(["--jobs", "4", "rotate"]).code(2);
    assert!(out.stderr.contains("only for `check` and `inspect`"), "{out:?}");
    p.wa().graph(&fake).args(["rotate", "--jobs", "4"]).code(2);
    let help = p.wa().args(["rotate", "--help"]).code(0);
    assert!(!help.stdout.contains("--targets-from") && !help.stdout.contains("--jobs"));
    let help = p.wa().args(["inspect", "--help"]).code(0);
    assert!(help.stdout.contains("--targets-from") && help.stdout.contains("--rate-limit-wait"));
    for (args, said) in [
        (&["check", "--jobs", "0"][..], "--jobs"),
        (&["check", "--rate-limit-wait", "soon"], "--rate-limit-wait"),
        (
            &["check", "--targets-from", "nowhere.txt"],
            "cannot read the target list nowhere.txt",
        ),
        (&["--jobs", "2", "check", "--jobs", "3"], "given twice"),
    ] {
        let out = p.wa().graph(&fake).args(args).code(2);
        assert!(out.stderr.contains(said), "{args:?}: {out:?}");
    }
    // A list that names nothing is a mistake, not a check of ./.env.
    p.write("empty.txt", b"# nothing yet\n\n");
    let out = p
        .wa()
        .graph(&fake)
        .args(["check", "--format", "nagios", "--targets-from", "empty.txt"])
        .code(3);
    assert!(out.stdout.contains("names no target"), "{out:?}");
}
