//! What an administrator does from the morning view, and how the server says what changed:
//! start (incremental or full), stop, enable and disable jobs and copy jobs; synchronize a
//! repository; proxy maintenance (v8); the `/Events` feed (v8, long-polled) and
//! `JobSessions/Changes` (v7).

use std::time::Duration;

use serde_json::{Value, json};

use crate::api::version::ApiVersion;
use crate::sim::dashboard::live::{Refusal, Since};
use crate::sim::lookup::validation;
use crate::sim::state::Sim;
use crate::sim::wire::{Reply, SimRequest};

/// The longest a long-poll of `/Events` waits.
const MAX_WAIT: u64 = 60;

/// `POST /Jobs/{id}/start` and `/CopyJobs/{id}/start`: v6 takes `{full}` on both, v7/v8 on
/// backup jobs only; v8 answers the new session, earlier versions 204.
pub(super) fn start(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str, copy: bool) -> Reply {
    let full = req
        .body_value()
        .and_then(|b| b["full"].as_bool())
        .unwrap_or(false);
    let now = sim.config.clock.now();
    let mut st = sim.state();
    if !is_kind(&st.dashboard, id, copy) {
        return missing(v);
    }
    let started = st.dashboard.start_run(id, full, "Success", 0, now);
    let reply = match started {
        Ok(session) if v >= ApiVersion::V8 => match st.dashboard.session(&session) {
            Some(s) => Reply::json(200, s.json(v)),
            None => Reply::empty(204),
        },
        Ok(_) => Reply::empty(204),
        Err(r) => refused(v, r),
    };
    drop(st);
    sim.announce();
    reply
}

/// `POST /Jobs/{id}/stop` and `/CopyJobs/{id}/stop`.
pub(super) fn stop(sim: &Sim, v: ApiVersion, id: &str, copy: bool) -> Reply {
    let now = sim.config.clock.now();
    let mut st = sim.state();
    if !is_kind(&st.dashboard, id, copy) {
        return missing(v);
    }
    let reply = match st.dashboard.stop_run(id, now) {
        Ok(()) => Reply::empty(204),
        Err(r) => refused(v, r),
    };
    drop(st);
    sim.announce();
    reply
}

/// `POST /Jobs/{id}/enable|disable` and the same for copy jobs.
pub(super) fn enable(sim: &Sim, v: ApiVersion, id: &str, copy: bool, on: bool) -> Reply {
    let mut st = sim.state();
    if !is_kind(&st.dashboard, id, copy) {
        return missing(v);
    }
    if let Some(job) = st.dashboard.job_mut(id)
        && job.enabled != on
    {
        job.enabled = on;
        st.dashboard.job_changed(id);
    }
    drop(st);
    sim.announce();
    Reply::empty(204)
}

/// `POST /BackupRepositories/{id}/Sync`: the repository is in sync again; answers the
/// synchronization session.
pub(super) fn sync_repository(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    let mut st = sim.state();
    let n = st.next();
    let Some(repo) = st
        .dashboard
        .repositories
        .iter_mut()
        .find(|r| r.id.eq_ignore_ascii_case(id))
    else {
        return Reply::error(
            Some(v),
            404,
            "The repository does not exist.",
            "ResourceNotFound",
        );
    };
    repo.out_of_sync = false;
    Reply::json(
        200,
        json!({
            "id": crate::sim::data::uuid_for(72, n),
            "repositoryId": repo.id,
            "state": "Synchronizing",
            "progressPercent": 0,
        }),
    )
}

/// `POST /backupRepositories/maintenanceSessions` (VB365 8.5+, beyond the v8 schema): served
/// only once the server says it is 8.5 or newer; the repositories named go in maintenance.
pub(super) fn repository_maintenance(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let mut st = sim.state();
    let newer = st.dashboard.build.as_deref();
    if !newer.is_some_and(|b| crate::api::actions::build_at_least(b, 8, 5)) {
        return crate::sim::lookup::not_found(v);
    }
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let ids: Vec<String> = body["repositoryIds"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|i| i.as_str().map(str::to_lowercase))
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() {
        return validation(v, "repositoryIds must name at least one repository.");
    }
    for r in &mut st.dashboard.repositories {
        if ids.contains(&r.id.to_lowercase()) {
            r.maintenance = true;
        }
    }
    let n = st.next();
    let now = crate::api::models::Timestamp(sim.config.clock.now()).to_wire();
    Reply::json(
        200,
        json!({
            "id": crate::sim::data::uuid_for(73, n), "status": "Initialized", "startTime": now,
            "repositoryIds": ids,
            "waitingConfig": { "waitForSessionsTimeout": 60, "forceStopSessions": false },
        }),
    )
}

/// `POST /Proxies/{id}/maintenance/enable|disable` (v8).
pub(super) fn proxy_maintenance(sim: &Sim, v: ApiVersion, id: &str, on: bool) -> Reply {
    let mut st = sim.state();
    let Some(proxy) = st
        .dashboard
        .proxies
        .iter_mut()
        .find(|p| p.id.eq_ignore_ascii_case(id))
    else {
        return Reply::error(
            Some(v),
            404,
            "The proxy does not exist.",
            "ResourceNotFound",
        );
    };
    proxy.maintenance = on;
    Reply::empty(204)
}

