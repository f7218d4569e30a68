//! Human output: a headline with a symbol, aligned fields, hints on stderr.

use super::check::{CheckReport, CheckStatus, ErrorField};
use super::demo::DemoReport;
use super::doctor::DoctorReport;
use super::inspect::{InspectReport, InspectRun};
use super::replace::{CheckRow, MintFacts, Outcome, ReplaceStatus, RotateReport};
use super::revoke::{RevokeReport, RevokeStatus};
use super::send::{ACCEPTED_NOTE, SendError, SendReport, SendStatus, TEXT_WINDOW_NOTE};
use super::{Line, Rendered, Renderer, Report, dates, nagios};
use crate::exit::Failure;
use colored::Colorize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Pass,
    Fail,
    Warn,
    Skip,
}

impl Mark {
    fn symbol(self) -> &'static str {
        match self {
            Mark::Pass => "✓",
            Mark::Fail => "✗",
            Mark::Warn => "!",
            Mark::Skip => "–",
        }
    }
}

impl From<Outcome> for Mark {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Pass => Mark::Pass,
            Outcome::Warn => Mark::Warn,
            Outcome::Fail => Mark::Fail,
            Outcome::Skip => Mark::Skip,
        }
    }
}

/// The human renderer: colour per stream, and the time relative dates are judged at.
#[derive(Clone, Copy, Debug)]
pub struct Human {
    pub out_color: bool,
    pub err_color: bool,
    pub now: i64,
}

impl Renderer for Human {
    fn render(&self, report: &Report) -> Rendered {
        let mut w = Writer {
            style: *self,
            out: Rendered::default(),
            target: None,
        };
        match report {
            Report::Check(run) => match run.results.as_slice() {
                [one] => w.check_or_error(one, &[]),
                all => w.target_summaries(all.iter()),
            },
            Report::Inspect(run) => w.inspect(run),
            Report::Replace(r) => w.replace(r),
            Report::Revoke(r) => w.revoke(r),
            Report::Send(r) => w.send(r),
            Report::Doctor(r) => w.doctor(r),
            Report::Demo(r) => w.demo(r),
            Report::Script(bytes) => w.out.lines.push(Line::Raw(bytes.clone())),
            Report::Failed(f) => w.error(f),
        }
        w.out.lines.extend(super::closing(report, true));
        w.out
    }
}

/// Builds the lines, with the same vocabulary as the terminal: headlines, fields, hints.
struct Writer {
    style: Human,
    out: Rendered,
    /// With several targets, stderr lines name the one they are about.
    target: Option<String>,
}

impl Writer {
    fn paint(&self, mark: Mark, text: &str, on: bool) -> String {
        if !on {
            return text.to_string();
        }
        match mark {
            Mark::Pass => text.green().bold().to_string(),
            Mark::Fail => text.red().bold().to_string(),
            Mark::Warn => text.yellow().bold().to_string(),
            Mark::Skip => text.dimmed().to_string(),
        }
    }

    fn line(&mut self, text: impl Into<String>) {
        self.out.out(text);
    }

    /// `✓ token is valid`
    fn headline(&mut self, mark: Mark, text: &str) {
        let symbol = self.paint(mark, mark.symbol(), self.style.out_color);
        let text = if self.style.out_color {
            text.bold().to_string()
        } else {
            text.to_string()
        };
        self.line(format!("{symbol} {text}"));
    }

    /// One line of a checklist: `✓ name  detail`.
    fn check_line(&mut self, mark: Mark, name: &str, width: usize, detail: &str) {
        let symbol = self.paint(mark, mark.symbol(), self.style.out_color);
        self.line(format!("{symbol} {name:<width$}  {detail}"));
    }

