//! Keys as data: the intent vocabulary and one table per page or modal, read from
//! `assets/keymap.toml` (embedded) with the config file's `[keys]` overrides. The footer hints
//! and the `?` help overlay are generated from these tables, so they cannot disagree with what
//! the keys do.

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

/// Declares the key tables: each a variant named after its table in `assets/keymap.toml`.
macro_rules! tables {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// A key table of `assets/keymap.toml`, by its id: a test checks that each has its
        /// table there and each table there its id, so looking one up never fails.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Table { $($variant),* }

        impl Table {
            pub const ALL: &[Table] = &[$(Table::$variant),*];
            /// Its bindings, in the order the footer and help show them.
            pub fn bindings(self) -> &'static [Binding] {
                table(self)
            }
            /// Its name in `assets/keymap.toml` and under `[keys.…]` in the config file.
            pub fn name(self) -> &'static str {
                match self { $(Table::$variant => $name),* }
            }
        }
    };
}

tables! {
    Always = "always",
    CodePanel = "code_panel",
    CodePanelManual = "code_panel_manual",
    CodePanelRequesting = "code_panel_requesting",
    CodePanelGone = "code_panel_gone",
    CodePanelUsed = "code_panel_used",
    Trust = "trust",
    Help = "help",
    Palette = "palette",
    Confirm = "confirm",
    Leave = "leave",
    Quit = "quit",
    Error = "error",
    TooSmall = "too_small",
    Connect = "connect",
    CertChanged = "cert_changed",
    SignIn = "sign_in",
    Home = "home",
    DeviceCode = "device_code",
    DeviceCodeUsed = "device_code_used",
    Organizations = "organizations",
    OrganizationsFiltering = "organizations_filtering",
    Organization = "organization",
    AddOrganization = "add_organization",
    AddOrganizationReview = "add_organization_review",
    NewRestoreSession = "new_restore_session",
    RestoreSession = "restore_session",
    RestoreSessions = "restore_sessions",
    Browse = "browse",
    BrowseFiltering = "browse_filtering",
    BrowseSearching = "browse_searching",
    BrowseSearchingTeams = "browse_searching_teams",
    BrowseDetails = "browse_details",
    Save = "save",
    Tasks = "tasks",
    TasksRunning = "tasks_running",
    TasksNoOutlook = "tasks_no_outlook",
    Restore = "restore",
    RestoreConfirm = "restore_confirm",
    SendConfirm = "send_confirm",
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

const DEFAULT: &str = include_str!("../../assets/keymap.toml");

/// One entry of `assets/keymap.toml`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    keys: Vec<String>,
    does: Intent,
    hint: String,
    footer: bool,
}

type Tables = std::collections::HashMap<String, &'static [Binding]>;

static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();

/// Installs the keymap with the config file's `[keys]` overrides; called once at start. A
/// table, action or key the app does not know, or a key bound twice, is an error naming it.
pub fn install(overrides: Option<&toml::Table>) -> Result<(), String> {
    let tables = build(overrides)?;
    let _ = TABLES.set(tables);
    Ok(())
}

/// The bindings of a screen or state.
pub fn table(id: Table) -> &'static [Binding] {
    let tables = TABLES.get_or_init(|| build(None).expect("the embedded keymap"));
    tables.get(id.name()).copied().unwrap_or_default()
}

