//! Dates as people say them ("yesterday", "tue", "last week", "2026-11-17..2026-11-20",
//! "-7d"), read in the zone the app shows times in. Each reading is a span of local days, or
//! for a point in time one moment; the caller shows how it read the words before using them.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};

use crate::clock::Clock;

/// From the start of one local day to the start of another (end excluded), in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Days {
    pub first: NaiveDate,
    /// The last day included.
    pub last: NaiveDate,
}

impl Days {
    fn one(day: NaiveDate) -> Days {
        Days {
            first: day,
            last: day,
        }
    }
    /// When the first day starts, in UTC.
    pub fn start(&self, clock: &Clock) -> Option<DateTime<Utc>> {
        clock.from_local(self.first.and_time(NaiveTime::MIN))
    }
    /// When the day after the last starts, in UTC.
    pub fn end(&self, clock: &Clock) -> Option<DateTime<Utc>> {
        clock.from_local(self.last.succ_opt()?.and_time(NaiveTime::MIN))
    }
    /// How the words were read: "Tuesday 1 December 2026" or "Tuesday 17 to Friday 20
    /// November 2026", with the zone.
    pub fn said(&self, clock: &Clock) -> String {
        let day = |d: NaiveDate| d.format("%A %-d %B %Y").to_string();
        match self.first == self.last {
            true => format!("{}, 00:00–24:00 {}", day(self.first), clock.zone()),
            false => format!("{} to {} {}", day(self.first), day(self.last), clock.zone()),
        }
    }
}

/// The days `text` names, counted from today in the clock's zone: `today`, `yesterday`,
/// `last week` (Monday to Sunday before this week), `mon`…`sun` and the full names (the
/// last such day before today), `YYYY-MM-DD`, and `A..B` of any two of those.
pub fn days(clock: &Clock, text: &str) -> Option<Days> {
    let t = text.trim().to_ascii_lowercase();
    if let Some((a, b)) = t.split_once("..") {
        let (a, b) = (days(clock, a)?, days(clock, b)?);
        return (a.first <= b.last).then_some(Days {
            first: a.first,
            last: b.last,
        });
    }
    let today = clock.local_now().date_naive();
    match t.as_str() {
        "today" => return Some(Days::one(today)),
        "yesterday" => return Some(Days::one(today.pred_opt()?)),
        "last week" => {
            let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64 + 7);
            return Some(Days {
                first: monday,
                last: monday + Duration::days(6),
            });
        }
        _ => {}
    }
    if let Some(day) = weekday(&t) {
        let back = (today.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
        let back = if back == 0 { 7 } else { back };
        return Some(Days::one(today - Duration::days(back as i64)));
    }
    NaiveDate::parse_from_str(&t, "%Y-%m-%d")
        .ok()
        .map(Days::one)
}

fn weekday(t: &str) -> Option<Weekday> {
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    NAMES
        .iter()
        .find(|(name, _)| t.len() >= 3 && name.starts_with(t))
        .map(|(_, day)| *day)
}

/// A point in time: `YYYY-MM-DD HH:MM[:SS]` in the clock's zone, `-7d` / `-12h` / `-30m`
/// before now, or any day [`days`] reads, meaning the end of its last day (the state the
/// data was in that evening, with that night's backup not yet in it).
pub fn point_in_time(clock: &Clock, text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim().replace('T', " ");
    let exact = chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M"));
    if let Ok(naive) = exact {
        return clock.from_local(naive);
    }
    if let Some(ago) = relative(&t) {
        return Some(clock.now() - ago);
    }
    let d = days(clock, &t)?;
    Some(d.end(clock)? - Duration::seconds(1))
}

/// `-7d`, `-12h`, `-30m`.
fn relative(t: &str) -> Option<Duration> {
    let rest = t.strip_prefix('-')?;
    let unit = rest.chars().last()?;
    let n: i64 = rest[..rest.len() - unit.len_utf8()]
        .parse()
        .ok()
        .filter(|n| (0..=100_000).contains(n))?;
    match unit {
        'd' => Some(Duration::days(n)),
        'h' => Some(Duration::hours(n)),
        'm' => Some(Duration::minutes(n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    /// Tuesday 1 December 2026, 09:30 UTC, shown at UTC-05:00.
    fn clock() -> Clock {
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 14, 30, 0).unwrap();
        Clock::fixed(at, FixedOffset::west_opt(5 * 3600).unwrap())
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn day_words_name_local_days() {
        let c = clock();
        let one = |s: &str| days(&c, s).map(|d| (d.first, d.last));
        let d = |s| (day(s), day(s));
        assert_eq!(one("today"), Some(d("2026-12-01")));
        assert_eq!(one("Yesterday"), Some(d("2026-11-30")));
        assert_eq!(one("mon"), Some(d("2026-11-30")));
        assert_eq!(
            one("tue"),
            Some(d("2026-11-24")),
            "the last Tuesday before today"
        );
        assert_eq!(one("friday"), Some(d("2026-11-27")));
        assert_eq!(
            one("last week"),
            Some((day("2026-11-23"), day("2026-11-29")))
        );
        assert_eq!(one("2026-11-17"), Some(d("2026-11-17")));
        assert_eq!(
            one("2026-11-17..2026-11-20"),
            Some((day("2026-11-17"), day("2026-11-20")))
        );
        assert_eq!(one("2026-11-20..2026-11-17"), None, "backwards");
        for nonsense in ["", "11/17/2026", "mo", "someday", "2026-13-01"] {
            assert_eq!(one(nonsense), None, "{nonsense}");
        }
    }

    #[test]
    fn a_day_is_its_local_midnight_to_midnight_and_says_so() {
        let c = clock();
        let d = days(&c, "yesterday").unwrap();
        assert_eq!(
            d.start(&c),
            Utc.with_ymd_and_hms(2026, 11, 30, 5, 0, 0).single()
        );
        assert_eq!(
            d.end(&c),
            Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).single()
        );
        assert_eq!(d.said(&c), "Monday 30 November 2026, 00:00–24:00 UTC-05:00");
        let span = days(&c, "2026-11-17..2026-11-20").unwrap();
        assert_eq!(
            span.said(&c),
            "Tuesday 17 November 2026 to Friday 20 November 2026 UTC-05:00"
        );
    }

    #[test]
    fn a_point_in_time_takes_exact_relative_and_day_words() {
        let c = clock();
        let at = |s: &str| point_in_time(&c, s);
        assert_eq!(
            at("2026-11-17 18:57"),
            Utc.with_ymd_and_hms(2026, 11, 17, 23, 57, 0).single()
        );
        assert_eq!(
            at("-7d"),
            Utc.with_ymd_and_hms(2026, 11, 24, 14, 30, 0).single()
        );
        assert_eq!(
            at("-12h"),
            Utc.with_ymd_and_hms(2026, 12, 1, 2, 30, 0).single()
        );
        // The end of the day named: 23:59:59 local.
        assert_eq!(
            at("2026-11-17"),
            Utc.with_ymd_and_hms(2026, 11, 18, 4, 59, 59).single()
        );
        assert_eq!(
            at("yesterday"),
            Utc.with_ymd_and_hms(2026, 12, 1, 4, 59, 59).single()
        );
        assert_eq!(
            at("tue"),
            Utc.with_ymd_and_hms(2026, 11, 25, 4, 59, 59).single()
        );
        for nonsense in ["-7", "-d", "-7w", "7d", "tomorrow-ish", "-\u{1F600}", "- é"] {
            assert_eq!(at(nonsense), None, "{nonsense}");
        }
    }
}
