//! Which proxy carries a request, decided from the process environment the way curl
//! decides it (`https_proxy`, `HTTPS_PROXY`, `all_proxy`, `ALL_PROXY`, `no_proxy`,
//! `NO_PROXY`), never from an env file (the contract's trust boundary). reqwest is told the
//! answer instead of reading the variables itself, so that `-v` says exactly what happens.
//!
//! An https request goes through a CONNECT tunnel: the proxy sees the host and port, and
//! nothing of the request (no path, no token). A plain http loopback URL never uses a
//! proxy (net.rs): the proxy would see the whole request, token and all.

use crate::exit::Failure;
use crate::secret::Secret;
use reqwest::Url;
use std::collections::HashMap;
use std::net::IpAddr;

/// How a request reaches its host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// No proxy variable applies.
    Direct,
    /// A proxy is set, but `NO_PROXY` (named) excludes this host.
    Excluded { variable: &'static str },
    /// Through this proxy, named by `variable`.
    Proxy { url: Url, variable: &'static str },
}

impl Route {
    /// For `-v` and error messages: the proxy without its credentials.
    pub fn describe(&self) -> Option<String> {
        match self {
            Route::Direct => None,
            Route::Excluded { variable } => Some(format!("no proxy ({variable} excludes this host)")),
            Route::Proxy { url, variable } => Some(format!("through the proxy {} ({variable})", shown(url))),
        }
    }
}

/// `scheme://host:port`: never a user name or password.
pub fn shown(url: &Url) -> String {
    format!(
        "{}://{}",
        url.scheme(),
        &url[url::Position::BeforeHost..url::Position::AfterPort]
    )
}

/// The route to `target`, from the process environment.
pub fn route(target: &Url, env: &HashMap<String, String>) -> Result<Route, Failure> {
    // curl's order: the lower-case name first. Upper-case HTTP_PROXY is ignored, as curl
    // ignores it, since a CGI program gets it from a request header ("httpoxy").
    let names: &[&'static str] = match target.scheme() {
        "https" => &["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"],
        _ => &["http_proxy", "all_proxy", "ALL_PROXY"],
    };
    let first = |names: &[&'static str]| {
        names
            .iter()
            .find_map(|&n| env.get(n).map(|v| v.trim()).filter(|v| !v.is_empty()).map(|v| (n, v)))
    };
    let Some((variable, raw)) = first(names) else {
        return Ok(Route::Direct);
    };
    if let Some((no_proxy, list)) = first(&["no_proxy", "NO_PROXY"])
        && target.host().is_some_and(|h| excluded(&h, list))
    {
        return Ok(Route::Excluded { variable: no_proxy });
    }
    let url = parse(variable, raw)?;
    Ok(Route::Proxy { url, variable })
}

/// A proxy URL as curl reads one: `host:port` alone means `http://host:port`.
fn parse(variable: &str, raw: &str) -> Result<Url, Failure> {
    let text = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("http://{raw}")
    };
    // The value may carry a password: it is never repeated in a message.
    let url = Url::parse(&text).ok().filter(|u| u.host().is_some()).ok_or_else(|| {
        Failure::config(format!("`{variable}` is not a proxy URL")).hint(format!(
            "give it as http://HOST:PORT, for example {variable}=http://proxy.example:3128"
        ))
    })?;
    keep_secret(&url);
    match url.scheme() {
        "http" | "https" => Ok(url),
        scheme if scheme.starts_with("socks") => Err(Failure::config(format!(
            "`{variable}` names a SOCKS proxy ({}), which wa-token does not support",
            shown(&url)
        ))
        .hint("use an HTTP proxy that tunnels with CONNECT (http://HOST:PORT), or exclude the host with NO_PROXY")),
        _ => Err(Failure::config(format!(
            "`{variable}` is not an http:// or https:// proxy URL ({})",
            shown(&url)
        ))),
    }
}

/// Register the proxy's password (as written and decoded) so no output can show it.
fn keep_secret(url: &Url) {
    if let Some(password) = url.password() {
        let _ = Secret::new(password);
        if let Ok(decoded) = percent_decode(password) {
            let _ = Secret::new(decoded);
        }
    }
}

fn percent_decode(text: &str) -> Result<String, std::string::FromUtf8Error> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out)
}

/// Whether `NO_PROXY` excludes `host`, with curl's rules: `*` excludes every host; a name
/// excludes itself and its subdomains (a leading `.` or `*.` changes nothing); an IP
/// address or a CIDR range excludes those addresses. Entries are separated by commas or
/// spaces; a port on an entry is ignored.
pub fn excluded<S: AsRef<str>>(host: &url::Host<S>, list: &str) -> bool {
    let entries = list
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|e| !e.is_empty());
    for entry in entries {
        if entry == "*" {
            return true;
        }
        let hit = match host {
            url::Host::Domain(name) => name_matches(name.as_ref(), entry),
            url::Host::Ipv4(ip) => ip_matches(IpAddr::V4(*ip), entry),
            url::Host::Ipv6(ip) => ip_matches(IpAddr::V6(*ip), entry),
        };
        if hit {
            return true;
        }
    }
    false
}

