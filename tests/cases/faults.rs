//! Faults and bad input: SIGKILL during rotations, hostile env files, broken servers,
//! secrets under verbose output, and file permissions.

use crate::support::readers::lone_cr_as_lf;
use crate::support::*;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const OLD: &str = "EAAGcrashOLDcrashOLD0123456789abcdefOLDtoken";

/// A small deterministic generator for kill moments (no rand crate for one test).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

fn rotate_command(p: &Project, fake: &FakeGraph) -> Command {
    let mut cmd = Command::new(binary());
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", p.dir.path())
        .env("NO_COLOR", "1")
        .env("WA_TOKEN_GRAPH_URL", &fake.url)
        .current_dir(p.dir.path())
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

#[test]
fn sigkill_during_rotation_never_loses_the_file() {
    register_secret(OLD);
    let a = secret_token("crash-a");
    let b = secret_token("crash-b");
    let fake = FakeGraph::start();
    fake.with_token(&a, Profile::system_user());
    fake.with_token(&b, Profile::system_user());
    let p = Project::new();
    let filler: String = (0..10_000)
        .map(|i| format!("SETTING_{i}=\"value {i} # not a comment\"\n"))
        .collect();
    let template = |t: &str| format!("{filler}export WHATSAPP_API_TOKEN={t} # bot\n{filler}");
    let variants = [template(OLD), template(&a), template(&b)];
    p.write(".env", variants[0].as_bytes());
    assert_eq!(variants[0].lines().count(), 20_001);

    // How long one rotation takes here (median of five), to spread the kills over it.
    let mut times = Vec::new();
    for token in [&a, &b, &a, &b, &a] {
        let started = Instant::now();
        let mut child = rotate_command(&p, &fake).spawn().unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), token.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success());
        times.push(started.elapsed().as_micros() as u64);
    }
    times.sort();
    let full = times[2];

    let mut rng = Lcg(0x5eed);
    let mut killed_mid_way = 0;
    let mut killed_after_rename = 0;
    // Until 40 rotations were killed before they finished (at most 400 tries: the moments
    // are spread over one rotation's duration, which load on the machine stretches).
    let mut round = 0;
    while killed_mid_way < 40 && round < 400 {
        round += 1;
        let before = p.read(".env");
        let token = if before.windows(b.len()).any(|w| w == b.as_bytes()) {
            &a
        } else {
            &b
        };
        let mut child = rotate_command(&p, &fake).spawn().unwrap();
        let _ = std::io::Write::write_all(&mut child.stdin.take().unwrap(), token.as_bytes());
        // Half the kills anywhere, half in the last stretch, where the file is written.
        let at = if round % 2 == 0 {
            rng.next(full * 12 / 10)
        } else {
            full * 6 / 10 + rng.next(full / 2)
        };
        std::thread::sleep(Duration::from_micros(at));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.code().is_none() {
            killed_mid_way += 1;
        }
        let now = String::from_utf8(p.read(".env")).expect("the file is whole UTF-8");
        assert!(
            variants.contains(&now),
            "round {round}: the file is neither the old nor the new version"
        );
        if status.code().is_none() && now.as_bytes() != before {
            killed_after_rename += 1;
        }
        if let Ok(backup) = std::fs::read_to_string(p.path(".env.bak")) {
            assert!(variants.contains(&backup), "round {round}: the backup is damaged");
        }
    }
    eprintln!(
        "{killed_mid_way} of {round} rotations killed before exiting; {killed_after_rename} of those after the rename"
    );
    assert!(
        killed_mid_way >= 40,
        "only {killed_mid_way} rotations were killed before they finished"
    );

    // The next rotation is not blocked by a stale lock or temporary file, and cleans up.
    let started = Instant::now();
    let current = p.read(".env");
    let other = if current.windows(a.len()).any(|w| w == a.as_bytes()) {
        &b
    } else {
        &a
    };
    let mut child = rotate_command(&p, &fake).spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), other.as_bytes()).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success() || status.code() == Some(0), "{status:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
    let now = String::from_utf8(p.read(".env")).unwrap();
    assert!(now == variants[1] || now == variants[2]);
    assert!(!p.files().iter().any(|f| f.contains("wa-token-tmp")), "{:?}", p.files());
}

