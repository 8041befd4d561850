//! Flow tests: the app driven by keys against a live simulator, drawn on a `TestBackend`,
//! with snapshots of every screen at 80x24 and 120x40.

use crossterm::event::KeyCode;
use tui_input::Input;
use vb365_tui::api::{Fingerprint, TrustMode};
use vb365_tui::app::action::Action;
use vb365_tui::app::onboarding::{AuthField, Service, WizardKey};
use vb365_tui::app::pages::Screen;
use vb365_tui::app::pages::restore_sessions::RestoreSessionsPage;
use vb365_tui::app::pages::sign_in::{SignInField, SignInMode};
use vb365_tui::config::{Config, Profile};
use vb365_tui::sim::{self, SimConfig};

use crate::support;

use support::harness::Harness;

mod browsing;
mod graph;
mod org_edit;
mod organizations;
mod today;

#[allow(unused_imports)]
use browsing::*;
#[allow(unused_imports)]
use organizations::*;

fn snap(name: &str, h: &mut Harness) {
    for (w, ht) in [(80, 24), (120, 40)] {
        let text = h.render(w, ht);
        support::snapshot("flow", &format!("{name}_{w}x{ht}"), text);
    }
}

#[tokio::test(start_paused = true)]
async fn connect_and_trust_prompt() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    snap("connect", &mut h);
    h.picture("connect", 80, 24);
    h.key(KeyCode::Enter).await;
    snap("trust_prompt", &mut h);
    h.picture("trust_prompt", 80, 24);
    let shown = h.render(80, 24);
    assert!(shown.contains("self-signed"));
    assert!(shown.contains("o trust once"));
}

#[tokio::test(start_paused = true)]
async fn changed_certificate_is_a_hard_stop() {
    support::step_the_paused_clock();
    let mut h = Harness::new(
        TrustMode::Pinned(Fingerprint([0xAB; 32])),
        Config::default(),
    )
    .await;
    h.app.shared.demo = false;
    h.app.shared.config_path = Some("/home/operator/.config/vb365-tui/config.toml".into());
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::CertChanged);
    snap("cert_changed", &mut h);
    h.picture("cert_changed", 80, 24);
    // Only back or quit: Enter does not connect from here.
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Connect);
    assert!(h.app.shared.identity.is_none());
    assert_eq!(
        h.sim.sim.request_count(None, "/token"),
        0,
        "nothing was sent"
    );
}

#[tokio::test(start_paused = true)]
async fn sign_in_empty_then_error_keeps_user_name() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    h.reach_sign_in().await;
    snap("sign_in_empty", &mut h);
    h.picture("sign_in", 80, 24);
    h.type_text("not-the-password").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::SignIn);
    assert_eq!(h.sign_in().value(SignInField::User), "administrator");
    assert_eq!(
        h.sign_in().value(SignInField::Password),
        "not-the-password",
        "kept until success"
    );
    let shown = h.render(80, 24);
    assert!(shown.contains("••••••••••••••••"));
    assert!(!shown.contains("not-the-password"));
    snap("sign_in_error", &mut h);
}

#[tokio::test(start_paused = true)]
async fn home_help_and_palette() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    h.reach_home().await;
    assert_eq!(
        h.sign_in().value(SignInField::Password),
        "",
        "cleared after success"
    );
    snap("home", &mut h);
    h.picture("home", 80, 24);
    h.key(KeyCode::Char('?')).await;
    snap("help", &mut h);
    h.picture("help", 80, 24);
    h.key(KeyCode::Esc).await;
    // At 60x20 the keys of organization details do not fit: help scrolls to its last line.
    h.press("Down Enter Enter").await;
    assert_eq!(h.app.screen(), Screen::Organization);
    h.key(KeyCode::Char('?')).await;
    let small = h.render(60, 20);
    assert!(
        small.contains("↓ ") && small.contains("more lines"),
        "{small}"
    );
    assert!(!small.contains("closes this help"), "{small}");
    for _ in 0..3 {
        h.key(KeyCode::PageDown).await;
    }
    let end = h.render(60, 20);
    assert!(end.contains("closes this help"), "{end}");
    assert!(end.contains("↑ "), "{end}");
    support::snapshot("flow", "help_scrolled_60x20", end);
    h.press("Esc Esc Esc").await;
    assert_eq!(h.app.screen(), Screen::Home);
    h.render(80, 24);
    h.key(KeyCode::Char(':')).await;
    h.type_text("s").await;
    snap("palette", &mut h);
}

