//! The task list: the jobs of this run (downloads and restores), kept in `Shared` so the
//! Tasks page, the footer counter and the quit question read one list; their updates reach
//! the list whatever page is on screen.

use std::time::Instant;

use crate::jobs::{JobState, Update};

use super::command::RequestId;
use super::route_args::RestoreOffer;

#[derive(Debug, Default)]
pub struct Tasks {
    list: Vec<JobState>,
    /// Each restore's form as it was sent, without its secret, to fill again for a retry.
    again: std::collections::HashMap<RequestId, RestoreOffer>,
}

impl Tasks {
    /// Keeps the form a restore was sent from, for `r` on Tasks.
    pub fn keep_again(&mut self, id: RequestId, offer: RestoreOffer) {
        self.again.insert(id, offer);
    }

    /// The form a restore was sent from, as it was.
    pub fn again(&self, id: RequestId) -> Option<&RestoreOffer> {
        self.again.get(&id)
    }

    pub fn add(&mut self, job: JobState) {
        self.list.push(job);
    }

    /// Newest first, as the Tasks page lists them.
    pub fn newest_first(&self) -> impl Iterator<Item = &JobState> {
        self.list.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn get(&self, id: RequestId) -> Option<&JobState> {
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

    /// Running restores and downloads in these restore sessions: what stopping them
    /// interrupts.
    pub fn running_in(&self, sessions: &[String]) -> (usize, usize) {
        let inside = self
            .list
            .iter()
            .filter(|t| t.is_running() && sessions.iter().any(|s| s == t.session()));
        inside.fold((0, 0), |(r, d), t| {
            if t.is_restore() {
                (r + 1, d)
            } else {
                (r, d + 1)
            }
        })
    }

    /// Running downloads, to stop when leaving.
    pub fn running_downloads(&self) -> Vec<RequestId> {
        self.list
            .iter()
            .filter(|t| t.is_running() && !t.is_restore())
            .map(|t| t.id)
            .collect()
    }

    /// Applies a job's update; when it ended the job, returns the sentence to say. `at` is
    /// the wall-clock time, for the record.
    pub fn update(
        &mut self,
        id: RequestId,
        update: Update,
        now: Instant,
        at: chrono::DateTime<chrono::Utc>,
        tasks_key: &str,
    ) -> Option<String> {
        let job = self.list.iter_mut().find(|t| t.id == id)?;
        let said = job.apply(update, now, tasks_key)?;
        job.ended_at = Some(at);
        Some(said)
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
    use std::time::Duration;

    use super::*;
    use crate::api::{Download, Format, Source};
    use crate::jobs::{Kind, Outcome, Status};

    fn task(id: RequestId, started: Instant) -> JobState {
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
    fn updates_reach_their_task_until_it_ends() {
        let t0 = Instant::now();
        let mut tasks = Tasks::default();
        tasks.add(task(1, t0));
        tasks.add(task(2, t0));
        let progress = Update::Progress {
            done: 1,
            total: None,
        };
        assert!(
            tasks
                .update(1, progress, t0, chrono::DateTime::UNIX_EPOCH, "t")
                .is_none()
        );
        assert_eq!(tasks.running(), 2);
        let saved = Update::Finished(Outcome::Saved {
            bytes: 1,
            path: "/tmp/x.pst".into(),
        });
        let t1 = t0 + Duration::from_secs(1);
        assert!(
            tasks
                .update(1, saved, t1, chrono::DateTime::UNIX_EPOCH, "t")
                .is_some()
        );
        assert_eq!(tasks.running(), 1);
        assert!(
            tasks
                .update(
                    9,
                    Update::failed("x"),
                    t1,
                    chrono::DateTime::UNIX_EPOCH,
                    "t"
                )
                .is_none()
        );
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
        tasks.update(
            7,
            Update::Finished(Outcome::Cancelled),
            t0,
            chrono::DateTime::UNIX_EPOCH,
            "t",
        );
        assert!(matches!(
            tasks.get(7).unwrap().status,
            Status::Finished {
                outcome: Outcome::Cancelled,
                ..
            }
        ));
        // One that finished before the cancel reached it is saved, as it is on disk.
        assert!(tasks.cancel(8));
        let done = Update::Finished(Outcome::Saved {
            bytes: 10,
            path: "/tmp/x.pst".into(),
        });
        let said = tasks
            .update(8, done, t0, chrono::DateTime::UNIX_EPOCH, "t")
            .unwrap();
        assert!(
            said.contains("complete before the cancel reached it"),
            "{said}"
        );
    }
}
