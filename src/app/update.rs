//! `update`: the only place state changes. No I/O: it returns commands for the runtime.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::action::Action;
use super::command::{AssertionGrant, CodeSpec, Command};
use super::keymap::{self, Context, Intent, Key};
use super::organizations;
use super::restore;
use super::state::LeaveIntent;
use super::state::{
    App, CertChange, CodePanel, CodePurpose, HomeEntry, PaletteState, Screen, ServerInfo,
    SignInField, SignInMode, TrustPrompt,
};
use crate::api::{ApiError, Fingerprint, TrustMode, normalize_server_url, server_url_problem};
use crate::identity::{DEFAULT_CLIENT_ID, authority_for_region};
use crate::poll::{CodeState, Vb365Code};

pub fn update(app: &mut App, action: Action) -> Vec<Command> {
    let expired = action.session_expired() && app.session.is_some();
    let commands = apply(app, action);
    if expired {
        ask_to_sign_in_again(app);
    }
    commands
}

/// After signing in again, fetches again what failed on this screen while the session was
/// gone. Home's server information is fetched on every sign-in; forms keep what was typed.
fn reload(app: &mut App) -> Vec<Command> {
    match app.screen {
        Screen::Browse => {
            if let Some(b) = app.browser.as_mut() {
                b.error = None;
            }
            restore::ensure_pages(app, 40)
        }
        Screen::Organizations => organizations::reload(app),
        Screen::Sessions => restore::load_sessions(app),
        Screen::Session => restore::session_key(app, Intent::Refresh),
        _ => vec![],
    }
}

/// The session could not be renewed: sign in again, then come back to this screen with its
/// state (forms, lists, browser) as it was.
fn ask_to_sign_in_again(app: &mut App) {
    app.resume = Some(app.screen);
    app.session = None;
    app.error = None;
    app.message = None;
    if app.sign_in.mode == SignInMode::Administrator {
        app.sign_in.focus = SignInField::Password;
    }
    app.sign_in.error = Some(format!(
        "Your session expired and could not be renewed. Sign in again to return to {}.",
        app.screen.title()
    ));
    app.screen = Screen::SignIn;
}

fn apply(app: &mut App, action: Action) -> Vec<Command> {
    app.dirty = true;
    match action {
        Action::Key(k) => on_key(app, k),
        Action::Resize(w, h) => {
            app.size = (w, h);
            vec![]
        }
        Action::Tick => {
            if app.animating() {
                app.spinner = app.spinner.wrapping_add(1);
            } else {
                app.dirty = false;
            }
            vec![]
        }
        Action::Detected { served, chosen } => {
            finish_request(app);
            let url = normalize_server_url(app.connect.server.value());
            let trust = app
                .server
                .as_ref()
                .map(|s| s.trust.clone())
                .unwrap_or(app.trust.clone());
            app.server = Some(ServerInfo {
                url: url.clone(),
                version: Some(chosen),
                build: None,
                trust,
            });
            let list: Vec<String> = served.iter().map(|v| v.to_string()).collect();
            let connected = format!("Connected: serves {}; using {chosen}.", list.join(", "));
            // Keep a notice about the certificate that arrived just before.
            app.message = Some(match app.message.take() {
                Some(n) if n.starts_with("Certificate") || n.starts_with("Demo") => {
                    format!("{connected} {n}")
                }
                _ => connected,
            });
            app.connect.detected = Some((served, chosen));
            app.connect.error = None;
            if app.sign_in.user.value().is_empty()
                && let Some(user) = app
                    .config
                    .profile_for_server(&url)
                    .and_then(|p| p.username.clone())
            {
                app.sign_in.user = Input::new(user);
                app.sign_in.focus = SignInField::Password;
            }
            app.screen = Screen::SignIn;
            vec![]
        }
        Action::ConnectFailed(e) => {
            finish_request(app);
            connect_failed(app, e);
            vec![]
        }
        Action::SignedIn(info) => {
            finish_request(app);
            let name = info.user_name.clone();
            app.message = Some(format!("Signed in as {name}"));
            app.session = Some(info);
            app.code = None;
            app.sign_in.password.clear();
            app.sign_in.error = None;
            app.in_flight += 1;
            if let Some(screen) = app.resume.take() {
                app.screen = screen;
                app.message = Some(format!("Signed in again as {name}; back where you were."));
                let mut cmds = vec![Command::FetchServerBuild];
                cmds.extend(reload(app));
                return cmds;
            }
            app.screen = Screen::Home;
            app.home_selected = 0;
            vec![Command::FetchServerBuild]
        }
        Action::SignInFailed(e) => {
            finish_request(app);
            app.sign_in.error = Some(e.to_string());
            app.code = None;
            if e.is_certificate() {
                connect_failed(app, e);
            }
            vec![]
        }
        Action::ServerBuild(r) => {
            finish_request(app);
            match r {
                Ok(build) => {
                    if let Some(s) = &mut app.server {
                        s.build = Some(build);
                    }
                }
                // Keeps its full text until dismissed.
                Err(e) => app.error = Some(e.to_string()),
            }
            vec![]
        }
        Action::SignedOut => {
            app.session = None;
            if app.screen != Screen::Connect {
                app.screen = Screen::SignIn;
            }
            app.message = Some("Signed out.".into());
            vec![]
        }
        Action::Code(update) => code_update(app, update),
        Action::Organizations(result) => {
            organizations::loaded(app, result);
            vec![]
        }
        Action::OrganizationCreated(result) => organizations::created(app, *result),
        Action::CertificatesRead(results) => organizations::certificates_read(app, results),
        Action::Explored(result) => restore::explored(app, *result),
        Action::Session(result) => restore::session_update(app, *result),
        Action::SessionStopped { id, result } => restore::session_stopped(app, id, result),
        Action::Sessions(result) => {
            restore::sessions_loaded(app, result);
            vec![]
        }
        Action::Listing {
            generation,
            page,
            result,
        } => restore::listing_loaded(app, generation, page, result),
        Action::Notice(text) => {
            app.message = Some(text);
            vec![]
        }
        Action::Terminate => {
            app.should_quit = true;
            vec![Command::Quit]
        }
    }
}

