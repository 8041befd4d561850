//! One organization: every setting the server returns, in labelled sections with an
//! operator's words and local times, the raw JSON one key away, and the way to a restore
//! session of it.

use crate::clock::Clock;
use serde_json::Value;

use crate::api::actions::Action;
use crate::api::models::{Organization, OrganizationType, Region, SyncState};
use crate::api::version::ApiVersion;
use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::keymap::Table;
use crate::app::keymap::{Binding, Intent, key_in};
use crate::app::modals::{Modal, Question};
use crate::app::server_state;
use crate::app::pages::Flow;
use crate::app::pages::{Open, Outcome, Page, Route, answered, ask_once};
use crate::app::route_args::{EditMode, OrganizationForm};
use crate::app::shared::{RequestId, Shared};

#[derive(Debug)]
pub struct OrganizationPage {
    pub org: Organization,
    /// The first line shown.
    pub scroll: usize,
    /// The server's JSON instead of the sections.
    pub raw: bool,
    /// Its synchronization (v7+), or why it could not be read.
    pub sync: Option<Result<SyncState, String>>,
    reading_sync: Option<RequestId>,
    /// v8: its SharePoint version backup and tenant information.
    pub settings: Option<Result<crate::api::org_settings::OrgSettings, String>>,
    reading_settings: Option<RequestId>,
    /// The change asked about (`y`, `F` a sync; `b` SharePoint versions), and the one sent.
    asked: Option<Action>,
    acting: Option<RequestId>,
    /// Reading the organization again after an edit.
    reading_org: Option<RequestId>,
}

/// One line of the details: a section title, a labelled value, or a gap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DetailLine {
    Section(String),
    Row { label: String, value: String },
    Gap,
    /// A line of the raw JSON.
    Raw(String),
}

impl Open for OrganizationPage {
    type Args = Box<Organization>;
    fn open(org: Box<Organization>, shared: &mut Shared) -> (Self, Flow) {
        let mut page = OrganizationPage {
            org: *org,
            scroll: 0,
            raw: false,
            sync: None,
            reading_sync: None,
            settings: None,
            reading_settings: None,
            asked: None,
            acting: None,
            reading_org: None,
        };
        let mut flow = page.read_sync(shared);
        flow.commands.extend(page.read_settings(shared).commands);
        (page, flow)
    }
}

impl Page for OrganizationPage {
    fn title(&self) -> String {
        self.org.display_name().to_string()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::Organization.bindings()
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        if let Some(action) = self.asked.take() {
            if intent != Intent::Confirm {
                return Flow::none();
            }
            let (id, cmd) = shared.call(ApiCall::Act(action));
            self.acting = Some(id);
            return Flow::cmd(cmd);
        }
        match intent {
            Intent::Sync => return self.ask_sync(false, shared),
            Intent::Full => return self.ask_sync(true, shared),
            Intent::Versions => return self.ask_versions(shared),
            Intent::Edit | Intent::Reauthorize => return self.edit(intent, shared),
            Intent::Refresh => {
                let mut flow = self.read_sync(shared);
                flow.commands.extend(self.read_settings(shared).commands);
                return flow;
            }
            _ => {}
        }
        // End lands where the last line is at the bottom, as far as lines do not wrap; ↓ and
        // PgDn reach every line even when they do (the view never scrolls past the end).
        let page = usize::from(shared.body_height().saturating_sub(3)).max(1);
        let count = self.line_count(&shared.clock);
        let end = count.saturating_sub(page - 1);
        let last = count.saturating_sub(1);
        self.scroll = match intent {
            Intent::Explore => {
                return Flow::push(Route::NewRestoreSession(Some(Box::new(
                    self.org.clone(),
                ))));
            }
            Intent::Back => return Flow::pop(),
            Intent::NextMode => {
                self.raw = !self.raw;
                0
            }
            Intent::Down => self.scroll + 1,
            Intent::Up => self.scroll.saturating_sub(1),
            Intent::PageDown => self.scroll + page,
            Intent::PageUp => self.scroll.saturating_sub(page),
            Intent::Top => 0,
            Intent::Bottom => end,
            _ => return Flow::unchanged(),
        }
        .min(last);
        Flow::none()
    }
    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        if self.reading_org == Some(id) {
            self.reading_org = None;
            if let Reply::Api(Ok(ApiReply::Organization(org))) = reply {
                self.org = *org;
            }
            return Flow::none();
        }
        self.on_sync_reply(id, reply, shared)
    }
    /// After an edit the organization, its sync and settings are read again.
    fn on_return(&mut self, outcome: Option<Outcome>, shared: &mut Shared) -> Flow {
        let Some(Outcome::OrganizationChanged(_)) = outcome else {
            return Flow::none();
        };
        let id = self.org.id.clone().unwrap_or_default();
        let mut flow = ask_once(&mut self.reading_org, ApiCall::Organization { id }, shared);
        flow.commands.extend(self.read_sync(shared).commands);
        flow.commands.extend(self.read_settings(shared).commands);
        flow
    }
    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.read_sync(shared)
    }
}

