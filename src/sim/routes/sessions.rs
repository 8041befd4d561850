//! Restore sessions: starting them (explore), reading, listing, stopping, and their events.

use serde_json::{Value, json};
use tokio::time::Instant;

use super::organizations::{find_org, org_not_found};
use crate::api::models::{
    ExploreOptions, Organization, RestoreSession, RestoreType, SessionResult, SessionState,
    Timestamp,
};
use crate::api::version::ApiVersion;
use crate::sim::data;
use crate::sim::lookup::{lookup, lookup_bool, lookup_str, page_json, paging, validation};
use crate::sim::state::{Principal, Sim, StoredSession};
use crate::sim::validate;
use crate::sim::wire::{Reply, SimRequest};

fn parse_explore(v: ApiVersion, body: &Value, wrapped: bool) -> Result<ExploreOptions, Reply> {
    let opts = if wrapped {
        lookup(body, "explore")
            .cloned()
            .ok_or_else(|| validation(v, "The action is not supported. Use {\"explore\": {…}}."))?
    } else {
        body.clone()
    };
    let kind = match lookup_str(&opts, "type") {
        None => return Err(validation(v, "The restore session type is required.")),
        Some(t) => {
            let k = RestoreType::from_name(&t);
            if !v.restore_types().contains(&k) {
                return Err(validation(
                    v,
                    &format!("The restore session type '{t}' is not valid."),
                ));
            }
            k
        }
    };
    let date_time = match lookup_str(&opts, "dateTime") {
        None => None,
        Some(s) => Some(
            Timestamp::parse(&s)
                .ok_or_else(|| validation(v, &format!("'{s}' is not a valid date and time.")))?,
        ),
    };
    let repository_id = lookup_str(&opts, "repositoryId");
    if let Some(r) = &repository_id
        && !validate::is_guid(r)
    {
        return Err(validation(v, "repositoryId must be a GUID."));
    }
    Ok(ExploreOptions {
        date_time,
        kind: Some(kind),
        show_deleted: lookup_bool(&opts, "showDeleted"),
        show_all_versions: lookup_bool(&opts, "showAllVersions"),
        repository_id,
    })
}

fn start_session(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    org: &Organization,
    who: &Principal,
    opts: ExploreOptions,
) -> Reply {
    let kind = opts.kind.clone().unwrap_or(RestoreType::Vex);
    let mut st = sim.state();
    let n = st.next();
    let now = Timestamp(sim.config.clock.now());
    let point = opts
        .date_time
        .map(|t| t.to_rfc3339())
        .unwrap_or_else(|| "latest".into());
    let session = RestoreSession {
        id: data::uuid_for(21, n),
        name: Some(format!(
            "{} restore of {} ({point})",
            kind.label(),
            org.display_name()
        )),
        organization: org.name.clone(),
        kind,
        creation_time: now,
        end_time: Some(Timestamp::open_ended()),
        state: SessionState::Working,
        result: SessionResult::Success,
        initiated_by: Some(who.name().to_string()),
        details: Some(String::new()),
        scope_name: Some(org.display_name().to_string()),
        client_host: Some(req.peer.ip().to_string()),
        reason: Some(String::new()),
        e_tag: Some(1),
    };
    let stored = StoredSession {
        session,
        org_id: org.id.clone(),
        created: Instant::now(),
        stopped: None,
        options: opts,
    };
    st.sessions.push(stored.clone());
    drop(st);
    let view = session_view(sim, &stored);
    Reply::json(v.explore_status(), session_json(v, &view))
}

pub(super) fn explore_organization(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    who: &Principal,
    id: &str,
    wrapped: bool,
) -> Reply {
    if matches!(who, Principal::Tenant(_)) {
        return Reply::error(
            Some(v),
            403,
            "A tenant starts restore sessions through Organization/Explore.",
            "ResourceAccessDenied",
        );
    }
    let Some(org) = find_org(sim, id) else {
        return org_not_found(v, id);
    };
    let body = req.body_value().unwrap_or_else(|| json!({}));
    match parse_explore(v, &body, wrapped) {
        Ok(opts) => start_session(sim, v, req, &org, who, opts),
        Err(r) => r,
    }
}

pub(super) fn explore_tenant(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    who: &Principal,
    wrapped: bool,
) -> Reply {
    let Principal::Tenant(tenant) = who else {
        return Reply::error(
            Some(v),
            403,
            "Organization/Explore needs a tenant token (sign in with the organization's credentials or an assertion).",
            "ResourceAccessDenied",
        );
    };
    let org = sim
        .state()
        .orgs
        .iter()
        .find(|o| {
            o.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(tenant))
        })
        .cloned();
    let Some(org) = org else {
        return org_not_found(v, tenant);
    };
    let body = req.body_value().unwrap_or_else(|| json!({}));
    match parse_explore(v, &body, wrapped) {
        Ok(opts) => start_session(sim, v, req, &org, who, opts),
        Err(r) => r,
    }
}

pub(super) fn find_session(sim: &Sim, id: &str) -> Option<StoredSession> {
    sim.state()
        .sessions
        .iter()
        .find(|s| s.session.id.eq_ignore_ascii_case(id))
        .cloned()
}

/// Whether a session was started to show deleted items.
pub(super) fn shows_deleted(sim: &Sim, id: &str) -> bool {
    find_session(sim, id)
        .and_then(|s| s.options.show_deleted)
        .unwrap_or(false)
}