fn finish_request(app: &mut App) {
    app.in_flight = app.in_flight.saturating_sub(1);
}

fn connect_failed(app: &mut App, e: ApiError) {
    match e {
        ApiError::UntrustedCertificate { cert, reason, .. } => {
            app.trust_prompt = Some(TrustPrompt {
                cert: *cert,
                reason,
            });
            app.screen = Screen::Connect;
        }
        ApiError::CertificateChanged { cert, expected, .. } => {
            app.cert_change = Some(CertChange {
                cert: *cert,
                expected,
            });
            app.screen = Screen::CertChanged;
        }
        other => {
            app.connect.error = Some(other.to_string());
            app.screen = Screen::Connect;
        }
    }
}

/// Where the keyboard is now.
pub fn context(app: &App) -> Context {
    if app.too_small() {
        Context::TooSmall
    } else if app.quit_confirm {
        Context::QuitConfirm
    } else if app.leave_prompt.is_some() {
        Context::LeavePrompt
    } else if app.error.is_some() {
        Context::Error
    } else if app.help_open {
        Context::Help
    } else if app.palette.is_some() {
        Context::Palette
    } else if app.trust_prompt.is_some() {
        Context::TrustPrompt
    } else {
        screen_context(app)
    }
}

/// The context of the screen itself, under any overlay.
pub fn screen_context(app: &App) -> Context {
    if app.code.is_some() && code_visible(app) {
        return Context::CodePanel;
    }
    match app.screen {
        Screen::Connect => Context::Connect,
        Screen::SignIn => Context::SignIn,
        Screen::Home => Context::Home,
        Screen::DeviceCode => Context::DeviceCode,
        Screen::Organizations if app.orgs.filtering => Context::OrgFilter,
        Screen::Organizations if app.orgs.details => Context::OrgDetails,
        Screen::Organizations => Context::Organizations,
        Screen::AddOrganization
            if app
                .wizard
                .as_ref()
                .is_some_and(|w| w.current() == super::org_wizard::Step::Review) =>
        {
            Context::WizardReview
        }
        Screen::AddOrganization => Context::Wizard,
        Screen::Explore => Context::Explore,
        Screen::Session if app.session_view.as_ref().is_some_and(|v| v.confirm_stop) => {
            Context::ConfirmStop
        }
        Screen::Session => Context::Session,
        Screen::Sessions if app.sessions.confirm_stop => Context::ConfirmStop,
        Screen::Sessions => Context::Sessions,
        Screen::Browse => match &app.browser {
            Some(b) if b.filtering => Context::BrowseFilter,
            Some(b) if b.details => Context::BrowseDetails,
            _ => Context::Browse,
        },
        Screen::CertChanged => Context::CertChanged,
    }
}

