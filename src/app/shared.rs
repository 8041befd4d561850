//! What every page may read or change: the connection, the signed-in identity, config, the
//! clock, the status line, and the requests in flight. Screen state never lives here.

use std::collections::HashMap;
use std::time::Instant;

use crate::api::models::Region;
use crate::api::{ApiCall, ApiVersion, Identity, SignInKind, TrustMode};
use crate::config::Config;
use crate::jobs::{Job, JobState};

pub use super::command::{APP, LEFT, PageId, RequestId, UNCLAIMED};
use super::command::{CodeSpec, Command};
use super::memory::Memory;
use super::status::StatusLine;

/// The header's rows above the page, and the footer's below it.
pub const HEADER_ROWS: u16 = 1;
pub const FOOTER_ROWS: u16 = 2;
/// The rows a list page keeps for itself around its rows (title, gap, column header, gap).
pub const LIST_CHROME_ROWS: u16 = 4;

/// The connected server, as the header shows it.
#[derive(Clone, Debug)]
pub struct ServerInfo {
    pub url: String,
    pub version: Option<ApiVersion>,
    pub build: Option<String>,
    pub trust: TrustMode,
}

/// What the app was started with: the first values of the connect and sign-in forms.
#[derive(Clone, Debug, Default)]
pub struct StartValues {
    pub server: String,
    pub profile: Option<usize>,
    pub user: String,
    /// Demo credentials to show on screen.
    pub hint: Option<(String, String)>,
    pub authority: String,
    pub tenant: String,
    /// The folder the save form offers first.
    pub download_dir: std::path::PathBuf,
    /// How long a v6/v7 restore may take to answer, in hours (0: the default, 12).
    pub restore_timeout_hours: u64,
}

impl StartValues {
    /// How long a restore may take to answer: v6/v7 answer only when it has ended.
    pub fn restore_timeout(&self) -> std::time::Duration {
        let hours = if self.restore_timeout_hours == 0 {
            12
        } else {
            self.restore_timeout_hours
        };
        std::time::Duration::from_secs(hours * 3600)
    }
}

/// Whether a request answers once or keeps reporting until cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestKind {
    /// One answer; counts as "in flight" until it arrives.
    Call,
    /// Reports until it ends or is cancelled (device codes, watchers).
    Stream,
}

#[derive(Clone, Copy, Debug)]
pub struct Pending {
    pub page: PageId,
    pub kind: RequestKind,
}

/// What a file saved from the demo's simulated server holds.
pub const DEMO_FILES: &str =
    "The demo's files hold placeholder contents, not real mail or documents.";

#[derive(Debug)]
pub struct Shared {
    pub server: Option<ServerInfo>,
    /// Who is signed in.
    pub identity: Option<Identity>,
    pub config: Config,
    /// Where profiles are saved; `None` in demo mode.
    pub config_path: Option<std::path::PathBuf>,
    pub demo: bool,
    /// `--insecure`: a red banner all session.
    pub insecure: bool,
    /// How the command line says to trust servers.
    pub trust: TrustMode,
    pub forced_version: Option<ApiVersion>,
    pub start: StartValues,
    /// Clock for countdowns, set by the runtime before each draw.
    pub now: Instant,
    /// What time it is and the zone times are shown in.
    pub clock: crate::clock::Clock,
    /// The message of the moment, in the footer, and whose it is.
    pub status: StatusLine,
    /// Restore sessions this app started that may still be working.
    pub our_sessions: Vec<String>,
    /// What pages remember for each other during the run.
    pub memory: Memory,
    /// Restores, sends and downloads started in this run, running and finished.
    pub tasks: super::tasks::Tasks,
    /// What earlier runs did, newest first, as the record file keeps it: only shown.
    pub earlier: Vec<crate::jobs::Record>,
    pub size: (u16, u16),
    pub spinner: usize,
    pending: HashMap<RequestId, Pending>,
    next_request: RequestId,
}

impl Shared {
    pub fn new(config: Config, trust: TrustMode) -> Self {
        Shared {
            server: None,
            identity: None,
            config,
            config_path: None,
            demo: false,
            insecure: matches!(trust, TrustMode::Insecure),
            trust,
            forced_version: None,
            start: StartValues::default(),
            now: Instant::now(),
            clock: crate::clock::Clock::system(),
            status: StatusLine::default(),
            our_sessions: Vec::new(),
            memory: Memory::default(),
            tasks: Default::default(),
            earlier: Vec::new(),
            size: (80, 24),
            spinner: 0,
            pending: HashMap::new(),
            next_request: 1,
        }
    }

