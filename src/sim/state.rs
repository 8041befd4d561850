//! The simulator's memory: users, tokens, organizations, device codes, restore sessions,
//! and a journal of exchanges for contract tests.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, RwLock};

use serde_json::Value;
use tokio::time::Instant;

use super::SimConfig;

use super::faults::Faults;
use crate::api::models::{ExploreOptions, Organization, RestoreSession};
use crate::api::version::ApiVersion;

/// One request and its answer, as the simulator saw them.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub method: String,
    pub path: String,
    pub query: String,
    pub version: Option<ApiVersion>,
    /// JSON body, or the form fields as a JSON object of strings.
    pub request: Option<Value>,
    pub status: u16,
    pub response: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    Admin(String),
    Tenant(String),
    Operator(String),
}

impl Principal {
    pub fn name(&self) -> &str {
        match self {
            Principal::Admin(n) | Principal::Tenant(n) | Principal::Operator(n) => n,
        }
    }
}

#[derive(Clone, Debug)]
pub struct TokenRecord {
    pub principal: Principal,
    pub expires: Instant,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approval {
    Pending,
    Approved,
    Declined,
}

/// A VB365 device code (`POST /DeviceCode` and friends).
#[derive(Clone, Debug)]
pub struct VbDeviceCode {
    pub issued: Instant,
    pub expires_in: u64,
    pub approval: Approval,
}

/// A Microsoft identity device code.
#[derive(Clone, Debug)]
pub struct IdentityCode {
    pub user_code: String,
    pub tenant: String,
    pub issued: Instant,
    pub expires_in: u64,
    pub interval: u64,
    pub last_poll: Option<Instant>,
    pub approval: Approval,
    pub polls: u64,
}

#[derive(Clone, Debug)]
pub struct StoredSession {
    pub session: RestoreSession,
    pub org_id: Option<String>,
    pub created: Instant,
    pub stopped: Option<(Instant, usize)>,
    pub options: ExploreOptions,
}

#[derive(Default)]
pub struct State {
    pub tokens: HashMap<String, TokenRecord>,
    pub refresh_tokens: HashMap<String, Principal>,
    pub orgs: Vec<Organization>,
    pub device_codes: HashMap<String, VbDeviceCode>,
    pub identity_codes: HashMap<String, IdentityCode>,
    /// Microsoft access tokens issued by the identity endpoints, by tenant.
    pub ms_tokens: HashMap<String, String>,
    pub sessions: Vec<StoredSession>,
    pub counter: u64,
    pub refresh_disabled: bool,
    pub token_lifetime_override: Option<u64>,
    /// Every download this size (the control endpoint's `download-size`).
    pub download_bytes: Option<u64>,
    /// Restores that run on their own (v8), to follow through `Statistics` and `Events`.
    pub restores: Vec<RestoreJob>,
    /// How the next restores go wrong (the control endpoint's `restore-faults`).
    pub restore_faults: RestoreFaults,
    /// Jobs, their sessions, repositories, proxies, licence and health.
    pub dashboard: super::dashboard::Dashboard,
}

/// A restore a v8 server runs on its own after answering its session id.
#[derive(Clone, Debug)]
pub struct RestoreJob {
    pub id: String,
    pub started: tokio::time::Instant,
    /// What is restored, one name an item.
    pub names: Vec<String>,
    /// How many of the items fail (the last ones).
    pub failing: u64,
}

/// Faults of restores: some items fail with an error text, or the credentials are refused.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RestoreFaults {
    pub fail_items: u64,
    pub reject_credentials: bool,
}

impl State {
    /// A fresh value for ids and codes; deterministic so runs are repeatable.
    pub fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }
}

pub struct Sim {
    pub config: SimConfig,
    base_url: RwLock<String>,
    state: Mutex<State>,
    pub faults: Faults,
    /// Where the dataset's dates land (its last backup last night).
    pub epoch: super::data::Epoch,
    journal: Mutex<Vec<Exchange>>,
    counts: Mutex<HashMap<String, u64>>,
    /// Moves on whenever the change feed does: long-polls wait on it.
    changes: tokio::sync::watch::Sender<u64>,
}

impl Sim {
    /// A simulator holding `state` (seeded where the simulator starts).
    pub fn new(config: SimConfig, state: State) -> Self {
        Sim {
            faults: Faults::new(config.fault_rate),
            epoch: super::data::Epoch::last_night_before(config.clock.now()),
            config,
            base_url: RwLock::new(String::new()),
            state: Mutex::new(state),
            journal: Mutex::new(Vec::new()),
            counts: Mutex::new(HashMap::new()),
            changes: tokio::sync::watch::Sender::new(0),
        }
    }

