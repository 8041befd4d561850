//! Keys as data: the intent vocabulary and one table per page or modal. The footer hints and the `?` help overlay are
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

pub const fn b(keys: &'static [Key], intent: Intent, hint: &'static str, footer: bool) -> Binding {
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

pub fn always() -> &'static [Binding] {
    &ALWAYS
}

/// The intent of a key in a table (the global bindings first).
pub fn resolve(table: &[Binding], key: Key) -> Option<Intent> {
    always()
        .iter()
        .chain(table)
        .find(|b| b.keys.contains(&key))
        .map(|b| b.intent)
}

/// `Enter connect · Tab next field · …` for the footer.
pub fn footer_hints(table: &[Binding]) -> Vec<(String, &'static str)> {
    table
        .iter()
        .filter(|b| b.footer)
        .map(|b| (b.keys[0].label(), b.hint))
        .collect()
}

/// Checks a table: every key resolves to its own binding, and the footer says something.
#[cfg(test)]
pub fn check_table(name: &str, table: &[Binding]) {
    for b in table {
        for k in b.keys {
            assert_eq!(resolve(table, *k), Some(b.intent), "{name} {k:?}");
        }
    }
    assert!(!footer_hints(table).is_empty(), "{name} has no footer");
}
