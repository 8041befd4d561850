//! Microsoft identity platform device-code flow (RFC 8628), which yields the token document
//! used as the assertion for a tenant sign-in.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::api::models::Region;
use crate::api::tls::{CertCapture, TrustMode, client_config};

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
    Failed(String),
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum IdentityError {
    #[error("Microsoft sign-in failed: cannot reach {authority} ({detail})")]
    Transport { authority: String, detail: String },
    #[error("Microsoft sign-in failed: {0}")]
    Refused(String),
}

#[derive(Deserialize)]
struct OAuthErr {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// Talks to one authority for one tenant.
#[derive(Clone, Debug)]
pub struct IdentityClient {
    http: reqwest::Client,
    authority: String,
    tenant: String,
    client_id: String,
}

impl IdentityClient {
    pub fn new(
        authority: &str,
        tenant: &str,
        client_id: &str,
        trust: &TrustMode,
    ) -> Result<Self, IdentityError> {
        let tls =
            client_config(trust, CertCapture::default()).map_err(|e| IdentityError::Transport {
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
        })
    }

    fn endpoint(&self, which: &str) -> String {
        format!("{}/{}/oauth2/v2.0/{which}", self.authority, self.tenant)
    }

    fn transport(&self, e: reqwest::Error) -> IdentityError {
        IdentityError::Transport {
            authority: self.authority.clone(),
            detail: e.to_string(),
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
        let body = resp.bytes().await.map_err(|e| self.transport(e))?;
        if status.is_success() {
            let text = String::from_utf8_lossy(&body).into_owned();
            return Ok(PollOutcome::Approved(SecretString::from(text)));
        }
        let err = match serde_json::from_slice::<OAuthErr>(&body) {
            Ok(e) => e,
            Err(_) => return Ok(PollOutcome::Failed(format!("HTTP {status}"))),
        };
        Ok(match err.error.as_str() {
            "authorization_pending" => PollOutcome::Pending,
            "slow_down" => PollOutcome::SlowDown,
            "authorization_declined" | "access_denied" => PollOutcome::Declined,
            "expired_token" | "code_expired" => PollOutcome::Expired,
            "bad_verification_code" => PollOutcome::BadCode,
            other => {
                PollOutcome::Failed(err.error_description.unwrap_or_else(|| other.to_string()))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authority_by_region() {
        assert_eq!(
            authority_for_region(&Region::USDefence),
            "https://login.microsoftonline.us"
        );
        assert_eq!(
            authority_for_region(&Region::Worldwide),
            "https://login.microsoftonline.com"
        );
    }

    #[test]
    fn interval_defaults_to_five_seconds() {
        let d: IdentityDeviceCode = serde_json::from_str(
            r#"{"device_code":"x","user_code":"ABC","verification_uri":"https://m/devicelogin"}"#,
        )
        .unwrap();
        assert_eq!(d.interval, 5);
        assert_eq!(d.expires_in, 900);
    }
}
