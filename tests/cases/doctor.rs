//! `wa-token doctor`: the checklist on healthy and broken setups.

use crate::support::*;
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;

fn setup(profile: Profile, with_app: bool) -> (Project, FakeGraph) {
    let (p, fake, _) = project_with_token("doctor", profile, with_app);
    (p, fake)
}

fn status_of(json: &Value, name: &str) -> String {
    let c = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name}: {json:#}"));
    c["status"].as_str().unwrap().to_string()
}

/// The checks and their order, written out here on purpose: the contract fixes these names.
const ALL: &[&str] = &[
    "env_file",
    "token_present",
    "token_valid",
    "token_permissions",
    "token_least_privilege",
    "token_type",
    "token_expiry",
    "token_age",
    "app_credentials",
    "phone_number",
    "business_account",
    "graph_reachable",
];

#[test]
fn healthy_setup_passes_every_check() {
    let (p, fake) = setup(Profile::system_user(), true);
    let out = p.wa().graph(&fake).args(["doctor", "--json"]).code(0);
    let json = out.json();
    assert_eq!(json["status"], "ok");
    let names: Vec<&str> = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ALL);
    for name in ALL {
        assert_eq!(status_of(&json, name), "pass", "{name}: {json:#}");
    }
    assert_eq!(
        fake.requests().len(),
        3,
        "debug_token, phone number and WABA, concurrently"
    );
    let business = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "business_account")
        .unwrap()
        .clone();
    assert!(
        business["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("phone number {PHONE_ID} belongs to it")),
        "{business:#}"
    );
    let human = p.wa().graph(&fake).args(["doctor"]).code(0);
    assert!(
        human.stdout.contains("✓ token_valid") && human.stdout.contains("all checks passed"),
        "{human:?}"
    );
}

#[test]
fn phone_number_outside_the_tokens_reach_fails() {
    let mut profile = Profile::system_user();
    profile.reaches = vec![WABA_ID.into()];
    let (p, fake) = setup(profile, true);
    let out = p.wa().graph(&fake).args(["doctor", "--json"]).code(1);
    let json = out.json();
    assert_eq!(json["status"], "problems");
    assert_eq!(status_of(&json, "phone_number"), "fail");
    let check = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "phone_number")
        .unwrap()
        .clone();
    assert!(check["hint"].as_str().unwrap().contains("phone-number ID"), "{check:#}");
    let human = p.wa().graph(&fake).args(["doctor"]).code(1);
    assert!(
        human.stdout.contains("✗ phone_number") && human.stdout.contains("fix:"),
        "{human:?}"
    );
}

#[test]
fn restricted_token_without_the_waba_fails_business_account() {
    let (p, fake) = setup(Profile::restricted_to(&["999"]), true);
    let json = p.wa().graph(&fake).args(["doctor", "--json"]).code(1).json();
    assert_eq!(status_of(&json, "business_account"), "fail");
}

#[test]
fn expired_token_fails() {
    let (p, fake) = setup(Profile::expired(), true);
    let json = p.wa().graph(&fake).args(["doctor", "--json"]).code(1).json();
    assert_eq!(json["status"], "problems");
    assert_eq!(status_of(&json, "token_valid"), "fail");
    assert_eq!(status_of(&json, "token_expiry"), "fail");
}

#[test]
fn world_readable_env_file_is_a_warning() {
    let (p, fake) = setup(Profile::system_user(), true);
    std::fs::set_permissions(p.path(".env"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = p.wa().graph(&fake).args(["doctor", "--json"]).code(0);
    let json = out.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(status_of(&json, "env_file"), "warn");
    assert!(json["checks"][0]["hint"].as_str().unwrap().contains("chmod 600"));
}

#[test]
fn missing_app_credentials_warn_and_skip() {
    let (p, fake) = setup(Profile::system_user(), false);
    let json = p.wa().graph(&fake).args(["doctor", "--json"]).code(0).json();
    assert_eq!(json["status"], "ok");
    assert_eq!(status_of(&json, "app_credentials"), "warn");
    assert_eq!(status_of(&json, "token_valid"), "pass");
    for name in ["token_permissions", "token_type", "token_expiry", "token_age"] {
        assert_eq!(status_of(&json, name), "skip", "{name}");
    }
}

#[test]
fn user_token_with_extra_permissions_is_warned_about() {
    let mut profile = Profile::user_expiring_in(40);
    profile.debug["scopes"] = serde_json::json!([
        "whatsapp_business_management",
        "whatsapp_business_messaging",
        "ads_management",
        "public_profile"
    ]);
    profile.debug["issued_at"] = serde_json::json!(fake_graph::now() - 120 * 86_400);
    let (p, fake) = setup(profile, true);
    let json = p.wa().graph(&fake).args(["doctor", "--json"]).code(0).json();
    assert_eq!(status_of(&json, "token_least_privilege"), "warn");
    assert_eq!(status_of(&json, "token_type"), "warn");
    assert_eq!(status_of(&json, "token_age"), "warn");
}

#[test]
fn unreachable_api_exits_4() {
    let p = Project::new();
    p.env(&env_file(&secret_token("doctor-offline"), true));
    let unreachable = unreachable_url();
    let out = p
        .wa()
        .env("WA_TOKEN_GRAPH_URL", &unreachable.url)
        .args(["doctor", "--json", "--timeout", "1"])
        .code(4);
    let json = out.json();
    assert_eq!(status_of(&json, "graph_reachable"), "fail");
}

#[test]
fn missing_token_and_bad_env_file_are_failed_checks() {
    let p = Project::new();
    p.env("PORT=3000\n");
    let json = p.wa().args(["doctor", "--json"]).code(1).json();
    assert_eq!(status_of(&json, "token_present"), "fail");
    assert_eq!(status_of(&json, "app_credentials"), "warn");
    assert_eq!(status_of(&json, "graph_reachable"), "skip");
    let names: Vec<&str> = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ALL, "every check reported, in order, even when most are skipped");
    p.env("WHATSAPP_API_TOKEN=\"never closed\n");
    let json = p.wa().args(["doctor", "--json"]).code(1).json();
    assert_eq!(status_of(&json, "env_file"), "fail");
    assert_eq!(json["checks"].as_array().unwrap().len(), ALL.len());
    // Bad flags stop it from starting at all.
    p.env("PORT=3000\n");
    p.wa().args(["doctor", "--graph-url", "http://example.com"]).code(2);
}

#[test]
fn a_phone_number_of_another_business_account_fails() {
    let (p, fake) = setup(Profile::system_user(), true);
    fake.add_phone("109999999999999");
    let json = p
        .wa()
        .graph(&fake)
        .args(["doctor", "--json", "--phone-number-id", "109999999999999"])
        .code(1)
        .json();
    assert_eq!(status_of(&json, "phone_number"), "pass");
    assert_eq!(status_of(&json, "business_account"), "fail");
    let business = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "business_account")
        .unwrap()
        .clone();
    assert!(
        business["hint"]
            .as_str()
            .unwrap()
            .contains("does not belong to business account"),
        "{business:#}"
    );
}
