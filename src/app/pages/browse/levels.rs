//! Going down and up: the level Enter or `c` opens from the row under the cursor.

use super::*;
use crate::api::Store;
use crate::api::models::Part;

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
                Listing::Documents {
                    store: Store::OneDrive {
                        onedrive_id: o.id.clone(),
                    },
                    parent_id: None,
                }
            }
            (Listing::Sites { .. }, Row::Site(site)) if shared.version().has_mailbox_folders() => {
                Listing::SiteParts {
                    site_id: site.id.clone(),
                }
            }
            // The part's level names itself: the path stays at the site or channel.
            (Listing::SiteParts { site_id }, Row::Part(part)) => {
                path.pop();
                let site_id = site_id.clone();
                match part {
                    Part::Lists => Listing::Lists { site_id },
                    Part::Subsites => Listing::Sites {
                        parent_id: Some(site_id),
                    },
                    _ => Listing::Libraries { site_id },
                }
            }
            (
                Listing::ChannelParts {
                    team_id,
                    channel_id,
                },
                Row::Part(part),
            ) => {
                path.pop();
                let (team_id, channel_id) = (team_id.clone(), channel_id.clone());
                match part {
                    Part::Files => Listing::ChannelFiles {
                        team_id,
                        channel_id,
                        parent_id: None,
                    },
                    Part::Tabs => Listing::Tabs {
                        team_id,
                        channel_id,
                    },
                    _ => Listing::Posts {
                        team_id,
                        channel_id,
                    },
                }
            }
            (
                Listing::ChannelFiles {
                    team_id,
                    channel_id,
                    ..
                },
                Row::Drive(d),
            ) if d.is_folder() => Listing::ChannelFiles {
                team_id: team_id.clone(),
                channel_id: channel_id.clone(),
                parent_id: Some(d.id.clone()),
            },
            (
                Listing::Search {
                    scope: SearchScope::Teams { .. },
                    ..
                },
                Row::Drive(d),
            ) if d.is_folder() => {
                let at = self.teams_where(&d.channel);
                let (Some(team_id), Some(channel_id)) = (at.team_id, at.channel_id) else {
                    shared.status.text = Some(
                        "The server does not say which channel this folder is in: open it from the channel's files."
                            .into(),
                    );
                    return Flow::none();
                };
                Listing::ChannelFiles {
                    team_id,
                    channel_id,
                    parent_id: Some(d.id.clone()),
                }
            }
            (Listing::Libraries { site_id } | Listing::Lists { site_id }, Row::SiteList(l)) => {
                let site_id = site_id.clone();
                let store = if l.is_list {
                    Store::List {
                        site_id,
                        list_id: l.id.clone(),
                    }
                } else {
                    Store::Library {
                        site_id,
                        library_id: l.id.clone(),
                    }
                };
                Listing::Documents {
                    store,
                    parent_id: None,
                }
            }
            (_, Row::Drive(d))
                if d.is_folder()
                    && self.store_of().is_some()
                    && !matches!(self.listing, Listing::Versions { .. }) =>
            {
                Listing::Documents {
                    store: self.folder_store(d),
                    parent_id: Some(d.id.clone()),
                }
            }
            (Listing::Teams { .. }, Row::Team(t)) if shared.version().has_mailbox_folders() => {
                Listing::Channels {
                    team_id: t.id.clone(),
                }
            }
            (Listing::Channels { team_id }, Row::Channel(c)) => Listing::ChannelParts {
                team_id: team_id.clone(),
                channel_id: c.id.clone(),
            },
            (_, Row::Item(_)) => return self.read_item(shared),
            _ => {
                self.details = true;
                self.details_scroll = 0;
                return Flow::none();
            }
        };
        self.level(listing, path)
    }

    /// Enter on an item: its details, read on their own from the server (one request).
    pub(super) fn read_item(&mut self, shared: &mut Shared) -> Flow {
        self.details = true;
        self.details_scroll = 0;
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

    /// v: the versions of the document or list item under the cursor, a level of their own.
    pub(super) fn open_versions(&mut self, shared: &mut Shared) -> Flow {
        if self.lists_team_files() {
            return self.open_team_file_versions(shared);
        }
        let (Some(store), Some(Row::Drive(d))) = (self.store_of(), self.list.selected_row())
        else {
            shared.status.text = Some(format!(
                "{} shows the versions of a document, list item, folder or Teams file.",
                key(Intent::Versions)
            ));
            return Flow::none();
        };
        if matches!(self.listing, Listing::Versions { .. }) {
            shared.status.text = Some(format!("These are versions already: {} goes back.", key(Intent::Back)));
            return Flow::none();
        }
        // Found in a whole site: a list item's versions are under Items, a document's under
        // Documents; the path names the site alone.
        let store = match (store, d.title.is_some() && !d.is_folder()) {
            (Store::Site { site_id }, true) => Store::List {
                site_id,
                list_id: String::new(),
            },
            (store, _) => store,
        };
        let mut path = self.path.clone();
        path.push(d.title().to_string());
        let listing = Listing::Versions {
            store,
            document_id: d.id.clone(),
            folder: d.is_folder(),
        };
        self.level(listing, path)
    }

    /// a on a list item: its attachments, a level of their own.
    pub(super) fn open_attachments(&mut self, shared: &mut Shared) -> Flow {
        let store = self.store_of();
        let site_id = store.as_ref().and_then(|s| s.site_id()).map(str::to_string);
        let item = match (self.list.selected_row(), &store) {
            // A list's item, or one found in a whole site (it has a title, documents none).
            (Some(Row::Drive(d)), Some(Store::List { .. } | Store::Site { .. }))
                if !d.is_folder()
                    && d.title.is_some()
                    && d.size_bytes.is_none()
                    && !matches!(self.listing, Listing::Versions { .. }) =>
            {
                Some(d)
            }
            _ => None,
        };
        let (Some(d), Some(site_id)) = (item, site_id) else {
            shared.status.text = Some(format!("{} shows the attachments of a list item.", key(Intent::Attachments)));
            return Flow::none();
        };
        let mut path = self.path.clone();
        path.push(d.title().to_string());
        let listing = Listing::Attachments {
            site_id,
            item_id: d.id.clone(),
        };
        self.level(listing, path)
    }

    /// v on a Teams file: its versions (v7+), a level of their own.
    fn open_team_file_versions(&mut self, shared: &mut Shared) -> Flow {
        let v = shared.version();
        let Some(Row::Drive(d)) = self.list.selected_row() else {
            return Flow::none();
        };
        let refusal = if d.is_folder() {
            Some(format!("{} shows the versions of a file, not of a folder.", key(Intent::Versions)))
        } else if v < crate::api::ApiVersion::V7 {
            Some(format!(
                "The versions of a Teams file are listed from API v7 on; this server speaks {v}."
            ))
        } else {
            None
        };
        let at = self.teams_where(&d.channel);
        let channel_id = at.channel_id.filter(|_| v >= crate::api::ApiVersion::V8);
        let (Some(team_id), None) = (at.team_id, refusal.clone()) else {
            shared.status.text = Some(refusal.unwrap_or_else(|| {
                "The server does not say which team this file is in: search inside the team."
                    .into()
            }));
            return Flow::none();
        };
        if v >= crate::api::ApiVersion::V8 && channel_id.is_none() {
            shared.status.text = Some(
                "The server does not say which channel this file is in: open it from the channel's files."
                    .into(),
            );
            return Flow::none();
        }
        let mut path = self.path.clone();
        path.push(d.name.clone());
        let listing = Listing::TeamFileVersions {
            team_id,
            channel_id,
            file_id: d.id.clone(),
        };
        self.level(listing, path)
    }

    /// The store a folder row opens in: in a whole site a list's folder lists list items.
    fn folder_store(&self, d: &crate::api::models::DriveItem) -> Store {
        match self.store_of() {
            Some(Store::Site { site_id }) if d.folder_type.as_deref() == Some("ListFolder") => {
                Store::List {
                    site_id,
                    list_id: String::new(),
                }
            }
            Some(Store::Site { site_id }) => Store::Library {
                site_id,
                library_id: String::new(),
            },
            Some(store) => store,
            None => Store::Site {
                site_id: String::new(),
            },
        }
    }

    pub(super) fn open_children(&mut self, shared: &mut Shared) -> Flow {
        // The folders of a OneDrive, library, list or folder alone (v6 lists files without).
        if let Listing::Documents { store, parent_id } = &self.listing {
            let mut path = self.path.clone();
            path.push("folders".into());
            let listing = Listing::Folders {
                store: store.clone(),
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
        // A site's subsites, at any depth.
        if let (Listing::Sites { .. }, Some(Row::Site(site))) =
            (&self.listing, self.list.selected_row())
        {
            let mut path = self.path.clone();
            path.push(format!("{} › subsites", site.name));
            let listing = Listing::Sites {
                parent_id: Some(site.id.clone()),
            };
            return self.level(listing, path);
        }
        shared.status.text = Some(format!(
            "{} opens the subsites of a site, the subfolders of a mailbox folder, or the folders alone of a OneDrive, library or list.",
            key(Intent::OpenChildren)
        ));
        Flow::none()
    }
}
