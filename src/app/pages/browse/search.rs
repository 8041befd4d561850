//! The server search (`S`): where it looks from each level, and the level its results open.

use super::*;
use crate::api::{TeamsKind, TeamsPlace};

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
            Listing::Search {
                scope: SearchScope::Teams { place, .. },
                ..
            } => Some(self.teams_scope(place.clone())),
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
            Listing::Teams { .. } => Some(self.teams_scope(TeamsPlace::Organization)),
            Listing::Channels { team_id } => Some(self.teams_scope(TeamsPlace::Team {
                team_id: team_id.clone(),
            })),
            Listing::ChannelParts {
                team_id,
                channel_id,
            }
            | Listing::Posts {
                team_id,
                channel_id,
            }
            | Listing::ChannelFiles {
                team_id,
                channel_id,
                ..
            }
            | Listing::Tabs {
                team_id,
                channel_id,
            } => Some(self.teams_scope(TeamsPlace::Channel {
                team_id: team_id.clone(),
                channel_id: channel_id.clone(),
            })),
            _ => None,
        }
    }

    /// A Teams search of `place` for the kind chosen while typing.
    fn teams_scope(&self, place: TeamsPlace) -> SearchScope {
        SearchScope::Teams {
            place,
            kind: self.search_kind,
        }
    }

    /// What a Teams search starts looking for from this level: what the level lists, else
    /// posts.
    fn default_search_kind(&self) -> TeamsKind {
        match &self.listing {
            Listing::ChannelFiles { .. } => TeamsKind::Files,
            Listing::Tabs { .. } => TeamsKind::Tabs,
            Listing::Search {
                scope: SearchScope::Teams { kind, .. },
                ..
            } => *kind,
            _ => TeamsKind::Posts,
        }
    }

    /// Tab while a Teams search is typed: posts, files, tabs, round again.
    pub(super) fn next_search_kind(&mut self) {
        self.search_kind = self.search_kind.next();
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
            Some(SearchScope::Teams { place, kind }) => {
                let team = self.path.first().cloned().unwrap_or_default();
                let channel = self.path.get(1).cloned().unwrap_or_default();
                match place {
                    TeamsPlace::Organization => format!("{} of every team", kind.words()),
                    TeamsPlace::Team { .. } => format!("{} of team {team}", kind.words()),
                    TeamsPlace::Channel { .. } => {
                        format!("{} of {team} › {channel}", kind.words())
                    }
                }
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
    pub(super) fn run_search(&mut self, shared: &mut Shared) -> Flow {
        let query = self.query.value().trim().to_string();
        if query.is_empty() {
            shared.status.text = Some("Nothing to search for: S, then type words.".into());
            return Flow::none();
        }
        let Some(scope) = self.search_scope() else {
            return Flow::none();
        };
        // Dates go as ISO days, which no server locale misreads; the operator sees how.
        let (query, read) = crate::dates::search_query(&shared.clock, &query);
        if !read.is_empty() {
            shared.status.text = Some(format!("Searching with {}.", read.join("; ")));
        }
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
                shared.status.text = Some(format!(
                    "Searching items on the server is offered from API v6 on; this server speaks {}. / filters what is loaded.",
                    shared.version()
                ));
                return Flow::none();
            }
            self.searching = true;
            self.search_kind = self.default_search_kind();
            return Flow::none();
        }
        shared.status.text = Some(
            "Server search is for mailboxes, OneDrives, sites, libraries, lists, their folders, teams and channels; / filters what is loaded."
                .into(),
        );
        Flow::none()
    }
}

/// The property shortcuts the server's query language has for what is searched (VB365's
/// "Item Search Parameters"), the most asked for first.
pub fn shortcuts(scope: &SearchScope) -> &'static [&'static str] {
    match scope {
        SearchScope::Organization | SearchScope::Mailbox { .. } | SearchScope::Folder { .. } => &[
            "from", "subject", "received", "to", "cc", "sent", "hasattachments", "attachments",
            "body", "importance", "size",
        ],
        SearchScope::Teams { kind, .. } => match kind {
            TeamsKind::Posts => &[
                "author", "subject", "created", "modified", "hasattachment", "attachment", "body",
            ],
            TeamsKind::Files => &["filename", "author", "created", "modified", "ext", "size"],
            TeamsKind::Tabs => &["name"],
        },
        _ => &["filename", "subject", "title", "datemodified", "datecreated", "size", "body"],
    }
}

impl BrowsePage {
    /// The shortcuts of what the search being typed looks through.
    pub fn search_shortcuts(&self) -> &'static [&'static str] {
        self.search_scope().map_or(&[], |s| shortcuts(&s))
    }

    /// Tab on a word that begins a shortcut: the shortcut and its colon. False when the last
    /// word begins none (or several), so Tab does what it otherwise does.
    pub(super) fn complete_shortcut(&mut self) -> bool {
        let typed = self.query.value().to_string();
        let start = typed.rfind(' ').map_or(0, |i| i + 1);
        let word = typed[start..].to_ascii_lowercase();
        if word.is_empty() || word.contains(':') {
            return false;
        }
        let mut found = self.search_shortcuts().iter().filter(|s| s.starts_with(&word));
        match (found.next(), found.next()) {
            (Some(one), None) => {
                self.query = Input::new(format!("{}{one}:", &typed[..start]));
                true
            }
            _ => false,
        }
    }
}
