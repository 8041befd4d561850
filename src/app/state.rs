//! The app's state: plain data that `update` changes and `ui` draws.

use std::time::Instant;

use tui_input::Input;

use crate::api::{ApiVersion, CertificateInfo, Fingerprint, SessionInfo, TrustMode};
use crate::config::Config;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Connect,
    SignIn,
    Home,
    CertChanged,
}

impl Screen {
    pub fn title(self) -> &'static str {
        match self {
            Screen::Connect => "Connect",
            Screen::SignIn => "Sign in",
            Screen::Home => "Home",
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
    pub fn available(self) -> bool {
        self == SignInMode::Administrator
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInField {
    User,
    Password,
}

#[derive(Debug)]
pub struct SignInState {
    pub mode: SignInMode,
    pub user: Input,
    pub password: Input,
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
    SignOut,
}

impl HomeEntry {
    pub const ALL: [HomeEntry; 4] = [
        HomeEntry::Organizations,
        HomeEntry::AddOrganization,
        HomeEntry::RestoreSessions,
        HomeEntry::SignOut,
    ];
    pub fn label(self) -> &'static str {
        match self {
            HomeEntry::Organizations => "Organizations",
            HomeEntry::AddOrganization => "Add organization",
            HomeEntry::RestoreSessions => "Restore sessions",
            HomeEntry::SignOut => "Sign out",
        }
    }
    pub fn description(self) -> &'static str {
        match self {
            HomeEntry::Organizations => "protected organizations",
            HomeEntry::AddOrganization => "onboard Microsoft 365, on-premises, hybrid",
            HomeEntry::RestoreSessions => "start, watch, browse, stop",
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
pub const PALETTE_TARGETS: [&str; 8] = [
    "home",
    "organizations",
    "add organization",
    "restore sessions",
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
        }
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// Whether anything on screen moves (the spinner), so the loop needs a timer.
    pub fn animating(&self) -> bool {
        self.in_flight > 0
    }
}
