//! The hermetic harness: a temp dir as HOME and working directory, a cleared environment,
//! the real binary, and a check on every run that no secret reached stdout or stderr.
#![allow(dead_code)]

pub use wa_token::standin as fake_graph;
pub mod bao;
pub mod kube;
pub mod readers;
pub mod snapshot;
pub mod tls;

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

pub use fake_graph::{APP_ID, APP_SECRET, Canned, FakeGraph, PHONE_ID, Profile, WABA_ID, token};

/// Every secret any test used: each run's output is searched for all of them.
static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub fn register_secret(s: &str) {
    if s.len() < 8 {
        return;
    }
    let mut all = secrets();
    if !all.iter().any(|x| x == s) {
        all.push(s.to_string());
    }
}

/// A Graph URL where nothing answers: every connection is refused, at once.
///
/// The port is held by a TCP socket that is bound but never listens, so the kernel
/// answers a connection with a reset (a refusal, not a timeout), and no other process
/// can bind the port while this value lives: keep it alive as long as the URL is used.
/// (Binding a listener and closing it to hand its port on would leave a window in which
/// another process takes the port.)
pub struct Unreachable {
    pub url: String,
    _held: socket2::Socket,
}

pub fn unreachable_url() -> Unreachable {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("a TCP socket");
    // No SO_REUSEADDR / SO_REUSEPORT: nobody else may share the port.
    socket
        .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .expect("bind a loopback port");
    let addr = socket.local_addr().unwrap().as_socket().unwrap();
    // The port refuses connections (and nothing answers it instead).
    let refused = std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(5));
    assert!(
        matches!(&refused, Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused),
        "a bound, non-listening port should refuse connections: {refused:?}"
    );
    Unreachable {
        url: format!("http://{addr}"),
        _held: socket,
    }
}

/// A token registered as a secret.
pub fn secret_token(name: &str) -> String {
    let t = token(name);
    register_secret(&t);
    t
}

fn secrets() -> std::sync::MutexGuard<'static, Vec<String>> {
    SECRETS.lock().unwrap_or_else(|e| e.into_inner())
}

pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        register_secret(APP_SECRET);
        Project {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Write `.env` (mode 0600, as a careful user keeps it).
    pub fn env(&self, content: &str) -> &Self {
        self.write(".env", content.as_bytes());
        self
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        p
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap()
    }

    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    pub fn wa(&self) -> Run {
        Run::new(self.dir.path())
    }
}

pub struct Run {
    cmd: Command,
    stdin: Option<Vec<u8>>,
    allow_secret: bool,
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON object ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// The binary under test: the one cargo built for the tests, or `WA_TOKEN_TEST_BIN` (for
/// instance the release binary, whose `panic = "abort"` turns a panic into a crash).
pub fn binary() -> &'static str {
    static BIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        std::env::var("WA_TOKEN_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_wa-token").to_string())
    })
}

impl Run {
    pub fn new(dir: &Path) -> Run {
        let mut cmd = Command::new(binary());
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir)
            .env("NO_COLOR", "1")
            .current_dir(dir);
        Run {
            cmd,
            stdin: None,
            allow_secret: false,
        }
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(mut self, args: I) -> Self {
        self.cmd.args(args);
        self
    }

    pub fn arg(mut self, arg: &str) -> Self {
        self.cmd.arg(arg);
        self
    }

    pub fn arg_list(mut self, args: &[String]) -> Self {
        self.cmd.args(args);
        self
    }

    /// Run in another directory (the project's is the default).
    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.cmd.env(k, v);
        self
    }

    pub fn env_remove(mut self, k: &str) -> Self {
        self.cmd.env_remove(k);
        self
    }

    /// Point the tool at a fake Graph API.
    pub fn graph(self, fake: &FakeGraph) -> Self {
        self.env("WA_TOKEN_GRAPH_URL", &fake.url)
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(input.into());
        self
    }

    /// For `--show-token`, the one place a token may appear.
    pub fn allow_secret_in_output(mut self) -> Self {
        self.allow_secret = true;
        self
    }

    pub fn run(self) -> Output {
        self.spawn().finish()
    }

    /// Start the run in the background, for a test that acts while it runs (sends a
    /// signal, changes a file); [`Running::finish`] waits and scans the output.
    pub fn spawn(mut self) -> Running {
        self.cmd.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        self.cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("run wa-token");
        if let Some(input) = self.stdin.take() {
            let mut stdin = child.stdin.take().unwrap();
            let _ = stdin.write_all(&input);
        }
        Running {
            child,
            allow_secret: self.allow_secret,
        }
    }

    /// Run inside a pseudo-terminal (tests/support/pty_session.py), typing each answer
    /// when its prompt shows. `stdout` is everything the terminal showed; nothing is on
    /// `stderr` (a terminal has one screen).
    pub fn in_terminal(self, answers: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new("python3");
        cmd.arg(readers::repo().join("tests/support/pty_session.py"));
        for (prompt, answer) in answers {
            cmd.arg(format!("{prompt}={answer}"));
        }
        cmd.arg("--").arg(self.cmd.get_program()).args(self.cmd.get_args());
        cmd.env_clear().env("TERM", "xterm");
        for (k, v) in self.cmd.get_envs() {
            if let Some(v) = v {
                cmd.env(k, v);
            }
        }
        if let Some(dir) = self.cmd.get_current_dir() {
            cmd.current_dir(dir);
        }
        let out = cmd.output().expect("python3 runs the pseudo-terminal");
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        let code = shown
            .trim_end()
            .rsplit_once("exit=")
            .and_then(|(_, c)| c.trim().parse().ok())
            .unwrap_or(-1);
        let output = Output {
            code,
            stdout: shown,
            stderr: String::new(),
        };
        if !self.allow_secret {
            assert_no_secret(&output);
        }
        output
    }

    /// Run and assert the exit code.
    pub fn code(self, expected: i32) -> Output {
        let out = self.run();
        assert_eq!(out.code, expected, "unexpected exit code: {out:?}");
        out
    }
}

