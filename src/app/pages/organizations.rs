//! Organizations: the protected organizations, filterable; Enter opens one.

use tui_input::Input;

use crate::api::models::Organization;
use crate::api::{ApiCall, ApiReply};
use crate::app::lists::{PageCalls, PageRequest, PagedList};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent};
use crate::app::pages::{Open, Page, Route};
use crate::app::pages::{Flow, Outcome};
use crate::app::shared::{RequestId, Shared};
use crate::app::keymap::Table;

pub struct OrganizationsPage {
    pub list: PagedList<Organization>,
    pub filter: Input,
    pub filtering: bool,
    /// Select this organization once it arrives (after adding it).
    pub select_id: Option<String>,
    calls: PageCalls,
}

impl std::fmt::Debug for OrganizationsPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrganizationsPage")
            .field("loaded", &self.list.loaded())
            .field("filter", &self.filter.value())
            .finish_non_exhaustive()
    }
}

/// An organization matches when its name contains the query.
fn matches(o: &Organization, q: &str) -> bool {
    o.display_name().to_lowercase().contains(q)
}

/// Rows the list shows: the body less header, title, column header and footer.
fn view_height(shared: &Shared) -> u64 {
    shared.list_rows()
}

impl Open for OrganizationsPage {
    /// The organization to select once the list arrives.
    type Args = Option<String>;
    fn open(select_id: Option<String>, shared: &mut Shared) -> (Self, Flow) {
        let mut page = OrganizationsPage {
            list: PagedList::new(matches),
            filter: Input::default(),
            filtering: false,
            select_id,
            calls: PageCalls::default(),
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
        if self.filtering { Table::OrganizationsFiltering.bindings() } else { Table::Organizations.bindings() }
    }
    fn typing(&self) -> bool {
        self.filtering
    }
    fn input(&mut self) -> Option<&mut Input> {
        self.filtering.then_some(&mut self.filter)
    }
    fn on_input(&mut self, shared: &mut Shared) -> Flow {
        let reqs = self.list.set_filter(self.filter.value());
        self.send(reqs, shared)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        if self.filtering {
            self.filtering = false;
            if intent == Intent::Back {
                return self.clear_filter(shared);
            }
            return Flow::none();
        }
        let reqs = match intent {
            Intent::Down => self.list.down(),
            Intent::Up => self.list.up(),
            Intent::Top => self.list.top(),
            Intent::Bottom => self.list.end(),
            Intent::Filter => {
                self.filtering = true;
                return Flow::none();
            }
            Intent::Submit => {
                return match self.list.selected_row() {
                    Some(org) => Flow::push(Route::Organization(Box::new(org.clone()))),
                    None => Flow::unchanged(),
                };
            }
            Intent::Add => return Flow::push(Route::AddOrganization(Default::default())),
            Intent::Redetect => return self.reload(shared),
            // The first Esc clears a filter; the next goes back.
            Intent::Back if !self.filter.value().is_empty() => return self.clear_filter(shared),
            Intent::Back => return Flow::pop(),
            _ => return Flow::unchanged(),
        };
        self.send(reqs, shared)
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        let answered = self.calls.answer(id, reply, &mut self.list, |r| match r {
            ApiReply::OrganizationsPage { items, total } => Some((items, total)),
            _ => None,
        });
        let Some(mut reqs) = answered else {
            return Flow::unchanged();
        };
        reqs.extend(self.select_added());
        self.send(reqs, shared)
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
        self.calls.clear();
        let mut reqs = self.list.reset();
        reqs.extend(self.list.set_view(view_height(shared)));
        if !self.filter.value().is_empty() {
            reqs.extend(self.list.set_filter(self.filter.value()));
        }
        self.send(reqs, shared)
    }
}

impl OrganizationsPage {
    fn send(&mut self, reqs: Vec<PageRequest>, shared: &mut Shared) -> Flow {
        self.calls.send(reqs, shared, |req| ApiCall::OrganizationsPage {
            offset: req.offset,
            limit: req.limit,
        })
    }

    fn clear_filter(&mut self, shared: &mut Shared) -> Flow {
        self.filter = Input::default();
        let reqs = self.list.clear_filter();
        self.send(reqs, shared)
    }

    /// Selects the organization just added, once its row has arrived.
    fn select_added(&mut self) -> Vec<PageRequest> {
        let Some(id) = self.select_id.as_deref() else {
            return Vec::new();
        };
        let found = (0..self.list.rows()).find(|&pos| {
            self.list
                .row(pos)
                .is_some_and(|o| o.id.as_deref() == Some(id))
        });
        match found {
            Some(pos) => {
                self.select_id = None;
                self.list.select(pos)
            }
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::app::pages::Nav;
    use crate::config::Config;

    fn org(name: &str, id: &str) -> Organization {
        serde_json::from_value(serde_json::json!({"name": name, "id": id, "type": "Office365"}))
            .unwrap()
    }

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("organizations", Table::Organizations.bindings());
        crate::app::keymap::check_table("organizations filter", Table::OrganizationsFiltering.bindings());
    }

    fn page(items: Vec<Organization>) -> Reply {
        let total = Some(items.len() as u64);
        Reply::Api(Ok(ApiReply::OrganizationsPage { items, total }))
    }

    fn call_id(flow: &Flow) -> RequestId {
        match flow.commands.as_slice() {
            [crate::app::command::Command::Call { id, .. }] => *id,
            other => panic!("one call, not {other:?}"),
        }
    }

    #[test]
    fn loads_then_filters_and_esc_clears_the_filter_before_leaving() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, flow) = OrganizationsPage::open(Some("2".into()), &mut shared);
        let id = call_id(&flow);
        let items = vec![org("contoso", "1"), org("fabrikam", "2")];
        p.on_reply(id, page(items), &mut shared);
        let selected = p.list.selected_row().unwrap();
        assert_eq!(selected.id.as_deref(), Some("2"), "the new one is selected");
        p.on_intent(Intent::Filter, &mut shared);
        p.filter = Input::new("cont".into());
        p.on_input(&mut shared);
        p.on_intent(Intent::Submit, &mut shared);
        assert_eq!(p.list.matches(), &[0]);
        assert!(p.on_intent(Intent::Back, &mut shared).nav.is_none());
        assert!(p.filter.value().is_empty() && p.list.filter().is_none());
        assert!(matches!(
            p.on_intent(Intent::Back, &mut shared).nav,
            Some(Nav::Pop(None))
        ));
    }

    #[test]
    fn a_reply_for_an_old_request_is_ignored() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, _) = OrganizationsPage::open(None, &mut shared);
        let flow = p.on_reply(999, page(vec![]), &mut shared);
        assert!(!flow.redraw && p.list.loaded() == 0);
    }
}
