//! What a restore does besides putting things back: where it goes when not where it was
//! (another mailbox, a copy in another OneDrive, another site), and the options each body
//! takes, named once ([`Opt`]) and written in the schema's words and the operator's.

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
                    None => "an e-mail to the original mailbox, the items attached".to_string(),
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
    fn put(&self, body: &mut Map<String, Value>) {
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

/// One option a restore body takes, by the schema field it sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opt {
    /// `documentAction`: overwrite the document there, or keep it and add the restored one.
    DocumentAction,
    /// `documentVersion`: the last version or all.
    DocumentVersion,
    /// `documentLastVersionAction`: the last version overwrites or merges.
    LastVersion,
    /// `restorePermissions`.
    Permissions,
    /// `sendSharedLinksNotification`.
    Notify,
    /// `restoreListViews`.
    ListViews,
    /// `restoreSubsites`.
    Subsites,
    /// `restoreMasterPages`.
    MasterPages,
    /// `changedItems`.
    Changed,
    /// `deletedItems`.
    Deleted,
    /// `markRestoredAsUnread`.
    Unread,
    /// SharePoint operator restores: `restoreChangedItems`, `restoreDeletedItems` (the
    /// changed and deleted items of the form).
    RestoreChanged,
    RestoreDeleted,
    /// `excludeDrafts`, `excludeDeletedItems`, `excludeInPlaceHoldItems`,
    /// `excludeLitigationHoldItems`.
    Exclusions,
    /// Teams `restoreChangedItems` (tabs: `restoreChangedTabs`), required.
    TeamsChanged,
    /// Teams `restoreMissingItems` (tabs: `restoreMissingTabs`), required.
    TeamsMissing,
    /// `restoreMembers`.
    Members,
    /// `restoreSettings`.
    Settings,
    /// Teams files' `fileVersion`: the last version or all, required.
    FileVersion,
    /// Bulk restores: `skipUnresolved`.
    SkipUnresolved,
    /// Bulk mailboxes: `recentItemRestorePeriod`, the days whose items go first.
    RecentPeriod,
    /// The restore operator's team restore: `impersonationAccountName`, required.
    Impersonation,
}

/// What the operator chose: every option a restore body can take, of which each kind of
/// restore sends the ones its schema names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreOptions {
    /// Keep the document that is there and add the restored one beside it (`Keep`).
    pub keep_existing: bool,
    /// Every version (`All`), not only the last.
    pub all_versions: bool,
    /// The last version merges with the current one instead of overwriting it.
    pub merge_last_version: bool,
    pub restore_permissions: bool,
    /// Tell the people a document was shared with by link.
    pub notify_shared_links: bool,
    pub list_views: bool,
    pub subsites: bool,
    pub master_pages: bool,
    pub changed_items: bool,
    pub deleted_items: bool,
    pub mark_unread: bool,
    pub exclude_drafts: bool,
    pub exclude_deleted_items: bool,
    pub exclude_in_place_hold: bool,
    pub exclude_litigation_hold: bool,
    /// Teams: restore what changed since the backup (required by the API).
    pub teams_changed: bool,
    /// Teams: restore what is missing now (required by the API).
    pub teams_missing: bool,
    pub members: bool,
    pub settings: bool,
    /// Teams files: every version, not only the last.
    pub all_file_versions: bool,
    /// Bulk: skip the mailboxes or OneDrives that cannot be resolved.
    pub skip_unresolved: bool,
    /// Bulk mailboxes: restore the items of this many recent days first.
    pub recent_days: Option<u32>,
    /// The account a restore operator's team restore works as.
    pub impersonation: String,
    /// Somewhere else than where it was.
    pub elsewhere: Option<Elsewhere>,
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn last_or_all(all: bool) -> &'static str {
    if all { "All" } else { "Last" }
}

