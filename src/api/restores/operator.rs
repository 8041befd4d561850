//! The restore operator's restores (`operatorRestore`): which things have one in which
//! version, their paths, the fields that name what, and the options each body takes.

use serde_json::{Map, Value, json};

use super::specs::Opt;
use super::what::RestoreWhat;
use crate::api::listing::Store;
use crate::api::seg;
use crate::api::version::ApiVersion;

impl RestoreWhat {
    /// The options of the restore operator's restore of it.
    pub fn operator_opts(&self, v: ApiVersion) -> Vec<Opt> {
        let list: &[Opt] = match self {
            _ if self.is_mail() => &[Opt::Changed, Opt::Deleted, Opt::Unread],
            RestoreWhat::Documents {
                store: Store::OneDrive { .. },
                ..
            } => &[Opt::DocumentAction],
            // `documentVersion` of each document goes in its own config (see `operator_path`).
            RestoreWhat::Documents { .. } => &[
                Opt::Permissions,
                Opt::Notify,
                Opt::LastVersion,
                Opt::RestoreChanged,
                Opt::RestoreDeleted,
            ],
            RestoreWhat::Channel { .. } if v >= ApiVersion::V8 => {
                &[Opt::TeamsChanged, Opt::TeamsMissing, Opt::Members]
            }
            RestoreWhat::Channel { .. } | RestoreWhat::Tabs { .. } => {
                &[Opt::TeamsChanged, Opt::TeamsMissing]
            }
            RestoreWhat::TeamFiles { .. } => {
                &[Opt::TeamsChanged, Opt::TeamsMissing, Opt::FileVersion]
            }
            RestoreWhat::Team { .. } => &[
                Opt::TeamsChanged,
                Opt::TeamsMissing,
                Opt::Members,
                Opt::Settings,
                Opt::Impersonation,
            ],
            _ => &[],
        };
        list.to_vec()
    }

    /// Whether the restore operator can restore it in `v`: mail items, documents and list
    /// items from v6; a channel's posts, files and tabs, a channel and a team from v7. Whole
    /// mailboxes, folders, OneDrives and sites are the administrator's.
    pub fn operator_restores(&self, v: ApiVersion) -> bool {
        self.operator_path("s", v, false).is_some()
    }

    /// The path and the fields naming what, of the restore operator's restore of it
    /// (`operatorRestore`), when there is one in `v`; `all_versions` is each document's
    /// `documentVersion`.
    pub(super) fn operator_path(
        &self,
        session: &str,
        v: ApiVersion,
        all_versions: bool,
    ) -> Option<(String, Map<String, Value>)> {
        let org = format!("RestoreSessions/{}/organization", seg(session));
        let teams = v >= ApiVersion::V7;
        let mut fields = Map::new();
        let version = if all_versions { "All" } else { "Last" };
        let path = match self {
            RestoreWhat::Items {
                mailbox_id,
                item_ids,
            } => {
                let items: Value = item_ids.iter().map(|id| json!({ "id": id })).collect();
                fields.insert("items".into(), items);
                format!("{org}/mailboxes/{}/items/operatorRestore", seg(mailbox_id))
            }
            RestoreWhat::Documents { store, documents } => {
                let (files, configs, key) = if store.is_list() {
                    ("Items", "itemsRestoreConfigs", "item")
                } else {
                    ("Documents", "documentsRestoreConfigs", "document")
                };
                let each: Value = documents
                    .iter()
                    .map(|d| json!({ key: d, "documentVersion": version }))
                    .collect();
                fields.insert(configs.into(), each);
                format!("{}/{files}/operatorRestore", store.path(session))
            }
            RestoreWhat::Posts {
                team_id,
                channel_id,
                from,
                to,
            } if teams => {
                fields.insert("channelId".into(), json!(channel_id));
                if let Some(from) = from {
                    fields.insert("from".into(), json!(from.to_wire()));
                }
                if let Some(to) = to {
                    fields.insert("to".into(), json!(to.to_wire()));
                }
                format!("{org}/teams/{}/posts/operatorRestore", seg(team_id))
            }
            RestoreWhat::Channel {
                team_id,
                channel_id,
            } if teams => format!(
                "{org}/teams/{}/channels/{}/operatorRestore",
                seg(team_id),
                seg(channel_id)
            ),
            RestoreWhat::TeamFiles {
                team_id,
                channel_id,
                file_ids,
            } if teams => {
                fields.insert("channelId".into(), json!(channel_id));
                let files: Value = file_ids
                    .iter()
                    .map(|id| json!({ "id": id, "channelId": channel_id }))
                    .collect();
                fields.insert("files".into(), files);
                format!("{org}/teams/{}/files/operatorRestore", seg(team_id))
            }
            // Teams by the list, with the account to work as (required).
            RestoreWhat::Team { team_id } if teams => {
                fields.insert("teams".into(), json!([{ "id": team_id }]));
                format!("{org}/teams/operatorRestore")
            }
            RestoreWhat::Tabs {
                team_id,
                channel_id,
                tab_ids,
            } if teams => {
                let tabs: Value = tab_ids.iter().map(|id| json!({ "id": id })).collect();
                fields.insert("tabs".into(), tabs);
                format!(
                    "{org}/teams/{}/channels/{}/tabs/operatorRestore",
                    seg(team_id),
                    seg(channel_id)
                )
            }
            _ => return None,
        };
        Some((path, fields))
    }
}
