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
    /// `POST /DeviceCode` for a region (adding an organization, or the Device code screen);
    /// v8 signs in to the Graph application of `graph_org`, an organization authorized again.
    New {
        region: Region,
        graph_org: Option<String>,
    },
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

/// The cause of a VB365 fault for the status line, without the "… failed:" an `ApiError`
/// reads as (the code is still alive).
fn api_trouble(e: &ApiError) -> String {
    match e {
        ApiError::Connect { url, detail, .. } => {
            format!("{url}: {}", crate::identity::plain_cause(detail, false))
        }
        ApiError::Timeout { secs, .. } => format!("no answer within {secs} s (timed out)"),
        ApiError::Tls { detail, .. } => {
            format!("secure connection could not be set up ({detail})")
        }
        ApiError::Http { status, .. } => {
            let code = reqwest::StatusCode::from_u16(*status).ok();
            let reason = code.and_then(|c| c.canonical_reason()).unwrap_or("");
            format!("the server answered HTTP {status} {reason}")
                .trim_end()
                .to_string()
        }
        other => other.to_string().replace("failed", "did not work"),
    }
}

impl Source for Vb365Source {
    fn name(&self) -> &'static str {
        "VB365"
    }

    fn request(&mut self) -> BoxFuture<'_, Result<Issued, String>> {
        Box::pin(async move {
            let dc = match &self.code {
                Vb365Code::New { region, graph_org } => {
                    self.client.device_code(region, graph_org.as_deref()).await
                }
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
                Err(e) if e.is_transport() || matches!(e.status(), Some(429 | 502 | 503 | 504)) => {
                    Step::Transport {
                        cause: api_trouble(&e),
                        retry_after: None,
                    }
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
    fn name(&self) -> &'static str {
        "Microsoft"
    }

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
                Ok(PollOutcome::Unavailable { cause, retry_after }) => {
                    Step::Transport { cause, retry_after }
                }
                Ok(PollOutcome::Failed(e)) => Step::Failed(e),
                Err(e) => Step::Transport {
                    cause: e.trouble(),
                    retry_after: None,
                },
            }
        })
    }
}

#[cfg(all(test, feature = "sim"))]
mod tests {
    use super::*;
    use crate::api::{ClientConfig, RetryPolicy, TrustMode};
    use crate::identity::{DEFAULT_CLIENT_ID, DEFAULT_SCOPE};
    use crate::sim::{Fault, FaultKind, SimConfig};
    use secrecy::ExposeSecret;
    use serde_json::json;

    fn trouble(step: Step) -> (String, Option<Duration>) {
        match step {
            Step::Transport { cause, retry_after } => {
                assert!(!cause.contains("failed"), "{cause}");
                (cause, retry_after)
            }
            other => panic!("expected a transport fault, got {other:?}"),
        }
    }

    /// Every fault the simulator can put in front of its token endpoint keeps the code alive,
    /// and only the real token document is an approval.
    #[tokio::test]
    async fn token_endpoint_faults_are_transport_faults_against_the_simulator() {
        let sim = crate::sim::start(SimConfig::default()).await.unwrap();
        let trust = TrustMode::Pinned(sim.fingerprint.unwrap());
        let identity = IdentityClient::new(
            &sim.base_url,
            "contoso.onmicrosoft.com",
            DEFAULT_CLIENT_ID,
            &trust,
        )
        .unwrap();
        let mut src = MicrosoftSource::new(identity, DEFAULT_SCOPE);
        let issued = src.request().await.unwrap();
        let script = |kind: FaultKind| {
            sim.sim.faults.add(Fault {
                path: "/oauth2/v2.0/token".into(),
                method: Some("POST".into()),
                kind,
                times: Some(1),
            })
        };
        let cases: Vec<(FaultKind, &str)> = vec![
            (
                FaultKind::Html { status: 200 },
                "HTTP 200 OK but not a token (an HTML page",
            ),
            (
                FaultKind::Json {
                    status: 200,
                    body: json!({"status": "ok", "proxy": "allowed"}),
                    retry_after: None,
                },
                "HTTP 200 OK but not a token (JSON without access_token and token_type)",
            ),
            (
                FaultKind::Malformed,
                "HTTP 200 OK but not a token (a body that is not JSON)",
            ),
            (
                FaultKind::Html { status: 500 },
                "HTTP 500 Internal Server Error",
            ),
            (FaultKind::Html { status: 502 }, "HTTP 502 Bad Gateway"),
            (
                FaultKind::Status {
                    status: 429,
                    retry_after: Some(2),
                },
                "HTTP 429 Too Many Requests",
            ),
            (
                FaultKind::Json {
                    status: 503,
                    body: json!({"error": "temporarily_unavailable"}),
                    retry_after: Some(9),
                },
                "HTTP 503 Service Unavailable (temporarily_unavailable)",
            ),
            (FaultKind::Reset, "127.0.0.1"),
        ];
        for (kind, expected) in cases {
            script(kind.clone());
            let (cause, retry_after) = trouble(src.poll().await);
            assert!(cause.contains(expected), "{kind:?}: {cause}");
            match kind {
                FaultKind::Status { retry_after: r, .. }
                | FaultKind::Json { retry_after: r, .. } => {
                    assert_eq!(retry_after, r.map(Duration::from_secs), "{kind:?}")
                }
                _ => assert_eq!(retry_after, None),
            }
        }
        // None of these reached the identity endpoint: the code is still waiting.
        assert!(matches!(src.poll().await, Step::Pending));
        assert!(sim.sim.decide(&issued.user_code, true));
        for c in sim.sim.state().identity_codes.values_mut() {
            c.last_poll = None;
        }
        match src.poll().await {
            Step::Approved(Some(doc)) => {
                let doc: serde_json::Value = serde_json::from_str(doc.expose_secret()).unwrap();
                assert!(doc["access_token"].as_str().is_some_and(|t| !t.is_empty()));
                assert_eq!(doc["token_type"], "Bearer");
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_reset_is_named_from_the_error_chain() {
        let sim = crate::sim::start(SimConfig::default()).await.unwrap();
        let trust = TrustMode::Pinned(sim.fingerprint.unwrap());
        let identity =
            IdentityClient::new(&sim.base_url, "contoso", DEFAULT_CLIENT_ID, &trust).unwrap();
        let mut src = MicrosoftSource::new(identity, DEFAULT_SCOPE);
        src.request().await.unwrap();
        sim.sim.faults.add(Fault {
            path: "/oauth2/v2.0/token".into(),
            method: None,
            kind: FaultKind::Reset,
            times: Some(1),
        });
        let (cause, _) = trouble(src.poll().await);
        let host = sim.base_url.trim_start_matches("https://");
        assert!(cause.starts_with(&format!("{host}: connection")), "{cause}");
    }

    #[tokio::test]
    async fn a_vb365_connection_fault_names_the_cause_without_failed() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let mut config = ClientConfig::new(&format!("https://{addr}"), TrustMode::System);
        config.retry = RetryPolicy {
            attempts: 1,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        };
        let mut src = Vb365Source::new(
            Client::new(config).unwrap(),
            Vb365Code::New {
                region: Region::Worldwide,
                graph_org: None,
            },
        );
        src.user_code = Some("ABCD".into());
        let (cause, _) = trouble(src.poll().await);
        assert_eq!(cause, format!("https://{addr}: connection refused"));
    }
}
