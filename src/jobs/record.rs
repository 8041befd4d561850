//! The operator's record: one JSON line per finished task, kept in the state directory and
//! read back at start so the Tasks page shows what earlier runs did. A line holds words and
//! times only, never a secret, a token or a device code; nothing is ever sent because of a
//! line read here.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a task works, in words, known when it starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The restore session it works in: "restore session of Contoso (1a2b3c4d)".
    pub from: String,
    /// Where it goes: the mailbox, OneDrive or site it goes back into, another place, an
    /// e-mail address, or the file.
    pub to: String,
    /// The server it was sent to.
    pub server: String,
    /// Who was signed in, and as what: "administrator (administrator)".
    pub who: String,
}

/// One finished task.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Record {
    /// `restore`, `send` or `save`.
    pub kind: String,
    pub what: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// How it signed in to Microsoft 365, in words (a restore's; empty for a save).
    #[serde(default)]
    pub with: String,
    #[serde(default)]
    pub server: String,
    #[serde(default)]
    pub who: String,
    pub started: DateTime<Utc>,
    pub ended: DateTime<Utc>,
    /// The word the Tasks page shows: saved, restored, some failed, sent, failed, cancelled.
    pub state: String,
    /// How it ended, in a sentence.
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub errors: Vec<String>,
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl Record {
    /// The line the record file keeps (no newline).
    pub fn line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Every readable line of a record file, newest first; a line that does not read (a
    /// half-written last line, an edit by hand) is left out, not fatal.
    pub fn read_all(text: &str) -> Vec<Record> {
        let mut all: Vec<Record> = text
            .lines()
            .filter_map(|l| serde_json::from_str(l.trim()).ok())
            .collect();
        all.sort_by_key(|r| std::cmp::Reverse(r.ended));
        all
    }

    /// Whether any of its words contains `query` (any case).
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return true;
        }
        [
            &self.what,
            &self.from,
            &self.to,
            &self.with,
            &self.who,
            &self.state,
            &self.result,
        ]
        .iter()
        .any(|s| s.to_lowercase().contains(&q))
            || self
                .errors
                .iter()
                .chain(&self.warnings)
                .any(|s| s.to_lowercase().contains(&q))
    }
}

/// Adds a record as the last line of the file at `path`, the folder made when missing; the
/// file is the operator's alone (mode 600), as the log is.
pub fn append(path: &std::path::Path, record: &Record) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // One write per line, so a line is never interleaved with another run's.
    file.write_all(format!("{}\n", record.line()).as_bytes())
}

/// The records of the file at `path`, newest first; none when there is no file yet.
pub fn load(path: &std::path::Path) -> Vec<Record> {
    std::fs::read_to_string(path)
        .map(|text| Record::read_all(&text))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(what: &str, ended: &str) -> Record {
        Record {
            kind: "restore".into(),
            what: what.into(),
            from: "restore session of Contoso".into(),
            to: "mailbox Lee Gu, where it was".into(),
            with: "restore device code".into(),
            server: "https://vb365:4443".into(),
            who: "administrator".into(),
            started: ended.parse().unwrap(),
            ended: ended.parse().unwrap(),
            state: "restored".into(),
            result: "1 of 1 restored".into(),
            errors: vec![],
            warnings: vec!["Lee Gu: item skipped".into()],
        }
    }

    #[test]
    fn lines_read_back_newest_first_and_a_broken_line_is_left_out() {
        let a = record("“Invoice” from Lee Gu › Inbox", "2026-12-01T09:00:00Z");
        let b = record("Budget.xlsx", "2026-12-02T09:00:00Z");
        let text = format!("{}\n{{\"kind\": \"resto\n{}\n", a.line(), b.line());
        assert_eq!(Record::read_all(&text), vec![b, a]);
    }

    #[test]
    fn a_record_appended_is_read_back_and_the_file_is_the_operators_alone() {
        let dir = std::env::temp_dir().join(format!("vb365-record-{}", std::process::id()));
        let path = dir.join("state").join("tasks.jsonl");
        let a = record("one", "2026-12-01T09:00:00Z");
        let b = record("two", "2026-12-01T10:00:00Z");
        append(&path, &a).unwrap();
        append(&path, &b).unwrap();
        assert_eq!(load(&path), vec![b, a]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert!(load(&dir.join("none.jsonl")).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_filter_finds_words_anywhere_in_the_record() {
        let r = record("“Invoice” from Lee Gu › Inbox", "2026-12-01T09:00:00Z");
        assert!(r.matches("invoice"));
        assert!(r.matches("LEE GU"));
        assert!(r.matches("skipped"), "warnings are searched too");
        assert!(r.matches(""));
        assert!(!r.matches("budget"));
    }
}
