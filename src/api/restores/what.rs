//! What a restore puts back, the path of each kind in each version, and the options its
//! body takes: one list per schema body, so the form, the body and the confirmation agree.

use serde_json::{Map, Value, json};

use super::options::PlaceKind;
use super::specs::Opt;
use crate::api::listing::Store;
use crate::api::models::{DriveItem, Timestamp};
use crate::api::seg;
use crate::api::version::ApiVersion;

/// What a restore puts back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreWhat {
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
    /// Documents of a OneDrive or a site, or items of a list, as listed (several are sent
    /// back whole, as the API asks; one uses its own operation).
    Documents {
        store: Store,
        documents: Vec<DriveItem>,
    },
    /// A whole OneDrive.
    OneDrive {
        onedrive_id: String,
    },
    /// One folder of a OneDrive or of a site's library.
    DriveFolder {
        store: Store,
        folder_id: String,
    },
    /// Several folders of one OneDrive or library, as listed.
    DriveFolders {
        store: Store,
        folders: Vec<DriveItem>,
    },
    /// One version of a document, a list item or (`folder`) a folder.
    Version {
        store: Store,
        document_id: String,
        version_id: u64,
        folder: bool,
    },
    Library {
        site_id: String,
        library_id: String,
    },
    List {
        site_id: String,
        list_id: String,
    },
    Site {
        site_id: String,
    },
    /// The posts of a Teams channel, those posted from `from` to `to` when given (the API
    /// restores posts by channel and time, not one by one).
    Posts {
        team_id: String,
        channel_id: String,
        from: Option<Timestamp>,
        to: Option<Timestamp>,
    },
    /// A whole channel: its posts, files and tabs.
    Channel {
        team_id: String,
        channel_id: String,
    },
    Team {
        team_id: String,
    },
    /// Several mailboxes at once (`mailboxes/restore`), by id and name.
    Mailboxes {
        mailboxes: Vec<(String, String)>,
    },
    /// Several OneDrives at once (`OneDrives/restore`), by id and name.
    OneDrives {
        onedrives: Vec<(String, String)>,
    },
    /// Files of one channel, by id.
    TeamFiles {
        team_id: String,
        channel_id: String,
        file_ids: Vec<String>,
    },
    /// Tabs of one channel, by id.
    Tabs {
        team_id: String,
        channel_id: String,
        tab_ids: Vec<String>,
    },
}

const SHAREPOINT_ITEM: &[Opt] = &[
    Opt::DocumentVersion,
    Opt::LastVersion,
    Opt::Permissions,
    Opt::Notify,
];
const SHAREPOINT_ITEM_TO: &[Opt] = &[Opt::DocumentVersion, Opt::LastVersion, Opt::Notify];
const LIST: &[Opt] = &[
    Opt::ListViews,
    Opt::Changed,
    Opt::Deleted,
    Opt::Permissions,
    Opt::Notify,
    Opt::DocumentVersion,
    Opt::LastVersion,
];
const LIST_TO: &[Opt] = &[
    Opt::ListViews,
    Opt::Changed,
    Opt::Deleted,
    Opt::Notify,
    Opt::DocumentVersion,
    Opt::LastVersion,
];
const SITE: &[Opt] = &[
    Opt::ListViews,
    Opt::Changed,
    Opt::Deleted,
    Opt::Subsites,
    Opt::MasterPages,
    Opt::Permissions,
    Opt::Notify,
    Opt::DocumentVersion,
    Opt::LastVersion,
];
const SITE_TO: &[Opt] = &[
    Opt::ListViews,
    Opt::Changed,
    Opt::Deleted,
    Opt::Subsites,
    Opt::MasterPages,
    Opt::Notify,
    Opt::DocumentVersion,
    Opt::LastVersion,
];
const COPY_FOLDER: &[Opt] = &[
    Opt::Changed,
    Opt::Deleted,
    Opt::Permissions,
    Opt::Notify,
    Opt::DocumentVersion,
    Opt::LastVersion,
];

