//! Keys as data: the intent vocabulary and one table per page or modal, read from
//! `assets/keymap.toml` (embedded) with the config file's `[keys]` overrides. The footer hints
//! and the `?` help overlay are generated from these tables, so they cannot disagree with what
//! the keys do.

mod build;
mod keys;

pub use keys::{Binding, Intent, Key, b};

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
    Base = "base",
    Keys = "keys",
    RestoreSessionStopped = "restore_session_stopped",
    RestoreSessionOperator = "restore_session_operator",
    Messages = "messages",
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
    GraphReadiness = "graph_readiness",
    AddOrganization = "add_organization",
    AddOrganizationReview = "add_organization_review",
    AddOrganizationReviewWhole = "add_organization_review_whole",
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
    TasksFailed = "tasks_failed",
    TasksDetails = "tasks_details",
    TasksFiltering = "tasks_filtering",
    Today = "today",
    JobSession = "job_session",
    Job = "job",
    Server = "server",
    Restore = "restore",
    RestoreConfirm = "restore_confirm",
    SendConfirm = "send_confirm",
}

use build::{Tables, build};

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

/// How the screen spells the key of `intent`: the first key bound to it, in the global
/// table first, then `base`, then the tables in the keymap's order; the intent's name if nothing binds it.
pub fn key_for(intent: Intent) -> String {
    always()
        .iter()
        .chain(Table::ALL.iter().flat_map(|t| t.bindings()))
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
mod tests;
