//! A newcomer's first hour: each test is a wrong turn someone took, and what they now see.

use crate::support::readers;
use crate::support::*;

#[test]
fn rotate_in_the_wrong_directory_creates_nothing_and_points_to_the_bot() {
    let new = secret_token("wrong-dir-new");
    let fake = FakeGraph::start();
    fake.with_token(&new, Profile::system_user());
    let p = Project::new();
    p.env(&env_file(&secret_token("wrong-dir-old"), true));
    std::fs::create_dir(p.path("src")).unwrap();
    let mut run = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(new.clone());
    run = run.current_dir(&p.path("src"));
    let out = run.code(2);
    let searched = p.path("src").join(".env");
    assert!(out.stderr.contains(&searched.display().to_string()), "{out:?}");
    assert!(
        out.stderr.contains(&p.path(".env").display().to_string()),
        "the parent's env file is named: {out:?}"
    );
    assert!(out.stderr.contains("--create"), "{out:?}");
    assert!(!searched.exists(), "a new env file was created");
    assert!(fake.requests().is_empty(), "requests were made before refusing");
}

#[test]
fn no_token_found_names_the_absolute_path() {
    let p = Project::new();
    let out = p.wa().arg("check").code(2);
    assert!(out.stderr.contains(&p.path(".env").display().to_string()), "{out:?}");
}

#[test]
fn a_token_under_another_name_is_found_and_named() {
    let p = Project::new();
    let t = secret_token("other-name");
    p.env(&format!("# bot\nPORT=3000\nWHATSAPP_CLOUD_API_TOKEN={t}\n"));
    let out = p.wa().arg("check").code(2);
    assert!(
        out.stderr
            .contains("did you mean `--token-var WHATSAPP_CLOUD_API_TOKEN`"),
        "{out:?}"
    );
    assert!(out.stderr.contains("line 3"), "{out:?}");
    assert!(!out.stderr.contains("run `wa-token rotate` to add it"), "{out:?}");
}

#[test]
fn a_token_argument_is_refused_without_echoing_it() {
    let p = Project::new();
    let t = secret_token("argv-token");
    for args in [
        vec!["rotate".to_string(), "--token".into(), t.clone()],
        vec!["rotate".into(), format!("--token={t}")],
    ] {
        let out = p.wa().arg_list(&args).code(2);
        assert!(out.stderr.contains("never taken from arguments"), "{out:?}");
        assert!(out.stderr.contains("--token-stdin"), "{out:?}");
        assert!(!out.stderr.contains("--token-var"), "{out:?}");
    }
}

#[test]
fn token_stdin_without_yes_in_a_pipe_stops_before_any_request() {
    let (p, fake, _) = project_with_token("pipe-no-yes", Profile::system_user(), true);
    let new = secret_token("pipe-no-yes-new");
    fake.with_token(&new, Profile::system_user());
    let out = p.wa().graph(&fake).args(["rotate", "--token-stdin"]).stdin(new).code(2);
    assert!(out.stderr.contains("--yes"), "{out:?}");
    assert!(
        fake.requests().is_empty(),
        "validation requests were made before refusing"
    );
}

#[test]
fn token_stdin_on_a_terminal_is_refused() {
    let (p, fake, _) = project_with_token("stdin-tty", Profile::system_user(), true);
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .in_terminal(&[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stdout.contains("stdin is a terminal"), "{out:?}");
    assert!(fake.requests().is_empty());
}

#[test]
fn a_dead_verify_url_is_known_before_the_file_changes() {
    let (p, fake, _) = project_with_token("dead-verify", Profile::system_user(), true);
    let new = secret_token("dead-verify-new");
    fake.with_token(&new, Profile::system_user());
    let before = p.read(".env");
    let dead = unreachable_url();
    let out = p
        .wa()
        .graph(&fake)
        .args([
            "rotate",
            "--token-stdin",
            "--yes",
            "--verify-url",
            &format!("{}/debug", dead.url),
        ])
        .stdin(new)
        .code(2);
    assert!(out.stderr.contains("cannot be reached"), "{out:?}");
    assert_eq!(p.read(".env"), before, "the file changed");
}

#[test]
fn verify_wait_waits_the_whole_time() {
    let (p, fake, _) = project_with_token("verify-wait", Profile::system_user(), true);
    let new = secret_token("verify-wait-new");
    fake.with_token(&new, Profile::system_user());
    // The fake's /debug page never shows the new token.
    let started = std::time::Instant::now();
    let out = p
        .wa()
        .graph(&fake)
        .args([
            "rotate",
            "--token-stdin",
            "--yes",
            "--verify-wait",
            "2",
            "--verify-url",
            &format!("{}/debug", fake.url),
        ])
        .stdin(new)
        .code(5);
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(2),
        "gave up early: {out:?}"
    );
}

