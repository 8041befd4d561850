//! The server's morning for the Today view: backup and copy jobs of each organization with
//! ten nights of sessions, their log lines and processed objects; repositories, proxies, the
//! licence and the health report. Seeded as a realistic morning after a bad night: two jobs
//! failed (one with 14 of 212 users failed, each with its message), one warned, one
//! organization has had no backup for four days (its job disabled), a repository is out of
//! sync, a proxy is offline and the licence is 91 % used. Dated from the dataset's epoch, so
//! "last night" is always last night.

mod json;
pub mod live;
pub mod sync;

use chrono::{DateTime, Duration, Utc};

use super::data::{self, Epoch};
use crate::api::models::Organization;

/// What a job session processed: a user, group, site or team, and how it went.
#[derive(Clone, Debug)]
pub struct Processed {
    pub id: String,
    pub kind: &'static str,
    pub status: &'static str,
}

/// One run of a job.
#[derive(Clone, Debug)]
pub struct Session {
    pub id: String,
    pub job_id: String,
    pub repository_id: String,
    pub copy: bool,
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
    /// Success, Warning, Failed, Running, Stopped.
    pub status: &'static str,
    pub details: String,
    /// Log lines: v8 type (Running, Warning, Error, Success, Stop) and words.
    pub log: Vec<(&'static str, String)>,
    pub processed: Vec<Processed>,
    pub transferred: u64,
    /// Bumped at each change (v8 `eTag`).
    pub etag: u64,
    /// The place in the change feed of its last change (0: seeded).
    pub changed: u64,
}

/// A backup or copy job and its sessions, newest first.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: String,
    pub name: String,
    pub description: String,
    pub organization_id: String,
    pub repository_id: String,
    /// A copy job copies this backup job.
    pub copy_of: Option<String>,
    pub enabled: bool,
    pub sessions: Vec<Session>,
    /// Bumped at each change (v8 `eTag`).
    pub etag: u64,
}

