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

fn fault(cause: &str) -> Step {
    Step::Transport {
        cause: cause.into(),
        retry_after: None,
    }
}

/// Seconds from `t0` of each poll.
fn secs(polls: &Arc<Mutex<Vec<Instant>>>, t0: Instant) -> Vec<u64> {
    polls
        .lock()
        .unwrap()
        .iter()
        .map(|i| (*i - t0).as_secs())
        .collect()
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
    let task = tokio::spawn(run(
        7,
        Box::new(src),
        cancel.clone(),
        crate::clock::Clock::system(),
        move |u| sink.lock().unwrap().push(u.state),
    ));
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
        fault("connection reset"),
        fault("connection reset"),
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
    let next_in: Vec<i64> = log
        .lock()
        .unwrap()
        .iter()
        .filter_map(|s| s.pending())
        .filter_map(|p| Some((p.trouble.as_ref()?.next_try - p.last_check?).num_seconds()))
        .collect();
    assert_eq!(next_in, [10, 20], "the panel says when the next try is due");
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

#[tokio::test(start_paused = true)]
async fn a_fault_never_brings_the_next_poll_sooner_than_a_long_interval() {
    // With a 90 s interval a 60 s back-off cap polled after 60 s (RFC 8628 §3.5: MUST wait
    // at least the interval). Back-off doubles beyond the interval, then the interval again.
    let t0 = Instant::now();
    let steps = vec![
        fault("connection reset"),
        fault("connection reset"),
        fault("connection reset"),
        Step::Pending,
        Step::Approved(None),
    ];
    let (log, polls, _c, task) = start(steps, issued(1800, 90));
    task.await.unwrap();
    assert_eq!(secs(&polls, t0), [90, 270, 630, 990, 1080]);
    assert_eq!(names(&log).last(), Some(&"approved"));
}

#[tokio::test(start_paused = true)]
async fn slow_downs_stay_in_force_through_faults() {
    // 55 s, slowed down to 60 and 65 s; a fault then must not bring the next poll sooner
    // than 65 s (a 60 s cap did), nor anything after it.
    let t0 = Instant::now();
    let steps = vec![
        Step::SlowDown,
        Step::SlowDown,
        fault("connection reset"),
        fault("timed out waiting for an answer"),
        Step::Pending,
        Step::Approved(None),
    ];
    let (log, polls, _c, task) = start(steps, issued(3600, 55));
    task.await.unwrap();
    let at = secs(&polls, t0);
    assert_eq!(at, [55, 115, 180, 310, 570, 635]);
    let intervals = [55, 60, 65, 65, 65, 65];
    for (i, pair) in at.windows(2).enumerate() {
        assert!(pair[1] - pair[0] >= intervals[i + 1], "{at:?}");
    }
    let last = log
        .lock()
        .unwrap()
        .iter()
        .rev()
        .find_map(|s| s.pending().cloned())
        .unwrap();
    assert_eq!(last.interval, Duration::from_secs(65));
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured_and_a_short_one_never_shortens_the_interval() {
    let t0 = Instant::now();
    let steps = vec![
        Step::Transport {
            cause: "HTTP 503 Service Unavailable".into(),
            retry_after: Some(Duration::from_secs(30)),
        },
        Step::Pending,
        Step::Transport {
            cause: "HTTP 429 Too Many Requests".into(),
            retry_after: Some(Duration::from_secs(1)),
        },
        Step::Approved(None),
    ];
    let (_log, polls, _c, task) = start(steps, issued(900, 5));
    task.await.unwrap();
    assert_eq!(secs(&polls, t0), [5, 35, 40, 50]);
}

#[tokio::test(start_paused = true)]
async fn faults_keep_the_code_alive_until_expiry_and_never_wait_past_it() {
    let t0 = Instant::now();
    let (log, polls, _c, task) = start(
        (0..20).map(|_| fault("connection closed")).collect(),
        issued(100, 5),
    );
    task.await.unwrap();
    // 5, +10, +20, +40; the next back-off (60 s) is cut at the expiry.
    assert_eq!(secs(&polls, t0), [5, 15, 35, 75]);
    assert_eq!((Instant::now() - t0).as_secs(), 100);
    assert_eq!(names(&log).last(), Some(&"expired"));
    let t0 = Instant::now();
    let steps = vec![Step::Transport {
        cause: "HTTP 503 Service Unavailable".into(),
        retry_after: Some(Duration::from_secs(3600)),
    }];
    let (log, polls, _c, task) = start(steps, issued(60, 5));
    task.await.unwrap();
    assert_eq!(secs(&polls, t0), [5]);
    assert_eq!((Instant::now() - t0).as_secs(), 60);
    assert_eq!(names(&log).last(), Some(&"expired"));
}

#[test]
fn backoff_is_at_least_the_interval_and_grows() {
    let s = Duration::from_secs;
    for interval in [1, 5, 30, 59, 60, 61, 90, 300] {
        let mut before = s(0);
        for faults in 0..12 {
            let b = backoff(s(interval), faults, None);
            assert!(
                b >= s(interval),
                "interval {interval}, {faults} faults: {b:?}"
            );
            assert!(b >= before);
            if faults > 0 {
                assert!(b > s(interval), "grows beyond the interval");
            }
            before = b;
        }
    }
    assert_eq!(backoff(s(5), 1, Some(s(45))), s(45));
}

/// A log sink for one test.
#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(start_paused = true)]
async fn the_life_of_a_code_is_logged_without_its_codes_or_tokens() {
    // Tracing decides for every thread at once whether an event is wanted: a test running
    // beside this one can make it say no to this one's events, so it runs alone.
    if !crate::testing::alone(
        "poll::engine::tests::the_life_of_a_code_is_logged_without_its_codes_or_tokens",
    ) {
        return;
    }
    let buf = Buf::default();
    let sink = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let token = r#"{"token_type":"Bearer","access_token":"eyJ-SECRET-TOKEN-TEXT"}"#;
    let steps = vec![
        Step::Pending,
        Step::SlowDown,
        fault("login.microsoftonline.com: connection reset"),
        Step::Approved(Some(SecretString::from(token))),
    ];
    let (log, _polls, _c, task) = start(steps, issued(900, 5));
    task.await.unwrap();
    assert_eq!(names(&log).last(), Some(&"approved"));
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(
        !text.contains("ABCD23XYZ"),
        "the user code is logged:\n{text}"
    );
    assert!(
        !text.contains("SECRET-TOKEN"),
        "the token is logged:\n{text}"
    );
    for event in [
        "device code issued",
        "expires_in_s=900",
        "interval_s=5",
        "device code polled",
        "pending",
        "slow_down: polling interval raised",
        "interval_s=10",
        "transport fault",
        "login.microsoftonline.com: connection reset",
        "device code ended",
        "approved",
        "polls=4",
    ] {
        assert!(text.contains(event), "{event:?} missing from:\n{text}");
    }
    let polled = text.matches("device code polled").count();
    assert_eq!(polled, 4, "every poll outcome:\n{text}");
}

#[tokio::test(start_paused = true)]
async fn the_end_of_a_failed_or_cancelled_code_is_logged() {
    // Tracing decides for every thread at once whether an event is wanted: a test running
    // beside this one can make it say no to this one's events, so it runs alone.
    if !crate::testing::alone(
        "poll::engine::tests::the_end_of_a_failed_or_cancelled_code_is_logged",
    ) {
        return;
    }
    let buf = Buf::default();
    let sink = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let (_log, _p, _c, task) = start(vec![Step::Declined], issued(900, 5));
    task.await.unwrap();
    let (_log, _p, cancel, task) = start(vec![], issued(900, 5));
    tokio::time::sleep(Duration::from_secs(7)).await;
    cancel.cancel();
    task.await.unwrap();
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("end=\"declined\"") || text.contains("end=declined"),
        "{text}"
    );
    assert!(text.contains("cancelled"), "{text}");
}
