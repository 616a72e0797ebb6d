//! Timestamps: stored as Unix seconds, shown as local dates, exchanged as RFC 3339.

use jiff::{Timestamp, ZonedDateTime, civil, tz::TimeZone};

use super::ValidationError;

/// Parses what a user types for `--at`: RFC 3339 with an offset, or a local date and time, or a local date.
pub fn parse_user_datetime(input: &str) -> Result<Timestamp, ValidationError> {
    let s = input.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts);
    }
    let tz = TimeZone::system();
    let local = |dt: civil::DateTime| dt.to_zoned_datetime(tz.clone()).map(|z| z.timestamp()).ok();
    if let Ok(dt) = s.replacen(' ', "T", 1).parse::<civil::DateTime>() {
        if let Some(ts) = local(dt) {
            return Ok(ts);
        }
    }
    if let Ok(d) = s.parse::<civil::Date>() {
        if let Some(ts) = local(d.to_datetime(civil::Time::midnight())) {
            return Ok(ts);
        }
    }
    Err(ValidationError::BadDate(input.to_string()))
}

/// Seconds since the epoch to a timestamp; out-of-range values (a damaged file) clamp instead of panicking.
pub fn from_secs(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(if secs < 0 { Timestamp::MIN } else { Timestamp::MAX })
}

/// RFC 3339 in UTC, for JSON.
pub fn rfc3339(secs: i64) -> String {
    from_secs(secs).strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The local calendar date, for people.
pub fn local_date(secs: i64) -> String {
    let z: ZonedDateTime = from_secs(secs).to_zoned_datetime(TimeZone::system());
    z.strftime("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_and_rejects_garbage() {
        let ts = parse_user_datetime("2026-12-01T09:30:00Z").unwrap();
        assert_eq!(ts.as_second(), 1_796_117_400);
        assert!(parse_user_datetime("tomorrow-ish").is_err());
        assert!(parse_user_datetime("2026-13-01").is_err());
    }

    #[test]
    fn parses_local_forms() {
        assert!(parse_user_datetime("2026-12-01").is_ok());
        assert!(parse_user_datetime("2026-12-01 09:30").is_ok());
        assert!(parse_user_datetime("2026-12-01T09:30").is_ok());
    }

    #[test]
    fn rfc3339_is_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
