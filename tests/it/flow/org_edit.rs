//! Editing an organization and authorizing it again: the form filled from the server, the
//! confirmation of what changes, one `PUT`, and the device-code panel.

use super::*;
use vb365_tui::app::onboarding::Step;
use vb365_tui::app::pages::add_organization::AddOrganizationPage;

/// The edit screens at the sizes operators use.
fn snap_small(name: &str, h: &mut Harness) {
    for (w, ht) in [(60, 20), (80, 24)] {
        let text = h.render(w, ht);
        support::snapshot("flow", &format!("{name}_{w}x{ht}"), text);
    }
}

/// Opens Contoso's page from the organizations list.
async fn contoso(h: &mut Harness) {
    h.reach_home().await;
    h.press("Down Enter").await; // Organizations, below Today
    h.pump_until("the list", |a| a.screen() == Screen::Organizations)
        .await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Organization);
}

/// Opens the form with `key` and waits for the organization's settings.
async fn open_form(h: &mut Harness, key: char) {
    h.key(KeyCode::Char(key)).await;
    h.pump_until("the filled form", |a| {
        a.find::<AddOrganizationPage>()
            .is_some_and(|p| p.wizard.is_some())
    })
    .await;
}

/// Waits for the last step: the confirmation of what changes.
async fn confirmation(h: &mut Harness) {
    h.pump_until("the confirmation", |a| {
        a.find::<AddOrganizationPage>()
            .and_then(|p| p.wizard.as_ref())
            .is_some_and(|w| w.current() == Step::Review)
    })
    .await;
}

async fn back_on_the_organization(h: &mut Harness) {
    h.pump_until("back on the organization", |a| {
        a.screen() == Screen::Organization
    })
    .await;
}

fn puts(h: &Harness) -> Vec<serde_json::Value> {
    h.sim
        .sim
        .journal()
        .into_iter()
        .filter(|e| e.method == "PUT" && e.path.to_lowercase().contains("/organizations/"))
        .filter_map(|e| e.request)
        .collect()
}

fn set_description(h: &mut Harness, text: &str) {
    h.wizard_mut()
        .unwrap()
        .field_mut(WizardKey::Description)
        .input = Input::new(text.into());
}

#[tokio::test(start_paused = true)]
async fn an_edit_confirms_only_what_changes_and_sends_the_whole_organization_once() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    contoso(&mut h).await;
    open_form(&mut h, 'e').await;
    let reads = h.sim.sim.journal().into_iter().filter(|e| {
        e.method == "GET"
            && e.path
                .ends_with("/Organizations/5eed0000-000a-4000-8000-000000000001")
    });
    assert_eq!(reads.count(), 1, "one read of its settings");
    let w = h.wizard().unwrap();
    assert!(w.editing().is_some());
    assert_eq!(w.current(), Step::Basics);
    snap_small("org_edit_form", &mut h);
    h.picture("org_edit_form", 80, 24);
    // Description is the last field of the first step: type into it as an operator does.
    let fields = h.wizard().unwrap().visible(Step::Basics).len();
    for _ in 1..fields {
        h.key(KeyCode::Tab).await;
    }
    h.ctrl('u').await;
    h.type_text("Contoso, every service").await;
    h.press("Enter").await;
    assert_eq!(wizard_step(&h), Step::Auth(Service::Exchange));
    snap_small("org_edit_auth", &mut h);
    h.press("Enter").await;
    assert_eq!(wizard_step(&h), Step::Review);
    snap_small("org_edit_confirm", &mut h);
    let review = h.render(120, 40);
    assert!(
        review.contains(
            "Description: contoso.onmicrosoft.com production tenant → Contoso, every service"
        ),
        "{review}"
    );
    assert!(
        !review.contains("Application id"),
        "unchanged settings are not listed: {review}"
    );
    assert_eq!(puts(&h).len(), 0, "nothing sent before Enter");
    h.key(KeyCode::Enter).await;
    back_on_the_organization(&mut h).await;
    h.pump_for(std::time::Duration::from_millis(200)).await;
    let sent = puts(&h);
    assert_eq!(sent.len(), 1, "sent once");
    let body = &sent[0];
    assert_eq!(body["description"], "Contoso, every service");
    assert_eq!(body["type"], "Office365", "the whole object: {body}");
    assert!(body["exchangeOnlineSettings"]["applicationCertificateThumbprint"].is_string());
    assert!(body.get("id").is_none() && body.get("userCode").is_none());
    let page = h.render(80, 24);
    assert!(page.contains("Saved the changes"), "{page}");
    assert!(
        page.contains("Contoso, every service"),
        "read again: {page}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_refused_edit_keeps_the_form_and_marks_the_field() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    contoso(&mut h).await;
    open_form(&mut h, 'e').await;
    set_description(&mut h, "Moved to another application");
    h.key(KeyCode::Enter).await;
    // An application the directory does not know.
    h.wizard_mut()
        .unwrap()
        .field_mut(exo(AuthField::AppId))
        .input = Input::new("0f0f0f0f-1111-4222-8333-444455556666".into());
    h.press("Enter").await;
    assert_eq!(wizard_step(&h), Step::Review);
    h.key(KeyCode::Enter).await;
    h.pump_until("the refusal", |a| {
        a.find::<AddOrganizationPage>()
            .and_then(|p| p.wizard.as_ref())
            .is_some_and(|w| !w.submitting && w.form.error.is_some())
    })
    .await;
    assert_eq!(puts(&h).len(), 1, "sent once, not retried");
    let w = h.wizard().unwrap();
    assert_eq!(
        w.current(),
        Step::Auth(Service::Exchange),
        "back where the field is"
    );
    let marked = w
        .field(exo(AuthField::AppId))
        .error
        .clone()
        .unwrap_or_default();
    assert!(
        marked.contains("was not found in Microsoft Entra ID"),
        "{marked}"
    );
    assert_eq!(
        w.field(WizardKey::Description).value(),
        "Moved to another application"
    );
    snap_small("org_edit_refused", &mut h);
}

