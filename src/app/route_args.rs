//! What a page hands to the page it opens: plain data that any page may import, so pages
//! never import each other.

/// What a save form offers: the session, what can be saved from where the operator stands
/// (each with its words: "3 items from Adele Vance › Inbox", "mailbox Adele Vance"), and a
/// format to start with.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveOffer {
    pub session_id: String,
    pub choices: Vec<SaveChoice>,
    pub format: Option<crate::api::Format>,
}

/// One thing a save form can save.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveChoice {
    pub source: crate::api::Source,
    /// What it is, in words: "3 items from Adele Vance › Inbox".
    pub words: String,
    /// The start of the file name: "Adele_Vance-Inbox".
    pub stem: String,
}

impl SaveChoice {
    pub fn new(source: crate::api::Source, words: String, stem: &str) -> Self {
        SaveChoice {
            source,
            words,
            stem: file_safe(stem),
        }
    }
}

/// A name safe in any file system: letters, digits, `-` and `.`; runs of anything else
/// become one `_`.
pub fn file_safe(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '-' || c == '.' {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches(['_', '.']).chars().take(60).collect()
}

/// What a restore form offers: the session, its organization, and what can be restored
/// from where the operator stands.
#[derive(Clone, Debug, PartialEq)]
pub struct RestoreOffer {
    pub session_id: String,
    pub organization: Option<String>,
    pub choices: Vec<RestoreChoice>,
    /// Where it went and the options chosen the last time, to fill the form again (a retry
    /// from Tasks); the credential's secret is never kept and is asked again.
    pub preset: Option<crate::api::RestoreOptions>,
}

/// One thing the form can restore, in words ("2 items from Adele Vance › Inbox").
#[derive(Clone, Debug, PartialEq)]
pub struct RestoreChoice {
    pub what: crate::api::RestoreWhat,
    pub words: String,
    /// The mailbox, OneDrive, site or team a restore to where it was puts it back into
    /// ("mailbox Lee Gu"); empty when unknown.
    pub into: String,
}

/// A job to open from Today: its name and id, whether it is a copy job, and the names of
/// its organization and repository as Today read them (the job names only their ids).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobRef {
    pub name: String,
    pub id: String,
    pub copy: bool,
    pub organization: Option<String>,
    pub repository: Option<String>,
}

/// The part of the server a page shows: the tab it opens on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ServerPart {
    #[default]
    Repositories,
    Proxies,
    Licence,
}

impl ServerPart {
    pub const ALL: [ServerPart; 3] = [
        ServerPart::Repositories,
        ServerPart::Proxies,
        ServerPart::Licence,
    ];
    pub fn words(self) -> &'static str {
        match self {
            ServerPart::Repositories => "Repositories",
            ServerPart::Proxies => "Proxies",
            ServerPart::Licence => "Licence",
        }
    }
}

/// What the organization form opens for: a new organization (with a VB365 device code
/// already used, and its region, when the Device code screen opens it), or an existing one by
/// id, to edit or to authorize again with a device code.
#[derive(Clone, Debug, PartialEq)]
pub enum OrganizationForm {
    Add(Option<(String, crate::api::models::Region)>),
    Edit { id: String, mode: EditMode },
}

/// Where an edit starts, and what it is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EditMode {
    /// Its settings from the first step.
    #[default]
    Settings,
    /// Straight to how it signs in: its application.
    Application,
    /// Straight to how it signs in, set to authorize it again with a device code.
    Reauthorize,
}

impl Default for OrganizationForm {
    fn default() -> Self {
        OrganizationForm::Add(None)
    }
}
