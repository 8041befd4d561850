//! What a restore does besides putting things back: where it goes when not where it was
//! (another mailbox, a copy in another OneDrive, another site), and the options of each
//! kind, in the schema's words and the operator's.

use serde_json::{Value, json};

use super::RestoreWhat;
use crate::api::listing::Store;
use crate::api::models::Region;

/// Another mailbox (and folder) for mail, instead of where it was (`restoreTo`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ElsewhereOptions {
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
    pub changed_items: bool,
    pub deleted_items: bool,
    pub mark_unread: bool,
    pub exclude_drafts: bool,
    pub exclude_deleted_items: bool,
    pub exclude_in_place_hold: bool,
    pub exclude_litigation_hold: bool,
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

/// Where a restore puts things when not where they were.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Elsewhere {
    Mailbox(ElsewhereOptions),
    OneDrive(DriveTarget),
    Site(SiteTarget),
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
fn put_organization(body: &mut Value, key: &str, organization: &str, region: Option<&Region>) {
    if !organization.is_empty() {
        body[key] = json!(organization);
    }
    if let Some(r) = region {
        body["officeRegion"] = json!(r.as_str());
    }
}

impl Elsewhere {
    /// The verb of the path: OneDrive copies (`copyTo`), the rest `restoreTo`.
    pub fn verb(&self) -> &'static str {
        match self {
            Elsewhere::OneDrive(_) => "copyTo",
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
        }
    }

    /// The target's fields of the body.
    fn body(&self) -> Value {
        match self {
            Elsewhere::Mailbox(e) => {
                let mut body = json!({ "mailbox": e.mailbox });
                if !e.folder.is_empty() {
                    body["folder"] = json!(e.folder);
                }
                if !e.cas_server.is_empty() {
                    body["casServer"] = json!(e.cas_server);
                }
                put_organization(
                    &mut body,
                    "officeOrganizationName",
                    &e.organization,
                    e.region.as_ref(),
                );
                body
            }
            Elsewhere::OneDrive(d) => {
                // The schema's `RESTOneDrive` names a OneDrive by id, name or URL; the
                // operator types a URL or an owner's name.
                let key = if d.onedrive.contains("://") {
                    "url"
                } else {
                    "name"
                };
                let mut body = json!({ "onedrive": { key: d.onedrive } });
                if !d.folder.is_empty() {
                    body["folder"] = json!(d.folder);
                }
                put_organization(
                    &mut body,
                    "organizationName",
                    &d.organization,
                    d.region.as_ref(),
                );
                body
            }
            Elsewhere::Site(s) => {
                let mut body = json!({ "siteURL": s.site_url });
                if !s.list.is_empty() {
                    body["list"] = json!(s.list);
                }
                put_organization(
                    &mut body,
                    "organizationName",
                    &s.organization,
                    s.region.as_ref(),
                );
                body
            }
        }
    }
}

impl ElsewhereOptions {
    /// What it does, in words.
    pub fn words(&self) -> String {
        let on: Vec<&str> = [
            (self.changed_items, "changed items"),
            (self.deleted_items, "deleted items"),
            (self.mark_unread, "marked unread"),
        ]
        .into_iter()
        .filter_map(|(b, w)| b.then_some(w))
        .collect();
        let off: Vec<&str> = [
            (self.exclude_drafts, "drafts"),
            (self.exclude_deleted_items, "the Deleted Items folder"),
            (self.exclude_in_place_hold, "in-place hold items"),
            (self.exclude_litigation_hold, "litigation hold items"),
        ]
        .into_iter()
        .filter_map(|(b, w)| b.then_some(w))
        .collect();
        let with = if on.is_empty() {
            "no changed or deleted items".into()
        } else {
            on.join(", ")
        };
        let without = if off.is_empty() {
            String::new()
        } else {
            format!("; without {}", off.join(", "))
        };
        format!("{with}{without}")
    }
    fn options_body(&self) -> Value {
        json!({
            "changedItems": self.changed_items,
            "deletedItems": self.deleted_items,
            "markRestoredAsUnread": self.mark_unread,
            "excludeDrafts": self.exclude_drafts,
            "excludeDeletedItems": self.exclude_deleted_items,
            "excludeInPlaceHoldItems": self.exclude_in_place_hold,
            "excludeLitigationHoldItems": self.exclude_litigation_hold,
        })
    }
}

/// What a restore of documents does with what it finds (the options the schema names).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreOptions {
    /// OneDrive: keep the document that is there and add the restored one beside it
    /// (`documentAction: Keep`), instead of overwriting it.
    pub keep_existing: bool,
    /// SharePoint and OneDrive copies: every version (`documentVersion: All`), not only the
    /// last.
    pub all_versions: bool,
    /// SharePoint and OneDrive copies: the last version merges with the current one instead
    /// of overwriting it.
    pub merge_last_version: bool,
    /// SharePoint: restore the documents' permissions too.
    pub restore_permissions: bool,
    /// SharePoint: tell the people a document was shared with by link.
    pub notify_shared_links: bool,
    /// Somewhere else than where it was.
    pub elsewhere: Option<Elsewhere>,
}

