//! The runtime: one event loop over terminal events, task results, signals and a timer
//! that exists only while something animates; and the executor that turns commands into
//! tasks whose results come back as actions.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

use super::action::Action;
use super::command::{AssertionGrant, CodeSpec, Command};
use super::state::App;
use super::update::update;
use crate::api::{Client, ClientConfig, TrustMode};
use crate::config::{Config, Profile};
use crate::identity::{DEFAULT_SCOPE, IdentityClient};
use crate::poll::{self, MicrosoftSource, Source, Vb365Source};

/// Runs commands. Cheap to clone; clones share the client.
#[derive(Clone)]
pub struct Executor {
    client: Arc<Mutex<Option<Client>>>,
    refresher: Arc<Mutex<Option<tokio::task::JoinHandle<()>>>>,
    /// The restore-session watcher, when one runs.
    watch: Arc<Mutex<Option<tokio_util::sync::CancellationToken>>>,
    /// Running device-code engines, by panel id.
    codes: Arc<Mutex<std::collections::HashMap<u64, tokio_util::sync::CancellationToken>>>,
    /// Where remembered fingerprints go; `None` in demo mode (nothing is written).
    config_path: Option<PathBuf>,
}

impl Executor {
    pub fn new(config_path: Option<PathBuf>) -> Self {
        Executor {
            client: Arc::default(),
            refresher: Arc::default(),
            codes: Arc::default(),
            watch: Arc::default(),
            config_path,
        }
    }

    pub fn client(&self) -> Option<Client> {
        self.client.lock().ok().and_then(|c| c.clone())
    }

