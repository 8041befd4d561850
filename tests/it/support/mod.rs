//! Shared helpers for integration tests: a recording simulator and a client trusting it.
#![allow(dead_code)]

pub mod browse;
pub mod harness;
pub mod list_driver;
pub mod morning_driver;
pub mod schema;
pub mod signed_in;
pub mod svg;

use std::time::Duration;

use secrecy::SecretString;
use vb365_tui::api::{ApiVersion, Client, ClientConfig, RetryPolicy, TrustMode};
use vb365_tui::sim::{self, SimConfig, SimHandle};

pub const USER: &str = "administrator";
pub const PASSWORD: &str = "veeam-demo";

pub async fn start_sim(versions: &[ApiVersion]) -> SimHandle {
    start_sim_with(SimConfig {
        versions: versions.to_vec(),
        ..SimConfig::default()
    })
    .await
}

pub async fn start_sim_with(mut config: SimConfig) -> SimHandle {
    config.record = true;
    sim::start(config).await.expect("simulator starts")
}

pub fn client_for(sim: &SimHandle, version: ApiVersion) -> Client {
    let mut config = ClientConfig::new(
        &sim.base_url,
        TrustMode::Pinned(sim.fingerprint.expect("https simulator")),
    );
    config.version = version;
    config.retry = RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
    };
    Client::new(config).expect("client builds")
}

pub async fn admin(sim: &SimHandle, version: ApiVersion) -> Client {
    let c = client_for(sim, version);
    c.sign_in_password(USER, &SecretString::from(PASSWORD))
        .await
        .expect("administrator signs in");
    c
}

/// A PFX file with a certificate and its private key, opened by `password`, in the temp
/// directory, named after the test binary.
pub fn pfx(name: &str, password: &str) -> String {
    let path = std::env::temp_dir().join(format!("vb365-{name}-{}.pfx", std::process::id()));
    let bytes = vb365_tui::sim::sample_pfx("backup-app", password).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// A fresh, empty folder in the temp directory, its own for each call.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("vb365-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What a saved file is, by its signature: a PST (`!BDN`), an MSG (an OLE compound file)
/// or a ZIP (`PK\x03\x04`).
pub fn file_kind(bytes: &[u8]) -> Option<&'static str> {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(b"!BDN") {
        Some("PST")
    } else if bytes.starts_with(&OLE) {
        Some("MSG")
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some("ZIP")
    } else {
        None
    }
}

/// Microsoft device code → approval → token document, against the simulator's identity
/// endpoints.
pub async fn microsoft_assertion(sim: &SimHandle, tenant: &str) -> SecretString {
    use vb365_tui::identity::{DEFAULT_CLIENT_ID, DEFAULT_SCOPE, IdentityClient, PollOutcome};
    let trust = vb365_tui::api::TrustMode::Pinned(sim.fingerprint.unwrap());
    let id = IdentityClient::new(&sim.base_url, tenant, DEFAULT_CLIENT_ID, &trust).unwrap();
    let code = id.request_device_code(DEFAULT_SCOPE).await.unwrap();
    assert_eq!(
        code.verification_uri,
        format!("{}/devicelogin", sim.base_url)
    );
    assert!(matches!(
        id.poll_token(&code.device_code).await.unwrap(),
        PollOutcome::Pending
    ));
    assert!(sim.sim.decide(&code.user_code, true));
    // The first poll just happened: an immediate second one is too fast.
    assert!(matches!(
        id.poll_token(&code.device_code).await.unwrap(),
        PollOutcome::SlowDown
    ));
    sim.sim
        .state()
        .identity_codes
        .values_mut()
        .for_each(|c| c.last_poll = None);
    match id.poll_token(&code.device_code).await.unwrap() {
        PollOutcome::Approved(doc) => doc,
        other => panic!("expected approval, got {other:?}"),
    }
}

/// Whether this process runs `test` alone (see `vb365_tui::testing::alone`).
pub fn alone(test: &str) -> bool {
    vb365_tui::testing::alone(test)
}

/// Checks a screen against its snapshot, named `it__{subject}__{name}` in
/// `tests/it/snapshots/` whichever file of the subject takes it.
pub fn snapshot(subject: &str, name: &str, text: impl Into<String>) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots"),
    );
    let text: String = text.into();
    settings.bind(|| insta::assert_snapshot!(format!("it__{subject}__{name}"), text));
}

/// For a test on tokio's paused clock that talks to the simulator over real sockets: a task
/// that moves the clock on 5 ms at a time and gives the machine 20 µs of real time each
/// step. When every task waits, the paused clock jumps to the next timer; a reply still
/// on its way through the loopback device (the kernel may deliver it a little later under
/// load) would then meet a timeout it never really waited for. With this, a timeout of ten
/// seconds takes 2,000 steps and about a quarter of a second of real time, long enough for
/// any reply in flight to arrive first; two minutes take about three seconds.
pub fn step_the_paused_clock() {
    tokio::spawn(async {
        loop {
            tokio::time::sleep(Duration::from_millis(5)).await;
            std::thread::sleep(Duration::from_micros(20));
        }
    });
}
