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

use support::harness::{Harness, mask_digits, mask_times};

fn snap(name: &str, h: &mut Harness) {
    for (w, ht) in [(80, 24), (120, 40)] {
        let text = h.render(w, ht);
        insta::assert_snapshot!(format!("{name}_{w}x{ht}"), text);
    }
}

#[tokio::test(start_paused = true)]
async fn connect_and_trust_prompt() {
    let mut h = Harness::demo().await;
    snap("connect", &mut h);
    h.picture("connect", 80, 24, false);
    h.key(KeyCode::Enter).await;
    snap("trust_prompt", &mut h);
    h.picture("trust_prompt", 80, 24, false);
    let shown = h.render(80, 24);
    assert!(shown.contains("self-signed"));
    assert!(shown.contains("o trust once"));
}

#[tokio::test(start_paused = true)]
async fn changed_certificate_is_a_hard_stop() {
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
    h.picture("cert_changed", 80, 24, false);
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
    let mut h = Harness::demo().await;
    h.reach_sign_in().await;
    snap("sign_in_empty", &mut h);
    h.picture("sign_in", 80, 24, false);
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
    let mut h = Harness::demo().await;
    h.reach_home().await;
    assert_eq!(
        h.sign_in().value(SignInField::Password),
        "",
        "cleared after success"
    );
    snap("home", &mut h);
    h.picture("home", 80, 24, false);
    h.key(KeyCode::Char('?')).await;
    snap("help", &mut h);
    h.picture("help", 80, 24, true);
    h.key(KeyCode::Esc).await;
    // At 60x20 the keys of organization details do not fit: help scrolls to its last line.
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Enter).await;
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
    insta::assert_snapshot!("help_scrolled_60x20", mask_times(end));
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.screen(), Screen::Home);
    h.render(80, 24);
    h.key(KeyCode::Char(':')).await;
    h.type_text("s").await;
    snap("palette", &mut h);
}

#[tokio::test(start_paused = true)]
async fn too_small_screen_still_quits() {
    let mut h = Harness::demo().await;
    h.app.shared.size = (50, 15);
    let text = h.render(50, 15);
    insta::assert_snapshot!("too_small_50x15", text);
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
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Esc).await;
    assert!(!h.trust_prompt());
    assert!(
        h.connect()
            .error
            .as_deref()
            .unwrap()
            .contains("not trusted")
    );
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('a')).await;
    assert_eq!(h.app.screen(), Screen::SignIn);
    assert!(
        h.app
            .shared
            .message
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
    h.key(KeyCode::Tab).await;
    h.key(KeyCode::Right).await;
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
    h.key(KeyCode::Down).await;
    h.key(KeyCode::Char('j')).await;
    h.key(KeyCode::Char('k')).await;
    assert_eq!(
        h.app
            .find::<vb365_tui::app::pages::home::HomePage>()
            .unwrap()
            .selected,
        1
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
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char(':')).await;
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
    h.key(KeyCode::Char('q')).await;
    h.key(KeyCode::Char('y')).await;
    assert!(h.app.should_quit);

    // Ctrl-C always quits, even in a text field.
    let mut h = Harness::demo().await;
    h.ctrl('c').await;
    assert!(h.app.should_quit);
}

