//! What pages ask the runtime to do. Commands carry everything a task needs; those that
//! answer carry the request id their replies come back with.

use secrecy::SecretString;

use crate::api::{ApiCall, ApiVersion, Fingerprint, TrustMode};
use crate::poll::Vb365Code;

/// Names one request (a call, a device code, a watcher) from the command to its replies.
pub type RequestId = u64;
/// Names one page on the stack; replies for a page that has been left are dropped.
pub type PageId = u64;

/// The owner of requests that belong to no page (server build, sign-out, leaving).
pub const APP: PageId = 0;
/// The owner of calls whose page was left: still running (quitting asks), answers dropped.
pub const LEFT: PageId = PageId::MAX;
/// The owner of a request between the moment a page asks for its id and the moment the
/// router files it under the page whose `Flow` carried its command.
pub const UNCLAIMED: PageId = PageId::MAX - 1;

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

#[derive(Debug)]
pub enum Command {
    /// Build a client for the server and detect its API version (or use `forced`).
    Connect {
        id: RequestId,
        server: String,
        trust: TrustMode,
        forced: Option<ApiVersion>,
    },
    /// One API call; its reply is `Reply::Api`.
    Call {
        id: RequestId,
        call: ApiCall,
    },
    /// Start polling a device code; updates arrive as `Reply::Code` until it ends.
    StartCode {
        id: RequestId,
        spec: CodeSpec,
    },
    /// Watch a restore session: it and its new events every few seconds while it works.
    Watch {
        id: RequestId,
        session_id: String,
        known_events: u64,
    },
    /// Read the morning now and every `MORNING_INTERVAL` until cancelled: `Reply::Morning`.
    WatchMorning {
        id: RequestId,
    },
    /// Read what has no events (organizations, repositories, proxies, licence, health) now
    /// and every `MORNING_INTERVAL` until cancelled: `Reply::Morning` with those parts.
    WatchServer {
        id: RequestId,
    },
    /// Stop a device code or a watcher.
    Cancel {
        id: RequestId,
    },
    /// Read PFX files, each opened with its password; the reply holds one result per file.
    ReadCertificates {
        id: RequestId,
        files: Vec<(String, SecretString)>,
    },
    /// Whether a file may be saved at this path: `Reply::Target`.
    CheckTarget {
        id: RequestId,
        path: std::path::PathBuf,
    },
    /// Long work (a download, a restore); `Reply::Job` reports until it ends.
    Job {
        id: RequestId,
        job: crate::jobs::Job,
    },
    /// Put text on the clipboard with OSC 52.
    Copy {
        text: String,
    },
    /// Store the fingerprint in the profile of this server (not in demo mode).
    RememberPin {
        server: String,
        fingerprint: Fingerprint,
        user: Option<String>,
    },
    /// Store the user name in the profile of this server, if it has one (not in demo mode).
    RememberUser {
        server: String,
        user: String,
    },
    /// Keep a finished task in the record file, and its audit line in the log.
    Record(Box<crate::jobs::Record>),
    /// Give the terminal back to the shell (Ctrl-Z).
    Suspend,
    Quit,
}

impl Command {
    /// The request this command starts, if it answers (a `Cancel` names one but starts none).
    pub fn request_id(&self) -> Option<RequestId> {
        match self {
            Command::Connect { id, .. }
            | Command::Call { id, .. }
            | Command::StartCode { id, .. }
            | Command::Watch { id, .. }
            | Command::WatchMorning { id }
            | Command::WatchServer { id }
            | Command::ReadCertificates { id, .. }
            | Command::CheckTarget { id, .. }
            | Command::Job { id, .. } => Some(*id),
            Command::Cancel { .. }
            | Command::Copy { .. }
            | Command::RememberPin { .. }
            | Command::RememberUser { .. }
            | Command::Record(_)
            | Command::Suspend
            | Command::Quit => None,
        }
    }
}
