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
    if let Err(r) = administrator(v, who, "add") {
        return r;
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
    let mut stored = stored_form(&org, n);
    stored.id = Some(data::uuid_for(12, n));
    if v >= ApiVersion::V8 && stored.kind != Some(OrganizationType::OnPremises) {
        stored.msid = Some(data::uuid_for(13, n));
    }
    stored.is_backedup = Some(false);
    st.orgs.push(stored.clone());
    Reply::json(v.create_organization_status(), org_json(v, &stored))
}

/// `GET /Organizations/{id}` (the extended view holds the backup times, which the simulator
/// always knows).
pub(super) fn get_organization(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    match find_org(sim, id) {
        Some(org) => Reply::json(200, org_json(v, &org)),
        None => org_not_found(v, id),
    }
}

/// `PUT /Organizations/{id}`: checked like a new one against what it replaces, then stored
/// whole (204). Backups, ids and the name stay.
pub(super) fn update_organization(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    who: &Principal,
    id: &str,
) -> Reply {
    if let Err(r) = administrator(v, who, "change") {
        return r;
    }
    let Some(existing) = find_org(sim, id) else {
        return org_not_found(v, id);
    };
    let Some(body) = req.body_value() else {
        return validation(v, "The request body is empty or not JSON.");
    };
    let org = match validate::organization_edit(sim, v, &body, &existing) {
        Ok(o) => o,
        Err(msg) => return validation(v, &msg),
    };
    let mut st = sim.state();
    let n = st.next();
    let mut stored = stored_form(&org, n);
    keep_what_an_edit_leaves(&mut stored, &existing);
    if let Some(slot) = st.orgs.iter_mut().find(|o| o.id == existing.id) {
        *slot = stored;
    }
    Reply::empty(204)
}

/// An organization as the server keeps it: no secrets; a certificate it was given, or one it
/// made for a new or configured application, known by its thumbprint.
fn stored_form(org: &Organization, n: u64) -> Organization {
    use secrecy::ExposeSecret;
    let mut stored = org.without_secrets();
    let configured = org.configure_application == Some(true);
    for (given, kept) in [
        (
            &org.exchange_online_settings,
            &mut stored.exchange_online_settings,
        ),
        (
            &org.share_point_online_settings,
            &mut stored.share_point_online_settings,
        ),
    ] {
        let (Some(given), Some(kept)) = (given, kept.as_mut()) else {
            continue;
        };
        if let Some(cert) = &given.application_certificate {
            kept.application_certificate_thumbprint = Some(thumbprint(cert.expose_secret()));
        } else if configured && given.use_application_only_auth == Some(true) {
            // VB365 makes a certificate for the application it sets up (and the application
            // itself when none was named).
            kept.application_id
                .get_or_insert_with(|| data::uuid_for(11, 1000 + n));
            kept.application_certificate_thumbprint = Some(thumbprint(&format!("configured {n}")));
        }
    }
    stored.user_code = None;
    stored.configure_application = None;
    stored.new_application_name = None;
    stored
}

/// What a `PUT` body does not carry and the organization keeps.
fn keep_what_an_edit_leaves(stored: &mut Organization, existing: &Organization) {
    stored.id = existing.id.clone();
    stored.msid = existing.msid.clone();
    stored.backed_up_organization_id = existing.backed_up_organization_id.clone();
    stored.is_backedup = existing.is_backedup;
    stored.first_backuptime = existing.first_backuptime;
    stored.last_backuptime = existing.last_backuptime;
}

/// A certificate's thumbprint as VB365 shows it: 40 upper-case hexadecimal digits.
fn thumbprint(material: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(material.trim().as_bytes());
    digest[..20].iter().map(|b| format!("{b:02X}")).collect()
}

/// Only an administrator may `verb` organizations (403 for a tenant or an operator).
fn administrator(v: ApiVersion, who: &Principal, verb: &str) -> Result<(), Reply> {
    match who {
        Principal::Admin(_) => Ok(()),
        _ => Err(Reply::error(
            Some(v),
            403,
            &format!("Only an administrator can {verb} organizations."),
            "ResourceAccessDenied",
        )),
    }
}
