//! Secret stores: a real OpenBao dev server (`vault://`) and the real `kubectl` against
//! a Kubernetes API stand-in (`k8s://`). Every command that reads works on them; rotate
//! and refresh write one key with a precondition on the version read; every refusal
//! leaves the secret as it was; no token is ever in an argument of any process.

use crate::support::bao::{bao, bao_tls};
use crate::support::kube::KubeStandin;
use crate::support::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The application's variables as a secret holds them, with a key of another app's.
fn app_data(token: &str, with_app: bool) -> Value {
    let mut data = json!({
        "WHATSAPP_API_TOKEN": token,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_ID,
        "WHATSAPP_BUSINESS_ACCOUNT_ID": WABA_ID,
        "DATABASE_URL": "postgres://bot@db/bot",
        "RETRIES": 3,
    });
    if with_app {
        data["WHATSAPP_APP_ID"] = json!(APP_ID);
        data["WHATSAPP_APP_SECRET"] = json!(APP_SECRET);
    }
    data
}

/// A fake Graph API that knows `old` and a healthy `new`, and a project without `.env`.
fn graph_with(old: &str, new: &str) -> (Project, FakeGraph) {
    register_secret(&bao().root);
    let fake = FakeGraph::start();
    fake.with_token(old, Profile::system_user());
    fake.with_token(new, Profile::system_user());
    (Project::new(), fake)
}

/// wa-token pointed at the suite's OpenBao (root token) and the fake Graph API.
fn wa_vault(p: &Project, fake: &FakeGraph) -> Run {
    p.wa()
        .graph(fake)
        .env("VAULT_ADDR", &bao().addr)
        .env("VAULT_TOKEN", &bao().root)
}

fn rotate_vault(p: &Project, fake: &FakeGraph, uri: &str, new: &str, extra: &[&str]) -> Run {
    wa_vault(p, fake)
        .args(["rotate", "--store", uri, "--token-stdin", "--yes", "--json"])
        .args(extra)
        .stdin(format!("{new}\n"))
}

#[test]
fn vault_check_inspect_doctor_and_send_test_read_the_secret() {
    let old = secret_token("vault-read");
    let (p, fake) = graph_with(&old, &old);
    let mut data = app_data(&old, false);
    data["VAULT_ADDR"] = json!("http://attacker.example");
    data["WHATSAPP_TEST_RECIPIENT"] = json!("+15550100200");
    bao().put("secret/bots/read", data);
    let uri = "vault://secret/bots/read";

    let out = wa_vault(&p, &fake).args(["check", "--store", uri, "--json"]).code(0);
    let json = out.json();
    assert_eq!(json["status"], "valid");
    assert_eq!(json["store"], uri);
    assert!(json.get("env_file").is_none(), "a store result has no env_file: {json}");
    assert_eq!(json["token"]["source"], uri);
    assert!(
        out.stderr.contains("`VAULT_ADDR` is ignored in a secret store"),
        "a key outside the trust boundary is named and ignored: {out:?}"
    );

    let human = wa_vault(&p, &fake).args(["check", "--store", uri]).code(0);
    assert!(human.stdout.contains(uri), "{human:?}");
    let inspect = wa_vault(&p, &fake).args(["inspect", "--store", uri, "--json"]).code(0);
    assert_eq!(inspect.json()["phone_number"]["id"], PHONE_ID, "{inspect:?}");
    let doctor = wa_vault(&p, &fake).args(["doctor", "--store", uri, "--json"]).run();
    let checks = doctor.json()["checks"].clone();
    let store_row = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "store")
        .cloned();
    assert!(
        store_row.is_some_and(|r| r["detail"].as_str().unwrap().contains("version 1")),
        "{doctor:?}"
    );
    assert!(
        checks.as_array().unwrap().iter().all(|c| c["name"] != "env_file"),
        "{doctor:?}"
    );
    let sent = wa_vault(&p, &fake)
        .args(["send-test", "--store", uri, "--json"])
        .code(0);
    assert_eq!(sent.json()["status"], "sent");
    assert_eq!(fake.requests_to("/messages").len(), 1);
}

