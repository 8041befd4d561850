//! What a restore session lists, level by level, and where each listing lives on the server.

use super::seg;

/// What to list inside a restore session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listing {
    Mailboxes,
    OneDrives,
    Sites {
        parent_id: Option<String>,
    },
    Teams {
        display_name: Option<String>,
    },
    /// A mailbox's folders under `parent_id` (its top level when none), v6+.
    MailboxFolders {
        mailbox_id: String,
        parent_id: Option<String>,
    },
    /// The items of one folder of a mailbox, v6+.
    MailboxItems {
        mailbox_id: String,
        folder_id: String,
    },
    /// The folders under `parent_id`, the store's top level when none, v6+.
    Folders {
        store: Store,
        parent_id: Option<String>,
    },
    /// The documents (or a list's items) in folder `parent_id`, the store's top level when
    /// none, v6+; on v7+ with the folders among them (`includeFolders`).
    Documents {
        store: Store,
        parent_id: Option<String>,
    },
    /// The versions of one document, list item or (`folder`) folder, v6+.
    Versions {
        store: Store,
        document_id: String,
        folder: bool,
    },
    /// The attachments of a SharePoint list item, v6+.
    Attachments {
        site_id: String,
        item_id: String,
    },
    /// What a site holds: its document libraries, lists and subsites (three rows, no request).
    SiteParts {
        site_id: String,
    },
    /// A site's document libraries, v6+.
    Libraries {
        site_id: String,
    },
    /// A site's lists, v6+.
    Lists {
        site_id: String,
    },
    /// What a channel holds: posts, files, tabs (three rows, no request).
    ChannelParts {
        team_id: String,
        channel_id: String,
    },
    /// A channel's files in folder `parent_id` (its top level when none), v6+.
    ChannelFiles {
        team_id: String,
        channel_id: String,
        parent_id: Option<String>,
    },
    /// The versions of a channel's file: v7 names the file under the team, v8 under its
    /// channel (`channel_id` set); v6 has none.
    TeamFileVersions {
        team_id: String,
        channel_id: Option<String>,
        file_id: String,
    },
    /// A channel's tabs, v6+.
    Tabs {
        team_id: String,
        channel_id: String,
    },
    /// The channels of a team, v6+.
    Channels {
        team_id: String,
    },
    /// The posts of a channel, v6+.
    Posts {
        team_id: String,
        channel_id: String,
    },
    /// Items found by the server's search (v6+); `set_id` names the result set once the
    /// first page has answered, and later pages ask for it.
    Search {
        scope: SearchScope,
        query: String,
        set_id: Option<String>,
    },
}

/// Where documents are kept: a OneDrive; a SharePoint site's document library, its list
/// (whose files are list items), or the whole site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Store {
    OneDrive { onedrive_id: String },
    Library { site_id: String, library_id: String },
    List { site_id: String, list_id: String },
    Site { site_id: String },
}

impl Store {
    /// The path of the OneDrive or site inside a restore session.
    pub fn path(&self, session_id: &str) -> String {
        match self {
            Store::OneDrive { onedrive_id } => {
                format!(
                    "RestoreSessions/{session_id}/Organization/OneDrives/{onedrive_id}",
                    session_id = seg(session_id),
                    onedrive_id = seg(onedrive_id)
                )
            }
            Store::Library { site_id, .. }
            | Store::List { site_id, .. }
            | Store::Site { site_id } => {
                format!(
                    "RestoreSessions/{session_id}/Organization/Sites/{site_id}",
                    session_id = seg(session_id),
                    site_id = seg(site_id)
                )
            }
        }
    }
    /// What its files are called in paths: a list holds `Items`, the rest `Documents`.
    pub fn files(&self) -> &'static str {
        match self {
            Store::List { .. } => "Items",
            _ => "Documents",
        }
    }
    /// The `parentId` of its top level: a library's or list's own id (unknown, empty, for
    /// a folder found by a search of the whole site).
    pub fn root_id(&self) -> Option<&str> {
        match self {
            Store::Library { library_id: id, .. } | Store::List { list_id: id, .. } => {
                Some(id.as_str()).filter(|id| !id.is_empty())
            }
            Store::OneDrive { .. } | Store::Site { .. } => None,
        }
    }
    pub fn site_id(&self) -> Option<&str> {
        match self {
            Store::Library { site_id, .. }
            | Store::List { site_id, .. }
            | Store::Site { site_id } => Some(site_id),
            Store::OneDrive { .. } => None,
        }
    }
    pub fn is_list(&self) -> bool {
        matches!(self, Store::List { .. })
    }
}