#[tokio::test(start_paused = true)]
async fn idle_actions_do_not_redraw() {
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
fn stable(text: String) -> String {
    mask_digits(&text, "last checked")
}

fn snap_panel(name: &str, h: &mut Harness) {
    if let Some(p) = h.code().and_then(|c| c.state.pending()) {
        // 14:59 left, whatever the clock says.
        h.app.shared.now = p.deadline - std::time::Duration::from_secs(899);
    }
    for (w, ht) in [(80, 24), (120, 40)] {
        let text = stable(h.render(w, ht));
        insta::assert_snapshot!(format!("{name}_{w}x{ht}"), text);
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
    h.picture("tenant_device_code", 80, 24, false);
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
    slowed.last_check = Some(chrono::Local::now());
    h.app.code_panel_mut().unwrap().state = CodeState::Pending(slowed);
    snap_panel("code_slowed_down", &mut h);
    let mut troubled = pending.clone();
    troubled.trouble = Some("connection reset".into());
    h.app.code_panel_mut().unwrap().state = CodeState::Pending(troubled);
    snap_panel("code_transport_trouble", &mut h);
    for (name, state) in [
        ("code_approved", CodeState::Approved),
        ("code_declined", CodeState::Declined),
        ("code_expired", CodeState::Expired),
        (
            "code_failed",
            CodeState::Failed(
                "Microsoft sign-in failed: AADSTS700016: application not found".into(),
            ),
        ),
    ] {
        h.app.code_panel_mut().unwrap().state = state;
        snap_panel(name, &mut h);
    }
    // Too small for the QR: text only, with a note, never a clipped symbol.
    h.app.code_panel_mut().unwrap().state = CodeState::Pending(pending.clone());
    h.app.shared.now = pending.deadline - std::time::Duration::from_secs(61);
    let text = stable(h.render(60, 20));
    assert!(text.contains("QR code hidden: it needs 33x17 cells."));
    assert!(!text.contains('▀'));
    insta::assert_snapshot!("code_text_only_60x20", text);
    h.picture("tenant_device_code_60x20", 60, 20, false);
    // Inverted colours keep the same cells.
    h.key(KeyCode::Char('i')).await;
    assert!(h.code().unwrap().inverted);
    // `c` copies the code and says so.
    h.key(KeyCode::Char('c')).await;
    assert!(
        h.app
            .shared
            .message
            .as_deref()
            .unwrap()
            .contains(&pending.user_code)
    );
    // `n` only once the code is over.
    h.key(KeyCode::Char('n')).await;
    assert!(
        h.app
            .shared
            .message
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

#[tokio::test(start_paused = true)]
async fn device_code_screen_gets_and_checks_a_vb365_code() {
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.key(KeyCode::Char(':')).await;
    h.type_text("device").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::DeviceCode);
    snap("device_code_screen", &mut h);
    h.picture("device_code_screen", 80, 24, false);
    h.key(KeyCode::Enter).await;
    let code = h.pending_code().await;
    assert!(h.render(100, 30).contains("/devicelogin"));
    h.sim.sim.decide(&code, true);
    h.pump_until("approval", |a| {
        a.code_panel()
            .is_some_and(|c| c.state == vb365_tui::poll::CodeState::Approved)
    })
    .await;
    assert!(h.app.shared.message.as_deref().unwrap().contains(&code));
    assert!(h.sim.sim.request_count(Some("POST"), "/devicecode/check") >= 1);
    // The used code leads to its use: Enter opens the wizard, which needs no code of its own.
    let screen = h.render(80, 24);
    assert!(
        screen.contains("Enter add an organization with this code"),
        "{screen}"
    );
    assert!(!screen.contains("copy code"), "{screen}");
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::AddOrganization);
    assert_eq!(
        h.wizard().unwrap().user_code.as_deref(),
        Some(code.as_str())
    );
    h.key(KeyCode::Enter).await;
    // Enter on the empty step puts the focus on the organization's name.
    h.key(KeyCode::Enter).await;
    h.type_text("adatum.onmicrosoft.com").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(
        wizard_step(&h),
        vb365_tui::app::onboarding::Step::Review,
        "{}",
        h.render(80, 24)
    );
    let codes = h.sim.sim.request_count(Some("POST"), "/devicecode");
    h.key(KeyCode::Enter).await;
    h.pump_until("the organization", |a| a.screen() == Screen::Organizations)
        .await;
    assert_eq!(
        h.sim.sim.request_count(Some("POST"), "/devicecode"),
        codes,
        "no second code"
    );
}

async fn open_wizard(h: &mut Harness) {
    h.reach_home().await;
    h.key(KeyCode::Char(':')).await;
    h.type_text("add org").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::AddOrganization);
}

fn wizard_step(h: &Harness) -> vb365_tui::app::onboarding::Step {
    h.wizard().unwrap().current()
}

fn exo(f: AuthField) -> WizardKey {
    WizardKey::Auth(Service::Exchange, f)
}

fn spo(f: AuthField) -> WizardKey {
    WizardKey::Auth(Service::SharePoint, f)
}

#[tokio::test(start_paused = true)]
async fn organizations_list_filter_and_details() {
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Organizations);
    assert_eq!(h.orgs().list.total(), Some(3));
    snap("organizations", &mut h);
    h.picture("organizations", 80, 24, false);
    // Times on a screen are in this machine's zone, named once.
    let zone = format!("times in UTC{}", chrono::Local::now().format("%:z"));
    assert_eq!(h.render(60, 20).matches(&zone).count(), 1);
    h.key(KeyCode::Char('/')).await;
    h.type_text("fab").await;
    assert_eq!(h.orgs().list.rows(), 1);
    snap("organizations_filtered", &mut h);
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Organization);
    snap_masked("organization_details", &mut h);
    h.picture("organization_details", 80, 24, false);
    // At 60x20 the settings scroll, with markers for what is above and below.
    let small = h.render(60, 20);
    assert!(small.contains("more lines"), "{small}");
    h.app.shared.size = (60, 20);
    h.key(KeyCode::End).await;
    let end = h.render(60, 20);
    assert!(end.contains("↑ "), "{end}");
    assert!(end.contains("Authentication"), "{end}");
    // Wrapped values take more rows than End reckons with: ↓ still reaches the last one.
    for _ in 0..6 {
        h.key(KeyCode::Down).await;
    }
    let end = h.render(60, 20);
    assert!(
        end.contains("Certificate thumbprint"),
        "the last setting: {end}"
    );
    assert_eq!(
        end.matches("more lines").count(),
        1,
        "only ↑ is left: {end}"
    );
    // The raw JSON, one key away and back.
    h.key(KeyCode::Char('v')).await;
    let raw = h.render(80, 24);
    assert!(
        raw.contains("raw JSON") && raw.contains("\"type\": \"Office365\""),
        "{raw}"
    );
    snap_masked("organization_raw_json", &mut h);
    h.key(KeyCode::Char('v')).await;
    h.app.shared.size = (80, 24);
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('/')).await;
    h.key(KeyCode::Esc).await;
    assert_eq!(h.orgs().list.rows(), 3, "Esc clears the filter");
    h.key(KeyCode::End).await;
    assert_eq!(h.orgs().list.selected(), 2);
}

