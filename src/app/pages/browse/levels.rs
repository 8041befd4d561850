//! Going down and up: the level Enter or `o` opens from the row under the cursor.

use super::*;

impl BrowsePage {
    /// Enter: a mailbox opens its folders, a folder its items; anything else its details.
    pub(super) fn open_selected(&mut self, shared: &mut Shared) -> Flow {
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
    pub(super) fn read_item(&mut self, shared: &mut Shared) -> Flow {
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

    pub(super) fn level(&self, listing: Listing, path: Vec<String>) -> Flow {
        let args = Box::new((self.session.clone(), Some((listing, path))));
        Flow::push(crate::app::pages::Route::Browse(args))
    }

    pub(super) fn open_children(&mut self, shared: &mut Shared) -> Flow {
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

}