/// Whether the device-code panel is what the current screen shows.
pub fn code_visible(app: &App) -> bool {
    match app.screen {
        Screen::SignIn | Screen::DeviceCode => true,
        Screen::Organizations => app.orgs.details,
        Screen::Session => true,
        Screen::AddOrganization => app
            .wizard
            .as_ref()
            .is_some_and(|w| w.current() == super::org_wizard::Step::DeviceCode),
        _ => false,
    }
}

/// Whether typed characters go into a text field in this context.
fn text_entry(app: &App, ctx: Context) -> bool {
    match ctx {
        Context::Connect => !app.connect.focus_profile,
        Context::SignIn => app.sign_in.focus.is_text(),
        Context::Palette | Context::OrgFilter | Context::BrowseFilter => true,
        Context::Explore => restore::form_typing(app),
        Context::Wizard => organizations::wizard_typing(app),
        _ => false,
    }
}

fn on_key(app: &mut App, event: KeyEvent) -> Vec<Command> {
    let ctx = context(app);
    let Some(key) = Key::from_event(&event) else {
        feed_text(app, ctx, event);
        return vec![];
    };
    let intent = keymap::resolve(ctx, key);
    let typed = matches!(key, Key::Char(_)) && text_entry(app, ctx);
    match intent {
        Some(i) if !typed => handle(app, ctx, i),
        _ => {
            feed_text(app, ctx, event);
            vec![]
        }
    }
}

fn feed_text(app: &mut App, ctx: Context, event: KeyEvent) {
    let input = match ctx {
        Context::Connect if !app.connect.focus_profile => &mut app.connect.server,
        Context::SignIn => match app.sign_in.focus {
            SignInField::User => &mut app.sign_in.user,
            SignInField::Password => app.sign_in.password.input_mut(),
            SignInField::Tenant => &mut app.sign_in.tenant,
            SignInField::AppId => &mut app.sign_in.app_id,
            SignInField::Authority => &mut app.sign_in.authority,
            SignInField::Region => {
                app.dirty = false;
                return;
            }
        },
        Context::OrgFilter => &mut app.orgs.filter,
        Context::BrowseFilter => match app.browser.as_mut() {
            Some(b) => &mut b.filter,
            None => return,
        },
        Context::Explore => match restore::form_input(app) {
            Some(i) => i,
            None => {
                app.dirty = false;
                return;
            }
        },
        Context::Wizard => match organizations::focused_input(app) {
            Some(i) => i,
            None => {
                app.dirty = false;
                return;
            }
        },
        Context::Palette => match &mut app.palette {
            Some(p) => {
                p.selected = 0;
                &mut p.input
            }
            None => return,
        },
        _ => {
            app.dirty = false;
            return;
        }
    };
    input.handle_event(&Event::Key(event));
}