#[test]
fn a_usage_error_under_nagios_prints_the_unknown_line() {
    let p = Project::new();
    let out = p
        .wa()
        .args(["check", "--format", "nagios", "--warn-days", "soon"])
        .code(3);
    assert!(out.stdout.starts_with("WA-TOKEN UNKNOWN - "), "{out:?}");
    assert_eq!(out.stdout.lines().count(), 1, "{out:?}");
}

#[test]
fn rotate_never_suggests_force_for_a_token_that_cannot_work() {
    let (p, fake, _) = project_with_token("hint-current", Profile::system_user(), true);
    let expired = secret_token("hint-expired-new");
    fake.with_token(&expired, Profile::expired());
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(expired)
        .code(1);
    assert!(!out.all().contains("--force"), "{out:?}");
    assert!(!out.all().contains("then run `wa-token rotate`"), "{out:?}");
}

#[test]
fn an_expiring_token_with_app_credentials_is_renewed_by_refresh() {
    let (p, fake, _) = project_with_token("expiring-app", Profile::user_expiring_in(3), true);
    let out = p.wa().graph(&fake).arg("check").code(3);
    assert!(out.stderr.contains("wa-token refresh"), "{out:?}");
    // The judgement is shared: inspect says the same.
    let out = p.wa().graph(&fake).arg("inspect").code(3);
    assert!(out.stderr.contains("wa-token refresh"), "{out:?}");
    // Without the app's credentials, the exchange cannot be made: the dashboard it is.
    let (q, fake, _) = project_with_token("expiring-no-app", Profile::user_expiring_in(3), false);
    let out = q.wa().graph(&fake).arg("check").code(3);
    assert!(!out.stderr.contains("wa-token refresh"), "{out:?}");
}

#[test]
fn several_inspected_files_name_themselves_in_warnings() {
    let fake = FakeGraph::start();
    let p = Project::new();
    for name in ["a.env", "b.env"] {
        let t = secret_token(&format!("multi-{name}"));
        fake.with_token(&t, Profile::system_user());
        p.write(
            name,
            format!("WHATSAPP_API_TOKEN={t}\nWHATSAPP_PHONE_NUMBER_ID=999\n").as_bytes(),
        );
    }
    let out = p
        .wa()
        .graph(&fake)
        .args(["inspect", "--env-file", "a.env", "--env-file", "b.env"])
        .run();
    for name in ["a.env", "b.env"] {
        assert!(
            out.stderr
                .contains(&format!("warning: {name}: cannot read the phone number")),
            "{out:?}"
        );
    }
}

#[test]
fn days_are_counted_the_same_way_everywhere() {
    // Expired 2 days and 5 hours ago: "2 days ago" for people, -2 for scripts and Nagios.
    let fake = FakeGraph::start();
    let t = secret_token("rounding");
    let mut profile = Profile::user_expiring_in(0);
    let expired_at = fake_graph::now() - 2 * 86_400 - 5 * 3600;
    profile.debug["expires_at"] = serde_json::json!(expired_at);
    fake.with_token(&t, profile);
    let p = Project::new();
    p.env(&env_file(&t, true));
    let human = p.wa().graph(&fake).arg("check").code(1);
    assert!(human.stdout.contains("(2 days ago)"), "{human:?}");
    let json = p.wa().graph(&fake).args(["check", "--json"]).code(1).json();
    assert_eq!(json["expires_in_days"], -2);
    let nagios = p.wa().graph(&fake).args(["check", "--format", "nagios"]).run();
    assert!(nagios.stdout.contains("days_left=-2;"), "{nagios:?}");
}