#[tokio::test(start_paused = true)]
async fn authorizing_again_shows_the_code_and_configures_the_application() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    contoso(&mut h).await;
    open_form(&mut h, 'a').await;
    assert_eq!(
        wizard_step(&h),
        Step::Auth(Service::Exchange),
        "straight to sign-in"
    );
    assert!(h.wizard().unwrap().field(exo(AuthField::Configure)).on);
    h.key(KeyCode::Enter).await;
    assert_eq!(wizard_step(&h), Step::DeviceCode);
    let code = h.pending_code().await;
    snap_panel_small("org_reauthorize_code", &mut h);
    let asked = h
        .sim
        .sim
        .journal()
        .into_iter()
        .rfind(|e| e.method == "POST" && e.path.to_lowercase().ends_with("/devicecode"))
        .and_then(|e| e.request)
        .unwrap();
    assert_eq!(
        asked["loginGraphAppOrganizationId"],
        "5eed0000-000a-4000-8000-000000000001"
    );
    h.sim.sim.decide(&code, true);
    confirmation(&mut h).await;
    snap_small("org_reauthorize_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    back_on_the_organization(&mut h).await;
    let sent = puts(&h);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["configureApplication"], true);
    assert_eq!(sent[0]["userCode"], code.as_str());
}

#[tokio::test(start_paused = true)]
async fn a_basic_organization_authorized_again_is_told_it_cannot_be_undone() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    {
        let mut st = h.sim.sim.state();
        let org = &mut st.orgs[0];
        org.region = Some(vb365_tui::api::models::Region::China);
        org.is_teams_online = Some(false);
        let s = org.exchange_online_settings.as_mut().unwrap();
        s.use_application_only_auth = Some(false);
        s.use_mfa = Some(false);
        s.application_id = None;
        s.application_certificate_thumbprint = None;
        s.account = Some("backup@contoso.onmicrosoft.com".into());
        org.share_point_online_settings = Some(s.clone());
    }
    contoso(&mut h).await;
    open_form(&mut h, 'a').await;
    assert_eq!(
        h.wizard()
            .unwrap()
            .field(exo(AuthField::Mode))
            .choice_label(),
        "Modern app-only, new application"
    );
    h.key(KeyCode::Enter).await;
    let code = h.pending_code().await;
    h.sim.sim.decide(&code, true);
    confirmation(&mut h).await;
    let review = h.render(120, 40);
    assert!(
        review.contains(
            "from basic authentication to modern app-only authentication cannot be undone"
        ),
        "{review}"
    );
    snap_small("org_reauthorize_basic_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    back_on_the_organization(&mut h).await;
    let st = h.sim.sim.state();
    let s = st.orgs[0].exchange_online_settings.clone().unwrap();
    assert_eq!(s.use_application_only_auth, Some(true));
    assert!(s.application_id.is_some(), "VB365 made the application");
}

fn snap_panel_small(name: &str, h: &mut Harness) {
    if let Some(p) = h.code().and_then(|c| c.state.pending()) {
        // 14:59 left, whatever the clock says.
        h.app.shared.now = p.deadline - std::time::Duration::from_secs(899);
    }
    snap_small(name, h);
}
