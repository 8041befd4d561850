//! The add-organization wizard: its fields, which steps and fields the chosen variant
//! needs, validation per step, and the request body it produces.

use secrecy::SecretString;
use serde_json::Value;

use super::forms::{Field, Kind, is_guid, is_host, is_thumbprint};
use crate::api::ApiVersion;
use crate::api::models::{
    ExchangeSettings, Office365ConnectionSettings, Organization, OrganizationType, Region,
    SharepointSettings,
};

const TYPES: &[&str] = &["Office365", "OnPremises", "Hybrid"];
const REGIONS: &[&str] = &["Worldwide", "USGovernment", "USDefence", "China", "Germany"];
const REGIONS_LEGACY: &[&str] = &[
    "Worldwide",
    "USgovCommunity",
    "USgovDefence",
    "China",
    "Germany",
];
pub const AUTH_MODES: &[&str] = &[
    "Modern app-only, new application",
    "Modern app-only, existing application",
    "Modern with legacy protocols",
    "Basic (deprecated)",
];
const APP_CREDENTIALS: &[&str] = &["Certificate file (PFX)", "Certificate thumbprint"];
const LEGACY_CREDENTIALS: &[&str] = &["Application secret", "Certificate file (PFX)"];
/// PFX files are a few KiB; anything this large is not one.
pub const MAX_CERTIFICATE_BYTES: u64 = 256 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    NewApp,
    ExistingApp,
    Legacy,
    Basic,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Basics,
    /// Microsoft 365 authentication for `exo` or `spo`.
    Auth(&'static str),
    DeviceCode,
    OnPremExchange,
    OnPremSharePoint,
    Review,
}

