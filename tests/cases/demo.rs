//! `wa-token demo`: the whole story with no Meta account and no network.

use crate::support::*;
use std::process::Command;

fn demo_secrets() {
    for name in ["demo-expired-token", "demo-new-system-user-token"] {
        register_secret(&token(name));
    }
    register_secret(APP_SECRET);
}

/// Run `wa-token demo ARGS` with TMPDIR inside the project, so leftovers can be seen.
fn demo(p: &Project, args: &[&str]) -> Output {
    demo_secrets();
    std::fs::create_dir_all(p.path("tmp")).unwrap();
    p.wa()
        .env("TMPDIR", &p.path("tmp").display().to_string())
        .arg("demo")
        .args(args)
        .run()
}

#[test]
fn the_demo_tells_the_whole_story_and_leaves_nothing() {
    let p = Project::new();
    let out = demo(&p, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    for shown in [
        "$ wa-token check\n✗ token has expired",
        "(190/463) Error validating access token: Session has expired",
        "+++ .env (after rotate)",
        "✓ rotated WHATSAPP_API_TOKEN",
        "$ wa-token check\n✓ token is valid",
        "✓ message accepted",
        "WA-TOKEN OK - token valid",
        "wa_token_valid{",
        "every byte of .env but the token's is as it was",
    ] {
        assert!(
            out.stdout.contains(shown),
            "the demo does not show `{shown}`:\n{}",
            out.stdout
        );
    }
    // The stand-in is said once, not at every step.
    assert_eq!(out.all().matches("stand-in").count(), 1, "{out:?}");
    assert!(!out.stderr.contains("not Meta"), "{out:?}");
    assert_eq!(p.files(), vec!["tmp"], "the demo left files in the current directory");
    assert!(
        std::fs::read_dir(p.path("tmp")).unwrap().next().is_none(),
        "the demo left its temporary directory"
    );
}

#[test]
fn the_demo_goes_through_the_real_writer() {
    let p = Project::new();
    let out = demo(&p, &["--keep"]);
    assert_eq!(out.code, 0, "{out:?}");
    let kept = std::fs::read_dir(p.path("tmp"))
        .unwrap()
        .next()
        .expect("--keep kept the directory")
        .unwrap()
        .path();
    assert!(
        out.stderr.contains(&kept.display().to_string()),
        "--keep says where: {out:?}"
    );
    // The backup is the bot's file as it was; the file is that, with the token replaced.
    let before = std::fs::read_to_string(kept.join(".env.bak")).unwrap();
    let after = std::fs::read_to_string(kept.join(".env")).unwrap();
    let (old, new) = (token("demo-expired-token"), token("demo-new-system-user-token"));
    assert!(before.contains(&old) && after.contains(&new));
    assert_eq!(before.replace(&old, &new), after);
    // The rotated file reads back the same for the readers bots use.
    assert_eq!(
        readers::python_dotenv(&kept.join(".env")).get("WHATSAPP_API_TOKEN"),
        Some(&new)
    );
}

#[test]
fn the_demo_as_json_is_one_object_with_every_step() {
    let p = Project::new();
    let out = demo(&p, &["--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let json = out.json();
    assert_eq!(json["status"], "ok");
    let steps = json["steps"].as_array().unwrap();
    assert!(steps.len() >= 8);
    assert_eq!(steps[0]["command"], "wa-token check --json");
    assert_eq!(steps[0]["exit_code"], 1);
    assert_eq!(steps[0]["result"]["error"]["subcode"], 463);
    assert!(steps.iter().any(|s| s["result"]["status"] == "rotated"));
    assert!(steps.iter().any(|s| s["result"]["status"] == "sent"));
}

#[test]
fn the_demo_needs_no_network() {
    // A network namespace with only loopback up: nothing but 127.0.0.1 can be reached.
    let probe = Command::new("unshare").args(["-n", "true"]).output();
    assert!(
        probe.as_ref().is_ok_and(|o| o.status.success()),
        "`unshare -n` is needed to prove the demo needs no network (root, or unprivileged user namespaces): {probe:?}"
    );
    demo_secrets();
    let p = Project::new();
    let started = std::time::Instant::now();
    let out = Command::new("unshare")
        .args(["-n", "sh", "-c", &format!("ip link set lo up && '{}' demo", binary())])
        .current_dir(p.dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", p.dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("✓ message accepted"), "{stdout}");
    // "A few seconds": a generous bound against a hang, not a benchmark.
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    for secret in [token("demo-expired-token"), token("demo-new-system-user-token")] {
        assert!(!stdout.contains(&secret) && !String::from_utf8_lossy(&out.stderr).contains(&secret));
    }
}
