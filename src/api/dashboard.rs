//! Reading the morning view: jobs and copy jobs, job sessions with their log lines and
//! processed objects, repositories, proxies, the licence and the health report, in each
//! version's shape (v6/v7 answer arrays where v8 pages; v6 reads a job's sessions under the
//! job). Lists are read whole, pages of 1,000, four at a time, up to 100 pages: a server's
//! default page of 30 would silently cut a large installation to its first 30 jobs.

use serde::de::DeserializeOwned;

use super::client::{Call, Client};
use super::error::ApiError;
use super::models::{
    Health, Job, JobSession, License, LogItem, Page, ProcessedObject, Proxy, Repository,
};
use super::seg;
use super::version::ApiVersion;

/// Rows a page, and pages at most, when a list is read whole.
pub(super) const PAGE: u64 = 1_000;
const MAX_PAGES: u64 = 100;
/// Pages asked for at once after the first.
const AHEAD: u64 = 4;

impl Client {
    /// Every page of the paged list at `path`.
    pub(super) async fn all_pages<T: DeserializeOwned>(
        &self,
        op: &'static str,
        path: String,
    ) -> Result<Vec<T>, ApiError> {
        self.all_pages_where(op, path, &[], PAGE).await
    }

    /// Every page of `size` rows of the paged list at `path` with the query `filter`.
    pub(super) async fn all_pages_where<T: DeserializeOwned>(
        &self,
        op: &'static str,
        path: String,
        filter: &[(&'static str, String)],
        size: u64,
    ) -> Result<Vec<T>, ApiError> {
        let call = || {
            let mut call = Call::get(op, path.clone());
            for (k, v) in filter {
                call = call.query(k, v);
            }
            call
        };
        Box::pin(self.all_pages_of(call, size)).await
    }

    /// Every page of `size` rows of the call `call()` makes: the first page, then (while pages come back
    /// full) the next `AHEAD` at once, since v8 says no total: a large list costs a round
    /// trip per `AHEAD` pages, and at most `AHEAD` empty pages past its end.
    pub(super) async fn all_pages_of<T: DeserializeOwned>(
        &self,
        call: impl Fn() -> Call,
        size: u64,
    ) -> Result<Vec<T>, ApiError> {
        let page = |n: u64| {
            let call = call().query("offset", n * size).query("limit", size);
            self.call_json::<Page<T>>(call)
        };
        let first = page(0).await?;
        let mut total = first.total_count;
        let mut done = (first.results.len() as u64) < size;
        let mut out = first.results;
        let mut next = 1;
        while !done && next < MAX_PAGES {
            // With a total (v6/v7), only the pages it needs.
            let last = total.map_or(MAX_PAGES, |t| t.div_ceil(size)).min(MAX_PAGES);
            let window = next..(next + AHEAD).min(last);
            if window.is_empty() {
                break;
            }
            next = window.end;
            for p in futures::future::join_all(window.map(page)).await {
                let p = p?;
                total = total.or(p.total_count);
                done |= (p.results.len() as u64) < size;
                out.extend(p.results);
            }
        }
        Ok(out)
    }

    /// A list that v8 pages and earlier versions answer as an array.
    async fn array_or_pages<T: DeserializeOwned>(
        &self,
        op: &'static str,
        path: &str,
    ) -> Result<Vec<T>, ApiError> {
        if self.version() >= ApiVersion::V8 {
            self.all_pages(op, path.to_string()).await
        } else {
            self.call_json(Call::get(op, path)).await
        }
    }

    /// `GET /Jobs`: every backup job.
    pub async fn jobs(&self) -> Result<Vec<Job>, ApiError> {
        self.array_or_pages("List backup jobs", "Jobs").await
    }

    /// `GET /CopyJobs`: every backup copy job.
    pub async fn copy_jobs(&self) -> Result<Vec<Job>, ApiError> {
        self.array_or_pages("List copy jobs", "CopyJobs").await
    }

    /// The newest `limit` sessions of a job: `GET /JobSessions?jobId=` from v7, v6's
    /// `GET /Jobs/{id}/JobSessions`.
    pub async fn job_sessions(
        &self,
        job_id: &str,
        limit: u64,
    ) -> Result<Vec<JobSession>, ApiError> {
        const OP: &str = "List job sessions";
        let call = if self.version() >= ApiVersion::V7 {
            Call::get(OP, "JobSessions").query("jobId", job_id)
        } else {
            Call::get(OP, format!("Jobs/{}/JobSessions", seg(job_id)))
        };
        let page: Page<JobSession> = self
            .call_json(call.query("offset", 0).query("limit", limit))
            .await?;
        Ok(page.results)
    }

    /// `GET /JobSessions/{id}`.
    pub async fn job_session(&self, id: &str) -> Result<JobSession, ApiError> {
        let call = Call::get("Read job session", format!("JobSessions/{}", seg(id)));
        self.call_json(call).await
    }

    /// `GET /JobSessions/{id}/LogItems`: every log line of a session.
    pub async fn log_items(&self, session_id: &str) -> Result<Vec<LogItem>, ApiError> {
        let path = format!("JobSessions/{}/LogItems", seg(session_id));
        self.all_pages("List session log items", path).await
    }

    /// `GET /JobSessions/{id}/ProcessedObjects` (v7+): what a session processed.
    pub async fn processed_objects(
        &self,
        session_id: &str,
    ) -> Result<Vec<ProcessedObject>, ApiError> {
        const OP: &str = "List processed objects";
        self.require(OP, |v| v >= ApiVersion::V7)?;
        let path = format!("JobSessions/{}/ProcessedObjects", seg(session_id));
        self.all_pages(OP, path).await
    }

    /// `GET /BackupRepositories`.
    pub async fn repositories(&self) -> Result<Vec<Repository>, ApiError> {
        self.array_or_pages("List repositories", "BackupRepositories")
            .await
    }

    /// `GET /Proxies`.
    pub async fn proxies(&self) -> Result<Vec<Proxy>, ApiError> {
        self.array_or_pages("List proxies", "Proxies").await
    }

    /// `GET /License`.
    pub async fn license(&self) -> Result<License, ApiError> {
        self.call_json(Call::get("Read licence", "License")).await
    }

    /// `GET /Health` (v8; callable without signing in).
    pub async fn health(&self) -> Result<Health, ApiError> {
        const OP: &str = "Read health";
        self.require(OP, |v| v >= ApiVersion::V8)?;
        self.call_json(Call::get(OP, "Health")).await
    }
}

/// Everything the morning view reads, at once. A part the server would not give says why
/// in `unread`, and the rest still shows.
#[derive(Clone, Debug, Default)]
pub struct Morning {
    pub jobs: Vec<Job>,
    pub copy_jobs: Vec<Job>,
    /// The newest sessions of each job and copy job, newest first, by job id.
    pub sessions: std::collections::HashMap<String, Vec<JobSession>>,
    pub organizations: Vec<super::models::Organization>,
    pub repositories: Vec<Repository>,
    pub proxies: Vec<Proxy>,
    pub license: Option<License>,
    /// v8 only.
    pub health: Option<Health>,
    /// Each organization's synchronization, by organization id (v7+).
    pub syncs: std::collections::BTreeMap<String, super::models::SyncState>,
    /// Proxies offline and the server unhealthy ([`HEALTH`]), by id: since when this reader
    /// saw them go so, or `None` when they were so at its first read.
    pub down_since: std::collections::BTreeMap<String, Option<chrono::DateTime<chrono::Utc>>>,
    /// What could not be read, and why: "proxies: HTTP 500 …".
    pub unread: Vec<String>,
    /// How this view learns of changes.
    pub live: Liveness,
    /// Before v8: each job's last sessions are still being read, a request per job.
    pub reading_sessions: bool,
}

/// How the morning view learns of changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Liveness {
    /// Read again every so many seconds (v6; or before the feed answered).
    #[default]
    Polling,
    /// v8's `/Events` feed is connected: changes show as they happen.
    Live,
    /// v7's `JobSessions/Changes`, asked every so many seconds.
    Changes(u64),
    /// The feed dropped at this time, for this reason; it is being connected again, and
    /// the lists are read every 60 s meanwhile.
    Reconnecting {
        since: chrono::DateTime<chrono::Utc>,
        why: String,
    },
}

/// Two reads say the same when every part does; organizations are compared by what the
/// morning view reads of them (they carry secrets, which are never compared).
impl PartialEq for Morning {
    fn eq(&self, other: &Self) -> bool {
        let orgs = |m: &Morning| -> Vec<(
            Option<String>,
            Option<String>,
            Option<super::models::Timestamp>,
        )> {
            m.organizations
                .iter()
                .map(|o| (o.id.clone(), o.name.clone(), o.last_backuptime))
                .collect()
        };
        self.jobs == other.jobs
            && self.copy_jobs == other.copy_jobs
            && self.sessions == other.sessions
            && orgs(self) == orgs(other)
            && self.repositories == other.repositories
            && self.proxies == other.proxies
            && self.license == other.license
            && self.health == other.health
            && self.syncs == other.syncs
            && self.down_since == other.down_since
            && self.unread == other.unread
            && self.live == other.live
            && self.reading_sessions == other.reading_sessions
    }
}

/// The key of the server's health in [`Morning::down_since`].
pub const HEALTH: &str = "health";

/// Notes since when each proxy is offline and the server unhealthy, as this reader saw it:
/// found so at its `first` read it counts at once (`None`); seen going so, from `now`.
fn note_down(m: &mut Morning, now: chrono::DateTime<chrono::Utc>, first: bool) {
    let offline = m
        .proxies
        .iter()
        .filter(|p| p.status.as_deref() == Some("Offline"));
    let mut down: Vec<String> = offline.map(|p| p.id.clone()).collect();
    if m.health
        .as_ref()
        .is_some_and(|h| h.status.as_deref() != Some("Healthy"))
    {
        down.push(HEALTH.into());
    }
    m.down_since.retain(|k, _| down.contains(k));
    for k in down {
        m.down_since.entry(k).or_insert((!first).then_some(now));
    }
}

impl Morning {
    /// Takes what has no events from `rest`, read beside the jobs: its parts, and its
    /// `unread` lines about them (this one keeps its own about jobs).
    pub fn take_unevented(&mut self, rest: Morning) {
        self.organizations = rest.organizations;
        self.repositories = rest.repositories;
        self.proxies = rest.proxies;
        self.license = rest.license;
        self.health = rest.health;
        self.syncs = rest.syncs;
        self.down_since = rest.down_since;
        self.unread.retain(|u| is_jobs_part(u));
        self.unread
            .extend(rest.unread.into_iter().filter(|u| !is_jobs_part(u)));
    }
}

/// Whether an `unread` line is about jobs or their sessions (read with the jobs).
pub fn is_jobs_part(line: &str) -> bool {
    ["jobs:", "copy jobs:", "job sessions:", "sessions of job "]
        .iter()
        .any(|p| line.starts_with(p))
}

/// Sessions read for each job: its strip of the last ten nights.
pub const HISTORY: u64 = 10;

impl Client {
    /// The whole morning: every list at once, then each job's last sessions.
    pub async fn morning(&self) -> Morning {
        let mut m = self.morning_lists().await;
        if m.reading_sessions {
            self.read_rest(&mut m).await;
        }
        m
    }

