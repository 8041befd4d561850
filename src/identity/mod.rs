//! Microsoft identity platform device-code flow (RFC 8628), which yields the token document
//! used as the assertion for a tenant sign-in.

mod answer;
#[cfg(test)]
mod tests;

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::api::models::Region;
use crate::api::tls::{CertCapture, TrustMode, client_config};
use answer::OAuthErr;
pub(crate) use answer::plain as plain_cause;

/// The public client Veeam's documentation uses (Azure CLI) and its scopes.
pub const DEFAULT_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
pub const DEFAULT_SCOPE: &str = "Directory.AccessAsUser.All User.ReadWrite.All offline_access";

/// The login host of a region's cloud.
pub fn authority_for_region(region: &Region) -> &'static str {
    match region {
        Region::USGovernment | Region::USDefence => "https://login.microsoftonline.us",
        Region::China => "https://login.chinacloudapi.cn",
        Region::Germany => "https://login.microsoftonline.de",
        Region::Worldwide | Region::Unknown(_) => "https://login.microsoftonline.com",
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct IdentityDeviceCode {
    pub device_code: SecretString,
    pub user_code: String,
    pub verification_uri: String,
    #[serde(default)]
    pub verification_uri_complete: Option<String>,
    #[serde(default = "default_expiry")]
    pub expires_in: u64,
    /// RFC 8628 §3.2: 5 s when absent.
    #[serde(default = "default_interval")]
    pub interval: u64,
    #[serde(default)]
    pub message: Option<String>,
}

fn default_expiry() -> u64 {
    900
}
fn default_interval() -> u64 {
    5
}

/// One answer of the token endpoint while polling.
#[derive(Debug)]
pub enum PollOutcome {
    /// The whole token JSON document, to be used as the assertion.
    Approved(SecretString),
    Pending,
    SlowDown,
    Declined,
    Expired,
    BadCode,
    /// Nothing was said about the code (a 5xx, a 429, `temporarily_unavailable`, a 2xx that
    /// is not a token): a transport fault, to be retried until the code expires.
    Unavailable {
        cause: String,
        retry_after: Option<Duration>,
    },
    /// A final OAuth error (`invalid_grant`, `invalid_client`, ...).
    Failed(String),
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum IdentityError {
    #[error("Microsoft sign-in failed: cannot reach {authority} ({detail})")]
    Transport { authority: String, detail: String },
    #[error("Microsoft sign-in failed: {0}")]
    Refused(String),
}

impl IdentityError {
    /// The cause alone, for a status shown while the code is still alive: no "failed".
    pub fn trouble(&self) -> String {
        match self {
            IdentityError::Transport { authority, detail } => {
                format!("{}: {detail}", host_of(authority))
            }
            IdentityError::Refused(m) => m.clone(),
        }
    }
}

/// `login.microsoftonline.com` from `https://login.microsoftonline.com/`.
fn host_of(authority: &str) -> &str {
    let rest = authority.split_once("://").map_or(authority, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

/// Talks to one authority for one tenant.
#[derive(Clone, Debug)]
pub struct IdentityClient {
    http: reqwest::Client,
    authority: String,
    tenant: String,
    client_id: String,
    /// The certificate the authority presented last, to say why it was not trusted.
    capture: CertCapture,
}

impl IdentityClient {
    pub fn new(
        authority: &str,
        tenant: &str,
        client_id: &str,
        trust: &TrustMode,
    ) -> Result<Self, IdentityError> {
        let capture = CertCapture::default();
        let tls = client_config(trust, capture.clone()).map_err(|e| IdentityError::Transport {
            authority: authority.into(),
            detail: e.to_string(),
        })?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| IdentityError::Transport {
                authority: authority.into(),
                detail: e.to_string(),
            })?;
        Ok(IdentityClient {
            http,
            authority: authority.trim_end_matches('/').to_string(),
            tenant: tenant.to_string(),
            client_id: client_id.to_string(),
            capture,
        })
    }

    fn endpoint(&self, which: &str) -> String {
        format!("{}/{}/oauth2/v2.0/{which}", self.authority, self.tenant)
    }

    fn transport(&self, e: reqwest::Error) -> IdentityError {
        IdentityError::Transport {
            authority: self.authority.clone(),
            detail: answer::network_cause(&e, &self.capture),
        }
    }

    /// Asks for a device code.
    pub async fn request_device_code(
        &self,
        scope: &str,
    ) -> Result<IdentityDeviceCode, IdentityError> {
        let resp = self
            .http
            .post(self.endpoint("devicecode"))
            .form(&[("client_id", self.client_id.as_str()), ("scope", scope)])
            .send()
            .await
            .map_err(|e| self.transport(e))?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(|e| self.transport(e))?;
        if !status.is_success() {
            let msg = serde_json::from_slice::<OAuthErr>(&body)
                .map(|e| e.error_description.unwrap_or(e.error))
                .unwrap_or_else(|_| format!("HTTP {status}"));
            return Err(IdentityError::Refused(msg));
        }
        serde_json::from_slice(&body)
            .map_err(|e| IdentityError::Refused(format!("unreadable device code answer: {e}")))
    }

    /// Polls the token endpoint once.
    pub async fn poll_token(
        &self,
        device_code: &SecretString,
    ) -> Result<PollOutcome, IdentityError> {
        let resp = self
            .http
            .post(self.endpoint("token"))
            .form(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", self.client_id.as_str()),
                ("device_code", device_code.expose_secret()),
            ])
            .send()
            .await
            .map_err(|e| self.transport(e))?;
        let status = resp.status();
        let retry = answer::retry_after(resp.headers());
        let body = resp.bytes().await.map_err(|e| self.transport(e))?;
        let outcome = answer::classify(host_of(&self.authority), status, retry, &body);
        tracing::debug!(
            %status,
            outcome = outcome.name(),
            "token endpoint answered"
        );
        Ok(outcome)
    }
}

impl PollOutcome {
    /// For logs: the kind of answer, never its content.
    pub fn name(&self) -> &'static str {
        match self {
            PollOutcome::Approved(_) => "approved",
            PollOutcome::Pending => "authorization_pending",
            PollOutcome::SlowDown => "slow_down",
            PollOutcome::Declined => "declined",
            PollOutcome::Expired => "expired",
            PollOutcome::BadCode => "bad_verification_code",
            PollOutcome::Unavailable { .. } => "unavailable",
            PollOutcome::Failed(_) => "refused",
        }
    }
}
