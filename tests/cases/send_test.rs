//! `wa-token send-test`: exactly one request, the body Meta's spec asks for, and each of
//! Meta's error codes explained.

use crate::support::*;
use serde_json::{Value, json};

fn setup() -> (Project, FakeGraph, String) {
    let fake = FakeGraph::start();
    let t = secret_token("send-test");
    fake.with_token(&t, Profile::system_user());
    let p = Project::new();
    p.env(&format!(
        "{}WHATSAPP_TEST_RECIPIENT=+1 (555) 010-0200\n",
        env_file(&t, false)
    ));
    (p, fake, t)
}

#[test]
fn sends_the_hello_world_template_in_one_request() {
    let (p, fake, t) = setup();
    let out = p.wa().graph(&fake).args(["send-test", "--json"]).code(0);
    let json = out.json();
    assert_eq!(json["status"], "sent");
    assert!(json["message_id"].as_str().unwrap().starts_with("wamid."));
    assert_eq!(json["wa_id"], "15550100200");
    assert_eq!(json["message_status"], "accepted");
    assert_eq!(json["error"], Value::Null);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "exactly one request, no pre-flight");
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, format!("/v25.0/{PHONE_ID}/messages"));
    assert_eq!(r.header("authorization"), Some(format!("Bearer {t}").as_str()));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let body: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        body,
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "15550100200", "type": "template",
               "template": {"name": "hello_world", "language": {"policy": "deterministic", "code": "en_US"}}})
    );
    let human = p.wa().graph(&fake).args(["send-test"]).code(0);
    assert!(
        human.stdout.starts_with("✓ message accepted for +15550100200"),
        "{human:?}"
    );
    assert!(human.stdout.contains("wamid."), "{human:?}");
    assert!(
        human.stderr.contains("webhook"),
        "acceptance is not delivery: {human:?}"
    );
}

#[test]
fn sends_a_text_message_and_names_the_24_hour_window() {
    let (p, fake, _) = setup();
    let out = p
        .wa()
        .graph(&fake)
        .args(["send-test", "--text", "token rotated", "--to", "4915112345678"])
        .code(0);
    assert!(out.stderr.contains("24-hour"), "{out:?}");
    let body: Value = serde_json::from_str(&fake.requests()[0].body).unwrap();
    assert_eq!(
        body,
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "4915112345678", "type": "text",
               "text": {"preview_url": false, "body": "token rotated"}})
    );
}

#[test]
fn another_template_and_language() {
    let (p, fake, _) = setup();
    p.wa()
        .graph(&fake)
        .args(["send-test", "--template", "order_update", "--lang", "de"])
        .code(0);
    let body: Value = serde_json::from_str(&fake.requests()[0].body).unwrap();
    assert_eq!(
        body["template"],
        json!({"name": "order_update", "language": {"policy": "deterministic", "code": "de"}})
    );
}

#[test]
fn malformed_recipient_sends_nothing() {
    let (p, fake, _) = setup();
    for bad in ["12345", "+1 555 abc 0200", "1234567890123456", "", "++"] {
        let out = p.wa().graph(&fake).args(["send-test", "--to", bad, "--json"]).code(2);
        assert_eq!(out.json()["status"], "error");
        assert_eq!(out.json()["error"]["kind"], "config");
    }
    let q = Project::new();
    q.env(&env_file(&secret_token("send-test"), false));
    let out = q.wa().graph(&fake).args(["send-test"]).code(2);
    assert!(out.stderr.contains("--to"), "{out:?}");
    assert!(fake.requests().is_empty());
}

#[test]
fn missing_phone_number_id_exits_2() {
    let fake = FakeGraph::start();
    let p = Project::new();
    p.env(&format!("WHATSAPP_API_TOKEN={}\n", secret_token("send-test")));
    let out = p.wa().graph(&fake).args(["send-test", "--to", "15550100200"]).code(2);
    assert!(out.stderr.contains("WHATSAPP_PHONE_NUMBER_ID"), "{out:?}");
    assert!(fake.requests().is_empty());
}

/// Meta's error for `code`, with `error_data.details`, as the facts record it.
fn meta_error(code: i64, subcode: Option<i64>, message: &str, details: Option<&str>) -> Value {
    let mut e =
        json!({"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AI5Ob2z72R0JAUB5zOF-nao"});
    if let Some(s) = subcode {
        e["error_subcode"] = json!(s);
    }
    if let Some(d) = details {
        e["error_data"] = json!({"messaging_product": "whatsapp", "details": d});
    }
    e
}

