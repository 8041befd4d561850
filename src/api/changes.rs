//! What tells the client that something changed: v8's `/Events` feed (a long-poll that
//! names what changed by id and eTag) and v7's `JobSessions/Changes` (whole sessions, not
//! long-polled); and reading one job, to follow an event.

use std::time::Duration;

use super::client::{Call, Client};
use super::error::ApiError;
use super::models::{Changes, FeedEvent, Job, JobSession};
use super::seg;
use super::version::ApiVersion;

/// Events or sessions asked for at once (the most the server gives).
pub const FEED_LIMIT: u64 = 10_000;

impl Client {
    /// `GET /Events?from=&limit=&timeoutSeconds=` (v8): the server answers when something
    /// changed or after `wait`. The request may take that long and 15 s more.
    pub async fn events(&self, from: &str, wait: Duration) -> Result<Changes<FeedEvent>, ApiError> {
        const OP: &str = "Read events";
        self.require(OP, |v| v >= ApiVersion::V8)?;
        let mut call = Call::get(OP, "Events")
            .query("from", from)
            .query("limit", FEED_LIMIT)
            .query("timeoutSeconds", wait.as_secs());
        call.timeout = Some(wait + Duration::from_secs(15));
        self.call_json(call).await
    }

    /// `GET /JobSessions/Changes?from=&limit=` (v7): the sessions that changed.
    pub async fn session_changes(&self, from: &str) -> Result<Changes<JobSession>, ApiError> {
        const OP: &str = "Read job session changes";
        self.require(OP, |v| v == ApiVersion::V7)?;
        let call = Call::get(OP, "JobSessions/Changes")
            .query("from", from)
            .query("limit", FEED_LIMIT);
        self.call_json(call).await
    }

    /// `GET /Jobs/{id}`, or `GET /CopyJobs/{id}` for a copy job.
    pub async fn job(&self, id: &str, copy: bool) -> Result<Job, ApiError> {
        let call = match copy {
            true => Call::get("Read copy job", format!("CopyJobs/{}", seg(id))),
            false => Call::get("Read backup job", format!("Jobs/{}", seg(id))),
        };
        self.call_json(call).await
    }
}