#[tokio::test(start_paused = true)]
async fn wizard_steps_for_a_new_application_end_in_the_list() {
    let mut h = Harness::demo().await;
    open_wizard(&mut h).await;
    snap("wizard_basics", &mut h);
    h.key(KeyCode::Enter).await;
    // Step 2, nothing typed: the message stands beside the field.
    h.key(KeyCode::Enter).await;
    assert!(
        h.wizard()
            .as_ref()
            .unwrap()
            .field(exo(AuthField::Organization))
            .error
            .is_some()
    );
    snap("wizard_auth_errors", &mut h);
    h.type_text("adatum.onmicrosoft.com").await;
    snap("wizard_auth", &mut h);
    h.picture("wizard_auth", 80, 24, false);
    h.key(KeyCode::Enter).await;
    assert_eq!(
        wizard_step(&h),
        vb365_tui::app::onboarding::Step::DeviceCode
    );
    let code = h.pending_code().await;
    snap_panel("wizard_device_code", &mut h);
    h.sim.sim.decide(&code, true);
    h.pump_until("the review step", |a| {
        a.find::<vb365_tui::app::pages::add_organization::AddOrganizationPage>()
            .and_then(|p| p.wizard.as_ref())
            .as_ref()
            .is_some_and(|w| w.current() == vb365_tui::app::onboarding::Step::Review)
    })
    .await;
    snap("wizard_review", &mut h);
    h.picture("wizard_review", 80, 24, false);
    assert!(
        h.render(120, 40)
            .contains(&format!("\"userCode\": \"{code}\""))
    );
    // A long value wraps at 60 columns instead of being cut: every word of it is shown.
    let long = "Adatum production tenant, backed up nightly to the Amsterdam object repository";
    h.wizard_mut()
        .unwrap()
        .field_mut(WizardKey::Description)
        .input = tui_input::Input::new(long.into());
    let small = h.render(60, 20);
    for word in long.split(' ') {
        assert!(small.contains(word), "{word} missing:\n{small}");
    }
    assert!(small.contains("more lines"), "{small}");
    h.wizard_mut()
        .unwrap()
        .field_mut(WizardKey::Description)
        .input = tui_input::Input::new(String::new());
    h.render(80, 24);
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Organizations);
    assert!(h.wizard().is_none());
    let selected = h.orgs().list.selected_row().unwrap();
    assert_eq!(
        selected.name.as_deref(),
        Some("adatum.onmicrosoft.com"),
        "the new organization is selected"
    );
    assert_eq!(
        h.sim.sim.request_count(Some("POST"), "/v8/organizations"),
        1
    );
}

#[tokio::test(start_paused = true)]
async fn wizard_variant_steps_are_drawn() {
    let mut h = Harness::demo().await;
    open_wizard(&mut h).await;
    let w = h.wizard_mut().unwrap();
    w.field_mut(WizardKey::Type).choice = 2; // Hybrid
    w.field_mut(WizardKey::OnPremSharePoint).on = true;
    w.field_mut(WizardKey::SameAuth).on = false;
    w.field_mut(exo(AuthField::Mode)).choice = 1;
    w.field_mut(spo(AuthField::Mode)).choice = 2;
    w.field_mut(spo(AuthField::LegacyCredential)).choice = 1;
    snap("wizard_basics_hybrid", &mut h);
    let steps = h.wizard().unwrap().steps();
    for (i, step) in steps.iter().enumerate() {
        h.wizard_mut().unwrap().step = i;
        let name = match step {
            vb365_tui::app::onboarding::Step::Auth(Service::Exchange) => "wizard_existing_app",
            vb365_tui::app::onboarding::Step::Auth(_) => "wizard_legacy",
            vb365_tui::app::onboarding::Step::OnPremExchange => "wizard_onprem_exchange",
            vb365_tui::app::onboarding::Step::OnPremSharePoint => "wizard_onprem_sharepoint",
            _ => continue,
        };
        snap(name, &mut h);
    }
    // Basic authentication carries its deprecation warning.
    let w = h.wizard_mut().unwrap();
    w.field_mut(exo(AuthField::Mode)).choice = 3;
    w.step = 1;
    assert!(
        h.render(120, 40)
            .contains("Basic authentication is deprecated")
    );
    snap("wizard_basic_warning", &mut h);
}

