//! `wa-token mint`: a fresh system-user token from Meta's API (`POST /{system-user-id}/
//! access_tokens`), validated and written by rotate's pipeline, so that the dashboard steps
//! of the manual fix disappear (graph-api-facts.md §5).
//!
//! Everything that can be decided before minting is decided first (app credentials,
//! scopes, the target, the confirmation, the caller's validity and type), so that a token
//! is never minted in vain; one that is minted and then not written is revoked at once.

use super::replace::{self, Interrupt, Minted, Replacement, RetireOld, Verify, WriteOptions, kept_until};
use super::revocation::debug_failure;
use super::rotate::token_from_stdin;
use super::target_name;
use super::{Context, early_file_warnings};
use crate::cli::MintArgs;
use crate::config::{Config, REQUIRED_SCOPES, Token};
use crate::envfile::check_writable;
use crate::exit::{ExitStatus, Failure, Result};
use crate::graph::{CallError, DebugData, Graph, MintRequest, hints};
use crate::report::{ReplaceStatus, Report, RotateReport, Shown, dates};
use crate::secret::Secret;

/// The two permissions a WhatsApp bot needs, as `scope` lists them by default.
const DEFAULT_SCOPE: &str = "whatsapp_business_messaging,whatsapp_business_management";

/// What the command line and the env file decide, before any request.
struct Start {
    current: Option<Token>,
    /// `--admin-token-stdin`.
    admin: Option<Secret>,
    variable: String,
    scope: String,
    verify: Option<Verify>,
}

/// What Meta says, before minting, of the tokens involved.
struct Facts {
    current: Option<DebugData>,
    admin: Option<DebugData>,
}

/// The mint to make.
struct Plan {
    caller: Secret,
    /// Whose token mints, in words: "the current token" or "the admin token".
    caller_name: &'static str,
    system_user_id: String,
    expiring: bool,
    retire: RetireOld,
}

pub async fn run(ctx: &Context<'_>, args: &MintArgs, config: &Config) -> Result<Report> {
    let start = prepare(ctx, args, config)?;
    let graph = Graph::new(config)?;
    let report = opening_report(ctx, args, config, &start);
    let (plan, mut report) = match before_minting(ctx, args, config, &graph, &start, report).await? {
        Ok(go) => go,
        Err(stopped) => return Ok(stopped),
    };
    // From here a signal must not end the run before a minted token is known and dealt with.
    let interrupt = Interrupt::listen();
    let new = match mint(ctx, &graph, &plan, &start).await? {
        Ok(new) => new,
        Err(f) => return Ok(stop(report, f)),
    };
    report.new = Some(Shown::of(&new));
    let job = Replacement {
        config,
        graph: &graph,
        current: start.current.as_ref(),
        variable: start.variable.clone(),
        new,
        options: WriteOptions {
            dry_run: false,
            force: false,
            backup: !args.no_backup,
            confirmed: true,
            // A missing target was allowed by --create only (prepare).
            create: args.create,
            restart: args.restart.clone(),
            verify: start.verify,
            done: ReplaceStatus::Minted,
        },
    };
    let minted = Minted {
        retire: plan.retire,
        interrupt,
    };
    Ok(done(replace::replace_minted(ctx, job, report, minted).await))
}

/// The report before anything is asked of Meta: the old token, the file's warnings.
fn opening_report(ctx: &Context<'_>, args: &MintArgs, config: &Config, start: &Start) -> RotateReport {
    let mut report = RotateReport::new(target_name(config), Some(start.variable.clone())).minting();
    report.old = start.current.as_ref().map(|t| Shown::of(&t.secret));
    report.warnings = early_file_warnings(config, ctx.ui);
    if args.revoke_old && args.restart.is_none() && args.verify.verify_url.is_none() {
        // The contract allows it (an app may read its env file on every request), but an
        // app that reads it once keeps the old token until it restarts: say so first.
        let w = "--revoke-old without --restart or --verify-url revokes the old token right after the write: an app that has not reloaded stops working until it does";
        ctx.ui.warn(w);
        report.warnings.push(w.to_string());
    }
    report
}

