//! What changes on its own: runs of jobs that start, log and end, and the change feed that
//! tells a client about them: `/Events` on v8 (ids and eTags, long-polled) and
//! `JobSessions/Changes` on v7 (whole sessions). A change token is the place in the feed of
//! the next change to read; the feed keeps the last `KEEP` changes, and a token older than
//! that is refused as outdated, as the server does.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use tokio::time::{Duration, Instant};

use super::{Dashboard, Job, Processed, Session};
use crate::sim::data;

/// Changes the feed keeps.
const KEEP: usize = 10_000;

/// The change feed: events in order, the first one at place `first`. Places start at 1, so
/// that what was seeded (place 0) is older than any token.
#[derive(Clone, Debug)]
pub struct Feed {
    first: u64,
    events: VecDeque<Value>,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            first: 1,
            events: VecDeque::new(),
        }
    }
}

/// What a token asks for.
#[derive(Debug, PartialEq)]
pub enum Since {
    /// Changes from this place on.
    At(u64),
    /// The token is older than what the feed keeps.
    Outdated,
    /// Not a token this server gave.
    Unknown,
}

impl Feed {
    /// The place the next change will take: the token `latest` stands for.
    pub fn latest(&self) -> u64 {
        self.first + self.events.len() as u64
    }

    /// Reads a token: `latest`, or a place this feed gave.
    pub fn since(&self, token: &str) -> Since {
        if token.eq_ignore_ascii_case("latest") {
            return Since::At(self.latest());
        }
        match token.parse::<u64>() {
            Ok(at) if at < self.first => Since::Outdated,
            Ok(at) if at <= self.latest() => Since::At(at),
            _ => Since::Unknown,
        }
    }

    /// At most `limit` events from place `at`, and the token after them.
    pub fn read(&self, at: u64, limit: usize) -> (Vec<Value>, u64) {
        let skip = at.saturating_sub(self.first) as usize;
        let events: Vec<Value> = self.events.iter().skip(skip).take(limit).cloned().collect();
        let next = at + events.len() as u64;
        (events, next)
    }

    /// Adds an event; returns its place.
    fn push(&mut self, event: Value) -> u64 {
        let at = self.latest();
        self.events.push_back(event);
        while self.events.len() > KEEP {
            self.events.pop_front();
            self.first += 1;
        }
        at
    }

    /// Forgets every change so far: every token given before is outdated (for tests). One
    /// place is skipped, so that even the latest token given is.
    pub fn forget(&mut self) {
        self.first = self.latest() + 1;
        self.events.clear();
    }
}

/// A run under way, and how it will end.
#[derive(Clone, Debug)]
pub struct Run {
    pub session_id: String,
    pub started: Instant,
    /// Success, Warning or Failed.
    pub outcome: &'static str,
    /// Users that fail (or warn) when it ends.
    pub bad: u64,
    /// 0 started, 1 processing, 2 ended.
    stage: u8,
}

/// Users a run processes.
const USERS: u64 = 24;

/// Why the sim refuses to start or stop a job.
#[derive(Debug)]
pub enum Refusal {
    Missing,
    /// The words of a 400 with `OperationConflict`.
    Conflict(&'static str),
}

impl Dashboard {
    pub fn job_mut(&mut self, id: &str) -> Option<&mut Job> {
        self.jobs.iter_mut().find(|j| j.id.eq_ignore_ascii_case(id))
    }

    /// A job by id or by name (the control endpoint names jobs the way people do).
    pub fn find_job(&self, id_or_name: &str) -> Option<String> {
        self.jobs
            .iter()
            .find(|j| j.id.eq_ignore_ascii_case(id_or_name) || j.name == id_or_name)
            .map(|j| j.id.clone())
    }

    /// Tells the feed a job changed (its eTag moves on).
    pub fn job_changed(&mut self, job_id: &str) {
        let Some(job) = self.job_mut(job_id) else {
            return;
        };
        job.etag += 1;
        let event = json!({
            "eventType": "JobUpdate",
            "id": job.id,
            "eTag": job.etag,
            "jobType": if job.copy_of.is_some() { "Copy" } else { "Backup" },
        });
        self.feed.push(event);
    }