#[tokio::test(start_paused = true)]
async fn too_small_screen_still_quits() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    h.app.shared.size = (50, 15);
    let text = h.render(50, 15);
    support::snapshot("flow", "too_small_50x15", text.clone());
    assert!(text.contains("needs 60x20, have 50x15"));
    h.key(KeyCode::Char('q')).await;
    assert!(h.app.should_quit);
    // No panic at any size down to 1x1.
    let mut h = Harness::demo().await;
    for (w, ht) in [(1, 1), (2, 1), (1, 3), (59, 19), (60, 20), (300, 100)] {
        h.render(w, ht);
    }
    h.reach_home().await;
    h.key(KeyCode::Char('?')).await;
    for (w, ht) in [(1, 1), (60, 20), (61, 21), (200, 60)] {
        h.render(w, ht);
    }
}

#[tokio::test(start_paused = true)]
async fn footer_keys_do_what_they_say() {
    support::step_the_paused_clock();
    // Connect: Tab moves to the profile line, Space picks a profile, Esc quits.
    let profile = Profile {
        name: "lab".into(),
        server: "https://lab:4443".into(),
        ..Default::default()
    };
    let mut h = Harness::new(
        TrustMode::System,
        Config {
            profiles: vec![profile],
            ..Config::default()
        },
    )
    .await;
    h.key(KeyCode::Tab).await;
    assert!(h.connect().focus_profile);
    h.key(KeyCode::Char(' ')).await;
    assert_eq!(h.connect().server.value(), "https://lab:4443");
    h.key(KeyCode::F(1)).await;
    assert!(matches!(
        h.app.modal(),
        Some(vb365_tui::app::modals::Modal::Help { .. })
    ));
    h.key(KeyCode::Esc).await;
    assert!(!matches!(
        h.app.modal(),
        Some(vb365_tui::app::modals::Modal::Help { .. })
    ));
    h.key(KeyCode::Esc).await;
    assert!(h.app.should_quit);

    // Trust prompt: Esc cancels, Enter again, `a` trusts and remembers (demo: not written).
    let mut h = Harness::demo().await;
    h.press("Enter Esc").await;
    assert!(!h.trust_prompt());
    assert!(
        h.connect()
            .error
            .as_deref()
            .unwrap()
            .contains("not trusted")
    );
    h.press("Enter a").await;
    assert_eq!(h.app.screen(), Screen::SignIn);
    assert!(
        h.app
            .shared
            .status
            .text
            .as_deref()
            .unwrap()
            .contains("nothing is written")
    );

    // Sign in: Tab, F2, Esc.
    h.key(KeyCode::Tab).await;
    assert_eq!(h.sign_in().focus(), SignInField::User);
    h.key(KeyCode::F(2)).await;
    assert_eq!(h.sign_in().mode, SignInMode::Tenant);
    // Region line: → and ← cycle; the tenant is validated before any request.
    h.press("Tab Right").await;
    assert_eq!(h.sign_in().region(), 1);
    h.key(KeyCode::Left).await;
    assert_eq!(h.sign_in().region(), 0);
    h.sign_in_mut().form.get_mut(SignInField::Tenant).input = Input::new("not a tenant".into());
    h.key(KeyCode::Enter).await;
    assert!(
        h.sign_in()
            .error
            .as_deref()
            .unwrap()
            .contains("Enter the tenant")
    );
    assert!(h.code().is_none());
    h.key(KeyCode::F(2)).await;
    h.key(KeyCode::F(2)).await;
    assert_eq!(h.sign_in().mode, SignInMode::Administrator);
    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.screen(), Screen::Connect);

    // Home: ↓/j/k move, Enter opens, : palette, ? help, q quits when idle.
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.press("Down j j k").await;
    assert_eq!(
        h.app
            .find::<vb365_tui::app::pages::home::HomePage>()
            .unwrap()
            .selected,
        2
    );
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::AddOrganization);
    h.key(KeyCode::Esc).await;
    assert_eq!(
        h.app.screen(),
        Screen::Home,
        "Esc on the first step leaves the wizard"
    );
    assert!(h.wizard().is_some(), "the draft is kept");
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::AddOrganization);
    h.press("Esc :").await;
    h.type_text("sign").await;
    h.key(KeyCode::Tab).await;
    let Some(vb365_tui::app::modals::Modal::Palette(p)) = h.app.modal() else {
        panic!("the palette is open");
    };
    assert_eq!(p.input.value(), "sign out");
    h.key(KeyCode::Enter).await;
    assert!(h.app.shared.identity.is_none());
    assert_eq!(h.app.screen(), Screen::SignIn);

    // q with work in flight asks first; n stays, y quits.
    let mut h = Harness::demo().await;
    h.reach_home().await;
    // A request in flight.
    h.app.shared.task();
    h.key(KeyCode::Char('q')).await;
    assert!(h.quit_confirm() && !h.app.should_quit);
    h.key(KeyCode::Char('n')).await;
    assert!(!h.quit_confirm());
    h.press("q y").await;
    assert!(h.app.should_quit);

    // Ctrl-C always quits, even in a text field.
    let mut h = Harness::demo().await;
    h.ctrl('c').await;
    assert!(h.app.should_quit);
}

