//! `wa-token send-test`: one message through `POST /{phone-number-id}/messages`.
//!
//! Exactly one request, no pre-flight calls: a bad token shows in Meta's answer. The body
//! carries `recipient_type` and `language.policy`, which Meta's OpenAPI spec requires and
//! the live API defaults, so it is valid for both.

use super::Context;
use super::check::token_info;
use crate::cli::SendTestArgs;
use crate::config::Config;
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::{CallError, Graph, GraphError};
use crate::report::{FailureInfo, Rejection, Report, SendError, SendReport, SendStatus};
use serde_json::{Value, json};

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
        let n = digits.len();
        let unit = if n == 1 { "digit" } else { "digits" };
        return Err(format!(
            "`{raw}` has {n} {unit}; a phone number with its country code has 8 to 15"
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

/// Everything decided before the request: exit 2 without one.
fn prepare(args: &SendTestArgs, config: &Config) -> Result<(String, String)> {
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
    Ok((to, phone_id))
}

pub async fn run(ctx: &Context<'_>, args: &SendTestArgs, config: &Config) -> Result<Report> {
    let (to, phone_id) = prepare(args, config)?;
    let token = config.token()?;
    let graph = Graph::new(config)?;
    let body = message_body(&to, args);
    let answer = ctx
        .ui
        .wait("sending…", graph.send_message(&phone_id, &token.secret, &body))
        .await;
    let mut report = SendReport {
        to: Some(to),
        kind: Some(if args.text.is_some() { "text" } else { "template" }),
        phone_number_id: Some(phone_id),
        token: Some(token_info(&token)),
        sent: sent_what(args),
        text: args.text.is_some(),
        ..SendReport::sent()
    };
    match answer {
        Ok(v) => accepted(&mut report, &v),
        Err(CallError::Api(e)) => {
            report.note = None;
            report.error = Some(SendError::Rejection(rejection(&e)));
            (report.status, report.exit) = if e.is_transient() {
                (SendStatus::Error, ExitStatus::NoVerdict)
            } else {
                (SendStatus::Rejected, ExitStatus::No)
            };
        }
        Err(other) => failed(&mut report, other.into_failure("the message request failed")),
    }
    Ok(Report::Send(Box::new(report)))
}

fn accepted(report: &mut SendReport, v: &Value) {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let first = v.get("messages").and_then(|m| m.get(0));
    report.message_id = text(first.and_then(|m| m.get("id")));
    report.message_status = text(first.and_then(|m| m.get("message_status")));
    report.wa_id = text(v.get("contacts").and_then(|c| c.get(0)).and_then(|c| c.get("wa_id")));
    if report.message_id.is_none() {
        failed(
            report,
            Failure::network("the API answered without a message ID: unexpected response"),
        );
    }
}

fn failed(report: &mut SendReport, f: Failure) {
    report.note = None;
    report.status = SendStatus::Error;
    report.error = Some(SendError::Failure(FailureInfo::from(&f)));
    report.exit = f.exit;
}

/// `{code, subcode, message, details, hint, fbtrace_id}` from Meta's envelope.
pub fn rejection(e: &GraphError) -> Rejection {
    Rejection {
        code: e.code,
        details: e.details(),
        fbtrace_id: e.fbtrace_id.clone(),
        hint: e.hint(),
        kind: "api",
        message: e.message.clone(),
        subcode: e.error_subcode,
    }
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
