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

/// The properties whose values are dates in the server's query language.
const DATE_KEYS: [&str; 6] = [
    "received",
    "sent",
    "datecreated",
    "datemodified",
    "created",
    "modified",
];

/// A search query with its date words written as the ISO days the server reads the same in
/// every locale (`received:yesterday` → `received:2026-11-30`, `sent:"last week"` →
/// `sent:2026-11-23..2026-11-29`), and how each was read. The server takes dates in UTC, so
/// the words are read in UTC days. A value that is not a date word is left as typed, for the
/// server to judge.
pub fn search_query(clock: &Clock, query: &str) -> (String, Vec<String>) {
    let utc = Clock::fixed(clock.now(), chrono::FixedOffset::east_opt(0).expect("UTC"));
    let mut out = String::with_capacity(query.len());
    let mut said = Vec::new();
    let mut rest = query;
    while let Some((before, key, after)) = next_date_key(rest) {
        out.push_str(before);
        out.push_str(key);
        let (value, quoted, next) = match after.strip_prefix('"') {
            Some(q) => match q.find('"') {
                Some(end) => (&q[..end], true, &q[end + 1..]),
                None => (q, true, ""),
            },
            None => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], false, &after[end..])
            }
        };
        let op_len = value.len() - value.trim_start_matches(['<', '>', '=']).len();
        let (op, words) = value.split_at(op_len);
        match days(&utc, words).filter(|_| !is_iso(words)) {
            Some(d) => {
                let iso = match d.first == d.last {
                    true => d.first.to_string(),
                    false => format!("{}..{}", d.first, d.last),
                };
                out.push_str(&format!("{op}{iso}"));
                let day = d.said(&utc).replace("UTC+00:00", "UTC");
                let typed = match quoted {
                    true => format!("{key}\"{value}\""),
                    false => format!("{key}{value}"),
                };
                said.push(format!("{typed} read as {day}"));
            }
            None if quoted => out.push_str(&format!("\"{value}\"")),
            None => out.push_str(value),
        }
        rest = next;
    }
    out.push_str(rest);
    (out, said)
}

/// `YYYY-MM-DD` or a range of them: already what the server reads.
fn is_iso(value: &str) -> bool {
    value
        .split("..")
        .all(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
}

/// The text before the next `date-key:` (at the start or after a space), the key with its
/// colon, and what follows it.
fn next_date_key(text: &str) -> Option<(&str, &str, &str)> {
    let lower = text.to_ascii_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for key in DATE_KEYS {
        let needle = format!("{key}:");
        let mut from = 0;
        while let Some(i) = lower[from..].find(&needle).map(|i| i + from) {
            let starts_word = i == 0 || lower.as_bytes()[i - 1] == b' ';
            if starts_word && best.is_none_or(|(b, _)| i < b) {
                best = Some((i, needle.len()));
                break;
            }
            from = i + 1;
        }
    }
    let (i, n) = best?;
    Some((&text[..i], &text[i..i + n], &text[i + n..]))
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
    fn a_search_sends_iso_days_and_says_how_it_read_them() {
        // 09:30 at UTC-05:00 is 14:30 UTC: the same day in both.
        let c = clock();
        let (q, said) = search_query(&c, "invoice from:lee received:tue");
        assert_eq!(q, "invoice from:lee received:2026-11-24");
        assert_eq!(
            said,
            ["received:tue read as Tuesday 24 November 2026, 00:00–24:00 UTC"]
        );
        let (q, said) = search_query(&c, r#"Sent:"last week" subject:"budget""#);
        assert_eq!(q, r#"Sent:2026-11-23..2026-11-29 subject:"budget""#);
        assert_eq!(
            said,
            [r#"Sent:"last week" read as Monday 23 November 2026 to Sunday 29 November 2026 UTC"#]
        );
        let (q, _) = search_query(&c, "received:>=yesterday");
        assert_eq!(q, "received:>=2026-11-30");
        // Already ISO, not a date word, or not a date key: left as typed.
        for typed in [
            "received:2026-11-17",
            "received:2026-11-17..2026-11-20",
            "received:soon",
            "subject:yesterday",
            "unreceived:tue",
        ] {
            assert_eq!(
                search_query(&c, typed),
                (typed.to_string(), Vec::new()),
                "{typed}"
            );
        }
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
