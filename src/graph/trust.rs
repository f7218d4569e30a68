//! Which servers are trusted: the system's store plus `SSL_CERT_FILE` and `SSL_CERT_DIR`,
//! read from the process environment only (never an env file: the contract's trust
//! boundary), so that a company's own root works as it does for curl and git.
//!
//! On Linux and the BSDs the system store is the CA bundle that OpenSSL reads
//! (`/etc/ssl/certs/ca-certificates.crt` and its cousins), parsed once per run and only
//! for https. The hashed directory beside it (`/etc/ssl/certs`) holds the same
//! certificates again in ~290 files: reading it too tripled the cost (README, "Dependencies,
//! and why"), so it is read only on a system that has no bundle. On macOS and Windows the
//! platform's store comes from rustls-native-certs. Where no system store exists at all (a
//! scratch container), the Mozilla roots compiled into wa-token are used instead.
//!
//! A refusal is named for what it is (untrusted issuer, expired, another name), never
//! "check the network": [`refusal`] finds rustls' verdict in a reqwest error.

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, RootCertStore, SignatureScheme};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// The bundles OpenSSL builds read by default, first match wins (openssl-probe's list).
#[cfg(not(any(target_os = "macos", windows)))]
const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",                // Debian, Ubuntu, Gentoo, Arch
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // Fedora, RHEL, CentOS
    "/etc/pki/tls/certs/ca-bundle.crt",                  // older RHEL
    "/etc/ssl/ca-bundle.pem",                            // openSUSE
    "/etc/pki/tls/cacert.pem",                           // OpenELEC
    "/etc/ssl/cert.pem",                                 // Alpine, OpenBSD, macOS's OpenSSL
    "/usr/local/etc/ssl/cert.pem",                       // FreeBSD
    "/usr/local/share/certs/ca-root-nss.crt",            // older FreeBSD
];

/// Hashed directories, read only when no bundle exists.
#[cfg(not(any(target_os = "macos", windows)))]
const SYSTEM_DIRS: &[&str] = &["/etc/ssl/certs", "/etc/pki/tls/certs", "/etc/openssl/certs"];

/// What a run trusts, and where it came from (for `-v` and for the hint after a refusal).
pub struct Trust {
    pub config: Arc<rustls::ClientConfig>,
    /// Trust anchors in the store.
    pub count: usize,
    /// "144 from /etc/ssl/certs/ca-certificates.crt", "1 from SSL_CERT_FILE (/x/ca.pem)".
    pub sources: Vec<String>,
    /// What could not be read: "SSL_CERT_FILE (/x): No such file or directory".
    pub problems: Vec<String>,
    pub millis: f64,
}

impl Trust {
    /// The `-v` line.
    pub fn describe(&self) -> String {
        format!(
            "trusting {} certificates: {} (loaded in {:.1} ms)",
            self.count,
            self.sources.join(", "),
            self.millis
        )
    }
}

/// The run's trust, loaded on first use (a fleet's targets share it).
pub fn shared(env: &HashMap<String, String>) -> &'static Trust {
    static LOADED: OnceLock<Trust> = OnceLock::new();
    LOADED.get_or_init(|| load(env))
}

/// Certificates read from one place.
struct Found {
    label: String,
    certs: Vec<CertificateDer<'static>>,
}

pub fn load(env: &HashMap<String, String>) -> Trust {
    let started = Instant::now();
    let mut problems = Vec::new();
    let system = system_store(&mut problems);
    let mut extra = Vec::new();
    let var = |name: &str| env.get(name).filter(|v| !v.trim().is_empty());
    if let Some(file) = var("SSL_CERT_FILE") {
        extra.extend(from_file(
            Path::new(file),
            format!("SSL_CERT_FILE ({file})"),
            &mut problems,
        ));
    }
    if let Some(dirs) = var("SSL_CERT_DIR") {
        // OpenSSL takes a list, separated as PATH is.
        for dir in std::env::split_paths(dirs).filter(|d| !d.as_os_str().is_empty()) {
            let label = format!("SSL_CERT_DIR ({})", dir.display());
            extra.extend(from_dir(&dir, label, &mut problems));
        }
    }
    let (store, sources) = root_store(system, extra);
    Trust {
        count: store.roots.len(),
        config: Arc::new(client_config(store)),
        sources,
        problems,
        millis: started.elapsed().as_secs_f64() * 1000.0,
    }
}

/// The platform's own store: its bundle, else its hashed directories.
#[cfg(not(any(target_os = "macos", windows)))]
fn system_store(problems: &mut Vec<String>) -> Vec<Found> {
    if let Some(bundle) = SYSTEM_BUNDLES.iter().map(Path::new).find(|p| p.is_file()) {
        return from_file(bundle, bundle.display().to_string(), problems)
            .into_iter()
            .collect();
    }
    SYSTEM_DIRS
        .iter()
        .map(Path::new)
        .filter(|d| d.is_dir())
        .filter_map(|d| from_dir(d, d.display().to_string(), problems))
        .collect()
}

