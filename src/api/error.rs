//! One error type for every API call. Its `Display` is what the operator reads: the
//! operation, the cause, and what to do next.

use super::models::{OAuthError, RestExceptionInfo};
use super::tls::{CertificateInfo, Fingerprint};
use super::version::ApiVersion;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    #[error(
        "{op} failed: cannot reach {url} ({detail}). Check the server address and port (usually 4443) and that the VB365 REST API service is running."
    )]
    Connect {
        op: String,
        url: String,
        detail: String,
    },
    #[error(
        "{op} failed: the server did not answer within {secs} s. It may be busy or the network is slow; try again."
    )]
    Timeout { op: String, secs: u64 },
    #[error(
        "{op} failed: the server's certificate is not trusted: {reason}. Fingerprint {fp}. Trust it only if it matches the certificate on the server, or pass --ca-cert or --pin.",
        fp = cert.fingerprint
    )]
    UntrustedCertificate {
        op: String,
        cert: Box<CertificateInfo>,
        reason: String,
    },
    #[error(
        "{op} refused: THE SERVER CERTIFICATE HAS CHANGED. Pinned {expected}, presented {fp}. Someone may be intercepting the connection; remove the old pin only if the server's certificate was really replaced.",
        fp = cert.fingerprint
    )]
    CertificateChanged {
        op: String,
        cert: Box<CertificateInfo>,
        expected: Fingerprint,
    },
    #[error("{op} failed: secure connection could not be set up ({detail}).")]
    Tls { op: String, detail: String },
    #[error("{op} failed: {}", http_sentence(*status, info.as_ref(), body))]
    Http {
        op: String,
        status: u16,
        info: Option<RestExceptionInfo>,
        body: String,
    },
    #[error("{op} failed: {}", oauth_sentence(error))]
    SignIn { op: String, error: OAuthError },
    /// VB365 refused a Microsoft sign-in the operator had approved (tenant or operator).
    #[error(
        "{op} failed: Microsoft approved the sign-in, but VB365 at {server} did not accept it: {}. Check that this account may sign in to VB365 (a tenant's administrator, or a restore operator of a role), then try a new code.",
        refusal(error)
    )]
    ApprovalRefused {
        op: String,
        server: String,
        error: OAuthError,
    },
    #[error("{op} failed: the session has expired and could not be renewed. Sign in again.")]
    SessionExpired { op: String },
    #[error(
        "{op} failed: the server's answer could not be read as {what} ({detail}). The server may run an API version this client does not know."
    )]
    Decode {
        op: String,
        what: String,
        detail: String,
    },
    #[error("{op} is not available in API {version}.")]
    Unsupported { op: String, version: ApiVersion },
    #[error(
        "{op} failed: no VB365 REST API answered at {url} (tried v4 to v8). Check the address and port."
    )]
    NoApi { op: String, url: String },
    #[error("{op}: {detail}")]
    Invalid { op: String, detail: String },
}

impl ApiError {
    /// HTTP status for server answers.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's own message, when it sent one.
    pub fn server_message(&self) -> Option<&str> {
        match self {
            ApiError::Http { info: Some(i), .. } if !i.message.is_empty() => Some(&i.message),
            ApiError::SignIn { error, .. } => error.error_description.as_deref(),
            _ => None,
        }
    }

    pub fn is_certificate(&self) -> bool {
        matches!(
            self,
            ApiError::UntrustedCertificate { .. } | ApiError::CertificateChanged { .. }
        )
    }

    /// Errors from the network rather than from the server's judgement.
    pub fn is_transport(&self) -> bool {
        matches!(
            self,
            ApiError::Connect { .. } | ApiError::Timeout { .. } | ApiError::Tls { .. }
        )
    }
}

fn http_sentence(status: u16, info: Option<&RestExceptionInfo>, body: &str) -> String {
    let meaning = match status {
        400 => "the server rejected the request",
        401 => "not signed in or the session has expired",
        403 => "this account is not allowed to do that",
        404 => "not found on the server",
        409 => "it conflicts with the server's current state",
        429 => "the server is rate-limiting requests; wait and try again",
        500 => "the server had an internal error",
        502..=504 => "the server or a proxy in front of it is unavailable; try again shortly",
        _ => "the server answered with an error",
    };
    let detail = match info {
        Some(i) if !i.message.is_empty() => match &i.error_code {
            Some(code) => format!(": {} [{}]", i.message, code),
            None => format!(": {}", i.message),
        },
        _ if !body.is_empty() => format!(": {body}"),
        _ => String::new(),
    };
    format!("{meaning} (HTTP {status}){detail}")
}

fn oauth_sentence(e: &OAuthError) -> String {
    let hint = match e.error.as_str() {
        "invalid_grant" => "the user name or password (or the token) was not accepted",
        "invalid_client" => "the tenant or application was not accepted",
        "unsupported_grant_type" => "the server does not support this way of signing in",
        "invalid_request" => "the server found the sign-in request incomplete",
        _ => "sign-in was refused",
    };
    match &e.error_description {
        Some(d) if !d.is_empty() => format!("{hint}: {d} ({})", e.error),
        _ => format!("{hint} ({})", e.error),
    }
}

/// What VB365 said when refusing an approved sign-in: its words and its error code.
fn refusal(e: &OAuthError) -> String {
    match &e.error_description {
        Some(d) if !d.is_empty() => format!("{d} ({})", e.error),
        _ => e.error.clone(),
    }
}

/// Cuts a raw body short for display (HTML error pages can be long).
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let looks_html = text.starts_with('<');
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(200).collect();
    if flat.chars().count() > 200 {
        out.push('…');
    }
    if looks_html {
        format!("an HTML page instead of JSON: {out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::ErrorCode;

    #[test]
    fn display_is_an_actionable_sentence() {
        let e = ApiError::Http {
            op: "Add organization".into(),
            status: 400,
            info: Some(RestExceptionInfo {
                message: "Account is missing.".into(),
                error_code: Some(ErrorCode::ParameterValidationFailure),
                stack_trace: None,
            }),
            body: String::new(),
        };
        assert_eq!(
            e.to_string(),
            "Add organization failed: the server rejected the request (HTTP 400): Account is missing. [ParameterValidationFailure]"
        );
        let e = ApiError::SignIn {
            op: "Sign in".into(),
            error: OAuthError {
                error: "invalid_grant".into(),
                error_description: Some("The user name or password is incorrect.".into()),
            },
        };
        assert!(e.to_string().contains("not accepted"));
        assert_eq!(
            e.server_message(),
            Some("The user name or password is incorrect.")
        );
    }

    #[test]
    fn excerpt_flags_html_and_cuts() {
        let long = format!("<html><body>{}</body></html>", "x ".repeat(400));
        let e = excerpt(long.as_bytes());
        assert!(e.starts_with("an HTML page"));
        assert!(e.ends_with('…'));
    }
}