    /// Wakes the long-polls: the change feed may have moved on.
    pub fn announce(&self) {
        let latest = self.state().dashboard.feed.latest();
        self.changes.send_if_modified(|seen| {
            let moved = *seen != latest;
            *seen = latest;
            moved
        });
    }

    /// Something to wait on for the next change of the feed.
    pub fn changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Moves the runs under way on (one step of `event_interval` each), and tells the
    /// long-polls.
    pub fn tick(&self) {
        let now = self.config.clock.now();
        let step = self.config.event_interval;
        if self.state().dashboard.tick(now, step) {
            self.announce();
        }
    }

    pub fn base_url(&self) -> String {
        self.base_url.read().map(|s| s.clone()).unwrap_or_default()
    }
    pub(super) fn set_base_url(&self, url: &str) {
        if let Ok(mut g) = self.base_url.write() {
            *g = url.to_string();
        }
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn verification_url(&self) -> String {
        format!("{}/devicelogin", self.base_url())
    }

    pub fn download_bytes(&self) -> Option<u64> {
        self.state().download_bytes
    }

    /// Makes every download this size (`None`: each its natural size).
    pub fn set_download_bytes(&self, bytes: Option<u64>) {
        self.state().download_bytes = bytes;
    }

    pub fn token_lifetime_secs(&self) -> u64 {
        self.state()
            .token_lifetime_override
            .unwrap_or(self.config.token_lifetime.as_secs())
            .max(1)
    }

    pub(super) fn record(&self, ex: Exchange) {
        let key = format!("{} {}", ex.method, ex.path.to_ascii_lowercase());
        if let Ok(mut c) = self.counts.lock() {
            *c.entry(key).or_default() += 1;
        }
        if self.config.record
            && let Ok(mut j) = self.journal.lock()
        {
            j.push(ex);
        }
    }

    /// Every recorded exchange since start or the last [`Sim::clear_journal`].
    pub fn journal(&self) -> Vec<Exchange> {
        self.journal.lock().map(|j| j.clone()).unwrap_or_default()
    }
    pub fn clear_journal(&self) {
        if let Ok(mut j) = self.journal.lock() {
            j.clear();
        }
        if let Ok(mut c) = self.counts.lock() {
            c.clear();
        }
    }

    /// How many requests reached a path (any case), for one method or all (`None`).
    pub fn request_count(&self, method: Option<&str>, path_contains: &str) -> u64 {
        let needle = path_contains.to_ascii_lowercase();
        self.counts
            .lock()
            .map(|c| {
                c.iter()
                    .filter(|(k, _)| {
                        let (m, p) = k.split_once(' ').unwrap_or(("", k));
                        method.is_none_or(|want| want.eq_ignore_ascii_case(m))
                            && p.contains(&needle)
                    })
                    .map(|(_, n)| *n)
                    .sum()
            })
            .unwrap_or(0)
    }

    pub fn counts(&self) -> HashMap<String, u64> {
        self.counts.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// Approves or declines a code by its user code (VB365 or identity). Returns whether
    /// a code was found.
    pub fn decide(&self, user_code: &str, approve: bool) -> bool {
        let decision = if approve {
            Approval::Approved
        } else {
            Approval::Declined
        };
        let code = user_code.trim().to_ascii_uppercase();
        let mut st = self.state();
        let mut found = false;
        if let Some(c) = st.device_codes.get_mut(&code) {
            c.approval = decision;
            found = true;
        }
        for c in st.identity_codes.values_mut() {
            if c.user_code == code {
                c.approval = decision;
                found = true;
            }
        }
        found
    }

    /// Marks every access token as expired (tests of refresh).
    pub fn expire_access_tokens(&self) {
        let now = Instant::now();
        for t in self.state().tokens.values_mut() {
            t.expires = now;
        }
    }

    pub fn set_refresh_disabled(&self, disabled: bool) {
        self.state().refresh_disabled = disabled;
    }
}

/// Whether a VB365 device code has been used, counting `--approve-after`.
pub fn device_code_approved(sim: &Sim, code: &VbDeviceCode) -> bool {
    let age = code.issued.elapsed();
    if age.as_secs() >= code.expires_in {
        return false;
    }
    match code.approval {
        Approval::Approved => true,
        Approval::Declined => false,
        Approval::Pending => sim.config.approve_after.is_some_and(|d| age >= d),
    }
}
