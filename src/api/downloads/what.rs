//! What can be downloaded from a restore session, and in which formats.

use crate::api::listing::Store;
use crate::api::version::ApiVersion;

/// What to take from an Exchange restore session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Every mailbox of the organization.
    Organization,
    Mailbox {
        mailbox_id: String,
    },
    Folder {
        mailbox_id: String,
        folder_id: String,
    },
    /// Items of one mailbox (one item uses the item's own operation).
    Items {
        mailbox_id: String,
        item_ids: Vec<String>,
    },
    /// A whole OneDrive.
    OneDrive {
        onedrive_id: String,
    },
    /// A folder of a OneDrive or of a site's library.
    StoreFolder {
        store: Store,
        folder_id: String,
    },
    /// Documents of one OneDrive or site, as listed (the save of several sends them back
    /// whole).
    Documents {
        store: Store,
        documents: Vec<crate::api::models::DriveItem>,
    },
    /// A whole document library of a site.
    Library {
        site_id: String,
        library_id: String,
    },
    /// Posts of a channel (one is saved on its own).
    Posts {
        team_id: String,
        channel_id: String,
        post_ids: Vec<u64>,
    },
    /// Every post of a channel.
    Channel {
        team_id: String,
        channel_id: String,
    },
    /// Files or folders of a Teams channel, by id (one file is saved on its own).
    TeamFiles {
        team_id: String,
        channel_id: String,
        files: Vec<TeamFileRef>,
    },
    /// Every file of a Teams channel.
    ChannelFiles {
        team_id: String,
        channel_id: String,
    },
    /// Attachments of a SharePoint list item, by id (one is saved as it is).
    Attachments {
        site_id: String,
        item_id: String,
        attachment_ids: Vec<String>,
    },
    /// One version of a document.
    Version {
        store: Store,
        document_id: String,
        version_id: u64,
        /// A folder's version (a ZIP), not a document's.
        folder: bool,
    },
}

/// A Teams file or folder named in a save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamFileRef {
    pub id: String,
    pub is_folder: bool,
}

/// The file the server writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A PST file; split into parts of at most this many bytes (a ZIP) when set.
    Pst { split_bytes: Option<u64> },
    /// MSG: one item as a `.msg`, several as a ZIP of them.
    Msg,
    /// One document as it is (its own name and kind).
    File,
    /// Files in a ZIP.
    Zip,
}

/// The smallest and largest PST part the API accepts.
pub const PST_SPLIT_RANGE: std::ops::RangeInclusive<u64> = (1 << 30)..=(49 << 30);

impl Source {
    /// The formats the API offers for this source: PST for Exchange, MSG only for items; a
    /// OneDrive's files in a ZIP, one document (or version) also as it is.
    pub fn formats(&self, version: ApiVersion) -> Vec<Format> {
        if !version.has_mailbox_folders() {
            return Vec::new();
        }
        match self {
            Source::Items { .. } => vec![Format::Pst { split_bytes: None }, Format::Msg],
            Source::Posts { .. } | Source::Channel { .. } => vec![Format::Msg],
            Source::Documents { documents, .. } if documents.len() == 1 => {
                vec![Format::File, Format::Zip]
            }
            Source::Version { folder: true, .. } => vec![Format::Zip],
            Source::Attachments { attachment_ids, .. } if attachment_ids.len() == 1 => {
                vec![Format::File]
            }
            Source::Attachments { .. } => vec![Format::Zip],
            Source::Version { .. } => vec![Format::File, Format::Zip],
            Source::TeamFiles { files, .. } if files.len() == 1 && !files[0].is_folder => {
                vec![Format::File, Format::Zip]
            }
            Source::TeamFiles { .. } | Source::ChannelFiles { .. } => vec![Format::Zip],
            Source::OneDrive { .. }
            | Source::StoreFolder { .. }
            | Source::Documents { .. }
            | Source::Library { .. } => {
                vec![Format::Zip]
            }
            _ => vec![Format::Pst { split_bytes: None }],
        }
    }
}

impl Format {
    /// The extension of the file that arrives.
    pub fn extension(&self, source: &Source) -> &'static str {
        let several = match source {
            Source::Items { item_ids, .. } => item_ids.len() > 1,
            Source::Posts { post_ids, .. } => post_ids.len() > 1,
            _ => true,
        };
        match self {
            Format::Pst { split_bytes: None } => "pst",
            Format::Pst { .. } | Format::Zip => "zip",
            Format::Msg if several => "zip",
            Format::Msg => "msg",
            // The document's own: the save form keeps its name.
            Format::File => "",
        }
    }
    pub fn is_pst(&self) -> bool {
        matches!(self, Format::Pst { .. })
    }
}
