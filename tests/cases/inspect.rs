//! `wa-token inspect`: concurrency, the phone number and WABA, reach warnings, --show-token.

use crate::support::*;
use serde_json::Value;
use std::time::{Duration, Instant};

fn setup(profile: Profile, with_app: bool) -> (Project, FakeGraph, String) {
    project_with_token("inspect", profile, with_app)
}

#[test]
fn reports_everything_with_app_credentials() {
    let (p, fake, t) = setup(Profile::system_user(), true);
    fake.require_appsecret_proof();
    let out = p.wa().graph(&fake).args(["inspect", "--json"]).code(0);
    let json = out.json();
    for field in [
        "status",
        "valid",
        "type",
        "app_id",
        "application",
        "expiry_known",
        "expires_at",
        "expires_in_days",
        "scopes",
        "missing_scopes",
        "error",
        "token",
        "issued_at",
        "data_access_expires_at",
        "user_id",
        "granular_scopes",
        "phone_number",
        "business_account",
    ] {
        assert!(json.get(field).is_some(), "`{field}` missing: {json:#}");
    }
    assert_eq!(json["status"], "valid");
    assert_eq!(json["user_id"], "104169029247128");
    assert_eq!(json["phone_number"]["display_phone_number"], "15550783881");
    assert_eq!(json["phone_number"]["quality_rating"], "GREEN");
    assert_eq!(json["business_account"]["account_review_status"], "APPROVED");
    assert_eq!(json["granular_scopes"][0]["scope"], "whatsapp_business_management");
    assert_eq!(json["data_access_expires_at"], Value::Null);
    // Every call but debug_token carries a correct appsecret_proof (the fake checks it).
    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    for r in requests.iter().filter(|r| !r.path.ends_with("debug_token")) {
        assert!(r.query.contains_key("appsecret_proof"), "{r:?}");
        assert_eq!(r.header("authorization"), Some(format!("Bearer {t}").as_str()));
        assert!(r.query.contains_key("fields"));
    }
}

#[test]
fn human_output_shows_phone_and_account() {
    let (p, fake, _) = setup(Profile::user_expiring_in(40), true);
    let out = p.wa().graph(&fake).args(["inspect"]).code(0);
    assert!(
        out.stdout.contains("phone number:") && out.stdout.contains("15550783881 Lucky Shrub"),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("business account:") && out.stdout.contains("APPROVED"),
        "{out:?}"
    );
    assert!(out.stdout.contains("data access:"), "{out:?}");
}

#[test]
fn requests_run_concurrently() {
    let (p, fake, _) = setup(Profile::system_user(), true);
    fake.set_latency(Duration::from_millis(500));
    let started = Instant::now();
    p.wa().graph(&fake).args(["inspect", "--json"]).code(0);
    let took = started.elapsed();
    assert_eq!(fake.requests().len(), 3);
    // Three 500 ms requests in sequence would take 1.5 s.
    assert!(took < Duration::from_millis(1200), "inspect took {took:?}");
}

#[test]
fn fallback_uses_the_phone_read_already_made() {
    let (p, fake, _) = setup(Profile::system_user(), false);
    let out = p.wa().graph(&fake).args(["inspect", "--json"]).code(0);
    let json = out.json();
    assert_eq!(json["status"], "valid");
    assert_eq!(json["expiry_known"], false);
    assert_eq!(json["phone_number"]["id"], PHONE_ID);
    assert_eq!(fake.requests().len(), 3, "debug_token, phone and WABA, no extra read");
}

#[test]
fn warns_when_the_waba_is_outside_the_tokens_reach() {
    let (p, fake, _) = setup(Profile::restricted_to(&["555000111"]), true);
    let out = p.wa().graph(&fake).args(["inspect", "--json"]).code(0);
    let json = out.json();
    assert!(json["warnings"].to_string().contains("target_ids"), "{json:#}");
    assert!(out.stderr.contains("wa-token: warning:"), "{out:?}");
    let (p, fake, _) = setup(Profile::restricted_to(&[WABA_ID]), true);
    let out = p.wa().graph(&fake).args(["inspect", "--json"]).code(0);
    assert!(!out.json()["warnings"].to_string().contains("target_ids"));
}

#[test]
fn unreadable_phone_number_is_reported() {
    let (p, fake, _) = setup(Profile::system_user(), true);
    fake.remove_phone(PHONE_ID);
    let out = p.wa().graph(&fake).args(["inspect", "--json"]).code(0);
    let json = out.json();
    assert_eq!(json["phone_number"], Value::Null);
    assert_eq!(json["phone_number_error"]["code"], 100);
    assert_eq!(json["phone_number_error"]["subcode"], 33);
    assert!(out.stderr.contains("phone-number ID"), "{out:?}");
}

#[test]
fn expired_token_exits_1() {
    let (p, fake, _) = setup(Profile::expired(), true);
    let json = p.wa().graph(&fake).args(["inspect", "--json"]).code(1).json();
    assert_eq!(json["error"]["subcode"], 463);
    assert!(json["issued_at"].as_str().unwrap().starts_with("2022-09-17"));
}

#[test]
fn show_token_is_the_only_way_to_see_it() {
    let (p, fake, t) = setup(Profile::system_user(), true);
    let out = p.wa().graph(&fake).args(["inspect"]).allow_secret_in_output().code(0);
    assert!(!out.all().contains(&t));
    let out = p
        .wa()
        .graph(&fake)
        .args(["inspect", "--show-token"])
        .allow_secret_in_output()
        .code(0);
    assert!(out.stdout.contains(&t));
    let out = p
        .wa()
        .graph(&fake)
        .args(["inspect", "--show-token", "--json"])
        .allow_secret_in_output()
        .code(0);
    assert_eq!(out.json()["token"]["value"], t.as_str());
}
