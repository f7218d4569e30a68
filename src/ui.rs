//! The terminal: colour decisions per stream, warnings and notes on stderr while a command
//! runs, the spinner, prompts, and writing a rendered report.
//!
//! Every line passes through `secret::scrub` on its way out, so a token that slipped into
//! a message is masked anyway. A closed stdout (`| head -1`) ends output quietly; any
//! other write error on stdout is reported, since then no verdict was delivered.

use crate::cli::ColorWhen;
use crate::exit::{Failure, Result};
use crate::secret::scrub;
use colored::Colorize;
use std::cell::Cell;
use std::future::Future;
use std::io::{ErrorKind, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Whether a progress line stands on stderr now: a line written to stderr clears it first
/// (the next tick draws it again below), so messages never run into the bar.
static PROGRESS_SHOWN: AtomicBool = AtomicBool::new(false);

/// One piece of output, in order (what a renderer makes of a report).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// A line on stdout (scrubbed on its way out).
    Out(String),
    /// A line on stderr (scrubbed on its way out).
    Err(String),
    /// A line on stdout that shows a token whole: only `inspect --show-token`.
    Revealed(String),
    /// Bytes on stdout, as they are (scripts).
    Raw(Vec<u8>),
}

/// The output of one renderer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub lines: Vec<Line>,
}

impl Rendered {
    pub fn out(&mut self, text: impl Into<String>) {
        self.lines.push(Line::Out(text.into()));
    }

    pub fn err(&mut self, text: impl Into<String>) {
        self.lines.push(Line::Err(text.into()));
    }

    /// Only the stdout text (tests).
    pub fn stdout(&self) -> String {
        let mut text = String::new();
        for line in &self.lines {
            match line {
                Line::Out(l) | Line::Revealed(l) => {
                    text.push_str(l);
                    text.push('\n');
                }
                Line::Raw(b) => text.push_str(&String::from_utf8_lossy(b)),
                Line::Err(_) => {}
            }
        }
        text
    }
}

#[derive(Clone, Debug)]
pub struct Ui {
    /// A script reads stdout: no prompts, no progress notes.
    machine: bool,
    pub out_color: bool,
    pub err_color: bool,
    spinner: bool,
    /// stderr is a terminal: a fleet's progress line goes there, whatever the format.
    err_tty: bool,
}

impl Ui {
    pub fn new(color: ColorWhen, machine: bool) -> Ui {
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
            machine,
            out_color: decide(std::io::stdout().is_terminal()),
            err_color: decide(stderr_tty),
            spinner: stderr_tty && !machine,
            err_tty: stderr_tty,
        }
    }

    /// A quiet Ui for tests and embedding.
    pub fn plain(machine: bool) -> Ui {
        Ui {
            machine,
            out_color: false,
            err_color: false,
            spinner: false,
            err_tty: false,
        }
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
        note(message);
    }

    /// A note about progress, for people only (not under `--json`).
    pub fn progress(&self, message: &str) {
        if !self.machine {
            self.note(message);
        }
    }

    pub fn hint(&self, message: &str) {
        let label = if self.err_color {
            "hint:".cyan().bold().to_string()
        } else {
            "hint:".to_string()
        };
        write_err(&format!("{label} {}", scrub(message)));
    }

    /// Whether a person can be asked: a terminal, and no machine output (a script is reading).
    pub fn can_ask(&self) -> bool {
        !self.machine && std::io::stderr().is_terminal() && std::fs::File::open("/dev/tty").is_ok()
    }

    /// Show `text` and ask `prompt`, defaulting to no.
    pub fn ask(&self, text: &str, prompt: &str) -> Result<bool> {
        eprintln!("{}", scrub(text));
        terminal::restored_on_interrupt(|| {
            dialoguer::Confirm::new()
                .with_prompt(prompt)
                .default(false)
                .interact()
                .map_err(|e| Failure::io(format!("cannot read the answer: {e}")))
        })
    }

    /// Read a line without echo (the new token).
    pub fn ask_hidden(&self, prompt: &str) -> Result<String> {
        terminal::restored_on_interrupt(|| {
            dialoguer::Password::new()
                .with_prompt(prompt)
                .allow_empty_password(true)
                .interact()
                .map_err(|e| Failure::io(format!("cannot read the new token from the terminal: {e}")))
        })
    }

    /// Write a rendered report. `Err` when stdout failed for another reason than a closed pipe.
    pub fn emit(&self, rendered: &Rendered) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        let mut result = Ok(());
        for line in &rendered.lines {
            let written = match line {
                Line::Out(text) => writeln!(out, "{}", scrub(text)),
                Line::Revealed(text) => writeln!(out, "{text}"),
                Line::Raw(bytes) => out.write_all(bytes),
                Line::Err(text) => {
                    // Keep stdout and stderr in order on a shared terminal.
                    let _ = out.flush();
                    write_err(&scrub(text));
                    Ok(())
                }
            };
            if let Err(e) = written {
                result = Err(e);
                break;
            }
        }
        let flushed = out.flush();
        match result.and(flushed) {
            Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
            other => other,
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
                    let _ = write!(err, "\r\x1b[2K{} {label}", FRAMES[frame % FRAMES.len()]);
                    let _ = err.flush();
                    PROGRESS_SHOWN.store(true, Ordering::Relaxed);
                    frame += 1;
                }
            }
        };
        clear_progress();
        out
    }

    /// Run `work` while a terminal's stderr shows how many of `total` targets are `done`,
    /// how fast, and how long the rest will take. Nothing when stderr is not a terminal.
    pub async fn with_progress_line<F: Future>(&self, total: usize, done: &Cell<usize>, work: F) -> F::Output {
        if !self.err_tty {
            return work.await;
        }
        tokio::pin!(work);
        let started = Instant::now();
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let out = loop {
            tokio::select! {
                out = &mut work => break out,
                _ = tick.tick() => draw_progress(done.get(), total, started.elapsed()),
            }
        };
        clear_progress();
        out
    }
}

