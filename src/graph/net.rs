//! One way to build an HTTP client, for the Graph API and for `--verify-url` alike: the
//! trust store (trust.rs) and the proxy (proxy.rs) decided from the process environment,
//! and neither touched for a plain http loopback URL (tests, local fakes, benchmarks):
//! no TLS there, and a proxy would see the token in clear.

use super::proxy::{self, Route};
use super::trust;
use crate::exit::Failure;
use reqwest::Url;
use std::collections::HashMap;

pub const USER_AGENT: &str = concat!("wa-token/", env!("CARGO_PKG_VERSION"));

/// How requests to one URL travel, for what errors say about it.
#[derive(Clone, Debug)]
pub struct Reach {
    pub route: Route,
    /// The trust store's load problems (an unreadable `SSL_CERT_FILE`), for the hint
    /// after a refused certificate.
    pub trust_problems: Vec<String>,
}

impl Reach {
    /// `graph.facebook.com`, or `graph.facebook.com through the proxy http://p:3128
    /// (HTTPS_PROXY)`: how error messages name the other end.
    pub fn endpoint(&self, url: &Url) -> String {
        let host = &url[url::Position::BeforeHost..url::Position::AfterPort];
        match &self.route {
            Route::Proxy { .. } => format!("{host} {}", self.route.describe().unwrap_or_default()),
            _ => host.to_string(),
        }
    }

    /// A refused certificate in `error`, said plainly.
    pub fn refusal(&self, error: &reqwest::Error) -> Option<trust::Refusal> {
        trust::refusal(error, &self.trust_problems)
    }
}

/// Whether an https URL on this machine may go through a proxy.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Loopback {
    /// The Graph URL: proxies are honoured for every https URL (the contract).
    Proxied,
    /// The app's own page (`--verify-url`): a proxy could not reach this machine's
    /// loopback, and must not see the page.
    Direct,
}

/// The client builder for requests to `url`, and how they will travel. With `verbose`,
/// says on stderr which certificates are trusted and which proxy is used (never its
/// credentials).
pub fn client_builder(
    url: &Url,
    env: &HashMap<String, String>,
    verbose: bool,
    loopback: Loopback,
) -> Result<(reqwest::ClientBuilder, Reach), Failure> {
    // reqwest must not read proxy variables itself: we decide, from the resolved settings.
    let builder = reqwest::Client::builder().user_agent(USER_AGENT).no_proxy();
    if url.scheme() == "http" && crate::urls::is_loopback(url) {
        let direct = Reach {
            route: Route::Direct,
            trust_problems: Vec::new(),
        };
        return Ok((builder, direct));
    }
    let route = match loopback {
        Loopback::Direct if crate::urls::is_loopback(url) => Route::Direct,
        _ => proxy::route(url, env)?,
    };
    let builder = match &route {
        Route::Proxy { url: proxy, .. } => builder.proxy(for_scheme(url, proxy)?),
        _ => builder,
    };
    // Loaded for http too: a non-loopback page may redirect to https.
    let trust = trust::shared(env);
    if verbose {
        say_once(trust);
        if let Some(shown) = route.describe() {
            eprintln!("wa-token: {shown}");
        }
    }
    let reach = Reach {
        route,
        trust_problems: trust.problems.clone(),
    };
    Ok((
        builder.use_preconfigured_tls(rustls::ClientConfig::clone(&trust.config)),
        reach,
    ))
}

/// The trust store is loaded once per run: said once, however many clients use it.
fn say_once(trust: &trust::Trust) {
    static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !SAID.swap(true, std::sync::atomic::Ordering::Relaxed) {
        eprintln!("wa-token: {}", trust.describe());
        for problem in &trust.problems {
            eprintln!("wa-token: could not read {problem}");
        }
    }
}

/// The proxy for requests of `url`'s scheme only.
fn for_scheme(url: &Url, proxy: &Url) -> Result<reqwest::Proxy, Failure> {
    let made = match url.scheme() {
        "https" => reqwest::Proxy::https(proxy.as_str()),
        _ => reqwest::Proxy::http(proxy.as_str()),
    };
    made.map_err(|_| Failure::config(format!("cannot use the proxy {}", proxy::shown(proxy))))
}
