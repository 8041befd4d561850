//! Drives a [`PagedList`] of mailboxes against the in-process simulator, as the app does:
//! every request the engine asks for is sent at once, and each answer is fed back as it
//! arrives. Shared by `tests/it/lists.rs` and `benches/lists.rs` (included with `#[path]`).
#![allow(dead_code)]

use std::time::{Duration, Instant};

use futures::stream::{FuturesUnordered, StreamExt};
use vb365_tui::api::models::{ExploreOptions, Mailbox, RestoreType};
use vb365_tui::api::{ApiVersion, Client, Listing};
use vb365_tui::app::lists::{PageRequest, PageResult, PagedList};
use vb365_tui::sim::{SimConfig, SimHandle};

/// How long the simulator waits before answering each request (a real server's latency).
pub const LATENCY: Duration = Duration::from_millis(50);

/// A simulator with a signed-in client and an Exchange restore session.
pub struct Setup {
    pub sim: SimHandle,
    pub client: Client,
    pub session_id: String,
}

/// What one drive cost.
#[derive(Clone, Debug, Default)]
pub struct Drive {
    /// Requests the engine asked for.
    pub requests: u64,
    /// The pages asked for whole, in the order asked.
    pub pages: Vec<u64>,
    /// Of the requests, the End search's probes (one row each).
    pub probes: u64,
    /// Rows asked for in all.
    pub rows_asked: u64,
    /// The most requests outstanding at once.
    pub max_in_flight: usize,
    pub elapsed: Duration,
}

/// The `/` matcher of a mailbox list in these tests: the name contains the query.
pub fn by_name(m: &Mailbox, q: &str) -> bool {
    m.name.to_lowercase().contains(q)
}

impl Setup {
    /// Starts the simulator with `mailboxes` mailboxes answering after [`LATENCY`], signs in
    /// as the administrator and starts an Exchange restore session of the first organization.
    pub async fn start(version: ApiVersion, mailboxes: u64) -> Setup {
        let config = SimConfig {
            versions: vec![version],
            mailboxes,
            latency: LATENCY,
            ..SimConfig::default()
        };
        let (sim, client) = super::signed_in::administrator(config, version).await;
        let org = client.organizations().await.expect("organizations")[0]
            .id
            .clone()
            .expect("organization id");
        let opts = ExploreOptions {
            kind: Some(RestoreType::Vex),
            ..ExploreOptions::default()
        };
        let session = client
            .explore_organization(&org, &opts)
            .await
            .expect("restore session starts");
        Setup {
            sim,
            client,
            session_id: session.id,
        }
    }

    /// Mailbox pages the simulator has answered so far (its own count).
    pub fn pages_served(&self) -> u64 {
        self.sim
            .sim
            .request_count(Some("GET"), "/organization/mailboxes")
    }

    /// A new mailbox list with its first screen loaded (as when the operator opens it).
    pub async fn open(&self, height: u64) -> (PagedList<Mailbox>, Drive) {
        let mut list = PagedList::new(by_name);
        let first = list.set_view(height);
        let drive = self.drive(&mut list, first).await;
        (list, drive)
    }

    /// Sends `first` and everything the list asks for afterwards, concurrently, until nothing
    /// is outstanding.
    pub async fn drive(&self, list: &mut PagedList<Mailbox>, first: Vec<PageRequest>) -> Drive {
        let start = Instant::now();
        let fetch = |req: PageRequest| {
            let client = self.client.clone();
            let id = self.session_id.clone();
            async move {
                let result: PageResult<Mailbox> = client
                    .listing_page::<Mailbox>(&id, &Listing::Mailboxes, req.offset, req.limit)
                    .await
                    .map(|page| (page.results, page.total_count))
                    .map_err(|e| e.to_string());
                (req, result)
            }
        };
        let mut pending = FuturesUnordered::new();
        let mut drive = Drive::default();
        let count = |drive: &mut Drive, req: &PageRequest| {
            drive.rows_asked += req.limit;
            if req.probe {
                drive.probes += 1;
            } else {
                drive.pages.push(req.page);
            }
        };
        for req in first {
            count(&mut drive, &req);
            pending.push(fetch(req));
        }
        drive.requests += pending.len() as u64;
        drive.max_in_flight = pending.len();
        while let Some((req, result)) = pending.next().await {
            for next in list.on_page(req, result) {
                count(&mut drive, &next);
                pending.push(fetch(next));
                drive.requests += 1;
            }
            drive.max_in_flight = drive.max_in_flight.max(pending.len());
        }
        drive.elapsed = start.elapsed();
        drive
    }
}
