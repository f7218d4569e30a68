//! `--format nagios`: the Nagios/Icinga plugin convention, one status line with perfdata
//! and the plugin's exit codes.

use super::check::{CheckReport, CheckStatus, Thresholds};
use super::{Rendered, Renderer, Report};
use crate::exit::ExitStatus;
use crate::sanitize::sanitize_nagios;
use std::fmt::Write;

/// The Nagios renderer.
pub struct Nagios;

impl Renderer for Nagios {
    fn render(&self, report: &Report) -> Rendered {
        let mut out = Rendered::default();
        match report {
            Report::Check(run) => {
                let (text, _) = nagios(&run.results, &run.thresholds);
                for line in text.lines() {
                    out.out(line);
                }
            }
            other => out.out(format!(
                "WA-TOKEN UNKNOWN - {}",
                match other {
                    Report::Failed(f) => sanitize_nagios(&f.message),
                    _ => "no monitoring output for this command".to_string(),
                }
            )),
        }
        out.lines.extend(super::closing(report, false));
        out
    }
}

impl Nagios {
    /// The plugin's exit code for a report.
    pub fn exit(report: &Report) -> ExitStatus {
        match report {
            Report::Check(run) => nagios(&run.results, &run.thresholds).1.exit(),
            _ => NagiosState::Unknown.exit(),
        }
    }
}

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

pub fn nagios_state(report: &CheckReport, t: &Thresholds) -> NagiosState {
    match report.status {
        CheckStatus::Error => NagiosState::Unknown,
        CheckStatus::Invalid => NagiosState::Critical,
        _ => match report.expires_unix {
            Some(at) if at - t.now < i64::from(t.critical_days) * 86_400 => NagiosState::Critical,
            Some(at) if at - t.now < i64::from(t.warn_days) * 86_400 => NagiosState::Warning,
            _ if matches!(report.status, CheckStatus::TooOld | CheckStatus::Expiring) => NagiosState::Warning,
            _ => NagiosState::Ok,
        },
    }
}

/// One short sentence about a report.
pub fn summary(report: &CheckReport) -> String {
    match report.status {
        CheckStatus::Valid => match report.expires_in_days {
            None if !report.expiry_known => "token valid, expiry unknown".to_string(),
            None => "token valid, never expires".to_string(),
            Some(d) => format!("token valid, expires in {d} days"),
        },
        CheckStatus::Expiring => format!("token expires in {} days", report.expires_in_days.unwrap_or(0)),
        CheckStatus::TooOld => format!("token issued {} days ago", report.age_days.unwrap_or(0)),
        CheckStatus::Invalid => match report.error.as_ref().and_then(|e| e.code()) {
            Some((_, Some(463))) => "token expired (190/463)".to_string(),
            Some((c, sub)) => format!("token invalid ({})", crate::graph::code_label(c, sub)),
            None if report.missing_scopes.as_ref().is_some_and(|m| !m.is_empty()) => {
                format!(
                    "token lacks {}",
                    report.missing_scopes.as_deref().unwrap_or_default().join(", ")
                )
            }
            None => "token invalid".to_string(),
        },
        CheckStatus::Error => format!(
            "no verdict: {}",
            report.error.as_ref().map(|e| e.message()).unwrap_or("unknown error")
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

/// The plugin output and its state. One target: its summary and perfdata. Several: counts
/// per state, in the text and as the perfdata (a thousand targets' own perfdata would be
/// a thousand series in the monitor), then a long-output line for each target that is not
/// OK, in input order.
pub fn nagios(results: &[CheckReport], t: &Thresholds) -> (String, NagiosState) {
    let states: Vec<NagiosState> = results.iter().map(|r| nagios_state(r, t)).collect();
    let worst = states
        .iter()
        .copied()
        .max_by_key(|s| s.severity())
        .unwrap_or(NagiosState::Unknown);
    if let [report] = results {
        let line = format!(
            "WA-TOKEN {} - {} | {}\n",
            worst.name(),
            plugin_text(&summary(report)),
            perfdata(report, None, t)
        );
        return (line, worst);
    }
    let count = |s: NagiosState| states.iter().filter(|x| **x == s).count();
    let by_severity = [
        NagiosState::Critical,
        NagiosState::Warning,
        NagiosState::Unknown,
        NagiosState::Ok,
    ];
    let parts: Vec<String> = by_severity
        .iter()
        .filter(|s| count(**s) > 0)
        .map(|s| format!("{} {}", count(*s), s.name().to_lowercase()))
        .collect();
    let perf: Vec<String> = [
        NagiosState::Ok,
        NagiosState::Warning,
        NagiosState::Critical,
        NagiosState::Unknown,
    ]
    .iter()
    .map(|s| format!("{}={}", s.name().to_lowercase(), count(*s)))
    .collect();
    let mut out = format!(
        "WA-TOKEN {} - {} targets: {} | {}\n",
        worst.name(),
        results.len(),
        parts.join(", "),
        perf.join(" ")
    );
    for (report, state) in results.iter().zip(&states).filter(|(_, s)| **s != NagiosState::Ok) {
        let line = format!("{}: {} - {}", state.name(), report.target(), summary(report));
        let _ = writeln!(out, "{}", plugin_text(&line));
    }
    (out, worst)
}

/// Plugin output carries no `|` but the perfdata's own, and no line break from a server's
/// text or a path: either would cut the output where the monitor does not expect it.
fn plugin_text(text: &str) -> String {
    sanitize_nagios(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::Failure;

    #[test]
    fn several_targets_give_counts_and_the_failing_ones() {
        let t = Thresholds {
            warn_days: 7,
            critical_days: 1,
            now: 0,
        };
        let ok = CheckReport {
            status: CheckStatus::Valid,
            target: "a.env".into(),
            valid: Some(true),
            expiry_known: true,
            ..CheckReport::errored(Failure::api("x"), None, None)
        };
        let mut broken = CheckReport::errored(Failure::api("bad | answer\nsecond line"), None, None);
        broken.target = "b|c.env".into();
        let (text, state) = nagios(&[ok.clone(), broken, ok], &t);
        assert_eq!(state, NagiosState::Unknown);
        assert_eq!(
            text,
            "WA-TOKEN UNKNOWN - 3 targets: 1 unknown, 2 ok | ok=2 warning=0 critical=0 unknown=1\n\
             UNKNOWN: b/c.env - no verdict: bad / answer second line\n"
        );
    }
}
