//! The runtime, above `app` and `ui`: one event loop over terminal events, task results, signals and a timer
//! that exists only while something animates; and the executor that turns commands into
//! tasks whose results come back as actions.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyEventKind};
use ratatui::DefaultTerminal;

use crate::terminal::{
    copy_to_clipboard, init_terminal, restore_terminal, suspend, write_hyperlink,
};
use tokio::sync::mpsc;

use tokio_util::sync::CancellationToken;

use crate::api::{ApiCall, ApiReply, ApiVersion, Client, ClientConfig, TrustMode};
use crate::app::action::{Action, Reply};
use crate::app::command::{CodeSpec, Command};
use crate::app::shared::RequestId;
use crate::app::{App, update};
use crate::config::{Config, Profile};
use crate::identity::{DEFAULT_SCOPE, IdentityClient};
use crate::poll::{self, MicrosoftSource, Source, Vb365Source};

/// Runs commands. Cheap to clone; clones share the client.
#[derive(Clone)]
pub struct Executor {
    client: Arc<Mutex<Option<Client>>>,
    refresher: Arc<Mutex<Option<tokio::task::JoinHandle<()>>>>,
    /// Running device-code engines and watchers, by request id.
    streams: Arc<Mutex<HashMap<RequestId, CancellationToken>>>,
    /// Where remembered fingerprints go; `None` in demo mode (nothing is written).
    config_path: Option<PathBuf>,
    /// `--authority-ca-cert`: how to trust a Microsoft identity authority on another host.
    authority_ca: Option<PathBuf>,
    /// What time it is for the client and the device-code engines.
    clock: crate::clock::Clock,
    /// The record of finished tasks; `None` keeps none.
    record_path: Option<PathBuf>,
}

fn reply(id: RequestId, reply: Reply) -> Action {
    Action::Reply { id, reply }
}

impl Executor {
    pub fn new(config_path: Option<PathBuf>) -> Self {
        Executor {
            client: Arc::default(),
            refresher: Arc::default(),
            streams: Arc::default(),
            config_path,
            authority_ca: None,
            clock: crate::clock::Clock::system(),
            record_path: None,
        }
    }

    /// Keep finished tasks in the record file at `path`.
    pub fn with_record(mut self, path: Option<PathBuf>) -> Self {
        self.record_path = path;
        self
    }

