//! Meta's rate limits, as its usage headers state them (graph-api-facts.md §7), and the
//! pauses a fleet takes because of them.
//!
//! `X-App-Usage` gives the share of the app's hourly budget used, in percent;
//! `X-Business-Use-Case-Usage` gives it per business object and use case, with
//! `estimated_time_to_regain_access` in minutes. At 90 % or more, no new request starts for
//! that app until Meta's estimate has passed (60 s when it gives none): the requests in
//! flight finish, the rest wait. The waiting of a whole run is capped (`--rate-limit-wait`):
//! a target whose app stays paused past the cap ends at once, since no request is sent
//! while paused and so nothing could change Meta's estimate in the meantime.

use reqwest::header::HeaderMap;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At this share of a budget, the app pauses.
const PAUSE_AT_PERCENT: f64 = 90.0;
/// How long to pause when Meta gives no estimate.
const DEFAULT_PAUSE: Duration = Duration::from_secs(60);

/// What one response's usage headers ask for: a pause, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Pause {
    pub wait: Duration,
    /// `X-App-Usage at 95 %`, with Meta's estimate when it gave one.
    pub reason: String,
}

/// The most pressing usage a header reports, and Meta's estimate of the wait (minutes).
struct Reading {
    percent: f64,
    regain_minutes: f64,
}

/// The pause the usage headers of a response ask for, if any: at 90 % or more of any
/// budget (or whenever Meta estimates a wait), until Meta's estimate, the longest it gives,
/// else 60 s.
pub fn pause_for(headers: &HeaderMap) -> Option<Pause> {
    let readings: Vec<(&str, Reading)> = [
        ("X-App-Usage", header_json(headers, "x-app-usage").map(|v| reading(&v))),
        (
            "X-Business-Use-Case-Usage",
            header_json(headers, "x-business-use-case-usage").map(|v| business_reading(&v)),
        ),
    ]
    .into_iter()
    .filter_map(|(name, r)| Some((name, r?)))
    .collect();
    let (header, hottest) = readings.iter().max_by(|a, b| a.1.percent.total_cmp(&b.1.percent))?;
    let regain_minutes = readings.iter().map(|(_, r)| r.regain_minutes).fold(0.0, f64::max);
    if hottest.percent < PAUSE_AT_PERCENT && regain_minutes <= 0.0 {
        return None;
    }
    let mut reason = format!("{header} at {:.0} %", hottest.percent);
    let wait = if regain_minutes > 0.0 {
        // A server's number: a day at most, so that no value can overflow a Duration or
        // an Instant (and no pause outlasts a monitor's patience anyway).
        let wait = Duration::from_secs_f64((regain_minutes * 60.0).min(86_400.0));
        reason.push_str(&format!(", access back in {} by Meta's estimate", describe(wait)));
        wait
    } else {
        DEFAULT_PAUSE
    };
    Some(Pause { wait, reason })
}

fn header_json(headers: &HeaderMap, name: &str) -> Option<Value> {
    serde_json::from_slice(headers.get(name)?.as_bytes()).ok()
}

/// `{"call_count":28,"total_time":25,"total_cputime":25}`: the highest share.
fn reading(v: &Value) -> Reading {
    let number = |key: &str| v.get(key).and_then(as_number).unwrap_or(0.0);
    Reading {
        percent: ["call_count", "total_time", "total_cputime"]
            .into_iter()
            .map(number)
            .fold(0.0, f64::max),
        regain_minutes: number("estimated_time_to_regain_access"),
    }
}

/// `{"<business id>": [{"type": …, "call_count": …, "estimated_time_to_regain_access": …}]}`:
/// the most pressing entry of any business object.
fn business_reading(v: &Value) -> Reading {
    let entries = v
        .as_object()
        .into_iter()
        .flat_map(|o| o.values())
        .flat_map(|list| list.as_array().into_iter().flatten().map(reading).collect::<Vec<_>>());
    entries.fold(
        Reading {
            percent: 0.0,
            regain_minutes: 0.0,
        },
        |a, b| Reading {
            percent: a.percent.max(b.percent),
            regain_minutes: a.regain_minutes.max(b.regain_minutes),
        },
    )
}

