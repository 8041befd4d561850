//! Budgets that can be counted rather than timed: memory per loaded row of the contents
//! browser, and device-code polls per minute.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use serde_json::json;
use vb365_tui::api::Row;
use vb365_tui::api::models::{Mailbox, Page};
use vb365_tui::app::lists::PagedList;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::SeqCst);
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

#[test]
fn a_loaded_row_costs_at_most_400_bytes() {
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
