//! What a restore does besides putting things back: the target of mail sent elsewhere and
//! the options of documents, in the schema's words and the operator's.

use serde_json::json;

use super::RestoreWhat;
use crate::api::listing::Store;

/// Another mailbox (and folder) for mail, instead of where it was (`restoreTo`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ElsewhereOptions {
    /// The target mailbox (its address).
    pub mailbox: String,
    /// A folder of it (its name); the server's default when empty.
    pub folder: String,
    /// Another Microsoft 365 organization, when the mailbox is in one.
    pub organization: String,
    pub changed_items: bool,
    pub deleted_items: bool,
    pub mark_unread: bool,
    pub exclude_drafts: bool,
    pub exclude_deleted_items: bool,
    pub exclude_in_place_hold: bool,
    pub exclude_litigation_hold: bool,
}

impl ElsewhereOptions {
    fn body(&self) -> serde_json::Value {
        let mut body = json!({
            "mailbox": self.mailbox,
            "changedItems": self.changed_items,
            "deletedItems": self.deleted_items,
            "markRestoredAsUnread": self.mark_unread,
            "excludeDrafts": self.exclude_drafts,
            "excludeDeletedItems": self.exclude_deleted_items,
            "excludeInPlaceHoldItems": self.exclude_in_place_hold,
            "excludeLitigationHoldItems": self.exclude_litigation_hold,
        });
        if !self.folder.is_empty() {
            body["folder"] = json!(self.folder);
        }
        if !self.organization.is_empty() {
            body["officeOrganizationName"] = json!(self.organization);
        }
        body
    }
    /// Where it goes, in words.
    pub fn target_words(&self) -> String {
        let folder = if self.folder.is_empty() {
            String::new()
        } else {
            format!(", folder {}", self.folder)
        };
        let org = if self.organization.is_empty() {
            String::new()
        } else {
            format!(" in {}", self.organization)
        };
        format!("mailbox {}{folder}{org}", self.mailbox)
    }
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
}

/// What a restore of documents does with what it finds (the options the schema names).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreOptions {
    /// OneDrive: keep the document that is there and add the restored one beside it
    /// (`documentAction: Keep`), instead of overwriting it.
    pub keep_existing: bool,
    /// SharePoint: every version (`documentVersion: All`), not only the last.
    pub all_versions: bool,
    /// SharePoint: the last version merges with the current one instead of overwriting it.
    pub merge_last_version: bool,
    /// SharePoint: restore the documents' permissions too.
    pub restore_permissions: bool,
    /// SharePoint: tell the people a document was shared with by link.
    pub notify_shared_links: bool,
    /// Mail: another mailbox instead of where it was.
    pub elsewhere: Option<ElsewhereOptions>,
}

impl RestoreOptions {
    /// The options of `what` in the words of the confirmation.
    pub fn words(&self, what: &RestoreWhat) -> String {
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        if let Some(e) = &self.elsewhere {
            return e.words();
        }
        match what {
            RestoreWhat::Documents {
                store: Store::OneDrive { .. },
                ..
            } => {
                if self.keep_existing {
                    "a document that is there is kept; the restored one is added beside it".into()
                } else {
                    "a document that is there is overwritten".into()
                }
            }
            RestoreWhat::Documents { .. } => format!(
                "{} versions; the last {} the current one; permissions: {}; notify shared links: {}",
                if self.all_versions {
                    "all"
                } else {
                    "the last of the"
                },
                if self.merge_last_version {
                    "merges with"
                } else {
                    "overwrites"
                },
                yes_no(self.restore_permissions),
                yes_no(self.notify_shared_links),
            ),
            _ => "none: this restore takes only credentials".into(),
        }
    }

    /// The option fields of a restore of `what`, as the body names them.
    pub(super) fn body(&self, what: &RestoreWhat) -> serde_json::Value {
        if let Some(e) = &self.elsewhere {
            return e.body();
        }
        match what {
            RestoreWhat::Documents {
                store: Store::OneDrive { .. },
                ..
            } => json!({
                "documentAction": if self.keep_existing { "Keep" } else { "Overwrite" },
            }),
            RestoreWhat::Documents { .. } => json!({
                "documentVersion": if self.all_versions { "All" } else { "Last" },
                "documentLastVersionAction": if self.merge_last_version { "Merge" } else { "Overwrite" },
                "restorePermissions": self.restore_permissions,
                "sendSharedLinksNotification": self.notify_shared_links,
            }),
            _ => json!({}),
        }
    }
}