/// Everything decided with Meta's help before minting: `Ok(Err(report))` when the run
/// ends here (unchanged, dry run, refused, cancelled), else the plan.
async fn before_minting(
    ctx: &Context<'_>,
    args: &MintArgs,
    config: &Config,
    graph: &Graph,
    start: &Start,
    mut report: RotateReport,
) -> Result<std::result::Result<(Plan, RotateReport), Report>> {
    let facts = match ask_meta(ctx, graph, start).await {
        Ok(facts) => facts,
        Err(f) => return Ok(Err(stop(report, f))),
    };
    if let Some(reason) = leave_alone(facts.current.as_ref(), args.if_expiring_within, ctx.now) {
        report.status = ReplaceStatus::Unchanged;
        report.reason = Some(reason);
        return Ok(Err(done(report)));
    }
    let plan = match decide(args, start, &facts, ctx.now) {
        Ok(plan) => plan,
        Err(f) => return Ok(Err(stop(report, f))),
    };
    if args.dry_run {
        report.status = ReplaceStatus::DryRun;
        report.plan = Some(describe(&plan, start, args, config));
        return Ok(Err(done(report)));
    }
    // An env file must be writable now; a store's write is checked by its precondition.
    if let Some(Err(f)) = config.env_file.as_ref().and(config.env_path()).map(check_writable) {
        return Ok(Err(stop(report, f)));
    }
    if !args.yes && !confirm(ctx, &plan, config)? {
        report.status = ReplaceStatus::Unchanged;
        report.cancelled = Some("nothing was minted or written");
        return Ok(Err(done(report)));
    }
    Ok(Ok((plan, report)))
}

fn done(report: RotateReport) -> Report {
    Report::Replace(Box::new(report))
}

/// The run stopped: `rejected` when the answer is no (exit 1), else `error`.
fn stop(report: RotateReport, failure: Failure) -> Report {
    let status = match failure.exit {
        ExitStatus::No => ReplaceStatus::Rejected,
        _ => ReplaceStatus::Error,
    };
    done(report.fail(status, failure))
}

/// The decisions that need no request: each failure here is exit 2.
fn prepare(ctx: &Context<'_>, args: &MintArgs, config: &Config) -> Result<Start> {
    if config.app.is_none() {
        return Err(Failure::config("mint needs WHATSAPP_APP_ID and WHATSAPP_APP_SECRET")
            .hint("Meta asks for `appsecret_proof`, made with the app secret, to mint a token (App Dashboard › App settings › Basic); put both in the env file"));
    }
    let scope = scope(args.scope.as_deref())?;
    let verify = Verify::from_args(&args.verify)?;
    // A token is minted for a bot that has its env file or secret, unless --create says to
    // make one: decided before anything is minted.
    if config.env_file.is_none() && config.stored.is_none() && !args.create {
        return Err(Failure::config(format!(
            "{} does not exist: mint writes the new token into an existing env file",
            config.target_label()
        ))
        .hint("run wa-token where the bot's .env is, pass --env-file PATH, or --create to create it"));
    }
    if let Some(missing) = config
        .stored
        .as_ref()
        .and_then(|s| s.snapshot.missing.clone())
        .filter(|_| !args.create)
    {
        // Refused before minting: a token minted for a secret that is not there is wasted.
        return Err(missing.hint("pass --create to create it holding the minted token"));
    }
    let current = config.find_token();
    if current.is_none() && !args.admin_token_stdin {
        return Err(config.token().err().unwrap_or_else(|| Failure::config("no token")).hint(
            "to mint the first token, use an admin's token: `wa-token mint --admin-token-stdin --system-user-id ID`",
        ));
    }
    if current.is_none() && args.system_user_id.is_none() {
        return Err(
            Failure::config("without a current token, the system user must be named")
                .hint("pass --system-user-id ID (Business Settings › Users › System users shows it)"),
        );
    }
    let admin = match args.admin_token_stdin {
        true => Some(token_from_stdin(ctx.ui, "the admin token")?),
        false => None,
    };
    if !args.yes && !args.dry_run && !ctx.ui.can_ask() {
        // Decided before minting: a minted token must not be thrown away unasked.
        return Err(Failure::config("confirmation needed, but there is no terminal to ask")
            .hint("pass --yes to mint without asking (check first with --dry-run)"));
    }
    let variable = match &current {
        Some(t) if !config.token_var_explicit => t.variable.clone(),
        _ => config.token_var.clone(),
    };
    Ok(Start {
        current,
        admin,
        variable,
        scope,
        verify,
    })
}

