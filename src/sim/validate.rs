//! Validation of `POST /Organizations` bodies the way the server does it, with messages an
//! operator can act on.

use base64::Engine;
use serde_json::Value;

use super::lookup::lookup;
use super::state::{Sim, device_code_approved};
use crate::api::models::{Office365ConnectionSettings, Organization, OrganizationType, Region};
use crate::api::version::ApiVersion;

pub fn is_guid(s: &str) -> bool {
    uuid::Uuid::try_parse(s.trim()).is_ok()
}

/// Re-keys an object so that its names match the schema's spelling regardless of case
/// (the server binds case-insensitively; v4 documentation writes PascalCase).
fn canonical_keys(v: &Value, reference: &Value) -> Value {
    match (v, reference) {
        (Value::Object(map), Value::Object(refmap)) => {
            let mut out = serde_json::Map::new();
            for (k, val) in map {
                let canon = refmap
                    .keys()
                    .find(|rk| rk.eq_ignore_ascii_case(k))
                    .cloned()
                    .unwrap_or_else(|| k.clone());
                let child_ref = refmap.get(&canon).cloned().unwrap_or(Value::Null);
                out.insert(canon, canonical_keys(val, &child_ref));
            }
            Value::Object(out)
        }
        _ => v.clone(),
    }
}

fn reference_shape() -> Value {
    let full_settings = serde_json::json!({
        "useApplicationOnlyAuth": true, "officeOrganizationName": "", "sharePointSaveAllWebParts": true,
        "account": "", "password": "", "grantAdminAccess": true, "useMfa": true,
        "useCustomVeeamAADApplication": true, "applicationId": "", "applicationSecret": "",
        "applicationCertificate": "", "applicationCertificatePassword": "",
        "applicationCertificateThumbprint": ""
    });
    let onprem = serde_json::json!({
        "serverName": "", "username": "", "password": "", "useSSL": true, "skipCAverification": true,
        "skipCommonnameverification": true, "skipRevocationcheck": true, "grantImpersonation": true,
        "configureThrottlingpolicy": true, "serverPort": 1, "grantAccesstositecollections": true
    });
    serde_json::json!({
        "type": "", "region": "", "description": "", "isExchangeOnline": true, "isSharePointOnline": true,
        "isTeamsOnline": true, "isTeamsChatsOnline": true, "configureApplication": true, "userCode": "",
        "newApplicationName": "", "exchangeOnlineSettings": full_settings.clone(),
        "sharePointOnlineSettings": full_settings, "isExchange": true, "exchangeSettings": onprem.clone(),
        "isSharepoint": true, "sharepointSettings": onprem
    })
}

/// Checks a body and returns the organization to store, or the server's message.
pub fn organization(sim: &Sim, v: ApiVersion, body: &Value) -> Result<Organization, String> {
    checked(sim, v, body, None)
}

/// Checks the body of `PUT /Organizations/{id}` against the organization it replaces: the
/// same checks as adding one, except that the type and the tenant stay, a password or secret
/// left out keeps the stored one, and an application must be one the directory knows.
pub fn organization_edit(
    sim: &Sim,
    v: ApiVersion,
    body: &Value,
    existing: &Organization,
) -> Result<Organization, String> {
    checked(sim, v, body, Some(existing))
}

