//! Browse: the contents of a restore session (mailboxes, OneDrives, sites, teams; inside
//! them folders, items, documents, libraries, lists, subsites, channels and posts), read page
//! by page through the list engine as they come into view. Every level is a page of its own,
//! so Esc goes up one level with the position kept.

mod order;
mod levels;
mod restores;
mod search;
mod selection;
mod teams;

use tui_input::Input;

use crate::api::models::{ItemDetails, RestoreSession, RestoreType};
use crate::api::{ApiCall, ApiReply, Listing, Row, SearchScope, Source};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent};
use crate::app::lists::{PageCalls, PageRequest, PagedList};
use crate::app::pages::{Nav, Open, Outcome, Page};
use crate::app::pages::Flow;
use crate::app::shared::{RequestId, Shared};
use crate::app::route_args::{SaveChoice, SaveOffer};
use crate::app::keymap::Table;
pub use selection::Marked;

pub struct BrowsePage {
    pub session: RestoreSession,
    pub listing: Listing,
    pub list: PagedList<Row>,
    /// Where this level is inside a mailbox: the names from the mailbox down.
    pub path: Vec<String>,
    pub filter: Input,
    pub filtering: bool,
    /// The server search being typed (S), and its query.
    pub searching: bool,
    pub query: Input,
    /// The order the rows are shown in (`o`), while the list keeps one.
    pub order: order::RowOrder,
    /// Why the server refused the last query typed here (shown under the prompt).
    pub search_error: Option<String>,
    /// What a Teams search looks for (Tab while typing changes it).
    pub search_kind: crate::api::TeamsKind,
    pub details: bool,
    /// The first line of the details shown (PgDn, PgUp).
    pub details_scroll: usize,
    /// Items marked with Space, in the order marked.
    pub marked: Vec<Marked>,
    /// The item whose details are shown, as read from the server (or why not), and the
    /// request reading it.
    pub item: Option<Result<Box<ItemDetails>, String>>,
    reading: Option<RequestId>,
    /// The page of the list each request in flight asked for.
    calls: PageCalls,
    /// The names of the mailboxes the rows are in, where the rows say (v8 items).
    pub mailbox_names: std::collections::HashMap<String, String>,
    /// Mailboxes read on their own to name them, by the request reading each.
    naming: std::collections::HashMap<RequestId, String>,
}

impl BrowsePage {
    /// Keys on an item's details: the next or previous row without leaving them, marking,
    /// saving and restoring what is shown; anything else closes them.
    fn on_details_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let page = view_height(shared) as usize;
        let reqs = match intent {
            // A long item scrolls; the next or previous one starts at its top.
            Intent::PageDown => {
                self.details_scroll += page;
                return Flow::none();
            }
            Intent::PageUp => {
                self.details_scroll = self.details_scroll.saturating_sub(page);
                return Flow::none();
            }
            Intent::Down => self.list.down(),
            Intent::Up => self.list.up(),
            Intent::Select => {
                // Marking moves the cursor on in the list; here it stays on what is shown.
                let shown = self.list.selected();
                let mut flow = self.mark(shared);
                let reqs = self.list.select(shown);
                flow.commands.extend(self.send(reqs, shared).commands);
                return flow;
            }
            Intent::Save => return self.save(shared),
            Intent::Restore => return self.restore(shared),
            _ => {
                self.details = false;
                self.item = None;
                self.reading = None;
                return Flow::none();
            }
        };
        self.details_scroll = 0;
        let mut flow = self.send(reqs, shared);
        // An item is read on its own from the server; other rows show what the list has.
        if let Some(Row::Item(_)) = self.list.selected_row() {
            let read = self.read_item(shared);
            flow.commands.extend(read.commands);
        } else {
            self.item = None;
            self.reading = None;
        }
        flow
    }
}

impl BrowsePage {
    /// Keeps the names of the mailboxes these rows are in, as listed in this run; a mailbox
    /// not listed yet (past the first page of a large organization) is read on its own,
    /// once.
    fn name_mailboxes(&mut self, rows: &[Row], shared: &mut Shared) -> Flow {
        let mut flow = Flow::none();
        for row in rows {
            let Row::Item(i) = row else { continue };
            let Some(id) = &i.mailbox_id else { continue };
            if self.mailbox_names.contains_key(id) || self.naming.values().any(|m| m == id) {
                continue;
            }
            match shared.memory.mailbox_name(id) {
                Some(name) => {
                    self.mailbox_names.insert(id.clone(), name.to_string());
                }
                None => {
                    let (req, cmd) = shared.call(ApiCall::ReadMailbox {
                        session_id: self.session.id.clone(),
                        mailbox_id: id.clone(),
                    });
                    self.naming.insert(req, id.clone());
                    flow.commands.push(cmd);
                }
            }
        }
        flow
    }

