//! Typed client for the VB365 REST API, v4 to v8.

mod auth;
mod calls;
mod client;
mod detection;
pub mod downloads;
pub mod error;
mod listing;
pub mod models;
mod operations;
pub mod pager;
pub mod tls;
pub mod version;

pub use auth::{Identity, SignInKind};
pub use calls::{ApiCall, ApiReply, AssertionGrant, Row};
pub(crate) use client::retry_after;
pub use client::{Client, ClientConfig, RetryPolicy, normalize_server_url, server_url_problem};
pub use detection::Detection;
pub use downloads::{Download, Format, Source, TeamFileRef};
pub use error::ApiError;
pub use listing::{Listing, SearchScope, Store, TeamsKind, TeamsPlace};
pub use operations::{decode_organizations, organization_body};
pub use tls::{CertificateInfo, Fingerprint, TrustMode};
pub use version::ApiVersion;
