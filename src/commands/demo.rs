//! `wa-token demo`: the whole story on a fresh machine, with no Meta account and no network.
//!
//! A bot's `.env` whose token has expired, in a temporary directory; Meta played by the
//! stand-in the tests use (`standin.rs`), bound to loopback in this process; and every step
//! run as what a user would type: this same binary as a child process, with the stand-in's
//! address in its environment (never in the env file, which the trust boundary ignores).
//! So the demo goes through the real client, the real writer and the real renderers.

use crate::cli::DemoArgs;
use crate::exit::{ExitStatus, Failure, Result};
use crate::report::{DemoReport, DemoStep, Report};
use crate::secret;
use crate::standin::{APP_ID, APP_SECRET, FakeGraph, PHONE_ID, Profile, WABA_ID, token};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The bot's other secret: shown masked like the rest.
const DATABASE_PASSWORD: &str = "s3cr3t-db-password";

/// A bot's real-looking `.env`: comments, `export`, quotes, other secrets, and the token.
fn bot_env(expired: &str) -> String {
    format!(
        "# Lucky Shrub support bot\n\
         NODE_ENV=production\n\
         PORT=3000\n\
         DATABASE_URL=\"postgres://bot:{DATABASE_PASSWORD}@localhost:5432/bot\"\n\
         \n\
         # WhatsApp Cloud API (Meta Business Settings › System users)\n\
         export WHATSAPP_API_TOKEN=\"{expired}\"  # rotated by hand, last spring\n\
         WHATSAPP_PHONE_NUMBER_ID={PHONE_ID}\n\
         WHATSAPP_BUSINESS_ACCOUNT_ID={WABA_ID}\n\
         WHATSAPP_APP_ID={APP_ID}\n\
         WHATSAPP_APP_SECRET='{APP_SECRET}'\n\
         WHATSAPP_TEST_RECIPIENT=\"+1 555 0100 200\"\n"
    )
}

/// One step: what the user types (`< new-token.txt` feeds the file to stdin), the exit
/// code it should end with, and what it shows.
struct Plan {
    args: &'static [&'static str],
    stdin_file: Option<&'static str>,
    expected: u8,
    says: &'static str,
}

const PLAN: &[Plan] = &[
    Plan {
        args: &["check"],
        stdin_file: None,
        expected: 1,
        says: "The bot stopped replying. check asks Meta: the session has expired (190/463).",
    },
    Plan {
        args: &["inspect"],
        stdin_file: None,
        expected: 1,
        says: "inspect shows everything Meta says about the token, the phone number and the account.",
    },
    Plan {
        args: &["doctor"],
        stdin_file: None,
        expected: 1,
        says: "doctor runs the troubleshooting checklist and says what to fix.",
    },
    Plan {
        args: &["rotate", "--token-stdin", "--dry-run"],
        stdin_file: Some("new-token.txt"),
        expected: 0,
        says: "A new system-user token was generated. A dry run validates it and shows the change, tokens masked.",
    },
    Plan {
        args: &["rotate", "--token-stdin", "--yes"],
        stdin_file: Some("new-token.txt"),
        expected: 0,
        says: "rotate validates it again, then rewrites only the token's bytes (locked, backed up, atomic).",
    },
    Plan {
        args: &["check"],
        stdin_file: None,
        expected: 0,
        says: "check is green again.",
    },
    Plan {
        args: &["send-test"],
        stdin_file: None,
        expected: 0,
        says: "send-test proves messages go out: one template message, accepted by the API.",
    },
    Plan {
        args: &["check", "--format", "nagios"],
        stdin_file: None,
        expected: 0,
        says: "What a monitor sees: the Nagios plugin line…",
    },
    Plan {
        args: &["check", "--format", "prometheus"],
        stdin_file: None,
        expected: 0,
        says: "…and the Prometheus metrics for node_exporter's textfile collector.",
    },
    Plan {
        args: &["refresh", "--if-expiring-within", "14", "--yes"],
        stdin_file: None,
        expected: 0,
        says: "refresh, from cron, renews expiring tokens through Meta's exchange; this one never expires, so it is left alone.",
    },
];