impl OrganizationPage {
    /// `e` opens the form filled with its settings; `a` opens it set to authorize every
    /// Microsoft 365 service again with a device code.
    fn edit(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let Some(id) = self.org.id.clone() else {
            return Flow::unchanged();
        };
        if intent == Intent::Reauthorize && self.org.kind == Some(OrganizationType::OnPremises) {
            shared.status.text =
                Some("An on-premises organization has no Microsoft 365 sign-in to authorize.".into());
            return Flow::none();
        }
        let mode = match intent {
            Intent::Reauthorize => EditMode::Reauthorize,
            _ => EditMode::Settings,
        };
        Flow::push(Route::AddOrganization(OrganizationForm::Edit { id, mode }))
    }

    /// What is shown: the sections (its synchronization first, v7+), or the raw JSON one
    /// line each.
    pub fn lines(&self, clock: &Clock) -> Vec<DetailLine> {
        if self.raw {
            return self.raw_json().lines().map(|l| DetailLine::Raw(l.into())).collect();
        }
        let reading = self.reading_sync.is_some();
        let mut lines = section(server_state::sync_rows(self.sync.as_ref(), reading, clock));
        lines.extend(section(server_state::settings_rows(self.settings.as_ref())));
        lines.extend(details(&self.org, clock));
        lines
    }

    fn line_count(&self, clock: &Clock) -> usize {
        self.lines(clock).len()
    }

    /// Reads the sync state (v7+; older versions have none).
    fn read_sync(&mut self, shared: &mut Shared) -> Flow {
        let id = self.org.id.clone().unwrap_or_default();
        if shared.version() < ApiVersion::V7 || id.is_empty() {
            return Flow::unchanged();
        }
        ask_once(&mut self.reading_sync, ApiCall::SyncState { id }, shared)
    }

    /// v8: reads the SharePoint version backup and the tenant information.
    fn read_settings(&mut self, shared: &mut Shared) -> Flow {
        let id = self.org.id.clone().unwrap_or_default();
        if shared.version() < ApiVersion::V8 || id.is_empty() {
            return Flow::none();
        }
        ask_once(&mut self.reading_settings, ApiCall::OrgSettings { id }, shared)
    }

    /// `b`: asks before switching SharePoint version backup between all and the latest.
    fn ask_versions(&mut self, shared: &mut Shared) -> Flow {
        let now = match &self.settings {
            Some(Ok(s)) => s.versions.as_ref().ok().and_then(|v| v.share_point_backup_mode.clone()),
            _ => None,
        };
        let Some(now) = now else {
            let v = shared.version();
            shared.status.say(match v >= ApiVersion::V8 {
                true => "The SharePoint version backup was not read: r reads it again.".to_string(),
                false => format!("API {v} has no SharePoint version backup setting; v8 has."),
            });
            return Flow::none();
        };
        let all = now != "All";
        let name = self.org.display_name().to_string();
        let text = match all {
            true => format!(
                "Back up every version of {name}'s SharePoint documents from the next run? \
                 Backups grow with each version kept."
            ),
            false => format!(
                "Back up only the latest version of {name}'s SharePoint documents from the \
                 next run? Versions already backed up stay until retention removes them."
            ),
        };
        let organization = self.org.id.clone().unwrap_or_default();
        self.asked = Some(Action::SharePointVersions { organization, all });
        Flow::modal(Modal::Confirm(Question {
            page: 0,
            title: "SharePoint versions",
            text,
            yes: if all { "every version" } else { "latest only" },
            no: "cancel",
        }))
    }

