//! HTTPS as users meet it: a company's own root named by `SSL_CERT_FILE` or
//! `SSL_CERT_DIR`, a refused certificate named as such (never "check the network"), and a
//! proxy that tunnels with CONNECT and must see nothing but the host. All on loopback: a
//! test CA made at run time, the Meta stand-in behind a TLS front (support/tls.rs).

use crate::support::tls::{CA_NAME, ConnectProxy, Leaf, TestCa, TlsFront};
use crate::support::*;

/// A project whose token the stand-in knows, served over HTTPS with `leaf`.
struct Https {
    p: Project,
    fake: FakeGraph,
    front: TlsFront,
    token: String,
    /// The test CA's certificate, written into the project.
    ca_file: String,
}

fn https(name: &str, leaf: Leaf) -> Https {
    let (p, fake, token) = project_with_token(name, Profile::system_user(), true);
    let ca = TestCa::new();
    let ca_path = p.path("test-ca.pem");
    ca.write(&ca_path);
    let front = TlsFront::start(&ca, leaf, &fake.url);
    Https {
        p,
        fake,
        front,
        token,
        ca_file: ca_path.display().to_string(),
    }
}

impl Https {
    /// `wa-token` aimed at the HTTPS front.
    fn wa(&self) -> Run {
        self.p.wa().env("WA_TOKEN_GRAPH_URL", &self.front.url)
    }
}

#[test]
fn trusted_through_ssl_cert_file() {
    let h = https("tls-cert-file", Leaf::Valid);
    let out = h.wa().env("SSL_CERT_FILE", &h.ca_file).arg("check").code(0);
    assert!(out.stdout.contains("✓ token is valid"), "{out:?}");
    assert_eq!(h.fake.requests_to("/debug_token").len(), 1, "{out:?}");
    // -v names where the trust came from: the system store and the file, added together.
    let out = h.wa().env("SSL_CERT_FILE", &h.ca_file).args(["check", "-v"]).code(0);
    assert!(
        out.stderr.contains(&format!("1 from SSL_CERT_FILE ({})", h.ca_file)),
        "{out:?}"
    );
}

#[test]
fn trusted_through_ssl_cert_dir() {
    // c_rehash's hashed name in one directory, a plain *.crt in another (a PATH-style
    // list, as OpenSSL reads it); files of other names are not certificates.
    let h = https("tls-cert-dir", Leaf::Valid);
    let pem = std::fs::read(&h.ca_file).unwrap();
    for (dir, name) in [("hashed", "5ad8a5d6.0"), ("named", "corp-root.crt")] {
        std::fs::create_dir(h.p.path(dir)).unwrap();
        h.p.write(&format!("{dir}/{name}"), &pem);
        h.p.write(&format!("{dir}/README"), b"not a certificate\n");
    }
    for dirs in ["hashed", "named", "missing:named"] {
        let list: Vec<String> = dirs.split(':').map(|d| h.p.path(d).display().to_string()).collect();
        let out = h.wa().env("SSL_CERT_DIR", &list.join(":")).arg("check").code(0);
        assert!(out.stdout.contains("✓ token is valid"), "{dirs}: {out:?}");
    }
}

#[test]
fn refused_without_them_as_a_certificate_problem() {
    let h = https("tls-untrusted", Leaf::Valid);
    let out = h.wa().arg("check").code(4);
    assert!(
        out.stderr.contains(&format!(
            "the server's certificate is not trusted (issuer CN={CA_NAME}, O=wa-token tests)"
        )),
        "{out:?}"
    );
    assert!(out.stderr.contains("SSL_CERT_FILE"), "{out:?}");
    assert!(out.stderr.contains("system store"), "{out:?}");
    assert!(!out.stderr.contains("check the network"), "{out:?}");
    // Refused once, not retried: it would be refused again.
    assert_eq!(h.front.connections(), 1, "{out:?}");
    assert!(h.fake.requests().is_empty(), "the request went past the handshake");
    let json = h.wa().args(["check", "--json"]).code(4).json();
    assert_eq!(json["status"], "error");
    assert_eq!(json["error"]["kind"], "network");
    let message = json["error"]["message"].as_str().unwrap();
    assert!(message.contains("certificate is not trusted"), "{json}");
    assert!(
        json["error"]["hint"].as_str().unwrap().contains("SSL_CERT_FILE"),
        "{json}"
    );
}

