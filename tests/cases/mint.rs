//! `wa-token mint` and `wa-token revoke`: the token lifecycle without Meta's dashboard,
//! against the stand-in's system users, `access_tokens` and `oauth/revoke` (graph-api-facts.md
//! §5). Every run's output is scanned for the old, the minted and the admin token and the
//! app secret (the harness does it: each is registered as a secret).

use crate::support::fake_graph::{Recorded, SYSTEM_USER_ID};
use crate::support::*;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::{Duration, Instant};

const BOTH_SCOPES: &str = "whatsapp_business_messaging,whatsapp_business_management";

/// A project whose `.env` holds the old token (as `old`) and the app credentials; the
/// fake mints `new` next.
struct Lifecycle {
    p: Project,
    fake: FakeGraph,
    old: String,
    new: String,
}

fn lifecycle(old: Profile) -> Lifecycle {
    let fake = FakeGraph::start();
    let old_token = secret_token("mint-old");
    let new = secret_token("mint-new");
    fake.with_token(&old_token, old);
    fake.mint_gives(&new);
    let p = Project::new();
    p.env(&env_file(&old_token, true));
    Lifecycle {
        p,
        fake,
        old: old_token,
        new,
    }
}

impl Lifecycle {
    fn mint(&self, args: &[&str]) -> Output {
        self.p.wa().graph(&self.fake).arg("mint").args(args).run()
    }

    fn env(&self) -> String {
        String::from_utf8(self.p.read(".env")).unwrap()
    }

    fn posts(&self) -> Vec<Recorded> {
        self.fake
            .requests_to("/access_tokens")
            .into_iter()
            .filter(|r| r.method == "POST")
            .collect()
    }

    fn revokes(&self) -> Vec<Recorded> {
        self.fake.requests_to("/oauth/revoke")
    }
}

