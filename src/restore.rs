//! Running a restore in the background: sent once, then v6/v7 wait for the statistics the
//! answer carries, and v8 follows the returned session's `Statistics` until every item is
//! processed. Nothing here sends the restore again, whatever fails.

use std::time::Duration;

use crate::api::{Client, Restore, RestoreAnswer, RestoreStats};

/// How a restore goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreUpdate {
    /// v8: items processed so far, of how many.
    Progress {
        processed: u64,
        total: Option<u64>,
    },
    Done(Box<RestoreStats>),
    Failed(String),
}

impl RestoreUpdate {
    pub fn is_final(&self) -> bool {
        !matches!(self, RestoreUpdate::Progress { .. })
    }
}

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
    mut report: impl FnMut(RestoreUpdate),
) {
    let session_id = match client.restore(&restore, timeout).await {
        Ok(RestoreAnswer::Finished(stats)) => return report(RestoreUpdate::Done(stats)),
        Ok(RestoreAnswer::Started { session_id }) => session_id,
        Err(e) => return report(RestoreUpdate::Failed(e.to_string())),
    };
    drop(restore);
    let mut failures = 0;
    loop {
        match client.restore_statistics(&session_id).await {
            Ok(stats) if stats.complete() => return report(RestoreUpdate::Done(Box::new(stats))),
            Ok(stats) => {
                failures = 0;
                report(RestoreUpdate::Progress {
                    processed: stats.processed(),
                    total: stats.total_items_count,
                });
            }
            Err(e) => {
                failures += 1;
                if failures >= FOLLOW_FAILURES {
                    return report(RestoreUpdate::Failed(format!(
                        "The restore was sent and runs on the server (session {session_id}), but its progress could not be read: {e}"
                    )));
                }
            }
        }
        tokio::time::sleep(FOLLOW_EVERY).await;
    }
}