    /// `y` / `F`: asks before synchronizing, saying what happens.
    fn ask_sync(&mut self, full: bool, shared: &mut Shared) -> Flow {
        let v = shared.version();
        if v < ApiVersion::V7 {
            shared.status.say(format!("API {v} cannot synchronize an organization; v7 can."));
            return Flow::none();
        }
        let name = self.org.display_name().to_string();
        let text = match full {
            false => format!(
                "Synchronize {name} now? The server reads the users, groups, sites and teams \
                 that are new or changed in Microsoft 365 ({} reads them all).",
                key_in(Table::Organization, Intent::Full)
            ),
            true => format!(
                "Synchronize all of {name} now? The server reads every user, group, site and \
                 team again, which takes longer than an incremental sync."
            ),
        };
        let id = self.org.id.clone().unwrap_or_default();
        self.asked = Some(Action::SyncOrganization { id, full });
        Flow::modal(Modal::Confirm(Question {
            page: 0,
            title: if full { "Full synchronization" } else { "Synchronize organization" },
            text,
            yes: if full { "synchronize all" } else { "synchronize it" },
            no: "cancel",
        }))
    }

    /// The sync state read, or the server's answer to a sync sent.
    fn on_sync_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        if self.reading_settings == Some(id) {
            let pick = |r| match r {
                ApiReply::OrgSettings(s) => Some(*s),
                _ => None,
            };
            return answered(&mut self.reading_settings, &mut self.settings, id, reply, pick);
        }
        if self.reading_sync == Some(id) {
            let pick = |r| match r {
                ApiReply::SyncState(s) => Some(*s),
                _ => None,
            };
            return answered(&mut self.reading_sync, &mut self.sync, id, reply, pick);
        }
        if self.acting != Some(id) {
            return Flow::unchanged();
        }
        self.acting = None;
        let name = self.org.display_name().to_string();
        let versions = matches!(reply, Reply::Api(Ok(ApiReply::Acted(Action::SharePointVersions { .. }))));
        match reply {
            Reply::Api(Ok(_)) if versions => {
                shared.status.say(format!("Changed {name}'s SharePoint version backup."));
                self.settings = None;
                self.read_settings(shared)
            }
            Reply::Api(Ok(_)) => {
                shared.status.say(format!("Synchronizing {name}; r reads how it goes."));
                self.read_sync(shared)
            }
            Reply::Api(Err(e)) => Flow::modal(Modal::Error(format!(
                "Could not change {name} (not sent again): {e}"
            ))),
            _ => Flow::unchanged(),
        }
    }

    /// The organization as the server returned it, without anything secret.
    pub fn raw_json(&self) -> String {
        serde_json::to_string_pretty(&self.org.without_secrets()).unwrap_or_default()
    }
}

/// A section of labelled rows as the server state module words it, or nothing.
fn section(rows: Option<(String, Vec<(String, String)>)>) -> Vec<DetailLine> {
    let Some((title, rows)) = rows else {
        return Vec::new();
    };
    let mut lines = vec![DetailLine::Section(title)];
    lines.extend(rows.into_iter().map(|(label, value)| DetailLine::Row { label, value }));
    lines.push(DetailLine::Gap);
    lines
}

/// Every setting in sections: the organization, its services, then each sign-in or server
/// settings block. Unknown fields keep a readable form of their name.
pub fn details(org: &Organization, clock: &Clock) -> Vec<DetailLine> {
    let Ok(Value::Object(map)) = serde_json::to_value(org.without_secrets()) else {
        return Vec::new();
    };
    let mut general = Vec::new();
    let mut services = Vec::new();
    let mut blocks = Vec::new();
    // Region and tenant belong to Microsoft 365, not to an on-premises organization.
    let on_premises = org.kind == Some(OrganizationType::OnPremises);
    for (key, value) in &map {
        match value {
            _ if on_premises && matches!(key.as_str(), "region" | "msid") => {}
            Value::Object(inner) => blocks.push((section_title(key), inner)),
            _ if SERVICES.iter().any(|(k, _)| k == key) => services.push(row(key, value, clock)),
            _ => general.push(row(key, value, clock)),
        }
    }
    let mut lines = vec![DetailLine::Section("Organization".into())];
    general.sort_by_key(order);
    lines.extend(general.into_iter().flatten());
    if !services.is_empty() {
        services.sort_by_key(order);
        lines.push(DetailLine::Gap);
        lines.push(DetailLine::Section("Services backed up".into()));
        lines.extend(services.into_iter().flatten());
    }
    for (title, inner) in blocks {
        let mut rows: Vec<_> = inner.iter().map(|(k, v)| row(k, v, clock)).collect();
        rows.sort_by_key(order);
        lines.push(DetailLine::Gap);
        lines.push(DetailLine::Section(title));
        lines.extend(rows.into_iter().flatten());
    }
    lines
}

