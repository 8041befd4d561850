//! What a restore does besides putting things back: where it goes when not where it was
//! (another mailbox, a copy in another OneDrive, another site), and the options each body
//! takes are in `specs.rs`.

use serde_json::{Map, Value, json};

use crate::api::models::Region;

/// Another mailbox (and folder) for mail, instead of where it was (`restoreTo`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailTarget {
    /// The target mailbox (its address).
    pub mailbox: String,
    /// A folder of it (its name); the server's default when empty.
    pub folder: String,
    /// Another Microsoft 365 organization, when the mailbox is in one.
    pub organization: String,
    /// That organization's region; the server's default when none.
    pub region: Option<Region>,
    /// An Exchange server with the Client Access role to restore through (on-premises).
    pub cas_server: String,
}

/// A copy in another OneDrive (`copyTo`), in a folder of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DriveTarget {
    /// The OneDrive: its URL, or its owner's name as the API lists OneDrives.
    pub onedrive: String,
    /// A folder of it; the server's default when empty.
    pub folder: String,
    pub organization: String,
    pub region: Option<Region>,
}

/// Another SharePoint site (`restoreTo`), and a library or list of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteTarget {
    /// The site's URL.
    pub site_url: String,
    /// A library or list of it; the server's default when empty.
    pub list: String,
    pub organization: String,
    pub region: Option<Region>,
}

/// Mail items sent as attachments of an e-mail by the server (its own e-mail settings):
/// to the original mailbox, or to another address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmailTarget {
    /// Another address; the original mailbox when `None`.
    pub to: Option<String>,
    /// The sender; the server's default when empty.
    pub from: String,
    pub subject: String,
    pub text: String,
}

/// Where a restore puts things when not where they were.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Elsewhere {
    Mailbox(MailTarget),
    OneDrive(DriveTarget),
    Site(SiteTarget),
    /// Not restored but sent by e-mail (`sendToDefaultAddress`, `sendToDifferentAddress`).
    Email(EmailTarget),
}

/// The kind of place "somewhere else" is for a kind of thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    Mailbox,
    OneDrive,
    Site,
}

/// `, folder X in org (region)`, or nothing for what is empty.
fn place_words(inside: (&str, &str), organization: &str, region: Option<&Region>) -> String {
    let mut s = String::new();
    if !inside.1.is_empty() {
        s.push_str(&format!(", {} {}", inside.0, inside.1));
    }
    if !organization.is_empty() {
        s.push_str(&format!(" in {organization}"));
    }
    if let Some(r) = region {
        s.push_str(&format!(" ({})", r.label()));
    }
    s
}

/// Adds the target organization's name (under the body's own key) and region when given.
fn put_organization(body: &mut Map<String, Value>, key: &str, org: &str, region: Option<&Region>) {
    if !org.is_empty() {
        body.insert(key.into(), json!(org));
    }
    if let Some(r) = region {
        body.insert("officeRegion".into(), json!(r.as_str()));
    }
}

impl Elsewhere {
    pub fn kind(&self) -> PlaceKind {
        match self {
            Elsewhere::Mailbox(_) => PlaceKind::Mailbox,
            Elsewhere::OneDrive(_) => PlaceKind::OneDrive,
            Elsewhere::Site(_) => PlaceKind::Site,
            Elsewhere::Email(_) => PlaceKind::Mailbox,
        }
    }

    /// Whether it is sent by e-mail rather than restored.
    pub fn is_email(&self) -> bool {
        matches!(self, Elsewhere::Email(_))
    }

    /// The verb of the path: OneDrive copies (`copyTo`), the rest `restoreTo`.
    pub fn verb(&self) -> &'static str {
        match self {
            Elsewhere::OneDrive(_) => "copyTo",
            Elsewhere::Email(EmailTarget { to: None, .. }) => "sendToDefaultAddress",
            Elsewhere::Email(_) => "sendToDifferentAddress",
            _ => "restoreTo",
        }
    }

    /// Where it goes, in words.
    pub fn target_words(&self) -> String {
        self.target_words_for(None)
    }

    /// Where it goes in words, an e-mail to the original mailbox naming it when `original`
    /// says which ("an e-mail to mailbox Lee Gu, the items attached").
    pub fn target_words_for(&self, original: Option<&str>) -> String {
        match self {
            Elsewhere::Mailbox(e) => {
                let mut s = format!(
                    "mailbox {}{}",
                    e.mailbox,
                    place_words(("folder", &e.folder), &e.organization, e.region.as_ref())
                );
                if !e.cas_server.is_empty() {
                    s.push_str(&format!(", through {}", e.cas_server));
                }
                s
            }
            Elsewhere::OneDrive(d) => format!(
                "a copy in the OneDrive {}{}",
                d.onedrive,
                place_words(("folder", &d.folder), &d.organization, d.region.as_ref())
            ),
            Elsewhere::Site(s) => format!(
                "the site {}{}",
                s.site_url,
                place_words(
                    ("library or list", &s.list),
                    &s.organization,
                    s.region.as_ref()
                )
            ),
            Elsewhere::Email(e) => {
                let mut s = match &e.to {
                    None => format!(
                        "an e-mail to {}, the items attached",
                        original.unwrap_or("the original mailbox")
                    ),
                    Some(to) => format!("an e-mail to {to}, the items attached"),
                };
                if !e.from.is_empty() {
                    s.push_str(&format!("; from {}", e.from));
                }
                if !e.subject.is_empty() {
                    s.push_str(&format!("; subject “{}”", e.subject));
                }
                s
            }
        }
    }

    /// The target's fields of the body.
    pub(super) fn put(&self, body: &mut Map<String, Value>) {
        let mut put = |k: &str, v: &str| {
            if !v.is_empty() {
                body.insert(k.into(), json!(v));
            }
        };
        match self {
            Elsewhere::Mailbox(e) => {
                put("mailbox", &e.mailbox);
                put("folder", &e.folder);
                put("casServer", &e.cas_server);
                put_organization(
                    body,
                    "officeOrganizationName",
                    &e.organization,
                    e.region.as_ref(),
                );
            }
            Elsewhere::OneDrive(d) => {
                put("folder", &d.folder);
                // The schema's `RESTOneDrive` names a OneDrive by id, name or URL; the
                // operator types a URL or an owner's name.
                let key = if d.onedrive.contains("://") {
                    "url"
                } else {
                    "name"
                };
                if !d.onedrive.is_empty() {
                    body.insert("onedrive".into(), json!({ key: d.onedrive }));
                }
                put_organization(body, "organizationName", &d.organization, d.region.as_ref());
            }
            Elsewhere::Site(s) => {
                put("siteURL", &s.site_url);
                put("list", &s.list);
                put_organization(body, "organizationName", &s.organization, s.region.as_ref());
            }
            // The original mailbox takes nothing but the items.
            Elsewhere::Email(EmailTarget { to: None, .. }) => {}
            Elsewhere::Email(e) => {
                put("to", e.to.as_deref().unwrap_or_default());
                put("from", &e.from);
                put("subject", &e.subject);
                put("text", &e.text);
            }
        }
    }
}