#[test]
fn vault_rotate_changes_only_the_token_key_and_keeps_the_old_version() {
    let old = secret_token("vault-rotate-old");
    let new = secret_token("vault-rotate-new");
    let (p, fake) = graph_with(&old, &new);
    let before = app_data(&old, false);
    let v1 = bao().put("secret/bots/rotate", before.clone());
    let uri = "vault://secret/bots/rotate";

    let out = rotate_vault(&p, &fake, uri, &new, &[]).code(0);
    let json = out.json();
    assert_eq!(json["status"], "rotated", "{out:?}");
    assert_eq!(json["store"], uri);
    assert_eq!(json["version"], v1 + 1);
    assert_eq!(json["previous_version"], v1);
    assert_eq!(json["backup"], format!("version {v1}"));
    let (after, version) = bao().get("secret/bots/rotate", None).unwrap();
    assert_eq!(version, v1 + 1, "one new version");
    let mut expected = before.clone();
    expected["WHATSAPP_API_TOKEN"] = json!(new);
    assert_eq!(after, expected, "every other key and value (the number too) unchanged");
    let (previous, _) = bao().get("secret/bots/rotate", Some(v1)).unwrap();
    assert_eq!(
        previous["WHATSAPP_API_TOKEN"],
        json!(old),
        "the previous version holds the old token"
    );

    // A rejected token leaves the secret as it was.
    let expired = secret_token("vault-rotate-expired");
    fake.with_token(&expired, Profile::expired());
    rotate_vault(&p, &fake, uri, &expired, &[]).code(1);
    assert_eq!(bao().get("secret/bots/rotate", None).unwrap().1, v1 + 1, "untouched");

    // Human output (with every request shown) names the new version and the backup.
    let newer = secret_token("vault-rotate-newer");
    fake.with_token(&newer, Profile::system_user());
    let human = wa_vault(&p, &fake)
        .args(["-v", "rotate", "--store", uri, "--token-stdin", "--yes"])
        .stdin(newer.clone())
        .code(0);
    assert!(
        human
            .stdout
            .contains(&format!("rotated WHATSAPP_API_TOKEN ({uri}, version {})", v1 + 2)),
        "{human:?}"
    );
    assert!(
        human
            .stdout
            .contains(&format!("version {} (kept in the secret's history)", v1 + 1)),
        "{human:?}"
    );
}

#[test]
fn vault_refresh_writes_the_exchanged_token() {
    let old = secret_token("vault-refresh-old");
    let new = secret_token("vault-refresh-new");
    let (p, fake) = graph_with(&old, &new);
    fake.with_token(&old, Profile::user_expiring_in(5));
    fake.with_token(&new, Profile::user_expiring_in(60));
    fake.exchange_gives(&new, Some(5_183_944));
    let v1 = bao().put("secret/bots/refresh", app_data(&old, true));
    let uri = "vault://secret/bots/refresh";
    // WA_TOKEN_ENV_FILE names the default env file: `--store` replaces it as a target.
    let out = wa_vault(&p, &fake)
        .env("WA_TOKEN_ENV_FILE", "bot.env")
        .args(["refresh", "--store", uri, "--yes", "--json"])
        .code(0);
    assert_eq!(out.json()["status"], "refreshed", "{out:?}");
    let (after, version) = bao().get("secret/bots/refresh", None).unwrap();
    assert_eq!((after["WHATSAPP_API_TOKEN"].clone(), version), (json!(new), v1 + 1));
    assert_eq!(after["WHATSAPP_APP_SECRET"], json!(APP_SECRET));
}

/// Start a rotation that is held in validation (the fake Graph API answers slowly), and
/// return once it has read its target: then another writer can race it.
fn rotation_in_validation(run: Run, fake: &FakeGraph) -> Running {
    fake.set_latency(Duration::from_millis(1500));
    let running = run.spawn();
    let deadline = Instant::now() + Duration::from_secs(30);
    // The store is read before the first Graph request is made.
    while fake.requests_to("/debug_token").is_empty() {
        assert!(Instant::now() < deadline, "the rotation never asked the Graph API");
        std::thread::sleep(Duration::from_millis(10));
    }
    running
}

