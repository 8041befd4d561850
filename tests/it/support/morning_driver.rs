//! A large installation's morning in the in-process simulator, answering after 50 ms, and a
//! signed-in client: shared by `tests/it/morning_counts.rs`' counts and `benches/today.rs`
//! (included with `#[path]`).
#![allow(dead_code)]

use std::time::Duration;

use vb365_tui::api::{ApiVersion, Client};
use vb365_tui::sim::{MorningSize, SimConfig, SimHandle};

/// How long the simulator waits before answering each request (a real server's latency).
pub const LATENCY: Duration = Duration::from_millis(50);

/// The installation of the budget: 2,000 jobs, 200 organizations, 20 repositories, 20
/// proxies.
pub const SIZE: MorningSize = MorningSize {
    organizations: 200,
    jobs: 2_000,
    repositories: 20,
    proxies: 20,
};

/// The simulator serving `version` with [`SIZE`] and `latency`, and a signed-in client.
pub async fn start(version: ApiVersion, latency: Duration) -> (SimHandle, Client) {
    start_sized(version, latency, SIZE).await
}

/// The same with an installation of `size`.
pub async fn start_sized(
    version: ApiVersion,
    latency: Duration,
    size: MorningSize,
) -> (SimHandle, Client) {
    let config = SimConfig {
        versions: vec![version],
        latency,
        morning_size: Some(size),
        // A started job stays running: no later event of it lands in a measurement.
        event_interval: Duration::from_secs(3_600),
        ..SimConfig::default()
    };
    let (sim, client) = super::signed_in::administrator(config, version).await;
    sim.sim.clear_journal();
    (sim, client)
}
