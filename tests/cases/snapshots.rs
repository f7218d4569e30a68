//! Whole-output snapshots: every command's complete stdout, stderr and exit code, in
//! human and JSON form (and Nagios and Prometheus for `check`), compared with the files in
//! tests/snapshots/ (see tests/support/snapshot.rs for the redactions). They pin today's
//! output so that an internal refactor can prove it changed nothing a user sees.
//!
//! Update after an intended change: `SNAPSHOTS=overwrite cargo test --test cli snapshots`,
//! then review the diff of tests/snapshots/.

use crate::support::snapshot::assert_snapshot;
use crate::support::*;
use std::path::Path;

/// An output format and the flags that select it.
#[derive(Clone, Copy)]
enum Format {
    Human,
    Json,
    Nagios,
    Prometheus,
}

use Format::*;

impl Format {
    fn name(self) -> &'static str {
        match self {
            Human => "human",
            Json => "json",
            Nagios => "nagios",
            Prometheus => "prometheus",
        }
    }

    fn flags(self) -> &'static [&'static str] {
        match self {
            Human => &[],
            Json => &["--json"],
            Nagios => &["--format", "nagios"],
            Prometheus => &["--format", "prometheus"],
        }
    }
}

const HUMAN_JSON: &[Format] = &[Human, Json];
const CHECK_FORMATS: &[Format] = &[Human, Json, Nagios, Prometheus];

/// One case in each format, each on a fresh setup (a run may change the project): the
/// setup returns the project and the finished run; the snapshot is `<case>.<format>.txt`.
#[track_caller]
fn each_format(case: &str, formats: &[Format], run: impl Fn(&[&str]) -> (Project, Output)) {
    for format in formats {
        let (p, out) = run(format.flags());
        assert_snapshot(&format!("{case}.{}.txt", format.name()), &[p.dir.path()], &out);
    }
}

/// Meta's example C (190/463), expired 3 days and an hour ago rather than on a fixed date in
/// 2022, so that its day counts (`3 days ago`, `expires_in_days`, `age_days`) hold every day.
fn expired() -> Profile {
    let mut p = Profile::expired();
    let expires = fake_graph::now() - 3 * 86_400 - 3600;
    let issued = expires - 5_184_000;
    p.debug["expires_at"] = serde_json::json!(expires);
    p.debug["issued_at"] = serde_json::json!(issued);
    p.debug["data_access_expires_at"] = serde_json::json!(issued + 7_776_000);
    p
}

/// A project whose `.env` holds a token the fake knows as `profile`.
fn with_token(name: &str, profile: Profile, with_app: bool) -> (Project, FakeGraph) {
    let (p, fake, _) = project_with_token(name, profile, with_app);
    (p, fake)
}

#[track_caller]
fn check_case(case: &str, profile: fn() -> Profile, with_app: bool) {
    each_format(case, CHECK_FORMATS, |flags| {
        let (p, fake) = with_token("snap-check", profile(), with_app);
        let out = p.wa().graph(&fake).arg("check").args(flags).run();
        (p, out)
    });
}

// ---------------------------------------------------------------- check

#[test]
fn check_valid() {
    check_case("check_valid", Profile::system_user, true);
}

#[test]
fn check_valid_without_app_credentials() {
    check_case("check_valid_no_app", Profile::system_user, false);
}

#[test]
fn check_valid_user_token() {
    check_case("check_valid_user", || Profile::user_expiring_in(45), true);
}

#[test]
fn check_expiring() {
    check_case("check_expiring", || Profile::user_expiring_in(3), true);
}

#[test]
fn check_expired() {
    check_case("check_expired", expired, true);
}

#[test]
fn check_missing_permission() {
    check_case("check_missing_permission", Profile::missing_messaging, true);
}

#[test]
fn check_no_token() {
    // An empty project: no `.env` at all.
    each_format("check_no_env_file", CHECK_FORMATS, |flags| {
        let fake = FakeGraph::start();
        let p = Project::new();
        let out = p.wa().graph(&fake).arg("check").args(flags).run();
        (p, out)
    });
    // A `.env` without any token variable.
    each_format("check_no_token_var", CHECK_FORMATS, |flags| {
        let fake = FakeGraph::start();
        let p = Project::new();
        p.env(&format!("# bot settings\nWHATSAPP_PHONE_NUMBER_ID={PHONE_ID}\n"));
        let out = p.wa().graph(&fake).arg("check").args(flags).run();
        (p, out)
    });
}

