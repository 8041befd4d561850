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

mod body;
mod fields;
mod validate;

use fields::{auth_fields, server_fields};
pub use validate::read_certificate;

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
}

#[cfg(test)]
mod tests;
