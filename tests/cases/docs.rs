//! What a newcomer meets first: help, completions, the man page, the README's usage block,
//! and output that survives a pipe.

use crate::support::readers::repo;
use crate::support::*;
use std::process::{Command, Stdio};

const SHELLS: &[(&str, &str)] = &[
    ("bash", "wa-token.bash"),
    ("zsh", "_wa-token"),
    ("fish", "wa-token.fish"),
    ("powershell", "_wa-token.ps1"),
    ("elvish", "wa-token.elv"),
];

/// Regenerate with `WA_TOKEN_UPDATE_COMPLETIONS=1 cargo test completions`.
#[test]
fn committed_completions_match_the_cli() {
    let p = Project::new();
    let update = std::env::var_os("WA_TOKEN_UPDATE_COMPLETIONS").is_some();
    for (shell, file) in SHELLS {
        let out = p.wa().args(["completions", shell]).code(0);
        let path = repo().join("completions").join(file);
        if update {
            std::fs::write(&path, &out.stdout).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "completions/{file} is out of date: run `WA_TOKEN_UPDATE_COMPLETIONS=1 cargo test completions`"
        );
    }
}

#[test]
fn completions_do_not_offer_global_options_after_completions() {
    let p = Project::new();
    let fish = p.wa().args(["completions", "fish"]).code(0).stdout;
    assert!(fish.contains("__fish_wa_token_using_subcommand check\" -l env-file"));
    assert!(!fish.contains("__fish_wa_token_using_subcommand completions\" -l env-file"));
}

#[test]
fn bash_completion_loads_and_completes() {
    let script = repo().join("completions/wa-token.bash");
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && COMP_WORDS=(wa-token ch) COMP_CWORD=1 COMP_LINE='wa-token ch' COMP_POINT=11 && _wa__token wa-token ch wa-token && echo \"${{COMPREPLY[@]}}\"",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "check");
}

#[test]
fn fish_completion_loads_and_completes() {
    if Command::new("fish").arg("--version").output().is_err() {
        eprintln!("fish is not installed here (.ci/run installs it): not checked");
        return;
    }
    let script = repo().join("completions/wa-token.fish");
    let out = Command::new("fish")
        .arg("-c")
        .arg(format!("source '{}'; complete -C 'wa-token ro'", script.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("rotate"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn man_page_renders() {
    let p = Project::new();
    let page = p.wa().args(["man"]).code(0).stdout;
    assert!(page.contains(".TH wa-token 1"), "{page}");
    let mut man = Command::new("man")
        .args(["-l", "-"])
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("man is installed");
    use std::io::Write;
    man.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
    let out = man.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("NAME") && text.contains("wa-token - Keep a WhatsApp Cloud API access token healthy"),
        "{text}"
    );
}

#[test]
fn every_subcommand_has_a_summary_and_examples() {
    let p = Project::new();
    for cmd in [
        "check",
        "inspect",
        "rotate",
        "send-test",
        "mint",
        "revoke",
        "completions",
        "man",
    ] {
        let help = p.wa().args([cmd, "--help"]).code(0).stdout;
        assert!(
            help.contains("Examples:\n  wa-token"),
            "{cmd} --help has no examples:\n{help}"
        );
        assert!(
            !help.lines().next().unwrap_or_default().is_empty(),
            "{cmd} has a summary"
        );
    }
    let long = p.wa().args(["--help"]).code(0).stdout;
    assert!(
        long.contains("Exit codes:") && long.contains("  4  no verdict"),
        "{long}"
    );
    let version = p.wa().args(["--version"]).code(0).stdout;
    assert_eq!(version.trim(), concat!("wa-token ", env!("CARGO_PKG_VERSION")));
}

/// The README's usage block is `wa-token --help`, kept in step.
#[test]
fn readme_usage_block_matches_help() {
    let p = Project::new();
    let help = p.wa().args(["--help"]).env("COLUMNS", "100").code(0).stdout;
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("<!-- usage:start -->\n```text\n")
        .expect("README has a usage block")
        + "<!-- usage:start -->\n```text\n".len();
    let end = readme[start..]
        .find("```\n<!-- usage:end -->")
        .expect("usage block ends")
        + start;
    if std::env::var_os("WA_TOKEN_UPDATE_README").is_some() {
        let updated = format!("{}{help}{}", &readme[..start], &readme[end..]);
        std::fs::write(repo().join("README.md"), updated).unwrap();
        return;
    }
    assert!(
        readme[start..end] == help,
        "README usage block differs from `wa-token --help`: run `WA_TOKEN_UPDATE_README=1 cargo test readme`"
    );
}

#[test]
fn closed_stdout_does_not_panic() {
    let p = Project::new();
    let bin = binary();
    for args in ["--help", "completions bash", "man"] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "'{bin}' {args} | head -c 1 > /dev/null; exit ${{PIPESTATUS:-0}}"
            ))
            .current_dir(p.dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args}: {stderr}"
        );
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let fake = FakeGraph::start();
    let t = secret_token("colour");
    fake.with_token(&t, Profile::system_user());
    let p = Project::new();
    p.env(&env_file(&t, true));
    let plain = p.wa().graph(&fake).args(["check"]).code(0);
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "piped output has no colour: {plain:?}"
    );
    let forced = p.wa().graph(&fake).args(["check", "--color", "always"]).code(0);
    assert!(forced.stdout.contains("\u{1b}["), "{forced:?}");
    let never = p
        .wa()
        .graph(&fake)
        .env("NO_COLOR", "")
        .args(["check", "--color", "never"])
        .code(0);
    assert!(!never.stdout.contains('\u{1b}'));
}

