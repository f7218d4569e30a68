//! `wa-token rotate`: lossless edits on every fixture (read back by dotenvy, python-dotenv
//! and Node's dotenv), every refusal leaving the file byte-identical, the atomic write,
//! the lock, the backup, the restart hook and --json.

use crate::support::readers::{self, dotenvy_values, node_dotenv, python_dotenv};
use crate::support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The token the fixtures hold.
const OLD: &str = "EAAGoldOLDold0123456789abcdefABCDEFoldTOKEN";

fn new_token() -> String {
    secret_token("fixture-new")
}

/// A fake that knows the new token as a healthy system-user token.
fn fake_with(new: &str, profile: Profile) -> FakeGraph {
    register_secret(OLD);
    let fake = FakeGraph::start();
    fake.with_token(new, profile);
    fake
}

fn rotate(p: &Project, fake: &FakeGraph, new: &str, extra: &[&str]) -> Output {
    p.wa()
        .graph(fake)
        .env("WHATSAPP_APP_ID", APP_ID)
        .env("WHATSAPP_APP_SECRET", APP_SECRET)
        .args(["rotate", "--token-stdin", "--yes"])
        .args(extra)
        .stdin(format!("{new}\n"))
        .run()
}

/// The byte ranges where `a` and `b` differ, as (prefix, removed, inserted).
fn changed(a: &[u8], b: &[u8]) -> (usize, Vec<u8>, Vec<u8>) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (
        prefix,
        a[prefix..a.len() - suffix].to_vec(),
        b[prefix..b.len() - suffix].to_vec(),
    )
}

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut all: Vec<_> = std::fs::read_dir(readers::repo().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "env"))
        .collect();
    all.sort();
    all
}

#[test]
fn every_fixture_changes_only_the_token_and_every_reader_agrees() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let bless = std::env::var_os("WA_TOKEN_BLESS").is_some();
    assert!(fixtures().len() >= 10);
    for fixture in fixtures() {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let before = std::fs::read(&fixture).unwrap();
        let p = Project::new();
        p.write(".env", &before);
        let out = rotate(&p, &fake, &new, &[]);
        assert_eq!(out.code, 0, "{name}: {out:?}");
        let after = p.read(".env");

        // Golden file.
        let golden = fixture.with_extension("env.golden");
        if bless {
            std::fs::write(&golden, &after).unwrap();
        }
        assert_eq!(
            String::from_utf8_lossy(&after),
            String::from_utf8_lossy(&std::fs::read(&golden).unwrap()),
            "{name} differs from its golden file"
        );

        // Only the token's bytes changed, or one line was appended.
        let before_text = String::from_utf8_lossy(&before);
        if before_text.contains(OLD) {
            let expected = before_text.replace(OLD, &new);
            assert_eq!(String::from_utf8_lossy(&after), expected, "{name}");
            let (_, removed, inserted) = changed(&before, &after);
            assert!(
                String::from_utf8_lossy(&removed).replace(OLD, "").len() <= removed.len(),
                "{name}"
            );
            assert!(!inserted.is_empty());
        } else {
            let (at, removed, inserted) = changed(&before, &after);
            let inserted = String::from_utf8_lossy(&inserted).into_owned();
            if name == "empty_value.env" {
                assert_eq!(inserted, new, "{name}: only the empty value is filled");
            } else {
                assert!(removed.is_empty(), "{name}: nothing removed");
                assert!(at >= before.len() - 1, "{name}: appended at the end");
                assert!(
                    inserted.contains(&format!("WHATSAPP_API_TOKEN={new}")),
                    "{name}: {inserted:?}"
                );
            }
        }

        // Every reader sees the new token and every other value unchanged. dotenvy reads a
        // line that ends in a lone CR and the next as one line; the contract follows
        // python-dotenv and Node's dotenv there, and dotenvy is not asked.
        let orig = p.write("before.env", &before);
        let edited = p.path(".env");
        let lone_cr = before
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'\r' && before.get(i + 1) != Some(&b'\n'));
        if dotenvy_values(&orig).is_none() {
            assert!(dotenvy_values(&edited).is_none(), "{name}");
            assert!(name.contains("apostrophe"), "{name}: dotenvy cannot read it");
        }
        for (reader, read) in [
            ("dotenvy", (|p: &Path| dotenvy_values(p)) as fn(&Path) -> _),
            ("python-dotenv", |p: &Path| Some(python_dotenv(p))),
            ("node dotenv", |p: &Path| Some(node_dotenv(p))),
        ] {
            if reader == "dotenvy" && lone_cr {
                continue;
            }
            let (Some(mut old_values), Some(mut new_values)) = (read(&orig), read(&edited)) else {
                continue;
            };
            assert_eq!(
                new_values.remove("WHATSAPP_API_TOKEN").as_deref(),
                Some(new.as_str()),
                "{reader} on {name}"
            );
            old_values.remove("WHATSAPP_API_TOKEN");
            assert_eq!(old_values, new_values, "{reader} on {name}: other values changed");
        }
        // The backup holds the old bytes, mode 0600.
        let backup = p.path(".env.bak");
        assert_eq!(std::fs::read(&backup).unwrap(), before, "{name}");
        assert_eq!(std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(
            p.files(),
            vec![".env", ".env.bak", ".env.lock", "before.env"],
            "{name}: nothing else left behind"
        );
    }
}

