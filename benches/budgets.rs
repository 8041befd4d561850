//! The performance budgets of DESIGN.md as criterion benchmarks: drawing every screen, the
//! device-code panel with its QR code, `update` for a key, the 100,000-row list, decoding a
//! 10,000-item page, and paging 100,000 mailboxes from the in-process simulator.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secrecy::SecretString;
use vb365_tui::api::Row;
use vb365_tui::api::models::{Mailbox, Organization, Page, RestoreSession, RestoreSessionEvent};
use vb365_tui::api::{
    ApiVersion, Client, ClientConfig, Fingerprint, Identity, Listing, SignInKind, TrustMode,
};
use vb365_tui::app::action::Action;
use vb365_tui::app::code_panel::CodePanel;
use vb365_tui::app::lists::PagedList;
use vb365_tui::app::modals::{Modal, TrustPrompt};
use vb365_tui::app::pages::browse::BrowsePage;
use vb365_tui::app::pages::device_code::DeviceCodePage;
use vb365_tui::app::pages::organizations::OrganizationsPage;
use vb365_tui::app::pages::restore_session::RestoreSessionPage;
use vb365_tui::app::pages::restore_sessions::RestoreSessionsPage;
use vb365_tui::app::pages::sign_in::{SignInField, SignInPage};
use vb365_tui::app::pages::{Route, Screen};
use vb365_tui::app::samples;
use vb365_tui::app::shared::{ServerInfo, Shared};
use vb365_tui::app::{App, update};
use vb365_tui::config::Config;
use vb365_tui::poll::{CodeState, Pending};

fn org(i: u64) -> Organization {
    samples::organization(i)
}

fn session() -> RestoreSession {
    samples::session()
}

fn events(n: usize) -> Vec<RestoreSessionEvent> {
    (0..n)
        .map(|i| {
            serde_json::from_value(serde_json::json!({
                "id": format!("5eed0000-001e-4000-8000-{i:012x}"), "status": "Success", "type": "View",
                "message": "Loading organization data", "startTime": "2026-11-22T10:00:00.0000000Z",
                "duration": "00:00:02", "order": i
            }))
            .unwrap()
        })
        .collect()
}

/// A signed-in app with a page of the given kind on top, realistic content, no network.
fn app(screen: Screen) -> App {
    let mut shared = Shared::new(Config::default(), TrustMode::System);
    shared.start.server = "https://vbo01.corp.local:4443".into();
    shared.start.user = "administrator".into();
    shared.server = Some(ServerInfo {
        url: "https://vbo01.corp.local:4443".into(),
        version: Some(ApiVersion::V8),
        build: Some("8.1.0.305".into()),
        trust: TrustMode::Pinned(Fingerprint([0xAB; 32])),
    });
    shared.identity = Some(Identity {
        user_name: "administrator".into(),
        kind: SignInKind::Administrator,
        expires_utc: chrono::Utc::now(),
    });
    let mut a = App::new(shared);
    if screen == Screen::Connect {
        return a;
    }
    let route = Route::sample(screen);
    let _ = a.open(route);
    if let Some(p) = a.find_mut::<OrganizationsPage>() {
        fill(&mut p.list, (0..40).map(org).collect());
    }
    if let Some(p) = a.find_mut::<RestoreSessionsPage>() {
        fill(&mut p.list, (0..40).map(|_| session()).collect());
    }
    if let Some(p) = a.find_mut::<RestoreSessionPage>() {
        p.events = events(60);
    }
    if let Some(p) = a.find_mut::<BrowsePage>() {
        load_100k(&mut p.list);
    }
    a
}

/// A list answered with these rows, as if the server had sent them.
fn fill<T: Clone>(list: &mut PagedList<T>, rows: Vec<T>) {
    let mut reqs = list.reset();
    reqs.extend(list.set_view(60));
    for req in reqs {
        let page = rows
            .iter()
            .skip(req.offset as usize)
            .take(req.limit as usize)
            .cloned()
            .collect();
        let _ = list.on_page(req, Ok((page, Some(rows.len() as u64))));
    }
}

fn pending_panel() -> CodePanel {
    let mut panel = CodePanel::new(
        1,
        "Microsoft 365 sign-in for contoso.onmicrosoft.com".into(),
    );
    panel.state = CodeState::Pending(Pending {
        user_code: "ABCD23XYZ".into(),
        url: "https://microsoft.com/devicelogin".into(),
        url_complete: None,
        deadline: std::time::Instant::now() + Duration::from_secs(900),
        interval: Duration::from_secs(5),
        last_check: Some(chrono::Utc::now()),
        slowed_down: false,
        manual: false,
        trouble: None,
    });
    panel
}

/// Every one of 100,000 mailboxes loaded, the selection in the middle.
fn load_100k(list: &mut PagedList<Row>) {
    let mut reqs = list.set_filter("no such mailbox");
    while let Some(req) = reqs.pop() {
        let rows = (req.offset..(req.offset + req.limit).min(100_000))
            .map(|i| {
                Row::Mailbox(Mailbox {
                    id: format!("5eed0000-0001-4000-8000-{i:012x}"),
                    name: vb365_tui::sim::mailbox_name(i),
                    email: format!("user{i}@contoso.onmicrosoft.com"),
                    is_archive: false,
                    is_public: false,
                })
            })
            .collect();
        reqs.extend(list.on_page(req, Ok((rows, None))));
    }
    let _ = list.clear_filter();
    let _ = list.select(54_321);
}

