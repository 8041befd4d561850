//! A download streamed to disk from the in-process simulator over HTTPS: throughput of a
//! 1 GiB PST export (budget ≥ 100 MB/s), written to a temporary file and renamed as the app
//! does.

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use secrecy::SecretString;
use vb365_tui::api::models::{ExploreOptions, RestoreType};
use vb365_tui::api::{ApiVersion, Client, ClientConfig, Download, Format, Source, TrustMode};
use vb365_tui::jobs::{Outcome, Update};
use vb365_tui::sim::{self, SimConfig};

const SIZE: u64 = 1 << 30;

fn downloads(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (_sim, client, download) = rt.block_on(async {
        let sim = sim::start(SimConfig {
            versions: vec![ApiVersion::V8],
            ..SimConfig::default()
        })
        .await
        .unwrap();
        let trust = TrustMode::Pinned(sim.fingerprint.unwrap());
        let client = Client::new(ClientConfig::new(&sim.base_url, trust)).unwrap();
        client
            .sign_in_password("administrator", &SecretString::from("veeam-demo"))
            .await
            .unwrap();
        let org = client.organizations().await.unwrap()[0].id.clone().unwrap();
        let options = ExploreOptions {
            kind: Some(RestoreType::Vex),
            ..Default::default()
        };
        let session = client
            .explore_organization(&org, &options)
            .await
            .unwrap()
            .id;
        let mailbox = client.mailboxes(&session, 0, 1).await.unwrap().results[0]
            .id
            .clone();
        sim.sim.set_download_bytes(Some(SIZE));
        let download = Download {
            session_id: session,
            source: Source::Mailbox {
                mailbox_id: mailbox,
            },
            format: Format::Pst { split_bytes: None },
        };
        (sim, client, download)
    });
    let dir = std::env::temp_dir().join(format!("vb365-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mailbox.pst");
    let mut group = c.benchmark_group("downloads");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.throughput(Throughput::Bytes(SIZE));
    group.bench_function("pst_1gib_to_disk", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut last = None;
                vb365_tui::jobs::download::run(
                    client.clone(),
                    download.clone(),
                    path.clone(),
                    true,
                    Default::default(),
                    |u| last = Some(u),
                )
                .await;
                assert!(matches!(
                    last,
                    Some(Update::Finished(Outcome::Saved { bytes: SIZE, .. }))
                ));
            })
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, downloads);
criterion_main!(benches);