#[tokio::test(start_paused = true)]
async fn idle_actions_do_not_redraw() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    h.app.dirty = false;
    h.dispatch(Action::Tick).await;
    assert!(!h.app.dirty, "a tick with nothing animating draws nothing");
    h.reach_home().await;
    h.app.dirty = false;
    // A key that means nothing here.
    h.key(KeyCode::Char('z')).await;
    assert!(!h.app.dirty);
}

#[tokio::test(start_paused = true)]
async fn a_failed_background_call_shows_a_dismissable_error() {
    support::step_the_paused_clock();
    use vb365_tui::sim::{Fault, FaultKind};
    let mut h = Harness::demo().await;
    h.reach_sign_in().await;
    h.sim.sim.faults.add(Fault {
        path: "/serviceinstance".into(),
        method: Some("GET".into()),
        kind: FaultKind::Status {
            status: 500,
            retry_after: None,
        },
        times: None,
    });
    h.type_text("veeam-demo").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Home);
    let e = h.error().clone().expect("the failure is shown");
    assert!(e.contains("Read server version failed"), "{e}");
    assert!(h.render(80, 24).contains("Esc or Enter dismisses."));
    h.key(KeyCode::Enter).await;
    assert!(h.error().is_none());
    assert_eq!(h.app.screen(), Screen::Home);
}

/// Masks what changes from run to run in a device-code panel (check times).
fn snap_panel(name: &str, h: &mut Harness) {
    if let Some(p) = h.code().and_then(|c| c.state.pending()) {
        // 14:59 left, whatever the clock says.
        h.app.shared.now = p.deadline - std::time::Duration::from_secs(899);
    }
    for (w, ht) in [(80, 24), (120, 40)] {
        let text = h.render(w, ht);
        support::snapshot("flow", &format!("{name}_{w}x{ht}"), text);
    }
}

async fn tenant_code(h: &mut Harness) -> String {
    h.reach_sign_in().await;
    h.key(KeyCode::F(2)).await;
    h.key(KeyCode::Enter).await;
    assert!(h.code().is_some());
    h.pending_code().await
}

