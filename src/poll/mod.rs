//! Background polling: device codes (one task per code, a state machine reported as updates)
//! and restore sessions. This file holds the shared device-code types; the polling loop, the
//! code sources and the session watcher live in the submodules.

mod engine;
mod live;
mod sources;
mod watch;

use std::time::Duration;

use futures::future::BoxFuture;
use secrecy::SecretString;

pub use engine::run;
pub use live::{CHANGES_EVERY, FEED_WAIT, put_job, put_session, watch_morning, watch_unevented};
pub use sources::{MicrosoftSource, Vb365Code, Vb365Source};
pub use watch::{SessionUpdate, watch_session};

/// VB365 device codes carry no interval: the client checks this often.
pub const VB365_CHECK_INTERVAL: Duration = Duration::from_secs(5);
/// RFC 8628 §3.5: every `slow_down` adds five seconds for good.
pub const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

/// A code as handed out.
#[derive(Clone, Debug)]
pub struct Issued {
    pub user_code: String,
    pub url: String,
    /// A URL with the code in it, when the source gives one.
    pub url_complete: Option<String>,
    pub expires_in: Duration,
    pub interval: Duration,
    pub message: Option<String>,
    /// No way to poll (v4/v5): the operator confirms by hand.
    pub manual: bool,
}

/// One answer while polling.
#[derive(Debug)]
pub enum Step {
    Pending,
    SlowDown,
    /// Used; for Microsoft codes the token document comes along.
    Approved(Option<SecretString>),
    Declined,
    Expired,
    /// Nothing was said about the code (the network, a 5xx or 429, a 2xx that is not a
    /// token): back off and try again until the code expires. `cause` is shown while the code
    /// is alive, so it names what happened and never says "failed".
    Transport {
        cause: String,
        retry_after: Option<Duration>,
    },
    /// A final refusal: the code is over.
    Failed(String),
}

impl Step {
    /// For logs: the kind of answer, never the token that may ride along.
    pub fn name(&self) -> &'static str {
        match self {
            Step::Pending => "pending",
            Step::SlowDown => "slow_down",
            Step::Approved(_) => "approved",
            Step::Declined => "declined",
            Step::Expired => "expired",
            Step::Transport { .. } => "transport_fault",
            Step::Failed(_) => "failed",
        }
    }
}

/// Where codes come from and how their use is known.
pub trait Source: Send + 'static {
    /// Where the codes come from, for logs.
    fn name(&self) -> &'static str {
        "device code source"
    }
    fn request(&mut self) -> BoxFuture<'_, Result<Issued, String>>;
    fn poll(&mut self) -> BoxFuture<'_, Step>;
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub user_code: String,
    pub url: String,
    pub url_complete: Option<String>,
    /// Monotonic: the countdown is computed from it, never decremented.
    pub deadline: std::time::Instant,
    pub interval: Duration,
    pub last_check: Option<chrono::DateTime<chrono::Utc>>,
    pub slowed_down: bool,
    pub manual: bool,
    /// The last transport fault, while the engine backs off (no "failed": the code is still
    /// alive). `last_check` is when that poll was tried.
    pub trouble: Option<Trouble>,
}

/// Why the last poll got no answer, and when the next one is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trouble {
    pub cause: String,
    pub next_try: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeState {
    Requesting,
    Pending(Pending),
    Approved,
    Declined,
    Expired,
    Failed(String),
}

#[cfg(test)]
impl Pending {
    /// A code as a page would get it, for tests of pages and panels.
    pub(crate) fn sample(user_code: &str, manual: bool) -> Self {
        Pending {
            user_code: user_code.into(),
            url: "https://microsoft.com/devicelogin".into(),
            url_complete: None,
            deadline: std::time::Instant::now() + Duration::from_secs(900),
            interval: Duration::from_secs(5),
            last_check: None,
            slowed_down: false,
            manual,
            trouble: None,
        }
    }
}

impl CodeState {
    pub fn is_final(&self) -> bool {
        !matches!(self, CodeState::Requesting | CodeState::Pending(_))
    }
    pub fn pending(&self) -> Option<&Pending> {
        match self {
            CodeState::Pending(p) => Some(p),
            _ => None,
        }
    }
}

/// A transition, for the app. The token document rides only on `Approved`.
#[derive(Debug)]
pub struct CodeUpdate {
    pub id: u64,
    pub state: CodeState,
    pub token: Option<SecretString>,
}
