//! Today's budgets of DESIGN.md against the in-process simulator answering after 50 ms, with
//! a large installation (2,000 jobs, 200 organizations, 20 repositories, 20 proxies): the
//! first complete page (every list read, the rows worked out, the screen drawn) ≤ 1 s, and
//! an event to the screen ≤ 100 ms after the feed answers.

#[path = "../tests/it/support/morning_driver.rs"]
mod morning_driver;
#[path = "../tests/it/support/signed_in.rs"]
mod signed_in;

use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use vb365_tui::api::dashboard::{Liveness, Morning};
use vb365_tui::api::{ApiVersion, Client, Identity, SignInKind, TrustMode};
use vb365_tui::app::action::{Action, Reply};
use vb365_tui::app::pages::{Route, Screen};
use vb365_tui::app::shared::{ServerInfo, Shared};
use vb365_tui::app::{App, update};
use vb365_tui::config::Config;

/// A signed-in app on Today, waiting for its first read; the id its reads answer to.
fn today_app() -> (App, vb365_tui::app::command::RequestId) {
    let mut shared = Shared::new(Config::default(), TrustMode::System);
    shared.server = Some(ServerInfo {
        url: "https://vbo01.corp.local:4443".into(),
        version: Some(ApiVersion::V8),
        build: Some("8.1.0.305".into()),
        trust: TrustMode::System,
    });
    shared.identity = Some(Identity {
        user_name: "administrator".into(),
        kind: SignInKind::Administrator,
        expires_utc: chrono::Utc::now() + chrono::Duration::hours(1),
    });
    let mut app = App::new(shared);
    let commands = app.open(Route::sample(Screen::Today));
    let id = commands
        .iter()
        .find_map(|c| c.request_id())
        .expect("Today starts its watcher");
    (app, id)
}

/// The page takes the morning, works out its rows and draws them.
fn show(
    app: &mut App,
    id: vb365_tui::app::command::RequestId,
    m: Morning,
    t: &mut Terminal<TestBackend>,
) {
    update(
        app,
        Action::Reply {
            id,
            reply: Reply::Morning(Box::new(m)),
        },
    );
    t.draw(|f| vb365_tui::ui::draw(f, app)).expect("draws");
}

/// The first Today: every list read (on v8 with each job's last nights), the rows worked
/// out, the screen drawn. Returns the rows.
async fn first_today(client: &Client, t: &mut Terminal<TestBackend>) -> usize {
    let (mut app, id) = today_app();
    let m = client.morning_lists().await;
    assert!(m.unread.is_empty(), "everything read: {:?}", m.unread);
    assert_eq!(m.jobs.len() + m.copy_jobs.len(), morning_driver::SIZE.jobs);
    show(&mut app, id, m, t);
    app.find_mut::<vb365_tui::app::pages::today::TodayPage>()
        .map(|p| p.rows().len())
        .unwrap_or_default()
}

fn today(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut group = c.benchmark_group("today");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();

    for version in [ApiVersion::V8, ApiVersion::V7, ApiVersion::V6] {
        let (sim, client) = rt.block_on(morning_driver::start(version, morning_driver::LATENCY));
        // One run for the record: requests, not only time; before v8 also how long each
        // job's last nights take after the rows.
        let started = Instant::now();
        let rows = rt.block_on(first_today(&client, &mut term));
        let first = (started.elapsed(), sim.sim.request_count(None, "/"));
        let started = Instant::now();
        let whole = rt.block_on(client.morning());
        assert_eq!(
            whole.sessions.len(),
            morning_driver::SIZE.jobs,
            "every job's nights"
        );
        eprintln!(
            "today/{version}: first Today {:?} ({} requests, {rows} rows); the whole morning \
             with every job's last nights {:?} ({} requests)",
            first.0,
            first.1,
            started.elapsed(),
            sim.sim.request_count(None, "/") - first.1,
        );
        if version != ApiVersion::V8 {
            continue;
        }
        group.bench_function("first_complete_today_2000_jobs_v8", |b| {
            b.iter_custom(|iters| {
                let started = Instant::now();
                for _ in 0..iters {
                    rt.block_on(first_today(&client, &mut term));
                }
                started.elapsed()
            })
        });
        group.bench_function("event_to_screen_v8", |b| {
            b.iter_custom(|iters| rt.block_on(event_to_screen(&sim, &client, iters, &mut term)))
        });
    }
}

/// From a job failing (the feed answers at once) to its row on the screen, `iters` times:
/// the watcher reads the session by id and reports; the page works out its rows and draws.
async fn event_to_screen(
    sim: &vb365_tui::sim::SimHandle,
    client: &Client,
    iters: u64,
    t: &mut Terminal<TestBackend>,
) -> Duration {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let cancel = CancellationToken::new();
    let watcher = vb365_tui::poll::watch_morning(
        client.clone(),
        Duration::from_secs(600),
        cancel.clone(),
        move |m| {
            let _ = tx.send(m);
        },
    );
    let task = tokio::spawn(watcher);
    let (mut app, id) = today_app();
    loop {
        let m = rx.recv().await.expect("the watcher reports");
        let live = m.live == Liveness::Live;
        show(&mut app, id, m, t);
        if live {
            break;
        }
    }
    let mut timed = Duration::ZERO;
    for i in 0..iters {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let job = format!(
            "Job {:04}",
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 2_000
        );
        let _ = i;
        let started = Instant::now();
        assert_eq!(
            sim.script_morning(serde_json::json!({ "job": job, "run": "Failed" })),
            200
        );
        loop {
            let m = rx.recv().await.expect("the watcher reports");
            let running = m
                .jobs
                .iter()
                .chain(&m.copy_jobs)
                .find(|j| j.name == job)
                .and_then(|j| {
                    m.sessions
                        .get(&j.id)
                        .and_then(|s| s.first())
                        .map(|s| s.status.as_deref() == Some("Running"))
                });
            show(&mut app, id, m, t);
            if running == Some(true) {
                break;
            }
        }
        timed += started.elapsed();
    }
    cancel.cancel();
    let _ = task.await;
    timed
}

criterion_group!(benches, today);
criterion_main!(benches);
