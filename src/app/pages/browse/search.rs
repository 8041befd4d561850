//! The server search (`S`): where it looks from each level, and the level its results open.

use super::*;

impl BrowsePage {
    /// Where S searches from this level: every mailbox, this mailbox, this folder; this
    /// OneDrive or this OneDrive folder.
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
            Listing::Documents { store, parent_id } | Listing::Folders { store, parent_id } => {
                Some(match parent_id {
                    None => SearchScope::Store {
                        store: store.clone(),
                    },
                    Some(folder_id) => SearchScope::StoreFolder {
                        store: store.clone(),
                        folder_id: folder_id.clone(),
                    },
                })
            }
            Listing::SiteParts { site_id } => Some(SearchScope::Store {
                store: crate::api::Store::Site {
                    site_id: site_id.clone(),
                },
            }),
            Listing::Channels { team_id } | Listing::Posts { team_id, .. } => {
                Some(SearchScope::TeamPosts {
                    team_id: team_id.clone(),
                })
            }
            _ => None,
        }
    }

    /// The OneDrive, library, list or site this level is in, search results included.
    pub(super) fn store_of(&self) -> Option<crate::api::Store> {
        match &self.listing {
            Listing::Documents { store, .. }
            | Listing::Folders { store, .. }
            | Listing::Versions { store, .. } => Some(store.clone()),
            Listing::Search { scope, .. } => scope.store(),
            _ => None,
        }
    }

    pub fn search_scope_words(&self) -> String {
        match self.search_scope() {
            Some(SearchScope::Organization) => "every mailbox".into(),
            Some(SearchScope::Mailbox { .. }) => {
                format!("mailbox {}", self.path.first().cloned().unwrap_or_default())
            }
            Some(SearchScope::TeamPosts { .. }) => {
                format!("posts of {}", self.path.first().cloned().unwrap_or_default())
            }
            Some(SearchScope::Store { store }) => {
                let at = match &self.listing {
                    Listing::Search { .. } => self.path.len().saturating_sub(2),
                    _ => self.path.len().saturating_sub(1),
                };
                let name = self.path.get(at).cloned().unwrap_or_default();
                match store {
                    crate::api::Store::OneDrive { .. } => format!(
                        "OneDrive of {}",
                        self.path.first().cloned().unwrap_or_default()
                    ),
                    crate::api::Store::Library { .. } => format!("library {name}"),
                    crate::api::Store::List { .. } => format!("list {name}"),
                    crate::api::Store::Site { .. } => format!("site {name}"),
                }
            }
            Some(SearchScope::Folder { .. } | SearchScope::StoreFolder { .. }) => {
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
    pub(super) fn run_search(&mut self) -> Flow {
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

    pub(super) fn server_search(&mut self, shared: &mut Shared) -> Flow {
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
                "Server search is for mailboxes, OneDrives, sites, libraries, lists, their folders and teams; / filters what is loaded."
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
