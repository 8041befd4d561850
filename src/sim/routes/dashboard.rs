//! What the morning view reads: `Jobs`, `CopyJobs`, `JobSessions` (with their `LogItems` and
//! `ProcessedObjects`), `BackupRepositories`, `Proxies`, `License` and the anonymous `Health`,
//! each in the shape of its version: v6/v7 answer bare arrays where v8 pages, v6 reads a
//! job's sessions under the job, v8 filters sessions by job and names the job in each.

use serde_json::{Value, json};

use crate::api::version::ApiVersion;
use crate::sim::lookup::{not_found, page_json, paging};
use crate::sim::state::{Principal, Sim};
use crate::sim::wire::{Reply, SimRequest};

/// A list as the version gives it: a page on v8 (and wherever `paged`), else an array.
fn list(v: ApiVersion, req: &SimRequest, all: Vec<Value>, paged: bool) -> Reply {
    list_of(v, req, all, paged, |x| x)
}

/// [`list`] of what turns into JSON only when it is on the page asked for: a large
/// installation's 20,000 sessions are not all written out for each page of 1,000.
fn list_of<T>(
    v: ApiVersion,
    req: &SimRequest,
    all: Vec<T>,
    paged: bool,
    json: impl Fn(T) -> Value,
) -> Reply {
    if !paged {
        return Reply::json(200, Value::Array(all.into_iter().map(json).collect()));
    }
    match paging(v, req) {
        Ok((offset, limit)) => {
            let total = all.len() as u64;
            let results = (all.into_iter().skip(offset as usize).take(limit as usize))
                .map(json)
                .collect();
            Reply::json(200, page_json(v, offset, limit, results, total))
        }
        Err(r) => r,
    }
}

/// `GET /Jobs` (`copy`: `/CopyJobs`); v8 filters by `organizationId` and `repositoryId`.
pub(super) fn jobs(sim: &Sim, v: ApiVersion, req: &SimRequest, copy: bool) -> Reply {
    let now = sim.config.clock.now();
    let org = req.query.get("organizationid").map(|s| s.to_lowercase());
    let repo = req.query.get("repositoryid").map(|s| s.to_lowercase());
    let state = sim.state();
    let all: Vec<&crate::sim::dashboard::Job> = state
        .dashboard
        .jobs
        .iter()
        .filter(|j| j.copy_of.is_some() == copy)
        .filter(|j| {
            org.as_ref()
                .is_none_or(|o| j.organization_id.eq_ignore_ascii_case(o))
        })
        .filter(|j| {
            repo.as_ref()
                .is_none_or(|r| j.repository_id.eq_ignore_ascii_case(r))
        })
        .collect();
    list_of(v, req, all, v >= ApiVersion::V8, |j| j.json(v, now))
}

/// `GET /Organizations/{id}/Jobs` (v6, v7): an organization's backup jobs, in an array.
pub(super) fn organization_jobs(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    if super::organizations::find_org(sim, id).is_none() {
        return super::organizations::org_not_found(v, id);
    }
    let now = sim.config.clock.now();
    let state = sim.state();
    let own = state
        .dashboard
        .jobs
        .iter()
        .filter(|j| j.copy_of.is_none() && j.organization_id.eq_ignore_ascii_case(id));
    Reply::json(
        200,
        serde_json::Value::Array(own.map(|j| j.json(v, now)).collect()),
    )
}

/// `GET /Jobs/{id}` (`copy`: `/CopyJobs/{id}`).
pub(super) fn job(sim: &Sim, v: ApiVersion, id: &str, copy: bool) -> Reply {
    let now = sim.config.clock.now();
    let state = sim.state();
    match state
        .dashboard
        .jobs
        .iter()
        .find(|j| j.id.eq_ignore_ascii_case(id) && j.copy_of.is_some() == copy)
    {
        Some(j) => Reply::json(200, j.json(v, now)),
        None => missing(v, "The job does not exist."),
    }
}

/// `GET /JobSessions` (newest first; v7+ filter by `jobId`, v8 by `status` too) and v6's
/// `GET /Jobs/{id}/JobSessions`.
pub(super) fn sessions(sim: &Sim, v: ApiVersion, req: &SimRequest, job: Option<&str>) -> Reply {
    let job = job.map(str::to_string).or_else(|| {
        (v >= ApiVersion::V7)
            .then(|| req.query.get("jobid").cloned())
            .flatten()
    });
    let status = req.query.get("status").cloned();
    // Despite its name, "sessions created after" (as the schema describes it).
    let since = req
        .query
        .get("endtimelowerbound")
        .and_then(|t| crate::api::models::Timestamp::parse(t))
        .map(|t| t.0);
    let state = sim.state();
    let mut all: Vec<&crate::sim::dashboard::Session> = state
        .dashboard
        .jobs
        .iter()
        .filter(|j| job.as_ref().is_none_or(|id| j.id.eq_ignore_ascii_case(id)))
        .flat_map(|j| &j.sessions)
        .filter(|s| since.is_none_or(|at| s.start >= at))
        // The filter spells success `Succeeded`, the sessions `Success`.
        .filter(|s| {
            status
                .as_deref()
                .is_none_or(|want| match want.to_ascii_lowercase().as_str() {
                    "succeeded" => s.status == "Success",
                    other => s.status.eq_ignore_ascii_case(other),
                })
        })
        .collect();
    all.sort_by_key(|s| std::cmp::Reverse(s.start));
    list_of(v, req, all, true, |s| s.json(v))
}

/// `GET /JobSessions/{id}`.
pub(super) fn session(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    match sim.state().dashboard.session(id) {
        Some(s) => Reply::json(200, s.json(v)),
        None => missing(v, "The job session does not exist."),
    }
}