#[tokio::test(start_paused = true)]
async fn a_rejected_submit_keeps_the_form_and_marks_the_field() {
    let mut h = Harness::demo().await;
    open_wizard(&mut h).await;
    let w = h.wizard_mut().unwrap();
    w.field_mut(exo(AuthField::Mode)).choice = 2;
    h.key(KeyCode::Enter).await;
    // contoso has been added already: only the server knows.
    for (field, text) in [
        (exo(AuthField::Organization), "contoso.onmicrosoft.com"),
        (exo(AuthField::Account), "backup@contoso.onmicrosoft.com"),
        (exo(AuthField::Password), "Acc0unt-pass"),
        (
            exo(AuthField::AppId),
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        ),
        (exo(AuthField::Secret), "app-secret"),
    ] {
        h.wizard_mut().unwrap().field_mut(field).input = Input::new(text.into());
    }
    h.key(KeyCode::Enter).await;
    assert_eq!(wizard_step(&h), vb365_tui::app::onboarding::Step::Review);
    h.key(KeyCode::Enter).await;
    let w = h.wizard().expect("the form is kept");
    assert!(
        w.form
            .error
            .as_deref()
            .unwrap()
            .contains("already been added")
    );
    assert_eq!(
        w.current(),
        vb365_tui::app::onboarding::Step::Auth(Service::Exchange),
        "back at the field the server named"
    );
    assert!(
        w.field(exo(AuthField::Organization))
            .error
            .as_deref()
            .unwrap()
            .contains("already been added")
    );
    assert_eq!(w.field(exo(AuthField::Password)).value(), "Acc0unt-pass");
    assert_eq!(h.app.screen(), Screen::AddOrganization);
    snap("wizard_server_rejection", &mut h);
    assert_eq!(
        h.sim.sim.request_count(Some("POST"), "/v8/organizations"),
        1,
        "never retried"
    );
    let shown = h.render(120, 40);
    assert!(!shown.contains("Acc0unt-pass") && !shown.contains("app-secret"));
}

fn snap_masked(name: &str, h: &mut Harness) {
    for (w, ht) in [(80, 24), (120, 40)] {
        let text = mask_times(h.render(w, ht));
        insta::assert_snapshot!(format!("{name}_{w}x{ht}"), text);
    }
}

async fn explore_contoso(h: &mut Harness) {
    h.reach_home().await;
    h.key(KeyCode::Enter).await; // Organizations
    h.key(KeyCode::Enter).await; // contoso's details
    h.key(KeyCode::Char('x')).await;
    assert_eq!(h.app.screen(), Screen::NewRestoreSession);
}

#[tokio::test(start_paused = true)]
async fn restore_session_form_validation_and_live_session() {
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    snap_masked("explore_form", &mut h);
    h.picture("new_restore_session", 80, 24, true);
    // A point in time, typed wrong: the message stands beside the field.
    h.key(KeyCode::Tab).await;
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Tab).await;
    h.type_text("yesterday noon").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::NewRestoreSession);
    let form = h.explore().unwrap();
    assert!(form.form.fields.iter().any(|f| {
        f.error
            .as_deref()
            .is_some_and(|e| e.contains("YYYY-MM-DD HH:MM"))
    }));
    snap_masked("explore_form_error", &mut h);
    // Before the first backup: a note, then back to the latest point.
    let field = h
        .explore_mut()
        .unwrap()
        .form
        .get_mut(vb365_tui::app::pages::new_restore_session::ExploreKey::When);
    field.input = Input::new("2020-01-01 08:00".into());
    assert!(h.render(120, 40).contains("before the first backup"));
    h.key(KeyCode::BackTab).await;
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::RestoreSession);
    assert_eq!(h.sim.sim.request_count(Some("POST"), "/explore"), 1);
    h.pump_until("the first events", |a| {
        a.find::<vb365_tui::app::pages::restore_session::RestoreSessionPage>()
            .as_ref()
            .is_some_and(|v| !v.events.is_empty())
    })
    .await;
    let view = h.session_view().unwrap();
    assert!(view.session.is_working() && view.watching);
    // The first look comes at once: one event, still running.
    assert_eq!(view.events.len(), 1);
    snap_masked("session_working", &mut h);
    h.picture("restore_session", 80, 24, true);
    assert!(h.render(80, 24).contains("running"));
    h.pump_until("more events", |a| {
        a.find::<vb365_tui::app::pages::restore_session::RestoreSessionPage>()
            .as_ref()
            .is_some_and(|v| v.events.len() > 1)
    })
    .await;
    let view = h.session_view().unwrap();
    assert_eq!(
        view.events[0].status.to_string(),
        "Success",
        "the first step finished meanwhile"
    );

    // Stop, with confirmation.
    h.app
        .find_mut::<vb365_tui::app::pages::restore_session::RestoreSessionPage>()
        .unwrap()
        .events
        .truncate(1);
    h.key(KeyCode::Char('s')).await;
    snap_masked("session_confirm_stop", &mut h);
    h.key(KeyCode::Char('y')).await;
    h.pump_until("the stopped state", |a| {
        a.find::<vb365_tui::app::pages::restore_session::RestoreSessionPage>()
            .as_ref()
            .is_some_and(|v| !v.session.is_working())
    })
    .await;
    assert!(h.app.shared.our_sessions.is_empty());
    let stops = h.sim.sim.request_count(Some("POST"), "/stop");
    assert_eq!(stops, 1);
    let view = h
        .app
        .find_mut::<vb365_tui::app::pages::restore_session::RestoreSessionPage>()
        .unwrap();
    view.events.truncate(2);
    snap_masked("session_stopped", &mut h);
    h.picture("restore_session_stopped", 80, 24, true);
    // The watcher ended with the session: no more requests.
    let reads = h.sim.sim.request_count(Some("GET"), "/events");
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    assert_eq!(h.sim.sim.request_count(Some("GET"), "/events"), reads);

    // Esc goes back where the session was started from: the organization.
    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.screen(), Screen::Organization);
    // The list, newest first, with the stopped session.
    h.key(KeyCode::Char(':')).await;
    h.type_text("restore sessions").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::RestoreSessions);
    h.pump_until("the list", |a| {
        a.find::<RestoreSessionsPage>()
            .is_some_and(|l| l.list.total().is_some())
    })
    .await;
    let list = &h.app.find::<RestoreSessionsPage>().unwrap().list;
    assert!(!list.row(0).unwrap().is_working());
    snap_masked("sessions_list", &mut h);
    h.picture("restore_sessions", 80, 24, true);
    let sessions = |h: &Harness| {
        let list = &h.app.find::<RestoreSessionsPage>().unwrap().list;
        list.matches()
            .iter()
            .map(|&i| list.get(i).unwrap().is_working())
            .collect::<Vec<bool>>()
    };
    h.key(KeyCode::Char('f')).await;
    let working = sessions(&h);
    assert!(working.iter().all(|w| *w));
    h.key(KeyCode::Char('f')).await;
    let stopped = sessions(&h);
    assert!(!stopped.is_empty() && stopped.iter().all(|w| !*w));
}

