//! Marking items with Space and what `s` offers to save from each level.

use super::*;
use crate::api::Store;
use crate::api::models::TeamsWhere;
use crate::app::route_args::file_safe;

/// An item or document marked with Space: its id, subject or name, its mailbox when known,
/// and a document as listed (saving several sends them back).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    pub id: String,
    pub title: String,
    pub mailbox: Option<String>,
    pub document: Option<Box<crate::api::models::DriveItem>>,
    /// A Teams post's or file's team and channel, when known.
    pub at: TeamsWhere,
}

impl BrowsePage {
    /// Space: marks or unmarks the item under the cursor and moves on, as file managers do.
    pub(super) fn mark(&mut self, shared: &mut Shared) -> Flow {
        let Some(item) = self.list.selected_row().and_then(|r| self.item(r)) else {
            shared.status.text = Some(format!(
                "{} marks mail items, documents, list items and posts; {} saves the row under the cursor.",
                key(Intent::Select),
                key(Intent::Save)
            ));
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
    pub(super) fn item(&self, row: &Row) -> Option<Marked> {
        let i = match row {
            // Folders of a OneDrive or library are marked too, to restore several at once.
            Row::Drive(d)
                if (!d.is_folder() || self.marks_folders(d))
                    && !matches!(self.listing, Listing::Versions { .. })
                    && (self.store_of().is_some()
                        || self.lists_team_files()
                        || matches!(self.listing, Listing::Attachments { .. })) =>
            {
                return Some(Marked {
                    id: d.id.clone(),
                    title: d.title().to_string(),
                    mailbox: None,
                    document: Some(d.clone()),
                    at: self.teams_where(&d.channel),
                });
            }
            Row::Post(p) => {
                return Some(Marked {
                    id: p.key.clone(),
                    title: p.subject.clone(),
                    mailbox: None,
                    document: None,
                    at: self.teams_where(&p.at),
                });
            }
            Row::Item(i) => i,
            // Mailboxes and OneDrives are marked for a bulk restore, tabs for a restore.
            Row::Mailbox(_) | Row::OneDrive(_) | Row::Tab(_) => {
                return Some(Marked {
                    id: row.id().to_string(),
                    title: row.title().to_string(),
                    mailbox: None,
                    document: None,
                    at: Default::default(),
                });
            }
            _ => return None,
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
            document: None,
            at: TeamsWhere::default(),
        })
    }

    pub fn is_marked(&self, id: &str) -> bool {
        self.marked.iter().any(|m| m.id == id)
    }

    /// s: the save form, offering what can be saved from this level (the marked items or the
    /// one under the cursor, this folder, this mailbox, the whole organization).
    pub(super) fn save(&mut self, shared: &mut Shared) -> Flow {
        // The restore operator's sign-in is for `operatorRestore` alone.
        if shared.is_operator() {
            shared.status.text = Some(
                "A restore operator restores with a reason (R); saving copies is the administrator's."
                    .into(),
            );
            return Flow::none();
        }
        let v = shared.version();
        if !v.has_mailbox_folders() {
            shared.status.text = Some(format!(
                "Saving files is offered from API v6 on; this server speaks {v}."
            ));
            return Flow::none();
        }
        let choices = self.save_choices();
        if let Some(why) = self.unplaced_hit().filter(|_| choices.is_empty()) {
            shared.status.say(why);
            return Flow::none();
        }
        if choices.is_empty()
            && let Listing::Search {
                scope: SearchScope::Teams { kind, .. },
                ..
            } = self.listing
        {
            shared.status.text = Some(match kind {
                crate::api::TeamsKind::Tabs => "Tabs are links to apps and pages: there is no file to save.",
                _ => "These come from several channels, or the server does not say which: mark ones of one channel, or search inside the channel.",
            }.into());
            return Flow::none();
        }
        if choices.is_empty() && matches!(self.listing, Listing::TeamFileVersions { .. }) {
            shared.status.text = Some(
                "Only a Teams file's current version is saved: the API has no save of older ones."
                    .into(),
            );
            return Flow::none();
        }
        if choices.is_empty() && self.store_of().is_some() {
            shared.status.text = Some(format!(
                "List items are not saved as files: {} shows an item's attachments, which are.",
                key(Intent::Attachments)
            ));
            return Flow::none();
        }
        if choices.is_empty() && matches!(self.listing, Listing::Search { .. }) {
            shared.status.text = Some(
                "These results do not name one mailbox (v6/v7 do not say which, or they come from several): search inside a mailbox to save them.".into(),
            );
            return Flow::none();
        }
        if choices.is_empty() {
            shared.status.text = Some(
                "Saving is offered for mailboxes, mail folders and items, OneDrive and library documents and folders, and posts; list items are not saved as files (the API saves only their attachments).".into(),
            );
            return Flow::none();
        }
        Flow::push(crate::app::pages::Route::Save(Box::new(SaveOffer {
            session_id: self.session.id.clone(),
            choices,
            format: None,
        })))
    }

    pub(super) fn save_choices(&self) -> Vec<SaveChoice> {
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
            (Listing::Search { scope, .. }, row) if scope.store().is_some() => {
                let store = scope.store().unwrap_or(Store::Site { site_id: String::new() });
                let mut c = self.store_row_choice(&store, row);
                c.extend(self.whole_store_choice(&store));
                c
            }
            // Found posts or files may come from any channel: those of one are saved together.
            (
                Listing::Search {
                    scope: SearchScope::Teams { kind, .. },
                    ..
                },
                row,
            ) => match kind {
                crate::api::TeamsKind::Posts => self.posts_choice(row).into_iter().collect(),
                crate::api::TeamsKind::Files => self.team_files_choice(row).into_iter().collect(),
                crate::api::TeamsKind::Tabs => Vec::new(),
            },
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
            (Listing::OneDrives, Some(Row::OneDrive(o))) => {
                let store = Store::OneDrive {
                    onedrive_id: o.id.clone(),
                };
                store_choice(&store, &o.name).into_iter().collect()
            }
            (Listing::Libraries { site_id }, Some(Row::SiteList(l))) => {
                let store = Store::Library {
                    site_id: site_id.clone(),
                    library_id: l.id.clone(),
                };
                store_choice(&store, &l.name).into_iter().collect()
            }
            (
                Listing::Documents { store, parent_id } | Listing::Folders { store, parent_id },
                row,
            ) => {
                let mut c = self.store_row_choice(store, row);
                if let Some(folder_id) = parent_id.as_ref().filter(|_| !store.is_list()) {
                    let name = self.path.last().cloned().unwrap_or_default();
                    let folder = Source::StoreFolder {
                        store: store.clone(),
                        folder_id: folder_id.clone(),
                    };
                    c.push(SaveChoice::new(folder, format!("folder {name}"), &name));
                }
                c.extend(self.whole_store_choice(store));
                c
            }
            (
                Listing::ChannelFiles {
                    team_id,
                    channel_id,
                    ..
                },
                row,
            ) => {
                let mut c: Vec<SaveChoice> = self.team_files_choice(row).into_iter().collect();
                let channel = self.path.get(1).cloned().unwrap_or_default();
                let team = self.path.first().cloned().unwrap_or_default();
                let every = Source::ChannelFiles {
                    team_id: team_id.clone(),
                    channel_id: channel_id.clone(),
                };
                let words = format!("every file of {team} › {channel}");
                c.push(SaveChoice::new(every, words, &format!("{team}-{channel}-files")));
                c
            }
            (Listing::Channels { team_id }, Some(Row::Channel(ch))) => {
                vec![self.channel_choice(team_id, &ch.id, &ch.display_name)]
            }
            (
                Listing::Posts {
                    team_id,
                    channel_id,
                },
                row,
            ) => {
                let mut c: Vec<SaveChoice> = self.posts_choice(row).into_iter().collect();
                let channel = self.path.last().cloned().unwrap_or_default();
                c.push(self.channel_choice(team_id, channel_id, &channel));
                c
            }
            (Listing::Attachments { site_id, item_id }, row) => {
                self.attachments_choice(site_id, item_id, row).into_iter().collect()
            }
            // A version the server did not number cannot be named in the save.
            (
                Listing::Versions {
                    store,
                    document_id,
                    folder,
                },
                Some(Row::Drive(v)),
            ) if !store.is_list() && v.version_id.is_some() => {
                let version = Source::Version {
                    store: store.clone(),
                    document_id: document_id.clone(),
                    version_id: v.version_id.unwrap_or_default(),
                    folder: *folder,
                };
                let words = format!(
                    "{} version {}",
                    v.name,
                    v.version.clone().unwrap_or_default()
                );
                vec![SaveChoice {
                    source: version,
                    words,
                    stem: v.name.replace('/', "_"),
                }]
            }
            _ => Vec::new(),
        }
    }