fn name_matches(name: &str, entry: &str) -> bool {
    let entry = entry.trim_start_matches("*.").trim_start_matches('.');
    let entry = entry.rsplit_once(':').map_or(entry, |(host, _port)| host);
    let (name, entry) = (name.to_ascii_lowercase(), entry.to_ascii_lowercase());
    name == entry || name.ends_with(&format!(".{entry}"))
}

fn ip_matches(ip: IpAddr, entry: &str) -> bool {
    let (addr, bits) = match entry.split_once('/') {
        Some((addr, bits)) => (addr, bits.parse::<u8>().ok()),
        None => (entry, None),
    };
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    let Ok(net) = addr.parse::<IpAddr>().or_else(|_| {
        // `10.0.0.1:8080`: the port does not matter.
        addr.rsplit_once(':')
            .map_or(Err(()), |(a, _)| a.parse::<IpAddr>().map_err(|_| ()))
    }) else {
        return false;
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => prefix_equal(&a.octets(), &n.octets(), bits.unwrap_or(32)),
        (IpAddr::V6(a), IpAddr::V6(n)) => prefix_equal(&a.octets(), &n.octets(), bits.unwrap_or(128)),
        _ => false,
    }
}

/// Whether the first `bits` bits of `a` and `b` agree.
fn prefix_equal(a: &[u8], b: &[u8], bits: u8) -> bool {
    let bits = usize::from(bits).min(a.len() * 8);
    let (whole, rest) = (bits / 8, bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        a[whole] & mask == b[whole] & mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn graph() -> Url {
        Url::parse("https://graph.facebook.com").unwrap()
    }

    #[test]
    fn variables_in_curls_order() {
        assert_eq!(route(&graph(), &env(&[])).unwrap(), Route::Direct);
        let r = route(
            &graph(),
            &env(&[("HTTPS_PROXY", "http://a:1"), ("ALL_PROXY", "http://b:2")]),
        )
        .unwrap();
        assert_eq!(r.describe().unwrap(), "through the proxy http://a:1 (HTTPS_PROXY)");
        let r = route(&graph(), &env(&[("https_proxy", "a:3"), ("HTTPS_PROXY", "http://b:2")])).unwrap();
        assert_eq!(r.describe().unwrap(), "through the proxy http://a:3 (https_proxy)");
        let r = route(
            &graph(),
            &env(&[("ALL_PROXY", "http://b:2"), ("HTTP_PROXY", "http://c:4")]),
        )
        .unwrap();
        assert_eq!(r.describe().unwrap(), "through the proxy http://b:2 (ALL_PROXY)");
        // Upper-case HTTP_PROXY is never read; an http URL reads http_proxy.
        let http = Url::parse("http://app.internal/debug").unwrap();
        assert_eq!(
            route(&http, &env(&[("HTTP_PROXY", "http://c:4")])).unwrap(),
            Route::Direct
        );
        assert!(
            route(&http, &env(&[("http_proxy", "http://c:4")]))
                .unwrap()
                .describe()
                .is_some()
        );
    }

    #[test]
    fn credentials_are_never_shown() {
        let r = route(
            &graph(),
            &env(&[("HTTPS_PROXY", "http://me:s3cr%40t-pass@proxy.corp:3128")]),
        )
        .unwrap();
        let shown = r.describe().unwrap();
        assert_eq!(shown, "through the proxy http://proxy.corp:3128 (HTTPS_PROXY)");
        assert_eq!(
            crate::secret::scrub("x s3cr@t-pass y"),
            format!("x {} y", crate::secret::mask("s3cr@t-pass"))
        );
        let bad = route(&graph(), &env(&[("HTTPS_PROXY", "http://me:pw@[bad")])).unwrap_err();
        assert!(!bad.message.contains("pw"), "{}", bad.message);
        let socks = route(&graph(), &env(&[("ALL_PROXY", "socks5://me:hunter22@s:1080")])).unwrap_err();
        assert!(socks.message.contains("SOCKS") && !socks.message.contains("hunter22"));
    }

    #[test]
    fn no_proxy_as_curl_reads_it() {
        let host = |h: &'static str| url::Host::parse(h).unwrap();
        let d = |h: &'static str| url::Host::Domain(h);
        assert!(excluded(&d("graph.facebook.com"), "facebook.com"));
        assert!(excluded(&d("graph.facebook.com"), ".facebook.com"));
        assert!(excluded(&d("graph.facebook.com"), "*.facebook.com"));
        assert!(excluded(
            &d("GRAPH.facebook.com"),
            "example.org, graph.facebook.com:443"
        ));
        assert!(!excluded(&d("notfacebook.com"), "facebook.com"));
        assert!(excluded(&d("anything"), "*"));
        assert!(excluded(&host("127.0.0.1"), "localhost 127.0.0.1"));
        assert!(excluded(&host("10.1.2.3"), "10.0.0.0/8"));
        assert!(!excluded(&host("11.1.2.3"), "10.0.0.0/8"));
        assert!(excluded(&host("[::1]"), "::1"));
        assert!(excluded(&host("[fd00::5]"), "[fd00::]/8"));
        assert!(!excluded(&host("127.0.0.1"), "localhost"));
        let r = route(
            &graph(),
            &env(&[("HTTPS_PROXY", "http://a:1"), ("NO_PROXY", "facebook.com")]),
        )
        .unwrap();
        assert_eq!(r, Route::Excluded { variable: "NO_PROXY" });
    }
}