    /// The API version in use (the newest when not connected yet).
    pub fn version(&self) -> ApiVersion {
        self.server
            .as_ref()
            .and_then(|s| s.version)
            .unwrap_or(ApiVersion::NEWEST)
    }

    pub fn regions(&self) -> &'static [Region] {
        self.version().regions()
    }

    /// Signed in as an administrator (not a tenant or restore operator).
    pub fn is_administrator(&self) -> bool {
        matches!(
            self.identity.as_ref().map(|s| &s.kind),
            Some(SignInKind::Administrator)
        )
    }

    /// Signed in as a tenant (its own organization only).
    /// Signed in as a restore operator: restores go through `operatorRestore`.
    pub fn is_operator(&self) -> bool {
        matches!(
            self.identity.as_ref().map(|s| &s.kind),
            Some(SignInKind::Operator)
        )
    }
    pub fn is_tenant(&self) -> bool {
        matches!(
            self.identity.as_ref().map(|s| &s.kind),
            Some(SignInKind::Tenant { .. })
        )
    }

    /// The page's rows between the header (and the insecure banner) and the footer, as
    /// `ui::draw` lays them out.
    pub fn body_height(&self) -> u16 {
        self.size
            .1
            .saturating_sub(HEADER_ROWS + u16::from(self.insecure) + FOOTER_ROWS)
    }

    /// The rows of a list page's list: what one screen of it shows.
    pub fn list_rows(&self) -> u64 {
        u64::from(self.body_height().saturating_sub(LIST_CHROME_ROWS)).max(1)
    }

    /// A new request of `page`: pages ask for theirs as `UNCLAIMED`, and the router files
    /// each under the page whose `Flow` carries its command ([`Shared::claim`]).
    fn track(&mut self, page: PageId, kind: RequestKind) -> RequestId {
        let id = self.next_request;
        self.next_request += 1;
        self.pending.insert(id, Pending { page, kind });
        id
    }

    /// Files the requests these commands start under the page whose flow returned them, so
    /// their replies come back to it. Requests already owned (the app's jobs) keep their owner.
    pub(crate) fn claim(&mut self, page: PageId, commands: &[Command]) {
        for id in commands.iter().filter_map(Command::request_id) {
            if let Some(p) = self.pending.get_mut(&id).filter(|p| p.page == UNCLAIMED) {
                p.page = page;
            }
        }
    }

    /// A call that belongs to the app rather than to a page (server build, sign-out).
    pub(crate) fn app_call(&mut self, call: ApiCall) -> Command {
        let id = self.track(APP, RequestKind::Call);
        Command::Call { id, call }
    }

    /// An API call for the page whose flow returns the command; its reply comes back there.
    pub fn call(&mut self, call: ApiCall) -> (RequestId, Command) {
        let id = self.track(UNCLAIMED, RequestKind::Call);
        (id, Command::Call { id, call })
    }

    /// Like [`Shared::call`] when the page does not need the id.
    pub fn send(&mut self, call: ApiCall) -> Command {
        self.call(call).1
    }

    /// Work that answers once but is not an API call (reading files, connecting).
    pub fn task(&mut self) -> RequestId {
        self.track(UNCLAIMED, RequestKind::Call)
    }

    /// A device code for the current page; updates come back until it ends.
    pub fn start_code(&mut self, spec: CodeSpec) -> (RequestId, Command) {
        let id = self.track(UNCLAIMED, RequestKind::Stream);
        (id, Command::StartCode { id, spec })
    }

    /// Reads the morning for the current page now and every 60 s until cancelled.
    pub fn watch_morning(&mut self) -> (RequestId, Command) {
        let id = self.track(UNCLAIMED, RequestKind::Stream);
        (id, Command::WatchMorning { id })
    }

    /// Reads what has no events now and every 60 s until cancelled.
    pub fn watch_server(&mut self) -> (RequestId, Command) {
        let id = self.track(UNCLAIMED, RequestKind::Stream);
        (id, Command::WatchServer { id })
    }

    /// Watches a restore session for the current page until cancelled.
    pub fn watch_session(&mut self, session_id: String, known_events: u64) -> Command {
        let id = self.track(UNCLAIMED, RequestKind::Stream);
        Command::Watch {
            id,
            session_id,
            known_events,
        }
    }

    /// Starts a download as a task of the app: it reports to the task list whatever page is
    /// on screen.
    pub fn start_download(
        &mut self,
        title: String,
        download: crate::api::Download,
        path: std::path::PathBuf,
        overwrite: bool,
    ) -> Command {
        let to = path.display().to_string();
        let job = Job::Download {
            download,
            path,
            overwrite,
        };
        self.start_job(title, job, to)
    }

    /// Sends a restore as a task of the app, once: it reports to the task list whatever page
    /// is on screen. `to` names where it goes, in words.
    pub fn start_restore(
        &mut self,
        title: String,
        restore: crate::api::Restore,
        to: String,
    ) -> Command {
        let timeout = self.start.restore_timeout();
        let job = Job::Restore {
            restore: Box::new(restore),
            timeout,
        };
        self.start_job(title, job, to)
    }

    /// Long work of the app, not of a page: its updates reach the task list whatever page
    /// is on screen. Its record says where it works (`to`), in which session, on which
    /// server and for whom.
    pub fn start_job(&mut self, title: String, job: Job, to: String) -> Command {
        let id = self.track(APP, RequestKind::Stream);
        let owner = self.identity.as_ref().map(|i| i.user_name.clone());
        let kind = job.kind();
        let facts = crate::jobs::Facts {
            from: self.memory.session_words(kind.session()),
            to,
            server: self.server_words(),
            who: self
                .identity
                .as_ref()
                .map(|i| i.words())
                .unwrap_or_default(),
        };
        let job_state = JobState::new(id, title, kind, Instant::now())
            .by(owner)
            .at(facts, self.clock.now());
        self.tasks.add(job_state);
        Command::Job { id, job }
    }

    /// The server a task's record names: its address, or for the demo, whose simulator
    /// listens on a new port each run, the demo itself.
    fn server_words(&self) -> String {
        if self.demo {
            return "the demo's simulator".into();
        }
        self.server
            .as_ref()
            .map(|s| s.url.clone())
            .unwrap_or_default()
    }

    /// The records of earlier runs the signed-in identity may see: its own, on this server.
    pub fn my_earlier(&self) -> impl Iterator<Item = &crate::jobs::Record> {
        let who = self
            .identity
            .as_ref()
            .map(|i| i.words())
            .unwrap_or_default();
        let server = self.server_words();
        self.earlier
            .iter()
            .filter(move |r| r.who == who && r.server == server)
    }

    /// Asks a running download to stop. It stays pending: its last report says whether it
    /// stopped (its partial file deleted) or had finished first.
    pub fn cancel_download(&mut self, id: RequestId) -> Option<Command> {
        self.tasks.cancel(id).then_some(Command::Cancel { id })
    }

    /// Stops a stream and forgets it.
    pub fn cancel(&mut self, id: RequestId) -> Command {
        self.pending.remove(&id);
        Command::Cancel { id }
    }

    /// The tasks the signed-in identity started, newest first: the next one signed in does not
    /// see an administrator's record.
    pub fn my_tasks(&self) -> impl Iterator<Item = &JobState> {
        let me = self.identity.as_ref().map(|i| i.user_name.as_str());
        self.tasks
            .newest_first()
            .filter(move |t| t.owner.is_none() || t.owner.as_deref() == me)
    }

    /// What leaving would cut short: running restores and downloads, calls awaiting answers.
    pub fn running(&self) -> super::leaving::Running {
        let restores = self.tasks.restoring();
        super::leaving::Running {
            restores,
            downloads: self.tasks.running() - restores,
            calls: self.in_flight(),
        }
    }

    /// Calls waiting for their answer: the spinner and the quit question use it.
    pub fn in_flight(&self) -> usize {
        self.pending
            .values()
            .filter(|p| p.kind == RequestKind::Call)
            .count()
    }

    pub(crate) fn pending(&self, id: RequestId) -> Option<Pending> {
        self.pending.get(&id).copied()
    }

    pub(crate) fn finish(&mut self, id: RequestId) {
        self.pending.remove(&id);
    }

    /// Forgets what a page asked for: its streams are returned to be stopped; its calls still
    /// count as in flight until they answer, and the answers are dropped.
    pub(crate) fn forget_page(&mut self, page: PageId) -> Vec<RequestId> {
        let ids: Vec<RequestId> = self
            .pending
            .iter()
            .filter(|(_, p)| p.page == page)
            .map(|(id, _)| *id)
            .collect();
        let mut streams = Vec::new();
        for id in ids {
            match self.pending.get_mut(&id) {
                Some(p) if p.kind == RequestKind::Call => p.page = LEFT,
                Some(_) => {
                    self.pending.remove(&id);
                    streams.push(id);
                }
                None => {}
            }
        }
        streams
    }
}