    /// Aligned `key: value` lines under a headline.
    fn fields(&mut self, rows: &[(String, String)]) {
        let width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0) + 1;
        for (key, value) in rows {
            let label = format!("{key}:");
            let label = format!("{label:<width$}");
            let label = if self.style.out_color {
                label.dimmed().to_string()
            } else {
                label
            };
            self.line(format!("  {label} {value}"));
        }
    }

    fn hint(&mut self, message: &str) {
        let label = if self.style.err_color {
            "hint:".cyan().bold().to_string()
        } else {
            "hint:".to_string()
        };
        match &self.target {
            Some(t) => self.out.err(format!("{label} {t}: {message}")),
            None => self.out.err(format!("{label} {message}")),
        }
    }

    fn note(&mut self, message: &str) {
        self.out.err(format!("wa-token: {message}"));
    }

    fn error(&mut self, failure: &Failure) {
        let label = if self.style.err_color {
            "error:".red().bold().to_string()
        } else {
            "error:".to_string()
        };
        match &self.target {
            Some(t) => self.out.err(format!("wa-token: {label} {t}: {}", failure.message)),
            None => self.out.err(format!("wa-token: {label} {}", failure.message)),
        }
        for hint in &failure.hints {
            self.hint(hint);
        }
    }

    fn check_or_error(&mut self, report: &CheckReport, extra: &[(String, String)]) {
        match &report.failure {
            Some(f) => self.error(f),
            None => self.check(report, extra),
        }
    }

    /// Several targets: one line each.
    fn target_summaries<'a>(&mut self, reports: impl Iterator<Item = &'a CheckReport> + Clone) {
        let width = reports.clone().map(|r| r.target().chars().count()).max().unwrap_or(0);
        for r in reports {
            let (mark, _) = check_headline(r);
            self.check_line(mark, r.target(), width, &nagios::summary(r));
        }
    }

    /// Headline, aligned fields (plus `extra` rows), hints on stderr.
    fn check(&mut self, report: &CheckReport, extra: &[(String, String)]) {
        let (mark, text) = check_headline(report);
        self.headline(mark, &text);
        let mut rows: Vec<(String, String)> = Vec::new();
        if let Some(t) = &report.token {
            rows.push(("token".into(), format!("{}  {}", t.masked, t.fingerprint)));
            rows.push(("source".into(), format!("{} ({})", t.source, t.variable)));
        }
        if let Some(kind) = &report.kind {
            rows.push(("type".into(), kind.clone()));
        }
        match (&report.application, &report.app_id) {
            (Some(name), Some(id)) => rows.push(("app".into(), format!("{name} ({id})"))),
            (None, Some(id)) => rows.push(("app".into(), id.clone())),
            _ => {}
        }
        if report.status != CheckStatus::Error {
            let expires = match (&report.expires_at, report.expiry_known) {
                (_, false) => "unknown (Meta did not let the token debug itself)".to_string(),
                (None, true) => "never".to_string(),
                (Some(at), true) => report
                    .expires_unix
                    .map(|t| dates::date_and_relative(t, self.style.now))
                    .unwrap_or_else(|| at.clone()),
            };
            rows.push(("expires".into(), expires));
        }
        if let Some(scopes) = &report.scopes {
            rows.push((
                "scopes".into(),
                if scopes.is_empty() {
                    "none".into()
                } else {
                    scopes.join(", ")
                },
            ));
        }
        if let Some(missing) = report.missing_scopes.as_ref().filter(|m| !m.is_empty()) {
            rows.push(("missing".into(), missing.join(", ")));
        }
        if let Some(with) = report.checked_with.as_ref().filter(|w| *w != "debug_token") {
            rows.push(("checked".into(), format!("by reading {with} (debug_token was refused)")));
        }
        if let Some(error) = &report.error {
            let label = match error.code() {
                Some((c, sub)) => format!("({}) {}", crate::graph::code_label(c, sub), error.message()),
                None => error.message().to_string(),
            };
            rows.push(("error".into(), label));
        }
        rows.extend_from_slice(extra);
        self.fields(&rows);
        for hint in &report.hints {
            self.hint(hint);
        }
    }

    fn inspect(&mut self, run: &InspectRun) {
        match run.results.as_slice() {
            [one] => {
                self.check_or_error(&one.check, &inspect_rows(one, run.now));
                if let (Some(value), None) = (
                    one.check.token.as_ref().and_then(|t| t.value.as_ref()),
                    &one.check.failure,
                ) {
                    self.out.lines.push(Line::Revealed(format!("  whole token: {value}")));
                }
            }
            all => {
                for (n, one) in all.iter().enumerate() {
                    if n > 0 {
                        self.line("");
                    }
                    self.line(format!("== {}", one.check.target()));
                    self.target = Some(one.check.target().to_string());
                    self.check_or_error(&one.check, &inspect_rows(one, run.now));
                }
                self.target = None;
            }
        }
    }

    fn validation(&mut self, rows: &[CheckRow]) {
        let width = rows.iter().map(|c| c.name.len()).max().unwrap_or(0);
        let mut hinted: Vec<&str> = Vec::new();
        for c in rows {
            self.check_line(c.status.into(), c.name, width, &c.detail);
            if c.status == Outcome::Fail
                && let Some(h) = &c.hint
                && !hinted.contains(&h.as_str())
            {
                self.hint(h);
                hinted.push(h);
            }
        }
    }

    fn replace(&mut self, report: &RotateReport) {
        self.validation(&report.validation);
        match report.status {
            ReplaceStatus::Rotated | ReplaceStatus::Refreshed | ReplaceStatus::Minted => self.written(report),
            ReplaceStatus::DryRun => {
                if let Some(diff) = &report.diff {
                    for line in diff.lines() {
                        self.line(line);
                    }
                }
                let what = report.plan.as_deref().unwrap_or("nothing was written");
                self.headline(Mark::Skip, &format!("dry run: {what}"));
            }
            ReplaceStatus::Unchanged => match (&report.cancelled, &report.reason) {
                (Some(what), _) => self.headline(Mark::Skip, &format!("cancelled: {what}")),
                (None, Some(reason)) => self.headline(Mark::Pass, &format!("unchanged: {reason}")),
                (None, None) => {
                    let variable = report.variable.clone().unwrap_or_default();
                    self.headline(Mark::Pass, &format!("unchanged: {variable} already holds this token"));
                    if let Some(new) = &report.new {
                        self.fields(&[("token".into(), format!("{}  {}", new.masked, new.fingerprint))]);
                    }
                }
            },
            ReplaceStatus::Rejected | ReplaceStatus::Error => {
                if let Some(f) = &report.failure {
                    self.error(f);
                }
                self.discarded(report);
            }
        }
    }

    /// A minted token that was not written: revoked at once, or the user must do it.
    fn discarded(&mut self, report: &RotateReport) {
        let Some(revoked) = report.mint.as_ref().and_then(|m| m.new_revoked) else {
            return;
        };
        let masked = report.new.as_ref().map(|n| n.masked.as_str()).unwrap_or("…");
        if revoked {
            self.note(&format!(
                "the minted token {masked} was not written, so it was revoked at once: Meta confirms it is no longer valid"
            ));
        } else {
            self.out.err(format!(
                "wa-token: error: the minted token {masked} was not written, and it could not be revoked"
            ));
            self.hint("it was never printed or written anywhere, so nobody holds it, and a 60-day token dies on its own; Meta Business Settings › Users › System users can revoke every token of the system user (the one in use too)");
        }
    }

    /// `mint`: what became of the old token.
    fn old_token(&mut self, mint: &MintFacts, backup: Option<&str>) {
        let Some(text) = &mint.revocation else {
            return;
        };
        match mint.revoked {
            Some(true) => self.headline(Mark::Pass, text),
            Some(false) => {
                self.headline(Mark::Fail, text);
                let from = backup.map(|b| format!(" (it is in {b})")).unwrap_or_default();
                self.hint(&format!(
                    "the old token stays valid until its own expiry: once the app runs on the new one, revoke it with `wa-token revoke --token-stdin`{from}"
                ));
            }
            None => self.note(text),
        }
    }

    fn written(&mut self, report: &RotateReport) {
        let status = match report.status {
            ReplaceStatus::Refreshed => "refreshed",
            ReplaceStatus::Minted => "minted",
            _ => "rotated",
        };
        self.headline(
            Mark::Pass,
            &format!(
                "{status} {} ({})",
                report.variable.clone().unwrap_or_default(),
                written_where(report)
            ),
        );
        let mut rows = Vec::new();
        if let Some(old) = &report.old {
            rows.push(("old".to_string(), format!("{}  {}", old.masked, old.fingerprint)));
        }
        if let Some(new) = &report.new {
            rows.push(("new".to_string(), format!("{}  {}", new.masked, new.fingerprint)));
        }
        if let Some(w) = &report.written
            && report.env_file.as_deref().is_some_and(|f| f != w.target)
        {
            rows.push(("written".to_string(), w.target.clone()));
        }
        let no_backup = report
            .written
            .as_ref()
            .map(|w| w.no_backup)
            .unwrap_or("none (--no-backup)");
        let backup = match (&report.backup, &report.store) {
            (Some(version), Some(_)) => format!("{version} (kept in the secret's history)"),
            (Some(file), None) => file.clone(),
            (None, _) => no_backup.to_string(),
        };
        rows.push(("backup".to_string(), backup));
        self.fields(&rows);
        let restart_example = report.written.as_ref().and_then(|w| w.restart_example.clone());
        match (&report.restart, restart_example) {
            (None, Some(example)) => self.note(&format!(
                "restart the pods that read the Secret so that they see the new token (or pass --restart '{example}' next time)"
            )),
            (None, None) => self.note("restart your app so that it reads the new token (or pass --restart CMD next time)"),
            (Some(r), _) if r.success => self.headline(Mark::Pass, "restart command succeeded"),
            (Some(r), _) => {
                let code = r.exit_code.map(|c| c.to_string()).unwrap_or_else(|| "null".into());
                self.headline(
                    Mark::Fail,
                    &format!("the restart command failed (exit {code}); the new token is written"),
                );
                self.hint("restart the app by hand; the old file is in the backup if you need it");
            }
        }
        if let Some(v) = &report.verify {
            if v.success {
                self.headline(
                    Mark::Pass,
                    &format!("the app shows the new token ({}, after {:.1} s)", v.url, v.seconds),
                );
            } else {
                let detail = v.detail.as_deref().unwrap_or_default();
                self.headline(Mark::Fail, &format!("the app did not reload: {}: {detail}", v.url));
                self.hint(
                    "the new token is written, but the running app still uses the old one: restart it (see --restart)",
                );
            }
        }
        if let Some(mint) = &report.mint {
            self.old_token(mint, report.backup.as_deref());
        }
    }

    fn revoke(&mut self, report: &RevokeReport) {
        let mut rows = Vec::new();
        if let Some(t) = &report.token {
            rows.push(("token".to_string(), format!("{}  {}", t.masked, t.fingerprint)));
        }
        if let Some(d) = &report.detail {
            rows.push(("meta says".to_string(), d.clone()));
        }
        match report.status {
            RevokeStatus::Revoked if report.confirmed => {
                self.headline(Mark::Pass, "revoked: Meta confirms the token is no longer valid")
            }
            RevokeStatus::Revoked => self.headline(Mark::Fail, "revoked, but not confirmed: the token may still work"),
            RevokeStatus::AlreadyInvalid => self.headline(Mark::Pass, "already invalid: nothing to revoke"),
            RevokeStatus::Cancelled => return self.headline(Mark::Skip, "cancelled: nothing was revoked"),
            RevokeStatus::Rejected | RevokeStatus::Error => {
                if let Some(f) = &report.failure {
                    self.error(f);
                }
                return;
            }
        }
        self.fields(&rows);
        if report.status == RevokeStatus::Revoked && !report.confirmed {
            self.hint("ask again in a minute with `wa-token revoke` (revoking twice does no harm)");
        }
        if report.current && report.status == RevokeStatus::Revoked {
            self.note("the env file still holds the revoked token: the bot stops working until it has a new one (`wa-token mint --admin-token-stdin --system-user-id ID`, or `wa-token rotate`)");
        }
    }

    fn send(&mut self, report: &SendReport) {
        if let Some(f) = &report.failure {
            return self.error(f);
        }
        let to = report.to.clone().unwrap_or_default();
        if report.status == SendStatus::Sent {
            self.headline(Mark::Pass, &format!("message accepted for +{to}"));
            let mut rows = vec![
                ("message id".to_string(), report.message_id.clone().unwrap_or_default()),
                ("wa_id".to_string(), report.wa_id.clone().unwrap_or_else(|| "-".into())),
            ];
            if let Some(s) = &report.message_status {
                rows.push(("status".into(), s.clone()));
            }
            rows.push(("sent".into(), report.sent.clone()));
            rows.extend(send_token_row(report));
            self.fields(&rows);
            self.note(ACCEPTED_NOTE);
            if report.text {
                self.note(TEXT_WINDOW_NOTE);
            }
            return;
        }
        let headline = if report.status == SendStatus::Rejected {
            format!("the API rejected the message to +{to}")
        } else {
            "no verdict: the message request failed".into()
        };
        self.headline(Mark::Fail, &headline);
        let mut rows = Vec::new();
        let mut hint = None;
        match &report.error {
            Some(SendError::Rejection(e)) => {
                let code = match e.subcode {
                    Some(sub) => format!("{} (subcode {sub})", e.code),
                    None => e.code.to_string(),
                };
                rows.push(("code".to_string(), code));
                rows.push(("message".into(), e.message.clone()));
                if let Some(d) = &e.details {
                    rows.push(("details".into(), d.clone()));
                }
                if let Some(t) = &e.fbtrace_id {
                    rows.push(("fbtrace_id".into(), t.clone()));
                }
                hint = e.hint.clone();
            }
            Some(SendError::Failure(f)) => {
                rows.push(("message".into(), f.message.clone()));
                hint = f.hint.clone();
            }
            None => {}
        }
        rows.push(("sent".into(), report.sent.clone()));
        rows.extend(send_token_row(report));
        self.fields(&rows);
        if let Some(h) = hint {
            self.hint(&h);
        }
        if report.text && report.status == SendStatus::Rejected {
            self.note(TEXT_WINDOW_NOTE);
        }
    }

    fn demo(&mut self, report: &DemoReport) {
        self.line(format!(
            "wa-token demo: Meta is played by a stand-in on {} (loopback only: nothing leaves this machine)",
            report.graph_url
        ));
        self.line("The bot's .env, in a temporary directory (tokens masked, as wa-token always shows them):");
        self.line("");
        for line in report.env_before.lines() {
            self.line(format!("    {line}"));
        }
        // Each step's own notice about the stand-in's address was said once, above.
        let announce = format!("sending the token to {}/, not Meta", report.graph_url);
        for step in &report.steps {
            self.line("");
            self.line(format!("# {}", step.says));
            self.line(format!("$ {}", step.command));
            for line in step.stdout.lines() {
                self.line(line);
            }
            for line in step.stderr.lines().filter(|l| !l.ends_with(&announce)) {
                self.out.err(line);
            }
            if !step.as_expected() {
                self.headline(
                    Mark::Fail,
                    &format!(
                        "this step should have exited {}, not {}",
                        step.expected_exit_code, step.exit_code
                    ),
                );
            }
        }
        self.line("");
        if report.only_token_changed {
            self.headline(
                Mark::Pass,
                "every byte of .env but the token's is as it was before the rotation",
            );
        } else {
            self.headline(Mark::Fail, ".env changed in more than the token's bytes");
        }
        match &report.kept {
            Some(dir) => self.note(&format!("the demo's files are kept in {dir} (--keep)")),
            None => self.note("the demo's temporary directory was removed"),
        }
        let ok = report.status == "ok";
        let (mark, text) = if ok {
            (
                Mark::Pass,
                "demo finished: next, run `wa-token check` where your bot's .env is",
            )
        } else {
            (Mark::Fail, "the demo did not go as it should: please report this")
        };
        self.headline(mark, text);
    }

    fn doctor(&mut self, report: &DoctorReport) {
        let width = report.checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
        for c in &report.checks {
            self.check_line(c.status.into(), c.name, width, &c.detail);
            if let Some(h) = c
                .hint
                .as_ref()
                .filter(|_| matches!(c.status, Outcome::Warn | Outcome::Fail))
            {
                self.line(format!("  {:width$}  fix: {h}", ""));
            }
        }
        let fails = report.checks.iter().filter(|c| c.status == Outcome::Fail).count();
        let warns = report.checks.iter().filter(|c| c.status == Outcome::Warn).count();
        match (fails, warns) {
            (0, 0) => self.headline(Mark::Pass, "all checks passed"),
            (0, w) => self.headline(
                Mark::Warn,
                &format!("no problems, {w} warning{}", if w == 1 { "" } else { "s" }),
            ),
            (f, _) => self.headline(
                Mark::Fail,
                &format!("{f} problem{} found", if f == 1 { "" } else { "s" }),
            ),
        }
    }
}

