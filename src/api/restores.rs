//! Putting data back (v6+): what a restore takes, the credentials it carries, and what it
//! answers. v6/v7 answer when the restore has finished, with its statistics; v8 answers a
//! session id at once, whose `Statistics` and `Events` follow the restore. A restore is sent
//! once and never retried automatically.

use std::time::Duration;

use reqwest::StatusCode;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::client::{Call, Client, http_error};
use super::error::ApiError;
use super::listing::Store;
use super::models::{DriveItem, Timestamp, serialize_secret};
use super::seg;
use super::version::ApiVersion;

/// What a restore puts back, to where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreWhat {
    Mailbox {
        mailbox_id: String,
    },
    Folder {
        mailbox_id: String,
        folder_id: String,
    },
    /// Items of one mailbox (one item uses the item's own operation).
    Items {
        mailbox_id: String,
        item_ids: Vec<String>,
    },
    /// Documents of a OneDrive or a SharePoint site, as listed (several are sent back whole,
    /// as the API asks; one uses the document's own operation).
    Documents {
        store: Store,
        documents: Vec<DriveItem>,
    },
    /// The posts of a Teams channel, those posted from `from` to `to` when given (the API
    /// restores posts by channel and time, not one by one).
    Posts {
        team_id: String,
        channel_id: String,
        from: Option<Timestamp>,
        to: Option<Timestamp>,
    },
}

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
    fn body(&self, what: &RestoreWhat) -> serde_json::Value {
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

/// How the restore signs in to Microsoft 365 (flat fields of every restore body from v6).
#[derive(Clone, Debug)]
pub enum Credential {
    /// A restore device code of the session, already used (signed in).
    DeviceCode { user_code: String },
    /// An application and its certificate (a PFX file, Base64) with the file's password.
    Certificate {
        application_id: String,
        pfx_base64: SecretString,
        password: SecretString,
    },
    /// A user name and password; Exchange may name an account to impersonate.
    Password {
        user: String,
        password: SecretString,
        impersonation: Option<String>,
    },
    /// The restore operator's own sign-in (`operatorRestore`, mail items only here), with
    /// the reason it requires and what to restore of the items.
    Operator(OperatorOptions),
}

/// What an operator restore of mail items says and does (`RESTOperatorRestoreOptions`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperatorOptions {
    pub reason: String,
    /// Restore items changed since the backup.
    pub changed_items: bool,
    /// Restore items deleted since the backup.
    pub deleted_items: bool,
    /// Mark restored items as unread.
    pub mark_unread: bool,
}

impl Credential {
    /// What it is, in words, never the secret.
    pub fn words(&self) -> String {
        match self {
            Credential::DeviceCode { user_code } => format!("restore device code {user_code}"),
            Credential::Certificate { application_id, .. } => {
                format!("application {application_id} with its certificate")
            }
            Credential::Password {
                user,
                impersonation: Some(account),
                ..
            } => format!("{user} (password), impersonating {account}"),
            Credential::Password { user, .. } => format!("{user} (password)"),
            Credential::Operator(o) => {
                format!("the restore operator's sign-in; reason: {}", o.reason)
            }
        }
    }
}

/// The credential fields of a restore body, secrets exposed only while serialized.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct CredentialBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    user_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    application_id: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_secret"
    )]
    application_certificate: Option<SecretString>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_secret"
    )]
    application_certificate_password: Option<SecretString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_name: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_secret"
    )]
    user_password: Option<SecretString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    impersonation_account_name: Option<String>,
}

impl From<&Credential> for CredentialBody {
    fn from(c: &Credential) -> Self {
        match c.clone() {
            Credential::DeviceCode { user_code } => CredentialBody {
                user_code: Some(user_code),
                ..Default::default()
            },
            Credential::Certificate {
                application_id,
                pfx_base64,
                password,
            } => CredentialBody {
                application_id: Some(application_id),
                application_certificate: Some(pfx_base64),
                application_certificate_password: Some(password),
                ..Default::default()
            },
            Credential::Password {
                user,
                password,
                impersonation,
            } => CredentialBody {
                user_name: Some(user),
                user_password: Some(password),
                impersonation_account_name: impersonation,
                ..Default::default()
            },
            // The operator's token is the authority; the body carries no credentials.
            Credential::Operator(_) => CredentialBody::default(),
        }
    }
}