fn handle(app: &mut App, ctx: Context, intent: Intent) -> Vec<Command> {
    match intent {
        Intent::ForceQuit => quit(app),
        Intent::Suspend => vec![Command::Suspend],
        Intent::Help => {
            app.help_open = true;
            vec![]
        }
        Intent::Palette => {
            app.palette = Some(PaletteState::default());
            vec![]
        }
        Intent::Quit if ctx == Context::TooSmall => quit(app),
        Intent::Quit => ask_quit(app),
        _ => match ctx {
            Context::Connect => connect_key(app, intent),
            Context::TrustPrompt => trust_key(app, intent),
            Context::CertChanged => {
                app.cert_change = None;
                app.screen = Screen::Connect;
                vec![]
            }
            Context::SignIn => sign_in_key(app, intent),
            Context::Home => home_key(app, intent),
            Context::DeviceCode => device_code_key(app, intent),
            Context::CodePanel => code_key(app, intent),
            Context::Organizations => organizations::list_key(app, intent),
            Context::OrgFilter => organizations::filter_key(app, intent),
            Context::OrgDetails => organizations::details_key(app, intent),
            Context::Wizard | Context::WizardReview => organizations::wizard_key(app, intent),
            Context::Explore => restore::form_key(app, intent),
            Context::Session => restore::session_key(app, intent),
            Context::ConfirmStop => restore::confirm_stop_key(app, intent),
            Context::Sessions => restore::list_key(app, intent),
            Context::Browse => {
                let height = app.size.1.saturating_sub(8) as u64;
                restore::browse_key(app, intent, height)
            }
            Context::BrowseFilter => restore::browse_filter_key(app, intent),
            Context::BrowseDetails => {
                if let Some(b) = app.browser.as_mut() {
                    b.details = false;
                }
                vec![]
            }
            Context::LeavePrompt => restore::leave_key(app, intent),
            Context::Help => {
                app.help_open = false;
                vec![]
            }
            Context::Palette => palette_key(app, intent),
            Context::QuitConfirm => {
                if intent == Intent::Confirm {
                    quit(app)
                } else {
                    app.quit_confirm = false;
                    vec![]
                }
            }
            Context::Error => {
                app.error = None;
                vec![]
            }
            Context::TooSmall => vec![],
        },
    }
}

fn quit(app: &mut App) -> Vec<Command> {
    app.should_quit = true;
    vec![Command::Quit]
}

/// `q` quits at once when idle and asks first while a request is in flight.
fn ask_quit(app: &mut App) -> Vec<Command> {
    if let Some(cmds) = restore::leaving(app, LeaveIntent::Quit) {
        return cmds;
    }
    if app.in_flight > 0 {
        app.quit_confirm = true;
        vec![]
    } else {
        quit(app)
    }
}

/// How to trust a server: the command line's choice, else a remembered pin.
fn trust_for(app: &App, url: &str) -> TrustMode {
    if app.trust != TrustMode::System {
        return app.trust.clone();
    }
    app.config
        .profile_for_server(url)
        .and_then(|p| p.fingerprint.as_deref())
        .and_then(Fingerprint::parse)
        .map(TrustMode::Pinned)
        .unwrap_or(TrustMode::System)
}

fn start_connect(app: &mut App, trust: TrustMode, forced: bool) -> Vec<Command> {
    let url = normalize_server_url(app.connect.server.value());
    if url.is_empty() {
        app.connect.error =
            Some("Enter the server address, for example vbo01 or https://vbo01:4443.".into());
        return vec![];
    }
    if let Some(problem) = server_url_problem(&url) {
        app.connect.error = Some(problem);
        return vec![];
    }
    app.connect.error = None;
    app.in_flight += 1;
    app.server = Some(ServerInfo {
        url: url.clone(),
        version: None,
        build: None,
        trust: trust.clone(),
    });
    vec![Command::Connect {
        server: url,
        trust,
        forced: if forced { app.forced_version } else { None },
    }]
}

fn connect_key(app: &mut App, intent: Intent) -> Vec<Command> {
    match intent {
        Intent::Submit => {
            let url = normalize_server_url(app.connect.server.value());
            let trust = trust_for(app, &url);
            start_connect(app, trust, true)
        }
        Intent::Redetect => {
            let url = normalize_server_url(app.connect.server.value());
            let trust = trust_for(app, &url);
            start_connect(app, trust, false)
        }
        Intent::NextField | Intent::PrevField => {
            if !app.config.profiles.is_empty() {
                app.connect.focus_profile = !app.connect.focus_profile;
            }
            vec![]
        }
        Intent::NextMode if app.connect.focus_profile => {
            let n = app.config.profiles.len();
            if n > 0 {
                let next = app.connect.profile.map_or(0, |i| (i + 1) % n);
                app.connect.profile = Some(next);
                let p = &app.config.profiles[next];
                app.connect.server = Input::new(p.server.clone());
                if let Some(u) = &p.username {
                    app.sign_in.user = Input::new(u.clone());
                }
            }
            vec![]
        }
        _ => vec![],
    }
}