/// Ctrl-C at a prompt must not leave the terminal without echo (the hidden prompt turns it
/// off) or without a cursor (the confirmation hides it): the terminal's settings are saved
/// before asking, and restored by a signal handler that then exits like an interrupted
/// program (130).
mod terminal {
    use std::os::fd::AsRawFd;
    use std::sync::atomic::{AtomicI32, Ordering};

    static TTY: AtomicI32 = AtomicI32::new(-1);
    static mut SAVED: Option<libc::termios> = None;

    extern "C" fn restore_and_exit(signal: libc::c_int) {
        // Only async-signal-safe calls here: tcsetattr, write, _exit.
        let fd = TTY.load(Ordering::SeqCst);
        unsafe {
            if fd >= 0
                && let Some(saved) = (*std::ptr::addr_of!(SAVED)).as_ref()
            {
                libc::tcsetattr(fd, libc::TCSANOW, saved);
            }
            let show_cursor = b"\x1b[?25h\n";
            libc::write(2, show_cursor.as_ptr().cast(), show_cursor.len());
            libc::_exit(128 + signal);
        }
    }

    pub fn restored_on_interrupt<T>(ask: impl FnOnce() -> T) -> T {
        let Ok(tty) = std::fs::File::open("/dev/tty") else {
            return ask();
        };
        let fd = tty.as_raw_fd();
        let signals = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];
        let mut previous: Vec<libc::sigaction> = Vec::new();
        unsafe {
            let mut saved: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &mut saved) != 0 {
                return ask();
            }
            *std::ptr::addr_of_mut!(SAVED) = Some(saved);
            TTY.store(fd, Ordering::SeqCst);
            for signal in signals {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = restore_and_exit as *const () as usize;
                let mut old: libc::sigaction = std::mem::zeroed();
                libc::sigaction(signal, &action, &mut old);
                previous.push(old);
            }
        }
        let answer = ask();
        unsafe {
            for (signal, old) in signals.iter().zip(&previous) {
                libc::sigaction(*signal, old, std::ptr::null_mut());
            }
            TTY.store(-1, Ordering::SeqCst);
        }
        drop(tty);
        answer
    }
}

/// A note on stderr (`wa-token: …`), scrubbed, for code that has no `Ui` (the HTTP layer).
pub fn note(message: &str) {
    write_err(&format!("wa-token: {}", scrub(message)));
}

/// `⠹ 312/1000 targets  104/s  about 7 s left`, over the previous one.
fn draw_progress(done: usize, total: usize, elapsed: Duration) {
    const FRAMES: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    let frame = FRAMES[(elapsed.as_millis() / 100) as usize % FRAMES.len()];
    let mut line = format!("{frame} {done}/{total} targets");
    let secs = elapsed.as_secs_f64();
    if done > 0 && secs > 0.0 {
        let rate = done as f64 / secs;
        let left = (total - done) as f64 / rate;
        line.push_str(&format!("  {}/s  about {} s left", rate_text(rate), left.ceil() as u64));
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "\r\x1b[2K{line}");
    let _ = err.flush();
    PROGRESS_SHOWN.store(true, Ordering::Relaxed);
}

/// Targets per second, to two significant digits at most ("0.5", "12", "340").
pub fn rate_text(rate: f64) -> String {
    if rate < 10.0 {
        format!("{:.1}", rate)
    } else {
        format!("{:.0}", rate)
    }
}

fn clear_progress() {
    if PROGRESS_SHOWN.swap(false, Ordering::Relaxed) {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}

fn write_err(text: &str) {
    clear_progress();
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
