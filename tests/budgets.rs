//! Budgets that can be counted rather than timed: memory per loaded row of the contents
//! browser, and device-code polls per minute.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use serde_json::json;
use vb365_tui::api::Listing;
use vb365_tui::app::restore::items_from;
use vb365_tui::app::state::{BrowseItem, Browser};

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
    let mut browser = Browser::new("s".into(), Listing::Mailboxes, 200, 1);
    browser.total = Some(100_000);
    let before = LIVE.load(Ordering::SeqCst);
    for p in 0..500u64 {
        let raw = page(p * 200, 200);
        let items: Vec<BrowseItem> = items_from(&Listing::Mailboxes, raw);
        browser.pages.insert(p, items);
    }
    let after = LIVE.load(Ordering::SeqCst);
    let rows = browser.loaded();
    assert_eq!(rows, 100_000);
    let per_row = (after - before) as f64 / rows as f64;
    eprintln!("heap per loaded row: {per_row:.0} bytes");
    assert!(per_row <= 400.0, "{per_row} bytes per row");
}