    /// Tells the feed a session changed (its eTag moves on), and the job with it.
    fn session_changed(&mut self, session_id: &str) {
        let at = self.feed.latest();
        let Some(job) = self
            .jobs
            .iter_mut()
            .find(|j| j.sessions.iter().any(|s| s.id == session_id))
        else {
            return;
        };
        let copy = job.copy_of.is_some();
        let job_id = job.id.clone();
        let Some(s) = job.sessions.iter_mut().find(|s| s.id == session_id) else {
            return;
        };
        s.etag += 1;
        s.changed = at;
        let event = json!({
            "eventType": "JobSessionUpdate",
            "id": s.id,
            "eTag": s.etag,
            "jobId": job_id,
            "status": s.status,
            "jobType": if copy { "Copy" } else { "Backup" },
        });
        self.feed.push(event);
        self.job_changed(&job_id);
    }

    /// Starts a run of a job that ends as `outcome` with `bad` users failed or warned.
    pub fn start_run(
        &mut self,
        job_id: &str,
        full: bool,
        outcome: &'static str,
        bad: u64,
        now: DateTime<Utc>,
    ) -> Result<String, Refusal> {
        let id = data::uuid_for(68, self.feed.latest());
        let job = self.job_mut(job_id).ok_or(Refusal::Missing)?;
        if !job.enabled {
            return Err(Refusal::Conflict(
                "The job is disabled: enable it before starting it.",
            ));
        }
        if job.sessions.first().is_some_and(|s| s.status == "Running") {
            return Err(Refusal::Conflict("The job is already running."));
        }
        let kind = if full {
            "Active full backup"
        } else {
            "Incremental backup"
        };
        job.sessions.insert(
            0,
            Session {
                id: id.clone(),
                job_id: job.id.clone(),
                repository_id: job.repository_id.clone(),
                copy: job.copy_of.is_some(),
                start: now,
                end: None,
                status: "Running",
                details: format!("{kind} started"),
                log: vec![("Running", format!("{kind} started"))],
                processed: Vec::new(),
                transferred: 0,
                etag: 0,
                changed: 0,
            },
        );
        self.runs.push(Run {
            session_id: id.clone(),
            started: Instant::now(),
            outcome,
            bad,
            stage: 0,
        });
        self.session_changed(&id);
        Ok(id)
    }

    /// Stops a job's run under way.
    pub fn stop_run(&mut self, job_id: &str, now: DateTime<Utc>) -> Result<(), Refusal> {
        let job = self.job_mut(job_id).ok_or(Refusal::Missing)?;
        let Some(s) = job.sessions.first_mut().filter(|s| s.status == "Running") else {
            return Err(Refusal::Conflict("The job is not running."));
        };
        s.status = "Stopped";
        s.end = Some(now);
        s.details = "Stopped by the administrator".into();
        s.log
            .push(("Stop", "Job stopped by the administrator".into()));
        let id = s.id.clone();
        self.runs.retain(|r| r.session_id != id);
        self.session_changed(&id);
        Ok(())
    }

    /// Moves runs on: each logs what it processes after one `step` and ends after two.
    /// Returns whether anything changed.
    pub fn tick(&mut self, now: DateTime<Utc>, step: Duration) -> bool {
        self.syncs.tick(now, step);
        let mut changed = Vec::new();
        for run in &mut self.runs {
            let due = match step.as_millis() {
                0 => 2,
                ms => (run.started.elapsed().as_millis() / ms).min(2) as u8,
            };
            while run.stage < due {
                run.stage += 1;
                changed.push((run.clone(), run.stage));
            }
        }
        self.runs.retain(|r| r.stage < 2);
        let any = !changed.is_empty();
        for (run, stage) in changed {
            self.advance(&run, stage, now);
            self.session_changed(&run.session_id);
        }
        any
    }

