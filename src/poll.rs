//! The device-code engine: one background task per code, a state machine reported as
//! updates, and the sources that hand out codes (VB365 and the Microsoft identity platform).

use std::time::Duration;

use futures::future::BoxFuture;
use secrecy::SecretString;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::api::models::{Region, RestoreDeviceCodeRequest};
use crate::api::{ApiError, Client};
use crate::identity::{IdentityClient, PollOutcome};

/// VB365 device codes carry no interval: the client checks this often.
pub const VB365_CHECK_INTERVAL: Duration = Duration::from_secs(5);
/// RFC 8628 §3.5: every `slow_down` adds five seconds for good.
pub const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// A code as handed out.
#[derive(Clone, Debug)]
pub struct Issued {
    pub user_code: String,
    pub url: String,
    /// A URL with the code in it, when the source gives one.
    pub url_complete: Option<String>,
    pub expires_in: Duration,
    pub interval: Duration,
    pub message: Option<String>,
    /// No way to poll (v4/v5): the operator confirms by hand.
    pub manual: bool,
}

/// One answer while polling.
#[derive(Debug)]
pub enum Step {
    Pending,
    SlowDown,
    /// Used; for Microsoft codes the token document comes along.
    Approved(Option<SecretString>),
    Declined,
    Expired,
    /// The network failed; try again after a pause.
    Transport(String),
    Failed(String),
}

/// Where codes come from and how their use is known.
pub trait Source: Send + 'static {
    fn request(&mut self) -> BoxFuture<'_, Result<Issued, String>>;
    fn poll(&mut self) -> BoxFuture<'_, Step>;
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub user_code: String,
    pub url: String,
    pub url_complete: Option<String>,
    /// Monotonic: the countdown is computed from it, never decremented.
    pub deadline: std::time::Instant,
    pub interval: Duration,
    pub last_check: Option<chrono::DateTime<chrono::Local>>,
    pub slowed_down: bool,
    pub manual: bool,
    /// The last transport error, while the engine backs off.
    pub trouble: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeState {
    Requesting,
    Pending(Pending),
    Approved,
    Declined,
    Expired,
    Failed(String),
}

impl CodeState {
    pub fn is_final(&self) -> bool {
        !matches!(self, CodeState::Requesting | CodeState::Pending(_))
    }
    pub fn pending(&self) -> Option<&Pending> {
        match self {
            CodeState::Pending(p) => Some(p),
            _ => None,
        }
    }
}

/// A transition, for the app. The token document rides only on `Approved`.
#[derive(Debug)]
pub struct CodeUpdate {
    pub id: u64,
    pub state: CodeState,
    pub token: Option<SecretString>,
}

