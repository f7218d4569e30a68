//! A stand-in for Meta's Graph API on 127.0.0.1 (random port) that answers with the shapes
//! Meta uses (the project's shared graph-api-facts.md): `debug_token`, `/me`, phone
//! numbers, WABAs, `/messages`, `oauth/access_token`, error envelopes with
//! `code`/`error_subcode`, `appsecret_proof`. The test suite's fake and `wa-token demo`'s
//! Meta are this one server, so the demo shows what the tests prove.
//!
//! Every request is recorded so tests can assert on method, path, query and headers. It
//! speaks HTTP/1.1 with keep-alive, as a client's connection pool expects, counts the
//! connections it accepts, and reports Meta's usage headers when told to (a fleet's rate
//! limits). `GET /standin/stats` answers those counts for a benchmark in another process.
//! It binds loopback only and holds fake data only.

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const APP_ID: &str = "634974688087057";
pub const APP_NAME: &str = "Lucky Shrub";
pub const APP_SECRET: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
pub const PHONE_ID: &str = "106540352242922";
pub const WABA_ID: &str = "102290129340398";
pub const SYSTEM_USER_ID: &str = "104169029247128";

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: HashMap<String, String>,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
}

/// How a token behaves.
#[derive(Clone, Debug)]
pub struct Profile {
    /// `debug_token`'s `data`.
    pub debug: Value,
    /// A system-user token may not debug itself (code 100).
    pub self_debug_refused: bool,
    /// For reads and sends with this token: `None` works, `Some((code, subcode, message))` fails.
    pub failure: Option<(i64, Option<i64>, String)>,
    /// WABAs and phone numbers this token can read (empty: all).
    pub reaches: Vec<String>,
}

