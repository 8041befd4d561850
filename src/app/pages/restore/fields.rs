//! The restore form's fields: every one a restore can show, in the order the form shows
//! them; which are visible depends on what is restored, where to, and how it signs in.

use crate::api::models::Region;
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
    ExcludeDrafts,
    ExcludeDeleted,
    ExcludeInPlaceHold,
    ExcludeLitigationHold,
    /// OneDrive: overwrite a document that is there, or keep both.
    Existing,
    /// SharePoint: the last version or all; the last overwrites or merges; permissions;
    /// shared-link notifications.
    Versions,
    LastVersion,
    Permissions,
    Notify,
    /// SharePoint lists and sites: list views, subsites, master pages.
    ListViews,
    Subsites,
    MasterPages,
    /// Teams: what changed, what is missing, members, settings, and files' versions.
    TeamsChanged,
    TeamsMissing,
    Members,
    Settings,
    FileVersions,
    /// Bulk: skip what cannot be resolved; restore the items of recent days first.
    SkipUnresolved,
    RecentDays,
    /// The restore operator's reason; what to restore of items (mail, lists, sites).
    Reason,
    Changed,
    Deleted,
    Unread,
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
pub(super) const EXISTING: &[&str] = &["overwrite it", "keep it and add the restored one"];
pub(super) const VERSIONS: &[&str] = &["the last version", "all versions"];
pub(super) const LAST_VERSION: &[&str] = &["overwrites the current one", "merges with the current one"];
/// The words of each way to sign in, in `CredentialKind::ALL`'s order.
pub(super) const CREDENTIALS: &[&str] = &[
    CredentialKind::ALL[0].1,
    CredentialKind::ALL[1].1,
    CredentialKind::ALL[2].1,
];
pub(super) const FILE_VERSIONS: &[&str] = &["the last version", "every version"];

/// Every field, with what is known ahead filled in: the session's restore device code and
/// how the organization's last restore signed in.
pub(super) fn all(choices: usize, known_code: &str, remembered: &RestoreSignIn) -> Vec<Field<RestoreKey>> {
    vec![
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
        Field::new(RestoreKey::ExcludeDrafts, "Skip drafts", Kind::Toggle, "do not restore drafts"),
        Field::new(RestoreKey::ExcludeDeleted, "Skip Deleted Items", Kind::Toggle, "do not restore the Deleted Items folder"),
        Field::new(RestoreKey::ExcludeInPlaceHold, "Skip in-place hold", Kind::Toggle, "do not restore items on in-place hold"),
        Field::new(RestoreKey::ExcludeLitigationHold, "Skip litigation hold", Kind::Toggle, "do not restore items on litigation hold"),
        Field::new(RestoreKey::Existing, "A document there", Kind::Choice(EXISTING), "what happens to a document that is where the restored one goes"),
        Field::new(RestoreKey::Versions, "Versions", Kind::Choice(VERSIONS), "which versions of each document"),
        Field::new(RestoreKey::LastVersion, "The last version", Kind::Choice(LAST_VERSION), "when the document is there"),
        Field::new(RestoreKey::Permissions, "Permissions", Kind::Toggle, "restore who may see and change each document"),
        Field::new(RestoreKey::Notify, "Notify shared links", Kind::Toggle, "e-mail the people a document was shared with by link"),
        Field::new(RestoreKey::ListViews, "List views", Kind::Toggle, "restore the views of each list").with_on(true),
        Field::new(RestoreKey::Subsites, "Subsites", Kind::Toggle, "restore the site's subsites too").with_on(true),
        Field::new(RestoreKey::MasterPages, "Master pages", Kind::Toggle, "restore the site's master pages"),
        Field::new(RestoreKey::TeamsChanged, "Changed items", Kind::Toggle, "restore what changed since the backup (required by the API)").with_on(true),
        Field::new(RestoreKey::TeamsMissing, "Missing items", Kind::Toggle, "restore what is missing now (required by the API)").with_on(true),
        Field::new(RestoreKey::Members, "Members", Kind::Toggle, "restore the members as they were"),
        Field::new(RestoreKey::Settings, "Settings", Kind::Toggle, "restore the team's settings as they were"),
        Field::new(RestoreKey::SkipUnresolved, "Skip unresolved", Kind::Toggle, "skip what cannot be found in Microsoft 365 instead of failing"),
        Field::new(RestoreKey::RecentDays, "Recent days first", Kind::Text, "optional: restore the items of this many recent days first"),
        Field::new(RestoreKey::FileVersions, "Versions", Kind::Choice(FILE_VERSIONS), "which versions of each file"),
        Field::new(RestoreKey::Reason, "Reason", Kind::Text, "why you restore this (required; it is logged on the server)"),
        Field::new(RestoreKey::Changed, "Changed items", Kind::Toggle, "restore items changed since the backup").with_on(true),
        Field::new(RestoreKey::Deleted, "Deleted items", Kind::Toggle, "restore items deleted since the backup").with_on(true),
        Field::new(RestoreKey::Unread, "Mark as unread", Kind::Toggle, "mark the restored items unread"),
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
    ]
}
