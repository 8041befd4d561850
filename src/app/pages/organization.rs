//! One organization: every setting the server returns, its device code, and the way to a
//! restore session of it.

use crate::api::models::Organization;
use crate::app::action::Reply;
use crate::app::code_panel::{self, CodePanel, PanelKey};
use crate::app::command::{CodeSpec, Command};
use crate::app::keymap::{Binding, Intent, Key, b};
use crate::app::pages::{Open, Page, Route};
use crate::app::router::Flow;
use crate::app::shared::{RequestId, Shared};
use crate::poll::Vb365Code;

#[derive(Debug)]
pub struct OrganizationPage {
    pub org: Organization,
    pub code: Option<CodePanel>,
    pub scroll: usize,
}

const BINDINGS: [Binding; 6] = [
    b(&[Key::Char(':')], Intent::Palette, "go to", false),
    b(&[Key::Char('q')], Intent::Quit, "quit", false),
    b(&[Key::Char('d')], Intent::NewCode, "device code", true),
    b(&[Key::Char('x')], Intent::Explore, "restore session", true),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back to list", true),
];

impl Open for OrganizationPage {
    type Args = Box<Organization>;
    fn open(org: Box<Organization>, _: &mut Shared) -> (Self, Flow) {
        let page = OrganizationPage {
            org: *org,
            code: None,
            scroll: 0,
        };
        (page, Flow::none())
    }
}

impl Page for OrganizationPage {
    fn title(&self) -> String {
        self.org.display_name().to_string()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        if self.code.is_some() {
            &code_panel::BINDINGS
        } else {
            &BINDINGS
        }
    }
    fn code_panel(&self) -> Option<&CodePanel> {
        self.code.as_ref()
    }
    fn code_panel_mut(&mut self) -> Option<&mut CodePanel> {
        self.code.as_mut()
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        if let Some(panel) = self.code.as_mut() {
            let panel_id = panel.id;
            return match panel.on_intent(intent, &mut shared.message) {
                PanelKey::Copy(text) => Flow::cmd(Command::Copy { text }),
                PanelKey::NewCode => self.device_code(shared),
                PanelKey::Cancel => self.stop(shared),
                PanelKey::MarkedUsed => Flow::cmd(shared.cancel(panel_id)),
                PanelKey::Done => Flow::none(),
                PanelKey::Other => Flow::unchanged(),
            };
        }
        match intent {
            Intent::NewCode => self.device_code(shared),
            Intent::Explore => Flow::push(Route::NewRestoreSession(Some(Box::new(
                self.org.clone(),
            )))),
            Intent::Back => Flow::pop(),
            _ => Flow::unchanged(),
        }
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        let (Reply::Code(update), Some(panel)) = (reply, self.code.as_mut()) else {
            return Flow::unchanged();
        };
        if panel.id != id {
            return Flow::unchanged();
        }
        let user_code = panel.user_code();
        panel.state = update.state;
        if panel.state == crate::poll::CodeState::Approved {
            shared.message = Some(format!(
                "The code {} was used to sign in; it can now add an organization.",
                user_code.unwrap_or_default()
            ));
        }
        Flow::none()
    }
}

impl OrganizationPage {
    fn device_code(&mut self, shared: &mut Shared) -> Flow {
        let Some(org_id) = self.org.id.clone() else {
            shared.message = Some("This organization has no id to ask a code for.".into());
            return Flow::none();
        };
        let mut flow = self.stop(shared);
        let (id, cmd) = shared.start_code(CodeSpec::Vb365(Vb365Code::Organization { id: org_id }));
        self.code = Some(CodePanel::new(
            id,
            format!("Device code for {}", self.org.display_name()),
        ));
        flow.commands.push(cmd);
        flow
    }

    fn stop(&mut self, shared: &mut Shared) -> Flow {
        match self.code.take() {
            Some(c) if !c.state.is_final() => Flow::cmd(shared.cancel(c.id)),
            _ => Flow::none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::app::router::Nav;
    use crate::config::Config;

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("organization", &BINDINGS);
    }

    #[test]
    fn a_device_code_is_started_and_esc_cancels_it_before_leaving() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let org: Organization =
            serde_json::from_value(serde_json::json!({"name": "contoso", "id": "1"})).unwrap();
        let (mut p, _) = OrganizationPage::open(Box::new(org), &mut shared);
        let flow = p.on_intent(Intent::NewCode, &mut shared);
        assert!(matches!(flow.commands.as_slice(), [Command::StartCode { .. }]));
        assert!(p.code.is_some());
        let flow = p.on_intent(Intent::Back, &mut shared);
        assert!(matches!(flow.commands.as_slice(), [Command::Cancel { .. }]));
        assert!(p.code.is_none() && flow.nav.is_none());
        let flow = p.on_intent(Intent::Explore, &mut shared);
        assert!(matches!(flow.nav, Some(Nav::Push(Route::NewRestoreSession(Some(_))))));
    }
}
