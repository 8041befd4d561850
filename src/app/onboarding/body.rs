//! The request body the wizard builds, as sent and as reviewed (secrets masked), and marking
//! the fields a server rejection names.

use super::*;

impl Wizard {
    pub(super) fn certificate(&self, key: &str) -> Option<SecretString> {
        self.certificates
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    pub(super) fn secret(&self, key: &str) -> Option<SecretString> {
        let v = self.field(key).value();
        (!v.is_empty()).then(|| SecretString::from(v.to_string()))
    }

    pub(super) fn connection(&self, p: &str) -> Office365ConnectionSettings {
        let k = |s: &str| format!("{p}.{s}");
        let mut s = Office365ConnectionSettings {
            office_organization_name: Some(self.text(&k("org"))),
            ..Default::default()
        };
        match self.auth(p) {
            Auth::NewApp => s.use_application_only_auth = Some(true),
            Auth::ExistingApp => {
                s.use_application_only_auth = Some(true);
                s.application_id = Some(self.text(&k("app_id")));
                if self.field(&k("cred")).choice == 0 {
                    s.application_certificate = self.certificate(&k("cert_path"));
                    s.application_certificate_password = self.secret(&k("cert_password"));
                } else {
                    s.application_certificate_thumbprint = Some(
                        self.text(&k("thumbprint"))
                            .replace([' ', ':'], "")
                            .to_uppercase(),
                    );
                }
            }
            Auth::Legacy => {
                s.use_application_only_auth = Some(false);
                s.account = Some(self.text(&k("account")));
                s.password = self.secret(&k("password"));
                s.use_mfa = Some(self.on(&k("mfa")));
                s.grant_admin_access = Some(self.on(&k("grant_admin")));
                s.application_id = Some(self.text(&k("app_id")));
                if self.field(&k("legacy_cred")).choice == 0 {
                    s.application_secret = self.secret(&k("secret"));
                } else {
                    s.application_certificate = self.certificate(&k("cert_path"));
                    s.application_certificate_password = self.secret(&k("cert_password"));
                }
                s.use_custom_veeam_aad_application = Some(self.on(&k("custom_aad")));
            }
            Auth::Basic => {
                s.use_application_only_auth = Some(false);
                s.use_mfa = Some(false);
                s.account = Some(self.text(&k("account")));
                s.password = self.secret(&k("password"));
                s.grant_admin_access = Some(self.on(&k("grant_admin")));
            }
        }
        s
    }

    /// The request body the wizard will send.
    pub fn organization(&self) -> Organization {
        let v = self.version;
        let mut org = Organization {
            kind: Some(self.kind()),
            ..Default::default()
        };
        if v.has_description() && !self.text("description").is_empty() {
            org.description = Some(self.text("description"));
        }
        if self.online() {
            org.region = Some(self.region());
            let teams = v.has_teams() && self.on("teams");
            org.is_exchange_online = Some(self.on("exo") || teams);
            org.is_share_point_online = Some(self.on("spo") || teams);
            if v.has_teams() {
                org.is_teams_online = Some(teams);
            }
            if v.has_teams_chats() {
                org.is_teams_chats_online = Some(teams && self.on("chats"));
            }
            let services = self.services();
            let first = services.first().copied().unwrap_or("exo");
            let spo_source = services.get(1).copied().unwrap_or(first);
            if org.is_exchange_online == Some(true) {
                org.exchange_online_settings = Some(self.connection(first));
            }
            if org.is_share_point_online == Some(true) {
                let mut s = self.connection(spo_source);
                s.share_point_save_all_web_parts = Some(self.on("web_parts"));
                org.share_point_online_settings = Some(s);
            }
            if self.needs_device_code() {
                org.user_code = self.user_code.clone();
                org.configure_application = Some(true);
                if services.iter().any(|p| self.auth(p) == Auth::NewApp) {
                    let p = services
                        .iter()
                        .find(|p| self.auth(p) == Auth::NewApp)
                        .copied()
                        .unwrap_or(first);
                    org.new_application_name = Some(self.text(&format!("{p}.app_name")));
                }
            }
        }
        if self.onprem() && self.on("onprem_exchange") {
            org.is_exchange = Some(true);
            org.exchange_settings = Some(ExchangeSettings {
                server_name: Some(self.text("ex.server")),
                username: Some(self.text("ex.user")),
                password: self.secret("ex.password"),
                use_ssl: Some(self.on("ex.ssl")),
                skip_ca_verification: Some(self.on("ex.skip_ca")),
                skip_commonname_verification: Some(self.on("ex.skip_cn")),
                skip_revocation_check: Some(self.on("ex.skip_rev")),
                grant_impersonation: Some(self.on("ex.impersonation")),
                configure_throttling_policy: Some(self.on("ex.throttling")),
            });
        }
        if self.onprem() && self.on("onprem_sharepoint") {
            org.is_sharepoint = Some(true);
            org.sharepoint_settings = Some(SharepointSettings {
                server_name: Some(self.text("sp.server")),
                username: Some(self.text("sp.user")),
                password: self.secret("sp.password"),
                use_ssl: Some(self.on("sp.ssl")),
                skip_ca_verification: Some(self.on("sp.skip_ca")),
                skip_commonname_verification: Some(self.on("sp.skip_cn")),
                skip_revocation_check: Some(self.on("sp.skip_rev")),
                server_port: self.text("sp.port").parse().ok(),
                grant_access_to_site_collections: Some(self.on("sp.sites")),
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

    /// Marks the field a server message names, when it names one.
    pub fn mark_server_error(&mut self, message: &str) {
        let lower = message.to_lowercase();
        let candidates: [(&str, &str); 10] = [
            ("region", "region"),
            ("account", "exo.account"),
            ("applicationid", "exo.app_id"),
            ("guid", "exo.app_id"),
            ("base64", "exo.cert_path"),
            ("certificate", "exo.cert_path"),
            ("applicationsecret", "exo.secret"),
            ("device code", "exo.auth"),
            ("serverport", "sp.port"),
            ("already been added", "exo.org"),
        ];
        for (needle, key) in candidates {
            if lower.contains(needle) {
                let steps = self.steps();
                if let Some(step) = steps
                    .iter()
                    .position(|s| self.visible(*s).iter().any(|k| k == key))
                {
                    self.field_mut(key).error = Some(message.to_string());
                    self.step = step;
                    self.focus = self
                        .visible(steps[step])
                        .iter()
                        .position(|k| k == key)
                        .unwrap_or(0);
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