/// `GET /Events` (v8): the changes after `from` (a token or `latest`), at most `limit`; with
/// none yet, the answer waits up to `timeoutSeconds` for one.
pub(super) fn events(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let Some(from) = req.query.get("from") else {
        return validation(
            v,
            "The from parameter is required: a change token or latest.",
        );
    };
    let limit = match limit(req) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let wait = req
        .query
        .get("timeoutseconds")
        .and_then(|t| t.parse::<u64>().ok())
        .unwrap_or(0)
        .min(MAX_WAIT);
    let st = sim.state();
    let at = match st.dashboard.feed.since(from) {
        Since::At(at) => at,
        Since::Outdated => return outdated(v),
        Since::Unknown => return validation(v, "The change token is not valid."),
    };
    let (events, next) = st.dashboard.feed.read(at, limit);
    let empty = events.is_empty();
    let mut reply = Reply::json(
        200,
        json!({ "nextChangeToken": next.to_string(), "limit": limit, "results": events }),
    );
    if empty && wait > 0 {
        reply.wait = Some(Duration::from_secs(wait));
    }
    reply
}

/// `GET /JobSessions/Changes` (v7): whole sessions changed after `from`, or every session
/// without it ("from the initial backup"); `latest` starts from now.
pub(super) fn session_changes(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let limit = match limit(req) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let st = sim.state();
    let at = match req.query.get("from") {
        None => 0,
        Some(from) => match st.dashboard.feed.since(from) {
            Since::At(at) => at,
            Since::Outdated => return outdated(v),
            Since::Unknown => return validation(v, "The change token is not valid."),
        },
    };
    let (sessions, next) = st.dashboard.changed_sessions(at, limit);
    let results: Vec<Value> = sessions.into_iter().map(|s| s.json(v)).collect();
    Reply::json(
        200,
        json!({ "nextChangeToken": next.to_string(), "limit": limit, "results": results }),
    )
}

fn limit(req: &SimRequest) -> Result<usize, Reply> {
    match req.query.get("limit").map(|l| l.parse::<usize>()) {
        None => Ok(30),
        Some(Ok(l)) if (1..=10_000).contains(&l) => Ok(l),
        _ => Err(validation(
            ApiVersion::V8,
            "The limit parameter must be between 1 and 10000.",
        )),
    }
}

fn outdated(v: ApiVersion) -> Reply {
    Reply::error(
        Some(v),
        400,
        "The change token is no longer valid.",
        "OutdatedChangeToken",
    )
}

fn is_kind(d: &crate::sim::dashboard::Dashboard, id: &str, copy: bool) -> bool {
    d.jobs
        .iter()
        .any(|j| j.id.eq_ignore_ascii_case(id) && j.copy_of.is_some() == copy)
}

fn missing(v: ApiVersion) -> Reply {
    Reply::error(Some(v), 404, "The job does not exist.", "ResourceNotFound")
}

fn refused(v: ApiVersion, r: Refusal) -> Reply {
    match r {
        Refusal::Missing => missing(v),
        Refusal::Conflict(words) => Reply::error(Some(v), 400, words, "OperationConflict"),
    }
}

/// The control endpoint's morning (`POST /__sim/morning`), for tests and demos: run a job
/// to an end (`{"job": "<name or id>", "run": "Failed", "bad": 3}`), enable or disable it
/// (`{"job": …, "enabled": false}`), take a proxy on or offline (`{"proxy": host, "online":
/// false}`), set the licences used (`{"licenceUsed": 440}`), the health (`{"healthy": false}`),
/// or forget the change feed so every token is outdated (`{"forgetEvents": true}`).
pub(crate) fn control(sim: &Sim, body: &Value) -> Reply {
    let now = sim.config.clock.now();
    let mut st = sim.state();
    let d = &mut st.dashboard;
    if let Some(name) = body["job"].as_str() {
        let Some(id) = d.find_job(name) else {
            return Reply::json(404, json!({ "message": format!("no job {name}") }));
        };
        if let Some(on) = body["enabled"].as_bool()
            && let Some(job) = d.job_mut(&id)
        {
            job.enabled = on;
            d.job_changed(&id);
        }
        if let Some(run) = body["run"].as_str() {
            let outcome = match run {
                "Success" => "Success",
                "Warning" => "Warning",
                _ => "Failed",
            };
            let bad = body["bad"]
                .as_u64()
                .unwrap_or(u64::from(outcome != "Success"));
            if let Err(e) = d.start_run(
                &id,
                body["full"].as_bool().unwrap_or(false),
                outcome,
                bad,
                now,
            ) {
                return Reply::json(409, json!({ "message": format!("{e:?}") }));
            }
        }
    }
    if let Some(host) = body["proxy"].as_str()
        && let Some(p) = d.proxies.iter_mut().find(|p| p.host == host)
    {
        p.online = body["online"].as_bool().unwrap_or(p.online);
    }
    if let Some(used) = body["licenceUsed"].as_u64() {
        d.licence.0 = used;
    }
    if let Some(healthy) = body["healthy"].as_bool() {
        d.healthy = healthy;
    }
    if let Some(build) = body["build"].as_str() {
        d.build = Some(build.to_string());
    }
    if body["forgetEvents"].as_bool() == Some(true) {
        d.feed.forget();
    }
    let latest = d.feed.latest();
    drop(st);
    sim.announce();
    Reply::json(200, json!({ "ok": true, "latest": latest }))
}