    /// Every list at once; on v8 with the last nights of every job (one listing), before v8
    /// without them (`reading_sessions`): they cost a request per job, which a large
    /// installation should not wait for to see its rows.
    pub async fn morning_lists(&self) -> Morning {
        let (mut jobs, mut rest) = (Morning::default(), Morning::default());
        let v8 = self.version() >= ApiVersion::V8;
        let read_jobs = async {
            match v8 {
                true => self.read_jobs(&mut jobs).await,
                false => self.read_job_lists(&mut jobs).await,
            }
        };
        // Before v8 sync state costs a request an organization: it comes with the sessions.
        tokio::join!(read_jobs, self.read_unevented_parts(&mut rest, v8));
        jobs.take_unevented(rest);
        jobs.reading_sessions = !v8;
        jobs
    }

    /// Jobs, copy jobs and each one's last sessions, into `m` (what was read before stays
    /// where a part fails; the failure is named in `unread`).
    pub async fn read_jobs(&self, m: &mut Morning) {
        m.unread.retain(|u| !is_jobs_part(u));
        if self.version() >= ApiVersion::V8 {
            // v8 sessions name their job: the last nights of every job in one listing, read
            // beside the job lists.
            let (_, sessions) = tokio::join!(self.read_job_lists(m), self.recent_sessions());
            match sessions {
                Ok(by_job) => m.sessions = by_job,
                Err(e) => m.unread.push(format!("job sessions: {e}")),
            }
            return;
        }
        self.read_job_lists(m).await;
        self.read_sessions_per_job(m).await;
    }