/// `--scope`, checked: a list of permissions holding both that the bot needs.
fn scope(given: Option<&str>) -> Result<String> {
    let Some(given) = given else {
        return Ok(DEFAULT_SCOPE.to_string());
    };
    let mut list: Vec<&str> = Vec::new();
    for s in given.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !list.contains(&s) {
            list.push(s);
        }
    }
    let missing: Vec<&str> = REQUIRED_SCOPES.iter().copied().filter(|r| !list.contains(r)).collect();
    if !missing.is_empty() {
        return Err(
            Failure::config(format!("--scope lacks {}: the bot needs both", missing.join(" and "))).hint(format!(
                "--scope {DEFAULT_SCOPE} (add others after them if the bot needs more)"
            )),
        );
    }
    Ok(list.join(","))
}

/// `debug_token` of the current token and the admin token, concurrently.
async fn ask_meta(ctx: &Context<'_>, graph: &Graph, start: &Start) -> Result<Facts> {
    let debug = |token: Option<Secret>| async move {
        match token {
            Some(t) => Some(graph.debug_token(&t).await),
            None => None,
        }
    };
    let current = start.current.as_ref().map(|t| t.secret.clone());
    let (current, admin) = ctx
        .ui
        .wait("asking the Graph API…", async {
            tokio::join!(debug(current), debug(start.admin.clone()))
        })
        .await;
    Ok(Facts {
        current: current.transpose().map_err(|e| debug_failure(e, "the current token"))?,
        admin: admin.transpose().map_err(|e| debug_failure(e, "the admin token"))?,
    })
}

/// `--if-expiring-within`: why nothing needs doing, when nothing does.
fn leave_alone(current: Option<&DebugData>, within: Option<u32>, now: i64) -> Option<String> {
    let limit = within?;
    let data = current.filter(|d| d.is_valid)?;
    match data.expires_at.filter(|&t| t > 0) {
        None => Some(format!(
            "the token never expires, so it never expires within --if-expiring-within {limit}: nothing to do"
        )),
        Some(t) if dates::days_until(t, now) > i64::from(limit) => Some(format!(
            "the token expires in {} days, more than --if-expiring-within {limit}: nothing to do",
            dates::days_until(t, now)
        )),
        Some(_) => None,
    }
}

/// Who mints, for whom, which kind of token, and what becomes of the old one; exit 1 when
/// the token that would mint cannot.
fn decide(args: &MintArgs, start: &Start, facts: &Facts, now: i64) -> Result<Plan> {
    let current = facts.current.as_ref();
    let system_user_id = args
        .system_user_id
        .clone()
        .or_else(|| current.and_then(|d| d.user_id.clone()))
        .ok_or_else(|| {
            Failure::config("Meta did not say which system user the current token belongs to")
                .hint("pass --system-user-id ID (Business Settings › Users › System users shows it)")
        })?;
    let (caller, caller_name) = match (&start.admin, &facts.admin, &start.current) {
        (Some(admin), Some(data), _) => {
            admin_can_mint(data, now)?;
            (admin.clone(), "the admin token")
        }
        (_, _, Some(token)) => {
            current_can_mint(current, &system_user_id, now)?;
            (token.secret.clone(), "the current token")
        }
        // `prepare` asks for a current token whenever no admin token is given.
        _ => return Err(Failure::config("no token to mint with")),
    };
    Ok(Plan {
        caller,
        caller_name,
        expiring: expiring(args, current),
        retire: retire(args.revoke_old, current, now),
        system_user_id,
    })
}

