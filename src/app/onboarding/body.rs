//! The request body the wizard builds, as sent and as reviewed (secrets masked), and marking
//! the fields a server rejection names.

use super::*;

impl Wizard {
    pub(super) fn certificate(&self, key: WizardKey) -> Option<SecretString> {
        self.certificates
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }

    pub(super) fn secret(&self, key: WizardKey) -> Option<SecretString> {
        let v = self.field(key).value();
        (!v.is_empty()).then(|| SecretString::from(v.to_string()))
    }

    pub(super) fn connection(&self, p: Service) -> Office365ConnectionSettings {
        use AuthField::*;
        let k = |f: AuthField| WizardKey::Auth(p, f);
        let mut s = Office365ConnectionSettings {
            office_organization_name: Some(self.text(k(Organization))),
            ..Default::default()
        };
        match self.auth(p) {
            Auth::NewApp => s.use_application_only_auth = Some(true),
            Auth::ExistingApp => {
                s.use_application_only_auth = Some(true);
                s.application_id = Some(self.text(k(AppId)));
                if self.field(k(Credential)).choice == 0 {
                    s.application_certificate = self.certificate(k(CertPath));
                    s.application_certificate_password = self.secret(k(CertPassword));
                } else {
                    s.application_certificate_thumbprint = Some(
                        self.text(k(Thumbprint))
                            .replace([' ', ':'], "")
                            .to_uppercase(),
                    );
                }
            }
            Auth::Legacy => {
                s.use_application_only_auth = Some(false);
                s.account = Some(self.text(k(Account)));
                s.password = self.secret(k(Password));
                s.use_mfa = Some(self.on(k(Mfa)));
                s.grant_admin_access = Some(self.on(k(GrantAdmin)));
                s.application_id = Some(self.text(k(AppId)));
                if self.field(k(LegacyCredential)).choice == 0 {
                    s.application_secret = self.secret(k(Secret));
                } else {
                    s.application_certificate = self.certificate(k(CertPath));
                    s.application_certificate_password = self.secret(k(CertPassword));
                }
                s.use_custom_veeam_aad_application = Some(self.on(k(CustomAad)));
            }
            Auth::Basic => {
                s.use_application_only_auth = Some(false);
                s.use_mfa = Some(false);
                s.account = Some(self.text(k(Account)));
                s.password = self.secret(k(Password));
                s.grant_admin_access = Some(self.on(k(GrantAdmin)));
            }
        }
        s
    }

    /// The request body the wizard will send.
    pub fn organization(&self) -> Organization {
        use ServerField as S;
        use WizardKey as K;
        let v = self.version;
        let mut org = Organization {
            kind: Some(self.kind()),
            ..Default::default()
        };
        if v.has_description() && !self.text(K::Description).is_empty() {
            org.description = Some(self.text(K::Description));
        }
        if self.online() {
            org.region = Some(self.region());
            let teams = v.has_teams() && self.on(K::Teams);
            org.is_exchange_online = Some(self.on(K::ExchangeOnline) || teams);
            org.is_share_point_online = Some(self.on(K::SharePointOnline) || teams);
            if v.has_teams() {
                org.is_teams_online = Some(teams);
            }
            if v.has_teams_chats() {
                org.is_teams_chats_online = Some(teams && self.on(K::TeamsChats));
            }
            let services = self.services();
            let first = services.first().copied().unwrap_or(Service::Exchange);
            let spo_source = services.get(1).copied().unwrap_or(first);
            if org.is_exchange_online == Some(true) {
                org.exchange_online_settings = Some(self.connection(first));
            }
            if org.is_share_point_online == Some(true) {
                let mut s = self.connection(spo_source);
                s.share_point_save_all_web_parts = Some(self.on(K::WebParts));
                org.share_point_online_settings = Some(s);
            }
            if self.needs_device_code() {
                org.user_code = self.user_code.clone();
                org.configure_application = Some(true);
                if services.iter().any(|p| self.auth(*p) == Auth::NewApp) {
                    let p = services
                        .iter()
                        .find(|p| self.auth(**p) == Auth::NewApp)
                        .copied()
                        .unwrap_or(first);
                    org.new_application_name = Some(self.text(K::Auth(p, AuthField::AppName)));
                }
            }
        }
        if self.onprem() && self.on(K::OnPremExchange) {
            org.is_exchange = Some(true);
            let ex = |f: ServerField| K::Server(Server::Exchange, f);
            org.exchange_settings = Some(ExchangeSettings {
                server_name: Some(self.text(ex(S::Host))),
                username: Some(self.text(ex(S::User))),
                password: self.secret(ex(S::Password)),
                use_ssl: Some(self.on(ex(S::Ssl))),
                skip_ca_verification: Some(self.on(ex(S::SkipCa))),
                skip_commonname_verification: Some(self.on(ex(S::SkipCn))),
                skip_revocation_check: Some(self.on(ex(S::SkipRevocation))),
                grant_impersonation: Some(self.on(ex(S::Impersonation))),
                configure_throttling_policy: Some(self.on(ex(S::Throttling))),
            });
        }
        if self.onprem() && self.on(K::OnPremSharePoint) {
            org.is_sharepoint = Some(true);
            let sp = |f: ServerField| K::Server(Server::SharePoint, f);
            org.sharepoint_settings = Some(SharepointSettings {
                server_name: Some(self.text(sp(S::Host))),
                username: Some(self.text(sp(S::User))),
                password: self.secret(sp(S::Password)),
                use_ssl: Some(self.on(sp(S::Ssl))),
                skip_ca_verification: Some(self.on(sp(S::SkipCa))),
                skip_commonname_verification: Some(self.on(sp(S::SkipCn))),
                skip_revocation_check: Some(self.on(sp(S::SkipRevocation))),
                server_port: self.text(sp(S::Port)).parse().ok(),
                grant_access_to_site_collections: Some(self.on(sp(S::Sites))),
            });
        }
        org
    }

