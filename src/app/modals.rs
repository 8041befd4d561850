//! The modal stack: trust prompt, help, palette, confirmations, the question about working
//! sessions, quit, errors. The top modal gets the keys; drawing goes bottom to top.

use tui_input::Input;

use crate::api::CertificateInfo;

use super::keymap::{Binding, Intent, Key, b};
use super::shared::PageId;

/// The certificate a server presented that is not trusted yet.
#[derive(Clone, Debug)]
pub struct TrustPrompt {
    pub cert: CertificateInfo,
    pub reason: String,
}

/// What the operator was doing when asked about working sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveIntent {
    Quit,
    SignOut,
    /// Sign out and go back to the connect page.
    Connect,
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
    /// A request is in flight: quit anyway?
    Quit,
    /// An error that keeps its full text until dismissed.
    Error(String),
}

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

const HELP: [Binding; 6] = [
    b(&[Key::Down, Key::Char('j')], Intent::Down, "scroll", true),
    b(&[Key::Up, Key::Char('k')], Intent::Up, "scroll up", false),
    b(
        &[Key::PageDown, Key::Char(' ')],
        Intent::PageDown,
        "page down",
        false,
    ),
    b(&[Key::PageUp], Intent::PageUp, "page up", false),
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

const CONFIRM: [Binding; 2] = [
    b(&[Key::Char('y')], Intent::Confirm, "yes", true),
    b(&[Key::Char('n'), Key::Esc], Intent::Deny, "no", true),
];

const LEAVE: [Binding; 3] = [
    b(&[Key::Char('s')], Intent::Stop, "stop them", true),
    b(&[Key::Char('l')], Intent::Leave, "leave them running", true),
    b(&[Key::Esc, Key::Char('c')], Intent::Back, "cancel", true),
];

const QUIT: [Binding; 2] = [
    b(&[Key::Char('y'), Key::Enter], Intent::Confirm, "quit", true),
    b(&[Key::Char('n'), Key::Esc], Intent::Deny, "stay", true),
];

const ERROR: [Binding; 1] = [b(&[Key::Esc, Key::Enter], Intent::Dismiss, "dismiss", true)];

/// The one binding of a too-small terminal.
pub const TOO_SMALL: [Binding; 1] = [b(&[Key::Char('q')], Intent::Quit, "quit", true)];

impl Modal {
    /// The question before stopping a restore session.
    pub fn stop_session() -> Modal {
        Modal::Confirm(Question {
            page: 0,
            title: "Stop session",
            text: "Stop this restore session? Restores in progress end.".into(),
            yes: "stop the session",
            no: "keep it",
        })
    }

    pub fn bindings(&self) -> &'static [Binding] {
        match self {
            Modal::Trust { .. } => &TRUST,
            Modal::Help { .. } => &HELP,
            Modal::Palette(_) => &PALETTE,
            Modal::Confirm(_) => &CONFIRM,
            Modal::Leave(_) => &LEAVE,
            Modal::Quit => &QUIT,
            Modal::Error(_) => &ERROR,
        }
    }

    /// Typed characters go into the palette's input.
    pub fn typing(&self) -> bool {
        matches!(self, Modal::Palette(_))
    }

    /// The footer of a confirmation names its answers.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        match self {
            Modal::Confirm(q) => vec![("y".into(), q.yes), ("n".into(), q.no)],
            m => super::keymap::footer_hints(m.bindings()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modal_tables_resolve() {
        for (name, t) in [
            ("trust", &TRUST[..]),
            ("help", &HELP[..]),
            ("palette", &PALETTE[..]),
            ("confirm", &CONFIRM[..]),
            ("leave", &LEAVE[..]),
            ("quit", &QUIT[..]),
            ("error", &ERROR[..]),
            ("too small", &TOO_SMALL[..]),
        ] {
            super::super::keymap::check_table(name, t);
        }
    }
}
