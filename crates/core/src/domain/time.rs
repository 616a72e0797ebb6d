//! Timestamps: stored as Unix seconds, shown as local dates, exchanged as RFC 3339.

use jiff::{Timestamp, ZonedDateTime, civil, fmt::temporal::Pieces, tz::TimeZone};

use super::ValidationError;

/// The largest offset from UTC a typed time may carry: real zones stay within ±14:00.
const MAX_OFFSET_SECS: i32 = 24 * 3600;

/// Parses what a user types for `--at` in the machine's local zone (see `parse_user_datetime_in`).
pub fn parse_user_datetime(input: &str) -> Result<Timestamp, ValidationError> {
    parse_user_datetime_in(input, &TimeZone::system())
}

/// Parses a typed time: with a zone (`2026-12-01T09:30[America/New_York]`, offset optional),
/// with an offset (`2026-12-01T09:30-05:00`, `...Z`), or a bare date-time or date read in
/// `local`. Impossible dates (Feb 30, year 0, an offset past ±24:00, a zone that disagrees with
/// its offset) are refused with the reason, never adjusted.
pub fn parse_user_datetime_in(input: &str, local: &TimeZone) -> Result<Timestamp, ValidationError> {
    let s = input.trim().replacen(' ', "T", 1);
    let impossible = |why: String| ValidationError::ImpossibleDate(input.trim().to_string(), why);
    let pieces = Pieces::parse(&s).map_err(|e| {
        // Something shaped like a date that jiff refuses is an impossible one, not garbage.
        let shaped = s.len() >= 10 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-';
        if shaped { impossible(e.to_string()) } else { ValidationError::BadDate(input.to_string()) }
    })?;
    if pieces.date().year() < 1 {
        return Err(impossible("there is no year 0 or before".into()));
    }
    if let Some(offset) = pieces.to_numeric_offset() {
        if offset.seconds().abs() > MAX_OFFSET_SECS {
            return Err(impossible(format!("offset {offset} is past ±24:00")));
        }
    }
    let time = pieces.time().unwrap_or(civil::Time::midnight());
    let zone = match (pieces.time_zone_annotation(), pieces.to_numeric_offset()) {
        (Some(_), _) => pieces.to_time_zone().map_err(|e| impossible(e.to_string()))?,
        (None, Some(offset)) => Some(offset.to_time_zone()),
        (None, None) => None,
    };
    let zoned = match zone {
        // jiff checks that an offset given with a zone is one the zone has at that time.
        Some(_) if pieces.time_zone_annotation().is_some() && pieces.time().is_some() => {
            s.parse::<ZonedDateTime>().map_err(|e| impossible(e.to_string()))?
        }
        Some(tz) => pieces.date().to_datetime(time).to_zoned_datetime(tz).map_err(|e| impossible(e.to_string()))?,
        None => {
            pieces.date().to_datetime(time).to_zoned_datetime(local.clone()).map_err(|e| impossible(e.to_string()))?
        }
    };
    Ok(zoned.timestamp())
}

/// A time as people read it where they are: local date, time and zone ("2026-12-01 09:30
/// America/New_York"), so a schedule shows which zone it was read in.
pub fn shown(secs: i64) -> String {
    shown_in(secs, &TimeZone::system())
}

/// `shown` in a given zone.
pub fn shown_in(secs: i64, tz: &TimeZone) -> String {
    from_secs(secs).to_zoned_datetime(tz.clone()).strftime("%Y-%m-%d %H:%M %Q").to_string()
}

/// The name of the local zone, for hints ("times are read in Europe/Paris").
pub fn local_zone_name() -> String {
    let tz = TimeZone::system();
    tz.iana_name()
        .map_or_else(|| Timestamp::now().to_zoned_datetime(tz.clone()).strftime("%:z").to_string(), str::to_string)
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

    fn at(input: &str) -> Result<i64, ValidationError> {
        // Never the machine's zone: a bare time is read in New York here.
        let ny = TimeZone::get("America/New_York").unwrap();
        parse_user_datetime_in(input, &ny).map(|t| t.as_second())
    }

    #[test]
    fn parses_rfc3339_and_rejects_garbage() {
        assert_eq!(at("2026-12-01T09:30:00Z").unwrap(), 1_796_117_400);
        assert!(matches!(at("tomorrow-ish"), Err(ValidationError::BadDate(_))));
        assert!(at("2026-13-01").is_err());
    }

    #[test]
    fn zones_and_offsets_are_honoured() {
        let utc_0930 = 1_796_117_400;
        let five_hours = 5 * 3600;
        assert_eq!(at("2026-12-01T09:30:00[America/New_York]").unwrap(), utc_0930 + five_hours);
        assert_eq!(at("2026-12-01T09:30:00-05:00[America/New_York]").unwrap(), utc_0930 + five_hours);
        assert_eq!(at("2026-12-01T09:30:00+01:00").unwrap(), utc_0930 - 3600);
        assert_eq!(at("2026-12-01T09:30:00+01:00[Europe/Paris]").unwrap(), utc_0930 - 3600);
    }

    #[test]
    fn a_bare_date_time_or_date_is_local() {
        let utc_0930 = 1_796_117_400;
        assert_eq!(at("2026-12-01 09:30").unwrap(), utc_0930 + 5 * 3600);
        assert_eq!(at("2026-12-01T09:30").unwrap(), utc_0930 + 5 * 3600);
        assert_eq!(at("2026-12-01").unwrap(), utc_0930 - 9 * 3600 - 1800 + 5 * 3600);
    }

    #[test]
    fn impossible_dates_are_refused_with_the_reason() {
        for input in [
            "2026-02-30",
            "2026-02-30T09:30Z",
            "0000-06-01",
            "0000-06-01T09:30:00Z",
            "2026-12-01T09:30:00+25:00",
            "2026-12-01T09:30:00+24:30",
            "2026-12-01T09:30:00+01:00[America/New_York]",
            "2026-12-01T09:30:00[Nowhere/Atlantis]",
        ] {
            let err = at(input).expect_err(input);
            assert!(matches!(err, ValidationError::ImpossibleDate(..)), "{input}: {err:?}");
            assert!(err.to_string().starts_with(&format!("'{input}' is not a possible date: ")), "{err}");
        }
        assert!(at("2026-12-01T09:30:00+14:00").is_ok(), "Kiribati is real");
    }

    #[test]
    fn shown_names_the_zone() {
        let ny = TimeZone::get("America/New_York").unwrap();
        assert_eq!(shown_in(1_796_117_400, &ny), "2026-12-01 04:30 America/New_York");
        assert_eq!(shown_in(1_796_117_400, &TimeZone::UTC), "2026-12-01 09:30 UTC");
    }

    #[test]
    fn rfc3339_is_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
