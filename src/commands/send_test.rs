//! `wa-token send-test`: one message through `POST /{phone-number-id}/messages`.
//!
//! Exactly one request, no pre-flight calls: a bad token shows in Meta's answer. The body
//! carries `recipient_type` and `language.policy`, which Meta's OpenAPI spec requires and
//! the live API defaults, so it is valid for both.

use crate::cli::{GlobalArgs, SendTestArgs};
use crate::commands::check::TokenInfo;
use crate::config::{Config, EnvFileNeed};
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::{CallError, Graph, GraphError};
use crate::hints;
use crate::output::{Mark, Ui};
use serde::Serialize;
use serde_json::{Value, json};

#[derive(Debug, Serialize)]
pub struct SendReport {
    pub status: &'static str,
    pub message_id: Option<String>,
    pub wa_id: Option<String>,
    pub message_status: Option<String>,
    pub error: Option<Value>,
    pub to: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<&'static str>,
    pub phone_number_id: Option<String>,
    pub token: Option<TokenInfo>,
    pub note: Option<&'static str>,
}

impl SendReport {
    pub fn errored(failure: &Failure) -> Self {
        SendReport {
            status: "error",
            message_id: None,
            wa_id: None,
            message_status: None,
            error: Some(failure.to_json()),
            to: None,
            kind: None,
            phone_number_id: None,
            token: None,
            note: None,
        }
    }
}

const ACCEPTED_NOTE: &str = "accepted is not delivered: Meta reports delivery (or a later failure such as 131047 or 131026) to your app's webhook as a message status";
const TEXT_WINDOW_NOTE: &str = "a text message only arrives inside the 24-hour customer-service window (the recipient wrote to this number in the last 24 hours); the default template works any time";

