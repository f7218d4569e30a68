//! Output for monitoring systems: the Nagios plugin convention and the Prometheus text
//! exposition format (for node_exporter's textfile collector).

use crate::commands::check::CheckReport;
use crate::exit::ExitStatus;
use std::fmt::Write;

/// A Nagios plugin state; the discriminant is the plugin's exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NagiosState {
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}

impl NagiosState {
    fn name(self) -> &'static str {
        match self {
            NagiosState::Ok => "OK",
            NagiosState::Warning => "WARNING",
            NagiosState::Critical => "CRITICAL",
            NagiosState::Unknown => "UNKNOWN",
        }
    }

    /// Several files: a known problem outranks not knowing, which outranks all well.
    fn severity(self) -> u8 {
        match self {
            NagiosState::Ok => 0,
            NagiosState::Unknown => 1,
            NagiosState::Warning => 2,
            NagiosState::Critical => 3,
        }
    }

    /// The plugin's exit code (0 to 3), carried by the variant with that number: Nagios
    /// gives the codes its own meaning here.
    pub fn exit(self) -> ExitStatus {
        match self {
            NagiosState::Ok => ExitStatus::Success,
            NagiosState::Warning => ExitStatus::No,
            NagiosState::Critical => ExitStatus::Usage,
            NagiosState::Unknown => ExitStatus::Warning,
        }
    }
}

pub struct Thresholds {
    pub warn_days: u32,
    pub critical_days: u32,
    pub now: i64,
}

pub fn nagios_state(report: &CheckReport, t: &Thresholds) -> NagiosState {
    match report.status {
        "error" => NagiosState::Unknown,
        "invalid" => NagiosState::Critical,
        _ => match report.expires_unix {
            Some(at) if at - t.now < i64::from(t.critical_days) * 86_400 => NagiosState::Critical,
            Some(at) if at - t.now < i64::from(t.warn_days) * 86_400 => NagiosState::Warning,
            _ if report.status == "too_old" || report.status == "expiring" => NagiosState::Warning,
            _ => NagiosState::Ok,
        },
    }
}

/// One short sentence about a report.
pub fn summary(report: &CheckReport) -> String {
    let error = report.error.as_ref();
    match report.status {
        "valid" => match report.expires_in_days {
            None if !report.expiry_known => "token valid, expiry unknown".to_string(),
            None => "token valid, never expires".to_string(),
            Some(d) => format!("token valid, expires in {d} days"),
        },
        "expiring" => format!("token expires in {} days", report.expires_in_days.unwrap_or(0)),
        "too_old" => format!("token issued {} days ago", report.age_days.unwrap_or(0)),
        "invalid" => {
            let code = error.and_then(|e| e.get("code")).and_then(|c| c.as_i64());
            let sub = error.and_then(|e| e.get("subcode")).and_then(|c| c.as_i64());
            match (code, sub) {
                (_, Some(463)) => "token expired (190/463)".to_string(),
                (Some(c), sub) => format!("token invalid ({})", crate::graph::code_label(c, sub)),
                _ if report.missing_scopes.as_ref().is_some_and(|m| !m.is_empty()) => {
                    format!(
                        "token lacks {}",
                        report.missing_scopes.as_deref().unwrap_or_default().join(", ")
                    )
                }
                _ => "token invalid".to_string(),
            }
        }
        _ => format!(
            "no verdict: {}",
            error
                .and_then(|e| e.get("message"))
                .and_then(|m| m.as_str())
                .unwrap_or("unknown error")
        ),
    }
}

fn perf_label(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

fn perfdata(report: &CheckReport, prefix: Option<&str>, t: &Thresholds) -> String {
    let label = |metric: &str| match prefix {
        Some(p) => perf_label(&format!("{p} {metric}")),
        None => metric.to_string(),
    };
    let mut out = format!("{}={}", label("valid"), u8::from(report.valid == Some(true)));
    if let Some(days) = report.expires_in_days {
        let _ = write!(
            out,
            " {}={days};{}:;{}:",
            label("days_left"),
            t.warn_days,
            t.critical_days
        );
    }
    out
}

/// The plugin output (first line, then one long-output line per file) and its state.
pub fn nagios(results: &[(String, CheckReport)], t: &Thresholds) -> (String, NagiosState) {
    let states: Vec<NagiosState> = results.iter().map(|(_, r)| nagios_state(r, t)).collect();
    let worst = states
        .iter()
        .copied()
        .max_by_key(|s| s.severity())
        .unwrap_or(NagiosState::Unknown);
    if let [(_, report)] = results {
        let line = format!(
            "WA-TOKEN {} - {} | {}\n",
            worst.name(),
            summary(report),
            perfdata(report, None, t)
        );
        return (line, worst);
    }
    let count = |s: NagiosState| states.iter().filter(|x| **x == s).count();
    let mut parts = Vec::new();
    for s in [
        NagiosState::Critical,
        NagiosState::Warning,
        NagiosState::Unknown,
        NagiosState::Ok,
    ] {
        if count(s) > 0 {
            parts.push(format!("{} {}", count(s), s.name().to_lowercase()));
        }
    }
    let perf: Vec<String> = results.iter().map(|(f, r)| perfdata(r, Some(f), t)).collect();
    let mut out = format!(
        "WA-TOKEN {} - {} env files: {} | {}\n",
        worst.name(),
        results.len(),
        parts.join(", "),
        perf.join(" ")
    );
    for ((file, report), state) in results.iter().zip(&states) {
        let _ = writeln!(out, "{}: {file} - {}", state.name(), summary(report));
    }
    (out, worst)
}

fn escape_label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The text exposition format, one sample per file and metric.
pub fn prometheus(results: &[(String, CheckReport)]) -> String {
    let labels = |file: &str, r: &CheckReport| {
        let fingerprint = r.token.as_ref().map(|t| t.fingerprint.as_str()).unwrap_or("");
        format!(
            "{{env_file=\"{}\",fingerprint=\"{}\"}}",
            escape_label(file),
            escape_label(fingerprint)
        )
    };
    let mut out = String::new();
    let mut metric = |name: &str, help: &str, value: &dyn Fn(&CheckReport) -> Option<String>| {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} gauge");
        for (file, r) in results {
            if let Some(v) = value(r) {
                let _ = writeln!(out, "{name}{} {v}", labels(file, r));
            }
        }
    };
    let verdict = |r: &CheckReport| r.status != "error";
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