#[test]
fn vault_racing_writer_wins_and_nothing_is_overwritten() {
    let old = secret_token("vault-race-old");
    let new = secret_token("vault-race-new");
    let theirs = secret_token("vault-race-theirs");
    let (p, fake) = graph_with(&old, &new);
    let v1 = bao().put("secret/bots/race", app_data(&old, false));
    let uri = "vault://secret/bots/race";
    let running = rotation_in_validation(rotate_vault(&p, &fake, uri, &new, &[]), &fake);
    let mut racing = app_data(&theirs, false);
    racing["DATABASE_URL"] = json!("postgres://bot@db2/bot");
    let v2 = bao().put("secret/bots/race", racing.clone());
    let out = running.finish();
    assert_eq!(out.code, 2, "{out:?}");
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("changed since it was read") && message.contains("run again"),
        "{message}"
    );
    assert!(
        message.contains(&format!("version {v1} was read, version {v2}")),
        "{message}"
    );
    assert_eq!(
        bao().get("secret/bots/race", None).unwrap(),
        (racing, v2),
        "the other writer's version stands"
    );
    assert!(
        bao().versions_holding("secret/bots/race", &new).is_empty(),
        "our token was never written"
    );
}

#[test]
fn vault_missing_secret_is_named_and_created_only_with_create() {
    let new = secret_token("vault-create-new");
    let (p, fake) = graph_with(&new, &new);
    let uri = "vault://secret/bots/created";
    let check = wa_vault(&p, &fake).args(["check", "--store", uri]).code(2);
    assert!(check.stderr.contains(&format!("`{uri}`: no such secret")), "{check:?}");
    assert!(check.stderr.contains("--create"), "{check:?}");

    let refused = rotate_vault(&p, &fake, uri, &new, &[]).code(2);
    assert!(
        refused.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no such secret")
    );
    assert!(bao().get("secret/bots/created", None).is_none(), "nothing was created");
    assert!(fake.requests().is_empty(), "refused before validation");

    let created = rotate_vault(&p, &fake, uri, &new, &["--create"]).code(0);
    assert_eq!(created.json()["backup"], Value::Null, "{created:?}");
    assert_eq!(
        bao().get("secret/bots/created", None).unwrap(),
        (json!({"WHATSAPP_API_TOKEN": new}), 1)
    );
}

#[test]
fn vault_missing_token_key_is_added_by_rotate() {
    let new = secret_token("vault-addkey-new");
    let (p, fake) = graph_with(&new, &new);
    let others = json!({"WHATSAPP_PHONE_NUMBER_ID": PHONE_ID, "DATABASE_URL": "postgres://x"});
    bao().put("secret/bots/addkey", others.clone());
    let uri = "vault://secret/bots/addkey";
    let check = wa_vault(&p, &fake).args(["check", "--store", uri]).code(2);
    assert!(check.stderr.contains("no token found"), "{check:?}");
    let out = rotate_vault(&p, &fake, uri, &new, &[]).code(0);
    assert_eq!(out.json()["status"], "rotated");
    let mut expected = others;
    expected["WHATSAPP_API_TOKEN"] = json!(new);
    assert_eq!(bao().get("secret/bots/addkey", None).unwrap(), (expected, 2));
}

#[test]
fn vault_kv_version_1_mount_is_refused() {
    let old = secret_token("vault-kv1-old");
    let new = secret_token("vault-kv1-new");
    let (p, fake) = graph_with(&old, &new);
    bao().mount_kv("kvone", "1");
    let (status, _) = bao().api("POST", "/v1/kvone/bots/acme", Some(&json!({"WHATSAPP_API_TOKEN": old})));
    assert_eq!(status, 204);
    for args in [vec!["check"], vec!["rotate", "--token-stdin", "--yes"]] {
        let out = wa_vault(&p, &fake)
            .args(&args)
            .args(["--store", "vault://kvone/bots/acme"])
            .stdin(new.clone())
            .code(2);
        assert!(out.stderr.contains("KV version 2 required"), "{out:?}");
    }
    let (_, held) = bao().api("GET", "/v1/kvone/bots/acme", None);
    assert_eq!(held["data"], json!({"WHATSAPP_API_TOKEN": old}), "untouched");
}

