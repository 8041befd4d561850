//! The list engine's budgets of DESIGN.md against the in-process simulator answering after
//! 50 ms: End of 100,000 v8 mailboxes (no totalCount) ≤ 1 s, and `/` over 100,000 rows until
//! every row is matched ≤ 3 s. Each iteration opens a new list (first screen loaded, not
//! timed), then times End, or the filter, until nothing is outstanding.

#[path = "../tests/it/support/list_driver.rs"]
mod list_driver;
#[path = "../tests/it/support/signed_in.rs"]
mod signed_in;

use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use list_driver::Setup;
use vb365_tui::api::ApiVersion;

const MAILBOXES: u64 = 100_000;
const QUERY: &str = "patti graham";

fn lists(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let setup = rt.block_on(Setup::start(ApiVersion::V8, MAILBOXES));

    // One run of each for the record: requests, not only time.
    rt.block_on(async {
        let (mut list, open) = setup.open(40).await;
        let first = list.end();
        let end = setup.drive(&mut list, first).await;
        assert_eq!(list.selected(), MAILBOXES - 1);
        eprintln!(
            "lists/end: {} requests to open + {} for End, {:?}",
            open.requests, end.requests, end.elapsed
        );
        let (mut list, open) = setup.open(40).await;
        let first = list.set_filter(QUERY);
        let filter = setup.drive(&mut list, first).await;
        assert!(list.filter_progress().unwrap().complete);
        eprintln!(
            "lists/filter: {} requests to open + {} for the filter, {} matches, {:?}",
            open.requests,
            filter.requests,
            list.matches().len(),
            filter.elapsed
        );
    });

    let mut group = c.benchmark_group("lists");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("end_of_100000_v8_mailboxes", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let setup = &setup;
            async move {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    let (mut list, _) = setup.open(40).await;
                    let first = list.end();
                    let end = setup.drive(&mut list, first).await;
                    assert_eq!(list.selected(), MAILBOXES - 1);
                    timed += end.elapsed;
                }
                timed
            }
        })
    });
    group.bench_function("filter_100000_rows_to_completion", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let setup = &setup;
            async move {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    let (mut list, _) = setup.open(40).await;
                    let first = list.set_filter(QUERY);
                    let filter = setup.drive(&mut list, first).await;
                    assert!(list.filter_progress().unwrap().complete);
                    timed += filter.elapsed;
                }
                timed
            }
        })
    });
    group.finish();
    drop(setup);
}

criterion_group!(benches, lists);
criterion_main!(benches);
