//! Sign-in by password, tenant assertion (jwt-bearer) or restore operator; refresh in the
//! background before expiry and once after a 401; log out where the version can.

use std::sync::{Arc, Weak};
use std::time::Duration;

use reqwest::Method;
use secrecy::SecretString;
use tokio::time::Instant;

use super::client::{Body, Call, Client, Inner, decode};
use super::error::ApiError;
use super::models::TokenResponse;
use super::tokens::{Identity, SignInKind, Tokens, identity_of};

pub const GRANT_PASSWORD: &str = "password";
pub const GRANT_REFRESH: &str = "refresh_token";
pub const GRANT_JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
pub const GRANT_OPERATOR: &str = "operator";

impl Client {
    /// Administrator sign-in with user name and password.
    pub async fn sign_in_password(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<Identity, ApiError> {
        let form = vec![
            ("grant_type", SecretString::from(GRANT_PASSWORD)),
            ("username", SecretString::from(username.to_string())),
            ("password", password.clone()),
        ];
        self.token_request("Sign in", form, SignInKind::Administrator, username)
            .await
    }

    /// Tenant sign-in: the whole Microsoft token JSON is the assertion, the tenant the client id.
    pub async fn sign_in_tenant(
        &self,
        tenant: &str,
        assertion: &SecretString,
    ) -> Result<Identity, ApiError> {
        let form = vec![
            ("grant_type", SecretString::from(GRANT_JWT_BEARER)),
            ("client_id", SecretString::from(tenant.to_string())),
            ("assertion", assertion.clone()),
        ];
        let kind = SignInKind::Tenant {
            tenant: tenant.to_string(),
        };
        let signed_in = self
            .token_request("Tenant sign-in", form, kind, tenant)
            .await;
        self.approval_refused(signed_in)
    }

    /// Restore-operator sign-in (`grant_type=operator`, client id and assertion).
    pub async fn sign_in_operator(
        &self,
        client_id: &str,
        assertion: &SecretString,
    ) -> Result<Identity, ApiError> {
        let form = vec![
            ("grant_type", SecretString::from(GRANT_OPERATOR)),
            ("client_id", SecretString::from(client_id.to_string())),
            ("assertion", assertion.clone()),
        ];
        let signed_in = self
            .token_request(
                "Restore operator sign-in",
                form,
                SignInKind::Operator,
                client_id,
            )
            .await;
        self.approval_refused(signed_in)
    }

    /// A sign-in refused after Microsoft approved it is VB365's judgement, not a password's:
    /// say so, and log it where an operator's default log level shows it.
    fn approval_refused(&self, r: Result<Identity, ApiError>) -> Result<Identity, ApiError> {
        r.map_err(|e| match e {
            ApiError::SignIn { op, error } => {
                tracing::warn!(
                    op,
                    server = self.base_url(),
                    error = error.error,
                    "VB365 refused a sign-in approved with Microsoft"
                );
                ApiError::ApprovalRefused {
                    op,
                    server: self.base_url().to_string(),
                    error,
                }
            }
            other => other,
        })
    }

    /// Renews the access token with the refresh token.
    pub async fn refresh(&self) -> Result<Identity, ApiError> {
        let current = self
            .inner
            .tokens
            .snapshot()
            .ok_or(ApiError::SessionExpired {
                op: "Renew session".into(),
            })?;
        let refresh = current.refresh.clone().ok_or(ApiError::SessionExpired {
            op: "Renew session".into(),
        })?;
        let form = vec![
            ("grant_type", SecretString::from(GRANT_REFRESH)),
            ("refresh_token", refresh),
        ];
        self.token_request("Renew session", form, current.kind, &current.user_name)
            .await
    }

    /// Called when a request met 401: refreshes once unless another task already did.
    pub(crate) async fn refresh_after_401(
        &self,
        op: &str,
        seen_generation: u64,
    ) -> Result<(), ApiError> {
        let _guard = self.inner.tokens.refresh_lock.lock().await;
        if self.inner.tokens.generation() != seen_generation {
            return Ok(());
        }
        self.refresh().await.map(|_| ()).map_err(|e| {
            tracing::info!(op, "session renewal failed: {e}");
            self.inner.tokens.set(None);
            ApiError::SessionExpired { op: op.into() }
        })
    }

    async fn token_request(
        &self,
        op: &'static str,
        mut form: Vec<(&'static str, SecretString)>,
        kind: SignInKind,
        fallback_user: &str,
    ) -> Result<Identity, ApiError> {
        if self.version().sends_antiforgery_opt_out() {
            form.push(("disable_antiforgery_token", SecretString::from("true")));
        }
        let call = Call {
            op,
            method: Method::POST,
            path: "token".into(),
            query: Vec::new(),
            body: Body::Form(form),
            idempotent: false,
            authenticated: false,
            timeout: None,
        };
        let (_, body) = self.execute(&call).await?;
        let resp: TokenResponse = decode(op, &body)?;
        let lifetime = Duration::from_secs(resp.expires_in.unwrap_or(3600).max(1) as u64);
        let tokens = Tokens {
            access: resp.access_token,
            refresh: resp.refresh_token,
            issued_at: Instant::now(),
            lifetime,
            expires_utc: self.inner.clock.now() + lifetime,
            user_name: resp
                .user_name
                .filter(|u| !u.is_empty())
                .unwrap_or_else(|| fallback_user.to_string()),
            kind,
        };
        let info = identity_of(&tokens);
        self.inner.tokens.set(Some(tokens));
        Ok(info)
    }

    /// Who is signed in, if anyone.
    pub fn identity(&self) -> Option<Identity> {
        self.inner.tokens.snapshot().as_ref().map(identity_of)
    }

    /// Ends the session on the server (v7+) and forgets the tokens either way.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let result = if self.version().has_logout() && self.inner.tokens.access_token().is_some() {
            let mut call = Call::post("Sign out", "token/logout", None);
            call.idempotent = false;
            self.call_empty(call).await
        } else {
            Ok(())
        };
        self.inner.tokens.set(None);
        result
    }

    /// Forgets the tokens without telling the server.
    pub fn forget_session(&self) {
        self.inner.tokens.set(None);
    }

    /// Renews the token at ~80% of its lifetime for as long as the client lives. The task
    /// ends when the client is dropped, the session ends, or a renewal fails.
    pub fn spawn_refresher(&self) -> tokio::task::JoinHandle<()> {
        let weak: Weak<Inner> = Arc::downgrade(&self.inner);
        tokio::spawn(async move {
            loop {
                let due = {
                    let Some(inner) = weak.upgrade() else { return };
                    let Some(t) = inner.tokens.snapshot() else {
                        return;
                    };
                    if t.refresh.is_none() {
                        return;
                    }
                    t.issued_at + t.lifetime.mul_f64(0.8)
                };
                tokio::time::sleep_until(due).await;
                let Some(inner) = weak.upgrade() else { return };
                let client = Client { inner };
                if let Err(e) = client.refresh().await {
                    tracing::info!("background session renewal failed: {e}");
                    return;
                }
            }
        })
    }
}
