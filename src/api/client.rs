//! The typed VB365 REST client: one request path with authentication, one refresh-and-retry
//! on 401, and bounded retries with backoff for calls that create nothing.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use bytes::Bytes;
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{ApiError, excerpt};
use super::models::{OAuthError, RestExceptionInfo};
use super::tls::{CertCapture, CertProblem, TrustMode, client_config};
use super::tokens::TokenStore;
use super::version::ApiVersion;

/// Retries for idempotent calls on transport errors and 429/502/503/504.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    pub fn none() -> Self {
        RetryPolicy {
            attempts: 1,
            ..Self::default()
        }
    }
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = self.base_delay.saturating_mul(1 << attempt.min(10));
        retry_after.unwrap_or(backoff).min(self.max_delay)
    }
}

#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// `https://host:4443`; a bare host name is expanded with [`normalize_server_url`].
    pub base_url: String,
    pub trust: TrustMode,
    pub version: ApiVersion,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// What time it is (when a token expires is shown in the operator's zone).
    pub clock: crate::clock::Clock,
}

impl ClientConfig {
    pub fn new(base_url: &str, trust: TrustMode) -> Self {
        ClientConfig {
            base_url: super::address::normalize_server_url(base_url),
            trust,
            version: ApiVersion::NEWEST,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            clock: crate::clock::Clock::system(),
        }
    }
}