#[tokio::test(start_paused = true)]
async fn browsing_shows_a_loading_row_then_the_page() {
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.key(KeyCode::Enter).await;
    let held = h.key_held(KeyCode::Char('b'));
    assert_eq!(h.app.screen(), Screen::Browse);
    snap_masked("browse_loading", &mut h);
    assert!(h.render(80, 24).contains("loading…"));
    h.run_held(held).await;
    snap_masked("browse_mailboxes", &mut h);
    h.picture("browse_mailboxes", 80, 24, true);
    h.key(KeyCode::Char('/')).await;
    h.type_text("megan").await;
    h.key(KeyCode::Enter).await;
    let b = h.browser().unwrap();
    assert!(!b.list.matches().is_empty() && b.list.matches().len() < 20);
    // Enter on a mailbox opens its folders, with where it is in the title.
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    assert!(h.render(80, 24).contains("Megan"), "{}", h.render(80, 24));
}

/// Waits until the browse level on top has its first page.
async fn loaded(h: &mut Harness) {
    h.pump_until("the level's first page", |a| {
        a.find::<vb365_tui::app::pages::browse::BrowsePage>()
            .is_some_and(|b| b.list.loaded() > 0 || b.list.error().is_some())
    })
    .await;
}

#[tokio::test(start_paused = true)]
async fn a_mailbox_opens_its_folders_and_items_level_by_level() {
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('b')).await;
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // Adele Vance
    loaded(&mut h).await;
    let top = h.render(80, 24);
    assert!(top.contains("Adele Vance › Folders"), "{top}");
    assert!(top.contains("Inbox") && top.contains("Calendar"), "{top}");
    snap_masked("mailbox_folders", &mut h);
    // o: the Inbox's subfolders, a level of their own.
    h.key(KeyCode::Char('o')).await;
    loaded(&mut h).await;
    let subs = h.render(80, 24);
    assert!(subs.contains("Adele Vance › Inbox › Folders"), "{subs}");
    assert!(
        subs.contains("Projects") && subs.contains("Receipts"),
        "{subs}"
    );
    h.key(KeyCode::Esc).await;
    // Enter: the Inbox's items, newest first, with sender and kind.
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let items = h.render(80, 24);
    assert!(items.contains("Adele Vance › Inbox › Items"), "{items}");
    assert!(
        items.contains("Subject") && items.contains("From"),
        "{items}"
    );
    assert!(items.contains(" mail]"), "{items}");
    assert!(items.contains("(times in UTC"), "{items}");
    snap_masked("mailbox_items", &mut h);
    h.picture("mailbox_items", 80, 24, true);
    // An item's details, read on their own: times (zone named), headers, attachments.
    h.key(KeyCode::Down).await;
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let details = h.render(80, 24);
    for word in [
        "Sent",
        "Received",
        "UTC",
        "From",
        "To",
        "Importance",
        "Attached",
    ] {
        assert!(details.contains(word), "{word}: {details}");
    }
    snap_masked("item_details", &mut h);
    h.key(KeyCode::Esc).await;
    // Esc goes up one level at a time, each where it was.
    h.key(KeyCode::Esc).await;
    assert_eq!(
        h.browser().unwrap().list.selected(),
        0,
        "still on the Inbox"
    );
    assert!(h.render(80, 24).contains("Adele Vance › Folders"));
    h.key(KeyCode::Esc).await;
    assert!(
        h.browser().unwrap().path.is_empty(),
        "back at the mailboxes"
    );
    assert_eq!(
        h.sim.sim.request_count(Some("GET"), "/items"),
        2,
        "one page of items for one screen, and the item opened"
    );
}