    /// Before v8, what the first read left out: each job's last sessions and (v7) each
    /// organization's sync state, a request for each, at once.
    pub async fn read_rest(&self, m: &mut Morning) {
        let mut syncs = Morning {
            organizations: std::mem::take(&mut m.organizations),
            syncs: std::mem::take(&mut m.syncs),
            ..Morning::default()
        };
        tokio::join!(self.read_sessions_per_job(m), self.read_syncs(&mut syncs));
        m.organizations = syncs.organizations;
        m.syncs = syncs.syncs;
        m.unread.extend(syncs.unread);
    }

    /// v6/v7: the last sessions of every job in `m`, a request per job (their sessions do
    /// not name their job, so one listing cannot be shared out).
    pub async fn read_sessions_per_job(&self, m: &mut Morning) {
        let ids: Vec<String> = m
            .jobs
            .iter()
            .chain(&m.copy_jobs)
            .map(|j| j.id.clone())
            .collect();
        m.sessions.retain(|id, _| ids.contains(id));
        m.unread.retain(|u| !u.starts_with("sessions of job "));
        for (id, result) in self.sessions_of(ids).await {
            match result {
                Ok(list) => {
                    m.sessions.insert(id, list);
                }
                Err(e) => m.unread.push(format!("sessions of job {id}: {e}")),
            }
        }
        m.reading_sessions = false;
    }

