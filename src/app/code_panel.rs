//! The device-code panel a page owns: its state, its keys, and what they lead to. The page
//! decides what an approved code is for.

use secrecy::SecretString;

use crate::poll::{CodeState, CodeUpdate};

use super::command::{CodeSpec, Command};
use super::keymap::{Binding, Intent};
use super::shared::{RequestId, Shared};
use crate::app::keymap::Table;

#[derive(Clone, Debug)]
pub struct CodePanel {
    /// The request whose updates this panel shows.
    pub id: RequestId,
    pub title: String,
    pub state: CodeState,
    pub inverted: bool,
}

/// What the panel asks the runtime to do, and whether the screen changed. Pages turn it
/// into their `Flow`.
#[derive(Debug, Default)]
pub struct PanelFlow {
    pub commands: Vec<Command>,
    pub changed: bool,
}

impl PanelFlow {
    fn changed() -> Self {
        PanelFlow {
            commands: Vec::new(),
            changed: true,
        }
    }
    fn cmd(command: Command) -> Self {
        PanelFlow {
            commands: vec![command],
            changed: true,
        }
    }
}

/// What a key or an update of the panel leaves for the page that owns it to do.
#[derive(Debug)]
pub enum PanelEvent {
    /// Nothing more (the panel or the status line changed, or nothing did).
    None,
    /// A key the panel does not take: the page may (most ignore it while the panel shows).
    Other(Intent),
    /// The code is gone: the page starts a new one for the same purpose.
    NewCode,
    /// The operator cancelled the code; its polling has stopped.
    Cancelled,
    /// The code was used (checked by the server, or marked by hand on v4/v5): the code shown,
    /// and the token document where the source returns one.
    Used {
        user_code: Option<String>,
        token: Option<SecretString>,
    },
}

/// The panel's keys in its present state: the footer never offers what cannot work now.
pub fn bindings(panel: &CodePanel) -> &'static [Binding] {
    match &panel.state {
        CodeState::Requesting => Table::CodePanelRequesting.bindings(),
        CodeState::Pending(p) if p.manual => Table::CodePanelManual.bindings(),
        CodeState::Pending(_) => Table::CodePanel.bindings(),
        CodeState::Approved => Table::CodePanelUsed.bindings(),
        CodeState::Declined | CodeState::Expired | CodeState::Failed(_) => {
            Table::CodePanelGone.bindings()
        }
    }
}

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
}

/// Shows a new panel for a code from `spec`, stopping the one before.
pub fn start(
    slot: &mut Option<CodePanel>,
    title: String,
    spec: CodeSpec,
    shared: &mut Shared,
) -> PanelFlow {
    let mut flow = stop(slot, shared);
    // A new code replaces what the status line said about the step before.
    shared.status.text = None;
    let (id, cmd) = shared.start_code(spec);
    *slot = Some(CodePanel::new(id, title));
    flow.commands.push(cmd);
    flow
}

/// Takes the panel away and stops its polling.
pub fn stop(slot: &mut Option<CodePanel>, shared: &mut Shared) -> PanelFlow {
    match slot.take() {
        Some(c) if !c.state.is_final() => PanelFlow::cmd(shared.cancel(c.id)),
        _ => PanelFlow::changed(),
    }
}

