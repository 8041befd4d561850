//! The Microsoft Graph readiness check for Exchange Online. VB365 8.5 and newer read and
//! restore mailboxes through Microsoft Graph, as Microsoft retired Exchange Web Services
//! (Veeam KB4820; Microsoft's date was 2026-10-01). An organization's application needs new
//! Graph permissions, which only an administrator of the tenant can grant in Microsoft Entra:
//! VB365's REST API cannot. The check finds, for every organization that backs up Exchange
//! Online, how it signs in and its application, and the sessions of its jobs since that date
//! that failed or warned, with the log lines that name permissions or EWS.

use chrono::{DateTime, TimeZone, Utc};
use futures::StreamExt;

use super::client::{Call, Client};
use super::error::ApiError;
use super::models::{Job, JobSession, Organization, Timestamp};
use super::seg;
use super::version::ApiVersion;

/// The Microsoft Graph application permissions Exchange backup and restore need.
pub const APPLICATION_PERMISSIONS: [&str; 4] = [
    "User.Read.All",
    "MailboxItem.ImportExport.All",
    "MailboxItem.Read.All",
    "MailboxFolder.ReadWrite.All",
];

/// The delegated permissions restores need besides.
pub const DELEGATED_PERMISSIONS: [&str; 4] = [
    "User.Read.All",
    "MailboxItem.ImportExport",
    "MailboxItem.Read",
    "MailboxFolder.ReadWrite",
];

/// Logs read per organization: its newest sessions that failed or warned.
pub const LOGS_READ: usize = 10;

/// Reads at once.
const AT_ONCE: usize = 4;

/// When Microsoft retired Exchange Web Services for Exchange Online.
pub fn ews_retired() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// What the check found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphReadiness {
    /// Every organization that backs up Exchange Online, those that need something first.
    pub organizations: Vec<OrgReadiness>,
    /// What could not be read at all ("organizations: HTTP 500 …").
    pub unread: Vec<String>,
}

impl GraphReadiness {
    /// How many organizations need Graph permissions.
    pub fn affected(&self) -> usize {
        self.organizations.iter().filter(|o| o.affected()).count()
    }
}

/// One organization that backs up Exchange Online.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrgReadiness {
    pub id: String,
    pub name: String,
    /// Modern app-only authentication (else basic, or modern with legacy protocols).
    pub app_only: bool,
    pub application_id: Option<String>,
    /// Sessions of its jobs since [`ews_retired`] that failed or warned, newest first; the
    /// newest [`LOGS_READ`] with the log lines that name permissions or EWS.
    pub troubled: Vec<Troubled>,
    /// Why its jobs or sessions could not be read.
    pub error: Option<String>,
}

/// A session that failed or warned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Troubled {
    pub id: String,
    pub job: String,
    pub status: String,
    pub when: Option<Timestamp>,
    /// Its log lines about permissions or EWS (`None`: its log was not read).
    pub messages: Option<Vec<String>>,
}

impl OrgReadiness {
    /// Whether a session since EWS retired failed or warned on permissions or EWS.
    pub fn affected(&self) -> bool {
        self.troubled
            .iter()
            .any(|t| t.messages.as_ref().is_some_and(|m| !m.is_empty()))
    }

    /// What to do, in words to copy to whoever administers the tenant.
    pub fn what_to_do(&self) -> String {
        let app = match &self.application_id {
            Some(id) => format!("application {id}"),
            None => "the organization's application".into(),
        };
        let mut words = format!(
            "{}: in Microsoft Entra, add to {app} the Microsoft Graph application permissions {}, and for restores the delegated permissions {}; then grant admin consent. VB365's REST API cannot grant them (Veeam's 8.5 documentation says to grant them manually).",
            self.name,
            APPLICATION_PERMISSIONS.join(", "),
            DELEGATED_PERMISSIONS.join(", "),
        );
        if !self.app_only {
            words.push_str(" It signs in without modern app-only authentication, which Microsoft Graph needs: authorize it again with a device code first.");
        }
        words
    }
}

/// v8's jobs and the sessions since EWS retired that failed or warned, read once for every
/// organization.
#[derive(Default)]
struct V8Read {
    jobs: Vec<Job>,
    sessions: Vec<JobSession>,
}