    fn advance(&mut self, run: &Run, stage: u8, now: DateTime<Utc>) {
        let Some(s) = self
            .jobs
            .iter_mut()
            .flat_map(|j| j.sessions.iter_mut())
            .find(|s| s.id == run.session_id)
        else {
            return;
        };
        if stage == 1 {
            s.log.push(("Running", format!("Processing {USERS} users")));
            s.details = format!("Processing {USERS} users");
            // Half way: half the users read, and the data so far.
            s.processed = (0..USERS / 2)
                .map(|u| Processed {
                    id: data::uuid_for(65, u),
                    kind: "User",
                    status: "Success",
                })
                .collect();
            s.transferred = 1_500 << 20;
            return;
        }
        let bad = run.bad.min(USERS);
        let mark = if run.outcome == "Warning" {
            "Warning"
        } else {
            "Failed"
        };
        s.processed = (0..USERS)
            .map(|u| Processed {
                id: data::uuid_for(65, u),
                kind: "User",
                status: if u < bad { mark } else { "Success" },
            })
            .collect();
        for u in 0..bad {
            let kind = if mark == "Failed" { "Error" } else { "Warning" };
            let who = data::mailbox(u)["name"]
                .as_str()
                .unwrap_or("user")
                .to_string();
            s.log.push((
                kind,
                format!(
                    "{who}: Exchange Online throttled the request (HTTP 429) and retries ran out"
                ),
            ));
        }
        let (status, words) = match run.outcome {
            "Success" => (
                "Success",
                format!("Job finished: {USERS} of {USERS} users processed"),
            ),
            "Warning" => (
                "Warning",
                format!("Job finished with warnings: {bad} of {USERS} users"),
            ),
            _ => (
                "Failed",
                format!("Job finished with errors: {bad} of {USERS} users failed"),
            ),
        };
        s.log
            .push((if status == "Failed" { "Stop" } else { status }, words));
        s.details = match status {
            "Success" => format!("{USERS} of {USERS} users processed"),
            "Warning" => format!("{bad} of {USERS} users warned"),
            _ => format!("{bad} of {USERS} users failed"),
        };
        s.status = status;
        s.end = Some(now);
        s.transferred = USERS * 40 * (1 << 20);
    }

    /// v7's `JobSessions/Changes`: sessions changed from place `at` on, oldest change first.
    pub fn changed_sessions(&self, at: u64, limit: usize) -> (Vec<&Session>, u64) {
        let mut all: Vec<&Session> = self
            .jobs
            .iter()
            .flat_map(|j| &j.sessions)
            .filter(|s| s.changed >= at)
            .collect();
        all.sort_by_key(|s| s.changed);
        if all.len() <= limit {
            return (all, self.feed.latest());
        }
        all.truncate(limit);
        let next = all.last().map_or(at, |s| s.changed + 1);
        (all, next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Dashboard {
        let epoch = crate::sim::data::Epoch::last_night_before(Utc::now());
        super::super::seed(&crate::sim::data::seed_organizations(epoch), epoch)
    }

    #[test]
    fn a_run_starts_logs_and_ends_telling_the_feed_each_time() {
        let mut d = demo();
        let job = d.jobs[1].id.clone();
        let now = Utc::now();
        let start = d.feed.latest();
        let id = d.start_run(&job, false, "Warning", 2, now).unwrap();
        assert!(matches!(
            d.start_run(&job, false, "Success", 0, now),
            Err(Refusal::Conflict(_))
        ));
        // A step of nothing: it processes and ends at once.
        assert!(d.tick(now, Duration::ZERO));
        let s = d.session(&id).unwrap();
        assert_eq!((s.status, s.processed.len()), ("Warning", 24));
        assert_eq!(s.details, "2 of 24 users warned");
        assert!(d.runs.is_empty());
        // Each change of the session and of its job is an event, in order.
        let (events, _) = d.feed.read(start, 100);
        let kinds: Vec<&str> = events
            .iter()
            .filter_map(|e| e["eventType"].as_str())
            .collect();
        assert_eq!(kinds, ["JobSessionUpdate", "JobUpdate"].repeat(3));
        assert_eq!(events[4]["status"], "Warning");
        // v7's changes give the session once, as it is now.
        let (changed, next) = d.changed_sessions(start, 100);
        assert_eq!(changed.len(), 1);
        assert_eq!(next, d.feed.latest());
        // A disabled job is not started; one not running is not stopped.
        let off = d.jobs[3].id.clone();
        assert!(matches!(
            d.start_run(&off, false, "Success", 0, now),
            Err(Refusal::Conflict(_))
        ));
        assert!(matches!(d.stop_run(&job, now), Err(Refusal::Conflict(_))));
    }

    #[test]
    fn tokens_are_places_and_old_ones_are_outdated() {
        let mut feed = Feed::default();
        assert_eq!(feed.since("latest"), Since::At(1));
        feed.push(json!({"eventType": "JobUpdate"}));
        feed.push(json!({"eventType": "JobDelete"}));
        assert_eq!(feed.since("2"), Since::At(2));
        let (events, next) = feed.read(2, 10);
        assert_eq!((events.len(), next), (1, 3));
        assert_eq!(feed.since("4"), Since::Unknown);
        assert_eq!(feed.since("abc"), Since::Unknown);
        feed.forget();
        assert_eq!(feed.since("2"), Since::Outdated);
        assert_eq!(feed.since("3"), Since::Outdated, "even the latest given");
        assert_eq!(feed.since("latest"), Since::At(4));
    }
}