#[derive(Clone, Debug)]
pub struct Repository {
    pub id: String,
    pub name: String,
    pub path: String,
    /// Local (JET) capacity and free space; `None` for object storage.
    pub disk: Option<(u64, u64)>,
    /// Object storage: its type, used bytes and size limit in GB.
    pub object: Option<(&'static str, u64, u64)>,
    pub out_of_sync: bool,
    pub long_term: bool,
    /// 8.5+: in a maintenance session (`maintenanceMode` RepositoryDisabled).
    pub maintenance: bool,
}

#[derive(Clone, Debug)]
pub struct Proxy {
    pub id: String,
    pub host: String,
    pub online: bool,
    pub cpu: f64,
    pub memory: f64,
    pub maintenance: bool,
}

/// Everything the morning view reads.
#[derive(Clone, Debug, Default)]
pub struct Dashboard {
    pub jobs: Vec<Job>,
    pub repositories: Vec<Repository>,
    pub proxies: Vec<Proxy>,
    /// Licensed users in use and in all, and when the licence expires.
    pub licence: (u64, u64, DateTime<Utc>),
    pub healthy: bool,
    /// What changed, for `/Events` (v8) and `JobSessions/Changes` (v7).
    pub feed: live::Feed,
    /// Runs under way: they log and end on their own.
    pub runs: Vec<live::Run>,
    /// Each organization's synchronization.
    pub syncs: sync::Syncs,
    /// Organizations that back up only the latest SharePoint version (v8
    /// `versionBackupOptions`); the others back up all.
    pub latest_versions_only: std::collections::HashSet<String>,
    /// The build the server says it is, when a test makes it newer than [`BUILD`] (8.5+
    /// serves repository maintenance sessions).
    pub build: Option<String>,
}

/// The server's build, as `ServiceInstance` says it.
pub const BUILD: &str = "8.1.0.305";

const GB: u64 = 1 << 30;
const TB: u64 = 1 << 40;

/// Users whose mailboxes failed last night in the big job, and why.
const FAILED_USERS: [(&str, &str); 14] = [
    (
        "Alex Wilber",
        "Exchange Online throttled the request (HTTP 429) and retries ran out",
    ),
    (
        "Bianca Pisani",
        "Mailbox is not licensed for Exchange Online",
    ),
    (
        "Cameron White",
        "Exchange Online throttled the request (HTTP 429) and retries ran out",
    ),
    (
        "Christie Cline",
        "Access denied: the application lacks the MailboxItem.Read.All permission",
    ),
    (
        "Debra Berger",
        "Mailbox is not licensed for Exchange Online",
    ),
    (
        "Diego Siciliani",
        "Exchange Online throttled the request (HTTP 429) and retries ran out",
    ),
    (
        "Enrico Cattaneo",
        "The archive mailbox could not be opened: the server timed out",
    ),
    (
        "Grady Archie",
        "Exchange Online throttled the request (HTTP 429) and retries ran out",
    ),
    (
        "Henrietta Mueller",
        "Mailbox is not licensed for Exchange Online",
    ),
    (
        "Irvin Sayers",
        "Access denied: the application lacks the MailboxItem.Read.All permission",
    ),
    (
        "Isaiah Langer",
        "Exchange Online throttled the request (HTTP 429) and retries ran out",
    ),
    (
        "Johanna Lorenz",
        "The OneDrive was not found: the user has no OneDrive license",
    ),
    (
        "Joni Sherman",
        "Exchange Online throttled the request (HTTP 429) and retries ran out",
    ),
    (
        "Lynne Robbins",
        "The OneDrive was not found: the user has no OneDrive license",
    ),
];

/// The morning after the dataset's last night.
pub fn seed(orgs: &[Organization], epoch: Epoch) -> Dashboard {
    let org = |i: usize| {
        orgs.get(i)
            .and_then(|o| o.id.clone())
            .unwrap_or_else(|| data::uuid_for(60, i as u64))
    };
    let repositories = vec![
        Repository {
            id: data::uuid_for(61, 0),
            name: "Default Backup Repository".into(),
            path: "C:\\VeeamRepository".into(),
            disk: Some((4 * TB, 1_100 * GB)),
            object: None,
            out_of_sync: false,
            long_term: false,
            maintenance: false,
        },
        Repository {
            id: data::uuid_for(61, 1),
            name: "Azure object storage".into(),
            path: "C:\\VeeamCache\\Azure".into(),
            disk: None,
            object: Some(("AzureBlob", 3_300 * GB, 4_096)),
            out_of_sync: true,
            long_term: false,
            maintenance: false,
        },
        Repository {
            id: data::uuid_for(61, 2),
            name: "Wasabi long-term copy".into(),
            path: "C:\\VeeamCache\\Wasabi".into(),
            disk: None,
            object: Some(("WasabiCloud", 7_800 * GB, 20_480)),
            out_of_sync: false,
            long_term: true,
            maintenance: false,
        },
    ];
    let repo = |i: usize| repositories[i].id.clone();
    let mut jobs = vec![
        job(
            0,
            "Contoso – Exchange and OneDrive",
            org(0),
            repo(0),
            epoch,
            contoso_mail,
        ),
        job(
            1,
            "Contoso – SharePoint and Teams",
            org(0),
            repo(0),
            epoch,
            contoso_sites,
        ),
        job(
            2,
            "Fabrikam – all services",
            org(1),
            repo(1),
            epoch,
            fabrikam,
        ),
        job(3, "Northwind – mail", org(2), repo(0), epoch, northwind),
    ];
    jobs[3].enabled = false;
    let mut copy = job(4, "Contoso – copy to Wasabi", org(0), repo(2), epoch, plain);
    copy.copy_of = Some(jobs[0].id.clone());
    for s in &mut copy.sessions {
        s.copy = true;
    }
    jobs.push(copy);
    let proxies = vec![
        Proxy {
            id: data::uuid_for(62, 0),
            host: "vbo-proxy01.contoso.local".into(),
            online: true,
            cpu: 34.0,
            memory: 61.0,
            maintenance: false,
        },
        Proxy {
            id: data::uuid_for(62, 1),
            host: "vbo-proxy02.contoso.local".into(),
            online: false,
            cpu: 0.0,
            memory: 0.0,
            maintenance: false,
        },
    ];
    let ids: Vec<String> = orgs.iter().filter_map(|o| o.id.clone()).collect();
    let why = "Cannot connect to Microsoft Graph: the application's certificate has expired \
               (AADSTS700027); renew it in the organization's settings";
    let syncs = sync::Syncs::seed(&ids, epoch.on(21, 21, 30), Some((&org(1), why)));
    Dashboard {
        jobs,
        repositories,
        proxies,
        syncs,
        licence: (412, 450, epoch.on(21, 0, 0) + Duration::days(120)),
        healthy: true,
        ..Dashboard::default()
    }
}

/// `n` organizations: `orgs`, then copies of them with their own ids and names.
pub fn more_organizations(orgs: &[Organization], n: usize) -> Vec<Organization> {
    let mut all = orgs.to_vec();
    for i in orgs.len()..n {
        let mut o = orgs[i % orgs.len()].clone();
        let name = format!("{} {i}", o.name.as_deref().unwrap_or("Organization"));
        o.id = Some(data::uuid_for(10, i as u64 + 1));
        o.name = Some(name.clone());
        o.office_name = Some(name);
        all.push(o);
    }
    all
}

/// An organization whose every job is disabled was last backed up when they last ran (the
/// demo's Northwind, four nights ago), not last night.
pub fn date_idle_organizations(orgs: &mut [Organization], d: &Dashboard) {
    for o in orgs {
        let id = o.id.clone().unwrap_or_default();
        let jobs: Vec<&Job> = d.jobs.iter().filter(|j| j.organization_id == id).collect();
        if jobs.is_empty() || jobs.iter().any(|j| j.enabled) {
            continue;
        }
        let last = jobs
            .iter()
            .flat_map(|j| &j.sessions)
            .filter_map(|s| s.end)
            .max();
        if let Some(at) = last {
            o.last_backuptime = Some(crate::api::models::Timestamp(at));
        }
    }
}

/// A large installation's morning: `size.jobs` backup jobs round the organizations, every
/// tenth a copy job, every fiftieth failed last night; repositories and proxies round the
/// demo's kinds, one in ten out of sync or offline.
pub fn seed_large(orgs: &[Organization], size: crate::sim::MorningSize, epoch: Epoch) -> Dashboard {
    let demo = seed(orgs, epoch);
    let repositories: Vec<Repository> = (0..size.repositories.max(1))
        .map(|i| Repository {
            id: data::uuid_for(61, i as u64),
            name: format!("{} {i}", demo.repositories[i % 3].name),
            out_of_sync: i % 10 == 1,
            ..demo.repositories[i % 3].clone()
        })
        .collect();
    let proxies = (0..size.proxies)
        .map(|i| Proxy {
            id: data::uuid_for(62, i as u64),
            host: format!("vbo-proxy{i:02}.contoso.local"),
            online: i % 10 != 1,
            ..demo.proxies[0].clone()
        })
        .collect();
    let jobs = (0..size.jobs)
        .map(|i| {
            let org = orgs[i % orgs.len()].id.clone().unwrap_or_default();
            let repo = repositories[i % repositories.len()].id.clone();
            let night: Night = if i % 50 == 7 { fabrikam } else { small };
            let mut j = job(i as u64, &format!("Job {i:04}"), org, repo, epoch, night);
            if i % 10 == 9 {
                j.copy_of = Some(data::uuid_for(63, i as u64 - 1));
                j.sessions.iter_mut().for_each(|s| s.copy = true);
            }
            j
        })
        .collect();
    Dashboard {
        jobs,
        repositories,
        proxies,
        ..demo
    }
}

fn small(_: u64) -> Option<Run> {
    Some(success(3, "User"))
}

/// How a run went: its status, details, log lines, and the objects it processed.
type Run = (
    &'static str,
    String,
    Vec<(&'static str, String)>,
    Vec<Processed>,
);

/// How night `k` (0 = last night) went for a job: its status, details and log, the objects
/// processed and how many failed or warned.
type Night = fn(k: u64) -> Option<Run>;

fn job(
    i: u64,
    name: &str,
    organization_id: String,
    repository_id: String,
    epoch: Epoch,
    night: Night,
) -> Job {
    let id = data::uuid_for(63, i);
    let sessions = (0..10)
        .filter_map(|k| {
            let (status, details, log, processed) = night(k)?;
            let start = epoch.on(21, 22, 0) - Duration::days(k as i64)
                + Duration::minutes((i % 20) as i64 * 7);
            let minutes = 40 + (i * 13 + k * 7) % 50;
            Some(Session {
                id: data::uuid_for(64, i * 100 + k),
                job_id: id.clone(),
                repository_id: repository_id.clone(),
                copy: false,
                start,
                end: Some(start + Duration::minutes(minutes as i64)),
                status,
                details,
                log,
                processed,
                transferred: (3 + (i + k) % 5) * GB,
                etag: 1,
                changed: 0,
            })
        })
        .collect();
    Job {
        id,
        name: name.into(),
        description: format!("{name}, every night at 22:00"),
        organization_id,
        repository_id,
        copy_of: None,
        enabled: true,
        sessions,
        etag: 1,
    }
}

fn users(n: u64, failed: &[(&str, &str)]) -> Vec<Processed> {
    (0..n)
        .map(|u| Processed {
            id: data::uuid_for(65, u),
            kind: "User",
            status: if (u as usize) < failed.len() {
                "Failed"
            } else {
                "Success"
            },
        })
        .collect()
}

fn success(n: u64, kind: &'static str) -> Run {
    let log = vec![
        ("Running", format!("Processing {n} objects")),
        (
            "Success",
            format!("Job finished: {n} of {n} objects processed"),
        ),
    ];
    let processed = (0..n)
        .map(|u| Processed {
            id: data::uuid_for(66, u),
            kind,
            status: "Success",
        })
        .collect();
    (
        "Success",
        format!("{n} of {n} objects processed"),
        log,
        processed,
    )
}

fn plain(_: u64) -> Option<Run> {
    Some(success(12, "User"))
}

fn contoso_mail(k: u64) -> Option<Run> {
    if k > 0 {
        return Some(success(212, "User"));
    }
    let mut log = vec![("Running", "Processing 212 users".to_string())];
    log.extend(
        FAILED_USERS
            .iter()
            .map(|(u, why)| ("Error", format!("{u}: {why}"))),
    );
    log.push((
        "Stop",
        "Job finished with errors: 14 of 212 users failed".into(),
    ));
    Some((
        "Failed",
        "14 of 212 users failed".into(),
        log,
        users(212, &FAILED_USERS),
    ))
}

fn contoso_sites(k: u64) -> Option<Run> {
    if k > 0 {
        return Some(success(40, "Site"));
    }
    let log = vec![
        ("Running", "Processing 40 sites".to_string()),
        (
            "Warning",
            "Marketing: the site is locked (read-only); its changes since Friday were not read"
                .into(),
        ),
        (
            "Warning",
            "Project Falcon: 3 items skipped: file names longer than 400 characters".into(),
        ),
        (
            "Warning",
            "Job finished with warnings: 2 of 40 sites".into(),
        ),
    ];
    let processed = (0..40)
        .map(|u| Processed {
            id: data::uuid_for(67, u),
            kind: "Site",
            status: if u < 2 { "Warning" } else { "Success" },
        })
        .collect();
    Some(("Warning", "2 of 40 sites warned".into(), log, processed))
}

fn fabrikam(k: u64) -> Option<Run> {
    if k > 1 {
        return Some(success(64, "User"));
    }
    let why = "Repository Azure object storage is out of sync with its object storage: synchronize it, then run the job again";
    let log = vec![
        ("Running", "Processing 64 users".to_string()),
        ("Error", why.to_string()),
        ("Stop", "Job failed".into()),
    ];
    Some(("Failed", why.into(), log, Vec::new()))
}

/// Backed up well until eight nights ago, then failed every night on Microsoft Graph
/// permissions (its application was never given them, and Exchange Web Services is
/// retired); disabled four days ago: nothing since.
fn northwind(k: u64) -> Option<Run> {
    match k {
        0..4 => return None,
        8.. => return Some(success(18, "User")),
        _ => {}
    }
    let log = vec![
        ("Running", "Processing 18 users".to_string()),
        ("Error", "Microsoft Graph denied access (403 Forbidden): the application lacks the MailboxItem.Read.All application permission".into()),
        ("Error", "Exchange Web Services is no longer available for this organization: grant the Microsoft Graph permissions for Exchange".into()),
        ("Stop", "Job failed: 18 of 18 users failed".into()),
    ];
    let processed = (0..18)
        .map(|u| Processed {
            id: data::uuid_for(65, u),
            kind: "User",
            status: "Failed",
        })
        .collect();
    Some(("Failed", "18 of 18 users failed".into(), log, processed))
}