    /// Where an item is, as far as this level knows: its mailbox and folder path, or its
    /// mailbox alone when a search found it (search results do not say the folder).
    pub fn item_place(&self, row: &Row) -> Option<String> {
        let Row::Item(_) = row else { return None };
        let unsaid = "(the search results do not say which folder)";
        let parents = |n: usize| self.path[..self.path.len().saturating_sub(n)].join(" › ");
        Some(match &self.listing {
            Listing::MailboxItems { .. } => parents(0),
            Listing::Search {
                scope: SearchScope::Folder { .. },
                ..
            } => parents(1),
            Listing::Search {
                scope: SearchScope::Mailbox { .. },
                ..
            } => format!("{} {unsaid}", self.path.first()?),
            Listing::Search {
                scope: SearchScope::Organization,
                ..
            } => format!("{} {unsaid}", self.mailbox_of(row)?),
            _ => return None,
        })
    }

    /// The name of the mailbox an item row is in, when the row says and it was listed.
    pub fn mailbox_of(&self, row: &Row) -> Option<&str> {
        let Row::Item(i) = row else { return None };
        self.mailbox_names.get(i.mailbox_id.as_deref()?).map(String::as_str)
    }
}

impl std::fmt::Debug for BrowsePage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrowsePage")
            .field("listing", &self.listing)
            .field("loaded", &self.list.loaded())
            .finish_non_exhaustive()
    }
}

/// Keeps the names of mailboxes listed, for the hits of a search of every mailbox.
fn remember_mailboxes(rows: &[Row], shared: &mut Shared) {
    for row in rows {
        if let Row::Mailbox(m) = row {
            shared.memory.remember_mailbox(&m.id, &m.name);
        }
    }
}

/// A row matches when its name or address contains the query.
fn matches(row: &Row, q: &str) -> bool {
    row.title().to_lowercase().contains(q) || row.detail().to_lowercase().contains(q)
}

fn listing_for(kind: &RestoreType) -> Listing {
    match kind {
        RestoreType::Veod => Listing::OneDrives,
        RestoreType::Vesp => Listing::Sites { parent_id: None },
        RestoreType::Vet => Listing::Teams { display_name: None },
        _ => Listing::Mailboxes,
    }
}

/// A level to open: the session, and inside a mailbox the listing with its path of names.
pub type BrowseArgs = Box<(RestoreSession, Option<(Listing, Vec<String>)>)>;

impl Open for BrowsePage {
    type Args = BrowseArgs;
    fn open(args: BrowseArgs, shared: &mut Shared) -> (Self, Flow) {
        let (session, level) = *args;
        shared
            .memory
            .remember_session(&session.id, session.organization.as_deref());
        let (listing, path) = level.unwrap_or_else(|| (listing_for(&session.kind), Vec::new()));
        let mut page = BrowsePage {
            listing,
            path,
            session,
            list: PagedList::new(matches),
            filter: Input::default(),
            filtering: false,
            searching: false,
            search_error: None,
            order: order::RowOrder::Server,
            query: Input::default(),
            search_kind: Default::default(),
            details: false,
            details_scroll: 0,
            marked: Vec::new(),
            item: None,
            reading: None,
            calls: PageCalls::default(),
            mailbox_names: Default::default(),
            naming: Default::default(),
        };
        let reqs = page.list.set_view(view_height(shared));
        let flow = page.send(reqs, shared);
        (page, flow)
    }
}

/// Rows the list shows: the body less header, title, column header and footer.
fn view_height(shared: &Shared) -> u64 {
    shared.list_rows()
}

