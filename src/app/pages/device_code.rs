//! Device code: get a VB365 device code for a region and watch the server check it.

use crate::api::models::Region;
use crate::app::action::Reply;
use crate::app::code_panel::{self, CodePanel, PanelEvent};
use crate::app::command::CodeSpec;
use crate::app::keymap::{Binding, Intent, Key, b};
use crate::app::pages::{Open, Page};
use crate::app::pages::Flow;
use crate::app::shared::{RequestId, Shared};
use crate::poll::Vb365Code;

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
        if self.code.is_some() {
            return match code_panel::key(&mut self.code, intent, shared) {
                (flow, PanelEvent::NewCode) => match self.code_region.clone() {
                    Some(region) => Flow::from(flow).and(self.start(region, shared)),
                    None => flow.into(),
                },
                (flow, _) => flow.into(),
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

impl DeviceCodePage {
    fn start(&mut self, region: Region, shared: &mut Shared) -> Flow {
        let title = format!("VB365 device code ({})", shared.version().region_name(&region));
        let spec = CodeSpec::Vb365(Vb365Code::New {
            region: region.clone(),
        });
        self.code_region = Some(region);
        code_panel::start(&mut self.code, title, spec, shared).into()
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