fn trust_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let Some(prompt) = app.trust_prompt.take() else {
        return vec![];
    };
    let fp = prompt.cert.fingerprint;
    match intent {
        Intent::TrustOnce | Intent::TrustRemember => {
            // Remember first: its notice then arrives before the connection result.
            let mut cmds = Vec::new();
            if intent == Intent::TrustRemember {
                let server = normalize_server_url(app.connect.server.value());
                let user = Some(app.sign_in.user.value().to_string()).filter(|u| !u.is_empty());
                cmds.push(Command::RememberPin {
                    server,
                    fingerprint: fp,
                    user,
                });
            }
            cmds.extend(start_connect(app, TrustMode::Pinned(fp), true));
            cmds
        }
        _ => {
            app.connect.error =
                Some("Connection cancelled: the certificate was not trusted.".into());
            vec![]
        }
    }
}

fn sign_in_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let regions = app.regions().len();
    let s = &mut app.sign_in;
    let fields = s.mode.fields();
    let at = fields.iter().position(|f| *f == s.focus).unwrap_or(0);
    match intent {
        Intent::NextField => s.focus = fields[(at + 1) % fields.len()],
        Intent::PrevField => s.focus = fields[(at + fields.len() - 1) % fields.len()],
        Intent::Right if s.focus == SignInField::Region => s.region = (s.region + 1) % regions,
        Intent::Left if s.focus == SignInField::Region => {
            s.region = (s.region + regions - 1) % regions
        }
        Intent::NextMode => {
            let i = SignInMode::ALL
                .iter()
                .position(|m| *m == s.mode)
                .unwrap_or(0);
            s.mode = SignInMode::ALL[(i + 1) % SignInMode::ALL.len()];
            s.focus = s.mode.fields()[0];
            s.error = None;
        }
        Intent::Back => app.screen = Screen::Connect,
        Intent::Submit if s.mode == SignInMode::Administrator => return submit_password(app),
        Intent::Submit => return submit_device_sign_in(app),
        _ => {}
    }
    vec![]
}

fn submit_password(app: &mut App) -> Vec<Command> {
    let s = &mut app.sign_in;
    let user = s.user.value().trim().to_string();
    if user.is_empty() {
        s.error = Some("Enter the user name.".into());
        s.focus = SignInField::User;
        return vec![];
    }
    if s.password.value().is_empty() {
        s.error = Some("Enter the password.".into());
        s.focus = SignInField::Password;
        return vec![];
    }
    s.error = None;
    let password = s.password.to_secret();
    app.in_flight += 1;
    vec![Command::SignIn { user, password }]
}