impl Page for BrowsePage {
    fn title(&self) -> String {
        "Browse".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        if self.searching && matches!(self.search_scope(), Some(SearchScope::Teams { .. })) {
            Table::BrowseSearchingTeams.bindings()
        } else if self.searching {
            Table::BrowseSearching.bindings()
        } else if self.filtering {
            Table::BrowseFiltering.bindings()
        } else if self.details {
            Table::BrowseDetails.bindings()
        } else {
            Table::Browse.bindings()
        }
    }
    fn typing(&self) -> bool {
        self.filtering || self.searching
    }
    fn input(&mut self) -> Option<&mut Input> {
        if self.searching {
            return Some(&mut self.query);
        }
        self.filtering.then_some(&mut self.filter)
    }
    fn on_input(&mut self, shared: &mut Shared) -> Flow {
        if self.searching {
            return Flow::none();
        }
        let q = self.filter.value().to_string();
        let reqs = if q.trim().is_empty() {
            self.list.clear_filter()
        } else {
            self.list.set_filter(&q)
        };
        self.send(reqs, shared)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        if self.details {
            return self.on_details_intent(intent, shared);
        }
        if self.searching {
            if matches!(intent, Intent::NextMode | Intent::Complete) {
                // Tab completes a keyword; on a word that begins none, a Teams search
                // looks for the next kind of thing.
                if !self.complete_shortcut() && intent == Intent::NextMode {
                    self.next_search_kind();
                }
                return Flow::none();
            }
            self.searching = false;
            self.search_error = None;
            return match intent {
                Intent::Submit => self.run_search(shared),
                _ => Flow::none(),
            };
        }
        if self.filtering {
            self.filtering = false;
            if intent == Intent::Back {
                self.filter = Input::default();
                let reqs = self.list.clear_filter();
                return self.send(reqs, shared);
            }
            return Flow::none();
        }
        let height = view_height(shared);
        let reqs = match intent {
            Intent::Down => self.list.down(),
            Intent::Up => self.list.up(),
            Intent::PageDown => self.list.page_down(height),
            Intent::PageUp => self.list.page_up(height),
            Intent::Top => self.list.top(),
            Intent::Bottom => self.list.end(),
            Intent::Refresh => self.list.retry(),
            Intent::Filter => {
                self.filtering = true;
                return Flow::none();
            }
            Intent::Submit => return self.open_selected(shared),
            Intent::OpenChildren => return self.open_children(shared),
            Intent::CycleOrder => return self.cycle_order(shared),
            Intent::ServerSearch => return self.server_search(shared),
            Intent::Select => return self.mark(shared),
            Intent::Versions => return self.open_versions(shared),
            Intent::Attachments => return self.open_attachments(shared),
            Intent::Restore => return self.restore(shared),
            Intent::Save => return self.save(shared),
            // Esc: first clears the filter, then goes back up one level.
            Intent::Back if !self.filter.value().is_empty() => {
                self.filter = Input::default();
                self.list.clear_filter()
            }
            Intent::Back => return Flow::pop(),
            _ => return Flow::unchanged(),
        };
        self.send(reqs, shared)
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        if self.reading == Some(id) {
            self.reading = None;
            self.item = match reply {
                Reply::Api(Ok(ApiReply::Item(i))) => Some(Ok(i)),
                Reply::Api(Err(e)) => Some(Err(e.to_string())),
                _ => None,
            };
            return Flow::none();
        }
        if let (
            Listing::Search { set_id, .. },
            Reply::Api(Ok(ApiReply::Page {
                set_id: Some(set), ..
            })),
        ) = (&mut self.listing, &reply)
        {
            // Later pages of a search ask for the same result set.
            set_id.get_or_insert_with(|| set.clone());
        }
        if let (Listing::Search { query, .. }, Reply::Api(Err(e))) = (&self.listing, &reply)
            && e.status() == Some(400)
            && self.calls.owns(id)
        {
            // A query the server cannot read: ask for it again where it was typed.
            let message = e.server_message().unwrap_or("the server refused the query");
            return Flow::nav(Nav::Pop(Some(Outcome::SearchRefused {
                query: query.clone(),
                message: message.to_string(),
            })));
        }
        if let Some(mailbox_id) = self.naming.remove(&id) {
            if let Reply::Api(Ok(ApiReply::Mailbox(m))) = reply {
                shared.memory.remember_mailbox(&m.id, &m.name);
                self.mailbox_names.insert(mailbox_id, m.name);
            }
            return Flow::none();
        }
        let mut naming = Flow::none();
        if let Reply::Api(Ok(ApiReply::Page { rows, .. })) = &reply {
            remember_mailboxes(rows, shared);
            naming = self.name_mailboxes(rows, shared);
        }
        let answered = self.calls.answer(id, reply, &mut self.list, |r| match r {
            ApiReply::Page { rows, total, .. } => Some((rows, total)),
            _ => None,
        });
        match answered {
            Some(reqs) => {
                let mut flow = self.send(reqs, shared);
                flow.commands.extend(naming.commands);
                flow
            }
            None if !naming.commands.is_empty() => naming,
            None => Flow::unchanged(),
        }
    }

    fn reload(&mut self, shared: &mut Shared) -> Flow {
        let reqs = self.list.retry();
        self.send(reqs, shared)
    }