/// `hex(HMAC-SHA256(app secret, token))`, computed here, not by the code under test.
fn proof(token: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(APP_SECRET.as_bytes()).unwrap();
    mac.update(token.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn position(log: &[Recorded], what: impl Fn(&Recorded) -> bool) -> usize {
    log.iter()
        .position(what)
        .unwrap_or_else(|| panic!("no such request in {:#?}", paths(log)))
}

fn paths(log: &[Recorded]) -> Vec<String> {
    log.iter().map(|r| format!("{} {}", r.method, r.path)).collect()
}

fn is_debug_of(r: &Recorded, token: &str) -> bool {
    r.path.ends_with("/debug_token") && r.query.get("input_token").map(String::as_str) == Some(token)
}

// ---------------------------------------------------------------- acceptance 1

#[test]
fn mints_a_60_day_successor_with_one_post_and_check_calls_it_valid() {
    let m = lifecycle(Profile::system_user_expiring_in(10));
    let before = m.env();
    let out = m.mint(&["--yes", "--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let json = out.json();
    assert_eq!(json["status"], "minted");
    assert!(json["expires_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{json}");
    assert_eq!(json["revoked"], serde_json::Value::Null);
    assert!(json["revocation"].as_str().unwrap().contains("stays valid until"));
    assert_eq!(m.env(), before.replace(&m.old, &m.new));
    assert_eq!(String::from_utf8(m.p.read(".env.bak")).unwrap(), before);

    let posts = m.posts();
    assert_eq!(
        posts.len(),
        1,
        "exactly one mint request: {:#?}",
        paths(&m.fake.requests())
    );
    let post = &posts[0];
    assert_eq!(post.path, format!("/v25.0/{SYSTEM_USER_ID}/access_tokens"));
    assert!(
        post.header("content-type")
            .unwrap()
            .starts_with("application/x-www-form-urlencoded")
    );
    assert_eq!(
        post.caller().as_deref(),
        Some(m.old.as_str()),
        "the current token mints"
    );
    let form = post.form();
    assert_eq!(form.get("business_app").map(String::as_str), Some(APP_ID));
    assert_eq!(form.get("scope").map(String::as_str), Some(BOTH_SCOPES));
    assert_eq!(form.get("appsecret_proof"), Some(&proof(&m.old)));
    assert_eq!(
        form.get("set_token_expires_in_60_days").map(String::as_str),
        Some("true")
    );

    // `check` reads the new token from the file and calls it valid.
    let check = m.p.wa().graph(&m.fake).args(["check", "--json"]).code(0);
    assert_eq!(check.json()["status"], "valid");
    assert_eq!(check.json()["token"]["fingerprint"], json["new"]["fingerprint"]);
    assert!(
        m.fake.is_valid(&m.old),
        "without --revoke-old the old token stays valid"
    );
}

#[test]
fn a_permanent_token_is_succeeded_by_a_permanent_one_and_the_flags_choose() {
    let m = lifecycle(Profile::system_user());
    let out = m.mint(&["--yes", "--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json()["expires_at"], serde_json::Value::Null, "never expires");
    assert!(!m.posts()[0].form().contains_key("set_token_expires_in_60_days"));

    // --permanent over an expiring token: no 60-day field either.
    let m = lifecycle(Profile::system_user_expiring_in(10));
    let out = m.mint(&["--yes", "--permanent"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!m.posts()[0].form().contains_key("set_token_expires_in_60_days"));
    assert!(out.stdout.contains("✓ expiry             never expires"), "{out:?}");

    // --expiring over a permanent one asks for 60 days.
    let m = lifecycle(Profile::system_user());
    m.mint(&["--yes", "--expiring"]);
    assert_eq!(
        m.posts()[0]
            .form()
            .get("set_token_expires_in_60_days")
            .map(String::as_str),
        Some("true")
    );
}

// ---------------------------------------------------------------- acceptance 2

#[test]
fn revoke_old_comes_after_the_write_and_the_proof_and_is_confirmed() {
    let m = lifecycle(Profile::system_user_expiring_in(10));
    // The app shows the token its env file holds: the proof passes only after the write.
    m.fake.app_reads_env_file(&m.p.path(".env"));
    let url = format!("{}/debug", m.fake.url);
    let out = m.mint(&[
        "--yes",
        "--json",
        "--revoke-old",
        "--restart",
        "true",
        "--verify-url",
        &url,
        "--verify-wait",
        "5",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let json = out.json();
    assert_eq!(json["status"], "minted");
    assert_eq!(json["verify"]["success"], true);
    assert_eq!(json["revoked"], true, "{json}");

    let log = m.fake.requests();
    let tail = |t: &str| t[t.len() - 6..].to_string();
    let minted = position(&log, |r| r.path.ends_with("/access_tokens"));
    // The last look at the app is the proof (the first, before the write, only checked
    // that the URL answers).
    let proof = log.iter().rposition(|r| r.path.ends_with("/debug")).unwrap();
    let revoke = position(&log, |r| r.path.ends_with("/oauth/revoke"));
    let confirm = log.iter().rposition(|r| is_debug_of(r, &m.old)).unwrap();
    // The proof's look at the app shows the new token: the write came before it.
    assert!(
        log[proof].shown.as_deref().unwrap().ends_with(&tail(&m.new)),
        "{:?}",
        log[proof].shown
    );
    assert!(
        minted < proof && proof < revoke && revoke < confirm,
        "{:#?}",
        paths(&log)
    );
    let r = &log[revoke];
    assert_eq!(r.query.get("revoke_token"), Some(&m.old));
    assert_eq!(
        r.caller().as_deref(),
        Some(m.new.as_str()),
        "the new token revokes the old"
    );
    assert_eq!(r.query.get("client_id").map(String::as_str), Some(APP_ID));
    assert_eq!(r.query.get("client_secret").map(String::as_str), Some(APP_SECRET));
    assert!(!m.fake.is_valid(&m.old), "the old token is dead");
    assert!(m.fake.is_valid(&m.new));

    // The old token, on its own: check calls it revoked.
    let dead = Project::new();
    dead.env(&env_file(&m.old, true));
    let check = dead.wa().graph(&m.fake).args(["check", "--json"]).code(1);
    assert_eq!(check.json()["error"]["subcode"], 466);
}

#[test]
fn a_failing_proof_or_restart_exits_5_and_revokes_nothing() {
    let m = lifecycle(Profile::system_user_expiring_in(10));
    m.fake.app_debug_body("still running with the old token");
    let url = format!("{}/debug", m.fake.url);
    let out = m.mint(&[
        "--yes",
        "--json",
        "--revoke-old",
        "--verify-url",
        &url,
        "--verify-wait",
        "1",
    ]);
    assert_eq!(out.code, 5, "{out:?}");
    let json = out.json();
    assert_eq!(json["status"], "minted");
    assert_eq!(json["verify"]["success"], false);
    assert_eq!(json["revoked"], false);
    assert!(json["revocation"].as_str().unwrap().contains("proof failed"));
    assert!(m.revokes().is_empty(), "no revoke request at all");
    assert!(m.fake.is_valid(&m.old) && m.env().contains(&m.new));

    let m = lifecycle(Profile::system_user_expiring_in(10));
    let out = m.mint(&["--yes", "--revoke-old", "--restart", "exit 3"]);
    assert_eq!(out.code, 5, "{out:?}");
    assert!(
        out.stdout
            .contains("the old token was not revoked: the restart command failed"),
        "{out:?}"
    );
    assert!(out.stderr.contains("wa-token revoke --token-stdin"), "{out:?}");
    assert!(m.revokes().is_empty());
    assert!(m.fake.is_valid(&m.old));
}

// ---------------------------------------------------------------- acceptance 3

#[test]
fn a_minted_token_that_fails_validation_is_revoked_and_nothing_is_written() {
    let m = lifecycle(Profile::system_user_expiring_in(10));
    // The system user lacks messaging: Meta grants the new token only management.
    m.fake.system_user_scopes(&["whatsapp_business_management"]);
    let before = m.p.read(".env");
    let out = m.mint(&["--yes", "--json"]);
    assert_eq!(out.code, 1, "{out:?}");
    let json = out.json();
    assert_eq!(json["status"], "rejected");
    assert_eq!(json["new_revoked"], true);
    assert!(
        json["validation"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "permissions" && c["status"] == "fail")
    );
    assert_eq!(m.p.read(".env"), before, "byte-identical");
    assert!(!m.p.files().contains(&".env.bak".to_string()));
    let revokes = m.revokes();
    assert_eq!(revokes.len(), 1);
    assert_eq!(revokes[0].query.get("revoke_token"), Some(&m.new));
    assert!(!m.fake.is_valid(&m.new), "no orphan stays valid");
    assert!(m.fake.is_valid(&m.old));

    let m = lifecycle(Profile::system_user_expiring_in(10));
    m.fake.system_user_scopes(&["whatsapp_business_management"]);
    let out = m.mint(&["--yes"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("was not written, so it was revoked at once"),
        "{out:?}"
    );
}

// ---------------------------------------------------------------- acceptance 4

#[test]
fn dry_run_and_if_expiring_within_mint_nothing() {
    let m = lifecycle(Profile::system_user_expiring_in(40));
    let before = m.p.read(".env");
    let out = m.mint(&["--dry-run", "--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json()["status"], "dry-run");
    assert!(
        out.json()["plan"]
            .as_str()
            .unwrap()
            .contains("would mint a 60-day token")
    );
    let out = m.mint(&["--dry-run", "--revoke-old"]);
    assert!(out.stdout.contains("dry run: would mint") && out.stdout.contains("revoke the old token"));
    assert!(
        out.stderr.contains("an app that has not reloaded stops working"),
        "{out:?}"
    );

    let out = m.mint(&["--yes", "--json", "--if-expiring-within", "14"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json()["status"], "unchanged");
    assert!(out.json()["reason"].as_str().unwrap().contains("expires in 40 days"));
    assert!(
        m.posts().is_empty() && m.revokes().is_empty(),
        "{:#?}",
        paths(&m.fake.requests())
    );
    assert_eq!(m.p.read(".env"), before);

    // Within the limit: minted.
    let out = m.mint(&["--yes", "--json", "--if-expiring-within", "45"]);
    assert_eq!(out.json()["status"], "minted", "{out:?}");

    // A token that never expires never expires within DAYS.
    let m = lifecycle(Profile::system_user());
    let out = m.mint(&["--yes", "--json", "--if-expiring-within", "14"]);
    assert_eq!(out.json()["status"], "unchanged");
    assert!(m.posts().is_empty());
}

// ---------------------------------------------------------------- decided before minting

#[test]
fn what_can_be_decided_first_exits_2_before_any_request() {
    // No app credentials.
    let fake = FakeGraph::start();
    let p = Project::new();
    p.env(&env_file(&secret_token("mint-no-app"), false));
    let out = p.wa().graph(&fake).args(["mint", "--yes", "--json"]).code(2);
    assert_eq!(out.json()["status"], "error");
    assert_eq!(out.json()["revoked"], serde_json::Value::Null);
    assert!(
        out.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("WHATSAPP_APP_SECRET")
    );
    assert!(fake.requests().is_empty());

    let m = lifecycle(Profile::system_user_expiring_in(10));
    let before = m.p.read(".env");
    // --scope without both permissions.
    let out = m.mint(&["--yes", "--scope", "whatsapp_business_messaging"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--scope lacks whatsapp_business_management"));
    // No terminal to confirm, no --yes.
    let out = m.mint(&[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--yes"));
    // --verify-url that is no URL.
    m.mint(&["--yes", "--verify-url", "not a url"]);
    assert!(m.fake.requests().is_empty(), "{:#?}", paths(&m.fake.requests()));
    assert_eq!(m.p.read(".env"), before);

    // A lock that cannot be taken: found out after asking Meta, before minting.
    std::fs::create_dir(m.p.path(".env.lock")).unwrap();
    let out = m.mint(&["--yes", "--json"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.json()["error"]["message"].as_str().unwrap().contains("lock"));
    assert!(m.posts().is_empty());
    assert_eq!(m.p.read(".env"), before);
}

#[test]
fn a_forfeited_token_cannot_mint_but_an_admin_token_can() {
    let m = lifecycle(Profile::system_user_forfeited(3));
    let before = m.p.read(".env");
    let out = m.mint(&["--yes"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("cannot mint its successor"), "{out:?}");
    assert!(
        out.stderr
            .contains(&format!("--admin-token-stdin --system-user-id {SYSTEM_USER_ID}")),
        "{out:?}"
    );
    assert!(m.posts().is_empty());
    assert_eq!(m.p.read(".env"), before);

    let admin = secret_token("mint-admin");
    m.fake.with_token(&admin, Profile::admin());
    let out =
        m.p.wa()
            .graph(&m.fake)
            .args(["mint", "--yes", "--json", "--admin-token-stdin", "--revoke-old", "-v"])
            .stdin(format!("{admin}\n"))
            .run();
    assert_eq!(out.code, 0, "{out:?}");
    let json = out.json();
    assert_eq!(json["status"], "minted");
    assert_eq!(json["revoked"], serde_json::Value::Null, "nothing to revoke");
    assert!(json["revocation"].as_str().unwrap().contains("already invalid"));
    let post = &m.posts()[0];
    assert_eq!(post.caller().as_deref(), Some(admin.as_str()), "the admin token mints");
    assert_eq!(post.form().get("appsecret_proof"), Some(&proof(&admin)));
    assert!(
        post.form().contains_key("set_token_expires_in_60_days"),
        "the new token keeps the old one's kind"
    );
    assert!(m.env().contains(&m.new));
    assert!(m.revokes().is_empty());
}

#[test]
fn a_persons_token_cannot_mint_its_successor() {
    let m = lifecycle(Profile::user_expiring_in(10));
    let out = m.mint(&["--yes", "--json"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.json()["status"], "rejected");
    assert!(out.json()["error"]["message"].as_str().unwrap().contains("USER token"));
    assert!(
        out.json()["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("--system-user-id ID")
    );
    assert!(m.posts().is_empty());
}

#[test]
fn metas_refusals_say_what_to_do_and_write_nothing() {
    // The app is not installed for the system user.
    let m = lifecycle(Profile::system_user_expiring_in(10));
    m.fake.app_not_installed();
    let before = m.p.read(".env");
    let out = m.mint(&["--yes"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("POST /{system-user-id}/applications"), "{out:?}");
    assert_eq!(m.p.read(".env"), before);
    assert_eq!(m.posts().len(), 1, "never retried");

    // An admin of another business (code 200).
    let m = lifecycle(Profile::system_user_forfeited(3));
    let admin = secret_token("mint-admin-elsewhere");
    m.fake
        .with_token(&admin, Profile::admin().in_business("999999999999999"));
    let out =
        m.p.wa()
            .graph(&m.fake)
            .args(["mint", "--yes", "--admin-token-stdin"])
            .stdin(admin.clone())
            .run();
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("Graph error 200"), "{out:?}");
    assert!(out.stderr.contains("same business"), "{out:?}");

    // A business that requires expiring tokens, asked for a permanent one.
    let m = lifecycle(Profile::system_user());
    m.fake.require_expiring_tokens();
    let before = m.p.read(".env");
    let out = m.mint(&["--yes", "--permanent"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("pass --expiring"), "{out:?}");
    assert_eq!(m.p.read(".env"), before);
    let out = m.mint(&["--yes", "--expiring"]);
    assert_eq!(out.code, 0, "{out:?}");

    // An unknown system user.
    let m = lifecycle(Profile::system_user_forfeited(3));
    let admin = secret_token("mint-admin-2");
    m.fake.with_token(&admin, Profile::admin());
    let out =
        m.p.wa()
            .graph(&m.fake)
            .args(["mint", "--yes", "--admin-token-stdin", "--system-user-id", "123456789"])
            .stdin(admin)
            .run();
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("check --system-user-id"), "{out:?}");
}

#[test]
fn on_a_terminal_the_question_comes_before_anything_is_minted_or_revoked() {
    let m = lifecycle(Profile::system_user_expiring_in(10));
    let before = m.p.read(".env");
    let mint = |answer: &str| {
        m.p.wa()
            .graph(&m.fake)
            .arg("mint")
            .in_terminal(&[("Mint and write the new token?", answer)])
    };
    let shown = mint("<n>");
    assert!(
        shown.stdout.contains("cancelled: nothing was minted or written"),
        "{shown:?}"
    );
    assert_eq!(shown.code, 0);
    assert!(m.posts().is_empty());
    assert_eq!(m.p.read(".env"), before);
    let shown = mint("<y>");
    assert!(shown.stdout.contains("minted WHATSAPP_API_TOKEN"), "{shown:?}");
    assert_eq!(m.posts().len(), 1);

    // revoke --current asks too; no, and nothing is revoked.
    let shown =
        m.p.wa()
            .graph(&m.fake)
            .args(["revoke", "--current"])
            .in_terminal(&[("Revoke the current token?", "<n>")]);
    assert!(shown.stdout.contains("cancelled: nothing was revoked"), "{shown:?}");
    assert!(m.revokes().is_empty() && m.fake.is_valid(&m.new));
}

// ---------------------------------------------------------------- whatever stops the write

/// Start `mint` against a slow fake, wait until the mint request reached it, then `act`.
fn while_minting(m: &Lifecycle, act: impl FnOnce(&Running)) -> Output {
    m.fake.set_latency(Duration::from_millis(600));
    let running = m.p.wa().graph(&m.fake).args(["mint", "--yes", "--json"]).spawn();
    let started = Instant::now();
    while m.posts().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(20), "no mint request came");
        std::thread::sleep(Duration::from_millis(20));
    }
    act(&running);
    running.finish()
}

#[test]
fn an_interrupted_mint_revokes_the_minted_token() {
    let m = lifecycle(Profile::system_user_expiring_in(10));
    let before = m.p.read(".env");
    let out = while_minting(&m, |run| run.signal("INT"));
    assert_eq!(out.code, 4, "{out:?}");
    let json = out.json();
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("interrupted by SIGINT")
    );
    assert_eq!(json["new_revoked"], true);
    assert_eq!(m.p.read(".env"), before);
    assert!(!m.fake.is_valid(&m.new));
    assert_eq!(m.revokes()[0].query.get("revoke_token"), Some(&m.new));
}

#[test]
fn a_write_that_fails_revokes_the_minted_token() {
    let m = lifecycle(Profile::system_user_expiring_in(10));
    // While the new token is validated, someone leaves the file unparsable.
    let broken = format!("{}WHATSAPP_API_TOKEN=\"unterminated\n", env_file(&m.old, true));
    let out = while_minting(&m, |_| {
        m.p.write(".env", broken.as_bytes());
    });
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.json()["new_revoked"], true);
    assert_eq!(String::from_utf8(m.p.read(".env")).unwrap(), broken);
    assert!(!m.fake.is_valid(&m.new));
}

// ---------------------------------------------------------------- revoke (acceptance 5)

/// A project whose `.env` holds a live token, and a second live token of the same app.
fn leaked() -> (Project, FakeGraph, String, String) {
    let fake = FakeGraph::start();
    let current = secret_token("revoke-current");
    let leaked = secret_token("revoke-leaked");
    fake.with_token(&current, Profile::system_user());
    fake.with_token(&leaked, Profile::system_user());
    let p = Project::new();
    p.env(&env_file(&current, true));
    (p, fake, current, leaked)
}

#[test]
fn revoke_refuses_the_live_token_without_current() {
    let (p, fake, current, _) = leaked();
    let out = p
        .wa()
        .graph(&fake)
        .args(["revoke", "--token-stdin"])
        .stdin(format!("{current}\n"))
        .code(2);
    assert!(out.stderr.contains("use --current"), "{out:?}");
    // --current stops the bot: without a terminal it needs --yes.
    let out = p.wa().graph(&fake).args(["revoke", "--current", "--json"]).code(2);
    assert_eq!(out.json()["status"], "error");
    // One of the two is needed.
    p.wa().graph(&fake).args(["revoke"]).code(2);
    assert!(fake.requests().is_empty(), "no request at all");
    assert!(fake.is_valid(&current));
}

#[test]
fn revoke_revokes_a_given_token_and_confirms_it_dead() {
    let (p, fake, current, leaked) = leaked();
    let out = p
        .wa()
        .graph(&fake)
        .args(["revoke", "--token-stdin", "--json"])
        .stdin(format!("{leaked}\n"))
        .code(0);
    let json = out.json();
    assert_eq!(json["status"], "revoked");
    assert_eq!(json["confirmed"], true);
    assert!(json["detail"].as_str().unwrap().starts_with("(190/466)"));
    let log = fake.requests();
    let revoke = position(&log, |r| r.path.ends_with("/oauth/revoke"));
    assert_eq!(log[revoke].query.get("revoke_token"), Some(&leaked));
    assert_eq!(
        log[revoke].caller().as_deref(),
        Some(current.as_str()),
        "the env file's token revokes"
    );
    assert!(log[..revoke].iter().any(|r| is_debug_of(r, &leaked)));
    assert!(
        log[revoke..].iter().any(|r| is_debug_of(r, &leaked)),
        "confirmed afterwards"
    );
    assert!(!fake.is_valid(&leaked) && fake.is_valid(&current));

    // Already invalid: exit 0, no second revocation.
    let out = p
        .wa()
        .graph(&fake)
        .args(["revoke", "--token-stdin"])
        .stdin(leaked.clone())
        .code(0);
    assert!(out.stdout.contains("already invalid"), "{out:?}");
    assert_eq!(fake.requests_to("/oauth/revoke").len(), 1);

    // --current --yes: the token revokes itself.
    let out = p.wa().graph(&fake).args(["revoke", "--current", "--yes"]).code(0);
    assert!(out.stdout.contains("revoked: Meta confirms"), "{out:?}");
    assert!(
        out.stderr.contains("the env file still holds the revoked token"),
        "{out:?}"
    );
    assert!(!fake.is_valid(&current));
}

#[test]
fn revoke_accepts_both_forms_of_metas_answer() {
    for body in [
        &b"{\"success\":true}"[..],
        b"{\"success\":\"true\"}",
        b"{\"success\":\"true\",}",
    ] {
        let (p, fake, _, leaked) = leaked();
        fake.revoke_answers(body);
        let out = p
            .wa()
            .graph(&fake)
            .args(["revoke", "--token-stdin", "--json"])
            .stdin(leaked)
            .run();
        assert_eq!(out.code, 0, "{}: {out:?}", String::from_utf8_lossy(body));
        assert_eq!(out.json()["confirmed"], true);
    }
}

#[test]
fn revoke_reports_metas_refusal_with_exit_1() {
    // The env file's token, which makes the request, has expired.
    let fake = FakeGraph::start();
    let current = secret_token("revoke-expired-current");
    let leaked = secret_token("revoke-leaked-2");
    fake.with_token(&current, Profile::expired());
    fake.with_token(&leaked, Profile::system_user());
    let p = Project::new();
    p.env(&env_file(&current, true));
    let out = p
        .wa()
        .graph(&fake)
        .args(["revoke", "--token-stdin", "--json"])
        .stdin(leaked.clone())
        .code(1);
    assert_eq!(out.json()["status"], "rejected");
    assert_eq!(out.json()["confirmed"], false);
    assert!(out.json()["error"]["hint"].as_str().unwrap().contains("wa-token check"));
    assert!(fake.is_valid(&leaked));

    // Without app credentials: exit 2 before any request.
    let fake = FakeGraph::start();
    let p = Project::new();
    p.env(&env_file(&secret_token("revoke-no-app"), false));
    p.wa()
        .graph(&fake)
        .args(["revoke", "--token-stdin"])
        .stdin(leaked)
        .code(2);
    assert!(fake.requests().is_empty());
}

// ---------------------------------------------------------------- doctor

#[test]
fn doctor_names_the_command_that_renews_a_token_near_expiry() {
    let (p, fake, _) = project_with_token("mint-doctor", Profile::system_user_expiring_in(10), true);
    let out = p.wa().graph(&fake).args(["doctor", "--json"]).code(0);
    let expiry = out.json()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "token_expiry")
        .cloned()
        .unwrap();
    assert_eq!(expiry["status"], "pass");
    assert!(
        expiry["detail"]
            .as_str()
            .unwrap()
            .contains("wa-token mint --revoke-old"),
        "{expiry}"
    );

    let (p, fake, _) = project_with_token("mint-doctor-user", Profile::user_expiring_in(3), true);
    let out = p.wa().graph(&fake).arg("doctor").code(0);
    assert!(out.stdout.contains("renew it now: `wa-token refresh`"), "{out:?}");
}

#[test]
fn a_missing_env_file_is_created_only_with_create() {
    let fake = FakeGraph::start();
    let old = secret_token("mint-create-old");
    let new = secret_token("mint-create-new");
    fake.with_token(&old, Profile::system_user_expiring_in(10));
    fake.mint_gives(&new);
    let p = Project::new();
    let run = |extra: &[&str]| {
        p.wa()
            .graph(&fake)
            .env("WHATSAPP_API_TOKEN", &old)
            .env("WHATSAPP_APP_ID", APP_ID)
            .env("WHATSAPP_APP_SECRET", APP_SECRET)
            .args(["mint", "--yes", "--json"])
            .args(extra)
            .run()
    };
    let out = run(&[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.json()["error"]["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("--create"),
        "{out:?}"
    );
    assert!(fake.requests_to("/access_tokens").is_empty(), "minted before refusing");
    assert!(!p.path(".env").exists());
    let out = run(&["--create"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json()["status"], "minted");
    assert_eq!(
        std::fs::read_to_string(p.path(".env")).unwrap(),
        format!("WHATSAPP_API_TOKEN={new}\n")
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(p.path(".env")).unwrap().permissions().mode() & 0o777,
        0o600
    );
}
