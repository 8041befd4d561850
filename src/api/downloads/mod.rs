//! Downloads from a restore session (v6+): PST exports and MSG saves from Exchange; documents,
//! folders, versions and attachments of OneDrive and SharePoint; Teams posts and files. Every one of
//! them answers `application/octet-stream`; the body is handed back as a response to stream,
//! never read into memory here.

mod files;
mod what;

use files::file_call;
pub use what::{Format, PST_SPLIT_RANGE, Source, TeamFileRef};

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::client::{Call, Client, http_error};
use super::error::ApiError;
use super::seg;
use super::version::ApiVersion;

/// One download: what, from which session, as what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub session_id: String,
    pub source: Source,
    pub format: Format,
}

impl Download {
    /// The operation's name, for messages.
    pub fn op(&self) -> &'static str {
        match self.format {
            Format::Pst { .. } => "Export to PST",
            Format::Msg => "Save as MSG",
            Format::File | Format::Zip => "Save files",
        }
    }

    /// The call, as the schemas of v6–v8 shape it (one Teams file's path moved in v8).
    pub(crate) fn call(&self, version: ApiVersion) -> Call {
        let base = format!("RestoreSessions/{}/organization", seg(&self.session_id));
        let pst_options = |split: Option<u64>| match split {
            Some(bytes) => json!({ "enablePstSizeLimit": true, "pstSizeLimitBytes": bytes }),
            None => json!({}),
        };
        let ids = |ids: &[String]| -> Value { ids.iter().map(|id| json!({ "id": id })).collect() };
        let (path, body) = match (&self.source, self.format) {
            (Source::Organization, Format::Pst { split_bytes }) => (
                format!("{base}/exportToPst"),
                Some(pst_options(split_bytes)),
            ),
            (Source::Mailbox { mailbox_id }, Format::Pst { split_bytes }) => (
                format!(
                    "{base}/mailboxes/{mailbox_id}/exportToPst",
                    mailbox_id = seg(mailbox_id)
                ),
                Some(pst_options(split_bytes)),
            ),
            (
                Source::Folder {
                    mailbox_id,
                    folder_id,
                },
                Format::Pst { split_bytes },
            ) => (
                format!(
                    "{base}/mailboxes/{mailbox_id}/folders/{folder_id}/exportToPst",
                    mailbox_id = seg(mailbox_id),
                    folder_id = seg(folder_id)
                ),
                Some(pst_options(split_bytes)),
            ),
            (
                Source::Items {
                    mailbox_id,
                    item_ids,
                },
                format,
            ) => {
                let items = format!(
                    "{base}/mailboxes/{mailbox_id}/items",
                    mailbox_id = seg(mailbox_id)
                );
                match (item_ids.as_slice(), format) {
                    ([one], Format::Pst { split_bytes }) => (
                        format!("{items}/{one}/exportToPst", one = seg(one)),
                        Some(pst_options(split_bytes)),
                    ),
                    ([one], Format::Msg) => (format!("{items}/{one}/save", one = seg(one)), None),
                    (many, Format::Pst { split_bytes }) => {
                        let mut body = pst_options(split_bytes);
                        body["items"] = ids(many);
                        (format!("{items}/exportToPst"), Some(body))
                    }
                    (many, Format::Msg) => {
                        (format!("{items}/Save"), Some(json!({ "items": ids(many) })))
                    }
                    // Not offered for items (see `Source::formats`).
                    (_, Format::File | Format::Zip) => (format!("{base}/unsupported"), None),
                }
            }
            (source, format) => match file_call(&self.session_id, source, format, version) {
                Some(call) => call,
                // Not offered (see `Source::formats`); the server refuses it in words.
                None => (format!("{base}/unsupported"), None),
            },
        };
        Call::post(self.op(), path, body)
    }
}

/// Whether a failed PST export means the server has no 64-bit Outlook to write PST files.
pub fn is_outlook_missing(e: &ApiError) -> bool {
    let text = e.to_string().to_lowercase();
    text.contains("outlook") && (text.contains("not installed") || text.contains("install"))
}