/// A canned answer for the next request(s), whatever they are.
#[derive(Clone, Debug)]
pub enum Canned {
    Json(u16, Value),
    Raw(u16, &'static str, Vec<u8>),
    /// Accept the connection, read the request, never answer.
    Hang,
    /// Promise a body and close early.
    Truncated(u16, String),
}

#[derive(Default)]
struct State {
    tokens: HashMap<String, Profile>,
    phones: HashMap<String, Value>,
    wabas: HashMap<String, Value>,
    requests: Vec<Recorded>,
    canned: VecDeque<Canned>,
    /// Every request gets this answer (after `canned` is used up).
    always: Option<Canned>,
    /// Scripted answers for POST /messages: `(http status, error object)`.
    message_errors: VecDeque<(u16, Value)>,
    latency: Duration,
    require_proof: bool,
    /// The token `oauth/access_token` hands out.
    exchange_result: Option<(String, Option<i64>)>,
    /// An app's `/debug` page body (for reload checks).
    app_debug_body: Option<String>,
    /// How a token unknown to `tokens` behaves (a benchmark's thousands of bots).
    any_token: Option<Profile>,
    /// Meta's usage headers on the responses to come.
    usage: Option<Usage>,
}

/// What the usage headers report (graph-api-facts.md §7).
#[derive(Clone, Copy, Debug)]
struct Usage {
    percent: u32,
    /// `estimated_time_to_regain_access`, in minutes; with it, the business header is sent.
    regain_minutes: Option<f64>,
    /// On how many more responses; `None`: all.
    responses: Option<usize>,
}

impl State {
    /// How `token` behaves: as registered, else as every token does when one profile was
    /// given for all.
    fn profile(&self, token: &str) -> Option<Profile> {
        self.tokens.get(token).or(self.any_token.as_ref()).cloned()
    }
}

#[derive(Clone)]
pub struct FakeGraph {
    pub url: String,
    state: Arc<Mutex<State>>,
    counts: Arc<Counts>,
}

/// Connections accepted, and those of them that asked for `/standin/stats` (a benchmark's
/// own questions, not the client's connections).
#[derive(Default)]
struct Counts {
    accepted: AtomicUsize,
    probes: AtomicUsize,
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A realistic-looking token (Meta's start with `EAA`), unique per name, head and tail.
pub fn token(name: &str) -> String {
    // FNV-1a of the name seeds the filler, so different names differ everywhere.
    let mut seed: u64 = 0xcbf29ce484222325;
    for b in name.bytes() {
        seed = (seed ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut s = String::from("EAAG");
    while s.len() < 180 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        s.push(ALPHABET[(seed % ALPHABET.len() as u64) as usize] as char);
    }
    s
}

pub fn app_token() -> String {
    format!("{APP_ID}|{APP_SECRET}")
}

fn both_scopes() -> Value {
    json!(["whatsapp_business_management", "whatsapp_business_messaging"])
}

impl Profile {
    /// Example A of the facts: a never-expiring system-user token.
    pub fn system_user() -> Profile {
        Profile {
            debug: json!({"app_id": APP_ID, "type": "SYSTEM_USER", "application": APP_NAME,
                "data_access_expires_at": 0, "expires_at": 0, "is_valid": true, "issued_at": now() - 30 * 86_400,
                "scopes": both_scopes(),
                "granular_scopes": [{"scope": "whatsapp_business_management"}, {"scope": "whatsapp_business_messaging"}],
                "user_id": SYSTEM_USER_ID}),
            self_debug_refused: true,
            failure: None,
            reaches: vec![],
        }
    }

    /// Example B: a user token that expires in `days` (60 for a fresh long-lived one).
    pub fn user_expiring_in(days: i64) -> Profile {
        let expires = now() + days * 86_400 + 3600;
        let issued = expires - 5_184_000;
        Profile {
            debug: json!({"app_id": APP_ID, "type": "USER", "application": APP_NAME,
                "data_access_expires_at": issued + 7_776_000, "expires_at": expires, "is_valid": true,
                "issued_at": issued, "scopes": both_scopes(), "user_id": "123"}),
            self_debug_refused: false,
            failure: None,
            reaches: vec![],
        }
    }

    /// Example C: expired (190/463).
    pub fn expired() -> Profile {
        let message = "Error validating access token: Session has expired on Wednesday, 16-Nov-22 07:45:51 PST. The current time is Thursday, 17-Nov-22 21:30:03 PST.";
        Profile {
            debug: json!({"app_id": APP_ID, "type": "USER", "application": APP_NAME,
                "data_access_expires_at": 1671205551,
                "error": {"code": 190, "message": message, "subcode": 463},
                "expires_at": 1668613551, "is_valid": false, "issued_at": 1663429551,
                "scopes": both_scopes(), "user_id": "123"}),
            self_debug_refused: false,
            failure: Some((190, Some(463), message.to_string())),
            reaches: vec![],
        }
    }

    /// Example D: invalidated by a password change (190/460).
    pub fn invalidated() -> Profile {
        let message = "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.";
        Profile {
            debug: json!({"app_id": APP_ID, "type": "USER", "application": APP_NAME,
                "data_access_expires_at": 1671412462,
                "error": {"code": 190, "message": message, "subcode": 460},
                "expires_at": 0, "is_valid": false, "scopes": both_scopes(), "user_id": "123"}),
            self_debug_refused: false,
            failure: Some((190, Some(460), message.to_string())),
            reaches: vec![],
        }
    }

    /// A system-user token generated without `whatsapp_business_messaging`.
    pub fn missing_messaging() -> Profile {
        let mut p = Profile::system_user();
        p.debug["scopes"] = json!(["whatsapp_business_management"]);
        p.debug["granular_scopes"] = json!([{"scope": "whatsapp_business_management"}]);
        p
    }

    /// A token restricted to the given WABAs through `granular_scopes[].target_ids`.
    pub fn restricted_to(wabas: &[&str]) -> Profile {
        let mut p = Profile::system_user();
        p.debug["granular_scopes"] = json!([
            {"scope": "whatsapp_business_management", "target_ids": wabas},
            {"scope": "whatsapp_business_messaging", "target_ids": wabas},
        ]);
        p
    }

    pub fn of_app(mut self, app_id: &str) -> Profile {
        self.debug["app_id"] = json!(app_id);
        self
    }
}

impl FakeGraph {
    pub fn start() -> FakeGraph {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let state = Arc::new(Mutex::new(State::default()));
        {
            let mut s = state.lock().unwrap();
            s.phones.insert(
                PHONE_ID.into(),
                json!({"verified_name": "Lucky Shrub", "code_verification_status": "VERIFIED",
                "display_phone_number": "15550783881", "quality_rating": "GREEN", "platform_type": "CLOUD_API",
                "throughput": {"level": "STANDARD"}, "name_status": "APPROVED", "status": "CONNECTED", "id": PHONE_ID}),
            );
            s.wabas.insert(
                WABA_ID.into(),
                json!({"id": WABA_ID, "name": "Lucky Shrub", "account_review_status": "APPROVED",
                "business_verification_status": "verified", "ownership_type": "SELF", "timezone_id": "43",
                // The edge, as field expansion returns it (graph-api-facts.md §4).
                "phone_numbers": {"data": [{"verified_name": "Lucky Shrub", "display_phone_number": "15550783881",
                    "id": PHONE_ID, "quality_rating": "GREEN"}],
                    "paging": {"cursors": {"before": "QVFIU0JY", "after": "QVFIU0JY"}}}}),
            );
        }
        let shared = state.clone();
        let counts = Arc::new(Counts::default());
        let counted = counts.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                counted.accepted.fetch_add(1, Ordering::SeqCst);
                let counts = counted.clone();
                std::thread::spawn(move || handle(stream, state, counts));
            }
        });
        FakeGraph { url, state, counts }
    }