/// The app on the Browse page of a new Exchange session, against a simulator of its own with
/// `mailboxes` mailboxes serving `version`.
async fn browsing(mailboxes: u64, version: vb365_tui::api::ApiVersion) -> Harness {
    let sim = sim::start(SimConfig {
        mailboxes,
        versions: vec![version],
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let mut h = Harness::demo().await;
    h.sim = sim;
    h.connect_mut().server = Input::new(h.sim.base_url.clone());
    h.app.shared.start.authority = h.sim.base_url.clone();
    explore_contoso(&mut h).await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('b')).await;
    h
}

#[tokio::test(start_paused = true)]
async fn browsing_100000_mailboxes_fetches_only_what_is_shown() {
    let mut h = browsing(100_000, vb365_tui::api::ApiVersion::V7).await;
    assert_eq!(
        h.sim.sim.request_count(Some("GET"), "/mailboxes"),
        1,
        "one page for the first screen"
    );
    assert_eq!(h.browser().unwrap().list.total(), Some(100_000));
    for _ in 0..30 {
        h.key(KeyCode::Down).await;
    }
    assert_eq!(
        h.sim.sim.request_count(Some("GET"), "/mailboxes"),
        1,
        "scrolling inside a page costs nothing"
    );
    h.key(KeyCode::End).await;
    let b = h.browser().unwrap();
    assert_eq!(b.list.selected(), 99_999);
    let last = b.list.get(99_999).expect("the last mailbox is loaded");
    let expected = vb365_tui::sim::mailbox_name(99_999);
    assert_eq!(last.title(), expected);
    assert_eq!(
        h.sim.sim.request_count(Some("GET"), "/mailboxes"),
        2,
        "End fetched only the last page"
    );
    assert!(b.list.loaded() <= 2_000);
}

#[tokio::test(start_paused = true)]
async fn quitting_with_a_working_session_asks_first() {
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.shared.our_sessions.len(), 1);
    h.key(KeyCode::Esc).await; // to the list
    h.key(KeyCode::Char('q')).await;
    assert!(!h.app.should_quit);
    assert!(h.leave_prompt());
    snap_masked("leave_prompt", &mut h);
    h.key(KeyCode::Esc).await;
    assert!(!h.leave_prompt() && !h.app.should_quit);
    h.key(KeyCode::Char('q')).await;
    h.key(KeyCode::Char('s')).await;
    assert!(h.app.should_quit, "quits once the session is stopped");
    assert_eq!(h.sim.sim.request_count(Some("POST"), "/stop"), 1);
    // Leaving them running quits without a request.
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char(':')).await;
    h.type_text("sign out").await;
    h.key(KeyCode::Enter).await;
    assert!(h.leave_prompt());
    h.key(KeyCode::Char('l')).await;
    assert!(h.app.shared.identity.is_none());
    assert_eq!(h.sim.sim.request_count(Some("POST"), "/stop"), 0);
}

/// Start a session of the chosen type index through the form, browse it, stop it.
async fn explore_type(h: &mut Harness, type_index: usize) -> vb365_tui::api::models::RestoreType {
    h.key(KeyCode::Char(':')).await;
    h.type_text("organizations").await;
    h.key(KeyCode::Enter).await;
    h.pump_until("organizations", |a| {
        a.find::<vb365_tui::app::pages::organizations::OrganizationsPage>()
            .unwrap()
            .list
            .total()
            .is_some()
    })
    .await;
    h.key(KeyCode::Home).await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('x')).await;
    for _ in 0..type_index {
        h.key(KeyCode::Char(' ')).await;
    }
    h.key(KeyCode::Enter).await;
    assert_eq!(
        h.app.screen(),
        Screen::RestoreSession,
        "{:?}",
        h.explore().and_then(|f| f.form.error.clone())
    );
    let kind = h.session_view().unwrap().session.kind.clone();
    h.key(KeyCode::Char('b')).await;
    assert_eq!(h.app.screen(), Screen::Browse);
    let b = h.browser().unwrap();
    assert!(b.list.loaded() > 0, "{kind}: something to browse");
    assert!(b.list.error().is_none());
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('s')).await;
    h.key(KeyCode::Char('y')).await;
    h.pump_until("stopped", |a| {
        a.find::<vb365_tui::app::pages::restore_session::RestoreSessionPage>()
            .as_ref()
            .is_some_and(|v| !v.session.is_working())
    })
    .await;
    kind
}

