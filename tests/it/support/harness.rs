//! The app driven by keys against a live simulator, drawn on a `TestBackend`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vb365_tui::api::TrustMode;
use vb365_tui::app::action::Action;
use vb365_tui::app::code_panel::CodePanel;
use vb365_tui::app::modals::Modal;
use vb365_tui::app::onboarding::Wizard;
use vb365_tui::app::pages::Screen;
use vb365_tui::app::pages::add_organization::AddOrganizationPage;
use vb365_tui::app::pages::browse::BrowsePage;
use vb365_tui::app::pages::connect::ConnectPage;
use vb365_tui::app::pages::new_restore_session::NewRestoreSessionPage;
use vb365_tui::app::pages::organizations::OrganizationsPage;
use vb365_tui::app::pages::restore_session::RestoreSessionPage;
use vb365_tui::app::pages::sign_in::SignInPage;
use vb365_tui::app::shared::Shared;
use vb365_tui::app::{App, update};
use vb365_tui::config::Config;
use vb365_tui::runtime::Executor;
use vb365_tui::sim::{self, SimConfig, SimHandle};

pub struct Harness {
    pub app: App,
    pub exec: Executor,
    pub sim: SimHandle,
    pub tx: tokio::sync::mpsc::UnboundedSender<Action>,
    pub rx: tokio::sync::mpsc::UnboundedReceiver<Action>,
}

/// The moment every flow test runs at, shown in UTC: the app, its client and the simulator
/// read it, so screens with times are the same on every machine and every day.
pub fn test_clock() -> vb365_tui::clock::Clock {
    use chrono::TimeZone;
    let at = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap();
    vb365_tui::clock::Clock::fixed(at, chrono::FixedOffset::east_opt(0).unwrap())
}

impl Harness {
    pub async fn new(trust: TrustMode, config: Config) -> Harness {
        Harness::with_sim(SimConfig::default(), trust, config, None).await
    }

    /// An app against a simulator of the given configuration; `config_path` is where it may
    /// save its configuration.
    pub async fn with_sim(
        sim_config: SimConfig,
        trust: TrustMode,
        config: Config,
        config_path: Option<std::path::PathBuf>,
    ) -> Harness {
        let sim = sim::start(SimConfig {
            record: true,
            clock: test_clock(),
            ..sim_config
        })
        .await
        .unwrap();
        let mut shared = Shared::new(config, trust);
        shared.clock = test_clock();
        shared.demo = true;
        shared.start.server = sim.base_url.clone();
        shared.start.user = "administrator".into();
        shared.start.hint = Some(("administrator".into(), "veeam-demo".into()));
        shared.start.authority = sim.base_url.clone();
        shared.start.tenant = "contoso.onmicrosoft.com".into();
        let app = App::new(shared);
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        Harness {
            app,
            exec: Executor::new(config_path).with_clock(test_clock()),
            sim,
            tx,
            rx,
        }
    }

    pub async fn demo() -> Harness {
        Harness::new(TrustMode::System, Config::default()).await
    }

    /// Dispatches an action and runs every command it leads to, to completion.
    pub async fn dispatch(&mut self, action: Action) {
        let mut queue = vec![action];
        while let Some(a) = queue.pop() {
            for cmd in update(&mut self.app, a) {
                if let Some(next) = self.exec.run(cmd, &self.tx).await {
                    queue.push(next);
                }
            }
        }
    }