/// Digits only, 8 to 15 of them, after removing spaces, `+`, `-`, `(` and `)`.
pub fn normalize_recipient(raw: &str) -> std::result::Result<String, String> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '+' | '-' | '(' | ')'))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{raw}` is not a phone number"));
    }
    if !(8..=15).contains(&digits.len()) {
        return Err(format!(
            "`{raw}` has {} digits; a phone number with its country code has 8 to 15",
            digits.len()
        ));
    }
    Ok(digits)
}

pub fn message_body(to: &str, args: &SendTestArgs) -> Value {
    match &args.text {
        Some(body) => json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": {"preview_url": false, "body": body},
        }),
        None => json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "template",
            "template": {"name": args.template, "language": {"policy": "deterministic", "code": args.lang}},
        }),
    }
}

pub async fn run(global: &GlobalArgs, args: &SendTestArgs, ui: &Ui) -> Result<ExitStatus> {
    let config = Config::resolve(global, EnvFileNeed::Optional)?;
    let raw_to = args
        .to
        .clone()
        .or_else(|| config.test_recipient.clone())
        .ok_or_else(|| {
            Failure::config("no recipient: give --to NUMBER or set WHATSAPP_TEST_RECIPIENT")
                .hint("use a number that has WhatsApp, with its country code, for example --to '+1 555 0100 200'")
        })?;
    let to = normalize_recipient(&raw_to).map_err(|m| {
        Failure::config(m).hint("give the number with its country code: digits, optionally with spaces, +, -, ( and )")
    })?;
    let phone_id = config.phone_number_id.clone().ok_or_else(|| {
        Failure::config("no phone-number ID: give --phone-number-id ID or set WHATSAPP_PHONE_NUMBER_ID").hint(
            "it is the ID shown under App Dashboard › WhatsApp › API Setup › Phone number ID (not the phone number)",
        )
    })?;
    if args.text.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(Failure::config("--text is empty: give the message body"));
    }
    if args.text.is_none() && (args.template.trim().is_empty() || args.lang.trim().is_empty()) {
        return Err(Failure::config("--template and --lang must not be empty")
            .hint("the default, `--template hello_world --lang en_US`, is approved for every WhatsApp account"));
    }
    let token = config.token()?;
    let graph = Graph::new(&config)?;
    let body = message_body(&to, args);
    let kind = if args.text.is_some() { "text" } else { "template" };

    let answer = ui
        .wait("sending…", graph.send_message(&phone_id, &token.secret, &body))
        .await;
    let mut report = SendReport {
        status: "sent",
        message_id: None,
        wa_id: None,
        message_status: None,
        error: None,
        to: Some(to.clone()),
        kind: Some(kind),
        phone_number_id: Some(phone_id.clone()),
        token: Some(TokenInfo::of(&token)),
        note: Some(ACCEPTED_NOTE),
    };
    let exit = match answer {
        Ok(v) => {
            let first = v.get("messages").and_then(|m| m.get(0));
            report.message_id = first
                .and_then(|m| m.get("id"))
                .and_then(Value::as_str)
                .map(str::to_string);
            report.message_status = first
                .and_then(|m| m.get("message_status"))
                .and_then(Value::as_str)
                .map(str::to_string);
            report.wa_id = v
                .get("contacts")
                .and_then(|c| c.get(0))
                .and_then(|c| c.get("wa_id"))
                .and_then(Value::as_str)
                .map(str::to_string);
            if report.message_id.is_none() {
                let f = Failure::network("the API answered without a message ID: unexpected response");
                report.status = "error";
                report.note = None;
                report.error = Some(f.to_json());
                f.exit
            } else {
                ExitStatus::Success
            }
        }
        Err(CallError::Api(e)) => {
            report.note = None;
            report.error = Some(error_json(&e));
            if e.is_transient() {
                report.status = "error";
                ExitStatus::NoVerdict
            } else {
                report.status = "rejected";
                ExitStatus::No
            }
        }
        Err(other) => {
            let f = other.into_failure("the message request failed");
            report.note = None;
            report.status = "error";
            report.error = Some(f.to_json());
            f.exit
        }
    };

    if ui.json {
        ui.json(&report);
    } else {
        print_human(ui, &report, args);
    }
    Ok(exit)
}

/// `{code, subcode, message, details, hint, fbtrace_id}` from Meta's envelope.
pub fn error_json(e: &GraphError) -> Value {
    json!({
        "kind": "api",
        "code": e.code,
        "subcode": e.error_subcode,
        "message": e.message,
        "details": e.details(),
        "hint": hints::for_error(e),
        "fbtrace_id": e.fbtrace_id,
    })
}

fn print_human(ui: &Ui, report: &SendReport, args: &SendTestArgs) {
    let to = report.to.clone().unwrap_or_default();
    match report.status {
        "sent" => {
            ui.headline(Mark::Pass, &format!("message accepted for +{to}"));
            let mut rows = vec![
                ("message id".to_string(), report.message_id.clone().unwrap_or_default()),
                ("wa_id".to_string(), report.wa_id.clone().unwrap_or_else(|| "-".into())),
            ];
            if let Some(s) = &report.message_status {
                rows.push(("status".into(), s.clone()));
            }
            rows.push(("sent".into(), sent_what(args)));
            rows.extend(token_row(report));
            ui.fields(&rows);
            ui.note(ACCEPTED_NOTE);
            if args.text.is_some() {
                ui.note(TEXT_WINDOW_NOTE);
            }
        }
        status => {
            let headline = if status == "rejected" {
                format!("the API rejected the message to +{to}")
            } else {
                "no verdict: the message request failed".into()
            };
            ui.headline(Mark::Fail, &headline);
            let e = report.error.clone().unwrap_or(Value::Null);
            let s = |k: &str| {
                e.get(k)
                    .filter(|v| !v.is_null())
                    .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
            };
            let mut rows = Vec::new();
            if let Some(code) = s("code") {
                let code = match s("subcode") {
                    Some(sub) => format!("{code} (subcode {sub})"),
                    None => code,
                };
                rows.push(("code".to_string(), code));
            }
            if let Some(m) = s("message") {
                rows.push(("message".into(), m));
            }
            if let Some(d) = s("details") {
                rows.push(("details".into(), d));
            }
            if let Some(t) = s("fbtrace_id") {
                rows.push(("fbtrace_id".into(), t));
            }
            rows.push(("sent".into(), sent_what(args)));
            rows.extend(token_row(report));
            ui.fields(&rows);
            if let Some(h) = s("hint") {
                ui.hint(&h);
            }
            if args.text.is_some() && status == "rejected" {
                ui.note(TEXT_WINDOW_NOTE);
            }
        }
    }
}

/// `token: EAAGde…016Z (.env line 2, WHATSAPP_API_TOKEN)`
fn token_row(report: &SendReport) -> Option<(String, String)> {
    let t = report.token.as_ref()?;
    Some(("token".into(), format!("{} ({}, {})", t.masked, t.source, t.variable)))
}

fn sent_what(args: &SendTestArgs) -> String {
    match &args.text {
        Some(_) => "text message".into(),
        None => format!("template {} ({})", args.template, args.lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients() {
        assert_eq!(normalize_recipient("+1 (555) 010-0200").unwrap(), "15550100200");
        assert!(normalize_recipient("1234567").is_err());
        assert!(normalize_recipient("1234567890123456").is_err());
        assert!(normalize_recipient("+1 555 abc 0200").is_err());
        assert!(normalize_recipient("").is_err());
    }
}