#[test]
fn vault_permission_denied_names_the_path_and_the_capability() {
    let old = secret_token("vault-denied-old");
    let new = secret_token("vault-denied-new");
    let (p, fake) = graph_with(&old, &new);
    bao().put("secret/bots/denied", app_data(&old, false));
    let uri = "vault://secret/bots/denied";
    let reader = bao().token_with_policy(
        "bots-denied-read",
        "path \"secret/data/bots/denied\" { capabilities = [\"read\"] }",
    );
    let nobody = bao().token_with_policy(
        "bots-denied-none",
        "path \"secret/data/elsewhere\" { capabilities = [\"read\"] }",
    );

    // Reading is enough for check; writing needs `update`.
    wa_vault(&p, &fake)
        .env("VAULT_TOKEN", &reader)
        .args(["check", "--store", uri])
        .code(0);
    let write = rotate_vault(&p, &fake, uri, &new, &[])
        .env("VAULT_TOKEN", &reader)
        .code(2);
    let message = write.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("permission denied") && message.contains("`update` capability on `secret/data/bots/denied`"),
        "{message}"
    );
    let read = wa_vault(&p, &fake)
        .env("VAULT_TOKEN", &nobody)
        .args(["check", "--store", uri])
        .code(2);
    assert!(
        read.stderr.contains("`read` capability on `secret/data/bots/denied`"),
        "{read:?}"
    );
    let dead = wa_vault(&p, &fake)
        .env("VAULT_TOKEN", "not-a-vault-token-at-all")
        .args(["check", "--store", uri])
        .code(2);
    assert!(dead.stderr.contains("refused the token"), "{dead:?}");
    assert_eq!(bao().get("secret/bots/denied", None).unwrap().1, 1, "untouched");
}

#[test]
fn vault_token_about_to_expire_is_warned_about() {
    let old = secret_token("vault-ttl");
    let (p, fake) = graph_with(&old, &old);
    bao().put("secret/bots/ttl", app_data(&old, false));
    let short = bao().token_expiring_in("45s");
    let out = wa_vault(&p, &fake)
        .env("VAULT_TOKEN", &short)
        .args(["check", "--store", "vault://secret/bots/ttl", "--json"])
        .code(0);
    assert!(out.stderr.contains("the Vault token expires in"), "{out:?}");
    let warnings = out.json()["warnings"].to_string();
    assert!(warnings.contains("the Vault token expires in"), "{warnings}");
    let long = bao().token_expiring_in("1h");
    let quiet = wa_vault(&p, &fake)
        .env("VAULT_TOKEN", &long)
        .args(["check", "--store", "vault://secret/bots/ttl"])
        .code(0);
    assert!(!quiet.stderr.contains("expires in"), "{quiet:?}");
}

#[test]
fn vault_unreachable_is_no_verdict_and_a_dry_run_writes_nothing() {
    let old = secret_token("vault-down-old");
    let new = secret_token("vault-down-new");
    let (p, fake) = graph_with(&old, &new);
    let down = unreachable_url();
    let out = wa_vault(&p, &fake)
        .env("VAULT_ADDR", &down.url)
        .args(["check", "--store", "vault://secret/bots/down", "--json"])
        .code(4);
    assert!(
        out.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot reach Vault"),
        "{out:?}"
    );

    let v1 = bao().put("secret/bots/dry", app_data(&old, false));
    let dry = rotate_vault(&p, &fake, "vault://secret/bots/dry", &new, &["--dry-run"]).code(0);
    let diff = dry.json()["diff"].as_str().unwrap().to_string();
    assert!(
        diff.contains(&format!("--- vault://secret/bots/dry (version {v1})")),
        "{diff}"
    );
    assert!(diff.contains("+WHATSAPP_API_TOKEN=") && !diff.contains(&new), "{diff}");
    assert_eq!(bao().get("secret/bots/dry", None).unwrap().1, v1);
}

