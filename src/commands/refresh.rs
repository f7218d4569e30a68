//! `wa-token refresh`: renew an expiring token through Meta's token exchange, then write
//! it exactly as `rotate` does (same validation, lock, backup, atomic write, restart).

use crate::cli::{GlobalArgs, RefreshArgs};
use crate::commands::check;
use crate::commands::rotate::{self, ReplaceOptions, RotateReport, Shown};
use crate::config::{Config, EnvFileNeed};
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::{CallError, Graph};
use crate::output::{self, Mark, Ui};
use crate::secret::Secret;
use crate::verdict::{self, Status};
use serde_json::Value;

pub async fn run(global: &GlobalArgs, args: &RefreshArgs, ui: &Ui) -> Result<ExitStatus> {
    let config = Config::resolve(global, EnvFileNeed::Optional)?;
    if config.app.is_none() {
        return Err(Failure::config("refresh needs WHATSAPP_APP_ID and WHATSAPP_APP_SECRET")
            .hint("Meta's token exchange is made with the app's ID and secret (App Dashboard › App settings › Basic); put both in the env file"));
    }
    let token = config.token()?;
    let verify = rotate::verify_option(&args.verify)?;
    let variable = if config.token_var_explicit {
        config.token_var.clone()
    } else {
        token.variable.clone()
    };
    let warnings = check::early_file_warnings(&config, ui);
    if !args.yes && !args.dry_run && !rotate::can_ask(ui) {
        // Decided before the exchange: a minted token must not be thrown away unasked.
        return Err(Failure::config("confirmation needed, but there is no terminal to ask")
            .hint("pass --yes to refresh without asking (check first with --dry-run)"));
    }
    let graph = Graph::new(&config)?;
    let now = output::now_unix();
    let mut report = RotateReport::new(&config, &variable, Some(&token.secret));
    report.warnings = warnings.clone();

    let data = match ui.wait("asking the Graph API…", graph.debug_token(&token.secret)).await {
        Ok(d) => d,
        Err(e) => return Err(e.into_failure("debug_token failed")),
    };
    let assessment = verdict::judge(data.clone(), 0, now);
    if assessment.status == Status::Invalid {
        report.status = "rejected";
        let reason = match &assessment.error {
            Some(e) => e.describe(),
            None if !assessment.missing_scopes.is_empty() => {
                format!("it lacks {}", assessment.missing_scopes.join(", "))
            }
            None => "it has expired".to_string(),
        };
        let f = Failure::api(format!("the current token cannot be exchanged: {reason}"))
            .with_exit(ExitStatus::No)
            .hint("an expired or revoked token cannot be renewed: generate a new one (Meta Business Settings › Users › System users › Generate new token) and run `wa-token rotate`");
        report.error = Some(f.to_json());
        return rotate::finish(ui, &report, ExitStatus::No, Some(&f), None);
    }
    let expires_at = data.expires_at.filter(|&t| t > 0);
    let left_days = expires_at.map(|t| (t - now).div_euclid(86_400));
    let leave_alone = match (expires_at, args.if_expiring_within) {
        (None, _) => Some(
            "the token never expires: it is left alone (a permanent token is never traded for a 60-day one)"
                .to_string(),
        ),
        (Some(_), Some(limit)) if left_days.unwrap_or(0) > i64::from(limit) => Some(format!(
            "the token expires in {} days, more than --if-expiring-within {limit}: nothing to do",
            left_days.unwrap_or(0)
        )),
        _ => None,
    };
    if let Some(reason) = leave_alone {
        report.status = "unchanged";
        report.new = None;
        if ui.json {
            let mut value = serde_json::to_value(&report).unwrap_or(Value::Null);
            value["reason"] = Value::String(reason);
            ui.json(&value);
        } else {
            ui.headline(Mark::Pass, &format!("unchanged: {reason}"));
        }
        return Ok(ExitStatus::Success);
    }
    let system_user = data.kind.as_deref() == Some("SYSTEM_USER");
    if args.dry_run {
        report.status = "dry-run";
        report.new = None;
        let what = format!(
            "would exchange the token (expires {}) for a new 60-day token{} and write it to {}",
            expires_at
                .map(|t| output::date_and_relative(t, now))
                .unwrap_or_default(),
            if system_user {
                " (system user: set_token_expires_in_60_days)"
            } else {
                ""
            },
            config.env_path.display()
        );
        if ui.json {
            let mut value = serde_json::to_value(&report).unwrap_or(Value::Null);
            value["plan"] = Value::String(what);
            ui.json(&value);
        } else {
            ui.headline(Mark::Skip, &format!("dry run: {what}"));
        }
        return Ok(ExitStatus::Success);
    }
    if !args.yes && !confirm_exchange(&config, &token.secret, left_days)? {
        report.status = "unchanged";
        report.new = None;
        ui.headline(Mark::Skip, "cancelled: nothing was exchanged or written");
        return Ok(ExitStatus::Success);
    }

    let answer = ui
        .wait(
            "exchanging the token…",
            graph.exchange_token(&token.secret, system_user),
        )
        .await;
    let new = match answer {
        Ok(body) => match body
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
        {
            Some(t) => Secret::new(t),
            None => {
                return Err(Failure::network(
                    "the token exchange answered without `access_token`: unexpected response",
                ));
            }
        },
        Err(CallError::Api(e)) if !e.is_transient() && e.code != 1 => {
            report.status = "rejected";
            let mut f =
                Failure::api(format!("Meta refused the token exchange: {}", e.summary())).with_exit(ExitStatus::No);
            f = f.hint("an expired or revoked token cannot be renewed: generate a new one and run `wa-token rotate`");
            report.error = Some(f.to_json());
            return rotate::finish(ui, &report, ExitStatus::No, Some(&f), None);
        }
        Err(CallError::Api(e)) if e.code == 1 => {
            return Err(
                Failure::config(format!("Meta refused the app credentials: {}", e.summary()))
                    .hint("check WHATSAPP_APP_ID and WHATSAPP_APP_SECRET (App Dashboard › App settings › Basic)"),
            );
        }
        Err(other) => return Err(other.into_failure("the token exchange failed")),
    };
    report.new = Some(Shown::of(&new));
    let opts = ReplaceOptions {
        dry_run: false,
        force: false,
        backup: !args.no_backup,
        confirmed: true,
        restart: args.restart.as_deref(),
        verify,
        done: "refreshed",
    };
    rotate::replace_token(
        ui,
        &graph,
        &config,
        Some(&token),
        &variable,
        new,
        &opts,
        report,
        warnings,
    )
    .await
}

fn confirm_exchange(config: &Config, token: &Secret, left_days: Option<i64>) -> Result<bool> {
    let text = format!(
        "Renew {} in {} ({} days left) through Meta's token exchange?",
        token.masked(),
        config.env_path.display(),
        left_days.unwrap_or(0)
    );
    rotate::ask(&text, "Exchange and write the new token?")
}