impl RestoreOptions {
    /// The verb of the path: `restore`, or the target's.
    pub fn verb(&self) -> &'static str {
        self.elsewhere.as_ref().map_or("restore", Elsewhere::verb)
    }

    fn versions_words(&self) -> String {
        let action = if self.merge_last_version {
            "merges with"
        } else {
            "overwrites"
        };
        if self.all_versions {
            format!("all versions; the last {action} the current one")
        } else {
            format!("the last version only, which {action} the current one")
        }
    }

    fn versions_body(&self) -> Value {
        json!({
            "documentVersion": if self.all_versions { "All" } else { "Last" },
            "documentLastVersionAction": if self.merge_last_version { "Merge" } else { "Overwrite" },
        })
    }

    /// The options of `what` in the words of the confirmation.
    pub fn words(&self, what: &RestoreWhat) -> String {
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        match (&self.elsewhere, what) {
            (Some(Elsewhere::Mailbox(e)), _) => e.words(),
            (Some(Elsewhere::OneDrive(_)), _) => self.versions_words(),
            (Some(Elsewhere::Site(_)), _) => format!(
                "{}; notify shared links: {}",
                self.versions_words(),
                yes_no(self.notify_shared_links)
            ),
            (
                None,
                RestoreWhat::Documents {
                    store: Store::OneDrive { .. },
                    ..
                },
            ) => {
                if self.keep_existing {
                    "a document that is there is kept; the restored one is added beside it".into()
                } else {
                    "a document that is there is overwritten".into()
                }
            }
            (None, RestoreWhat::Documents { .. }) => format!(
                "{}; permissions: {}; notify shared links: {}",
                self.versions_words(),
                yes_no(self.restore_permissions),
                yes_no(self.notify_shared_links),
            ),
            _ => "none: this restore takes only credentials".into(),
        }
    }

    /// The option fields of a restore of `what`, as the body names them.
    pub(super) fn body(&self, what: &RestoreWhat) -> Value {
        let mut body = match (&self.elsewhere, what) {
            (Some(Elsewhere::Mailbox(e)), _) => e.options_body(),
            (Some(Elsewhere::OneDrive(_)), _) => self.versions_body(),
            (Some(Elsewhere::Site(_)), _) => {
                let mut b = self.versions_body();
                b["sendSharedLinksNotification"] = json!(self.notify_shared_links);
                b
            }
            (
                None,
                RestoreWhat::Documents {
                    store: Store::OneDrive { .. },
                    ..
                },
            ) => json!({
                "documentAction": if self.keep_existing { "Keep" } else { "Overwrite" },
            }),
            (None, RestoreWhat::Documents { .. }) => {
                let mut b = self.versions_body();
                b["restorePermissions"] = json!(self.restore_permissions);
                b["sendSharedLinksNotification"] = json!(self.notify_shared_links);
                b
            }
            _ => json!({}),
        };
        if let (Some(target), Some(fields)) = (&self.elsewhere, body.as_object_mut())
            && let Value::Object(t) = target.body()
        {
            fields.extend(t);
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(store: Store) -> RestoreWhat {
        RestoreWhat::Documents {
            store,
            documents: Vec::new(),
        }
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
        let what = docs(Store::OneDrive {
            onedrive_id: "o".into(),
        });
        assert_eq!(options.verb(), "copyTo");
        assert_eq!(
            options.body(&what),
            json!({"documentVersion": "All", "documentLastVersionAction": "Overwrite",
                "onedrive": {"url": "https://contoso-my.sharepoint.com/personal/megan"},
                "folder": "Restored", "officeRegion": "USGovernment"})
        );
        if let Some(Elsewhere::OneDrive(d)) = &mut options.elsewhere {
            d.onedrive = "Megan Bowen".into();
        }
        assert_eq!(
            options.body(&what)["onedrive"],
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
    fn another_site_gets_its_url_and_no_permissions_field() {
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
        let body = options.body(&docs(Store::Site {
            site_id: "s".into(),
        }));
        assert_eq!(options.verb(), "restoreTo");
        assert_eq!(
            body["siteURL"],
            "https://contoso.sharepoint.com/sites/archive"
        );
        assert_eq!(body["list"], "Shared Documents");
        assert_eq!(body["organizationName"], "fabrikam.onmicrosoft.com");
        assert_eq!(body["sendSharedLinksNotification"], true);
        assert!(body.get("restorePermissions").is_none(), "{body}");
        assert!(body.get("officeRegion").is_none());
    }

    #[test]
    fn another_mailbox_takes_its_region_and_cas_server() {
        let options = RestoreOptions {
            elsewhere: Some(Elsewhere::Mailbox(ElsewhereOptions {
                mailbox: "archive@contoso.com".into(),
                cas_server: "cas01.contoso.local".into(),
                region: Some(Region::Germany),
                ..Default::default()
            })),
            ..Default::default()
        };
        let body = options.body(&RestoreWhat::Mailbox {
            mailbox_id: "m".into(),
        });
        assert_eq!(body["casServer"], "cas01.contoso.local");
        assert_eq!(body["officeRegion"], "Germany");
        assert!(body.get("officeOrganizationName").is_none());
        assert_eq!(body["excludeDrafts"], false);
    }
}
