//! The device-code panel a page owns: its state, its keys, and what they lead to. The page
//! decides what an approved code is for.

use crate::poll::CodeState;

use super::keymap::{Binding, Intent, Key, b};
use super::shared::RequestId;

#[derive(Clone, Debug)]
pub struct CodePanel {
    /// The request whose updates this panel shows.
    pub id: RequestId,
    pub title: String,
    pub state: CodeState,
    pub inverted: bool,
}

/// What a key on the panel asks of the page that owns it.
#[derive(Debug, PartialEq, Eq)]
pub enum PanelKey {
    /// Handled inside the panel (invert, a message).
    Done,
    Copy(String),
    /// The code is gone: the page starts a new one for the same purpose.
    NewCode,
    /// v4/v5 cannot check a code: the operator says it was used.
    MarkedUsed,
    Cancel,
    /// Not a panel key.
    Other,
}

pub const BINDINGS: [Binding; 7] = [
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

impl CodePanel {
    pub fn new(id: RequestId, title: String) -> Self {
        CodePanel {
            id,
            title,
            state: CodeState::Requesting,
            inverted: false,
        }
    }

    /// The countdown is running.
    pub fn counting_down(&self) -> bool {
        self.state.pending().is_some()
    }

    /// The code can be replaced by a new one.
    pub fn is_gone(&self) -> bool {
        matches!(
            self.state,
            CodeState::Expired | CodeState::Declined | CodeState::Failed(_)
        )
    }

    pub fn user_code(&self) -> Option<String> {
        self.state.pending().map(|p| p.user_code.clone())
    }

    /// A key while the panel is shown; `message` is the status line.
    pub fn on_intent(&mut self, intent: Intent, message: &mut Option<String>) -> PanelKey {
        match intent {
            Intent::Invert => {
                self.inverted = !self.inverted;
                PanelKey::Done
            }
            Intent::Copy => match self.user_code() {
                Some(code) => {
                    *message = Some(format!(
                        "Copied {code} (OSC 52). If your terminal ignores OSC 52, type it: {code}"
                    ));
                    PanelKey::Copy(code)
                }
                None => {
                    *message = Some("No code to copy yet.".into());
                    PanelKey::Done
                }
            },
            Intent::NewCode if self.is_gone() => PanelKey::NewCode,
            Intent::NewCode => {
                *message = Some(
                    "A new code is available once this one has expired or was declined.".into(),
                );
                PanelKey::Done
            }
            Intent::Confirm if self.state.pending().is_some_and(|p| p.manual) => {
                self.state = CodeState::Approved;
                *message = Some("Marked as signed in.".into());
                PanelKey::MarkedUsed
            }
            Intent::Back => {
                *message = Some("Device code cancelled.".into());
                PanelKey::Cancel
            }
            _ => PanelKey::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panel_table_resolves() {
        crate::app::keymap::check_table("code panel", &BINDINGS);
    }

    #[test]
    fn keys_follow_the_state() {
        let mut p = CodePanel::new(1, "t".into());
        let mut msg = None;
        assert_eq!(p.on_intent(Intent::Copy, &mut msg), PanelKey::Done);
        assert_eq!(msg.as_deref(), Some("No code to copy yet."));
        assert_eq!(p.on_intent(Intent::NewCode, &mut msg), PanelKey::Done);
        p.state = CodeState::Expired;
        assert_eq!(p.on_intent(Intent::NewCode, &mut msg), PanelKey::NewCode);
        assert_eq!(p.on_intent(Intent::Back, &mut msg), PanelKey::Cancel);
    }
}
