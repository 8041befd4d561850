//! What an edit changes: the body to send against the organization as it was read, compared
//! setting by setting, so that the confirmation lists exactly what the `PUT` changes
//! (secrets never), whichever step the settings came from. Also what the stored settings
//! allow: a secret left empty is kept only while the service signs in as before.

use serde_json::{Map, Value};

use super::*;

/// One Microsoft 365 service's settings before and in the body to send, and the step that
/// fills them.
pub(super) struct Target<'a> {
    pub old: Option<&'a Office365ConnectionSettings>,
    pub new: Option<Office365ConnectionSettings>,
    pub feeder: Option<Service>,
}

/// Settings of the body the form never changes, or that the confirmation says otherwise.
const NOT_COMPARED: [&str; 6] = [
    "officeName",
    "userCode",
    "configureApplication",
    "applicationCertificatePassword",
    "_links",
    "_actions",
];

/// Secrets: never shown, never returned by the server.
const SECRETS: [&str; 3] = ["password", "applicationSecret", "applicationCertificate"];

pub(super) fn app_only(s: &Office365ConnectionSettings) -> bool {
    s.use_application_only_auth == Some(true)
}

/// How settings that are not app-only sign in, in a word.
pub(super) fn legacy_or_basic(s: &Office365ConnectionSettings) -> &'static str {
    if s.use_mfa == Some(true) || s.application_id.is_some() {
        "legacy"
    } else {
        "basic"
    }
}

impl Wizard {
    /// Exchange Online's and SharePoint Online's settings, before and to send.
    pub(super) fn targets(&self) -> Vec<Target<'_>> {
        let Some(e) = self.editing() else {
            return Vec::new();
        };
        let new = self.organization();
        let services = self.services();
        let first = services.first().copied();
        let spo_feeder = services.get(1).copied().or(first);
        vec![
            Target {
                old: e.original.exchange_online_settings.as_ref(),
                new: new.exchange_online_settings,
                feeder: first,
            },
            Target {
                old: e.original.share_point_online_settings.as_ref(),
                new: new.share_point_online_settings,
                feeder: spo_feeder,
            },
        ]
    }

    /// Whether a password or secret of step `p` left empty keeps the stored one: every
    /// service it fills signed in the same way before, with the same account (and, with
    /// legacy protocols, the same application).
    pub(super) fn keeps_secret(&self, p: Service) -> bool {
        let fed: Vec<Target> = self
            .targets()
            .into_iter()
            .filter(|t| t.feeder == Some(p) && t.new.is_some())
            .collect();
        !fed.is_empty()
            && fed.iter().all(|t| {
                let (Some(old), Some(new)) = (t.old, t.new.as_ref()) else {
                    return false;
                };
                let same = |a: &Option<String>, b: &Option<String>| {
                    a.as_deref()
                        .unwrap_or("")
                        .eq_ignore_ascii_case(b.as_deref().unwrap_or(""))
                };
                !app_only(old)
                    && !app_only(new)
                    && legacy_or_basic(old) == legacy_or_basic(new)
                    && same(&old.account, &new.account)
                    && same(&old.application_id, &new.application_id)
            })
    }

    /// Whether step `p` sets a service that used modern app-only authentication to basic or
    /// legacy: the server cannot go back.
    pub(super) fn going_back_from_app_only(&self, p: Service) -> bool {
        self.targets().into_iter().any(|t| {
            t.feeder == Some(p)
                && t.old.is_some_and(app_only)
                && t.new.as_ref().is_some_and(|n| !app_only(n))
        })
    }

    /// What the edit changes, old → new, in the order of the body. A secret typed shows as
    /// "a new one (not shown)"; one left empty is not a change.
    pub fn changes(&self) -> Vec<Change> {
        let Some(e) = self.editing() else {
            return Vec::new();
        };
        let old = flat(&crate::api::organization_body(self.version, &e.original));
        let new = flat(&crate::api::organization_body(
            self.version,
            &self.organization(),
        ));
        let mut keys: Vec<&String> = new.iter().map(|(k, _)| k).collect();
        keys.extend(
            old.iter()
                .map(|(k, _)| k)
                .filter(|k| !new.iter().any(|(n, _)| n == *k)),
        );
        let find = |list: &[(String, Value)], key: &str| {
            list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        };
        keys.into_iter()
            .filter(|k| !NOT_COMPARED.contains(&leaf(k)))
            .filter_map(|key| {
                let (before, after) = (find(&old, key), find(&new, key));
                if SECRETS.contains(&leaf(key)) {
                    return after.map(|_| Change {
                        label: label(key),
                        old: "the current one".into(),
                        new: "a new one (not shown)".into(),
                    });
                }
                let flag = matches!(
                    (&before, &after),
                    (Some(Value::Bool(_)), _) | (_, Some(Value::Bool(_)))
                );
                let (a, b) = (words(before.as_ref(), flag), words(after.as_ref(), flag));
                (a != b).then(|| Change {
                    label: label(key),
                    old: shown(&a),
                    new: match after {
                        Some(_) => shown(&b),
                        None => "(no longer sent)".into(),
                    },
                })
            })
            .collect()
    }
}