// The real clock: a Microsoft device code is not answered under the paused one.
#[tokio::test]
async fn tenant_sign_in_through_a_device_code() {
    let mut h = Harness::demo().await;
    h.reach_sign_in().await;
    h.key(KeyCode::F(2)).await;
    snap("sign_in_tenant", &mut h);
    h.key(KeyCode::Enter).await;
    snap_panel("code_requesting", &mut h);
    let code = h.pending_code().await;
    snap_panel("code_pending", &mut h);
    h.picture("tenant_device_code", 80, 24);
    assert!(
        h.render(80, 24)
            .contains(&code.chars().map(String::from).collect::<Vec<_>>().join(" "))
    );
    assert!(h.app.animating(), "the countdown ticks");
    assert!(h.sim.sim.decide(&code, true));
    h.pump_until("the tenant session", |a| a.screen() == Screen::Home)
        .await;
    let s = h.app.shared.identity.as_ref().unwrap();
    assert_eq!(
        s.kind,
        vb365_tui::api::SignInKind::Tenant {
            tenant: "contoso.onmicrosoft.com".into()
        }
    );
    assert!(h.code().is_none());
    assert!(!h.app.animating());
    // Home says what the tenant's token reads of its backups.
    h.pump_until("its backups", |a| {
        a.find::<vb365_tui::app::pages::home::HomePage>()
            .is_some_and(|p| p.mine.is_some())
    })
    .await;
    let home = h.render(100, 30);
    assert!(
        home.contains("Backups     contoso.onmicrosoft.com: last backup Mon 30 Nov 2026 22:00"),
        "{home}"
    );
}

// The real clock: a Microsoft device code is not answered under the paused one.
#[tokio::test]
async fn restore_operator_sign_in_through_a_device_code() {
    let mut h = Harness::demo().await;
    h.reach_sign_in().await;
    h.key(KeyCode::F(2)).await;
    h.key(KeyCode::F(2)).await;
    assert_eq!(h.sign_in().mode, SignInMode::Operator);
    h.key(KeyCode::Enter).await;
    let code = h.pending_code().await;
    h.sim.sim.decide(&code, true);
    h.pump_until("the operator session", |a| a.screen() == Screen::Home)
        .await;
    assert_eq!(
        h.app.shared.identity.as_ref().unwrap().kind,
        vb365_tui::api::SignInKind::Operator
    );
    // Home says what the operator may restore from.
    h.pump_until("the restore points", |a| {
        a.find::<vb365_tui::app::pages::home::HomePage>()
            .is_some_and(|p| p.mine.is_some())
    })
    .await;
    let home = h.render(120, 30);
    assert!(
        home.contains("Backups     10 restore points, newest"),
        "{home}"
    );
    assert!(
        home.contains("(Exchange,") && home.contains("OneDrive; 10 h ago), oldest"),
        "{home}"
    );
}

// The real clock: a Microsoft device code is not answered under the paused one.
#[tokio::test]
async fn every_panel_state_is_shown() {
    use vb365_tui::poll::CodeState;
    let mut h = Harness::demo().await;
    tenant_code(&mut h).await;
    let pending = h.code().as_ref().unwrap().state.pending().unwrap().clone();
    let mut slowed = pending.clone();
    slowed.interval = std::time::Duration::from_secs(10);
    slowed.slowed_down = true;
    slowed.last_check = Some(h.app.shared.clock.now());
    h.app.code_panel_mut().unwrap().state = CodeState::Pending(slowed);
    snap_panel("code_slowed_down", &mut h);
    let mut troubled = pending.clone();
    troubled.last_check = Some(h.app.shared.clock.now());
    troubled.trouble = Some(vb365_tui::poll::Trouble {
        cause: "login.microsoftonline.com: connection reset".into(),
        next_try: h.app.shared.clock.now() + chrono::Duration::seconds(10),
    });
    h.app.code_panel_mut().unwrap().state = CodeState::Pending(troubled);
    snap_panel("code_transport_trouble", &mut h);
    for (name, state) in [
        ("code_approved", CodeState::Approved),
        ("code_declined", CodeState::Declined),
        ("code_expired", CodeState::Expired),
        (
            "code_failed",
            CodeState::Failed(
                "login.microsoftonline.com refused the device code: AADSTS700016: \
                 application not found (unauthorized_client)"
                    .into(),
            ),
        ),
    ] {
        h.app.code_panel_mut().unwrap().state = state;
        snap_panel(name, &mut h);
    }
    // Too small for the QR: text only, with a note, never a clipped symbol.
    h.app.code_panel_mut().unwrap().state = CodeState::Pending(pending.clone());
    h.app.shared.now = pending.deadline - std::time::Duration::from_secs(61);
    let text = h.render(60, 20);
    assert!(text.contains("QR code hidden: it needs 33x17 cells."));
    assert!(!text.contains('▀'));
    support::snapshot("flow", "code_text_only_60x20", text);
    h.picture("tenant_device_code_60x20", 60, 20);
    // Inverted colours keep the same cells.
    h.key(KeyCode::Char('i')).await;
    assert!(h.code().unwrap().inverted);
    // `c` copies the code and says so.
    h.key(KeyCode::Char('c')).await;
    assert!(
        h.app
            .shared
            .status
            .text
            .as_deref()
            .unwrap()
            .contains(&pending.user_code)
    );
    // `n` only once the code is over.
    h.key(KeyCode::Char('n')).await;
    assert!(
        h.app
            .shared
            .status
            .text
            .as_deref()
            .unwrap()
            .contains("once this one has expired")
    );
}

