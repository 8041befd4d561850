//! Sessions that outlive their tokens: short-lived tokens renewed in the background while the
//! operator browses, and a session that cannot be renewed handing over to sign-in and back.

use crate::support;

use std::time::Duration;

use crossterm::event::KeyCode;
use support::harness::Harness;
use vb365_tui::api::TrustMode;
use vb365_tui::app::pages::Screen;
use vb365_tui::config::Config;
use vb365_tui::sim::SimConfig;

async fn browsing(lifetime: Duration) -> Harness {
    let mut h = Harness::with_sim(
        SimConfig {
            token_lifetime: lifetime,
            mailboxes: 20_000,
            ..SimConfig::default()
        },
        TrustMode::System,
        Config::default(),
        None,
    )
    .await;
    h.reach_home().await;
    h.press("Down Enter").await; // Organizations, below Today
    h.key(KeyCode::Enter).await; // contoso's details
    h.press("x Enter").await;
    assert_eq!(h.app.screen(), Screen::RestoreSession);
    h.key(KeyCode::Char('b')).await;
    h.pump_until("the first page", |a| {
        a.find::<vb365_tui::app::pages::browse::BrowsePage>()
            .as_ref()
            .is_some_and(|b| b.list.loaded() > 0)
    })
    .await;
    assert_eq!(h.app.screen(), Screen::Browse);
    h
}

fn assert_no_sign_in_trouble(h: &Harness, at: u64) {
    assert_ne!(
        h.app.screen(),
        Screen::SignIn,
        "asked to sign in after {at} s"
    );
    assert!(h.error().is_none(), "after {at} s: {:?}", h.error());
    let b = h.browser().expect("still browsing");
    assert!(
        b.list.error().is_none(),
        "after {at} s: {:?}",
        b.list.error()
    );
}

// On tokio's paused clock: the two minutes pass as fast as the simulator answers, and the
// tokens (timed on the same clock by the client and the simulator) expire all the same.
#[tokio::test(start_paused = true)]
async fn two_minutes_on_three_second_tokens_never_ask_to_sign_in() {
    support::step_the_paused_clock();
    let mut h = browsing(Duration::from_secs(3)).await;
    for second in 0..120 {
        h.key(KeyCode::PageDown).await;
        h.pump_for(Duration::from_secs(1)).await;
        assert_no_sign_in_trouble(&h, second);
    }
    let b = h.browser().unwrap();
    assert!(
        b.list.selected() > 1_000 && b.list.loaded() >= 1_000,
        "pages kept loading: row {}, {} loaded",
        b.list.selected(),
        b.list.loaded()
    );
    let token_calls = h.sim.sim.request_count(Some("POST"), "/token");
    assert!(
        token_calls >= 20,
        "tokens were renewed every few seconds ({token_calls} token requests)"
    );
}

#[tokio::test]
async fn an_unrenewable_session_signs_in_again_and_returns_to_the_same_place() {
    let mut h = browsing(Duration::from_secs(3600)).await;
    for _ in 0..5 {
        h.key(KeyCode::PageDown).await;
    }
    h.pump_for(Duration::from_millis(300)).await;
    h.sim.sim.set_refresh_disabled(true);
    h.sim.sim.expire_access_tokens();
    h.key(KeyCode::End).await;
    h.pump_until("the sign-in screen", |a| a.screen() == Screen::SignIn)
        .await;
    let message = h.sign_in().error.clone().unwrap_or_default();
    assert!(
        message.contains("session expired") && message.contains("Sign in again"),
        "{message}"
    );
    assert!(h.render(80, 24).contains("Sign in again"));
    // The browser and its position are kept while signing in.
    let selected = h.browser().unwrap().list.selected();
    assert!(selected > 0);
    h.sim.sim.set_refresh_disabled(false);
    h.type_text("veeam-demo").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Browse, "{:?}", h.sign_in().error);
    // The End pressed when the session was gone completes now: the failed pages are fetched
    // again and the selection follows them to the last row.
    h.pump_for(Duration::from_millis(500)).await;
    let b = h.browser().unwrap();
    assert!(b.list.error().is_none(), "{:?}", b.list.error());
    assert!(
        b.list.selected() > selected,
        "{} after {selected}",
        b.list.selected()
    );
    assert_eq!(b.list.selected() + 1, b.list.rows());
    assert!(
        h.app
            .shared
            .status
            .text
            .as_deref()
            .unwrap_or("")
            .contains("back where you were")
    );
    // Browsing goes on with the new session.
    h.key(KeyCode::End).await;
    h.pump_for(Duration::from_millis(500)).await;
    assert!(h.browser().unwrap().list.error().is_none());
}

#[tokio::test]
async fn a_list_that_failed_while_signed_out_reloads_after_signing_in_again() {
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.press("Down Enter").await; // Organizations, below Today
    assert_eq!(h.app.screen(), Screen::Organizations);
    h.sim.sim.set_refresh_disabled(true);
    h.sim.sim.expire_access_tokens();
    h.key(KeyCode::Char('r')).await;
    assert_eq!(h.app.screen(), Screen::SignIn);
    let screen = h.render(80, 24);
    assert!(
        !screen.contains("Signed in as"),
        "no stale status line:\n{screen}"
    );
    h.sim.sim.set_refresh_disabled(false);
    h.type_text("veeam-demo").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Organizations);
    let list = &h.orgs().list;
    assert!(list.error().is_none(), "{:?}", list.error());
    assert!(list.loaded() > 0);
}
