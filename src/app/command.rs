//! What `update` asks the runtime to do. Commands carry everything a task needs.

use secrecy::SecretString;

use crate::api::Listing;
use crate::api::models::{ExploreOptions, Organization, SessionQuery};
use crate::api::{ApiVersion, Fingerprint, TrustMode};
use crate::poll::Vb365Code;

/// Where a device code comes from.
#[derive(Debug, Clone)]
pub enum CodeSpec {
    Vb365(Vb365Code),
    Microsoft {
        authority: String,
        tenant: String,
        client_id: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssertionGrant {
    Tenant,
    Operator,
}

#[derive(Debug)]
pub enum Command {
    /// Build a client for the server and detect its API version (or use `forced`).
    Connect {
        server: String,
        trust: TrustMode,
        forced: Option<ApiVersion>,
    },
    SignIn {
        user: String,
        password: SecretString,
    },
    /// Sign in with a Microsoft token document as the assertion.
    SignInAssertion {
        grant: AssertionGrant,
        client_id: String,
        assertion: SecretString,
    },
    /// Start polling a device code; updates arrive as `Action::Code`.
    StartCode {
        id: u64,
        spec: CodeSpec,
    },
    /// Stop polling (the screen was left or the operator cancelled).
    StopCode {
        id: u64,
    },
    /// Put text on the clipboard with OSC 52.
    Copy {
        text: String,
    },
    FetchServerBuild,
    LoadOrganizations,
    /// `POST /Organizations`; never retried automatically.
    CreateOrganization(Box<Organization>),
    /// Start a restore session: for one organization, or as the signed-in tenant.
    Explore {
        org_id: Option<String>,
        options: ExploreOptions,
    },
    /// Watch a session: it and its new events every few seconds while it works.
    WatchSession {
        id: String,
        known_events: u64,
    },
    StopWatching,
    StopSession {
        id: String,
    },
    LoadSessions(SessionQuery),
    LoadListing {
        session_id: String,
        listing: Listing,
        page: u64,
        page_size: u64,
        generation: u64,
    },
    /// Read PFX files for the wizard: (field key, path).
    ReadCertificates(Vec<(String, String)>),
    /// Store the fingerprint in the profile of this server (not in demo mode).
    RememberPin {
        server: String,
        fingerprint: Fingerprint,
        user: Option<String>,
    },
    SignOut,
    /// Give the terminal back to the shell (Ctrl-Z).
    Suspend,
    Quit,
}
