//! What an administrator does from the morning view: start (incremental or full), stop,
//! enable or disable a job or copy job; synchronize a repository or (v7+) an organization;
//! take a proxy in or out of maintenance (v8). Each is a POST sent once and never retried: a second start would start
//! a second run.

use serde_json::json;

use super::client::{Call, Client};
use super::error::ApiError;
use super::seg;
use super::version::ApiVersion;

/// One thing to do, and what to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Start a job now; `full`: an active full backup (backup jobs; v6 copy jobs too).
    Start {
        job: String,
        copy: bool,
        full: bool,
    },
    Stop {
        job: String,
        copy: bool,
    },
    Enable {
        job: String,
        copy: bool,
        on: bool,
    },
    SyncRepository {
        id: String,
    },
    /// v7+: `full` reads every object of the organization again.
    SyncOrganization {
        id: String,
        full: bool,
    },
    /// v8: back up every version of SharePoint documents (`all`) or the latest only.
    SharePointVersions {
        organization: String,
        all: bool,
    },
    /// VB365 8.5+ (beyond the v8 schema): a maintenance session of a repository.
    RepositoryMaintenance {
        id: String,
    },
    /// v8 only.
    ProxyMaintenance {
        id: String,
        on: bool,
    },
}

impl Action {
    fn call(&self, v: ApiVersion) -> Call {
        let jobs = |copy: bool| if copy { "CopyJobs" } else { "Jobs" };
        match self {
            Action::Start { job, copy, full } => {
                // v7+ copy jobs take no options; v6 takes them on both kinds.
                let body = (!*copy || v < ApiVersion::V7).then(|| json!({ "full": full }));
                let path = format!("{}/{}/start", jobs(*copy), seg(job));
                Call::post("Start job", path, body)
            }
            Action::Stop { job, copy } => Call::post(
                "Stop job",
                format!("{}/{}/stop", jobs(*copy), seg(job)),
                None,
            ),
            Action::Enable { job, copy, on } => {
                let verb = if *on { "enable" } else { "disable" };
                let path = format!("{}/{}/{verb}", jobs(*copy), seg(job));
                Call::post(if *on { "Enable job" } else { "Disable job" }, path, None)
            }
            Action::SyncRepository { id } => Call::post(
                "Synchronize repository",
                format!("BackupRepositories/{}/Sync", seg(id)),
                None,
            ),
            Action::SyncOrganization { id, full } => {
                let kind = if *full { "Full" } else { "Incremental" };
                let path = format!("Organizations/{}/Sync", seg(id));
                Call::post(
                    "Synchronize organization",
                    path,
                    Some(json!({ "type": kind })),
                )
            }
            Action::SharePointVersions { organization, all } => {
                let mode = if *all { "All" } else { "Latest" };
                let path = format!("Organizations/{}/versionBackupOptions", seg(organization));
                let body = json!({ "sharePointBackupMode": mode });
                Call::put("Change SharePoint version backup", path, body)
            }
            Action::RepositoryMaintenance { id } => Call::post(
                "Start repository maintenance",
                "backupRepositories/maintenanceSessions",
                Some(json!({ "repositoryIds": [id] })),
            ),
            Action::ProxyMaintenance { id, on } => {
                let verb = if *on { "enable" } else { "disable" };
                let path = format!("Proxies/{}/maintenance/{verb}", seg(id));
                Call::post("Proxy maintenance", path, Some(json!({})))
            }
        }
    }
}

/// Whether a server build ("8.5.0.100") is at least `major.minor`; an unreadable build is not.
pub fn build_at_least(build: &str, major: u32, minor: u32) -> bool {
    let mut parts = build.split('.').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}

impl Client {
    /// Sends `action` once.
    pub async fn act(&self, action: &Action) -> Result<(), ApiError> {
        match action {
            Action::ProxyMaintenance { .. } => {
                self.require("Proxy maintenance", |v| v >= ApiVersion::V8)?
            }
            Action::SyncOrganization { .. } => {
                self.require("Synchronize organization", |v| v >= ApiVersion::V7)?
            }
            Action::RepositoryMaintenance { .. } => {
                self.require("Start repository maintenance", |v| v >= ApiVersion::V8)?
            }
            Action::SharePointVersions { .. } => {
                self.require("Change SharePoint version backup", |v| v >= ApiVersion::V8)?
            }
            _ => {}
        }
        self.call_empty(action.call(self.version())).await
    }
}
