//! Organizations: the protected organizations, filterable; Enter opens one.

use tui_input::Input;

use crate::api::models::Organization;
use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent, Key, b};
use crate::app::pages::{Open, Page, Route};
use crate::app::router::{Flow, Outcome};
use crate::app::shared::{RequestId, Shared};

#[derive(Debug, Default)]
pub struct OrganizationsPage {
    pub items: Vec<Organization>,
    pub loading: bool,
    pub loaded: bool,
    pub selected: usize,
    pub filter: Input,
    pub filtering: bool,
    pub error: Option<String>,
    /// Select this organization once the list arrives (after adding it).
    pub select_id: Option<String>,
    request: Option<RequestId>,
}

const BINDINGS: [Binding; 12] = [
    b(&[Key::Char(':')], Intent::Palette, "go to", false),
    b(&[Key::Char('q')], Intent::Quit, "quit", false),
    b(&[Key::Enter], Intent::Submit, "details", true),
    b(&[Key::Down, Key::Char('j')], Intent::Down, "down", false),
    b(&[Key::Up, Key::Char('k')], Intent::Up, "up", false),
    b(&[Key::Home, Key::Char('g')], Intent::Top, "first", false),
    b(&[Key::End, Key::Char('G')], Intent::Bottom, "last", false),
    b(&[Key::Char('/')], Intent::Filter, "filter", true),
    b(&[Key::Char('a')], Intent::Add, "add", true),
    b(&[Key::Char('r')], Intent::Redetect, "refresh", true),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Esc], Intent::Back, "back", true),
];

const FILTERING: [Binding; 2] = [
    b(&[Key::Enter], Intent::Submit, "keep filter", true),
    b(&[Key::Esc], Intent::Back, "clear filter", true),
];

impl Open for OrganizationsPage {
    /// The organization to select once the list arrives.
    type Args = Option<String>;
    fn open(select_id: Option<String>, shared: &mut Shared) -> (Self, Flow) {
        let mut page = OrganizationsPage {
            select_id,
            ..OrganizationsPage::default()
        };
        let flow = page.reload(shared);
        (page, flow)
    }
}

impl Page for OrganizationsPage {
    fn title(&self) -> String {
        "Organizations".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        if self.filtering { &FILTERING } else { &BINDINGS }
    }
    fn typing(&self) -> bool {
        self.filtering
    }
    fn input(&mut self) -> Option<&mut Input> {
        self.filtering.then_some(&mut self.filter)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        if self.filtering {
            self.filtering = false;
            if intent == Intent::Back {
                self.filter = Input::default();
            }
            self.selected = 0;
            return Flow::none();
        }
        let n = self.visible().len();
        match intent {
            Intent::Down if n > 0 => self.selected = (self.selected + 1).min(n - 1),
            Intent::Up => self.selected = self.selected.saturating_sub(1),
            Intent::Top => self.selected = 0,
            Intent::Bottom => self.selected = n.saturating_sub(1),
            Intent::Filter => self.filtering = true,
            Intent::Submit => {
                if let Some(org) = self.current().cloned() {
                    return Flow::push(Route::Organization(Box::new(org)));
                }
            }
            Intent::Add => return Flow::push(Route::AddOrganization(())),
            Intent::Redetect => return self.reload(shared),
            // The first Esc clears a filter; the next goes back.
            Intent::Back if !self.filter.value().is_empty() => {
                self.filter = Input::default();
                self.selected = 0;
            }
            Intent::Back => return Flow::pop(),
            _ => return Flow::unchanged(),
        }
        Flow::none()
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, _: &mut Shared) -> Flow {
        if self.request != Some(id) {
            return Flow::unchanged();
        }
        self.request = None;
        self.loading = false;
        match reply {
            Reply::Api(Ok(ApiReply::Organizations(items))) => self.loaded(items),
            Reply::Api(Err(e)) => self.error = Some(e.to_string()),
            _ => {}
        }
        Flow::none()
    }

    fn on_return(&mut self, outcome: Option<Outcome>, shared: &mut Shared) -> Flow {
        match outcome {
            Some(Outcome::OrganizationAdded(id)) => {
                self.select_id = id;
                self.filter = Input::default();
                self.reload(shared)
            }
            _ => Flow::none(),
        }
    }

    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.loading = true;
        self.error = None;
        let (id, cmd) = shared.call(ApiCall::Organizations);
        self.request = Some(id);
        Flow::cmd(cmd)
    }
}

impl OrganizationsPage {
    /// Indexes of the organizations that match the filter.
    pub fn visible(&self) -> Vec<usize> {
        let q = self.filter.value().trim().to_lowercase();
        self.items
            .iter()
            .enumerate()
            .filter(|(_, o)| q.is_empty() || o.display_name().to_lowercase().contains(&q))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn current(&self) -> Option<&Organization> {
        self.visible().get(self.selected).map(|&i| &self.items[i])
    }

    fn loaded(&mut self, items: Vec<Organization>) {
        self.items = items;
        self.loaded = true;
        if let Some(id) = self.select_id.take() {
            let visible = self.visible();
            if let Some(pos) = visible
                .iter()
                .position(|&i| self.items[i].id.as_deref() == Some(id.as_str()))
            {
                self.selected = pos;
            }
        }
        let n = self.visible().len();
        self.selected = self.selected.min(n.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::app::router::Nav;
    use crate::config::Config;

    fn org(name: &str, id: &str) -> Organization {
        serde_json::from_value(serde_json::json!({"name": name, "id": id, "type": "Office365"}))
            .unwrap()
    }

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("organizations", &BINDINGS);
        crate::app::keymap::check_table("organizations filter", &FILTERING);
    }

    #[test]
    fn loads_then_filters_and_esc_clears_the_filter_before_leaving() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, flow) = OrganizationsPage::open(Some("2".into()), &mut shared);
        assert_eq!(flow.commands.len(), 1, "the list is fetched on open");
        let id = p.request.unwrap();
        let items = vec![org("contoso", "1"), org("fabrikam", "2")];
        p.on_reply(id, Reply::Api(Ok(ApiReply::Organizations(items))), &mut shared);
        assert_eq!(p.current().unwrap().id.as_deref(), Some("2"), "the new one is selected");
        p.on_intent(Intent::Filter, &mut shared);
        p.filter = Input::new("cont".into());
        p.on_intent(Intent::Submit, &mut shared);
        assert_eq!(p.visible(), vec![0]);
        assert!(p.on_intent(Intent::Back, &mut shared).nav.is_none());
        assert!(p.filter.value().is_empty());
        assert!(matches!(
            p.on_intent(Intent::Back, &mut shared).nav,
            Some(Nav::Pop(None))
        ));
    }

    #[test]
    fn a_reply_for_an_old_request_is_ignored() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, _) = OrganizationsPage::open(None, &mut shared);
        let flow = p.on_reply(999, Reply::Api(Ok(ApiReply::Organizations(vec![]))), &mut shared);
        assert!(!flow.redraw && p.loading);
    }
}
