use super::*;

#[tokio::test(start_paused = true)]
async fn a_mailbox_opens_its_folders_and_items_level_by_level() {
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.press("Enter b").await;
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // Adele Vance
    loaded(&mut h).await;
    let top = h.render(80, 24);
    assert!(top.contains("Adele Vance › Folders"), "{top}");
    assert!(top.contains("Inbox") && top.contains("Calendar"), "{top}");
    snap("mailbox_folders", &mut h);
    // c: the Inbox's subfolders, a level of their own.
    h.key(KeyCode::Char('c')).await;
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
    snap("mailbox_items", &mut h);
    h.picture("mailbox_items", 80, 24);
    // An item's details, read on their own: times (zone named), headers, attachments.
    h.press("Down Enter").await;
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
    snap("item_details", &mut h);
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
pub(super) async fn browsing(mailboxes: u64, version: vb365_tui::api::ApiVersion) -> Harness {
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
    h.press("Enter b").await;
    h
}

#[tokio::test(start_paused = true)]
async fn browsing_100000_mailboxes_fetches_only_what_is_shown() {
    support::step_the_paused_clock();
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
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.shared.our_sessions.len(), 1);
    h.key(KeyCode::Esc).await; // to the list
    h.key(KeyCode::Char('q')).await;
    assert!(!h.app.should_quit);
    assert!(h.leave_prompt());
    snap("leave_prompt", &mut h);
    h.key(KeyCode::Esc).await;
    assert!(!h.leave_prompt() && !h.app.should_quit);
    h.press("q s").await;
    assert!(h.app.should_quit, "quits once the session is stopped");
    assert_eq!(h.sim.sim.request_count(Some("POST"), "/stop"), 1);
    // Leaving them running quits without a request.
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.press("Enter :").await;
    h.type_text("sign out").await;
    h.key(KeyCode::Enter).await;
    assert!(h.leave_prompt());
    h.key(KeyCode::Char('l')).await;
    assert!(h.app.shared.identity.is_none());
    assert_eq!(h.sim.sim.request_count(Some("POST"), "/stop"), 0);
}

/// Start a session of the chosen type index through the form, browse it, stop it.
pub(super) async fn explore_type(
    h: &mut Harness,
    type_index: usize,
) -> vb365_tui::api::models::RestoreType {
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
    h.press("Home Enter x").await;
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
    h.press("Esc s y").await;
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
    support::step_the_paused_clock();
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
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    h.reach_home().await;
    explore_type_keep(&mut h, 2).await;
    let roots = h.browser().unwrap().list.loaded();
    h.key(KeyCode::Char('c')).await;
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

pub(super) async fn explore_type_keep(h: &mut Harness, type_index: usize) {
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
    h.press("Home Enter x").await;
    for _ in 0..type_index {
        h.key(KeyCode::Char(' ')).await;
    }
    h.press("Enter b").await;
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
    support::step_the_paused_clock();
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
    support::step_the_paused_clock();
    let mut h = Harness::demo().await;
    explore_contoso(&mut h).await;
    h.press("Enter d").await;
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
        h.app
            .shared
            .memory
            .restore_code(&h.session_view().unwrap().session.id),
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
    support::step_the_paused_clock();
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
    support::step_the_paused_clock();
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
    support::step_the_paused_clock();
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
    support::step_the_paused_clock();
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

/// On v7 a hit of a search of every mailbox does not say its mailbox: no Mailbox column,
/// and `R` or `s` says where to search instead of offering nothing in silence.
#[tokio::test]
async fn a_v7_hit_of_every_mailbox_says_to_search_in_its_mailbox() {
    let mut h = browsing(30, vb365_tui::api::ApiVersion::V7).await;
    h.pump_until("the mailboxes", |a| {
        a.find::<vb365_tui::app::pages::browse::BrowsePage>()
            .is_some_and(|b| b.list.loaded() > 0)
    })
    .await;
    h.key(KeyCode::Char('S')).await;
    h.type_text("from:lee").await;
    h.key(KeyCode::Enter).await;
    h.pump_until("the hits", |a| {
        a.find::<vb365_tui::app::pages::browse::BrowsePage>()
            .is_some_and(|b| {
                matches!(b.listing, vb365_tui::api::Listing::Search { .. }) && b.list.loaded() > 0
            })
    })
    .await;
    let screen = h.render(80, 24);
    assert!(!screen.contains("Mailbox"), "{screen}");
    for key in ['R', 's'] {
        h.key(KeyCode::Char(key)).await;
        assert_eq!(h.app.screen(), Screen::Browse);
        let said = h.app.status_message().unwrap_or_default().to_string();
        assert!(said.contains("search there (S)"), "{key}: {said}");
    }
}