/// One restore: what, from which session, with which credential.
#[derive(Clone, Debug)]
pub struct Restore {
    pub session_id: String,
    pub what: RestoreWhat,
    pub credential: Credential,
    pub options: RestoreOptions,
}

impl Restore {
    pub fn op(&self) -> &'static str {
        match self.what {
            RestoreWhat::Mailbox { .. } => "Restore a mailbox",
            RestoreWhat::Folder { .. } => "Restore a folder",
            RestoreWhat::Items { .. } if self.options.elsewhere.is_some() => {
                "Restore items elsewhere"
            }
            RestoreWhat::Items { .. } => "Restore items",
            RestoreWhat::Documents { .. } => "Restore documents",
            RestoreWhat::Posts { .. } => "Restore posts",
        }
    }

    /// The path and body of the restore to the original location.
    pub(crate) fn call(&self) -> Call {
        if let (
            Credential::Operator(o),
            RestoreWhat::Items {
                mailbox_id,
                item_ids,
            },
        ) = (&self.credential, &self.what)
        {
            let body = json!({
                "items": item_ids.iter().map(|id| json!({ "id": id })).collect::<Vec<_>>(),
                "reason": o.reason,
                "changedItems": o.changed_items,
                "deletedItems": o.deleted_items,
                "markRestoredAsUnread": o.mark_unread,
            });
            let path = format!(
                "RestoreSessions/{}/organization/mailboxes/{}/items/operatorRestore",
                seg(&self.session_id),
                seg(mailbox_id)
            );
            return Call::post("Operator restore", path, Some(body));
        }
        let mailboxes = format!(
            "RestoreSessions/{}/organization/mailboxes",
            seg(&self.session_id)
        );
        let mut body = serde_json::to_value(CredentialBody::from(&self.credential))
            .unwrap_or_else(|_| json!({}));
        if let (Some(fields), Some(options)) = (
            body.as_object_mut(),
            self.options.body(&self.what).as_object().cloned(),
        ) {
            fields.extend(options);
        }
        // Mail to another mailbox goes to `restoreTo`, the rest to `restore`.
        let verb = if self.options.elsewhere.is_some() {
            "restoreTo"
        } else {
            "restore"
        };
        let path = match &self.what {
            RestoreWhat::Mailbox { mailbox_id } => {
                format!("{mailboxes}/{}/{verb}", seg(mailbox_id))
            }
            RestoreWhat::Folder {
                mailbox_id,
                folder_id,
            } => format!(
                "{mailboxes}/{}/folders/{}/{verb}",
                seg(mailbox_id),
                seg(folder_id)
            ),
            RestoreWhat::Items {
                mailbox_id,
                item_ids,
            } => match item_ids.as_slice() {
                [one] => format!("{mailboxes}/{}/items/{}/{verb}", seg(mailbox_id), seg(one)),
                many => {
                    body["items"] = many.iter().map(|id| json!({ "id": id })).collect();
                    format!("{mailboxes}/{}/items/{verb}", seg(mailbox_id))
                }
            },
            RestoreWhat::Posts {
                team_id,
                channel_id,
                from,
                to,
            } => {
                body["channelId"] = json!(channel_id);
                if let Some(from) = from {
                    body["from"] = json!(from.to_wire());
                }
                if let Some(to) = to {
                    body["to"] = json!(to.to_wire());
                }
                format!(
                    "RestoreSessions/{}/organization/teams/{}/posts/restore",
                    seg(&self.session_id),
                    seg(team_id)
                )
            }
            RestoreWhat::Documents { store, documents } => {
                let at = store.path(&self.session_id);
                match documents.as_slice() {
                    [one] => format!("{at}/Documents/{}/restore", seg(&one.id)),
                    many => {
                        body["documents"] = serde_json::to_value(many).unwrap_or_default();
                        format!("{at}/Documents/restore")
                    }
                }
            }
        };
        Call::post(self.op(), path, Some(body))
    }
}

