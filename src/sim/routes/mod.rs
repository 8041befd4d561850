//! The VB365 API routes, in the shape of each version: dispatch by path. What the route
//! modules share is in `sim::lookup`.

mod auth;
mod dashboard;
mod device_codes;
mod downloads;
mod drive;
pub(super) mod job_actions;
mod listings;
mod org_sync;
mod organizations;
mod restore_objects;
mod restores;
mod search;
mod sends;
mod sessions;
mod teams;

use super::lookup::{lookup, not_found, validation};
use super::state::Sim;
use super::wire::{Reply, SimRequest};
use crate::api::version::ApiVersion;
use auth::{authenticate, logout, service_instance, token};
use device_codes::{
    check_device_code, new_device_code, organization_device_code, restore_device_code,
};
use listings::{listing, mailbox_level};
use organizations::{
    create_organization, get_organization, list_organizations, update_organization,
};
use sessions::{
    explore_organization, explore_tenant, list_sessions, session_events, session_json,
    stop_session, with_session,
};

pub fn dispatch(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let seg: Vec<&str> = req.segments[1..].iter().map(String::as_str).collect();
    let raw: Vec<&str> = req.raw_segments[1..].iter().map(String::as_str).collect();
    let m = req.method.as_str();
    if seg.as_slice() == ["token"] && m == "POST" {
        return token(sim, v, req);
    }
    // The health report is anonymous (v8).
    if seg.as_slice() == ["health"] && m == "GET" {
        return dashboard::health(sim, v);
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
        ("GET", ["organizations", "syncstate"]) if v >= ApiVersion::V8 => org_sync::states(sim, v),
        ("GET", ["organizations", _]) => get_organization(sim, v, raw[1]),
        ("PUT", ["organizations", _]) => update_organization(sim, v, req, &principal, raw[1]),
        ("GET", ["organizations", _, "syncstate"]) if v >= ApiVersion::V7 => {
            org_sync::state(sim, v, raw[1])
        }
        ("GET", ["organizations", _, "versionbackupoptions"]) if v >= ApiVersion::V8 => {
            org_sync::version_options(sim, v, raw[1])
        }
        ("PUT", ["organizations", _, "versionbackupoptions"]) if v >= ApiVersion::V8 => {
            org_sync::set_version_options(sim, v, req, raw[1])
        }
        ("GET", ["organizations", _, "tenantinformation"]) if v >= ApiVersion::V8 => {
            org_sync::tenant_information(sim, v, raw[1])
        }
        ("POST", ["organizations", _, "sync"]) if v >= ApiVersion::V7 => {
            org_sync::start(sim, v, req, raw[1])
        }
        ("GET", ["organizations", _, "jobs"]) if v.has_mailbox_folders() && v < ApiVersion::V8 => {
            dashboard::organization_jobs(sim, v, raw[1])
        }
        ("GET", ["jobs"]) if v.has_mailbox_folders() => dashboard::jobs(sim, v, req, false),
        ("GET", ["copyjobs"]) if v.has_mailbox_folders() => dashboard::jobs(sim, v, req, true),
        ("GET", ["jobs", _]) if v.has_mailbox_folders() => dashboard::job(sim, v, raw[1], false),
        ("GET", ["copyjobs", _]) if v.has_mailbox_folders() => dashboard::job(sim, v, raw[1], true),
        ("GET", ["jobs", _, "jobsessions"]) if v == ApiVersion::V6 => {
            dashboard::sessions(sim, v, req, Some(raw[1]))
        }
        ("GET", ["jobsessions"]) if v.has_mailbox_folders() => {
            dashboard::sessions(sim, v, req, None)
        }
        ("GET", ["jobsessions", "changes"]) if v == ApiVersion::V7 => {
            job_actions::session_changes(sim, v, req)
        }
        ("GET", ["events"]) if v >= ApiVersion::V8 => job_actions::events(sim, v, req),
        ("POST", ["jobs", _, "start"]) if v.has_mailbox_folders() => {
            job_actions::start(sim, v, req, raw[1], false)
        }
        ("POST", ["copyjobs", _, "start"]) if v.has_mailbox_folders() => {
            job_actions::start(sim, v, req, raw[1], true)
        }
        ("POST", [kind @ ("jobs" | "copyjobs"), _, "stop"]) if v.has_mailbox_folders() => {
            job_actions::stop(sim, v, raw[1], *kind == "copyjobs")
        }
        ("POST", [kind @ ("jobs" | "copyjobs"), _, on @ ("enable" | "disable")])
            if v.has_mailbox_folders() =>
        {
            job_actions::enable(sim, v, raw[1], *kind == "copyjobs", *on == "enable")
        }
        ("POST", ["backuprepositories", "maintenancesessions"]) if v >= ApiVersion::V8 => {
            job_actions::repository_maintenance(sim, v, req)
        }
        ("POST", ["backuprepositories", _, "sync"]) if v.has_mailbox_folders() => {
            job_actions::sync_repository(sim, v, raw[1])
        }
        ("POST", ["proxies", _, "maintenance", on @ ("enable" | "disable")])
            if v >= ApiVersion::V8 =>
        {
            job_actions::proxy_maintenance(sim, v, raw[1], *on == "enable")
        }
        ("GET", ["jobsessions", _]) if v.has_mailbox_folders() => {
            dashboard::session(sim, v, raw[1])
        }
        ("GET", ["jobsessions", _, "logitems"]) if v.has_mailbox_folders() => {
            dashboard::log_items(sim, v, req, raw[1])
        }
        ("GET", ["jobsessions", _, "processedobjects"]) => {
            dashboard::processed(sim, v, req, raw[1])
        }
        ("GET", ["backuprepositories"]) if v.has_mailbox_folders() => {
            dashboard::repositories(sim, v, req)
        }
        ("GET", ["proxies"]) if v.has_mailbox_folders() => dashboard::proxies(sim, v, req),
        ("GET", ["license"]) if v.has_mailbox_folders() => dashboard::licence(sim, v),
        ("GET", ["licensedusers"]) if v.has_mailbox_folders() => {
            dashboard::licensed_users(sim, v, req)
        }
        ("GET", ["organization"]) if v.has_mailbox_folders() => {
            dashboard::logged_in_organization(sim, v, &principal)
        }
        ("GET", ["organization", "loggedinuser", "restorepoints"]) if v >= ApiVersion::V7 => {
            dashboard::my_restore_points(sim, v, &principal)
        }
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
        ("GET", ["restoresessions", _, "organization", "mailboxes", _]) => {
            listings::one_mailbox(sim, v, raw[1], raw[4])
        }
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