pub async fn run(args: &DemoArgs, json: bool) -> Result<Report> {
    let meta = FakeGraph::try_start()
        .map_err(|e| Failure::io(format!("cannot start the stand-in for Meta on 127.0.0.1: {e}")))?;
    let expired = token("demo-expired-token");
    let fresh = token("demo-new-system-user-token");
    // The demo's secrets are fake, and still never shown whole, as everywhere.
    for t in [expired.as_str(), fresh.as_str(), APP_SECRET, DATABASE_PASSWORD] {
        secret::register(t);
    }
    meta.with_token(&expired, Profile::expired());
    meta.with_token(&fresh, Profile::system_user());
    let dir = TempDir::create()?;
    let original = bot_env(&expired);
    write_private(&dir.path.join(".env"), original.as_bytes())?;
    write_private(&dir.path.join("new-token.txt"), format!("{fresh}\n").as_bytes())?;

    let mut report = DemoReport::new(meta.url.clone());
    report.env_before = secret::scrub(&original);
    for plan in PLAN {
        let step = run_step(plan, &dir.path, &meta.url, json)?;
        report.push(step);
    }
    let after =
        std::fs::read(dir.path.join(".env")).map_err(|e| Failure::io(format!("cannot read the demo's .env: {e}")))?;
    report.only_token_changed = original.replace(&expired, &fresh).as_bytes() == after.as_slice();
    if !report.only_token_changed {
        report.status = "failed";
        report.exit = ExitStatus::No;
    }
    report.kept = args.keep.then(|| dir.keep());
    Ok(Report::Demo(Box::new(report)))
}

fn run_step(plan: &Plan, dir: &Path, url: &str, json: bool) -> Result<DemoStep> {
    let exe = std::env::current_exe().map_err(|e| Failure::io(format!("cannot find wa-token's own binary: {e}")))?;
    let mut args: Vec<&str> = plan.args.to_vec();
    if json && !plan.args.contains(&"--format") {
        args.push("--json");
    }
    let mut cmd = Command::new(exe);
    cmd.args(&args)
        .current_dir(dir)
        // The stand-in's address the way a user would give it: the process environment.
        .env("WA_TOKEN_GRAPH_URL", url)
        .env("NO_COLOR", "1")
        .env_remove("WA_TOKEN_ENV_FILE")
        .env_remove("WA_TOKEN_VAR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.stdin(match plan.stdin_file {
        Some(file) => std::fs::File::open(dir.join(file))
            .map(Stdio::from)
            .map_err(|e| Failure::io(format!("cannot open {file}: {e}")))?,
        None => Stdio::null(),
    });
    let out = cmd
        .output()
        .map_err(|e| Failure::io(format!("cannot run a demo step: {e}")))?;
    let mut command = format!("wa-token {}", args.join(" "));
    if let Some(file) = plan.stdin_file {
        command.push_str(&format!(" < {file}"));
    }
    Ok(DemoStep::new(
        command,
        plan.says,
        out.status.code().unwrap_or(-1),
        plan.expected,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| Failure::io(format!("cannot write {}: {e}", path.display())))
}

/// The demo's directory: private, removed afterwards unless kept.
struct TempDir {
    path: PathBuf,
    keep: bool,
}

impl TempDir {
    fn create() -> Result<TempDir> {
        use std::os::unix::fs::DirBuilderExt;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!("wa-token-demo-{}-{nanos}", std::process::id()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(|e| Failure::io(format!("cannot create {}: {e}", path.display())))?;
        Ok(TempDir { path, keep: false })
    }

    fn keep(mut self) -> String {
        self.keep = true;
        self.path.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_tells_the_story_in_order() {
        let first: Vec<&str> = PLAN.iter().map(|p| p.args[0]).collect();
        assert_eq!(first[..3], ["check", "inspect", "doctor"]);
        assert!(PLAN.iter().any(|p| p.args.contains(&"--dry-run")));
        assert_eq!(PLAN[0].expected, 1);
    }
}
