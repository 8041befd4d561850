//! The add-organization wizard: its fields, which steps and fields the chosen variant
//! needs, validation per step, and the request body it produces.

use secrecy::SecretString;
use serde_json::Value;

use super::forms::{
    Field, Form, Kind, is_account, is_down_level_logon, is_guid, is_host, is_thumbprint,
};
use crate::api::ApiVersion;
use crate::api::models::{
    ExchangeSettings, Office365ConnectionSettings, Organization, OrganizationType, Region,
    SharepointSettings,
};

// Shown in an operator's words; `from_name` reads them back.
const TYPES: &[&str] = &["Microsoft 365", "On-premises", "Hybrid"];
const REGIONS: &[&str] = &[
    "Worldwide",
    "US Government (GCC)",
    "US Government (DoD)",
    "China (21Vianet)",
    "Germany",
];
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
    /// Microsoft 365 authentication for one service.
    Auth(Service),
    DeviceCode,
    OnPremExchange,
    OnPremSharePoint,
    Review,
}

impl Step {
    pub fn title(self) -> &'static str {
        match self {
            Step::Basics => "Organization",
            Step::Auth(Service::SharePoint) => "SharePoint Online authentication",
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
    /// The fields of every step. Its focus indexes the fields the current step shows (on
    /// review, the scroll position of the body); its error is the server's answer to the last
    /// submit, kept until the next one.
    pub form: Form<WizardKey>,
    pub step: usize,
    pub submitting: bool,
    /// A device code that has been used to sign in.
    pub user_code: Option<String>,
    /// Certificates read from disk, Base64, by field key.
    pub certificates: Vec<(WizardKey, SecretString)>,
    /// The server's build from `ServiceInstance` ("8.6.0.120"), to say what it accepts.
    pub build: Option<String>,
    /// The organization being edited (`None` when adding one).
    pub editing: Option<Box<Editing>>,
}

mod body;
mod changes;
mod edit;
mod fields;
mod pfx;
mod validate;

pub use edit::{Change, Editing};
pub use fields::{AUTH_MODES, AuthField, Server, ServerField, Service, WizardKey};
use fields::{auth_fields, server_fields};
pub use pfx::{CertificateError, expand_home, read_certificate};

impl Wizard {
    pub fn new(version: ApiVersion) -> Wizard {
        let regions = REGIONS;
        let mut fields = vec![
            Field::new(
                WizardKey::Type,
                "Type",
                Kind::Choice(TYPES),
                "Microsoft 365, on-premises Exchange/SharePoint, or both",
            ),
            Field::new(
                WizardKey::Region,
                "Region",
                Kind::Choice(regions),
                "the Microsoft 365 cloud of the organization",
            ),
            Field::new(
                WizardKey::ExchangeOnline,
                "Exchange Online",
                Kind::Toggle,
                "back up mailboxes",
            )
            .with_on(true),
            Field::new(
                WizardKey::SharePointOnline,
                "SharePoint Online",
                Kind::Toggle,
                "back up sites and OneDrive",
            )
            .with_on(true),
            Field::new(
                WizardKey::Teams,
                "Teams",
                Kind::Toggle,
                "back up Teams (needs Exchange and SharePoint Online)",
            ),
            Field::new(
                WizardKey::TeamsChats,
                "Teams chats",
                Kind::Toggle,
                "back up Teams chats (with Teams)",
            ),
            Field::new(
                WizardKey::OnPremExchange,
                "Exchange (on-prem)",
                Kind::Toggle,
                "an on-premises Exchange organization",
            )
            .with_on(true),
            Field::new(
                WizardKey::OnPremSharePoint,
                "SharePoint (on-prem)",
                Kind::Toggle,
                "an on-premises SharePoint farm",
            ),
            Field::new(
                WizardKey::Description,
                "Description",
                Kind::Text,
                "a note for operators (optional)",
            ),
            Field::new(
                WizardKey::SameAuth,
                "Same for SharePoint",
                Kind::Toggle,
                "use these settings for SharePoint Online too",
            )
            .with_on(true),
            Field::new(
                WizardKey::WebParts,
                "Save all web parts",
                Kind::Toggle,
                "back up every web part of SharePoint pages (slower)",
            ),
        ];
        fields.extend(auth_fields(Service::Exchange));
        fields.extend(auth_fields(Service::SharePoint));
        fields.extend(server_fields(Server::Exchange));
        fields.extend(server_fields(Server::SharePoint));
        Wizard {
            version,
            form: Form::new(fields),
            step: 0,
            submitting: false,
            user_code: None,
            certificates: Vec::new(),
            build: None,
            editing: None,
        }
    }

    /// The field of `key`; every key has a field, whatever the version.
    pub fn field(&self, key: WizardKey) -> &Field<WizardKey> {
        self.form.get(key)
    }
    pub fn field_mut(&mut self, key: WizardKey) -> &mut Field<WizardKey> {
        self.form.get_mut(key)
    }
    fn on(&self, key: WizardKey) -> bool {
        self.field(key).on
    }
    fn text(&self, key: WizardKey) -> String {
        self.field(key).trimmed().to_string()
    }