impl RestoreWhat {
    fn store(&self) -> Option<&Store> {
        match self {
            RestoreWhat::Documents { store, .. }
            | RestoreWhat::DriveFolder { store, .. }
            | RestoreWhat::DriveFolders { store, .. }
            | RestoreWhat::Version { store, .. } => Some(store),
            _ => None,
        }
    }

    /// Where "somewhere else" is for it: another mailbox for mail, a copy in another
    /// OneDrive, another site; Teams has no such restore.
    pub fn place(&self) -> Option<PlaceKind> {
        match self {
            RestoreWhat::Mailbox { .. }
            | RestoreWhat::Folder { .. }
            | RestoreWhat::Items { .. } => Some(PlaceKind::Mailbox),
            RestoreWhat::OneDrive { .. } => Some(PlaceKind::OneDrive),
            RestoreWhat::Library { .. } | RestoreWhat::List { .. } | RestoreWhat::Site { .. } => {
                Some(PlaceKind::Site)
            }
            _ => match self.store() {
                Some(Store::OneDrive { .. }) => Some(PlaceKind::OneDrive),
                Some(_) => Some(PlaceKind::Site),
                None => None,
            },
        }
    }

    pub fn is_mail(&self) -> bool {
        self.place() == Some(PlaceKind::Mailbox)
    }

    /// Whether the body can name an account to impersonate (Exchange, a site, a team).
    pub fn impersonates(&self) -> bool {
        self.is_mail()
            || matches!(
                self,
                RestoreWhat::Site { .. } | RestoreWhat::Team { .. } | RestoreWhat::Mailboxes { .. }
            )
    }

    /// The names bulk bodies give the user name and password.
    pub(super) fn password_keys(&self) -> Option<(&'static str, &'static str)> {
        match self {
            RestoreWhat::Mailboxes { .. } => Some(("office365UserName", "office365UserPassword")),
            RestoreWhat::OneDrives { .. } => Some(("officeUsername", "officeUserpassword")),
            _ => None,
        }
    }

    /// The options its body takes, to where it was or (`elsewhere`) to another place.
    pub fn opts(&self, elsewhere: bool, v: ApiVersion) -> Vec<Opt> {
        let onedrive = matches!(self.place(), Some(PlaceKind::OneDrive));
        let list: &[Opt] = match (self, elsewhere) {
            (_, true) if self.is_mail() => &[
                Opt::Changed,
                Opt::Deleted,
                Opt::Unread,
                Opt::ExcludeDrafts,
                Opt::ExcludeDeleted,
                Opt::ExcludeInPlaceHold,
                Opt::ExcludeLitigationHold,
            ],
            (_, false) if self.is_mail() => &[],
            (
                RestoreWhat::OneDrive { .. }
                | RestoreWhat::DriveFolder { .. }
                | RestoreWhat::DriveFolders { .. },
                true,
            ) if onedrive => COPY_FOLDER,
            (_, true) if onedrive => &[Opt::DocumentVersion, Opt::LastVersion],
            (_, false) if onedrive => &[Opt::DocumentAction],
            (RestoreWhat::Version { .. }, false) => {
                &[Opt::LastVersion, Opt::Permissions, Opt::Notify]
            }
            (RestoreWhat::Version { .. }, true) => &[Opt::LastVersion, Opt::Notify],
            (
                RestoreWhat::Documents { .. }
                | RestoreWhat::DriveFolder { .. }
                | RestoreWhat::DriveFolders { .. },
                false,
            ) => SHAREPOINT_ITEM,
            (
                RestoreWhat::Documents { .. }
                | RestoreWhat::DriveFolder { .. }
                | RestoreWhat::DriveFolders { .. },
                true,
            ) => SHAREPOINT_ITEM_TO,
            (RestoreWhat::Library { .. } | RestoreWhat::List { .. }, false) => LIST,
            (RestoreWhat::Library { .. } | RestoreWhat::List { .. }, true) => LIST_TO,
            (RestoreWhat::Site { .. }, false) => SITE,
            (RestoreWhat::Site { .. }, true) => SITE_TO,
            (RestoreWhat::Channel { .. }, _) if v >= ApiVersion::V8 => {
                &[Opt::TeamsChanged, Opt::TeamsMissing, Opt::Members]
            }
            (RestoreWhat::Channel { .. } | RestoreWhat::Tabs { .. }, _) => {
                &[Opt::TeamsChanged, Opt::TeamsMissing]
            }
            (RestoreWhat::Team { .. }, _) => &[
                Opt::TeamsChanged,
                Opt::TeamsMissing,
                Opt::Members,
                Opt::Settings,
            ],
            (RestoreWhat::TeamFiles { .. }, _) => {
                &[Opt::TeamsChanged, Opt::TeamsMissing, Opt::FileVersion]
            }
            (RestoreWhat::Mailboxes { .. }, _) => &[
                Opt::Changed,
                Opt::Deleted,
                Opt::Unread,
                Opt::ExcludeDrafts,
                Opt::ExcludeDeleted,
                Opt::ExcludeInPlaceHold,
                Opt::ExcludeLitigationHold,
                Opt::SkipUnresolved,
                Opt::RecentPeriod,
            ],
            (RestoreWhat::OneDrives { .. }, _) => &[Opt::DocumentAction, Opt::SkipUnresolved],
            _ => &[],
        };
        list.to_vec()
    }