/// Why `data` is not a live token, if it is not.
fn unusable(data: &DebugData, now: i64) -> Option<String> {
    let expired = data.expires_at.is_some_and(|t| t > 0 && t <= now);
    match &data.error {
        Some(e) if !data.is_valid => Some(format!(
            "{}: {}",
            crate::graph::code_label(e.code, e.error_subcode),
            crate::secret::scrub(&e.message)
        )),
        _ if !data.is_valid => Some("Meta says it is not valid".into()),
        _ if expired => Some("it has expired".into()),
        _ => None,
    }
}

/// The current token mints its successor: it must be live and a system user's.
fn current_can_mint(data: Option<&DebugData>, system_user_id: &str, now: i64) -> Result<()> {
    let Some(data) = data else {
        return Ok(());
    };
    // A person's user ID is no system user's: then the user has to look the ID up.
    let id = match data.kind.as_deref() {
        Some("SYSTEM_USER") => system_user_id,
        _ => "ID",
    };
    let admin_hint = format!(
        "mint with an admin's token instead: `wa-token mint --admin-token-stdin --system-user-id {id}` (an admin's token, or an admin system user's, from Business Settings › Users › System users)"
    );
    if let Some(why) = unusable(data, now) {
        return Err(
            Failure::api(format!("the current token cannot mint its successor: {why}"))
                .with_exit(ExitStatus::No)
                .hint(format!(
                    "a 60-day token that was not renewed in time is forfeited; {admin_hint}"
                )),
        );
    }
    match data.kind.as_deref() {
        Some("SYSTEM_USER") => Ok(()),
        kind => Err(Failure::api(format!(
            "the current token is a {} token: only a system user's own token can mint its successor",
            kind.unwrap_or("unknown")
        ))
        .with_exit(ExitStatus::No)
        .hint(admin_hint)),
    }
}

/// `--admin-token-stdin`: a live token of a person or a system user (whether it is an
/// admin's of the right business, only Meta can say: code 200 then).
fn admin_can_mint(data: &DebugData, now: i64) -> Result<()> {
    if let Some(why) = unusable(data, now) {
        return Err(Failure::api(format!("the admin token cannot mint: {why}"))
            .with_exit(ExitStatus::No)
            .hint("generate a fresh token as a business admin (or for an admin system user) and pass it on standard input"));
    }
    match data.kind.as_deref() {
        Some("USER" | "SYSTEM_USER") => Ok(()),
        kind => Err(Failure::api(format!(
            "the admin token is a {} token: it must be a business admin's token or an admin system user's",
            kind.unwrap_or("unknown")
        ))
        .with_exit(ExitStatus::No)),
    }
}

/// The new token keeps the current one's kind unless `--permanent` or `--expiring` says;
/// when the kind is unknown, 60 days, as Meta asks of every integration.
fn expiring(args: &MintArgs, current: Option<&DebugData>) -> bool {
    if args.permanent || args.expiring {
        return args.expiring;
    }
    match current.and_then(|d| d.expires_at.map(|t| (t, d))) {
        Some((0, d)) => !(d.is_valid && d.error.is_none()),
        _ => true,
    }
}

fn retire(revoke_old: bool, current: Option<&DebugData>, now: i64) -> RetireOld {
    let live = current.filter(|d| unusable(d, now).is_none());
    match (revoke_old, live, current) {
        (true, Some(_), _) => RetireOld::Revoke,
        (_, None, Some(_)) => RetireOld::Keep(Some("the old token was already invalid: nothing to revoke".into())),
        (_, None, None) => RetireOld::Keep(None),
        (false, Some(d), _) => RetireOld::Keep(Some(kept_until(d.expires_at, now))),
    }
}

fn kind_words(expiring: bool) -> &'static str {
    if expiring {
        "a 60-day token"
    } else {
        "a token that never expires"
    }
}

