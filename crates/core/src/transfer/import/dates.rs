//! Dates as export files write them (RFC 3339, WordPress's `YYYY-MM-DD HH:MM:SS`, RFC 2822, epoch milliseconds) to Unix seconds.

/// Unix seconds for a date string, or None when it cannot be read. A date without an offset is
/// taken as UTC: export files that write them (WordPress's `post_date`) do not say their zone.
pub(crate) fn parse_date(raw: &str) -> Option<i64> {
    let s = raw.trim();
    if s.is_empty() || s.starts_with("0000-00-00") {
        return None;
    }
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(ts.as_second());
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        return jiff::tz::TimeZone::UTC.to_timestamp(dt).ok().map(|t| t.as_second());
    }
    if let Ok(date) = s.parse::<jiff::civil::Date>() {
        return jiff::tz::TimeZone::UTC.to_timestamp(date.into()).ok().map(|t| t.as_second());
    }
    jiff::fmt::rfc2822::parse(s).ok().map(|z| z.timestamp().as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shapes_exports_use() {
        assert_eq!(parse_date("2020-01-02T03:04:05.000Z"), Some(1_577_934_245));
        assert_eq!(parse_date("2020-01-02 03:04:05"), Some(1_577_934_245));
        assert_eq!(parse_date("2020-01-02T05:04:05+02:00"), Some(1_577_934_245));
        assert_eq!(parse_date("Thu, 02 Jan 2020 03:04:05 +0000"), Some(1_577_934_245));
        assert_eq!(parse_date("2020-01-02"), Some(1_577_923_200));
        assert_eq!(parse_date("0000-00-00 00:00:00"), None);
        assert_eq!(parse_date("soon"), None);
        assert_eq!(parse_date(""), None);
    }
}