/// Run `check` and `rotate` on a hostile file: no panic; exit 2 with a message, or a
/// correct edit; never a half-written file.
fn hostile(name: &str, bytes: &[u8]) {
    let fake = FakeGraph::start();
    let new = secret_token("hostile-new");
    fake.with_token(&new, Profile::system_user());
    let p = Project::new();
    p.write(".env", bytes);
    let check = p.wa().graph(&fake).args(["check", "--json"]).run();
    assert!(matches!(check.code, 0..=2), "{name}: {check:?}");
    if check.code == 2 {
        assert_eq!(check.json()["status"], "error", "{name}");
        assert!(!check.json()["error"]["message"].as_str().unwrap().is_empty());
    }
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(new.clone())
        .run();
    let after = p.read(".env");
    match out.code {
        0 => {
            // Read as python-dotenv and Node's dotenv split lines (a lone CR ends one).
            let values = wa_token::envfile::read_values(&lone_cr_as_lf(&after)).expect("the edited file parses");
            assert_eq!(values.get("WHATSAPP_API_TOKEN"), Some(&new), "{name}");
            let before = wa_token::envfile::read_values(&lone_cr_as_lf(bytes)).unwrap();
            for (k, v) in before.iter().filter(|(k, _)| *k != "WHATSAPP_API_TOKEN") {
                assert_eq!(values.get(k), Some(v), "{name}: {k} changed");
            }
        }
        2 => {
            assert_eq!(after, bytes, "{name}: a refusal changed the file");
            assert!(
                out.stderr.lines().any(|l| l.starts_with("wa-token: error: ")),
                "{name}: {out:?}"
            );
            let left: Vec<String> = p
                .files()
                .into_iter()
                .filter(|f| f != ".env" && f != ".env.lock")
                .collect();
            assert!(left.is_empty(), "{name}: left behind {left:?}");
        }
        other => panic!("{name}: rotate exited {other}: {out:?}"),
    }
}

#[test]
fn hostile_env_files() {
    register_secret(OLD);
    let token_line = format!("WHATSAPP_API_TOKEN={OLD}\n");
    hostile(
        "invalid UTF-8 in another value",
        &[b"NAME=caf\xe9\n".as_slice(), token_line.as_bytes()].concat(),
    );
    hostile("NUL byte", &[token_line.as_bytes(), b"X=a\0b\n"].concat());
    hostile("BOM", &[b"\xEF\xBB\xBF".as_slice(), token_line.as_bytes()].concat());
    let big = format!("BIG={}\n{token_line}", "x".repeat(4 * 1024 * 1024));
    hostile("4 MiB line", big.as_bytes());
    hostile(
        "unterminated quote",
        format!("{token_line}OTHER=\"never closed\n").as_bytes(),
    );
    let mut rng = Lcg(7);
    let binary: Vec<u8> = (0..4096).map(|_| rng.next(256) as u8).collect();
    hostile("random binary", &binary);
    hostile("only comments", b"# nothing here\n# WHATSAPP_API_TOKEN=commented\n");
    hostile("empty", b"");
    hostile("CR only line ends", format!("A=1\r{token_line}").as_bytes());
}

#[test]
fn a_directory_where_the_file_should_be() {
    let fake = FakeGraph::start();
    let p = Project::new();
    std::fs::create_dir(p.path(".env")).unwrap();
    let out = p.wa().graph(&fake).args(["check"]).code(2);
    assert!(out.stderr.contains("is a directory"), "{out:?}");
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(secret_token("dir"))
        .code(2);
    assert!(out.stderr.contains("is a directory"), "{out:?}");
}

