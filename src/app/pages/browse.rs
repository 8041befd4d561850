//! Browse: the contents of a restore session (mailboxes, OneDrives, sites and subsites,
//! teams; inside a mailbox its folders, subfolders and items), read page by page through the
//! list engine as they come into view. Every level inside a mailbox is a page of its own, so
//! Esc goes up one level with the position kept.

use tui_input::Input;

use crate::api::models::{ItemDetails, RestoreSession, RestoreType};
use crate::api::{ApiCall, ApiReply, Listing, Row, SearchScope, Source};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent};
use crate::app::lists::{PageCalls, PageRequest, PagedList};
use crate::app::pages::{Open, Page};
use crate::app::pages::Flow;
use crate::app::shared::{RequestId, Shared};
use crate::app::tasks::{SaveChoice, SaveOffer};

pub struct BrowsePage {
    pub session: RestoreSession,
    pub listing: Listing,
    pub list: PagedList<Row>,
    /// Sites: the parent whose subsites are shown (id, name).
    pub parent: Option<(String, String)>,
    /// Where this level is inside a mailbox: the names from the mailbox down.
    pub path: Vec<String>,
    pub filter: Input,
    pub filtering: bool,
    /// The server search being typed (S), and its query.
    pub searching: bool,
    pub query: Input,
    pub details: bool,
    /// Items marked with Space, in the order marked.
    pub marked: Vec<Marked>,
    /// The item whose details are shown, as read from the server (or why not), and the
    /// request reading it.
    pub item: Option<Result<Box<ItemDetails>, String>>,
    reading: Option<RequestId>,
    /// The page of the list each request in flight asked for.
    calls: PageCalls,
}

impl std::fmt::Debug for BrowsePage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrowsePage")
            .field("listing", &self.listing)
            .field("loaded", &self.list.loaded())
            .finish_non_exhaustive()
    }
}

/// An item marked with Space: its id, subject, and mailbox when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    pub id: String,
    pub title: String,
    pub mailbox: Option<String>,
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
        let (listing, path) = level.unwrap_or_else(|| (listing_for(&session.kind), Vec::new()));
        let mut page = BrowsePage {
            listing,
            path,
            session,
            list: PagedList::new(matches),
            parent: None,
            filter: Input::default(),
            filtering: false,
            searching: false,
            query: Input::default(),
            details: false,
            marked: Vec::new(),
            item: None,
            reading: None,
            calls: PageCalls::default(),
        };
        let reqs = page.list.set_view(view_height(shared));
        let flow = page.send(reqs, shared);
        (page, flow)
    }
}

/// Rows the list shows: the body less header, title, column header and footer.
fn view_height(shared: &Shared) -> u64 {
    u64::from(shared.size.1.saturating_sub(7 + u16::from(shared.insecure))).max(1)
}

