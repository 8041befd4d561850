//! A simulator of the VB365 REST API (v4–v8 shapes) and of the Microsoft identity
//! device-code endpoints, served over HTTPS with a self-signed certificate. It backs
//! `--demo`, every test, and `vb365-tui sim`.

mod dashboard;
mod data;
mod doc_query;
mod drive;
mod faults;
mod http;
mod identity;
mod lookup;
mod query;
mod routes;
mod sessions_seed;
mod state;
mod teams;
mod validate;
mod wire;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::api::tls::Fingerprint;
use crate::api::version::ApiVersion;

pub use faults::{Fault, FaultKind};
pub use state::{Exchange, Sim};

/// The name of mailbox `i` of the simulated dataset (tests compare against it).
pub fn mailbox_name(i: u64) -> String {
    data::mailbox(i)["name"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// How the simulator behaves.
#[derive(Clone, Debug)]
pub struct SimConfig {
    pub bind: SocketAddr,
    pub versions: Vec<ApiVersion>,
    /// Approve every device code this long after it was issued.
    pub approve_after: Option<Duration>,
    pub mailboxes: u64,
    pub token_lifetime: Duration,
    pub user: String,
    pub password: String,
    pub latency: Duration,
    /// Share of API requests that fail at random with 503 (0.0–1.0).
    pub fault_rate: f64,
    pub http: bool,
    /// Keep request and response bodies of every exchange (tests).
    pub record: bool,
    /// Time between the events of a restore session.
    pub event_interval: Duration,
    /// How long a restore takes: v6/v7 answer after it, v8's statistics move across it.
    pub restore_duration: Duration,
    /// What time it is in the answers (tests fix it, as they fix the app's).
    pub clock: crate::clock::Clock,
    /// A large installation's morning instead of the demo's (benchmarks).
    pub morning_size: Option<MorningSize>,
}

/// How large a simulated installation is: organizations (the demo's first, then copies),
/// backup jobs spread over them, repositories and proxies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MorningSize {
    pub organizations: usize,
    pub jobs: usize,
    pub repositories: usize,
    pub proxies: usize,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            versions: vec![ApiVersion::V6, ApiVersion::V7, ApiVersion::V8],
            approve_after: None,
            mailboxes: 250,
            token_lifetime: Duration::from_secs(3600),
            user: "administrator".into(),
            password: "veeam-demo".into(),
            latency: Duration::ZERO,
            fault_rate: 0.0,
            http: false,
            record: false,
            event_interval: Duration::from_secs(2),
            restore_duration: Duration::ZERO,
            clock: crate::clock::Clock::system(),
            morning_size: None,
        }
    }
}

/// A running simulator. Dropping the handle stops it.
pub struct SimHandle {
    pub base_url: String,
    pub addr: SocketAddr,
    /// SHA-256 of the certificate (absent with `--http`).
    pub fingerprint: Option<Fingerprint>,
    /// The certificate itself, PEM (absent with `--http`): a CA file that trusts it.
    pub certificate_pem: Option<String>,
    pub sim: Arc<Sim>,
    server: axum_server::Handle<SocketAddr>,
}

impl SimHandle {
    /// Scripts the morning as `POST /__sim/morning` does (a job run to an end, a proxy
    /// offline, the licence, the health, a forgotten feed); returns the status it answers.
    pub fn script_morning(&self, body: serde_json::Value) -> u16 {
        routes::job_actions::control(&self.sim, &body).status
    }

    pub fn shutdown(&self) {
        self.server.shutdown();
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.server.shutdown();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("cannot create the simulator's certificate: {0}")]
    Certificate(String),
    #[error("cannot listen on {addr}: {detail}")]
    Bind { addr: SocketAddr, detail: String },
}

/// The demo's organizations and the restore sessions left from earlier work.
fn seeded(config: &SimConfig) -> state::State {
    let mut state = state::State::default();
    let epoch = data::Epoch::last_night_before(config.clock.now());
    state.orgs = data::seed_organizations(epoch);
    state.sessions = sessions_seed::seed_sessions(&state.orgs, &config.user, epoch);
    state.dashboard = match config.morning_size {
        None => {
            let d = dashboard::seed(&state.orgs, epoch);
            dashboard::date_idle_organizations(&mut state.orgs, &d);
            d
        }
        Some(size) => {
            state.orgs = dashboard::more_organizations(&state.orgs, size.organizations);
            dashboard::seed_large(&state.orgs, size, epoch)
        }
    };
    state
}

