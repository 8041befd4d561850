use super::*;

#[tokio::test(start_paused = true)]
async fn device_code_screen_gets_and_checks_a_vb365_code() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.key(KeyCode::Char(':')).await;
    h.type_text("device").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::DeviceCode);
    snap("device_code_screen", &mut h);
    h.picture("device_code_screen", 80, 24);
    h.key(KeyCode::Enter).await;
    let code = h.pending_code().await;
    assert!(h.render(100, 30).contains("/devicelogin"));
    h.sim.sim.decide(&code, true);
    h.pump_until("approval", |a| {
        a.code_panel()
            .is_some_and(|c| c.state == vb365_tui::poll::CodeState::Approved)
    })
    .await;
    assert!(h.app.shared.status.text.as_deref().unwrap().contains(&code));
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

pub(super) async fn open_wizard(h: &mut Harness) {
    h.reach_home().await;
    h.key(KeyCode::Char(':')).await;
    h.type_text("add org").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::AddOrganization);
}

pub(super) fn wizard_step(h: &Harness) -> vb365_tui::app::onboarding::Step {
    h.wizard().unwrap().current()
}

pub(super) fn exo(f: AuthField) -> WizardKey {
    WizardKey::Auth(Service::Exchange, f)
}

pub(super) fn spo(f: AuthField) -> WizardKey {
    WizardKey::Auth(Service::SharePoint, f)
}

#[tokio::test(start_paused = true)]
async fn organizations_list_filter_and_details() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.press("Down Enter").await; // below Today
    assert_eq!(h.app.screen(), Screen::Organizations);
    assert_eq!(h.orgs().list.total(), Some(3));
    snap("organizations", &mut h);
    h.picture("organizations", 80, 24);
    // Times on a screen are in this machine's zone, named once.
    let zone = format!("times in UTC{}", chrono::Local::now().format("%:z"));
    assert_eq!(h.render(60, 20).matches(&zone).count(), 1);
    h.key(KeyCode::Char('/')).await;
    h.type_text("fab").await;
    assert_eq!(h.orgs().list.rows(), 1);
    snap("organizations_filtered", &mut h);
    h.press("Enter Enter").await;
    assert_eq!(h.app.screen(), Screen::Organization);
    snap("organization_details", &mut h);
    h.picture("organization_details", 80, 24);
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
    snap("organization_raw_json", &mut h);
    h.key(KeyCode::Char('v')).await;
    h.app.shared.size = (80, 24);
    h.press("Esc / Esc").await;
    assert_eq!(h.orgs().list.rows(), 3, "Esc clears the filter");
    h.key(KeyCode::End).await;
    assert_eq!(h.orgs().list.selected(), 2);
}

#[tokio::test(start_paused = true)]
async fn wizard_steps_for_a_new_application_end_in_the_list() {
    support::step_the_paused_clock();
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
    h.picture("wizard_auth", 80, 24);
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
    h.picture("wizard_review", 80, 24);
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
    support::step_the_paused_clock();
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
    support::step_the_paused_clock();
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

pub(super) async fn explore_contoso(h: &mut Harness) {
    h.reach_home().await;
    h.press("Down Enter").await; // Organizations, below Today
    h.key(KeyCode::Enter).await; // contoso's details
    h.key(KeyCode::Char('x')).await;
    assert_eq!(h.app.screen(), Screen::NewRestoreSession);
}

#[tokio::test(start_paused = true)]
async fn restore_session_form_validation_and_live_session() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    snap("explore_form", &mut h);
    h.picture("new_restore_session", 80, 24);
    // A point in time, typed wrong: the message stands beside the field.
    h.press("Tab Space Tab").await;
    h.type_text("yesterday noon").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::NewRestoreSession);
    let form = h.explore().unwrap();
    assert!(form.form.fields.iter().any(|f| {
        f.error
            .as_deref()
            .is_some_and(|e| e.contains("YYYY-MM-DD HH:MM"))
    }));
    snap("explore_form_error", &mut h);
    // Before the first backup: a note, then back to the latest point.
    let field = h
        .explore_mut()
        .unwrap()
        .form
        .get_mut(vb365_tui::app::pages::new_restore_session::ExploreKey::When);
    field.input = Input::new("2020-01-01 08:00".into());
    assert!(h.render(120, 40).contains("before the first backup"));
    h.press("Shift-Tab Space Enter").await;
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
    snap("session_working", &mut h);
    h.picture("restore_session", 80, 24);
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
    snap("session_confirm_stop", &mut h);
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
    snap("session_stopped", &mut h);
    h.picture("restore_session_stopped", 80, 24);
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
    snap("sessions_list", &mut h);
    h.picture("restore_sessions", 80, 24);
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
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.key(KeyCode::Enter).await;
    let held = h.key_held(KeyCode::Char('b'));
    assert_eq!(h.app.screen(), Screen::Browse);
    snap("browse_loading", &mut h);
    assert!(h.render(80, 24).contains("loading…"));
    h.run_held(held).await;
    snap("browse_mailboxes", &mut h);
    h.picture("browse_mailboxes", 80, 24);
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
pub(super) async fn loaded(h: &mut Harness) {
    h.pump_until("the level's first page", |a| {
        a.find::<vb365_tui::app::pages::browse::BrowsePage>()
            .is_some_and(|b| b.list.loaded() > 0 || b.list.error().is_some())
    })
    .await;
}
