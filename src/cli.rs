//! The command line: clap types only. They are turned into a `Config` in config.rs and
//! never reach the HTTP or file layers.
//!
//! Doc comments are the help text: the first line is the short help, the rest long help.
//! Every option that takes a value has an upper-case value name.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const EXIT_CODES: &str = "\
Exit codes:
  0  success: token valid (check, inspect), written (rotate), accepted (send-test)
  1  the answer is no: invalid, expired, revoked or missing a permission; new token rejected
  2  usage or configuration error (flags, env file, missing token, no terminal for a prompt)
  3  warning: the token is valid but expires within --warn-days
  4  no verdict: network failure, timeout, transient Graph error, unexpected response, rate-limited
  5  rotate, refresh, mint: written, but --restart, --verify-url or mint's --revoke-old failed";

#[derive(Parser, Debug)]
#[command(
    name = "wa-token",
    version,
    about = "Keep a WhatsApp Cloud API access token healthy",
    long_about = "Keep a WhatsApp Cloud API access token healthy.\n\n\
        wa-token reads the token your bot uses from its .env file (WHATSAPP_API_TOKEN), asks \
        Meta's Graph API whether it is valid and when it expires, replaces it safely, and \
        proves that messages go out.\n\n\
        Settings come from flags, then the env file, then the process environment. The \
        settings flags may also be given before the subcommand.",
    after_long_help = EXIT_CODES,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Settings given before the subcommand (`wa-token --env-file x.env check`).
    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Output format, for check (--json is short for --format json)
    #[arg(long, value_name = "FORMAT", help_heading = "Settings")]
    pub format: Option<Format>,

    /// Fleet flags given before the subcommand (check and inspect).
    #[command(flatten)]
    pub fleet: FleetArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The settings flags: accepted before or after the subcommand, by every command that
/// reads settings (not `completions` or `man`).
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Settings")]
pub struct SettingsArgs {
    /// Env file to read (and, for rotate, to rewrite); check and inspect take several [env:
    /// WA_TOKEN_ENV_FILE] [default: .env]
    #[arg(long, value_name = "PATH")]
    pub env_file: Vec<PathBuf>,

    /// Secret store holding the variables instead of an env file: vault://MOUNT/PATH or
    /// k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several
    #[arg(long, value_name = "URI")]
    pub store: Vec<String>,

    /// Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]
    #[arg(long, value_name = "NAME")]
    pub token_var: Option<String>,

    /// The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]
    #[arg(long, value_name = "ID")]
    pub phone_number_id: Option<String>,

    /// Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]
    #[arg(long, value_name = "URL")]
    pub graph_url: Option<String>,

    /// Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]
    #[arg(long, value_name = "VERSION")]
    pub graph_version: Option<String>,

    /// Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<String>,

    /// When to use colour (NO_COLOR is honoured) [default: auto]
    #[arg(long, value_name = "WHEN")]
    pub color: Option<ColorWhen>,

    /// Print one JSON object on stdout instead of human output
    #[arg(long)]
    pub json: bool,

    /// Print each request (method and path, never a token) on stderr
    #[arg(short, long)]
    pub verbose: bool,
}

impl SettingsArgs {
    /// Whether any settings flag was given.
    pub fn any(&self) -> bool {
        !self.env_file.is_empty()
            || !self.store.is_empty()
            || self.token_var.is_some()
            || self.phone_number_id.is_some()
            || self.graph_url.is_some()
            || self.graph_version.is_some()
            || self.timeout.is_some()
            || self.color.is_some()
            || self.json
            || self.verbose
    }

    /// The settings given before the subcommand together with those after it. Repeatable
    /// ones accumulate; a single-valued one given in both places is an error (its flag).
    pub fn merge(before: &SettingsArgs, after: &SettingsArgs) -> Result<SettingsArgs, &'static str> {
        fn flag(a: bool, b: bool, name: &'static str) -> Result<bool, &'static str> {
            if a && b { Err(name) } else { Ok(a || b) }
        }
        Ok(SettingsArgs {
            env_file: before.env_file.iter().chain(&after.env_file).cloned().collect(),
            store: before.store.iter().chain(&after.store).cloned().collect(),
            token_var: one(&before.token_var, &after.token_var, "--token-var")?,
            phone_number_id: one(&before.phone_number_id, &after.phone_number_id, "--phone-number-id")?,
            graph_url: one(&before.graph_url, &after.graph_url, "--graph-url")?,
            graph_version: one(&before.graph_version, &after.graph_version, "--graph-version")?,
            timeout: one(&before.timeout, &after.timeout, "--timeout")?,
            color: one(&before.color, &after.color, "--color")?,
            json: flag(before.json, after.json, "--json")?,
            verbose: flag(before.verbose, after.verbose, "--verbose")?,
        })
    }
}