pub(crate) enum Body {
    None,
    Json(Value),
    Form(Vec<(&'static str, SecretString)>),
}

/// One API call, described so that it can be sent again after a token refresh.
pub(crate) struct Call {
    pub op: &'static str,
    pub method: Method,
    /// Path after `/{version}/`.
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub body: Body,
    /// May be retried automatically (it creates nothing).
    pub idempotent: bool,
    pub authenticated: bool,
    /// Longer than the client's usual wait (a long-poll).
    pub timeout: Option<std::time::Duration>,
}

impl Call {
    pub fn get(op: &'static str, path: impl Into<String>) -> Self {
        Call {
            op,
            method: Method::GET,
            path: path.into(),
            query: Vec::new(),
            body: Body::None,
            idempotent: true,
            authenticated: true,
            timeout: None,
        }
    }
    /// A POST that creates or changes something: never retried automatically.
    pub fn post(op: &'static str, path: impl Into<String>, body: Option<Value>) -> Self {
        Call {
            op,
            method: Method::POST,
            path: path.into(),
            query: Vec::new(),
            body: body.map(Body::Json).unwrap_or(Body::None),
            idempotent: false,
            authenticated: true,
            timeout: None,
        }
    }
    /// A PUT that replaces a setting: sent once, like a POST.
    pub fn put(op: &'static str, path: impl Into<String>, body: Value) -> Self {
        Call {
            method: Method::PUT,
            ..Call::post(op, path, Some(body))
        }
    }
    pub fn query(mut self, key: &'static str, value: impl ToString) -> Self {
        self.query.push((key, value.to_string()));
        self
    }
    pub fn query_opt(self, key: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }
}

pub(crate) struct Inner {
    pub http: reqwest::Client,
    pub base_url: String,
    pub version: RwLock<ApiVersion>,
    pub tokens: TokenStore,
    pub capture: CertCapture,
    pub trust: TrustMode,
    pub retry: RetryPolicy,
    pub request_timeout: Duration,
    pub clock: crate::clock::Clock,
}

/// A VB365 REST API client. Cheap to clone; clones share the session.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("version", &self.version())
            .field("trust", &self.inner.trust)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let capture = CertCapture::default();
        let tls = client_config(&config.trust, capture.clone()).map_err(|e| ApiError::Tls {
            op: "Connect".into(),
            detail: e.to_string(),
        })?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("vb365-tui/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::Tls {
                op: "Connect".into(),
                detail: e.to_string(),
            })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: config.base_url,
                version: RwLock::new(config.version),
                tokens: TokenStore::default(),
                capture,
                trust: config.trust,
                retry: config.retry,
                request_timeout: config.request_timeout,
                clock: config.clock,
            }),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
    /// The time by the client's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }
    pub fn version(&self) -> ApiVersion {
        *self.inner.version.read().expect("version lock")
    }
    pub fn set_version(&self, v: ApiVersion) {
        *self.inner.version.write().expect("version lock") = v;
    }
    pub fn trust(&self) -> &TrustMode {
        &self.inner.trust
    }
    /// The certificate the server presented on the last handshake.
    pub fn presented_certificate(&self) -> Option<super::tls::Presented> {
        self.inner.capture.last()
    }

    pub(crate) fn url(&self, version: ApiVersion, path: &str) -> String {
        format!("{}/{}/{}", self.inner.base_url, version, path)
    }

    /// Sends a call and returns the status and body of a 2xx answer.
    pub(crate) async fn execute(&self, call: &Call) -> Result<(StatusCode, Bytes), ApiError> {
        let mut attempt = 0u32;
        let mut refreshed = false;
        loop {
            let generation = self.inner.tokens.generation();
            let result = self.send_once(call).await;
            let retries_left = call.idempotent && attempt + 1 < self.inner.retry.attempts;
            match result {
                Err(e) if e.is_transport() && retries_left => {
                    tracing::debug!(op = call.op, attempt, "transport error, retrying: {e}");
                }
                Err(e) => return Err(e),
                Ok((status, _, _))
                    if status == StatusCode::UNAUTHORIZED
                        && call.authenticated
                        && !refreshed
                        && self.inner.tokens.can_refresh() =>
                {
                    refreshed = true;
                    // Boxed: refreshing sends a (non-authenticated) call through `execute` again.
                    Box::pin(self.refresh_after_401(call.op, generation)).await?;
                    continue;
                }
                Ok((status, headers, body)) if status.is_success() => {
                    let _ = headers;
                    return Ok((status, body));
                }
                Ok((status, headers, _)) if retries_left && is_retryable(status) => {
                    let wait = self.inner.retry.delay(attempt, retry_after(&headers));
                    tracing::debug!(op = call.op, %status, ?wait, "retrying");
                    attempt += 1;
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Ok((status, _, body)) => {
                    if status == StatusCode::UNAUTHORIZED && refreshed {
                        return Err(ApiError::SessionExpired { op: call.op.into() });
                    }
                    return Err(http_error(call.op, status, &body));
                }
            }
            let wait = self.inner.retry.delay(attempt, None);
            attempt += 1;
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_once(
        &self,
        call: &Call,
    ) -> Result<(StatusCode, reqwest::header::HeaderMap, Bytes), ApiError> {
        let url = self.url(self.version(), &call.path);
        let resp = self
            .request(call, &url)
            .send()
            .await
            .map_err(|e| self.transport_error(call.op, &url, e))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp
            .bytes()
            .await
            .map_err(|e| self.transport_error(call.op, &url, e))?;
        tracing::debug!(op = call.op, method = %call.method, path = %call.path, %status, "api call");
        Ok((status, headers, body))
    }

    /// The request for a call: query, token and body.
    pub(super) fn request(&self, call: &Call, url: &str) -> reqwest::RequestBuilder {
        let mut req = self.inner.http.request(call.method.clone(), url);
        if let Some(t) = call.timeout {
            req = req.timeout(t);
        }
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        if call.authenticated
            && let Some(token) = self.inner.tokens.access_token()
        {
            req = req.bearer_auth(token.expose_secret());
        }
        match &call.body {
            Body::None if call.method == Method::POST => req.header("content-length", "0"),
            Body::None => req,
            Body::Json(v) => req.json(v),
            Body::Form(fields) => {
                let exposed: Vec<(&str, &str)> = fields
                    .iter()
                    .map(|(k, v)| (*k, v.expose_secret()))
                    .collect();
                req.form(&exposed)
            }
        }
    }

    /// Turns a reqwest failure into what the operator needs to know, including the
    /// certificate the server presented when trust failed.
    pub(crate) fn transport_error(&self, op: &str, url: &str, e: reqwest::Error) -> ApiError {
        if e.is_timeout() {
            return ApiError::Timeout {
                op: op.into(),
                secs: self.inner.request_timeout.as_secs(),
            };
        }
        if let Some(tls) = find_rustls_error(&e) {
            if let Some(presented) = self.inner.capture.last() {
                match presented.problem {
                    Some(CertProblem::Changed { expected }) => {
                        return ApiError::CertificateChanged {
                            op: op.into(),
                            cert: Box::new(presented.info),
                            expected,
                        };
                    }
                    Some(CertProblem::Untrusted(reason)) => {
                        return ApiError::UntrustedCertificate {
                            op: op.into(),
                            cert: Box::new(presented.info),
                            reason,
                        };
                    }
                    None => {}
                }
            }
            return ApiError::Tls {
                op: op.into(),
                detail: tls.to_string(),
            };
        }
        ApiError::Connect {
            op: op.into(),
            url: url.split('/').take(3).collect::<Vec<_>>().join("/"),
            detail: root_cause(&e),
        }
    }

    pub(crate) async fn call_json<T: DeserializeOwned>(&self, call: Call) -> Result<T, ApiError> {
        let (_, body) = self.execute(&call).await?;
        decode(call.op, &body)
    }

    /// A call whose answer has no body worth reading (200 or 204).
    pub(crate) async fn call_empty(&self, call: Call) -> Result<(), ApiError> {
        self.execute(&call).await.map(|_| ())
    }
}

pub(crate) fn decode<T: DeserializeOwned>(op: &str, body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::Decode {
        op: op.into(),
        what: short_type_name::<T>(),
        detail: if body.first().is_some_and(|b| *b == b'<') {
            excerpt(body)
        } else {
            e.to_string()
        },
    })
}

fn short_type_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::new();
    for part in full.split_inclusive(['<', '>', ',']) {
        let (name, sep) = match part.char_indices().last() {
            Some((i, '<' | '>' | ',')) => (&part[..i], &part[i..]),
            _ => (part, ""),
        };
        out.push_str(name.trim().rsplit("::").next().unwrap_or(name));
        out.push_str(sep);
    }
    out
}

