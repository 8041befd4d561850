//! The secrets audit: a whole tour with distinctive secret values, then a search of everything
//! the app leaves behind (log at TRACE, configuration file, every screen drawn, `Debug` of its
//! state) for any secret, token or assertion.

use crate::support;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use crossterm::event::KeyCode;
use support::harness::Harness;
use support::pfx;
use tui_input::Input;
use vb365_tui::api::TrustMode;
use vb365_tui::app::onboarding::{AuthField, Service, WizardKey};
use vb365_tui::app::pages::Screen;
use vb365_tui::app::pages::restore::{RestoreKey, RestorePage};
use vb365_tui::config::Config;
use vb365_tui::sim::SimConfig;

const ADMIN_PASSWORD: &str = "Zebra-Admin-Pw-7731";
const ACCOUNT_PASSWORD: &str = "Quokka-Account-Pw-5519";
const APP_SECRET: &str = "Narwhal-App-Secret-2287";
const CERT_PASSWORD: &str = "Ibex-Pfx-Pw-9043";
const APP: &str = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
const RESTORE_PASSWORD: &str = "Okapi-Restore-Pw-6620";
const RESTORE_PFX_PASSWORD: &str = "Tapir-Restore-Pfx-4418";
const EDIT_PASSWORD: &str = "Gecko-Edit-Pw-3371";
const EDIT_SECRET: &str = "Marmot-Edit-Secret-8802";

#[derive(Clone)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything logged in this process, at TRACE, from every crate.
fn log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = Sink(buf.clone());
        tracing_subscriber::fmt()
            .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .init();
        buf
    })
    .clone()
}

/// What the operator could see and what stays behind, gathered as the tour goes.
#[derive(Default)]
struct Evidence {
    screens: String,
    debug: String,
    tokens: Vec<String>,
}

impl Evidence {
    fn look(&mut self, h: &mut Harness) {
        for (w, ht) in [(80, 24), (200, 60)] {
            self.screens.push_str(&h.render(w, ht));
        }
        self.debug.push_str(&format!("{:?}\n", h.app));
        self.tokens.extend(tokens(h));
    }
}

/// The tokens the simulator has issued and still honours (sign-out revokes them, so they are
/// gathered as the tour goes).
fn tokens(h: &Harness) -> Vec<String> {
    let st = h.sim.sim.state();
    st.tokens
        .keys()
        .chain(st.refresh_tokens.keys())
        .chain(st.ms_tokens.keys())
        .cloned()
        .collect()
}

/// Opens the wizard, fills it, and presses Enter through its steps until it is submitted.
async fn add_organization(
    h: &mut Harness,
    seen: &mut Evidence,
    fill: impl FnOnce(&mut vb365_tui::app::onboarding::Wizard),
) {
    h.key(KeyCode::Char(':')).await;
    h.type_text("add org").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::AddOrganization);
    fill(h.wizard_mut().unwrap());
    for _ in 0..8 {
        seen.look(h);
        if h.app.screen() != Screen::AddOrganization {
            break;
        }
        h.key(KeyCode::Enter).await;
    }
    let screen = h.render(120, 40);
    assert_eq!(
        h.app.screen(),
        Screen::Organizations,
        "not submitted:\n{screen}"
    );
    h.key(KeyCode::Esc).await;
}

async fn browse_loaded(h: &mut Harness) {
    h.pump_until("a page of the list", |a| {
        a.find::<vb365_tui::app::pages::browse::BrowsePage>()
            .is_some_and(|b| b.list.loaded() > 0 || b.list.error().is_some())
    })
    .await;
}

fn set(w: &mut vb365_tui::app::onboarding::Wizard, key: WizardKey, text: &str) {
    w.field_mut(key).input = Input::new(text.into());
}

fn exo(f: AuthField) -> WizardKey {
    WizardKey::Auth(Service::Exchange, f)
}

