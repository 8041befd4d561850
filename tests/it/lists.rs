//! The list engine (`app::lists`) against the simulator answering after 50 ms: End of
//! 100,000 v8 mailboxes (no totalCount) in a handful of requests, and `/` reading every page
//! exactly once. These count requests; the times are printed for the record only (the
//! budgets are checked by `cargo bench --bench lists`).

use crate::support::list_driver;

use list_driver::Setup;
use vb365_tui::api::ApiVersion;
use vb365_tui::app::lists::{MAX_IN_FLIGHT, PAGE_SIZE};
use vb365_tui::sim::mailbox_name;

const MAILBOXES: u64 = 100_000;
const PAGES: u64 = MAILBOXES / PAGE_SIZE;
/// 390 mailboxes ("Patti Graham", "Patti Graham 1", …).
const QUERY: &str = "Patti Graham";

fn brute_force(q: &str) -> Vec<u64> {
    let q = q.to_lowercase();
    (0..MAILBOXES)
        .filter(|&i| mailbox_name(i).to_lowercase().contains(&q))
        .collect()
}

fn assert_each_page_once(pages: &[u64]) {
    let mut sorted = pages.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), pages.len(), "a page was asked for twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn end_of_100000_v8_mailboxes_takes_a_handful_of_requests() {
    let setup = Setup::start(ApiVersion::V8, MAILBOXES).await;
    let served = setup.pages_served();
    let (mut list, open) = setup.open(40).await;
    assert_eq!(list.total(), None, "v8 sends no totalCount");
    assert_eq!(list.rows(), PAGE_SIZE + 1);

    let first = list.end();
    assert!(list.seeking_end());
    let end = setup.drive(&mut list, first).await;
    eprintln!(
        "End of {MAILBOXES} v8 mailboxes at 50 ms: {} requests to open, {} for End \
         ({} of one row; pages read whole {:?}; {} rows asked), {:?} for End",
        open.requests, end.requests, end.probes, end.pages, end.rows_asked, end.elapsed
    );
    assert!(list.error().is_none(), "{:?}", list.error());
    assert!(!list.seeking_end());
    assert_eq!(list.total(), Some(MAILBOXES));
    assert_eq!(list.rows(), MAILBOXES);
    assert_eq!(list.selected(), MAILBOXES - 1);
    assert_eq!(
        list.selected_row().map(|m| m.name.clone()),
        Some(mailbox_name(MAILBOXES - 1))
    );
    let requests = open.requests + end.requests;
    assert!(requests <= 20, "{requests} requests");
    // The End search asks for one row a probe and reads only the last page whole.
    assert_eq!(end.pages, [PAGES - 1], "only the last page read whole");
    assert!(
        end.rows_asked <= PAGE_SIZE + 20,
        "{} rows asked",
        end.rows_asked
    );
    assert!(end.max_in_flight <= MAX_IN_FLIGHT);
    assert_each_page_once(&[open.pages, end.pages].concat());
    // The simulator saw exactly these requests (no retries, nothing else).
    assert_eq!(setup.pages_served() - served, requests);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filter_reads_every_v8_page_once_and_finds_every_match() {
    let setup = Setup::start(ApiVersion::V8, MAILBOXES).await;
    let served = setup.pages_served();
    let (mut list, open) = setup.open(40).await;
    let first = list.set_filter(QUERY);
    let progress = list.filter_progress().unwrap();
    assert!(!progress.complete);
    assert_eq!(progress.loaded, PAGE_SIZE);
    let filter = setup.drive(&mut list, first).await;
    let pages = [open.pages, filter.pages].concat();
    let past_end = pages.iter().filter(|&&p| p >= PAGES).count() as u64;
    eprintln!(
        "`/` over {MAILBOXES} v8 mailboxes at 50 ms: {} + {} requests ({PAGES} pages with \
         rows, {past_end} past the end), {} matches, {:?}",
        open.requests,
        filter.requests,
        list.matches().len(),
        filter.elapsed
    );
    assert!(list.error().is_none(), "{:?}", list.error());
    let progress = list.filter_progress().unwrap();
    assert!(progress.complete, "{progress:?}");
    assert_eq!(progress.total, Some(MAILBOXES));
    assert_eq!(progress.loaded, MAILBOXES);
    assert_eq!(list.matches(), brute_force(QUERY));
    assert_eq!(list.rows(), list.matches().len() as u64);
    assert!(list.row(0).unwrap().name.contains(QUERY));
    // Every page exactly once. Without totalCount the end is only proven by an empty page
    // after the last full one; the pages asked for alongside it (4 in flight) are empty too.
    assert_each_page_once(&pages);
    assert_eq!(pages.len() as u64 - past_end, PAGES);
    assert!((1..=MAX_IN_FLIGHT as u64).contains(&past_end), "{past_end}");
    assert!(filter.max_in_flight <= MAX_IN_FLIGHT);
    assert_eq!(setup.pages_served() - served, pages.len() as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filter_with_total_count_takes_exactly_one_request_per_page() {
    let setup = Setup::start(ApiVersion::V7, MAILBOXES).await;
    let served = setup.pages_served();
    let (mut list, open) = setup.open(40).await;
    assert_eq!(list.total(), Some(MAILBOXES), "v7 sends totalCount");
    let first = list.set_filter(QUERY);
    let filter = setup.drive(&mut list, first).await;
    eprintln!(
        "`/` over {MAILBOXES} v7 mailboxes at 50 ms: {} + {} requests, {} matches, {:?}",
        open.requests,
        filter.requests,
        list.matches().len(),
        filter.elapsed
    );
    assert!(list.filter_progress().unwrap().complete);
    assert_eq!(list.matches(), brute_force(QUERY));
    let pages = [open.pages, filter.pages].concat();
    assert_each_page_once(&pages);
    assert_eq!(pages.len() as u64, PAGES);
    assert_eq!(setup.pages_served() - served, PAGES);
}