    /// The name of the operation, for messages.
    pub fn op(&self, elsewhere: bool) -> &'static str {
        match (self, elsewhere) {
            (RestoreWhat::Mailbox { .. }, _) => "Restore a mailbox",
            (RestoreWhat::Folder { .. }, _) => "Restore a folder",
            (RestoreWhat::Items { .. }, true) => "Restore items elsewhere",
            (RestoreWhat::Items { .. }, false) => "Restore items",
            (RestoreWhat::Documents { .. }, true) => "Restore documents elsewhere",
            (RestoreWhat::Documents { .. }, false) => "Restore documents",
            (RestoreWhat::OneDrive { .. }, _) => "Restore a OneDrive",
            (RestoreWhat::DriveFolder { .. }, _) => "Restore a folder",
            (RestoreWhat::DriveFolders { .. }, _) => "Restore folders",
            (RestoreWhat::Version { .. }, _) => "Restore a version",
            (RestoreWhat::Library { .. }, _) => "Restore a library",
            (RestoreWhat::List { .. }, _) => "Restore a list",
            (RestoreWhat::Site { .. }, _) => "Restore a site",
            (RestoreWhat::Posts { .. }, _) => "Restore posts",
            (RestoreWhat::Channel { .. }, _) => "Restore a channel",
            (RestoreWhat::Team { .. }, _) => "Restore a team",
            (RestoreWhat::TeamFiles { .. }, _) => "Restore files",
            (RestoreWhat::Tabs { .. }, _) => "Restore tabs",
            (RestoreWhat::Mailboxes { .. }, _) => "Restore mailboxes",
            (RestoreWhat::OneDrives { .. }, _) => "Restore OneDrives",
        }
    }

    /// Whether Teams tabs name their pair `restoreChangedTabs`/`restoreMissingTabs`.
    pub(super) fn is_tabs(&self) -> bool {
        matches!(self, RestoreWhat::Tabs { .. })
    }

    /// The path of the restore (after the version) for `verb`, and the body fields that
    /// name what is restored.
    pub(super) fn path(
        &self,
        session: &str,
        verb: &str,
        v: ApiVersion,
    ) -> (String, Map<String, Value>) {
        let org = format!("RestoreSessions/{}/organization", seg(session));
        let mut fields = Map::new();
        let mut put = |k: &str, val: Value| {
            fields.insert(k.to_string(), val);
        };
        let ids = |ids: &[String]| -> Value { ids.iter().map(|id| json!({ "id": id })).collect() };
        let path = match self {
            RestoreWhat::Mailbox { mailbox_id } => {
                format!("{org}/mailboxes/{}/{verb}", seg(mailbox_id))
            }
            RestoreWhat::Folder {
                mailbox_id,
                folder_id,
            } => format!(
                "{org}/mailboxes/{}/folders/{}/{verb}",
                seg(mailbox_id),
                seg(folder_id)
            ),
            RestoreWhat::Items {
                mailbox_id,
                item_ids,
            } => match item_ids.as_slice() {
                [one] => format!(
                    "{org}/mailboxes/{}/items/{}/{verb}",
                    seg(mailbox_id),
                    seg(one)
                ),
                many => {
                    put("items", ids(many));
                    format!("{org}/mailboxes/{}/items/{verb}", seg(mailbox_id))
                }
            },
            RestoreWhat::Documents { store, documents } => {
                let at = store.path(session);
                // A list's items: `Items/restore`, and one item's `Items/{id}/Restore`.
                let (files, key, one_verb) = if store.is_list() {
                    let capital = if verb == "restore" {
                        "Restore"
                    } else {
                        "RestoreTo"
                    };
                    ("Items", "items", capital)
                } else {
                    ("Documents", "documents", verb)
                };
                match documents.as_slice() {
                    [one] => format!("{at}/{files}/{}/{one_verb}", seg(&one.id)),
                    many => {
                        put(key, serde_json::to_value(many).unwrap_or_default());
                        format!("{at}/{files}/{verb}")
                    }
                }
            }
            RestoreWhat::OneDrive { onedrive_id } => {
                let store = Store::OneDrive {
                    onedrive_id: onedrive_id.clone(),
                };
                format!("{}/{verb}", store.path(session))
            }
            RestoreWhat::DriveFolder { store, folder_id } => {
                format!("{}/Folders/{}/{verb}", store.path(session), seg(folder_id))
            }
            RestoreWhat::DriveFolders { store, folders } => {
                put("folders", serde_json::to_value(folders).unwrap_or_default());
                format!("{}/Folders/{verb}", store.path(session))
            }
            RestoreWhat::Version {
                store,
                document_id,
                version_id,
                folder,
            } => {
                let files = if *folder { "Folders" } else { store.files() };
                format!(
                    "{}/{files}/{}/Versions/{version_id}/{verb}",
                    store.path(session),
                    seg(document_id)
                )
            }
            RestoreWhat::Library {
                site_id,
                library_id,
            } => format!(
                "{}/Libraries/{}/{verb}",
                site_path(session, site_id),
                seg(library_id)
            ),
            RestoreWhat::List { site_id, list_id } => format!(
                "{}/Lists/{}/{verb}",
                site_path(session, site_id),
                seg(list_id)
            ),
            RestoreWhat::Site { site_id } => format!("{}/{verb}", site_path(session, site_id)),
            RestoreWhat::Posts {
                team_id,
                channel_id,
                from,
                to,
            } => {
                put("channelId", json!(channel_id));
                if let Some(from) = from {
                    put("from", json!(from.to_wire()));
                }
                if let Some(to) = to {
                    put("to", json!(to.to_wire()));
                }
                format!("{org}/teams/{}/posts/restore", seg(team_id))
            }
            RestoreWhat::Channel {
                team_id,
                channel_id,
            } => format!(
                "{org}/teams/{}/channels/{}/restore",
                seg(team_id),
                seg(channel_id)
            ),
            RestoreWhat::Team { team_id } => format!("{org}/teams/{}/restore", seg(team_id)),
            RestoreWhat::TeamFiles {
                team_id,
                channel_id,
                file_ids,
            } => match file_ids.as_slice() {
                // One file: under its team before v8, under its channel from v8.
                [one] if v >= ApiVersion::V8 => format!(
                    "{org}/teams/{}/channels/{}/files/{}/restore",
                    seg(team_id),
                    seg(channel_id),
                    seg(one)
                ),
                [one] => format!("{org}/teams/{}/files/{}/restore", seg(team_id), seg(one)),
                many => {
                    put("channelId", json!(channel_id));
                    let files: Value = many
                        .iter()
                        .map(|id| json!({ "id": id, "channelId": channel_id }))
                        .collect();
                    put("files", files);
                    format!("{org}/teams/{}/files/restore", seg(team_id))
                }
            },
            RestoreWhat::Mailboxes { mailboxes } => {
                put("mailboxes", named(mailboxes));
                format!("{org}/mailboxes/restore")
            }
            RestoreWhat::OneDrives { onedrives } => {
                put("oneDrives", named(onedrives));
                format!(
                    "RestoreSessions/{}/Organization/OneDrives/restore",
                    seg(session)
                )
            }
            RestoreWhat::Tabs {
                team_id,
                channel_id,
                tab_ids,
            } => {
                let at = format!(
                    "{org}/teams/{}/channels/{}/tabs",
                    seg(team_id),
                    seg(channel_id)
                );
                match tab_ids.as_slice() {
                    [one] => format!("{at}/{}/restore", seg(one)),
                    many => {
                        put("tabs", ids(many));
                        format!("{at}/restore")
                    }
                }
            }
        };
        (path, fields)
    }
}

