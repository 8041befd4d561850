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
            base_url: normalize_server_url(base_url),
            trust,
            version: ApiVersion::NEWEST,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            clock: crate::clock::Clock::system(),
        }
    }
}

/// `host` → `https://host:4443`; `host:1234` → `https://host:1234`; a full URL is kept
/// (without a trailing slash).
pub fn normalize_server_url(input: &str) -> String {
    // Pasted addresses can carry control characters that the URL parser silently drops.
    let s = input
        .trim_matches(|c: char| c.is_whitespace() || c.is_control())
        .trim_end_matches('/');
    if s.is_empty() {
        return String::new();
    }
    let (scheme, rest) = match split_scheme(s) {
        Some((scheme, rest)) => (scheme, rest),
        None => ("https".to_string(), s),
    };
    let host_port = rest.split('/').next().unwrap_or(rest);
    let has_port = if let Some(end) = host_port.rfind(']') {
        host_port[end..].contains(':')
    } else {
        host_port.contains(':')
    };
    if has_port {
        format!("{scheme}://{rest}")
    } else {
        let default_port = if scheme == "http" && split_scheme(s).is_some() {
            80
        } else {
            4443
        };
        let path = &rest[host_port.len()..];
        format!("{scheme}://{host_port}:{default_port}{path}")
    }
}

/// The scheme of an address as typed or pasted, and what follows it: `https://host`, and
/// also `HTTPS://host`, `https:/host`, `https//host` or `https:host` (a scheme half typed is
/// still the scheme, never a host named `https`); `https:4443` is host `https`, port 4443.
fn split_scheme(s: &str) -> Option<(String, &str)> {
    for scheme in ["https", "http"] {
        let Some(head) = s
            .get(..scheme.len())
            .filter(|h| h.eq_ignore_ascii_case(scheme))
        else {
            continue;
        };
        let after = &s[head.len()..];
        let rest = after.trim_start_matches(':').trim_start_matches('/');
        let marked = after.len() != rest.len();
        let a_port = after.starts_with(':') && after[1..].chars().all(|c| c.is_ascii_digit());
        if marked && !a_port && after.chars().take_while(|c| *c == ':').count() <= 1 {
            return Some((scheme.to_string(), rest));
        }
    }
    s.split_once("://")
        .map(|(scheme, rest)| (scheme.to_ascii_lowercase(), rest))
}

/// Why a normalized address cannot be used, in words for the connect screen; `None` when it
/// is an http(s) URL with a host.
pub fn server_url_problem(url: &str) -> Option<String> {
    let written_as_url = url.starts_with("https://") || url.starts_with("http://");
    let parsed = reqwest::Url::parse(url).ok().filter(|u| {
        written_as_url
            && u.host_str().is_some_and(|h| !h.is_empty())
            && u.username().is_empty()
            && u.password().is_none()
    });
    let Some(parsed) = parsed else {
        return Some(format!(
            "'{url}' is not a server address: type a host name such as vbo01, or https://vbo01:4443."
        ));
    };
    // The parser rewrites some hosts (047 is the IPv4 address 0.0.0.39): never connect
    // somewhere other than what is on screen.
    let host = parsed.host_str().unwrap_or_default();
    if !written_host(url).eq_ignore_ascii_case(host) {
        return Some(format!(
            "'{url}' would connect to {host}; type the address as {host} if that is what you mean."
        ));
    }
    None
}

/// The host as typed in `scheme://host[:port][/…]`.
fn written_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    match authority.strip_prefix('[') {
        Some(v6) => &authority[..v6.find(']').map_or(authority.len(), |i| i + 2)],
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
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
    fn server_urls_are_expanded() {
        assert_eq!(normalize_server_url("vbo01"), "https://vbo01:4443");
        assert_eq!(server_url_problem("https://vbo01:4443"), None);
        assert_eq!(
            normalize_server_url("\0\0https://vbt/o"),
            "https://vbt:4443/o"
        );
        assert!(server_url_problem(&normalize_server_url("http:9/s://v/5r1")).is_some());
        assert!(server_url_problem("https://admin:pw@vbo01:4443").is_some());
        assert!(server_url_problem("https://047:4443").is_some());
        assert_eq!(server_url_problem("https://[::1]:4443/x"), None);
        assert_eq!(server_url_problem("https://VBO01.corp.local:4443"), None);
        assert!(server_url_problem(&normalize_server_url("thtps://vbo01.c43/")).is_some());
        assert!(server_url_problem(&normalize_server_url("https://:4443")).is_some());
        assert_eq!(
            normalize_server_url("vbo01.corp.local:9443"),
            "https://vbo01.corp.local:9443"
        );
        assert_eq!(
            normalize_server_url("https://vbo01:4443/"),
            "https://vbo01:4443"
        );
        assert_eq!(normalize_server_url("https://vbo01"), "https://vbo01:4443");
        // A scheme typed or pasted half right is still the scheme.
        for typed in [
            "HTTPS://vbo01",
            "https:/vbo01",
            "https//vbo01",
            "https:vbo01",
            "https:///vbo01",
        ] {
            assert_eq!(normalize_server_url(typed), "https://vbo01:4443", "{typed}");
        }
        assert_eq!(normalize_server_url("http:/vbo01"), "http://vbo01:80");
        assert_eq!(normalize_server_url("https:4443"), "https://https:4443");
        assert_eq!(normalize_server_url("httpsvbo"), "https://httpsvbo:4443");
        assert_eq!(
            normalize_server_url("http://127.0.0.1"),
            "http://127.0.0.1:80"
        );
        assert_eq!(normalize_server_url("[::1]"), "https://[::1]:4443");
        assert_eq!(normalize_server_url("[::1]:1"), "https://[::1]:1");
        assert_eq!(normalize_server_url("  "), "");
    }

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
