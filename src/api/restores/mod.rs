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

mod options;
mod stats;

pub use options::{DriveTarget, Elsewhere, ElsewhereOptions, RestoreOptions, SiteTarget};
pub use stats::{RestoreIssue, RestoreStats};

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
            RestoreWhat::Documents { .. } if self.options.elsewhere.is_some() => {
                "Restore documents elsewhere"
            }
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
        // `restore` where it was; `restoreTo` another mailbox or site; `copyTo` another OneDrive.
        let verb = self.options.verb();
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
                    [one] => format!("{at}/Documents/{}/{verb}", seg(&one.id)),
                    many => {
                        body["documents"] = serde_json::to_value(many).unwrap_or_default();
                        format!("{at}/Documents/{verb}")
                    }
                }
            }
        };
        Call::post(self.op(), path, Some(body))
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