/// The names of every table, for checks.
pub fn table_names() -> Vec<String> {
    let mut names: Vec<String> = TABLES
        .get_or_init(|| build(None).expect("the embedded keymap"))
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

fn build(overrides: Option<&toml::Table>) -> Result<Tables, String> {
    let parsed: std::collections::HashMap<String, Vec<Entry>> =
        toml::from_str(DEFAULT).map_err(|e| format!("assets/keymap.toml: {e}"))?;
    let mut tables: std::collections::HashMap<String, Vec<(Vec<Key>, Entry)>> =
        std::collections::HashMap::new();
    for (name, entries) in parsed {
        let mut rows = Vec::new();
        for e in entries {
            let keys = e
                .keys
                .iter()
                .map(|k| Key::parse(k).ok_or(format!("assets/keymap.toml [{name}]: key \"{k}\"")))
                .collect::<Result<Vec<_>, _>>()?;
            rows.push((keys, e));
        }
        tables.insert(name, rows);
    }
    for (name, value) in overrides.into_iter().flatten() {
        let Some(rows) = tables.get_mut(name) else {
            let mut known: Vec<&String> = parsed_names(DEFAULT);
            known.sort();
            return Err(format!(
                "[keys.{name}]: no such table; tables are {}",
                join(&known)
            ));
        };
        let toml::Value::Table(actions) = value else {
            return Err(format!("[keys.{name}] must be a table of action = [keys]"));
        };
        for (action, keys) in actions {
            let known: Vec<String> = rows.iter().map(|(_, e)| format!("{:?}", e.does)).collect();
            let row = rows
                .iter_mut()
                .find(|(_, e)| format!("{:?}", e.does) == *action)
                .ok_or_else(|| {
                    format!(
                        "[keys.{name}] {action}: not an action of this table; it has {}",
                        known.join(", ")
                    )
                })?;
            let list: Vec<String> = keys.clone().try_into().map_err(|_| {
                format!("[keys.{name}] {action}: give a list of keys, e.g. [\"x\"]")
            })?;
            row.0 = list
                .iter()
                .map(|k| {
                    Key::parse(k).ok_or(format!("[keys.{name}] {action}: \"{k}\" is not a key"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            if row.0.is_empty() {
                return Err(format!("[keys.{name}] {action}: needs at least one key"));
            }
        }
    }
    let always: Vec<Key> = tables
        .get("always")
        .map(|rows| rows.iter().flat_map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    let mut out = Tables::new();
    for (name, rows) in tables {
        let mut seen: Vec<(Key, String)> = Vec::new();
        for (keys, e) in &rows {
            for k in keys {
                let what = format!("{:?}", e.does);
                if name != "always" && always.contains(k) {
                    return Err(format!(
                        "[keys.{name}] {what}: {} is taken by every screen",
                        k.label()
                    ));
                }
                if let Some((_, other)) = seen.iter().find(|(s, _)| s == k) {
                    return Err(format!(
                        "[keys.{name}] {} is bound to both {other} and {what}",
                        k.label()
                    ));
                }
                seen.push((*k, what));
            }
        }
        // Built once at start and kept for the whole run.
        let bindings: Vec<Binding> = rows
            .into_iter()
            .map(|(keys, e)| Binding {
                keys: Box::leak(keys.into_boxed_slice()),
                intent: e.does,
                hint: Box::leak(e.hint.into_boxed_str()),
                footer: e.footer,
            })
            .collect();
        out.insert(name, Box::leak(bindings.into_boxed_slice()));
    }
    Ok(out)
}

fn parsed_names(text: &str) -> Vec<&String> {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            toml::from_str::<toml::Table>(text)
                .map(|t| t.keys().cloned().collect())
                .unwrap_or_default()
        })
        .iter()
        .collect()
}

fn join(names: &[&String]) -> String {
    names
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// How the screen spells the key of `intent`: the first key bound to it, in the global
/// table first, then in the tables by name; the intent's name if nothing binds it.
pub fn key_for(intent: Intent) -> String {
    let tables = TABLES.get_or_init(|| build(None).expect("the embedded keymap"));
    let mut names: Vec<&String> = tables.keys().collect();
    names.sort_by_key(|n| (n.as_str() != "always", n.as_str()));
    names
        .into_iter()
        .flat_map(|n| tables[n].iter())
        .find(|b| b.intent == intent && !b.keys.is_empty())
        .map(|b| b.keys[0].label())
        .unwrap_or_else(|| format!("{intent:?}"))
}

/// How the screen spells the key of `intent` in `table` (or in the global table): what a
/// message about that screen names, so a rebinding never makes it lie.
pub fn key_in(table: Table, intent: Intent) -> String {
    always()
        .iter()
        .chain(table.bindings())
        .find(|b| b.intent == intent && !b.keys.is_empty())
        .map(|b| b.keys[0].label())
        .unwrap_or_else(|| key_for(intent))
}

pub fn always() -> &'static [Binding] {
    table(Table::Always)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_table_resolves_and_has_a_footer() {
        let names = table_names();
        assert!(names.len() >= 30, "{names:?}");
        // Every table has its id and every id its table: looking one up never fails.
        let ids: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(sorted, names, "tables of assets/keymap.toml and their ids");
        for t in Table::ALL {
            // `always` is in every table's lookup and never in a footer.
            if *t != Table::Always {
                check_table(t.name(), table(*t));
            }
        }
    }

    #[test]
    fn messages_spell_a_rebound_key_as_the_operator_bound_it() {
        // The keymap is the process's: this test installs its own, alone.
        if !crate::testing::alone(
            "app::keymap::tests::messages_spell_a_rebound_key_as_the_operator_bound_it",
        ) {
            return;
        }
        let overrides: toml::Table =
            toml::from_str("[browse]\nVersions = [\"V\"]\nTasks = [\"T\"]").unwrap();
        // Nothing read the keymap yet in this process: the overrides are the ones in use.
        assert!(TABLES.set(build(Some(&overrides)).unwrap()).is_ok());
        assert_eq!(key_in(Table::Browse, Intent::Versions), "V");
        assert_eq!(key_for(Intent::Tasks), "T", "the first table that binds it");
        assert_eq!(key_in(Table::Palette, Intent::Dismiss), "Esc");
    }

    #[test]
    fn keys_are_spelled_as_in_the_file() {
        for (text, key) in [
            ("x", Key::Char('x')),
            ("G", Key::Char('G')),
            ("Space", Key::Char(' ')),
            ("Shift-Tab", Key::BackTab),
            ("PgDn", Key::PageDown),
            ("F1", Key::F(1)),
            ("Ctrl-Z", Key::Ctrl('z')),
        ] {
            assert_eq!(Key::parse(text), Some(key), "{text}");
            assert_eq!(
                Key::from_event(&key.to_event()),
                Some(key),
                "{text} as an event"
            );
        }
        for bad in ["", "F13", "Ctrl-", "Ctrl-ab", "Enterr"] {
            assert_eq!(Key::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_config_file_rebinds_an_action_and_names_mistakes() {
        let over = |text: &str| build(Some(&toml::from_str(text).unwrap()));
        let tables = over("[organization]\nExplore = [\"e\", \"x\"]\n").unwrap();
        let orgs = tables["organization"];
        assert_eq!(resolve(orgs, Key::Char('e')), Some(Intent::Explore));
        assert_eq!(resolve(orgs, Key::Char('x')), Some(Intent::Explore));
        // The footer and help show the new key.
        assert!(footer_hints(orgs).iter().any(|(k, _)| k == "e"));
        let err = |text: &str| over(text).unwrap_err();
        assert!(err("[organisations]\nExplore = [\"e\"]").contains("no such table"));
        assert!(err("[organization]\nExplode = [\"e\"]").contains("not an action"));
        assert!(err("[organization]\nExplore = [\"Hyper-X\"]").contains("is not a key"));
        assert!(err("[organization]\nExplore = []").contains("at least one key"));
        let twice = err("[organization]\nExplore = [\"v\"]");
        assert!(twice.contains("bound to both"), "{twice}");
        assert!(err("[organization]\nExplore = [\"Ctrl-C\"]").contains("every screen"));
    }
}
