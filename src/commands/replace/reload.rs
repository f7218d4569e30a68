//! After a write: restart the app (`--restart`), then prove that the running app picked up
//! the new token (`--verify-url`): poll its own debug endpoint until the body shows the new
//! token (by fingerprint or last 6 characters) and not the old one.

use crate::config::Settings;
use crate::exit::{Failure, Result};
use crate::graph::net;
use crate::report::RestartOutcome;
use crate::secret::Secret;
use crate::ui::Ui;
use reqwest::Url;
use std::time::{Duration, Instant};

const POLL_EVERY: Duration = Duration::from_millis(500);
const MAX_BODY: usize = 1024 * 1024;

pub fn parse_verify_url(text: &str) -> Result<Url> {
    let url = Url::parse(text).map_err(|e| {
        Failure::config(format!(
            "`{}` is not a valid URL for --verify-url ({e})",
            crate::urls::shown_url_text(text)
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Failure::config(format!(
            "`{}` is not an http(s) URL for --verify-url",
            crate::urls::display_url(&url)
        )));
    }
    Ok(url)
}

/// What the app's page says about the tokens.
fn shows(body: &str, token: &Secret) -> bool {
    let raw = token.expose();
    // By characters: a byte offset could split one (and a panic would quote the token).
    let skip = raw.chars().count().saturating_sub(6);
    let tail: String = raw.chars().skip(skip).collect();
    body.contains(&token.fingerprint())
        || body.contains(&token.fingerprint()["sha256:".len()..])
        || (raw.chars().count() >= 12 && body.contains(&tail))
}

/// Poll until the app shows `new` and not `old`; `Err` with what it last saw after `wait`.
/// The page is reached as the Graph API is (graph/net.rs): the same trust store and
/// proxy rules, except that the app on this machine is never reached through a proxy.
pub async fn wait_for_reload(
    url: &Url,
    wait: Duration,
    (new, old): (&Secret, Option<&Secret>),
    settings: &Settings,
) -> std::result::Result<Duration, String> {
    let (client, reach) = client_for(url, settings)?;
    let started = Instant::now();
    loop {
        let last = match client.get(url.clone()).send().await {
            Ok(response) => {
                let status = response.status();
                let body = read(response).await;
                let new_seen = shows(&body, new);
                let old_seen = old.is_some_and(|o| shows(&body, o));
                if status.is_success() && new_seen && !old_seen {
                    return Ok(started.elapsed());
                }
                match (status.is_success(), new_seen, old_seen) {
                    (false, _, _) => format!("it answered HTTP {}", status.as_u16()),
                    (true, _, true) => "it still shows the old token".to_string(),
                    _ => "it does not show the new token".to_string(),
                }
            }
            Err(e) => match reach.refusal(&e) {
                // Waiting will not make a refused certificate trusted.
                Some(refusal) => return Err(format!("it could not be reached: {}", refusal.message)),
                None => format!("it could not be reached ({})", crate::exit::request_cause(e)),
            },
        };
        // Poll until the whole wait has passed, the last look at its very end.
        let elapsed = started.elapsed();
        if elapsed >= wait {
            return Err(last);
        }
        tokio::time::sleep(POLL_EVERY.min(wait - elapsed)).await;
    }
}

/// The client for the app's page, with the trust and proxy rules of graph/net.rs.
fn client_for(url: &Url, settings: &Settings) -> std::result::Result<(reqwest::Client, net::Reach), String> {
    let (builder, reach) = net::client_builder(url, &settings.process_env, settings.verbose, net::Loopback::Direct)
        .map_err(|f| f.message)?;
    let client = builder
        .timeout(Duration::from_secs(5))
        .build()
        .map_err(|e| e.without_url().to_string())?;
    Ok((client, reach))
}

/// Before anything is written: can the `--verify-url` be reached at all? (Any HTTP answer
/// will do; it shows the old token until the app restarts.)
pub async fn probe(url: &Url, settings: &Settings) -> std::result::Result<(), String> {
    let (client, reach) = client_for(url, settings)?;
    match client.get(url.clone()).send().await {
        Ok(_) => Ok(()),
        Err(e) => Err(match reach.refusal(&e) {
            Some(refusal) => refusal.message,
            None => crate::exit::request_cause(e),
        }),
    }
}

async fn read(mut response: reqwest::Response) -> String {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BODY {
            break;
        }
    }
    String::from_utf8_lossy(&body).into_owned()
}

/// Run `--restart CMD` through `sh -c`; its output goes to stderr (stdout may be JSON).
pub fn run_restart(command: Option<&str>, ui: &Ui) -> Option<RestartOutcome> {
    let command = command?;
    ui.progress(&format!("running the restart command: {command}"));
    let stderr = std::os::fd::AsFd::as_fd(&std::io::stderr()).try_clone_to_owned().ok();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c").arg(command).stdin(std::process::Stdio::null());
    if let Some(fd) = stderr {
        cmd.stdout(std::process::Stdio::from(fd));
    }
    let status = cmd.status();
    Some(match status {
        Ok(s) => RestartOutcome {
            exit_code: s.code(),
            message: None,
            success: s.success(),
        },
        Err(e) => RestartOutcome {
            exit_code: None,
            message: Some(e.to_string()),
            success: false,
        },
    })
}