#[test]
fn vault_namespace_and_ca_certificate_come_from_the_environment() {
    let old = secret_token("vault-ns");
    let (p, fake) = graph_with(&old, &old);
    // A namespace with its own `secret/` mount: found only with VAULT_NAMESPACE.
    let (status, _) = bao().api("POST", "/v1/sys/namespaces/stores-team", None);
    assert!(status == 200 || status == 204, "namespace: {status}");
    let mount = json!({"type": "kv", "options": {"version": "2"}});
    bao().api_in("stores-team", "POST", "/v1/sys/mounts/secret", Some(&mount));
    let put = json!({"data": app_data(&old, false)});
    let (status, _) = bao().api_in("stores-team", "POST", "/v1/secret/data/bots/ns", Some(&put));
    assert_eq!(status, 200);
    let uri = "vault://secret/bots/ns";
    wa_vault(&p, &fake)
        .env("VAULT_NAMESPACE", "stores-team")
        .args(["check", "--store", uri])
        .code(0);
    let elsewhere = wa_vault(&p, &fake).args(["check", "--store", uri]).code(2);
    assert!(elsewhere.stderr.contains("no such secret"), "{elsewhere:?}");

    // Over TLS, the server's CA is trusted through VAULT_CACERT, and only then.
    let tls = bao_tls();
    register_secret(&tls.root);
    let (status, _) = tls.api(
        "POST",
        "/v1/secret/data/bots/tls",
        Some(&json!({"data": app_data(&old, false)})),
    );
    assert_eq!(status, 200);
    let over_tls = |ca: Option<&Path>| {
        let mut run = p
            .wa()
            .graph(&fake)
            .env("VAULT_ADDR", &tls.addr)
            .env("VAULT_TOKEN", &tls.root)
            .args(["check", "--store", "vault://secret/bots/tls", "--json"]);
        if let Some(ca) = ca {
            run = run.env("VAULT_CACERT", ca.to_str().unwrap());
        }
        run.run()
    };
    let trusted = over_tls(tls.ca.as_deref());
    assert_eq!(
        (trusted.code, trusted.json()["status"].clone()),
        (0, json!("valid")),
        "{trusted:?}"
    );
    let untrusted = over_tls(None);
    assert_eq!(untrusted.code, 4, "{untrusted:?}");
    assert!(
        untrusted.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot reach Vault")
    );
}

#[test]
fn store_uris_and_vault_addresses_with_credentials_are_refused() {
    let old = secret_token("creds-old");
    let (p, fake) = graph_with(&old, &old);
    let leaked = "hvs.CREDENTIALinURI0123456789";
    register_secret(leaked);
    for uri in [
        format!("vault://{leaked}@secret/bots/x"),
        format!("k8s://admin:{leaked}@bots/acme"),
        format!("vault://secret/bots/x?token={leaked}"),
        format!("k8s://bots/acme?token={leaked}"),
    ] {
        for json in [false, true] {
            let mut run = wa_vault(&p, &fake).args(["check", "--store", &uri]);
            if json {
                run = run.arg("--json");
            }
            let out = run.code(2);
            assert!(!out.all().contains("CREDENTIAL"), "{out:?}");
        }
    }
    let addr = bao().addr.replace("http://", &format!("http://user:{leaked}@"));
    let out = wa_vault(&p, &fake)
        .env("VAULT_ADDR", &addr)
        .args(["check", "--store", "vault://secret/bots/x"])
        .code(2);
    assert!(out.stderr.contains("carries credentials"), "{out:?}");
    let plain = wa_vault(&p, &fake)
        .env("VAULT_ADDR", "http://vault.example:8200")
        .args(["check", "--store", "vault://secret/bots/x"])
        .code(2);
    assert!(plain.stderr.contains("plain http"), "{plain:?}");
}

// --- Kubernetes -------------------------------------------------------------------

/// A project whose kubeconfig points at a stand-in holding `bots/acme`, and a `kubectl`
/// wrapper first on PATH that records each argument list and environment.
struct Cluster {
    p: Project,
    fake: FakeGraph,
    api: KubeStandin,
    bin: PathBuf,
    log: PathBuf,
}