    /// How many connections were accepted so far (keep-alive reuses them).
    pub fn connections(&self) -> usize {
        self.counts.accepted.load(Ordering::SeqCst)
    }

    /// Every token not registered with `with_token` behaves as `profile`.
    pub fn knows_every_token(&self, profile: Profile) -> &Self {
        self.state.lock().unwrap().any_token = Some(profile);
        self
    }

    /// Report Meta's usage headers on every response from now on: `X-App-Usage` at
    /// `percent` and, when `regain_minutes` is given, `X-Business-Use-Case-Usage` for the
    /// WABA at `percent` with that `estimated_time_to_regain_access` (Meta sends whole
    /// minutes; a fraction lets a test wait seconds).
    pub fn report_usage(&self, percent: u32, regain_minutes: Option<f64>) -> &Self {
        self.report_usage_on(percent, regain_minutes, None)
    }

    /// As `report_usage`, on the next `responses` responses only.
    pub fn report_usage_on(&self, percent: u32, regain_minutes: Option<f64>, responses: Option<usize>) -> &Self {
        self.state.lock().unwrap().usage = Some(Usage {
            percent,
            regain_minutes,
            responses,
        });
        self
    }

    pub fn with_token(&self, token: &str, profile: Profile) -> &Self {
        self.state.lock().unwrap().tokens.insert(token.to_string(), profile);
        self
    }

    pub fn set_latency(&self, latency: Duration) -> &Self {
        self.state.lock().unwrap().latency = latency;
        self
    }

    pub fn require_appsecret_proof(&self) -> &Self {
        self.state.lock().unwrap().require_proof = true;
        self
    }

    /// Answer the next request with `canned`, before any normal answer.
    pub fn push(&self, canned: Canned) -> &Self {
        self.state.lock().unwrap().canned.push_back(canned);
        self
    }

    pub fn always(&self, canned: Canned) -> &Self {
        self.state.lock().unwrap().always = Some(canned);
        self
    }

    pub fn message_error(&self, status: u16, error: Value) -> &Self {
        self.state.lock().unwrap().message_errors.push_back((status, error));
        self
    }

    pub fn exchange_gives(&self, token: &str, expires_in: Option<i64>) -> &Self {
        self.state.lock().unwrap().exchange_result = Some((token.to_string(), expires_in));
        self
    }

    pub fn app_debug_body(&self, body: &str) -> &Self {
        self.state.lock().unwrap().app_debug_body = Some(body.to_string());
        self
    }

    /// Add another phone number, outside the default WABA.
    pub fn add_phone(&self, id: &str) -> &Self {
        let mut phone = self.state.lock().unwrap().phones[PHONE_ID].clone();
        phone["id"] = json!(id);
        self.state.lock().unwrap().phones.insert(id.to_string(), phone);
        self
    }