#[test]
fn several_assignments_are_all_updated_with_a_warning() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let p = Project::new();
    p.write(
        ".env",
        &std::fs::read(readers::repo().join("tests/fixtures/duplicates.env")).unwrap(),
    );
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("lines 1 and 4"), "{out:?}");
}

/// A project whose `.env` holds the old token, and the bytes to compare with.
fn project() -> (Project, Vec<u8>) {
    let p = Project::new();
    let content = format!("# bot\nexport WHATSAPP_API_TOKEN=\"{OLD}\" # note\r\nWHATSAPP_PHONE_NUMBER_ID={PHONE_ID}\n");
    p.write(".env", content.as_bytes());
    (p, content.into_bytes())
}

fn assert_untouched(p: &Project, before: &[u8], out: &Output) {
    assert_eq!(p.read(".env"), before, "the file changed: {out:?}");
    let left: Vec<String> = p
        .files()
        .into_iter()
        .filter(|f| f != ".env" && f != ".env.lock")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn refusals_leave_the_file_byte_identical() {
    let new = new_token();
    let cases: Vec<(&str, Profile, i32)> = vec![
        ("expired", Profile::expired(), 1),
        ("revoked", Profile::invalidated(), 1),
        ("missing permission", Profile::missing_messaging(), 1),
        ("other app", Profile::system_user().of_app("999000"), 1),
    ];
    for (what, profile, code) in cases {
        let fake = fake_with(&new, profile);
        let (p, before) = project();
        let out = rotate(&p, &fake, &new, &[]);
        assert_eq!(out.code, code, "{what}: {out:?}");
        assert!(out.stderr.contains("not changed"), "{what}: {out:?}");
        assert_untouched(&p, &before, &out);
    }
}

#[test]
fn refusal_reports_each_check_in_json() {
    let new = new_token();
    let fake = fake_with(&new, Profile::missing_messaging());
    let (p, before) = project();
    let out = rotate(&p, &fake, &new, &["--json"]);
    assert_eq!(out.code, 1);
    let json = out.json();
    assert_eq!(json["status"], "rejected");
    let checks = json["validation"].as_array().unwrap();
    let perm = checks.iter().find(|c| c["name"] == "permissions").unwrap();
    assert_eq!(perm["status"], "fail");
    assert!(perm["detail"].as_str().unwrap().contains("whatsapp_business_messaging"));
    assert_eq!(json["new"]["fingerprint"].as_str().unwrap().len(), "sha256:".len() + 12);
    assert_untouched(&p, &before, &out);
}

#[test]
fn unreadable_phone_number_is_refused() {
    let new = new_token();
    let mut profile = Profile::system_user();
    profile.reaches = vec!["someone-else".into()];
    let fake = fake_with(&new, profile);
    let (p, before) = project();
    let out = rotate(&p, &fake, &new, &["--json"]);
    assert_eq!(out.code, 1, "{out:?}");
    let json = out.json();
    let phone = json["validation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "phone_number")
        .unwrap()
        .clone();
    assert_eq!(phone["status"], "fail");
    assert_untouched(&p, &before, &out);
}

#[test]
fn losing_a_business_account_is_refused() {
    let new = new_token();
    let current = secret_token("current-restricted");
    let fake = fake_with(&new, Profile::restricted_to(&["111"]));
    fake.with_token(&current, Profile::restricted_to(&["111", "222"]));
    let p = Project::new();
    let content = format!("WHATSAPP_API_TOKEN={current}\n");
    p.write(".env", content.as_bytes());
    let out = rotate(&p, &fake, &new, &["--json"]);
    assert_eq!(out.code, 1, "{out:?}");
    let json = out.json();
    let reach = json["validation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "business_accounts")
        .unwrap()
        .clone();
    assert_eq!(reach["status"], "fail");
    assert!(reach["detail"].as_str().unwrap().contains("222"));
    assert_eq!(p.read(".env"), content.as_bytes());
    // --force writes it anyway.
    let out = rotate(&p, &fake, &new, &["--force"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(String::from_utf8(p.read(".env")).unwrap().contains(&new));
}

#[test]
fn network_failure_exits_4_and_writes_nothing() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    fake.always(Canned::Raw(
        502,
        "text/html",
        b"<html><body>502 Bad Gateway</body></html>".to_vec(),
    ));
    let (p, before) = project();
    let out = rotate(&p, &fake, &new, &["--json"]);
    assert_eq!(out.code, 4, "{out:?}");
    assert_eq!(out.json()["status"], "error");
    assert_eq!(out.json()["error"]["kind"], "network");
    assert_untouched(&p, &before, &out);
}

#[test]
fn bad_input_is_refused_even_with_force() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    for (input, why) in [
        (format!("{} {}", &new[..20], &new[20..]), "whitespace"),
        (format!("{}\u{1b}x", &new[..30]), "control"),
        ("   \n".to_string(), "empty"),
    ] {
        register_secret(input.trim());
        let (p, before) = project();
        let out = p
            .wa()
            .graph(&fake)
            .args(["rotate", "--token-stdin", "--yes", "--force"])
            .stdin(input.clone())
            .run();
        assert_eq!(out.code, 2, "{why}: {out:?}");
        assert_untouched(&p, &before, &out);
    }
    assert!(fake.requests().is_empty(), "nothing is sent for bad input");
}

#[test]
fn no_terminal_and_no_token_stdin_exits_2() {
    let (p, before) = project();
    let out = p.wa().args(["rotate", "--yes"]).run();
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--token-stdin"), "{out:?}");
    assert_untouched(&p, &before, &out);
}

#[test]
fn confirmation_without_terminal_needs_yes() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let (p, before) = project();
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin"])
        .stdin(new.clone())
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--yes"), "{out:?}");
    assert_untouched(&p, &before, &out);
}

#[test]
fn pasted_bearer_prefix_and_quotes_are_removed() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let (p, _) = project();
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(format!("  'Bearer {new}'\n"))
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("Bearer"), "{out:?}");
    assert!(
        String::from_utf8(p.read(".env"))
            .unwrap()
            .contains(&format!("\"{new}\" # note\r\n"))
    );
}

