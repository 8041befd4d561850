//! Organizations: listing, adding, lookup by id, and their JSON per version.

use serde_json::{Value, json};

use crate::api::models::{Organization, OrganizationType};
use crate::api::version::ApiVersion;
use crate::sim::data;
use crate::sim::lookup::{page_json, paging, validation};
use crate::sim::state::{Principal, Sim};
use crate::sim::validate;
use crate::sim::wire::{Reply, SimRequest};

pub(super) fn find_org(sim: &Sim, id: &str) -> Option<Organization> {
    sim.state()
        .orgs
        .iter()
        .find(|o| o.id.as_deref().is_some_and(|i| i.eq_ignore_ascii_case(id)))
        .cloned()
}

pub(super) fn org_not_found(v: ApiVersion, id: &str) -> Reply {
    Reply::error(
        Some(v),
        404,
        &format!("Organization with ID {id} was not found."),
        "ResourceNotFound",
    )
}

/// An organization as this version returns it (never with secrets).
pub fn org_json(v: ApiVersion, org: &Organization) -> Value {
    let mut o = serde_json::to_value(org.without_secrets()).unwrap_or_else(|_| json!({}));
    if let Some(r) = &org.region {
        o["region"] = json!(v.region_name(r));
    }
    if let Some(map) = o.as_object_mut() {
        if !v.has_description() {
            map.remove("description");
        }
        if v < ApiVersion::V8 {
            map.remove("msid");
            map.remove("backedUpOrganizationId");
        }
        if !v.has_teams_chats() {
            map.remove("isTeamsChatsOnline");
        }
        if !v.has_teams() {
            map.remove("isTeamsOnline");
        }
    }
    o
}

pub(super) fn list_organizations(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    if v.organizations_need_extended_view() && !req.query.contains_key("extendedview") {
        return validation(v, "The extendedView parameter is required.");
    }
    let orgs: Vec<Value> = sim.state().orgs.iter().map(|o| org_json(v, o)).collect();
    if !v.organizations_paged() {
        return Reply::json(200, Value::Array(orgs));
    }
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let total = orgs.len() as u64;
    let results = orgs
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .collect();
    Reply::json(200, page_json(v, offset, limit, results, total))
}

pub(super) fn create_organization(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    who: &Principal,
) -> Reply {
    if !matches!(who, Principal::Admin(_)) {
        return Reply::error(
            Some(v),
            403,
            "Only an administrator can add organizations.",
            "ResourceAccessDenied",
        );
    }
    let Some(body) = req.body_value() else {
        return validation(v, "The request body is empty or not JSON.");
    };
    let org = match validate::organization(sim, v, &body) {
        Ok(o) => o,
        Err(msg) => return validation(v, &msg),
    };
    let mut st = sim.state();
    let n = st.next();
    let mut stored = org.without_secrets();
    stored.id = Some(data::uuid_for(12, n));
    if v >= ApiVersion::V8 && stored.kind != Some(OrganizationType::OnPremises) {
        stored.msid = Some(data::uuid_for(13, n));
    }
    stored.is_backedup = Some(false);
    st.orgs.push(stored.clone());
    Reply::json(v.create_organization_status(), org_json(v, &stored))
}