/// What a restore did: v6/v7 count created and merged items; v8 counts restored ones and
/// the total.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreStats {
    #[serde(default)]
    pub created_items_count: Option<u64>,
    #[serde(default)]
    pub merged_items_count: Option<u64>,
    #[serde(default)]
    pub failed_folders_count: Option<u64>,
    #[serde(default)]
    pub total_items_count: Option<u64>,
    #[serde(default)]
    pub restored_items_count: Option<u64>,
    #[serde(default)]
    pub failed_items_count: Option<u64>,
    #[serde(default)]
    pub skipped_items_count: Option<u64>,
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
    /// v8's errors.
    #[serde(default)]
    pub errors: Option<Vec<String>>,
    /// v6/v7's errors.
    #[serde(default)]
    pub exceptions: Option<Vec<String>>,
    /// v6/v7: why the restore stopped before its end.
    #[serde(default)]
    pub cannot_continue_error: Option<String>,
    /// v6/v7 OneDrive and SharePoint: skipped for an error, or for having no changes.
    #[serde(default)]
    pub skipped_items_by_error_count: Option<u64>,
    #[serde(default)]
    pub skipped_items_by_no_changes_count: Option<u64>,
    /// v6/v7 OneDrive, SharePoint and Teams: what went wrong with which object.
    #[serde(default)]
    pub restore_issues: Option<Vec<RestoreIssue>>,
}

/// One object a restore had trouble with (`RESTRestoreObject`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreIssue {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
}

impl RestoreIssue {
    fn name(&self) -> String {
        self.title
            .clone()
            .or_else(|| self.path.clone())
            .unwrap_or_else(|| "an object".into())
    }
}

impl RestoreStats {
    /// Every error text the server gave.
    pub fn errors(&self) -> Vec<String> {
        let mut all: Vec<String> = self.cannot_continue_error.iter().cloned().collect();
        all.extend(self.exceptions.iter().flatten().cloned());
        all.extend(self.errors.iter().flatten().cloned());
        for issue in self.restore_issues.iter().flatten() {
            if let Some(e) = &issue.error {
                all.push(format!("{}: {e}", issue.name()));
            }
        }
        all
    }
    pub fn warnings(&self) -> Vec<String> {
        let mut all: Vec<String> = self.warnings.iter().flatten().cloned().collect();
        for issue in self.restore_issues.iter().flatten() {
            let name = issue.name();
            all.extend(
                issue
                    .warnings
                    .iter()
                    .flatten()
                    .map(|w| format!("{name}: {w}")),
            );
        }
        all
    }
    /// Items skipped, however the server counts them.
    fn skipped(&self) -> u64 {
        self.skipped_items_count.unwrap_or(0)
            + self.skipped_items_by_error_count.unwrap_or(0)
            + self.skipped_items_by_no_changes_count.unwrap_or(0)
    }
    /// Items done so far, whatever became of them (v8).
    pub fn processed(&self) -> u64 {
        self.restored_items_count.unwrap_or(0)
            + self.failed_items_count.unwrap_or(0)
            + self.skipped()
    }
    /// Whether a v8 restore has processed every item it counts.
    pub fn complete(&self) -> bool {
        self.total_items_count
            .is_some_and(|t| t > 0 && self.processed() >= t)
    }
    /// "3 created, 1 merged, 0 skipped, 0 failed" (v6/v7) or "4 of 4 restored, …" (v8).
    pub fn summary(&self) -> String {
        let n = |v: Option<u64>| v.unwrap_or(0);
        let tail = format!(
            "{} skipped, {} failed",
            self.skipped(),
            n(self.failed_items_count)
        );
        match self.total_items_count {
            Some(total) => format!(
                "{} of {total} restored, {tail}",
                n(self.restored_items_count)
            ),
            None => format!(
                "{} created, {} merged, {tail}",
                n(self.created_items_count),
                n(self.merged_items_count)
            ),
        }
    }
}