#[test]
fn same_token_is_unchanged() {
    let fake = fake_with(OLD, Profile::system_user());
    let (p, before) = project();
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes", "--json"])
        .stdin(OLD)
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json()["status"], "unchanged");
    assert_untouched(&p, &before, &out);
    assert!(fake.requests().is_empty());
}

#[test]
fn dry_run_prints_a_masked_diff_and_writes_nothing() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let (p, before) = project();
    let out = rotate(&p, &fake, &new, &["--dry-run"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains(&format!(
            "-export WHATSAPP_API_TOKEN=\"{}…{}\" # note",
            &OLD[..6],
            &OLD[OLD.len() - 4..]
        )),
        "{out:?}"
    );
    assert!(
        out.stdout.contains(&format!(
            "+export WHATSAPP_API_TOKEN=\"{}…{}\" # note",
            &new[..6],
            &new[new.len() - 4..]
        )),
        "{out:?}"
    );
    assert!(out.stdout.contains("@@ -2 +2 @@"), "{out:?}");
    assert_untouched(&p, &before, &out);
    let json = rotate(&p, &fake, &new, &["--dry-run", "--json"]).json();
    assert_eq!(json["status"], "dry-run");
    assert!(json["diff"].as_str().unwrap().contains("+export"));
    assert_untouched(&p, &before, &out);
}