impl Client {
    /// Sends a call once (after renewing an expired token) and returns the answer with its
    /// body unread, for downloads. `timeout` replaces the client's request timeout.
    pub(crate) async fn send_streaming(
        &self,
        call: &Call,
        timeout: Duration,
    ) -> Result<reqwest::Response, ApiError> {
        let url = self.url(self.version(), &call.path);
        let mut refreshed = false;
        loop {
            let generation = self.inner.tokens.generation();
            let resp = self
                .request(call, &url)
                .timeout(timeout)
                .send()
                .await
                .map_err(|e| self.transport_error(call.op, &url, e))?;
            tracing::debug!(op = call.op, path = %call.path, status = %resp.status(), "download");
            if resp.status() == StatusCode::UNAUTHORIZED
                && !refreshed
                && self.inner.tokens.can_refresh()
            {
                refreshed = true;
                self.refresh_after_401(call.op, generation).await?;
                continue;
            }
            return Ok(resp);
        }
    }

    /// How long a download may send nothing (before its first byte or between two) before
    /// it counts as stalled: ten times the request timeout, as a server may think a while
    /// before a PST starts to flow.
    pub fn stall_limit(&self) -> std::time::Duration {
        self.inner.request_timeout * 10
    }

    /// Sends a download and returns the answer whose body is still to be read. Sent once:
    /// an export is never retried automatically. `timeout` bounds the whole transfer.
    pub async fn start_download(
        &self,
        d: &Download,
        timeout: std::time::Duration,
    ) -> Result<reqwest::Response, ApiError> {
        self.require(d.op(), ApiVersion::has_mailbox_folders)?;
        let call = d.call(self.version());
        let stall = self.stall_limit();
        let resp = tokio::time::timeout(stall, self.send_streaming(&call, timeout))
            .await
            .map_err(|_| ApiError::Timeout {
                op: call.op.into(),
                secs: stall.as_secs(),
            })??;
        let status = resp.status();
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        // A proxy's page or a JSON answer is not the file, whatever the status says.
        if status.is_success() && (content_type.contains("json") || content_type.contains("html")) {
            return Err(ApiError::Decode {
                op: call.op.into(),
                what: "a file".into(),
                detail: format!("it is {content_type}"),
            });
        }
        if status.is_success() {
            return Ok(resp);
        }
        // An error page that stalls must not hold the task: it is read within the stall limit.
        let body = tokio::time::timeout(stall, resp.bytes())
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Err(ApiError::SessionExpired { op: call.op.into() });
        }
        Err(http_error(call.op, status, &body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Source {
        Source::Items {
            mailbox_id: "m".into(),
            item_ids: (0..n).map(|i| format!("i{i}")).collect(),
        }
    }

    #[test]
    fn one_item_uses_its_own_operation_and_several_the_list_operation() {
        let d = |source, format| Download {
            session_id: "s".into(),
            source,
            format,
        };
        let one = d(items(1), Format::Msg).call(ApiVersion::V8);
        assert_eq!(
            one.path,
            "RestoreSessions/s/organization/mailboxes/m/items/i0/save"
        );
        let many = d(items(2), Format::Msg).call(ApiVersion::V8);
        assert_eq!(
            many.path,
            "RestoreSessions/s/organization/mailboxes/m/items/Save"
        );
        let split = d(
            items(2),
            Format::Pst {
                split_bytes: Some(1 << 30),
            },
        )
        .call(ApiVersion::V8);
        assert_eq!(
            split.path,
            "RestoreSessions/s/organization/mailboxes/m/items/exportToPst"
        );
        assert!(!split.idempotent, "an export is never retried");
        assert_eq!(
            Format::Pst {
                split_bytes: Some(1)
            }
            .extension(&items(1)),
            "zip"
        );
        assert_eq!(Format::Msg.extension(&items(1)), "msg");
        assert_eq!(Format::Msg.extension(&items(3)), "zip");
    }

    #[test]
    fn msg_is_offered_for_items_only_and_nothing_before_v6() {
        assert_eq!(items(1).formats(ApiVersion::V8).len(), 2);
        assert_eq!(Source::Organization.formats(ApiVersion::V6).len(), 1);
        assert!(items(1).formats(ApiVersion::V5).is_empty());
    }
}