impl RestoreOptions {
    /// The verb of the path: `restore`, or the target's.
    pub fn verb(&self) -> &'static str {
        self.elsewhere.as_ref().map_or("restore", Elsewhere::verb)
    }

    /// The fields of `opts` (and of the target), as the body names them; `tabs` names the
    /// Teams pair as tabs do.
    pub(super) fn put(&self, opts: &[Opt], tabs: bool, body: &mut Map<String, Value>) {
        let mut set = |k: &str, v: Value| {
            body.insert(k.to_string(), v);
        };
        for opt in opts {
            match opt {
                Opt::DocumentAction => set(
                    "documentAction",
                    json!(if self.keep_existing {
                        "Keep"
                    } else {
                        "Overwrite"
                    }),
                ),
                Opt::DocumentVersion => {
                    set("documentVersion", json!(last_or_all(self.all_versions)))
                }
                Opt::LastVersion => set(
                    "documentLastVersionAction",
                    json!(if self.merge_last_version {
                        "Merge"
                    } else {
                        "Overwrite"
                    }),
                ),
                Opt::Permissions => set("restorePermissions", json!(self.restore_permissions)),
                Opt::Notify => set(
                    "sendSharedLinksNotification",
                    json!(self.notify_shared_links),
                ),
                Opt::ListViews => set("restoreListViews", json!(self.list_views)),
                Opt::Subsites => set("restoreSubsites", json!(self.subsites)),
                Opt::MasterPages => set("restoreMasterPages", json!(self.master_pages)),
                Opt::Changed => set("changedItems", json!(self.changed_items)),
                Opt::Deleted => set("deletedItems", json!(self.deleted_items)),
                Opt::Unread => set("markRestoredAsUnread", json!(self.mark_unread)),
                Opt::RestoreChanged => set("restoreChangedItems", json!(self.changed_items)),
                Opt::RestoreDeleted => set("restoreDeletedItems", json!(self.deleted_items)),
                Opt::Exclusions => {
                    set("excludeDrafts", json!(self.exclude_drafts));
                    set("excludeDeletedItems", json!(self.exclude_deleted_items));
                    set("excludeInPlaceHoldItems", json!(self.exclude_in_place_hold));
                    set(
                        "excludeLitigationHoldItems",
                        json!(self.exclude_litigation_hold),
                    );
                }
                Opt::TeamsChanged if tabs => set("restoreChangedTabs", json!(self.teams_changed)),
                Opt::TeamsChanged => set("restoreChangedItems", json!(self.teams_changed)),
                Opt::TeamsMissing if tabs => set("restoreMissingTabs", json!(self.teams_missing)),
                Opt::TeamsMissing => set("restoreMissingItems", json!(self.teams_missing)),
                Opt::Members => set("restoreMembers", json!(self.members)),
                Opt::Settings => set("restoreSettings", json!(self.settings)),
                Opt::FileVersion => set("fileVersion", json!(last_or_all(self.all_file_versions))),
                Opt::SkipUnresolved => set("skipUnresolved", json!(self.skip_unresolved)),
                Opt::RecentPeriod => {
                    if let Some(days) = self.recent_days {
                        set("recentItemRestorePeriod", json!(days));
                    }
                }
                Opt::Impersonation => set("impersonationAccountName", json!(self.impersonation)),
            }
        }
        if let Some(target) = &self.elsewhere {
            target.put(body);
        }
    }

    /// The options of `opts` in the words of the confirmation.
    pub fn words(&self, opts: &[Opt]) -> String {
        let action = if self.merge_last_version {
            "merges with"
        } else {
            "overwrites"
        };
        let mut parts: Vec<String> = Vec::new();
        let flag = |name: &str, on: bool| format!("{name}: {}", yes_no(on));
        let has = |o| opts.contains(&o);
        for opt in opts {
            match opt {
                Opt::DocumentAction if self.keep_existing => parts.push(
                    "a document that is there is kept; the restored one is added beside it".into(),
                ),
                Opt::DocumentAction => parts.push("a document that is there is overwritten".into()),
                Opt::DocumentVersion if self.all_versions => parts.push(if has(Opt::LastVersion) {
                    format!("all versions; the last {action} the current one")
                } else {
                    "all versions".into()
                }),
                Opt::DocumentVersion => parts.push(if has(Opt::LastVersion) {
                    format!("the last version only, which {action} the current one")
                } else {
                    "the last version only".into()
                }),
                Opt::LastVersion if !has(Opt::DocumentVersion) => {
                    parts.push(format!("it {action} the current one"))
                }
                Opt::LastVersion => {}
                Opt::Permissions => parts.push(flag("permissions", self.restore_permissions)),
                Opt::Notify => parts.push(flag("notify shared links", self.notify_shared_links)),
                Opt::ListViews => parts.push(flag("list views", self.list_views)),
                Opt::Subsites => parts.push(flag("subsites", self.subsites)),
                Opt::MasterPages => parts.push(flag("master pages", self.master_pages)),
                Opt::Changed | Opt::RestoreChanged => {
                    parts.push(flag("changed items", self.changed_items))
                }
                Opt::Deleted | Opt::RestoreDeleted => {
                    parts.push(flag("deleted items", self.deleted_items))
                }
                Opt::Unread => parts.push(flag("mark as unread", self.mark_unread)),
                Opt::Exclusions => {
                    let off: Vec<&str> = [
                        (self.exclude_drafts, "drafts"),
                        (self.exclude_deleted_items, "the Deleted Items folder"),
                        (self.exclude_in_place_hold, "in-place hold items"),
                        (self.exclude_litigation_hold, "litigation hold items"),
                    ]
                    .into_iter()
                    .filter_map(|(b, w)| b.then_some(w))
                    .collect();
                    if !off.is_empty() {
                        parts.push(format!("without {}", off.join(", ")));
                    }
                }
                Opt::TeamsChanged => parts.push(flag("changed items", self.teams_changed)),
                Opt::TeamsMissing => parts.push(flag("missing items", self.teams_missing)),
                Opt::Members => parts.push(flag("members", self.members)),
                Opt::Settings => parts.push(flag("settings", self.settings)),
                Opt::SkipUnresolved => parts.push(flag("skip unresolved", self.skip_unresolved)),
                Opt::RecentPeriod => {
                    if let Some(days) = self.recent_days {
                        parts.push(format!("the last {days} days first"));
                    }
                }
                Opt::Impersonation => parts.push(format!("working as {}", self.impersonation)),
                Opt::FileVersion => parts.push(
                    if self.all_file_versions {
                        "every version of each file"
                    } else {
                        "the last version of each file"
                    }
                    .into(),
                ),
            }
        }
        if parts.is_empty() {
            "none: this restore takes only credentials".into()
        } else {
            parts.join("; ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(options: &RestoreOptions, opts: &[Opt]) -> Value {
        let mut map = Map::new();
        options.put(opts, false, &mut map);
        Value::Object(map)
    }

    #[test]
    fn a_onedrive_copy_names_its_target_by_url_or_name_with_its_versions() {
        let mut options = RestoreOptions {
            all_versions: true,
            elsewhere: Some(Elsewhere::OneDrive(DriveTarget {
                onedrive: "https://contoso-my.sharepoint.com/personal/megan".into(),
                folder: "Restored".into(),
                organization: String::new(),
                region: Some(Region::USGovernment),
            })),
            ..Default::default()
        };
        let opts = [Opt::DocumentVersion, Opt::LastVersion];
        assert_eq!(options.verb(), "copyTo");
        assert_eq!(
            body(&options, &opts),
            json!({"documentVersion": "All", "documentLastVersionAction": "Overwrite",
                "onedrive": {"url": "https://contoso-my.sharepoint.com/personal/megan"},
                "folder": "Restored", "officeRegion": "USGovernment"})
        );
        assert_eq!(
            options.words(&opts),
            "all versions; the last overwrites the current one"
        );
        if let Some(Elsewhere::OneDrive(d)) = &mut options.elsewhere {
            d.onedrive = "Megan Bowen".into();
        }
        assert_eq!(
            body(&options, &opts)["onedrive"],
            json!({"name": "Megan Bowen"})
        );
        assert!(
            options
                .elsewhere
                .unwrap()
                .target_words()
                .ends_with("folder Restored (US Government (GCC))")
        );
    }

    #[test]
    fn another_site_gets_its_url_and_only_the_options_named() {
        let options = RestoreOptions {
            restore_permissions: true,
            notify_shared_links: true,
            elsewhere: Some(Elsewhere::Site(SiteTarget {
                site_url: "https://contoso.sharepoint.com/sites/archive".into(),
                list: "Shared Documents".into(),
                organization: "fabrikam.onmicrosoft.com".into(),
                region: None,
            })),
            ..Default::default()
        };
        let b = body(&options, &[Opt::Notify]);
        assert_eq!(options.verb(), "restoreTo");
        assert_eq!(b["siteURL"], "https://contoso.sharepoint.com/sites/archive");
        assert_eq!(b["list"], "Shared Documents");
        assert_eq!(b["organizationName"], "fabrikam.onmicrosoft.com");
        assert_eq!(b["sendSharedLinksNotification"], true);
        assert!(b.get("restorePermissions").is_none(), "{b}");
        assert!(b.get("officeRegion").is_none());
    }

    #[test]
    fn another_mailbox_takes_its_region_and_cas_server() {
        let options = RestoreOptions {
            exclude_drafts: true,
            elsewhere: Some(Elsewhere::Mailbox(MailTarget {
                mailbox: "archive@contoso.com".into(),
                cas_server: "cas01.contoso.local".into(),
                region: Some(Region::Germany),
                ..Default::default()
            })),
            ..Default::default()
        };
        let opts = [Opt::Changed, Opt::Deleted, Opt::Unread, Opt::Exclusions];
        let b = body(&options, &opts);
        assert_eq!(b["casServer"], "cas01.contoso.local");
        assert_eq!(b["officeRegion"], "Germany");
        assert!(b.get("officeOrganizationName").is_none());
        assert_eq!(b["excludeDrafts"], true);
        assert_eq!(
            options.words(&opts),
            "changed items: no; deleted items: no; mark as unread: no; without drafts"
        );
    }

    #[test]
    fn teams_pairs_are_named_as_tabs_name_them() {
        let options = RestoreOptions {
            teams_changed: true,
            ..Default::default()
        };
        let mut tabs = Map::new();
        options.put(&[Opt::TeamsChanged, Opt::TeamsMissing], true, &mut tabs);
        assert_eq!(
            Value::Object(tabs),
            json!({"restoreChangedTabs": true, "restoreMissingTabs": false})
        );
        assert_eq!(
            options.words(&[]),
            "none: this restore takes only credentials"
        );
    }
}