/// Many targets at once: settings of `check` and `inspect` only, so that no other
/// command's `--help` lists them; accepted before or after the subcommand like the others.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Fleets")]
pub struct FleetArgs {
    /// More targets, one env-file path or store URI a line ('-': standard input); blank lines
    /// and # comments are skipped
    #[arg(long, value_name = "PATH")]
    pub targets_from: Option<PathBuf>,

    /// At most N targets at once, sharing one connection pool [default: 16]
    #[arg(long, value_name = "N")]
    pub jobs: Option<String>,

    /// When Meta's usage headers ask to slow down, wait at most SECS in all; targets still
    /// waiting end rate-limited (exit 4) [default: 120]
    #[arg(long, value_name = "SECS")]
    pub rate_limit_wait: Option<String>,
}

impl FleetArgs {
    /// Whether any fleet flag was given.
    pub fn any(&self) -> bool {
        self.targets_from.is_some() || self.jobs.is_some() || self.rate_limit_wait.is_some()
    }

    /// Those given before the subcommand with those after it; each is single-valued, so
    /// one given in both places is an error (its flag).
    pub fn merge(before: &FleetArgs, after: &FleetArgs) -> Result<FleetArgs, &'static str> {
        Ok(FleetArgs {
            targets_from: one(&before.targets_from, &after.targets_from, "--targets-from")?,
            jobs: one(&before.jobs, &after.jobs, "--jobs")?,
            rate_limit_wait: one(&before.rate_limit_wait, &after.rate_limit_wait, "--rate-limit-wait")?,
        })
    }
}

