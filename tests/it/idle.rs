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
    h.key(KeyCode::Enter).await; // Organizations
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
