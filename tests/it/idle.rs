//! What the app asks of the server while the operator only looks: requests counted per
//! minute of (paused) time on each page, idle and browsing.

use crate::support;

use std::time::Duration;

use crossterm::event::KeyCode;
use support::harness::Harness;
use vb365_tui::app::pages::Screen;
use vb365_tui::app::pages::restore_session::RestoreSessionPage;

const MINUTE: Duration = Duration::from_secs(60);

/// Reads of a session's events (the watcher's; browsing never asks for them).
fn watcher_reads(h: &Harness) -> u64 {
    h.sim.sim.request_count(Some("GET"), "/events")
}

/// The session page watches its session; browsing inside it (a page above) does not, and
/// back on the session page the watcher reads at once.
#[tokio::test(start_paused = true)]
async fn a_session_is_watched_only_while_its_page_is_on_top() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.press("Down Enter").await; // Organizations, below Today
    h.key(KeyCode::Enter).await; // contoso's details
    h.press("x Enter").await;
    assert_eq!(h.app.screen(), Screen::RestoreSession);
    h.pump_until("the first events", |a| {
        a.find::<RestoreSessionPage>()
            .is_some_and(|v| !v.events.is_empty())
    })
    .await;
    let before = watcher_reads(&h);
    h.pump_for(MINUTE).await;
    let on_top = watcher_reads(&h) - before;
    assert!(on_top >= 10, "watched while shown: {on_top} reads a minute");

    h.key(KeyCode::Char('b')).await;
    h.pump_until("the mailboxes", |a| {
        a.find::<vb365_tui::app::pages::browse::BrowsePage>()
            .is_some_and(|b| b.list.loaded() > 0)
    })
    .await;
    let before = watcher_reads(&h);
    h.pump_for(MINUTE).await;
    assert_eq!(
        watcher_reads(&h) - before,
        0,
        "no reads while browsing inside"
    );

    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.screen(), Screen::RestoreSession);
    let before = watcher_reads(&h);
    h.pump_for(Duration::from_secs(1)).await;
    assert!(
        watcher_reads(&h) > before,
        "one read at once when on top again"
    );
}

/// A v8 restore is followed through its statistics until every item is processed; after
/// that nothing reads anything for it.
#[tokio::test(start_paused = true)]
async fn nothing_polls_for_a_restore_that_ended() {
    use vb365_tui::app::pages::restore::{RestoreKey, RestorePage};
    use vb365_tui::sim::SimConfig;
    support::step_the_paused_clock();
    let mut h = Harness::with_sim(
        SimConfig {
            restore_duration: Duration::from_secs(5),
            ..SimConfig::default()
        },
        vb365_tui::api::TrustMode::System,
        vb365_tui::config::Config::default(),
        None,
    )
    .await;
    support::browse::adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    support::browse::loaded(&mut h).await;
    h.press("Space Space R").await;
    let form = &mut h.app.find_mut::<RestorePage>().expect("the form").form;
    form.get_mut(RestoreKey::Credential).choice = 2;
    form.get_mut(RestoreKey::User).input = tui_input::Input::new("restore@contoso.com".into());
    form.get_mut(RestoreKey::Password).input = tui_input::Input::new("pw".into());
    h.press("Enter Enter").await;
    h.pump_until("the restore to end", |a| {
        a.shared.tasks.len() == 1 && a.shared.tasks.running() == 0
    })
    .await;
    let statistics = |h: &Harness| h.sim.sim.request_count(Some("GET"), "/statistics");
    assert!(statistics(&h) > 0, "followed while it ran");
    let before = (statistics(&h), h.sim.sim.request_count(None, "/"));
    h.pump_for(MINUTE).await;
    assert_eq!(statistics(&h), before.0, "no statistics read after the end");
    assert_eq!(
        h.sim.sim.request_count(None, "/"),
        before.1,
        "no request at all while browsing idles"
    );
}

/// One minute of (paused) time with no key pressed: the requests the app sent, how often it
/// would have drawn, and whether a timer would wake it.
async fn idle_minute(h: &mut Harness) -> (u64, u32, bool) {
    h.pump_until("the page to settle", |a| a.shared.in_flight() == 0)
        .await;
    // What a page reads once when it opens (a stopped session's events) is not idling.
    h.pump_for(Duration::from_secs(5)).await;
    h.app.dirty = false;
    let before = h.sim.sim.request_count(None, "/");
    let until = tokio::time::Instant::now() + MINUTE;
    let mut draws = 0;
    while let Ok(Some(action)) = tokio::time::timeout_at(until, h.rx.recv()).await {
        h.dispatch(action).await;
        if h.app.dirty {
            draws += 1;
            h.app.dirty = false;
        }
    }
    // The run loop keeps a timer only while a request is out or a countdown runs.
    let timer = h.app.shared.in_flight() > 0 || h.app.counting_down();
    (h.sim.sim.request_count(None, "/") - before, draws, timer)
}

