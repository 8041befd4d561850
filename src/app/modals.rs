//! The modal stack: trust prompt, help, palette, confirmations, the question about working
//! sessions, quit, errors. The top modal gets the keys; drawing goes bottom to top.

use tui_input::Input;

use crate::api::CertificateInfo;

use super::keymap::Binding;
use super::shared::PageId;
use crate::app::keymap::{Intent, Table, key_in};

/// The certificate a server presented that is not trusted yet.
#[derive(Clone, Debug)]
pub struct TrustPrompt {
    pub cert: CertificateInfo,
    pub reason: String,
}

/// What the operator was doing when asked about working sessions.
pub use super::leaving::LeaveIntent;

#[derive(Debug, Default)]
pub struct PaletteState {
    pub input: Input,
    pub selected: usize,
}

/// What the `:` palette does besides opening pages.
pub const PALETTE_ACTIONS: [&str; 4] = ["sign out", "connect", "help", "quit"];

/// "1 restore session", "3 restore sessions".
pub fn restore_sessions(n: usize) -> String {
    if n == 1 {
        "1 restore session".into()
    } else {
        format!("{n} restore sessions")
    }
}

/// A yes/no question a page asks; the answer goes back to that page as `Confirm` or `Deny`.
#[derive(Clone, Debug)]
pub struct Question {
    pub page: PageId,
    pub title: &'static str,
    pub text: String,
    pub yes: &'static str,
    pub no: &'static str,
}

#[derive(Debug)]
pub enum Modal {
    /// An untrusted certificate: the answer goes to the page that connected.
    Trust {
        page: PageId,
        prompt: TrustPrompt,
    },
    /// The keys of the page underneath; `scroll` is the first line shown.
    Help {
        scroll: usize,
    },
    Palette(PaletteState),
    Confirm(Question),
    /// Restore sessions started here still work: stop them, leave them, or cancel.
    Leave(LeaveIntent),
    /// Restores, downloads or (quitting) calls run: leave anyway?
    Busy(LeaveIntent),
    /// An error that keeps its full text until dismissed.
    Error(String),
}

/// Help scrolls by line or page until its last line is on screen: `lines` in all (a title,
/// a gap, one line per key, a gap, the closing hint) in `room` rows (the body's rows less
/// the popup's borders).
pub fn help_scroll(scroll: usize, intent: Intent, lines: usize, room: usize) -> usize {
    let page = room.saturating_sub(2).max(1);
    match intent {
        Intent::Down => scroll + 1,
        Intent::Up => scroll.saturating_sub(1),
        Intent::PageDown => scroll + page,
        Intent::PageUp => scroll.saturating_sub(page),
        _ => scroll,
    }
    // The first row then holds the "↑ n more" marker: one line more fits below it.
    .min(lines.saturating_sub(room.saturating_sub(1)))
}

impl Modal {
    /// The question before stopping a restore session, naming it.
    pub fn stop_session(session: &crate::api::models::RestoreSession) -> Modal {
        let of = session
            .organization
            .as_deref()
            .map(|o| format!(" of {o}"))
            .unwrap_or_default();
        let when = session.creation_time.0.format("%Y-%m-%d %H:%M UTC");
        Modal::Confirm(Question {
            page: 0,
            title: "Stop session",
            text: format!(
                "Stop the {} restore session{of} started {when}? Restores in progress end.",
                session.kind.label()
            ),
            yes: "stop the session",
            no: "keep it",
        })
    }

    pub fn bindings(&self) -> &'static [Binding] {
        match self {
            Modal::Trust { .. } => Table::Trust.bindings(),
            Modal::Help { .. } => Table::Help.bindings(),
            Modal::Palette(_) => Table::Palette.bindings(),
            Modal::Confirm(_) => Table::Confirm.bindings(),
            Modal::Leave(_) => Table::Leave.bindings(),
            Modal::Busy(_) => Table::Quit.bindings(),
            Modal::Error(_) => Table::Error.bindings(),
        }
    }

    /// Typed characters go into the palette's input.
    pub fn typing(&self) -> bool {
        matches!(self, Modal::Palette(_))
    }

    /// The footer of a confirmation names its answers.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        match self {
            Modal::Confirm(q) => vec![
                (key_in(Table::Confirm, Intent::Confirm), q.yes),
                (key_in(Table::Confirm, Intent::Deny), q.no),
            ],
            Modal::Busy(leave) => vec![
                (
                    key_in(Table::Quit, Intent::Confirm),
                    super::leaving::verbs(*leave).1,
                ),
                (key_in(Table::Quit, Intent::Deny), "stay"),
            ],
            m => super::keymap::footer_hints(m.bindings()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::app::keymap::Table;

    #[test]
    fn modal_tables_resolve() {
        for (name, t) in [
            ("trust", Table::Trust.bindings()),
            ("help", Table::Help.bindings()),
            ("palette", Table::Palette.bindings()),
            ("confirm", Table::Confirm.bindings()),
            ("leave", Table::Leave.bindings()),
            ("quit", Table::Quit.bindings()),
            ("error", Table::Error.bindings()),
            ("too small", Table::TooSmall.bindings()),
        ] {
            super::super::keymap::check_table(name, t);
        }
    }
}
