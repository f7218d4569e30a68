//! The env file as an adversary or an accident shapes it: a full disk under an in-place
//! rewrite, symlinks planted by another user, FIFOs, devices and huge files, references
//! that expand to gigabytes, lone CR line ends and lines that readers read differently.

use crate::support::readers::{lone_cr_as_lf, node_dotenv, python_dotenv};
use crate::support::*;
use proptest::prelude::*;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const OLD: &str = "EAAGsafeOLDsafe0123456789abcdefOLDtoken";

fn fake_knowing(new: &str) -> FakeGraph {
    register_secret(OLD);
    let fake = FakeGraph::start();
    fake.with_token(new, Profile::system_user());
    fake
}

fn rotate(p: &Project, fake: &FakeGraph, new: &str, extra: &[&str]) -> Output {
    p.wa()
        .graph(fake)
        .args(["rotate", "--token-stdin", "--yes"])
        .args(extra)
        .stdin(format!("{new}\n"))
        .run()
}

/// Unmounts when dropped (lazily, so that a failing test never leaves a busy mount).
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).output();
    }
}

fn mount(args: &[&str], at: &Path) -> Option<Mounted> {
    let ok = Command::new("mount")
        .args(args)
        .arg(at)
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| Mounted(at.to_path_buf()))
}

/// Fill the filesystem holding `dir` until it refuses another byte.
fn fill(dir: &Path) {
    let mut file = std::fs::File::create(dir.join("filler")).unwrap();
    for size in [4096, 512, 1] {
        while file.write_all(&vec![b'x'; size]).is_ok() {}
    }
    let _ = file.sync_all();
}

/// A single file bind-mounted onto `.env` (rename gives `EBUSY`, so rotate rewrites it in
/// place) from a 64 KiB tmpfs that is full: the longer token needs a page the disk does not
/// have. The file stays byte-identical, and the error names the backup; once there is room
/// again, the same rotation succeeds.
#[test]
fn a_full_disk_during_the_in_place_rewrite_leaves_the_file_whole() {
    let new = secret_token("full-disk-new");
    let fake = fake_knowing(&new);
    let p = Project::new();
    let disk = p.path("disk");
    std::fs::create_dir(&disk).unwrap();
    let Some(_disk) = mount(&["-t", "tmpfs", "-o", "size=64k", "tmpfs"], &disk) else {
        eprintln!("cannot mount a tmpfs here (not root, or no mount rights): the full-disk rewrite is not tested");
        return;
    };
    // The token line ends a few bytes before the first 4 KiB page is full: the new content
    // needs a second page.
    let tail = format!("WHATSAPP_API_TOKEN={OLD}\nWHATSAPP_PHONE_NUMBER_ID={PHONE_ID}\n");
    let mut content = String::new();
    while content.len() + tail.len() + 40 < 4090 {
        content.push_str("# a comment that fills the first page\n");
    }
    content.push_str(&"#".repeat(4090 - content.len() - tail.len() - 1));
    content.push('\n');
    content.push_str(&tail);
    assert_eq!(content.len(), 4090);
    let host = disk.join("host.env");
    std::fs::write(&host, &content).unwrap();
    let env = p.write(".env", b"");
    let Some(_bind) = mount(&["--bind", host.to_str().unwrap()], &env) else {
        eprintln!("cannot bind-mount here: the full-disk rewrite is not tested");
        return;
    };
    fill(&disk);

    let out = rotate(&p, &fake, &new, &["--json"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&host).unwrap(),
        content,
        "the file changed on a full disk: {out:?}"
    );
    let json = out.json();
    assert_eq!(json["status"], "error", "{json:#}");
    assert_eq!(json["backup"], ".env.bak", "{json:#}");
    let message = json["error"]["message"].as_str().unwrap();
    assert!(message.contains(".env.bak"), "{message}");
    assert!(message.contains("not changed"), "{message}");
    assert_eq!(std::fs::read_to_string(p.path(".env.bak")).unwrap(), content);

    // Human output names the backup too.
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains(".env.bak"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&host).unwrap(), content);

    // With room again, the same rotation goes through, in place.
    std::fs::remove_file(disk.join("filler")).unwrap();
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("rewritten in place"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&host).unwrap(), content.replace(OLD, &new));
}

