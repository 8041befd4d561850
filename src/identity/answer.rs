//! What an answer of the token endpoint means (RFC 8628 §3.5, RFC 6749 §5, Microsoft's
//! device-code errors), and what went wrong when there was no answer. Nothing here says
//! "failed": these texts are shown while the code is still alive.

use std::error::Error as StdError;
use std::time::Duration;

use reqwest::StatusCode;
use secrecy::SecretString;
use serde::Deserialize;

use super::PollOutcome;
use crate::api::tls::{CertCapture, CertProblem};

#[derive(Deserialize)]
pub(super) struct OAuthErr {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
}

/// `Retry-After` in seconds (the HTTP-date form is not used by the identity platform), read as
/// for the VB365 server.
pub(super) use crate::api::retry_after;

/// Only a JSON object with a non-empty `access_token` and `token_type` is a token response
/// (RFC 6749 §5.1); a captive portal's page or a proxy's JSON is not.
fn is_token(body: &[u8]) -> bool {
    let Ok(serde_json::Value::Object(doc)) = serde_json::from_slice(body) else {
        return false;
    };
    let present = |k: &str| {
        doc.get(k)
            .and_then(|v| v.as_str())
            .is_some_and(|s| !s.is_empty())
    };
    present("access_token") && present("token_type")
}

/// What a body that is not the expected answer looks like, never its content (it may hold
/// secrets).
fn body_kind(body: &[u8]) -> &'static str {
    let trimmed = body.trim_ascii_start();
    if trimmed.is_empty() {
        "an empty body"
    } else if trimmed.first() == Some(&b'<') {
        "an HTML page, as a captive portal or proxy sends"
    } else if serde_json::from_slice::<serde_json::Value>(trimmed).is_ok() {
        "JSON without access_token and token_type"
    } else {
        "a body that is not JSON"
    }
}

/// `HTTP 503 Service Unavailable`.
pub(super) fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

/// The meaning of one answer of the token endpoint. `host` names the endpoint in causes.
pub(super) fn classify(
    host: &str,
    status: StatusCode,
    retry: Option<Duration>,
    body: &[u8],
) -> PollOutcome {
    let unavailable = |cause: String| PollOutcome::Unavailable {
        cause: format!("{host}: {cause}"),
        retry_after: retry,
    };
    if status.is_success() {
        if is_token(body) {
            let text = String::from_utf8_lossy(body).into_owned();
            return PollOutcome::Approved(SecretString::from(text));
        }
        return unavailable(format!(
            "{} but not a token ({})",
            status_text(status),
            body_kind(body)
        ));
    }
    let oauth = serde_json::from_slice::<OAuthErr>(body).ok();
    let Some(err) = oauth.filter(|_| status.is_client_error()) else {
        // 5xx, 429 (even with an OAuth body such as temporarily_unavailable), redirects,
        // and 4xx pages without an OAuth error: nothing has been said about the code.
        let what = match serde_json::from_slice::<OAuthErr>(body) {
            Ok(e) => e.error,
            Err(_) => body_kind(body).to_string(),
        };
        return unavailable(format!("{} ({what})", status_text(status)));
    };
    if status == StatusCode::TOO_MANY_REQUESTS {
        return unavailable(format!("{} ({})", status_text(status), err.error));
    }
    let final_status = matches!(status.as_u16(), 400 | 401);
    match err.error.as_str() {
        "authorization_pending" => PollOutcome::Pending,
        "slow_down" => PollOutcome::SlowDown,
        "authorization_declined" | "access_denied" if final_status => PollOutcome::Declined,
        "expired_token" | "code_expired" if final_status => PollOutcome::Expired,
        "bad_verification_code" if final_status => PollOutcome::BadCode,
        // RFC 6749 §5.2 errors: the request itself is refused; Microsoft answers
        // invalid_grant for a redeemed or revoked device code.
        "invalid_grant"
        | "invalid_client"
        | "invalid_request"
        | "unauthorized_client"
        | "unsupported_grant_type"
        | "invalid_scope"
            if final_status =>
        {
            // The code and the server that said it: an operator with several authorities
            // (or a proxy in front of one) must know which refused and how.
            let said = match err.error_description.filter(|d| !d.is_empty()) {
                Some(d) => format!("{d} ({})", err.error),
                None => err.error,
            };
            PollOutcome::Failed(format!("{host} refused the device code: {said}"))
        }
        // temporarily_unavailable, server_error, and anything not defined as final.
        other => unavailable(format!("{} ({other})", status_text(status))),
    }
}

/// Every error in the chain, stepping into `io::Error`s, which hide their payload from
/// `source()`.
fn chain<'a>(e: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = Vec::new();
    let mut cur = Some(e);
    while let Some(err) = cur {
        out.push(err);
        cur = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => err.source(),
        };
    }
    out
}

/// What to do about an authority whose certificate is not trusted.
const AUTHORITY_CA: &str =
    "if this authority is yours, start with --authority-ca-cert FILE (its CA, PEM)";

/// The cause of a request that got no usable answer, named from the whole error chain:
/// connection closed, reset, refused, timed out, host not found, certificate not trusted
/// and why.
pub(super) fn network_cause(e: &reqwest::Error, capture: &CertCapture) -> String {
    let chain = chain(e);
    for err in &chain {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            let presented = capture.last();
            if let rustls::Error::InvalidCertificate(_) = tls {
                match presented.and_then(|p| p.problem.map(|pr| (pr, p.info))) {
                    Some((CertProblem::Untrusted(reason), _)) => {
                        return format!("certificate not trusted: {reason}; {AUTHORITY_CA}");
                    }
                    Some((CertProblem::Changed { expected }, info)) => {
                        return format!(
                            "certificate not trusted: it changed (pinned {expected}, presented {})",
                            info.fingerprint
                        );
                    }
                    None => {}
                }
                return format!("certificate not trusted: {tls}; {AUTHORITY_CA}");
            }
            return format!("secure connection could not be set up ({tls})");
        }
    }
    if e.is_timeout() {
        return "timed out waiting for an answer".into();
    }
    for err in &chain {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as K;
            let named = match io.kind() {
                K::ConnectionRefused => "connection refused",
                K::ConnectionReset => "connection reset",
                K::ConnectionAborted => "connection aborted",
                K::TimedOut => "timed out waiting for an answer",
                K::UnexpectedEof | K::BrokenPipe | K::NotConnected => "connection closed",
                _ => continue,
            };
            return named.into();
        }
    }
    let texts: Vec<String> = chain.iter().map(|e| e.to_string()).collect();
    plain(&texts.join(": "), e.is_body() || e.is_decode())
}

/// Names a cause from error text (hyper and the resolver say what happened only in words).
/// `mid_answer`: the failure came while reading the answer.
pub(crate) fn plain(text: &str, mid_answer: bool) -> String {
    let t = text.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let named = if has(&["dns error", "lookup address", "name or service not known"]) {
        "host name not found"
    } else if has(&["connection refused"]) {
        "connection refused"
    } else if has(&["connection reset", "reset by peer"]) {
        "connection reset"
    } else if has(&["timed out", "timeout"]) {
        "timed out waiting for an answer"
    } else if has(&[
        "connection closed",
        "incomplete message",
        "end of file",
        "unexpected eof",
        "broken pipe",
        "stream error",
        "goaway",
    ]) || mid_answer
    {
        "connection closed before the whole answer arrived"
    } else {
        ""
    };
    if !named.is_empty() {
        return named.into();
    }
    // The deepest message names the cause best; "failed" would read as final.
    let deepest = text.rsplit(": ").next().unwrap_or(text).trim();
    deepest.replace("failed", "did not work")
}
