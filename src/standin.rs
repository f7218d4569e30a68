//! A stand-in for Meta's Graph API on 127.0.0.1 (random port) that answers with the shapes
//! Meta uses (the project's shared graph-api-facts.md): `debug_token`, `/me`, phone
//! numbers, WABAs, `/messages`, `oauth/access_token`, error envelopes with
//! `code`/`error_subcode`, `appsecret_proof`, and the token lifecycle of §5: system users
//! with their installed apps and grantable permissions, `POST /{system-user-id}/
//! access_tokens` (which checks the proof, the form, the caller's type, business and app)
//! and `oauth/revoke` (after which `debug_token` calls the token invalid, 190/466). The
//! test suite's fake and `wa-token demo`'s Meta are this one server, so the demo shows
//! what the tests prove.
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
/// The business that owns the app, the WABA and the system user.
pub const BUSINESS_ID: &str = "190345608217456";
/// A person who is an admin of that business.
pub const ADMIN_USER_ID: &str = "100072513946802";
/// What `debug_token` says of a token revoked through `oauth/revoke` (facts §1, example E).
pub const REVOKED_MESSAGE: &str =
    "Error validating access token: The session was invalidated explicitly using an API call.";

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: HashMap<String, String>,
    pub headers: HashMap<String, String>,
    pub body: String,
    /// For the app's `/debug` page: what it showed (so a test sees when the app had which token).
    pub shown: Option<String>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// The fields of a form-encoded body (empty for any other body).
    pub fn form(&self) -> HashMap<String, String> {
        let form = self
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        if form { pairs(&self.body) } else { HashMap::new() }
    }

    /// A parameter from the query or the form, as Graph reads both.
    pub fn param(&self, name: &str) -> Option<String> {
        self.query.get(name).cloned().or_else(|| self.form().get(name).cloned())
    }

    /// The caller's token: the bearer header, else the `access_token` parameter.
    pub fn caller(&self) -> Option<String> {
        self.header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::to_string)
            .or_else(|| self.param("access_token"))
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
    /// Its user is an admin of `business` (may mint tokens for the business's system users).
    pub admin: bool,
    /// The business its user belongs to.
    pub business: String,
}

/// A system user of a business: the apps installed for it, the permissions it can give.
#[derive(Clone, Debug)]
pub struct SystemUser {
    pub business: String,
    pub apps: Vec<String>,
    pub scopes: Vec<String>,
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
    /// An app's `/debug` page that shows the token its env file holds at each request.
    app_env_file: Option<std::path::PathBuf>,
    system_users: HashMap<String, SystemUser>,
    /// The tokens `access_tokens` hands out next (then made-up ones).
    mint_queue: VecDeque<String>,
    minted: u32,
    /// The business requires expiring tokens (`set_token_expires_in_60_days=true`).
    requires_expiring: bool,
    /// `oauth/revoke`'s body when it succeeds (default: Meta's sample, `{"success":"true"}`).
    revoke_body: Option<Vec<u8>>,
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
            admin: false,
            business: BUSINESS_ID.into(),
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
            admin: false,
            business: BUSINESS_ID.into(),
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
            admin: false,
            business: BUSINESS_ID.into(),
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
            admin: false,
            business: BUSINESS_ID.into(),
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

    /// A system-user token that expires in `days` (a 60-day token, some days on).
    pub fn system_user_expiring_in(days: i64) -> Profile {
        let mut p = Profile::system_user();
        let expires = now() + days * 86_400 + 3600;
        p.debug["expires_at"] = json!(expires);
        p.debug["issued_at"] = json!(expires - 5_184_000);
        p
    }

    /// A forfeited 60-day system-user token: expired `days_ago` (190/463).
    pub fn system_user_forfeited(days_ago: i64) -> Profile {
        let expires = now() - days_ago * 86_400 - 3600;
        let message = "Error validating access token: Session has expired on Wednesday, 16-Nov-22 07:45:51 PST. The current time is Thursday, 17-Nov-22 21:30:03 PST.";
        let mut p = Profile::system_user();
        p.debug["expires_at"] = json!(expires);
        p.debug["issued_at"] = json!(expires - 5_184_000);
        p.debug["is_valid"] = json!(false);
        p.debug["error"] = json!({"code": 190, "message": message, "subcode": 463});
        p.failure = Some((190, Some(463), message.to_string()));
        p
    }

