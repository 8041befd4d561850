//! Where a OneDrive, SharePoint or Teams save goes, and what it sends.

use serde_json::{Value, json};

use super::what::{Format, Source};
use crate::api::seg;
use crate::api::version::ApiVersion;

/// The path and body of a OneDrive, SharePoint or Teams save.
pub(super) fn file_call(
    session_id: &str,
    source: &Source,
    format: Format,
    version: ApiVersion,
) -> Option<(String, Option<Value>)> {
    let teams = format!(
        "RestoreSessions/{session_id}/organization/teams",
        session_id = seg(session_id)
    );
    let base = format!(
        "RestoreSessions/{session_id}/Organization/OneDrives",
        session_id = seg(session_id)
    );
    let sites = format!(
        "RestoreSessions/{session_id}/Organization/Sites",
        session_id = seg(session_id)
    );
    let as_zip = json!({ "asZip": format == Format::Zip });
    Some(match source {
        Source::OneDrive { onedrive_id } => (
            format!("{base}/{onedrive_id}/save", onedrive_id = seg(onedrive_id)),
            None,
        ),
        Source::StoreFolder { store, folder_id } => (
            format!(
                "{}/Folders/{folder_id}/save",
                store.path(session_id),
                folder_id = seg(folder_id)
            ),
            None,
        ),
        Source::Attachments {
            site_id,
            item_id,
            attachment_ids,
        } => {
            let at = format!(
                "{sites}/{site_id}/Items/{item_id}/Attachments",
                site_id = seg(site_id),
                item_id = seg(item_id)
            );
            match attachment_ids.as_slice() {
                [one] => (format!("{at}/{one}/save", one = seg(one)), None),
                many => {
                    let named: Vec<Value> = many.iter().map(|id| json!({ "id": id })).collect();
                    (format!("{at}/save"), Some(json!({ "attachments": named })))
                }
            }
        }
        Source::Library {
            site_id,
            library_id,
        } => (
            format!(
                "{sites}/{site_id}/Libraries/{library_id}/save",
                site_id = seg(site_id),
                library_id = seg(library_id)
            ),
            None,
        ),
        Source::Documents { store, documents } => match documents.as_slice() {
            [one] if format == Format::File || format == Format::Zip => (
                format!("{}/Documents/{}/save", store.path(session_id), seg(&one.id)),
                Some(as_zip),
            ),
            many => (
                format!("{}/Documents/save", store.path(session_id)),
                Some(json!({ "documents": many })),
            ),
        },
        Source::Posts {
            team_id,
            channel_id,
            post_ids,
        } => {
            let posts = format!(
                "RestoreSessions/{session_id}/organization/teams/{team_id}/posts",
                session_id = seg(session_id),
                team_id = seg(team_id)
            );
            match post_ids.as_slice() {
                [one] => (format!("{posts}/{one}/save", one = seg(one)), None),
                many => {
                    let posts_body: Vec<Value> =
                        many.iter().map(|id| json!({ "postId": id })).collect();
                    // Only the posts: `channelId` would ask for every post of the channel.
                    let _ = channel_id;
                    (
                        format!("{posts}/save"),
                        Some(json!({ "posts": posts_body })),
                    )
                }
            }
        }
        Source::Channel {
            team_id,
            channel_id,
        } => (
            format!(
                "RestoreSessions/{session_id}/organization/teams/{team_id}/posts/save",
                session_id = seg(session_id),
                team_id = seg(team_id)
            ),
            Some(json!({ "channelId": channel_id })),
        ),
        Source::TeamFiles {
            team_id,
            channel_id,
            files,
        } => match files.as_slice() {
            [one] if !one.is_folder && version >= ApiVersion::V8 => (
                format!(
                    "{teams}/{team_id}/channels/{channel_id}/files/{}/save",
                    seg(&one.id),
                    team_id = seg(team_id),
                    channel_id = seg(channel_id)
                ),
                Some(as_zip),
            ),
            [one] if !one.is_folder => (
                format!(
                    "{teams}/{team_id}/files/{}/save",
                    seg(&one.id),
                    team_id = seg(team_id)
                ),
                Some(as_zip),
            ),
            many => {
                let files: Vec<Value> = many
                    .iter()
                    .map(|f| json!({ "id": f.id, "channelId": channel_id }))
                    .collect();
                (
                    format!("{teams}/{team_id}/files/save", team_id = seg(team_id)),
                    Some(json!({ "files": files })),
                )
            }
        },
        Source::ChannelFiles {
            team_id,
            channel_id,
        } => (
            format!("{teams}/{team_id}/files/save", team_id = seg(team_id)),
            Some(json!({ "channelId": channel_id })),
        ),
        Source::Version {
            store,
            document_id,
            version_id,
            folder: true,
        } => (
            format!(
                "{}/Folders/{document_id}/Versions/{version_id}/save",
                store.path(session_id),
                document_id = seg(document_id),
                version_id = seg(version_id)
            ),
            None,
        ),
        Source::Version {
            store,
            document_id,
            version_id,
            folder: false,
        } => (
            format!(
                "{}/Documents/{document_id}/Versions/{version_id}/save",
                store.path(session_id),
                document_id = seg(document_id),
                version_id = seg(version_id)
            ),
            Some(as_zip),
        ),
        _ => return None,
    })
}
