//! Times at the edges. The database stores instants in UTC (`2026-11-25T05:03:00Z`), so merged
//! laptops and imported lines compare as they are; whatever a person reads (screens, CSV files,
//! workbooks) is in local time, converted here and nowhere else.

use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, civil};

/// This computer's time zone (`TZ` when set, else the system's setting).
pub fn zone() -> TimeZone {
    TimeZone::system()
}

/// A stored time (RFC 3339, as the store writes it). `None` when it does not parse.
pub fn parse(stored: &str) -> Option<Timestamp> {
    stored.parse().ok()
}

/// An instant as local time with its UTC offset, to the second: `2026-11-25T14:03:00+09:00`.
pub fn rfc3339(at: Timestamp, offset: Offset) -> String {
    let at = at.round(jiff::Unit::Second).unwrap_or(at);
    at.display_with_offset(offset).to_string()
}

/// The local civil time of an instant in `tz`.
pub fn civil(at: Timestamp, tz: &TimeZone) -> civil::DateTime {
    tz.to_datetime(at)
}

/// A stored time for a screen: local `2026-11-25 14:03`; the stored text when it does not parse.
pub fn for_screen(stored: &str, tz: &TimeZone) -> String {
    match parse(stored) {
        Some(at) => civil(at, tz).strftime("%Y-%m-%d %H:%M").to_string(),
        None => stored.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokyo() -> TimeZone {
        TimeZone::get("Asia/Tokyo").unwrap()
    }

    #[test]
    fn a_stored_utc_time_reads_as_tokyo_time_with_its_offset() {
        let at = parse("2026-11-25T05:03:00Z").unwrap();
        assert_eq!(rfc3339(at, tokyo().to_offset(at)), "2026-11-25T14:03:00+09:00");
        assert_eq!(for_screen("2026-11-25T05:03:00Z", &tokyo()), "2026-11-25 14:03");
    }

    #[test]
    fn a_time_that_does_not_parse_is_shown_as_stored() {
        assert_eq!(for_screen("yesterday", &tokyo()), "yesterday");
    }

    #[test]
    fn offsets_follow_daylight_saving_where_there_is_some() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let winter = parse("2026-01-15T12:00:00Z").unwrap();
        let summer = parse("2026-07-15T12:00:00Z").unwrap();
        assert_eq!(rfc3339(winter, ny.to_offset(winter)), "2026-01-15T07:00:00-05:00");
        assert_eq!(rfc3339(summer, ny.to_offset(summer)), "2026-07-15T08:00:00-04:00");
    }
}
