//! URLs as wa-token judges and prints them: loopback or not, and never with a user name
//! or password when shown. A leaf module: every layer (settings, the Graph client, the
//! stores, the reports) may use it.

use reqwest::Url;

/// A loopback host: `localhost`, 127.0.0.0/8 or ::1. Plain http is allowed only there.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A URL the user gave, as printed in a message about it: without user name or password,
/// even when it does not parse (then whatever sits between `://` and `@` is hidden), and
/// as one harmless line.
pub fn shown_url_text(text: &str) -> String {
    if let Ok(url) = Url::parse(text.trim()) {
        return display_url(&url);
    }
    let hidden = match text.split_once("://") {
        Some((scheme, rest)) => match rest.rfind('@') {
            Some(at) => format!("{scheme}://…@{}", &rest[at + 1..]),
            None => text.to_string(),
        },
        None => text.to_string(),
    };
    crate::sanitize::sanitize(&hidden)
}

/// A URL as printed: without any user name or password in it.
pub fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_messages_carry_no_credentials_even_unparsed() {
        assert_eq!(shown_url_text("https://u:hunter2@h.example/x"), "https://h.example/x");
        assert_eq!(shown_url_text("https://u:hunter2 x@h example"), "https://…@h example");
        assert_eq!(shown_url_text("not a url"), "not a url");
    }

    #[test]
    fn printed_urls_carry_no_credentials() {
        let url = Url::parse("https://user:hunter2@app.example/debug?x=1").unwrap();
        assert_eq!(display_url(&url), "https://app.example/debug?x=1");
    }

    #[test]
    fn loopback_hosts() {
        for (url, loopback) in [
            ("http://localhost:1", true),
            ("http://127.0.0.2:1", true),
            ("http://[::1]:1", true),
            ("http://example.com", false),
        ] {
            assert_eq!(is_loopback(&Url::parse(url).unwrap()), loopback, "{url}");
        }
    }
}
