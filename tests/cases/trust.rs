//! Trust at the edges: hostile pastes, names, server text and files never crash the tool,
//! leak a secret or forge output.

use crate::support::*;

fn rotate_paste(paste: &str, extra: &[&str]) -> (Project, FakeGraph, Output, Vec<u8>) {
    let (p, fake, _) = project_with_token("paste-current", Profile::system_user(), true);
    let before = p.read(".env");
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .args(extra)
        .stdin(paste.as_bytes().to_vec())
        .run();
    (p, fake, out, before)
}

#[test]
fn pastes_that_used_to_panic_are_refused_or_cleaned() {
    let token = secret_token("paste-nbsp");
    // `Bearer` + NO-BREAK SPACE + token: the old cleaner sliced inside the NBSP and panicked
    // with the whole token in its message.
    let (_, fake, out, _) = rotate_paste(&format!("Bearer\u{a0}{token}"), &["--dry-run"]);
    assert!(
        !out.all().contains("panicked") && !out.all().contains("internal error"),
        "{out:?}"
    );
    assert!(matches!(out.code, 0 | 1), "{out:?}");
    let asked = fake.requests_to("/debug_token");
    assert!(
        asked.iter().any(|r| r.query.get("input_token") == Some(&token)),
        "the cleaned token was not the one validated"
    );
    // A masked value pasted by mistake.
    for flags in [&[][..], &["--json"]] {
        let (p, fake, out, before) = rotate_paste("EAAJAa…0ad5", flags);
        assert_eq!(out.code, 2, "{out:?}");
        assert!(out.all().contains("masked"), "{out:?}");
        assert_eq!(p.read(".env"), before);
        assert!(fake.requests().is_empty());
        if flags.contains(&"--json") {
            assert_eq!(out.json()["status"], "error");
        }
    }
}

#[test]
fn force_never_writes_a_token_with_invisible_characters() {
    let token = secret_token("zero-width");
    let (mid_a, mid_b) = token.split_at(40);
    let (p, _, out, before) = rotate_paste(&format!("{mid_a}\u{200b}{mid_b}"), &["--force"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("U+200B"), "{out:?}");
    assert_eq!(p.read(".env"), before);
}

#[test]
fn token_var_names_are_checked_up_front() {
    let p = Project::new();
    for name in ["1X", ".", "A.B", "A-B", "", "A B"] {
        let out = p
            .wa()
            .args(["rotate", "--token-stdin", "--yes", "--token-var", name])
            .stdin("x")
            .run();
        assert_eq!(out.code, 2, "{name}: {out:?}");
        assert!(out.stderr.contains("not a valid variable name"), "{name}: {out:?}");
        assert!(!out.stderr.contains("please report"), "{name}: {out:?}");
    }
    let out = p.wa().args(["check", "--token-var", "_BOT_TOKEN2"]).run();
    assert!(!out.stderr.contains("not a valid variable name"), "{out:?}");
}

#[test]
fn server_text_cannot_forge_nagios_lines_or_rewrite_the_terminal() {
    let (p, fake, _) = project_with_token("forged", Profile::system_user(), true);
    let evil = "Bad\nWA-TOKEN OK - all fine | valid=1\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}gnp.exe";
    fake.always(Canned::Json(
        400,
        serde_json::json!({"error": {"code": 2, "message": evil, "type": "OAuthException", "is_transient": true}}),
    ));
    let nagios = p.wa().graph(&fake).args(["check", "--format", "nagios"]).run();
    assert_eq!(nagios.code, 3, "{nagios:?}");
    assert_eq!(nagios.stdout.lines().count(), 1, "{nagios:?}");
    assert_eq!(nagios.stdout.matches('|').count(), 1, "{nagios:?}");
    for out in [
        nagios,
        p.wa().graph(&fake).arg("check").run(),
        p.wa().graph(&fake).args(["check", "--json"]).run(),
        p.wa().graph(&fake).arg("inspect").run(),
        p.wa().graph(&fake).arg("doctor").run(),
    ] {
        let all = out.all();
        assert!(
            !all.contains('\u{1b}') && !all.contains('\u{7}') && !all.contains('\u{202e}'),
            "{out:?}"
        );
        assert!(!all.contains("\nWA-TOKEN OK"), "{out:?}");
    }
}

#[test]
fn show_token_shows_its_own_field_only() {
    let (p, fake, token) = project_with_token("show-token", Profile::system_user(), true);
    // Meta echoes the app secret back in an error message about the business account.
    fake.always(Canned::Json(
        400,
        serde_json::json!({"error": {"code": 100, "message": format!("bad secret {APP_SECRET}"), "type": "OAuthException"}}),
    ));
    let out = p
        .wa()
        .graph(&fake)
        .args(["inspect", "--show-token", "--json"])
        .allow_secret_in_output()
        .run();
    assert!(!out.all().contains(APP_SECRET), "{out:?}");
    let json = out.json();
    assert_eq!(json["token"]["value"], token.as_str());
    assert_eq!(out.stdout.matches(token.as_str()).count(), 1, "{out:?}");
}

#[test]
fn json_escaping_cannot_smuggle_a_secret_out() {
    // A secret with a quote and a backslash is escaped in JSON, and still masked.
    let fake = FakeGraph::start();
    let p = Project::new();
    let odd = "s3cr3t\"with\\escapes-and-more-0123456789";
    register_secret(odd);
    register_secret(&serde_json::to_string(odd).unwrap()[1..odd.len()]);
    p.env(&format!("WHATSAPP_API_TOKEN='{odd}'\n"));
    let out = p.wa().graph(&fake).args(["check", "--json"]).run();
    let escaped = serde_json::to_string(odd).unwrap();
    assert!(!out.stdout.contains(&escaped[1..escaped.len() - 1]), "{out:?}");
    let _ = out.json();
}

#[test]
fn credentials_in_urls_are_refused_and_never_echoed() {
    let (p, fake, _) = project_with_token("url-creds", Profile::system_user(), true);
    let password = "hunter2sekretPASS";
    register_secret(password);
    for url in [
        format!("https://bot:{password}@graph.example"),
        format!("https://bot:{password} x@graph example"),
        format!("https://bot:{password}@graph.example/v25.0"),
    ] {
        let out = p.wa().args(["check", "--graph-url", &url]).run();
        assert_eq!(out.code, 2, "{url}: {out:?}");
        let out = p.wa().args(["check", "--json", "--graph-url", &url]).run();
        assert_eq!(out.code, 2, "{url}: {out:?}");
    }
    // An unparsable --verify-url is named without its password (the harness scans the
    // output for it).
    let out = p
        .wa()
        .graph(&fake)
        .args([
            "rotate",
            "--token-stdin",
            "--yes",
            "--verify-url",
            &format!("http://app:{password}@[x"),
        ])
        .stdin(secret_token("url-creds-new"))
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    let out = p
        .wa()
        .graph(&fake)
        .env("VAULT_ADDR", &format!("http://root:{password} @127.0.0.1:1"))
        .env("VAULT_TOKEN", "s.notarealtokenatall")
        .args(["check", "--store", "vault://secret/bot"])
        .run();
    assert_eq!(out.code, 2, "{out:?}");
}
