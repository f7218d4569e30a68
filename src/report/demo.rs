//! `demo`'s report: each step's command line, exit code and output.

use crate::exit::ExitStatus;
use serde::Serialize;
use serde_json::value::RawValue;

#[derive(Debug, Serialize)]
pub struct DemoStep {
    pub command: String,
    pub exit_code: i32,
    pub expected_exit_code: u8,
    /// The step's own JSON object (steps run with `--json`), as it printed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Box<RawValue>>,
    /// Output that is not JSON (Nagios, Prometheus), as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(skip)]
    pub says: &'static str,
    #[serde(skip)]
    pub stdout: String,
    #[serde(skip)]
    pub stderr: String,
}

impl DemoStep {
    pub fn new(
        command: String,
        says: &'static str,
        exit_code: i32,
        expected: u8,
        stdout: String,
        stderr: String,
    ) -> Self {
        let result = serde_json::from_str::<Box<RawValue>>(stdout.trim()).ok();
        DemoStep {
            command,
            exit_code,
            expected_exit_code: expected,
            output: result.is_none().then(|| stdout.clone()),
            result,
            says,
            stdout,
            stderr,
        }
    }

    pub fn as_expected(&self) -> bool {
        self.exit_code == i32::from(self.expected_exit_code)
    }
}

#[derive(Debug, Serialize)]
pub struct DemoReport {
    /// `ok` when every step ended as the story says.
    pub status: &'static str,
    /// The stand-in's address (loopback).
    pub graph_url: String,
    pub steps: Vec<DemoStep>,
    /// After the rotation, the `.env` differs from the original in the token's bytes only.
    pub only_token_changed: bool,
    /// The directory, when `--keep` kept it.
    pub kept: Option<String>,
    /// The bot's `.env` before, tokens masked.
    #[serde(skip)]
    pub env_before: String,
    #[serde(skip)]
    pub exit: ExitStatus,
}

impl DemoReport {
    pub fn new(graph_url: String) -> Self {
        DemoReport {
            status: "ok",
            graph_url,
            steps: Vec::new(),
            only_token_changed: false,
            kept: None,
            env_before: String::new(),
            exit: ExitStatus::Success,
        }
    }

    pub fn push(&mut self, step: DemoStep) {
        if !step.as_expected() {
            self.status = "failed";
            self.exit = ExitStatus::No;
        }
        self.steps.push(step);
    }
}
