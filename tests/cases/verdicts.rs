//! Wrong verdicts found by trying the tool the way a careless paste or a copied URL would:
//! each case is the verdict a user relies on.

use crate::support::*;

#[test]
fn a_mangled_token_is_not_valid_rather_than_lacking_permissions() {
    // A truncated token, and `Bearer EAA…` stored whole in the file: Meta answers
    // `is_valid: false` with code 190 and no scopes.
    for (name, stored) in [
        ("truncated", secret_token("mangled-truncated")[..60].to_string()),
        ("bearer", format!("\"Bearer {}\"", secret_token("mangled-bearer"))),
    ] {
        let fake = FakeGraph::start();
        let p = Project::new();
        p.env(&format!(
            "WHATSAPP_API_TOKEN={stored}\nWHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n"
        ));
        let human = p.wa().graph(&fake).arg("check").code(1);
        assert!(human.stdout.contains("✗ token is not valid"), "{name}: {human:?}");
        assert!(!human.stdout.contains("lacks"), "{name}: {human:?}");
        assert!(!human.stdout.contains("never"), "{name}: {human:?}");
        assert!(
            human.stdout.contains("(190) Invalid OAuth access token"),
            "{name}: {human:?}"
        );
        let json = p.wa().graph(&fake).args(["check", "--json"]).code(1).json();
        assert_eq!(json["status"], "invalid", "{name}");
        assert_eq!(json["expiry_known"], false, "{name}");
        assert_eq!(json["expires_at"], serde_json::Value::Null, "{name}");
        assert_eq!(json["error"]["code"], 190, "{name}");
        assert_eq!(json["missing_scopes"], serde_json::json!([]), "{name}");
    }
}

#[test]
fn an_invalidated_token_does_not_claim_it_never_expires() {
    // Meta's answer for a token invalidated by a password change carries `expires_at: 0`.
    let (p, fake, _) = project_with_token("invalidated-expiry", Profile::invalidated(), true);
    let human = p.wa().graph(&fake).arg("check").code(1);
    assert!(human.stdout.contains("✗ token was revoked"), "{human:?}");
    assert!(!human.stdout.contains("never"), "{human:?}");
    let json = p.wa().graph(&fake).args(["check", "--json"]).code(1).json();
    assert_eq!(json["expiry_known"], false);
}

#[test]
fn a_graph_url_with_a_version_is_a_configuration_error() {
    let (p, fake, _) = project_with_token("versioned-url", Profile::system_user(), true);
    for url in [format!("{}/v25.0", fake.url), format!("{}/v19.0/", fake.url)] {
        let out = p.wa().env("WA_TOKEN_GRAPH_URL", &url).arg("check").code(2);
        assert!(out.stderr.contains("--graph-version"), "{out:?}");
        assert!(out.stderr.contains("drop"), "{out:?}");
    }
    assert!(fake.requests().is_empty(), "a request was sent with a doubled version");
}

#[test]
fn a_new_token_of_another_app_is_called_that_with_app_credentials() {
    let fake = FakeGraph::start();
    let current = secret_token("mixed-current");
    let other = secret_token("mixed-other-app");
    fake.with_token(&current, Profile::system_user());
    fake.with_token(&other, Profile::system_user().of_app("999999999999999"));
    let p = Project::new();
    p.env(&env_file(&current, true));
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(other.clone())
        .code(1);
    let all = out.all();
    assert!(all.contains("app"), "{out:?}");
    assert!(!all.contains("refused without app credentials"), "{out:?}");
}

#[test]
fn dry_run_masks_every_assignment_and_anything_shaped_like_a_token() {
    let fake = FakeGraph::start();
    let current = secret_token("dry-dup-current");
    let earlier = secret_token("dry-dup-earlier");
    let new = secret_token("dry-dup-new");
    let app_token = format!("{APP_ID}|{}", "aB3dE5fG7hJ9kL1mN3pQ5rS7");
    register_secret(&app_token["634974688087057|".len()..]);
    fake.with_token(&current, Profile::system_user());
    fake.with_token(&new, Profile::system_user());
    let p = Project::new();
    p.env(&format!(
        "WHATSAPP_API_TOKEN={earlier}\nWHATSAPP_API_TOKEN=\"{current}\" # {app_token}\nWHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n"
    ));
    for flags in [&["--dry-run"][..], &["--dry-run", "--json"]] {
        let out = p
            .wa()
            .graph(&fake)
            .args(["rotate", "--token-stdin"])
            .args(flags)
            .stdin(new.clone())
            .code(0);
        assert!(
            !out.all().contains(&earlier) && out.all().contains(&wa_token::secret::mask(&earlier)),
            "{out:?}"
        );
    }
}

#[test]
fn warnings_name_the_line_not_its_text() {
    let (p, fake, _) = project_with_token("bare-line", Profile::system_user(), true);
    let pasted = secret_token("pasted-bare");
    let mut content = String::from_utf8(p.read(".env")).unwrap();
    content.push_str(&format!("{pasted}\n"));
    p.env(&content);
    let out = p.wa().graph(&fake).arg("check").run();
    let bare = &pasted[..20];
    assert!(!out.all().contains(bare), "a warning quoted the line: {out:?}");
    assert!(
        out.stderr.contains("line 7"),
        "the warning does not name the line: {out:?}"
    );
}

#[test]
fn plain_http_to_loopback_never_goes_through_a_proxy() {
    let (p, fake, _) = project_with_token("proxy-loopback", Profile::system_user(), true);
    let proxy = FakeGraph::start();
    for var in ["http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy"] {
        p.wa().graph(&fake).env(var, &proxy.url).arg("check").code(0);
    }
    assert!(proxy.requests().is_empty(), "a request went through the proxy");
}

#[test]
fn a_graph_url_that_is_not_metas_is_announced() {
    let (p, fake, _) = project_with_token("announce", Profile::system_user(), true);
    let out = p.wa().graph(&fake).arg("check").code(0);
    assert!(
        out.stderr.contains("warning: sending the token to http://127.0.0.1:"),
        "{out:?}"
    );
    assert!(out.stderr.contains("not Meta"), "{out:?}");
    let json = p.wa().graph(&fake).args(["check", "--json"]).code(0).json();
    assert_eq!(json["graph_url"], format!("{}/", fake.url));
}

#[test]
fn a_rejected_new_token_has_no_permissions_to_pass() {
    let (p, fake, _) = project_with_token("rejected-perms", Profile::system_user(), true);
    let garbage = secret_token("never-issued-by-meta");
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes", "--json"])
        .stdin(garbage)
        .code(1);
    let rows = out.json()["validation"].as_array().cloned().unwrap_or_default();
    let status = |name: &str| rows.iter().find(|r| r["name"] == name).map(|r| r["status"].clone());
    assert_eq!(status("valid"), Some(serde_json::json!("fail")));
    assert_eq!(status("permissions"), Some(serde_json::json!("skip")), "{rows:?}");
}
