//! Running a restore in the background: sent once, then v6/v7 wait for the statistics the
//! answer carries, and v8 follows the returned session's `Statistics` until every item is
//! processed. Nothing here sends the restore again, whatever fails.

use std::time::Duration;

use super::{Outcome, Update};
use crate::api::models::EventStatus;
use crate::api::{ApiError, ApiVersion, Client, Restore, RestoreAnswer, RestoreStats};

/// How often a v8 restore's statistics are read.
const FOLLOW_EVERY: Duration = Duration::from_secs(1);
/// Reads of the statistics that may fail in a row before following gives up (the restore
/// itself goes on on the server).
const FOLLOW_FAILURES: u32 = 5;

/// Sends `restore` once and reports until it has ended. `timeout` bounds the wait for a
/// v6/v7 answer, which comes only when the restore has finished.
pub async fn run(
    client: Client,
    restore: Restore,
    timeout: Duration,
    mut report: impl FnMut(Update),
) {
    let session_id = match client.restore(&restore, timeout).await {
        Ok(RestoreAnswer::Finished(stats)) => return report(restored(stats)),
        Ok(RestoreAnswer::Started { session_id }) => session_id,
        Err(e) => return report(Update::failed(e.to_string())),
    };
    drop(restore);
    // v6/v7 have no Statistics: an operator restore there is followed through its events.
    let by_statistics = client.version() >= ApiVersion::V8;
    let mut failures = 0;
    loop {
        let read = if by_statistics {
            client.restore_statistics(&session_id).await
        } else {
            from_events(&client, &session_id).await
        };
        match read {
            Ok(stats) if stats.complete() => return report(restored(Box::new(stats))),
            Ok(stats) => {
                failures = 0;
                report(Update::Progress {
                    done: stats.processed(),
                    total: stats.total_items_count,
                });
            }
            Err(e) => {
                failures += 1;
                if failures >= FOLLOW_FAILURES {
                    return report(Update::failed(format!(
                        "The restore was sent and runs on the server (session {session_id}), but its progress could not be read: {e}"
                    )));
                }
            }
        }
        tokio::time::sleep(FOLLOW_EVERY).await;
    }
}

fn restored(stats: Box<RestoreStats>) -> Update {
    Update::Finished(Outcome::Restored(stats))
}

/// A restore's counts read from its events: one an item, `Running` while it goes on.
async fn from_events(client: &Client, session_id: &str) -> Result<RestoreStats, ApiError> {
    let events = client
        .restore_session_events(session_id, 0, 10_000)
        .await?
        .results;
    let count = |s: EventStatus| events.iter().filter(|e| e.status == s).count() as u64;
    let texts = |s: EventStatus| -> Vec<String> {
        events
            .iter()
            .filter(|e| e.status == s)
            .map(|e| e.message.clone())
            .collect()
    };
    Ok(RestoreStats {
        total_items_count: Some(events.len() as u64),
        restored_items_count: Some(count(EventStatus::Success) + count(EventStatus::Warning)),
        failed_items_count: Some(count(EventStatus::Failed) + count(EventStatus::Cancelled)),
        skipped_items_count: Some(count(EventStatus::Skipped)),
        errors: Some(texts(EventStatus::Failed)),
        warnings: Some(texts(EventStatus::Warning)),
        ..Default::default()
    })
}