/// Every setting of a body, `section.key` for nested objects, in the body's order.
fn flat(body: &Value) -> Vec<(String, Value)> {
    fn walk(prefix: &str, map: &Map<String, Value>, out: &mut Vec<(String, Value)>) {
        for (k, v) in map {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                Value::Object(inner) => walk(&key, inner, out),
                Value::Null => {}
                other => out.push((key, other.clone())),
            }
        }
    }
    let mut out = Vec::new();
    if let Value::Object(map) = body {
        walk("", map, &mut out);
    }
    out
}

fn leaf(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

/// A value in words, absent the same as its default (off, or empty): the server leaves out
/// what is off.
fn words(v: Option<&Value>, flag: bool) -> String {
    match v {
        None if flag => "no".into(),
        None => String::new(),
        Some(Value::Bool(b)) => (if *b { "yes" } else { "no" }).into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn shown(words: &str) -> String {
    if words.is_empty() {
        "—".into()
    } else {
        words.to_string()
    }
}

/// A body's setting in an operator's words: "Exchange Online: application id".
fn label(key: &str) -> String {
    let (section, leaf) = match key.split_once('.') {
        Some((s, l)) => (Some(s), l),
        None => (None, key),
    };
    let section = section.map(|s| match s {
        "exchangeOnlineSettings" => "Exchange Online",
        "sharePointOnlineSettings" => "SharePoint Online",
        "exchangeSettings" => "Exchange server",
        "sharepointSettings" => "SharePoint server",
        other => other,
    });
    let what = match leaf {
        "type" => "Type",
        "region" => "Region",
        "description" => "Description",
        "isExchangeOnline" => "Exchange Online",
        "isSharePointOnline" => "SharePoint Online",
        "isTeamsOnline" => "Teams",
        "isTeamsChatsOnline" => "Teams chats",
        "isExchange" => "Exchange (on-prem)",
        "isSharepoint" => "SharePoint (on-prem)",
        "newApplicationName" => "New application",
        "useApplicationOnlyAuth" => "modern app-only",
        "officeOrganizationName" => "organization",
        "sharePointSaveAllWebParts" => "save all web parts",
        "account" => "account",
        "password" => "password",
        "grantAdminAccess" => "grant admin",
        "useMfa" => "account has MFA",
        "useCustomVeeamAADApplication" => "custom Veeam app",
        "applicationId" => "application id",
        "applicationSecret" => "app secret",
        "applicationCertificate" => "certificate",
        "applicationCertificateThumbprint" => "thumbprint",
        "serverName" => "server",
        "username" => "user",
        "useSSL" => "SSL",
        "skipCAverification" => "skip CA check",
        "skipCommonnameverification" => "skip name check",
        "skipRevocationcheck" => "skip revocation",
        "grantImpersonation" => "impersonation",
        "configureThrottlingpolicy" => "throttling",
        "serverPort" => "port",
        "grantAccesstositecollections" => "site access",
        other => other,
    };
    match section {
        Some(s) => format!("{s}: {what}"),
        None => what.to_string(),
    }
}
