//! Budgets that can be counted rather than timed: memory per loaded row of the contents
//! browser, device-code polls per minute, and the heap while a download streams.

use crate::support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

use serde_json::json;
use vb365_tui::api::Row;
use vb365_tui::api::models::{Mailbox, Page};
use vb365_tui::app::lists::PagedList;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
/// Counting is on only in the process a budget test runs in alone.
static COUNTING: AtomicBool = AtomicBool::new(false);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_add(layout.size() as isize, Ordering::SeqCst);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Ordering::SeqCst);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn page(first: u64, n: u64) -> serde_json::Value {
    let results: Vec<_> = (first..first + n)
        .map(|i| {
            json!({
                "id": format!("5eed0000-0001-4000-8000-{i:012x}"),
                "name": vb365_tui::sim::mailbox_name(i),
                "email": format!("{}@contoso.onmicrosoft.com", vb365_tui::sim::mailbox_name(i).to_lowercase().replace(' ', ".")),
                "isArchive": false,
                "isPublic": false,
            })
        })
        .collect();
    json!({ "offset": first, "limit": n, "results": results })
}

/// The heap counter is the whole process's: a test that reads it runs alone in a process
/// of its own, with counting on.
fn alone(test: &str) -> bool {
    let alone = support::alone(test);
    COUNTING.store(alone, Ordering::SeqCst);
    alone
}

#[test]
fn a_loaded_row_costs_at_most_400_bytes() {
    if !alone("budgets::a_loaded_row_costs_at_most_400_bytes") {
        return;
    }
    // The list engine, as the browse page keeps it: typed rows decoded once from the page.
    let mut list: PagedList<Row> = PagedList::new(|r, q| r.title().to_lowercase().contains(q));
    let before = LIVE.load(Ordering::SeqCst);
    // A filter that matches nothing reads every page in the background.
    let mut reqs = list.set_filter("no such mailbox");
    while let Some(req) = reqs.pop() {
        let body = serde_json::to_vec(&page(
            req.offset,
            req.limit.min(100_000 - req.offset.min(100_000)),
        ))
        .unwrap();
        let decoded: Page<Mailbox> = serde_json::from_slice(&body).unwrap();
        drop(body);
        let rows = decoded.results.into_iter().map(Row::Mailbox).collect();
        reqs.extend(list.on_page(req, Ok((rows, None))));
    }
    let after = LIVE.load(Ordering::SeqCst);
    let rows = list.loaded();
    assert_eq!(rows, 100_000);
    assert_eq!(list.total(), Some(100_000));
    let per_row = (after - before) as f64 / rows as f64;
    eprintln!("heap per loaded row: {per_row:.0} bytes");
    assert!(per_row <= 400.0, "{per_row} bytes per row");
}

/// The most heap in use while `work` runs, above what was in use before it, sampled every
/// 2 ms from another thread.
async fn peak_during<F: std::future::Future>(work: F) -> (F::Output, isize) {
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    let before = LIVE.load(Ordering::SeqCst);
    let done = Arc::new(AtomicBool::new(false));
    let stop = done.clone();
    let sampler = std::thread::spawn(move || {
        let mut peak = 0;
        while !stop.load(Ordering::SeqCst) {
            peak = peak.max(LIVE.load(Ordering::SeqCst));
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        peak
    });
    let out = work.await;
    done.store(true, Ordering::SeqCst);
    let peak = sampler.join().unwrap();
    (out, peak - before)
}

#[test]
fn memory_stays_flat_while_a_download_streams() {
    if !alone("budgets::memory_stays_flat_while_a_download_streams") {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(download_twice());
}

async fn download_twice() {
    use vb365_tui::api::models::{ExploreOptions, RestoreType};
    use vb365_tui::api::{Download, Format, Source};
    use vb365_tui::jobs::{Outcome, Update};
    let sim = support::start_sim(&[vb365_tui::api::ApiVersion::V8]).await;
    let c = support::admin(&sim, vb365_tui::api::ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let options = ExploreOptions {
        kind: Some(RestoreType::Vex),
        ..Default::default()
    };
    let session = c.explore_organization(&org, &options).await.unwrap().id;
    let mailbox = c.mailboxes(&session, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let dir = support::temp_dir("budget-download");
    let mut peaks = Vec::new();
    for mb in [16u64, 1024] {
        sim.sim.set_download_bytes(Some(mb << 20));
        let d = Download {
            session_id: session.clone(),
            source: Source::Mailbox {
                mailbox_id: mailbox.clone(),
            },
            format: Format::Pst { split_bytes: None },
        };
        let path = dir.join(format!("{mb}.pst"));
        let mut last = None;
        let save = vb365_tui::jobs::download::run(
            c.clone(),
            d,
            path.clone(),
            false,
            Default::default(),
            |u| last = Some(u),
        );
        let ((), peak) = peak_during(save).await;
        assert!(
            matches!(last, Some(Update::Finished(Outcome::Saved { .. }))),
            "{last:?}"
        );
        assert_eq!(std::fs::metadata(&path).unwrap().len(), mb << 20);
        std::fs::remove_file(&path).unwrap();
        eprintln!(
            "download of {mb} MB: heap peak {:.1} MB above the start",
            peak as f64 / 1048576.0
        );
        peaks.push(peak);
    }
    // 64 times the data, the same memory: nothing grows with the size of the file.
    assert!(peaks[1] <= peaks[0] + (2 << 20), "{peaks:?}");
    assert!(peaks[1] <= 16 << 20, "{peaks:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