    /// Read the time from `clock` (tests fix it, as they fix the app's).
    pub fn with_clock(mut self, clock: crate::clock::Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Trust the identity authority's certificate through this CA file.
    pub fn with_authority_ca(mut self, path: Option<PathBuf>) -> Self {
        self.authority_ca = path;
        self
    }

    pub fn client(&self) -> Option<Client> {
        self.client.lock().ok().and_then(|c| c.clone())
    }

    /// How many device-code engines and watchers are running.
    pub fn running_streams(&self) -> usize {
        self.streams.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// Registers a stream's cancellation; it forgets itself when its task ends.
    fn stream(&self, id: RequestId) -> CancellationToken {
        let cancel = CancellationToken::new();
        if let Ok(mut s) = self.streams.lock() {
            s.insert(id, cancel.clone());
        }
        cancel
    }

    /// Runs a stream's work in the background; the stream forgets itself when it ends.
    fn spawn_stream(&self, id: RequestId, work: impl Future<Output = ()> + Send + 'static) {
        let streams = self.streams.clone();
        tokio::spawn(async move {
            work.await;
            if let Ok(mut s) = streams.lock() {
                s.remove(&id);
            }
        });
    }

    /// Runs one command to completion and returns the action it produces. Commands that
    /// report more than once (device codes, watchers) send their actions on `tx`.
    pub async fn run(&self, cmd: Command, tx: &mpsc::UnboundedSender<Action>) -> Option<Action> {
        match cmd {
            Command::Connect {
                id,
                server,
                trust,
                forced,
            } => Some(reply(
                id,
                Reply::Api(self.connect(server, trust, forced).await),
            )),
            Command::Call { id, call } => {
                let Some(client) = self.client() else {
                    return Some(reply(id, Reply::Api(Err(not_connected()))));
                };
                let signing_in = matches!(
                    call,
                    ApiCall::SignInPassword { .. } | ApiCall::SignInAssertion { .. }
                );
                if matches!(call, ApiCall::SignOut) {
                    self.stop_refresher();
                }
                let about = crate::audit::About::of(&call);
                let result = client.perform(call).await;
                about.answered(&result, client.base_url());
                if signing_in && result.is_ok() {
                    self.start_refresher(&client);
                }
                Some(reply(id, Reply::Api(result)))
            }
            Command::StartCode { id, spec } => {
                let source = match self.source(spec) {
                    Ok(s) => s,
                    Err(reason) => {
                        let update = poll::CodeUpdate {
                            id,
                            state: poll::CodeState::Failed(reason),
                            token: None,
                        };
                        return Some(reply(id, Reply::Code(update)));
                    }
                };
                let cancel = self.stream(id);
                let tx = tx.clone();
                let clock = self.clock;
                self.spawn_stream(id, async move {
                    poll::run(id, source, cancel, clock, move |u| {
                        let _ = tx.send(reply(id, Reply::Code(u)));
                    })
                    .await
                });
                None
            }
            Command::Watch {
                id,
                session_id,
                known_events,
            } => {
                let client = self.client()?;
                let cancel = self.stream(id);
                let tx = tx.clone();
                self.spawn_stream(id, async move {
                    poll::watch_session(
                        client,
                        session_id,
                        known_events,
                        SESSION_WATCH_INTERVAL,
                        cancel,
                        move |r| {
                            let _ = tx.send(reply(id, Reply::Watch(r)));
                        },
                    )
                    .await
                });
                None
            }
            Command::WatchMorning { id } => {
                let client = self.client()?;
                let cancel = self.stream(id);
                let tx = tx.clone();
                self.spawn_stream(id, async move {
                    poll::watch_morning(client, MORNING_INTERVAL, cancel, move |m| {
                        let _ = tx.send(reply(id, Reply::Morning(Box::new(m))));
                    })
                    .await
                });
                None
            }
            Command::WatchServer { id } => {
                let client = self.client()?;
                let cancel = self.stream(id);
                let tx = tx.clone();
                self.spawn_stream(id, async move {
                    poll::watch_unevented(client, MORNING_INTERVAL, cancel, move |m| {
                        let _ = tx.send(reply(id, Reply::Morning(Box::new(m))));
                    })
                    .await
                });
                None
            }
            Command::Cancel { id } => {
                if let Some(c) = self.streams.lock().ok().and_then(|mut s| s.remove(&id)) {
                    c.cancel();
                }
                None
            }
            Command::ReadCertificates { id, files } => {
                // Reading and decrypting files is blocking work: keep it off the event loop.
                let read = tokio::task::spawn_blocking(move || {
                    files
                        .iter()
                        .map(|(path, password)| {
                            crate::app::onboarding::read_certificate(path, password)
                        })
                        .collect::<Vec<_>>()
                })
                .await
                .unwrap_or_default();
                Some(reply(id, Reply::Certificates(read)))
            }
            Command::CheckTarget { id, path } => {
                Some(reply(id, Reply::Target(check_target(&path).await)))
            }
            Command::Job { id, job } => {
                let Some(client) = self.client() else {
                    let failed = crate::jobs::Update::failed(not_connected().to_string());
                    return Some(reply(id, Reply::Job(failed)));
                };
                if let crate::jobs::Job::Restore { restore, .. } = &job {
                    crate::audit::restore_sent(restore, client.base_url());
                }
                // A restore sent is the server's to finish: only a download can be stopped.
                let cancel = if job.cancellable() {
                    self.stream(id)
                } else {
                    CancellationToken::new()
                };
                let tx = tx.clone();
                self.spawn_stream(id, async move {
                    job.run(client, cancel, move |u| {
                        let _ = tx.send(reply(id, Reply::Job(u)));
                    })
                    .await
                });
                None
            }
            Command::RememberPin {
                server,
                fingerprint,
                user,
            } => Some(Action::Notice(self.remember(server, fingerprint, user))),
            Command::RememberUser { server, user } => {
                self.remember_user(&server, user).map(Action::Notice)
            }
            Command::Record(record) => {
                crate::audit::task_ended(&record);
                let path = self.record_path.as_ref()?;
                crate::jobs::record::append(path, &record).err().map(|e| {
                    Action::Notice(format!(
                        "Could not keep the task in the record {}: {e}",
                        path.display()
                    ))
                })
            }
            Command::Copy { .. } | Command::Suspend | Command::Quit => None,
        }
    }

    /// Builds a client for the server and detects its API version (or uses `forced`).
    async fn connect(
        &self,
        server: String,
        trust: TrustMode,
        forced: Option<ApiVersion>,
    ) -> Result<ApiReply, crate::api::ApiError> {
        let client = Client::new(ClientConfig {
            clock: self.clock,
            ..ClientConfig::new(&server, trust)
        })?;
        self.stop_refresher();
        if let Ok(mut g) = self.client.lock() {
            *g = Some(client.clone());
        }
        let detection = client.detect_versions().await?;
        let chosen = forced.unwrap_or(detection.newest());
        client.set_version(chosen);
        Ok(ApiReply::Detected { detection, chosen })
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

    /// Keeps the user name that signed in with the server's profile; says only what failed.
    fn remember_user(&self, server: &str, user: String) -> Option<String> {
        let path = self.config_path.as_ref()?;
        let mut config = Config::load(path).ok()?;
        let mut profile = config.profile_for_server(server)?.clone();
        if profile.username.as_deref() == Some(user.as_str()) {
            return None;
        }
        profile.username = Some(user);
        config.upsert(profile);
        config
            .save(path)
            .err()
            .map(|e| format!("Could not keep the user name in the profile: {e}"))
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
    /// VB365 server when both are the same host (the simulator), else through
    /// `--authority-ca-cert` or the system roots (which honour `SSL_CERT_FILE`).
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
                } else if let Some(ca) = &self.authority_ca {
                    TrustMode::CaFile(ca.clone())
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

/// Whether a file can be saved at `path`: its folder must exist; `Ok(true)` when the file
/// itself exists already (replacing it needs the operator's yes).
async fn check_target(path: &std::path::Path) -> Result<bool, String> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    match tokio::fs::metadata(folder).await {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(format!("{} is not a folder.", folder.display())),
        Err(e) => return Err(format!("Folder {}: {e}.", folder.display())),
    }
    match tokio::fs::metadata(path).await {
        Ok(m) if m.is_dir() => Err(format!("{} is a folder; give a file name.", path.display())),
        Ok(_) => Ok(true),
        Err(_) => Ok(false),
    }
}

fn not_connected() -> crate::api::ApiError {
    crate::api::ApiError::Invalid {
        op: "Request".into(),
        detail: "not connected to a server".into(),
    }
}

/// How often a working restore session is looked at.
pub const SESSION_WATCH_INTERVAL: Duration = Duration::from_secs(3);
/// How often Today reads again what has no events.
pub const MORNING_INTERVAL: Duration = Duration::from_secs(60);

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
    tracing::info!(
        ok = result.is_ok(),
        "left the event loop; terminal restored"
    );
    result
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    exec: Executor,
) -> color_eyre::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let mut events = crate::terminal::read_input();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let size = terminal.size()?;
    app.shared.size = (size.width, size.height);
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
            app.shared.now = std::time::Instant::now();
            let frame = terminal.draw(|f| crate::ui::draw(f, app))?;
            let link = app
                .code_link()
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
        let period = if app.shared.in_flight() > 0 {
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
            ev = events.recv() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                    if debug_failures {
                        debug_failure(k.code)?;
                    }
                    Action::Key(k)
                }
                Some(Ok(Event::Paste(text))) => Action::Paste(text),
                Some(Ok(Event::Resize(w, h))) => {
                    last_link = None;
                    // The size is read here and at start only, never on every frame.
                    terminal.resize(ratatui::layout::Rect::new(0, 0, w, h))?;
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
        defer = from_task && app.shared.in_flight() == 0 && app.counting_down() && ticker.is_some();
        for cmd in commands {
            match cmd {
                Command::Quit => {}
                Command::Copy { text } => copy_to_clipboard(&text),
                Command::Suspend => {
                    let (w, h) = suspend(terminal)?;
                    app.shared.size = (w, h);
                    app.dirty = true;
                }
                other => exec.spawn(other, tx.clone()),
            }
        }
    }
}
