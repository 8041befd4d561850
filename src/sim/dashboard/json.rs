//! The morning's objects as each version's schema writes them.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::{BUILD, Dashboard, GB, Job, Proxy, Repository, Session};
use crate::api::models::Timestamp;
use crate::api::version::ApiVersion;
use crate::sim::data;

impl Job {
    /// When it last ran and how, and its last good run (Success or Warning).
    fn last(&self) -> Option<&Session> {
        self.sessions.first()
    }
    fn last_good(&self) -> Option<&Session> {
        self.sessions
            .iter()
            .find(|s| matches!(s.status, "Success" | "Warning"))
    }

    /// `RESTJob` (a backup job) or `RESTCopyJob` in version `v`.
    pub fn json(&self, v: ApiVersion, now: DateTime<Utc>) -> Value {
        let wire = |t: DateTime<Utc>| Timestamp(t).to_wire();
        let mut j = json!({
            "id": self.id,
            "name": self.name,
            "isEnabled": self.enabled,
            "repositoryId": self.repository_id,
        });
        if let Some(s) = self.last() {
            j["lastStatus"] = json!(s.status);
            j["lastRun"] = json!(wire(s.start));
        }
        if self.enabled {
            let next = self.sessions.first().map_or(now, |s| s.start) + Duration::days(1);
            let next = if next < now {
                next + Duration::days(1)
            } else {
                next
            };
            j["nextRun"] = json!(wire(next));
        }
        if v >= ApiVersion::V7
            && let Some(s) = self.last_good()
        {
            j["lastBackup"] = json!(wire(s.end.unwrap_or(s.start)));
        }
        match &self.copy_of {
            Some(backup) => {
                j["backupJobId"] = json!(backup);
            }
            None => {
                j["description"] = json!(self.description);
                j["backupType"] = json!("EntireOrganization");
                j["schedulePolicy"] = json!({
                    "type": "Daily", "dailyType": "Everyday", "dailyTime": "22:00:00",
                    "retryEnabled": true, "retryNumber": 3, "backupWindowEnabled": false,
                });
            }
        }
        if v >= ApiVersion::V8 {
            j["organizationId"] = json!(self.organization_id);
            j["eTag"] = json!(self.etag);
        }
        j
    }
}

impl Session {
    /// `RESTJobSession` in version `v`.
    pub fn json(&self, v: ApiVersion) -> Value {
        let wire = |t: DateTime<Utc>| Timestamp(t).to_wire();
        let failed = self
            .processed
            .iter()
            .filter(|p| p.status != "Success")
            .count();
        // Per second of the run; one under way reports its rate over its first minute.
        let minutes = self
            .end
            .map_or(60, |e| (e - self.start).num_seconds().max(1) as u64);
        let mut j = json!({
            "id": self.id,
            "details": self.details,
            "creationTime": wire(self.start),
            "endTime": self.end.map(wire),
            "retryCount": u64::from(self.status == "Failed") * 3,
            "progress": self.processed.len(),
            "status": self.status,
            "statistics": {
                "processingRateBytesPS": self.transferred / minutes,
                "processingRateItemsPS": (self.processed.len() as u64 * 50) / minutes + 1,
                "readRateBytesPS": self.transferred / minutes,
                "writeRateBytesPS": self.transferred / minutes,
                "transferredDataBytes": self.transferred,
                "processedObjects": self.processed.len() - failed,
                "bottleneck": "Source",
            },
        });
        if v >= ApiVersion::V7 {
            j["repositoryId"] = json!(self.repository_id);
            j["jobWillBeRetried"] = json!(false);
            j["jobType"] = json!(if self.copy { "Copy" } else { "Backup" });
        }
        if v >= ApiVersion::V8 {
            j["jobId"] = json!(self.job_id);
            j["jobSessionConfigType"] = json!("Incremental");
            j["eTag"] = json!(self.etag);
        }
        j
    }

    /// Its log lines in version `v`: v6/v7 write a title, v8 a type and a message.
    pub fn log_json(&self, v: ApiVersion) -> Vec<Value> {
        let wire = |t: DateTime<Utc>| Timestamp(t).to_wire();
        self.log
            .iter()
            .enumerate()
            .map(|(n, (kind, text))| {
                let at = self.start + Duration::seconds(n as i64 * 20);
                let mut j = json!({
                    "id": data::uuid_for(68, n as u64),
                    "usn": n + 1,
                    "creationTime": wire(at),
                    "endTime": wire(at + Duration::seconds(15)),
                });
                if v >= ApiVersion::V8 {
                    j["type"] = json!(kind);
                    j["message"] = json!(text);
                } else {
                    j["title"] = json!(format!("[{kind}] {text}"));
                }
                j
            })
            .collect()
    }
}