    pub fn kind(&self) -> OrganizationType {
        OrganizationType::from_name(self.field(WizardKey::Type).choice_label())
    }
    /// Starts from a VB365 device code already used (the Device code screen): a Microsoft 365
    /// organization in the code's region whose new application is set up with that code.
    pub fn use_code(&mut self, user_code: String, region: &Region) {
        self.field_mut(WizardKey::Type).choice = 0;
        let Kind::Choice(regions) = self.field(WizardKey::Region).kind else {
            return;
        };
        if let Some(i) = regions.iter().position(|r| Region::from_name(r) == *region) {
            self.field_mut(WizardKey::Region).choice = i;
        }
        for p in [Service::Exchange, Service::SharePoint] {
            self.field_mut(WizardKey::Auth(p, AuthField::Mode)).choice = 0;
        }
        self.user_code = Some(user_code);
    }

    pub fn region(&self) -> Region {
        Region::from_name(self.field(WizardKey::Region).choice_label())
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
    pub fn auth(&self, p: Service) -> Auth {
        match self.field(WizardKey::Auth(p, AuthField::Mode)).choice {
            0 => Auth::NewApp,
            1 => Auth::ExistingApp,
            2 => Auth::Legacy,
            _ => Auth::Basic,
        }
    }
    /// Services with their own Microsoft 365 settings, in order.
    fn services(&self) -> Vec<Service> {
        if !self.online() {
            return vec![];
        }
        let (exo, spo) = self.online_services();
        match (exo, spo, self.on(WizardKey::SameAuth)) {
            (true, true, false) => vec![Service::Exchange, Service::SharePoint],
            (true, _, _) => vec![Service::Exchange],
            (false, true, _) => vec![Service::SharePoint],
            _ => vec![],
        }
    }
    /// Whether Exchange Online and SharePoint Online are backed up (Teams needs both).
    fn online_services(&self) -> (bool, bool) {
        let teams = self.on(WizardKey::Teams);
        (
            self.on(WizardKey::ExchangeOnline) || teams,
            self.on(WizardKey::SharePointOnline) || teams,
        )
    }
    /// Whether any service needs a device code (a new application, or configuring one).
    pub fn needs_device_code(&self) -> bool {
        self.services().into_iter().any(|p| match self.auth(p) {
            Auth::NewApp => true,
            Auth::ExistingApp => self.on(WizardKey::Auth(p, AuthField::Configure)),
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
        if self.onprem() && self.on(WizardKey::OnPremExchange) {
            steps.push(Step::OnPremExchange);
        }
        if self.onprem() && self.on(WizardKey::OnPremSharePoint) {
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
    pub fn visible(&self, step: Step) -> Vec<WizardKey> {
        use WizardKey as K;
        let v = self.version;
        let mut keys: Vec<WizardKey> = Vec::new();
        match step {
            // An edit keeps the type and the tenant: the server refuses to change them.
            Step::Basics => {
                if self.editing.is_none() {
                    keys.push(K::Type);
                }
                if self.online() {
                    keys.extend([K::Region, K::ExchangeOnline, K::SharePointOnline]);
                    if v.has_teams() {
                        keys.push(K::Teams);
                    }
                    if v.has_teams_chats() && self.on(K::Teams) {
                        keys.push(K::TeamsChats);
                    }
                }
                if self.onprem() {
                    keys.extend([K::OnPremExchange, K::OnPremSharePoint]);
                }
                if v.has_description() {
                    keys.push(K::Description);
                }
            }
            Step::Auth(p) => {
                use AuthField::*;
                let mut push = |f: AuthField| keys.push(K::Auth(p, f));
                push(Mode);
                if self.editing.is_none() {
                    push(Organization);
                }
                match self.auth(p) {
                    Auth::NewApp => push(AppName),
                    Auth::ExistingApp => {
                        push(AppId);
                        push(Credential);
                        if self.field(K::Auth(p, Credential)).choice == 0 {
                            push(CertPath);
                            push(CertPassword);
                        } else {
                            push(Thumbprint);
                        }
                        push(Configure);
                    }
                    Auth::Legacy => {
                        push(Account);
                        push(Password);
                        push(Mfa);
                        push(GrantAdmin);
                        push(AppId);
                        push(LegacyCredential);
                        if self.field(K::Auth(p, LegacyCredential)).choice == 0 {
                            push(Secret);
                        } else {
                            push(CertPath);
                            push(CertPassword);
                        }
                        push(CustomAad);
                    }
                    Auth::Basic => {
                        push(Account);
                        push(Password);
                        push(GrantAdmin);
                    }
                }
                let (exo, spo) = self.online_services();
                if p == Service::Exchange && exo && spo {
                    keys.push(K::SameAuth);
                }
                if self.services().last() == Some(&p) && spo {
                    keys.push(K::WebParts);
                }
            }
            Step::OnPremExchange | Step::OnPremSharePoint => {
                let server = if step == Step::OnPremExchange {
                    Server::Exchange
                } else {
                    Server::SharePoint
                };
                keys.extend(
                    self.form
                        .fields
                        .iter()
                        .map(|f| f.key)
                        .filter(|k| matches!(k, K::Server(s, _) if *s == server)),
                );
            }
            Step::DeviceCode | Step::Review => {}
        }
        keys
    }
}

#[cfg(test)]
mod tests;
