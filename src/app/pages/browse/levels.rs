//! Going down and up: the level Enter or `o` opens from the row under the cursor.

use super::*;

impl BrowsePage {
    /// Enter: a mailbox opens its folders, a folder its items; a OneDrive or one of its
    /// folders its documents; anything else its details.
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
            (Listing::OneDrives, Row::OneDrive(o)) if shared.version().has_mailbox_folders() => {
                Listing::DriveDocuments {
                    onedrive_id: o.id.clone(),
                    parent_id: None,
                }
            }
            (_, Row::Drive(d)) if d.is_folder() && self.drive_of().is_some() => {
                Listing::DriveDocuments {
                    onedrive_id: self.drive_of().unwrap_or_default().to_string(),
                    parent_id: Some(d.id.clone()),
                }
            }
            (Listing::Teams { .. }, Row::Team(t)) if shared.version().has_mailbox_folders() => {
                Listing::Channels {
                    team_id: t.id.clone(),
                }
            }
            (Listing::Channels { team_id }, Row::Channel(c)) => Listing::Posts {
                team_id: team_id.clone(),
                channel_id: c.id.clone(),
            },
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

    /// v: the versions of the document under the cursor, a level of their own.
    pub(super) fn open_versions(&mut self, shared: &mut Shared) -> Flow {
        let (Listing::DriveDocuments { onedrive_id, .. }, Some(Row::Drive(d))) =
            (&self.listing, self.list.selected_row())
        else {
            shared.message = Some("v shows the versions of a OneDrive document.".into());
            return Flow::none();
        };
        if d.is_folder() {
            shared.message = Some("v shows the versions of a document, not of a folder.".into());
            return Flow::none();
        }
        let mut path = self.path.clone();
        path.push(d.name.clone());
        let listing = Listing::DocumentVersions {
            onedrive_id: onedrive_id.clone(),
            document_id: d.id.clone(),
        };
        self.level(listing, path)
    }

    pub(super) fn open_children(&mut self, shared: &mut Shared) -> Flow {
        // The folders of a OneDrive folder alone (v6 lists documents without them).
        if let Listing::DriveDocuments {
            onedrive_id,
            parent_id,
        } = &self.listing
        {
            let mut path = self.path.clone();
            path.push("folders".into());
            let listing = Listing::DriveFolders {
                onedrive_id: onedrive_id.clone(),
                parent_id: parent_id.clone(),
            };
            return self.level(listing, path);
        }
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
                "o opens subsites of a top-level SharePoint site, subfolders of a mailbox folder, or the folders of a OneDrive folder."
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