/// A shorter new content on a full disk needs no new space: it is written, then truncated.
#[test]
fn a_shorter_content_is_rewritten_in_place_on_a_full_disk() {
    let new = secret_token("full-disk-short");
    let fake = fake_knowing(&new);
    let p = Project::new();
    let disk = p.path("disk");
    std::fs::create_dir(&disk).unwrap();
    let Some(_disk) = mount(&["-t", "tmpfs", "-o", "size=64k", "tmpfs"], &disk) else {
        eprintln!("cannot mount a tmpfs here: not tested");
        return;
    };
    let long_old = format!("{OLD}{}", "x".repeat(400));
    register_secret(&long_old);
    let content = format!("# host\nWHATSAPP_API_TOKEN={long_old}\nAFTER=1\n");
    let host = disk.join("host.env");
    std::fs::write(&host, &content).unwrap();
    let env = p.write(".env", b"");
    let Some(_bind) = mount(&["--bind", host.to_str().unwrap()], &env) else {
        eprintln!("cannot bind-mount here: not tested");
        return;
    };
    fill(&disk);
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&host).unwrap(),
        content.replace(&long_old, &new)
    );
}

/// The lock file is opened without following a symlink: a link planted at `.env.lock` would
/// otherwise make rotate create (or lock) a file anywhere root can write.
#[test]
fn a_symlink_at_the_lock_file_is_refused() {
    let new = secret_token("lock-link-new");
    let fake = fake_knowing(&new);
    let p = Project::new();
    let content = format!("WHATSAPP_API_TOKEN={OLD}\n");
    p.write(".env", content.as_bytes());
    let elsewhere = p.path("elsewhere");
    std::os::unix::fs::symlink(&elsewhere, p.path(".env.lock")).unwrap();
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("lock file") && out.stderr.contains("symlink"),
        "{out:?}"
    );
    assert!(!elsewhere.exists(), "the link's target was created");
    assert_eq!(p.read(".env"), content.as_bytes());

    // A FIFO there cannot block the open either.
    std::fs::remove_file(p.path(".env.lock")).unwrap();
    mkfifo(&p.path(".env.lock"));
    let started = Instant::now();
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("lock file"), "{out:?}");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(p.read(".env"), content.as_bytes());
}

/// An env-file symlink owned by another user than the caller and the target's owner is not
/// followed (as the kernel's `protected_symlinks`): root rotating in a shared directory
/// never rewrites, nor reads, root's file through a link `nobody` planted.
#[test]
fn a_symlink_planted_by_another_user_is_not_followed() {
    let new = secret_token("foreign-link-new");
    let fake = fake_knowing(&new);
    let p = Project::new();
    let content = format!("# root's own file\nWHATSAPP_API_TOKEN={OLD}\n");
    let real = p.write("root.env", content.as_bytes());
    let link = p.path(".env");
    std::os::unix::fs::symlink("root.env", &link).unwrap();
    let root = std::fs::metadata(&real).unwrap().uid() == 0;
    if !root || std::os::unix::fs::lchown(&link, Some(65534), Some(65534)).is_err() {
        eprintln!("cannot give a symlink to another user here (not root): not tested");
        return;
    }
    for args in [vec!["check"], vec!["rotate", "--token-stdin", "--yes"]] {
        let out = p.wa().graph(&fake).args(&args).stdin(new.clone()).run();
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(
            out.stderr.contains("symlink owned by another user") && out.stderr.contains("not followed"),
            "{args:?}: {out:?}"
        );
    }
    assert_eq!(std::fs::read(&real).unwrap(), content.as_bytes());
    assert_eq!(p.files(), vec![".env", "root.env"], "nothing written beside either");

    // A link owned by the target's owner is followed (here both belong to nobody).
    std::os::unix::fs::chown(&real, Some(65534), Some(65534)).unwrap();
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(std::fs::read_to_string(&real).unwrap(), content.replace(OLD, &new));
    assert_eq!(std::fs::metadata(&real).unwrap().uid(), 65534, "owner kept");
}