/// Meta sends whole numbers; a number in a string is read too, anything else is not usage.
fn as_number(v: &Value) -> Option<f64> {
    let n = v.as_f64().or_else(|| v.as_str()?.trim().parse().ok())?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

/// `45 s`, `19 min`.
pub fn describe(d: Duration) -> String {
    let secs = d.as_secs_f64().ceil() as u64;
    if secs < 120 {
        format!("{secs} s")
    } else {
        format!("{} min", secs.div_ceil(60))
    }
}

/// The pauses of one run, per app, and the run's cap on waiting.
pub struct RateLimits {
    cap: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    paused: HashMap<String, Paused>,
    /// Targets waiting right now; the run's waiting is the time when this is not 0.
    waiting: usize,
    since: Option<Instant>,
    spent: Duration,
}

struct Paused {
    until: Instant,
    reason: String,
}

impl RateLimits {
    pub fn new(cap: Duration) -> RateLimits {
        RateLimits {
            cap,
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Note a response's usage headers for `app`. Returns the sentence to say when they
    /// start a pause (not when they only extend one: responses in flight all carry them).
    pub fn observe(&self, app: &str, headers: &HeaderMap) -> Option<String> {
        let pause = pause_for(headers)?;
        let now = Instant::now();
        let until = now.checked_add(pause.wait).unwrap_or(now);
        let mut state = self.state();
        let current = state.paused.get(app).filter(|p| p.until > now).map(|p| p.until);
        if current.is_some_and(|c| c >= until) {
            return None;
        }
        state.paused.insert(
            app.to_string(),
            Paused {
                until,
                reason: pause.reason.clone(),
            },
        );
        current.is_none().then(|| {
            format!(
                "Meta's usage headers say {} is near its rate limit ({}): no new request for it for {}",
                app_name(app),
                pause.reason,
                describe(pause.wait)
            )
        })
    }

    /// Wait until `app` may send a request. `Err` (why) when its pause outlasts what is left
    /// of the run's cap.
    pub async fn admit(&self, app: &str) -> Result<(), String> {
        loop {
            let now = Instant::now();
            let (until, reason) = {
                let state = self.state();
                match state.paused.get(app) {
                    Some(p) if p.until > now => (p.until, p.reason.clone()),
                    _ => return Ok(()),
                }
            };
            let left = self.left(now);
            if until - now > left {
                return Err(format!(
                    "{reason}: {} must wait {}, more than the {} left of --rate-limit-wait {}",
                    app_name(app),
                    describe(until - now),
                    describe(left),
                    describe(self.cap)
                ));
            }
            let _waiting = Waiting::start(self, now);
            tokio::time::sleep_until(until.into()).await;
        }
    }

    /// What is left of the cap: time while any target waits counts once.
    fn left(&self, now: Instant) -> Duration {
        let state = self.state();
        let ongoing = state.since.map(|s| now - s).unwrap_or_default();
        self.cap.saturating_sub(state.spent + ongoing)
    }
}

/// One target waiting; the run's waiting time runs while any does (and stops even when a
/// waiting future is dropped).
struct Waiting<'a>(&'a RateLimits);

impl<'a> Waiting<'a> {
    fn start(limits: &'a RateLimits, now: Instant) -> Self {
        let mut state = limits.state();
        if state.waiting == 0 {
            state.since = Some(now);
        }
        state.waiting += 1;
        Waiting(limits)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let mut state = self.0.state();
        state.waiting -= 1;
        if state.waiting == 0
            && let Some(since) = state.since.take()
        {
            state.spent += since.elapsed();
        }
    }
}

/// How an app key is named: its ID, or the targets that name none.
fn app_name(app: &str) -> String {
    if app.is_empty() {
        "the app of the targets without WHATSAPP_APP_ID".to_string()
    } else {
        format!("app {app}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn absurd_estimates_from_a_server_cannot_crash_the_run() {
        for minutes in ["1e300", "2e17", "1.7976931348623157e308"] {
            let h = headers(&[(
                "x-business-use-case-usage",
                &format!(
                    r#"{{"1":[{{"type":"whatsapp","call_count":99,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":{minutes}}}]}}"#
                ),
            )]);
            let pause = pause_for(&h).expect("a pause");
            assert!(pause.wait <= Duration::from_secs(86_400));
            let limits = RateLimits::new(Duration::from_secs(1));
            let _ = limits.observe("app", &h);
        }
    }

    #[test]
    fn low_or_absent_usage_asks_for_nothing() {
        assert_eq!(pause_for(&HeaderMap::new()), None);
        let h = headers(&[("x-app-usage", r#"{"call_count":28,"total_time":25,"total_cputime":25}"#)]);
        assert_eq!(pause_for(&h), None);
        // Meta's own example of the business header: 1 %, no wait.
        let h = headers(&[(
            "x-business-use-case-usage",
            r#"{"102290129340398":[{"type":"whatsapp_business_management","call_count":1,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0},{"type":"whatsapp","call_count":1,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}"#,
        )]);
        assert_eq!(pause_for(&h), None);
        assert_eq!(pause_for(&headers(&[("x-app-usage", "not json")])), None);
    }

    #[test]
    fn ninety_percent_pauses_for_meta_s_estimate_else_a_minute() {
        let h = headers(&[(
            "x-app-usage",
            r#"{"call_count":95,"total_time":"12","total_cputime":3}"#,
        )]);
        let pause = pause_for(&h).unwrap();
        assert_eq!(pause.wait, Duration::from_secs(60));
        assert_eq!(pause.reason, "X-App-Usage at 95 %");
        let h = headers(&[
            ("x-app-usage", r#"{"call_count":91}"#),
            (
                "x-business-use-case-usage",
                r#"{"1":[{"type":"whatsapp","call_count":100,"total_cputime":25,"total_time":25,"estimated_time_to_regain_access":19}]}"#,
            ),
        ]);
        let pause = pause_for(&h).unwrap();
        assert_eq!(pause.wait, Duration::from_secs(19 * 60));
        assert!(
            pause.reason.starts_with("X-Business-Use-Case-Usage at 100 %"),
            "{}",
            pause.reason
        );
    }

    fn regain_in(minutes: f64) -> HeaderMap {
        headers(&[(
            "x-business-use-case-usage",
            &format!(r#"{{"1":[{{"call_count":100,"estimated_time_to_regain_access":{minutes}}}]}}"#),
        )])
    }

    #[test]
    fn a_pause_is_waited_out_within_the_cap_and_refused_past_it() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let limits = RateLimits::new(Duration::from_millis(500));
        // 0.005 minutes: 300 ms (Meta says whole minutes; a test cannot wait one).
        assert!(limits.observe("1", &regain_in(0.005)).is_some(), "a new pause is said");
        assert!(
            limits.observe("1", &regain_in(0.004)).is_none(),
            "a shorter one changes nothing"
        );
        let started = Instant::now();
        rt.block_on(limits.admit("2")).unwrap();
        assert!(
            started.elapsed() < Duration::from_millis(100),
            "another app does not wait"
        );
        rt.block_on(limits.admit("1")).unwrap();
        assert!(started.elapsed() >= Duration::from_millis(300));
        // About 300 ms of the 500 are spent: a pause of 19 minutes is refused at once.
        limits.observe("1", &regain_in(19.0));
        let before = Instant::now();
        let err = rt.block_on(limits.admit("1")).unwrap_err();
        assert!(before.elapsed() < Duration::from_millis(100));
        assert!(err.contains("app 1 must wait 19 min, more than the 1 s left"), "{err}");
        // A pause that fits what is left is waited out.
        let limits = RateLimits::new(Duration::from_secs(1));
        limits.observe("", &regain_in(0.002));
        rt.block_on(limits.admit("")).unwrap();
        assert!(limits.left(Instant::now()) < Duration::from_millis(900));
    }
}