    /// The whole OneDrive or library this level is in (a list or site is not saved whole).
    /// A library is named at its top level and in its search results (the path ends there).
    fn whole_store_choice(&self, store: &Store) -> Option<SaveChoice> {
        let name = match (store, &self.listing) {
            (Store::OneDrive { .. }, _) => self.path.first(),
            (_, Listing::Documents { parent_id: None, .. }) => self.path.last(),
            (_, Listing::Search { scope: SearchScope::Store { .. }, .. }) => {
                self.path.len().checked_sub(2).and_then(|i| self.path.get(i))
            }
            _ => None,
        }?;
        store_choice(store, name)
    }

    /// What the cursor (or the marks) offer in a OneDrive or library: a folder, or
    /// documents. List items are not saved as files (the API saves only their attachments).
    fn store_row_choice(&self, store: &Store, row: Option<&Row>) -> Vec<SaveChoice> {
        match row {
            _ if store.is_list() => Vec::new(),
            Some(Row::Drive(d)) if d.is_folder() && self.marked.is_empty() => {
                if d.folder_type.as_deref() == Some("ListFolder") {
                    return Vec::new();
                }
                let folder = Source::StoreFolder {
                    store: store.clone(),
                    folder_id: d.id.clone(),
                };
                vec![SaveChoice::new(folder, format!("folder {}", d.name), &d.name)]
            }
            _ => self.documents_choice(store, row).into_iter().collect(),
        }
    }

