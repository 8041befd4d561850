//! Editing an organization: the wizard filled from what the server returned, the changes it
//! would make in an operator's words (secrets never), and what cannot be undone.

use super::changes::{app_only, legacy_or_basic};
use super::*;
pub use crate::app::route_args::EditMode;

/// What an edit started from.
#[derive(Debug, Clone)]
pub struct Editing {
    pub id: String,
    /// The organization's name, as the title says it.
    pub name: String,
    /// The organization as the server returned it (no secrets): what the confirmation
    /// compares the body to send with.
    pub original: Box<Organization>,
}

/// One setting that changes, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub label: String,
    pub old: String,
    pub new: String,
}

impl Wizard {
    /// The form filled from an organization as `GET /Organizations/{id}` returns it. With
    /// [`EditMode::Reauthorize`], every Microsoft 365 service is set to be authorized again
    /// with a device code: an application VB365 configures, or a new one where it used basic
    /// or legacy authentication. That mode and [`EditMode::Application`] start on how it signs
    /// in.
    pub fn edit(version: ApiVersion, org: &Organization, mode: EditMode) -> Wizard {
        let mut w = Wizard::new(version);
        w.fill(org);
        w.editing = Some(Box::new(Editing {
            id: org.id.clone().unwrap_or_default(),
            name: org.display_name().to_string(),
            original: Box::new(org.clone()),
        }));
        if mode == EditMode::Reauthorize {
            w.reauthorize();
        }
        if mode != EditMode::Settings {
            // Straight to the first authentication step.
            w.step = w
                .steps()
                .iter()
                .position(|s| matches!(s, Step::Auth(_)))
                .unwrap_or(0);
        }
        w
    }

    pub fn editing(&self) -> Option<&Editing> {
        self.editing.as_deref()
    }

    fn fill(&mut self, org: &Organization) {
        use WizardKey as K;
        let kind = org.kind.clone().unwrap_or(OrganizationType::Office365);
        self.field_mut(K::Type).choice = TYPES
            .iter()
            .position(|t| OrganizationType::from_name(t) == kind)
            .unwrap_or(0);
        if let Some(region) = &org.region
            && let Some(i) = REGIONS.iter().position(|r| Region::from_name(r) == *region)
        {
            self.field_mut(K::Region).choice = i;
        }
        let flag = |b: Option<bool>| b == Some(true);
        self.field_mut(K::ExchangeOnline).on = flag(org.is_exchange_online);
        self.field_mut(K::SharePointOnline).on = flag(org.is_share_point_online);
        self.field_mut(K::Teams).on = flag(org.is_teams_online);
        self.field_mut(K::TeamsChats).on = flag(org.is_teams_chats_online);
        self.field_mut(K::OnPremExchange).on = org.exchange_settings.is_some();
        self.field_mut(K::OnPremSharePoint).on = org.sharepoint_settings.is_some();
        set_text(self, K::Description, org.description.as_deref());
        let exo = org.exchange_online_settings.as_ref();
        let spo = org.share_point_online_settings.as_ref();
        let tenant = exo
            .or(spo)
            .and_then(|s| s.office_organization_name.as_deref())
            .or(org.office_name.as_deref())
            .or(org.name.as_deref());
        for p in [Service::Exchange, Service::SharePoint] {
            set_text(self, K::Auth(p, AuthField::Organization), tenant);
            // A secret left empty keeps the one the server holds.
            for f in [AuthField::Password, AuthField::Secret] {
                self.field_mut(K::Auth(p, f)).help = "leave empty to keep the current one";
            }
        }
        if let Some(s) = exo.or(spo) {
            self.fill_auth(Service::Exchange, s);
        }
        if let Some(s) = spo {
            self.fill_auth(Service::SharePoint, s);
            self.field_mut(K::WebParts).on = flag(s.share_point_save_all_web_parts);
        }
        self.field_mut(K::SameAuth).on = match (exo, spo) {
            (Some(a), Some(b)) => same_authentication(a, b),
            _ => true,
        };
        if let Some(s) = &org.exchange_settings {
            self.fill_server(
                Server::Exchange,
                s.server_name.as_deref(),
                s.username.as_deref(),
            );
            let k = |f| K::Server(Server::Exchange, f);
            self.field_mut(k(ServerField::Ssl)).on = flag(s.use_ssl);
            self.field_mut(k(ServerField::SkipCa)).on = flag(s.skip_ca_verification);
            self.field_mut(k(ServerField::SkipCn)).on = flag(s.skip_commonname_verification);
            self.field_mut(k(ServerField::SkipRevocation)).on = flag(s.skip_revocation_check);
            self.field_mut(k(ServerField::Impersonation)).on = flag(s.grant_impersonation);
            self.field_mut(k(ServerField::Throttling)).on = flag(s.configure_throttling_policy);
        }
        if let Some(s) = &org.sharepoint_settings {
            self.fill_server(
                Server::SharePoint,
                s.server_name.as_deref(),
                s.username.as_deref(),
            );
            let k = |f| K::Server(Server::SharePoint, f);
            let port = s.server_port.map(|p| p.to_string());
            set_text(self, k(ServerField::Port), port.as_deref());
            self.field_mut(k(ServerField::Ssl)).on = flag(s.use_ssl);
            self.field_mut(k(ServerField::SkipCa)).on = flag(s.skip_ca_verification);
            self.field_mut(k(ServerField::SkipCn)).on = flag(s.skip_commonname_verification);
            self.field_mut(k(ServerField::SkipRevocation)).on = flag(s.skip_revocation_check);
            self.field_mut(k(ServerField::Sites)).on = flag(s.grant_access_to_site_collections);
        }
    }