/// A tenant name: `contoso.onmicrosoft.com` or a verified domain.
pub fn valid_tenant(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Tenant or restore-operator sign-in: validate, then a Microsoft device code.
fn submit_device_sign_in(app: &mut App) -> Vec<Command> {
    let s = &mut app.sign_in;
    let tenant = s.tenant.value().trim().to_ascii_lowercase();
    let fail = |s: &mut super::state::SignInState, field, msg: &str| {
        s.error = Some(msg.to_string());
        s.focus = field;
        vec![]
    };
    if !valid_tenant(&tenant) {
        return fail(
            s,
            SignInField::Tenant,
            "Enter the tenant: contoso.onmicrosoft.com or a verified domain such as contoso.com.",
        );
    }
    let app_id = s.app_id.value().trim().to_string();
    if !app_id.is_empty() && uuid::Uuid::try_parse(&app_id).is_err() {
        return fail(
            s,
            SignInField::AppId,
            "The application (client) id must be a GUID, or empty for the default.",
        );
    }
    let authority = s.authority.value().trim().trim_end_matches('/').to_string();
    if !(authority.is_empty()
        || authority.starts_with("https://")
        || authority.starts_with("http://"))
    {
        return fail(
            s,
            SignInField::Authority,
            "The authority must be a URL such as https://login.microsoftonline.com, or empty for the region's.",
        );
    }
    s.error = None;
    let region = app.regions()[app.sign_in.region.min(app.regions().len() - 1)].clone();
    let authority = if authority.is_empty() {
        authority_for_region(&region).to_string()
    } else {
        authority
    };
    let client_id = if app_id.is_empty() {
        DEFAULT_CLIENT_ID.to_string()
    } else {
        app_id
    };
    let (purpose, title) = match app.sign_in.mode {
        SignInMode::Operator => (
            CodePurpose::Operator {
                tenant: tenant.clone(),
            },
            format!("Restore operator sign-in to {tenant}"),
        ),
        _ => (
            CodePurpose::Tenant {
                tenant: tenant.clone(),
            },
            format!("Microsoft 365 sign-in for {tenant}"),
        ),
    };
    start_code(
        app,
        purpose,
        title,
        CodeSpec::Microsoft {
            authority,
            tenant,
            client_id,
        },
    )
}

/// Shows a new panel and starts its engine, stopping any previous one.
fn start_code(app: &mut App, purpose: CodePurpose, title: String, spec: CodeSpec) -> Vec<Command> {
    let mut cmds = stop_code(app);
    let id = app.next_code_id;
    app.next_code_id += 1;
    app.code = Some(CodePanel {
        id,
        purpose,
        title,
        state: CodeState::Requesting,
        inverted: false,
    });
    cmds.push(Command::StartCode { id, spec });
    cmds
}

fn stop_code(app: &mut App) -> Vec<Command> {
    match app.code.take() {
        Some(c) if !c.state.is_final() => vec![Command::StopCode { id: c.id }],
        _ => vec![],
    }
}

fn code_update(app: &mut App, update: crate::poll::CodeUpdate) -> Vec<Command> {
    let Some(panel) = app.code.as_mut().filter(|c| c.id == update.id) else {
        app.dirty = false;
        return vec![];
    };
    let user_code = panel.state.pending().map(|p| p.user_code.clone());
    panel.state = update.state;
    if panel.state != CodeState::Approved {
        return vec![];
    }
    let purpose = panel.purpose.clone();
    match (purpose, update.token) {
        (CodePurpose::Tenant { tenant }, Some(assertion)) => {
            app.in_flight += 1;
            app.message = Some(format!(
                "Microsoft sign-in approved; signing in to VB365 as {tenant}…"
            ));
            vec![Command::SignInAssertion {
                grant: AssertionGrant::Tenant,
                client_id: tenant,
                assertion,
            }]
        }
        (CodePurpose::Operator { tenant }, Some(assertion)) => {
            app.in_flight += 1;
            app.message =
                Some("Microsoft sign-in approved; signing in as restore operator…".into());
            vec![Command::SignInAssertion {
                grant: AssertionGrant::Operator,
                client_id: tenant,
                assertion,
            }]
        }
        (CodePurpose::Onboarding { .. }, _) => {
            organizations::onboarding_code_approved(app, user_code)
        }
        (CodePurpose::Restore { session_id }, _) => {
            restore::restore_code_approved(app, &session_id, user_code)
        }
        (CodePurpose::Check { .. }, _) => {
            app.message = Some(format!(
                "The code {} was used to sign in; it can now add an organization.",
                user_code.unwrap_or_default()
            ));
            vec![]
        }
        _ => vec![],
    }
}

fn code_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let Some(panel) = app.code.as_mut() else {
        return vec![];
    };
    match intent {
        Intent::Invert => panel.inverted = !panel.inverted,
        Intent::Copy => {
            if let Some(p) = panel.state.pending() {
                let code = p.user_code.clone();
                app.message = Some(format!(
                    "Copied {code} (OSC 52). If your terminal ignores OSC 52, type it: {code}"
                ));
                return vec![Command::Copy { text: code }];
            }
            app.message = Some("No code to copy yet.".into());
        }
        Intent::NewCode => {
            if matches!(
                panel.state,
                CodeState::Expired | CodeState::Declined | CodeState::Failed(_)
            ) {
                let (purpose, title) = (panel.purpose.clone(), panel.title.clone());
                return match &purpose {
                    CodePurpose::Check { region } => {
                        let spec = CodeSpec::Vb365(Vb365Code::New {
                            region: region.clone(),
                        });
                        start_code(app, purpose, title, spec)
                    }
                    _ => submit_device_sign_in(app),
                };
            }
            app.message =
                Some("A new code is available once this one has expired or was declined.".into());
        }
        // v4/v5 cannot check a code: the operator says it was used.
        Intent::Confirm if panel.state.pending().is_some_and(|p| p.manual) => {
            let id = panel.id;
            panel.state = CodeState::Approved;
            app.message = Some("Marked as signed in.".into());
            return vec![Command::StopCode { id }];
        }
        Intent::Back => {
            let cmds = stop_code(app);
            app.message = Some("Device code cancelled.".into());
            // In the wizard the panel is a step: cancelling goes back one.
            if app.screen == Screen::AddOrganization
                && let Some(w) = app.wizard.as_mut()
            {
                w.step = w.step.saturating_sub(1);
                w.focus = 0;
            }
            return cmds;
        }
        _ => {}
    }
    vec![]
}