    /// The lists of jobs and copy jobs, without their sessions, into `m`.
    pub async fn read_job_lists(&self, m: &mut Morning) {
        m.unread
            .retain(|u| !u.starts_with("jobs:") && !u.starts_with("copy jobs:"));
        let (jobs, copy_jobs) = tokio::join!(self.jobs(), self.copy_jobs());
        match jobs {
            Ok(j) => m.jobs = j,
            Err(e) => m.unread.push(format!("jobs: {e}")),
        }
        match copy_jobs {
            Ok(j) => m.copy_jobs = j,
            Err(e) => m.unread.push(format!("copy jobs: {e}")),
        }
    }

    /// What has no events: organizations, repositories, proxies, the licence and (v8) the
    /// health report, into `m`.
    pub async fn read_unevented(&self, m: &mut Morning) {
        self.read_unevented_parts(m, true).await
    }

    /// [`Client::read_unevented`]; `syncs`: with the organizations' sync state.
    async fn read_unevented_parts(&self, m: &mut Morning, syncs: bool) {
        m.unread.retain(|u| is_jobs_part(u));
        let first = m.proxies.is_empty() && m.health.is_none() && m.license.is_none();
        let v8 = self.version() >= ApiVersion::V8;
        let (organizations, repositories, proxies, license, health) = tokio::join!(
            self.organizations(),
            self.repositories(),
            self.proxies(),
            self.license(),
            async {
                match v8 {
                    true => Some(self.health().await),
                    false => None,
                }
            },
        );
        let mut unread = Vec::new();
        let mut keep = |what: &str, e: ApiError| unread.push(format!("{what}: {e}"));
        match organizations {
            Ok(o) => m.organizations = o,
            Err(e) => keep("organizations", e),
        }
        match repositories {
            Ok(r) => m.repositories = r,
            Err(e) => keep("repositories", e),
        }
        match proxies {
            Ok(p) => m.proxies = p,
            Err(e) => keep("proxies", e),
        }
        match license {
            Ok(l) => m.license = Some(l),
            Err(e) => keep("licence", e),
        }
        match health {
            Some(Ok(h)) => m.health = Some(h),
            Some(Err(e)) => keep("health", e),
            None => {}
        }
        m.unread.extend(unread);
        note_down(m, self.now(), first);
        if syncs {
            self.read_syncs(m).await;
        }
    }

    /// What the server page shows: what has no events but the organizations' sync state.
    pub async fn read_server(&self, m: &mut Morning) {
        self.read_unevented_parts(m, false).await
    }