/// Every page, left alone for a minute: no request, no redraw (so no byte to the terminal)
/// and no timer; a working restore session's page reads it every 3 s and still draws nothing
/// while nothing changes. `-- --nocapture` prints the figures.
#[tokio::test(start_paused = true)]
async fn every_page_is_quiet_while_the_operator_only_looks() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    h.reach_home().await;
    let mut figures = vec![("Home", idle_minute(&mut h).await)];
    // Today, first on Home: one long-poll of the feed at a time, what has no events read
    // once a minute, and nothing drawn when nothing changed.
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Today);
    h.pump_until("the feed connected", |a| {
        a.find::<vb365_tui::app::pages::today::TodayPage>()
            .and_then(|p| p.morning.as_ref())
            .is_some_and(|m| m.live == vb365_tui::api::dashboard::Liveness::Live)
    })
    .await;
    let polls_before = h.sim.sim.request_count(Some("GET"), "/events");
    let today = idle_minute(&mut h).await;
    let polls = h.sim.sim.request_count(Some("GET"), "/events") - polls_before;
    eprintln!(
        "{:<26} {} requests ({polls} long-polls of /Events), {} redraws, timer: {}",
        "Today", today.0, today.1, today.2
    );
    // A long-poll is held 25 s: two or three a minute, one at a time.
    assert!((2..=3).contains(&polls), "{polls} long-polls");
    // Organizations, repositories, proxies, licence, health and sync state, once.
    assert_eq!(
        (today.0 - polls, today.1, today.2),
        (6, 0, false),
        "one read a minute of what has no events, nothing drawn"
    );
    // The server page, on top of Today: five reads a minute (it shows no sync state), none
    // of the feed.
    h.key(KeyCode::Char(':')).await;
    h.type_text("server").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Server);
    let polls_before = h.sim.sim.request_count(Some("GET"), "/events");
    let server = idle_minute(&mut h).await;
    assert_eq!(
        h.sim.sim.request_count(Some("GET"), "/events"),
        polls_before,
        "Today is covered"
    );
    assert_eq!(server, (5, 0, false), "one read a minute, nothing drawn");
    eprintln!(
        "{:<26} {} requests, {} redraws, timer: {}",
        "Server", server.0, server.1, server.2
    );
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Esc).await;
    let after_leaving = h.sim.sim.request_count(None, "/");
    tokio::time::sleep(MINUTE * 2).await;
    assert_eq!(
        h.sim.sim.request_count(None, "/"),
        after_leaving,
        "no read once Today is left"
    );
    h.press("Down Enter").await; // Organizations, below Today
    figures.push(("Organizations", idle_minute(&mut h).await));
    h.key(KeyCode::Enter).await;
    figures.push(("Organization", idle_minute(&mut h).await));
    h.key(KeyCode::Char(':')).await;
    h.type_text("restore sessions").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::RestoreSessions);
    figures.push(("Restore sessions", idle_minute(&mut h).await));
    h.press("Enter").await;
    assert_eq!(h.app.screen(), Screen::RestoreSession);
    figures.push(("Restore session, stopped", idle_minute(&mut h).await));
    h.key(KeyCode::Char('b')).await;
    figures.push(("Browse (inside it)", idle_minute(&mut h).await));
    h.key(KeyCode::Char(':')).await;
    h.type_text("restore sessions").await;
    h.press("Enter End Enter").await;
    assert_eq!(h.app.screen(), Screen::RestoreSession);
    // Its events have all come; the watcher goes on reading while it works.
    h.pump_for(MINUTE).await;
    let working = ("Restore session, working", idle_minute(&mut h).await);
    // Over the working session, which rests while covered.
    for (page, key) in [("Tasks", "t"), ("Messages", "Ctrl-L"), ("Help", "?")] {
        h.press(key).await;
        figures.push((page, idle_minute(&mut h).await));
        h.press("Esc").await;
    }
    for (page, figure) in figures.iter().chain([&working]) {
        eprintln!(
            "{page:<26} {} requests, {} redraws, timer: {}",
            figure.0, figure.1, figure.2
        );
    }
    for (page, (requests, draws, timer)) in &figures {
        assert_eq!((*requests, *draws, *timer), (0, 0, false), "{page}");
    }
    let (requests, draws, timer) = working.1;
    assert!(
        (38..=42).contains(&requests),
        "the session and its events every 3 s: {requests}"
    );
    assert_eq!((draws, timer), (0, false), "nothing changed on screen");
}