impl Repository {
    /// `RESTBackupRepository` in version `v`.
    pub fn json(&self, v: ApiVersion) -> Value {
        let mut j = json!({
            "id": self.id,
            "name": self.name,
            "path": self.path,
            "retentionType": "ItemLevel",
            "retentionPeriodType": "Yearly",
            "yearlyRetentionPeriod": if self.long_term { "Years7" } else { "Years3" },
            "isLongTerm": self.long_term,
            "isOutOfSync": self.out_of_sync,
        });
        // 8.5+ only (beyond the v8 schema): set only by a maintenance session.
        if self.maintenance {
            j["maintenanceMode"] = json!("RepositoryDisabled");
        }
        if let Some((capacity, free)) = self.disk {
            j["capacityBytes"] = json!(capacity);
            j["freeSpaceBytes"] = json!(free);
        }
        if let Some((kind, used, limit_gb)) = self.object {
            if v >= ApiVersion::V8 {
                j["objectStorage"] = json!({
                    "type": kind,
                    "usedSpaceBytes": used,
                    "freeSpaceBytes": (limit_gb * GB).saturating_sub(used),
                    "sizeLimitEnabled": true,
                    "sizeLimitGB": limit_gb,
                });
            } else {
                j["objectStorageId"] = json!(data::uuid_for(69, used % 97));
                j["objectStorageCachePath"] = json!(self.path);
            }
        }
        if v >= ApiVersion::V8 {
            j["isOutdated"] = json!(false);
            j["isOutOfOrder"] = json!(false);
            j["isIndexed"] = json!(true);
        }
        j
    }
}

impl Proxy {
    /// `RESTProxy` in version `v`.
    pub fn json(&self, v: ApiVersion) -> Value {
        let mut j = json!({
            "id": self.id,
            "hostName": self.host,
            "port": 9193,
            "status": if self.online { "Online" } else { "Offline" },
            "type": "Domain",
        });
        if v >= ApiVersion::V7 {
            j["fqdn"] = json!(self.host);
        }
        if v >= ApiVersion::V8 {
            j["maintenanceModeState"] = json!(if self.maintenance {
                "Enabled"
            } else {
                "Disabled"
            });
            j["operatingSystem"] = json!("Windows");
            j["version"] = json!(BUILD);
            if self.online {
                j["cpuUsagePercent"] = json!(self.cpu);
                j["memoryUsagePercent"] = json!(self.memory);
            }
        } else {
            j["threadsNumber"] = json!(64);
        }
        j
    }
}

impl Dashboard {
    /// `RESTLicense` in version `v` (v6 names the expiry `expirationDate`).
    pub fn licence_json(&self, v: ApiVersion) -> Value {
        let (used, total, expires) = self.licence;
        let mut j = json!({
            "licenseID": data::uuid_for(70, 0),
            "status": "Valid",
            "type": "Subscription",
            "licensedTo": "Contoso Ltd.",
            "totalNumber": total,
            "usedNumber": used,
            "newNumber": 3,
        });
        let at = Timestamp(expires).to_wire();
        if v >= ApiVersion::V7 {
            j["licenseExpires"] = json!(at);
            j["package"] = json!("Backup");
        } else {
            j["expirationDate"] = json!(at);
        }
        j
    }

    /// `RESTHealthReport` (v8).
    pub fn health_json(&self) -> Value {
        let status = if self.healthy { "Healthy" } else { "Unhealthy" };
        json!({
            "status": status,
            "entries": {
                "NATS": { "status": status, "description": "The message broker answers" },
                "PostgreSQL": { "status": "Healthy", "description": "The configuration database answers" },
            },
        })
    }

    /// A session of any job, by id.
    pub fn session(&self, id: &str) -> Option<&Session> {
        self.jobs
            .iter()
            .flat_map(|j| &j.sessions)
            .find(|s| s.id.eq_ignore_ascii_case(id))
    }
}