#[test]
fn each_rejection_exits_1_with_code_details_and_hint() {
    let cases: Vec<(u16, Value, &str)> = vec![
        (
            401,
            meta_error(
                190,
                Some(463),
                "Error validating access token: Session has expired on Saturday, 29-Jun-24 09:00:00 PDT. The current time is Monday, 01-Jul-24 11:06:30 PDT.",
                None,
            ),
            "wa-token rotate",
        ),
        (
            400,
            meta_error(
                131030,
                Some(2655007),
                "(#131030) Recipient phone number not in allowed list",
                Some(
                    "Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again.",
                ),
            ),
            "API Setup",
        ),
        (
            400,
            meta_error(
                131047,
                None,
                "(#131047) Re-engagement message",
                Some(
                    "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
                ),
            ),
            "template",
        ),
        (
            404,
            meta_error(
                132001,
                None,
                "(#132001) Template name does not exist in the translation",
                Some("template name (hello_world) does not exist in en_US"),
            ),
            "--lang",
        ),
        (
            403,
            meta_error(
                10,
                None,
                "(#10) Application does not have permission for this action",
                None,
            ),
            "whatsapp_business_messaging",
        ),
        (
            403,
            meta_error(200, None, "(#200) Permissions error", None),
            "whatsapp_business_messaging",
        ),
        (
            403,
            meta_error(
                131005,
                None,
                "(#131005) Access denied",
                Some("There was a problem with the access token or permissions you are using for the API call"),
            ),
            "whatsapp_business_messaging",
        ),
        (
            400,
            meta_error(133010, None, "(#133010) Account not registered", None),
            "register",
        ),
        (
            400,
            meta_error(
                131056,
                Some(2494071),
                "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                None,
            ),
            "wait",
        ),
    ];
    for (status, error, hint) in cases {
        let (p, fake, _) = setup();
        fake.message_error(status, error.clone());
        let code = error["code"].as_i64().unwrap();
        let out = p.wa().graph(&fake).args(["send-test", "--json"]).code(1);
        let json = out.json();
        assert_eq!(json["status"], "rejected", "{code}");
        assert_eq!(json["error"]["code"], code);
        assert_eq!(
            json["error"]["subcode"],
            error.get("error_subcode").cloned().unwrap_or(Value::Null)
        );
        assert_eq!(json["error"]["message"], error["message"]);
        assert_eq!(
            json["error"]["details"],
            error.pointer("/error_data/details").cloned().unwrap_or(Value::Null)
        );
        assert_eq!(json["error"]["fbtrace_id"], "AI5Ob2z72R0JAUB5zOF-nao");
        assert!(
            json["error"]["hint"].as_str().unwrap().contains(hint),
            "{code}: {json:#}"
        );
        assert_eq!(fake.requests().len(), 1, "a rejection is not retried");

        fake.message_error(status, error.clone());
        let human = p.wa().graph(&fake).args(["send-test"]).code(1);
        assert!(human.stdout.starts_with("✗ the API rejected the message"), "{human:?}");
        assert!(human.stdout.contains(&code.to_string()), "{human:?}");
        assert!(human.stdout.contains("fbtrace_id"), "{human:?}");
        assert!(
            human.stderr.contains("hint:") && human.stderr.contains(hint),
            "{human:?}"
        );
        if let Some(details) = error.pointer("/error_data/details").and_then(Value::as_str) {
            assert!(human.stdout.contains(details), "{human:?}");
        }
    }
}

#[test]
fn wrong_phone_number_id_is_explained() {
    let (p, fake, _) = setup();
    let out = p
        .wa()
        .graph(&fake)
        .args(["send-test", "--phone-number-id", "1509973570642451", "--json"])
        .code(1);
    let json = out.json();
    assert_eq!(json["error"]["code"], 100);
    assert_eq!(json["error"]["subcode"], 33);
    assert!(json["error"]["hint"].as_str().unwrap().contains("phone-number ID"));
    assert_eq!(fake.requests()[0].path, "/v25.0/1509973570642451/messages");
}

#[test]
fn post_is_never_retried_after_it_may_have_reached_meta() {
    let (p, fake, _) = setup();
    fake.push(Canned::Json(503, json!({"error": {"message": "An unexpected error has occurred. Please retry your request later.", "type": "OAuthException", "is_transient": true, "code": 2}})));
    let out = p.wa().graph(&fake).args(["send-test", "--json"]).code(4);
    assert_eq!(out.json()["status"], "error");
    assert_eq!(fake.requests().len(), 1, "no duplicate message");

    let (p, fake, _) = setup();
    fake.push(Canned::Raw(502, "text/html", b"<html>Bad Gateway</html>".to_vec()));
    p.wa().graph(&fake).args(["send-test"]).code(4);
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn expired_token_shows_in_metas_answer() {
    let fake = FakeGraph::start();
    let t = secret_token("send-expired");
    fake.with_token(&t, Profile::expired());
    let p = Project::new();
    p.env(&env_file(&t, false));
    let out = p
        .wa()
        .graph(&fake)
        .args(["send-test", "--to", "15550100200", "--json"])
        .code(1);
    let json = out.json();
    assert_eq!(json["error"]["code"], 190);
    assert_eq!(json["error"]["subcode"], 463);
    assert!(json["error"]["hint"].as_str().unwrap().contains("wa-token rotate"));
}