/// Runs as an unprivileged user when the suite runs as root, so that permissions bite.
fn as_unprivileged(p: &Project) -> Option<Vec<String>> {
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    if !root {
        return Some(vec![]);
    }
    let prefix: Vec<String> = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        .map(String::from)
        .to_vec();
    // setpriv must exist, and the unprivileged user must be able to run the binary where
    // this checkout lives.
    let ok = Command::new(&prefix[0])
        .args(&prefix[1..])
        .arg(binary())
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        return None;
    }
    std::fs::set_permissions(p.dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    Some(prefix)
}

fn run_as(prefix: &[String], p: &Project, fake: &FakeGraph, args: &[&str], stdin: &str) -> (i32, String) {
    let mut cmd = match prefix.split_first() {
        Some((first, rest)) => {
            let mut c = Command::new(first);
            c.args(rest).arg(binary());
            c
        }
        None => Command::new(binary()),
    };
    let out = cmd
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("WA_TOKEN_GRAPH_URL", &fake.url)
        .current_dir(p.dir.path())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            // A command that does not read stdin may exit first: a broken pipe is fine.
            let _ = std::io::Write::write_all(&mut c.stdin.take().unwrap(), stdin.as_bytes());
            c.wait_with_output()
        })
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_no_secret(&Output {
        code: 0,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: stderr.clone(),
    });
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn unreadable_and_unwritable_files_are_refused() {
    register_secret(OLD);
    let fake = FakeGraph::start();
    let new = secret_token("perm-new");
    fake.with_token(&new, Profile::system_user());
    let p = Project::new();
    let Some(prefix) = as_unprivileged(&p) else {
        eprintln!("running as root, and setpriv cannot run the binary as nobody here: permissions not tested");
        return;
    };
    let content = format!("WHATSAPP_API_TOKEN={OLD}\n");
    let path = p.write(".env", content.as_bytes());

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, stderr) = run_as(&prefix, &p, &fake, &["check"], "");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot read env file"), "{stderr}");
    let (code, stderr) = run_as(&prefix, &p, &fake, &["rotate", "--token-stdin", "--yes"], &new);
    assert_eq!(code, 2, "{stderr}");

    // Readable, not writable: rotate refuses instead of renaming over it.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, stderr) = run_as(&prefix, &p, &fake, &["rotate", "--token-stdin", "--yes"], &new);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not writable"), "{stderr}");
    assert_eq!(p.read(".env"), content.as_bytes());
    assert!(
        !p.files().iter().any(|f| f.contains("tmp") || f.ends_with(".bak")),
        "{:?}",
        p.files()
    );
}

fn server_fault(canned: Canned, what: &str, timeout: &str, budget: Duration) {
    let fake = FakeGraph::start();
    let t = secret_token("server-fault");
    fake.with_token(&t, Profile::system_user());
    fake.always(canned);
    let p = Project::new();
    p.env(&env_file(&t, true));
    for cmd in ["check", "inspect", "doctor"] {
        let started = Instant::now();
        let out = p.wa().graph(&fake).args([cmd, "--json", "--timeout", timeout]).run();
        assert_eq!(out.code, 4, "{what} ({cmd}): {out:?}");
        let json = out.json();
        assert!(
            json["status"] == "error" || json["status"] == "problems",
            "{what}: {json:#}"
        );
        assert!(
            started.elapsed() < budget,
            "{what} ({cmd}) took {:?}",
            started.elapsed()
        );
        let human = p.wa().graph(&fake).args([cmd, "--timeout", timeout]).run();
        assert_eq!(human.code, 4, "{what} ({cmd}): {human:?}");
    }
}

#[test]
fn hostile_servers_give_no_verdict() {
    let secs = Duration::from_secs(15);
    server_fault(
        Canned::Raw(
            502,
            "text/html",
            b"<html><head><title>502 Bad Gateway</title></head></html>".to_vec(),
        ),
        "HTML 502",
        "5",
        secs,
    );
    server_fault(
        Canned::Truncated(200, "{\"data\":{\"is_valid\":tr".into()),
        "truncated JSON",
        "5",
        secs,
    );
    server_fault(Canned::Raw(200, "application/json", Vec::new()), "empty 200", "5", secs);
    server_fault(
        Canned::Json(200, serde_json::json!({"data": "not an object"})),
        "wrong shape",
        "5",
        secs,
    );
    server_fault(Canned::Json(200, serde_json::json!({"id": "1"})), "no data", "5", secs);
}

