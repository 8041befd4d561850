//! What time it is and in which zone times are shown. The app, the client and the simulator
//! read the time here, never from the system directly, so a test can fix both the moment and
//! the offset and every drawn screen is the same on every machine and every day.

use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, TimeZone, Utc};

#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    /// The moment it always is; `None` reads the system clock.
    fixed: Option<DateTime<Utc>>,
    /// The offset times are shown in; `None` is the system's zone: by its name, each date
    /// with its own offset (a September backup in New York at −04:00, a December one at
    /// −05:00), or, when the zone has no name to say, every time at today's offset.
    offset: Option<FixedOffset>,
}

/// The system zone's name (`TZ` as the C library reads it, else the zone the system is set
/// to), read once.
fn system_zone() -> Option<&'static str> {
    static NAME: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        std::env::var("TZ")
            .ok()
            .map(|tz| tz.trim_start_matches(':').to_string())
            .filter(|tz| !tz.is_empty() && !tz.starts_with('/'))
            .or_else(|| iana_time_zone::get_timezone().ok())
    })
    .as_deref()
}

impl Clock {
    /// The system's clock and time zone.
    pub fn system() -> Self {
        Clock::default()
    }

    /// Always `at`, shown at `offset` from UTC.
    pub fn fixed(at: DateTime<Utc>, offset: FixedOffset) -> Self {
        Clock {
            fixed: Some(at),
            offset: Some(offset),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(Utc::now)
    }

    /// `t` as the operator reads it.
    pub fn local(&self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        match self.offset {
            Some(offset) => t.with_timezone(&offset),
            None if system_zone().is_some() => t.with_timezone(&Local).fixed_offset(),
            // No name to say which zone: one offset for every date, the one the label gives.
            None => t.with_timezone(Local::now().offset()),
        }
    }

    pub fn local_now(&self) -> DateTime<FixedOffset> {
        self.local(self.now())
    }

    /// A wall-clock time the operator typed, in the zone times are shown in.
    pub fn from_local(&self, t: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self.offset {
            Some(offset) => offset.from_local_datetime(&t).single(),
            None => Local
                .from_local_datetime(&t)
                .earliest()
                .map(|t| t.fixed_offset()),
        }
        .map(|t| t.with_timezone(&Utc))
    }

    /// The zone times are shown in, as a label: `Europe/Paris`, or `UTC+01:00` when it is
    /// one offset.
    pub fn zone(&self) -> String {
        match (self.offset, system_zone()) {
            (None, Some(name)) => name.to_string(),
            _ => format!("UTC{}", self.local_now().format("%:z")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_shows_its_moment_at_its_offset_and_reads_typed_times_back() {
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
        let clock = Clock::fixed(at, FixedOffset::east_opt(3600).unwrap());
        assert_eq!(clock.now(), at);
        assert_eq!(clock.local_now().format("%H:%M").to_string(), "10:30");
        assert_eq!(clock.zone(), "UTC+01:00");
        let typed = NaiveDateTime::parse_from_str("2026-11-24 10:30", "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(clock.from_local(typed), Some(at));
        let west = Clock::fixed(at, FixedOffset::west_opt(5 * 3600).unwrap());
        assert_eq!(west.zone(), "UTC-05:00");
    }
}