/// Whether a session was started to show every version; else a listing of versions holds
/// the newest alone.
pub(super) fn shows_all_versions(sim: &Sim, id: &str) -> bool {
    find_session(sim, id)
        .and_then(|s| s.options.show_all_versions)
        .unwrap_or(false)
}

/// The versions a session shows: all of them, newest first, or the newest alone.
pub(super) fn versions_shown(
    sim: &Sim,
    id: &str,
    newest_first: Vec<serde_json::Value>,
) -> Vec<serde_json::Value> {
    let keep = if shows_all_versions(sim, id) {
        usize::MAX
    } else {
        1
    };
    newest_first.into_iter().take(keep).collect()
}

pub(super) fn session_not_found(v: ApiVersion, id: &str) -> Reply {
    Reply::error(
        Some(v),
        404,
        &format!("Restore session with ID {id} was not found."),
        "ResourceNotFound",
    )
}

pub(super) fn with_session(
    sim: &Sim,
    v: ApiVersion,
    id: &str,
    f: impl FnOnce(RestoreSession) -> Reply,
) -> Reply {
    match find_session(sim, id) {
        Some(s) => f(session_view(sim, &s)),
        None => session_not_found(v, id),
    }
}

/// How many events a session shows now: one per interval while working.
fn visible_events(sim: &Sim, s: &StoredSession) -> usize {
    match s.stopped {
        Some((_, n)) => n + 1,
        None => {
            let step = sim.config.event_interval.as_millis().max(1);
            let n = (s.created.elapsed().as_millis() / step) as usize + 1;
            n.min(data::event_count())
        }
    }
}

fn session_view(_sim: &Sim, s: &StoredSession) -> RestoreSession {
    s.session.clone()
}

pub fn session_json(v: ApiVersion, s: &RestoreSession) -> Value {
    let mut o = serde_json::to_value(s).unwrap_or_else(|_| json!({}));
    o["type"] = json!(v.restore_type_name(&s.kind));
    if v < ApiVersion::V8
        && let Some(map) = o.as_object_mut()
    {
        map.remove("eTag");
    }
    o
}

pub(super) fn list_sessions(sim: &Sim, v: ApiVersion, req: &SimRequest, who: &Principal) -> Reply {
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let time = |k: &str| req.query.get(k).and_then(|s| Timestamp::parse(s));
    let (from, to) = (time("starttimefrom"), time("starttimeto"));
    let (end_from, end_to) = if v.has_session_ordering() {
        (time("endtimefrom"), time("endtimeto"))
    } else {
        (None, None)
    };
    let stored: Vec<StoredSession> = sim.state().sessions.clone();
    let mut list: Vec<RestoreSession> = stored
        .iter()
        .map(|s| session_view(sim, s))
        .filter(|s| match who {
            Principal::Tenant(t) => s
                .organization
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(t)),
            _ => true,
        })
        .filter(|s| {
            from.is_none_or(|f| s.creation_time >= f) && to.is_none_or(|t| s.creation_time <= t)
        })
        .filter(|s| {
            let end = s.end_time.unwrap_or_else(Timestamp::open_ended);
            end_from.is_none_or(|f| end >= f) && end_to.is_none_or(|t| end <= t)
        })
        .collect();
    let by_end = v.has_session_ordering()
        && req
            .query
            .get("orderby")
            .is_some_and(|o| o.eq_ignore_ascii_case("EndTime"));
    let asc = v.has_session_ordering()
        && req
            .query
            .get("orderasc")
            .is_some_and(|o| o.eq_ignore_ascii_case("true"));
    list.sort_by_key(|s| {
        if by_end {
            s.end_time.unwrap_or_else(Timestamp::open_ended)
        } else {
            s.creation_time
        }
    });
    if !asc {
        list.reverse();
    }
    let total = list.len() as u64;
    let results = list
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|s| session_json(v, s))
        .collect();
    Reply::json(200, page_json(v, offset, limit, results, total))
}

pub(super) fn stop_session(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    let Some(stored) = find_session(sim, id) else {
        return session_not_found(v, id);
    };
    let shown = visible_events(sim, &stored);
    let mut st = sim.state();
    if let Some(s) = st
        .sessions
        .iter_mut()
        .find(|s| s.session.id.eq_ignore_ascii_case(id))
        && s.stopped.is_none()
    {
        s.stopped = Some((Instant::now(), shown));
        s.session.state = SessionState::Stopped;
        s.session.end_time = Some(Timestamp(sim.config.clock.now()));
        s.session.reason = Some("Stopped by user".into());
        s.session.e_tag = s.session.e_tag.map(|e| e + 1);
    }
    Reply::empty(v.stop_status())
}

pub(super) fn session_events(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str) -> Reply {
    let Some(stored) = find_session(sim, id) else {
        return session_not_found(v, id);
    };
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let shown = visible_events(sim, &stored);
    let working = stored.stopped.is_none();
    let step = sim.config.event_interval;
    let all: Vec<Value> = (0..shown)
        .map(|i| {
            let running = working && i + 1 == shown && shown < data::event_count();
            let mut e = data::event(&stored.session, i, running, step);
            if v.has_event_org_ids() {
                e.organization_id = stored.org_id.clone();
            }
            serde_json::to_value(e).unwrap_or_default()
        })
        .collect();
    crate::sim::lookup::window(v, offset, limit, all)
}
