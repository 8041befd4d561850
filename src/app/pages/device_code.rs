//! Device code: get a VB365 device code for a region, watch the server check it, then add an
//! organization with it (the code's one use here: a new application for a Microsoft 365
//! organization).

use crate::api::models::Region;

use crate::app::code_panel::{self, CodePanel, PanelEvent};
use crate::app::command::CodeSpec;
use crate::app::keymap::{Binding, Intent};
use crate::app::pages::{Flow, Nav};
use crate::app::pages::{Open, Page, Route};
use crate::app::route_args::OrganizationForm;
use crate::app::shared::Shared;
use crate::poll::Vb365Code;
use crate::app::keymap::Table;

#[derive(Debug, Default)]
pub struct DeviceCodePage {
    /// Index into the version's regions.
    pub region: usize,
    pub code: Option<CodePanel>,
    /// The region of the code on screen, for a new one.
    code_region: Option<Region>,
    /// The code once used, for the wizard.
    pub used: Option<String>,
}

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
        match &self.code {
            Some(_) if self.used.is_some() => Table::DeviceCodeUsed.bindings(),
            Some(c) => code_panel::bindings(c),
            None => Table::DeviceCode.bindings(),
        }
    }
    fn code_panel(&self) -> Option<&CodePanel> {
        self.code.as_ref()
    }
    fn code_slot(&mut self) -> Option<&mut Option<CodePanel>> {
        Some(&mut self.code)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
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

    fn on_panel(&mut self, event: PanelEvent, shared: &mut Shared) -> Flow {
        match event {
            PanelEvent::NewCode => match self.code_region.clone() {
                Some(region) => self.start(region, shared),
                None => Flow::unchanged(),
            },
            PanelEvent::Used { user_code, .. } => {
                shared.status.text = Some(format!(
                    "Code {} used; {} adds an organization with it.",
                    user_code.as_deref().unwrap_or_default(),
                    crate::app::keymap::key_in(Table::DeviceCodeUsed, Intent::Add)
                ));
                self.used = user_code;
                Flow::none()
            }
            PanelEvent::Other(Intent::Add) => {
                let (Some(code), Some(region)) = (self.used.take(), self.code_region.clone())
                else {
                    return Flow::unchanged();
                };
                // The code is spent on this organization: the wizard takes this page's place.
                self.code = None;
                Flow::nav(Nav::Replace(Route::AddOrganization(OrganizationForm::Add(Some((code, region))))))
            }
            _ => Flow::unchanged(),
        }
    }
}

impl DeviceCodePage {
    fn start(&mut self, region: Region, shared: &mut Shared) -> Flow {
        let title = format!("VB365 device code ({})", region.label());
        let spec = CodeSpec::Vb365(Vb365Code::New {
            region: region.clone(),
            graph_org: None,
        });
        self.code_region = Some(region);
        self.used = None;
        code_panel::start(&mut self.code, title, spec, shared).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("device code", Table::DeviceCode.bindings());
        crate::app::keymap::check_table("device code used", Table::DeviceCodeUsed.bindings());
    }

    #[test]
    fn a_used_code_opens_the_wizard_with_it() {
        use crate::api::TrustMode;
        use crate::config::Config;
        use crate::poll::{CodeState, CodeUpdate};
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut page, _) = DeviceCodePage::open((), &mut shared);
        let flow = page.on_intent(Intent::Submit, &mut shared);
        assert!(!flow.commands.is_empty());
        let id = page.code.as_ref().unwrap().id;
        // The router gives the panel's keys and updates to it (as here); before the code is
        // used, Enter does not lead anywhere.
        use crate::app::pages::{panel_intent, panel_update};
        let add = panel_intent(&mut page, Intent::Add, &mut shared).unwrap();
        assert!(add.nav.is_none());
        let used = CodeUpdate {
            id,
            state: CodeState::Approved,
            token: None,
        };
        page.code.as_mut().unwrap().state =
            CodeState::Pending(crate::poll::Pending::sample("ABCD-1234", false));
        panel_update(&mut page, id, used, &mut shared).unwrap();
        assert_eq!(page.bindings(&shared)[0].hint, "add an organization with this code");
        let flow = panel_intent(&mut page, Intent::Add, &mut shared).unwrap();
        let Some(Nav::Replace(Route::AddOrganization(OrganizationForm::Add(Some((code, region)))))) = flow.nav else {
            panic!("the wizard takes the code");
        };
        assert_eq!(code, "ABCD-1234");
        assert_eq!(region, shared.regions()[0]);
    }
}