#[test]
fn one_digit_is_one_digit() {
    let (p, fake, _) = project_with_token("digits", Profile::system_user(), true);
    let out = p.wa().graph(&fake).args(["send-test", "--to", "1"]).code(2);
    assert!(out.stderr.contains("has 1 digit;"), "{out:?}");
}

/// Ctrl-C at a prompt, then `stty -a` in the same terminal: echo is back on, and the
/// cursor was shown again.
fn interrupted_at(p: &Project, fake: &FakeGraph, args: &str, prompt: &str) -> String {
    let script = format!("trap 'stty -a; exit 0' INT; '{}' {args}; stty -a", binary());
    let out = std::process::Command::new("python3")
        .arg(readers::repo().join("tests/support/pty_session.py"))
        .arg(format!("{prompt}=<ctrl-c>"))
        .args(["--", "sh", "-c", &script])
        .current_dir(p.dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", p.dir.path())
        .env("TERM", "xterm")
        .env("WA_TOKEN_GRAPH_URL", &fake.url)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn ctrl_c_at_a_prompt_leaves_the_terminal_as_it_was() {
    let (p, fake, _) = project_with_token("ctrl-c", Profile::system_user(), true);
    let shown = interrupted_at(&p, &fake, "rotate", "New token");
    let settings = shown
        .lines()
        .find(|l| l.contains("echo"))
        .unwrap_or_default()
        .to_string();
    assert!(
        settings.contains(" echo ") || settings.starts_with("echo "),
        "echo is off after Ctrl-C: {shown}"
    );
    assert!(!settings.contains("-echo "), "echo is off after Ctrl-C: {shown}");
    // The confirmation hides the cursor: it is shown again.
    let new = secret_token("ctrl-c-new");
    fake.with_token(&new, Profile::system_user());
    let (q, _, _) = project_with_token("ctrl-c-confirm", Profile::system_user(), true);
    std::fs::write(q.path("new.txt"), &new).unwrap();
    let shown = interrupted_at(&q, &fake, "rotate --token-stdin < new.txt", "Write the new token?");
    assert!(shown.contains("\u{1b}[?25h"), "the cursor stays hidden: {shown:?}");
    assert!(!shown.contains(&new));
}

#[test]
fn backup_and_lock_files_that_git_would_commit_are_named() {
    let (p, fake, _) = project_with_token("gitignore", Profile::system_user(), true);
    let new = secret_token("gitignore-new");
    fake.with_token(&new, Profile::system_user());
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(p.dir.path())
            .output()
            .unwrap()
    };
    git(&["init", "-q"]);
    std::fs::write(p.path(".gitignore"), ".env\n").unwrap();
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(new.clone())
        .code(0);
    assert!(
        out.stderr.contains("add `.env.bak` and `.env.lock` to .gitignore"),
        "{out:?}"
    );
    // Once they are ignored, nothing more is said.
    std::fs::write(p.path(".gitignore"), ".env*\n").unwrap();
    let newer = secret_token("gitignore-newer");
    fake.with_token(&newer, Profile::system_user());
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(newer)
        .code(0);
    assert!(!out.stderr.contains(".gitignore"), "{out:?}");
}

#[test]
fn with_restart_a_dead_verify_url_is_only_a_warning_before_the_write() {
    // The restart may be what brings the app up: the probe warns, the write goes ahead, and
    // the proof after the restart decides (here it fails: exit 5).
    let (p, fake, _) = project_with_token("dead-verify-restart", Profile::system_user(), true);
    let new = secret_token("dead-verify-restart-new");
    fake.with_token(&new, Profile::system_user());
    let dead = unreachable_url();
    let out = p
        .wa()
        .graph(&fake)
        .args([
            "rotate",
            "--token-stdin",
            "--yes",
            "--restart",
            "true",
            "--verify-wait",
            "1",
        ])
        .args(["--verify-url", &format!("{}/debug", dead.url)])
        .stdin(new.clone())
        .code(5);
    assert!(out.stderr.contains("checked again after --restart"), "{out:?}");
    assert!(
        String::from_utf8(p.read(".env")).unwrap().contains(&new),
        "the token was not written"
    );
}

#[test]
fn a_timeout_of_zero_says_what_is_allowed() {
    let p = Project::new();
    let out = p.wa().args(["check", "--timeout", "0"]).code(2);
    assert!(out.stderr.contains("above 0 and at most 3600"), "{out:?}");
}