#[test]
fn check_network_failure() {
    each_format("check_network_failure", CHECK_FORMATS, |flags| {
        let p = Project::new();
        p.env(&env_file(&secret_token("snap-check"), true));
        let unreachable = unreachable_url();
        let out = p
            .wa()
            .env("WA_TOKEN_GRAPH_URL", &unreachable.url)
            .arg("check")
            .args(flags)
            .run();
        (p, out)
    });
}

#[test]
fn check_several_env_files() {
    each_format("check_several_env_files", CHECK_FORMATS, |flags| {
        let fake = FakeGraph::start();
        let p = Project::new();
        let mut args = Vec::new();
        for (name, profile) in [
            ("valid", Profile::system_user()),
            ("expired", expired()),
            ("expiring", Profile::user_expiring_in(3)),
            ("no-permission", Profile::missing_messaging()),
        ] {
            let t = secret_token(&format!("snap-fleet-{name}"));
            fake.with_token(&t, profile);
            p.write(&format!("{name}.env"), env_file(&t, true).as_bytes());
            args.push("--env-file".to_string());
            args.push(format!("{name}.env"));
        }
        let out = p.wa().graph(&fake).arg("check").arg_list(&args).args(flags).run();
        (p, out)
    });
}

/// A fleet from the command line and a list: a file first, then the list's lines (a
/// comment, a valid file, an expired one, a store URI, a missing file) in their order.
fn fleet_list_setup() -> (Project, FakeGraph) {
    let fake = FakeGraph::start();
    let p = Project::new();
    for (name, profile) in [
        ("first", Profile::system_user()),
        ("valid", Profile::system_user()),
        ("expired", expired()),
    ] {
        let t = secret_token(&format!("snap-list-{name}"));
        fake.with_token(&t, profile);
        p.write(&format!("{name}.env"), env_file(&t, true).as_bytes());
    }
    p.write(
        "fleet.txt",
        b"# the bots\nvalid.env\n\nexpired.env\nvault://secret/bots/promo\nmissing.env\n",
    );
    (p, fake)
}

#[test]
fn check_fleet_from_a_list() {
    each_format("check_fleet_list", CHECK_FORMATS, |flags| {
        let (p, fake) = fleet_list_setup();
        let out = p
            .wa()
            .graph(&fake)
            .args(["check", "--env-file", "first.env", "--targets-from", "fleet.txt"])
            .args(flags)
            .run();
        (p, out)
    });
}

#[test]
fn inspect_several_targets() {
    each_format("inspect_several", HUMAN_JSON, |flags| {
        let (p, fake) = fleet_list_setup();
        let out = p
            .wa()
            .graph(&fake)
            .args(["inspect", "--env-file", "first.env", "--env-file", "expired.env"])
            .args(flags)
            .run();
        (p, out)
    });
}

// ---------------------------------------------------------------- inspect

#[test]
fn inspect_valid() {
    each_format("inspect_valid", HUMAN_JSON, |flags| {
        let (p, fake) = with_token("snap-inspect", Profile::system_user(), true);
        let out = p.wa().graph(&fake).arg("inspect").args(flags).run();
        (p, out)
    });
    each_format("inspect_valid_user", HUMAN_JSON, |flags| {
        let (p, fake) = with_token("snap-inspect", Profile::user_expiring_in(45), true);
        let out = p.wa().graph(&fake).arg("inspect").args(flags).run();
        (p, out)
    });
}

#[test]
fn inspect_expired() {
    each_format("inspect_expired", HUMAN_JSON, |flags| {
        let (p, fake) = with_token("snap-inspect", expired(), true);
        let out = p.wa().graph(&fake).arg("inspect").args(flags).run();
        (p, out)
    });
}

// ---------------------------------------------------------------- rotate

