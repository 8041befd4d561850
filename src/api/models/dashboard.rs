//! What the morning view reads: backup and copy jobs, their sessions, log lines and processed
//! objects; repositories, proxies, the licence and the server's health. Enum values are kept
//! as the server spells them (an unknown one is shown raw, never guessed); a field a version
//! lacks stays `None`.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// `RESTJob` (and the fields of `RESTCopyJob` the view reads).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `EntireOrganization` or `SelectedItems`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_type: Option<String>,
    /// v8 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_run: Option<Timestamp>,
    /// The last successful run (v7+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_backup: Option<Timestamp>,
    #[serde(default)]
    pub is_enabled: bool,
    /// Stopped, Running, Success, Failed, Warning, NotConfigured, Disconnected, Queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_policy: Option<SchedulePolicy>,
    /// The backup job a copy job copies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_job_id: Option<String>,
    /// Moves on at each change (v8): an event with the same one needs no read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e_tag: Option<i64>,
}

/// `RESTJobSchedulePolicy`, as far as the view says it in words.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SchedulePolicy {
    /// Periodically, Daily or ManualOnly.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periodically_every: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_type: Option<String>,
    /// "22:00:00".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_number: Option<u32>,
}

/// `RESTJobSession`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct JobSession {
    #[serde(default)]
    pub id: String,
    /// v8 only; earlier versions are read per job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_count: Option<u32>,
    /// A count of processed objects, not a percentage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<u64>,
    /// Backup or Copy (v7+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<JobStatistics>,
    /// Moves on at each change (v8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e_tag: Option<i64>,
}

/// `RESTEvent` (v8's `/Events`): what changed, by id and eTag; the client reads the object.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct FeedEvent {
    #[serde(default)]
    pub event_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e_tag: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// Backup or Copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// A page of changes (`Events_GetResponse`, v7's `JobSessionChanges_GetResponse`): what
/// changed, and the token to ask for what changes next.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Changes<T> {
    #[serde(default)]
    pub next_change_token: String,
    #[serde(default = "Vec::new")]
    pub results: Vec<T>,
}

/// `RESTJobStatistics`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct JobStatistics {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_rate_bytes_p_s: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_rate_items_p_s: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transferred_data_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processed_objects: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bottleneck: Option<String>,
}

/// `RESTLogItem`: v6/v7 write a `title`, v8 a `type` and a `message`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LogItem {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Running, Warning, Error, Success, Stop (v8).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_time: Option<Timestamp>,
}

impl LogItem {
    /// Its words in any version.
    pub fn text(&self) -> &str {
        self.message
            .as_deref()
            .or(self.title.as_deref())
            .unwrap_or_default()
    }
}

/// `RESTBackupRepository`, what the view says of it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Repository {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// JET repositories only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_space_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_out_of_sync: Option<bool>,
    /// v8: must be upgraded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_outdated: Option<bool>,
    /// v8: the "Invalid" state, with its reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_out_of_order: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_of_order_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_period_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yearly_retention_period: Option<String>,
    /// v6/v7: the object storage it offloads to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_storage_id: Option<String>,
    /// v8: the object storage it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_storage: Option<ObjectStorage>,
    /// VB365 8.5+, beyond the v8 schema: None, RepositoryDisabled or SessionsDisabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_mode: Option<String>,
}

/// v8 `RESTBackupRepository.objectStorage`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ObjectStorage {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_space_bytes: Option<u64>,
    /// Only with a size limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_space_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_limit_enabled: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "sizeLimitGB"
    )]
    pub size_limit_gb: Option<u64>,
}

/// `RESTProxy`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Proxy {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub host_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
    /// Online or Offline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// v8: Disabled, Enabling, Enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_mode_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_usage_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_usage_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// `RESTLicense`: v6 names the expiry `expirationDate`, v7+ `licenseExpires`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct License {
    /// Valid or Expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licensed_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_expires: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_number: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_number: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_number: Option<u64>,
}

impl License {
    /// When it expires, in any version.
    pub fn expires(&self) -> Option<Timestamp> {
        self.license_expires.or(self.expiration_date)
    }
}

/// `RESTHealthReport` (v8, anonymous): Healthy or Unhealthy, and each part's.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default)]
    pub entries: std::collections::BTreeMap<String, HealthEntry>,
}

/// `RESTHealthReportEntry`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HealthEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `RESTProcessedObject` (v7+): a user, group, site or team a session processed.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ProcessedObject {
    #[serde(default)]
    pub id: String,
    /// Group, User, Site, Team.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Success, Warning, Failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// `RESTLoggedInOrganization`: a tenant's own organization and its backups.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LoggedInOrganization {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_backedup: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_backuptime: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_backuptime: Option<Timestamp>,
}

/// `RESTRestorePoint`, what a restore operator's Home says of it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RestorePoint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_time: Option<Timestamp>,
    #[serde(default)]
    pub is_exchange: bool,
    #[serde(default)]
    pub is_one_drive: bool,
    #[serde(default)]
    pub is_share_point: bool,
    #[serde(default)]
    pub is_teams: bool,
}

/// `RESTLicensedUser`: a user who takes a licence, and whether it is backed up.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LicensedUser {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_backed_up: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_backup_date: Option<Timestamp>,
    /// Licensed, New, TemporarilyAssigned or Exceeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
}

/// `RESTOrganizationSyncState`: v7 says one status (`None`, `Success`, `Error`) with the
/// last time and error; v8 the last sync (`lastSyncState`) and the one under way
/// (`currentSyncState`).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// v7.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// v8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync_state: Option<LastSyncState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_sync_state: Option<CurrentSyncState>,
}

/// v8 `RESTOrganizationLastSyncState`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LastSyncState {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Success or Error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// v8 `RESTOrganizationCurrentSyncState`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CurrentSyncState {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Queued or Running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl SyncState {
    /// The last sync's error, in either version's shape, when it failed.
    pub fn failed(&self) -> Option<(Option<Timestamp>, String)> {
        if let Some(l) = &self.last_sync_state {
            return (l.result.as_deref() == Some("Error")).then(|| {
                (
                    l.end_time,
                    l.error.clone().unwrap_or_else(|| "no reason given".into()),
                )
            });
        }
        (self.status.as_deref() == Some("Error")).then(|| {
            let why = self
                .error
                .clone()
                .unwrap_or_else(|| "no reason given".into());
            (self.last_sync_time, why)
        })
    }

    /// A sync under way (v8): "Running" or "Queued", with its type.
    pub fn under_way(&self) -> Option<String> {
        let c = self.current_sync_state.as_ref()?;
        // The object may come with no sync under way: only these two are one.
        if !matches!(c.status.as_deref(), Some("Queued" | "Running")) {
            return None;
        }
        let kind = c.kind.as_deref().unwrap_or("").to_lowercase();
        Some(format!("{} {kind} sync", c.status.as_deref().unwrap_or("Running")).replace("  ", " "))
    }
}

/// `RESTVersionBackupOptions` (v8): which SharePoint versions are backed up.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VersionBackupOptions {
    /// All or Latest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_point_backup_mode: Option<String>,
}

/// `RESTTenantInformation` (v8): where a Multi-Geo tenant keeps its data.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TenantInformation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple_data_locations_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_location_protection: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protected_locations: Option<Vec<String>>,
}