fn cluster(old: &str, new: &str) -> Cluster {
    let fake = FakeGraph::start();
    fake.with_token(old, Profile::system_user());
    fake.with_token(new, Profile::system_user());
    let api = KubeStandin::start();
    let p = Project::new();
    KubeStandin::kubeconfig(p.dir.path(), &[("standin", &api.url)], "standin");
    let real = which("kubectl");
    let bin = p.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = p.path("kubectl.log");
    let wrapper = format!(
        "#!/bin/sh\n{{ printf 'argv:'; printf ' %s' \"$@\"; printf '\\n'; env; }} >> {}\nexec {} \"$@\"\n",
        shell_quote(&log),
        shell_quote(&real)
    );
    let script = bin.join("kubectl");
    std::fs::write(&script, wrapper).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    Cluster { p, fake, api, bin, log }
}

fn which(program: &str) -> PathBuf {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("`{program}` is needed for the Kubernetes store tests (it is on the machine image)"))
}

impl Cluster {
    fn wa(&self) -> Run {
        let path = format!("{}:{}", self.bin.display(), std::env::var("PATH").unwrap_or_default());
        self.p.wa().graph(&self.fake).env("PATH", &path)
    }

    fn rotate(&self, uri: &str, new: &str, extra: &[&str]) -> Run {
        self.wa()
            .args(["rotate", "--store", uri, "--token-stdin", "--yes", "--json"])
            .args(extra)
            .stdin(format!("{new}\n"))
    }

    fn kubectl_log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn k8s_data(token: &str) -> Vec<(&str, &str)> {
    vec![
        ("WHATSAPP_API_TOKEN", token),
        ("WHATSAPP_PHONE_NUMBER_ID", PHONE_ID),
        ("DATABASE_URL", "postgres://bot@db/bot"),
    ]
}

#[test]
fn kubectl_rotate_changes_only_the_token_key_with_the_precondition_and_no_token_in_argv() {
    let old = secret_token("k8s-rotate-old");
    let new = secret_token("k8s-rotate-new");
    let c = cluster(&old, &new);
    let rv = c.api.put_secret("bots", "acme", &k8s_data(&old));
    let before = c.api.secret("bots", "acme").unwrap();

    let watch = watch_argv(vec![new.clone(), old.clone()]);
    let out = c.rotate("k8s://bots/acme", &new, &[]).run();
    let seen = watch.stop();
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        seen.leaks.is_empty(),
        "a process had a token in its argv: {:?}",
        seen.leaks
    );
    assert!(
        seen.kubectl.iter().any(|a| a.contains("replace -f -")),
        "the /proc watch saw kubectl's write ({} scans): {:?}",
        seen.scans,
        seen.kubectl
    );
    let json = out.json();
    assert_eq!(json["status"], "rotated");
    assert_eq!(json["store"], "k8s://bots/acme");
    assert_eq!(json["backup"], Value::Null, "Kubernetes keeps no history");
    assert_eq!(json["previous_version"], rv);

    // The write carried the resourceVersion read, and changed only the token's key.
    let puts: Vec<_> = c.api.requests().into_iter().filter(|r| r.method == "PUT").collect();
    assert_eq!(puts.len(), 1, "one replace");
    let sent: Value = serde_json::from_str(&puts[0].body).unwrap();
    assert_eq!(sent["metadata"]["resourceVersion"], rv, "the precondition");
    let after = c.api.secret("bots", "acme").unwrap();
    let mut expected = before.clone();
    expected["data"]["WHATSAPP_API_TOKEN"] = after["data"]["WHATSAPP_API_TOKEN"].clone();
    expected["metadata"]["resourceVersion"] = after["metadata"]["resourceVersion"].clone();
    assert_eq!(after, expected, "labels, type and every other key as they were");
    assert_eq!(c.api.values("bots", "acme")["WHATSAPP_API_TOKEN"], new);
    assert_eq!(json["version"], after["metadata"]["resourceVersion"]);