/// `--dry-run`: what would happen.
fn describe(plan: &Plan, start: &Start, args: &MintArgs, config: &Config) -> String {
    let after = match (args.restart.is_some(), start.verify.is_some()) {
        (true, true) => ", after the restart and the proof,",
        (true, false) => ", after the restart,",
        (false, true) => ", after the proof,",
        (false, false) => "",
    };
    let then = match plan.retire {
        RetireOld::Revoke => format!("; then{after} revoke the old token"),
        RetireOld::Keep(_) => String::new(),
    };
    format!(
        "would mint {} for system user {} with {} (scope {}), validate it and write it to {}{then}",
        kind_words(plan.expiring),
        plan.system_user_id,
        plan.caller_name,
        start.scope,
        config.target_label()
    )
}

fn confirm(ctx: &Context<'_>, plan: &Plan, config: &Config) -> Result<bool> {
    let text = format!(
        "Mint {} for system user {} with {} and write it to {}{}",
        kind_words(plan.expiring),
        plan.system_user_id,
        plan.caller_name,
        config.target_label(),
        match plan.retire {
            RetireOld::Revoke => ", then revoke the old token once the new one is proven",
            RetireOld::Keep(_) => "",
        }
    );
    ctx.ui.ask(&text, "Mint and write the new token?")
}

/// The one request that mints: `Ok(Err(refusal))` when Meta says no (exit 1 or 2).
async fn mint(
    ctx: &Context<'_>,
    graph: &Graph,
    plan: &Plan,
    start: &Start,
) -> Result<std::result::Result<Secret, Failure>> {
    let request = MintRequest {
        system_user_id: &plan.system_user_id,
        scope: &start.scope,
        expiring: plan.expiring,
    };
    let answer = ctx
        .ui
        .wait("minting a new token…", graph.mint_token(&plan.caller, &request))
        .await;
    match answer {
        Ok(new) => Ok(Ok(new)),
        Err(CallError::Api(e)) if !e.is_transient() => Ok(Err(refusal(&e, plan))),
        Err(other) => Err(other.into_failure("the mint request failed")),
    }
}

/// Meta's refusal to mint, with what to do in Meta's terms.
fn refusal(e: &crate::graph::GraphError, plan: &Plan) -> Failure {
    let mut failure = Failure::api(format!("Meta refused to mint a token: {}", e.summary())).with_exit(ExitStatus::No);
    if let Some(h) = hints::for_mint(e.code, e.error_subcode) {
        failure = failure.hint(h);
    }
    if !plan.expiring && e.code == 100 {
        // Meta now requires expiring tokens of some businesses, and says so only by refusing.
        failure = failure
            .hint("if your business requires expiring tokens, mint a 60-day one: drop --permanent, or pass --expiring");
    }
    failure
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_must_hold_both_permissions() {
        assert_eq!(scope(None).unwrap(), DEFAULT_SCOPE);
        assert_eq!(
            scope(Some(
                " whatsapp_business_management , whatsapp_business_messaging,whatsapp_business_messaging"
            ))
            .unwrap(),
            "whatsapp_business_management,whatsapp_business_messaging"
        );
        let refused = scope(Some("whatsapp_business_messaging,business_management")).unwrap_err();
        assert_eq!(refused.exit, ExitStatus::Usage);
        assert!(refused.message.contains("whatsapp_business_management"));
    }

    #[test]
    fn the_new_token_keeps_the_current_kind() {
        let args = |permanent, expiring| MintArgs {
            system_user_id: None,
            admin_token_stdin: false,
            permanent,
            expiring,
            scope: None,
            if_expiring_within: None,
            revoke_old: false,
            dry_run: false,
            yes: false,
            no_backup: false,
            create: false,
            restart: None,
            verify: crate::cli::VerifyArgs {
                verify_url: None,
                verify_wait: 30,
            },
            settings: Default::default(),
        };
        let never = DebugData {
            is_valid: true,
            expires_at: Some(0),
            ..Default::default()
        };
        let sixty = DebugData {
            is_valid: true,
            expires_at: Some(5_000_000),
            ..Default::default()
        };
        assert!(!expiring(&args(false, false), Some(&never)));
        assert!(expiring(&args(false, false), Some(&sixty)));
        assert!(expiring(&args(false, true), Some(&never)));
        assert!(!expiring(&args(true, false), Some(&sixty)));
        assert!(expiring(&args(false, false), None));
    }
}
