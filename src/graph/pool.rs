//! What the requests of one run share: one HTTP client per Graph URL, and so one
//! connection pool (HTTP/2 where the server offers it, as Meta does; keep-alive
//! otherwise); for a fleet, a bound on the requests in flight, which keeps the connections
//! opened near `--jobs`, and Meta's rate-limit pauses.
//!
//! The app secret proof is a request parameter, so nothing in a client belongs to one
//! target: a thousand env files need one TLS handshake, not a thousand.

use super::limits::RateLimits;
use super::net;
use crate::config::Config;
use crate::exit::Failure;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

pub struct Pool {
    /// By Graph base URL, with how it reaches its host (trust store, proxy).
    clients: Mutex<HashMap<String, (reqwest::Client, net::Reach)>>,
    /// At most this many requests in flight: each holds one connection, and a connection
    /// is handed back to the pool before its slot is, so no request needs a new one.
    in_flight: Option<Semaphore>,
    /// Idle connections kept per host.
    idle: usize,
    limits: Option<RateLimits>,
}

impl Pool {
    /// For a command with one target: its own client, no bound, and no pauses (it sends a
    /// few requests, and the person running it is better served by an answer than a wait).
    pub fn single() -> Arc<Pool> {
        Arc::new(Pool {
            clients: Mutex::default(),
            in_flight: None,
            idle: usize::MAX,
            limits: None,
        })
    }

    /// For `check` and `inspect`: at most `jobs` requests at once, and pauses for Meta's
    /// usage headers of at most `rate_limit_wait` in all.
    pub fn fleet(jobs: usize, rate_limit_wait: Duration) -> Arc<Pool> {
        Arc::new(Pool {
            clients: Mutex::default(),
            in_flight: Some(Semaphore::new(jobs.max(1))),
            idle: jobs.max(1),
            limits: Some(RateLimits::new(rate_limit_wait)),
        })
    }

    /// The client for the config's Graph URL, built on first use. The timeouts and the
    /// URL come from the run's settings, the same for every target.
    pub(super) fn client(&self, config: &Config) -> Result<(reqwest::Client, net::Reach), Failure> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        let key = config.graph_url.as_str();
        if let Some(client) = clients.get(key) {
            return Ok(client.clone());
        }
        let client = self.build(config)?;
        clients.insert(key.to_string(), client.clone());
        Ok(client)
    }

    fn build(&self, config: &Config) -> Result<(reqwest::Client, net::Reach), Failure> {
        // The trust store and the proxy come from the process environment (net.rs); a
        // plain http URL is loopback only (config/settings.rs) and gets neither.
        let env = &config.settings.process_env;
        let (builder, reach) = net::client_builder(&config.graph_url, env, config.verbose, net::Loopback::Proxied)?;
        let client = builder
            .connect_timeout(config.timeout)
            .timeout(config.timeout)
            .pool_max_idle_per_host(self.idle)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Failure::network(format!("cannot start the HTTP client: {}", e.without_url())))?;
        Ok((client, reach))
    }

    /// A slot for one request, waited for when the fleet's requests are all in flight.
    pub(super) async fn slot(&self) -> Option<SemaphorePermit<'_>> {
        match &self.in_flight {
            // The semaphore is never closed, so acquiring only fails if it were.
            Some(s) => s.acquire().await.ok(),
            None => None,
        }
    }

    pub(super) fn limits(&self) -> Option<&RateLimits> {
        self.limits.as_ref()
    }
}
