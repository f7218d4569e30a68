//! Every report wa-token prints, as types, and the four renderers that print them.
//!
//! Commands compute a [`Report`]; `lib.rs` hands it to one [`Renderer`] (human, JSON,
//! Nagios or Prometheus) and writes what comes back, once. Renderers are pure: they read
//! no clock (the time is passed in) and write nothing themselves, so they are unit-tested.

mod check;
pub mod dates;
mod demo;
mod doctor;
mod fleet;
mod human;
mod inspect;
mod json;
mod nagios;
mod prometheus;
mod replace;
mod revoke;
mod send;

pub use check::{CheckReport, CheckRun, CheckStatus, ErrorField, FailureInfo, Thresholds, TokenError, TokenInfo};
pub use demo::{DemoReport, DemoStep};
pub use doctor::DoctorReport;
pub use fleet::closing_lines;
pub use human::{Human, Mark, join_lines};
pub use inspect::{InspectReport, InspectRun, NodeError};
pub use json::Json;
pub use nagios::{Nagios, NagiosState};
pub use prometheus::Prometheus;
pub use replace::{
    CheckRow, MintFacts, Outcome, ReplaceStatus, RestartOutcome, RotateReport, Shown, StoreVersion, TargetName,
    VerifyOutcome, WriteFacts,
};
pub use revoke::{RevokeReport, RevokeStatus};
pub use send::{ACCEPTED_NOTE, Rejection, SendError, SendReport, SendStatus, TEXT_WINDOW_NOTE};

use crate::exit::{ExitStatus, Failure};

/// What a command found out, ready to print.
#[derive(Debug)]
pub enum Report {
    Check(CheckRun),
    Inspect(InspectRun),
    /// rotate, refresh and mint (and their dry runs).
    Replace(Box<RotateReport>),
    Revoke(Box<RevokeReport>),
    Send(Box<SendReport>),
    Doctor(DoctorReport),
    Demo(Box<DemoReport>),
    /// Generated text printed as is: completion scripts, the man page.
    Script(Vec<u8>),
    /// A command stopped before it had a report of its own.
    Failed(Failure),
}

impl Report {
    /// The exit status of the report (the Nagios and Prometheus renderers have their own).
    pub fn exit(&self) -> ExitStatus {
        match self {
            Report::Check(run) => run.exit(),
            Report::Inspect(run) => run.exit(),
            Report::Replace(r) => r.exit,
            Report::Revoke(r) => r.exit,
            Report::Send(r) => r.exit,
            Report::Doctor(r) => r.exit,
            Report::Demo(r) => r.exit,
            Report::Script(_) => ExitStatus::Success,
            Report::Failed(f) => f.exit,
        }
    }
}

impl Report {
    /// Name the Graph URL in every result (it is not Meta's).
    pub fn name_graph_url(&mut self, url: &str) {
        let url = Some(url.to_string());
        match self {
            Report::Check(run) => run.results.iter_mut().for_each(|r| r.graph_url = url.clone()),
            Report::Inspect(run) => run.results.iter_mut().for_each(|r| r.check.graph_url = url.clone()),
            Report::Replace(r) => r.graph_url = url,
            Report::Revoke(r) => r.graph_url = url,
            Report::Send(r) => r.graph_url = url,
            Report::Doctor(r) => r.graph_url = url,
            Report::Demo(_) | Report::Script(_) | Report::Failed(_) => {}
        }
    }
}

pub use crate::ui::{Line, Rendered};

/// The stderr lines that close a run of check or inspect (see `fleet.rs`).
fn closing(report: &Report, for_people: bool) -> Vec<Line> {
    let lines = match report {
        Report::Check(run) => closing_lines(run.results.iter(), run.took, for_people),
        Report::Inspect(run) => closing_lines(run.results.iter().map(|r| &r.check), run.took, for_people),
        _ => Vec::new(),
    };
    lines.into_iter().map(Line::Err).collect()
}

/// A way of printing reports: one per `--format`.
pub trait Renderer {
    fn render(&self, report: &Report) -> Rendered;
}

/// Several targets: from most to least severe exit, 2, 1, 4, 3, 0.
pub fn severity(exit: ExitStatus) -> u8 {
    match exit {
        ExitStatus::Usage => 5,
        ExitStatus::No => 4,
        ExitStatus::NoVerdict => 3,
        ExitStatus::Warning => 2,
        ExitStatus::RestartFailed => 1,
        ExitStatus::Success => 0,
    }
}
