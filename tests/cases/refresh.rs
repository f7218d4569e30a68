//! `wa-token refresh`: renewing through Meta's token exchange, and when it must not.

use crate::support::*;

fn setup(profile: Profile, with_app: bool) -> (Project, FakeGraph, String, String) {
    let fake = FakeGraph::start();
    let old = secret_token("refresh-old");
    let new = secret_token("refresh-new");
    fake.with_token(&old, profile);
    fake.with_token(&new, Profile::user_expiring_in(60));
    fake.exchange_gives(&new, Some(5_183_944));
    let p = Project::new();
    p.env(&env_file(&old, with_app));
    (p, fake, old, new)
}

#[test]
fn renews_an_expiring_token_and_writes_it_like_rotate() {
    let (p, fake, old, new) = setup(Profile::user_expiring_in(5), true);
    let before = String::from_utf8(p.read(".env")).unwrap();
    let out = p.wa().graph(&fake).args(["refresh", "--yes", "--json"]).code(0);
    let json = out.json();
    assert_eq!(json["status"], "refreshed", "{out:?}");
    assert_eq!(json["new"]["fingerprint"].as_str().unwrap().len(), 19);
    assert_eq!(String::from_utf8(p.read(".env")).unwrap(), before.replace(&old, &new));
    assert_eq!(String::from_utf8(p.read(".env.bak")).unwrap(), before);
    let exchange = fake.requests_to("/oauth/access_token");
    assert_eq!(exchange.len(), 1);
    let q = &exchange[0].query;
    assert_eq!(q.get("grant_type").map(String::as_str), Some("fb_exchange_token"));
    assert_eq!(q.get("client_id").map(String::as_str), Some(APP_ID));
    assert_eq!(q.get("client_secret").map(String::as_str), Some(APP_SECRET));
    assert_eq!(q.get("fb_exchange_token"), Some(&old));
    assert!(!q.contains_key("set_token_expires_in_60_days"), "a user token");
    // The new token went through rotate's validation.
    assert!(
        json["validation"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "permissions" && c["status"] == "pass")
    );
}

#[test]
fn system_user_tokens_ask_for_60_days() {
    let mut profile = Profile::system_user();
    profile.debug["expires_at"] = serde_json::json!(fake_graph::now() + 3 * 86_400);
    let (p, fake, _, _) = setup(profile, true);
    let out = p.wa().graph(&fake).args(["refresh", "--yes"]).code(0);
    assert!(out.stdout.contains("refreshed WHATSAPP_API_TOKEN"), "{out:?}");
    let q = &fake.requests_to("/oauth/access_token")[0].query;
    assert_eq!(q.get("set_token_expires_in_60_days").map(String::as_str), Some("true"));
}

#[test]
fn a_permanent_token_is_left_alone() {
    let (p, fake, _, _) = setup(Profile::system_user(), true);
    let before = p.read(".env");
    let out = p.wa().graph(&fake).args(["refresh", "--yes", "--json"]).code(0);
    assert_eq!(out.json()["status"], "unchanged");
    assert!(out.json()["reason"].as_str().unwrap().contains("never expires"));
    assert!(fake.requests_to("/oauth/access_token").is_empty());
    assert_eq!(p.read(".env"), before);
}

#[test]
fn if_expiring_within_leaves_a_token_with_more_days_alone() {
    let (p, fake, old, new) = setup(Profile::user_expiring_in(5), true);
    let out = p
        .wa()
        .graph(&fake)
        .args(["refresh", "--yes", "--if-expiring-within", "3", "--json"])
        .code(0);
    assert_eq!(out.json()["status"], "unchanged");
    assert!(fake.requests_to("/oauth/access_token").is_empty());
    assert!(String::from_utf8(p.read(".env")).unwrap().contains(&old));
    let out = p
        .wa()
        .graph(&fake)
        .args(["refresh", "--yes", "--if-expiring-within", "14", "--json"])
        .code(0);
    assert_eq!(out.json()["status"], "refreshed");
    assert!(String::from_utf8(p.read(".env")).unwrap().contains(&new));
}

