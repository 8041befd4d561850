//! VB365 device codes: `DeviceCode`, `DeviceCode/check`, and the per-organization and
//! restore-session variants.

use serde_json::{Value, json};
use tokio::time::Instant;

use super::organizations::{find_org, org_not_found};
use super::sessions::{find_session, session_not_found};
use crate::api::models::Region;
use crate::api::version::ApiVersion;
use crate::sim::data;
use crate::sim::lookup::{lookup_str, validation};
use crate::sim::state::{Approval, Sim, VbDeviceCode};
use crate::sim::validate;
use crate::sim::wire::{Reply, SimRequest};

const DEVICE_CODE_LIFETIME: u64 = 900;

fn region_from(v: ApiVersion, body: &Value, key: &str) -> Result<Option<Region>, Reply> {
    match lookup_str(body, key) {
        None => Ok(None),
        Some(name) if v.accepts_region_name(&name) => Ok(Some(Region::from_name(&name))),
        Some(name) => Err(validation(
            v,
            &format!(
                "The region '{name}' is not valid. Valid values: {}.",
                v.regions()
                    .iter()
                    .map(|r| v.region_name(r))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

fn issue_device_code(sim: &Sim) -> Value {
    let mut st = sim.state();
    let n = st.next();
    let code = data::user_code(n);
    st.device_codes.insert(
        code.clone(),
        VbDeviceCode {
            issued: Instant::now(),
            expires_in: DEVICE_CODE_LIFETIME,
            approval: Approval::Pending,
        },
    );
    drop(st);
    let url = sim.verification_url();
    json!({
        "userCode": code,
        "verificationUrl": url,
        "expiresIn": DEVICE_CODE_LIFETIME,
        "message": format!("To sign in, use a web browser to open the page {url} and enter the code {code} to authenticate."),
    })
}

pub(super) fn new_device_code(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let body = req.body_value().unwrap_or_else(|| json!({}));
    if let Err(r) = region_from(v, &body, "targetRegion") {
        return r;
    }
    if let Some(id) = lookup_str(&body, "loginGraphAppOrganizationId")
        && !validate::is_guid(&id)
    {
        return validation(v, "loginGraphAppOrganizationId must be a GUID.");
    }
    Reply::json(200, issue_device_code(sim))
}
pub(super) fn check_device_code(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let body = req.body_value().unwrap_or_else(|| json!({}));
    let Some(code) = lookup_str(&body, "userCode") else {
        return validation(v, "userCode is required.");
    };
    let st = sim.state();
    match st.device_codes.get(&code.to_ascii_uppercase()) {
        Some(c) => {
            let ok = crate::sim::state::device_code_approved(sim, c);
            Reply::json(200, json!({ "authenticated": ok }))
        }
        None => validation(v, &format!("The device code '{code}' is not known.")),
    }
}

pub(super) fn organization_device_code(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    if find_org(sim, id).is_none() {
        return org_not_found(v, id);
    }
    Reply::json(200, issue_device_code(sim))
}

pub(super) fn restore_device_code(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str) -> Reply {
    if find_session(sim, id).is_none() {
        return session_not_found(v, id);
    }
    let body = req.body_value().unwrap_or_else(|| json!({}));
    if let Some(app) = lookup_str(&body, "targetApplicationId")
        && !validate::is_guid(&app)
    {
        return validation(v, "targetApplicationId must be a GUID.");
    }
    if let Err(r) = region_from(v, &body, "targetRegion") {
        return r;
    }
    Reply::json(200, issue_device_code(sim))
}
