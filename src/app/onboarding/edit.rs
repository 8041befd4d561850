//! Editing an organization: the wizard filled from what the server returned, the changes it
//! would make in an operator's words (secrets never), and what cannot be undone.

use super::*;
pub use crate::app::route_args::EditMode;

/// What an edit started from.
#[derive(Debug, Clone)]
pub struct Editing {
    pub id: String,
    /// The organization's name, as the title says it.
    pub name: String,
    /// Each field shown when the form opened, in words, to list only what changes.
    before: Vec<(WizardKey, String)>,
    /// How each Microsoft 365 service authenticated when the form opened.
    modes: Vec<(Service, Auth)>,
    /// The on-premises servers it had (their passwords stay when left empty).
    servers: Vec<Server>,
}

/// One setting that changes, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub label: String,
    pub old: String,
    pub new: String,
}

const NOT_SHOWN: &str = "—";

impl Wizard {
    /// The form filled from an organization as `GET /Organizations/{id}` returns it. With
    /// [`EditMode::Reauthorize`], every Microsoft 365 service is set to be authorized again
    /// with a device code: an application VB365 configures, or a new one where it used basic
    /// or legacy authentication. That mode and [`EditMode::Application`] start on how it signs
    /// in.
    pub fn edit(version: ApiVersion, org: &Organization, mode: EditMode) -> Wizard {
        let mut w = Wizard::new(version);
        w.fill(org);
        let modes: Vec<(Service, Auth)> = w.services().iter().map(|p| (*p, w.auth(*p))).collect();
        let mut servers = Vec::new();
        if org.exchange_settings.is_some() {
            servers.push(Server::Exchange);
        }
        if org.sharepoint_settings.is_some() {
            servers.push(Server::SharePoint);
        }
        w.editing = Some(Box::new(Editing {
            id: org.id.clone().unwrap_or_default(),
            name: org.display_name().to_string(),
            before: Vec::new(),
            modes,
            servers,
        }));
        // What an edit shows (no type, no tenant), as it was.
        let before = w.words_now();
        if let Some(e) = w.editing.as_mut() {
            e.before = before;
        }
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

    /// Whether a password or secret left empty keeps the stored one: the service used the
    /// same authentication when the form opened.
    pub(super) fn keeps_secret(&self, p: Service) -> bool {
        self.editing().is_some_and(|e| {
            e.modes.iter().any(|(s, a)| {
                *s == p && *a == self.auth(p) && matches!(a, Auth::Legacy | Auth::Basic)
            })
        })
    }

    /// Whether an on-premises password left empty keeps the stored one.
    pub(super) fn keeps_server_password(&self, server: Server) -> bool {
        self.editing().is_some_and(|e| e.servers.contains(&server))
    }

    /// A service that used modern app-only authentication when the form opened and is now
    /// set to basic or legacy: the server cannot go back.
    pub(super) fn going_back_from_app_only(&self, p: Service) -> bool {
        let was_app_only = self.editing().is_some_and(|e| {
            e.modes
                .iter()
                .any(|(s, a)| *s == p && matches!(a, Auth::NewApp | Auth::ExistingApp))
        });
        was_app_only && matches!(self.auth(p), Auth::Legacy | Auth::Basic)
    }

    /// Every field shown on the steps the choices make, in order, with its value in words.
    fn words_now(&self) -> Vec<(WizardKey, String)> {
        let mut out: Vec<(WizardKey, String)> = Vec::new();
        for step in self.steps() {
            for key in self.visible(step) {
                if !out.iter().any(|(k, _)| *k == key) {
                    out.push((key, self.words(key)));
                }
            }
        }
        out
    }

    /// A field's value as the confirmation says it; a secret only says that one was typed.
    fn words(&self, key: WizardKey) -> String {
        let f = self.field(key);
        match f.kind {
            Kind::Toggle => (if f.on { "yes" } else { "no" }).into(),
            Kind::Choice(_) => f.choice_label().into(),
            Kind::Secret if f.value().is_empty() => String::new(),
            Kind::Secret => "a new one (not shown)".into(),
            Kind::Path if f.trimmed().is_empty() => String::new(),
            Kind::Path => format!("a new certificate from {}", f.trimmed()),
            _ if f.trimmed().is_empty() => "(none)".into(),
            _ => f.trimmed().to_string(),
        }
    }

    /// What the edit changes, old → new, in the order of the form. A secret typed shows as
    /// "a new one (not shown)"; one left empty is not a change.
    pub fn changes(&self) -> Vec<Change> {
        let Some(e) = self.editing() else {
            return Vec::new();
        };
        let now = self.words_now();
        let two = now
            .iter()
            .chain(&e.before)
            .any(|(k, _)| matches!(k, WizardKey::Auth(Service::SharePoint, _)));
        let mut keys: Vec<WizardKey> = now.iter().map(|(k, _)| *k).collect();
        for (k, _) in &e.before {
            if !keys.contains(k) {
                keys.push(*k);
            }
        }
        let find = |list: &[(WizardKey, String)], key| {
            list.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
        };
        keys.into_iter()
            .filter_map(|key| {
                let old = find(&e.before, key);
                let new = find(&now, key);
                let changed = match (&old, &new) {
                    (Some(a), Some(b)) => a != b && !b.is_empty(),
                    (None, Some(b)) => !b.is_empty() && b != "(none)",
                    (Some(a), None) => !a.is_empty() && a != "(none)",
                    (None, None) => false,
                };
                changed.then(|| Change {
                    label: self.change_label(key, two),
                    old: old
                        .filter(|o| !o.is_empty())
                        .unwrap_or_else(|| NOT_SHOWN.into()),
                    new: new.unwrap_or_else(|| "(no longer used)".into()),
                })
            })
            .collect()
    }

    fn change_label(&self, key: WizardKey, two_services: bool) -> String {
        let label = self.field(key).label;
        match key {
            WizardKey::Auth(Service::SharePoint, _) => format!("SharePoint Online: {label}"),
            WizardKey::Auth(Service::Exchange, _) if two_services => {
                format!("Exchange Online: {label}")
            }
            WizardKey::Server(Server::Exchange, _) => format!("Exchange server: {label}"),
            WizardKey::Server(Server::SharePoint, _) => format!("SharePoint server: {label}"),
            _ => label.to_string(),
        }
    }

    /// The services that go from basic or legacy authentication to modern app-only, which
    /// cannot be undone, in words.
    pub fn cannot_undo(&self) -> Option<String> {
        let e = self.editing()?;
        let from: Vec<&str> = e
            .modes
            .iter()
            .filter(|(p, _)| {
                self.services().contains(p)
                    && matches!(self.auth(*p), Auth::NewApp | Auth::ExistingApp)
            })
            .filter_map(|(_, a)| match a {
                Auth::Basic => Some("basic"),
                Auth::Legacy => Some("legacy"),
                _ => None,
            })
            .collect();
        let from = from.first()?;
        Some(format!(
            "Switching {} from {from} authentication to modern app-only authentication cannot be undone.",
            e.name
        ))
    }

    /// What the review of an edit says: the changes one a line, what the device code does,
    /// and what cannot be undone.
    pub fn edit_review(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .changes()
            .into_iter()
            .map(|c| format!("{}: {} → {}", c.label, c.old, c.new))
            .collect();
        if self.needs_device_code() {
            lines.push(
                "Application: VB365 sets it up with the device code just used (its certificate and the permissions VB365 can grant)."
                    .into(),
            );
        }
        if lines.is_empty() {
            lines.push("Nothing has changed. Esc goes back to change something.".into());
        }
        if let Some(warning) = self.cannot_undo() {
            lines.push(String::new());
            lines.push(format!("⚠ {warning}"));
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

/// Whether SharePoint Online signs in as Exchange Online does (one authentication step).
fn same_authentication(a: &Office365ConnectionSettings, b: &Office365ConnectionSettings) -> bool {
    a.use_application_only_auth == b.use_application_only_auth
        && a.application_id == b.application_id
        && a.account == b.account
        && a.application_certificate_thumbprint == b.application_certificate_thumbprint
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
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert_eq!(
            changes[0],
            Change {
                label: "Description".into(),
                old: "Contoso production".into(),
                new: "Contoso, all services".into()
            }
        );
        assert_eq!(changes[1].label, "Password");
        assert_eq!(changes[1].new, "a new one (not shown)");
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
        assert!(review.contains("Configure app: no → yes"), "{review}");
        assert!(review.contains("device code"), "{review}");
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
                .any(|c| c.label == "Account" && c.new == "(no longer used)"),
            "{:?}",
            w.changes()
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
}