// The real clock: a Microsoft device code is not answered under the paused one.
#[tokio::test]
async fn a_declined_code_can_be_replaced_with_n() {
    let mut h = Harness::demo().await;
    let first = tenant_code(&mut h).await;
    h.sim.sim.decide(&first, false);
    // The next poll is five seconds away.
    h.pump_until("the decline", |a| {
        a.code_panel()
            .is_some_and(|c| c.state == vb365_tui::poll::CodeState::Declined)
    })
    .await;
    let old_id = h.code().unwrap().id;
    h.key(KeyCode::Char('n')).await;
    h.pump_until("a new code", |a| {
        a.code_panel().is_some_and(|c| c.state.pending().is_some())
    })
    .await;
    let panel = h.code().unwrap();
    assert_ne!(panel.id, old_id);
    assert_ne!(panel.state.pending().unwrap().user_code, first);
}

// The real clock: a Microsoft device code is not answered under the paused one.
#[tokio::test]
async fn leaving_the_panel_stops_polling() {
    let mut h = Harness::demo().await;
    tenant_code(&mut h).await;
    assert_eq!(h.exec.running_streams(), 1);
    h.key(KeyCode::Esc).await;
    assert!(h.code().is_none());
    assert_eq!(h.exec.running_streams(), 0);
    assert!(!h.app.animating(), "no timer once the countdown is gone");
    let before = h.sim.sim.request_count(Some("POST"), "/oauth2/v2.0/token");
    tokio::time::sleep(std::time::Duration::from_millis(5600)).await;
    assert_eq!(
        h.sim.sim.request_count(Some("POST"), "/oauth2/v2.0/token"),
        before
    );
}

/// The profile written when a certificate is remembered keeps the user name that then signs
/// in, so the next start offers it.
#[tokio::test(start_paused = true)]
async fn the_profile_keeps_the_user_name_that_signed_in() {
    support::step_the_paused_clock();
    let dir = std::env::temp_dir().join(format!("vb365-profile-user-{}", std::process::id()));
    let config_path = dir.join("config.toml");
    let mut h = Harness::with_sim(
        SimConfig {
            user: "backup.admin".into(),
            ..SimConfig::default()
        },
        TrustMode::System,
        Config::default(),
        Some(config_path.clone()),
    )
    .await;
    h.app.shared.demo = false;
    h.key(KeyCode::Enter).await;
    assert!(h.trust_prompt());
    h.key(KeyCode::Char('a')).await; // trust and remember: the profile is written
    assert_eq!(h.app.screen(), Screen::SignIn);
    h.sign_in_mut().form.get_mut(SignInField::User).input = Input::new("backup.admin".into());
    h.type_text("veeam-demo").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Home, "{:?}", h.sign_in().error);
    let saved = Config::load(&config_path).expect("the profile was saved");
    let profile = saved.profiles.first().expect("one profile");
    assert_eq!(profile.username.as_deref(), Some("backup.admin"));
    assert!(profile.fingerprint.is_some());
    let _ = std::fs::remove_dir_all(&dir);
}