pub(crate) fn http_error(op: &str, status: StatusCode, body: &[u8]) -> ApiError {
    if let Ok(oauth) = serde_json::from_slice::<OAuthError>(body) {
        return ApiError::SignIn {
            op: op.into(),
            error: oauth,
        };
    }
    let info = serde_json::from_slice::<RestExceptionInfo>(body)
        .ok()
        .filter(|i| !i.message.is_empty());
    ApiError::Http {
        op: op.into(),
        status: status.as_u16(),
        body: if info.is_some() {
            String::new()
        } else {
            excerpt(body)
        },
        info,
    }
}

fn is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

fn find_rustls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut cur: Option<&'a (dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            return Some(r);
        }
        // io::Error hides its payload from `source()`; step into it explicitly.
        cur = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    None
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_short() {
        assert_eq!(
            short_type_name::<crate::api::models::Page<crate::api::models::Mailbox>>(),
            "Page<Mailbox>"
        );
    }

    #[test]
    fn oauth_and_rest_errors_are_told_apart() {
        let e = http_error(
            "Sign in",
            StatusCode::BAD_REQUEST,
            br#"{"error":"invalid_grant","error_description":"bad"}"#,
        );
        assert!(matches!(e, ApiError::SignIn { .. }));
        let e = http_error("List", StatusCode::NOT_FOUND, br#"{"message":"Nope"}"#);
        assert_eq!(e.server_message(), Some("Nope"));
        let e = http_error("List", StatusCode::BAD_GATEWAY, b"<html>Bad gateway</html>");
        assert!(e.to_string().contains("HTML page"));
    }

    #[test]
    fn backoff_grows_and_honours_retry_after() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(0, None), Duration::from_millis(500));
        assert_eq!(p.delay(2, None), Duration::from_secs(2));
        assert_eq!(p.delay(9, None), Duration::from_secs(8));
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
    }
}
