//! Marking items with Space and what `s` offers to save from each level.

use super::*;

/// An item marked with Space: its id, subject, and mailbox when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    pub id: String,
    pub title: String,
    pub mailbox: Option<String>,
}

impl BrowsePage {
    /// Space: marks or unmarks the item under the cursor and moves on, as file managers do.
    pub(super) fn mark(&mut self, shared: &mut Shared) -> Flow {
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
    pub(super) fn item(&self, row: &Row) -> Option<Marked> {
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
    pub(super) fn save(&mut self, shared: &mut Shared) -> Flow {
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

}
