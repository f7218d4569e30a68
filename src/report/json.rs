//! `--json`: exactly one JSON object on stdout, whatever happened.

use super::check::{CheckStatus, FailureInfo};
use super::{Line, Rendered, Renderer, Report};
use serde::Serialize;

pub struct Json;

/// Several targets: `{"results": [...], "status": worst}`.
#[derive(Serialize)]
struct Multi<'a, T: Serialize> {
    results: Vec<Targeted<'a, T>>,
    status: CheckStatus,
}

/// One of several results, led by its `target` (the path or URI as given).
#[derive(Serialize)]
struct Targeted<'a, T: Serialize> {
    target: &'a str,
    #[serde(flatten)]
    result: &'a T,
}

fn targeted<'a, T: Serialize>(results: &'a [T], target: impl Fn(&'a T) -> &'a str) -> Vec<Targeted<'a, T>> {
    results
        .iter()
        .map(|result| Targeted {
            target: target(result),
            result,
        })
        .collect()
}

/// A command that stopped before it had a report of its own.
#[derive(Serialize)]
struct Stopped {
    error: FailureInfo,
    status: &'static str,
}

/// Stands for the token in `inspect --show-token --json` until the rest is scrubbed.
const TOKEN_PLACEHOLDER: &str = "\u{1}wa-token:token-value\u{1}";

impl Renderer for Json {
    fn render(&self, report: &Report) -> Rendered {
        let mut out = Rendered::default();
        match report {
            Report::Check(run) => match run.results.as_slice() {
                [one] => out.out(pretty(one)),
                all => out.out(pretty(&Multi {
                    results: targeted(all, |r| r.target()),
                    status: run.worst().map(|r| r.status).unwrap_or(CheckStatus::Valid),
                })),
            },
            Report::Inspect(run) => match run.results.as_slice() {
                [one] if run.show_token && one.check.token.as_ref().is_some_and(|t| t.value.is_some()) => {
                    // Only the token's own field is shown whole: the rest is scrubbed as always.
                    let mut shown = one.clone();
                    let token = shown
                        .check
                        .token
                        .as_mut()
                        .and_then(|t| t.value.replace(TOKEN_PLACEHOLDER.into()));
                    let text = crate::secret::scrub(&pretty(&shown));
                    let escaped = serde_json::to_string(&token.unwrap_or_default()).unwrap_or_default();
                    let placeholder = serde_json::to_string(TOKEN_PLACEHOLDER).unwrap_or_default();
                    out.lines.push(Line::Revealed(text.replace(&placeholder, &escaped)));
                }
                [one] => out.out(pretty(one)),
                all => out.out(pretty(&Multi {
                    results: targeted(all, |r| r.check.target()),
                    status: run.worst_status(),
                })),
            },
            Report::Replace(r) => out.out(pretty(r)),
            Report::Revoke(r) => out.out(pretty(r)),
            Report::Send(r) => out.out(pretty(r)),
            Report::Doctor(r) => out.out(pretty(r)),
            Report::Demo(r) => out.out(pretty(r)),
            Report::Script(bytes) => out.lines.push(Line::Raw(bytes.clone())),
            Report::Failed(f) => out.out(pretty(&Stopped {
                error: FailureInfo::from(f),
                status: "error",
            })),
        }
        out.lines.extend(super::closing(report, false));
        out
    }
}

fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string())
}