impl Page for BrowsePage {
    fn title(&self) -> String {
        "Browse".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        if self.searching {
            crate::app::keymap::table("browse_searching")
        } else if self.filtering {
            crate::app::keymap::table("browse_filtering")
        } else if self.details {
            crate::app::keymap::table("browse_details")
        } else {
            crate::app::keymap::table("browse")
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
            self.details = false;
            self.item = None;
            self.reading = None;
            return Flow::none();
        }
        if self.searching {
            self.searching = false;
            return match intent {
                Intent::Submit => self.run_search(),
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
            Intent::ServerSearch => return self.server_search(shared),
            Intent::Select => return self.mark(shared),
            Intent::Save => return self.save(shared),
            // Esc: first clears the filter, then leaves the subsites, then goes back.
            Intent::Back if !self.filter.value().is_empty() => {
                self.filter = Input::default();
                self.list.clear_filter()
            }
            Intent::Back if self.parent.is_some() => {
                self.parent = None;
                self.listing = Listing::Sites { parent_id: None };
                self.list.reset()
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
        let answered = self.calls.answer(id, reply, &mut self.list, |r| match r {
            ApiReply::Page { rows, total, .. } => Some((rows, total)),
            _ => None,
        });
        match answered {
            Some(reqs) => self.send(reqs, shared),
            None => Flow::unchanged(),
        }
    }

    fn reload(&mut self, shared: &mut Shared) -> Flow {
        let reqs = self.list.retry();
        self.send(reqs, shared)
    }
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

    /// A new listing in place of this one: late answers of the old one are dropped.
    fn relist(&mut self, listing: Listing, shared: &mut Shared) -> Flow {
        self.listing = listing;
        self.filter = Input::default();
        self.calls.clear();
        let mut reqs = self.list.reset();
        reqs.extend(self.list.set_view(view_height(shared)));
        self.send(reqs, shared)
    }

    /// Enter: a mailbox opens its folders, a folder its items; anything else its details.
    fn open_selected(&mut self, shared: &mut Shared) -> Flow {
        let Some(row) = self.list.selected_row() else {
            return Flow::unchanged();
        };
        let mut path = self.path.clone();
        path.push(row.title().to_string());
        let listing = match (&self.listing, row) {
            (Listing::Mailboxes, Row::Mailbox(m)) if shared.version().has_mailbox_folders() => {
                Listing::MailboxFolders {
                    mailbox_id: m.id.clone(),
                    parent_id: None,
                }
            }
            (Listing::MailboxFolders { mailbox_id, .. }, Row::Folder(f)) => {
                Listing::MailboxItems {
                    mailbox_id: mailbox_id.clone(),
                    folder_id: f.id.clone(),
                }
            }
            (_, Row::Item(_)) => return self.read_item(shared),
            _ => {
                self.details = true;
                return Flow::none();
            }
        };
        self.level(listing, path)
    }

    /// Enter on an item: its details, read on their own from the server (one request).
    fn read_item(&mut self, shared: &mut Shared) -> Flow {
        self.details = true;
        self.item = None;
        let Some(Marked {
            id,
            mailbox: Some(mailbox_id),
            ..
        }) = self.list.selected_row().and_then(|r| self.item(r))
        else {
            return Flow::none();
        };
        let (req, cmd) = shared.call(ApiCall::ReadItem {
            session_id: self.session.id.clone(),
            mailbox_id,
            item_id: id,
        });
        self.reading = Some(req);
        Flow::cmd(cmd)
    }

    fn level(&self, listing: Listing, path: Vec<String>) -> Flow {
        let args = Box::new((self.session.clone(), Some((listing, path))));
        Flow::push(crate::app::pages::Route::Browse(args))
    }

    fn open_children(&mut self, shared: &mut Shared) -> Flow {
        // A folder's subfolders are a level of their own.
        if let (Listing::MailboxFolders { mailbox_id, .. }, Some(Row::Folder(f))) =
            (&self.listing, self.list.selected_row())
        {
            let mut path = self.path.clone();
            path.push(f.name.clone());
            let listing = Listing::MailboxFolders {
                mailbox_id: mailbox_id.clone(),
                parent_id: Some(f.id.clone()),
            };
            return self.level(listing, path);
        }
        if !matches!(self.listing, Listing::Sites { parent_id: None }) {
            shared.message = Some(
                "o opens subsites of a top-level SharePoint site or subfolders of a folder."
                    .into(),
            );
            return Flow::none();
        }
        let Some(row) = self.list.selected_row() else {
            return Flow::unchanged();
        };
        let (id, title) = (row.id().to_string(), row.title().to_string());
        self.parent = Some((id.clone(), title));
        self.relist(
            Listing::Sites {
                parent_id: Some(id),
            },
            shared,
        )
    }

    /// Space: marks or unmarks the item under the cursor and moves on, as file managers do.
    fn mark(&mut self, shared: &mut Shared) -> Flow {
        let Some(item) = self.list.selected_row().and_then(|r| self.item(r)) else {
            shared.message = Some(
                "Space marks items in a folder or in search results; s saves the row under the cursor."
                    .into(),
            );
            return Flow::none();
        };
        match self.marked.iter().position(|m| m.id == item.id) {
            Some(i) => {
                self.marked.remove(i);
            }
            None => self.marked.push(item),
        }
        let reqs = self.list.down();
        self.send(reqs, shared)
    }

    /// An item row with its mailbox: from where this level is, or from the item (v8).
    fn item(&self, row: &Row) -> Option<Marked> {
        let Row::Item(i) = row else {
            return None;
        };
        let mailbox = match &self.listing {
            Listing::MailboxItems { mailbox_id, .. }
            | Listing::Search {
                scope:
                    SearchScope::Mailbox { mailbox_id } | SearchScope::Folder { mailbox_id, .. },
                ..
            } => Some(mailbox_id.clone()),
            _ => i.mailbox_id.clone(),
        };
        Some(Marked {
            id: i.id.clone(),
            title: row.title().to_string(),
            mailbox,
        })
    }

    pub fn is_marked(&self, id: &str) -> bool {
        self.marked.iter().any(|m| m.id == id)
    }

    /// s: the save form, offering what can be saved from this level (the marked items or the
    /// one under the cursor, this folder, this mailbox, the whole organization).
    fn save(&mut self, shared: &mut Shared) -> Flow {
        let v = shared.version();
        if !v.has_mailbox_folders() {
            shared.message = Some(format!(
                "Saving to PST or MSG is offered from API v6 on; this server speaks {v}."
            ));
            return Flow::none();
        }
        let choices = self.save_choices();
        if choices.is_empty() && matches!(self.listing, Listing::Search { .. }) {
            shared.message = Some(
                "These results do not name one mailbox (v6/v7 do not say which, or they come from several): search inside a mailbox to save them.".into(),
            );
            return Flow::none();
        }
        if choices.is_empty() {
            shared.message = Some(
                "Saving is offered for mailboxes, folders and items; OneDrive, SharePoint and Teams files are not offered yet.".into(),
            );
            return Flow::none();
        }
        Flow::push(crate::app::pages::Route::Save(Box::new(SaveOffer {
            session_id: self.session.id.clone(),
            choices,
            format: None,
        })))
    }

    fn save_choices(&self) -> Vec<SaveChoice> {
        let mailbox_name = self.path.first().cloned().unwrap_or_default();
        let mailbox = |id: &str, name: &str| {
            let source = Source::Mailbox {
                mailbox_id: id.to_string(),
            };
            SaveChoice::new(source, format!("mailbox {name}"), name)
        };
        let organization = || {
            let words = "every mailbox of the organization".to_string();
            SaveChoice::new(Source::Organization, words, "organization")
        };
        match (&self.listing, self.list.selected_row()) {
            (Listing::Mailboxes, Some(Row::Mailbox(m))) => {
                vec![mailbox(&m.id, &m.name), organization()]
            }
            (Listing::Mailboxes, _) => vec![organization()],
            (Listing::MailboxFolders { mailbox_id, .. }, row) => {
                let mut c = Vec::new();
                if let Some(Row::Folder(f)) = row {
                    let folder = Source::Folder {
                        mailbox_id: mailbox_id.clone(),
                        folder_id: f.id.clone(),
                    };
                    let words = format!("folder {} of {mailbox_name}", f.name);
                    c.push(SaveChoice::new(folder, words, &format!("{mailbox_name}-{}", f.name)));
                }
                c.push(mailbox(mailbox_id, &mailbox_name));
                c
            }
            (Listing::MailboxItems { .. } | Listing::Search { .. }, row) => {
                let mut c = Vec::new();
                if let Some(items) = self.items_choice(row) {
                    c.push(items);
                }
                let (mailbox_id, folder_id) = match &self.listing {
                    Listing::MailboxItems {
                        mailbox_id,
                        folder_id,
                    }
                    | Listing::Search {
                        scope:
                            SearchScope::Folder {
                                mailbox_id,
                                folder_id,
                            },
                        ..
                    } => (mailbox_id, Some(folder_id)),
                    Listing::Search {
                        scope: SearchScope::Mailbox { mailbox_id },
                        ..
                    } => (mailbox_id, None),
                    _ => return c,
                };
                if let Some(folder_id) = folder_id {
                    let at = self.search_scope_words();
                    let folder = Source::Folder {
                        mailbox_id: mailbox_id.clone(),
                        folder_id: folder_id.clone(),
                    };
                    let stem = format!("{mailbox_name}-{}", at.trim_start_matches("folder "));
                    c.push(SaveChoice::new(folder, format!("{at} of {mailbox_name}"), &stem));
                }
                c.push(mailbox(mailbox_id, &mailbox_name));
                c
            }
            _ => Vec::new(),
        }
    }

    /// Where S searches from this level: every mailbox, this mailbox, this folder.
    pub fn search_scope(&self) -> Option<SearchScope> {
        match &self.listing {
            Listing::Mailboxes => Some(SearchScope::Organization),
            Listing::MailboxFolders { mailbox_id, .. } => Some(SearchScope::Mailbox {
                mailbox_id: mailbox_id.clone(),
            }),
            Listing::MailboxItems {
                mailbox_id,
                folder_id,
            } => Some(SearchScope::Folder {
                mailbox_id: mailbox_id.clone(),
                folder_id: folder_id.clone(),
            }),
            Listing::Search { scope, .. } => Some(scope.clone()),
            _ => None,
        }
    }

    pub fn search_scope_words(&self) -> String {
        match self.search_scope() {
            Some(SearchScope::Organization) => "every mailbox".into(),
            Some(SearchScope::Mailbox { .. }) => {
                format!("mailbox {}", self.path.first().cloned().unwrap_or_default())
            }
            Some(SearchScope::Folder { .. }) => {
                let at = match &self.listing {
                    Listing::Search { .. } => self.path.len().saturating_sub(2),
                    _ => self.path.len().saturating_sub(1),
                };
                format!("folder {}", self.path.get(at).cloned().unwrap_or_default())
            }
            None => String::new(),
        }
    }

    /// Enter on a typed search: the results are a level of their own.
    fn run_search(&mut self) -> Flow {
        let query = self.query.value().trim().to_string();
        let Some(scope) = self.search_scope().filter(|_| !query.is_empty()) else {
            return Flow::none();
        };
        let mut path = self.path.clone();
        // A new search from a result list replaces that list's place in the path.
        if matches!(self.listing, Listing::Search { .. }) {
            path.pop();
        }
        path.push(format!("search “{query}”"));
        self.level(
            Listing::Search {
                scope,
                query,
                set_id: None,
            },
            path,
        )
    }

    /// The marked items (or the one under the cursor) as one thing to save, when they are
    /// all in one known mailbox.
    fn items_choice(&self, row: Option<&Row>) -> Option<SaveChoice> {
        let items = match (self.marked.is_empty(), row) {
            (false, _) => self.marked.clone(),
            (true, Some(r)) => vec![self.item(r)?],
            (true, None) => return None,
        };
        let mailbox_id = items[0].mailbox.clone()?;
        if items.iter().any(|m| m.mailbox.as_deref() != Some(&mailbox_id)) {
            return None;
        }
        let place = self.path.join(" › ");
        let (words, stem) = match items.as_slice() {
            [one] => (format!("“{}” from {place}", one.title), one.title.clone()),
            many => {
                let n = many.len();
                let mailbox = self.path.first().cloned().unwrap_or_default();
                (format!("{n} items from {place}"), format!("{mailbox}-{n} items"))
            }
        };
        let item_ids = items.into_iter().map(|m| m.id).collect();
        Some(SaveChoice::new(Source::Items { mailbox_id, item_ids }, words, &stem))
    }

    fn server_search(&mut self, shared: &mut Shared) -> Flow {
        if self.search_scope().is_some() {
            if !shared.version().has_mailbox_folders() {
                shared.message = Some(format!(
                    "Searching items on the server is offered from API v6 on; this server speaks {}. / filters what is loaded.",
                    shared.version()
                ));
                return Flow::none();
            }
            self.searching = true;
            return Flow::none();
        }
        if !matches!(self.listing, Listing::Teams { .. }) {
            shared.message = Some(
                "Server search is for mailboxes, folders and teams; / filters what is loaded."
                    .into(),
            );
            return Flow::none();
        }
        let name = self.filter.value().trim().to_string();
        self.relist(
            Listing::Teams {
                display_name: (!name.is_empty()).then_some(name),
            },
            shared,
        )
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
        crate::app::keymap::check_table("browse", crate::app::keymap::table("browse"));
        crate::app::keymap::check_table("browse filter", crate::app::keymap::table("browse_filtering"));
        crate::app::keymap::check_table("browse search", crate::app::keymap::table("browse_searching"));
        crate::app::keymap::check_table("browse details", crate::app::keymap::table("browse_details"));
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