#[test]
fn an_unreadable_ssl_cert_file_is_named_in_the_hint() {
    let h = https("tls-unreadable", Leaf::Valid);
    let missing = h.p.path("no-such-ca.pem").display().to_string();
    let out = h.wa().env("SSL_CERT_FILE", &missing).arg("check").code(4);
    assert!(out.stderr.contains("certificate is not trusted"), "{out:?}");
    assert!(
        out.stderr
            .contains(&format!("could not read SSL_CERT_FILE ({missing})")),
        "{out:?}"
    );
}

#[test]
fn ssl_cert_file_in_an_env_file_is_ignored() {
    // The trust boundary: a checked-out .env must not choose whom wa-token trusts.
    let h = https("tls-env-file", Leaf::Valid);
    let env = format!("{}SSL_CERT_FILE={}\n", env_file(&h.token, true), h.ca_file);
    h.p.env(&env);
    let out = h.wa().arg("check").code(4);
    assert!(out.stderr.contains("`SSL_CERT_FILE` is ignored"), "{out:?}");
    assert!(out.stderr.contains("certificate is not trusted"), "{out:?}");
}

#[test]
fn an_expired_certificate_is_named_as_such() {
    let h = https("tls-expired", Leaf::Expired);
    let out = h.wa().env("SSL_CERT_FILE", &h.ca_file).arg("check").code(4);
    assert!(
        out.stderr.contains("the server's certificate expired on 2021-01-01"),
        "{out:?}"
    );
    assert!(out.stderr.contains("clock"), "{out:?}");
    assert!(!out.stderr.contains("check the network"), "{out:?}");
}

#[test]
fn a_certificate_for_another_name_is_named_as_such() {
    let h = https("tls-name", Leaf::OtherName);
    let out = h.wa().env("SSL_CERT_FILE", &h.ca_file).arg("check").code(4);
    assert!(
        out.stderr
            .contains("the server's certificate is for other.example, not 127.0.0.1"),
        "{out:?}"
    );
    assert!(!out.stderr.contains("check the network"), "{out:?}");
}

#[test]
fn through_a_connect_proxy_that_sees_only_the_host() {
    let h = https("tls-proxy", Leaf::Valid);
    let proxy = ConnectProxy::start(None);
    let out = h
        .wa()
        .env("SSL_CERT_FILE", &h.ca_file)
        .env("HTTPS_PROXY", &proxy.url)
        .args(["check", "-v"])
        .code(0);
    assert!(out.stdout.contains("✓ token is valid"), "{out:?}");
    assert!(
        out.stderr
            .contains(&format!("through the proxy {} (HTTPS_PROXY)", proxy.url)),
        "{out:?}"
    );
    let heads = proxy.heads();
    let host = h.front.url.trim_start_matches("https://");
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(
        heads[0].starts_with(&format!("CONNECT {host} HTTP/1.1\r\n")),
        "{heads:?}"
    );
    // Only the host: no path, no query, no token, not even in the tunnel's bytes.
    let carried = String::from_utf8_lossy(&proxy.carried()).into_owned();
    for text in [&heads[0], &carried] {
        assert!(!text.contains(&h.token), "the proxy saw the token");
        assert!(!text.contains("debug_token"), "the proxy saw the path");
        assert!(!text.contains(APP_SECRET), "the proxy saw the app secret");
    }
    assert!(!carried.is_empty(), "nothing went through the tunnel");
    assert_eq!(h.fake.requests_to("/debug_token").len(), 1);
}

#[test]
fn all_proxy_and_lower_case_names_are_honoured_too() {
    let h = https("tls-all-proxy", Leaf::Valid);
    for var in ["https_proxy", "ALL_PROXY", "all_proxy"] {
        let proxy = ConnectProxy::start(None);
        h.wa()
            .env("SSL_CERT_FILE", &h.ca_file)
            .env(var, proxy.url.trim_start_matches("http://"))
            .arg("check")
            .code(0);
        assert_eq!(proxy.heads().len(), 1, "{var} was not used");
    }
}