    pub fn remove_phone(&self, id: &str) -> &Self {
        self.state.lock().unwrap().phones.remove(id);
        self
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn requests_to(&self, suffix: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.ends_with(suffix))
            .collect()
    }
}

/// One connection: requests one after another (keep-alive) until the client closes it,
/// asks to, or an answer cannot leave the connection usable.
fn handle(stream: TcpStream, state: Arc<Mutex<State>>, counts: Arc<Counts>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let mut stream = stream;
    let mut probe = false;
    while let Some(recorded) = read_request(&mut reader) {
        let close = recorded.header("connection") == Some("close");
        if recorded.path == "/standin/stats" {
            if !probe {
                probe = true;
                counts.probes.fetch_add(1, Ordering::SeqCst);
            }
            if !stats(&mut stream, &state, &counts) || close {
                return;
            }
            continue;
        }
        if !serve(&mut stream, &recorded, &state) || close {
            return;
        }
    }
}

/// `{"connections": …, "requests": …}`: what clients other than the asker opened and sent.
fn stats(stream: &mut TcpStream, state: &Arc<Mutex<State>>, counts: &Counts) -> bool {
    let requests = state.lock().unwrap().requests.len();
    let opened = counts.accepted.load(Ordering::SeqCst) - counts.probes.load(Ordering::SeqCst);
    let body = json!({"connections": opened, "requests": requests}).to_string();
    respond(stream, 200, "application/json", body.as_bytes(), &[])
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Recorded> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return None;
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let (path, query_text) = target.split_once('?').unwrap_or((&target, ""));
    let query: HashMap<String, String> = query_text
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    Some(Recorded {
        method,
        path: decode(path),
        query,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Answer one request; whether the connection can take another.
fn serve(stream: &mut TcpStream, recorded: &Recorded, state: &Arc<Mutex<State>>) -> bool {
    let (latency, canned, usage) = {
        let mut s = state.lock().unwrap();
        s.requests.push(recorded.clone());
        let canned = s.canned.pop_front().or_else(|| s.always.clone());
        (s.latency, canned, usage_headers(&mut s))
    };
    std::thread::sleep(latency);
    match canned {
        Some(Canned::Hang) => {
            std::thread::sleep(Duration::from_secs(120));
            false
        }
        Some(Canned::Json(status, value)) => respond(
            stream,
            status,
            "application/json; charset=UTF-8",
            value.to_string().as_bytes(),
            &usage,
        ),
        Some(Canned::Raw(status, ctype, bytes)) => respond(stream, status, ctype, &bytes, &usage),
        Some(Canned::Truncated(status, text)) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                text.len() + 100
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(text.as_bytes());
            false
        }
        None => {
            let (status, value, mut extra) = answer(recorded, state);
            extra.extend(usage);
            respond(
                stream,
                status,
                "application/json; charset=UTF-8",
                value.to_string().as_bytes(),
                &extra,
            )
        }
    }
}

/// Meta's usage headers for this response, if the test asked for them.
fn usage_headers(s: &mut State) -> Vec<(&'static str, String)> {
    let Some(usage) = s.usage.as_mut() else {
        return Vec::new();
    };
    if let Some(n) = usage.responses.as_mut() {
        *n -= 1;
    }
    let Usage {
        percent,
        regain_minutes,
        responses,
    } = *usage;
    if responses == Some(0) {
        s.usage = None;
    }
    let mut headers = vec![(
        "X-App-Usage",
        json!({"call_count": percent, "total_time": percent / 2, "total_cputime": percent / 4}).to_string(),
    )];
    if let Some(minutes) = regain_minutes {
        let entry = json!({"type": "whatsapp_business_management", "call_count": percent,
            "total_cputime": percent / 4, "total_time": percent / 2, "estimated_time_to_regain_access": minutes});
        headers.push(("X-Business-Use-Case-Usage", json!({ WABA_ID: [entry] }).to_string()));
    }
    headers
}

/// Write one response; whether it all went out (the connection stays open for the next).
fn respond(stream: &mut TcpStream, status: u16, ctype: &str, body: &[u8], extra: &[(&str, String)]) -> bool {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nfacebook-api-version: v25.0\r\nx-fb-trace-id: E7riEe9OW2e\r\nConnection: keep-alive\r\n",
        body.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    // One write for head and body: two would wait on each other (Nagle's algorithm and
    // delayed ACKs) on a reused connection, 40 ms a response.
    let mut response = head.into_bytes();
    response.extend_from_slice(body);
    stream.write_all(&response).and_then(|()| stream.flush()).is_ok()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

const CANNOT_PARSE: &str = "Invalid OAuth access token - Cannot parse access token";

/// Example G: what `debug_token` says of a token it cannot parse.
fn unparsable_data() -> Value {
    json!({"data": {"error": {"code": 190, "message": CANNOT_PARSE}, "is_valid": false, "scopes": []}})
}

fn envelope(code: i64, subcode: Option<i64>, message: &str, kind: &str) -> Value {
    let mut e = json!({"message": message, "type": kind, "code": code, "fbtrace_id": "AZ-HzGEkqc5Vf3E0gy-eAcV"});
    if let Some(s) = subcode {
        e["error_subcode"] = json!(s);
    }
    json!({ "error": e })
}

fn www_auth(message: &str) -> Vec<(&'static str, String)> {
    vec![(
        "WWW-Authenticate",
        format!("OAuth \"Facebook Platform\" \"invalid_token\" \"{message}\""),
    )]
}

type Answer = (u16, Value, Vec<(&'static str, String)>);

fn answer(r: &Recorded, state: &Arc<Mutex<State>>) -> Answer {
    let mut s = state.lock().unwrap();
    let caller = r
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::to_string)
        .or_else(|| r.query.get("access_token").cloned());
    // `/v25.0/x/y` → ["x", "y"]; unversioned paths work too.
    let mut segments: Vec<&str> = r.path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
    if segments
        .first()
        .is_some_and(|v| v.starts_with('v') && v[1..].contains('.'))
    {
        segments.remove(0);
    }

    if segments == ["oauth", "access_token"] {
        return exchange(r, &s);
    }
    if segments == ["debug"] {
        return (
            200,
            json!({"body": s.app_debug_body.clone().unwrap_or_default()}),
            vec![],
        );
    }
    let Some(caller) = caller else {
        return (
            400,
            envelope(
                104,
                None,
                "An access token is required to request this resource.",
                "OAuthException",
            ),
            vec![],
        );
    };

    if segments == ["debug_token"] {
        let input = r.query.get("input_token").cloned().unwrap_or_default();
        if caller.contains('|') {
            if caller != app_token() {
                return (
                    400,
                    envelope(190, None, "Invalid OAuth access token signature.", "OAuthException"),
                    vec![],
                );
            }
            return match s.profile(&input) {
                Some(p) if p.debug["app_id"] != json!(APP_ID) => (
                    400,
                    envelope(
                        100,
                        None,
                        "(#100) The App_id in the input_token did not match the Viewing App",
                        "OAuthException",
                    ),
                    vec![],
                ),
                Some(p) => (200, json!({"data": p.debug}), vec![]),
                None => (200, unparsable_data(), vec![]),
            };
        }
        let Some(caller_profile) = s.profile(&caller) else {
            return (400, envelope(190, None, CANNOT_PARSE, "OAuthException"), vec![]);
        };
        if caller == input {
            if caller_profile.self_debug_refused {
                return (
                    400,
                    envelope(
                        100,
                        None,
                        "(#100) You must provide an app access token, or a user access token that is an owner or developer of the app",
                        "OAuthException",
                    ),
                    vec![],
                );
            }
            // Meta answers a token debugging itself with 200 even when it is expired.
            return (200, json!({"data": caller_profile.debug}), vec![]);
        }
        if let Some((code, sub, message)) = &caller_profile.failure {
            return (400, envelope(*code, *sub, message, "OAuthException"), www_auth(message));
        }
        return match s.profile(&input) {
            Some(p) => (200, json!({"data": p.debug}), vec![]),
            None => (200, unparsable_data(), vec![]),
        };
    }

    // Every other node needs a live token.
    let Some(profile) = s.profile(&caller) else {
        return (
            401,
            envelope(190, None, CANNOT_PARSE, "OAuthException"),
            www_auth(CANNOT_PARSE),
        );
    };
    if let Some(proof) = r.query.get("appsecret_proof") {
        if proof != &proof_for(&caller) {
            return (
                400,
                envelope(
                    100,
                    None,
                    "Invalid appsecret_proof provided in the API argument",
                    "GraphMethodException",
                ),
                vec![],
            );
        }
    } else if s.require_proof {
        return (
            400,
            envelope(
                100,
                None,
                "API calls from the server require an appsecret_proof argument",
                "GraphMethodException",
            ),
            vec![],
        );
    }
    if let Some((code, sub, message)) = &profile.failure {
        let status = if segments == ["me"] { 400 } else { 401 };
        return (
            status,
            envelope(*code, *sub, message, "OAuthException"),
            www_auth(message),
        );
    }

    match (r.method.as_str(), segments.as_slice()) {
        ("GET", ["me"]) => (
            200,
            json!({"id": profile.debug["user_id"].as_str().unwrap_or("123"), "name": "wa-bot system user"}),
            vec![],
        ),
        ("POST", [phone, "messages"]) => {
            if !s.phones.contains_key(*phone) || !reaches(&profile, phone) {
                return unsupported("post", phone);
            }
            if let Some((status, error)) = s.message_errors.pop_front() {
                return (status, json!({ "error": error }), vec![]);
            }
            let body: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
            let to = body["to"].as_str().unwrap_or("").to_string();
            let mut message = json!({"id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA"});
            if body["type"] == "template" {
                message["message_status"] = json!("accepted");
            }
            (
                200,
                json!({"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to.trim_start_matches('+')}], "messages": [message]}),
                vec![],
            )
        }
        ("GET", [id]) => {
            let node = s.phones.get(*id).or_else(|| s.wabas.get(*id)).cloned();
            match node {
                Some(node) if reaches(&profile, id) => (200, select_fields(&node, r.query.get("fields")), vec![]),
                _ => unsupported("get", id),
            }
        }
        _ => (
            400,
            envelope(100, None, "Unknown path components", "OAuthException"),
            vec![],
        ),
    }
}

fn reaches(profile: &Profile, id: &str) -> bool {
    profile.reaches.is_empty() || profile.reaches.iter().any(|r| r == id)
}

fn unsupported(verb: &str, id: &str) -> Answer {
    let message = format!(
        "Unsupported {verb} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api"
    );
    (400, envelope(100, Some(33), &message, "GraphMethodException"), vec![])
}

/// Fields with no value are simply omitted, as Meta does.
fn select_fields(node: &Value, fields: Option<&String>) -> Value {
    let Some(fields) = fields else {
        return node.clone();
    };
    let mut out = serde_json::Map::new();
    for f in fields.split(',') {
        if let Some(v) = node.get(f) {
            out.insert(f.to_string(), v.clone());
        }
    }
    Value::Object(out)
}

fn proof_for(token: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(APP_SECRET.as_bytes()).unwrap();
    mac.update(token.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn exchange(r: &Recorded, s: &State) -> Answer {
    if r.query.get("grant_type").map(String::as_str) != Some("fb_exchange_token") {
        return (400, envelope(100, None, "Missing grant_type", "OAuthException"), vec![]);
    }
    if r.query.get("client_id").map(String::as_str) != Some(APP_ID) {
        return (
            400,
            envelope(
                101,
                None,
                "Error validating application. Invalid application ID.",
                "OAuthException",
            ),
            vec![],
        );
    }
    if r.query.get("client_secret").map(String::as_str) != Some(APP_SECRET) {
        return (
            400,
            envelope(1, None, "Error validating client secret.", "OAuthException"),
            vec![],
        );
    }
    let old = r.query.get("fb_exchange_token").cloned().unwrap_or_default();
    match s.profile(&old) {
        Some(p) if p.failure.is_some() => {
            let (code, sub, message) = p.failure.clone().unwrap();
            (400, envelope(code, sub, &message, "OAuthException"), www_auth(&message))
        }
        Some(_) => match &s.exchange_result {
            Some((token, expires_in)) => {
                let mut v = json!({"access_token": token, "token_type": "bearer"});
                if let Some(e) = expires_in {
                    v["expires_in"] = json!(e);
                }
                (200, v, vec![])
            }
            None => (
                500,
                envelope(
                    2,
                    None,
                    "An unexpected error has occurred. Please retry your request later.",
                    "OAuthException",
                ),
                vec![],
            ),
        },
        None => (400, envelope(190, None, CANNOT_PARSE, "OAuthException"), vec![]),
    }
}