    /// How many device-code engines are running.
    pub fn running_codes(&self) -> usize {
        self.codes.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// Runs one command to completion and returns the action it produces. Commands that
    /// report more than once (device codes) send their actions on `tx`.
    pub async fn run(&self, cmd: Command, tx: &mpsc::UnboundedSender<Action>) -> Option<Action> {
        match cmd {
            Command::StartCode { id, spec } => {
                let source = match self.source(spec) {
                    Ok(s) => s,
                    Err(reason) => {
                        return Some(Action::Code(poll::CodeUpdate {
                            id,
                            state: poll::CodeState::Failed(reason),
                            token: None,
                        }));
                    }
                };
                let cancel = tokio_util::sync::CancellationToken::new();
                if let Ok(mut codes) = self.codes.lock() {
                    codes.insert(id, cancel.clone());
                }
                let tx = tx.clone();
                let codes = self.codes.clone();
                tokio::spawn(async move {
                    poll::run(id, source, cancel, move |u| {
                        let _ = tx.send(Action::Code(u));
                    })
                    .await;
                    if let Ok(mut c) = codes.lock() {
                        c.remove(&id);
                    }
                });
                None
            }
            Command::StopCode { id } => {
                if let Some(c) = self.codes.lock().ok().and_then(|mut c| c.remove(&id)) {
                    c.cancel();
                }
                None
            }
            Command::SignInAssertion {
                grant,
                client_id,
                assertion,
            } => {
                let client = self.client()?;
                let result = match grant {
                    AssertionGrant::Tenant => client.sign_in_tenant(&client_id, &assertion).await,
                    AssertionGrant::Operator => {
                        client.sign_in_operator(&client_id, &assertion).await
                    }
                };
                Some(match result {
                    Ok(info) => {
                        self.start_refresher(&client);
                        Action::SignedIn(info)
                    }
                    Err(e) => Action::SignInFailed(e),
                })
            }
            Command::Copy { .. } => None,
            Command::Explore { org_id, options } => {
                let client = self.client()?;
                let result = match org_id {
                    Some(id) => client.explore_organization(&id, &options).await,
                    None => client.explore_tenant(&options).await,
                };
                Some(Action::Explored(Box::new(result)))
            }
            Command::WatchSession { id, known_events } => {
                let client = self.client()?;
                let cancel = tokio_util::sync::CancellationToken::new();
                if let Some(old) = self
                    .watch
                    .lock()
                    .ok()
                    .and_then(|mut w| w.replace(cancel.clone()))
                {
                    old.cancel();
                }
                let tx = tx.clone();
                tokio::spawn(poll::watch_session(
                    client,
                    id,
                    known_events,
                    SESSION_WATCH_INTERVAL,
                    cancel,
                    move |r| {
                        let _ = tx.send(Action::Session(Box::new(r)));
                    },
                ));
                None
            }
            Command::StopWatching => {
                if let Some(old) = self.watch.lock().ok().and_then(|mut w| w.take()) {
                    old.cancel();
                }
                None
            }
            Command::StopSession { id } => {
                let client = self.client()?;
                let result = client.stop_restore_session(&id).await;
                Some(Action::SessionStopped { id, result })
            }
            Command::LoadSessions(query) => {
                let client = self.client()?;
                Some(Action::Sessions(
                    client.restore_sessions(&query).await.map(|p| p.results),
                ))
            }
            Command::LoadListing {
                session_id,
                listing,
                page,
                page_size,
                generation,
            } => {
                let client = self.client()?;
                let result = client
                    .listing_page::<serde_json::Value>(
                        &session_id,
                        &listing,
                        page * page_size,
                        page_size,
                    )
                    .await
                    .map(|p| {
                        let total = p.total_count;
                        let raw = serde_json::json!({ "results": p.results });
                        (crate::app::restore::items_from(&listing, raw), total)
                    });
                Some(Action::Listing {
                    generation,
                    page,
                    result,
                })
            }
            Command::LoadOrganizations => {
                let client = self.client()?;
                Some(Action::Organizations(client.organizations().await))
            }
            Command::CreateOrganization(org) => {
                let client = self.client()?;
                let result = client.create_organization(&org).await;
                Some(Action::OrganizationCreated(Box::new(result)))
            }
            Command::ReadCertificates(files) => {
                // Reading files is blocking work: keep it off the event loop.
                let read = tokio::task::spawn_blocking(move || {
                    files
                        .into_iter()
                        .map(|(key, path)| {
                            let r = crate::app::org_wizard::read_certificate(&path);
                            (key, r)
                        })
                        .collect::<Vec<_>>()
                })
                .await
                .unwrap_or_default();
                Some(Action::CertificatesRead(read))
            }
            Command::Connect {
                server,
                trust,
                forced,
            } => {
                let client = match Client::new(ClientConfig::new(&server, trust)) {
                    Ok(c) => c,
                    Err(e) => return Some(Action::ConnectFailed(e)),
                };
                self.stop_refresher();
                if let Ok(mut g) = self.client.lock() {
                    *g = Some(client.clone());
                }
                Some(match client.detect_versions().await {
                    Ok(served) => {
                        let chosen = forced.unwrap_or(*served.last().expect("never empty"));
                        client.set_version(chosen);
                        Action::Detected { served, chosen }
                    }
                    Err(e) => Action::ConnectFailed(e),
                })
            }
            Command::SignIn { user, password } => {
                let client = self.client()?;
                Some(match client.sign_in_password(&user, &password).await {
                    Ok(info) => {
                        self.start_refresher(&client);
                        Action::SignedIn(info)
                    }
                    Err(e) => Action::SignInFailed(e),
                })
            }
            Command::FetchServerBuild => {
                let client = self.client()?;
                let r = if client.version().has_service_instance() {
                    client
                        .service_instance()
                        .await
                        .map(|s| s.version.unwrap_or_else(|| "unknown".into()))
                } else {
                    Ok(format!(
                        "unknown (API {} has no ServiceInstance)",
                        client.version()
                    ))
                };
                Some(Action::ServerBuild(r))
            }
            Command::RememberPin {
                server,
                fingerprint,
                user,
            } => Some(Action::Notice(self.remember(server, fingerprint, user))),
            Command::SignOut => {
                self.stop_refresher();
                if let Some(c) = self.client()
                    && let Err(e) = c.logout().await
                {
                    tracing::info!("sign-out on the server failed: {e}");
                }
                Some(Action::SignedOut)
            }
            Command::Suspend | Command::Quit => None,
        }
    }

    fn remember(
        &self,
        server: String,
        fingerprint: crate::api::Fingerprint,
        user: Option<String>,
    ) -> String {
        let Some(path) = &self.config_path else {
            return "Demo: the certificate is trusted for this session only; nothing is written."
                .into();
        };
        let mut config = match Config::load(path) {
            Ok(c) => c,
            Err(e) => return format!("Could not remember the certificate: {e}"),
        };
        let name = server
            .split("://")
            .nth(1)
            .unwrap_or(&server)
            .split(':')
            .next()
            .unwrap_or(&server)
            .to_string();
        let existing = config
            .profile_for_server(&server)
            .cloned()
            .unwrap_or_default();
        config.upsert(Profile {
            name: if existing.name.is_empty() {
                name
            } else {
                existing.name
            },
            server,
            username: user.or(existing.username),
            api_version: existing.api_version,
            trust: Some("pinned".into()),
            fingerprint: Some(fingerprint.to_string()),
            ca_cert: None,
        });
        match config.save(path) {
            Ok(()) => format!("Certificate remembered in {}", path.display()),
            Err(e) => format!("Could not remember the certificate: {e}"),
        }
    }

    fn start_refresher(&self, client: &Client) {
        let handle = client.spawn_refresher();
        if let Ok(mut g) = self.refresher.lock()
            && let Some(old) = g.replace(handle)
        {
            old.abort();
        }
    }

    /// Builds the source of a device code. The identity platform is trusted like the
    /// VB365 server when both are the same host (the simulator), else by system roots.
    fn source(&self, spec: CodeSpec) -> Result<Box<dyn Source>, String> {
        let client = self.client().ok_or("not connected")?;
        match spec {
            CodeSpec::Vb365(code) => Ok(Box::new(Vb365Source::new(client, code))),
            CodeSpec::Microsoft {
                authority,
                tenant,
                client_id,
            } => {
                let host = |u: &str| {
                    u.split("://")
                        .nth(1)
                        .and_then(|r| r.split('/').next())
                        .map(str::to_ascii_lowercase)
                };
                let trust = if host(&authority) == host(client.base_url()) {
                    client.trust().clone()
                } else {
                    TrustMode::System
                };
                let identity = IdentityClient::new(&authority, &tenant, &client_id, &trust)
                    .map_err(|e| e.to_string())?;
                Ok(Box::new(MicrosoftSource::new(identity, DEFAULT_SCOPE)))
            }
        }
    }

    fn stop_refresher(&self) {
        if let Some(h) = self.refresher.lock().ok().and_then(|mut g| g.take()) {
            h.abort();
        }
    }

    /// Runs a command in the background; its result arrives on `tx`.
    pub fn spawn(&self, cmd: Command, tx: mpsc::UnboundedSender<Action>) {
        let exec = self.clone();
        tokio::spawn(async move {
            if let Some(action) = exec.run(cmd, &tx).await {
                let _ = tx.send(action);
            }
        });
    }
}

/// How often a working restore session is looked at.
pub const SESSION_WATCH_INTERVAL: Duration = Duration::from_secs(3);

/// OSC 52: the terminal (even over SSH) puts the text on the local clipboard.
fn copy_to_clipboard(text: &str) {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}

/// OSC 8: makes the URL already drawn at (x, y) a clickable link where supported.
fn write_hyperlink(x: u16, y: u16, url: &str) {
    let mut out = std::io::stdout();
    let _ = crossterm::queue!(
        out,
        crossterm::cursor::SavePosition,
        crossterm::cursor::MoveTo(x, y)
    );
    let _ = write!(out, "\x1b]8;;{url}\x1b\\{url}\x1b]8;;\x1b\\");
    let _ = crossterm::queue!(out, crossterm::cursor::RestorePosition);
    let _ = out.flush();
}

/// Puts the terminal back as it was: raw mode off, main screen, cursor shown.
pub fn restore_terminal() {
    ratatui::restore();
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(out, crossterm::cursor::Show);
    let _ = out.flush();
}

fn init_terminal() -> DefaultTerminal {
    let terminal = ratatui::init();
    // ratatui's hook restores raw mode and the screen; also show the cursor.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    terminal
}

/// Ctrl-Z: give the terminal back to the shell, stop, and take it again on `fg`.
fn suspend(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    restore_terminal();
    // SAFETY: raising a signal on our own process has no memory-safety preconditions.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    terminal.clear()
}

/// F12 panics and F11 fails with an error (only under `VB365_TUI_DEBUG_FAILURES`).
fn debug_failure(code: crossterm::event::KeyCode) -> color_eyre::Result<()> {
    match code {
        crossterm::event::KeyCode::F(12) => panic!("debug panic requested with F12"),
        crossterm::event::KeyCode::F(11) => {
            Err(color_eyre::eyre::eyre!("debug error requested with F11"))
        }
        _ => Ok(()),
    }
}

/// Runs the app until it quits. The terminal is restored on every way out.
pub async fn run(mut app: App, exec: Executor) -> color_eyre::Result<()> {
    let mut terminal = init_terminal();
    let result = event_loop(&mut terminal, &mut app, exec).await;
    restore_terminal();
    result
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    exec: Executor,
) -> color_eyre::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let mut events = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    let mut ticker: Option<tokio::time::Interval> = None;
    // Background results that arrive while a countdown ticks wait for the next tick, so a
    // panel redraws at most once a second; keys always draw at once.
    let mut defer = false;
    // The hyperlink stays in the terminal until the cells under it change.
    let mut last_link: Option<(u16, u16, String)> = None;
    // Hidden failure triggers, so tests can prove the terminal survives a panic and an error.
    let debug_failures = std::env::var_os("VB365_TUI_DEBUG_FAILURES").is_some();
    loop {
        if app.dirty && !defer {
            app.now = std::time::Instant::now();
            let frame = terminal.draw(|f| crate::ui::draw(f, app))?;
            let link = crate::ui::code_link(app)
                .and_then(|url| crate::ui::find_text(frame.buffer, &url).map(|(x, y)| (x, y, url)));
            app.dirty = false;
            if link != last_link {
                if let Some((x, y, url)) = &link {
                    write_hyperlink(*x, *y, url);
                }
                last_link = link;
            }
            if !app.first_frame_logged {
                app.first_frame_logged = true;
                tracing::info!(
                    elapsed_us = app.started.elapsed().as_micros() as u64,
                    "first frame drawn"
                );
            }
        }
        if app.should_quit {
            return Ok(());
        }
        // A timer only while something moves: fast for the spinner, once a second for a
        // countdown.
        let period = if app.in_flight > 0 {
            Some(Duration::from_millis(120))
        } else if app.counting_down() {
            Some(Duration::from_secs(1))
        } else {
            None
        };
        match (period, &ticker) {
            (Some(p), Some(t)) if t.period() == p => {}
            (Some(p), _) => {
                let mut t = tokio::time::interval_at(tokio::time::Instant::now() + p, p);
                t.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                ticker = Some(t);
            }
            (None, _) => ticker = None,
        }
        let tick = async {
            match ticker.as_mut() {
                Some(t) => {
                    t.tick().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        let action = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                    if debug_failures {
                        debug_failure(k.code)?;
                    }
                    Action::Key(k)
                }
                Some(Ok(Event::Resize(w, h))) => {
                    last_link = None;
                    Action::Resize(w, h)
                }
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => Action::Terminate,
            },
            Some(a) = rx.recv() => a,
            _ = tick => Action::Tick,
            _ = sigterm.recv() => Action::Terminate,
            _ = sighup.recv() => Action::Terminate,
        };
        let from_task = !matches!(
            action,
            Action::Key(_) | Action::Resize(..) | Action::Tick | Action::Terminate
        );
        let commands = update(app, action);
        defer = from_task && app.in_flight == 0 && app.counting_down() && ticker.is_some();
        for cmd in commands {
            match cmd {
                Command::Quit => {}
                Command::Copy { text } => copy_to_clipboard(&text),
                Command::Suspend => {
                    suspend(terminal)?;
                    app.dirty = true;
                }
                other => exec.spawn(other, tx.clone()),
            }
        }
    }
}