#[test]
fn no_proxy_bypasses_the_proxy() {
    let h = https("tls-no-proxy", Leaf::Valid);
    let proxy = ConnectProxy::start(None);
    for no_proxy in ["127.0.0.1", "example.org, 127.0.0.0/8", "*"] {
        let out = h
            .wa()
            .env("SSL_CERT_FILE", &h.ca_file)
            .env("HTTPS_PROXY", &proxy.url)
            .env("NO_PROXY", no_proxy)
            .args(["check", "-v"])
            .code(0);
        assert!(
            out.stderr.contains("no proxy (NO_PROXY excludes this host)"),
            "{no_proxy}: {out:?}"
        );
    }
    assert!(proxy.heads().is_empty(), "{:?}", proxy.heads());
}

#[test]
fn proxy_credentials_are_used_and_never_printed() {
    let h = https("tls-proxy-auth", Leaf::Valid);
    let password = "pr0xy-Passw0rd-never-shown";
    register_secret(password);
    let proxy = ConnectProxy::start(Some(&format!("ops:{password}")));
    let port = proxy.url.trim_start_matches("http://");
    let with = |pass: &str| format!("http://ops:{pass}@{port}");
    // Right credentials: the tunnel opens; -v names the proxy without them.
    let out = h
        .wa()
        .env("SSL_CERT_FILE", &h.ca_file)
        .env("HTTPS_PROXY", &with(password))
        .args(["check", "-v"])
        .code(0);
    assert!(
        out.stderr.contains(&format!("through the proxy {}", proxy.url)),
        "{out:?}"
    );
    assert!(!out.all().contains("ops:"), "{out:?}");
    // Wrong ones: a network failure that names the proxy, and still never the password.
    let wrong = "wr0ng-Passw0rd-never-shown";
    register_secret(wrong);
    for args in [&["check"][..], &["check", "--json", "-v"][..]] {
        let out = h
            .wa()
            .env("SSL_CERT_FILE", &h.ca_file)
            .env("HTTPS_PROXY", &with(wrong))
            .args(args)
            .code(4);
        assert!(
            out.all().contains(&format!("through the proxy {}", proxy.url)),
            "{out:?}"
        );
        assert!(!out.all().contains("ops:"), "{out:?}");
    }
}

#[test]
fn a_socks_or_broken_proxy_url_is_a_usage_error() {
    let h = https("tls-socks", Leaf::Valid);
    let out = h.wa().env("ALL_PROXY", "socks5://127.0.0.1:1080").arg("check").code(2);
    assert!(out.stderr.contains("SOCKS"), "{out:?}");
    let out = h.wa().env("HTTPS_PROXY", "http://[::1").arg("check").code(2);
    assert!(out.stderr.contains("`HTTPS_PROXY` is not a proxy URL"), "{out:?}");
}

#[test]
fn verify_url_over_https_follows_the_same_trust_rules() {
    // The app's own page over HTTPS (here the stand-in's /debug behind the front, on
    // loopback, so never through the proxy that is set).
    let h = https("tls-verify-old", Leaf::Valid);
    let new = secret_token("tls-verify-new");
    h.fake.with_token(&new, Profile::system_user());
    h.fake
        .app_debug_body(&format!("token ends in {}", &new[new.len() - 6..]));
    let proxy = ConnectProxy::start(None);
    let verify = format!("{}/debug", h.front.url);
    let rotate = |p: &Project, trusted: bool| {
        let run = p.wa().graph(&h.fake).env("HTTPS_PROXY", &proxy.url);
        let run = if trusted {
            run.env("SSL_CERT_FILE", &h.ca_file)
        } else {
            run
        };
        run.args(["rotate", "--token-stdin", "--yes", "--json", "--verify-url", &verify])
            .args(["--verify-wait", "20"])
            .stdin(new.clone())
    };
    let out = rotate(&h.p, true).code(0);
    assert_eq!(out.json()["verify"]["success"], true, "{out:?}");
    // Untrusted: known before anything is written (the probe), said at once, not after
    // --verify-wait, and the file stays as it was.
    let q = Project::new();
    q.env(&env_file(&h.token, true));
    let before = q.read(".env");
    let started = std::time::Instant::now();
    let out = rotate(&q, false).code(2);
    let message = out.json()["error"]["message"].as_str().unwrap_or_default().to_string();
    assert!(message.contains("certificate is not trusted"), "{out:?}");
    assert!(started.elapsed().as_secs() < 15, "it waited out --verify-wait");
    assert_eq!(q.read(".env"), before);
    assert!(proxy.heads().is_empty(), "{:?}", proxy.heads());
}
