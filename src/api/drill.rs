//! What Today's drill-down pages read beyond the morning: a job with its history, and the
//! licensed users (to say which are not backed up).

use super::client::Client;
use super::error::ApiError;
use super::models::{Job, JobSession, LicensedUser};

/// Sessions a job's page shows.
pub const JOB_HISTORY: u64 = 30;

/// A job as read by id, and its newest sessions, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobHistory {
    pub job: Job,
    pub copy: bool,
    pub sessions: Vec<JobSession>,
}

impl Client {
    /// `GET /Jobs/{id}` (or `/CopyJobs/{id}`) and its last [`JOB_HISTORY`] sessions, at once.
    pub async fn job_history(&self, id: &str, copy: bool) -> Result<JobHistory, ApiError> {
        let (job, sessions) = tokio::join!(self.job(id, copy), self.job_sessions(id, JOB_HISTORY));
        let mut sessions = sessions?;
        sessions.sort_by_key(|s| std::cmp::Reverse(s.creation_time));
        Ok(JobHistory {
            job: job?,
            copy,
            sessions,
        })
    }

    /// `GET /LicensedUsers`: every licensed user, page by page (no filter by backup state
    /// exists, so the page keeps those not backed up).
    pub async fn licensed_users(&self) -> Result<Vec<LicensedUser>, ApiError> {
        self.all_pages("List licensed users", "LicensedUsers".into())
            .await
    }
}
