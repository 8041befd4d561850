//! Organization synchronization (v7+): start one, and read how the last went and whether
//! one is under way. And v8's settings beside the organization: SharePoint version backup
//! and the tenant's data locations.

use serde_json::Value;

use super::organizations::{find_org, org_not_found};
use crate::api::version::ApiVersion;
use crate::sim::lookup::validation;
use crate::sim::state::Sim;
use crate::sim::wire::{Reply, SimRequest};

/// `GET /Organizations/{id}/SyncState` (v7+).
pub(super) fn state(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    let Some(org) = find_org(sim, id) else {
        return org_not_found(v, id);
    };
    let id = org.id.unwrap_or_default();
    Reply::json(200, sim.state().dashboard.syncs.json(&id, v))
}

/// `GET /Organizations/SyncState` (v8): every organization's.
pub(super) fn states(sim: &Sim, v: ApiVersion) -> Reply {
    let st = sim.state();
    let all = st.orgs.iter().filter_map(|o| o.id.as_deref());
    let all: Vec<Value> = all.map(|id| st.dashboard.syncs.json(id, v)).collect();
    Reply::json(200, Value::Array(all))
}

/// `POST /Organizations/{id}/Sync` with `{"type": "Incremental" | "Full"}` (required, as the
/// schema says): v7 answers 200, v8 204; a sync already under way is a conflict.
pub(super) fn start(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str) -> Reply {
    let Some(org) = find_org(sim, id) else {
        return org_not_found(v, id);
    };
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let full = match body["type"].as_str() {
        Some("Full") => true,
        Some("Incremental") => false,
        Some(other) => return validation(v, &format!("Unknown synchronization type {other}.")),
        None => {
            return validation(
                v,
                "The synchronization type is required: Incremental or Full.",
            );
        }
    };
    let now = sim.config.clock.now();
    let id = org.id.unwrap_or_default();
    if sim.state().dashboard.syncs.start(&id, full, now).is_err() {
        let words = "The organization is being synchronized already.";
        return Reply::error(Some(v), 400, words, "OperationConflict");
    }
    Reply::empty(if v >= ApiVersion::V8 { 204 } else { 200 })
}

/// `GET /Organizations/{id}/versionBackupOptions` (v8).
pub(super) fn version_options(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    let Some(org) = find_org(sim, id) else {
        return org_not_found(v, id);
    };
    let id = org.id.unwrap_or_default();
    let latest = sim.state().dashboard.latest_versions_only.contains(&id);
    let mode = if latest { "Latest" } else { "All" };
    Reply::json(200, serde_json::json!({ "sharePointBackupMode": mode }))
}

/// `PUT /Organizations/{id}/versionBackupOptions` (v8): `All` or `Latest`; 204.
pub(super) fn set_version_options(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str) -> Reply {
    let Some(org) = find_org(sim, id) else {
        return org_not_found(v, id);
    };
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let latest = match body["sharePointBackupMode"].as_str() {
        Some("All") => false,
        Some("Latest") => true,
        _ => return validation(v, "sharePointBackupMode must be All or Latest."),
    };
    let id = org.id.unwrap_or_default();
    let set = &mut sim.state().dashboard.latest_versions_only;
    match latest {
        true => set.insert(id),
        false => set.remove(&id),
    };
    Reply::empty(204)
}

/// `GET /Organizations/{id}/tenantInformation` (v8): the demo's first organization is a
/// Multi-Geo tenant with data in North America and Europe, the others in one place.
pub(super) fn tenant_information(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    let Some(org) = find_org(sim, id) else {
        return org_not_found(v, id);
    };
    let first = sim.state().orgs.first().and_then(|o| o.id.clone()) == org.id;
    let region = org.region.map(|r| format!("{r:?}")).unwrap_or_default();
    let primary = if region.contains("Gcc") || region.contains("Us") {
        "NAM"
    } else {
        "EUR"
    };
    let locations: Vec<&str> = if first {
        vec!["NAM", "EUR"]
    } else {
        vec![primary]
    };
    Reply::json(
        200,
        serde_json::json!({
            "msid": crate::sim::data::uuid_for(12, 1),
            "multipleDataLocationsEnabled": first,
            "primaryLocation": if first { "NAM" } else { primary },
            "enableLocationProtection": first,
            "protectInvalidLocations": false,
            "protectEmptyLocations": false,
            "protectedLocations": locations,
        }),
    )
}
