//! Runs one device code: waits, polls at the interval, backs off on network trouble, and
//! reports each state.

use std::time::Duration;

use secrecy::SecretString;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::{CodeState, CodeUpdate, Pending, SLOW_DOWN_STEP, Source, Step};

const MAX_BACKOFF: Duration = Duration::from_secs(60);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::poll::Issued;
    use futures::future::BoxFuture;
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