fn troubled(s: JobSession, job: &Job) -> Troubled {
    Troubled {
        id: s.id,
        job: job.name.clone(),
        status: s.status.unwrap_or_default(),
        when: s.creation_time,
        messages: None,
    }
}

/// Whether a log line names a permission, Microsoft Graph's refusal, or EWS.
pub fn names_permissions_or_ews(line: &str) -> bool {
    let l = line.to_lowercase();
    [
        "permission",
        "exchange web services",
        "ews",
        "access denied",
        "forbidden",
        "insufficient privileges",
        "admin consent",
        "mailboxitem.",
        "mailboxfolder.",
    ]
    .iter()
    .any(|w| {
        // "ews" only as a word: "news" and "reviews" are not about it.
        if *w == "ews" {
            l.split(|c: char| !c.is_alphanumeric()).any(|t| t == "ews")
        } else {
            l.contains(w)
        }
    })
}

impl Client {
    /// The readiness of every organization that backs up Exchange Online: its jobs, their
    /// sessions since [`ews_retired`] that failed or warned, and the logs of the newest
    /// [`LOGS_READ`] of them, a few reads at once.
    pub async fn graph_readiness(&self) -> GraphReadiness {
        let mut out = GraphReadiness::default();
        let orgs = match self.organizations().await {
            Ok(o) => o,
            Err(e) => {
                out.unread.push(format!("organizations: {e}"));
                return out;
            }
        };
        // v8's sessions name their job: two listings find every failed or warned one.
        let mut v8 = V8Read::default();
        if self.version() >= ApiVersion::V8 {
            let (jobs, sessions) = tokio::join!(self.jobs(), self.troubled_sessions());
            match (jobs, sessions) {
                (Ok(j), Ok(s)) => {
                    v8 = V8Read {
                        jobs: j,
                        sessions: s,
                    }
                }
                (Err(e), _) => out.unread.push(format!("jobs: {e}")),
                (_, Err(e)) => out.unread.push(format!("job sessions: {e}")),
            }
            if !out.unread.is_empty() {
                return out;
            }
        }
        let exchange: Vec<Organization> = orgs
            .into_iter()
            .filter(|o| o.is_exchange_online == Some(true))
            .collect();
        let v8 = &v8;
        out.organizations = futures::stream::iter(exchange)
            .map(|o| async move { self.org_readiness(&o, v8).await })
            .buffered(AT_ONCE)
            .collect()
            .await;
        // Those that need something first, then by name.
        out.organizations
            .sort_by_key(|o| (!o.affected(), o.error.is_none(), o.name.to_lowercase()));
        out
    }

    async fn org_readiness(&self, org: &Organization, v8: &V8Read) -> OrgReadiness {
        let settings = org.exchange_online_settings.as_ref();
        let mut r = OrgReadiness {
            id: org.id.clone().unwrap_or_default(),
            name: org.display_name().to_string(),
            app_only: settings.is_some_and(|s| s.use_application_only_auth == Some(true)),
            application_id: settings.and_then(|s| s.application_id.clone()),
            ..OrgReadiness::default()
        };
        match self.troubled_of(&r.id, v8).await {
            Ok(t) => r.troubled = t,
            Err(e) => r.error = Some(e.to_string()),
        }
        let ids: Vec<String> = r
            .troubled
            .iter()
            .take(LOGS_READ)
            .map(|t| t.id.clone())
            .collect();
        let logs: Vec<Result<Vec<String>, ApiError>> = futures::stream::iter(ids)
            .map(|id| async move { self.lines_about_graph(&id).await })
            .buffered(AT_ONCE)
            .collect()
            .await;
        for (t, log) in r.troubled.iter_mut().zip(logs) {
            match log {
                Ok(found) => t.messages = Some(found),
                Err(e) => {
                    r.error.get_or_insert(e.to_string());
                }
            }
        }
        r
    }

    /// A session's log lines that name permissions or EWS, each once.
    async fn lines_about_graph(&self, session: &str) -> Result<Vec<String>, ApiError> {
        let lines = self.log_items(session).await?;
        let mut found: Vec<String> = Vec::new();
        for l in lines
            .iter()
            .map(|l| l.text())
            .filter(|t| names_permissions_or_ews(t))
        {
            if !found.iter().any(|f| f == l) {
                found.push(l.to_string());
            }
        }
        Ok(found)
    }