    // kubectl was really run, with neither token in its arguments or environment.
    let log = c.kubectl_log();
    assert!(log.contains("argv: get secret acme -o json -n bots"), "{log}");
    assert!(log.contains("argv: replace -f - -o json -n bots"), "{log}");
    assert!(
        !log.contains(&new) && !log.contains(&old),
        "a token reached kubectl's argv or environment"
    );

    // Human output says there is no history, and how to restart.
    let newer = secret_token("k8s-rotate-newer");
    c.fake.with_token(&newer, Profile::system_user());
    let human = c
        .wa()
        .args(["-v", "rotate", "--store", "k8s://bots/acme", "--token-stdin", "--yes"])
        .stdin(newer)
        .code(0);
    assert!(
        human.stdout.contains("none: Kubernetes keeps no history of a Secret"),
        "{human:?}"
    );
    assert!(
        human.stderr.contains("kubectl rollout restart deployment/NAME -n bots"),
        "{human:?}"
    );
}

#[test]
fn kubectl_racing_writer_is_a_conflict_and_nothing_is_overwritten() {
    let old = secret_token("k8s-race-old");
    let new = secret_token("k8s-race-new");
    let theirs = secret_token("k8s-race-theirs");
    let c = cluster(&old, &new);
    c.api.put_secret("bots", "acme", &k8s_data(&old));
    let running = rotation_in_validation(c.rotate("k8s://bots/acme", &new, &[]), &c.fake);
    c.api.change("bots", "acme", "WHATSAPP_API_TOKEN", &theirs);
    let out = running.finish();
    assert_eq!(out.code, 2, "{out:?}");
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("changed since it was read") && message.contains("run again"),
        "{message}"
    );
    assert_eq!(
        c.api.values("bots", "acme")["WHATSAPP_API_TOKEN"],
        theirs,
        "the other writer's value stands"
    );
    let conflicts = c.api.requests().into_iter().filter(|r| r.method == "PUT").count();
    assert_eq!(conflicts, 1, "one replace, refused with 409");
}

#[test]
fn kubectl_check_reads_the_secret_through_a_named_context() {
    let old = secret_token("k8s-context");
    let c = cluster(&old, &old);
    c.api.put_secret("bots", "acme", &k8s_data(&old));
    // The current context leads nowhere; the one named in the URI (with `:` and `/`,
    // percent-encoded) leads to the stand-in.
    let down = unreachable_url();
    let context = "arn:aws:eks:eu-west-1:123456789012:cluster/bots";
    KubeStandin::kubeconfig(
        c.p.dir.path(),
        &[("nowhere", &down.url), (context, &c.api.url)],
        "nowhere",
    );
    let uri = "k8s://bots/acme?context=arn%3Aaws%3Aeks%3Aeu-west-1%3A123456789012%3Acluster%2Fbots";
    let out = c.wa().args(["check", "--store", uri, "--json"]).code(0);
    assert_eq!(out.json()["token"]["source"], uri, "{out:?}");
    assert!(c.kubectl_log().contains(&format!("--context {context}")));
    let unreachable = c.wa().args(["check", "--store", "k8s://bots/acme", "--json"]).code(4);
    assert!(
        unreachable.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("could not reach the cluster"),
        "{unreachable:?}"
    );
}