/// `[{"id", "name"}, …]` of what a bulk restore names.
fn named(all: &[(String, String)]) -> Value {
    all.iter()
        .map(|(id, name)| json!({ "id": id, "name": name }))
        .collect()
}

fn site_path(session: &str, site_id: &str) -> String {
    Store::Site {
        site_id: site_id.to_string(),
    }
    .path(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_teams_file_is_under_its_team_before_v8_and_under_its_channel_from_v8() {
        let one = RestoreWhat::TeamFiles {
            team_id: "t".into(),
            channel_id: "c".into(),
            file_ids: vec!["f".into()],
        };
        assert_eq!(
            one.path("s", "restore", ApiVersion::V7).0,
            "RestoreSessions/s/organization/teams/t/files/f/restore"
        );
        assert_eq!(
            one.path("s", "restore", ApiVersion::V8).0,
            "RestoreSessions/s/organization/teams/t/channels/c/files/f/restore"
        );
        let two = RestoreWhat::TeamFiles {
            team_id: "t".into(),
            channel_id: "c".into(),
            file_ids: vec!["f".into(), "g".into()],
        };
        let (path, fields) = two.path("s", "restore", ApiVersion::V8);
        assert!(path.ends_with("/teams/t/files/restore"));
        assert_eq!(fields["files"][1], json!({"id": "g", "channelId": "c"}));
    }

    #[test]
    fn a_list_item_goes_to_items_and_a_site_elsewhere_has_no_permissions() {
        let item: DriveItem = serde_json::from_value(json!({"id": "i", "name": "1_.000"})).unwrap();
        let what = RestoreWhat::Documents {
            store: Store::List {
                site_id: "site".into(),
                list_id: "l".into(),
            },
            documents: vec![item],
        };
        assert!(
            what.path("s", "restoreTo", ApiVersion::V8)
                .0
                .ends_with("/Sites/site/Items/i/RestoreTo")
        );
        let site = RestoreWhat::Site {
            site_id: "x".into(),
        };
        assert!(site.opts(false, ApiVersion::V8).contains(&Opt::Permissions));
        assert!(!site.opts(true, ApiVersion::V8).contains(&Opt::Permissions));
        assert_eq!(site.place(), Some(PlaceKind::Site));
        assert!(site.impersonates());
        let channel = RestoreWhat::Channel {
            team_id: "t".into(),
            channel_id: "c".into(),
        };
        assert!(channel.place().is_none(), "Teams has no other place");
        assert!(!channel.opts(false, ApiVersion::V7).contains(&Opt::Members));
        assert!(channel.opts(false, ApiVersion::V8).contains(&Opt::Members));
    }
}
