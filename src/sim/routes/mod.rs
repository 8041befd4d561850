//! The VB365 API routes, in the shape of each version: dispatch by path and the helpers the
//! route modules share (errors, case-insensitive body lookups, paging).

mod auth;
mod device_codes;
mod downloads;
mod drive;
mod listings;
mod organizations;
mod restore_objects;
mod restores;
mod search;
mod sends;
mod sessions;
mod teams;

use serde_json::{Value, json};

use super::data;
use super::http::{Reply, SimRequest};
use super::state::Sim;
use crate::api::version::ApiVersion;
use auth::{authenticate, logout, service_instance, token};
use device_codes::{
    check_device_code, new_device_code, organization_device_code, restore_device_code,
};
use listings::{listing, mailbox_level};
use organizations::{create_organization, list_organizations};
use sessions::{
    explore_organization, explore_tenant, list_sessions, session_events, session_json,
    stop_session, with_session,
};

pub use device_codes::device_code_approved;

const MAX_LIMIT: u64 = 10_000;

pub fn dispatch(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let seg: Vec<&str> = req.segments[1..].iter().map(String::as_str).collect();
    let raw: Vec<&str> = req.raw_segments[1..].iter().map(String::as_str).collect();
    let m = req.method.as_str();
    if seg.as_slice() == ["token"] && m == "POST" {
        return token(sim, v, req);
    }
    let principal = match authenticate(sim, v, req) {
        Ok(p) => p,
        Err(reply) => {
            // v4/v5 have no ServiceInstance: unknown paths are 404 before auth.
            if seg.as_slice() == ["serviceinstance"] && !v.has_service_instance() {
                return not_found(v);
            }
            return reply;
        }
    };
    match (m, seg.as_slice()) {
        ("POST", ["token", "logout"]) if v.has_logout() => logout(sim, v, req),
        ("GET", ["serviceinstance"]) if v.has_service_instance() => service_instance(sim),
        ("POST", ["devicecode"]) => new_device_code(sim, v, req),
        ("POST", ["devicecode", "check"]) if v.has_device_code_check() => {
            check_device_code(sim, v, req)
        }
        ("GET", ["organizations"]) => list_organizations(sim, v, req),
        ("POST", ["organizations"]) => create_organization(sim, v, req, &principal),
        ("POST", ["organizations", _, "devicecode"]) => organization_device_code(sim, v, raw[1]),
        ("POST", ["organizations", _, "explore"]) if !v.uses_action_endpoints() => {
            explore_organization(sim, v, req, &principal, raw[1], false)
        }
        ("POST", ["organizations", _, "action"]) if v.uses_action_endpoints() => {
            explore_organization(sim, v, req, &principal, raw[1], true)
        }
        ("POST", ["organization", "explore"]) if !v.uses_action_endpoints() => {
            explore_tenant(sim, v, req, &principal, false)
        }
        ("POST", ["organization", "action"]) if v.uses_action_endpoints() => {
            explore_tenant(sim, v, req, &principal, true)
        }
        ("GET", ["restoresessions"]) => list_sessions(sim, v, req, &principal),
        ("GET", ["restoresessions", _]) => {
            with_session(sim, v, raw[1], |s| Reply::json(200, session_json(v, &s)))
        }
        ("POST", ["restoresessions", _, "stop"]) if !v.uses_action_endpoints() => {
            stop_session(sim, v, raw[1])
        }
        ("POST", ["restoresessions", _, "action"]) if v.uses_action_endpoints() => {
            match req.body_value() {
                Some(b) if lookup(&b, "stop").is_some() => stop_session(sim, v, raw[1]),
                _ => validation(v, "The action is not supported. Use {\"stop\": null}."),
            }
        }
        ("GET", ["restoresessions", _, "events"]) if restores::is_job(sim, raw[1]) => {
            restores::events(sim, v, req, raw[1])
        }
        ("GET", ["restoresessions", _, "events"]) => session_events(sim, v, req, raw[1]),
        ("GET", ["restoresessions", _, "statistics"]) => restores::statistics(sim, v, raw[1]),
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                "mailboxes",
                _,
                tail @ ..,
            ],
        ) if matches!(tail.last(), Some(&("restore" | "restoreto"))) => {
            restores::restore(sim, v, req, raw[1], raw[4], tail)
        }
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                "mailboxes",
                _,
                tail @ ..,
            ],
        ) if matches!(
            tail.last(),
            Some(&("sendtodefaultaddress" | "sendtodifferentaddress"))
        ) =>
        {
            sends::send(sim, v, req, raw[1], raw[4], tail)
        }
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                "mailboxes",
                _,
                "items",
                "operatorrestore",
            ],
        ) => restores::operator(sim, v, req, raw[1], raw[4]),
        ("POST", ["restoresessions", _, "organization", "restoredevicecode"]) => {
            restore_device_code(sim, v, req, raw[1])
        }
        ("GET", ["restoresessions", _, "organization", what]) => listing(sim, v, req, raw[1], what),
        (
            "GET",
            [
                "restoresessions",
                _,
                "organization",
                "teams",
                _,
                what @ ("channels" | "posts" | "files"),
            ],
        ) => teams::listing(sim, v, req, raw[1], raw[4], what),
        (
            "GET",
            [
                "restoresessions",
                _,
                "organization",
                "teams",
                _,
                "channels",
                _,
                "tabs",
            ],
        ) => teams::tabs(sim, v, req, raw[1], raw[4], raw[6]),
        (
            "GET",
            [
                "restoresessions",
                _,
                "organization",
                "teams",
                _,
                "files",
                _,
                "versions",
            ],
        ) => teams::file_versions(sim, v, req, raw[1], raw[4], None, raw[6]),
        (
            "GET",
            [
                "restoresessions",
                _,
                "organization",
                "teams",
                _,
                "channels",
                _,
                "files",
                _,
                "versions",
            ],
        ) => teams::file_versions(sim, v, req, raw[1], raw[4], Some(raw[6]), raw[8]),
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                "teams",
                _,
                "files" | "channels",
                ..,
            ],
        ) if seg.last() == Some(&"save") => {
            teams::save_files(sim, v, req, raw[1], raw[4], &seg[5..], &raw[5..])
        }
        (
            "GET",
            [
                "restoresessions",
                _,
                "organization",
                "mailboxes",
                _,
                what @ ("folders" | "items"),
            ],
        ) => mailbox_level(sim, v, req, raw[1], raw[4], what),
        (
            "GET",
            [
                "restoresessions",
                _,
                "organization",
                "mailboxes",
                _,
                "items",
                _,
            ],
        ) => listings::mailbox_item(sim, v, raw[1], raw[4], raw[6]),
        (
            "GET",
            [
                "restoresessions",
                _,
                "organization",
                what @ ("onedrives" | "sites"),
                _,
                tail @ ..,
            ],
        ) if !tail.is_empty() => drive::listing(sim, v, req, raw[1], what, raw[4], tail, &raw[5..]),
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                what @ ("onedrives" | "sites"),
                _,
                tail @ ..,
            ],
        ) if tail.last() == Some(&"search") => {
            drive::search(sim, v, req, raw[1], what, raw[4], tail, &raw[5..])
        }
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                what @ ("onedrives" | "sites"),
                _,
                tail @ ..,
            ],
        ) if tail.last() == Some(&"save") => {
            drive::save(sim, v, req, raw[1], what, raw[4], tail, &raw[5..])
        }
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                what @ ("onedrives" | "sites"),
                _,
                tail @ ..,
            ],
        ) if matches!(tail.last(), Some(&("restore" | "restoreto" | "copyto"))) => {
            if tail.first() == Some(&"documents") && tail.len() <= 3 {
                restores::documents(sim, v, req, raw[1], what, raw[4], tail, &raw[5..])
            } else {
                restore_objects::drive(sim, v, req, raw[1], what, raw[4], tail)
            }
        }
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                "teams",
                _,
                "posts",
                "search",
            ],
        ) => teams::search_posts(sim, v, req, raw[1], raw[4]),
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                "teams",
                _,
                "posts",
                "restore",
            ],
        ) => restores::posts(sim, v, req, raw[1], raw[4]),
        ("POST", ["restoresessions", _, "organization", "teams", _, tail @ ..])
            if tail.last() == Some(&"restore") =>
        {
            restore_objects::teams(sim, v, req, raw[1], raw[4], tail, &raw[5..])
        }
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                what @ ("mailboxes" | "onedrives"),
                "restore",
            ],
        ) => restore_objects::bulk(sim, v, req, raw[1], what),
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                "mailboxes",
                _,
                tail @ ..,
            ],
        ) if v.uses_action_endpoints() && tail.last() == Some(&"action") => {
            restore_objects::legacy_action(sim, v, req, raw[1], raw[4], tail)
        }
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                "teams",
                "operatorrestore",
            ],
        ) => restore_objects::operator_team(sim, v, req, raw[1]),
        ("POST", ["restoresessions", _, "organization", "teams", _, tail @ ..])
            if tail.last() == Some(&"operatorrestore") =>
        {
            restore_objects::operator_teams(sim, v, req, raw[1], raw[4], tail, &raw[5..])
        }
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                what @ ("onedrives" | "sites"),
                _,
                files,
                "operatorrestore",
            ],
        ) => restore_objects::operator_drive(sim, v, req, raw[1], what, raw[4], files),
        ("POST", ["restoresessions", _, "organization", "searchteams"]) => {
            teams::search(sim, v, req, raw[1], None, None)
        }
        ("POST", ["restoresessions", _, "organization", "teams", _, "search"]) => {
            teams::search(sim, v, req, raw[1], Some(raw[4]), None)
        }
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                "teams",
                _,
                "channels",
                _,
                "search",
            ],
        ) => teams::search(sim, v, req, raw[1], Some(raw[4]), Some(raw[6])),
        ("POST", ["restoresessions", _, "organization", tail @ ..])
            if matches!(tail.last(), Some(&("search" | "searchexchange"))) =>
        {
            search::search(sim, v, req, raw[1], tail, &raw[3..])
        }
        (
            "POST",
            [
                "restoresessions",
                _,
                "organization",
                "teams",
                _,
                "posts",
                tail @ ..,
            ],
        ) if tail.last() == Some(&"save") => teams::save_posts(sim, v, req, raw[1], raw[4], tail),
        ("POST", ["restoresessions", _, "organization", tail @ ..])
            if matches!(tail.last(), Some(&("exporttopst" | "save"))) =>
        {
            downloads::download(sim, v, req, raw[1], tail, &raw[3..])
        }
        _ => not_found(v),
    }
}

