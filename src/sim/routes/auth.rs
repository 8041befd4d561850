//! Signing in and out: `Token` (password, refresh and assertion grants), bearer checks,
//! `Token/logout`, and `ServiceInstance`.

use serde_json::{Value, json};
use tokio::time::Instant;

use crate::api::models::Timestamp;
use crate::api::version::ApiVersion;
use crate::sim::data;
use crate::sim::lookup::lookup_str;
use crate::sim::state::{Principal, Sim, TokenRecord};
use crate::sim::wire::{Reply, SimRequest};

pub(super) fn authenticate(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Result<Principal, Reply> {
    let denied = || {
        Reply::error(
            Some(v),
            401,
            "Authorization has been denied for this request.",
            "ResourceAccessDenied",
        )
    };
    let token = req.bearer.as_deref().ok_or_else(denied)?;
    let st = sim.state();
    let rec = st.tokens.get(token).ok_or_else(denied)?;
    if rec.expires <= Instant::now() {
        return Err(denied());
    }
    Ok(rec.principal.clone())
}

pub(super) fn token(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let Some(form) = req.body_value() else {
        return Reply::oauth("invalid_request", "The request body is empty.");
    };
    let field = |k: &str| lookup_str(&form, k).filter(|s| !s.is_empty());
    let grant = field("grant_type").unwrap_or_default();
    let principal = match grant.as_str() {
        "password" => {
            let (Some(user), Some(pass)) = (field("username"), field("password")) else {
                return Reply::oauth("invalid_request", "User name and password are required.");
            };
            if !user.eq_ignore_ascii_case(&sim.config.user) || pass != sim.config.password {
                return Reply::oauth("invalid_grant", "The user name or password is incorrect.");
            }
            Principal::Admin(user)
        }
        "refresh_token" => {
            let Some(rt) = field("refresh_token") else {
                return Reply::oauth("invalid_request", "The refresh token is missing.");
            };
            let mut st = sim.state();
            if st.refresh_disabled {
                return Reply::oauth("invalid_grant", "The refresh token has expired.");
            }
            match st.refresh_tokens.remove(&rt) {
                Some(p) => p,
                None => return Reply::oauth("invalid_grant", "The refresh token is not valid."),
            }
        }
        "urn:ietf:params:oauth:grant-type:jwt-bearer" | "operator" => {
            match assertion_principal(sim, &grant, field("client_id"), field("assertion")) {
                Ok(p) => p,
                Err(reply) => return reply,
            }
        }
        "" => return Reply::oauth("invalid_request", "grant_type is required."),
        other => {
            return Reply::oauth(
                "unsupported_grant_type",
                &format!("The grant type '{other}' is not supported."),
            );
        }
    };
    issue_tokens(sim, v, principal)
}

/// A jwt-bearer or operator assertion must be a token document issued by the identity
/// endpoints, for a tenant whose organization has been added.
fn assertion_principal(
    sim: &Sim,
    grant: &str,
    client_id: Option<String>,
    assertion: Option<String>,
) -> Result<Principal, Reply> {
    let (Some(client_id), Some(assertion)) = (client_id, assertion) else {
        return Err(Reply::oauth(
            "invalid_request",
            "client_id and assertion are required.",
        ));
    };
    let doc: Value = serde_json::from_str(&assertion)
        .map_err(|_| Reply::oauth("invalid_grant", "The assertion is not a token document."))?;
    let access = doc["access_token"].as_str().unwrap_or_default();
    let st = sim.state();
    let Some(tenant) = st.ms_tokens.get(access).cloned() else {
        return Err(Reply::oauth(
            "invalid_grant",
            "The assertion was not issued by Microsoft Entra ID for this server.",
        ));
    };
    if grant == "operator" {
        return Ok(Principal::Operator(format!("operator@{tenant}")));
    }
    if !tenant.eq_ignore_ascii_case(&client_id) {
        return Err(Reply::oauth(
            "invalid_client",
            &format!("The assertion belongs to {tenant}, not {client_id}."),
        ));
    }
    let known = st.orgs.iter().any(|o| {
        o.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(&tenant))
    });
    if !known {
        return Err(Reply::oauth(
            "invalid_grant",
            &format!(
                "The organization {tenant} has not been added to Veeam Backup for Microsoft 365."
            ),
        ));
    }
    Ok(Principal::Tenant(tenant))
}

fn issue_tokens(sim: &Sim, _v: ApiVersion, principal: Principal) -> Reply {
    let lifetime = sim.token_lifetime_secs();
    let mut st = sim.state();
    let n = st.next();
    let access = data::token("AT", n);
    let refresh = data::token("RT", n);
    st.tokens.insert(
        access.clone(),
        TokenRecord {
            principal: principal.clone(),
            expires: Instant::now() + std::time::Duration::from_secs(lifetime),
        },
    );
    st.refresh_tokens.insert(refresh.clone(), principal.clone());
    let issued = Timestamp(sim.config.clock.now());
    let expires = Timestamp(issued.0 + chrono::Duration::seconds(lifetime as i64));
    Reply::json(
        200,
        json!({
            "access_token": access,
            "token_type": "bearer",
            "expires_in": lifetime,
            "refresh_token": refresh,
            "userName": principal.name(),
            ".issued": issued.to_rfc3339(),
            ".expires": expires.to_rfc3339(),
        }),
    )
}

pub(super) fn logout(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    if let Some(t) = &req.bearer {
        let mut st = sim.state();
        if let Some(rec) = st.tokens.remove(t) {
            st.refresh_tokens.retain(|_, p| *p != rec.principal);
        }
    }
    if v.logout_status() == 204 {
        Reply::empty(204)
    } else {
        Reply::empty(200)
    }
}

pub(super) fn service_instance(sim: &Sim) -> Reply {
    if let Some(build) = sim.state().dashboard.build.clone() {
        let id = data::uuid_for(99, 1);
        return Reply::json(200, json!({ "installationId": id, "version": build }));
    }
    let build = match sim.config.versions.iter().max() {
        Some(ApiVersion::V8) => "8.1.0.305",
        Some(ApiVersion::V7) => "7.1.0.1401",
        Some(ApiVersion::V6) => "6.1.0.222",
        Some(ApiVersion::V5) => "5.0.3.1051",
        _ => "4.0.1.519",
    };
    Reply::json(
        200,
        json!({ "installationId": data::uuid_for(99, 1), "version": build }),
    )
}