/// A run started with [`Run::spawn`].
pub struct Running {
    child: std::process::Child,
    allow_secret: bool,
}

impl Running {
    /// Send a signal by name (`INT`, `TERM`) to the run.
    pub fn signal(&self, name: &str) {
        let sent = Command::new("kill")
            .args(["-s", name, &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -s {name} failed");
    }

    /// Wait for the run to end; the same checks as [`Run::run`].
    pub fn finish(self) -> Output {
        let out = self.child.wait_with_output().unwrap();
        let output = Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        if !self.allow_secret {
            assert_no_secret(&output);
        }
        assert!(
            !output.stderr.contains("panicked") && !output.stderr.contains("internal error"),
            "the tool panicked: {output:?}"
        );
        output
    }
}

/// Quote for `sh`.
pub fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "'\\''"))
}

/// Watches every process's argv in /proc while a test runs: which held any of `needles`,
/// and which were `kubectl` (to show the watch saw the processes it is about).
pub struct ArgvWatch {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    handle: std::thread::JoinHandle<ArgvSeen>,
}

#[derive(Debug, Default)]
pub struct ArgvSeen {
    /// Argument lists that held a needle (the needle itself masked).
    pub leaks: Vec<String>,
    /// Distinct kubectl argument lists seen.
    pub kubectl: Vec<String>,
    pub scans: usize,
}

pub fn watch_argv(needles: Vec<String>) -> ArgvWatch {
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let handle = std::thread::spawn(move || {
        let mut seen = ArgvSeen::default();
        while !flag.load(Ordering::Relaxed) {
            scan_argv(&needles, &mut seen);
            seen.scans += 1;
        }
        seen
    });
    ArgvWatch { stop, handle }
}

fn scan_argv(needles: &[String], seen: &mut ArgvSeen) {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(raw) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let argv = String::from_utf8_lossy(&raw).replace('\0', " ");
        if let Some(needle) = needles.iter().find(|n| argv.contains(n.as_str())) {
            seen.leaks.push(argv.replace(needle.as_str(), "<TOKEN>"));
        }
        let is_kubectl = argv.split(' ').next().is_some_and(|a| a.ends_with("kubectl"));
        if is_kubectl && !seen.kubectl.contains(&argv) {
            seen.kubectl.push(argv);
        }
    }
}

impl ArgvWatch {
    pub fn stop(self) -> ArgvSeen {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.handle.join().unwrap()
    }
}

pub fn assert_no_secret(out: &Output) {
    for s in secrets().iter() {
        assert!(!out.stdout.contains(s.as_str()), "a secret leaked to stdout: {out:?}");
        assert!(!out.stderr.contains(s.as_str()), "a secret leaked to stderr: {out:?}");
    }
}

/// A fake that knows one token (named `name`, behaving as `profile`) and a project whose
/// `.env` holds it, with the phone number, the WABA and optionally the app credentials.
pub fn project_with_token(name: &str, profile: Profile, with_app: bool) -> (Project, FakeGraph, String) {
    let fake = FakeGraph::start();
    let t = secret_token(name);
    fake.with_token(&t, profile);
    let p = Project::new();
    p.env(&env_file(&t, with_app));
    (p, fake, t)
}

/// A `.env` for the fake: token, phone number, WABA, optionally app credentials.
pub fn env_file(token: &str, with_app: bool) -> String {
    let mut s = format!(
        "# bot settings\nWHATSAPP_API_TOKEN={token}\nWHATSAPP_PHONE_NUMBER_ID={PHONE_ID}\nWHATSAPP_BUSINESS_ACCOUNT_ID={WABA_ID}\n"
    );
    if with_app {
        s.push_str(&format!("WHATSAPP_APP_ID={APP_ID}\nWHATSAPP_APP_SECRET={APP_SECRET}\n"));
    }
    s
}
