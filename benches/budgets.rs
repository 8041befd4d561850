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
use tui_input::Input;
use vb365_tui::api::models::{
    Mailbox, Organization, Page, Region, RestoreSession, RestoreSessionEvent,
};
use vb365_tui::api::{
    ApiVersion, CertificateInfo, Client, ClientConfig, Fingerprint, Listing, SessionInfo,
    SignInKind, TrustMode,
};
use vb365_tui::app::action::Action;
use vb365_tui::app::org_wizard::Wizard;
use vb365_tui::app::restore::items_from;
use vb365_tui::app::state::{
    App, Browser, CodePanel, CodePurpose, Screen, ServerInfo, SessionScreen, TrustPrompt,
};
use vb365_tui::app::update::update;
use vb365_tui::config::Config;
use vb365_tui::poll::{CodeState, Pending};

fn org(i: u64) -> Organization {
    serde_json::from_value(serde_json::json!({
        "id": format!("5eed0000-000a-4000-8000-{i:012x}"),
        "name": format!("tenant{i}.onmicrosoft.com"),
        "type": "Office365", "region": "Worldwide",
        "isExchangeOnline": true, "isSharePointOnline": true, "isTeamsOnline": i.is_multiple_of(2),
        "isBackedup": true, "lastBackuptime": "2026-11-21T22:00:00.0000000Z",
        "exchangeOnlineSettings": { "officeOrganizationName": format!("tenant{i}.onmicrosoft.com"), "useApplicationOnlyAuth": true }
    }))
    .unwrap()
}

fn session() -> RestoreSession {
    serde_json::from_value(serde_json::json!({
        "id": "5eed0000-0015-4000-8000-000000000001", "name": "Exchange restore of tenant0.onmicrosoft.com (latest)",
        "organization": "tenant0.onmicrosoft.com", "type": "Vex", "creationTime": "2026-11-22T10:00:00.0000000Z",
        "endTime": "9999-12-31T23:59:59.9999999Z", "state": "Working", "result": "Success",
        "initiatedBy": "administrator", "clientHost": "10.0.0.15", "reason": ""
    }))
    .unwrap()
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

/// A signed-in app on a given screen, with realistic content and no network.
fn app(screen: Screen) -> App {
    let mut a = App::new(Config::default(), TrustMode::System);
    a.connect.server = Input::new("https://vbo01.corp.local:4443".into());
    a.server = Some(ServerInfo {
        url: "https://vbo01.corp.local:4443".into(),
        version: Some(ApiVersion::V8),
        build: Some("8.1.0.305".into()),
        trust: TrustMode::Pinned(Fingerprint([0xAB; 32])),
    });
    a.session = Some(SessionInfo {
        user_name: "administrator".into(),
        kind: SignInKind::Administrator,
        expires_utc: chrono::Utc::now(),
    });
    a.sign_in.user = Input::new("administrator".into());
    a.screen = screen;
    a.orgs.items = (0..40).map(org).collect();
    a.orgs.loaded = true;
    a.wizard = Some(Wizard::new(ApiVersion::V8));
    a.sessions.items = (0..40).map(|_| session()).collect();
    a.sessions.loaded = true;
    a.session_view = Some(SessionScreen {
        session: session(),
        events: events(60),
        watching: true,
        confirm_stop: false,
        stopping: false,
        org: Some(org(0)),
        restore_code: None,
        error: None,
        scroll: 0,
    });
    if screen == Screen::Browse {
        a.browser = Some(browser_100k());
    }
    a
}

fn pending_panel() -> CodePanel {
    CodePanel {
        id: 1,
        purpose: CodePurpose::Check {
            region: Region::Worldwide,
        },
        title: "Microsoft 365 sign-in for contoso.onmicrosoft.com".into(),
        state: CodeState::Pending(Pending {
            user_code: "ABCD23XYZ".into(),
            url: "https://microsoft.com/devicelogin".into(),
            url_complete: None,
            deadline: std::time::Instant::now() + Duration::from_secs(900),
            interval: Duration::from_secs(5),
            last_check: Some(chrono::Local::now()),
            slowed_down: false,
            manual: false,
            trouble: None,
        }),
        inverted: false,
    }
}

fn browser_100k() -> Browser {
    let mut b = Browser::new("s".into(), Listing::Mailboxes, 200, 1);
    b.total = Some(100_000);
    b.selected = 54_321;
    for p in 0..500u64 {
        let results: Vec<_> = (p * 200..p * 200 + 200)
            .map(|i| serde_json::json!({"id": format!("5eed0000-0001-4000-8000-{i:012x}"), "name": vb365_tui::sim::mailbox_name(i), "email": format!("user{i}@contoso.onmicrosoft.com")}))
            .collect();
        b.pages.insert(
            p,
            items_from(
                &Listing::Mailboxes,
                serde_json::json!({ "results": results }),
            ),
        );
    }
    b
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
    connect.session = None;
    draw(c, "connect", &connect);
    let mut trust = app(Screen::Connect);
    trust.trust_prompt = Some(TrustPrompt {
        cert: CertificateInfo {
            subject: "CN=vbo01.corp.local".into(),
            issuer: "CN=vbo01.corp.local".into(),
            not_before: "2025-01-01 00:00:00 UTC".into(),
            not_after: "2035-01-01 00:00:00 UTC".into(),
            fingerprint: Fingerprint([0xCD; 32]),
        },
        reason: "it is not signed by a trusted authority".into(),
    });
    draw(c, "trust_prompt", &trust);
    draw(c, "sign_in", &app(Screen::SignIn));
    draw(c, "home", &app(Screen::Home));
    let mut help = app(Screen::Home);
    help.help_open = true;
    draw(c, "help", &help);
    draw(c, "organizations", &app(Screen::Organizations));
    draw(c, "add_organization", &app(Screen::AddOrganization));
    let mut explore = app(Screen::Explore);
    vb365_tui::app::restore::open_form(&mut explore, Some(org(0)));
    draw(c, "explore", &explore);
    draw(c, "session", &app(Screen::Session));
    draw(c, "sessions", &app(Screen::Sessions));
    draw(c, "browse_100k_rows", &app(Screen::Browse));
    let mut panel = app(Screen::DeviceCode);
    panel.code = Some(pending_panel());
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
        a.sign_in.focus = vb365_tui::app::state::SignInField::Password;
        b.iter(|| {
            let cmds = update(&mut a, key(KeyCode::Char('x')));
            if a.sign_in.password.value().len() > 64 {
                a.sign_in.password.clear();
            }
            cmds
        })
    });
    c.bench_function("update/browse_100k_page_down", |b| {
        let mut a = app(Screen::Browse);
        b.iter(|| {
            let cmds = update(&mut a, key(KeyCode::PageDown));
            if a.browser.as_ref().unwrap().selected > 99_000 {
                a.browser.as_mut().unwrap().selected = 0;
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