#[tokio::test(start_paused = true)]
async fn every_session_type_in_every_version() {
    use vb365_tui::api::ApiVersion;
    for v in ApiVersion::ALL {
        let mut h = Harness::demo().await;
        h.sim = sim::start(SimConfig {
            versions: vec![v],
            ..SimConfig::default()
        })
        .await
        .unwrap();
        h.connect_mut().server = Input::new(h.sim.base_url.clone());
        h.reach_home().await;
        assert_eq!(h.app.shared.version(), v);
        let mut kinds = Vec::new();
        for i in 0..v.restore_types().len() {
            kinds.push(explore_type(&mut h, i).await);
        }
        assert_eq!(kinds, v.restore_types().to_vec(), "{v}");
        let stops = if v.uses_action_endpoints() {
            "/action"
        } else {
            "/stop"
        };
        assert!(
            h.sim.sim.request_count(Some("POST"), stops) >= kinds.len() as u64,
            "{v}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn sites_open_subsites_and_teams_are_searched_on_the_server() {
    let mut h = Harness::demo().await;
    h.reach_home().await;
    explore_type_keep(&mut h, 2).await;
    let roots = h.browser().unwrap().list.loaded();
    h.key(KeyCode::Char('o')).await;
    h.pump_until("the subsites", |a| {
        a.find::<vb365_tui::app::pages::browse::BrowsePage>()
            .is_some_and(|b| b.list.loaded() > 0)
    })
    .await;
    let b = h.browser().unwrap();
    assert_eq!(b.path.len(), 1, "subsites are a level of their own");
    assert_eq!(b.list.loaded(), 3, "three subsites under a root");
    assert!(
        h.sim
            .sim
            .journal()
            .iter()
            .any(|e| e.query.contains("parentid="))
    );
    h.key(KeyCode::Esc).await;
    assert_eq!(h.browser().unwrap().list.loaded(), roots);
    // Teams: / filters the loaded teams; S searches every team's posts on the server.
    h.key(KeyCode::Esc).await;
    explore_type_keep(&mut h, 3).await;
    let all = h.browser().unwrap().list.loaded();
    h.key(KeyCode::Char('/')).await;
    h.type_text("finance").await;
    h.key(KeyCode::Enter).await;
    let b = h.browser().unwrap();
    assert!(!b.list.matches().is_empty() && b.list.matches().len() < all as usize);
    h.key(KeyCode::Char('S')).await;
    h.type_text("budget").await;
    h.key(KeyCode::Enter).await;
    h.pump_until("the posts found", |a| {
        a.find::<vb365_tui::app::pages::browse::BrowsePage>()
            .is_some_and(|b| b.list.loaded() > 0)
    })
    .await;
    let sent = h
        .sim
        .sim
        .journal()
        .into_iter()
        .find(|e| e.path.ends_with("/searchTeams"))
        .expect("searchTeams sent");
    let body = sent.request.expect("a body");
    assert_eq!(body["type"], "Posts");
    assert_eq!(body["query"], "budget");
}

async fn explore_type_keep(h: &mut Harness, type_index: usize) {
    h.key(KeyCode::Char(':')).await;
    h.type_text("organizations").await;
    h.key(KeyCode::Enter).await;
    h.pump_until("organizations", |a| {
        a.find::<vb365_tui::app::pages::organizations::OrganizationsPage>()
            .unwrap()
            .list
            .total()
            .is_some()
    })
    .await;
    h.key(KeyCode::Home).await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('x')).await;
    for _ in 0..type_index {
        h.key(KeyCode::Char(' ')).await;
    }
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('b')).await;
}

// The real clock: a Microsoft device code is not answered under the paused one.
#[tokio::test]
async fn a_tenant_explores_its_own_organization() {
    let mut h = Harness::demo().await;
    let code = tenant_code(&mut h).await;
    h.sim.sim.decide(&code, true);
    h.pump_until("the tenant session", |a| a.screen() == Screen::Home)
        .await;
    h.key(KeyCode::Char(':')).await;
    h.type_text("restore").await;
    h.key(KeyCode::Enter).await;
    h.pump_until("the list", |a| {
        a.find::<RestoreSessionsPage>()
            .is_some_and(|l| l.list.total().is_some())
    })
    .await;
    h.key(KeyCode::Char('n')).await;
    assert_eq!(h.app.screen(), Screen::NewRestoreSession);
    assert!(h.explore().unwrap().org.is_none(), "as tenant");
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::RestoreSession);
    assert_eq!(
        h.sim
            .sim
            .request_count(Some("POST"), "/organization/explore"),
        1
    );
}

