//! The morning view, kept up to date. On v8 one long-poll of `/Events` says what changed: a
//! job session's update reads that session by id, a job's update that job. On an error, an
//! outdated token or a dropped connection it backs off, starts again from `latest` and reads
//! the job lists once, since missed events are not replayed. v7 asks `JobSessions/Changes`
//! every `CHANGES_EVERY`; v6 reads everything every `every`. What has no events
//! (organizations, repositories, proxies, licence, health) is read every `every` on all
//! versions. Each change is reported as the whole morning; the page draws only if it differs.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};
use tokio_util::sync::CancellationToken;

use crate::api::dashboard::{HISTORY, Liveness, Morning};
use crate::api::models::{FeedEvent, Job, JobSession};
use crate::api::version::ApiVersion;
use crate::api::{ApiError, Client};

/// How long the server is asked to hold a long-poll of `/Events`.
pub const FEED_WAIT: Duration = Duration::from_secs(25);
/// How often v7's `JobSessions/Changes` is asked.
pub const CHANGES_EVERY: Duration = Duration::from_secs(15);
/// The longest wait before connecting the feed again.
const MOST_BACKOFF: Duration = Duration::from_secs(60);

/// What the feed task tells the watcher.
#[derive(Debug)]
enum Heard {
    /// Connected (again) from `latest`: what happened meanwhile is unknown.
    Connected {
        first: bool,
    },
    Events(Vec<FeedEvent>),
    /// v7: sessions that changed.
    Sessions(Vec<JobSession>),
    Lost(String),
}

/// Reads the morning now and keeps it up to date until cancelled, reporting it after each
/// change.
pub async fn watch_morning(
    client: Client,
    every: Duration,
    cancel: CancellationToken,
    report: impl Fn(Morning) + Send,
) {
    let v = client.version();
    let (tx, mut heard) = mpsc::channel(16);
    let feed = cancel.child_token();
    if v >= ApiVersion::V7 {
        tokio::spawn(listen(client.clone(), tx, feed.clone()));
    }
    let _stop_feed = feed.drop_guard();
    let mut m = tokio::select! {
        _ = cancel.cancelled() => return,
        m = client.morning_lists() => m,
    };
    m.live = Liveness::Polling;
    report(m.clone());
    if m.reading_sessions {
        // Before v8 the rows show first; each job's last nights follow.
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = client.read_rest(&mut m) => {}
        }
        report(m.clone());
    }
    let mut next_read = Instant::now() + every;
    loop {
        tokio::select! {
            _ = cancel.cancelled() => return,
            Some(h) = heard.recv() => {
                tokio::select! {
                    _ = cancel.cancelled() => return,
                    _ = take(&client, &mut m, h) => {}
                }
                // The page compares it with what it shows and draws only if it differs.
                report(m.clone());
            }
            _ = sleep_until(next_read) => {
                tokio::select! {
                    _ = cancel.cancelled() => return,
                    _ = read_again(&client, &mut m) => {}
                }
                next_read = Instant::now() + every;
                report(m.clone());
            }
        }
    }
}

/// Reads what the server page shows (organizations, repositories, proxies, licence, health)
/// now and every `every` until cancelled, reporting each read; a part that fails keeps what
/// was read before and says why in `unread`.
pub async fn watch_unevented(
    client: Client,
    every: Duration,
    cancel: CancellationToken,
    report: impl Fn(Morning) + Send,
) {
    let mut m = Morning::default();
    loop {
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = client.read_server(&mut m) => {}
        }
        report(m.clone());
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}

/// The reads due every minute: everything on v6 and while the feed is down, else only what
/// has no events.
async fn read_again(client: &Client, m: &mut Morning) {
    let feed_down = matches!(m.live, Liveness::Polling | Liveness::Reconnecting { .. });
    if feed_down {
        let mut rest = m.clone();
        tokio::join!(client.read_jobs(m), client.read_unevented(&mut rest));
        m.take_unevented(rest);
    } else {
        client.read_unevented(m).await;
    }
}

