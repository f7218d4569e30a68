//! `wa-token check`: every exit code, human and JSON output, the fallback, retries, timeouts.

use crate::support::*;
use serde_json::Value;
use std::time::{Duration, Instant};

const CHECK_FIELDS: &[&str] = &[
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
];

fn assert_contract_fields(json: &Value) {
    for field in CHECK_FIELDS {
        assert!(json.get(field).is_some(), "`{field}` missing from {json:#}");
    }
}

fn setup(profile: Profile, with_app: bool) -> (Project, FakeGraph, String) {
    project_with_token("check", profile, with_app)
}

#[test]
fn valid_system_user_with_app_credentials_makes_one_request() {
    let (p, fake, t) = setup(Profile::system_user(), true);
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(0);
    let json = out.json();
    assert_contract_fields(&json);
    assert_eq!(json["status"], "valid");
    assert_eq!(json["valid"], true);
    assert_eq!(json["type"], "SYSTEM_USER");
    assert_eq!(json["app_id"], APP_ID);
    assert_eq!(json["expiry_known"], true);
    assert_eq!(json["expires_at"], Value::Null);
    assert_eq!(json["missing_scopes"], serde_json::json!([]));
    assert_eq!(json["token"]["variable"], "WHATSAPP_API_TOKEN");
    assert_eq!(json["token"]["source"], ".env line 2");
    assert_eq!(json["token"]["masked"], format!("{}…{}", &t[..6], &t[t.len() - 4..]));
    assert!(json["token"]["fingerprint"].as_str().unwrap().starts_with("sha256:"));
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "exactly one request with app credentials");
    let r = &requests[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.path, "/v25.0/debug_token");
    assert_eq!(r.query.get("input_token"), Some(&t));
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {APP_ID}|{APP_SECRET}").as_str())
    );
    assert_eq!(
        r.header("user-agent"),
        Some(concat!("wa-token/", env!("CARGO_PKG_VERSION")))
    );
}

#[test]
fn human_output_names_source_and_expiry() {
    let (p, fake, _) = setup(Profile::system_user(), true);
    let out = p.wa().graph(&fake).args(["check"]).code(0);
    assert!(out.stdout.starts_with("✓ token is valid"), "{out:?}");
    assert!(out.stdout.contains(".env line 2 (WHATSAPP_API_TOKEN)"), "{out:?}");
    assert!(
        out.stdout.contains("expires:") && out.stdout.contains("never"),
        "{out:?}"
    );
    assert!(out.stdout.contains("Lucky Shrub (634974688087057)"), "{out:?}");
}

#[test]
fn system_user_without_app_credentials_falls_back_to_phone_read() {
    let (p, fake, t) = setup(Profile::system_user(), false);
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(0);
    let json = out.json();
    assert_contract_fields(&json);
    assert_eq!(json["status"], "valid");
    assert_eq!(json["expiry_known"], false);
    assert_eq!(json["expires_at"], Value::Null);
    assert_eq!(json["type"], Value::Null);
    assert_eq!(json["scopes"], Value::Null);
    assert!(json["hints"].to_string().contains("WHATSAPP_APP_SECRET"));
    let requests = fake.requests();
    assert_eq!(requests.len(), 2, "at most two requests without app credentials");
    assert_eq!(requests[1].path, format!("/v25.0/{PHONE_ID}"));
    assert_eq!(
        requests[1].header("authorization"),
        Some(format!("Bearer {t}").as_str())
    );
    assert!(requests.iter().all(|r| !r.query.contains_key("appsecret_proof")));

    let human = p.wa().graph(&fake).args(["check"]).code(0);
    assert!(human.stdout.contains("expiry unknown"), "{human:?}");
    assert!(
        human.stderr.contains("hint:") && human.stderr.contains("WHATSAPP_APP_ID"),
        "{human:?}"
    );
}