/// Starts the simulator on the tokio runtime and returns once it is listening.
pub async fn start(config: SimConfig) -> Result<SimHandle, SimError> {
    crate::api::tls::install_crypto_provider();
    let handle = axum_server::Handle::new();
    let sim = Arc::new(Sim::new(config.clone(), seeded(&config)));
    let app = http::router(sim.clone());
    let make = app.into_make_service_with_connect_info::<SocketAddr>();
    let bind = config.bind;
    let mut pem = None;
    let fingerprint = if config.http {
        let server = axum_server::bind(bind).handle(handle.clone());
        tokio::spawn(async move {
            if let Err(e) = server.serve(make).await {
                tracing::error!("simulator stopped: {e}");
            }
        });
        None
    } else {
        let (cert_der, key_der) = self_signed_certificate()?;
        let fp = Fingerprint::of(&cert_der);
        pem = Some(to_pem(&cert_der));
        let tls = axum_server::tls_rustls::RustlsConfig::from_der(vec![cert_der], key_der)
            .await
            .map_err(|e| SimError::Certificate(e.to_string()))?;
        let server = axum_server::bind_rustls(bind, tls).handle(handle.clone());
        tokio::spawn(async move {
            if let Err(e) = server.serve(make).await {
                tracing::error!("simulator stopped: {e}");
            }
        });
        Some(fp)
    };
    spawn_ticker(Arc::downgrade(&sim));
    let addr = handle.listening().await.ok_or_else(|| SimError::Bind {
        addr: bind,
        detail: "the address is in use or not available".into(),
    })?;
    let scheme = if config.http { "http" } else { "https" };
    let base_url = format!("{scheme}://{addr}");
    sim.set_base_url(&base_url);
    Ok(SimHandle {
        base_url,
        addr,
        fingerprint,
        certificate_pem: pem,
        sim,
        server: handle,
    })
}

/// A DER certificate as PEM.
/// Runs under way move on by themselves, as a server's jobs do, until the simulator is gone.
fn spawn_ticker(sim: std::sync::Weak<Sim>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_millis(100));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            match sim.upgrade() {
                Some(sim) => sim.tick(),
                None => return,
            }
        }
    });
}

fn to_pem(der: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

/// An application certificate with its private key as a PFX file opened by `password`, as an
/// operator would export it from Windows: for the demo and for tests of the wizard.
pub fn sample_pfx(subject: &str, password: &str) -> Result<Vec<u8>, SimError> {
    let err = |e: rcgen::Error| SimError::Certificate(e.to_string());
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, subject);
    let key = rcgen::KeyPair::generate().map_err(err)?;
    let cert = params.self_signed(&key).map_err(err)?;
    let cert = p12_keystore::Certificate::from_der(cert.der())
        .map_err(|e| SimError::Certificate(e.to_string()))?;
    let chain = p12_keystore::PrivateKeyChain::new(key.serialize_der(), [1u8; 20], [cert]);
    let mut store = p12_keystore::KeyStore::new();
    store.add_entry(subject, p12_keystore::KeyStoreEntry::PrivateKeyChain(chain));
    store
        .writer(password)
        // Few iterations: a sample opens quickly even in an unoptimised test build.
        .encryption_iterations(1000)
        .mac_iterations(1000)
        .write()
        .map_err(|e| SimError::Certificate(e.to_string()))
}

fn self_signed_certificate() -> Result<(Vec<u8>, Vec<u8>), SimError> {
    let err = |e: rcgen::Error| SimError::Certificate(e.to_string());
    let mut params =
        rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .map_err(err)?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "VB365 simulator");
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "vb365-tui");
    let key = rcgen::KeyPair::generate().map_err(err)?;
    let cert = params.self_signed(&key).map_err(err)?;
    Ok((cert.der().to_vec(), key.serialize_der()))
}