/// A project whose `.env` holds the current token (a healthy system-user token) and the
/// app credentials; the fake knows the new token as `new_profile`.
fn rotate_setup(new_profile: Profile, env_name: &str) -> (Project, FakeGraph, String) {
    let fake = FakeGraph::start();
    let old = secret_token("snap-rotate-old");
    let new = secret_token("snap-rotate-new");
    fake.with_token(&old, Profile::system_user());
    fake.with_token(&new, new_profile);
    let p = Project::new();
    if let Some(parent) = Path::new(env_name).parent() {
        std::fs::create_dir_all(p.path(&parent.to_string_lossy())).unwrap();
    }
    p.write(env_name, env_file(&old, true).as_bytes());
    (p, fake, new)
}

#[track_caller]
fn rotate_case(case: &str, new_profile: fn() -> Profile, extra: &[&str]) {
    each_format(case, HUMAN_JSON, |flags| {
        let (p, fake, new) = rotate_setup(new_profile(), ".env");
        let out = p
            .wa()
            .graph(&fake)
            .args(["rotate", "--token-stdin", "--yes"])
            .args(extra)
            .args(flags)
            .stdin(format!("{new}\n"))
            .run();
        (p, out)
    });
}

#[test]
fn rotate_success() {
    rotate_case("rotate_success", Profile::system_user, &[]);
}

#[test]
fn rotate_rejected() {
    rotate_case("rotate_rejected_expired", expired, &[]);
    rotate_case("rotate_rejected_permission", Profile::missing_messaging, &[]);
}

#[test]
fn rotate_dry_run() {
    rotate_case("rotate_dry_run", Profile::system_user, &["--dry-run"]);
}

/// The env file named by `WA_TOKEN_ENV_FILE`: a rejected new token, and no terminal to ask
/// for one. Recorded as they are today: without a terminal the JSON's `env_file` says `.env`
/// (a known bug; this snapshot is to be updated with its fix).
#[test]
fn rotate_env_file_from_environment() {
    each_format("rotate_rejected_env_var", HUMAN_JSON, |flags| {
        let (p, fake, new) = rotate_setup(expired(), "config/bot.env");
        let out = p
            .wa()
            .graph(&fake)
            .env("WA_TOKEN_ENV_FILE", "config/bot.env")
            .args(["rotate", "--token-stdin", "--yes"])
            .args(flags)
            .stdin(format!("{new}\n"))
            .run();
        (p, out)
    });
    each_format("rotate_no_terminal_env_var", HUMAN_JSON, |flags| {
        let (p, fake, _) = rotate_setup(Profile::system_user(), "config/bot.env");
        let out = p
            .wa()
            .graph(&fake)
            .env("WA_TOKEN_ENV_FILE", "config/bot.env")
            .arg("rotate")
            .args(flags)
            .run();
        (p, out)
    });
}

// ---------------------------------------------------------------- doctor

#[test]
fn doctor_healthy() {
    each_format("doctor_healthy", HUMAN_JSON, |flags| {
        let (p, fake) = with_token("snap-doctor", Profile::system_user(), true);
        let out = p.wa().graph(&fake).arg("doctor").args(flags).run();
        (p, out)
    });
}

#[test]
fn doctor_failures() {
    each_format("doctor_failures", HUMAN_JSON, |flags| {
        let (p, fake) = with_token("snap-doctor", expired(), true);
        let out = p.wa().graph(&fake).arg("doctor").args(flags).run();
        (p, out)
    });
}

// ---------------------------------------------------------------- refresh

fn refresh_setup() -> (Project, FakeGraph) {
    let fake = FakeGraph::start();
    let old = secret_token("snap-refresh-old");
    let new = secret_token("snap-refresh-new");
    fake.with_token(&old, Profile::user_expiring_in(5));
    fake.with_token(&new, Profile::user_expiring_in(60));
    fake.exchange_gives(&new, Some(5_183_944));
    let p = Project::new();
    p.env(&env_file(&old, true));
    (p, fake)
}

#[test]
fn refresh_success() {
    each_format("refresh_success", HUMAN_JSON, |flags| {
        let (p, fake) = refresh_setup();
        let out = p.wa().graph(&fake).args(["refresh", "--yes"]).args(flags).run();
        (p, out)
    });
}