    fn fill_auth(&mut self, p: Service, s: &Office365ConnectionSettings) {
        use AuthField as A;
        let k = |f| WizardKey::Auth(p, f);
        let flag = |b: Option<bool>| b == Some(true);
        let mode = if s.use_application_only_auth == Some(true) {
            1
        } else if flag(s.use_mfa) || s.application_id.is_some() {
            2
        } else {
            3
        };
        self.field_mut(k(A::Mode)).choice = mode;
        set_text(self, k(A::AppId), s.application_id.as_deref());
        set_text(self, k(A::Account), s.account.as_deref());
        if let Some(t) = &s.application_certificate_thumbprint {
            self.field_mut(k(A::Credential)).choice = 1;
            set_text(self, k(A::Thumbprint), Some(t));
        }
        // With legacy protocols the server keeps a secret or a certificate; it does not say
        // which, so the form offers the secret, kept when left empty.
        self.field_mut(k(A::Mfa)).on = flag(s.use_mfa);
        self.field_mut(k(A::GrantAdmin)).on = flag(s.grant_admin_access);
        self.field_mut(k(A::CustomAad)).on = flag(s.use_custom_veeam_aad_application);
    }

    fn fill_server(&mut self, server: Server, host: Option<&str>, user: Option<&str>) {
        set_text(self, WizardKey::Server(server, ServerField::Host), host);
        set_text(self, WizardKey::Server(server, ServerField::User), user);
        self.field_mut(WizardKey::Server(server, ServerField::Password))
            .help = "leave empty to keep the current one";
    }

    /// Sets every Microsoft 365 service to be authorized again with a device code.
    fn reauthorize(&mut self) {
        for p in self.services() {
            let mode = WizardKey::Auth(p, AuthField::Mode);
            match self.auth(p) {
                Auth::ExistingApp => {
                    self.field_mut(WizardKey::Auth(p, AuthField::Configure)).on = true
                }
                Auth::NewApp => {}
                Auth::Legacy | Auth::Basic => self.field_mut(mode).choice = 0,
            }
        }
    }

    /// Whether an on-premises password left empty keeps the stored one.
    pub(super) fn keeps_server_password(&self, server: Server) -> bool {
        self.editing().is_some_and(|e| match server {
            Server::Exchange => e.original.exchange_settings.is_some(),
            Server::SharePoint => e.original.sharepoint_settings.is_some(),
        })
    }

    /// The services that go from basic or legacy authentication to modern app-only, which
    /// cannot be undone, in words.
    pub fn cannot_undo(&self) -> Option<String> {
        let e = self.editing()?;
        let from = self.targets().into_iter().find_map(|t| {
            let (old, new) = (t.old?, t.new?);
            let now_app_only = new.use_application_only_auth == Some(true);
            (!app_only(old) && now_app_only).then(|| legacy_or_basic(old))
        })?;
        Some(format!(
            "Switching {} from {from} authentication to modern app-only authentication cannot be undone.",
            e.name
        ))
    }

    /// What the review of an edit says: what cannot be undone first, then the changes one a
    /// line, and what the device code does.
    pub fn edit_review(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(warning) = self.cannot_undo() {
            lines.push(format!("⚠ {warning}"));
            lines.push(String::new());
        }
        let changes: Vec<String> = self
            .changes()
            .into_iter()
            .map(|c| format!("{}: {} → {}", c.label, c.old, c.new))
            .collect();
        let nothing = changes.is_empty() && !self.needs_device_code();
        lines.extend(changes);
        if self.needs_device_code() {
            lines.push(
                "Application: VB365 sets it up with the device code just used (its certificate and the permissions VB365 can grant)."
                    .into(),
            );
        }
        if nothing {
            lines.push("Nothing has changed. Esc goes back to change something.".into());
        }
        lines
    }

