//! A job as the task list keeps it: what it is, how far it got, how it ended, and the
//! sentence said when it ends.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::api::Download;
use crate::units::human_bytes;

use super::record::{Facts, Record};
use super::{Failure, JobId, Outcome, Update};

/// What a job is, as the task list shows it.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A download; its file is named `path` when complete.
    Download { download: Download, path: PathBuf },
    /// A restore in a restore session, with its credential in words (never the secret).
    Restore { credential: String, session: String },
}

impl Kind {
    /// The restore session it works in.
    pub fn session(&self) -> &str {
        match self {
            Kind::Download { download, .. } => &download.session_id,
            Kind::Restore { session, .. } => session,
        }
    }
}

/// Where a job is.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Done so far (bytes or items), of how many when known.
    Running {
        done: u64,
        total: Option<u64>,
    },
    Finished {
        outcome: Outcome,
        elapsed: Duration,
    },
    Failed {
        failure: Failure,
        elapsed: Duration,
    },
}

#[derive(Clone, Debug)]
pub struct JobState {
    pub id: JobId,
    /// What it does, in words ("Inbox of Adele Vance as PST").
    pub title: String,
    pub kind: Kind,
    pub started: Instant,
    pub status: Status,
    /// Asked to stop; its last report says how it ended (it may have finished first).
    pub cancelling: bool,
    /// Who was signed in when it started: the Tasks page shows a job to that identity only.
    pub owner: Option<String>,
    /// Where it works, in words, for the details and the record.
    pub facts: Facts,
    /// When it started and ended, by the wall clock.
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl JobState {
    pub fn new(id: JobId, title: String, kind: Kind, started: Instant) -> Self {
        JobState {
            id,
            title,
            kind,
            started,
            status: Status::Running {
                done: 0,
                total: None,
            },
            cancelling: false,
            owner: None,
            facts: Facts::default(),
            started_at: DateTime::UNIX_EPOCH,
            ended_at: None,
        }
    }

    /// Works where `facts` say, from `at` on.
    pub fn at(mut self, facts: Facts, at: DateTime<Utc>) -> Self {
        self.facts = facts;
        self.started_at = at;
        self
    }

    /// The word the task list shows for where it is.
    pub fn word(&self) -> &'static str {
        match &self.status {
            Status::Running { .. } if self.is_restore() => "restoring",
            Status::Running { .. } if self.cancelling => "cancelling",
            Status::Running { .. } => "saving",
            Status::Failed { .. } => "failed",
            Status::Finished { outcome, .. } => match outcome {
                Outcome::Saved { .. } => "saved",
                Outcome::Cancelled => "cancelled",
                Outcome::Restored(stats) if stats.failed_items_count.unwrap_or(0) > 0 => {
                    "some failed"
                }
                Outcome::Restored(stats) if stats.sent.is_some() => "sent",
                Outcome::Restored(_) => "restored",
            },
        }
    }

    /// How it ended, in a sentence, with every error and warning the server gave.
    pub fn result(&self) -> Option<(String, Vec<String>, Vec<String>)> {
        Some(match &self.status {
            Status::Running { .. } => return None,
            Status::Failed { failure, .. } => (failure.reason.clone(), Vec::new(), Vec::new()),
            Status::Finished { outcome, .. } => match outcome {
                Outcome::Saved { bytes, .. } => (
                    format!("{} written", human_bytes(*bytes)),
                    Vec::new(),
                    Vec::new(),
                ),
                Outcome::Cancelled => (
                    "cancelled by the operator; no file is left behind".into(),
                    Vec::new(),
                    Vec::new(),
                ),
                Outcome::Restored(stats) => (stats.summary(), stats.errors(), stats.warnings()),
            },
        })
    }

    /// The record of an ended job: what, from and to where, with what, who, when, and how
    /// it ended. `None` while it runs.
    pub fn record(&self) -> Option<Record> {
        (!self.is_running()).then(|| self.as_record())
    }

    /// The job as its record reads, running or not (a running one's result says so).
    pub fn as_record(&self) -> Record {
        let (result, errors, warnings) = self
            .result()
            .unwrap_or_else(|| ("still running".into(), Vec::new(), Vec::new()));
        let (kind, with) = match &self.kind {
            Kind::Download { .. } => ("save", String::new()),
            Kind::Restore { credential, .. } if self.word() == "sent" => {
                ("send", credential.clone())
            }
            Kind::Restore { credential, .. } => ("restore", credential.clone()),
        };
        Record {
            kind: kind.into(),
            what: self.title.clone(),
            from: self.facts.from.clone(),
            to: self.facts.to.clone(),
            with,
            server: self.facts.server.clone(),
            who: self.facts.who.clone(),
            started: self.started_at,
            ended: self.ended_at.unwrap_or(self.started_at),
            state: self.word().into(),
            result,
            errors,
            warnings,
        }
    }

    /// Started by `owner` (the user name signed in).
    pub fn by(mut self, owner: Option<String>) -> Self {
        self.owner = owner;
        self
    }

    pub fn is_running(&self) -> bool {
        matches!(self.status, Status::Running { .. })
    }

    pub fn is_restore(&self) -> bool {
        matches!(self.kind, Kind::Restore { .. })
    }

    /// The restore session it works in: stopping that session interrupts it.
    pub fn session(&self) -> &str {
        self.kind.session()
    }

    /// The file a download is saved to.
    pub fn path(&self) -> Option<&Path> {
        match &self.kind {
            Kind::Download { path, .. } => Some(path),
            Kind::Restore { .. } => None,
        }
    }

