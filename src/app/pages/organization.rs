//! One organization: every setting the server returns, its device code, and the way to a
//! restore session of it.

use crate::api::models::Organization;
use crate::app::action::Reply;
use crate::app::code_panel::{self, CodePanel, PanelEvent};
use crate::app::command::CodeSpec;
use crate::app::keymap::{Binding, Intent, Key, b};
use crate::app::pages::{Open, Page, Route};
use crate::app::pages::Flow;
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
        if self.code.is_some() {
            return match code_panel::key(&mut self.code, intent, shared) {
                (flow, PanelEvent::NewCode) => Flow::from(flow).and(self.device_code(shared)),
                (flow, _) => flow.into(),
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
        let Reply::Code(update) = reply else {
            return Flow::unchanged();
        };
        match code_panel::update(&mut self.code, id, update) {
            Some(PanelEvent::Used { user_code, .. }) => {
                shared.message = Some(code_panel::used_message(user_code));
                Flow::none()
            }
            Some(_) => Flow::none(),
            None => Flow::unchanged(),
        }
    }
}

impl OrganizationPage {
    fn device_code(&mut self, shared: &mut Shared) -> Flow {
        let Some(org_id) = self.org.id.clone() else {
            shared.message = Some("This organization has no id to ask a code for.".into());
            return Flow::none();
        };
        let title = format!("Device code for {}", self.org.display_name());
        let spec = CodeSpec::Vb365(Vb365Code::Organization { id: org_id });
        code_panel::start(&mut self.code, title, spec, shared).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::app::command::Command;
    use crate::app::pages::Nav;
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