    /// The marked documents (or the one under the cursor) as one thing to save; one keeps
    /// its own name.
    fn documents_choice(&self, store: &Store, row: Option<&Row>) -> Option<SaveChoice> {
        let docs: Vec<crate::api::models::DriveItem> = match (self.marked.is_empty(), row) {
            (false, _) => self
                .marked
                .iter()
                .filter_map(|m| m.document.as_deref().cloned())
                .filter(|d| !d.is_folder())
                .collect(),
            (true, Some(Row::Drive(d))) if !d.is_folder() => vec![(**d).clone()],
            _ => return None,
        };
        // List items found by a search of a whole site are not files to save.
        let docs: Vec<_> = docs.into_iter().filter(|d| d.title.is_none() || d.size_bytes.is_some()).collect();
        let (words, stem) = match docs.as_slice() {
            [] => return None,
            [one] => (one.name.clone(), one.name.replace('/', "_")),
            many => {
                let owner = self.path.first().cloned().unwrap_or_default();
                (format!("{} documents from {}", many.len(), self.path.join(" › ")), file_safe(&format!("{owner}-{} documents", many.len())))
            }
        };
        let source = Source::Documents {
            store: store.clone(),
            documents: docs,
        };
        Some(SaveChoice { source, words, stem })
    }

    /// Why nothing can be saved or restored from a hit of a search of every mailbox on a
    /// server that does not say which mailbox a hit is in (v6, v7).
    pub(super) fn unplaced_hit(&self) -> Option<String> {
        let searched_all = matches!(
            self.listing,
            Listing::Search {
                scope: SearchScope::Organization,
                ..
            }
        );
        match self.list.selected_row() {
            Some(Row::Item(i)) if searched_all && i.mailbox_id.is_none() => Some(
                "This server does not say which mailbox a hit of a search of every mailbox is in (API v8 does): open the mailbox and search there (S) to save or restore it."
                    .into(),
            ),
            _ => None,
        }
    }