#[test]
fn huge_bodies_are_capped() {
    let fake = FakeGraph::start();
    let t = secret_token("huge");
    fake.with_token(&t, Profile::system_user());
    let mut body = b"{\"data\":{\"x\":\"".to_vec();
    body.resize(64 * 1024 * 1024, b'a');
    fake.always(Canned::Raw(200, "application/json", body));
    let p = Project::new();
    p.env(&env_file(&t, true));
    let out = p.wa().graph(&fake).args(["check", "--json"]).code(4);
    assert!(
        out.json()["error"]["message"].as_str().unwrap().contains("capped"),
        "{out:?}"
    );
}

#[test]
fn a_server_that_never_answers_is_abandoned() {
    let fake = FakeGraph::start();
    let t = secret_token("hang");
    fake.with_token(&t, Profile::system_user());
    fake.always(Canned::Hang);
    let p = Project::new();
    p.env(&env_file(&t, true));
    let started = Instant::now();
    let out = p.wa().graph(&fake).args(["check", "--json", "--timeout", "1"]).code(4);
    // Three attempts of 1 s and backoffs of at most 1 s in all: about 4 s, with room for a
    // loaded machine.
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "took {:?}",
        started.elapsed()
    );
    assert!(out.json()["error"]["message"].as_str().unwrap().contains("timed out"));
    let out = p
        .wa()
        .graph(&fake)
        .args(["send-test", "--to", "15550100200", "--json", "--timeout", "1"])
        .code(4);
    assert_eq!(out.json()["status"], "error");
}

#[test]
fn verbose_and_trace_output_never_shows_a_secret() {
    let fake = FakeGraph::start();
    let t = secret_token("verbose");
    let new = secret_token("verbose-new");
    let expired = secret_token("verbose-expired");
    fake.with_token(&t, Profile::user_expiring_in(5));
    fake.with_token(&new, Profile::system_user());
    fake.with_token(&expired, Profile::expired());
    fake.exchange_gives(&new, Some(5_184_000));
    let p = Project::new();
    p.env(&format!("{}WHATSAPP_TEST_RECIPIENT=15550100200\n", env_file(&t, true)));
    let runs: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["check"], None),
        (vec!["check", "--json"], None),
        (vec!["inspect"], None),
        (vec!["doctor"], None),
        (vec!["send-test"], None),
        (
            vec!["rotate", "--token-stdin", "--yes", "--dry-run"],
            Some(new.as_str()),
        ),
        (vec!["rotate", "--token-stdin", "--yes"], Some(expired.as_str())),
        (
            vec!["rotate", "--token-stdin", "--yes", "--force"],
            Some("EAAG has a space inside it 12345"),
        ),
        (vec!["refresh", "--yes", "--dry-run"], None),
        (vec!["refresh", "--yes"], None),
        (vec!["mint", "--yes", "--dry-run"], None),
        (vec!["mint", "--yes"], None),
        (vec!["revoke", "--token-stdin"], Some(expired.as_str())),
        (vec!["revoke", "--token-stdin"], Some(new.as_str())),
        (vec!["check", "--format", "prometheus"], None),
        (vec!["check", "--format", "nagios"], None),
    ];
    register_secret("EAAG has a space inside it 12345");
    for (args, stdin) in runs {
        let mut run = p
            .wa()
            .graph(&fake)
            .arg("-v")
            .env("RUST_LOG", "trace")
            .env("RUST_BACKTRACE", "1")
            .args(&args);
        if let Some(input) = stdin {
            run = run.stdin(input);
        }
        let out = run.run();
        if args[0] == "check" && args.len() == 1 {
            assert!(
                out.stderr.contains("GET /v25.0/debug_token?input_token=…"),
                "-v shows requests: {out:?}"
            );
        }
    }
    // Error paths: unreachable API, bad app secret.
    let unreachable = unreachable_url();
    for cmd in ["check", "inspect", "doctor", "send-test"] {
        p.wa()
            .env("WA_TOKEN_GRAPH_URL", &unreachable.url)
            .args(["-v", cmd, "--timeout", "1"])
            .env("RUST_LOG", "trace")
            .run();
    }
}