fn checked(
    sim: &Sim,
    v: ApiVersion,
    body: &Value,
    editing: Option<&Organization>,
) -> Result<Organization, String> {
    let body = canonical_keys(body, &reference_shape());
    if let Some(region) = lookup(&body, "region").and_then(Value::as_str)
        && !v.accepts_region_name(region)
    {
        return Err(format!(
            "The region '{region}' is not valid for this API version. Valid values: {}.",
            v.regions()
                .iter()
                .map(|r| v.region_name(r))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut org: Organization = serde_json::from_value(body)
        .map_err(|e| format!("The request body could not be read: {e}."))?;
    let kind = org
        .kind
        .clone()
        .ok_or("The organization type is required (Office365, OnPremises or Hybrid).")?;
    // Region and tenant belong to Microsoft 365: an on-premises organization has neither.
    if org.region.is_none() && kind != OrganizationType::OnPremises {
        org.region = Some(Region::Worldwide);
    }
    if let Some(old) = editing.and_then(|e| e.kind.as_ref())
        && *old != kind
    {
        return Err(format!(
            "The organization type cannot be changed: it is {}.",
            old.as_str()
        ));
    }
    match &kind {
        OrganizationType::Office365 => office365(sim, v, &mut org, editing)?,
        OrganizationType::OnPremises => on_premises(&org, editing)?,
        OrganizationType::Hybrid => {
            office365(sim, v, &mut org, editing)?;
            on_premises(&org, editing)?;
        }
        OrganizationType::Unknown(t) => {
            return Err(format!("The organization type '{t}' is not valid."));
        }
    }
    let mut name = org
        .exchange_online_settings
        .as_ref()
        .or(org.share_point_online_settings.as_ref())
        .and_then(|s| s.office_organization_name.clone())
        .or_else(|| {
            org.exchange_settings
                .as_ref()
                .and_then(|s| s.server_name.clone())
        })
        .or_else(|| {
            org.sharepoint_settings
                .as_ref()
                .and_then(|s| s.server_name.clone())
        })
        .unwrap_or_else(|| "new-organization.onmicrosoft.com".into());
    // An on-premises organization is named after its server, which an edit may change.
    if let (Some(old), OrganizationType::OnPremises) =
        (editing.and_then(|e| e.name.as_deref()), &kind)
    {
        name = old.to_string();
    } else if let Some(old) = editing.and_then(|e| e.name.as_deref()) {
        if !old.eq_ignore_ascii_case(&name) {
            return Err(format!(
                "The organization name cannot be changed: this organization is {old}."
            ));
        }
    } else if sim.state().orgs.iter().any(|o| {
        o.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(&name))
    }) {
        return Err(format!("The organization {name} has already been added."));
    }
    org.name = Some(name.clone());
    org.office_name = Some(name);
    Ok(org)
}

fn office365(
    sim: &Sim,
    v: ApiVersion,
    org: &mut Organization,
    editing: Option<&Organization>,
) -> Result<(), String> {
    let exo = org.is_exchange_online == Some(true);
    let spo = org.is_share_point_online == Some(true);
    let teams = org.is_teams_online == Some(true);
    let chats = org.is_teams_chats_online == Some(true);
    if !(exo || spo || teams) {
        return Err(
            "Select at least one service: Exchange Online, SharePoint Online or Teams.".into(),
        );
    }
    if chats && !teams {
        return Err("Teams chats can be backed up only together with Teams.".into());
    }
    if teams && !(exo && spo) {
        return Err("Teams requires both Exchange Online and SharePoint Online.".into());
    }
    if exo && org.exchange_online_settings.is_none() {
        return Err("exchangeOnlineSettings are required when isExchangeOnline is true.".into());
    }
    if spo && org.share_point_online_settings.is_none() {
        return Err(
            "sharePointOnlineSettings are required when isSharePointOnline is true.".into(),
        );
    }
    let region = org.region.clone().unwrap_or(Region::Worldwide);
    let user_code = org.user_code.clone();
    if org.configure_application == Some(true) {
        let code = user_code.as_deref().ok_or(
            "configureApplication needs a device code (userCode) used to sign in to Microsoft 365.",
        )?;
        check_user_code(sim, code)?;
    }
    let stored = |pick: fn(&Organization) -> Option<&Office365ConnectionSettings>| {
        editing.and_then(pick).cloned()
    };
    for (service, settings, before) in [
        (
            "Exchange Online",
            org.exchange_online_settings.as_ref(),
            stored(|o| o.exchange_online_settings.as_ref()),
        ),
        (
            "SharePoint Online",
            org.share_point_online_settings.as_ref(),
            stored(|o| o.share_point_online_settings.as_ref()),
        ),
    ] {
        if let Some(s) = settings {
            let want = Wanted {
                region: &region,
                teams,
                user_code: user_code.as_deref(),
                editing: editing.map(|_| before.as_ref()),
            };
            connection(sim, v, service, s, want)?;
        }
    }
    Ok(())
}

/// What a service's connection settings are checked against.
struct Wanted<'a> {
    region: &'a Region,
    teams: bool,
    user_code: Option<&'a str>,
    /// When editing: the settings stored for this service, if it had any.
    editing: Option<Option<&'a Office365ConnectionSettings>>,
}

impl Wanted<'_> {
    /// Whether the stored settings already hold the account's password (and the legacy
    /// secret) for these settings, so that an edit may leave them out: the same account,
    /// signing in the same way (with legacy protocols, with the same application).
    fn keeps_credentials(&self, new: &Office365ConnectionSettings) -> bool {
        let Some(Some(old)) = self.editing else {
            return false;
        };
        let legacy =
            |s: &Office365ConnectionSettings| s.use_mfa == Some(true) || s.application_id.is_some();
        let same = |a: &Option<String>, b: &Option<String>| {
            a.as_deref()
                .unwrap_or("")
                .eq_ignore_ascii_case(b.as_deref().unwrap_or(""))
        };
        old.use_application_only_auth != Some(true)
            && legacy(old) == legacy(new)
            && same(&old.account, &new.account)
            && same(&old.application_id, &new.application_id)
    }

    /// An edit that takes settings from modern app-only back to basic or legacy.
    fn going_back(&self, new: &Office365ConnectionSettings) -> bool {
        matches!(self.editing, Some(Some(old)) if old.use_application_only_auth == Some(true))
            && new.use_application_only_auth != Some(true)
    }
}