/// The keychain or the Windows store, as rustls-native-certs reads it.
#[cfg(any(target_os = "macos", windows))]
fn system_store(problems: &mut Vec<String>) -> Vec<Found> {
    let loaded = rustls_native_certs::load_native_certs();
    problems.extend(loaded.errors.iter().map(|e| format!("the system store: {e}")));
    vec![Found {
        label: "the system store".into(),
        certs: loaded.certs,
    }]
}

/// Every certificate in a PEM file; `None` (and a problem) when there is none.
fn from_file(path: &Path, label: String, problems: &mut Vec<String>) -> Option<Found> {
    match CertificateDer::pem_file_iter(path).and_then(|certs| certs.collect::<Result<Vec<_>, _>>()) {
        Ok(certs) if !certs.is_empty() => Some(Found { label, certs }),
        Ok(_) => {
            problems.push(format!("{label}: no PEM certificate in it"));
            None
        }
        Err(e) => {
            problems.push(format!("{label}: {}", pem_error(&e)));
            None
        }
    }
}

fn pem_error(e: &rustls::pki_types::pem::Error) -> String {
    match e {
        rustls::pki_types::pem::Error::Io(io) => io.to_string(),
        other => format!("not a PEM file ({other:?})"),
    }
}

/// The certificates of a directory as OpenSSL's `-CApath` sees it (c_rehash's hashed
/// names), plus any `*.pem` and `*.crt`. Links to one file are read once.
fn from_dir(dir: &Path, label: String, problems: &mut Vec<String>) -> Option<Found> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(format!("{label}: {e}"));
            return None;
        }
    };
    let mut seen = HashSet::new();
    let mut certs = Vec::new();
    let mut unreadable = Vec::new();
    for path in entries.flatten().map(|e| e.path()).filter(|p| is_cert_name(p)) {
        // c_rehash's names are links to the *.pem beside them: read each file once.
        let Ok(real) = std::fs::canonicalize(&path) else {
            continue;
        };
        if !real.is_file() || !seen.insert(real) {
            continue;
        }
        match CertificateDer::pem_file_iter(&path).map(|i| i.collect::<Result<Vec<_>, _>>()) {
            Ok(Ok(found)) => certs.extend(found),
            _ => unreadable.push(path.display().to_string()),
        }
    }
    if !unreadable.is_empty() {
        problems.push(format!("{label}: not PEM: {}", unreadable.join(", ")));
    }
    if certs.is_empty() {
        problems.push(format!(
            "{label}: no certificate (*.pem, *.crt or c_rehash names) in it"
        ));
        return None;
    }
    Some(Found { label, certs })
}

/// `*.pem`, `*.crt`, or a c_rehash name (`5ad8a5d6.0`; CRLs' `.r0` are skipped).
fn is_cert_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.ends_with(".pem") || name.ends_with(".crt") {
        return true;
    }
    match name.split_once('.') {
        Some((hash, n)) => {
            hash.len() == 8
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// One store of everything found; the compiled-in roots when the system had none.
fn root_store(system: Vec<Found>, extra: Vec<Found>) -> (RootCertStore, Vec<String>) {
    let mut store = RootCertStore::empty();
    let mut sources = Vec::new();
    let mut seen = HashSet::new();
    if system.iter().all(|f| f.certs.is_empty()) {
        store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        sources.push(format!(
            "{} compiled-in Mozilla roots (no system store found)",
            store.roots.len()
        ));
    }
    for Found { label, certs } in system.into_iter().chain(extra) {
        let fresh: Vec<_> = certs.into_iter().filter(|c| seen.insert(digest(c))).collect();
        let (added, ignored) = store.add_parsable_certificates(fresh);
        let skipped = if ignored > 0 {
            format!(" ({ignored} unusable skipped)")
        } else {
            String::new()
        };
        sources.push(format!("{added} from {label}{skipped}"));
    }
    (store, sources)
}

/// A cheap identity for a certificate, to add each one once.
fn digest(cert: &CertificateDer<'_>) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(cert.as_ref())
}

fn client_config(store: RootCertStore) -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // Never empty (the compiled-in roots stand in), so the builder cannot refuse it.
    let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
        .build()
        .expect("a root store with at least one anchor");
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports TLS 1.2 and 1.3")
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(NamingVerifier { inner }))
        .with_no_client_auth()
}

/// rustls' own verifier, which on an unknown issuer also says which issuer it was: the
/// name the user must go and trust (a TLS-inspecting proxy's root, typically).
#[derive(Debug)]
struct NamingVerifier {
    inner: Arc<WebPkiServerVerifier>,
}

