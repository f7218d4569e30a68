//! The targets of `check` and `inspect`, any number of them: each target's configuration
//! is read when its turn comes, at most `--jobs` run at once over one shared connection
//! pool, the results come back in input order, a terminal shows the progress, and people
//! get a summary line at the end.

use super::Context;
use crate::config::{Config, EnvFileNeed, Location, Settings};
use crate::graph::Pool;
use crate::join;
use crate::report::{CheckReport, CheckStatus};
use crate::ui::rate_text;
use std::cell::Cell;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One target: where its variables live, and how the user named it.
pub struct Target {
    pub label: String,
    pub location: Location,
}

impl Target {
    pub fn new(location: Location) -> Target {
        Target {
            label: location.label(),
            location,
        }
    }

    /// Name the report after the target: `target` always, then `env_file` for an env file
    /// or `store` for a secret store.
    pub fn place(&self, report: &mut CheckReport) {
        report.target = self.label.clone();
        (report.env_file, report.store) = match self.location {
            Location::EnvFile(_) => (Some(self.label.clone()), None),
            Location::Store(_) => (None, Some(self.label.clone())),
        };
    }
}

/// The targets of one run and what they share.
pub struct Fleet {
    pub targets: Vec<Target>,
    pub settings: Arc<Settings>,
    /// One HTTP client per Graph URL, the bound on requests in flight, Meta's pauses.
    pub pool: Arc<Pool>,
}

impl Fleet {
    pub fn new(settings: &Arc<Settings>, targets: Vec<Target>) -> Fleet {
        Fleet {
            targets,
            settings: Arc::clone(settings),
            pool: Pool::fleet(settings.fleet.jobs, settings.fleet.rate_limit_wait),
        }
    }

    /// `work` on every target with its configuration (read only when its turn comes, so
    /// that a fleet of thousands holds `--jobs` of them at once), the outputs in input
    /// order, and the time it took. One target shows the spinner, several the progress line.
    pub async fn each<'f, T, Fut>(
        &'f self,
        ctx: &Context<'_>,
        work: impl Fn(&'f Target, crate::exit::Result<Config>) -> Fut,
    ) -> (Vec<T>, Duration)
    where
        Fut: Future<Output = T>,
    {
        let started = Instant::now();
        let done = Cell::new(0);
        let run = join::map_bounded(
            &self.targets,
            self.settings.fleet.jobs,
            |target| {
                let work = &work;
                async move {
                    let config = Config::load(&self.settings, &target.location, EnvFileNeed::Optional).await;
                    work(target, config).await
                }
            },
            |_| done.set(done.get() + 1),
        );
        let outputs = match self.targets.len() {
            1 => ctx.ui.wait("asking the Graph API…", run).await,
            total => ctx.ui.with_progress_line(total, &done, run).await,
        };
        (outputs, started.elapsed())
    }

    /// What people and logs are told at the end, on stderr: with several targets, a
    /// summary line (not for machine formats: a monitor's cron would mail it every run);
    /// and, whatever the format, the targets Meta's rate limits stopped.
    pub fn summarize<'r>(
        &self,
        ctx: &Context<'_>,
        reports: impl Iterator<Item = &'r CheckReport> + Clone,
        took: Duration,
    ) {
        if self.targets.len() > 1 {
            ctx.ui.progress(&summary_line(reports.clone(), took));
        }
        let stopped: Vec<&CheckReport> = reports
            .filter(|r| r.failure.as_ref().is_some_and(|f| f.rate_limited))
            .collect();
        let Some(first) = stopped.first().and_then(|r| r.failure.as_ref()) else {
            return;
        };
        // One target's human output already ends with this error; don't say it twice.
        if self.targets.len() > 1 || ctx.ui.is_machine() {
            ctx.ui.note(&format!(
                "error: {} of {} targets got no verdict: {}",
                stopped.len(),
                self.targets.len(),
                first.message
            ));
            for hint in &first.hints {
                ctx.ui.hint(hint);
            }
        }
    }
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
    }
}