    fn on_return(&mut self, outcome: Option<Outcome>, shared: &mut Shared) -> Flow {
        if let Some(Outcome::SearchRefused { query, message }) = outcome {
            self.searching = true;
            self.query = Input::new(query);
            shared.status.text = Some(format!("The server refused the search: {message}"));
            self.search_error = Some(message);
        }
        Flow::none()
    }
}

/// How the browser's key for `intent` is spelled now, for its messages.
pub(super) fn key(intent: Intent) -> String {
    crate::app::keymap::key_in(crate::app::keymap::Table::Browse, intent)
}

impl BrowsePage {
    /// Sends what the list asked for, remembering which page each request is.
    fn send(&mut self, reqs: Vec<PageRequest>, shared: &mut Shared) -> Flow {
        let (session_id, listing) = (&self.session.id, &self.listing);
        self.calls.send(reqs, shared, |req| ApiCall::ListPage {
            session_id: session_id.clone(),
            listing: listing.clone(),
            offset: req.offset,
            limit: req.limit,
        })
    }

}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::api::models::Mailbox;
    use crate::app::command::Command;
    use crate::config::Config;

    fn session() -> RestoreSession {
        serde_json::from_value(serde_json::json!({"id": "s1", "type": "Vex",
            "state": "Working", "result": "Success", "creationTime": "2026-01-01T00:00:00Z"}))
        .unwrap()
    }

    fn mailbox(i: u64) -> Row {
        Row::Mailbox(Mailbox {
            id: format!("m{i}"),
            name: format!("User {i}"),
            email: format!("user{i}@contoso.com"),
            is_archive: false,
            is_public: false,
        })
    }

    fn ids(flow: &Flow) -> Vec<RequestId> {
        flow.commands
            .iter()
            .filter_map(|c| match c {
                Command::Call { id, .. } => Some(*id),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("browse", Table::Browse.bindings());
        crate::app::keymap::check_table("browse filter", Table::BrowseFiltering.bindings());
        crate::app::keymap::check_table("browse search", Table::BrowseSearching.bindings());
        crate::app::keymap::check_table("browse search teams", Table::BrowseSearchingTeams.bindings());
        crate::app::keymap::check_table("browse details", Table::BrowseDetails.bindings());
    }

    #[test]
    fn enter_on_a_mailbox_opens_its_folders_as_a_level_of_its_own() {
        use crate::app::pages::{Nav, Route};
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, flow) = BrowsePage::open(Box::new((session(), None)), &mut shared);
        let reply = Reply::Api(Ok(ApiReply::Page {
            rows: (0..3).map(mailbox).collect(),
            total: Some(3),
            set_id: None,
        }));
        p.on_reply(ids(&flow)[0], reply, &mut shared);
        p.on_intent(Intent::Down, &mut shared);
        let flow = p.on_intent(Intent::Submit, &mut shared);
        let Some(Nav::Push(Route::Browse(args))) = flow.nav else {
            panic!("a new level");
        };
        let (_, Some((listing, path))) = *args else {
            panic!("with its listing");
        };
        assert_eq!(
            listing,
            Listing::MailboxFolders {
                mailbox_id: "m1".into(),
                parent_id: None
            }
        );
        assert_eq!(path, ["User 1"]);
        // v4/v5 have no folders to open: Enter shows the mailbox's details.
        shared.server = Some(crate::app::shared::ServerInfo {
            url: "https://vbo:4443".into(),
            version: Some(crate::api::ApiVersion::V5),
            build: None,
            trust: TrustMode::System,
        });
        assert!(p.on_intent(Intent::Submit, &mut shared).nav.is_none());
        assert!(p.details);
    }

    #[test]
    fn opens_with_one_page_then_shows_rows_and_the_filter_clears_before_leaving() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, flow) = BrowsePage::open(Box::new((session(), None)), &mut shared);
        let first = ids(&flow);
        assert_eq!(first.len(), 1, "one page fills the screen");
        let rows = (0..10).map(mailbox).collect();
        let reply = Reply::Api(Ok(ApiReply::Page {
            rows,
            total: None,
            set_id: None,
        }));
        let flow = p.on_reply(first[0], reply, &mut shared);
        assert!(ids(&flow).is_empty(), "a short page is the end");
        assert_eq!(p.list.total(), Some(10));
        p.on_intent(Intent::Filter, &mut shared);
        p.filter = Input::new("user 3".into());
        p.on_input(&mut shared);
        p.on_intent(Intent::Submit, &mut shared);
        assert_eq!(p.list.matches(), &[3]);
        assert!(p.on_intent(Intent::Back, &mut shared).nav.is_none());
        assert!(p.list.filter().is_none());
        assert!(p.on_intent(Intent::Back, &mut shared).nav.is_some());
    }
}
