//! Everything that can happen to the app: keys, resizes, ticks, and what tasks report.

use crossterm::event::KeyEvent;
use secrecy::SecretString;

use crate::api::{ApiError, ApiReply};
use crate::poll::{CodeUpdate, SessionUpdate};

use super::command::RequestId;

/// What a task reports to the page that asked for it.
#[derive(Debug)]
pub enum Reply {
    Api(Result<ApiReply, ApiError>),
    /// A device code changed state.
    Code(CodeUpdate),
    /// A watched restore session and its new events.
    Watch(Result<SessionUpdate, ApiError>),
    /// Certificate files read, in the order asked: Base64 or the reason.
    Certificates(Vec<Result<SecretString, crate::app::onboarding::CertificateError>>),
    /// Whether the target of a save exists (`Ok(true)`), or why it cannot be written.
    Target(Result<bool, String>),
    /// How a job (a download, a restore) goes.
    Job(crate::jobs::Update),
    /// The morning as read again (every 60 s while Today shows it).
    Morning(Box<crate::api::dashboard::Morning>),
}

impl Reply {
    /// The session is gone for good (expired and not renewable).
    pub fn session_expired(&self) -> bool {
        matches!(
            self,
            Reply::Api(Err(ApiError::SessionExpired { .. }))
                | Reply::Watch(Err(ApiError::SessionExpired { .. }))
        )
    }
    /// Whether more replies follow for the same request.
    pub fn is_final(&self) -> bool {
        match self {
            Reply::Code(u) => u.state.is_final(),
            Reply::Watch(_) | Reply::Morning(_) => false,
            Reply::Job(u) => u.is_final(),
            _ => true,
        }
    }
}

// Each action is moved once through the channel; boxing replies would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Action {
    Key(KeyEvent),
    Resize(u16, u16),
    /// Animation tick (only while something animates).
    Tick,
    Reply {
        id: RequestId,
        reply: Reply,
    },
    /// A notice from the runtime (config written, …).
    Notice(String),
    /// Text pasted into the terminal (bracketed paste): one piece, never keys.
    Paste(String),
    /// The terminal is going away (SIGTERM, SIGHUP).
    Terminate,
}