fn draw(c: &mut Criterion, name: &str, a: &App) {
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        c.bench_function(&format!("draw/{name}/{w}x{h}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| vb365_tui::ui::draw(f, black_box(a)))
                    .unwrap();
            })
        });
    }
}

fn screens(c: &mut Criterion) {
    let mut connect = app(Screen::Connect);
    connect.shared.identity = None;
    draw(c, "connect", &connect);
    let mut trust = app(Screen::Connect);
    trust.modals.push(Modal::Trust {
        page: 1,
        prompt: TrustPrompt {
            cert: samples::certificate(),
            reason: "it is not signed by a trusted authority".into(),
        },
    });
    draw(c, "trust_prompt", &trust);
    draw(c, "sign_in", &app(Screen::SignIn));
    draw(c, "home", &app(Screen::Home));
    let mut help = app(Screen::Home);
    help.modals.push(Modal::Help { scroll: 0 });
    draw(c, "help", &help);
    draw(c, "organizations", &app(Screen::Organizations));
    draw(c, "add_organization", &app(Screen::AddOrganization));
    draw(c, "explore", &app(Screen::NewRestoreSession));
    draw(c, "session", &app(Screen::RestoreSession));
    draw(c, "sessions", &app(Screen::RestoreSessions));
    draw(c, "browse_100k_rows", &app(Screen::Browse));
    let mut panel = app(Screen::DeviceCode);
    if let Some(p) = panel.find_mut::<DeviceCodePage>() {
        p.code = Some(pending_panel());
    }
    // Includes encoding the QR code: the panel encodes it on every draw.
    draw(c, "device_code_panel_with_qr", &panel);
}

fn keys(c: &mut Criterion) {
    let key = |code| Action::Key(KeyEvent::new(code, KeyModifiers::NONE));
    c.bench_function("update/home_down", |b| {
        let mut a = app(Screen::Home);
        let mut down = true;
        b.iter(|| {
            // Alternate so the selection never sticks at an end of the menu.
            down = !down;
            update(&mut a, key(if down { KeyCode::Down } else { KeyCode::Up }))
        })
    });
    c.bench_function("update/type_in_password", |b| {
        let mut a = app(Screen::SignIn);

        b.iter(|| {
            let cmds = update(&mut a, key(KeyCode::Char('x')));
            let page = a.find_mut::<SignInPage>().unwrap();
            let password = page.form.get_mut(SignInField::Password);
            if password.value().len() > 64 {
                password.clear();
            }
            cmds
        })
    });
    c.bench_function("update/browse_100k_page_down", |b| {
        let mut a = app(Screen::Browse);
        b.iter(|| {
            let cmds = update(&mut a, key(KeyCode::PageDown));
            let list = &mut a.find_mut::<BrowsePage>().unwrap().list;
            if list.selected() > 99_000 {
                let _ = list.select(0);
            }
            cmds
        })
    });
}

fn decoding(c: &mut Criterion) {
    let results: Vec<_> = (0..10_000u64)
        .map(|i| serde_json::json!({"id": format!("5eed0000-0001-4000-8000-{i:012x}"), "name": vb365_tui::sim::mailbox_name(i), "email": format!("user{i}@contoso.onmicrosoft.com"), "isArchive": false, "isPublic": false}))
        .collect();
    let body =
        serde_json::to_vec(&serde_json::json!({"offset": 0, "limit": 10000, "results": results}))
            .unwrap();
    c.bench_function("decode/mailboxes_page_10000", |b| {
        b.iter(|| serde_json::from_slice::<Page<Mailbox>>(black_box(&body)).unwrap())
    });
}

fn paging(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (handle, client, session_id) = rt.block_on(async {
        let handle = vb365_tui::sim::start(vb365_tui::sim::SimConfig {
            mailboxes: 100_000,
            ..Default::default()
        })
        .await
        .unwrap();
        let client = Client::new(ClientConfig::new(
            &handle.base_url,
            TrustMode::Pinned(handle.fingerprint.unwrap()),
        ))
        .unwrap();
        client.detect_and_select().await.unwrap();
        client
            .sign_in_password("administrator", &SecretString::from("veeam-demo"))
            .await
            .unwrap();
        let org = client.organizations().await.unwrap()[0].id.clone().unwrap();
        let opts = vb365_tui::api::models::ExploreOptions {
            kind: Some(vb365_tui::api::models::RestoreType::Vex),
            ..Default::default()
        };
        let s = client.explore_organization(&org, &opts).await.unwrap();
        (handle, client, s.id)
    });
    let mut group = c.benchmark_group("sim");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("page_through_100000_mailboxes", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let client = client.clone();
            let id = session_id.clone();
            async move {
                let start = Instant::now();
                for _ in 0..iters {
                    let mut pager = vb365_tui::api::pager::Pager::<Mailbox>::new(
                        client.clone(),
                        &id,
                        Listing::Mailboxes,
                        10_000,
                    );
                    let mut n = 0;
                    while let Some(page) = pager.next_page().await.unwrap() {
                        n += page.len();
                    }
                    assert_eq!(n, 100_000);
                }
                start.elapsed()
            }
        })
    });
    group.finish();
    drop(handle);
}

criterion_group!(benches, screens, keys, decoding, paging);
criterion_main!(benches);
