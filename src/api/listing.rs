//! What a restore session lists, level by level, and where each listing lives on the server.

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
    /// A OneDrive's folders under `parent_id` (its top level when none), v6+.
    DriveFolders {
        onedrive_id: String,
        parent_id: Option<String>,
    },
    /// A OneDrive's documents in `parent_id` (its top level when none), v6+; on v7+ with
    /// the folders among them (`includeFolders`).
    DriveDocuments {
        onedrive_id: String,
        parent_id: Option<String>,
    },
    /// The versions of one document, v6+.
    DocumentVersions {
        onedrive_id: String,
        document_id: String,
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
    /// A whole OneDrive, or one of its folders.
    OneDrive {
        onedrive_id: String,
    },
    DriveFolder {
        onedrive_id: String,
        folder_id: String,
    },
    /// The posts of a team (`…/teams/{id}/posts/search`; no setId in the schema).
    TeamPosts {
        team_id: String,
    },
}

impl SearchScope {
    /// Whether what it finds are OneDrive files (else mailbox items).
    pub fn is_drive(&self) -> bool {
        matches!(
            self,
            SearchScope::OneDrive { .. } | SearchScope::DriveFolder { .. }
        )
    }
}

impl Listing {
    pub(super) fn path(&self, session_id: &str) -> String {
        let tail = match self {
            Listing::Mailboxes => "organization/mailboxes",
            Listing::OneDrives => "Organization/OneDrives",
            Listing::Sites { .. } => "Organization/Sites",
            Listing::Teams { .. } => "organization/teams",
            Listing::MailboxFolders { mailbox_id, .. } => {
                return format!(
                    "RestoreSessions/{session_id}/organization/mailboxes/{mailbox_id}/folders"
                );
            }
            Listing::MailboxItems { mailbox_id, .. } => {
                return format!(
                    "RestoreSessions/{session_id}/organization/mailboxes/{mailbox_id}/items"
                );
            }
            Listing::DriveFolders { onedrive_id, .. } => {
                return format!(
                    "RestoreSessions/{session_id}/Organization/OneDrives/{onedrive_id}/Folders"
                );
            }
            Listing::DriveDocuments { onedrive_id, .. } => {
                return format!(
                    "RestoreSessions/{session_id}/Organization/OneDrives/{onedrive_id}/Documents"
                );
            }
            Listing::DocumentVersions {
                onedrive_id,
                document_id,
            } => {
                return format!(
                    "RestoreSessions/{session_id}/Organization/OneDrives/{onedrive_id}/Documents/{document_id}/Versions"
                );
            }
            Listing::Channels { team_id } => {
                return format!(
                    "RestoreSessions/{session_id}/organization/teams/{team_id}/channels"
                );
            }
            Listing::Posts { team_id, .. } => {
                return format!("RestoreSessions/{session_id}/organization/teams/{team_id}/posts");
            }
            Listing::Search { scope, .. } => {
                let base = format!("RestoreSessions/{session_id}/organization");
                return match scope {
                    SearchScope::Organization => format!("{base}/searchExchange"),
                    SearchScope::Mailbox { mailbox_id } => {
                        format!("{base}/mailboxes/{mailbox_id}/search")
                    }
                    SearchScope::Folder {
                        mailbox_id,
                        folder_id,
                    } => format!("{base}/mailboxes/{mailbox_id}/folders/{folder_id}/search"),
                    SearchScope::OneDrive { onedrive_id } => format!(
                        "RestoreSessions/{session_id}/Organization/OneDrives/{onedrive_id}/search"
                    ),
                    SearchScope::DriveFolder {
                        onedrive_id,
                        folder_id,
                    } => format!(
                        "RestoreSessions/{session_id}/Organization/OneDrives/{onedrive_id}/Folders/{folder_id}/search"
                    ),
                    SearchScope::TeamPosts { team_id } => {
                        format!("{base}/teams/{team_id}/posts/search")
                    }
                };
            }
        };
        format!("RestoreSessions/{session_id}/{tail}")
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
            Listing::DriveFolders { .. } => "List OneDrive folders",
            Listing::DriveDocuments { .. } => "List OneDrive documents",
            Listing::DocumentVersions { .. } => "List document versions",
            Listing::Channels { .. } => "List channels",
            Listing::Posts { .. } => "List posts",
        }
    }
}
