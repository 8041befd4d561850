//! The app's state: plain data that `update` changes and `ui` draws.

use std::time::Instant;

use tui_input::Input;

use crate::api::models::Region;
use crate::api::{ApiVersion, CertificateInfo, Fingerprint, SessionInfo, TrustMode};
use crate::app::forms::SecretInput;
use crate::config::Config;
use crate::poll::CodeState;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Connect,
    SignIn,
    Home,
    DeviceCode,
    Organizations,
    AddOrganization,
    Explore,
    Session,
    Sessions,
    Browse,
    CertChanged,
}

impl Screen {
    pub fn title(self) -> &'static str {
        match self {
            Screen::Connect => "Connect",
            Screen::SignIn => "Sign in",
            Screen::Home => "Home",
            Screen::DeviceCode => "Device code",
            Screen::Organizations => "Organizations",
            Screen::AddOrganization => "Add organization",
            Screen::Explore => "New restore session",
            Screen::Session => "Restore session",
            Screen::Sessions => "Restore sessions",
            Screen::Browse => "Browse",
            Screen::CertChanged => "Certificate changed",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectFocus {
    Server,
    Profile,
}

#[derive(Debug, Default)]
pub struct ConnectState {
    pub server: Input,
    pub profile: Option<usize>,
    pub focus_profile: bool,
    pub error: Option<String>,
    pub detected: Option<(Vec<ApiVersion>, ApiVersion)>,
}

impl ConnectState {
    pub fn focus(&self) -> ConnectFocus {
        if self.focus_profile {
            ConnectFocus::Profile
        } else {
            ConnectFocus::Server
        }
    }
}

/// Who signs in. Tenant and restore-operator sign-in go through a device code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInMode {
    Administrator,
    Tenant,
    Operator,
}

impl SignInMode {
    pub const ALL: [SignInMode; 3] = [
        SignInMode::Administrator,
        SignInMode::Tenant,
        SignInMode::Operator,
    ];
    pub fn label(self) -> &'static str {
        match self {
            SignInMode::Administrator => "Administrator",
            SignInMode::Tenant => "Tenant",
            SignInMode::Operator => "Restore operator",
        }
    }
    /// The fields of this mode, in Tab order.
    pub fn fields(self) -> &'static [SignInField] {
        match self {
            SignInMode::Administrator => &[SignInField::User, SignInField::Password],
            SignInMode::Tenant | SignInMode::Operator => &[
                SignInField::Tenant,
                SignInField::Region,
                SignInField::AppId,
                SignInField::Authority,
            ],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInField {
    User,
    Password,
    Tenant,
    Region,
    AppId,
    Authority,
}

impl SignInField {
    pub fn is_text(self) -> bool {
        self != SignInField::Region
    }
}

#[derive(Debug)]
pub struct SignInState {
    pub mode: SignInMode,
    pub user: Input,
    pub password: SecretInput,
    pub tenant: Input,
    /// Index into the version's regions.
    pub region: usize,
    pub app_id: Input,
    pub authority: Input,
    pub focus: SignInField,
    pub error: Option<String>,
    /// Demo credentials to show on screen.
    pub hint: Option<(String, String)>,
}

impl Default for SignInState {
    fn default() -> Self {
        SignInState {
            mode: SignInMode::Administrator,
            user: Input::default(),
            password: SecretInput::default(),
            tenant: Input::default(),
            region: 0,
            app_id: Input::default(),
            authority: Input::default(),
            focus: SignInField::User,
            error: None,
            hint: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HomeEntry {
    Organizations,
    AddOrganization,
    RestoreSessions,
    DeviceCode,
    SignOut,
}

impl HomeEntry {
    pub const ALL: [HomeEntry; 5] = [
        HomeEntry::Organizations,
        HomeEntry::AddOrganization,
        HomeEntry::RestoreSessions,
        HomeEntry::DeviceCode,
        HomeEntry::SignOut,
    ];
    pub fn label(self) -> &'static str {
        match self {
            HomeEntry::Organizations => "Organizations",
            HomeEntry::AddOrganization => "Add organization",
            HomeEntry::RestoreSessions => "Restore sessions",
            HomeEntry::DeviceCode => "Device code",
            HomeEntry::SignOut => "Sign out",
        }
    }
    pub fn description(self) -> &'static str {
        match self {
            HomeEntry::Organizations => "protected organizations",
            HomeEntry::AddOrganization => "onboard Microsoft 365, on-premises, hybrid",
            HomeEntry::RestoreSessions => "start, watch, browse, stop",
            HomeEntry::DeviceCode => "get and check a VB365 device code",
            HomeEntry::SignOut => "end the session",
        }
    }
}

/// The certificate a server presented that is not trusted yet.
#[derive(Clone, Debug)]
pub struct TrustPrompt {
    pub cert: CertificateInfo,
    pub reason: String,
}

#[derive(Clone, Debug)]
pub struct CertChange {
    pub cert: CertificateInfo,
    pub expected: Fingerprint,
}

#[derive(Debug, Default)]
pub struct PaletteState {
    pub input: Input,
    pub selected: usize,
}

/// The `:` palette's destinations.
pub const PALETTE_TARGETS: [&str; 9] = [
    "home",
    "organizations",
    "add organization",
    "restore sessions",
    "device code",
    "sign out",
    "connect",
    "help",
    "quit",
];

impl PaletteState {
    pub fn matches(&self) -> Vec<&'static str> {
        let q = self.input.value().trim().to_lowercase();
        PALETTE_TARGETS
            .iter()
            .copied()
            .filter(|t| t.contains(&q))
            .collect()
    }
}

/// What a device code is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodePurpose {
    /// Tenant sign-in: the Microsoft token becomes the jwt-bearer assertion.
    Tenant { tenant: String },
    /// Restore-operator sign-in: the Microsoft token is the operator assertion.
    Operator { tenant: String },
    /// A VB365 device code checked with `DeviceCode/check`.
    Check { region: Region },
    /// The device-code step of the add-organization wizard.
    Onboarding { region: Region },
    /// A restore device code for the open restore session.
    Restore { session_id: String },
}

/// The form that starts a restore session.
#[derive(Debug, Clone)]
pub struct ExploreForm {
    /// The organization, as administrator; `None` as tenant (`Organization/Explore`).
    pub org: Option<crate::api::models::Organization>,
    pub fields: Vec<crate::app::forms::Field>,
    pub focus: usize,
    pub error: Option<String>,
    pub submitting: bool,
}

/// One restore session on screen, with its events as they arrive.
#[derive(Debug, Clone)]
pub struct SessionScreen {
    pub session: crate::api::models::RestoreSession,
    pub events: Vec<crate::api::models::RestoreSessionEvent>,
    pub watching: bool,
    pub confirm_stop: bool,
    pub stopping: bool,
    pub org: Option<crate::api::models::Organization>,
    /// A restore device code obtained for this session, kept for restore operations.
    pub restore_code: Option<String>,
    pub error: Option<String>,
    pub scroll: usize,
}

/// The list of restore sessions.
#[derive(Debug, Default)]
pub struct SessionList {
    pub items: Vec<crate::api::models::RestoreSession>,
    pub loading: bool,
    pub loaded: bool,
    pub selected: usize,
    /// 0 all, 1 working, 2 stopped.
    pub state_filter: usize,
    pub order_by_end: bool,
    /// Index into [`SESSION_RANGES`].
    pub range: usize,
    pub confirm_stop: bool,
    pub error: Option<String>,
}

/// Time ranges for the sessions list: (label, days back; 0 is any time).
pub const SESSION_RANGES: [(&str, i64); 4] = [
    ("any time", 0),
    ("last 24 h", 1),
    ("last 7 days", 7),
    ("last 30 days", 30),
];

impl SessionList {
    pub fn visible(&self) -> Vec<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, s)| match self.state_filter {
                1 => s.is_working(),
                2 => !s.is_working(),
                _ => true,
            })
            .map(|(i, _)| i)
            .collect()
    }
    pub fn current(&self) -> Option<&crate::api::models::RestoreSession> {
        self.visible().get(self.selected).map(|&i| &self.items[i])
    }
}