/// A single-valued flag from before or after the subcommand, not both.
fn one<T: Clone>(a: &Option<T>, b: &Option<T>, flag: &'static str) -> Result<Option<T>, &'static str> {
    match (a, b) {
        (Some(_), Some(_)) => Err(flag),
        _ => Ok(a.clone().or_else(|| b.clone())),
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorWhen {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Is the token valid right now, and when does it expire?
    #[command(after_help = "Examples:
  wa-token check
  wa-token check --warn-days 14 --env-file /srv/bot/.env
  wa-token check --json | jq .expires_in_days
  wa-token check --env-file /srv/a/.env --env-file /srv/b/.env --format nagios
  wa-token check --store vault://secret/bots/acme --store 'k8s://bots/acme?context=prod'
  wa-token check --format prometheus > wa.prom.tmp && mv wa.prom.tmp wa.prom
  find /srv -name .env | wa-token check --targets-from - --jobs 32 --format nagios
")]
    Check(CheckArgs),

    /// Everything about the token: type, app, permissions, phone number, business account
    #[command(after_help = "Examples:
  wa-token inspect
  wa-token inspect --phone-number-id 106540352242922
  wa-token inspect --json | jq .granular_scopes")]
    Inspect(InspectArgs),

    /// Validate a new token, then replace it in the env file without touching anything else
    #[command(after_help = "Examples:
  wa-token rotate
  pbpaste | wa-token rotate --token-stdin --yes
  wa-token rotate --token-stdin --dry-run < new-token.txt
  wa-token rotate --yes --restart 'systemctl restart whatsapp-bot'
  wa-token rotate --yes --restart 'docker restart bot' --verify-url http://localhost:3000/debug
  wa-token rotate --store vault://secret/bots/acme --token-stdin --yes < new-token.txt
  wa-token rotate --store k8s://bots/acme --yes --restart 'kubectl rollout restart deployment/bot -n bots'
")]
    Rotate(RotateArgs),

    /// Send one test message to prove delivery works
    #[command(after_help = "Examples:
  wa-token send-test --to '+1 555 0100 200'
  wa-token send-test --template order_update --lang en
  wa-token send-test --text 'token rotated' --json")]
    SendTest(SendTestArgs),

    /// Run the troubleshooting checklist and say what to fix
    #[command(after_help = "Examples:
  wa-token doctor
  wa-token doctor --json | jq '.checks[] | select(.status != \"pass\")'
")]
    Doctor(DoctorArgs),

    /// Renew an expiring token through Meta's token exchange and write it like rotate
    #[command(after_help = "Examples:
  wa-token refresh --dry-run
  wa-token refresh --if-expiring-within 14 --yes --restart 'systemctl restart whatsapp-bot'
")]
    Refresh(RefreshArgs),

    /// Generate a fresh system-user token through Meta's API and write it like rotate
    #[command(after_help = "Examples:
  wa-token mint --dry-run
  wa-token mint --yes --restart 'systemctl restart whatsapp-bot'
  wa-token mint --if-expiring-within 14 --yes --revoke-old --verify-url http://127.0.0.1:3000/debug
  wa-token mint --admin-token-stdin --system-user-id 104169029247128 --yes < admin-token.txt
")]
    Mint(MintArgs),

    /// Revoke a token at Meta (one that leaked, or the one the env file holds)
    #[command(after_help = "Examples:
  wa-token revoke --token-stdin < leaked-token.txt
  wa-token revoke --current --yes --json
")]
    Revoke(RevokeArgs),

    /// Play the whole story on this machine: an expired token found, explained, replaced and
    /// proven, against a built-in stand-in for Meta (no account, no network)
    #[command(after_help = "Examples:
  wa-token demo
  wa-token demo --keep
  wa-token demo --json | jq '.steps[] | {command, exit_code}'")]
    Demo(DemoArgs),

    /// Print a shell completion script
    #[command(after_help = "Examples:
  wa-token completions bash > ~/.local/share/bash-completion/completions/wa-token
  wa-token completions zsh > ~/.zfunc/_wa-token
  wa-token completions fish > ~/.config/fish/completions/wa-token.fish")]
    Completions(CompletionsArgs),

    /// Print a manual page (roff): wa-token(1), or a subcommand's wa-token-COMMAND(1)
    #[command(after_help = "Examples:
  wa-token man | man -l -
  wa-token man rotate | man -l -
  for c in '' check inspect rotate send-test doctor refresh completions; do
    wa-token man $c > /usr/local/share/man/man1/wa-token${c:+-$c}.1
  done")]
    Man(ManArgs),
}

impl Command {
    /// The settings flags given after the subcommand; `None` for those that take none.
    pub fn settings(&self) -> Option<&SettingsArgs> {
        match self {
            Command::Check(a) => Some(&a.settings),
            Command::Inspect(a) => Some(&a.settings),
            Command::Rotate(a) => Some(&a.settings),
            Command::SendTest(a) => Some(&a.settings),
            Command::Doctor(a) => Some(&a.settings),
            Command::Refresh(a) => Some(&a.settings),
            Command::Mint(a) => Some(&a.settings),
            Command::Revoke(a) => Some(&a.settings),
            Command::Demo(_) | Command::Completions(_) | Command::Man(_) => None,
        }
    }

    /// The fleet flags given after the subcommand; `None` for commands that take none.
    pub fn fleet(&self) -> Option<&FleetArgs> {
        match self {
            Command::Check(a) => Some(&a.fleet),
            Command::Inspect(a) => Some(&a.fleet),
            _ => None,
        }
    }

    /// `--format` given after the subcommand.
    pub fn format(&self) -> Option<Format> {
        match self {
            Command::Check(a) => a.format,
            _ => None,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Command::Check(_) => "check",
            Command::Inspect(_) => "inspect",
            Command::Rotate(_) => "rotate",
            Command::SendTest(_) => "send-test",
            Command::Doctor(_) => "doctor",
            Command::Refresh(_) => "refresh",
            Command::Mint(_) => "mint",
            Command::Revoke(_) => "revoke",
            Command::Demo(_) => "demo",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Warn (exit 3) when the token expires within this many days
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub warn_days: u32,

    /// Nagios: critical when the token expires within this many days
    #[arg(long, value_name = "DAYS", default_value_t = 1)]
    pub critical_days: u32,

    /// Warn (exit 3, status too_old) when the token was issued more than DAYS ago
    #[arg(long, value_name = "DAYS")]
    pub max_age: Option<u32>,

    /// Output format (--json is short for --format json)
    #[arg(long, value_name = "FORMAT", conflicts_with = "json", help_heading = "Settings")]
    pub format: Option<Format>,

    #[command(flatten)]
    pub settings: SettingsArgs,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Lines for people
    Human,
    /// One JSON object
    Json,
    /// A Nagios/Icinga plugin line with perfdata, and the plugin exit codes
    Nagios,
    /// Prometheus text exposition, for node_exporter's textfile collector
    Prometheus,
}

#[derive(Args, Debug, Clone)]
pub struct InspectArgs {
    /// Warn (exit 3) when the token expires within this many days
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub warn_days: u32,

    /// Print the whole token (the only command that ever does)
    #[arg(long)]
    pub show_token: bool,

    #[command(flatten)]
    pub settings: SettingsArgs,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

#[derive(Args, Debug, Clone)]
pub struct RotateArgs {
    /// Read the new token from standard input instead of a hidden prompt
    #[arg(long)]
    pub token_stdin: bool,

    /// Show the change (tokens masked) and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Write even if validation rejects the new token
    #[arg(long)]
    pub force: bool,

    /// Do not keep the previous file as <env file>.bak
    #[arg(long)]
    pub no_backup: bool,

    /// Create the env file (mode 0600) or the --store secret when it does not exist
    #[arg(long)]
    pub create: bool,

    /// Do not ask for confirmation
    #[arg(short, long)]
    pub yes: bool,

    /// Run this command through `sh -c` after a successful write
    #[arg(long, value_name = "CMD")]
    pub restart: Option<String>,

    #[command(flatten)]
    pub verify: VerifyArgs,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// Proof that the running app picked up the new token.
#[derive(Args, Debug, Clone)]
pub struct VerifyArgs {
    /// After the write (and --restart), poll this URL of the app until it shows the new token
    #[arg(long, value_name = "URL")]
    pub verify_url: Option<String>,

    /// Seconds to wait for --verify-url before giving up (exit 5)
    #[arg(long, value_name = "SECS", default_value_t = 30, requires = "verify_url")]
    pub verify_wait: u64,
}

#[derive(Args, Debug, Clone)]
pub struct SendTestArgs {
    /// Recipient phone number, with country code [env: WHATSAPP_TEST_RECIPIENT]
    #[arg(long, value_name = "NUMBER")]
    pub to: Option<String>,

    /// Approved template to send
    #[arg(long, value_name = "NAME", default_value = "hello_world", conflicts_with = "text")]
    pub template: String,

    /// Template language code
    #[arg(long, value_name = "CODE", default_value = "en_US", conflicts_with = "text")]
    pub lang: String,

    /// Send a text message instead (delivered only inside the 24-hour window)
    #[arg(long, value_name = "BODY")]
    pub text: Option<String>,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Args, Debug, Clone)]
pub struct DoctorArgs {
    /// Warn when the token expires within this many days
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub warn_days: u32,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Args, Debug, Clone)]
pub struct RefreshArgs {
    /// Only renew when the token expires within this many days
    #[arg(long, value_name = "DAYS")]
    pub if_expiring_within: Option<u32>,

    /// Say what would happen; do not call the exchange (it mints a token at Meta)
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask for confirmation
    #[arg(short, long)]
    pub yes: bool,

    /// Do not keep the previous file as <env file>.bak
    #[arg(long)]
    pub no_backup: bool,

    /// Run this command through `sh -c` after a successful write
    #[arg(long, value_name = "CMD")]
    pub restart: Option<String>,

    #[command(flatten)]
    pub verify: VerifyArgs,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Args, Debug, Clone)]
pub struct MintArgs {
    /// The system user to mint for [default: the current token's user_id]
    #[arg(long, value_name = "ID")]
    pub system_user_id: Option<String>,

    /// Mint with an admin's (or admin system user's) token read from standard input
    #[arg(long)]
    pub admin_token_stdin: bool,

    /// Mint a token that never expires (default: the current token's kind)
    #[arg(long, conflicts_with = "expiring")]
    pub permanent: bool,

    /// Mint a 60-day token (default: the current token's kind)
    #[arg(long)]
    pub expiring: bool,

    /// Permissions to grant, comma-separated; both WhatsApp permissions are required
    /// [default: whatsapp_business_messaging,whatsapp_business_management]
    #[arg(long, value_name = "LIST")]
    pub scope: Option<String>,

    /// Only mint when the current token expires within this many days
    #[arg(long, value_name = "DAYS")]
    pub if_expiring_within: Option<u32>,

    /// After the write, the restart and the proof, revoke the old token and confirm it dead
    #[arg(long)]
    pub revoke_old: bool,

    /// Say what would happen; mint nothing and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask for confirmation
    #[arg(short, long)]
    pub yes: bool,

    /// Do not keep the previous file as <env file>.bak
    #[arg(long)]
    pub no_backup: bool,

    /// Create the env file (mode 0600) or the --store secret when it does not exist
    #[arg(long)]
    pub create: bool,

    /// Run this command through `sh -c` after a successful write
    #[arg(long, value_name = "CMD")]
    pub restart: Option<String>,

    #[command(flatten)]
    pub verify: VerifyArgs,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Args, Debug, Clone)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["token_stdin", "current"])))]
pub struct RevokeArgs {
    /// Read the token to revoke from standard input (never the one the env file holds)
    #[arg(long)]
    pub token_stdin: bool,

    /// Revoke the token the env file holds: the bot stops working until it has a new one
    #[arg(long)]
    pub current: bool,

    /// Do not ask for confirmation (--current)
    #[arg(short, long)]
    pub yes: bool,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Args, Debug, Clone)]
pub struct DemoArgs {
    /// Keep the demo's directory (its .env, backup and new token) and say where
    #[arg(long)]
    pub keep: bool,

    /// Print one JSON object: each step's command, exit code and JSON result
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ManArgs {
    /// The subcommand whose page to print (default: the main page)
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct CompletionsArgs {
    /// The shell to generate completions for
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