fn device_code_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let n = app.regions().len();
    match intent {
        Intent::Right => app.device_code_region = (app.device_code_region + 1) % n,
        Intent::Left => app.device_code_region = (app.device_code_region + n - 1) % n,
        Intent::Submit => {
            let region = app.regions()[app.device_code_region % n].clone();
            let title = format!("VB365 device code ({})", app.version().region_name(&region));
            let spec = CodeSpec::Vb365(Vb365Code::New {
                region: region.clone(),
            });
            return start_code(app, CodePurpose::Check { region }, title, spec);
        }
        Intent::Back => app.screen = Screen::Home,
        _ => {}
    }
    vec![]
}

fn home_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let n = HomeEntry::ALL.len();
    match intent {
        Intent::Down => app.home_selected = (app.home_selected + 1) % n,
        Intent::Up => app.home_selected = (app.home_selected + n - 1) % n,
        Intent::Submit => return open_entry(app, HomeEntry::ALL[app.home_selected]),
        Intent::Redetect => {
            app.in_flight += 1;
            return vec![Command::FetchServerBuild];
        }
        _ => {}
    }
    vec![]
}

fn open_entry(app: &mut App, entry: HomeEntry) -> Vec<Command> {
    match entry {
        HomeEntry::SignOut => sign_out(app),
        HomeEntry::DeviceCode if app.session.is_some() => {
            app.screen = Screen::DeviceCode;
            vec![]
        }
        HomeEntry::Organizations if app.session.is_some() => organizations::open_list(app),
        HomeEntry::RestoreSessions if app.session.is_some() => restore::open_list(app),
        HomeEntry::AddOrganization if app.session.is_some() => organizations::open_wizard(app),
        other => {
            app.message = Some(format!("Sign in first to open {}.", other.label()));
            vec![]
        }
    }
}

fn sign_out(app: &mut App) -> Vec<Command> {
    if app.session.is_none() {
        return vec![];
    }
    if let Some(cmds) = restore::leaving(app, LeaveIntent::SignOut) {
        return cmds;
    }
    vec![Command::StopWatching, Command::SignOut]
}

fn palette_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let Some(p) = &mut app.palette else {
        return vec![];
    };
    let matches = p.matches();
    match intent {
        Intent::Dismiss => app.palette = None,
        Intent::Down if !matches.is_empty() => {
            p.selected = (p.selected + 1) % matches.len();
        }
        Intent::Complete => {
            if let Some(m) = matches.get(p.selected) {
                p.input = Input::new(m.to_string());
                p.selected = 0;
            }
        }
        Intent::Submit => {
            let Some(target) = matches.get(p.selected).copied() else {
                app.message = Some("No screen matches; Esc closes the palette.".into());
                return vec![];
            };
            app.palette = None;
            return go_to(app, target);
        }
        _ => {}
    }
    vec![]
}

fn go_to(app: &mut App, target: &str) -> Vec<Command> {
    // Leaving a screen stops its device code.
    let mut cmds = if matches!(target, "help" | "quit") {
        vec![]
    } else {
        stop_code(app)
    };
    cmds.extend(go_to_screen(app, target));
    cmds
}

fn go_to_screen(app: &mut App, target: &str) -> Vec<Command> {
    match target {
        "home" if app.session.is_some() => {
            app.screen = Screen::Home;
            vec![]
        }
        "home" => {
            app.message = Some("Sign in first.".into());
            vec![]
        }
        "organizations" => open_entry(app, HomeEntry::Organizations),
        "add organization" => open_entry(app, HomeEntry::AddOrganization),
        "restore sessions" => open_entry(app, HomeEntry::RestoreSessions),
        "device code" => open_entry(app, HomeEntry::DeviceCode),
        "sign out" => sign_out(app),
        "connect" => {
            app.screen = Screen::Connect;
            sign_out(app)
        }
        "help" => {
            app.help_open = true;
            vec![]
        }
        "quit" => ask_quit(app),
        _ => vec![],
    }
}
