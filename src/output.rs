//! Everything the tool prints: human lines with symbols and colours, `--json` objects,
//! warnings and errors on stderr, the spinner, and dates.
//!
//! Every line passes through `secret::scrub` on its way out, so a token that slipped
//! into a message is masked anyway. A closed stdout (`| head -1`) ends output quietly.

use crate::cli::ColorWhen;
use crate::exit::Failure;
use crate::secret::scrub;
use colored::Colorize;
use serde::Serialize;
use std::future::Future;
use std::io::{IsTerminal, Write};
use std::time::Duration;

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

#[derive(Clone, Debug)]
pub struct Ui {
    pub json: bool,
    out_color: bool,
    err_color: bool,
    spinner: bool,
}

impl Ui {
    pub fn new(color: ColorWhen, json: bool) -> Ui {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let decide = |is_tty: bool| match color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => is_tty && !no_color_env,
        };
        // We decide per stream ourselves; colored must not second-guess it.
        colored::control::set_override(true);
        let stderr_tty = std::io::stderr().is_terminal();
        Ui {
            json,
            out_color: decide(std::io::stdout().is_terminal()),
            err_color: decide(stderr_tty),
            spinner: stderr_tty && !json,
        }
    }

    /// A quiet Ui for tests and embedding.
    pub fn plain(json: bool) -> Ui {
        Ui {
            json,
            out_color: false,
            err_color: false,
            spinner: false,
        }
    }

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

    /// `✓ token is valid`
    pub fn headline(&self, mark: Mark, text: &str) {
        let symbol = self.paint(mark, mark.symbol(), self.out_color);
        let text = if self.out_color {
            text.bold().to_string()
        } else {
            text.to_string()
        };
        self.line(&format!("{symbol} {text}"));
    }

    /// One line of a checklist: `  ✓ name  detail`.
    pub fn check_line(&self, mark: Mark, name: &str, width: usize, detail: &str) {
        let symbol = self.paint(mark, mark.symbol(), self.out_color);
        self.line(&format!("{symbol} {name:<width$}  {detail}"));
    }

    /// Aligned `key: value` lines under a headline.
    pub fn fields(&self, rows: &[(String, String)]) {
        let width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0) + 1;
        for (key, value) in rows {
            let label = format!("{key}:");
            let label = format!("{label:<width$}");
            let label = if self.out_color {
                label.dimmed().to_string()
            } else {
                label
            };
            self.line(&format!("  {label} {value}"));
        }
    }

    pub fn line(&self, text: &str) {
        write_out(&scrub(text));
    }

    /// Text printed as is (already ends with a newline), scrubbed.
    pub fn text(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(scrub(text).as_bytes());
        let _ = out.flush();
    }

    /// Unscrubbed: only for `inspect --show-token`.
    pub fn line_revealing_secret(&self, text: &str) {
        write_out(text);
    }

    pub fn json<T: Serialize>(&self, value: &T) {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
        write_out(&scrub(&text));
    }

    /// Unscrubbed: only for `inspect --show-token --json`.
    pub fn json_revealing_secret<T: Serialize>(&self, value: &T) {
        write_out(&serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string()));
    }

    pub fn warn(&self, message: &str) {
        let label = if self.err_color {
            "warning:".yellow().bold().to_string()
        } else {
            "warning:".to_string()
        };
        write_err(&format!("wa-token: {label} {}", scrub(message)));
    }

    pub fn note(&self, message: &str) {
        write_err(&format!("wa-token: {}", scrub(message)));
    }

    pub fn hint(&self, message: &str) {
        let label = if self.err_color {
            "hint:".cyan().bold().to_string()
        } else {
            "hint:".to_string()
        };
        write_err(&format!("{label} {}", scrub(message)));
    }

    pub fn error(&self, failure: &Failure) {
        let label = if self.err_color {
            "error:".red().bold().to_string()
        } else {
            "error:".to_string()
        };
        write_err(&format!("wa-token: {label} {}", scrub(&failure.message)));
        for hint in &failure.hints {
            self.hint(hint);
        }
    }

    /// Run `work`, showing a spinner on a terminal's stderr if it takes more than a moment.
    pub async fn wait<F: Future>(&self, label: &str, work: F) -> F::Output {
        if !self.spinner {
            return work.await;
        }
        const FRAMES: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
        tokio::pin!(work);
        let delay = tokio::time::sleep(Duration::from_millis(200));
        tokio::pin!(delay);
        tokio::select! {
            out = &mut work => return out,
            _ = &mut delay => {}
        }
        let mut tick = tokio::time::interval(Duration::from_millis(80));
        let mut frame = 0;
        let out = loop {
            tokio::select! {
                out = &mut work => break out,
                _ = tick.tick() => {
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r{} {label}", FRAMES[frame % FRAMES.len()]);
                    let _ = err.flush();
                    frame += 1;
                }
            }
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
        out
    }
}

fn write_out(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head -1`) is not an error worth a panic.
    let _ = writeln!(out, "{text}");
}

fn write_err(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// A URL as printed: without any user name or password in it.
pub fn display_url(url: &reqwest::Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `2026-12-08T14:03:00Z`
pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// `2026-12-08 14:03 UTC`
pub fn human_date(unix: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// `in 12 days`, `in 5 hours`, `3 days ago`.
pub fn relative(seconds: i64) -> String {
    let abs = seconds.unsigned_abs();
    let (n, unit) = if abs >= 2 * 86_400 {
        (abs / 86_400, "days")
    } else if abs >= 86_400 {
        (1, "day")
    } else if abs >= 2 * 3600 {
        (abs / 3600, "hours")
    } else if abs >= 3600 {
        (1, "hour")
    } else if abs >= 120 {
        (abs / 60, "minutes")
    } else {
        return if seconds >= 0 {
            "in a moment".into()
        } else {
            "just now".into()
        };
    };
    if seconds >= 0 {
        format!("in {n} {unit}")
    } else {
        format!("{n} {unit} ago")
    }
}

/// `2026-12-08 14:03 UTC (in 12 days)`
pub fn date_and_relative(unix: i64, now: i64) -> String {
    format!("{} ({})", human_date(unix), relative(unix - now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_urls_carry_no_credentials() {
        let url = reqwest::Url::parse("https://user:hunter2@app.example/debug?x=1").unwrap();
        assert_eq!(display_url(&url), "https://app.example/debug?x=1");
    }

    #[test]
    fn dates() {
        assert_eq!(rfc3339(1712099387), "2024-04-02T23:09:47Z");
        assert_eq!(human_date(1712099387), "2024-04-02 23:09 UTC");
        assert_eq!(relative(12 * 86_400 + 5), "in 12 days");
        assert_eq!(relative(-3 * 86_400), "3 days ago");
        assert_eq!(relative(90_000), "in 1 day");
        assert_eq!(relative(5 * 3600), "in 5 hours");
    }
}