/// Whether the directory knows the application: the one the organization uses now, or one
/// another organization uses.
fn known_application(sim: &Sim, id: &str) -> bool {
    sim.state().orgs.iter().any(|o| {
        [&o.exchange_online_settings, &o.share_point_online_settings]
            .into_iter()
            .flatten()
            .any(|s| {
                s.application_id
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(id))
            })
    })
}

fn connection(
    sim: &Sim,
    v: ApiVersion,
    service: &str,
    s: &Office365ConnectionSettings,
    want: Wanted,
) -> Result<(), String> {
    let (region, teams, user_code) = (want.region, want.teams, want.user_code);
    use secrecy::ExposeSecret;
    if let Some(id) = &s.application_id
        && !is_guid(id)
    {
        return Err(format!("{service}: applicationId '{id}' is not a GUID."));
    }
    if let Some(cert) = &s.application_certificate {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(cert.expose_secret().trim())
            .map_err(|_| format!("{service}: applicationCertificate is not Base64."))?;
        if decoded.first() != Some(&0x30) {
            return Err(format!(
                "{service}: applicationCertificate is not a PFX (PKCS#12) file."
            ));
        }
    }
    if s.application_secret.is_some() && s.application_certificate.is_some() {
        return Err(format!(
            "{service}: specify either applicationSecret or applicationCertificate, not both."
        ));
    }
    if want.going_back(s) {
        return Err(format!(
            "{service}: the organization uses modern app-only authentication and cannot go back to basic or legacy authentication."
        ));
    }
    let app_only = s.use_application_only_auth == Some(true);
    let mfa = s.use_mfa == Some(true);
    if let (Some(before), Some(id)) = (want.editing, &s.application_id) {
        let current = before
            .and_then(|b| b.application_id.as_deref())
            .is_some_and(|a| a.eq_ignore_ascii_case(id));
        if !current && !known_application(sim, id) {
            let tenant = s
                .office_organization_name
                .as_deref()
                .unwrap_or("the organization");
            return Err(format!(
                "{service}: the application {id} was not found in Microsoft Entra ID of {tenant}."
            ));
        }
    }
    if app_only {
        let new_app = s.application_id.is_none();
        if new_app {
            let code = user_code.ok_or(format!(
                "{service}: a new Microsoft Entra application needs a device code (userCode)."
            ))?;
            check_user_code(sim, code)?;
        } else if s.application_certificate.is_none()
            && s.application_certificate_thumbprint.is_none()
        {
            return Err(format!(
                "{service}: app-only authentication needs applicationCertificate or applicationCertificateThumbprint."
            ));
        }
        if s.application_certificate.is_some() && s.application_certificate_password.is_none() {
            return Err(format!(
                "{service}: applicationCertificatePassword is required with applicationCertificate."
            ));
        }
        return Ok(());
    }
    if s.account.as_deref().is_none_or(str::is_empty) {
        return Err(format!("{service}: the account is required."));
    }
    if s.password.is_none() && !want.keeps_credentials(s) {
        return Err(format!("{service}: the account password is required."));
    }
    if mfa {
        if s.application_id.is_none() {
            return Err(format!(
                "{service}: modern authentication with legacy protocols needs applicationId."
            ));
        }
        if s.application_secret.is_none()
            && s.application_certificate.is_none()
            && !want.keeps_credentials(s)
        {
            return Err(format!(
                "{service}: specify applicationSecret or applicationCertificate."
            ));
        }
        return Ok(());
    }
    // Basic authentication.
    if teams {
        return Err("Basic authentication cannot be used to back up Teams.".into());
    }
    if v >= ApiVersion::V8 && *region != Region::China {
        return Err(format!(
            "{service}: basic authentication is deprecated and accepted only for the China region; use modern app-only authentication."
        ));
    }
    Ok(())
}

