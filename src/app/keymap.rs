//! Keys as data: one table per context. The footer hints and the `?` help overlay are
//! generated from these tables, so they cannot disagree with what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for, before the screen interprets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    Quit,
    ForceQuit,
    Help,
    Palette,
    Submit,
    NextField,
    PrevField,
    Up,
    Down,
    Back,
    TrustOnce,
    TrustRemember,
    NextMode,
    Dismiss,
    Confirm,
    Deny,
    Complete,
    Redetect,
    Suspend,
    Copy,
    NewCode,
    Invert,
    Left,
    Right,
    Filter,
    Add,
    Explore,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Stop,
    Browse,
    Leave,
    CycleState,
    CycleOrder,
    CycleRange,
    OpenChildren,
    ServerSearch,
    Refresh,
}

/// Where the keyboard is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Connect,
    SignIn,
    Home,
    DeviceCode,
    CodePanel,
    Organizations,
    OrgFilter,
    OrgDetails,
    Wizard,
    WizardReview,
    Explore,
    Session,
    ConfirmStop,
    Sessions,
    Browse,
    BrowseFilter,
    BrowseDetails,
    LeavePrompt,
    TrustPrompt,
    CertChanged,
    Help,
    Palette,
    QuitConfirm,
    Error,
    TooSmall,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

impl Key {
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift-Tab".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::F(n) => format!("F{n}"),
        }
    }

    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        Some(match e.code {
            KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Tab => Key::Tab,
            KeyCode::BackTab => Key::BackTab,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::F(n) => Key::F(n),
            _ => return None,
        })
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub intent: Intent,
    pub hint: &'static str,
    /// Shown in the footer (help shows every binding).
    pub footer: bool,
}

const fn b(keys: &'static [Key], intent: Intent, hint: &'static str, footer: bool) -> Binding {
    Binding {
        keys,
        intent,
        hint,
        footer,
    }
}

const ALWAYS: [Binding; 2] = [
    b(&[Key::Ctrl('c')], Intent::ForceQuit, "quit now", false),
    b(
        &[Key::Ctrl('z')],
        Intent::Suspend,
        "suspend to the shell",
        false,
    ),
];

