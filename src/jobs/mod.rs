//! Long work: downloads and restores, and whatever long work comes next. A job is sent once,
//! reports through one callback with one update type, and survives the page that started
//! it. Nothing here knows the app: the runners are plain async functions, and `JobState`
//! turns their updates into what the task list shows and the sentence said when a job ends.
//!
//! A new kind of long work is one file here (its runner) and one line in `Job`.

pub mod download;
pub mod record;
pub mod restore;
mod state;

use std::path::PathBuf;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::api::{Client, Download, Restore, RestoreStats};

pub use record::{Facts, Record};
pub use state::{JobState, Kind, Status};

/// Names one job, as the command that started it names its replies.
pub type JobId = u64;

/// A job as it is started.
#[derive(Debug)]
pub enum Job {
    /// Download into `path`; an existing file is replaced only with `overwrite`.
    Download {
        download: Download,
        path: PathBuf,
        overwrite: bool,
    },
    /// Send a restore once; `timeout` bounds the wait for a v6/v7 answer.
    Restore {
        restore: Box<Restore>,
        timeout: Duration,
    },
}

impl Job {
    /// Whether the operator may stop it: a restore sent is the server's to finish.
    pub fn cancellable(&self) -> bool {
        matches!(self, Job::Download { .. })
    }

    /// What the task list shows of it (a restore's credential in words, never the secret).
    pub fn kind(&self) -> Kind {
        match self {
            Job::Download { download, path, .. } => Kind::Download {
                download: download.clone(),
                path: path.clone(),
            },
            Job::Restore { restore, .. } => Kind::Restore {
                credential: restore.credential.kind_words(),
                session: restore.session_id.clone(),
            },
        }
    }

    /// Runs the job to its end; the last report is final.
    pub async fn run(self, client: Client, cancel: CancellationToken, report: impl FnMut(Update)) {
        match self {
            Job::Download {
                download,
                path,
                overwrite,
            } => download::run(client, download, path, overwrite, cancel, report).await,
            Job::Restore { restore, timeout } => {
                restore::run(client, *restore, timeout, report).await
            }
        }
    }
}

/// How a job goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Update {
    /// Done so far (bytes written, items restored), of how many when known.
    Progress {
        done: u64,
        total: Option<u64>,
    },
    /// It ended as it should.
    Finished(Outcome),
    Failed(Failure),
}

impl Update {
    /// Whether more updates follow.
    pub fn is_final(&self) -> bool {
        !matches!(self, Update::Progress { .. })
    }

    /// Whether it says a file was saved whole.
    pub fn is_saved(&self) -> bool {
        matches!(self, Update::Finished(Outcome::Saved { .. }))
    }

    pub fn failed(reason: impl Into<String>) -> Self {
        Update::Failed(Failure::new(reason))
    }
}

/// How a job that did not fail ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The file is complete under its name.
    Saved { bytes: u64, path: PathBuf },
    /// A restore ended, with what the server counted and every warning and error text.
    Restored(Box<RestoreStats>),
    /// Stopped by the operator; nothing is left behind.
    Cancelled,
}

/// Why a job failed, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub reason: String,
    /// A PST export the server refused because it has no 64-bit Outlook.
    pub outlook_missing: bool,
}

impl Failure {
    pub fn new(reason: impl Into<String>) -> Self {
        Failure {
            reason: reason.into(),
            outlook_missing: false,
        }
    }
}
