//! Where codes come from: VB365 (`DeviceCode` and `DeviceCode/check`) and the Microsoft
//! identity platform (RFC 8628).

use std::time::Duration;

use futures::future::BoxFuture;
use secrecy::SecretString;

use super::{Issued, Source, Step, VB365_CHECK_INTERVAL};
use crate::api::models::{Region, RestoreDeviceCodeRequest};
use crate::api::{ApiError, Client};
use crate::identity::{IdentityClient, PollOutcome};

/// Which VB365 operation hands out the code.
#[derive(Clone, Debug)]
pub enum Vb365Code {
    /// `POST /DeviceCode` for a region (adding an organization, or the Device code screen).
    New { region: Region },
    /// `POST /Organizations/{id}/DeviceCode`.
    Organization { id: String },
    /// `POST /RestoreSessions/{id}/organization/restoreDeviceCode`.
    Restore {
        session_id: String,
        request: RestoreDeviceCodeRequest,
    },
}

/// VB365 device codes, known used through `DeviceCode/check` (v6+).
pub struct Vb365Source {
    pub client: Client,
    pub code: Vb365Code,
    pub interval: Duration,
    user_code: Option<String>,
}

impl Vb365Source {
    pub fn new(client: Client, code: Vb365Code) -> Self {
        Vb365Source {
            client,
            code,
            interval: VB365_CHECK_INTERVAL,
            user_code: None,
        }
    }
}

impl Source for Vb365Source {
    fn request(&mut self) -> BoxFuture<'_, Result<Issued, String>> {
        Box::pin(async move {
            let dc = match &self.code {
                Vb365Code::New { region } => self.client.device_code(region, None).await,
                Vb365Code::Organization { id } => self.client.organization_device_code(id).await,
                Vb365Code::Restore {
                    session_id,
                    request,
                } => self.client.restore_device_code(session_id, request).await,
            }
            .map_err(|e| e.to_string())?;
            self.user_code = Some(dc.user_code.clone());
            Ok(Issued {
                user_code: dc.user_code,
                url: dc.verification_url,
                url_complete: None,
                expires_in: Duration::from_secs(dc.expires_in.clamp(1, 86_400) as u64),
                interval: self.interval,
                message: dc.message,
                manual: !self.client.version().has_device_code_check(),
            })
        })
    }

    fn poll(&mut self) -> BoxFuture<'_, Step> {
        Box::pin(async move {
            let code = self.user_code.clone().unwrap_or_default();
            match self.client.check_device_code(&code).await {
                Ok(true) => Step::Approved(None),
                Ok(false) => Step::Pending,
                Err(e) if e.is_transport() => Step::Transport(e.to_string()),
                Err(ApiError::Http { status, .. }) if matches!(status, 429 | 502 | 503 | 504) => {
                    Step::Transport(format!("the server answered HTTP {status}"))
                }
                Err(e) => Step::Failed(e.to_string()),
            }
        })
    }
}

/// Microsoft identity platform device codes (RFC 8628).
pub struct MicrosoftSource {
    pub identity: IdentityClient,
    pub scope: String,
    device_code: Option<SecretString>,
}

impl MicrosoftSource {
    pub fn new(identity: IdentityClient, scope: &str) -> Self {
        MicrosoftSource {
            identity,
            scope: scope.to_string(),
            device_code: None,
        }
    }
}

impl Source for MicrosoftSource {
    fn request(&mut self) -> BoxFuture<'_, Result<Issued, String>> {
        Box::pin(async move {
            let dc = self
                .identity
                .request_device_code(&self.scope)
                .await
                .map_err(|e| e.to_string())?;
            self.device_code = Some(dc.device_code.clone());
            Ok(Issued {
                user_code: dc.user_code,
                url: dc.verification_uri,
                url_complete: dc.verification_uri_complete,
                expires_in: Duration::from_secs(dc.expires_in.clamp(1, 86_400)),
                interval: Duration::from_secs(dc.interval.max(1)),
                message: dc.message,
                manual: false,
            })
        })
    }

    fn poll(&mut self) -> BoxFuture<'_, Step> {
        Box::pin(async move {
            let Some(code) = self.device_code.clone() else {
                return Step::Failed("no device code".into());
            };
            match self.identity.poll_token(&code).await {
                Ok(PollOutcome::Approved(doc)) => Step::Approved(Some(doc)),
                Ok(PollOutcome::Pending) => Step::Pending,
                Ok(PollOutcome::SlowDown) => Step::SlowDown,
                Ok(PollOutcome::Declined) => Step::Declined,
                Ok(PollOutcome::Expired) => Step::Expired,
                Ok(PollOutcome::BadCode) => {
                    Step::Failed("Microsoft did not recognise the device code".into())
                }
                Ok(PollOutcome::Failed(e)) => Step::Failed(e),
                Err(e) => Step::Transport(e.to_string()),
            }
        })
    }
}