#[tokio::test]
async fn no_secret_reaches_a_log_a_file_the_screen_or_debug_output() {
    // The log is the whole process's: the tour runs alone in a process of its own.
    if !support::alone("secrets::no_secret_reaches_a_log_a_file_the_screen_or_debug_output") {
        return;
    }
    let log = log();
    let dir = std::env::temp_dir().join(format!("vb365-secrets-{}", std::process::id()));
    let config_path = dir.join("config.toml");
    let mut h = Harness::with_sim(
        SimConfig {
            password: ADMIN_PASSWORD.into(),
            ..SimConfig::default()
        },
        TrustMode::System,
        Config::default(),
        Some(config_path.clone()),
    )
    .await;
    h.app.shared.start.hint = None;
    // Finished tasks go to the record file, which is searched too.
    let record_path = dir.join("tasks.jsonl");
    h.exec = h.exec.clone().with_record(Some(record_path.clone()));
    let mut seen = Evidence::default();

    // Administrator sign-in, the certificate trusted and remembered (the file is written).
    h.key(KeyCode::Enter).await;
    assert!(h.trust_prompt());
    h.key(KeyCode::Char('a')).await;
    assert_eq!(h.app.screen(), Screen::SignIn);
    h.type_text(ADMIN_PASSWORD).await;
    seen.look(&mut h);
    assert!(seen.screens.contains(&"•".repeat(ADMIN_PASSWORD.len())));
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Home, "{:?}", h.sign_in().error);
    seen.look(&mut h);

    // Organizations with an account password and an application secret, then with a
    // certificate and its password.
    add_organization(&mut h, &mut seen, |w| {
        w.field_mut(exo(AuthField::Mode)).choice = 2;
        set(w, exo(AuthField::Organization), "adatum.onmicrosoft.com");
        set(w, exo(AuthField::Account), "backup@adatum.onmicrosoft.com");
        set(w, exo(AuthField::Password), ACCOUNT_PASSWORD);
        set(w, exo(AuthField::AppId), APP);
        set(w, exo(AuthField::Secret), APP_SECRET);
    })
    .await;
    let path = pfx("secrets", CERT_PASSWORD);
    add_organization(&mut h, &mut seen, |w| {
        w.field_mut(exo(AuthField::Mode)).choice = 1;
        set(w, exo(AuthField::Organization), "northwind.onmicrosoft.com");
        set(w, exo(AuthField::AppId), APP);
        set(w, exo(AuthField::CertPath), &path);
        set(w, exo(AuthField::CertPassword), CERT_PASSWORD);
    })
    .await;

    // The first one edited: a new account password and a new application secret.
    h.key(KeyCode::Char(':')).await;
    h.type_text("organizations").await;
    h.press("Enter / ").await;
    h.type_text("adatum").await;
    h.press("Enter Enter e").await;
    h.pump_until("the filled form", |a| {
        a.find::<vb365_tui::app::pages::add_organization::AddOrganizationPage>()
            .is_some_and(|p| p.wizard.is_some())
    })
    .await;
    {
        let w = h.wizard_mut().unwrap();
        set(w, exo(AuthField::Password), EDIT_PASSWORD);
        set(w, exo(AuthField::Secret), EDIT_SECRET);
    }
    for _ in 0..4 {
        seen.look(&mut h);
        if h.app.screen() != Screen::AddOrganization {
            break;
        }
        h.key(KeyCode::Enter).await;
    }
    h.pump_until("the edit saved", |a| a.screen() == Screen::Organization)
        .await;
    seen.look(&mut h);
    assert_eq!(h.sim.sim.request_count(Some("PUT"), "/organizations/"), 1);

    // A restore session.
    h.app.shared.status.text = None;
    h.press(": ").await;
    h.type_text("home").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Home);
    h.press("Down Enter Home Enter x").await;
    assert_eq!(h.app.screen(), Screen::NewRestoreSession);
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::RestoreSession);
    h.pump_until("events", |a| {
        a.find::<vb365_tui::app::pages::restore_session::RestoreSessionPage>()
            .as_ref()
            .is_some_and(|v| !v.events.is_empty())
    })
    .await;
    seen.look(&mut h);

    // Into a mailbox: a server search, an item's details, a download with the save form and
    // the Tasks page (the token goes with every request and the file).
    h.app.shared.start.download_dir = dir.clone();
    std::fs::create_dir_all(&dir).unwrap();
    h.key(KeyCode::Char('b')).await;
    browse_loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // a mailbox's folders
    browse_loaded(&mut h).await;
    h.key(KeyCode::Char('S')).await;
    h.type_text("budget").await;
    seen.look(&mut h);
    h.key(KeyCode::Enter).await;
    browse_loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // an item's details
    seen.look(&mut h);
    h.press("Esc s").await;
    assert_eq!(h.app.screen(), Screen::Save);
    seen.look(&mut h);
    h.key(KeyCode::Enter).await;
    h.pump_until("the download", |a| {
        a.shared.tasks.len() == 1 && a.shared.tasks.running() == 0
    })
    .await;
    h.key(KeyCode::Char('t')).await;
    assert_eq!(h.app.screen(), Screen::Tasks);
    seen.look(&mut h);
    h.key(KeyCode::Esc).await;

    // Restores of the found item: with a user name and password, then with a certificate
    // (the PFX file's Base64 is a secret too).
    let restore_pfx = pfx("secrets-restore", RESTORE_PFX_PASSWORD);
    let pfx_base64 = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(std::fs::read(&restore_pfx).unwrap())
    };
    for (kind, fill) in [(2usize, "password"), (1, "certificate")] {
        h.key(KeyCode::Char('R')).await;
        assert_eq!(h.app.screen(), Screen::Restore);
        let page = h.app.find_mut::<RestorePage>().unwrap();
        page.form.get_mut(RestoreKey::Credential).choice = kind;
        let typed = |p: &mut RestorePage, k, text: &str| {
            p.form.get_mut(k).input = Input::new(text.into());
        };
        if fill == "password" {
            typed(page, RestoreKey::User, "restore@contoso.onmicrosoft.com");
            typed(page, RestoreKey::Password, RESTORE_PASSWORD);
        } else {
            typed(page, RestoreKey::AppId, APP);
            typed(page, RestoreKey::CertFile, &restore_pfx);
            typed(page, RestoreKey::CertPassword, RESTORE_PFX_PASSWORD);
        }
        seen.look(&mut h);
        h.key(KeyCode::Enter).await;
        h.pump_until("the confirmation", |a| {
            a.find::<RestorePage>()
                .is_some_and(|p| p.confirming.is_some())
        })
        .await;
        seen.look(&mut h);
        h.key(KeyCode::Enter).await;
    }
    h.pump_until("the restores", |a| {
        a.shared.tasks.len() == 3 && a.shared.tasks.running() == 0
    })
    .await;
    h.key(KeyCode::Char('t')).await;
    let restored = h.render(120, 40);
    assert!(restored.matches("restored").count() >= 2, "{restored}");
    seen.look(&mut h);
    for _ in 0..4 {
        h.key(KeyCode::Esc).await;
    }
    assert_eq!(h.app.screen(), Screen::RestoreSession);

    // Sign out, then a tenant signs in with a device code (a Microsoft token and a
    // jwt-bearer assertion change hands).
    h.press("y :").await;
    h.type_text("sign out").await;
    h.key(KeyCode::Enter).await;
    if h.leave_prompt() {
        h.key(KeyCode::Char('s')).await;
    }
    h.pump_until("the sign-in screen", |a| a.screen() == Screen::SignIn)
        .await;
    h.key(KeyCode::F(2)).await;
    h.key(KeyCode::Enter).await;
    let code = h.pending_code().await;
    assert!(h.sim.sim.decide(&code, true));
    h.pump_until("the tenant session", |a| a.screen() == Screen::Home)
        .await;
    seen.look(&mut h);

    // Every secret and every token that changed hands.
    let mut secrets: Vec<String> = [
        ADMIN_PASSWORD,
        ACCOUNT_PASSWORD,
        APP_SECRET,
        CERT_PASSWORD,
        RESTORE_PASSWORD,
        RESTORE_PFX_PASSWORD,
        EDIT_PASSWORD,
        EDIT_SECRET,
        &pfx_base64,
    ]
    .map(String::from)
    .to_vec();
    secrets.extend(seen.tokens.iter().cloned());
    secrets.extend(tokens(&h));
    secrets.sort();
    secrets.dedup();
    // Administrator and tenant access and refresh tokens, the Microsoft token (the assertion).
    assert!(
        secrets.len() >= 4 + 5,
        "tokens were issued: {}",
        secrets.len()
    );

    let config = std::fs::read_to_string(&config_path).expect("the configuration was saved");
    let record = std::fs::read_to_string(&record_path).expect("the tasks were recorded");
    assert_eq!(
        record.lines().count(),
        3,
        "a download and two restores: {record}"
    );
    let log = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "the log was captured"
    );
    // The audit lines are there: sign-ins, organizations, the session, restores, the file.
    for said in [
        "signed in: administrator (VB365 administrator)",
        "organization added: adatum.onmicrosoft.com",
        "organization edited: ",
        "restore session started:",
        "restore sent: Restore",
        "restore restored:",
        "save saved:",
        "(tenant ",
    ] {
        assert!(
            log.lines().any(|l| l.contains("audit") && l.contains(said)),
            "an audit line with {said:?}"
        );
    }
    for secret in &secrets {
        for (place, text) in [
            ("the log", &log),
            ("the configuration file", &config),
            ("the task record", &record),
            ("a screen", &seen.screens),
            ("Debug output", &seen.debug),
        ] {
            assert!(!text.contains(secret.as_str()), "{place} contains a secret");
        }
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&config_path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "configuration file mode");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&path);
}
