//! Organization synchronization: each organization's last sync and the one under way. A
//! sync started through the API is Running, and ends in success one `event_interval` later.
//! Sync state has no events: clients read it.

use tokio::time::Instant;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::api::models::Timestamp;
use crate::api::version::ApiVersion;

/// How an organization's last sync went.
#[derive(Clone, Debug)]
pub struct LastSync {
    /// Incremental or Full.
    pub kind: &'static str,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Why it failed; `None` when it succeeded.
    pub error: Option<String>,
}

/// A sync under way.
#[derive(Clone, Debug)]
pub struct SyncRun {
    pub organization_id: String,
    pub kind: &'static str,
    pub start: DateTime<Utc>,
    pub started: Instant,
}

/// Every organization's sync: the last one of each, and those running.
#[derive(Clone, Debug, Default)]
pub struct Syncs {
    pub last: std::collections::HashMap<String, LastSync>,
    pub running: Vec<SyncRun>,
}

/// Why a sync cannot start.
#[derive(Debug, PartialEq, Eq)]
pub struct AlreadySyncing;

impl Syncs {
    /// Last night's syncs: each fine at 21:30, but `failing`'s, which failed with `why`.
    pub fn seed(orgs: &[String], at: DateTime<Utc>, failing: Option<(&str, &str)>) -> Syncs {
        let last = orgs
            .iter()
            .map(|id| {
                let error = failing
                    .filter(|(f, _)| f == id)
                    .map(|(_, why)| why.to_string());
                let sync = LastSync {
                    kind: "Incremental",
                    start: at,
                    end: at + Duration::minutes(3),
                    error,
                };
                (id.clone(), sync)
            })
            .collect();
        Syncs {
            last,
            running: Vec::new(),
        }
    }

    pub fn start(
        &mut self,
        org: &str,
        full: bool,
        now: DateTime<Utc>,
    ) -> Result<(), AlreadySyncing> {
        if self.running.iter().any(|r| r.organization_id == org) {
            return Err(AlreadySyncing);
        }
        self.running.push(SyncRun {
            organization_id: org.to_string(),
            kind: if full { "Full" } else { "Incremental" },
            start: now,
            started: Instant::now(),
        });
        Ok(())
    }

    /// Ends the syncs that ran for `step`, in success.
    pub fn tick(&mut self, now: DateTime<Utc>, step: std::time::Duration) {
        let (done, running): (Vec<SyncRun>, Vec<SyncRun>) = self
            .running
            .drain(..)
            .partition(|r| r.started.elapsed() >= step);
        self.running = running;
        for r in done {
            let sync = LastSync {
                kind: r.kind,
                start: r.start,
                end: now.max(r.start),
                error: None,
            };
            self.last.insert(r.organization_id, sync);
        }
    }

    /// `RESTOrganizationSyncState` of `org` in version `v` (v7: one flat state; v8: the
    /// last sync and the one under way).
    pub fn json(&self, org: &str, v: ApiVersion) -> Value {
        let last = self.last.get(org);
        let running = self.running.iter().find(|r| r.organization_id == org);
        let wire = |t: DateTime<Utc>| Timestamp(t).to_wire();
        if v < ApiVersion::V8 {
            let status = match last {
                None => "None",
                Some(l) if l.error.is_some() => "Error",
                Some(_) => "Success",
            };
            return json!({
                "type": running.map(|r| r.kind).or(last.map(|l| l.kind)),
                "status": status,
                "lastSyncTime": last.map(|l| wire(l.end)),
                "error": last.and_then(|l| l.error.clone()),
            });
        }
        let mut j = json!({ "organizationId": org });
        j["lastSyncState"] = match last {
            None => Value::Null,
            Some(l) => json!({
                "type": l.kind,
                "result": if l.error.is_some() { "Error" } else { "Success" },
                "startTime": wire(l.start),
                "endTime": wire(l.end),
                "error": l.error,
            }),
        };
        if let Some(r) = running {
            j["currentSyncState"] = json!({
                "type": r.kind, "scheduledTime": wire(r.start), "startTime": wire(r.start),
                "status": "Running",
            });
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_runs_once_at_a_time_and_ends_in_success() {
        let at = chrono::Utc::now();
        let orgs = ["a".to_string(), "b".to_string()];
        let mut s = Syncs::seed(&orgs, at, Some(("b", "expired")));
        assert_eq!(s.json("b", ApiVersion::V7)["status"], "Error");
        assert_eq!(
            s.json("b", ApiVersion::V8)["lastSyncState"]["error"],
            "expired"
        );
        assert_eq!(s.start("b", true, at), Ok(()));
        assert_eq!(s.start("b", false, at), Err(AlreadySyncing));
        assert_eq!(
            s.json("b", ApiVersion::V8)["currentSyncState"]["status"],
            "Running"
        );
        s.tick(at, std::time::Duration::ZERO);
        let v8 = s.json("b", ApiVersion::V8);
        assert_eq!(
            (
                v8["lastSyncState"]["result"].as_str(),
                v8["lastSyncState"]["type"].as_str()
            ),
            (Some("Success"), Some("Full"))
        );
        assert!(v8.get("currentSyncState").is_none());
        assert_eq!(s.json("a", ApiVersion::V7)["status"], "Success");
    }
}
