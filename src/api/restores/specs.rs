//! Every option a restore body takes, each written once in [`SPECS`]: its field in the body,
//! the form's label and help, the confirmation's words, its kind and default. The body
//! ([`RestoreOptions::put`]), the confirmation ([`RestoreOptions::words`]) and the restore form
//! all read the table, so adding an option is one row (and naming it where a body takes it,
//! in `what.rs`).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::options::Elsewhere;

/// One option a restore body takes, by the schema field it sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Opt {
    DocumentAction,
    DocumentVersion,
    LastVersion,
    Permissions,
    Notify,
    ListViews,
    Subsites,
    MasterPages,
    Changed,
    Deleted,
    Unread,
    /// SharePoint operator restores name the changed and deleted items so.
    RestoreChanged,
    RestoreDeleted,
    ExcludeDrafts,
    ExcludeDeleted,
    ExcludeInPlaceHold,
    ExcludeLitigationHold,
    TeamsChanged,
    TeamsMissing,
    Members,
    Settings,
    FileVersion,
    SkipUnresolved,
    RecentPeriod,
    Impersonation,
}

/// What an option holds, and so how the body and the confirmation write it.
#[derive(Debug)]
pub enum OptKind {
    /// `true` or `false`: "list views: yes".
    Toggle { on: bool },
    /// `true` leaves something out: the exclusions are said together, "without drafts, …".
    Skip,
    /// One of a few values: as the body writes them, as the form words them, as the
    /// confirmation says them (the same length each); the first is the default.
    Choice {
        wire: &'static [&'static str],
        labels: &'static [&'static str],
        words: &'static [&'static str],
    },
    /// A number of days, sent only when given: "the last 7 days first".
    Days,
    /// An account: "working as svc@contoso.com". The form's sign-in section asks for it.
    Account,
}

#[derive(Debug)]
pub struct OptSpec {
    pub opt: Opt,
    /// The body's field.
    pub wire: &'static str,
    /// How a tabs restore names the field, where it differs.
    pub tabs_wire: Option<&'static str>,
    /// The option whose value this one sends under its own name (one field on the form).
    pub same_as: Option<Opt>,
    pub label: &'static str,
    pub help: &'static str,
    /// How the confirmation names it.
    pub words: &'static str,
    pub kind: OptKind,
}

const fn row(
    opt: Opt,
    wire: &'static str,
    label: &'static str,
    help: &'static str,
    words: &'static str,
    kind: OptKind,
) -> OptSpec {
    OptSpec {
        opt,
        wire,
        tabs_wire: None,
        same_as: None,
        label,
        help,
        words,
        kind,
    }
}

const OFF: OptKind = OptKind::Toggle { on: false };
const ON: OptKind = OptKind::Toggle { on: true };

