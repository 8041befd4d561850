//! Typed client for the VB365 REST API, v4 to v8.

pub mod actions;
mod address;
mod auth;
mod calls;
pub mod changes;
mod client;
pub mod dashboard;
mod detection;
pub mod downloads;
pub mod drill;
pub mod error;
pub mod graph;
mod listing;
pub mod models;
mod operations;
pub mod org_settings;
pub mod pager;
pub mod restores;
pub mod sync;
pub mod tls;
mod tokens;
pub mod version;

pub use address::{normalize_server_url, server_url_problem};
pub use calls::{ApiCall, ApiReply, AssertionGrant, Row};
pub(crate) use client::retry_after;
pub use client::{Client, ClientConfig, RetryPolicy};
pub use detection::Detection;
pub use downloads::{Download, Format, Source, TeamFileRef};
pub use error::ApiError;
pub use listing::{Listing, SearchScope, Store, TeamsKind, TeamsPlace};
pub use operations::{decode_organizations, organization_body};
pub use restores::{
    BulkDetail, Credential, DriveTarget, Elsewhere, EmailTarget, MailTarget, Opt, OptKind, OptSpec,
    OptValue, PlaceKind, Restore, RestoreAnswer, RestoreOptions, RestoreStats, RestoreWhat, SPECS,
    SiteTarget, spec,
};
pub use tls::{CertificateInfo, Fingerprint, TrustMode};
pub use tokens::{Identity, SignInKind};
pub use version::ApiVersion;

/// An id as one segment of a path: everything but letters, digits and `-_.~` is
/// percent-encoded, so an Exchange id holding `/`, `+` or `=` stays one segment.
pub(crate) fn seg(id: impl std::fmt::Display) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(&id.to_string(), SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_holding_slashes_or_plus_signs_stays_one_path_segment() {
        let listing = Listing::MailboxItems {
            mailbox_id: "a/b+c=".into(),
            folder_id: "f".into(),
        };
        assert_eq!(
            listing.path("s 1"),
            "RestoreSessions/s%201/organization/mailboxes/a%2Fb%2Bc%3D/items"
        );
        let one_item = Download {
            session_id: "s".into(),
            source: Source::Items {
                mailbox_id: "m-1".into(),
                item_ids: vec!["AAMk/x+y==".into()],
            },
            format: Format::Msg,
        };
        assert_eq!(
            one_item.call(ApiVersion::V8).path,
            "RestoreSessions/s/organization/mailboxes/m-1/items/AAMk%2Fx%2By%3D%3D/save"
        );
    }
}