    /// Feeds background updates (device codes) to the app until `done` or a timeout.
    pub async fn pump_until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
        while !done(&self.app) {
            let next = tokio::time::timeout_at(deadline, self.rx.recv()).await;
            match next {
                Ok(Some(action)) => self.dispatch(action).await,
                _ => panic!(
                    "timed out waiting for {what}; screen:\n{}",
                    self.render(100, 30)
                ),
            }
        }
    }

    /// Feeds whatever background updates arrive during `window`.
    pub async fn pump_for(&mut self, window: std::time::Duration) {
        let until = tokio::time::Instant::now() + window;
        while let Ok(Some(action)) = tokio::time::timeout_at(until, self.rx.recv()).await {
            self.dispatch(action).await;
        }
    }

    /// Waits for the device code to be shown and returns its user code.
    pub async fn pending_code(&mut self) -> String {
        self.pump_until("a code", |a| {
            a.code_panel().is_some_and(|c| c.state.pending().is_some())
        })
        .await;
        let code = self.app.code_panel().and_then(|c| c.state.pending());
        code.expect("a pending code").user_code.clone()
    }

    /// A key whose commands are held back, to draw the state before their results arrive.
    pub fn key_held(&mut self, code: KeyCode) -> Vec<vb365_tui::app::command::Command> {
        update(
            &mut self.app,
            Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        )
    }

    pub async fn run_held(&mut self, cmds: Vec<vb365_tui::app::command::Command>) {
        for cmd in cmds {
            if let Some(next) = self.exec.run(cmd, &self.tx).await {
                self.dispatch(next).await;
            }
        }
    }

    pub async fn key(&mut self, code: KeyCode) {
        self.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
            .await;
    }

    /// Presses keys written as the keymap writes them, one after another:
    /// `press("Space Space R")`, `press("Tab Tab Enter")`, `press("Ctrl-C")`.
    pub async fn press(&mut self, keys: &str) {
        for name in keys.split_whitespace() {
            let key = vb365_tui::app::keymap::Key::parse(name)
                .unwrap_or_else(|| panic!("{name:?} is not a key as the keymap writes them"));
            self.dispatch(Action::Key(key.to_event())).await;
        }
    }

    pub async fn ctrl(&mut self, c: char) {
        self.dispatch(Action::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
        .await;
    }

    pub async fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c)).await;
        }
    }

    pub async fn reach_sign_in(&mut self) {
        self.key(KeyCode::Enter).await;
        assert!(
            self.trust_prompt(),
            "the self-signed certificate is not trusted"
        );
        self.key(KeyCode::Char('o')).await;
        assert_eq!(self.app.screen(), Screen::SignIn);
    }

    pub async fn reach_home(&mut self) {
        self.reach_sign_in().await;
        self.type_text("veeam-demo").await;
        self.key(KeyCode::Enter).await;
        assert_eq!(
            self.app.screen(),
            Screen::Home,
            "{:?}",
            self.sign_in().error
        );
    }

    pub fn connect(&self) -> &ConnectPage {
        self.app.find::<ConnectPage>().expect("the connect page")
    }
    pub fn connect_mut(&mut self) -> &mut ConnectPage {
        self.app
            .find_mut::<ConnectPage>()
            .expect("the connect page")
    }
    pub fn sign_in(&self) -> &SignInPage {
        self.app.find::<SignInPage>().expect("a sign-in page")
    }
    pub fn sign_in_mut(&mut self) -> &mut SignInPage {
        self.app.find_mut::<SignInPage>().expect("a sign-in page")
    }
    pub fn orgs(&self) -> &OrganizationsPage {
        self.app
            .find::<OrganizationsPage>()
            .expect("an organizations page")
    }
    /// The wizard on screen, or the draft kept when it was left.
    pub fn wizard(&self) -> Option<&Wizard> {
        match self.app.find::<AddOrganizationPage>() {
            Some(p) => p.wizard.as_ref(),
            None => self.app.shared.memory.organization_draft(),
        }
    }
    pub fn wizard_mut(&mut self) -> Option<&mut Wizard> {
        self.app
            .find_mut::<AddOrganizationPage>()
            .and_then(|p| p.wizard.as_mut())
    }
    pub fn code(&self) -> Option<&CodePanel> {
        self.app.code_panel()
    }
    pub fn browser(&self) -> Option<&BrowsePage> {
        self.app.find::<BrowsePage>()
    }
    pub fn session_view(&self) -> Option<&RestoreSessionPage> {
        self.app.find::<RestoreSessionPage>()
    }
    pub fn explore(&self) -> Option<&NewRestoreSessionPage> {
        self.app.find::<NewRestoreSessionPage>()
    }
    pub fn explore_mut(&mut self) -> Option<&mut NewRestoreSessionPage> {
        self.app.find_mut::<NewRestoreSessionPage>()
    }
    /// The error modal's text, if one is open.
    pub fn error(&self) -> Option<String> {
        self.app.modals.iter().rev().find_map(|m| match m {
            Modal::Error(e) => Some(e.clone()),
            _ => None,
        })
    }
    pub fn trust_prompt(&self) -> bool {
        matches!(self.app.modal(), Some(Modal::Trust { .. }))
    }
    pub fn leave_prompt(&self) -> bool {
        matches!(self.app.modal(), Some(Modal::Leave(_)))
    }
    pub fn quit_confirm(&self) -> bool {
        matches!(self.app.modal(), Some(Modal::Busy(_)))
    }

    /// A picture of the screen for the README (`assets/pictures/NAME.svg`), with what changes
    /// from run to run fixed: the port, the fingerprint, the QR code's link (times need
    /// nothing: the clock is [`test_clock`]). The committed picture must be the one drawn now,
    /// so the README cannot go stale; `VB365_UPDATE_PICTURES=1` writes it instead.
    pub fn picture(&mut self, name: &str, w: u16, h: u16) {
        self.picture_with(name, w, h, &|line| line);
    }

    /// A picture with lines masked by `mask` as well (it must keep each line's length).
    pub fn picture_with(&mut self, name: &str, w: u16, h: u16, mask: &dyn Fn(String) -> String) {
        // The pictures are in colour; a run under NO_COLOR draws none to compare.
        if !vb365_tui::ui::theme::Theme::current().color {
            return;
        }
        self.app.shared.size = (w, h);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| vb365_tui::ui::draw(f, &self.app))
            .unwrap();
        let mut buf = terminal.backend().buffer().clone();
        for y in 0..h {
            let line: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
            let masked = mask(redact(&line, &self.sim));
            // Masks keep the length: write the masked characters back, styles unchanged.
            if masked != line && masked.chars().count() == line.chars().count() {
                for (x, c) in masked.chars().enumerate() {
                    buf[(x as u16, y)].set_symbol(&c.to_string());
                }
            }
        }
        self.fixed_qr(&mut buf);
        let svg = super::svg::render(&buf, &format!("vb365-tui: {name}"));
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/pictures")
            .join(format!("{name}.svg"));
        if std::env::var_os("VB365_UPDATE_PICTURES").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, svg).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == svg,
            "{} is not what the app draws now: run VB365_UPDATE_PICTURES=1 cargo test --test it \
             and look at the picture before committing it",
            path.display()
        );
    }

    /// Redraws a QR code on screen with its link's port masked, so the picture is the same
    /// every run (the masked link has the same length, so the same size of symbol).
    fn fixed_qr(&self, buf: &mut ratatui::buffer::Buffer) {
        use ratatui::style::Color;
        use vb365_tui::ui::widgets::{device_code, qr::Modules};
        let Some(panel) = self.app.code_panel() else {
            return;
        };
        let Some(pending) = panel.state.pending() else {
            return;
        };
        let module = |c: &ratatui::buffer::Cell| {
            c.symbol() == "▀"
                && matches!(c.fg, Color::Black | Color::White)
                && matches!(c.bg, Color::Black | Color::White)
        };
        let area = buf.area;
        let origin = (area.top()..area.bottom())
            .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
            .find(|&(x, y)| module(&buf[(x, y)]));
        let Some((x, y)) = origin else { return };
        let link = redact(device_code::link(pending), &self.sim);
        if let Some(m) = Modules::encode(&link) {
            let (w, h) = m.cells();
            let rect = ratatui::layout::Rect::new(x, y, w, h).intersection(area);
            m.render(rect, buf, panel.inverted, true);
        }
    }

    /// The screen as text, with the random port and certificate fingerprint masked.
    pub fn render(&mut self, w: u16, h: u16) -> String {
        self.app.shared.size = (w, h);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| vb365_tui::ui::draw(f, &self.app))
            .unwrap();
        let buf = terminal.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..h {
            let mut line = String::new();
            for x in 0..w {
                line.push_str(buf[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        redact(&out, &self.sim)
    }
}

pub fn redact(text: &str, sim: &SimHandle) -> String {
    let port = sim.addr.port().to_string();
    let fp = sim.fingerprint.unwrap().to_string();
    let mask = |s: &str| {
        s.chars()
            .map(|c| if c == ':' { ':' } else { '#' })
            .collect::<String>()
    };
    let mut out = text.replace(&format!(":{port}"), &format!(":{}", "P".repeat(port.len())));
    for piece in [
        fp.clone(),
        fp[..47].to_string(),
        fp[48..].to_string(),
        fp[..8].to_string(),
    ] {
        out = out.replace(&piece, &mask(&piece));
    }
    out
}