#[test]
fn refresh_dry_run() {
    each_format("refresh_dry_run", HUMAN_JSON, |flags| {
        let (p, fake) = refresh_setup();
        let out = p.wa().graph(&fake).args(["refresh", "--dry-run"]).args(flags).run();
        (p, out)
    });
}

// ---------------------------------------------------------------- mint and revoke

/// A project whose `.env` holds a system user's 60-day token with 10 days left and the
/// app credentials; the fake mints `snap-mint-new` next.
fn mint_setup() -> (Project, FakeGraph) {
    let fake = FakeGraph::start();
    let old = secret_token("snap-mint-old");
    fake.with_token(&old, Profile::system_user_expiring_in(10));
    fake.mint_gives(&secret_token("snap-mint-new"));
    let p = Project::new();
    p.env(&env_file(&old, true));
    (p, fake)
}

#[track_caller]
fn mint_case(case: &str, setup: fn(&FakeGraph), args: &[&str]) {
    each_format(case, HUMAN_JSON, |flags| {
        let (p, fake) = mint_setup();
        setup(&fake);
        let out = p.wa().graph(&fake).arg("mint").args(args).args(flags).run();
        (p, out)
    });
}

#[test]
fn mint_success() {
    mint_case("mint_success", |_| {}, &["--yes", "--revoke-old", "--restart", "true"]);
    mint_case("mint_kept_old", |_| {}, &["--yes"]);
}

#[test]
fn mint_dry_run() {
    mint_case(
        "mint_dry_run",
        |_| {},
        &["--dry-run", "--revoke-old", "--restart", "true"],
    );
}

#[test]
fn mint_rejected() {
    // Meta grants the new token only what the system user has: it is revoked at once.
    mint_case(
        "mint_rejected_permission",
        |fake| {
            fake.system_user_scopes(&["whatsapp_business_management"]);
        },
        &["--yes"],
    );
}

#[test]
fn revoke_success() {
    each_format("revoke_success", HUMAN_JSON, |flags| {
        let (p, fake) = with_token("snap-revoke-current", Profile::system_user(), true);
        let leaked = secret_token("snap-revoke-leaked");
        fake.with_token(&leaked, Profile::system_user());
        let out = p
            .wa()
            .graph(&fake)
            .args(["revoke", "--token-stdin"])
            .args(flags)
            .stdin(format!("{leaked}\n"))
            .run();
        (p, out)
    });
}

// ---------------------------------------------------------------- send-test

fn send_test_setup() -> (Project, FakeGraph) {
    let fake = FakeGraph::start();
    let t = secret_token("snap-send-test");
    fake.with_token(&t, Profile::system_user());
    let p = Project::new();
    p.env(&format!(
        "{}WHATSAPP_TEST_RECIPIENT=+1 (555) 010-0200\n",
        env_file(&t, false)
    ));
    (p, fake)
}

#[test]
fn send_test_accepted() {
    each_format("send_test_accepted", HUMAN_JSON, |flags| {
        let (p, fake) = send_test_setup();
        let out = p.wa().graph(&fake).arg("send-test").args(flags).run();
        (p, out)
    });
}

#[test]
fn send_test_rejected() {
    each_format("send_test_rejected", HUMAN_JSON, |flags| {
        let (p, fake) = send_test_setup();
        fake.message_error(
            400,
            serde_json::json!({
                "message": "(#131030) Recipient phone number not in allowed list",
                "type": "OAuthException",
                "code": 131030,
                "error_subcode": 2655007,
                "error_data": {
                    "messaging_product": "whatsapp",
                    "details": "Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again."
                },
                "fbtrace_id": "AI5Ob2z72R0JAUB5zOF-nao"
            }),
        );
        let out = p.wa().graph(&fake).arg("send-test").args(flags).run();
        (p, out)
    });
}

// ---------------------------------------------------------------- help and usage

#[track_caller]
fn help_case(case: &str, args: &[&str]) {
    let p = Project::new();
    let out = p.wa().args(args).run();
    assert_snapshot(&format!("{case}.txt"), &[p.dir.path()], &out);
}

#[test]
fn help_and_usage() {
    help_case("help", &["--help"]);
    help_case("help_check", &["check", "--help"]);
    help_case("help_completions", &["completions", "--help"]);
    help_case("usage_unknown_flag", &["check", "--no-such-flag"]);
}