    /// v8: the sessions of the last `HISTORY` days and one more, newest first, by job, at
    /// most `HISTORY` a job: one listing (a page per 1,000) instead of a request per job.
    async fn recent_sessions(
        &self,
    ) -> Result<std::collections::HashMap<String, Vec<JobSession>>, ApiError> {
        let since = self.inner.clock.now() - chrono::Duration::days(HISTORY as i64 + 1);
        let since = super::models::Timestamp(since).to_wire();
        let filter = [("endTimeLowerBound", since)];
        let all: Vec<JobSession> = self
            .all_pages_where("List job sessions", "JobSessions".into(), &filter, 1_000)
            .await?;
        let mut by_job: std::collections::HashMap<String, Vec<JobSession>> = Default::default();
        for s in all {
            let Some(job) = s.job_id.clone() else {
                continue;
            };
            by_job.entry(job).or_default().push(s);
        }
        for list in by_job.values_mut() {
            list.sort_by_key(|s| std::cmp::Reverse(s.creation_time));
            list.truncate(HISTORY as usize);
        }
        Ok(by_job)
    }

    /// The last sessions of each job, eight requests at a time.
    async fn sessions_of(
        &self,
        ids: Vec<String>,
    ) -> Vec<(String, Result<Vec<JobSession>, ApiError>)> {
        use futures::StreamExt;
        futures::stream::iter(ids)
            .map(|id| async move {
                let sessions = self.job_sessions(&id, HISTORY).await;
                (id, sessions)
            })
            .buffer_unordered(8)
            .collect()
            .await
    }
}

/// One job session in full: itself, its log lines and (v7+) what it processed.
#[derive(Clone, Debug, Default)]
pub struct SessionDetails {
    pub session: JobSession,
    pub log: Vec<LogItem>,
    /// `None` on v6, which does not list processed objects.
    pub processed: Option<Vec<ProcessedObject>>,
}

impl Client {
    /// A session, its log and its processed objects, read at once.
    pub async fn session_details(&self, id: &str) -> Result<SessionDetails, ApiError> {
        let v7 = self.version() >= ApiVersion::V7;
        let (session, log, processed) =
            tokio::join!(self.job_session(id), self.log_items(id), async {
                match v7 {
                    true => Some(self.processed_objects(id).await),
                    false => None,
                }
            });
        Ok(SessionDetails {
            session: session?,
            log: log?,
            processed: processed.transpose()?,
        })
    }
}

/// What a tenant's or a restore operator's token can read of its backups.
#[derive(Clone, Debug, PartialEq)]
pub enum Mine {
    /// A tenant: its organization and its first and last backup.
    Organization(super::models::LoggedInOrganization),
    /// A restore operator (v7+): its restore points.
    RestorePoints(Vec<super::models::RestorePoint>),
}

impl Client {
    /// `GET /Organization` for a tenant, `GET /Organization/LoggedInUser/RestorePoints` for a
    /// restore operator (v7+).
    pub async fn mine(&self) -> Result<Mine, ApiError> {
        let operator = self
            .identity()
            .is_some_and(|i| i.kind == super::SignInKind::Operator);
        if operator {
            const OP: &str = "List my restore points";
            self.require(OP, |v| v >= ApiVersion::V7)?;
            let points = self
                .call_json(Call::get(OP, "Organization/LoggedInUser/RestorePoints"))
                .await?;
            return Ok(Mine::RestorePoints(points));
        }
        let org = self
            .call_json(Call::get("Read my organization", "Organization"))
            .await?;
        Ok(Mine::Organization(org))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_found_offline_counts_at_once_and_one_seen_going_offline_from_then() {
        let now = chrono::Utc::now();
        let proxy = |id: &str, status: &str| Proxy {
            id: id.into(),
            status: Some(status.into()),
            ..Default::default()
        };
        let mut m = Morning {
            proxies: vec![proxy("a", "Offline"), proxy("b", "Online")],
            ..Default::default()
        };
        note_down(&mut m, now, true);
        assert_eq!(
            m.down_since.get("a"),
            Some(&None),
            "offline at the first read"
        );
        m.proxies = vec![proxy("a", "Offline"), proxy("b", "Offline")];
        note_down(&mut m, now, false);
        assert_eq!(m.down_since.get("a"), Some(&None), "still as first found");
        assert_eq!(
            m.down_since.get("b"),
            Some(&Some(now)),
            "seen going offline"
        );
        m.proxies = vec![proxy("a", "Online"), proxy("b", "Offline")];
        m.health = Some(Health {
            status: Some("Unhealthy".into()),
            ..Default::default()
        });
        note_down(&mut m, now, false);
        assert!(!m.down_since.contains_key("a"), "back online");
        assert_eq!(m.down_since.get(HEALTH), Some(&Some(now)));
    }
}