/// The backup is never written through a symlink planted at `.env.bak` (the rotation is
/// refused), and temporary files are created with `O_EXCL`.
#[test]
fn a_symlink_at_the_backup_is_never_written_through() {
    let new = secret_token("bak-link-new");
    let fake = fake_knowing(&new);
    let p = Project::new();
    let content = format!("WHATSAPP_API_TOKEN={OLD}\n");
    p.write(".env", content.as_bytes());
    let victim = p.write("victim", b"precious\n");
    std::os::unix::fs::symlink(&victim, p.path(".env.bak")).unwrap();
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("symlink"), "{out:?}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious\n");
    assert_eq!(p.read(".env"), content.as_bytes());
    assert!(
        std::fs::symlink_metadata(p.path(".env.bak"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// What a limited run gives: the exit code (`None` when killed), how long it took, stderr.
struct Limited {
    code: Option<i32>,
    took: Duration,
    stderr: String,
    stdout: String,
}

/// Run the binary with `args` under a 4 GiB address-space limit (so that a regression
/// cannot take the machine's memory), killed after 20 s (so that it cannot hang the suite).
fn run_limited(p: &Project, fake: &FakeGraph, args: &[&str], stdin: &str) -> Limited {
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4194304 && exec \"$0\" \"$@\"")
        .arg(binary())
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", p.dir.path())
        .env("NO_COLOR", "1")
        .env("WA_TOKEN_GRAPH_URL", &fake.url)
        .current_dir(p.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = std::thread::scope(|s| {
        let (mut so, mut se) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
        let o = s.spawn(move || {
            let mut b = Vec::new();
            let _ = std::io::Read::read_to_end(&mut so, &mut b);
            b
        });
        let e = s.spawn(move || {
            let mut b = Vec::new();
            let _ = std::io::Read::read_to_end(&mut se, &mut b);
            b
        });
        let code = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code();
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let took = started.elapsed();
        Limited {
            code,
            took,
            stdout: String::from_utf8_lossy(&o.join().unwrap()).into_owned(),
            stderr: String::from_utf8_lossy(&e.join().unwrap()).into_owned(),
        }
    });
    assert_no_secret(&Output {
        code: out.code.unwrap_or(-1),
        stdout: out.stdout.clone(),
        stderr: out.stderr.clone(),
    });
    out
}

/// A FIFO, a device that never ends, and a 1 GiB (sparse) file: each is refused at once with
/// exit 2, by check and by rotate, instead of hanging or filling memory.
#[test]
fn fifos_devices_and_huge_files_are_refused_promptly() {
    let new = secret_token("non-regular-new");
    let fake = fake_knowing(&new);
    let p = Project::new();
    let fifo = p.path("fifo.env");
    mkfifo(&fifo);
    let huge = p.path("huge.env");
    std::fs::File::create(&huge).unwrap().set_len(1 << 30).unwrap();
    std::os::unix::fs::symlink("/dev/zero", p.path("zero.env")).unwrap();
    let cases: [(&str, &Path, &str); 5] = [
        ("FIFO", &fifo, "is not a regular file (it is a FIFO"),
        (
            "/dev/urandom",
            Path::new("/dev/urandom"),
            "is not a regular file (it is a character device)",
        ),
        ("/dev/zero", Path::new("/dev/zero"), "is not a regular file"),
        ("symlink to /dev/zero", &p.path("zero.env"), "is not a regular file"),
        ("1 GiB sparse file", &huge, "more than the 4 MiB"),
    ];
    for (what, path, says) in cases {
        let path = path.to_str().unwrap();
        for (args, stdin) in [
            (vec!["check", "--env-file", path], ""),
            (
                vec!["rotate", "--env-file", path, "--token-stdin", "--yes"],
                new.as_str(),
            ),
        ] {
            let out = run_limited(&p, &fake, &args, stdin);
            eprintln!("{what}: {} took {:?}", args[0], out.took);
            assert_eq!(out.code, Some(2), "{what} ({}): {}", args[0], out.stderr);
            assert!(out.stderr.contains(says), "{what} ({}): {}", args[0], out.stderr);
            assert!(out.took < Duration::from_secs(20), "{what}: {:?}", out.took);
        }
    }
    assert_eq!(std::fs::metadata(&huge).unwrap().len(), 1 << 30);
    assert!(std::fs::metadata(&huge).unwrap().blocks() < 64, "still sparse");
}

/// A 1 KiB file whose references double with every line (2^30 copies of 8 bytes): dotenvy's
/// reading of the whole file is skipped with a warning and the verdict still comes; when a
/// setting wa-token reads holds such a reference, a clear error.
#[test]
fn references_that_multiply_do_not_exhaust_memory() {
    let new = secret_token("nested-new");
    let fake = FakeGraph::start();
    let t = secret_token("nested-current");
    fake.with_token(&t, Profile::system_user());
    fake.with_token(&new, Profile::system_user());
    let mut chain = String::from("A0=xxxxxxxx\n");
    for i in 1..=30 {
        chain.push_str(&format!("A{i}=${{A{}}}${{A{}}}\n", i - 1, i - 1));
    }
    let p = Project::new();
    p.env(&format!("{}{chain}", env_file(&t, true)));
    assert!(p.read(".env").len() < 1024);
    for cmd in ["check", "inspect"] {
        let out = run_limited(&p, &fake, &[cmd, "--json"], "");
        eprintln!("{cmd} took {:?}", out.took);
        assert_eq!(out.code, Some(0), "{cmd}: {}\n{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("expand to more than"), "{cmd}: {}", out.stderr);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(json["status"], "valid", "{json:#}");
    }
    let out = run_limited(&p, &fake, &["rotate", "--token-stdin", "--yes"], &new);
    assert_eq!(out.code, Some(0), "{}", out.stderr);

    // A setting that refers to the chain: wa-token needs dotenvy's value, and refuses.
    let q = Project::new();
    q.env(&format!(
        "{chain}{}WHATSAPP_TEST_RECIPIENT=${{A30}}\n",
        env_file(&t, true)
    ));
    let out = run_limited(&q, &fake, &["check"], "");
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("expand to more than"), "{}", out.stderr);
}

/// A file whose lines end in a lone CR (old Mac style): the token's own line is edited, no
/// line is added, no LF appears, and python-dotenv and Node's dotenv read the new token and
/// every other value as before. A missing token is appended with a CR.
#[test]
fn lone_cr_line_ends_are_line_ends() {
    let new = secret_token("lone-cr-new");
    let fake = fake_knowing(&new);
    for (before, after) in [
        (
            format!("# old mac\rPORT=3000\rWHATSAPP_API_TOKEN={OLD}\rLOG='a b'\r"),
            format!("# old mac\rPORT=3000\rWHATSAPP_API_TOKEN={new}\rLOG='a b'\r"),
        ),
        (
            "PORT=3000\rDEBUG=false".to_string(),
            format!("PORT=3000\rDEBUG=false\rWHATSAPP_API_TOKEN={new}\r"),
        ),
        (
            format!("A=1\rWHATSAPP_API_TOKEN={OLD}\n"),
            format!("A=1\rWHATSAPP_API_TOKEN={new}\n"),
        ),
    ] {
        let p = Project::new();
        p.write(".env", before.as_bytes());
        if before.contains(OLD) {
            // check names the token's own line.
            let line = if before.starts_with('#') { 3 } else { 2 };
            let json = p.wa().graph(&fake).args(["check", "--json"]).run().json();
            assert_eq!(json["token"]["source"], format!(".env line {line}"), "{json:#}");
        }
        let out = rotate(&p, &fake, &new, &[]);
        assert_eq!(out.code, 0, "{out:?}");
        let written = String::from_utf8(p.read(".env")).unwrap();
        assert_eq!(written, after, "{before:?}");
        assert!(!written.contains(OLD), "the old token stayed in the file");
        let orig = p.write("before.env", before.as_bytes());
        for (reader, read) in [
            ("python-dotenv", python_dotenv as fn(&Path) -> _),
            ("node dotenv", node_dotenv),
        ] {
            let mut old_values = read(&orig);
            let mut new_values = read(&p.path(".env"));
            assert_eq!(
                new_values.remove("WHATSAPP_API_TOKEN").as_deref(),
                Some(new.as_str()),
                "{reader} on {before:?}"
            );
            old_values.remove("WHATSAPP_API_TOKEN");
            assert_eq!(old_values, new_values, "{reader} on {before:?}");
        }
    }
}

/// `--dry-run` numbers lines as the edit does: a lone CR ends one.
#[test]
fn dry_run_of_a_lone_cr_file_shows_the_tokens_line() {
    let new = secret_token("lone-cr-dry");
    let fake = fake_knowing(&new);
    let p = Project::new();
    let content = format!("# mac\rPORT=3000\rWHATSAPP_API_TOKEN={OLD}\rLOG=info\r");
    p.write(".env", content.as_bytes());
    let out = rotate(&p, &fake, &new, &["--dry-run"]);
    assert_eq!(out.code, 0, "{out:?}");
    let masked = |t: &str| format!("{}…{}", &t[..6], &t[t.len() - 4..]);
    assert!(
        out.stdout.contains(&format!(
            "@@ -3 +3 @@\n-WHATSAPP_API_TOKEN={}\n+WHATSAPP_API_TOKEN={}\n",
            masked(OLD),
            masked(&new)
        )),
        "{out:?}"
    );
    assert_eq!(p.read(".env"), content.as_bytes());
}

/// A token line that common readers read differently is refused with exit 2, its line
/// number and the reason; the file stays byte-identical. The same lines elsewhere in the
/// file are left as they are.
#[test]
fn lines_readers_disagree_on_are_refused() {
    let new = secret_token("ambiguous-new");
    let fake = fake_knowing(&new);
    let cases = [
        (
            format!("PORT=1\nWHATSAPP_API_TOKEN='{OLD}\\'x'\n"),
            "line 2",
            "escaped quote",
        ),
        (format!("PORT=1\nWHATSAPP_API_TOKEN: {OLD}\n"), "line 2", "YAML"),
        (format!("NOTE:\nWHATSAPP_API_TOKEN={OLD}\n"), "line 1", "next line"),
        (
            // python-dotenv reads KEY's value on to OTHER's quote, over the token's line.
            format!("KEY='it\\'\nWHATSAPP_API_TOKEN={OLD}\nOTHER='x'\n"),
            "line 1",
            "escaped quote",
        ),
        (
            format!("WHATSAPP_API_TOKEN=\"{OLD}\"suffix\n"),
            "line 1",
            "text after the closing",
        ),
    ];
    for (content, line, reason) in cases {
        for extra in [&[][..], &["--json"][..], &["--dry-run"][..]] {
            let p = Project::new();
            p.write(".env", content.as_bytes());
            let out = rotate(&p, &fake, &new, extra);
            assert_eq!(out.code, 2, "{content:?} {extra:?}: {out:?}");
            let said = if extra == ["--json"] {
                let json = out.json();
                assert_eq!(json["error"]["kind"], "config");
                json["error"]["message"].as_str().unwrap().to_string()
            } else {
                out.stderr.clone()
            };
            assert!(
                said.contains(line) && said.contains(reason) && said.contains("read differently"),
                "{content:?}: {said}"
            );
            assert_eq!(p.read(".env"), content.as_bytes(), "{content:?}: the file changed");
            let left: Vec<String> = p
                .files()
                .into_iter()
                .filter(|f| f != ".env" && f != ".env.lock")
                .collect();
            assert!(left.is_empty(), "{content:?}: left behind {left:?}");
        }
    }

    // The same shapes on other lines: the token is rotated, they stay byte for byte.
    let p = Project::new();
    let content = format!("KEY='it\\'s'\nNOTE: hi\nWHATSAPP_API_TOKEN={OLD}\n");
    p.write(".env", content.as_bytes());
    let out = rotate(&p, &fake, &new, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(String::from_utf8(p.read(".env")).unwrap(), content.replace(OLD, &new));
}

/// The plausible lines of props.rs, joined by lone CRs.
fn cr_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![Just("WHATSAPP_API_TOKEN".to_string()), "[A-Z][A-Z0-9_]{0,8}"];
    let plain = "[A-Za-z0-9_./:@%+-]{0,12}";
    let value = prop_oneof![
        plain.prop_map(|v| v),
        plain.prop_map(|v| format!("'{v} #x'")),
        plain.prop_map(|v| format!("\"{v} = $HOME\"")),
        plain.prop_map(|v| format!("\"{v}\\nsecond\"")),
    ];
    let comment = prop_oneof![Just(String::new()), Just(" # note".to_string())];
    prop_oneof![
        4 => (key, prop_oneof![Just("="), Just(" = ")], value, comment)
            .prop_map(|(k, e, v, c)| format!("{k}{e}{v}{c}")),
        1 => Just("# a comment".to_string()),
        1 => Just(String::new()),
    ]
}

/// dotenvy's values up to its first error, and what they weigh (each value and its copy).
fn dotenvy_weight(bytes: &[u8]) -> u64 {
    dotenvy::from_read_iter(bytes)
        .map_while(Result::ok)
        .map(|(_, v)| 2 * v.len() as u64)
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// After `set`, a reader that ends lines at a lone CR sees the new token and every other
    /// value unchanged, and the file gains no LF.
    #[test]
    fn lone_cr_files_are_edited_like_lf_files(
        lines in prop::collection::vec(cr_line(), 0..10),
        final_cr in any::<bool>(),
        token in "EAA[A-Za-z0-9]{20,40}",
    ) {
        let mut text = lines.join("\r");
        if final_cr && !lines.is_empty() {
            text.push('\r');
        }
        let bytes = text.into_bytes();
        let mut before = wa_token::envfile::read_values(&lone_cr_as_lf(&bytes)).unwrap();
        let mut f = wa_token::envfile::EnvFile::parse(bytes.clone()).unwrap();
        f.set("WHATSAPP_API_TOKEN", &token).unwrap();
        let after_bytes = f.into_bytes();
        if bytes.contains(&b'\r') {
            // The file's own line end: no LF added (an empty file gets one).
            prop_assert_eq!(
                after_bytes.iter().filter(|&&b| b == b'\n').count(),
                bytes.iter().filter(|&&b| b == b'\n').count()
            );
        }
        let mut after = wa_token::envfile::read_values(&lone_cr_as_lf(&after_bytes)).unwrap();
        prop_assert_eq!(after.remove("WHATSAPP_API_TOKEN"), Some(token));
        before.remove("WHATSAPP_API_TOKEN");
        prop_assert_eq!(before, after);
    }

    /// The expansion bound counts exactly what dotenvy builds.
    #[test]
    fn the_expansion_count_is_what_dotenvy_builds(
        lines in prop::collection::vec(
            ("[A-C]", prop::collection::vec(prop_oneof![
                Just("${A}".to_string()), Just("$B".to_string()), Just("${C}x".to_string()),
                Just("'$A'".to_string()), Just("\"$B-\"".to_string()), Just("\\$".to_string()),
                Just(" # c".to_string()), Just("\"a\nb\"".to_string()), "[a-z]{0,5}",
            ], 0..4)),
            0..8,
        ),
    ) {
        let text: String = lines
            .iter()
            .map(|(k, parts)| format!("{k}={}\n", parts.concat()))
            .collect();
        prop_assert_eq!(
            wa_token::envfile::safe_read::dotenvy_expansion_size(text.as_bytes(), u64::MAX),
            dotenvy_weight(text.as_bytes()),
            "{:?}", text
        );
    }
}
