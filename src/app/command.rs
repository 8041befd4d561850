//! What `update` asks the runtime to do. Commands carry everything a task needs.

use secrecy::SecretString;

use crate::api::{ApiVersion, Fingerprint, TrustMode};

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
    FetchServerBuild,
    /// Store the fingerprint in the profile of this server (not in demo mode).
    RememberPin {
        server: String,
        fingerprint: Fingerprint,
        user: Option<String>,
    },
    SignOut,
    /// Write an OSC 52 clipboard sequence (later screens) or suspend the terminal.
    Suspend,
    Quit,
}