#[test]
fn piping_human_output_into_head_is_quiet() {
    let fake = FakeGraph::start();
    let t = secret_token("pipe");
    fake.with_token(&t, Profile::system_user());
    let p = Project::new();
    p.env(&env_file(&t, true));
    for cmd in ["check", "inspect", "doctor"] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("'{}' {cmd} | head -1", binary()))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("WA_TOKEN_GRAPH_URL", &fake.url)
            .current_dir(p.dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{cmd}: {stderr}"
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    }
}

/// A spinner on a terminal's stderr while a request takes a while; none when piped.
#[test]
fn spinner_only_on_a_terminal() {
    let fake = FakeGraph::start();
    let t = secret_token("spinner");
    fake.with_token(&t, Profile::system_user());
    fake.set_latency(std::time::Duration::from_millis(800));
    let p = Project::new();
    p.env(&env_file(&t, true));
    let piped = p.wa().graph(&fake).args(["check"]).code(0);
    assert!(!piped.stderr.contains("asking the Graph API"), "{piped:?}");
    let out = p.wa().graph(&fake).env_remove("NO_COLOR").arg("check").in_terminal(&[]);
    let shown = &out.stdout;
    assert!(shown.contains("asking the Graph API"), "{shown}");
    assert!(shown.contains("token is valid") && out.code == 0, "{shown}");
    assert!(!shown.contains(&t));
}

/// Every page the main page points to exists, and documents that subcommand's options.
#[test]
fn every_subcommand_has_its_own_man_page() {
    let p = Project::new();
    let main = p.wa().args(["man"]).code(0).stdout;
    for (name, option) in [
        ("check", "warn\\-days"),
        ("inspect", "show\\-token"),
        ("rotate", "token\\-stdin"),
        ("send-test", "template"),
        ("doctor", "warn\\-days"),
        ("refresh", "if\\-expiring\\-within"),
        ("completions", "SHELL"),
    ] {
        let escaped = name.replace('-', "\\-");
        assert!(
            main.contains(&format!("wa\\-token\\-{escaped}(1)")),
            "the main page does not name {name}"
        );
        let page = p.wa().args(["man", name]).code(0).stdout;
        assert!(page.contains(&format!(".TH wa-token-{name} 1")), "{page}");
        assert!(page.contains(option), "wa-token-{name}(1) lacks {option}:\n{page}");
    }
    p.wa().args(["man", "nope"]).code(2);
}
