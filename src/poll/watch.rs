//! The restore-session watcher: fetches a session and its new events until it stops.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::api::{ApiError, Client};

/// What the restore-session watcher reports.
#[derive(Debug)]
pub struct SessionUpdate {
    pub session: crate::api::models::RestoreSession,
    /// The last known event again (its status may have changed) and every later one.
    pub new_events: Vec<crate::api::models::RestoreSessionEvent>,
}

/// Watches a restore session: new events every `interval` while it is Working; ends when it
/// is Stopped or `cancel` fires. Transport errors are reported and retried at the interval.
pub async fn watch_session(
    client: Client,
    id: String,
    mut known_events: u64,
    interval: Duration,
    cancel: CancellationToken,
    report: impl Fn(Result<SessionUpdate, ApiError>) + Send,
) {
    loop {
        let fetched = tokio::select! {
            _ = cancel.cancelled() => return,
            r = fetch_session(&client, &id, known_events) => r,
        };
        let stopped = matches!(&fetched, Ok(u) if !u.session.is_working());
        if let Ok(u) = &fetched {
            known_events = known_events.saturating_sub(1) + u.new_events.len() as u64;
        }
        report(fetched);
        if stopped {
            return;
        }
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = tokio::time::sleep(interval) => {}
        }
    }
}

async fn fetch_session(client: &Client, id: &str, known: u64) -> Result<SessionUpdate, ApiError> {
    let session = client.restore_session(id).await?;
    let mut new_events = Vec::new();
    let mut offset = known.saturating_sub(1);
    loop {
        let page = client.restore_session_events(id, offset, 100).await?;
        let n = page.results.len() as u64;
        new_events.extend(page.results);
        offset += n;
        if n < 100 {
            break;
        }
    }
    Ok(SessionUpdate {
        session,
        new_events,
    })
}
