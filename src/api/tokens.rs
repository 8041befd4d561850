//! The session's tokens as the client keeps them, and who they say is signed in. The client
//! reads them on every call; sign-in and refresh (`auth`) write them.

use std::sync::RwLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use tokio::time::Instant;

/// Who the session belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInKind {
    Administrator,
    Tenant { tenant: String },
    Operator,
}

#[derive(Clone, Debug)]
pub(super) struct Tokens {
    pub access: SecretString,
    pub refresh: Option<SecretString>,
    pub issued_at: Instant,
    pub lifetime: Duration,
    pub expires_utc: DateTime<Utc>,
    pub user_name: String,
    pub kind: SignInKind,
}

/// Who is signed in, as the screens may know it (no secrets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub user_name: String,
    pub kind: SignInKind,
    pub expires_utc: DateTime<Utc>,
}

impl Identity {
    /// Who, and as what: "administrator (VB365 administrator)", "adele@contoso (tenant contoso)".
    pub fn words(&self) -> String {
        let role = match &self.kind {
            SignInKind::Administrator => "VB365 administrator".to_string(),
            SignInKind::Tenant { tenant } => format!("tenant {tenant}"),
            SignInKind::Operator => "restore operator".to_string(),
        };
        format!("{} ({role})", self.user_name)
    }
}

#[derive(Default)]
pub(crate) struct TokenStore {
    tokens: RwLock<Option<Tokens>>,
    generation: std::sync::atomic::AtomicU64,
    pub(super) refresh_lock: tokio::sync::Mutex<()>,
}

impl TokenStore {
    pub fn access_token(&self) -> Option<SecretString> {
        self.tokens.read().ok()?.as_ref().map(|t| t.access.clone())
    }
    pub fn can_refresh(&self) -> bool {
        self.tokens
            .read()
            .ok()
            .and_then(|t| t.as_ref().map(|t| t.refresh.is_some()))
            .unwrap_or(false)
    }
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }
    pub(super) fn set(&self, tokens: Option<Tokens>) {
        if let Ok(mut g) = self.tokens.write() {
            *g = tokens;
        }
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    pub(super) fn snapshot(&self) -> Option<Tokens> {
        self.tokens.read().ok()?.clone()
    }
}

pub(super) fn identity_of(t: &Tokens) -> Identity {
    Identity {
        user_name: t.user_name.clone(),
        kind: t.kind.clone(),
        expires_utc: t.expires_utc,
    }
}