/// A key while the panel is shown: copy, invert, new code, mark as used, cancel.
pub fn key(
    slot: &mut Option<CodePanel>,
    intent: Intent,
    shared: &mut Shared,
) -> (PanelFlow, PanelEvent) {
    let Some(panel) = slot.as_mut() else {
        return (PanelFlow::default(), PanelEvent::None);
    };
    let message = &mut shared.status.text;
    match intent {
        Intent::Invert => panel.inverted = !panel.inverted,
        Intent::Copy => match panel.user_code() {
            Some(code) => {
                *message = Some(format!(
                    "Copied {code} (OSC 52). If your terminal ignores OSC 52, type it: {code}"
                ));
                return (
                    PanelFlow::cmd(Command::Copy { text: code }),
                    PanelEvent::None,
                );
            }
            None => *message = Some("No code to copy yet.".into()),
        },
        Intent::NewCode if panel.is_gone() => return (PanelFlow::changed(), PanelEvent::NewCode),
        Intent::NewCode => {
            *message =
                Some("A new code is available once this one has expired or was declined.".into())
        }
        // v4/v5 cannot check a code: the operator says it was used; the panel stays.
        Intent::Confirm if panel.state.pending().is_some_and(|p| p.manual) => {
            let user_code = panel.user_code();
            let id = panel.id;
            panel.state = CodeState::Approved;
            *message = Some("Marked as signed in.".into());
            let used = PanelEvent::Used {
                user_code,
                token: None,
            };
            return (PanelFlow::cmd(shared.cancel(id)), used);
        }
        Intent::Back => {
            *message = Some("Device code cancelled.".into());
            return (stop(slot, shared), PanelEvent::Cancelled);
        }
        other => return (PanelFlow::default(), PanelEvent::Other(other)),
    }
    (PanelFlow::changed(), PanelEvent::None)
}

/// An update of a device code: `None` when it is not this panel's.
pub fn update(
    slot: &mut Option<CodePanel>,
    id: RequestId,
    update: CodeUpdate,
) -> Option<PanelEvent> {
    let panel = slot.as_mut().filter(|p| p.id == id)?;
    let user_code = panel.user_code();
    panel.state = update.state;
    if panel.state != CodeState::Approved {
        return Some(PanelEvent::None);
    }
    Some(PanelEvent::Used {
        user_code,
        token: update.token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panel_tables_resolve() {
        use crate::app::keymap::check_table;
        check_table("code panel", Table::CodePanel.bindings());
        check_table("code panel, v4/v5", Table::CodePanelManual.bindings());
        check_table(
            "code panel, requesting",
            Table::CodePanelRequesting.bindings(),
        );
        check_table("code panel, gone", Table::CodePanelGone.bindings());
        check_table("code panel, used", Table::CodePanelUsed.bindings());
    }

    #[test]
    fn the_footer_follows_the_state() {
        use crate::app::keymap::footer_hints;
        let mut panel = CodePanel::new(1, "t".into());
        let shown = |p: &CodePanel| -> Vec<&str> {
            footer_hints(bindings(p))
                .into_iter()
                .map(|(_, h)| h)
                .collect()
        };
        assert!(!shown(&panel).contains(&"copy code"));
        panel.state = CodeState::Pending(crate::poll::Pending::sample("ABCD-1234", false));
        assert!(shown(&panel).contains(&"copy code"));
        assert!(!shown(&panel).contains(&"I have signed in"));
        panel.state = CodeState::Pending(crate::poll::Pending::sample("ABCD-1234", true));
        assert!(shown(&panel).contains(&"I have signed in"));
        panel.state = CodeState::Expired;
        assert_eq!(shown(&panel), ["new code", "close"]);
        panel.state = CodeState::Approved;
        assert_eq!(shown(&panel), ["close"]);
    }

    #[test]
    fn keys_follow_the_state() {
        use crate::api::TrustMode;
        use crate::config::Config;
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let mut slot = Some(CodePanel::new(1, "t".into()));
        let (_, event) = key(&mut slot, Intent::Copy, &mut shared);
        assert!(matches!(event, PanelEvent::None));
        assert_eq!(shared.status.text.as_deref(), Some("No code to copy yet."));
        assert!(matches!(
            key(&mut slot, Intent::NewCode, &mut shared).1,
            PanelEvent::None
        ));
        slot.as_mut().unwrap().state = CodeState::Expired;
        assert!(matches!(
            key(&mut slot, Intent::NewCode, &mut shared).1,
            PanelEvent::NewCode
        ));
        assert!(matches!(
            key(&mut slot, Intent::Back, &mut shared).1,
            PanelEvent::Cancelled
        ));
        assert!(slot.is_none());
    }
}