/// One row of a restore session's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowseItem {
    pub id: String,
    pub title: String,
    pub detail: String,
    pub flags: String,
}

/// The contents of a restore session, fetched a page at a time as they come into view.
#[derive(Debug)]
pub struct Browser {
    pub session_id: String,
    pub listing: crate::api::Listing,
    pub page_size: u64,
    pub pages: std::collections::BTreeMap<u64, Vec<BrowseItem>>,
    pub requested: std::collections::BTreeSet<u64>,
    /// Items in the collection, when known (v6/v7 say; a short page tells).
    pub total: Option<u64>,
    pub selected: u64,
    pub filter: Input,
    pub filtering: bool,
    pub details: bool,
    pub error: Option<String>,
    /// Sites: the parent whose subsites are shown (id, name).
    pub parent: Option<(String, String)>,
    /// Bumped when the listing changes, so late pages of an old one are dropped.
    pub generation: u64,
    /// End was pressed before the end was known: keep going as pages arrive.
    pub follow_end: bool,
}

impl Browser {
    /// An empty browser of one listing; pages arrive as they are fetched.
    pub fn new(
        session_id: String,
        listing: crate::api::Listing,
        page_size: u64,
        generation: u64,
    ) -> Self {
        Browser {
            session_id,
            listing,
            page_size,
            pages: Default::default(),
            requested: Default::default(),
            total: None,
            selected: 0,
            filter: Default::default(),
            filtering: false,
            details: false,
            error: None,
            parent: None,
            generation,
            follow_end: false,
        }
    }
    pub fn loaded(&self) -> u64 {
        self.pages.values().map(|p| p.len() as u64).sum()
    }
    pub fn item(&self, index: u64) -> Option<&BrowseItem> {
        self.pages
            .get(&(index / self.page_size))?
            .get((index % self.page_size) as usize)
    }
    /// Rows the list can move over: everything known, plus one loading row at the end
    /// while more may come.
    pub fn rows(&self) -> u64 {
        match self.total {
            Some(t) => t,
            None => {
                let last = self
                    .pages
                    .keys()
                    .next_back()
                    .map_or(0, |p| p * self.page_size + self.pages[p].len() as u64);
                last + 1
            }
        }
    }
    /// Loaded items matching the filter, by index (the filter works on what is loaded).
    pub fn filtered(&self) -> Vec<u64> {
        let q = self.filter.value().trim().to_lowercase();
        self.pages
            .iter()
            .flat_map(|(p, items)| {
                items
                    .iter()
                    .enumerate()
                    .map(move |(i, it)| (p * self.page_size + i as u64, it))
            })
            .filter(|(_, it)| {
                it.title.to_lowercase().contains(&q) || it.detail.to_lowercase().contains(&q)
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// The Organizations screen.
#[derive(Debug, Default)]
pub struct OrgList {
    pub items: Vec<crate::api::models::Organization>,
    pub loading: bool,
    pub loaded: bool,
    pub selected: usize,
    pub filter: Input,
    pub filtering: bool,
    pub details: bool,
    pub error: Option<String>,
    /// Select this organization once the list arrives (after adding it).
    pub select_id: Option<String>,
}

impl OrgList {
    /// Indexes of the organizations that match the filter.
    pub fn visible(&self) -> Vec<usize> {
        let q = self.filter.value().trim().to_lowercase();
        self.items
            .iter()
            .enumerate()
            .filter(|(_, o)| q.is_empty() || o.display_name().to_lowercase().contains(&q))
            .map(|(i, _)| i)
            .collect()
    }
    pub fn current(&self) -> Option<&crate::api::models::Organization> {
        self.visible().get(self.selected).map(|&i| &self.items[i])
    }
}

/// The device-code panel on screen.
#[derive(Clone, Debug)]
pub struct CodePanel {
    pub id: u64,
    pub purpose: CodePurpose,
    pub title: String,
    pub state: CodeState,
    pub inverted: bool,
}

/// The connected server, as the header shows it.
#[derive(Clone, Debug)]
pub struct ServerInfo {
    pub url: String,
    pub version: Option<ApiVersion>,
    pub build: Option<String>,
    pub trust: TrustMode,
}

#[derive(Debug)]
pub struct App {
    pub screen: Screen,
    pub connect: ConnectState,
    pub sign_in: SignInState,
    pub home_selected: usize,
    pub trust_prompt: Option<TrustPrompt>,
    pub cert_change: Option<CertChange>,
    pub server: Option<ServerInfo>,
    pub session: Option<SessionInfo>,
    pub help_open: bool,
    pub palette: Option<PaletteState>,
    pub quit_confirm: bool,
    /// An error that keeps its full text until dismissed.
    pub error: Option<String>,
    /// The last short message for the footer.
    pub message: Option<String>,
    pub in_flight: u32,
    pub spinner: usize,
    pub size: (u16, u16),
    pub config: Config,
    pub demo: bool,
    /// `--insecure`: a red banner all session.
    pub insecure: bool,
    pub trust: TrustMode,
    pub forced_version: Option<ApiVersion>,
    pub should_quit: bool,
    pub dirty: bool,
    pub started: Instant,
    pub first_frame_logged: bool,
    /// Where profiles are saved; `None` in demo mode.
    pub config_path: Option<std::path::PathBuf>,
    /// The device-code panel, on the Sign-in or Device code screen.
    pub code: Option<CodePanel>,
    pub next_code_id: u64,
    /// Region index on the Device code screen.
    pub device_code_region: usize,
    /// Clock for countdowns, set by the runtime before each draw.
    pub now: Instant,
    pub orgs: OrgList,
    /// The add-organization draft; kept until it is submitted successfully.
    pub wizard: Option<crate::app::org_wizard::Wizard>,
    pub explore: Option<ExploreForm>,
    pub session_view: Option<SessionScreen>,
    pub sessions: SessionList,
    pub browser: Option<Browser>,
    /// Restore sessions this app started that may still be working.
    pub our_sessions: Vec<String>,
    /// Quit or sign-out waits for the operator's answer about working sessions.
    pub leave_prompt: Option<LeaveIntent>,
    /// Where to return after signing in again when the session could not be renewed.
    pub resume: Option<Screen>,
}

/// What the operator was doing when asked about working sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveIntent {
    Quit,
    SignOut,
}

impl App {
    pub fn new(config: Config, trust: TrustMode) -> Self {
        App {
            screen: Screen::Connect,
            connect: ConnectState::default(),
            sign_in: SignInState::default(),
            home_selected: 0,
            trust_prompt: None,
            cert_change: None,
            server: None,
            session: None,
            help_open: false,
            palette: None,
            quit_confirm: false,
            error: None,
            message: None,
            in_flight: 0,
            spinner: 0,
            size: (80, 24),
            config,
            demo: false,
            insecure: matches!(trust, TrustMode::Insecure),
            trust,
            forced_version: None,
            should_quit: false,
            dirty: true,
            started: Instant::now(),
            first_frame_logged: false,
            config_path: None,
            code: None,
            next_code_id: 1,
            device_code_region: 0,
            now: Instant::now(),
            orgs: OrgList::default(),
            wizard: None,
            explore: None,
            session_view: None,
            sessions: SessionList::default(),
            browser: None,
            our_sessions: Vec::new(),
            leave_prompt: None,
            resume: None,
        }
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// Whether anything on screen moves (the spinner), so the loop needs a timer.
    pub fn animating(&self) -> bool {
        self.in_flight > 0 || self.counting_down()
    }

    /// A device code's countdown is on screen.
    pub fn counting_down(&self) -> bool {
        self.code
            .as_ref()
            .is_some_and(|c| c.state.pending().is_some())
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
}