    /// Whether the edit would send anything: a change, or a device code to configure with.
    pub fn has_changes(&self) -> bool {
        self.needs_device_code() || !self.changes().is_empty()
    }
}

fn set_text(w: &mut Wizard, key: WizardKey, value: Option<&str>) {
    w.field_mut(key).input = tui_input::Input::new(value.unwrap_or_default().to_string());
}

/// Whether SharePoint Online signs in as Exchange Online does (one authentication step):
/// every setting the form sends for both is the same.
fn same_authentication(a: &Office365ConnectionSettings, b: &Office365ConnectionSettings) -> bool {
    let flag = |v: Option<bool>| v == Some(true);
    a.use_application_only_auth == b.use_application_only_auth
        && a.application_id == b.application_id
        && a.account == b.account
        && a.application_certificate_thumbprint == b.application_certificate_thumbprint
        && flag(a.use_mfa) == flag(b.use_mfa)
        && flag(a.grant_admin_access) == flag(b.grant_admin_access)
        && flag(a.use_custom_veeam_aad_application) == flag(b.use_custom_veeam_aad_application)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AuthField as A;
    use WizardKey as K;

    fn org(settings: serde_json::Value) -> Organization {
        serde_json::from_value(serde_json::json!({
            "id": "5eed0000-000a-4000-8000-000000000001", "name": "contoso.onmicrosoft.com",
            "type": "Office365", "region": "Worldwide", "description": "Contoso production",
            "isExchangeOnline": true, "isSharePointOnline": true, "isTeamsOnline": false,
            "exchangeOnlineSettings": settings.clone(),
            "sharePointOnlineSettings": settings,
        }))
        .unwrap()
    }

    fn app_only() -> Organization {
        org(serde_json::json!({
            "officeOrganizationName": "contoso.onmicrosoft.com", "useApplicationOnlyAuth": true,
            "applicationId": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "applicationCertificateThumbprint": "3F2504E04F8911D39A0C0305E82C3301E6B8B9A1",
            "sharePointSaveAllWebParts": false
        }))
    }

    fn basic() -> Organization {
        org(serde_json::json!({
            "officeOrganizationName": "contoso.onmicrosoft.com", "useApplicationOnlyAuth": false,
            "useMfa": false, "account": "backup@contoso.onmicrosoft.com", "grantAdminAccess": true
        }))
    }

    #[test]
    fn the_form_holds_what_the_server_returned_and_sends_it_back_unchanged() {
        let w = Wizard::edit(ApiVersion::V8, &app_only(), EditMode::Settings);
        assert!(w.changes().is_empty(), "{:?}", w.changes());
        assert!(!w.has_changes());
        assert!(
            !w.visible(Step::Basics).contains(&K::Type),
            "the type stays"
        );
        let auth = w.visible(Step::Auth(Service::Exchange));
        assert!(!auth.contains(&K::Auth(Service::Exchange, A::Organization)));
        let body = crate::api::organization_body(ApiVersion::V8, &w.organization());
        assert_eq!(body["type"], "Office365");
        assert_eq!(body["description"], "Contoso production");
        let s = &body["exchangeOnlineSettings"];
        assert_eq!(s["applicationId"], "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assert_eq!(
            s["applicationCertificateThumbprint"],
            "3F2504E04F8911D39A0C0305E82C3301E6B8B9A1"
        );
        assert_eq!(s["officeOrganizationName"], "contoso.onmicrosoft.com");
        assert_eq!(
            body["sharePointOnlineSettings"]["sharePointSaveAllWebParts"],
            false
        );
        assert!(body.get("userCode").is_none() && body.get("configureApplication").is_none());
    }

    #[test]
    fn the_confirmation_lists_only_what_changes_and_never_a_secret() {
        let mut w = Wizard::edit(ApiVersion::V8, &basic(), EditMode::Settings);
        w.field_mut(K::Description).input = tui_input::Input::new("Contoso, all services".into());
        w.field_mut(K::Auth(Service::Exchange, A::Password)).input =
            tui_input::Input::new("n3w-Passw0rd!".into());
        let changes = w.changes();
        assert_eq!(changes.len(), 3, "{changes:?}");
        assert_eq!(
            changes[0],
            Change {
                label: "Description".into(),
                old: "Contoso production".into(),
                new: "Contoso, all services".into()
            }
        );
        // One step signs both services in: the password goes to both.
        assert_eq!(changes[1].label, "Exchange Online: password");
        assert_eq!(changes[1].new, "a new one (not shown)");
        assert_eq!(changes[2].label, "SharePoint Online: password");
        let review = w.review_lines().join("\n");
        assert!(!review.contains("n3w-Passw0rd"), "{review}");
        assert!(w.cannot_undo().is_none());
    }

    #[test]
    fn a_password_left_empty_keeps_the_stored_one_only_while_the_sign_in_stays() {
        let mut w = Wizard::edit(ApiVersion::V7, &basic(), EditMode::Settings);
        let step = Step::Auth(Service::Exchange);
        assert!(w.validate(step), "the stored password stays");
        let body = crate::api::organization_body(ApiVersion::V7, &w.organization());
        assert!(body["exchangeOnlineSettings"].get("password").is_none());
        // Legacy protocols need a secret the server does not keep for basic authentication.
        w.field_mut(K::Auth(Service::Exchange, A::Mode)).choice = 2;
        w.validate(step);
        assert!(
            w.field(K::Auth(Service::Exchange, A::Password))
                .error
                .is_some()
        );
    }

    #[test]
    fn authorizing_again_configures_the_application_with_a_device_code() {
        let w = Wizard::edit(ApiVersion::V8, &app_only(), EditMode::Reauthorize);
        assert_eq!(
            w.current(),
            Step::Auth(Service::Exchange),
            "straight to sign-in"
        );
        assert!(w.needs_device_code());
        assert!(w.steps().contains(&Step::DeviceCode));
        assert!(w.has_changes());
        let review = w.review_lines().join("\n");
        assert!(
            review.contains("Application: VB365 sets it up with the device code"),
            "{review}"
        );
        assert!(w.cannot_undo().is_none());
    }

    #[test]
    fn switching_from_basic_to_app_only_says_it_cannot_be_undone() {
        let w = Wizard::edit(ApiVersion::V7, &basic(), EditMode::Reauthorize);
        assert_eq!(w.auth(Service::Exchange), Auth::NewApp);
        let warning = w.cannot_undo().expect("a warning");
        assert_eq!(
            warning,
            "Switching contoso.onmicrosoft.com from basic authentication to modern app-only authentication cannot be undone."
        );
        assert!(
            w.review_lines()
                .iter()
                .any(|l| l.contains("cannot be undone"))
        );
        assert!(
            w.changes()
                .iter()
                .any(|c| c.label == "Exchange Online: account" && c.new == "(no longer sent)"),
            "{:?}",
            w.changes()
        );
        assert_eq!(
            w.review_lines()[0],
            format!("⚠ {warning}"),
            "the warning comes first"
        );
    }

    #[test]
    fn app_only_cannot_go_back_to_basic() {
        let mut w = Wizard::edit(ApiVersion::V7, &app_only(), EditMode::Settings);
        w.field_mut(K::Auth(Service::Exchange, A::Mode)).choice = 3;
        assert!(!w.validate(Step::Auth(Service::Exchange)));
        let e = w.field(K::Auth(Service::Exchange, A::Mode)).error.clone();
        assert!(e.unwrap().contains("cannot go back"));
    }
    #[test]
    fn one_step_for_both_services_lists_what_sharepoint_gets() {
        let mut o = app_only();
        let spo = o.share_point_online_settings.as_mut().unwrap();
        spo.application_id = Some("9a8b7c6d-0000-4000-8000-000000000002".into());
        let mut w = Wizard::edit(ApiVersion::V8, &o, EditMode::Settings);
        assert!(
            !w.field(K::SameAuth).on,
            "different applications: a step each"
        );
        assert!(w.changes().is_empty(), "{:?}", w.changes());
        w.field_mut(K::SameAuth).on = true;
        let changes = w.changes();
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].label, "SharePoint Online: application id");
        assert_eq!(changes[0].old, "9a8b7c6d-0000-4000-8000-000000000002");
        assert_eq!(changes[0].new, "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    }

    #[test]
    fn a_new_account_needs_its_password() {
        let mut w = Wizard::edit(ApiVersion::V7, &basic(), EditMode::Settings);
        let step = Step::Auth(Service::Exchange);
        w.field_mut(K::Auth(Service::Exchange, A::Account)).input =
            tui_input::Input::new("other@contoso.onmicrosoft.com".into());
        assert!(!w.validate(step));
        assert!(
            w.field(K::Auth(Service::Exchange, A::Password))
                .error
                .is_some()
        );
    }

    #[test]
    fn sharepoint_on_its_own_step_cannot_go_back_from_app_only_either() {
        let mut w = Wizard::edit(ApiVersion::V7, &app_only(), EditMode::Settings);
        w.field_mut(K::SameAuth).on = false;
        w.field_mut(K::Auth(Service::SharePoint, A::Mode)).choice = 3;
        assert!(
            w.validate(Step::Auth(Service::Exchange)),
            "Exchange stays app-only"
        );
        assert!(!w.validate(Step::Auth(Service::SharePoint)));
    }
}
