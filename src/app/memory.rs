//! What pages remember for each other during a run: a restore session's device code, how
//! an organization's last restore signed in, and the add-organization draft. Kept in
//! `Shared`, read and written only through these methods; nothing here is a secret.

use std::collections::HashMap;

use super::onboarding::Wizard;

/// How a restore signs in to Microsoft 365, in the order the restore form offers them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CredentialKind {
    #[default]
    DeviceCode,
    Certificate,
    Password,
}

impl CredentialKind {
    /// Every kind, in the form's order, with its words there.
    pub const ALL: [(CredentialKind, &'static str); 3] = [
        (CredentialKind::DeviceCode, "restore device code"),
        (
            CredentialKind::Certificate,
            "application certificate (PFX file)",
        ),
        (CredentialKind::Password, "user name and password"),
    ];

    /// The kind at a position of the form's choice.
    pub fn at(choice: usize) -> CredentialKind {
        Self::ALL
            .get(choice)
            .map_or(CredentialKind::DeviceCode, |(k, _)| *k)
    }

    /// Its position in the form's choice.
    pub fn position(self) -> usize {
        Self::ALL.iter().position(|(k, _)| *k == self).unwrap_or(0)
    }
}

/// How a restore signed in, without the secret, to offer first next time: the kind, the
/// application id, the PFX file's path, the account and the account impersonated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreSignIn {
    pub kind: CredentialKind,
    pub application_id: String,
    pub certificate_file: String,
    pub user: String,
    pub impersonation: String,
}

#[derive(Debug, Default)]
pub struct Memory {
    /// Restore device codes used to sign in, one a restore session.
    restore_codes: HashMap<String, String>,
    /// How the last restore of each organization signed in.
    restore_sign_ins: HashMap<String, RestoreSignIn>,
    /// The add-organization draft, kept until it is submitted successfully.
    organization_draft: Option<Box<Wizard>>,
    /// Each restore session browsed, in words, for the tasks started in it.
    sessions: HashMap<String, String>,
    /// Mailbox names by id, as listed: an organization-wide search names the mailbox of
    /// each hit with them.
    mailbox_names: HashMap<String, String>,
}

impl Memory {
    /// The restore device code a session's restores signed in with.
    pub fn restore_code(&self, session_id: &str) -> Option<&str> {
        self.restore_codes.get(session_id).map(String::as_str)
    }

    pub fn remember_restore_code(&mut self, session_id: &str, code: &str) {
        self.restore_codes.insert(session_id.into(), code.into());
    }

    /// A restore session in words: "restore session of Contoso (1a2b3c4d)".
    pub fn session_words(&self, session_id: &str) -> String {
        self.sessions
            .get(session_id)
            .cloned()
            .unwrap_or_else(|| format!("restore session {}", short_id(session_id)))
    }

    pub fn remember_session(&mut self, session_id: &str, organization: Option<&str>) {
        let words = match organization {
            Some(org) => format!("restore session of {org} ({})", short_id(session_id)),
            None => format!("restore session {}", short_id(session_id)),
        };
        self.sessions.insert(session_id.into(), words);
    }

    /// The name of a mailbox listed in this run.
    pub fn mailbox_name(&self, mailbox_id: &str) -> Option<&str> {
        self.mailbox_names.get(mailbox_id).map(String::as_str)
    }

    pub fn remember_mailbox(&mut self, mailbox_id: &str, name: &str) {
        if !self.mailbox_names.contains_key(mailbox_id) {
            self.mailbox_names.insert(mailbox_id.into(), name.into());
        }
    }

    /// How the organization's last restore signed in.
    pub fn restore_sign_in(&self, organization: &str) -> Option<&RestoreSignIn> {
        self.restore_sign_ins.get(organization)
    }

    pub fn remember_restore_sign_in(&mut self, organization: &str, sign_in: RestoreSignIn) {
        self.restore_sign_ins.insert(organization.into(), sign_in);
    }

    /// The add-organization draft, taken to continue it.
    pub fn take_organization_draft(&mut self) -> Option<Box<Wizard>> {
        self.organization_draft.take()
    }

    /// The add-organization draft kept while its page is not open.
    pub fn organization_draft(&self) -> Option<&Wizard> {
        self.organization_draft.as_deref()
    }

    pub fn keep_organization_draft(&mut self, draft: Option<Box<Wizard>>) {
        self.organization_draft = draft;
    }
}

/// The first block of an id, enough to tell sessions apart in words.
fn short_id(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}
