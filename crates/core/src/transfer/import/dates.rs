//! Dates as other engines write them: RFC 3339, a bare date, a date and time with or without a
//! zone, Jekyll's `2017-01-20 09:00:00 +0100`, WordPress's `YYYY-MM-DD HH:MM:SS`, RFC 2822 (feeds),
//! and dates hidden in file names and paths.

use jiff::{Timestamp, civil};

/// Unix seconds for a date written in front matter, or None when it cannot be read. A date or
/// time without a zone is read as UTC: generators read it in the site's configured zone, which
/// the files do not say, and UTC keeps an import the same on every machine.
pub fn parse_date(input: &str) -> Option<i64> {
    let s = input.trim();
    // WordPress writes an all-zero date for a draft that was never scheduled.
    if s.len() < 10 || s.starts_with("0000-00-00") {
        return None;
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return Some(z.timestamp().as_second());
    }
    // `2017-01-20 09:00` is `2017-01-20T09:00`; Jekyll's ` +0100` after the time is an offset.
    let mut s = s.to_string();
    if s.as_bytes().get(10) == Some(&b' ') {
        s.replace_range(10..11, "T");
    }
    if let Some(at) = s.rfind(' ') {
        let zone = s[at + 1..].to_string();
        if zone.eq_ignore_ascii_case("utc") || zone.eq_ignore_ascii_case("gmt") || zone == "Z" {
            s.truncate(at);
            s.push('Z');
        } else if zone.starts_with(['+', '-']) {
            s.truncate(at);
            s.push_str(&zone);
        }
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts.as_second());
    }
    if let Ok(dt) = s.parse::<civil::DateTime>() {
        return dt.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_second());
    }
    let date = s.get(..10)?.parse::<civil::Date>().ok()?;
    // A bare date, or one followed by nothing we can read as a time.
    if s.len() > 10 {
        return None;
    }
    date.to_datetime(civil::Time::midnight())
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// A date at the start of a file name (`2016-10-08-slug`, Zola's `2016-10-08_slug`), and the rest.
pub fn dated_name(stem: &str) -> Option<(i64, &str)> {
    let date = stem.get(..10)?;
    let rest = stem.get(10..)?;
    let rest = rest.strip_prefix(['-', '_']).filter(|r| !r.is_empty())?;
    Some((parse_date(date)?, rest))
}

/// A `YYYY/MM/DD` run in a path such as Zola's `path = "inside-rust/2022/02/17/slug"`.
pub fn date_in_path(path: &str) -> Option<i64> {
    let parts: Vec<&str> = path.split('/').collect();
    parts.windows(3).find_map(|w| {
        let ok = w[0].len() == 4 && w[1].len() == 2 && w[2].len() == 2;
        ok.then(|| parse_date(&format!("{}-{}-{}", w[0], w[1], w[2]))).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOON: i64 = 1_484_913_600; // 2017-01-20T12:00:00Z

    #[test]
    fn reads_the_forms_generators_write() {
        assert_eq!(parse_date("2017-01-20T12:00:00Z"), Some(NOON));
        assert_eq!(parse_date("2017-01-20T12:00:00.000Z"), Some(NOON));
        assert_eq!(parse_date("2017-01-20T13:00:00+01:00"), Some(NOON));
        assert_eq!(parse_date("2017-01-20 13:00:00 +0100"), Some(NOON), "Jekyll");
        assert_eq!(parse_date("2017-01-20 12:00:00 UTC"), Some(NOON));
        assert_eq!(parse_date("2017-01-20 12:00"), Some(NOON), "Pelican, no zone: UTC");
        assert_eq!(parse_date("2017-01-20T12:00:00"), Some(NOON));
        assert_eq!(parse_date("2017-01-20"), Some(NOON - 12 * 3600));
        assert_eq!(parse_date("Fri, 20 Jan 2017 12:00:00 +0000"), Some(NOON), "RSS");
        assert_eq!(parse_date("2017-01-20 12:00:00"), Some(NOON), "WordPress post_date_gmt");
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for bad in ["", "0000-00-00 00:00:00", "yesterday", "2017-02-30", "2017-01-20 noon", "20/01/2017"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn finds_dates_in_names_and_paths() {
        assert_eq!(dated_name("2017-01-20-hello-world"), Some((NOON - 12 * 3600, "hello-world")));
        assert_eq!(dated_name("2017-01-20_hello"), Some((NOON - 12 * 3600, "hello")));
        assert_eq!(dated_name("2017-01-20"), None, "a date alone names no post");
        assert_eq!(dated_name("hello-world"), None);
        assert_eq!(date_in_path("inside-rust/2017/01/20/x"), Some(NOON - 12 * 3600));
        assert_eq!(date_in_path("2017/01/20/x"), Some(NOON - 12 * 3600));
        assert_eq!(date_in_path("releases/x"), None);
    }
}