#[test]
fn json_report_of_a_rotation() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let (p, _) = project();
    let out = rotate(&p, &fake, &new, &["--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let json = out.json();
    assert_eq!(json["status"], "rotated");
    assert_eq!(json["env_file"], ".env");
    assert_eq!(json["backup"], ".env.bak");
    assert_eq!(
        json["old"]["masked"],
        format!("{}…{}", &OLD[..6], &OLD[OLD.len() - 4..])
    );
    assert_eq!(
        json["new"]["masked"],
        format!("{}…{}", &new[..6], &new[new.len() - 4..])
    );
    let names: Vec<&str> = json["validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "valid",
            "permissions",
            "phone_number",
            "same_app",
            "business_accounts",
            "expiry"
        ]
    );
}

#[test]
fn validation_requests_run_concurrently() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    fake.set_latency(std::time::Duration::from_millis(400));
    let (p, _) = project();
    let started = std::time::Instant::now();
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    // debug_token (new), debug_token (current), phone read: 1.2 s in sequence.
    assert_eq!(fake.requests().len(), 3);
    assert!(
        started.elapsed() < std::time::Duration::from_millis(1000),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn without_app_credentials_checks_are_skipped_with_a_hint() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let (p, _) = project();
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes", "--json"])
        .stdin(new.clone())
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    let json = out.json();
    let checks = json["validation"].as_array().unwrap();
    let perm = checks.iter().find(|c| c["name"] == "permissions").unwrap();
    assert_eq!(perm["status"], "skip");
    assert!(perm["hint"].as_str().unwrap().contains("WHATSAPP_APP_ID"));
    assert_eq!(checks.iter().find(|c| c["name"] == "valid").unwrap()["status"], "pass");
}

#[test]
fn token_expiring_within_a_day_is_accepted_loudly() {
    let new = new_token();
    let mut profile = Profile::user_expiring_in(0);
    profile.debug["expires_at"] = serde_json::json!(fake_graph::now() + 3600);
    let fake = fake_with(&new, profile);
    let (p, _) = project();
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("warning") && out.stderr.contains("EXPIRES"),
        "{out:?}"
    );
}

#[test]
fn symlink_target_is_updated_and_link_kept() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let p = Project::new();
    std::fs::create_dir(p.path("shared")).unwrap();
    p.write("shared/app.env", format!("WHATSAPP_API_TOKEN={OLD}\n").as_bytes());
    std::os::unix::fs::symlink("shared/app.env", p.path(".env")).unwrap();
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        std::fs::symlink_metadata(p.path(".env"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(p.path("shared/app.env")).unwrap(),
        format!("WHATSAPP_API_TOKEN={new}\n")
    );
    assert!(p.path("shared/app.env.bak").exists(), "backup beside the target");
}

