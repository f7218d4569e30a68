//! Completion, proven in the real shells: the generated scripts are loaded into bash, zsh
//! and fish, and a TAB is pressed (zsh through a pseudo-terminal).

use crate::support::readers::shell;
use crate::support::*;
use std::process::Command;

/// The script for `shell`, written where the shell will look for it.
fn script(p: &Project, shell: &str, file: &str) -> std::path::PathBuf {
    let text = p.wa().args(["completions", shell]).code(0).stdout;
    p.write(file, text.as_bytes())
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the shell runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn bash_completes_subcommands_and_their_flags() {
    let p = Project::new();
    let file = script(&p, "bash", "wa-token.bash");
    // COMP_* as bash sets them for a TAB, then the function bash would call.
    let complete = |words: &str| {
        let cword = words.split(' ').count() - 1;
        let (cur, prev) = {
            let w: Vec<&str> = words.split(' ').collect();
            (w[cword].to_string(), w[cword - 1].to_string())
        };
        stdout_of(Command::new("bash").arg("--norc").arg("-c").arg(format!(
            "source '{}' && COMP_WORDS=({words}) COMP_CWORD={cword} COMP_LINE='{words}' COMP_POINT={} && _wa__token wa-token '{cur}' '{prev}' && echo \"${{COMPREPLY[@]}}\"",
            file.display(),
            words.len()
        )))
    };
    assert_eq!(complete("wa-token ro").trim(), "rotate");
    assert_eq!(complete("wa-token check --w").trim(), "--warn-days");
    assert!(complete("wa-token rotate --to").contains("--token-stdin"));
    assert!(!complete("wa-token completions --").contains("--env-file"));
}

#[test]
fn fish_completes_subcommands_and_their_flags() {
    let Some(fish) = shell("fish") else { return };
    let p = Project::new();
    let file = script(&p, "fish", "wa-token.fish");
    let complete = |line: &str| {
        stdout_of(
            Command::new(&fish)
                .arg("--no-config")
                .arg("-c")
                .arg(format!("source '{}'; complete -C '{line}'", file.display())),
        )
    };
    assert!(
        complete("wa-token ro").starts_with("rotate"),
        "{}",
        complete("wa-token ro")
    );
    assert!(complete("wa-token check --w").contains("--warn-days"));
}

#[test]
fn zsh_completes_subcommands_and_their_flags() {
    let Some(zsh) = shell("zsh") else { return };
    let p = Project::new();
    std::fs::create_dir(p.path("fpath")).unwrap();
    script(&p, "zsh", "fpath/_wa-token");
    // An interactive zsh in a pseudo-terminal (zpty): type, press TAB, read the line back.
    let driver = format!(
        r#"zmodload zsh/zpty
zpty z '{zsh} -f -i'
zpty -w z 'PS1="> "; fpath=({dir} $fpath); autoload -Uz compinit; compinit -u -D'
sleep 1
zpty -w -n z $'wa-token ro\t'
sleep 1
zpty -w -n z $'\C-e ENDONE\n'
zpty -w -n z $'wa-token check --w\t'
sleep 1
zpty -w -n z $'\C-e ENDTWO\n'
sleep 1
out=""
while zpty -r -t z chunk; do out+=$chunk; done
print -r -- "$out"
zpty -d z
"#,
        zsh = zsh.display(),
        dir = p.path("fpath").display()
    );
    let shown = stdout_of(Command::new(&zsh).arg("-f").arg("-c").arg(driver));
    let line = |end: &str| shown.lines().find(|l| l.contains(end)).unwrap_or_default().to_string();
    assert!(line("ENDONE").contains("wa-token rotate"), "{shown}");
    assert!(line("ENDTWO").contains("wa-token check --warn-days"), "{shown}");
}
