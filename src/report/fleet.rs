//! What a run over several targets tells people and logs at the end, on stderr: with
//! several targets, a summary line (for people only: a monitor's cron would mail it every
//! run), and, whatever the format, the targets Meta's rate limits stopped.

use super::check::{CheckReport, CheckStatus};
use crate::ui::rate_text;
use std::time::Duration;

/// The stderr lines (`wa-token: …`, `hint: …`) closing a run of check or inspect.
pub fn closing_lines<'r>(
    reports: impl Iterator<Item = &'r CheckReport> + Clone,
    took: Option<Duration>,
    for_people: bool,
) -> Vec<String> {
    let total = reports.clone().count();
    let mut out = Vec::new();
    if let Some(took) = took.filter(|_| total > 1 && for_people) {
        out.push(format!("wa-token: {}", summary_line(reports.clone(), took)));
    }
    let stopped: Vec<&CheckReport> = reports
        .filter(|r| r.failure.as_ref().is_some_and(|f| f.rate_limited))
        .collect();
    let Some(first) = stopped.first().and_then(|r| r.failure.as_ref()) else {
        return out;
    };
    // One target's human output already ends with this error; don't say it twice.
    if total > 1 || !for_people {
        out.push(format!(
            "wa-token: error: {} of {total} targets got no verdict: {}",
            stopped.len(),
            first.message
        ));
        out.extend(first.hints.iter().map(|h| format!("hint: {h}")));
    }
    out
}

/// `4 targets in 0.4 s (10/s): 1 valid, 1 expiring, 2 invalid`.
pub fn summary_line<'r>(reports: impl Iterator<Item = &'r CheckReport>, took: Duration) -> String {
    const ORDER: [(CheckStatus, &str); 5] = [
        (CheckStatus::Valid, "valid"),
        (CheckStatus::Expiring, "expiring"),
        (CheckStatus::TooOld, "too old"),
        (CheckStatus::Invalid, "invalid"),
        (CheckStatus::Error, "no verdict"),
    ];
    let mut counts = [0usize; ORDER.len()];
    let mut total = 0;
    for r in reports {
        total += 1;
        if let Some(i) = ORDER.iter().position(|(s, _)| *s == r.status) {
            counts[i] += 1;
        }
    }
    let parts: Vec<String> = ORDER
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|((_, name), n)| format!("{n} {name}"))
        .collect();
    let secs = took.as_secs_f64().max(0.001);
    format!(
        "{total} targets in {secs:.1} s ({}/s): {}",
        rate_text(total as f64 / secs),
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::Failure;

    #[test]
    fn the_summary_counts_each_state() {
        let valid = CheckReport {
            status: CheckStatus::Valid,
            ..CheckReport::errored(Failure::api("x"), None, None)
        };
        let error = CheckReport::errored(Failure::api("x"), None, None);
        let line = summary_line([&valid, &error, &valid].into_iter(), Duration::from_millis(1500));
        assert_eq!(line, "3 targets in 1.5 s (2.0/s): 2 valid, 1 no verdict");
        // For a monitor: no summary line; for people: one.
        let reports = [&valid, &error];
        assert!(closing_lines(reports.into_iter(), Some(Duration::from_secs(1)), false).is_empty());
        assert_eq!(
            closing_lines(reports.into_iter(), Some(Duration::from_secs(1)), true).len(),
            1
        );
    }
}