    pub fn failure(&self) -> Option<&Failure> {
        match &self.status {
            Status::Failed { failure, .. } => Some(failure),
            _ => None,
        }
    }

    /// Applies an update; when it ends the job, returns the sentence to say, which names
    /// `tasks_key` as where the details are.
    pub fn apply(&mut self, update: Update, now: Instant, tasks_key: &str) -> Option<String> {
        if !self.is_running() {
            return None;
        }
        let elapsed = now.saturating_duration_since(self.started);
        self.status = match update {
            Update::Progress { done, total } => {
                self.status = Status::Running { done, total };
                return None;
            }
            Update::Finished(outcome) => Status::Finished { outcome, elapsed },
            Update::Failed(failure) => Status::Failed { failure, elapsed },
        };
        Some(self.sentence(tasks_key))
    }

    /// How an ended job is said on the status line.
    fn sentence(&self, tasks_key: &str) -> String {
        let title = &self.title;
        let name = self
            .path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match (&self.status, self.is_restore()) {
            (Status::Finished { outcome, .. }, _) => match outcome {
                Outcome::Saved { bytes, .. } if self.cancelling => format!(
                    "Saved {name} ({}): it was complete before the cancel reached it.",
                    human_bytes(*bytes)
                ),
                Outcome::Saved { bytes, .. } => format!("Saved {name} ({}).", human_bytes(*bytes)),
                Outcome::Restored(stats) if stats.sent.is_some() => {
                    format!("Sent {title} by e-mail.")
                }
                Outcome::Restored(stats) => format!(
                    "Restored {title}: {}. {tasks_key} shows the details.",
                    stats.summary()
                ),
                Outcome::Cancelled => format!("Cancelled {name}; the partial file is deleted."),
            },
            (_, true) => format!("Restoring {title} failed: {tasks_key} shows why."),
            (_, false) => format!("Saving {name} failed: {tasks_key} shows why."),
        }
    }

    /// Bytes a second since a download started.
    pub fn rate(&self, now: Instant) -> f64 {
        let (bytes, secs) = match (&self.status, &self.kind) {
            (Status::Running { done, .. }, Kind::Download { .. }) => (
                *done,
                now.saturating_duration_since(self.started).as_secs_f64(),
            ),
            (
                Status::Finished {
                    outcome: Outcome::Saved { bytes, .. },
                    elapsed,
                },
                _,
            ) => (*bytes, elapsed.as_secs_f64()),
            _ => return 0.0,
        };
        if secs > 0.0 { bytes as f64 / secs } else { 0.0 }
    }

    /// How long it ran: until now while it runs, until its end once it ended.
    pub fn elapsed(&self, now: Instant) -> Duration {
        match self.status {
            Status::Finished { elapsed, .. } | Status::Failed { elapsed, .. } => elapsed,
            Status::Running { .. } => now.saturating_duration_since(self.started),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Format, Source};

    fn download(id: JobId, started: Instant) -> JobState {
        let kind = Kind::Download {
            download: Download {
                session_id: "s".into(),
                source: Source::Organization,
                format: Format::Pst { split_bytes: None },
            },
            path: "/tmp/x.pst".into(),
        };
        JobState::new(id, "Inbox".into(), kind, started)
    }

    #[test]
    fn updates_move_a_job_until_it_ends_and_nothing_after() {
        let t0 = Instant::now();
        let mut job = download(1, t0);
        let progress = Update::Progress {
            done: 2 << 20,
            total: Some(4 << 20),
        };
        assert!(
            job.apply(progress, t0 + Duration::from_secs(1), "t")
                .is_none()
        );
        assert_eq!(job.rate(t0 + Duration::from_secs(2)), (1 << 20) as f64);
        let done = Update::Finished(Outcome::Saved {
            bytes: 4 << 20,
            path: "/tmp/x.pst".into(),
        });
        let said = job.apply(done, t0 + Duration::from_secs(2), "t");
        assert_eq!(said.as_deref(), Some("Saved x.pst (4.0 MB)."));
        let late = Update::failed("late");
        assert!(
            job.apply(late, t0, "t").is_none(),
            "an ended job stays as it ended"
        );
        assert!(matches!(job.status, Status::Finished { .. }));
    }

    #[test]
    fn a_failed_or_cancelled_job_stops_counting_its_time() {
        let t0 = Instant::now();
        let mut failed = download(1, t0);
        failed.apply(Update::failed("refused"), t0 + Duration::from_secs(2), "t");
        let later = t0 + Duration::from_secs(37);
        assert_eq!(failed.elapsed(later), Duration::from_secs(2));
        let mut cancelled = download(2, t0);
        cancelled.apply(
            Update::Finished(Outcome::Cancelled),
            t0 + Duration::from_secs(3),
            "t",
        );
        assert_eq!(cancelled.elapsed(later), Duration::from_secs(3));
    }

    #[test]
    fn the_sentence_names_the_key_that_shows_the_details() {
        let t0 = Instant::now();
        let mut job = download(1, t0);
        let said = job.apply(Update::failed("refused"), t0, "F5");
        assert_eq!(said.as_deref(), Some("Saving x.pst failed: F5 shows why."));
        let mut restore = JobState::new(
            2,
            "2 items".into(),
            Kind::Restore {
                credential: "device code".into(),
                session: "s1".into(),
            },
            t0,
        );
        let stats = crate::api::RestoreStats {
            total_items_count: Some(2),
            restored_items_count: Some(2),
            ..Default::default()
        };
        let said = restore.apply(
            Update::Finished(Outcome::Restored(Box::new(stats))),
            t0,
            "t",
        );
        assert!(said.unwrap().ends_with(". t shows the details."));
    }
}