/// Folds what the feed heard into the morning.
async fn take(client: &Client, m: &mut Morning, heard: Heard) {
    match heard {
        Heard::Connected { first } => {
            m.live = live_kind(client.version());
            if !first {
                // Events while the feed was down are not replayed: read the lists once.
                client.read_jobs(m).await;
            }
        }
        Heard::Lost(why) => {
            if !matches!(m.live, Liveness::Reconnecting { .. }) {
                let since = client.now();
                m.live = Liveness::Reconnecting { since, why };
            }
        }
        Heard::Sessions(sessions) => {
            for s in sessions {
                if let Some(job) = s.job_id.clone().or_else(|| job_of(m, &s.id)) {
                    put_session(m, &job, s);
                }
            }
            // Jobs say their last status and run; v7 names no job in an event.
            client.read_job_lists(m).await;
        }
        Heard::Events(events) => follow(client, m, events).await,
    }
}

fn live_kind(v: ApiVersion) -> Liveness {
    if v >= ApiVersion::V8 {
        Liveness::Live
    } else {
        Liveness::Changes(CHANGES_EVERY.as_secs())
    }
}

/// Reads what the events name: each changed session by id, each changed job; skips what
/// the morning holds with the same eTag.
async fn follow(client: &Client, m: &mut Morning, events: Vec<FeedEvent>) {
    let mut sessions: HashMap<String, String> = HashMap::new();
    let mut jobs: HashMap<String, bool> = HashMap::new();
    let mut gone: HashSet<String> = HashSet::new();
    for e in events {
        let Some(id) = e.id.clone() else { continue };
        let copy = e.job_type.as_deref() == Some("Copy");
        match e.event_type.as_str() {
            "JobSessionUpdate" => {
                let job = e.job_id.clone().unwrap_or_default();
                if session_etag(m, &job, &id) != e.e_tag || e.e_tag.is_none() {
                    sessions.insert(id, job.clone());
                }
                if !knows_job(m, &job) {
                    jobs.insert(job, copy);
                }
            }
            "JobSessionDelete" => {
                for list in m.sessions.values_mut() {
                    list.retain(|s| s.id != id);
                }
            }
            "JobUpdate" if job_etag(m, &id) != e.e_tag || e.e_tag.is_none() => {
                jobs.insert(id, copy);
            }
            "JobDelete" => {
                gone.insert(id);
            }
            // Other objects have no place in the morning view.
            _ => {}
        }
    }
    let read_sessions = futures::stream::iter(sessions)
        .map(|(id, job)| async move { (job, client.job_session(&id).await) })
        .buffer_unordered(8)
        .collect::<Vec<_>>();
    let read_jobs = futures::stream::iter(jobs)
        .map(|(id, copy)| async move { (copy, client.job(&id, copy).await) })
        .buffer_unordered(8)
        .collect::<Vec<_>>();
    let (read_sessions, read_jobs) = tokio::join!(read_sessions, read_jobs);
    for (copy, job) in read_jobs {
        match job {
            Ok(job) => put_job(m, job, copy),
            Err(e) => tracing::info!("a changed job could not be read: {e}"),
        }
    }
    for (job, session) in read_sessions {
        match session {
            Ok(s) => {
                let job = s.job_id.clone().unwrap_or(job);
                put_session(m, &job, s);
            }
            Err(e) => tracing::info!("a changed job session could not be read: {e}"),
        }
    }
    for id in gone {
        m.jobs.retain(|j| j.id != id);
        m.copy_jobs.retain(|j| j.id != id);
        m.sessions.remove(&id);
    }
}

fn knows_job(m: &Morning, id: &str) -> bool {
    m.jobs.iter().chain(&m.copy_jobs).any(|j| j.id == id)
}

fn job_etag(m: &Morning, id: &str) -> Option<i64> {
    m.jobs
        .iter()
        .chain(&m.copy_jobs)
        .find(|j| j.id == id)
        .and_then(|j| j.e_tag)
}

fn session_etag(m: &Morning, job: &str, id: &str) -> Option<i64> {
    m.sessions
        .get(job)?
        .iter()
        .find(|s| s.id == id)
        .and_then(|s| s.e_tag)
}

