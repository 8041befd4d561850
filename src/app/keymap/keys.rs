//! The vocabulary of keys: what a key can do (`Intent`), the keys themselves as the keymap
//! spells them, and a binding of one to the other.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for, before the screen interprets it (`does` in `assets/keymap.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
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
    /// Mark or unmark the row under the cursor.
    Select,
    /// Save what is selected (or under the cursor) to a file.
    Save,
    /// Open the Tasks page.
    Tasks,
    /// Save another way (MSG after a refused PST export).
    Alternative,
    /// The versions of a document.
    Versions,
    /// The attachments of a list item.
    Attachments,
    /// Restore what is selected (or under the cursor).
    Restore,
    /// Open the history of the status line's messages.
    Messages,
    /// Open the form of a failed or cancelled task again, filled in.
    Retry,
    /// Show everything, or only what needs the operator.
    ShowAll,
    /// Start a job now (incremental), or again after it failed.
    Start,
    /// Start an active full backup.
    Full,
    /// Enable what is disabled, disable what is enabled.
    Toggle,
    /// Synchronize (a repository).
    Sync,
    /// Take a proxy in or out of maintenance.
    Maintenance,
    /// Stop taking updates while reading, or take them again.
    Freeze,
    /// Open the last run of a job: its session and log.
    LastRun,
    /// Change the settings of what is shown (an organization).
    Edit,
    /// Authorize an organization again with a device code.
    Reauthorize,
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

    /// A key as `assets/keymap.toml` spells it: "x", "Space", "Enter", "Shift-Tab", "PgDn",
    /// "F1", "Ctrl-C".
    pub fn parse(name: &str) -> Option<Key> {
        let mut chars = name.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Some(Key::Char(c));
        }
        if let Some(c) = name.strip_prefix("Ctrl-") {
            let mut cs = c.chars();
            return match (cs.next(), cs.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => {
                    Some(Key::Ctrl(c.to_ascii_lowercase()))
                }
                _ => None,
            };
        }
        if let Some(n) = name.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
            return (1..=12).contains(&n).then_some(Key::F(n));
        }
        Some(match name {
            "Space" => Key::Char(' '),
            "Enter" => Key::Enter,
            "Esc" => Key::Esc,
            "Tab" => Key::Tab,
            "Shift-Tab" => Key::BackTab,
            "Up" => Key::Up,
            "Down" => Key::Down,
            "Left" => Key::Left,
            "Right" => Key::Right,
            "Home" => Key::Home,
            "End" => Key::End,
            "PgUp" => Key::PageUp,
            "PgDn" => Key::PageDown,
            _ => return None,
        })
    }

    /// The key event this key is (tests press keys as the keymap spells them).
    pub fn to_event(self) -> KeyEvent {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        match self {
            Key::Char(c) => plain(KeyCode::Char(c)),
            Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Enter => plain(KeyCode::Enter),
            Key::Esc => plain(KeyCode::Esc),
            Key::Tab => plain(KeyCode::Tab),
            Key::BackTab => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            Key::Up => plain(KeyCode::Up),
            Key::Down => plain(KeyCode::Down),
            Key::Left => plain(KeyCode::Left),
            Key::Right => plain(KeyCode::Right),
            Key::Home => plain(KeyCode::Home),
            Key::End => plain(KeyCode::End),
            Key::PageUp => plain(KeyCode::PageUp),
            Key::PageDown => plain(KeyCode::PageDown),
            Key::F(n) => plain(KeyCode::F(n)),
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

#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub intent: Intent,
    pub hint: &'static str,
    /// Shown in the footer (help shows every binding).
    pub footer: bool,
}

pub const fn b(keys: &'static [Key], intent: Intent, hint: &'static str, footer: bool) -> Binding {
    Binding {
        keys,
        intent,
        hint,
        footer,
    }
}
