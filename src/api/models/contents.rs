//! What a restore session holds besides mail: the files, folders and versions of OneDrives
//! and SharePoint sites, a site's libraries and lists, and a team's channels, posts, files
//! and tabs.

use serde::{Deserialize, Serialize};

use super::common::Timestamp;

/// A folder, document or version in a OneDrive (`RESTOneDriveFolder`, `RESTOneDriveDocument`,
/// and on v7+ `RESTItemComposed` when documents are listed with their folders). Kept whole
/// enough to be sent back, as the save of several documents asks.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DriveItem {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    #[serde(default)]
    pub created_by: String,
    #[serde(default)]
    pub creation_time: Option<Timestamp>,
    #[serde(default)]
    pub modified_by: String,
    #[serde(default)]
    pub modification_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<u64>,
    /// v7+ say; a folder listed by `Folders` is a folder whatever it says.
    #[serde(default, skip_serializing)]
    pub is_folder: Option<bool>,
    /// A SharePoint list item's title (its name is a file name like `3_.000`).
    #[serde(default, skip_serializing)]
    pub title: Option<String>,
    /// A SharePoint folder's kind: `LibraryFolder` or `ListFolder`.
    #[serde(rename = "type", default, skip_serializing)]
    pub folder_type: Option<String>,
    /// Where a Teams file is: its channel (v7+) and team (v8), as a search finds them.
    #[serde(skip)]
    pub channel: TeamsWhere,
}

/// The team and channel a Teams post, file or tab names of itself: the channel from v7,
/// the team from v8.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TeamsWhere {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
}

impl DriveItem {
    /// A folder: marked so by the server, a SharePoint folder kind, or a row with neither
    /// size nor title (folders have none).
    pub fn is_folder(&self) -> bool {
        self.is_folder.unwrap_or(
            self.folder_type.is_some() || (self.size_bytes.is_none() && self.title.is_none()),
        )
    }
    /// What it is called: a list item's title, else its name.
    pub fn title(&self) -> &str {
        self.title
            .as_deref()
            .filter(|t| !t.is_empty())
            .unwrap_or(&self.name)
    }
}

/// A document library or a list of a SharePoint site (`RESTSharePointLibrary`,
/// `RESTSharePointList`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SiteList {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub description: Option<String>,
    /// A list (its items are list items), not a library (documents); set when listed.
    #[serde(skip)]
    pub is_list: bool,
}

/// What a SharePoint site or a Teams channel holds, one row each on the level it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Libraries,
    Lists,
    Subsites,
    Posts,
    Files,
    Tabs,
}

impl Part {
    pub const SITE: [Part; 3] = [Part::Libraries, Part::Lists, Part::Subsites];
    pub const CHANNEL: [Part; 3] = [Part::Posts, Part::Files, Part::Tabs];
    pub fn label(&self) -> &'static str {
        match self {
            Part::Libraries => "Document libraries",
            Part::Lists => "Lists",
            Part::Subsites => "Subsites",
            Part::Posts => "Posts",
            Part::Files => "Files",
            Part::Tabs => "Tabs",
        }
    }
    pub fn about(&self) -> &'static str {
        match self {
            Part::Libraries => "documents in folders",
            Part::Lists => "list items in folders",
            Part::Subsites => "the sites under this one",
            Part::Posts => "conversations and replies",
            Part::Files => "the channel's files in folders",
            Part::Tabs => "apps and pages pinned to the channel",
        }
    }
}

/// A file or folder of a Teams channel (`RESTTeamsFile`); listed as a `DriveItem`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TeamFile {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub size_bytes: Option<u64>,
    #[serde(default)]
    pub version: Option<u64>,
    #[serde(default)]
    pub ui_version: Option<String>,
    #[serde(default)]
    pub modified: Option<Timestamp>,
    #[serde(default)]
    pub modified_by: String,
    #[serde(default)]
    pub file_type: Option<String>,
    #[serde(flatten)]
    pub at: TeamsWhere,
}

impl From<TeamFile> for DriveItem {
    fn from(f: TeamFile) -> Self {
        let is_folder = f.file_type.as_deref() == Some("Folder");
        DriveItem {
            id: f.id,
            name: f.name,
            size_bytes: f.size_bytes.filter(|_| !is_folder),
            created_by: String::new(),
            creation_time: None,
            modified_by: f.modified_by,
            modification_time: f.modified,
            version: f.ui_version.or(f.version.map(|v| v.to_string())),
            version_id: f.version,
            is_folder: Some(is_folder),
            title: None,
            folder_type: None,
            channel: f.at,
        }
    }
}

/// A tab of a Teams channel (`RestTeamsTab`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Tab {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub content_url: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// A channel of a team (`RESTTeamsChannel`, `RESTTeamsChannelPreview` from v7).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub display_name: String,
}

/// A post of a channel (`RESTTeamsPost`): who, when, its subject; v7+ say whether it was
/// deleted (listed only in sessions that show deleted items).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Post {
    #[serde(default)]
    pub post_id: u64,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub created_time: Option<Timestamp>,
    #[serde(default)]
    pub is_deleted: Option<bool>,
    #[serde(default)]
    pub is_important: Option<bool>,
    /// A reply names the post it answers.
    #[serde(default)]
    pub parent_id: Option<u64>,
    #[serde(flatten)]
    pub at: TeamsWhere,
    /// `post_id` as text: what marks and lists name a post by (set when a page is read).
    #[serde(skip)]
    pub key: String,
}
