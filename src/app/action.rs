//! Everything that can happen to the app: keys, resizes, ticks, and task results.

use crossterm::event::KeyEvent;

use secrecy::SecretString;

use crate::api::models::Organization;
use crate::api::models::RestoreSession;
use crate::api::{ApiError, ApiVersion, SessionInfo};
use crate::app::state::BrowseItem;
use crate::poll::{CodeUpdate, SessionUpdate};

#[derive(Debug)]
pub enum Action {
    Key(KeyEvent),
    Resize(u16, u16),
    /// Animation tick (only while something animates).
    Tick,
    Detected {
        served: Vec<ApiVersion>,
        chosen: ApiVersion,
    },
    ConnectFailed(ApiError),
    SignedIn(SessionInfo),
    SignInFailed(ApiError),
    ServerBuild(Result<String, ApiError>),
    SignedOut,
    Organizations(Result<Vec<Organization>, ApiError>),
    OrganizationCreated(Box<Result<Organization, ApiError>>),
    /// Certificate files read for the wizard: (field key, Base64 or the reason).
    CertificatesRead(Vec<(String, Result<SecretString, String>)>),
    Explored(Box<Result<RestoreSession, ApiError>>),
    Session(Box<Result<SessionUpdate, ApiError>>),
    SessionStopped {
        id: String,
        result: Result<(), ApiError>,
    },
    Sessions(Result<Vec<RestoreSession>, ApiError>),
    /// One page of a restore session's contents.
    Listing {
        generation: u64,
        page: u64,
        result: Result<(Vec<BrowseItem>, Option<u64>), ApiError>,
    },
    /// A device code changed state.
    Code(CodeUpdate),
    /// A notice from the runtime (config written, …).
    Notice(String),
    /// The terminal is going away (SIGTERM, SIGHUP).
    Terminate,
}

impl Action {
    /// A task result saying the session is gone for good (expired and not renewable).
    pub fn session_expired(&self) -> bool {
        fn gone<T>(r: &Result<T, ApiError>) -> bool {
            matches!(r, Err(ApiError::SessionExpired { .. }))
        }
        match self {
            Action::ServerBuild(r) => gone(r),
            Action::Organizations(r) => gone(r),
            Action::OrganizationCreated(r) => gone(r),
            Action::Explored(r) => gone(r),
            Action::Session(r) => gone(r),
            Action::SessionStopped { result, .. } => gone(result),
            Action::Sessions(r) => gone(r),
            Action::Listing { result, .. } => gone(result),
            _ => false,
        }
    }
}