/// Where a server search looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchScope {
    /// Every mailbox (`organization/searchExchange`).
    Organization,
    Mailbox {
        mailbox_id: String,
    },
    Folder {
        mailbox_id: String,
        folder_id: String,
    },
    /// A whole OneDrive, library, list or site, or one of its folders.
    Store {
        store: Store,
    },
    StoreFolder {
        store: Store,
        folder_id: String,
    },
    /// Posts, files or tabs of every team, a team or a channel (`searchTeams`,
    /// `…/teams/{id}/search`, `…/channels/{id}/search`; no setId in the schema).
    Teams {
        place: TeamsPlace,
        kind: TeamsKind,
    },
}

/// Where a Teams search looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamsPlace {
    Organization,
    Team { team_id: String },
    Channel { team_id: String, channel_id: String },
}

impl TeamsPlace {
    pub fn team_id(&self) -> Option<&str> {
        match self {
            TeamsPlace::Organization => None,
            TeamsPlace::Team { team_id } | TeamsPlace::Channel { team_id, .. } => Some(team_id),
        }
    }
    pub fn channel_id(&self) -> Option<&str> {
        match self {
            TeamsPlace::Channel { channel_id, .. } => Some(channel_id),
            _ => None,
        }
    }
}

/// What a Teams search finds: the `type` of `RESTTeamsSearchOptions`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TeamsKind {
    #[default]
    Posts,
    Files,
    Tabs,
}

impl TeamsKind {
    pub fn wire(self) -> &'static str {
        match self {
            TeamsKind::Posts => "Posts",
            TeamsKind::Files => "Files",
            TeamsKind::Tabs => "Tabs",
        }
    }
    pub fn words(self) -> &'static str {
        match self {
            TeamsKind::Posts => "posts",
            TeamsKind::Files => "files",
            TeamsKind::Tabs => "tabs",
        }
    }
    /// The kind after this one, round again after tabs.
    pub fn next(self) -> Self {
        match self {
            TeamsKind::Posts => TeamsKind::Files,
            TeamsKind::Files => TeamsKind::Tabs,
            TeamsKind::Tabs => TeamsKind::Posts,
        }
    }
}

impl SearchScope {
    /// Whether what it finds are documents or list items (else mailbox items or posts).
    pub fn is_drive(&self) -> bool {
        self.store().is_some()
    }
    /// The OneDrive or site it searches.
    pub fn store(&self) -> Option<Store> {
        match self {
            SearchScope::Store { store } | SearchScope::StoreFolder { store, .. } => {
                Some(store.clone())
            }
            _ => None,
        }
    }
}

