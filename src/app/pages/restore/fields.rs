//! The restore form's fields: every one a restore can show, in the order the form shows
//! them; which are visible depends on what is restored, where to, and how it signs in.

use crate::api::models::Region;
use crate::api::{Opt, OptKind, OptSpec, SPECS};
use crate::app::forms::{Field, Kind};
use crate::app::memory::{CredentialKind, RestoreSignIn};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreKey {
    What,
    /// Mail: where it was, or another mailbox (and folder, organization).
    Target,
    /// Mail items: the same, or sent by e-mail.
    ItemsTarget,
    /// An e-mail of the items: to the original mailbox or another address; from, subject
    /// and text.
    SendTo,
    SendAddress,
    SendFrom,
    SendSubject,
    SendText,
    /// OneDrive: where it was, or a copy in another OneDrive (and folder).
    DriveTarget,
    /// SharePoint: where it was, or another site (and library or list).
    SiteTarget,
    TargetMailbox,
    TargetOneDrive,
    TargetSite,
    TargetFolder,
    TargetList,
    TargetOrganization,
    TargetRegion,
    CasServer,
    /// The restore operator's reason (required; logged on the server).
    Reason,
    /// An option of the body, as `SPECS` words it.
    Opt(Opt),
    Credential,
    Code,
    AppId,
    CertFile,
    CertPassword,
    User,
    Password,
    Impersonation,
}

pub(super) const TARGETS: &[&str] = &["where it was", "another mailbox"];
pub(super) const ITEMS_TARGETS: &[&str] = &["where it was", "another mailbox", "sent by e-mail"];
pub(super) const SEND_TO: &[&str] = &["the original mailbox", "another address"];
pub(super) const DRIVE_TARGETS: &[&str] = &["where it was", "a copy in another OneDrive"];
pub(super) const SITE_TARGETS: &[&str] = &["where it was", "another site"];
/// The target organization's region: none sent (the server's own), or one of the API's.
pub(super) const REGIONS: &[&str] = &[
    "not sent (the server's default)",
    "Worldwide",
    "US Government (GCC)",
    "US Government (DoD)",
    "China (21Vianet)",
    "Germany",
];
pub(super) const REGION_VALUES: [Region; 5] = [
    Region::Worldwide,
    Region::USGovernment,
    Region::USDefence,
    Region::China,
    Region::Germany,
];
/// The words of each way to sign in, in `CredentialKind::ALL`'s order.
pub(super) const CREDENTIALS: &[&str] = &[
    CredentialKind::ALL[0].1,
    CredentialKind::ALL[1].1,
    CredentialKind::ALL[2].1,
];

/// Every field, with what is known ahead filled in: the session's restore device code and
/// how the organization's last restore signed in.
pub(super) fn all(choices: usize, known_code: &str, remembered: &RestoreSignIn) -> Vec<Field<RestoreKey>> {
    let mut fields = vec![
        Field::new(RestoreKey::What, "What", Kind::Pick(choices), "what to restore"),
        Field::new(RestoreKey::Target, "Restore to", Kind::Choice(TARGETS), "the original location, or another mailbox"),
        Field::new(RestoreKey::ItemsTarget, "Restore to", Kind::Choice(ITEMS_TARGETS), "the original location, another mailbox, or attached to an e-mail"),
        Field::new(RestoreKey::SendTo, "Send to", Kind::Choice(SEND_TO), "the mailbox the items are from, or another address"),
        Field::new(RestoreKey::SendAddress, "Address", Kind::Text, "the e-mail address to send them to"),
        Field::new(RestoreKey::SendFrom, "From", Kind::Text, "optional: the sender (the server's e-mail settings when empty)"),
        Field::new(RestoreKey::SendSubject, "Subject", Kind::Text, "optional: the e-mail's subject"),
        Field::new(RestoreKey::SendText, "Text", Kind::Text, "optional: the e-mail's text"),
        Field::new(RestoreKey::DriveTarget, "Restore to", Kind::Choice(DRIVE_TARGETS), "the original location, or a copy in another OneDrive"),
        Field::new(RestoreKey::SiteTarget, "Restore to", Kind::Choice(SITE_TARGETS), "the original location, or another site"),
        Field::new(RestoreKey::TargetMailbox, "Mailbox", Kind::Text, "the mailbox to restore to (its address)"),
        Field::new(RestoreKey::TargetOneDrive, "OneDrive", Kind::Text, "the OneDrive to copy to: its URL, or its owner's name"),
        Field::new(RestoreKey::TargetSite, "Site URL", Kind::Text, "the site to restore to (https://…)"),
        Field::new(RestoreKey::TargetFolder, "Folder", Kind::Text, "optional: a folder of it (the server's default when empty)"),
        Field::new(RestoreKey::TargetList, "Library or list", Kind::Text, "optional: a library or list of the site (the server's default when empty)"),
        Field::new(RestoreKey::TargetOrganization, "Organization", Kind::Text, "optional: another Microsoft 365 organization it is in"),
        Field::new(RestoreKey::TargetRegion, "Region", Kind::Choice(REGIONS), "the region of that organization, when it is not the server's default"),
        Field::new(RestoreKey::CasServer, "CAS server", Kind::Text, "optional: an Exchange server with the Client Access role to restore through"),
        Field::new(RestoreKey::Reason, "Reason", Kind::Text, "why you restore this (required; it is logged on the server)"),
    ];
    fields.extend(SPECS.iter().filter(|s| s.has_field()).map(option_field));
    fields.extend([
        Field::new(RestoreKey::Credential, "Sign in with", Kind::Choice(CREDENTIALS), "how the restore signs in to Microsoft 365 (the last way used for this organization first)")
            .with_choice(remembered.kind.position()),
        Field::new(RestoreKey::Code, "Device code", Kind::Text, "a code already used to sign in; empty: Enter gets one")
            .with_text(known_code),
        Field::new(RestoreKey::AppId, "Application id", Kind::Text, "the Microsoft Entra application (GUID)")
            .with_text(&remembered.application_id),
        Field::new(RestoreKey::CertFile, "Certificate file", Kind::Path, "a PFX file with its private key, on this machine")
            .with_text(&remembered.certificate_file),
        Field::new(RestoreKey::CertPassword, "File password", Kind::Secret, "the PFX file's password"),
        Field::new(RestoreKey::User, "User name", Kind::Text, "an account allowed to restore (user@tenant)")
            .with_text(&remembered.user),
        Field::new(RestoreKey::Password, "Password", Kind::Secret, "its password"),
        Field::new(RestoreKey::Impersonation, "Impersonate", Kind::Text, "the account to impersonate (optional; a restore operator's team restore needs one)")
            .with_text(&remembered.impersonation),
    ]);
    fields
}

/// The form's field of an option, as its row in `SPECS` says.
fn option_field(spec: &OptSpec) -> Field<RestoreKey> {
    let key = RestoreKey::Opt(spec.opt);
    match &spec.kind {
        OptKind::Toggle { on } => Field::new(key, spec.label, Kind::Toggle, spec.help).with_on(*on),
        OptKind::Skip => Field::new(key, spec.label, Kind::Toggle, spec.help),
        OptKind::Choice { labels, .. } => Field::new(key, spec.label, Kind::Choice(labels), spec.help),
        OptKind::Days | OptKind::Account => Field::new(key, spec.label, Kind::Text, spec.help),
    }
}