/// `token: EAAGde…016Z (.env line 2, WHATSAPP_API_TOKEN)`
fn send_token_row(report: &SendReport) -> Option<(String, String)> {
    let t = report.token.as_ref()?;
    Some(("token".into(), format!("{} ({}, {})", t.masked, t.source, t.variable)))
}

/// `3`, `3 and 7`, `1, 3 and 7`
pub fn join_lines(lines: &[usize]) -> String {
    let parts: Vec<String> = lines.iter().map(usize::to_string).collect();
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// The headline for a check report.
pub fn check_headline(report: &CheckReport) -> (Mark, String) {
    match report.status {
        CheckStatus::Valid if !report.expiry_known => (Mark::Pass, "token is valid (expiry unknown)".to_string()),
        CheckStatus::Valid => (Mark::Pass, "token is valid".to_string()),
        CheckStatus::Expiring => {
            let when = match report.expires_in_days.unwrap_or(0) {
                0 => "within a day".to_string(),
                1 => "in 1 day".to_string(),
                n => format!("in {n} days"),
            };
            (Mark::Warn, format!("token expires {when}"))
        }
        CheckStatus::TooOld => (
            Mark::Warn,
            format!("token is {} days old", report.age_days.unwrap_or(0)),
        ),
        CheckStatus::Invalid => {
            let sub = report
                .error
                .as_ref()
                .and_then(ErrorField::code)
                .and_then(|(_, sub)| sub);
            let text = match sub {
                Some(463) => "token has expired".to_string(),
                Some(458 | 460 | 466 | 467 | 492) => "token was revoked".to_string(),
                _ if report.expires_in_days.is_some_and(|d| d < 0) => "token has expired".to_string(),
                _ if report.missing_scopes.as_ref().is_some_and(|m| !m.is_empty()) => {
                    format!(
                        "token lacks {}",
                        report.missing_scopes.as_deref().unwrap_or_default().join(" and ")
                    )
                }
                _ => "token is not valid".to_string(),
            };
            (Mark::Fail, text)
        }
        CheckStatus::Error => (Mark::Fail, "no verdict: the Graph API could not be asked".to_string()),
    }
}

/// inspect's rows after check's.
fn inspect_rows(report: &InspectReport, now: i64) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(t) = report.issued_unix {
        rows.push(("issued".into(), dates::date_and_relative(t, now)));
    }
    if let Some(t) = report.data_access_unix.filter(|&t| t > 0) {
        rows.push(("data access".into(), dates::date_and_relative(t, now)));
    }
    if let Some(user) = &report.user_id {
        rows.push(("user id".into(), user.clone()));
    }
    let grants: Vec<String> = report
        .granular_scopes
        .iter()
        .flatten()
        .map(|g| match &g.target_ids {
            Some(ids) => format!("{} ({})", g.scope, ids.join(", ")),
            None => format!("{} (all assets)", g.scope),
        })
        .collect();
    if !grants.is_empty() {
        rows.push(("grants".into(), grants.join("; ")));
    }
    let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
    if let Some(p) = &report.phone_number {
        rows.push((
            "phone number".into(),
            format!(
                "{} {} ({})",
                or_unknown(&p.display_phone_number),
                or_unknown(&p.verified_name),
                or_unknown(&p.id)
            ),
        ));
        rows.push(("  quality".into(), or_unknown(&p.quality_rating)));
        rows.push(("  verification".into(), or_unknown(&p.code_verification_status)));
        if let Some(status) = &p.status {
            rows.push(("  status".into(), status.clone()));
        }
        if let Some(name) = &p.name_status {
            rows.push(("  name status".into(), name.clone()));
        }
    }
    if let Some(w) = &report.business_account {
        rows.push((
            "business account".into(),
            format!("{} ({})", or_unknown(&w.name), or_unknown(&w.id)),
        ));
        rows.push(("  review".into(), or_unknown(&w.account_review_status)));
        if let Some(v) = &w.business_verification_status {
            rows.push(("  verification".into(), v.clone()));
        }
    }
    rows
}
/// Where a write went: `.env line 2`, `appended to .env`, `vault://secret/x, version 4`.
fn written_where(report: &RotateReport) -> String {
    let facts = report.written.as_ref();
    let appended = facts.is_some_and(|w| w.appended);
    match (&report.store, facts.and_then(|w| w.version.clone())) {
        (Some(uri), Some(version)) if appended => format!("added to {uri}, {version}"),
        (Some(uri), Some(version)) => format!("{uri}, {version}"),
        (Some(uri), None) => uri.clone(),
        (None, _) if appended => format!("appended to {}", report.target()),
        (None, _) => format!("{} line {}", report.target(), join_lines(&report.lines)),
    }
}