#[tokio::test(start_paused = true)]
async fn a_failed_start_keeps_the_form_and_is_not_retried() {
    use vb365_tui::sim::{Fault, FaultKind};
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.key(KeyCode::Char(' ')).await; // OneDrive
    h.sim.sim.faults.add(Fault {
        path: "/explore".into(),
        method: Some("POST".into()),
        kind: FaultKind::Status {
            status: 503,
            retry_after: Some(0),
        },
        times: Some(1),
    });
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::NewRestoreSession);
    let form = h.explore().unwrap();
    assert!(form.form.error.as_deref().unwrap().contains("HTTP 503"));
    assert_eq!(form.form.fields[0].choice, 1, "the choices are kept");
    assert_eq!(
        h.sim.sim.request_count(Some("POST"), "/explore"),
        1,
        "never retried"
    );
    h.key(KeyCode::Enter).await;
    assert_eq!(
        h.app.screen(),
        Screen::RestoreSession,
        "the operator tries again"
    );
}

#[tokio::test(start_paused = true)]
async fn a_restore_device_code_is_kept_with_the_session() {
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('d')).await;
    h.pump_until("a restore code", |a| {
        a.code_panel().is_some_and(|c| c.state.pending().is_some())
    })
    .await;
    assert_eq!(
        h.sim.sim.request_count(Some("POST"), "/restoredevicecode"),
        1
    );
    let code = h
        .code()
        .as_ref()
        .unwrap()
        .state
        .pending()
        .unwrap()
        .user_code
        .clone();
    h.sim.sim.decide(&code, true);
    h.pump_until("approval", |a| a.code_panel().is_none()).await;
    assert_eq!(
        h.session_view().unwrap().restore_code.as_deref(),
        Some(code.as_str())
    );
    assert!(h.render(100, 30).contains(&format!("Restore code {code}")));
    // Leaving the session screen stops the watcher.
    h.key(KeyCode::Esc).await;
    let reads = h.sim.sim.request_count(Some("GET"), "/events");
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    assert_eq!(h.sim.sim.request_count(Some("GET"), "/events"), reads);
}

#[tokio::test(start_paused = true)]
async fn the_focused_wizard_field_stays_on_screen_at_60x20() {
    let mut h = Harness::demo().await;
    open_wizard(&mut h).await;
    h.key(KeyCode::Enter).await; // to the authentication step
    // Modern with legacy protocols: the longest list of fields.
    h.key(KeyCode::Char(' ')).await;
    // Enter with nothing filled puts a message under each empty field.
    h.key(KeyCode::Enter).await;
    let fields = h.wizard().unwrap().visible(wizard_step(&h)).len();
    for _ in 0..fields {
        let w = h.wizard().unwrap();
        let key = w.visible(wizard_step(&h))[w.form.focus];
        let label = w.field(key).label;
        let screen = h.render(60, 20);
        assert!(
            screen.contains(&format!("›{label}")),
            "the focused field {label} is on screen:\n{screen}"
        );
        h.key(KeyCode::Tab).await;
    }
    let screen = h.render(60, 20);
    assert!(
        screen.contains("more line"),
        "a marker says lines are cut:\n{screen}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_restore_session_state_shows_at_60x20() {
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::RestoreSession);
    let screen = h.render(60, 20);
    assert!(screen.contains("Working (live)"), "{screen}");
    for label in ["Organization", "Type", "Ended", "Reason", "Events ("] {
        assert!(screen.contains(label), "{label}:\n{screen}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_plain_http_authority_shows_a_warning() {
    let mut h = Harness::demo().await;
    h.reach_sign_in().await;
    h.key(KeyCode::F(2)).await;
    h.sign_in_mut().form.get_mut(SignInField::Authority).input =
        Input::new("http://login.lab.example".into());
    for (w, ht) in [(60, 20), (80, 24)] {
        let screen = h.render(w, ht);
        assert!(
            screen.contains("http:// authority") && screen.contains("unencrypted"),
            "{screen}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn filtering_after_end_keeps_the_list_and_never_says_nothing_here() {
    let mut h = browsing(20_000, vb365_tui::api::ApiVersion::V8).await;
    h.key(KeyCode::End).await;
    h.pump_until("the end", |a| {
        a.find::<vb365_tui::app::pages::browse::BrowsePage>()
            .is_some_and(|b| b.list.total().is_some() && !b.list.seeking_end())
    })
    .await;
    h.key(KeyCode::Char('/')).await;
    for c in "megan".chars() {
        h.key(KeyCode::Char(c)).await;
        let screen = h.render(80, 24);
        assert!(!screen.contains("Nothing here"), "{screen}");
        assert!(screen.contains("matches among"), "{screen}");
    }
    // Matches from what is loaded show at once, while the rest is read.
    let screen = h.render(80, 24);
    assert!(screen.contains("Megan"), "{screen}");
}