    /// A business admin's own (person's) token, 60 days, for this app.
    pub fn admin() -> Profile {
        let mut p = Profile::user_expiring_in(60);
        p.debug["user_id"] = json!(ADMIN_USER_ID);
        p.debug["scopes"] = json!([
            "business_management",
            "whatsapp_business_management",
            "whatsapp_business_messaging"
        ]);
        p.admin = true;
        p
    }

    /// In another business than the system user's.
    pub fn in_business(mut self, business: &str) -> Profile {
        self.business = business.to_string();
        self
    }

    /// What `access_tokens` mints: a system user's token with the granted permissions.
    fn minted(system_user: &str, granted: &[String], expiring: bool, business: &str) -> Profile {
        let issued = now();
        let mut p = Profile::system_user();
        p.debug["user_id"] = json!(system_user);
        p.debug["issued_at"] = json!(issued);
        p.debug["expires_at"] = json!(if expiring { issued + 5_184_000 } else { 0 });
        p.debug["scopes"] = json!(granted);
        p.debug["granular_scopes"] = Value::Array(granted.iter().map(|s| json!({"scope": s})).collect());
        p.business = business.to_string();
        p
    }

    /// Revoked through `oauth/revoke`: `debug_token` and every node then answer 190/466.
    fn revoke(&mut self) {
        self.debug["is_valid"] = json!(false);
        self.debug["error"] = json!({"code": 190, "message": REVOKED_MESSAGE, "subcode": 466});
        self.failure = Some((190, Some(466), REVOKED_MESSAGE.to_string()));
    }
}

impl SystemUser {
    /// The bot's system user: the app installed, both WhatsApp permissions grantable.
    pub fn bot() -> SystemUser {
        SystemUser {
            business: BUSINESS_ID.into(),
            apps: vec![APP_ID.into()],
            scopes: vec![
                "whatsapp_business_management".into(),
                "whatsapp_business_messaging".into(),
            ],
        }
    }
}

impl FakeGraph {
    pub fn start() -> FakeGraph {
        FakeGraph::try_start().expect("bind loopback")
    }