#[test]
fn group_readable_files_are_warned_about_and_backups_narrowed() {
    let fake = FakeGraph::start();
    let t = secret_token("perm-warn");
    let new = secret_token("perm-warn-new");
    fake.with_token(&t, Profile::system_user());
    fake.with_token(&new, Profile::system_user());
    let p = Project::new();
    p.env(&env_file(&t, true));
    std::fs::set_permissions(p.path(".env"), std::fs::Permissions::from_mode(0o640)).unwrap();
    for cmd in ["check", "inspect"] {
        let out = p.wa().graph(&fake).arg(cmd).code(0);
        assert!(out.stderr.contains("chmod 600 .env"), "{cmd}: {out:?}");
    }
    // A backup left from before with wide permissions is narrowed to 0600.
    p.write(".env.bak", b"old");
    std::fs::set_permissions(p.path(".env.bak"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(new)
        .code(0);
    assert!(out.stderr.contains("chmod 600 .env"), "{out:?}");
    assert_eq!(
        std::fs::metadata(p.path(".env.bak")).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(p.path(".env")).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

/// A single file bind-mounted into a container cannot be replaced by a rename (`EBUSY`):
/// rotate rewrites it in place, after the backup.
#[test]
fn a_bind_mounted_file_is_rewritten_in_place() {
    let fake = FakeGraph::start();
    let new = secret_token("bind-new");
    fake.with_token(&new, Profile::system_user());
    register_secret(OLD);
    let p = Project::new();
    let source = p.write("host.env", format!("# host\nWHATSAPP_API_TOKEN={OLD}\n").as_bytes());
    let target = p.write(".env", b"");
    let mounted = Command::new("mount")
        .arg("--bind")
        .arg(&source)
        .arg(&target)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("cannot bind-mount here (not root, or no mount namespace rights): not tested");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).output();
        }
    }
    let _guard = Unmount(target.clone());
    let out = p
        .wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(new.clone())
        .code(0);
    assert!(out.stderr.contains("rewritten in place"), "{out:?}");
    let expected = format!("# host\nWHATSAPP_API_TOKEN={new}\n");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected);
    assert_eq!(
        std::fs::read_to_string(&source).unwrap(),
        expected,
        "the mounted file itself was updated"
    );
    assert_eq!(
        std::fs::read_to_string(p.path(".env.bak")).unwrap(),
        format!("# host\nWHATSAPP_API_TOKEN={OLD}\n")
    );
    assert!(!p.files().iter().any(|f| f.contains("wa-token-tmp")), "{:?}", p.files());
}

/// The env file keeps its owner and group (here: a file of `nobody`, rotated by root).
#[test]
fn rotate_keeps_the_files_owner() {
    use std::os::unix::fs::MetadataExt;
    let fake = FakeGraph::start();
    let new = secret_token("owner-new");
    fake.with_token(&new, Profile::system_user());
    register_secret(OLD);
    let p = Project::new();
    let path = p.write(".env", format!("WHATSAPP_API_TOKEN={OLD}\n").as_bytes());
    if std::os::unix::fs::chown(&path, Some(65534), Some(65534)).is_err() {
        eprintln!("cannot give the file to another user here (not root): not tested");
        return;
    }
    p.wa()
        .graph(&fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .stdin(new.clone())
        .code(0);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534), "owner and group kept");
    assert_eq!(meta.mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(&path).unwrap().contains(&new));
}