fn not_found(v: ApiVersion) -> Reply {
    Reply::error(
        Some(v),
        404,
        "The requested resource does not exist.",
        "ResourceNotFound",
    )
}

fn validation(v: ApiVersion, message: &str) -> Reply {
    Reply::error(Some(v), 400, message, "ParameterValidationFailure")
}

/// Case-insensitive key lookup (the server binds names that way; v4 docs use PascalCase).
pub fn lookup<'a>(obj: &'a Value, key: &str) -> Option<&'a Value> {
    obj.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn lookup_str(obj: &Value, key: &str) -> Option<String> {
    lookup(obj, key)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Booleans, also as the strings v4 clients send.
fn lookup_bool(obj: &Value, key: &str) -> Option<bool> {
    match lookup(obj, key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn page_json(v: ApiVersion, offset: u64, limit: u64, results: Vec<Value>, total: u64) -> Value {
    let mut p = json!({
        "offset": offset,
        "limit": limit,
        "setId": data::uuid_for(98, offset ^ total),
        "results": results,
    });
    if v.has_total_count() {
        p["totalCount"] = json!(total);
    }
    p
}

/// A file to download: `size` bytes of `kind` (the size set through the control endpoint
/// when there is one).
fn file_reply(sim: &Sim, kind: crate::sim::http::FileKind, size: u64, name: String) -> Reply {
    Reply::binary(crate::sim::http::Binary {
        kind,
        size: sim.download_bytes().unwrap_or(size),
        name,
        cut_after: None,
    })
}

/// One page of a list computed whole.
fn window(v: ApiVersion, offset: u64, limit: u64, all: Vec<Value>) -> Reply {
    let total = all.len() as u64;
    let results = all
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .collect();
    Reply::json(200, page_json(v, offset, limit, results, total))
}

/// The session, when it is an open session of this type in a version with item browsing
/// (v6+); else the server's answer.
fn inside(
    sim: &Sim,
    v: ApiVersion,
    session: &str,
    needed: crate::api::models::RestoreType,
    what: &str,
) -> Result<(), Reply> {
    if !v.has_mailbox_folders() {
        return Err(not_found(v));
    }
    listings::browsable(sim, v, session, needed, what)
}

fn paging(v: ApiVersion, req: &SimRequest) -> Result<(u64, u64), Reply> {
    let offset = req.query_u64("offset").unwrap_or(0);
    let limit = req.query_u64("limit").unwrap_or(30);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(validation(
            v,
            &format!("limit must be between 1 and {MAX_LIMIT}."),
        ));
    }
    Ok((offset, limit))
}
