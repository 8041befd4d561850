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
            Listing::DriveDocuments {
                onedrive_id,
                parent_id,
            }
            | Listing::DriveFolders {
                onedrive_id,
                parent_id,
            } => Some(match parent_id {
                None => SearchScope::OneDrive {
                    onedrive_id: onedrive_id.clone(),
                },
                Some(folder_id) => SearchScope::DriveFolder {
                    onedrive_id: onedrive_id.clone(),
                    folder_id: folder_id.clone(),
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

    /// The OneDrive this level is in, search results included.
    pub(super) fn drive_of(&self) -> Option<&str> {
        match &self.listing {
            Listing::DriveDocuments { onedrive_id, .. }
            | Listing::DriveFolders { onedrive_id, .. }
            | Listing::DocumentVersions { onedrive_id, .. }
            | Listing::Search {
                scope:
                    SearchScope::OneDrive { onedrive_id } | SearchScope::DriveFolder { onedrive_id, .. },
                ..
            } => Some(onedrive_id),
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
            Some(SearchScope::OneDrive { .. }) => {
                format!("OneDrive of {}", self.path.first().cloned().unwrap_or_default())
            }
            Some(SearchScope::Folder { .. } | SearchScope::DriveFolder { .. }) => {
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
                "Server search is for mailboxes, OneDrives, their folders and teams; / filters what is loaded."
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
