//! wa-token: keep a WhatsApp Cloud API access token healthy.
//!
//! `main.rs` parses the arguments and calls [`run`], which resolves the settings once,
//! loads each target's configuration, runs the command (in `commands/`), renders its
//! report once (`report/`) and maps it to the exit code.

pub mod cli;
pub mod commands;
pub mod config;
pub mod envfile;
pub mod exit;
pub mod graph;
pub mod join;
pub mod paste;
pub mod report;
pub mod sanitize;
pub mod secret;
pub mod standin;
pub mod store;
pub mod ui;
pub mod urls;
pub mod verdict;

use cli::{Cli, Command, FleetArgs, Format, SettingsArgs};
use config::Location;
use config::{Config, EnvFileNeed, Settings};
use exit::{ExitStatus, Failure};
use report::{
    CheckReport, CheckRun, InspectReport, InspectRun, Renderer, Report, RevokeReport, RotateReport, SendReport,
    TargetName, Thresholds,
};
use std::sync::Arc;
use ui::Ui;

/// Run one command and return its exit status.
pub async fn run(cli: Cli) -> ExitStatus {
    let settings = match resolve_settings(&cli) {
        Ok(s) => Arc::new(s),
        Err((failure, format, label)) => {
            let ui = Ui::new(cli.settings.color.unwrap_or_default(), format != Format::Human);
            let report = stopped(&cli.command, failure, &label, report::dates::now_unix());
            return deliver(&ui, &report, format);
        }
    };
    let format = match &cli.command {
        Command::Demo(args) if args.json => Format::Json,
        _ => settings.format,
    };
    let ui = Ui::new(settings.color, format != Format::Human);
    let now = report::dates::now_unix();
    let elsewhere = announce_graph_url(&cli.command, &settings, &ui);
    let mut report = match dispatch(&cli.command, &settings, &ui, now).await {
        Ok(report) => report,
        Err(failure) => {
            let first = settings.targets().into_iter().next();
            let target = first.unwrap_or_else(|| Location::EnvFile(".env".into()));
            stopped(&cli.command, failure, &target, now)
        }
    };
    if let Some(url) = elsewhere {
        report.name_graph_url(&url);
    }
    deliver(&ui, &report, format)
}

/// A Graph URL that is not Meta's is said once, on stderr, before any token is sent.
fn announce_graph_url(command: &Command, settings: &Settings, ui: &Ui) -> Option<String> {
    let default = reqwest::Url::parse(config::DEFAULT_GRAPH_URL).ok();
    if command.settings().is_none() || default.as_ref() == Some(&settings.graph_url) {
        return None;
    }
    let shown = urls::display_url(&settings.graph_url);
    ui.warn(&format!("sending the token to {shown}, not Meta"));
    Some(shown)
}

/// Render the report once, write it, and map it to the exit code.
fn deliver(ui: &Ui, report: &Report, format: Format) -> ExitStatus {
    let (rendered, exit) = match format {
        Format::Nagios => (report::Nagios.render(report), report::Nagios::exit(report)),
        // The state is in the metrics: exit 0 whenever they were written.
        Format::Prometheus => (
            report::Prometheus.render(report),
            match report {
                Report::Check(_) => ExitStatus::Success,
                other => other.exit(),
            },
        ),
        Format::Json => (report::Json.render(report), report.exit()),
        Format::Human => {
            let human = report::Human {
                out_color: ui.out_color,
                err_color: ui.err_color,
                now: report::dates::now_unix(),
            };
            (human.render(report), report.exit())
        }
    };
    match ui.emit(&rendered) {
        Ok(()) => exit,
        Err(e) => {
            // No verdict reached anyone: a monitor must not read silence as success.
            ui.note(&format!("error: cannot write to stdout: {e}"));
            match format {
                Format::Nagios => report::NagiosState::Unknown.exit(),
                _ => ExitStatus::NoVerdict,
            }
        }
    }
}

type SettingsError = (Failure, Format, Location);

/// The settings flags given before and after the subcommand, with the process environment.
fn resolve_settings(cli: &Cli) -> Result<Settings, SettingsError> {
    let env = Settings::process_env();
    let label = |args: &SettingsArgs| {
        // As Settings::targets orders them: env files, then stores, then the default.
        let file = args.env_file.first().cloned().map(Location::EnvFile);
        let store = args.store.first().cloned().map(Location::Store);
        let default = env.get("WA_TOKEN_ENV_FILE").cloned().unwrap_or_else(|| ".env".into());
        file.or(store).unwrap_or_else(|| Location::EnvFile(default.into()))
    };
    let Some(after) = cli.command.settings() else {
        if cli.settings.any() || cli.format.is_some() || cli.fleet.any() {
            let failure = Failure::config(format!("`{}` takes no settings flags", cli.command.name()))
                .hint("give --env-file, --json and the other settings to the commands that read them");
            return Err((failure, Format::Human, label(&cli.settings)));
        }
        return Settings::resolve(&SettingsArgs::default(), None, Default::default())
            .map_err(|f| (f, Format::Human, Location::EnvFile(".env".into())));
    };
    let (merged, format) = merged_settings(cli, after).map_err(|f| (f, error_format(cli), label(after)))?;
    Settings::resolve(&merged, format, env.clone())
        .and_then(|settings| settings.with_fleet(config::Fleet::resolve(&fleet_args(cli)?)?))
        .map_err(|f| (f, error_format(cli), label(&merged)))
}