#[test]
fn without_app_credentials_exits_2_before_any_request() {
    let (p, fake, _, _) = setup(Profile::user_expiring_in(5), false);
    let out = p.wa().graph(&fake).args(["refresh", "--yes"]).code(2);
    assert!(out.stderr.contains("WHATSAPP_APP_SECRET"), "{out:?}");
    assert!(fake.requests().is_empty());
}

#[test]
fn an_expired_token_cannot_be_exchanged() {
    let (p, fake, _, _) = setup(Profile::expired(), true);
    let before = p.read(".env");
    let out = p.wa().graph(&fake).args(["refresh", "--yes", "--json"]).code(1);
    let json = out.json();
    assert_eq!(json["status"], "rejected");
    assert!(json["error"]["hint"].as_str().unwrap().contains("wa-token rotate"));
    assert!(fake.requests_to("/oauth/access_token").is_empty());
    assert_eq!(p.read(".env"), before);
    assert_eq!(p.files(), vec![".env"]);
}

#[test]
fn dry_run_does_not_call_the_exchange() {
    let (p, fake, _, _) = setup(Profile::user_expiring_in(5), true);
    let before = p.read(".env");
    let out = p.wa().graph(&fake).args(["refresh", "--dry-run", "--json"]).code(0);
    assert_eq!(out.json()["status"], "dry-run");
    assert!(fake.requests_to("/oauth/access_token").is_empty());
    assert_eq!(p.read(".env"), before);
}

#[test]
fn no_terminal_and_no_yes_exits_2_before_minting() {
    let (p, fake, _, _) = setup(Profile::user_expiring_in(5), true);
    let before = p.read(".env");
    p.wa().graph(&fake).args(["refresh"]).code(2);
    // Only the read that decides whether anything needs confirming: no exchange.
    assert!(fake.requests_to("/oauth/access_token").is_empty());
    assert_eq!(p.read(".env"), before);
}

#[test]
fn a_token_left_alone_needs_no_terminal() {
    // The README: a never-expiring token is left alone, exit 0 `unchanged`, from cron too.
    let (p, fake, _, _) = setup(Profile::system_user(), true);
    let out = p.wa().graph(&fake).args(["refresh", "--json"]).code(0);
    assert_eq!(out.json()["status"], "unchanged");
    let (p, fake, _, _) = setup(Profile::user_expiring_in(30), true);
    let out = p
        .wa()
        .graph(&fake)
        .args(["refresh", "--if-expiring-within", "7"])
        .code(0);
    assert!(out.stdout.contains("unchanged"), "{out:?}");
}

#[test]
fn restart_runs_after_a_refresh() {
    let (p, fake, _, _) = setup(Profile::user_expiring_in(5), true);
    let out = p
        .wa()
        .graph(&fake)
        .args(["refresh", "--yes", "--restart", "exit 7", "--json"])
        .code(5);
    assert_eq!(out.json()["status"], "refreshed");
    assert_eq!(out.json()["restart"]["exit_code"], 7);
}

#[test]
fn verify_url_applies_to_refresh_too() {
    let (p, fake, _, new) = setup(Profile::user_expiring_in(5), true);
    fake.app_debug_body(&format!("token …{}", &new[new.len() - 6..]));
    let url = format!("{}/debug", fake.url);
    let out = p
        .wa()
        .graph(&fake)
        .args(["refresh", "--yes", "--json", "--verify-url", &url, "--verify-wait", "3"])
        .code(0);
    assert_eq!(out.json()["status"], "refreshed");
    assert_eq!(out.json()["verify"]["success"], true);
    // An app that never shows it: written, but exit 5.
    let (p, fake, _, _) = setup(Profile::user_expiring_in(5), true);
    fake.app_debug_body("still the old one");
    let out = p
        .wa()
        .graph(&fake)
        .args([
            "refresh",
            "--yes",
            "--json",
            "--verify-url",
            &format!("{}/debug", fake.url),
            "--verify-wait",
            "1",
        ])
        .code(5);
    assert_eq!(out.json()["verify"]["success"], false);
}
