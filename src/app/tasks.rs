//! Tasks: work that outlives the page it was started from (downloads and restores). The app keeps
//! them in `Shared`, so the Tasks page, the footer counter and the quit question read one
//! list; their reports reach the list whatever page is on screen.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::api::Download;
use crate::restore::RestoreUpdate;
use crate::save::SaveUpdate;

use super::shared::RequestId;

/// What a save form offers: the session, what can be saved from where the operator stands
/// (each with its words: "3 items from Adele Vance › Inbox", "mailbox Adele Vance"), and a
/// format to start with.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveOffer {
    pub session_id: String,
    pub choices: Vec<SaveChoice>,
    pub format: Option<crate::api::Format>,
}

/// One thing a save form can save.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveChoice {
    pub source: crate::api::Source,
    /// What it is, in words: "3 items from Adele Vance › Inbox".
    pub words: String,
    /// The start of the file name: "Adele_Vance-Inbox".
    pub stem: String,
}

impl SaveChoice {
    pub fn new(source: crate::api::Source, words: String, stem: &str) -> Self {
        SaveChoice {
            source,
            words,
            stem: file_safe(stem),
        }
    }
}

/// A name safe in any file system: letters, digits, `-` and `.`; runs of anything else
/// become one `_`.
pub fn file_safe(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '-' || c == '.' {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches(['_', '.']).chars().take(60).collect()
}

#[derive(Clone, Debug, PartialEq)]
pub enum TaskState {
    Running {
        bytes: u64,
        total: Option<u64>,
    },
    Done {
        bytes: u64,
        elapsed: Duration,
    },
    Failed {
        reason: String,
        outlook_missing: bool,
    },
    Cancelled,
    /// A restore sent; v8 counts the items processed so far.
    Restoring {
        processed: u64,
        total: Option<u64>,
    },
    /// A restore ended, with what the server counted and every warning and error text.
    Restored {
        stats: Box<crate::api::RestoreStats>,
        elapsed: Duration,
    },
}

#[derive(Clone, Debug)]
pub struct Task {
    pub id: RequestId,
    /// What is saved, in words ("Inbox of Adele Vance as PST").
    pub title: String,
    pub job: Job,
    /// The name the file gets when complete.
    pub path: PathBuf,
    pub started: Instant,
    pub state: TaskState,
    /// Asked to stop; its last report says how it ended (it may have finished first).
    pub cancelling: bool,
}

/// What a task does: a download (its file named by the task's path), or a restore.
#[derive(Clone, Debug)]
pub enum Job {
    Download(Download),
    /// What is restored and with which credential, in words (never the secret).
    Restore {
        credential: String,
    },
}

impl Task {
    pub fn is_running(&self) -> bool {
        matches!(
            self.state,
            TaskState::Running { .. } | TaskState::Restoring { .. }
        )
    }
    pub fn is_restore(&self) -> bool {
        matches!(self.job, Job::Restore { .. })
    }

    /// Bytes a second since it started.
    pub fn rate(&self, now: Instant) -> f64 {
        let (bytes, secs) = match self.state {
            TaskState::Running { bytes, .. } => (
                bytes,
                now.saturating_duration_since(self.started).as_secs_f64(),
            ),
            TaskState::Done { bytes, elapsed } => (bytes, elapsed.as_secs_f64()),
            _ => return 0.0,
        };
        if secs > 0.0 { bytes as f64 / secs } else { 0.0 }
    }

    pub fn elapsed(&self, now: Instant) -> Duration {
        match self.state {
            TaskState::Done { elapsed, .. } | TaskState::Restored { elapsed, .. } => elapsed,
            _ => now.saturating_duration_since(self.started),
        }
    }
}

#[derive(Debug, Default)]
pub struct Tasks {
    list: Vec<Task>,
}

impl Tasks {
    pub fn add(&mut self, task: Task) {
        self.list.push(task);
    }

    /// Newest first, as the Tasks page lists them.
    pub fn newest_first(&self) -> impl Iterator<Item = &Task> {
        self.list.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn get(&self, id: RequestId) -> Option<&Task> {
        self.list.iter().find(|t| t.id == id)
    }

    pub fn running(&self) -> usize {
        self.list.iter().filter(|t| t.is_running()).count()
    }

    /// Running restores (the rest of the running tasks are downloads).
    pub fn restoring(&self) -> usize {
        self.list
            .iter()
            .filter(|t| t.is_running() && t.is_restore())
            .count()
    }

    /// Applies a report; returns the task when this report ended it.
    pub fn update(&mut self, id: RequestId, update: SaveUpdate, now: Instant) -> Option<&Task> {
        let task = self.list.iter_mut().find(|t| t.id == id)?;
        if !task.is_running() {
            return None;
        }
        task.state = match update {
            SaveUpdate::Progress { bytes, total } => {
                task.state = TaskState::Running { bytes, total };
                return None;
            }
            SaveUpdate::Done { bytes, .. } => TaskState::Done {
                bytes,
                elapsed: now.saturating_duration_since(task.started),
            },
            SaveUpdate::Exists => TaskState::Failed {
                reason: format!(
                    "{} exists now; it was not replaced and nothing was downloaded.",
                    task.path.display()
                ),
                outlook_missing: false,
            },
            SaveUpdate::Failed {
                reason,
                outlook_missing,
            } => TaskState::Failed {
                reason,
                outlook_missing,
            },
            SaveUpdate::Cancelled => TaskState::Cancelled,
        };
        Some(task)
    }

    /// Applies a restore's report; returns the task when this report ended it.
    pub fn update_restore(
        &mut self,
        id: RequestId,
        update: RestoreUpdate,
        now: Instant,
    ) -> Option<&Task> {
        let task = self.list.iter_mut().find(|t| t.id == id)?;
        if !task.is_running() {
            return None;
        }
        task.state = match update {
            RestoreUpdate::Progress { processed, total } => {
                task.state = TaskState::Restoring { processed, total };
                return None;
            }
            RestoreUpdate::Done(stats) => TaskState::Restored {
                stats,
                elapsed: now.saturating_duration_since(task.started),
            },
            RestoreUpdate::Failed(reason) => TaskState::Failed {
                reason,
                outlook_missing: false,
            },
        };
        Some(task)
    }

    /// Asks a running task to stop; it stays running until its last report, which says
    /// whether it stopped (its partial file deleted) or had already finished.
    pub fn cancel(&mut self, id: RequestId) -> bool {
        match self.list.iter_mut().find(|t| t.id == id) {
            // A restore sent cannot be called back.
            Some(t) if t.is_running() && !t.cancelling && !t.is_restore() => {
                t.cancelling = true;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Format, Source};

    fn task(id: RequestId, started: Instant) -> Task {
        Task {
            id,
            title: "Inbox".into(),
            job: Job::Download(Download {
                session_id: "s".into(),
                source: Source::Organization,
                format: Format::Pst { split_bytes: None },
            }),
            path: "/tmp/x.pst".into(),
            started,
            state: TaskState::Running {
                bytes: 0,
                total: None,
            },
            cancelling: false,
        }
    }

    #[test]
    fn reports_move_a_task_until_it_ends_and_nothing_after() {
        let t0 = Instant::now();
        let mut tasks = Tasks::default();
        tasks.add(task(1, t0));
        let progress = SaveUpdate::Progress {
            bytes: 2 << 20,
            total: Some(4 << 20),
        };
        assert!(
            tasks
                .update(1, progress, t0 + Duration::from_secs(1))
                .is_none()
        );
        assert_eq!(
            tasks.get(1).unwrap().rate(t0 + Duration::from_secs(2)),
            (1 << 20) as f64
        );
        assert_eq!(tasks.running(), 1);
        let done = SaveUpdate::Done {
            bytes: 4 << 20,
            path: "/tmp/x.pst".into(),
        };
        assert!(tasks.update(1, done, t0 + Duration::from_secs(2)).is_some());
        assert_eq!(tasks.running(), 0);
        let late = SaveUpdate::Failed {
            reason: "late".into(),
            outlook_missing: false,
        };
        assert!(
            tasks.update(1, late, t0).is_none(),
            "an ended task stays as it ended"
        );
        assert!(matches!(
            tasks.get(1).unwrap().state,
            TaskState::Done { .. }
        ));
    }

    #[test]
    fn a_cancel_waits_for_the_last_report_which_says_how_it_ended() {
        let t0 = Instant::now();
        let mut tasks = Tasks::default();
        tasks.add(task(7, t0));
        tasks.add(task(8, t0));
        assert!(tasks.cancel(7));
        assert!(!tasks.cancel(7), "asked once");
        assert_eq!(tasks.running(), 2, "still running until it reports");
        tasks.update(7, SaveUpdate::Cancelled, t0);
        assert_eq!(tasks.get(7).unwrap().state, TaskState::Cancelled);
        // One that finished before the cancel reached it is saved, as it is on disk.
        assert!(tasks.cancel(8));
        let done = SaveUpdate::Done {
            bytes: 10,
            path: "/tmp/x.pst".into(),
        };
        tasks.update(8, done, t0);
        assert!(matches!(
            tasks.get(8).unwrap().state,
            TaskState::Done { .. }
        ));
    }
}