/// Runs one code to its end, reporting every transition. Returns when the code is used,
/// refused, expired, failed, or `cancel` fires (then nothing more is reported).
pub async fn run(
    id: u64,
    mut source: Box<dyn Source>,
    cancel: CancellationToken,
    report: impl Fn(CodeUpdate) + Send,
) {
    let send =
        |state: CodeState, token: Option<SecretString>| report(CodeUpdate { id, state, token });
    send(CodeState::Requesting, None);
    let issued = tokio::select! {
        _ = cancel.cancelled() => return,
        r = source.request() => r,
    };
    let issued = match issued {
        Ok(i) => i,
        Err(reason) => return send(CodeState::Failed(reason), None),
    };
    let deadline = Instant::now() + issued.expires_in;
    let mut pending = Pending {
        user_code: issued.user_code.clone(),
        url: issued.url.clone(),
        url_complete: issued.url_complete.clone(),
        deadline: deadline.into_std(),
        interval: issued.interval,
        last_check: None,
        slowed_down: false,
        manual: issued.manual,
        trouble: None,
    };
    send(CodeState::Pending(pending.clone()), None);
    if issued.manual {
        tokio::select! {
            _ = cancel.cancelled() => {}
            _ = tokio::time::sleep_until(deadline) => send(CodeState::Expired, None),
        }
        return;
    }
    let mut failures = 0u32;
    loop {
        let wait = if failures == 0 {
            pending.interval
        } else {
            (pending.interval * 2u32.saturating_pow(failures.min(6))).min(MAX_BACKOFF)
        };
        let next = (Instant::now() + wait).min(deadline);
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = tokio::time::sleep_until(next) => {}
        }
        if Instant::now() >= deadline {
            return send(CodeState::Expired, None);
        }
        let step = tokio::select! {
            _ = cancel.cancelled() => return,
            s = source.poll() => s,
        };
        pending.last_check = Some(chrono::Local::now());
        match step {
            Step::Pending => {
                failures = 0;
                pending.trouble = None;
            }
            Step::SlowDown => {
                failures = 0;
                pending.trouble = None;
                pending.interval += SLOW_DOWN_STEP;
                pending.slowed_down = true;
            }
            Step::Transport(e) => {
                failures += 1;
                pending.trouble = Some(e);
            }
            Step::Approved(token) => return send(CodeState::Approved, token),
            Step::Declined => return send(CodeState::Declined, None),
            Step::Expired => return send(CodeState::Expired, None),
            Step::Failed(e) => return send(CodeState::Failed(e), None),
        }
        send(CodeState::Pending(pending.clone()), None);
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    /// A source that answers from a script and records when it was polled.
    struct Scripted {
        issued: Issued,
        steps: VecDeque<Step>,
        polls: Arc<Mutex<Vec<Instant>>>,
    }

    impl Source for Scripted {
        fn request(&mut self) -> BoxFuture<'_, Result<Issued, String>> {
            let i = self.issued.clone();
            Box::pin(async move { Ok(i) })
        }
        fn poll(&mut self) -> BoxFuture<'_, Step> {
            self.polls.lock().unwrap().push(Instant::now());
            let s = self.steps.pop_front().unwrap_or(Step::Pending);
            Box::pin(async move { s })
        }
    }

    fn issued(expires: u64, interval: u64) -> Issued {
        Issued {
            user_code: "ABCD23XYZ".into(),
            url: "https://microsoft.com/devicelogin".into(),
            url_complete: None,
            expires_in: Duration::from_secs(expires),
            interval: Duration::from_secs(interval),
            message: None,
            manual: false,
        }
    }

    type Log = Arc<Mutex<Vec<CodeState>>>;

    fn start(
        steps: Vec<Step>,
        iss: Issued,
    ) -> (
        Log,
        Arc<Mutex<Vec<Instant>>>,
        CancellationToken,
        tokio::task::JoinHandle<()>,
    ) {
        let log: Log = Arc::default();
        let polls = Arc::new(Mutex::new(Vec::new()));
        let cancel = CancellationToken::new();
        let src = Scripted {
            issued: iss,
            steps: steps.into(),
            polls: polls.clone(),
        };
        let sink = log.clone();
        let task = tokio::spawn(run(7, Box::new(src), cancel.clone(), move |u| {
            sink.lock().unwrap().push(u.state)
        }));
        (log, polls, cancel, task)
    }

    fn names(log: &Log) -> Vec<&'static str> {
        log.lock()
            .unwrap()
            .iter()
            .map(|s| match s {
                CodeState::Requesting => "requesting",
                CodeState::Pending(_) => "pending",
                CodeState::Approved => "approved",
                CodeState::Declined => "declined",
                CodeState::Expired => "expired",
                CodeState::Failed(_) => "failed",
            })
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn polls_at_the_interval_until_approved() {
        let t0 = Instant::now();
        let (log, polls, _c, task) = start(
            vec![Step::Pending, Step::Pending, Step::Approved(None)],
            issued(900, 5),
        );
        task.await.unwrap();
        assert_eq!(
            names(&log),
            ["requesting", "pending", "pending", "pending", "approved"]
        );
        let at: Vec<u64> = polls
            .lock()
            .unwrap()
            .iter()
            .map(|i| (*i - t0).as_secs())
            .collect();
        assert_eq!(at, [5, 10, 15]);
    }

    #[tokio::test(start_paused = true)]
    async fn slow_down_adds_five_seconds_every_time_and_never_gives_up() {
        let t0 = Instant::now();
        let (log, polls, _c, task) = start(
            vec![
                Step::SlowDown,
                Step::SlowDown,
                Step::Pending,
                Step::Approved(None),
            ],
            issued(900, 5),
        );
        task.await.unwrap();
        let at: Vec<u64> = polls
            .lock()
            .unwrap()
            .iter()
            .map(|i| (*i - t0).as_secs())
            .collect();
        // 5, then +10, then +15 twice.
        assert_eq!(at, [5, 15, 30, 45]);
        let last_pending = log
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find_map(|s| s.pending().cloned())
            .unwrap();
        assert_eq!(last_pending.interval, Duration::from_secs(15));
        assert!(last_pending.slowed_down);
    }

    #[tokio::test(start_paused = true)]
    async fn expires_mid_poll_at_the_monotonic_deadline() {
        let t0 = Instant::now();
        let (log, polls, _c, task) = start(vec![], issued(12, 5));
        task.await.unwrap();
        assert_eq!(names(&log).last(), Some(&"expired"));
        assert_eq!(
            polls.lock().unwrap().len(),
            2,
            "polled at 5 and 10, expired at 12"
        );
        assert_eq!((Instant::now() - t0).as_secs(), 12);
    }

    #[tokio::test(start_paused = true)]
    async fn decline_and_failure_end_the_code() {
        let (log, _, _c, task) = start(vec![Step::Pending, Step::Declined], issued(900, 5));
        task.await.unwrap();
        assert_eq!(names(&log).last(), Some(&"declined"));
        let (log, _, _c, task) = start(vec![Step::Failed("boom".into())], issued(900, 5));
        task.await.unwrap();
        assert_eq!(
            log.lock().unwrap().last(),
            Some(&CodeState::Failed("boom".into()))
        );
        let (log, _, _c, task) = start(vec![Step::Expired], issued(900, 5));
        task.await.unwrap();
        assert_eq!(names(&log).last(), Some(&"expired"));
    }

    #[tokio::test(start_paused = true)]
    async fn transport_errors_back_off_and_recover() {
        let t0 = Instant::now();
        let steps = vec![
            Step::Transport("reset".into()),
            Step::Transport("reset".into()),
            Step::Pending,
            Step::Approved(None),
        ];
        let (log, polls, _c, task) = start(steps, issued(900, 5));
        task.await.unwrap();
        let at: Vec<u64> = polls
            .lock()
            .unwrap()
            .iter()
            .map(|i| (*i - t0).as_secs())
            .collect();
        // 5; then 10 s and 20 s of back-off; then the interval again.
        assert_eq!(at, [5, 15, 35, 40]);
        let troubled = log
            .lock()
            .unwrap()
            .iter()
            .filter_map(|s| s.pending())
            .filter(|p| p.trouble.is_some())
            .count();
        assert_eq!(troubled, 2);
        assert_eq!(names(&log).last(), Some(&"approved"));
    }

    #[tokio::test(start_paused = true)]
    async fn cancel_stops_at_once_and_reports_nothing_more() {
        let (log, polls, cancel, task) = start(vec![], issued(900, 5));
        tokio::time::sleep(Duration::from_secs(11)).await;
        cancel.cancel();
        task.await.unwrap();
        let n = log.lock().unwrap().len();
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert_eq!(polls.lock().unwrap().len(), 2);
        assert_eq!(log.lock().unwrap().len(), n);
        assert!(!names(&log).contains(&"expired"));
    }

    #[tokio::test(start_paused = true)]
    async fn requests_per_window_equal_elapsed_over_interval() {
        let (_log, polls, cancel, task) = start(vec![], issued(900, 5));
        tokio::time::sleep(Duration::from_secs(300) + Duration::from_millis(1)).await;
        cancel.cancel();
        task.await.unwrap();
        assert_eq!(polls.lock().unwrap().len(), 300 / 5);
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_code_costs_sixty_over_interval_requests_a_minute() {
        for interval in [1u64, 5, 7] {
            let (_log, polls, cancel, task) = start(vec![], issued(900, interval));
            tokio::time::sleep(Duration::from_secs(60) + Duration::from_millis(1)).await;
            cancel.cancel();
            task.await.unwrap();
            assert_eq!(
                polls.lock().unwrap().len() as u64,
                60 / interval,
                "interval {interval} s"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn manual_codes_wait_for_the_operator_until_expiry() {
        let mut iss = issued(30, 5);
        iss.manual = true;
        let (log, polls, _c, task) = start(vec![], iss);
        task.await.unwrap();
        assert!(
            polls.lock().unwrap().is_empty(),
            "v4/v5 have nothing to poll"
        );
        assert_eq!(names(&log), ["requesting", "pending", "expired"]);
    }
}

/// What the restore-session watcher reports.
#[derive(Debug)]
pub struct SessionUpdate {
    pub session: crate::api::models::RestoreSession,
    /// The last known event again (its status may have changed) and every later one.
    pub new_events: Vec<crate::api::models::RestoreSessionEvent>,
}

/// Watches a restore session: new events every `interval` while it is Working; ends when it
/// is Stopped or `cancel` fires. Transport errors are reported and retried at the interval.
pub async fn watch_session(
    client: Client,
    id: String,
    mut known_events: u64,
    interval: Duration,
    cancel: CancellationToken,
    report: impl Fn(Result<SessionUpdate, ApiError>) + Send,
) {
    loop {
        let fetched = tokio::select! {
            _ = cancel.cancelled() => return,
            r = fetch_session(&client, &id, known_events) => r,
        };
        let stopped = matches!(&fetched, Ok(u) if !u.session.is_working());
        if let Ok(u) = &fetched {
            known_events = known_events.saturating_sub(1) + u.new_events.len() as u64;
        }
        report(fetched);
        if stopped {
            return;
        }
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = tokio::time::sleep(interval) => {}
        }
    }
}

async fn fetch_session(client: &Client, id: &str, known: u64) -> Result<SessionUpdate, ApiError> {
    let session = client.restore_session(id).await?;
    let mut new_events = Vec::new();
    let mut offset = known.saturating_sub(1);
    loop {
        let page = client.restore_session_events(id, offset, 100).await?;
        let n = page.results.len() as u64;
        new_events.extend(page.results);
        offset += n;
        if n < 100 {
            break;
        }
    }
    Ok(SessionUpdate {
        session,
        new_events,
    })
}
