//! Putting data back (v6+): what a restore takes, the credentials it carries, and what it
//! answers. v6/v7 answer when the restore has finished, with its statistics; v8 answers a
//! session id at once, whose `Statistics` and `Events` follow the restore. A restore is sent
//! once and never retried automatically.

use std::time::Duration;

use reqwest::StatusCode;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::client::{Call, Client, http_error};
use super::error::ApiError;
use super::models::serialize_secret;
use super::seg;
use super::version::ApiVersion;

mod operator;
mod options;
mod specs;
mod stats;
mod what;

pub use options::{DriveTarget, Elsewhere, EmailTarget, MailTarget, PlaceKind, SiteTarget};
pub use specs::{Opt, OptKind, OptSpec, OptValue, RestoreOptions, SPECS, spec};
pub use stats::{BulkDetail, RestoreIssue, RestoreStats};
pub use what::RestoreWhat;

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
    /// None: items sent by e-mail go with the server's own e-mail settings.
    Server,
    /// The restore operator's own sign-in (`operatorRestore`), with the reason it requires;
    /// what to restore of the items is in the restore's options.
    Operator { reason: String },
}

impl Credential {
    /// What kind it is, for the task list and the record: a restore device code's code is
    /// left out (it signs in once and is of no use after).
    pub fn kind_words(&self) -> String {
        match self {
            Credential::DeviceCode { .. } => "the session's restore device code".into(),
            other => other.words(),
        }
    }

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
            Credential::Operator { reason } => {
                format!("the restore operator's sign-in; reason: {reason}")
            }
            Credential::Server => "none: the server sends it with its own e-mail settings".into(),
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
            Credential::Operator { .. } | Credential::Server => CredentialBody::default(),
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
        if self.sends() {
            return "Send items by e-mail";
        }
        self.what.op(self.options.elsewhere.is_some())
    }

    /// Whether it sends the items by e-mail instead of restoring them.
    pub fn sends(&self) -> bool {
        self.options
            .elsewhere
            .as_ref()
            .is_some_and(Elsewhere::is_email)
    }

    /// The options this restore's body takes.
    pub fn opts(&self, v: ApiVersion) -> Vec<Opt> {
        match self.credential {
            Credential::Operator { .. } => self.what.operator_opts(v),
            // A send takes no options, only where it goes.
            _ if self.sends() => Vec::new(),
            _ => self.what.opts(self.options.elsewhere.is_some(), v),
        }
    }

    /// Whether version `v` has this restore: from v6 every one; on v4/v5 only a mailbox's
    /// or its items' restore to where they were, the `Action` body the published clients
    /// of those versions document.
    pub fn offered_in(&self, v: ApiVersion) -> bool {
        v.has_mailbox_folders() || self.legacy_action().is_some()
    }

    /// The v4/v5 `Action` restore: `{"restoretoOriginallocation": {credentials, items}}`
    /// on the mailbox, its items or one item.
    fn legacy_action(&self) -> Option<(String, Map<String, Value>)> {
        if self.options.elsewhere.is_some()
            || matches!(
                self.credential,
                Credential::Operator { .. } | Credential::Server
            )
        {
            return None;
        }
        let mailboxes = format!(
            "RestoreSessions/{}/Organization/Mailboxes",
            seg(&self.session_id)
        );
        let mut inner = match serde_json::to_value(CredentialBody::from(&self.credential)) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        let path = match &self.what {
            RestoreWhat::Mailbox { mailbox_id } => {
                format!("{mailboxes}/{}/Action", seg(mailbox_id))
            }
            RestoreWhat::Items {
                mailbox_id,
                item_ids,
            } => match item_ids.as_slice() {
                [one] => format!("{mailboxes}/{}/Items/{}/Action", seg(mailbox_id), seg(one)),
                many => {
                    let items: Value = many.iter().map(|id| json!({ "Id": id })).collect();
                    inner.insert("items".into(), items);
                    format!("{mailboxes}/{}/Items/Action", seg(mailbox_id))
                }
            },
            _ => return None,
        };
        let mut body = Map::new();
        body.insert("restoretoOriginallocation".into(), Value::Object(inner));
        Some((path, body))
    }

    /// The path and body of the restore in version `v`.
    pub(crate) fn call(&self, v: ApiVersion) -> Call {
        if v.uses_action_endpoints()
            && let Some((path, body)) = self.legacy_action()
        {
            return Call::post(self.op(), path, Some(Value::Object(body)));
        }
        if let Credential::Operator { reason } = &self.credential {
            let (path, mut body) = self
                .what
                .operator_path(
                    &self.session_id,
                    v,
                    self.options.pick(Opt::DocumentVersion) == 1,
                )
                .unwrap_or_default();
            body.insert("reason".into(), json!(reason));
            self.options
                .put(&self.opts(v), self.what.is_tabs(), &mut body);
            return Call::post("Operator restore", path, Some(Value::Object(body)));
        }
        let mut body = match serde_json::to_value(CredentialBody::from(&self.credential)) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        // `restore` where it was; `restoreTo` another mailbox or site; `copyTo` another OneDrive.
        let (path, fields) = self.what.path(&self.session_id, self.options.verb(), v);
        body.extend(fields);
        // Bulk bodies spell the user name and password their own way.
        if let Some((user, password)) = self.what.password_keys() {
            for (from, to) in [("userName", user), ("userPassword", password)] {
                if let Some(value) = body.remove(from) {
                    body.insert(to.into(), value);
                }
            }
        }
        self.options
            .put(&self.opts(v), self.what.is_tabs(), &mut body);
        // One item sent to its own mailbox: the operation takes no body.
        let body = (!body.is_empty()).then_some(Value::Object(body));
        Call::post(self.op(), path, body)
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
        let v = self.version();
        if !restore.offered_in(v) {
            return Err(ApiError::Invalid {
                op: restore.op().into(),
                detail: format!(
                    "API {v} restores only a mailbox or its items, to where they were; this restore needs API v6 or later"
                ),
            });
        }
        let call = restore.call(self.version());
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
        // A send answers nothing (200 on v6/v7, 204 on v8): the items went.
        if restore.sends() {
            let sent = match &restore.what {
                RestoreWhat::Items { item_ids, .. } => item_ids.len() as u64,
                _ => 1,
            };
            return Ok(RestoreAnswer::Finished(Box::new(RestoreStats {
                sent: Some(sent),
                ..Default::default()
            })));
        }
        // v8 restores, and operator restores in every version, answer a session to follow.
        if self.version() >= ApiVersion::V8
            || matches!(restore.credential, Credential::Operator { .. })
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
        let call = restore.call(ApiVersion::V8);
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