/// Whether any value on the page is a time (then the page names the time zone once).
pub fn shows_times(org: &Organization) -> bool {
    org.first_backuptime.is_some() || org.last_backuptime.is_some()
}

const SERVICES: [(&str, &str); 6] = [
    ("isExchangeOnline", "Exchange Online"),
    ("isSharePointOnline", "SharePoint Online"),
    ("isTeamsOnline", "Teams"),
    ("isTeamsChatsOnline", "Teams chats"),
    ("isExchange", "On-premises Exchange"),
    ("isSharepoint", "On-premises SharePoint"),
];

/// Known fields in the order an operator reads them, with their words.
const LABELS: [(&str, &str); 34] = [
    ("name", "Name"),
    ("officeName", "Microsoft 365 name"),
    ("type", "Type"),
    ("region", "Region"),
    ("description", "Description"),
    ("isBackedup", "Backed up"),
    ("firstBackuptime", "First backup"),
    ("lastBackuptime", "Last backup"),
    ("configureApplication", "Application set up by VB365"),
    ("newApplicationName", "New application name"),
    ("id", "Id in VB365"),
    ("msid", "Microsoft 365 tenant id"),
    ("backedUpOrganizationId", "Backed-up organization id"),
    ("useApplicationOnlyAuth", "Authentication"),
    ("officeOrganizationName", "Organization"),
    ("account", "Account"),
    ("useMfa", "Multi-factor authentication"),
    ("grantAdminAccess", "Grant admin access"),
    ("useCustomVeeamAADApplication", "Own Microsoft Entra application"),
    ("applicationId", "Application id"),
    ("applicationCertificateThumbprint", "Certificate thumbprint"),
    ("sharePointSaveAllWebParts", "Save all web parts"),
    ("serverName", "Server"),
    ("serverPort", "Port"),
    ("username", "User"),
    ("useSSL", "SSL"),
    ("skipCAverification", "Skip certificate authority check"),
    ("skipCommonnameverification", "Skip common-name check"),
    ("skipRevocationcheck", "Skip revocation check"),
    ("grantImpersonation", "Grant impersonation"),
    ("configureThrottlingpolicy", "Configure throttling policy"),
    ("grantAccesstositecollections", "Grant access to site collections"),
    ("_links", "Links"),
    ("_actions", "Actions"),
];

fn section_title(key: &str) -> String {
    match key {
        "exchangeOnlineSettings" => "Exchange Online sign-in".into(),
        "sharePointOnlineSettings" => "SharePoint Online sign-in".into(),
        "exchangeSettings" => "On-premises Exchange server".into(),
        "sharepointSettings" => "On-premises SharePoint server".into(),
        other => words(other),
    }
}

fn order(line: &Option<DetailLine>) -> usize {
    let Some(DetailLine::Row { label, .. }) = line else {
        return usize::MAX;
    };
    SERVICES
        .iter()
        .chain(LABELS.iter())
        .position(|(_, l)| l == label)
        .unwrap_or(usize::MAX - 1)
}

fn row(key: &str, value: &Value, clock: &Clock) -> Option<DetailLine> {
    let label = SERVICES
        .iter()
        .chain(LABELS.iter())
        .find(|(k, _)| *k == key)
        .map(|(_, l)| l.to_string())
        .unwrap_or_else(|| words(key));
    let value = match (key, value) {
        (_, Value::Null) => return None,
        ("useApplicationOnlyAuth", Value::Bool(true)) => "modern app-only".into(),
        ("useApplicationOnlyAuth", Value::Bool(false)) => "account and password".into(),
        ("type", Value::String(t)) => OrganizationType::from_name(t).label().to_string(),
        ("region", Value::String(r)) => Region::from_name(r).label().to_string(),
        (_, Value::Bool(b)) => if *b { "yes" } else { "no" }.into(),
        (_, Value::String(s)) => local_time(clock, s).unwrap_or_else(|| s.clone()),
        (_, other) => other.to_string(),
    };
    Some(DetailLine::Row { label, value })
}

/// An RFC 3339 time in this machine's zone, to the minute.
fn local_time(clock: &Clock, s: &str) -> Option<String> {
    let t = chrono::DateTime::parse_from_rfc3339(s).ok()?;
    Some(clock.local(t.to_utc()).format("%Y-%m-%d %H:%M").to_string())
}

