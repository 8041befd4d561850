//! Organization synchronization (v7+): start one, and read how the last went and whether
//! one is under way.

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