#[test]
fn fallback_without_phone_number_reads_me() {
    let fake = FakeGraph::start();
    let t = secret_token("me-fallback");
    fake.with_token(&t, Profile::system_user());
    let p = Project::new();
    p.env(&format!("WHATSAPP_API_TOKEN={t}\n"));
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(0);
    assert_eq!(out.json()["checked_with"], "/me");
    assert_eq!(fake.requests().len(), 2);
    assert_eq!(fake.requests()[1].path, "/v25.0/me");
}

#[test]
fn fallback_read_of_an_expired_token_is_invalid() {
    let mut profile = Profile::expired();
    profile.self_debug_refused = true;
    let (p, fake, _) = setup(profile, false);
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(1);
    let json = out.json();
    assert_eq!(json["status"], "invalid");
    assert_eq!(json["error"]["code"], 190);
    assert_eq!(json["error"]["subcode"], 463);
}

#[test]
fn user_token_debugs_itself_in_one_request() {
    let (p, fake, _) = setup(Profile::user_expiring_in(60), false);
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(0);
    let json = out.json();
    assert_eq!(json["status"], "valid");
    assert_eq!(json["type"], "USER");
    assert_eq!(json["expires_in_days"], 60);
    assert!(json["expires_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn expiring_token_warns_with_exit_3() {
    let (p, fake, _) = setup(Profile::user_expiring_in(3), true);
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(3);
    let json = out.json();
    assert_contract_fields(&json);
    assert_eq!(json["status"], "expiring");
    assert_eq!(json["valid"], true);
    assert_eq!(json["expires_in_days"], 3);
    p.wa().graph(&fake).args(["check", "--warn-days", "2"]).code(0);
    let human = p.wa().graph(&fake).args(["check"]).code(3);
    assert!(human.stdout.starts_with("! token expires in 3 days"), "{human:?}");
    assert!(human.stdout.contains("(in 3 days)"), "{human:?}");
}

#[test]
fn expired_token_exits_1_with_rotate_hint() {
    for with_app in [true, false] {
        let (p, fake, _) = setup(Profile::expired(), with_app);
        let out = p.wa().graph(&fake).args(["check", "--json"]).code(1);
        let json = out.json();
        assert_contract_fields(&json);
        assert_eq!(json["status"], "invalid");
        assert_eq!(json["valid"], false);
        assert_eq!(json["error"]["code"], 190);
        assert_eq!(json["error"]["subcode"], 463);
        assert!(
            json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Session has expired")
        );
        let human = p.wa().graph(&fake).args(["check"]).code(1);
        assert!(human.stdout.starts_with("✗ token has expired"), "{human:?}");
        assert!(human.stderr.contains("wa-token rotate"), "{human:?}");
    }
}

#[test]
fn invalidated_token_exits_1_with_password_hint() {
    let (p, fake, _) = setup(Profile::invalidated(), true);
    let out = p.wa().graph(&fake).args(["check"]).code(1);
    assert!(out.stdout.starts_with("✗ token was revoked"), "{out:?}");
    assert!(out.stderr.contains("password"), "{out:?}");
}

#[test]
fn missing_permission_exits_1_and_names_it() {
    let (p, fake, _) = setup(Profile::missing_messaging(), true);
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(1);
    let json = out.json();
    assert_eq!(json["status"], "invalid");
    assert_eq!(
        json["missing_scopes"],
        serde_json::json!(["whatsapp_business_messaging"])
    );
    let human = p.wa().graph(&fake).args(["check"]).code(1);
    assert!(
        human.stdout.contains("token lacks whatsapp_business_messaging"),
        "{human:?}"
    );
    assert!(human.stderr.contains("System users"), "{human:?}");
}

#[test]
fn unparsable_token_exits_1() {
    let fake = FakeGraph::start();
    let p = Project::new();
    let t = secret_token("garbage-not-known-to-meta");
    p.env(&env_file(&t, true));
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(1);
    let json = out.json();
    assert_eq!(json["error"]["code"], 190);
    assert_eq!(json["error"]["subcode"], Value::Null);
}

#[test]
fn transient_error_is_retried() {
    let (p, fake, _) = setup(Profile::system_user(), true);
    fake.push(Canned::Json(503, serde_json::json!({"error": {"message": "An unexpected error has occurred. Please retry your request later.", "type": "OAuthException", "is_transient": true, "code": 2, "fbtrace_id": "A"}})));
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(0);
    assert_eq!(out.json()["status"], "valid");
    assert_eq!(fake.requests_to("/debug_token").len(), 2);
}

#[test]
fn persistent_transient_error_gives_no_verdict() {
    let (p, fake, _) = setup(Profile::system_user(), true);
    fake.always(Canned::Json(400, serde_json::json!({"error": {"message": "(#4) Application request limit reached", "type": "OAuthException", "code": 4, "is_transient": true}})));
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(4);
    let json = out.json();
    assert_contract_fields(&json);
    assert_eq!(json["status"], "error");
    assert_eq!(json["error"]["kind"], "api");
    assert_eq!(fake.requests().len(), 3, "one attempt and two retries");
}

#[test]
fn slow_answer_times_out_with_exit_4() {
    let (p, fake, _) = setup(Profile::system_user(), true);
    fake.set_latency(Duration::from_secs(5));
    let started = Instant::now();
    let out = p
        .wa()
        .graph(&fake)
        .args(["check", "--json", "--timeout", "0.3"])
        .code(4);
    let json = out.json();
    assert_eq!(json["status"], "error");
    assert_eq!(json["error"]["kind"], "network");
    assert!(
        json["error"]["message"].as_str().unwrap().contains("timed out"),
        "{out:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(fake.requests().len(), 3);
}

#[test]
fn unreachable_api_exits_4() {
    let p = Project::new();
    p.env(&env_file(&secret_token("unreachable"), true));
    // A port that refuses connections, held for the whole test.
    let unreachable = unreachable_url();
    let out = p
        .wa()
        .env("WA_TOKEN_GRAPH_URL", &unreachable.url)
        .args(["check", "--json"])
        .code(4);
    let json = out.json();
    assert_contract_fields(&json);
    assert_eq!(json["error"]["kind"], "network");
    let human = p
        .wa()
        .env("WA_TOKEN_GRAPH_URL", &unreachable.url)
        .args(["check"])
        .code(4);
    assert!(human.stderr.contains("wa-token: error:"), "{human:?}");
}

#[test]
fn no_token_is_a_configuration_error() {
    let p = Project::new();
    p.env("WHATSAPP_PHONE_NUMBER_ID=1\n");
    let out = p.wa().args(["check", "--json"]).code(2);
    let json = out.json();
    assert_contract_fields(&json);
    assert_eq!(json["status"], "error");
    assert_eq!(json["error"]["kind"], "config");
    let human = p.wa().args(["check"]).code(2);
    assert!(human.stderr.starts_with("wa-token: error: no token found"), "{human:?}");
    assert!(human.stderr.contains("hint:"), "{human:?}");
    // No env file at all, nothing in the environment.
    let empty = Project::new();
    empty.wa().args(["check"]).code(2);
}

#[test]
fn plain_http_to_a_remote_host_is_refused_before_sending() {
    let (p, _fake, _) = setup(Profile::system_user(), true);
    let out = p
        .wa()
        .args(["check", "--graph-url", "http://graph.example.com"])
        .code(2);
    assert!(out.stderr.contains("plain http"), "{out:?}");
    let out = p
        .wa()
        .env("WA_TOKEN_GRAPH_URL", "http://10.0.0.1:8080")
        .args(["check", "--json"])
        .code(2);
    assert_eq!(out.json()["error"]["kind"], "config");
}

#[test]
fn bad_settings_exit_2() {
    let (p, fake, _) = setup(Profile::system_user(), true);
    p.wa().graph(&fake).args(["check", "--graph-version", "25"]).code(2);
    p.wa().graph(&fake).args(["check", "--timeout", "soon"]).code(2);
    p.wa().graph(&fake).args(["check", "--env-file", "missing.env"]).code(2);
    p.wa().graph(&fake).args(["check", "--warn-days", "-1"]).code(2);
    assert!(fake.requests().is_empty());
}

#[test]
fn alias_token_names_are_found_and_named() {
    let fake = FakeGraph::start();
    let t = secret_token("alias");
    fake.with_token(&t, Profile::system_user());
    let p = Project::new();
    p.env(&format!(
        "WHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\nWHATSAPP_ACCESS_TOKEN={t}\n"
    ));
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(0);
    assert_eq!(out.json()["token"]["variable"], "WHATSAPP_ACCESS_TOKEN");
    assert_eq!(out.json()["token"]["source"], ".env line 3");
    // An explicit --token-var does not fall back to aliases.
    p.wa().graph(&fake).args(["check", "--token-var", "MY_TOKEN"]).code(2);
}

#[test]
fn precedence_flag_then_env_file_then_environment() {
    let fake = FakeGraph::start();
    let in_file = secret_token("in-file");
    let in_env = secret_token("in-environment");
    fake.with_token(&in_file, Profile::system_user());
    fake.with_token(&in_env, Profile::expired());
    let p = Project::new();
    p.env(&format!(
        "WHATSAPP_API_TOKEN={in_file}\nWHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n"
    ));
    // The env file wins over the process environment.
    let out = p
        .wa()
        .graph(&fake)
        .env("WHATSAPP_API_TOKEN", &in_env)
        .args(["check", "--json"])
        .code(0);
    assert_eq!(out.json()["token"]["source"], ".env line 1");
    // The process environment is used when the file does not set it.
    let q = Project::new();
    q.env(&format!("WHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n"));
    let out = q
        .wa()
        .graph(&fake)
        .env("WHATSAPP_API_TOKEN", &in_env)
        .args(["check", "--json"])
        .code(1);
    assert_eq!(out.json()["token"]["source"], "environment");
    // A flag beats the file: WA_TOKEN_ENV_FILE names another file, --env-file wins.
    q.write(
        "other.env",
        format!("WHATSAPP_API_TOKEN={in_file}\nWHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n")
            .as_bytes(),
    );
    let out = q
        .wa()
        .graph(&fake)
        .env("WA_TOKEN_ENV_FILE", ".env")
        .args(["check", "--json", "--env-file", "other.env"])
        .code(0);
    assert_eq!(out.json()["token"]["source"], "other.env line 1");
    // Graph URL: the flag beats the env file's WA_TOKEN_GRAPH_URL.
    let r = Project::new();
    r.env(&format!(
        "{}WA_TOKEN_GRAPH_URL=http://127.0.0.1:1\n",
        env_file(&in_file, true)
    ));
    r.wa().args(["check", "--graph-url", &fake.url]).code(0);
    r.wa().args(["check", "--timeout", "2"]).code(4);
}

#[test]
fn env_file_cannot_redirect_the_token() {
    // The trust boundary: a `.env` from a repository someone else wrote names another host
    // and another variable to send as the token. Neither is taken from the file.
    let evil = FakeGraph::start();
    let fake = FakeGraph::start();
    let t = secret_token("trust-boundary");
    fake.with_token(&t, Profile::system_user());
    let aws = "AKIAwJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";
    register_secret(aws);
    let p = Project::new();
    p.env(&format!(
        "WA_TOKEN_GRAPH_URL={}\nWA_TOKEN_VAR=AWS_SECRET_ACCESS_KEY\nHTTPS_PROXY=http://127.0.0.1:9\nWHATSAPP_API_TOKEN={t}\nWHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n",
        evil.url
    ));
    let out = p
        .wa()
        .graph(&fake)
        .env("AWS_SECRET_ACCESS_KEY", aws)
        .args(["check", "--json"])
        .code(0);
    assert_eq!(out.json()["token"]["variable"], "WHATSAPP_API_TOKEN");
    assert!(evil.requests().is_empty(), "the env file redirected a request");
    for r in fake.requests() {
        assert!(
            !format!("{r:?}").contains(aws),
            "the environment variable was sent: {r:?}"
        );
    }
    for line in [
        "line 1: `WA_TOKEN_GRAPH_URL` is ignored",
        "line 2: `WA_TOKEN_VAR` is ignored",
        "line 3: `HTTPS_PROXY` is ignored",
    ] {
        assert!(out.stderr.contains(line), "no warning `{line}`: {out:?}");
    }
}

#[test]
fn token_var_comes_from_flags_and_the_process_environment() {
    let fake = FakeGraph::start();
    let t = secret_token("custom-var");
    fake.with_token(&t, Profile::system_user());
    let p = Project::new();
    p.env(&format!(
        "BOT_TOKEN={t}\nWHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n"
    ));
    let out = p
        .wa()
        .graph(&fake)
        .env("WA_TOKEN_VAR", "BOT_TOKEN")
        .args(["check", "--json"])
        .code(0);
    assert_eq!(out.json()["token"]["variable"], "BOT_TOKEN");
    let out = p
        .wa()
        .graph(&fake)
        .args(["--token-var", "BOT_TOKEN", "check", "--json"])
        .code(0);
    assert_eq!(out.json()["token"]["variable"], "BOT_TOKEN");
}

#[test]
fn wrong_app_secret_is_a_configuration_error() {
    let fake = FakeGraph::start();
    let t = secret_token("wrong-secret");
    fake.with_token(&t, Profile::system_user());
    let p = Project::new();
    register_secret("0000000000000000wrongwrongwrong00");
    p.env(&format!(
        "WHATSAPP_API_TOKEN={t}\nWHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET=0000000000000000wrongwrongwrong00\n"
    ));
    let out = p.wa().graph(&fake).args(["check"]).code(2);
    assert!(out.stderr.contains("WHATSAPP_APP_SECRET"), "{out:?}");
}

#[test]
fn token_of_another_app_is_invalid() {
    let (p, fake, _) = setup(Profile::system_user().of_app("999"), true);
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(1);
    assert_eq!(out.json()["error"]["code"], 100);
}

#[test]
fn world_readable_env_file_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let (p, fake, _) = setup(Profile::system_user(), true);
    std::fs::set_permissions(p.path(".env"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = p.wa().graph(&fake).args(["check"]).code(0);
    assert!(
        out.stderr.contains("wa-token: warning:") && out.stderr.contains("chmod 600"),
        "{out:?}"
    );
    let json = p.wa().graph(&fake).args(["check", "--json"]).code(0).json();
    assert!(json["warnings"].to_string().contains("chmod 600"));
}

#[test]
fn files_other_readers_misread_are_warned_about() {
    let fake = FakeGraph::start();
    let t = secret_token("other-readers");
    fake.with_token(&t, Profile::system_user());
    let p = Project::new();
    let creds = format!("WHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n");
    // A BOM sticks to the first key in python-dotenv and Node's dotenv.
    p.write(".env", format!("\u{feff}WHATSAPP_API_TOKEN={t}\n{creds}").as_bytes());
    let out = p.wa().graph(&fake).args(["check"]).code(0);
    assert!(out.stderr.contains("byte-order mark"), "{out:?}");
    // An apostrophe in an inline comment after two spaces: dotenvy cannot read the file (it
    // looks for the closing quote on the following lines); wa-token still can.
    p.write(
        ".env",
        format!("WHATSAPP_API_TOKEN={t}  # the bot's token\n{creds}").as_bytes(),
    );
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(0);
    assert!(out.stderr.contains("Rust apps using dotenvy would fail"), "{out:?}");
    assert!(out.json()["warnings"].to_string().contains("dotenvy"));
}