#[test]
fn mode_is_kept_and_a_missing_file_is_created_0600() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let (p, _) = project();
    std::fs::set_permissions(p.path(".env"), std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        std::fs::metadata(p.path(".env")).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert!(
        out.stderr.contains("chmod 600"),
        "group-readable file is warned about: {out:?}"
    );
    assert_eq!(
        std::fs::metadata(p.path(".env.bak")).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let q = Project::new();
    let out = rotate(&q, &fake, &new, &["--env-file", "config/bot.env", "--create"]);
    assert_eq!(out.code, 2, "a missing directory is an error: {out:?}");
    let out = rotate(&q, &fake, &new, &["--env-file", "bot.env"]);
    assert_eq!(out.code, 2, "a missing file is created only with --create: {out:?}");
    assert!(!q.path("bot.env").exists());
    let out = rotate(&q, &fake, &new, &["--env-file", "bot.env", "--create"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        std::fs::read_to_string(q.path("bot.env")).unwrap(),
        format!("WHATSAPP_API_TOKEN={new}\n")
    );
    assert_eq!(
        std::fs::metadata(q.path("bot.env")).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(!q.path("bot.env.bak").exists());
}

#[test]
fn no_backup_keeps_none() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let (p, _) = project();
    let out = rotate(&p, &fake, &new, &["--no-backup"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(p.files(), vec![".env", ".env.lock"]);
}

#[test]
fn concurrent_rotations_both_succeed_and_the_file_is_whole() {
    let a = secret_token("concurrent-a");
    let b = secret_token("concurrent-b");
    let fake = fake_with(&a, Profile::system_user());
    fake.with_token(&b, Profile::system_user());
    let (p, _) = project();
    let lines: String = (0..2000).map(|i| format!("KEY_{i}=value-{i}\n")).collect();
    let content = format!("{lines}WHATSAPP_API_TOKEN={OLD}\n{lines}");
    p.write(".env", content.as_bytes());
    std::thread::scope(|s| {
        let h1 = s.spawn(|| rotate(&p, &fake, &a, &[]));
        let h2 = s.spawn(|| rotate(&p, &fake, &b, &[]));
        let (o1, o2) = (h1.join().unwrap(), h2.join().unwrap());
        assert_eq!(o1.code, 0, "{o1:?}");
        assert_eq!(o2.code, 0, "{o2:?}");
    });
    let after = String::from_utf8(p.read(".env")).unwrap();
    let winner = if after.contains(&a) { &a } else { &b };
    assert_eq!(after, content.replace(OLD, winner));
    assert!(!p.files().iter().any(|f| f.contains("tmp")));
}

#[test]
fn restart_hook_runs_after_the_write() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let (p, _) = project();
    let out = rotate(
        &p,
        &fake,
        &new,
        &["--restart", "! grep -q EAAGoldOLDold .env && echo restarted"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("restarted"), "{out:?}");
    let (p, _) = project();
    let out = rotate(&p, &fake, &new, &["--json", "--restart", "echo on-stdout; exit 3"]);
    assert_eq!(out.code, 5, "{out:?}");
    let json = out.json();
    assert_eq!(json["status"], "rotated");
    assert_eq!(json["restart"]["exit_code"], 3);
    assert!(
        out.stderr.contains("on-stdout"),
        "the hook's output goes to stderr: {out:?}"
    );
    assert!(String::from_utf8(p.read(".env")).unwrap().contains(&new));
    // Without --restart, a reminder.
    let (p, _) = project();
    let out = rotate(&p, &fake, &new, &[]);
    assert!(out.stderr.contains("restart your app"), "{out:?}");
}

#[test]
fn unparsable_env_file_is_refused() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let p = Project::new();
    let content = format!("WHATSAPP_API_TOKEN={OLD}\nBROKEN=\"never closed\n");
    p.write(".env", content.as_bytes());
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("line 2"), "{out:?}");
    assert_eq!(p.read(".env"), content.as_bytes());
}

/// The interactive path, through a real pseudo-terminal: a hidden prompt for the token,
/// then the confirmation showing both tokens masked.
#[test]
fn interactive_rotation_prompts_hides_the_token_and_confirms() {
    let new = new_token();
    let fake = fake_with(&new, Profile::system_user());
    let (p, _) = project();
    let session = |answer: &str| {
        p.wa()
            .graph(&fake)
            .env("WHATSAPP_APP_ID", APP_ID)
            .env("WHATSAPP_APP_SECRET", APP_SECRET)
            .arg("rotate")
            .in_terminal(&[("New token", &new), ("Write the new token?", answer)])
            .stdout
    };
    // Say no: nothing is written.
    let before = p.read(".env");
    let shown = session("<n>");
    assert!(!shown.contains(&new), "the token was echoed or printed: {shown}");
    assert!(
        shown.contains(&format!("{}…{}", &new[..6], &new[new.len() - 4..])),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("{}…{}", &OLD[..6], &OLD[OLD.len() - 4..])),
        "{shown}"
    );
    assert!(shown.contains("cancelled"), "{shown}");
    assert_eq!(p.read(".env"), before);
    // Say yes: written.
    let shown = session("<y>");
    assert!(!shown.contains(&new), "{shown}");
    assert!(shown.contains("exit=0"), "{shown}");
    assert!(String::from_utf8(p.read(".env")).unwrap().contains(&new));
}