fn job_of(m: &Morning, session: &str) -> Option<String> {
    m.sessions
        .iter()
        .find(|(_, list)| list.iter().any(|s| s.id == session))
        .map(|(job, _)| job.clone())
}

/// A session read again, in its job's strip: newest first, at most `HISTORY`.
pub fn put_session(m: &mut Morning, job: &str, s: JobSession) {
    let list = m.sessions.entry(job.to_string()).or_default();
    match list.iter_mut().find(|old| old.id == s.id) {
        Some(old) => *old = s,
        None => list.push(s),
    }
    list.sort_by_key(|s| std::cmp::Reverse(s.creation_time));
    list.truncate(HISTORY as usize);
}

/// A job read again, in its list.
pub fn put_job(m: &mut Morning, job: Job, copy: bool) {
    let list = if copy { &mut m.copy_jobs } else { &mut m.jobs };
    match list.iter_mut().find(|old| old.id == job.id) {
        Some(old) => *old = job,
        None => list.push(job),
    }
}

/// The feed: v8 long-polls `/Events`, v7 asks `JobSessions/Changes` every `CHANGES_EVERY`.
/// On any failure it says so, waits (1 s, doubling to a minute) and starts again from
/// `latest`.
async fn listen(client: Client, tx: mpsc::Sender<Heard>, cancel: CancellationToken) {
    let v8 = client.version() >= ApiVersion::V8;
    let mut backoff = Duration::from_secs(1);
    let mut first = true;
    loop {
        let token = tokio::select! {
            _ = cancel.cancelled() => return,
            t = first_token(&client, v8) => t,
        };
        let mut token = match token {
            Ok(t) => t,
            Err(e) => match back_off(&tx, &cancel, e, &mut backoff).await {
                true => continue,
                false => return,
            },
        };
        if tx.send(Heard::Connected { first }).await.is_err() {
            return;
        }
        first = false;
        backoff = Duration::from_secs(1);
        let lost = loop {
            let heard = tokio::select! {
                _ = cancel.cancelled() => return,
                h = next(&client, v8, &token) => h,
            };
            match heard {
                Ok((next_token, heard)) => {
                    token = next_token;
                    if let Some(h) = heard
                        && tx.send(h).await.is_err()
                    {
                        return;
                    }
                }
                Err(e) => break e,
            }
        };
        if !back_off(&tx, &cancel, lost, &mut backoff).await {
            return;
        }
    }
}

/// Says the feed is lost and waits `backoff`, doubling it for next time; false when the
/// watcher is gone or cancelled.
async fn back_off(
    tx: &mpsc::Sender<Heard>,
    cancel: &CancellationToken,
    why: ApiError,
    backoff: &mut Duration,
) -> bool {
    if tx.send(Heard::Lost(why.to_string())).await.is_err() {
        return false;
    }
    tokio::select! {
        _ = cancel.cancelled() => return false,
        _ = tokio::time::sleep(*backoff) => {}
    }
    *backoff = (*backoff * 2).min(MOST_BACKOFF);
    true
}

/// The token for what happens from now on.
async fn first_token(client: &Client, v8: bool) -> Result<String, ApiError> {
    if v8 {
        Ok(client
            .events("latest", Duration::ZERO)
            .await?
            .next_change_token)
    } else {
        Ok(client.session_changes("latest").await?.next_change_token)
    }
}

/// The next changes after `token`, and the token after them.
async fn next(client: &Client, v8: bool, token: &str) -> Result<(String, Option<Heard>), ApiError> {
    if v8 {
        let page = client.events(token, FEED_WAIT).await?;
        let heard = (!page.results.is_empty()).then_some(Heard::Events(page.results));
        return Ok((page.next_change_token, heard));
    }
    tokio::time::sleep(CHANGES_EVERY).await;
    let page = client.session_changes(token).await?;
    let heard = (!page.results.is_empty()).then_some(Heard::Sessions(page.results));
    Ok((page.next_change_token, heard))
}
