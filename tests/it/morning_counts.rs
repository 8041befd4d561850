//! Requests counted for Today on a large installation (2,000 jobs, 200 organizations, 20
//! repositories, 20 proxies): what the first page costs on each version, with no latency
//! (the time with 50 ms is `cargo bench --bench today`); before v8, where each job costs a
//! request, a tenth of that size.

use std::time::Duration;

use vb365_tui::api::ApiVersion;

use crate::support::morning_driver::{self, SIZE};

/// A tenth of [`SIZE`].
const SMALL: vb365_tui::sim::MorningSize = vb365_tui::sim::MorningSize {
    organizations: 20,
    jobs: 200,
    repositories: 2,
    proxies: 2,
};

/// Requests the simulator counted for a path, any method.
fn count(sim: &vb365_tui::sim::SimHandle, path: &str) -> u64 {
    sim.sim.request_count(None, path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v8_reads_a_large_morning_in_33_requests_four_pages_at_a_time() {
    let (sim, client) = morning_driver::start(ApiVersion::V8, Duration::ZERO).await;
    let m = client.morning_lists().await;
    assert!(m.unread.is_empty(), "{:?}", m.unread);
    assert!(!m.reading_sessions, "v8 reads every job's nights at once");
    assert_eq!(m.jobs.len() + m.copy_jobs.len(), SIZE.jobs);
    assert_eq!(m.sessions.len(), SIZE.jobs, "every job has its nights");
    assert!(m.sessions.values().all(|s| s.len() == 10));
    assert_eq!(m.organizations.len(), SIZE.organizations);
    assert_eq!(m.repositories.len(), SIZE.repositories);
    assert_eq!(m.proxies.len(), SIZE.proxies);
    // 1,800 jobs in pages of 1,000: the first, then four at once (three of them empty).
    assert_eq!(count(&sim, "/v8/jobs") - count(&sim, "/v8/jobsessions"), 5);
    assert_eq!(count(&sim, "/v8/copyjobs"), 1);
    // 20,000 sessions of the last nights: the first page, then five rounds of four.
    assert_eq!(count(&sim, "/v8/jobsessions"), 21);
    assert_eq!(
        count(&sim, "/v8/organizations") - count(&sim, "/syncstate"),
        1
    );
    assert_eq!(
        count(&sim, "/v8/organizations/syncstate"),
        1,
        "every sync state at once"
    );
    for one in [
        "/v8/backuprepositories",
        "/v8/proxies",
        "/v8/license",
        "/v8/health",
    ] {
        assert_eq!(count(&sim, one), 1, "{one}");
    }
    assert_eq!(count(&sim, "/"), 33, "nothing else");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn before_v8_the_rows_come_first_and_each_jobs_nights_after() {
    for v in [ApiVersion::V7, ApiVersion::V6] {
        // A tenth of the size: the count is a request per job either way, and 2,000 of them
        // on two versions would only slow the suite.
        let (sim, client) = morning_driver::start_sized(v, Duration::ZERO, SMALL).await;
        let mut m = client.morning_lists().await;
        assert!(m.unread.is_empty(), "{v}: {:?}", m.unread);
        assert!(
            m.reading_sessions && m.sessions.is_empty(),
            "{v}: the rows first"
        );
        let first = count(&sim, "/");
        assert_eq!(first, 6, "{v}: one request a list");
        client.read_rest(&mut m).await;
        assert!(!m.reading_sessions);
        assert_eq!(m.sessions.len(), SMALL.jobs);
        // Their sessions name no job: a request for each; v7 reads each organization's
        // sync state beside them.
        let syncs = if v == ApiVersion::V7 {
            SMALL.organizations
        } else {
            0
        };
        assert_eq!(m.syncs.len(), syncs, "{v}");
        assert_eq!(count(&sim, "/") - first, (SMALL.jobs + syncs) as u64, "{v}");
    }
}

/// The Microsoft Graph readiness check on the large installation (v8): the jobs, two listings
/// of the sessions that failed or warned since October (they name their job), and the logs of
/// those sessions, at most ten an organization; never a request per job.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v8_checks_graph_readiness_without_a_request_per_job() {
    let (sim, client) = morning_driver::start(ApiVersion::V8, Duration::ZERO).await;
    let found = client.graph_readiness().await;
    assert!(found.unread.is_empty(), "{:?}", found.unread);
    let troubled: usize = found
        .organizations
        .iter()
        .map(|o| o.troubled.len().min(10))
        .sum();
    let logs = count(&sim, "/logitems");
    assert_eq!(
        logs as usize, troubled,
        "one log read a troubled session, ten at most each"
    );
    let listings = count(&sim, "/v8/jobsessions") - logs;
    assert_eq!(listings, 2, "failed, then warned");
    assert_eq!(count(&sim, "/v8/jobs") - count(&sim, "/v8/jobsessions"), 5);
    assert_eq!(count(&sim, "/v8/organizations"), 1);
    let all = count(&sim, "/");
    println!(
        "Graph readiness on {} organizations: {all} requests ({logs} logs)",
        found.organizations.len()
    );
    assert_eq!(all, 1 + 5 + 2 + logs);
}