/// The settings flags from both sides of the subcommand, and the output format.
fn merged_settings(cli: &Cli, after: &SettingsArgs) -> Result<(SettingsArgs, Option<Format>), Failure> {
    let format = match (cli.format, cli.command.format()) {
        (Some(_), Some(_)) => return Err(Failure::config("`--format` was given twice")),
        (Some(_), None) if !matches!(cli.command, Command::Check(_)) => {
            return Err(Failure::config("`--format` is only for `check`").hint("use --json for machine output"));
        }
        (a, b) => a.or(b),
    };
    let merged = SettingsArgs::merge(&cli.settings, after).map_err(given_twice)?;
    if merged.json && format.is_some_and(|f| f != Format::Json) {
        return Err(Failure::config("`--json` and `--format` cannot be used together"));
    }
    Ok((merged, format))
}

/// The fleet flags from both sides of the subcommand; only check and inspect take them.
fn fleet_args(cli: &Cli) -> Result<FleetArgs, Failure> {
    match cli.command.fleet() {
        Some(after) => FleetArgs::merge(&cli.fleet, after).map_err(given_twice),
        None if cli.fleet.any() => Err(Failure::config(
            "`--targets-from`, `--jobs` and `--rate-limit-wait` are only for `check` and `inspect`",
        )
        .hint(format!("run `{}` once per target", cli.command.name()))),
        None => Ok(FleetArgs::default()),
    }
}

fn given_twice(flag: &str) -> Failure {
    Failure::config(format!("`{flag}` was given twice (before and after the subcommand)"))
}

/// How to report a usage error in the settings: a monitor that asked for Nagios gets its
/// UNKNOWN line, a script that asked for JSON its object.
fn error_format(cli: &Cli) -> Format {
    let formats = [cli.format, cli.command.format()];
    let json = cli.settings.json || cli.command.settings().is_some_and(|s| s.json);
    if formats.contains(&Some(Format::Nagios)) {
        Format::Nagios
    } else if json || formats.contains(&Some(Format::Json)) {
        Format::Json
    } else {
        Format::Human
    }
}

async fn dispatch(command: &Command, settings: &Arc<Settings>, ui: &Ui, now: i64) -> exit::Result<Report> {
    let ctx = commands::Context { ui, now };
    let one = |need| async move { Config::load(settings, &settings.single_target()?, need).await };
    let fleet = || commands::Fleet::new(settings, targets(settings));
    match command {
        Command::Check(args) => Ok(commands::check::run(&ctx, args, &fleet()).await),
        Command::Inspect(args) => commands::inspect::run(&ctx, args, &fleet()).await,
        Command::Rotate(args) => commands::rotate::run(&ctx, args, &one(EnvFileNeed::MayBeCreated).await?).await,
        Command::SendTest(args) => commands::send_test::run(&ctx, args, &one(EnvFileNeed::Optional).await?).await,
        Command::Doctor(args) => {
            let store = settings.single_target().is_ok_and(|t| t.is_store());
            commands::doctor::run(&ctx, args, store, one(EnvFileNeed::Optional).await).await
        }
        Command::Refresh(args) => commands::refresh::run(&ctx, args, &one(EnvFileNeed::Optional).await?).await,
        Command::Demo(args) => commands::demo::run(args, args.json).await,
        Command::Mint(args) => commands::mint::run(&ctx, args, &one(EnvFileNeed::Optional).await?).await,
        Command::Revoke(args) => commands::revoke::run(&ctx, args, &one(EnvFileNeed::Optional).await?).await,
        Command::Completions(args) => Ok(Report::Script(commands::completions::completions(args.shell))),
        Command::Man(args) => commands::completions::man_page(args.command.as_deref())?
            .map(Report::Script)
            .map_err(|e| Failure::io(format!("cannot render the man page: {e}"))),
    }
}

/// One target per location, in order; each is read when its turn comes.
fn targets(settings: &Settings) -> Vec<commands::Target> {
    settings.targets().into_iter().map(commands::Target::new).collect()
}

/// The report of a command that stopped before it had one of its own.
fn stopped(command: &Command, failure: Failure, target: &Location, now: i64) -> Report {
    let mut check = CheckReport::errored(failure.clone(), None, None);
    commands::Target::new(target.clone()).place(&mut check);
    match command {
        Command::Check(args) => Report::Check(CheckRun {
            took: None,
            results: vec![check],
            thresholds: Thresholds {
                warn_days: args.warn_days,
                critical_days: args.critical_days,
                now,
            },
        }),
        Command::Inspect(_) => Report::Inspect(InspectRun {
            took: None,
            results: vec![InspectReport::around(check)],
            show_token: false,
            now,
        }),
        Command::Rotate(_) | Command::Refresh(_) => {
            Report::Replace(Box::new(RotateReport::errored(failure, target_name(target))))
        }
        Command::Mint(_) => Report::Replace(Box::new(RotateReport::errored(failure, target_name(target)).minting())),
        Command::Revoke(_) => Report::Revoke(Box::new(RevokeReport::errored(failure, target.label()))),
        Command::SendTest(_) => Report::Send(Box::new(SendReport::errored(failure))),
        Command::Doctor(_) | Command::Demo(_) | Command::Completions(_) | Command::Man(_) => Report::Failed(failure),
    }
}

/// How a report names a target.
pub fn target_name(location: &Location) -> TargetName {
    match location {
        Location::EnvFile(_) => TargetName::EnvFile(location.label()),
        Location::Store(_) => TargetName::Store(location.label()),
    }
}
