//! The settings flags: before or after the subcommand, never twice, never on `completions`
//! and `man`; and what happens when the verdict cannot be written.

use crate::support::*;

#[test]
fn settings_flags_work_before_and_after_the_subcommand() {
    let (p, fake, _) = project_with_token("placement", Profile::system_user(), true);
    std::fs::rename(p.path(".env"), p.path("bot.env")).unwrap();
    let before = p
        .wa()
        .graph(&fake)
        .args(["--env-file", "bot.env", "--json", "check"])
        .code(0);
    let after = p
        .wa()
        .graph(&fake)
        .args(["check", "--env-file", "bot.env", "--json"])
        .code(0);
    assert_eq!(before.json()["env_file"], "bot.env");
    assert_eq!(before.json(), after.json());
    // Repeatable ones accumulate across both places.
    std::fs::copy(p.path("bot.env"), p.path("other.env")).unwrap();
    let both = p
        .wa()
        .graph(&fake)
        .args(["--env-file", "bot.env", "check", "--env-file", "other.env", "--json"])
        .code(0);
    assert_eq!(both.json()["results"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_single_valued_setting_given_twice_is_a_usage_error() {
    let p = Project::new();
    for args in [
        &["--timeout", "5", "check", "--timeout", "6"][..],
        &["check", "--timeout", "5", "--timeout", "6"],
        &["--json", "check", "--json"],
        &["--format", "nagios", "check", "--format", "json"],
    ] {
        let out = p.wa().args(args).run();
        assert_eq!(
            out.code,
            if args.contains(&"nagios") { 3 } else { 2 },
            "{args:?}: {out:?}"
        );
        let said = format!("{}{}", out.stdout, out.stderr);
        assert!(
            said.contains("twice") || said.contains("multiple times"),
            "{args:?}: {out:?}"
        );
    }
}

#[test]
fn completions_and_man_take_no_settings() {
    let p = Project::new();
    for args in [
        &["completions", "bash", "--json"][..],
        &["--json", "completions", "bash"],
        &["man", "--env-file", "x.env"],
        &["--graph-url", "https://example.com", "man"],
    ] {
        let out = p.wa().args(args).run();
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed {}", out.stdout);
    }
    for command in ["completions", "man"] {
        let help = p.wa().args([command, "--help"]).code(0);
        for flag in [
            "--graph-url",
            "--timeout",
            "--json",
            "--env-file",
            "--token-var",
            "--graph-version",
            "--color",
            "--format",
            "--phone-number-id",
            "--verbose",
        ] {
            assert!(!help.stdout.contains(flag), "`{command} --help` lists {flag}");
        }
    }
    // Only `check` has a Nagios format: elsewhere `--format nagios` is a plain usage error.
    for args in [
        &["completions", "bash", "--format", "nagios"][..],
        &["--format", "nagios", "man"],
    ] {
        let out = p.wa().args(args).run();
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed {}", out.stdout);
    }
    // A broken setting in the environment does not break them either.
    let out = p
        .wa()
        .env("WA_TOKEN_GRAPH_URL", "ftp://nope")
        .args(["completions", "fish"])
        .code(0);
    assert!(out.stdout.contains("complete -c wa-token"));
}

#[test]
fn format_is_only_for_check() {
    let p = Project::new();
    let out = p.wa().args(["--format", "prometheus", "inspect"]).code(2);
    assert!(out.stderr.contains("only for `check`"), "{out:?}");
}

/// Run the binary with stdout on `/dev/full` (every write fails with ENOSPC).
fn run_into_dev_full(p: &Project, fake: &FakeGraph, args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    std::process::Command::new(binary())
        .args(args)
        .current_dir(p.dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", p.dir.path())
        .env("WA_TOKEN_GRAPH_URL", &fake.url)
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_verdict_that_cannot_be_written_is_not_success() {
    let (p, fake, token) = project_with_token("dev-full", Profile::system_user(), true);
    for (args, expected) in [
        (&["check", "--format", "prometheus"][..], 4),
        (&["check", "--format", "nagios"], 3),
        (&["check", "--json"], 4),
        (&["check"], 4),
        (&["inspect"], 4),
    ] {
        let out = run_into_dev_full(&p, &fake, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(expected), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write to stdout"), "{args:?}: {stderr}");
        assert!(!stderr.contains(&token));
    }
}

#[test]
fn a_closed_pipe_stays_quiet() {
    let (p, fake, _) = project_with_token("closed-pipe", Profile::system_user(), true);
    let mut child = std::process::Command::new(binary())
        .args(["check", "--format", "prometheus"])
        .current_dir(p.dir.path())
        .env_clear()
        .env("HOME", p.dir.path())
        .env("WA_TOKEN_GRAPH_URL", &fake.url)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("error") && !stderr.contains("panick"), "{stderr}");
}