/// Every option, in the order the restore form shows them.
#[rustfmt::skip]
pub const SPECS: &[OptSpec] = &[
    row(Opt::ExcludeDrafts, "excludeDrafts", "Skip drafts", "do not restore drafts", "drafts", OptKind::Skip),
    row(Opt::ExcludeDeleted, "excludeDeletedItems", "Skip Deleted Items", "do not restore the Deleted Items folder", "the Deleted Items folder", OptKind::Skip),
    row(Opt::ExcludeInPlaceHold, "excludeInPlaceHoldItems", "Skip in-place hold", "do not restore items on in-place hold", "in-place hold items", OptKind::Skip),
    row(Opt::ExcludeLitigationHold, "excludeLitigationHoldItems", "Skip litigation hold", "do not restore items on litigation hold", "litigation hold items", OptKind::Skip),
    row(Opt::DocumentAction, "documentAction", "A document there", "what happens to a document that is where the restored one goes", "", OptKind::Choice {
        wire: &["Overwrite", "Keep"],
        labels: &["overwrite it", "keep it and add the restored one"],
        words: &["a document that is there is overwritten", "a document that is there is kept; the restored one is added beside it"],
    }),
    row(Opt::DocumentVersion, "documentVersion", "Versions", "which versions of each document", "", OptKind::Choice {
        wire: &["Last", "All"],
        labels: &["the last version", "all versions"],
        words: &["the last version only", "all versions"],
    }),
    row(Opt::LastVersion, "documentLastVersionAction", "The last version", "when the document is there", "", OptKind::Choice {
        wire: &["Overwrite", "Merge"],
        labels: &["overwrites the current one", "merges with the current one"],
        words: &["overwrites", "merges with"],
    }),
    row(Opt::Permissions, "restorePermissions", "Permissions", "restore who may see and change each document", "permissions", OFF),
    row(Opt::Notify, "sendSharedLinksNotification", "Notify shared links", "e-mail the people a document was shared with by link", "notify shared links", OFF),
    row(Opt::ListViews, "restoreListViews", "List views", "restore the views of each list", "list views", ON),
    row(Opt::Subsites, "restoreSubsites", "Subsites", "restore the site's subsites too", "subsites", ON),
    row(Opt::MasterPages, "restoreMasterPages", "Master pages", "restore the site's master pages", "master pages", OFF),
    OptSpec {
        tabs_wire: Some("restoreChangedTabs"),
        ..row(Opt::TeamsChanged, "restoreChangedItems", "Changed items", "restore what changed since the backup (required by the API)", "changed items", ON)
    },
    OptSpec {
        tabs_wire: Some("restoreMissingTabs"),
        ..row(Opt::TeamsMissing, "restoreMissingItems", "Missing items", "restore what is missing now (required by the API)", "missing items", ON)
    },
    row(Opt::Members, "restoreMembers", "Members", "restore the members as they were", "members", OFF),
    row(Opt::Settings, "restoreSettings", "Settings", "restore the team's settings as they were", "settings", OFF),
    row(Opt::SkipUnresolved, "skipUnresolved", "Skip unresolved", "skip what cannot be found in Microsoft 365 instead of failing", "skip unresolved", OFF),
    row(Opt::RecentPeriod, "recentItemRestorePeriod", "Recent days first", "optional: restore the items of this many recent days first", "", OptKind::Days),
    row(Opt::FileVersion, "fileVersion", "Versions", "which versions of each file", "", OptKind::Choice {
        wire: &["Last", "All"],
        labels: &["the last version", "every version"],
        words: &["the last version of each file", "every version of each file"],
    }),
    row(Opt::Changed, "changedItems", "Changed items", "restore items changed since the backup", "changed items", ON),
    row(Opt::Deleted, "deletedItems", "Deleted items", "restore items deleted since the backup", "deleted items", ON),
    row(Opt::Unread, "markRestoredAsUnread", "Mark as unread", "mark the restored items unread", "mark as unread", OFF),
    OptSpec {
        same_as: Some(Opt::Changed),
        ..row(Opt::RestoreChanged, "restoreChangedItems", "", "", "changed items", ON)
    },
    OptSpec {
        same_as: Some(Opt::Deleted),
        ..row(Opt::RestoreDeleted, "restoreDeletedItems", "", "", "deleted items", ON)
    },
    row(Opt::Impersonation, "impersonationAccountName", "", "", "", OptKind::Account),
];

/// The row of `opt`.
pub fn spec(opt: Opt) -> &'static OptSpec {
    SPECS
        .iter()
        .find(|s| s.opt == opt)
        .expect("every option has a row (checked by a test)")
}

impl OptSpec {
    /// Whether the form shows a field of its own for it.
    pub fn has_field(&self) -> bool {
        self.same_as.is_none() && !matches!(self.kind, OptKind::Account)
    }
}

/// An option's value as chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptValue {
    On(bool),
    /// The index into its `Choice`.
    Pick(usize),
    Days(u32),
    Text(String),
}

impl From<bool> for OptValue {
    fn from(on: bool) -> Self {
        OptValue::On(on)
    }
}

/// What the operator chose: a value for any option (the rest keep their defaults), of which
/// each kind of restore sends the ones its schema names, and where it goes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreOptions {
    /// What was chosen (`with`, `set`); an option not here keeps its row's default.
    pub values: BTreeMap<Opt, OptValue>,
    /// Somewhere else than where it was.
    pub elsewhere: Option<Elsewhere>,
}

impl RestoreOptions {
    pub fn with(mut self, opt: Opt, value: impl Into<OptValue>) -> Self {
        self.set(opt, value);
        self
    }

    pub fn set(&mut self, opt: Opt, value: impl Into<OptValue>) {
        self.values.insert(opt, value.into());
    }

    fn value(&self, opt: Opt) -> Option<&OptValue> {
        self.values.get(&spec(opt).same_as.unwrap_or(opt))
    }