impl Listing {
    pub(super) fn path(&self, session_id: &str) -> String {
        let site = |site_id: &str| {
            Store::Site {
                site_id: site_id.to_string(),
            }
            .path(session_id)
        };
        let tail = match self {
            Listing::Mailboxes => "organization/mailboxes",
            Listing::OneDrives => "Organization/OneDrives",
            Listing::Sites { .. } => "Organization/Sites",
            Listing::Teams { .. } => "organization/teams",
            Listing::MailboxFolders { mailbox_id, .. } => {
                return format!(
                    "RestoreSessions/{session_id}/organization/mailboxes/{mailbox_id}/folders",
                    session_id = seg(session_id),
                    mailbox_id = seg(mailbox_id)
                );
            }
            Listing::MailboxItems { mailbox_id, .. } => {
                return format!(
                    "RestoreSessions/{session_id}/organization/mailboxes/{mailbox_id}/items",
                    session_id = seg(session_id),
                    mailbox_id = seg(mailbox_id)
                );
            }
            Listing::Folders { store, .. } => return format!("{}/Folders", store.path(session_id)),
            Listing::Documents { store, .. } => {
                return format!("{}/{}", store.path(session_id), store.files());
            }
            Listing::Versions {
                store,
                document_id,
                folder,
            } => {
                let files = if *folder { "Folders" } else { store.files() };
                return format!(
                    "{}/{files}/{document_id}/Versions",
                    store.path(session_id),
                    document_id = seg(document_id)
                );
            }
            Listing::SiteParts { .. } => "Organization/Sites",
            Listing::ChannelParts { .. } => "organization/teams",
            Listing::ChannelFiles { team_id, .. } => {
                return format!(
                    "RestoreSessions/{session_id}/organization/teams/{team_id}/files",
                    session_id = seg(session_id),
                    team_id = seg(team_id)
                );
            }
            Listing::TeamFileVersions {
                team_id,
                channel_id,
                file_id,
            } => {
                let team = format!(
                    "RestoreSessions/{session_id}/organization/teams/{team_id}",
                    session_id = seg(session_id),
                    team_id = seg(team_id)
                );
                return match channel_id {
                    Some(c) => format!(
                        "{team}/channels/{c}/files/{file_id}/versions",
                        c = seg(c),
                        file_id = seg(file_id)
                    ),
                    None => format!("{team}/files/{file_id}/versions", file_id = seg(file_id)),
                };
            }
            Listing::Tabs {
                team_id,
                channel_id,
            } => {
                return format!(
                    "RestoreSessions/{session_id}/organization/teams/{team_id}/channels/{channel_id}/tabs",
                    session_id = seg(session_id),
                    team_id = seg(team_id),
                    channel_id = seg(channel_id)
                );
            }
            Listing::Libraries { site_id } => {
                return format!("{}/Libraries", site(site_id));
            }
            Listing::Lists { site_id } => return format!("{}/Lists", site(site_id)),
            Listing::Attachments { site_id, item_id } => {
                return format!(
                    "{}/Items/{item_id}/Attachments",
                    site(site_id),
                    item_id = seg(item_id)
                );
            }
            Listing::Channels { team_id } => {
                return format!(
                    "RestoreSessions/{session_id}/organization/teams/{team_id}/channels",
                    session_id = seg(session_id),
                    team_id = seg(team_id)
                );
            }
            Listing::Posts { team_id, .. } => {
                return format!(
                    "RestoreSessions/{session_id}/organization/teams/{team_id}/posts",
                    session_id = seg(session_id),
                    team_id = seg(team_id)
                );
            }
            Listing::Search { scope, .. } => {
                let base = format!(
                    "RestoreSessions/{session_id}/organization",
                    session_id = seg(session_id)
                );
                return match scope {
                    SearchScope::Organization => format!("{base}/searchExchange"),
                    SearchScope::Mailbox { mailbox_id } => {
                        format!(
                            "{base}/mailboxes/{mailbox_id}/search",
                            mailbox_id = seg(mailbox_id)
                        )
                    }
                    SearchScope::Folder {
                        mailbox_id,
                        folder_id,
                    } => format!(
                        "{base}/mailboxes/{mailbox_id}/folders/{folder_id}/search",
                        mailbox_id = seg(mailbox_id),
                        folder_id = seg(folder_id)
                    ),
                    SearchScope::Store { store } => {
                        let at = store.path(session_id);
                        match store {
                            Store::Library { library_id, .. } => {
                                format!(
                                    "{at}/Libraries/{library_id}/search",
                                    library_id = seg(library_id)
                                )
                            }
                            Store::List { list_id, .. } => {
                                format!("{at}/Lists/{list_id}/search", list_id = seg(list_id))
                            }
                            Store::OneDrive { .. } | Store::Site { .. } => format!("{at}/search"),
                        }
                    }
                    SearchScope::StoreFolder { store, folder_id } => {
                        format!(
                            "{}/Folders/{folder_id}/search",
                            store.path(session_id),
                            folder_id = seg(folder_id)
                        )
                    }
                    SearchScope::Teams { place, .. } => match place {
                        TeamsPlace::Organization => format!("{base}/searchTeams"),
                        TeamsPlace::Team { team_id } => {
                            format!("{base}/teams/{team_id}/search", team_id = seg(team_id))
                        }
                        TeamsPlace::Channel {
                            team_id,
                            channel_id,
                        } => format!(
                            "{base}/teams/{team_id}/channels/{channel_id}/search",
                            team_id = seg(team_id),
                            channel_id = seg(channel_id)
                        ),
                    },
                };
            }
        };
        format!(
            "RestoreSessions/{session_id}/{tail}",
            session_id = seg(session_id)
        )
    }
    pub(super) fn op(&self) -> &'static str {
        match self {
            Listing::Mailboxes => "List mailboxes",
            Listing::OneDrives => "List OneDrives",
            Listing::Sites { .. } => "List sites",
            Listing::Teams { .. } => "List teams",
            Listing::MailboxFolders { .. } => "List mailbox folders",
            Listing::MailboxItems { .. } => "List mailbox items",
            Listing::Search { .. } => "Search items",
            Listing::Folders { .. } => "List folders",
            Listing::Documents { store, .. } if store.is_list() => "List list items",
            Listing::Documents { .. } => "List documents",
            Listing::Versions { .. } => "List versions",
            Listing::SiteParts { .. } => "List what a site holds",
            Listing::ChannelParts { .. } => "List what a channel holds",
            Listing::ChannelFiles { .. } => "List channel files",
            Listing::Tabs { .. } => "List channel tabs",
            Listing::TeamFileVersions { .. } => "List file versions",
            Listing::Libraries { .. } => "List document libraries",
            Listing::Lists { .. } => "List lists",
            Listing::Attachments { .. } => "List attachments",
            Listing::Channels { .. } => "List channels",
            Listing::Posts { .. } => "List posts",
        }
    }
}
