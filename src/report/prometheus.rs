//! `--format prometheus`: the text exposition format, for node_exporter's textfile
//! collector (`… > f.tmp && mv f.tmp f.prom` keeps the metrics fresh).

use super::check::{CheckReport, CheckStatus};
use super::{Rendered, Renderer, Report};
use std::fmt::Write;

pub struct Prometheus;

impl Renderer for Prometheus {
    fn render(&self, report: &Report) -> Rendered {
        let mut out = Rendered::default();
        if let Report::Check(run) = report {
            for line in exposition(&run.results).lines() {
                out.out(line);
            }
            // A target that could not be read is a metric, and named on stderr.
            for r in run.results.iter().filter(|r| r.status == CheckStatus::Error) {
                out.err(format!(
                    "wa-token: error: {}: {}",
                    r.target(),
                    r.error.as_ref().map(|e| e.message()).unwrap_or("no verdict")
                ));
            }
        }
        out.lines.extend(super::closing(report, false));
        out
    }
}

fn escape_label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The labels of a target's samples: `target` (the path or URI as given), `env_file` for
/// an env file (the label of earlier versions, kept for existing alert rules), and the
/// token's `fingerprint` (never the token).
fn labels(r: &CheckReport) -> String {
    let fingerprint = r.token.as_ref().map(|t| t.fingerprint.as_str()).unwrap_or("");
    let env_file = r
        .env_file
        .as_ref()
        .map(|f| format!("env_file=\"{}\",", escape_label(f)))
        .unwrap_or_default();
    format!(
        "{{target=\"{}\",{env_file}fingerprint=\"{}\"}}",
        escape_label(r.target()),
        escape_label(fingerprint)
    )
}

/// The text exposition format, one sample per target and metric.
fn exposition(results: &[CheckReport]) -> String {
    let mut out = String::new();
    let mut metric = |name: &str, help: &str, value: &dyn Fn(&CheckReport) -> Option<String>| {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} gauge");
        for r in results {
            if let Some(v) = value(r) {
                let _ = writeln!(out, "{name}{} {v}", labels(r));
            }
        }
    };
    let verdict = |r: &CheckReport| r.status != CheckStatus::Error;
    metric(
        "wa_token_valid",
        "1 when the WhatsApp access token is valid, 0 when it is not.",
        &|r| verdict(r).then(|| u8::from(r.valid == Some(true)).to_string()),
    );
    metric(
        "wa_token_expiry_timestamp_seconds",
        "When the token expires, in Unix seconds; +Inf when it never expires.",
        &|r| match (r.expires_unix, r.expiry_known && verdict(r)) {
            (Some(t), true) => Some(t.to_string()),
            (None, true) => Some("+Inf".to_string()),
            _ => None,
        },
    );
    metric(
        "wa_token_missing_permissions",
        "How many required permissions the token lacks.",
        &|r| r.missing_scopes.as_ref().map(|m| m.len().to_string()),
    );
    metric(
        "wa_token_check_success",
        "1 when a verdict was reached, 0 when the API or the env file could not be read.",
        &|r| Some(u8::from(verdict(r)).to_string()),
    );
    out
}
