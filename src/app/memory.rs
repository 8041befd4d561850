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
}

impl Memory {
    /// The restore device code a session's restores signed in with.
    pub fn restore_code(&self, session_id: &str) -> Option<&str> {
        self.restore_codes.get(session_id).map(String::as_str)
    }

    pub fn remember_restore_code(&mut self, session_id: &str, code: &str) {
        self.restore_codes.insert(session_id.into(), code.into());
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
