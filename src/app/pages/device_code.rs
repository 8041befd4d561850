//! Device code: get a VB365 device code for a region and watch the server check it.

use crate::api::models::Region;
use crate::app::action::Reply;
use crate::app::code_panel::{self, CodePanel, PanelKey};
use crate::app::command::{CodeSpec, Command};
use crate::app::keymap::{Binding, Intent, Key, b};
use crate::app::pages::{Open, Page};
use crate::app::router::Flow;
use crate::app::shared::{RequestId, Shared};
use crate::poll::{CodeState, Vb365Code};

#[derive(Debug, Default)]
pub struct DeviceCodePage {
    /// Index into the version's regions.
    pub region: usize,
    pub code: Option<CodePanel>,
    /// The region of the code on screen, for a new one.
    code_region: Option<Region>,
}

const BINDINGS: [Binding; 7] = [
    b(&[Key::Char(':')], Intent::Palette, "go to", false),
    b(&[Key::Char('q')], Intent::Quit, "quit", false),
    b(&[Key::Enter], Intent::Submit, "get a code", true),
    b(
        &[Key::Right, Key::Char(' ')],
        Intent::Right,
        "next region",
        true,
    ),
    b(&[Key::Left], Intent::Left, "previous region", false),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back", true),
];

impl Open for DeviceCodePage {
    type Args = ();
    fn open(_: (), _: &mut Shared) -> (Self, Flow) {
        (DeviceCodePage::default(), Flow::none())
    }
}

impl Page for DeviceCodePage {
    fn title(&self) -> String {
        "Device code".into()
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
                PanelKey::NewCode => match self.code_region.clone() {
                    Some(region) => self.start(region, shared),
                    None => Flow::none(),
                },
                PanelKey::Cancel => self.stop(shared),
                // Kept on screen as signed in; only the polling stops.
                PanelKey::MarkedUsed => Flow::cmd(shared.cancel(panel_id)),
                PanelKey::Done => Flow::none(),
                PanelKey::Other => Flow::unchanged(),
            };
        }
        let n = shared.regions().len();
        match intent {
            Intent::Right => self.region = (self.region + 1) % n,
            Intent::Left => self.region = (self.region + n - 1) % n,
            Intent::Submit => {
                let region = shared.regions()[self.region % n].clone();
                return self.start(region, shared);
            }
            Intent::Back => return Flow::pop(),
            _ => return Flow::unchanged(),
        }
        Flow::none()
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
        if panel.state == CodeState::Approved {
            shared.message = Some(format!(
                "The code {} was used to sign in; it can now add an organization.",
                user_code.unwrap_or_default()
            ));
        }
        Flow::none()
    }
}

impl DeviceCodePage {
    fn start(&mut self, region: Region, shared: &mut Shared) -> Flow {
        let mut flow = self.stop(shared);
        let title = format!("VB365 device code ({})", shared.version().region_name(&region));
        let (id, cmd) = shared.start_code(CodeSpec::Vb365(Vb365Code::New {
            region: region.clone(),
        }));
        self.code = Some(CodePanel::new(id, title));
        self.code_region = Some(region);
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

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("device code", &BINDINGS);
    }
}