/// `skipRevocationCheck` → "Skip revocation check".
fn words(key: &str) -> String {
    let mut out = String::new();
    for (i, c) in key.trim_start_matches('_').chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::app::pages::Nav;
    use crate::config::Config;

    fn contoso() -> Organization {
        serde_json::from_value(serde_json::json!({
            "id": "1", "name": "contoso.onmicrosoft.com", "type": "Office365",
            "region": "Worldwide", "isExchangeOnline": true, "isSharePointOnline": false,
            "isBackedup": true, "lastBackuptime": "2026-11-22T10:00:00Z",
            "exchangeOnlineSettings": {
                "useApplicationOnlyAuth": true, "officeOrganizationName": "contoso.onmicrosoft.com",
                "applicationId": "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "useMfa": true,
                "applicationSecret": "s3cret"
            }
        }))
        .unwrap()
    }

    fn row(label: &str, value: &str) -> DetailLine {
        DetailLine::Row {
            label: label.into(),
            value: value.into(),
        }
    }

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("organization", Table::Organization.bindings());
    }

    #[test]
    fn settings_are_in_sections_with_operator_words() {
        let now = chrono::Utc::now();
        let clock = Clock::fixed(now, chrono::FixedOffset::east_opt(3600).unwrap());
        let lines = details(&contoso(), &clock);
        assert_eq!(lines[0], DetailLine::Section("Organization".into()));
        assert_eq!(lines[1], row("Name", "contoso.onmicrosoft.com"));
        assert_eq!(lines[2], row("Type", "Microsoft 365"));
        assert!(lines.contains(&row("Backed up", "yes")));
        assert!(lines.contains(&DetailLine::Section("Services backed up".into())));
        assert!(lines.contains(&row("Exchange Online", "yes")));
        assert!(lines.contains(&row("SharePoint Online", "no")));
        assert!(lines.contains(&DetailLine::Section("Exchange Online sign-in".into())));
        assert!(lines.contains(&row("Authentication", "modern app-only")));
        assert!(lines.contains(&row("Multi-factor authentication", "yes")));
        assert!(lines.contains(&row("Last backup", "2026-11-22 11:00")), "in the zone shown");
        let text = format!("{lines:?}");
        assert!(!text.contains("s3cret") && !text.contains("useMfa"), "{text}");
        assert_eq!(words("grantAccesstositeCollections"), "Grant accesstosite collections");
    }

    #[test]
    fn an_on_premises_organization_has_no_tenant_or_region_even_when_a_server_says_one() {
        let clock = Clock::fixed(chrono::Utc::now(), chrono::FixedOffset::east_opt(0).unwrap());
        let mut org = contoso();
        org.kind = Some(OrganizationType::OnPremises);
        org.region = Some(Region::Worldwide);
        org.msid = Some("a7d1a2f1-0000-4000-8000-000000000001".into());
        let text = format!("{:?}", details(&org, &clock));
        assert!(!text.contains("Region") && !text.contains("tenant id"), "{text}");
        assert_eq!(org.microsoft_365_region(), None);
        org.kind = Some(OrganizationType::Hybrid);
        assert!(format!("{:?}", details(&org, &clock)).contains("Region"));
    }

    #[test]
    fn v_shows_the_raw_json_and_the_view_scrolls() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        shared.size = (80, 14);
        let (mut p, _) = OrganizationPage::open(Box::new(contoso()), &mut shared);
        p.on_intent(Intent::NextMode, &mut shared);
        assert!(p.raw);
        assert!(matches!(&p.lines(&shared.clock)[1], DetailLine::Raw(l) if l.contains("\"id\": \"1\"")));
        assert!(!p.raw_json().contains("s3cret"));
        p.on_intent(Intent::NextMode, &mut shared);
        p.on_intent(Intent::Bottom, &mut shared);
        let n = p.lines(&shared.clock).len();
        assert_eq!(p.scroll, n - 7, "the last of 8 body rows shows the last line");
        p.on_intent(Intent::PageDown, &mut shared);
        assert_eq!(p.scroll, n - 1, "wrapped lines stay reachable, never past the last");
        p.on_intent(Intent::Top, &mut shared);
        assert_eq!(p.scroll, 0);
        let flow = p.on_intent(Intent::Explore, &mut shared);
        assert!(matches!(flow.nav, Some(Nav::Push(Route::NewRestoreSession(Some(_))))));
    }
}
