//! The targets of `check` and `inspect`, any number of them: each target's configuration
//! is read when its turn comes, at most `--jobs` run at once over one shared connection
//! pool, the results come back in input order, a terminal shows the progress, and people
//! get a summary line at the end.

use super::Context;
use crate::config::{Config, EnvFileNeed, Location, Settings};
use crate::graph::Pool;
use crate::join;
use crate::report::CheckReport;
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
}