    /// The body as it will be sent, with every secret masked, for the review step.
    pub fn review_json(&self) -> String {
        let mut body = crate::api::organization_body(self.version, &self.organization());
        mask_secrets(&mut body);
        serde_json::to_string_pretty(&body).unwrap_or_default()
    }

    /// What the review shows a line each: the body as it will be sent (secrets masked) when
    /// adding, only the changes when editing.
    pub fn review_lines(&self) -> Vec<String> {
        if self.editing.is_some() {
            return self.edit_review();
        }
        self.review_json().lines().map(str::to_string).collect()
    }

    /// The line above the review.
    pub fn review_heading(&self) -> String {
        match self.editing() {
            Some(_) => {
                "What changes, old → new; secrets never shown. Enter saves with one PUT.".into()
            }
            None => format!(
                "POST /{}/Organizations with this body, secrets masked:",
                self.version
            ),
        }
    }

    /// Marks the field a server message names, when it names one.
    pub fn mark_server_error(&mut self, message: &str) {
        use AuthField as A;
        let exo = |f: AuthField| WizardKey::Auth(Service::Exchange, f);
        let lower = message.to_lowercase();
        let candidates: [(&str, WizardKey); 11] = [
            ("not found in microsoft entra", exo(A::AppId)),
            ("region", WizardKey::Region),
            ("account", exo(A::Account)),
            ("applicationid", exo(A::AppId)),
            ("guid", exo(A::AppId)),
            ("base64", exo(A::CertPath)),
            ("certificate", exo(A::CertPath)),
            ("applicationsecret", exo(A::Secret)),
            ("device code", exo(A::Mode)),
            (
                "serverport",
                WizardKey::Server(Server::SharePoint, ServerField::Port),
            ),
            ("already been added", exo(A::Organization)),
        ];
        for (needle, key) in candidates {
            if lower.contains(needle) {
                // SharePoint Online's field when only its step is shown.
                let key = match key {
                    WizardKey::Auth(_, f)
                        if !self.steps().contains(&Step::Auth(Service::Exchange)) =>
                    {
                        WizardKey::Auth(Service::SharePoint, f)
                    }
                    k => k,
                };
                let steps = self.steps();
                if let Some(step) = steps.iter().position(|s| self.visible(*s).contains(&key)) {
                    self.field_mut(key).error = Some(message.to_string());
                    self.step = step;
                    let visible = self.visible(steps[step]);
                    self.form.focus_on(&visible, key);
                }
                return;
            }
        }
    }
}

const SECRET_KEYS: [&str; 4] = [
    "password",
    "applicationSecret",
    "applicationCertificate",
    "applicationCertificatePassword",
];

fn mask_secrets(v: &mut Value) {
    if let Value::Object(map) = v {
        for (k, val) in map.iter_mut() {
            if SECRET_KEYS.contains(&k.as_str()) && val.is_string() {
                *val = Value::String("••••••••".into());
            } else {
                mask_secrets(val);
            }
        }
    }
}
