//! Dates as wa-token prints them. Every function takes the time it needs; none reads the
//! clock but [`now_unix`], which commands call once.

/// Seconds since the epoch, now.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `2026-12-08T14:03:00Z`
pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// `2026-12-08 14:03 UTC`
pub fn human_date(unix: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// Whole days from `now` to `at`, rounded toward zero, the way people count: 2 days 23 h
/// left is 2; expired 2 days 5 h ago is -2 ("2 days ago"). One rule for every output.
pub fn days_until(at: i64, now: i64) -> i64 {
    (at - now) / 86_400
}

/// `in 12 days`, `in 5 hours`, `3 days ago`.
pub fn relative(seconds: i64) -> String {
    let abs = seconds.unsigned_abs();
    let (n, unit) = if abs >= 2 * 86_400 {
        (abs / 86_400, "days")
    } else if abs >= 86_400 {
        (1, "day")
    } else if abs >= 2 * 3600 {
        (abs / 3600, "hours")
    } else if abs >= 3600 {
        (1, "hour")
    } else if abs >= 120 {
        (abs / 60, "minutes")
    } else {
        return if seconds >= 0 {
            "in a moment".into()
        } else {
            "just now".into()
        };
    };
    if seconds >= 0 {
        format!("in {n} {unit}")
    } else {
        format!("{n} {unit} ago")
    }
}

/// `2026-12-08 14:03 UTC (in 12 days)`
pub fn date_and_relative(unix: i64, now: i64) -> String {
    format!("{} ({})", human_date(unix), relative(unix - now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(1712099387), "2024-04-02T23:09:47Z");
        assert_eq!(human_date(1712099387), "2024-04-02 23:09 UTC");
        assert_eq!(relative(12 * 86_400 + 5), "in 12 days");
        assert_eq!(relative(-3 * 86_400), "3 days ago");
        assert_eq!(relative(90_000), "in 1 day");
        assert_eq!(relative(5 * 3600), "in 5 hours");
        assert_eq!(days_until(3 * 86_400 - 1, 0), 2);
        assert_eq!(days_until(-(2 * 86_400 + 5 * 3600), 0), -2);
        assert_eq!(relative(-(2 * 86_400 + 5 * 3600)), "2 days ago");
    }
}