    /// Start on a free loopback port (the kernel's choice).
    pub fn try_start() -> std::io::Result<FakeGraph> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://127.0.0.1:{}", listener.local_addr()?.port());
        let state = Arc::new(Mutex::new(State::default()));
        {
            let mut s = state.lock().unwrap();
            s.system_users.insert(SYSTEM_USER_ID.into(), SystemUser::bot());
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
        Ok(FakeGraph { url, state, counts })
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

    /// The app's `/debug` page shows the last 6 characters of the token in `env_file` at
    /// each request, as an app that reads its env file when it starts would after a restart.
    pub fn app_reads_env_file(&self, env_file: &std::path::Path) -> &Self {
        self.state.lock().unwrap().app_env_file = Some(env_file.to_path_buf());
        self
    }

    /// The next token `access_tokens` mints.
    pub fn mint_gives(&self, token: &str) -> &Self {
        self.state.lock().unwrap().mint_queue.push_back(token.to_string());
        self
    }

    /// The bot's system user can give only these permissions (a token minted for it then
    /// lacks the others, as Meta grants only what the system user has).
    pub fn system_user_scopes(&self, scopes: &[&str]) -> &Self {
        let mut s = self.state.lock().unwrap();
        if let Some(su) = s.system_users.get_mut(SYSTEM_USER_ID) {
            su.scopes = scopes.iter().map(|x| x.to_string()).collect();
        }
        drop(s);
        self
    }

    /// The app is not installed for the bot's system user.
    pub fn app_not_installed(&self) -> &Self {
        let mut s = self.state.lock().unwrap();
        if let Some(su) = s.system_users.get_mut(SYSTEM_USER_ID) {
            su.apps.clear();
        }
        drop(s);
        self
    }

    /// The business must use expiring tokens (Meta: "omitting this parameter or setting it
    /// to false results in an error").
    pub fn require_expiring_tokens(&self) -> &Self {
        self.state.lock().unwrap().requires_expiring = true;
        self
    }

    /// The body `oauth/revoke` answers with when it succeeds.
    pub fn revoke_answers(&self, body: &[u8]) -> &Self {
        self.state.lock().unwrap().revoke_body = Some(body.to_vec());
        self
    }

    /// Whether `debug_token` would call `token` valid now.
    pub fn is_valid(&self, token: &str) -> bool {
        let s = self.state.lock().unwrap();
        s.tokens.get(token).is_some_and(|p| p.debug["is_valid"] == json!(true))
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
        if !serve(&mut stream, recorded, &state) || close {
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
    let query = pairs(query_text);
    Some(Recorded {
        method,
        path: decode(path),
        query,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        shown: None,
    })
}

/// Answer one request; whether the connection can take another.
fn serve(stream: &mut TcpStream, mut recorded: Recorded, state: &Arc<Mutex<State>>) -> bool {
    let (latency, canned, usage) = {
        let mut s = state.lock().unwrap();
        if segments(&recorded) == ["debug"] {
            recorded.shown = Some(app_debug_page(&s));
        }
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
            let (status, value, mut extra) = answer(&recorded, state);
            extra.extend(usage);
            // A revocation may answer in Meta's own words, which are not always JSON.
            let raw = match (status, is_revoke(&recorded)) {
                (200, true) => state.lock().unwrap().revoke_body.clone(),
                _ => None,
            };
            let body = raw.unwrap_or_else(|| value.to_string().into_bytes());
            respond(stream, status, "application/json; charset=UTF-8", &body, &extra)
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

fn pairs(text: &str) -> HashMap<String, String> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
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
    let caller = r.caller();
    let segments = segments(r);

    if segments == ["oauth", "access_token"] {
        return exchange(r, &s);
    }
    if segments == ["oauth", "revoke"] {
        return revoke(r, &mut s);
    }
    if segments == ["debug"] {
        return (200, json!({"body": app_debug_page(&s)}), vec![]);
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

    if let ("POST", [system_user, "access_tokens"]) = (r.method.as_str(), segments.as_slice()) {
        return mint(r, &mut s, &caller, system_user);
    }

    // Every other node needs a live token.
    let Some(profile) = s.profile(&caller) else {
        return (
            401,
            envelope(190, None, CANNOT_PARSE, "OAuthException"),
            www_auth(CANNOT_PARSE),
        );
    };
    if let Some(proof) = r.param("appsecret_proof") {
        if proof != proof_for(&caller) {
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

/// `/v25.0/x/y` → ["x", "y"]; unversioned paths work too.
fn segments(r: &Recorded) -> Vec<&str> {
    let mut segments: Vec<&str> = r.path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
    if segments
        .first()
        .is_some_and(|v| v.starts_with('v') && v[1..].contains('.'))
    {
        segments.remove(0);
    }
    segments
}

fn is_revoke(r: &Recorded) -> bool {
    segments(r) == ["oauth", "revoke"]
}

/// The app's `/debug` page: a fixed body, or the tail of the token its env file holds now.
fn app_debug_page(s: &State) -> String {
    let Some(path) = &s.app_env_file else {
        return s.app_debug_body.clone().unwrap_or_default();
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let token = text
        .lines()
        .rev()
        .find_map(|l| l.trim_start_matches("export ").strip_prefix("WHATSAPP_API_TOKEN="))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        .unwrap_or_default();
    let tail: String = token
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("running with token …{tail}")
}

fn oauth_error(code: i64, subcode: Option<i64>, message: &str) -> Answer {
    (400, envelope(code, subcode, message, "OAuthException"), vec![])
}

/// The caller's profile for a lifecycle call: unknown or dead callers get Meta's 190.
fn live_caller(s: &State, caller: &str) -> Result<Profile, Answer> {
    let Some(profile) = s.tokens.get(caller).cloned() else {
        return Err(oauth_error(190, None, CANNOT_PARSE));
    };
    match &profile.failure {
        Some((code, sub, message)) => Err((400, envelope(*code, *sub, message, "OAuthException"), www_auth(message))),
        None => Ok(profile),
    }
}

/// `appsecret_proof` of `caller`: required (facts §5: "always required by the system-user
/// `access_tokens` generation call"), or checked when given.
fn check_proof(r: &Recorded, caller: &str, required: bool) -> Result<(), Answer> {
    let method_error = |message: &str| (400, envelope(100, None, message, "GraphMethodException"), vec![]);
    match r.param("appsecret_proof") {
        Some(p) if p != proof_for(caller) => Err(method_error("Invalid appsecret_proof provided in the API argument")),
        None if required => Err(method_error(
            "API calls from the server require an appsecret_proof argument",
        )),
        _ => Ok(()),
    }
}

/// `POST /{system-user-id}/access_tokens` (facts §5). Meta documents the codes, not every
/// message: the messages of the refusals below are this stand-in's own words.
fn mint(r: &Recorded, s: &mut State, caller: &str, system_user_id: &str) -> Answer {
    let profile = match live_caller(s, caller).and_then(|p| check_proof(r, caller, true).map(|()| p)) {
        Ok(p) => p,
        Err(answer) => return answer,
    };
    let Some(su) = s.system_users.get(system_user_id).cloned() else {
        return unsupported("post", system_user_id);
    };
    let app = r.param("business_app").unwrap_or_default();
    if app.is_empty() {
        return oauth_error(100, None, "(#100) The parameter business_app is required");
    }
    if !su.apps.contains(&app) || profile.debug["app_id"] != json!(app) {
        return oauth_error(
            100,
            None,
            &format!("(#100) The app {app} is not installed for the system user {system_user_id}"),
        );
    }
    let own = profile.debug["type"] == "SYSTEM_USER" && profile.debug["user_id"] == json!(system_user_id);
    let admin = profile.admin && profile.business == su.business;
    if !(own || admin) {
        return (
            403,
            envelope(
                200,
                None,
                "(#200) Only the system user itself or an admin of its business can generate its tokens",
                "OAuthException",
            ),
            vec![],
        );
    }
    let asked: Vec<String> = r
        .param("scope")
        .unwrap_or_default()
        .split(',')
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect();
    if asked.is_empty() {
        return oauth_error(100, None, "(#100) The parameter scope is required");
    }
    let expiring = r.param("set_token_expires_in_60_days").as_deref() == Some("true");
    if s.requires_expiring && !expiring {
        return oauth_error(
            100,
            None,
            "(#100) This business must use expiring tokens: set set_token_expires_in_60_days to true",
        );
    }
    // Meta grants what the system user has, not what was asked.
    let granted: Vec<String> = asked.into_iter().filter(|x| su.scopes.contains(x)).collect();
    let new = match s.mint_queue.pop_front() {
        Some(t) => t,
        None => {
            s.minted += 1;
            token(&format!("standin-minted-{}", s.minted))
        }
    };
    s.tokens.insert(
        new.clone(),
        Profile::minted(system_user_id, &granted, expiring, &su.business),
    );
    (200, json!({"access_token": new}), vec![])
}

/// `GET /oauth/revoke?client_id&client_secret&revoke_token&access_token` (facts §5): the
/// app, the revoked token's app and the caller's app must all match.
fn revoke(r: &Recorded, s: &mut State) -> Answer {
    if r.param("client_id").as_deref() != Some(APP_ID) {
        return oauth_error(101, None, "Error validating application. Invalid application ID.");
    }
    if r.param("client_secret").as_deref() != Some(APP_SECRET) {
        return oauth_error(1, None, "Error validating client secret.");
    }
    let Some(caller) = r.caller() else {
        return oauth_error(104, None, "An access token is required to request this resource.");
    };
    let caller_profile = match live_caller(s, &caller).and_then(|p| check_proof(r, &caller, false).map(|()| p)) {
        Ok(p) => p,
        Err(answer) => return answer,
    };
    let target = r.param("revoke_token").unwrap_or_default();
    let target_app = match live_caller(s, &target) {
        Ok(p) => p.debug["app_id"].clone(),
        Err(answer) => return answer,
    };
    if caller_profile.debug["app_id"] != json!(APP_ID) || target_app != json!(APP_ID) {
        return oauth_error(
            100,
            None,
            "(#100) The client_id, the app of revoke_token and the app of access_token must match",
        );
    }
    if let Some(p) = s.tokens.get_mut(&target) {
        p.revoke();
    }
    // Meta's sample answer carries the string "true", not the boolean.
    (200, json!({"success": "true"}), vec![])
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