    /// The sessions of an organization's backup jobs since EWS retired that failed or
    /// warned, newest first.
    async fn troubled_of(&self, org: &str, v8: &V8Read) -> Result<Vec<Troubled>, ApiError> {
        let since = ews_retired();
        let mut out = Vec::new();
        if self.version() >= ApiVersion::V8 {
            for job in v8
                .jobs
                .iter()
                .filter(|j| j.organization_id.as_deref() == Some(org))
            {
                let own = v8
                    .sessions
                    .iter()
                    .filter(|s| s.job_id.as_deref() == Some(&job.id));
                out.extend(own.cloned().map(|s| troubled(s, job)));
            }
        } else {
            let path = format!("Organizations/{}/Jobs", seg(org));
            let jobs: Vec<Job> = self
                .call_json(Call::get("List organization jobs", path))
                .await?;
            for job in &jobs {
                let sessions = self.sessions_since(&job.id, since).await?;
                let bad = sessions.into_iter().filter(|s| {
                    matches!(s.status.as_deref(), Some("Failed" | "Warning"))
                        && s.creation_time.is_none_or(|t| t.0 >= since)
                });
                out.extend(bad.map(|s| troubled(s, job)));
            }
        }
        out.sort_by_key(|t| std::cmp::Reverse(t.when));
        Ok(out)
    }

    /// v8: every session since EWS retired that failed or warned, of any job.
    async fn troubled_sessions(&self) -> Result<Vec<JobSession>, ApiError> {
        let since = ews_retired().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut out = Vec::new();
        for status in ["Failed", "Warning"] {
            let filter = [
                ("endTimeLowerBound", since.clone()),
                ("status", status.to_string()),
            ];
            let found: Vec<JobSession> = self
                .all_pages_where("List job sessions", "JobSessions".into(), &filter, 1_000)
                .await?;
            out.extend(found);
        }
        Ok(out)
    }

    /// A job's sessions created since `since`: v7+ asks the server to leave the older out;
    /// v6's per-job list has no such filter, so every page is read.
    async fn sessions_since(
        &self,
        job: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<JobSession>, ApiError> {
        const OP: &str = "List job sessions";
        if self.version() >= ApiVersion::V7 {
            let filter = [
                ("jobId", job.to_string()),
                (
                    "endTimeLowerBound",
                    since.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                ),
            ];
            return self
                .all_pages_where(OP, "JobSessions".into(), &filter, 1_000)
                .await;
        }
        self.all_pages(OP, format!("Jobs/{}/JobSessions", seg(job)))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_about_permissions_or_ews_are_found() {
        for yes in [
            "Access denied: the application lacks the MailboxItem.Read.All permission",
            "Microsoft Graph denied access (403 Forbidden)",
            "Exchange Web Services is no longer available for this organization",
            "EWS request failed: the endpoint is retired",
        ] {
            assert!(names_permissions_or_ews(yes), "{yes}");
        }
        for no in [
            "Exchange Online throttled the request (HTTP 429) and retries ran out",
            "Mailbox is not licensed for Exchange Online",
            "Reviews and news sites were skipped",
        ] {
            assert!(!names_permissions_or_ews(no), "{no}");
        }
    }

    #[test]
    fn what_to_do_names_the_application_and_every_permission() {
        let r = OrgReadiness {
            name: "northwind.onmicrosoft.com".into(),
            app_only: true,
            application_id: Some("5eed0000-000b-4000-8000-000000000003".into()),
            ..OrgReadiness::default()
        };
        let words = r.what_to_do();
        assert!(words.contains("application 5eed0000-000b-4000-8000-000000000003"));
        for p in APPLICATION_PERMISSIONS.iter().chain(&DELEGATED_PERMISSIONS) {
            assert!(words.contains(p), "{p}");
        }
        assert!(words.contains("grant admin consent"));
        assert!(
            !words.contains("device code"),
            "app-only needs no new sign-in"
        );
    }
}
