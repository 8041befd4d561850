//! Quantities in words.

/// "3,400" for 3400.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 1.5 MB, 340 KB, 12 B (powers of 1024, as file managers show them).
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    match unit {
        0 => format!("{n} B"),
        _ if v >= 100.0 => format!("{v:.0} {}", UNITS[unit]),
        _ => format!("{v:.1} {}", UNITS[unit]),
    }
}

/// An age as people say it: "42 min", "35 h", "4 days".
pub fn age(d: chrono::Duration) -> String {
    match d.num_hours() {
        h if h < 1 => format!("{} min", d.num_minutes().max(0)),
        h if h < 48 => format!("{h} h"),
        h => format!("{} days", h / 24),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(1536), "1.5 KB");
        assert_eq!(human_bytes(4 << 20), "4.0 MB");
        assert_eq!(human_bytes(300 << 20), "300 MB");
    }

    #[test]
    fn ages_read_as_people_say_them() {
        assert_eq!(age(chrono::Duration::minutes(42)), "42 min");
        assert_eq!(age(chrono::Duration::hours(35)), "35 h");
        assert_eq!(age(chrono::Duration::hours(100)), "4 days");
    }
}