/// `GET /JobSessions/{id}/LogItems`; v8 filters by `type`.
pub(super) fn log_items(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str) -> Reply {
    let kind = req.query.get("type").cloned();
    let state = sim.state();
    let Some(s) = state.dashboard.session(id) else {
        return missing(v, "The job session does not exist.");
    };
    let all = s
        .log_json(v)
        .into_iter()
        .filter(|l| {
            kind.as_deref().is_none_or(|k| {
                l["type"]
                    .as_str()
                    .is_some_and(|t| t.eq_ignore_ascii_case(k))
            })
        })
        .collect();
    list(v, req, all, true)
}

/// `GET /JobSessions/{id}/ProcessedObjects` (v7+).
pub(super) fn processed(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str) -> Reply {
    if v < ApiVersion::V7 {
        return not_found(v);
    }
    let state = sim.state();
    let Some(s) = state.dashboard.session(id) else {
        return missing(v, "The job session does not exist.");
    };
    let all = s
        .processed
        .iter()
        .map(|p| json!({ "id": p.id, "type": p.kind, "status": p.status }))
        .collect();
    list(v, req, all, true)
}

/// `GET /BackupRepositories`.
pub(super) fn repositories(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let all = sim
        .state()
        .dashboard
        .repositories
        .iter()
        .map(|r| r.json(v))
        .collect();
    list(v, req, all, v >= ApiVersion::V8)
}

/// `GET /Proxies`.
pub(super) fn proxies(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let all = sim
        .state()
        .dashboard
        .proxies
        .iter()
        .map(|p| p.json(v))
        .collect();
    list(v, req, all, v >= ApiVersion::V8)
}

/// `GET /License`.
pub(super) fn licence(sim: &Sim, v: ApiVersion) -> Reply {
    Reply::json(200, sim.state().dashboard.licence_json(v))
}

/// `GET /LicensedUsers`: one user for each licence used, round the organizations; one in
/// 67 takes a licence without being backed up.
pub(super) fn licensed_users(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let state = sim.state();
    let used = state.dashboard.licence.0;
    let orgs = &state.orgs;
    let all: Vec<u64> = (0..used).collect();
    list_of(v, req, all, true, |i| {
        let org = &orgs[i as usize % orgs.len().max(1)];
        let mut u = json!({
            "id": crate::sim::data::uuid_for(71, i),
            "name": crate::sim::data::mailbox(i)["name"],
            "isBackedUp": i % 67 != 5,
            "licenseState": "Licensed",
            "organizationId": org.id,
            "organizationName": org.name,
        });
        if i % 67 != 5
            && let Some(at) = org.last_backuptime
        {
            u["lastBackupDate"] = json!(at.to_wire());
        }
        u
    })
}

/// `GET /Health` (v8; no token needed).
pub(super) fn health(sim: &Sim, v: ApiVersion) -> Reply {
    if v < ApiVersion::V8 {
        return not_found(v);
    }
    Reply::json(200, sim.state().dashboard.health_json())
}

fn missing(v: ApiVersion, message: &str) -> Reply {
    Reply::error(Some(v), 404, message, "ResourceNotFound")
}

/// `GET /Organization`: the tenant's own organization and its backups (a tenant's token).
pub(super) fn logged_in_organization(sim: &Sim, v: ApiVersion, principal: &Principal) -> Reply {
    let Principal::Tenant(tenant) = principal else {
        return Reply::error(
            Some(v),
            403,
            "Only a tenant can read its organization.",
            "AccessDenied",
        );
    };
    let state = sim.state();
    let Some(org) = state
        .orgs
        .iter()
        .find(|o| o.name.as_deref() == Some(tenant.as_str()))
    else {
        return missing(v, "The organization does not exist.");
    };
    let wire = |t: Option<crate::api::models::Timestamp>| t.map(|t| t.to_wire());
    Reply::json(
        200,
        json!({
            "id": org.id,
            "name": org.name,
            "type": "Office365",
            "isBackedup": org.is_backedup.unwrap_or(true),
            "firstBackuptime": wire(org.first_backuptime),
            "lastBackuptime": wire(org.last_backuptime),
        }),
    )
}

/// `GET /Organization/LoggedInUser/RestorePoints` (v7+): the restore operator's restore
/// points, those of the first organization's first job, newest first.
pub(super) fn my_restore_points(sim: &Sim, v: ApiVersion, principal: &Principal) -> Reply {
    if !matches!(principal, Principal::Operator(_)) {
        return Reply::error(
            Some(v),
            403,
            "Only a restore operator has these restore points.",
            "AccessDenied",
        );
    }
    let state = sim.state();
    let Some(job) = state.dashboard.jobs.first() else {
        return Reply::json(200, Value::Array(Vec::new()));
    };
    let points = job
        .sessions
        .iter()
        .filter(|s| matches!(s.status, "Success" | "Warning" | "Failed"))
        .enumerate()
        .map(|(i, s)| {
            json!({
                "id": crate::sim::data::uuid_for(71, i as u64),
                "repositoryId": job.repository_id,
                "backupTime": crate::api::models::Timestamp(s.end.unwrap_or(s.start)).to_wire(),
                "jobId": job.id,
                "organizationId": job.organization_id,
                "isExchange": true,
                "isOneDrive": true,
                "isSharePoint": false,
                "isTeams": false,
                "isLongTermCopy": false,
                "isCopy": false,
                "isRetrieved": false,
            })
        })
        .collect();
    Reply::json(200, Value::Array(points))
}
