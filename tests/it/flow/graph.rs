//! The Microsoft Graph readiness check: from the palette and from Today's row, what each
//! Exchange organization needs, copied with OSC 52, and the way to its application settings.

use super::*;
use vb365_tui::app::pages::graph_readiness::GraphReadinessPage;
use vb365_tui::app::pages::today::TodayPage;

fn snap_small(name: &str, h: &mut Harness) {
    for (w, ht) in [(60, 20), (80, 24)] {
        let text = h.render(w, ht);
        support::snapshot("flow", &format!("{name}_{w}x{ht}"), text);
    }
}

async fn checked(h: &mut Harness) {
    h.pump_until("the check", |a| {
        a.find::<GraphReadinessPage>()
            .is_some_and(|p| p.found.is_some() && !p.is_reading())
    })
    .await;
}

#[tokio::test]
async fn the_palette_check_names_what_to_grant_to_which_application() {
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.key(KeyCode::Char(':')).await;
    h.type_text("graph").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::GraphReadiness);
    checked(&mut h).await;
    let page = h.app.find::<GraphReadinessPage>().unwrap();
    let names: Vec<(String, bool)> = page
        .organizations()
        .iter()
        .map(|o| (o.name.clone(), o.affected()))
        .collect();
    // Contoso's last night: two users failed on MailboxItem.Read.All; Northwind failed every
    // night on it before its job was disabled; Fabrikam's failure is its repository.
    assert_eq!(names.iter().filter(|n| n.1).count(), 2, "{names:?}");
    assert!(!names.last().unwrap().1, "the fine one last: {names:?}");
    snap_small("graph_readiness", &mut h);
    h.picture("graph_readiness", 80, 24);
    let screen = h.render(120, 40);
    for said in [
        "2 of 3 need Microsoft Graph permissions",
        "MailboxItem.ImportExport.All",
        "MailboxFolder.ReadWrite.All",
        "grant admin consent",
        "VB365's REST API cannot grant them",
        "lacks the MailboxItem.Read.All permission",
        // The demo's server is 8.1: permissions alone would not do.
        "Server 8.1.0.305 reads mail via the retired EWS: upgrade VB365 to 8.5+ too.",
    ] {
        assert!(screen.contains(said), "{said}:\n{screen}");
    }
    // c: the instructions for the organization under the cursor, on the clipboard.
    let cmds = h.key_held(KeyCode::Char('c'));
    let copied = cmds.iter().find_map(|c| match c {
        vb365_tui::app::command::Command::Copy { text } => Some(text.clone()),
        _ => None,
    });
    let copied = copied.expect("copied");
    let first = h
        .app
        .find::<GraphReadinessPage>()
        .unwrap()
        .current()
        .unwrap()
        .clone();
    assert!(copied.starts_with(&first.name), "{copied}");
    assert!(
        copied.contains(first.application_id.as_deref().unwrap()),
        "{copied}"
    );
    // e: its application settings, in the organization form.
    h.key(KeyCode::Char('e')).await;
    h.pump_until("the form", |a| {
        a.find::<vb365_tui::app::pages::add_organization::AddOrganizationPage>()
            .is_some_and(|p| p.wizard.is_some())
    })
    .await;
    assert_eq!(h.app.screen(), Screen::AddOrganization);
    let step = h.wizard().unwrap().current();
    assert_eq!(
        step,
        vb365_tui::app::onboarding::Step::Auth(Service::Exchange),
        "on its application"
    );
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.screen(), Screen::GraphReadiness);
    // Down to the next organization: its own details.
    h.key(KeyCode::Down).await;
    snap_small("graph_readiness_second", &mut h);
    // r checks again: what was found stays on screen meanwhile, and says so.
    let held = h.key_held(KeyCode::Char('r'));
    assert!(h.render(80, 24).contains("Checking again…"));
    assert!(h.render(80, 24).contains("northwind.onmicrosoft.us"));
    h.run_held(held).await;
    checked(&mut h).await;
    assert!(!h.render(80, 24).contains("Checking again…"));
}

#[tokio::test]
async fn today_says_when_an_organization_needs_graph_permissions_and_enter_opens_the_check() {
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.key(KeyCode::Char(':')).await;
    h.type_text("today").await;
    h.key(KeyCode::Enter).await;
    h.pump_until("the check's row", |a| {
        a.find::<TodayPage>()
            .is_some_and(|p| p.rows().iter().any(|r| r.what == "Microsoft Graph"))
    })
    .await;
    let page = h.app.find::<TodayPage>().unwrap();
    let at = page
        .rows()
        .iter()
        .position(|r| r.what == "Microsoft Graph")
        .unwrap();
    let checks = |h: &Harness| h.sim.sim.request_count(Some("GET"), "/logitems");
    let before = checks(&h);
    h.key(KeyCode::Char('g')).await;
    for _ in 0..at {
        h.key(KeyCode::Down).await;
    }
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::GraphReadiness);
    let page = h.app.find::<GraphReadinessPage>().unwrap();
    assert_eq!(page.found.as_ref().unwrap().as_ref().unwrap().affected(), 2);
    assert_eq!(
        checks(&h),
        before,
        "what Today found is shown, not read again"
    );
}
