//! Which API versions a server serves: every version probed at once, busy answers tried
//! again, and what could not be checked reported rather than dropped.

use reqwest::StatusCode;

use super::client::Client;
use super::error::ApiError;
use super::version::ApiVersion;

impl Client {
    /// Which versions the server serves, probed concurrently without a token. A probe that
    /// meets a busy or failing server is tried again ([`RetryPolicy`]); a version that still
    /// could not be checked is reported in [`Detection::unchecked`], never silently dropped.
    pub async fn detect_versions(&self) -> Result<Detection, ApiError> {
        let probes = ApiVersion::ALL.map(|v| self.probe_with_retries(v));
        let results = futures::future::join_all(probes).await;
        let mut detection = Detection::default();
        let mut first_error = None;
        for (v, r) in ApiVersion::ALL.into_iter().zip(results) {
            match r {
                Ok(true) => detection.served.push(v),
                Ok(false) => {}
                Err(e) => {
                    detection.unchecked.push((v, e.to_string()));
                    first_error.get_or_insert(e);
                }
            }
        }
        match (detection.served.is_empty(), first_error) {
            (true, Some(e)) => Err(e),
            (true, None) => Err(ApiError::NoApi {
                op: "Detect API version".into(),
                url: self.base_url().to_string(),
            }),
            _ => Ok(detection),
        }
    }

    /// Detects the versions and switches to the newest one. Returns (detection, chosen).
    pub async fn detect_and_select(&self) -> Result<(Detection, ApiVersion), ApiError> {
        let detection = self.detect_versions().await?;
        let chosen = detection.newest();
        self.set_version(chosen);
        Ok((detection, chosen))
    }

    /// One version's probe, tried again after a transport fault, 429 or 5xx: a flaky server
    /// must not make the app settle for an older version.
    async fn probe_with_retries(&self, v: ApiVersion) -> Result<bool, ApiError> {
        let policy = &self.inner.retry;
        let mut attempt = 0;
        loop {
            match self.probe_version(v).await {
                Err(Transient(e, retry_after))
                    if worth_retrying(&e) && attempt + 1 < policy.attempts =>
                {
                    let wait = policy.delay(attempt, retry_after);
                    tracing::debug!(%v, attempt, ?wait, "version probe failed, retrying: {e}");
                    attempt += 1;
                    tokio::time::sleep(wait).await;
                }
                Err(Transient(e, _)) => return Err(e),
                Ok(served) => return Ok(served),
            }
        }
    }

    /// `Err` for a failed probe (see [`worth_retrying`]), `Ok` for the server's answer.
    async fn probe_version(&self, v: ApiVersion) -> Result<bool, Transient> {
        let served = |s: StatusCode| matches!(s.as_u16(), 200 | 401 | 403);
        let (status, retry_after) = self.probe(v, "ServiceInstance").await?;
        // A busy or failing server is not "no API here": try again, then say what it answered.
        if status.as_u16() == 429 || status.is_server_error() {
            let e = ApiError::Http {
                op: "Detect API version".into(),
                status: status.as_u16(),
                info: None,
                body: String::new(),
            };
            return Err(Transient(e, retry_after));
        }
        if served(status) {
            return Ok(true);
        }
        // v4/v5 predate ServiceInstance.
        if !v.has_service_instance() && status == StatusCode::NOT_FOUND {
            let (status, _) = self.probe(v, "Organizations").await?;
            return Ok(served(status));
        }
        Ok(false)
    }

    async fn probe(
        &self,
        v: ApiVersion,
        path: &str,
    ) -> Result<(StatusCode, Option<std::time::Duration>), Transient> {
        let url = self.url(v, path);
        let resp =
            self.inner.http.get(&url).send().await.map_err(|e| {
                Transient(self.transport_error("Detect API version", &url, e), None)
            })?;
        Ok((resp.status(), super::client::retry_after(resp.headers())))
    }
}

/// A failed probe, with the server's `Retry-After`.
struct Transient(ApiError, Option<std::time::Duration>);

/// A busy server (429, 5xx) or a refused or reset connection may answer the next try. A
/// certificate problem cannot change, and a timeout would only make the operator wait again.
fn worth_retrying(e: &ApiError) -> bool {
    matches!(e, ApiError::Http { .. } | ApiError::Connect { .. })
}

/// What version detection found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Detection {
    /// Versions that answered, oldest first; never empty in a successful detection.
    pub served: Vec<ApiVersion>,
    /// Versions whose probe failed even after retries, with the reason.
    pub unchecked: Vec<(ApiVersion, String)>,
}

impl Detection {
    pub fn newest(&self) -> ApiVersion {
        *self.served.last().expect("a detection serves a version")
    }

    /// One line for the operator: what is served, what is used, and what could not be checked
    /// (only versions newer than the chosen one matter: an older one would not be picked).
    pub fn summary(&self, chosen: ApiVersion) -> String {
        let list: Vec<String> = self.served.iter().map(|v| v.to_string()).collect();
        let mut line = format!("serves {}; using {chosen}", list.join(", "));
        let missed: Vec<String> = self
            .unchecked
            .iter()
            .filter(|(v, _)| *v > chosen)
            .map(|(v, why)| format!("{v} ({why})"))
            .collect();
        if !missed.is_empty() {
            line.push_str(&format!(
                "; could not check {}: reconnect to try again",
                missed.join(", ")
            ));
        }
        line
    }
}