#[test]
fn kubectl_bad_input_missing_secret_missing_key_forbidden_and_created() {
    let old = secret_token("k8s-bad-old");
    let new = secret_token("k8s-bad-new");
    let c = cluster(&old, &new);
    let missing = c.wa().args(["check", "--store", "k8s://bots/nosuch"]).code(2);
    assert!(
        missing.stderr.contains("no Secret `nosuch` in namespace `bots`"),
        "{missing:?}"
    );
    let refused = c.rotate("k8s://bots/nosuch", &new, &[]).code(2);
    assert!(
        refused.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no such secret")
    );
    assert!(c.api.secret("bots", "nosuch").is_none());

    let created = c.rotate("k8s://bots/nosuch", &new, &["--create"]).code(0);
    assert_eq!(created.json()["status"], "rotated", "{created:?}");
    assert_eq!(
        c.api.values("bots", "nosuch"),
        [("WHATSAPP_API_TOKEN".to_string(), new.clone())].into()
    );

    // A Secret without the token's key gets it added, and keeps the rest.
    c.api.put_secret("bots", "keyless", &[("DATABASE_URL", "postgres://x")]);
    c.rotate("k8s://bots/keyless", &new, &[]).code(0);
    let keyless = c.api.values("bots", "keyless");
    assert_eq!(keyless["WHATSAPP_API_TOKEN"], new);
    assert_eq!(keyless["DATABASE_URL"], "postgres://x");

    c.api.put_secret("bots", "acme", &k8s_data(&old));
    c.api.forbid("update");
    let before = c.api.secret("bots", "acme");
    let denied = c.rotate("k8s://bots/acme", &new, &[]).code(2);
    let message = denied.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("permission denied") && message.contains("RBAC verb `update`"),
        "{message}"
    );
    assert_eq!(c.api.secret("bots", "acme"), before, "untouched");
    c.api.forbid("get");
    let unreadable = c.wa().args(["check", "--store", "k8s://bots/acme"]).code(2);
    assert!(unreadable.stderr.contains("RBAC verb `get`"), "{unreadable:?}");
}

#[test]
fn check_gives_one_result_per_target() {
    let token = secret_token("targets");
    let c = cluster(&token, &token);
    register_secret(&bao().root);
    bao().put("secret/bots/targets", app_data(&token, false));
    c.api.put_secret("bots", "acme", &k8s_data(&token));
    c.p.env(&env_file(&token, false));
    let out = c
        .wa()
        .env("VAULT_ADDR", &bao().addr)
        .env("VAULT_TOKEN", &bao().root)
        .args([
            "check",
            "--store",
            "vault://secret/bots/targets",
            "--store",
            "k8s://bots/acme",
        ])
        .args(["--env-file", ".env", "--json"])
        .code(0);
    let json = out.json();
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "{out:?}");
    // Env files first, then the stores in the order given.
    assert_eq!(results[0]["env_file"], ".env");
    assert_eq!(results[1]["store"], "vault://secret/bots/targets");
    assert_eq!(results[2]["store"], "k8s://bots/acme");
    assert!(results.iter().all(|r| r["status"] == "valid"), "{json}");
    let human = c
        .wa()
        .env("VAULT_ADDR", &bao().addr)
        .env("VAULT_TOKEN", &bao().root)
        .args([
            "check",
            "--store",
            "vault://secret/bots/targets",
            "--store",
            "k8s://bots/acme",
        ])
        .args(["--env-file", ".env"])
        .code(0);
    assert!(human.stdout.contains("vault://secret/bots/targets") && human.stdout.contains("k8s://bots/acme"));
}

#[test]
fn the_openbao_server_is_the_real_one() {
    // What the store tests run against, said once (the version in the log of a failure).
    let server = bao();
    assert!(server.version.starts_with('2'), "OpenBao {}", server.version);
    assert!(Path::new(&which("kubectl")).is_file());
}

#[test]
fn vault_mint_writes_the_minted_token_and_keeps_the_old_version() {
    let old = secret_token("vault-mint-old");
    let new = secret_token("vault-mint-new");
    let (p, fake) = graph_with(&old, &new);
    fake.with_token(&old, Profile::system_user_expiring_in(10));
    fake.mint_gives(&new);
    let v1 = bao().put("secret/bots/mint", app_data(&old, true));
    let out = wa_vault(&p, &fake)
        .args(["mint", "--store", "vault://secret/bots/mint", "--yes", "--json"])
        .code(0);
    assert_eq!(out.json()["status"], "minted", "{out:?}");
    assert_eq!(fake.requests_to("/access_tokens").len(), 1);
    let (after, version) = bao().get("secret/bots/mint", None).unwrap();
    assert_eq!((after["WHATSAPP_API_TOKEN"].clone(), version), (json!(new), v1 + 1));
    assert_eq!(after["DATABASE_URL"], json!("postgres://bot@db/bot"));
    let (before, _) = bao().get("secret/bots/mint", Some(v1)).unwrap();
    assert_eq!(
        before["WHATSAPP_API_TOKEN"],
        json!(old),
        "the previous version keeps the old token"
    );
}
