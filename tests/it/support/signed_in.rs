//! A simulator started with `config` and a client pinned to its certificate, signed in as the
//! administrator: shared by the list and morning drivers (tests and benches, included with
//! `#[path]` in the benches).
#![allow(dead_code)]

use secrecy::SecretString;
use vb365_tui::api::{ApiVersion, Client, ClientConfig, TrustMode};
use vb365_tui::sim::{self, SimConfig, SimHandle};

pub async fn administrator(config: SimConfig, version: ApiVersion) -> (SimHandle, Client) {
    let sim = sim::start(config).await.expect("simulator starts");
    let mut config = ClientConfig::new(
        &sim.base_url,
        TrustMode::Pinned(sim.fingerprint.expect("https simulator")),
    );
    config.version = version;
    let client = Client::new(config).expect("client builds");
    client
        .sign_in_password("administrator", &SecretString::from("veeam-demo"))
        .await
        .expect("administrator signs in");
    (sim, client)
}