/// How the server answered a restore.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreAnswer {
    /// v6/v7: done, with its statistics.
    Finished(Box<RestoreStats>),
    /// v8: started; follow this session's statistics and events.
    Started { session_id: String },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Started {
    session_id: String,
}

impl Client {
    /// Sends a restore once (never again on its own, whatever fails) and waits up to
    /// `timeout` for the answer: v6/v7 answer only when the restore has ended.
    pub async fn restore(
        &self,
        restore: &Restore,
        timeout: Duration,
    ) -> Result<RestoreAnswer, ApiError> {
        self.require(restore.op(), ApiVersion::has_mailbox_folders)?;
        let call = restore.call();
        let resp = self.send_streaming(&call, timeout).await?;
        let status = resp.status();
        let url = self.url(self.version(), &call.path);
        let body = resp
            .bytes()
            .await
            .map_err(|e| self.transport_error(call.op, &url, e))?;
        if !status.is_success() {
            return Err(http_error(call.op, status, &body));
        }
        // v8 restores, and operator restores in every version, answer a session to follow.
        if self.version() >= ApiVersion::V8 || matches!(restore.credential, Credential::Operator(_))
        {
            let s: Started = super::client::decode(call.op, &body)?;
            return Ok(RestoreAnswer::Started {
                session_id: s.session_id,
            });
        }
        let stats = if status == StatusCode::NO_CONTENT || body.is_empty() {
            RestoreStats::default()
        } else {
            super::client::decode(call.op, &body)?
        };
        Ok(RestoreAnswer::Finished(Box::new(stats)))
    }

    /// The statistics of a restore that runs on its own (v8).
    pub async fn restore_statistics(&self, session_id: &str) -> Result<RestoreStats, ApiError> {
        self.require("Read restore statistics", |v| v >= ApiVersion::V8)?;
        let call = Call::get(
            "Read restore statistics",
            format!("RestoreSessions/{}/Statistics", seg(session_id)),
        );
        self.call_json(call).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restore_carries_only_the_chosen_credential_and_says_it_without_the_secret() {
        let restore = Restore {
            session_id: "s".into(),
            what: RestoreWhat::Items {
                mailbox_id: "m".into(),
                item_ids: vec!["a".into(), "b".into()],
            },
            credential: Credential::Password {
                user: "admin@contoso.com".into(),
                password: SecretString::from("pa55-word"),
                impersonation: None,
            },
            options: RestoreOptions::default(),
        };
        let call = restore.call();
        assert_eq!(
            call.path,
            "RestoreSessions/s/organization/mailboxes/m/items/restore"
        );
        let super::super::client::Body::Json(body) = &call.body else {
            panic!("a JSON body");
        };
        assert_eq!(
            body,
            &json!({"userName": "admin@contoso.com", "userPassword": "pa55-word",
                "items": [{"id": "a"}, {"id": "b"}]})
        );
        assert!(!restore.credential.words().contains("pa55"));
        assert!(!format!("{:?}", restore.credential).contains("pa55"));
    }

    #[test]
    fn statistics_sum_up_both_shapes() {
        let v7: RestoreStats = serde_json::from_value(json!({"createdItemsCount": 3,
            "mergedItemsCount": 1, "failedItemsCount": 0, "skippedItemsCount": 2,
            "exceptions": ["x failed"], "warnings": ["w"]}))
        .unwrap();
        assert_eq!(v7.summary(), "3 created, 1 merged, 2 skipped, 0 failed");
        assert_eq!(v7.errors(), ["x failed"]);
        let v8: RestoreStats = serde_json::from_value(json!({"totalItemsCount": 4,
            "restoredItemsCount": 3, "failedItemsCount": 1, "skippedItemsCount": 0,
            "items": []}))
        .unwrap();
        assert!(v8.complete());
        assert_eq!(v8.summary(), "3 of 4 restored, 0 skipped, 1 failed");
    }
}
