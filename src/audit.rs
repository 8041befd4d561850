//! The audit lines of the log: one `info` line with the target `audit` for each sign-in,
//! organization added or edited, restore session started or stopped, restore sent and how it ended,
//! and file saved. They hold names, ids, paths and results, never a secret or a token.

use crate::api::{ApiCall, ApiError, ApiReply, Restore};
use crate::jobs::Record;

/// What a call is about, read before it is sent (the call is consumed by sending it).
pub enum About {
    SignIn {
        user: Option<String>,
    },
    AddOrganization {
        name: String,
    },
    /// An edit, and whether it authorizes the organization again with a device code.
    EditOrganization {
        id: String,
        reauthorize: bool,
    },
    StartSession {
        organization: Option<String>,
    },
    StopSession {
        id: String,
    },
    Other,
}

impl About {
    pub fn of(call: &ApiCall) -> About {
        match call {
            ApiCall::SignInPassword { user, .. } => About::SignIn {
                user: Some(user.clone()),
            },
            ApiCall::SignInAssertion { .. } => About::SignIn { user: None },
            ApiCall::CreateOrganization(org) => About::AddOrganization {
                name: org.name.clone().unwrap_or_default(),
            },
            ApiCall::UpdateOrganization { id, org } => About::EditOrganization {
                id: id.clone(),
                reauthorize: org.configure_application == Some(true),
            },
            ApiCall::Explore { org_id, .. } => About::StartSession {
                organization: org_id.clone(),
            },
            ApiCall::StopSession { id } => About::StopSession { id: id.clone() },
            _ => About::Other,
        }
    }

    /// Logs the line this call's answer is audited with, if any.
    pub fn answered(self, result: &Result<ApiReply, ApiError>, server: &str) {
        match (self, result) {
            (About::SignIn { .. }, Ok(ApiReply::SignedIn(who))) => {
                tracing::info!(target: "audit", server, "signed in: {}", who.words());
            }
            (About::SignIn { user }, Err(e)) => tracing::info!(
                target: "audit",
                server,
                "sign-in refused for {}: {e}",
                user.as_deref().unwrap_or("a device-code sign-in")
            ),
            (About::AddOrganization { .. }, Ok(ApiReply::OrganizationCreated(org))) => {
                tracing::info!(
                    target: "audit",
                    server,
                    "organization added: {} (id {})",
                    org.name.as_deref().unwrap_or("?"),
                    org.id.as_deref().unwrap_or("?")
                );
            }
            (About::AddOrganization { name }, Err(e)) => {
                tracing::info!(target: "audit", server, "organization {name} not added: {e}");
            }
            (About::EditOrganization { id, reauthorize }, Ok(_)) => tracing::info!(
                target: "audit",
                server,
                "organization edited: {id}{}",
                if reauthorize { ", authorized again with a device code" } else { "" }
            ),
            (About::EditOrganization { id, .. }, Err(e)) => {
                tracing::info!(target: "audit", server, "organization {id} not edited: {e}");
            }
            (About::StartSession { .. }, Ok(ApiReply::Session(s))) => tracing::info!(
                target: "audit",
                server,
                "restore session started: {} of {}",
                s.id,
                s.organization.as_deref().unwrap_or("the signed-in tenant")
            ),
            (About::StopSession { .. }, Ok(ApiReply::Stopped { id })) => {
                tracing::info!(target: "audit", server, "restore session stopped: {id}");
            }
            _ => {}
        }
    }
}

/// A restore as it is sent: what operation, in which session, signing in how.
pub fn restore_sent(restore: &Restore, server: &str) {
    tracing::info!(
        target: "audit",
        server,
        session = restore.session_id.as_str(),
        "restore sent: {}, signing in with {}",
        restore.op(),
        restore.credential.kind_words()
    );
}

/// A restore, a send or a save as it ended (a saved file's path and size are in the result).
pub fn task_ended(record: &Record) {
    tracing::info!(
        target: "audit",
        server = record.server.as_str(),
        who = record.who.as_str(),
        "{} {}: {} to {}: {}; {} errors, {} warnings",
        record.kind,
        record.state,
        record.what,
        record.to,
        record.result,
        record.errors.len(),
        record.warnings.len()
    );
}
