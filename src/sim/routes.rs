//! The VB365 API routes, in the shape of each version.

use serde_json::{Value, json};
use tokio::time::Instant;

use super::data;
use super::http::{Reply, SimRequest};
use super::state::{Approval, Principal, Sim, StoredSession, TokenRecord, VbDeviceCode};
use super::validate;
use crate::api::models::{
    ExploreOptions, Organization, Region, RestoreSession, RestoreType, SessionResult, SessionState,
    Timestamp,
};
use crate::api::version::ApiVersion;

const MAX_LIMIT: u64 = 10_000;
const DEVICE_CODE_LIFETIME: u64 = 900;

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
        ("GET", ["restoresessions", _, "events"]) => session_events(sim, v, req, raw[1]),
        ("POST", ["restoresessions", _, "organization", "restoredevicecode"]) => {
            restore_device_code(sim, v, req, raw[1])
        }
        ("GET", ["restoresessions", _, "organization", what]) => listing(sim, v, req, raw[1], what),
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

fn authenticate(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Result<Principal, Reply> {
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

fn token(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
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
    let issued = Timestamp::now();
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

fn logout(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
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

fn service_instance(sim: &Sim) -> Reply {
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

fn new_device_code(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
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

/// Whether a VB365 device code has been used, counting `--approve-after`.
pub fn device_code_approved(sim: &Sim, code: &VbDeviceCode) -> bool {
    let age = code.issued.elapsed();
    if age.as_secs() >= code.expires_in {
        return false;
    }
    match code.approval {
        Approval::Approved => true,
        Approval::Declined => false,
        Approval::Pending => sim.config.approve_after.is_some_and(|d| age >= d),
    }
}

fn check_device_code(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let body = req.body_value().unwrap_or_else(|| json!({}));
    let Some(code) = lookup_str(&body, "userCode") else {
        return validation(v, "userCode is required.");
    };
    let st = sim.state();
    match st.device_codes.get(&code.to_ascii_uppercase()) {
        Some(c) => {
            let ok = device_code_approved(sim, c);
            Reply::json(200, json!({ "authenticated": ok }))
        }
        None => validation(v, &format!("The device code '{code}' is not known.")),
    }
}

fn organization_device_code(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    if find_org(sim, id).is_none() {
        return org_not_found(v, id);
    }
    Reply::json(200, issue_device_code(sim))
}

fn restore_device_code(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str) -> Reply {
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

fn find_org(sim: &Sim, id: &str) -> Option<Organization> {
    sim.state()
        .orgs
        .iter()
        .find(|o| o.id.as_deref().is_some_and(|i| i.eq_ignore_ascii_case(id)))
        .cloned()
}

fn org_not_found(v: ApiVersion, id: &str) -> Reply {
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

fn list_organizations(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
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

fn create_organization(sim: &Sim, v: ApiVersion, req: &SimRequest, who: &Principal) -> Reply {
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
    if v >= ApiVersion::V8 {
        stored.msid = Some(data::uuid_for(13, n));
    }
    stored.is_backedup = Some(false);
    st.orgs.push(stored.clone());
    Reply::json(v.create_organization_status(), org_json(v, &stored))
}

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
    let now = Timestamp::now();
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

fn explore_organization(
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

fn explore_tenant(
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

fn find_session(sim: &Sim, id: &str) -> Option<StoredSession> {
    sim.state()
        .sessions
        .iter()
        .find(|s| s.session.id.eq_ignore_ascii_case(id))
        .cloned()
}

fn session_not_found(v: ApiVersion, id: &str) -> Reply {
    Reply::error(
        Some(v),
        404,
        &format!("Restore session with ID {id} was not found."),
        "ResourceNotFound",
    )
}

fn with_session(
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
            n.min(data::EVENT_SCRIPT.len())
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

fn list_sessions(sim: &Sim, v: ApiVersion, req: &SimRequest, who: &Principal) -> Reply {
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

fn stop_session(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
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
        s.session.end_time = Some(Timestamp::now());
        s.session.reason = Some("Stopped by user".into());
        s.session.e_tag = s.session.e_tag.map(|e| e + 1);
    }
    Reply::empty(v.stop_status())
}

fn session_events(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str) -> Reply {
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
            let running = working && i + 1 == shown && shown < data::EVENT_SCRIPT.len();
            let mut e = data::event(&stored.session, i, running, step);
            if v.has_event_org_ids() {
                e.organization_id = stored.org_id.clone();
            }
            serde_json::to_value(e).unwrap_or_default()
        })
        .collect();
    let total = all.len() as u64;
    let results = all
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .collect();
    Reply::json(200, page_json(v, offset, limit, results, total))
}

fn listing(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str, what: &str) -> Reply {
    let Some(stored) = find_session(sim, id) else {
        return session_not_found(v, id);
    };
    let needed = match what {
        "mailboxes" => RestoreType::Vex,
        "onedrives" => RestoreType::Veod,
        "sites" => RestoreType::Vesp,
        "teams" => RestoreType::Vet,
        _ => return not_found(v),
    };
    if stored.session.kind != needed {
        return validation(
            v,
            &format!(
                "This is a {} restore session; {what} are listed in {} sessions.",
                stored.session.kind.label(),
                needed.label()
            ),
        );
    }
    if stored.stopped.is_some() {
        return Reply::error(
            Some(v),
            400,
            "The restore session has been stopped.",
            "OperationConflict",
        );
    }
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let n = sim.config.mailboxes;
    let window = |total: u64, item: &dyn Fn(u64) -> Value| -> Value {
        let end = total.min(offset.saturating_add(limit));
        let results = (offset.min(end)..end).map(item).collect();
        page_json(v, offset, limit, results, total)
    };
    let body = match what {
        "mailboxes" => window(n, &data::mailbox),
        "onedrives" => window(n, &data::onedrive),
        "sites" => {
            let count = data::site_count(n);
            let parent = req.query.get("parentid").cloned();
            let ids: Vec<u64> = (0..count)
                .filter(|&i| {
                    let (_, p) = data::site(i);
                    match &parent {
                        Some(want) => p.as_deref().is_some_and(|p| p.eq_ignore_ascii_case(want)),
                        None => p.is_none(),
                    }
                })
                .collect();
            window(ids.len() as u64, &|k| data::site(ids[k as usize]).0)
        }
        _ => {
            let count = data::team_count(n);
            let filter = req.query.get("displayname").map(|s| s.to_lowercase());
            let ids: Vec<u64> = (0..count)
                .filter(|&i| {
                    filter.as_ref().is_none_or(|f| {
                        data::team(i, v)["displayName"]
                            .as_str()
                            .is_some_and(|n| n.to_lowercase().contains(f))
                    })
                })
                .collect();
            window(ids.len() as u64, &|k| data::team(ids[k as usize], v))
        }
    };
    Reply::json(200, body)
}