    /// Whether a yes/no option is on (its default when not chosen).
    pub fn on(&self, opt: Opt) -> bool {
        match self.value(opt) {
            Some(OptValue::On(on)) => *on,
            _ => matches!(
                spec(spec(opt).same_as.unwrap_or(opt)).kind,
                OptKind::Toggle { on: true }
            ),
        }
    }

    /// Which of a choice's values is chosen (the first when not chosen).
    pub fn pick(&self, opt: Opt) -> usize {
        match self.value(opt) {
            Some(OptValue::Pick(i)) => *i,
            _ => 0,
        }
    }

    fn days(&self, opt: Opt) -> Option<u32> {
        match self.value(opt) {
            Some(OptValue::Days(d)) => Some(*d),
            _ => None,
        }
    }

    /// An account option's text (empty when not given).
    pub fn text(&self, opt: Opt) -> &str {
        match self.value(opt) {
            Some(OptValue::Text(t)) => t,
            _ => "",
        }
    }

    /// The verb of the path: `restore`, or the target's.
    pub fn verb(&self) -> &'static str {
        self.elsewhere.as_ref().map_or("restore", Elsewhere::verb)
    }

    /// The fields of `opts` (and of the target), as the body names them; `tabs` names the
    /// Teams pair as tabs do.
    pub(super) fn put(&self, opts: &[Opt], tabs: bool, body: &mut Map<String, Value>) {
        for &opt in opts {
            let s = spec(opt);
            let wire = s.tabs_wire.filter(|_| tabs).unwrap_or(s.wire);
            let value = match &s.kind {
                OptKind::Toggle { .. } | OptKind::Skip => json!(self.on(opt)),
                OptKind::Choice { wire, .. } => json!(wire[self.pick(opt).min(wire.len() - 1)]),
                OptKind::Days => match self.days(opt) {
                    Some(days) => json!(days),
                    None => continue,
                },
                OptKind::Account => json!(self.text(opt)),
            };
            body.insert(wire.to_string(), value);
        }
        if let Some(target) = &self.elsewhere {
            target.put(body);
        }
    }

    /// The options of `opts` in the words of the confirmation.
    pub fn words(&self, opts: &[Opt]) -> String {
        let mut parts: Vec<String> = Vec::new();
        let skipped: Vec<&str> = opts
            .iter()
            .filter(|o| matches!(spec(**o).kind, OptKind::Skip) && self.on(**o))
            .map(|o| spec(*o).words)
            .collect();
        let mut skips_said = false;
        for &opt in opts {
            let s = spec(opt);
            match &s.kind {
                OptKind::Toggle { .. } => parts.push(format!(
                    "{}: {}",
                    s.words,
                    if self.on(opt) { "yes" } else { "no" }
                )),
                OptKind::Skip if !skips_said && !skipped.is_empty() => {
                    skips_said = true;
                    parts.push(format!("without {}", skipped.join(", ")));
                }
                OptKind::Skip => {}
                OptKind::Choice { .. } => parts.extend(self.choice_words(opt, opts)),
                OptKind::Days => {
                    if let Some(days) = self.days(opt) {
                        parts.push(format!("the last {days} days first"));
                    }
                }
                OptKind::Account => parts.push(format!("working as {}", self.text(opt))),
            }
        }
        if parts.is_empty() {
            "none: this restore takes only credentials".into()
        } else {
            parts.join("; ")
        }
    }

    /// A choice in words. Which versions and what the last one does are one sentence when a
    /// body takes both.
    fn choice_words(&self, opt: Opt, opts: &[Opt]) -> Option<String> {
        let said = |o: Opt| match &spec(o).kind {
            OptKind::Choice { words, .. } => words[self.pick(o).min(words.len() - 1)],
            _ => "",
        };
        let both = opts.contains(&Opt::DocumentVersion) && opts.contains(&Opt::LastVersion);
        let action = said(Opt::LastVersion);
        Some(match opt {
            Opt::DocumentVersion if both && self.pick(opt) == 1 => {
                format!("{}; the last {action} the current one", said(opt))
            }
            Opt::DocumentVersion if both => {
                format!("{}, which {action} the current one", said(opt))
            }
            Opt::LastVersion if both => return None,
            Opt::LastVersion => format!("it {action} the current one"),
            _ => said(opt).to_string(),
        })
    }
}

#[cfg(test)]
#[path = "specs_tests.rs"]
mod tests;