/// An untrusted chain, with the issuer of its topmost certificate.
#[derive(Debug)]
pub struct UntrustedIssuer {
    pub issuer: Option<String>,
}

impl std::fmt::Display for UntrustedIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.issuer {
            Some(issuer) => write!(f, "unknown issuer {issuer}"),
            None => f.write_str("unknown issuer"),
        }
    }
}

impl std::error::Error for UntrustedIssuer {}

impl ServerCertVerifier for NamingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .map_err(|e| match e {
                rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
                    let top = intermediates.last().unwrap_or(end_entity);
                    let named = UntrustedIssuer {
                        issuer: issuer_name(top),
                    };
                    rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(named))))
                }
                other => other,
            })
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// A refused certificate, said plainly, with what to do about it.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub message: String,
    pub hints: Vec<String>,
}

const TRUST_HINT: &str = "if a proxy or firewall on this network inspects TLS, trust its root certificate: add it to the system store (Debian: copy it to /usr/local/share/ca-certificates/ and run update-ca-certificates) or name it with SSL_CERT_FILE=/path/to/root.pem (or a directory with SSL_CERT_DIR); nothing was decided about the token";

/// The certificate verdict inside a reqwest error, if that is what it was.
pub fn refusal(error: &(dyn std::error::Error + 'static), problems: &[String]) -> Option<Refusal> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(rustls::Error::InvalidCertificate(c)) = tls_error(e) {
            return Some(describe(c, problems));
        }
        current = e.source();
    }
    None
}

/// rustls' error, directly or wrapped in the `io::Error` that tokio-rustls returns (whose
/// `source()` skips the error it wraps).
fn tls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut current = e;
    loop {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        // The connector wraps tokio-rustls' `io::Error` in another one.
        current = current.downcast_ref::<std::io::Error>()?.get_ref()?;
    }
}

fn describe(c: &CertificateError, problems: &[String]) -> Refusal {
    let clock = "check this machine's clock; if it is right, the server (or a proxy that inspects TLS) presents an out-of-date certificate";
    let (message, hint) = match c {
        CertificateError::Other(other) if other.0.downcast_ref::<UntrustedIssuer>().is_some() => {
            let issuer = other.0.downcast_ref::<UntrustedIssuer>().and_then(|u| u.issuer.clone());
            (
                format!(
                    "the server's certificate is not trusted (issuer {})",
                    issuer.as_deref().unwrap_or("unknown")
                ),
                TRUST_HINT.to_string(),
            )
        }
        CertificateError::UnknownIssuer => (
            "the server's certificate is not trusted (issuer unknown)".to_string(),
            TRUST_HINT.to_string(),
        ),
        CertificateError::Expired => ("the server's certificate has expired".to_string(), clock.to_string()),
        CertificateError::ExpiredContext { not_after, .. } => (
            format!("the server's certificate expired on {}", date(not_after)),
            clock.to_string(),
        ),
        CertificateError::NotValidYet => (
            "the server's certificate is not valid yet".to_string(),
            clock.to_string(),
        ),
        CertificateError::NotValidYetContext { not_before, .. } => (
            format!("the server's certificate is not valid before {}", date(not_before)),
            clock.to_string(),
        ),
        CertificateError::NotValidForName => ("the server's certificate is for another name".to_string(), name_hint()),
        CertificateError::NotValidForNameContext { expected, presented } => (
            format!(
                "the server's certificate is for {}, not {}",
                printable(&presented.iter().map(|n| unquoted(n)).collect::<Vec<_>>().join(", ")),
                expected.to_str()
            ),
            name_hint(),
        ),
        other => (
            format!(
                "the server's certificate was refused ({})",
                printable(&format!("{other:?}"))
            ),
            TRUST_HINT.to_string(),
        ),
    };
    let mut hints = vec![hint];
    hints.extend(problems.iter().map(|p| format!("could not read {p}")));
    Refusal { message, hints }
}

/// webpki gives the certificate's names as `DnsName("other.example")`: the name alone.
fn unquoted(name: &str) -> &str {
    match (name.find("(\""), name.rfind("\")")) {
        (Some(start), Some(end)) if start + 2 <= end => &name[start + 2..end],
        _ => name,
    }
}

fn name_hint() -> String {
    "check the host of --graph-url (or WA_TOKEN_GRAPH_URL): the certificate must name it; nothing was decided about the token".to_string()
}

fn date(t: &UnixTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    i64::try_from(t.as_secs())
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .and_then(|d| d.format(&format).ok())
        .unwrap_or_else(|| "an unknown date".to_string())
}