impl Step {
    pub fn title(self) -> &'static str {
        match self {
            Step::Basics => "Organization",
            Step::Auth("spo") => "SharePoint Online authentication",
            Step::Auth(_) => "Microsoft 365 authentication",
            Step::DeviceCode => "Sign in with a device code",
            Step::OnPremExchange => "Exchange (on-premises)",
            Step::OnPremSharePoint => "SharePoint (on-premises)",
            Step::Review => "Review",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Wizard {
    pub version: ApiVersion,
    pub fields: Vec<Field>,
    pub step: usize,
    pub focus: usize,
    /// The server's answer to the last submit, kept until the next one.
    pub server_error: Option<String>,
    pub submitting: bool,
    /// A device code that has been used to sign in.
    pub user_code: Option<String>,
    /// Certificates read from disk, Base64, by field key.
    pub certificates: Vec<(String, SecretString)>,
}

fn auth_fields(p: &str) -> Vec<Field> {
    let k = |s: &str| format!("{p}.{s}");
    vec![
        Field::new(
            k("auth"),
            "Authentication",
            Kind::Choice(AUTH_MODES),
            "Space or ←/→ chooses; use modern app-only for new organizations",
        ),
        Field::new(
            k("org"),
            "Organization",
            Kind::Text,
            "the Microsoft 365 organization name, e.g. contoso.onmicrosoft.com",
        ),
        Field::new(
            k("app_name"),
            "New app name",
            Kind::Text,
            "the Microsoft Entra application VB365 creates",
        )
        .with_text("Veeam Backup for Microsoft 365"),
        Field::new(
            k("app_id"),
            "Application id",
            Kind::Text,
            "the application (client) id, a GUID",
        ),
        Field::new(
            k("cred"),
            "Credential",
            Kind::Choice(APP_CREDENTIALS),
            "how the application proves itself",
        ),
        Field::new(
            k("legacy_cred"),
            "App credential",
            Kind::Choice(LEGACY_CREDENTIALS),
            "a secret or a certificate, never both",
        ),
        Field::new(
            k("secret"),
            "App secret",
            Kind::Secret,
            "the application's client secret",
        ),
        Field::new(
            k("cert_path"),
            "Certificate",
            Kind::Path,
            "path to a .pfx file on this machine; it is read and sent Base64-encoded",
        ),
        Field::new(
            k("cert_password"),
            "Cert password",
            Kind::Secret,
            "the PFX file's password",
        ),
        Field::new(
            k("thumbprint"),
            "Thumbprint",
            Kind::Text,
            "SHA-1 thumbprint of a certificate installed on the VB365 server",
        ),
        Field::new(
            k("configure"),
            "Configure app",
            Kind::Toggle,
            "let VB365 grant the application its permissions (needs a device code)",
        ),
        Field::new(
            k("account"),
            "Account",
            Kind::Text,
            "a Microsoft 365 account, e.g. backup@contoso.onmicrosoft.com",
        ),
        Field::new(
            k("password"),
            "Password",
            Kind::Secret,
            "the account's password",
        ),
        Field::new(k("mfa"), "Account has MFA", Kind::Toggle, "useMfa").with_on(true),
        Field::new(
            k("grant_admin"),
            "Grant admin",
            Kind::Toggle,
            "grant the account the admin roles it needs",
        )
        .with_on(true),
        Field::new(
            k("custom_aad"),
            "Custom Veeam app",
            Kind::Toggle,
            "useCustomVeeamAADApplication",
        ),
    ]
}

fn server_fields(p: &str, sharepoint: bool) -> Vec<Field> {
    let k = |s: &str| format!("{p}.{s}");
    let mut f = vec![
        Field::new(
            k("server"),
            "Server",
            Kind::Text,
            "host name or IP address of the server",
        ),
        Field::new(
            k("user"),
            "User",
            Kind::Text,
            "DOMAIN\\user with the rights VB365 needs",
        ),
        Field::new(
            k("password"),
            "Password",
            Kind::Secret,
            "the user's password",
        ),
    ];
    if sharepoint {
        f.push(
            Field::new(k("port"), "Port", Kind::Text, "WinRM port, 5985 by default")
                .with_text("5985"),
        );
    }
    f.extend([
        Field::new(k("ssl"), "Use SSL", Kind::Toggle, "connect with SSL").with_on(true),
        Field::new(
            k("skip_ca"),
            "Skip CA check",
            Kind::Toggle,
            "do not verify the certificate authority",
        ),
        Field::new(
            k("skip_cn"),
            "Skip name check",
            Kind::Toggle,
            "do not verify the certificate's common name",
        ),
        Field::new(
            k("skip_rev"),
            "Skip revocation",
            Kind::Toggle,
            "do not check certificate revocation",
        ),
    ]);
    if sharepoint {
        f.push(
            Field::new(
                k("sites"),
                "Site access",
                Kind::Toggle,
                "grant access to site collections",
            )
            .with_on(true),
        );
    } else {
        f.push(
            Field::new(
                k("impersonation"),
                "Impersonation",
                Kind::Toggle,
                "grant the impersonation role",
            )
            .with_on(true),
        );
        f.push(
            Field::new(
                k("throttling"),
                "Throttling",
                Kind::Toggle,
                "configure the throttling policy",
            )
            .with_on(true),
        );
    }
    f
}

impl Wizard {
    pub fn new(version: ApiVersion) -> Wizard {
        let regions = if version <= ApiVersion::V5 {
            REGIONS_LEGACY
        } else {
            REGIONS
        };
        let mut fields = vec![
            Field::new(
                "type",
                "Type",
                Kind::Choice(TYPES),
                "Microsoft 365, on-premises Exchange/SharePoint, or both",
            ),
            Field::new(
                "region",
                "Region",
                Kind::Choice(regions),
                "the Microsoft 365 cloud of the organization",
            ),
            Field::new("exo", "Exchange Online", Kind::Toggle, "back up mailboxes").with_on(true),
            Field::new(
                "spo",
                "SharePoint Online",
                Kind::Toggle,
                "back up sites and OneDrive",
            )
            .with_on(true),
            Field::new(
                "teams",
                "Teams",
                Kind::Toggle,
                "back up Teams (needs Exchange and SharePoint Online)",
            ),
            Field::new(
                "chats",
                "Teams chats",
                Kind::Toggle,
                "back up Teams chats (with Teams)",
            ),
            Field::new(
                "onprem_exchange",
                "Exchange (on-prem)",
                Kind::Toggle,
                "an on-premises Exchange organization",
            )
            .with_on(true),
            Field::new(
                "onprem_sharepoint",
                "SharePoint (on-prem)",
                Kind::Toggle,
                "an on-premises SharePoint farm",
            ),
            Field::new(
                "description",
                "Description",
                Kind::Text,
                "a note for operators (optional)",
            ),
            Field::new(
                "same_auth",
                "Same for SharePoint",
                Kind::Toggle,
                "use these settings for SharePoint Online too",
            )
            .with_on(true),
            Field::new(
                "web_parts",
                "Save all web parts",
                Kind::Toggle,
                "sharePointSaveAllWebParts",
            ),
        ];
        fields.extend(auth_fields("exo"));
        fields.extend(auth_fields("spo"));
        fields.extend(server_fields("ex", false));
        fields.extend(server_fields("sp", true));
        Wizard {
            version,
            fields,
            step: 0,
            focus: 0,
            server_error: None,
            submitting: false,
            user_code: None,
            certificates: Vec::new(),
        }
    }

    pub fn field(&self, key: &str) -> &Field {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .unwrap_or_else(|| panic!("no field {key}"))
    }
    pub fn field_mut(&mut self, key: &str) -> &mut Field {
        self.fields
            .iter_mut()
            .find(|f| f.key == key)
            .unwrap_or_else(|| panic!("no field {key}"))
    }
    fn on(&self, key: &str) -> bool {
        self.field(key).on
    }
    fn text(&self, key: &str) -> String {
        self.field(key).trimmed().to_string()
    }

    pub fn kind(&self) -> OrganizationType {
        OrganizationType::from_name(self.field("type").choice_label())
    }
    pub fn region(&self) -> Region {
        Region::from_name(self.field("region").choice_label())
    }
    fn online(&self) -> bool {
        matches!(
            self.kind(),
            OrganizationType::Office365 | OrganizationType::Hybrid
        )
    }
    fn onprem(&self) -> bool {
        matches!(
            self.kind(),
            OrganizationType::OnPremises | OrganizationType::Hybrid
        )
    }
    pub fn auth(&self, p: &str) -> Auth {
        match self.field(&format!("{p}.auth")).choice {
            0 => Auth::NewApp,
            1 => Auth::ExistingApp,
            2 => Auth::Legacy,
            _ => Auth::Basic,
        }
    }
    /// Services with their own Microsoft 365 settings, in order.
    fn services(&self) -> Vec<&'static str> {
        if !self.online() {
            return vec![];
        }
        let exo = self.on("exo") || self.on("teams");
        let spo = self.on("spo") || self.on("teams");
        match (exo, spo, self.on("same_auth")) {
            (true, true, false) => vec!["exo", "spo"],
            (true, _, _) => vec!["exo"],
            (false, true, _) => vec!["spo"],
            _ => vec![],
        }
    }
    /// Whether any service needs a device code (a new application, or configuring one).
    pub fn needs_device_code(&self) -> bool {
        self.services().iter().any(|p| match self.auth(p) {
            Auth::NewApp => true,
            Auth::ExistingApp => self.on(&format!("{p}.configure")),
            _ => false,
        })
    }

    /// The steps the current choices need.
    pub fn steps(&self) -> Vec<Step> {
        let mut steps = vec![Step::Basics];
        for p in self.services() {
            steps.push(Step::Auth(p));
        }
        if self.needs_device_code() {
            steps.push(Step::DeviceCode);
        }
        if self.onprem() && self.on("onprem_exchange") {
            steps.push(Step::OnPremExchange);
        }
        if self.onprem() && self.on("onprem_sharepoint") {
            steps.push(Step::OnPremSharePoint);
        }
        steps.push(Step::Review);
        steps
    }

    pub fn current(&self) -> Step {
        let steps = self.steps();
        steps[self.step.min(steps.len() - 1)]
    }

    /// The keys of the fields shown on a step, in order.
    pub fn visible(&self, step: Step) -> Vec<String> {
        let v = self.version;
        let mut keys: Vec<String> = Vec::new();
        let mut push = |k: &str| keys.push(k.to_string());
        match step {
            Step::Basics => {
                push("type");
                if self.online() {
                    push("region");
                    push("exo");
                    push("spo");
                    if v.has_teams() {
                        push("teams");
                    }
                    if v.has_teams_chats() && self.on("teams") {
                        push("chats");
                    }
                }
                if self.onprem() {
                    push("onprem_exchange");
                    push("onprem_sharepoint");
                }
                if v.has_description() {
                    push("description");
                }
            }
            Step::Auth(p) => {
                let k = |s: &str| format!("{p}.{s}");
                push(&k("auth"));
                push(&k("org"));
                match self.auth(p) {
                    Auth::NewApp => push(&k("app_name")),
                    Auth::ExistingApp => {
                        push(&k("app_id"));
                        push(&k("cred"));
                        if self.field(&k("cred")).choice == 0 {
                            push(&k("cert_path"));
                            push(&k("cert_password"));
                        } else {
                            push(&k("thumbprint"));
                        }
                        push(&k("configure"));
                    }
                    Auth::Legacy => {
                        push(&k("account"));
                        push(&k("password"));
                        push(&k("mfa"));
                        push(&k("grant_admin"));
                        push(&k("app_id"));
                        push(&k("legacy_cred"));
                        if self.field(&k("legacy_cred")).choice == 0 {
                            push(&k("secret"));
                        } else {
                            push(&k("cert_path"));
                            push(&k("cert_password"));
                        }
                        push(&k("custom_aad"));
                    }
                    Auth::Basic => {
                        push(&k("account"));
                        push(&k("password"));
                        push(&k("grant_admin"));
                    }
                }
                let both =
                    (self.on("exo") || self.on("teams")) && (self.on("spo") || self.on("teams"));
                if p == "exo" && both {
                    push("same_auth");
                }
                if self.services().last() == Some(&p) && (self.on("spo") || self.on("teams")) {
                    push("web_parts");
                }
            }
            Step::OnPremExchange => {
                for f in self.fields.iter().filter(|f| f.key.starts_with("ex.")) {
                    keys.push(f.key.clone());
                }
            }
            Step::OnPremSharePoint => {
                for f in self.fields.iter().filter(|f| f.key.starts_with("sp.")) {
                    keys.push(f.key.clone());
                }
            }
            Step::DeviceCode | Step::Review => {}
        }
        keys
    }

    /// The deprecation warning for basic authentication, when it is chosen.
    pub fn warning(&self, step: Step) -> Option<String> {
        let Step::Auth(p) = step else { return None };
        (self.auth(p) == Auth::Basic).then(|| {
            let mut w = "Basic authentication is deprecated: Microsoft has turned it off for Exchange Online, and VB365 accepts it only for existing setups".to_string();
            if self.version >= ApiVersion::V8 {
                w.push_str("; API v8 accepts it only in the China region");
            }
            w.push_str(". It cannot back up Teams.");
            w
        })
    }

    /// Checks the fields of a step and puts the messages beside them. True when clean.
    pub fn validate(&mut self, step: Step) -> bool {
        let keys = self.visible(step);
        for f in self.fields.iter_mut() {
            f.error = None;
        }
        let mut errors: Vec<(String, String)> = Vec::new();
        match step {
            Step::Basics => {
                if self.online() && !(self.on("exo") || self.on("spo") || self.on("teams")) {
                    errors.push(("exo".into(), "Select at least one service.".into()));
                }
                if self.on("teams") && !(self.on("exo") && self.on("spo")) {
                    errors.push((
                        "teams".into(),
                        "Teams needs Exchange Online and SharePoint Online.".into(),
                    ));
                }
                if self.kind() == OrganizationType::OnPremises
                    && !(self.on("onprem_exchange") || self.on("onprem_sharepoint"))
                {
                    errors.push((
                        "onprem_exchange".into(),
                        "Select Exchange, SharePoint or both.".into(),
                    ));
                }
            }
            Step::Auth(p) => {
                let k = |s: &str| format!("{p}.{s}");
                let org = self.text(&k("org"));
                if org.is_empty() {
                    errors.push((
                        k("org"),
                        "Enter the organization, e.g. contoso.onmicrosoft.com.".into(),
                    ));
                } else if !is_host(&org) || !org.contains('.') {
                    errors.push((
                        k("org"),
                        "Not a tenant name: use contoso.onmicrosoft.com or a verified domain."
                            .into(),
                    ));
                }
                for key in &keys {
                    let f = self.field(key);
                    let v = f.trimmed();
                    let bad = match f.key.rsplit('.').next().unwrap_or("") {
                        "app_id" if !is_guid(v) => Some(
                            "Enter the application id, a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.",
                        ),
                        "cert_path" if v.is_empty() => Some("Enter the path to the .pfx file."),
                        "thumbprint" if !is_thumbprint(v) => {
                            Some("A thumbprint is 40 hexadecimal digits.")
                        }
                        "secret" if f.value().is_empty() => Some("Enter the application secret."),
                        "account" if !v.contains('@') => Some("Enter the account as user@domain."),
                        "password" if f.value().is_empty() => Some("Enter the password."),
                        "app_name" if v.is_empty() => Some("Name the new application."),
                        _ => None,
                    };
                    if let Some(msg) = bad {
                        errors.push((f.key.clone(), msg.to_string()));
                    }
                }
                if self.auth(p) == Auth::Basic && self.on("teams") {
                    errors.push((
                        k("auth"),
                        "Basic authentication cannot back up Teams; use modern app-only.".into(),
                    ));
                }
                if self.auth(p) == Auth::Basic
                    && self.version >= ApiVersion::V8
                    && self.region() != Region::China
                {
                    errors.push((
                        k("auth"),
                        "API v8 accepts basic authentication only in the China region.".into(),
                    ));
                }
            }
            Step::OnPremExchange | Step::OnPremSharePoint => {
                let p = if step == Step::OnPremExchange {
                    "ex"
                } else {
                    "sp"
                };
                let server = self.text(&format!("{p}.server"));
                if !is_host(&server) {
                    errors.push((
                        format!("{p}.server"),
                        "Enter the server's host name or IP address (no https://).".into(),
                    ));
                }
                if self.text(&format!("{p}.user")).is_empty() {
                    errors.push((format!("{p}.user"), "Enter the user name.".into()));
                }
                if self.field(&format!("{p}.password")).value().is_empty() {
                    errors.push((format!("{p}.password"), "Enter the password.".into()));
                }
                if p == "sp" {
                    let port = self.text("sp.port");
                    if !port.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n)) {
                        errors.push((
                            "sp.port".into(),
                            "The port is a number from 1 to 65535.".into(),
                        ));
                    }
                }
            }
            Step::DeviceCode => {
                if self.user_code.is_none() {
                    errors.push(("".into(), "Sign in with the device code first.".into()));
                }
            }
            Step::Review => {}
        }
        let clean = errors.is_empty();
        for (key, msg) in errors {
            if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
                f.error.get_or_insert(msg);
            }
        }
        if let Some(first) = keys.iter().position(|k| self.field(k).error.is_some()) {
            self.focus = first;
        }
        clean
    }

    /// The certificate files the visible auth steps need read, as (field key, path).
    pub fn certificate_paths(&self, step: Step) -> Vec<(String, String)> {
        self.visible(step)
            .into_iter()
            .filter(|k| k.ends_with(".cert_path"))
            .map(|k| {
                let path = self.text(&k);
                (k, path)
            })
            .collect()
    }

    fn certificate(&self, key: &str) -> Option<SecretString> {
        self.certificates
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    fn secret(&self, key: &str) -> Option<SecretString> {
        let v = self.field(key).value();
        (!v.is_empty()).then(|| SecretString::from(v.to_string()))
    }

    fn connection(&self, p: &str) -> Office365ConnectionSettings {
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

/// Reads a PFX file for the body: size-checked, DER-shaped, Base64-encoded.
pub fn read_certificate(path: &str) -> Result<SecretString, String> {
    use base64::Engine;
    let p = std::path::Path::new(path.trim());
    let meta = std::fs::metadata(p).map_err(|e| format!("Cannot read {}: {e}.", p.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a file.", p.display()));
    }
    if meta.len() > MAX_CERTIFICATE_BYTES {
        return Err(format!(
            "{} is {} KiB; a PFX file is a few KiB (limit {} KiB).",
            p.display(),
            meta.len() / 1024,
            MAX_CERTIFICATE_BYTES / 1024
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| format!("Cannot read {}: {e}.", p.display()))?;
    // PKCS#12 is DER: a SEQUENCE with a version 3 INTEGER inside.
    let der = bytes.first() == Some(&0x30) && bytes.len() > 8;
    if !der {
        return Err(format!(
            "{} is not a PFX (PKCS#12) file; export the certificate with its private key as .pfx.",
            p.display()
        ));
    }
    Ok(SecretString::from(
        base64::engine::general_purpose::STANDARD.encode(&bytes),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_follow_the_choices() {
        let mut w = Wizard::new(ApiVersion::V8);
        assert_eq!(
            w.steps(),
            vec![
                Step::Basics,
                Step::Auth("exo"),
                Step::DeviceCode,
                Step::Review
            ]
        );
        w.field_mut("same_auth").on = false;
        assert_eq!(w.steps()[1..3], [Step::Auth("exo"), Step::Auth("spo")]);
        w.field_mut("exo.auth").choice = 2;
        w.field_mut("spo.auth").choice = 2;
        assert!(!w.steps().contains(&Step::DeviceCode));
        w.field_mut("type").choice = 1;
        assert_eq!(
            w.steps(),
            vec![Step::Basics, Step::OnPremExchange, Step::Review]
        );
        w.field_mut("type").choice = 2;
        w.field_mut("onprem_sharepoint").on = true;
        assert!(
            w.steps().contains(&Step::OnPremSharePoint) && w.steps().contains(&Step::Auth("spo"))
        );
    }

    #[test]
    fn validation_marks_fields() {
        let mut w = Wizard::new(ApiVersion::V8);
        w.field_mut("exo.auth").choice = 1;
        w.field_mut("exo.org").input = tui_input::Input::new("contoso".into());
        w.field_mut("exo.app_id").input = tui_input::Input::new("nope".into());
        assert!(!w.validate(Step::Auth("exo")));
        assert!(w.field("exo.org").error.is_some());
        assert!(
            w.field("exo.app_id")
                .error
                .as_deref()
                .unwrap()
                .contains("GUID")
        );
        assert!(w.field("exo.cert_path").error.is_some());
        w.field_mut("exo.org").input = tui_input::Input::new("contoso.onmicrosoft.com".into());
        w.field_mut("exo.app_id").input =
            tui_input::Input::new("3f2504e0-4f89-11d3-9a0c-0305e82c3301".into());
        w.field_mut("exo.cred").choice = 1;
        w.field_mut("exo.thumbprint").input =
            tui_input::Input::new("3F2504E04F8911D39A0C0305E82C3301E6B8B9A1".into());
        assert!(w.validate(Step::Auth("exo")));
        let mut sp = Wizard::new(ApiVersion::V7);
        sp.field_mut("sp.port").input = tui_input::Input::new("70000".into());
        assert!(!sp.validate(Step::OnPremSharePoint));
        assert!(sp.field("sp.port").error.is_some());
    }

    #[test]
    fn review_masks_every_secret() {
        let mut w = Wizard::new(ApiVersion::V7);
        w.field_mut("exo.auth").choice = 2;
        w.field_mut("exo.org").input = tui_input::Input::new("contoso.onmicrosoft.com".into());
        w.field_mut("exo.account").input =
            tui_input::Input::new("backup@contoso.onmicrosoft.com".into());
        w.field_mut("exo.password").input = tui_input::Input::new("Sup3r-S3cret!".into());
        w.field_mut("exo.secret").input = tui_input::Input::new("app-S3cret".into());
        let json = w.review_json();
        assert!(!json.contains("Sup3r") && !json.contains("app-S3cret"));
        assert!(json.contains("\"password\": \"••••••••\""));
        assert!(json.contains("\"applicationSecret\": \"••••••••\""));
    }

    #[test]
    fn certificates_are_checked_before_sending() {
        let dir = std::env::temp_dir().join(format!("vb365-pfx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("app.pfx");
        std::fs::write(
            &good,
            [0x30, 0x82, 0x0a, 0x01, 0x02, 0x01, 0x03, 0x30, 0x82, 0x01],
        )
        .unwrap();
        assert!(read_certificate(good.to_str().unwrap()).is_ok());
        let bad = dir.join("app.pem");
        std::fs::write(&bad, b"-----BEGIN CERTIFICATE-----").unwrap();
        assert!(
            read_certificate(bad.to_str().unwrap())
                .unwrap_err()
                .contains("not a PFX")
        );
        let big = dir.join("big.pfx");
        std::fs::write(&big, vec![0x30; 300 * 1024]).unwrap();
        assert!(
            read_certificate(big.to_str().unwrap())
                .unwrap_err()
                .contains("KiB")
        );
        assert!(
            read_certificate(dir.join("missing.pfx").to_str().unwrap())
                .unwrap_err()
                .contains("Cannot read")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