fn check_user_code(sim: &Sim, code: &str) -> Result<(), String> {
    let st = sim.state();
    let c = st
        .device_codes
        .get(&code.trim().to_ascii_uppercase())
        .ok_or(format!("The device code '{code}' is not known."))?;
    if !device_code_approved(sim, c) {
        return Err(format!(
            "The device code '{code}' has not been used to sign in yet, or it has expired."
        ));
    }
    Ok(())
}

fn on_premises(org: &Organization, editing: Option<&Organization>) -> Result<(), String> {
    let exchange = org.is_exchange == Some(true);
    let sharepoint = org.is_sharepoint == Some(true);
    if !(exchange || sharepoint) {
        return Err(
            "Select on-premises Exchange, SharePoint or both (isExchange, isSharepoint).".into(),
        );
    }
    if exchange {
        let s = org
            .exchange_settings
            .as_ref()
            .ok_or("exchangeSettings are required when isExchange is true.")?;
        require_server(
            "Exchange",
            s.server_name.as_deref(),
            s.username.as_deref(),
            s.password.is_some() || editing.is_some_and(|e| e.exchange_settings.is_some()),
        )?;
    }
    if sharepoint {
        let s = org
            .sharepoint_settings
            .as_ref()
            .ok_or("sharepointSettings are required when isSharepoint is true.")?;
        require_server(
            "SharePoint",
            s.server_name.as_deref(),
            s.username.as_deref(),
            s.password.is_some() || editing.is_some_and(|e| e.sharepoint_settings.is_some()),
        )?;
        if let Some(p) = s.server_port
            && !(1..=65535).contains(&p)
        {
            return Err(format!("SharePoint: serverPort {p} is outside 1–65535."));
        }
    }
    Ok(())
}

fn require_server(
    what: &str,
    server: Option<&str>,
    user: Option<&str>,
    password: bool,
) -> Result<(), String> {
    if server.is_none_or(|s| s.trim().is_empty()) {
        return Err(format!("{what}: the server name is required."));
    }
    if user.is_none_or(|s| s.trim().is_empty()) {
        return Err(format!("{what}: the user name is required."));
    }
    if !password {
        return Err(format!("{what}: the password is required."));
    }
    Ok(())
}
