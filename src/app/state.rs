//! The app's state: plain data that `update` changes and `ui` draws.

use std::time::Instant;

use tui_input::Input;

use crate::api::models::Region;
use crate::api::{ApiVersion, CertificateInfo, Fingerprint, SessionInfo, TrustMode};
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
    pub password: Input,
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
            password: Input::default(),
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