/// Server-supplied text, made safe for a terminal: no control characters, bounded.
fn printable(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    clean
}

/// The issuer's distinguished name of a DER certificate (`CN=…, O=…`), read with a
/// minimal DER walk: a full X.509 parser is a heavy dependency for one name.
pub fn issuer_name(cert: &[u8]) -> Option<String> {
    let (_, certificate, _) = der(cert)?;
    let (_, tbs, _) = der(certificate)?;
    let mut rest = tbs;
    let (tag, _, after) = der(rest)?;
    if tag == 0xa0 {
        rest = after; // the explicit [0] version
    }
    let (_, _, rest) = der(rest)?; // serial number
    let (_, _, rest) = der(rest)?; // signature algorithm
    let (tag, issuer, _) = der(rest)?;
    (tag == 0x30).then_some(())?;
    let parts = name_parts(issuer);
    (!parts.is_empty()).then(|| printable(&parts.join(", ")))
}

/// `CN=…`, `O=…`, `OU=…` and `C=…` of an X.501 Name, in order.
fn name_parts(mut name: &[u8]) -> Vec<String> {
    let mut parts = Vec::new();
    while let Some((_, set, rest)) = der(name) {
        name = rest;
        let mut set = set;
        while let Some((_, pair, more)) = der(set) {
            set = more;
            if let Some(part) = attribute(pair) {
                parts.push(part);
            }
        }
    }
    parts
}

fn attribute(pair: &[u8]) -> Option<String> {
    let (tag, oid, rest) = der(pair)?;
    (tag == 0x06).then_some(())?;
    let (_, value, _) = der(rest)?;
    let key = match oid {
        [0x55, 0x04, 0x03] => "CN",
        [0x55, 0x04, 0x0a] => "O",
        [0x55, 0x04, 0x0b] => "OU",
        [0x55, 0x04, 0x06] => "C",
        _ => return None,
    };
    Some(format!("{key}={}", String::from_utf8_lossy(value)))
}

/// One DER element: its tag, its contents and what follows it.
fn der(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ca(name: &str) -> (rcgen::Certificate, rcgen::KeyPair, rcgen::CertificateParams) {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.distinguished_name = rcgen::DistinguishedName::new();
        params.distinguished_name.push(rcgen::DnType::CommonName, name);
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, "wa-token tests");
        let cert = params.self_signed(&key).unwrap();
        (cert, key, params)
    }

    #[test]
    fn issuer_is_read_from_der() {
        let (root, root_key, root_params) = ca("Test Root\u{7} CA");
        assert_eq!(
            issuer_name(root.der()).as_deref(),
            Some("CN=Test Root CA, O=wa-token tests")
        );
        let issuer = rcgen::Issuer::new(root_params, root_key);
        let leaf_key = rcgen::KeyPair::generate().unwrap();
        let leaf = rcgen::CertificateParams::new(vec!["localhost".to_string()])
            .unwrap()
            .signed_by(&leaf_key, &issuer)
            .unwrap();
        assert_eq!(
            issuer_name(leaf.der()).as_deref(),
            Some("CN=Test Root CA, O=wa-token tests")
        );
        assert_eq!(issuer_name(b"\x30\x82\xff"), None);
        assert_eq!(issuer_name(b""), None);
    }

    #[test]
    fn presented_names_are_shown_bare() {
        assert_eq!(unquoted("DnsName(\"other.example\")"), "other.example");
        assert_eq!(unquoted("10.0.0.1"), "10.0.0.1");
        assert_eq!(unquoted("odd(\""), "odd(\"");
    }

    #[test]
    fn directory_names_as_openssl_reads_them() {
        for yes in ["5ad8a5d6.0", "5AD8A5D6.12", "corp.pem", "corp.crt"] {
            assert!(is_cert_name(Path::new(yes)), "{yes}");
        }
        for no in ["5ad8a5d6.r0", "README", "5ad8a5d.0", "corp.key", "5ad8a5d6."] {
            assert!(!is_cert_name(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn env_certificates_add_to_the_store_and_problems_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let (root, ..) = ca("Corp Root");
        let file = dir.path().join("corp.pem");
        std::fs::write(&file, root.pem()).unwrap();
        let env: HashMap<String, String> = [
            ("SSL_CERT_FILE".to_string(), file.display().to_string()),
            (
                "SSL_CERT_DIR".to_string(),
                dir.path().join("missing").display().to_string(),
            ),
        ]
        .into();
        let trust = load(&env);
        assert!(
            trust.sources.iter().any(|s| s.starts_with("1 from SSL_CERT_FILE")),
            "{:?}",
            trust.sources
        );
        assert!(
            trust.problems.iter().any(|p| p.starts_with("SSL_CERT_DIR")),
            "{:?}",
            trust.problems
        );
    }
}