const CONNECT: [Binding; 7] = [
    b(&[Key::Enter], Intent::Submit, "connect", true),
    b(
        &[Key::Tab, Key::Down],
        Intent::NextField,
        "next field",
        true,
    ),
    b(
        &[Key::BackTab, Key::Up],
        Intent::PrevField,
        "previous field",
        false,
    ),
    b(
        &[Key::Char(' ')],
        Intent::NextMode,
        "next profile (on the profile line)",
        false,
    ),
    b(&[Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Quit, "quit", true),
    b(
        &[Key::Ctrl('r')],
        Intent::Redetect,
        "detect the API version again",
        false,
    ),
];

const SIGN_IN: [Binding; 8] = [
    b(&[Key::Enter], Intent::Submit, "sign in", true),
    b(
        &[Key::Right, Key::Char(' ')],
        Intent::Right,
        "next region (on the region line)",
        false,
    ),
    b(
        &[Key::Left],
        Intent::Left,
        "previous region (on the region line)",
        false,
    ),
    b(
        &[Key::Tab, Key::Down],
        Intent::NextField,
        "next field",
        true,
    ),
    b(
        &[Key::BackTab, Key::Up],
        Intent::PrevField,
        "previous field",
        false,
    ),
    b(&[Key::F(2)], Intent::NextMode, "sign-in mode", true),
    b(&[Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back to connect", true),
];

const HOME: [Binding; 7] = [
    b(&[Key::Enter], Intent::Submit, "open", true),
    b(&[Key::Down, Key::Char('j')], Intent::Down, "down", true),
    b(&[Key::Up, Key::Char('k')], Intent::Up, "up", false),
    b(&[Key::Char(':')], Intent::Palette, "go to", true),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(
        &[Key::Char('r')],
        Intent::Redetect,
        "refresh server info",
        false,
    ),
    b(&[Key::Char('q')], Intent::Quit, "quit", true),
];

const DEVICE_CODE: [Binding; 7] = [
    b(&[Key::Char(':')], Intent::Palette, "go to", false),
    b(&[Key::Char('q')], Intent::Quit, "quit", false),
    b(&[Key::Enter], Intent::Submit, "get a code", true),
    b(
        &[Key::Right, Key::Char(' ')],
        Intent::Right,
        "next region",
        true,
    ),
    b(&[Key::Left], Intent::Left, "previous region", false),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back", true),
];

const CODE_PANEL: [Binding; 7] = [
    b(&[Key::Char('q')], Intent::Quit, "quit", false),
    b(&[Key::Char('c')], Intent::Copy, "copy code", true),
    b(&[Key::Char('n')], Intent::NewCode, "new code", true),
    b(&[Key::Char('i')], Intent::Invert, "invert QR", true),
    b(
        &[Key::Enter],
        Intent::Confirm,
        "signed in (v4/v5, no automatic check)",
        false,
    ),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", false),
    b(&[Key::Esc], Intent::Back, "cancel", true),
];

const ORGANIZATIONS: [Binding; 12] = [
    b(&[Key::Char(':')], Intent::Palette, "go to", false),
    b(&[Key::Char('q')], Intent::Quit, "quit", false),
    b(&[Key::Enter], Intent::Submit, "details", true),
    b(&[Key::Down, Key::Char('j')], Intent::Down, "down", false),
    b(&[Key::Up, Key::Char('k')], Intent::Up, "up", false),
    b(&[Key::Home, Key::Char('g')], Intent::Top, "first", false),
    b(&[Key::End, Key::Char('G')], Intent::Bottom, "last", false),
    b(&[Key::Char('/')], Intent::Filter, "filter", true),
    b(&[Key::Char('a')], Intent::Add, "add", true),
    b(&[Key::Char('r')], Intent::Redetect, "refresh", true),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back", true),
];

const ORG_FILTER: [Binding; 2] = [
    b(&[Key::Enter], Intent::Submit, "keep filter", true),
    b(&[Key::Esc], Intent::Back, "clear filter", true),
];

const ORG_DETAILS: [Binding; 6] = [
    b(&[Key::Char(':')], Intent::Palette, "go to", false),
    b(&[Key::Char('q')], Intent::Quit, "quit", false),
    b(&[Key::Char('d')], Intent::NewCode, "device code", true),
    b(&[Key::Char('x')], Intent::Explore, "restore session", true),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back to list", true),
];

const WIZARD: [Binding; 7] = [
    b(&[Key::Enter], Intent::Submit, "next", true),
    b(
        &[Key::Tab, Key::Down],
        Intent::NextField,
        "next field",
        true,
    ),
    b(
        &[Key::BackTab, Key::Up],
        Intent::PrevField,
        "previous field",
        false,
    ),
    b(&[Key::Char(' '), Key::Right], Intent::Right, "choose", true),
    b(&[Key::Left], Intent::Left, "choose back", false),
    b(&[Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back", true),
];

const WIZARD_REVIEW: [Binding; 5] = [
    b(&[Key::Enter], Intent::Submit, "submit", true),
    b(
        &[Key::Down, Key::Tab, Key::Char('j')],
        Intent::NextField,
        "scroll down",
        true,
    ),
    b(
        &[Key::Up, Key::BackTab, Key::Char('k')],
        Intent::PrevField,
        "scroll up",
        false,
    ),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back to change it", true),
];

const EXPLORE: [Binding; 7] = [
    b(&[Key::Enter], Intent::Submit, "start", true),
    b(
        &[Key::Tab, Key::Down],
        Intent::NextField,
        "next field",
        true,
    ),
    b(
        &[Key::BackTab, Key::Up],
        Intent::PrevField,
        "previous field",
        false,
    ),
    b(&[Key::Char(' '), Key::Right], Intent::Right, "choose", true),
    b(&[Key::Left], Intent::Left, "choose back", false),
    b(&[Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back", true),
];

const SESSION: [Binding; 9] = [
    b(&[Key::Char(':')], Intent::Palette, "go to", false),
    b(&[Key::Char('b')], Intent::Browse, "browse", true),
    b(&[Key::Char('s')], Intent::Stop, "stop", true),
    b(
        &[Key::Char('d')],
        Intent::NewCode,
        "restore device code",
        true,
    ),
    b(&[Key::Char('r')], Intent::Refresh, "refresh", false),
    b(
        &[Key::Down, Key::Char('j')],
        Intent::Down,
        "scroll events",
        false,
    ),
    b(
        &[Key::Up, Key::Char('k')],
        Intent::Up,
        "scroll events up",
        false,
    ),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back", true),
];

const CONFIRM_STOP: [Binding; 2] = [
    b(&[Key::Char('y')], Intent::Confirm, "stop the session", true),
    b(&[Key::Char('n'), Key::Esc], Intent::Deny, "keep it", true),
];

const SESSIONS: [Binding; 13] = [
    b(&[Key::Char(':')], Intent::Palette, "go to", false),
    b(&[Key::Enter], Intent::Submit, "open", true),
    b(&[Key::Down, Key::Char('j')], Intent::Down, "down", false),
    b(&[Key::Up, Key::Char('k')], Intent::Up, "up", false),
    b(&[Key::Char('s')], Intent::Stop, "stop", true),
    b(&[Key::Char('n')], Intent::Add, "new", true),
    b(
        &[Key::Char('f')],
        Intent::CycleState,
        "working/stopped",
        true,
    ),
    b(&[Key::Char('o')], Intent::CycleOrder, "order", false),
    b(&[Key::Char('t')], Intent::CycleRange, "time range", false),
    b(&[Key::Char('r')], Intent::Refresh, "refresh", false),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Char('q')], Intent::Quit, "quit", false),
    b(&[Key::Esc], Intent::Back, "back", true),
];

const BROWSE: [Binding; 13] = [
    b(&[Key::Char(':')], Intent::Palette, "go to", false),
    b(&[Key::Enter], Intent::Submit, "details", true),
    b(&[Key::Down, Key::Char('j')], Intent::Down, "down", false),
    b(&[Key::Up, Key::Char('k')], Intent::Up, "up", false),
    b(&[Key::PageDown], Intent::PageDown, "page down", false),
    b(&[Key::PageUp], Intent::PageUp, "page up", false),
    b(&[Key::Home, Key::Char('g')], Intent::Top, "first", false),
    b(&[Key::End, Key::Char('G')], Intent::Bottom, "last", true),
    b(&[Key::Char('/')], Intent::Filter, "filter loaded", true),
    b(
        &[Key::Char('o')],
        Intent::OpenChildren,
        "subsites (sites)",
        false,
    ),
    b(
        &[Key::Char('S')],
        Intent::ServerSearch,
        "search by name on the server (teams)",
        false,
    ),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back", true),
];

const BROWSE_FILTER: [Binding; 2] = [
    b(&[Key::Enter], Intent::Submit, "keep filter", true),
    b(&[Key::Esc], Intent::Back, "clear filter", true),
];

const BROWSE_DETAILS: [Binding; 1] = [b(&[Key::Esc, Key::Enter], Intent::Back, "back", true)];

const LEAVE_PROMPT: [Binding; 3] = [
    b(&[Key::Char('s')], Intent::Stop, "stop them", true),
    b(&[Key::Char('l')], Intent::Leave, "leave them running", true),
    b(&[Key::Esc, Key::Char('c')], Intent::Back, "cancel", true),
];

const TRUST: [Binding; 3] = [
    b(&[Key::Char('o')], Intent::TrustOnce, "trust once", true),
    b(
        &[Key::Char('a')],
        Intent::TrustRemember,
        "trust and remember",
        true,
    ),
    b(&[Key::Esc, Key::Char('c')], Intent::Back, "cancel", true),
];

const CERT_CHANGED: [Binding; 2] = [
    b(
        &[Key::Esc, Key::Enter],
        Intent::Back,
        "back to connect",
        true,
    ),
    b(&[Key::Char('q')], Intent::Quit, "quit", true),
];

const HELP: [Binding; 2] = [
    b(
        &[Key::Esc, Key::Char('?'), Key::F(1)],
        Intent::Dismiss,
        "close help",
        true,
    ),
    b(&[Key::Char('q')], Intent::Dismiss, "close help", false),
];

const PALETTE: [Binding; 4] = [
    b(&[Key::Enter], Intent::Submit, "go", true),
    b(&[Key::Tab], Intent::Complete, "complete", true),
    b(
        &[Key::Down, Key::BackTab, Key::Up],
        Intent::Down,
        "next match",
        true,
    ),
    b(&[Key::Esc], Intent::Dismiss, "close", true),
];

const QUIT_CONFIRM: [Binding; 2] = [
    b(&[Key::Char('y'), Key::Enter], Intent::Confirm, "quit", true),
    b(&[Key::Char('n'), Key::Esc], Intent::Deny, "stay", true),
];

const ERROR: [Binding; 1] = [b(&[Key::Esc, Key::Enter], Intent::Dismiss, "dismiss", true)];

const TOO_SMALL: [Binding; 1] = [b(&[Key::Char('q')], Intent::Quit, "quit", true)];

pub fn bindings(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Connect => &CONNECT,
        Context::SignIn => &SIGN_IN,
        Context::Home => &HOME,
        Context::DeviceCode => &DEVICE_CODE,
        Context::CodePanel => &CODE_PANEL,
        Context::Organizations => &ORGANIZATIONS,
        Context::OrgFilter => &ORG_FILTER,
        Context::OrgDetails => &ORG_DETAILS,
        Context::Wizard => &WIZARD,
        Context::WizardReview => &WIZARD_REVIEW,
        Context::Explore => &EXPLORE,
        Context::Session => &SESSION,
        Context::ConfirmStop => &CONFIRM_STOP,
        Context::Sessions => &SESSIONS,
        Context::Browse => &BROWSE,
        Context::BrowseFilter => &BROWSE_FILTER,
        Context::BrowseDetails => &BROWSE_DETAILS,
        Context::LeavePrompt => &LEAVE_PROMPT,
        Context::TrustPrompt => &TRUST,
        Context::CertChanged => &CERT_CHANGED,
        Context::Help => &HELP,
        Context::Palette => &PALETTE,
        Context::QuitConfirm => &QUIT_CONFIRM,
        Context::Error => &ERROR,
        Context::TooSmall => &TOO_SMALL,
    }
}

pub fn always() -> &'static [Binding] {
    &ALWAYS
}

/// The intent of a key in a context (global bindings first).
pub fn resolve(ctx: Context, key: Key) -> Option<Intent> {
    always()
        .iter()
        .chain(bindings(ctx))
        .find(|b| b.keys.contains(&key))
        .map(|b| b.intent)
}

/// `Enter connect · Tab next field · …` for the footer.
pub fn footer_hints(ctx: Context) -> Vec<(String, &'static str)> {
    bindings(ctx)
        .iter()
        .filter(|b| b.footer)
        .map(|b| (b.keys[0].label(), b.hint))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_footer_key_resolves_to_its_binding() {
        for ctx in [
            Context::Connect,
            Context::SignIn,
            Context::Home,
            Context::DeviceCode,
            Context::CodePanel,
            Context::Organizations,
            Context::OrgFilter,
            Context::OrgDetails,
            Context::Wizard,
            Context::WizardReview,
            Context::Explore,
            Context::Session,
            Context::ConfirmStop,
            Context::Sessions,
            Context::Browse,
            Context::BrowseFilter,
            Context::BrowseDetails,
            Context::LeavePrompt,
            Context::TrustPrompt,
            Context::CertChanged,
            Context::Help,
            Context::Palette,
            Context::QuitConfirm,
            Context::Error,
            Context::TooSmall,
        ] {
            for b in bindings(ctx) {
                for k in b.keys {
                    assert_eq!(resolve(ctx, *k), Some(b.intent), "{ctx:?} {k:?}");
                }
            }
            assert!(!footer_hints(ctx).is_empty());
        }
        assert_eq!(
            resolve(Context::Home, Key::Ctrl('c')),
            Some(Intent::ForceQuit)
        );
    }
}