    /// Whether a folder row can be marked here: a OneDrive's or a library's (not a list's,
    /// nor a list folder).
    fn marks_folders(&self, d: &crate::api::models::DriveItem) -> bool {
        self.store_of().is_some_and(|s| !s.is_list())
            && d.folder_type.as_deref() != Some("ListFolder")
    }

    /// The marked attachments of a list item (or the one under the cursor); one keeps its
    /// own name.
    fn attachments_choice(&self, site_id: &str, item_id: &str, row: Option<&Row>) -> Option<SaveChoice> {
        let marked = match (self.marked.is_empty(), row) {
            (false, _) => self.marked.clone(),
            (true, Some(r)) => vec![self.item(r)?],
            (true, None) => return None,
        };
        let item = self.path.last().cloned().unwrap_or_default();
        let (words, stem) = match marked.as_slice() {
            [one] => (format!("{} from {item}", one.title), one.title.replace('/', "_")),
            many => (format!("{} attachments of {item}", many.len()), file_safe(&format!("{item}-{} attachments", many.len()))),
        };
        let source = Source::Attachments {
            site_id: site_id.to_string(),
            item_id: item_id.to_string(),
            attachment_ids: marked.into_iter().map(|m| m.id).collect(),
        };
        Some(SaveChoice { source, words, stem })
    }

    /// The marked items (or the one under the cursor) as one thing to save, when they are
    /// all in one known mailbox.
    pub(super) fn items_choice(&self, row: Option<&Row>) -> Option<SaveChoice> {
        let items = match (self.marked.is_empty(), row) {
            (false, _) => self.marked.clone(),
            (true, Some(r)) => vec![self.item(r)?],
            (true, None) => return None,
        };
        let mailbox_id = items[0].mailbox.clone()?;
        if items.iter().any(|m| m.mailbox.as_deref() != Some(&mailbox_id)) {
            return None;
        }
        // Search hits are named by where they are (their mailbox, and folder when the
        // search was of one), not by the search.
        let found_in = self.mailbox_names.get(&mailbox_id).filter(|_| {
            matches!(self.listing, Listing::Search { scope: SearchScope::Organization, .. })
        });
        let place = match (&self.listing, found_in) {
            (_, Some(name)) => format!("mailbox {name}"),
            (Listing::Search { scope: SearchScope::Mailbox { .. }, .. }, _) => {
                format!("mailbox {}", self.path.first().cloned().unwrap_or_default())
            }
            (Listing::Search { .. }, _) => {
                self.path[..self.path.len().saturating_sub(1)].join(" › ")
            }
            _ => self.path.join(" › "),
        };
        let (words, stem) = match items.as_slice() {
            [one] => (format!("“{}” from {place}", one.title), one.title.clone()),
            many => {
                let n = many.len();
                let mailbox = found_in.cloned().unwrap_or_else(|| self.path.first().cloned().unwrap_or_default());
                (format!("{n} items from {place}"), format!("{mailbox}-{n} items"))
            }
        };
        let item_ids = items.into_iter().map(|m| m.id).collect();
        Some(SaveChoice::new(Source::Items { mailbox_id, item_ids }, words, &stem))
    }

}

/// A whole OneDrive or document library, when it is named (lists and sites are not saved
/// whole: the API has no such save).
fn store_choice(store: &Store, name: &str) -> Option<SaveChoice> {
    match store {
        Store::OneDrive { onedrive_id } => {
            let source = Source::OneDrive {
                onedrive_id: onedrive_id.clone(),
            };
            Some(SaveChoice::new(source, format!("OneDrive of {name}"), &format!("OneDrive {name}")))
        }
        Store::Library {
            site_id,
            library_id,
        } if !library_id.is_empty() => {
            let source = Source::Library {
                site_id: site_id.clone(),
                library_id: library_id.clone(),
            };
            Some(SaveChoice::new(source, format!("library {name}"), name))
        }
        _ => None,
    }
}
