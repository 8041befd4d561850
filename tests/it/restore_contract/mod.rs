//! Restores of whole things and of Teams content against the simulator in v6, v7 and v8: a
//! OneDrive, a folder and a version (where they were, and copied to another OneDrive); a
//! site, a library, a list, list items, a folder and a version (where they were, and to
//! another site); a team, a channel, files and tabs with the options the API requires. Every
//! request and answer is validated against that version's schema, and every operation below
//! must have been exercised.

use crate::support;

use std::collections::BTreeSet;
use std::time::Duration;

use support::*;
use vb365_tui::api::models::{
    Channel, DriveItem, ExploreOptions, RestoreDeviceCodeRequest, RestoreType, SiteList, Tab,
    TeamFile,
};
use vb365_tui::api::{
    ApiVersion, Client, Credential, DriveTarget, Elsewhere, Listing, Opt, OptValue, Restore,
    RestoreAnswer, RestoreOptions, RestoreStats, RestoreWhat, SiteTarget, Store,
};

mod sent_once;
mod versions;

#[allow(unused_imports)]
use sent_once::*;
#[allow(unused_imports)]
use versions::*;

const OPERATIONS: [&str; 30] = [
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Folders/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Folders/copyTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Folders/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Folders/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/copyTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Folders/{folderId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Folders/{folderId}/copyTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents/{documentId}/Versions/{versionId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents/{documentId}/Versions/{versionId}/copyTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Libraries/{libraryId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Libraries/{libraryId}/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Lists/{listId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Lists/{listId}/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items/{itemId}/Restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items/{itemId}/RestoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Folders/{folderId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Folders/{folderId}/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents/{documentId}/Versions/{versionId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents/{documentId}/Versions/{versionId}/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items/{itemId}/Versions/{versionId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items/{itemId}/Versions/{versionId}/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/channels/{channelId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/files/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/channels/{channelId}/tabs/restore",
];

/// A session of `kind` on contoso, with a restore device code used to sign in.
async fn session(
    c: &Client,
    sim: &vb365_tui::sim::SimHandle,
    kind: RestoreType,
) -> (String, String) {
    let orgs = c.organizations().await.unwrap();
    let contoso = orgs[0].id.clone().unwrap();
    let s = c
        .explore_organization(
            &contoso,
            &ExploreOptions {
                kind: Some(kind),
                show_all_versions: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let code = c
        .restore_device_code(&s.id, &RestoreDeviceCodeRequest::default())
        .await
        .unwrap()
        .user_code;
    assert!(sim.sim.decide(&code, true));
    (s.id, code)
}

/// Sends the restore and returns its statistics: v6/v7 answer them, v8 a session to read.
async fn restored(c: &Client, restore: Restore) -> RestoreStats {
    match c.restore(&restore, Duration::from_secs(60)).await {
        Ok(RestoreAnswer::Finished(stats)) => *stats,
        Ok(RestoreAnswer::Started { session_id }) => {
            c.restore_statistics(&session_id).await.unwrap()
        }
        Err(e) => panic!("{}: {e}", restore.op()),
    }
}

fn by(code: &str) -> Credential {
    Credential::DeviceCode {
        user_code: code.into(),
    }
}

fn restore(session: &str, code: &str, what: RestoreWhat, options: RestoreOptions) -> Restore {
    Restore {
        session_id: session.into(),
        what,
        credential: by(code),
        options,
    }
}

fn copy_to_megan() -> RestoreOptions {
    RestoreOptions {
        elsewhere: Some(Elsewhere::OneDrive(DriveTarget {
            onedrive: "Megan Bowen".into(),
            folder: "Restored".into(),
            ..Default::default()
        })),
        ..Default::default()
    }
}

fn to_archive_site() -> RestoreOptions {
    RestoreOptions {
        elsewhere: Some(Elsewhere::Site(SiteTarget {
            site_url: "https://contoso.sharepoint.com/sites/archive".into(),
            ..Default::default()
        })),
        ..Default::default()
    }
}

async fn documents(c: &Client, session: &str, store: &Store) -> Vec<DriveItem> {
    let listing = Listing::Documents {
        store: store.clone(),
        parent_id: None,
    };
    c.listing_page::<DriveItem>(session, &listing, 0, 50)
        .await
        .unwrap()
        .results
}

/// The top folders of a store, as listed.
async fn top_folders(c: &Client, session: &str, store: &Store) -> Vec<DriveItem> {
    let listing = Listing::Folders {
        store: store.clone(),
        parent_id: None,
    };
    c.listing_page::<DriveItem>(session, &listing, 0, 2)
        .await
        .unwrap()
        .results
}

/// The first folder of a store, and a version of its first document.
async fn folder_and_version(c: &Client, session: &str, store: &Store) -> (String, String, u64) {
    let listing = Listing::Folders {
        store: store.clone(),
        parent_id: None,
    };
    let folders = c
        .listing_page::<DriveItem>(session, &listing, 0, 10)
        .await
        .unwrap()
        .results;
    let doc = documents(c, session, store)
        .await
        .into_iter()
        .find(|d| !d.is_folder())
        .unwrap();
    let versions = c
        .listing_page::<DriveItem>(
            session,
            &Listing::Versions {
                store: store.clone(),
                document_id: doc.id.clone(),
                folder: false,
            },
            0,
            10,
        )
        .await
        .unwrap()
        .results;
    let version = versions.iter().find_map(|v| v.version_id).unwrap();
    (folders[0].id.clone(), doc.id, version)
}

/// Two files (not folders) of a channel's top level.
async fn two_files(c: &Client, session: &str, team: &str, channel: &str) -> Vec<String> {
    let listing = Listing::ChannelFiles {
        team_id: team.into(),
        channel_id: channel.into(),
        parent_id: None,
    };
    c.listing_page::<TeamFile>(session, &listing, 0, 20)
        .await
        .unwrap()
        .results
        .into_iter()
        .filter(|f| f.file_type.as_deref() != Some("Folder"))
        .map(|f| f.id)
        .take(2)
        .collect()
}

/// Two tabs of a channel.
async fn two_tabs(c: &Client, session: &str, team: &str, channel: &str) -> Vec<String> {
    let listing = Listing::Tabs {
        team_id: team.into(),
        channel_id: channel.into(),
    };
    c.listing_page::<Tab>(session, &listing, 0, 2)
        .await
        .unwrap()
        .results
        .into_iter()
        .map(|t| t.id)
        .collect()
}

/// The first document library (or list) of a site.
async fn first_list(c: &Client, session: &str, site: &str, libraries: bool) -> String {
    let site_id = site.to_string();
    let listing = if libraries {
        Listing::Libraries { site_id }
    } else {
        Listing::Lists { site_id }
    };
    c.listing_page::<SiteList>(session, &listing, 0, 1)
        .await
        .unwrap()
        .results[0]
        .id
        .clone()
}

async fn onedrive(c: &Client, sim: &vb365_tui::sim::SimHandle) {
    let (s, code) = session(c, sim, RestoreType::Veod).await;
    let drive = c.onedrives(&s, 0, 1).await.unwrap().results[0].id.clone();
    let store = Store::OneDrive {
        onedrive_id: drive.clone(),
    };
    let (folder, doc, version) = folder_and_version(c, &s, &store).await;
    let folders = top_folders(c, &s, &store).await;
    assert_eq!(folders.len(), 2);
    let whats = [
        RestoreWhat::DriveFolders {
            store: store.clone(),
            folders,
        },
        RestoreWhat::OneDrive {
            onedrive_id: drive.clone(),
        },
        RestoreWhat::DriveFolder {
            store: store.clone(),
            folder_id: folder,
        },
        RestoreWhat::Version {
            store: store.clone(),
            document_id: doc,
            version_id: version,
            folder: false,
        },
    ];
    for what in whats {
        for options in [RestoreOptions::default(), copy_to_megan()] {
            let stats = restored(c, restore(&s, &code, what.clone(), options)).await;
            assert!(
                stats.restored_items_count.unwrap_or(0) > 0,
                "{what:?}: {stats:?}"
            );
        }
    }
}

async fn sharepoint(c: &Client, sim: &vb365_tui::sim::SimHandle) {
    let (s, code) = session(c, sim, RestoreType::Vesp).await;
    let site = c.sites(&s, None, 0, 1).await.unwrap().results[0].id.clone();
    let library = first_list(c, &s, &site, true).await;
    let list = first_list(c, &s, &site, false).await;
    let library_store = Store::Library {
        site_id: site.clone(),
        library_id: library.clone(),
    };
    let list_store = Store::List {
        site_id: site.clone(),
        list_id: list.clone(),
    };
    let (folder, doc, version) = folder_and_version(c, &s, &library_store).await;
    let items: Vec<DriveItem> = documents(c, &s, &list_store)
        .await
        .into_iter()
        .filter(|d| !d.is_folder())
        .take(2)
        .collect();
    assert_eq!(items.len(), 2);
    let item_versions = c
        .listing_page::<DriveItem>(
            &s,
            &Listing::Versions {
                store: list_store.clone(),
                document_id: items[0].id.clone(),
                folder: false,
            },
            0,
            10,
        )
        .await
        .unwrap()
        .results;
    let item_version = item_versions.iter().find_map(|v| v.version_id).unwrap();
    let folders = top_folders(c, &s, &library_store).await;
    assert!(!folders.is_empty());
    let whats = [
        RestoreWhat::DriveFolders {
            store: library_store.clone(),
            folders,
        },
        RestoreWhat::Version {
            store: list_store.clone(),
            document_id: items[0].id.clone(),
            version_id: item_version,
            folder: false,
        },
        RestoreWhat::Site {
            site_id: site.clone(),
        },
        RestoreWhat::Library {
            site_id: site.clone(),
            library_id: library,
        },
        RestoreWhat::List {
            site_id: site.clone(),
            list_id: list,
        },
        RestoreWhat::Documents {
            store: list_store.clone(),
            documents: items.clone(),
        },
        RestoreWhat::Documents {
            store: list_store,
            documents: items[..1].to_vec(),
        },
        RestoreWhat::DriveFolder {
            store: library_store.clone(),
            folder_id: folder,
        },
        RestoreWhat::Version {
            store: library_store,
            document_id: doc,
            version_id: version,
            folder: false,
        },
    ];
    let all_on = RestoreOptions::default()
        .with(Opt::ListViews, true)
        .with(Opt::Subsites, true)
        .with(Opt::Permissions, true)
        .with(Opt::Changed, true);
    for what in whats {
        for options in [all_on.clone(), to_archive_site()] {
            let stats = restored(c, restore(&s, &code, what.clone(), options)).await;
            assert!(stats.errors().is_empty(), "{what:?}: {stats:?}");
            assert!(
                !stats.summary().starts_with("0 of"),
                "{what:?}: {}",
                stats.summary()
            );
        }
    }
}

async fn teams(c: &Client, sim: &vb365_tui::sim::SimHandle, v: ApiVersion) {
    let (s, code) = session(c, sim, RestoreType::Vet).await;
    let team = c.teams(&s, None, 0, 1).await.unwrap().results[0].id.clone();
    let channel = c
        .listing_page::<Channel>(
            &s,
            &Listing::Channels {
                team_id: team.clone(),
            },
            0,
            1,
        )
        .await
        .unwrap()
        .results[0]
        .id
        .clone();
    let files = two_files(c, &s, &team, &channel).await;
    let tabs = two_tabs(c, &s, &team, &channel).await;
    assert_eq!((files.len(), tabs.len()), (2, 2));
    let options = RestoreOptions::default()
        .with(Opt::TeamsChanged, true)
        .with(Opt::TeamsMissing, true)
        .with(Opt::Members, true);
    let whats = [
        RestoreWhat::Team {
            team_id: team.clone(),
        },
        RestoreWhat::Channel {
            team_id: team.clone(),
            channel_id: channel.clone(),
        },
        RestoreWhat::TeamFiles {
            team_id: team.clone(),
            channel_id: channel.clone(),
            file_ids: files.clone(),
        },
        RestoreWhat::TeamFiles {
            team_id: team.clone(),
            channel_id: channel.clone(),
            file_ids: files[..1].to_vec(),
        },
        RestoreWhat::Tabs {
            team_id: team.clone(),
            channel_id: channel.clone(),
            tab_ids: tabs.clone(),
        },
        RestoreWhat::Tabs {
            team_id: team.clone(),
            channel_id: channel.clone(),
            tab_ids: tabs[..1].to_vec(),
        },
    ];
    for what in whats {
        let r = restore(&s, &code, what.clone(), options.clone());
        let body = journal_body_after(sim, c, r).await;
        // The four (or two) options the API requires are always in the body.
        match &what {
            RestoreWhat::Team { .. } => {
                for k in [
                    "restoreChangedItems",
                    "restoreMissingItems",
                    "restoreMembers",
                    "restoreSettings",
                ] {
                    assert!(body[k].is_boolean(), "{k} in {body}");
                }
            }
            RestoreWhat::Tabs { .. } => assert_eq!(body["restoreChangedTabs"], true),
            RestoreWhat::TeamFiles { .. } => assert_eq!(body["fileVersion"], "Last"),
            RestoreWhat::Channel { .. } => {
                assert_eq!(
                    body.get("restoreMembers").is_some(),
                    v >= ApiVersion::V8,
                    "{body}"
                )
            }
            _ => {}
        }
    }
}

/// Sends the restore, checks it restored something, and returns the body it sent.
async fn journal_body_after(
    sim: &vb365_tui::sim::SimHandle,
    c: &Client,
    r: Restore,
) -> serde_json::Value {
    let stats = restored(c, r).await;
    assert!(stats.restored_items_count.unwrap_or(0) > 0, "{stats:?}");
    sim.sim
        .journal()
        .into_iter()
        .rev()
        .find(|e| e.method == "POST" && e.path.to_ascii_lowercase().ends_with("restore"))
        .and_then(|e| e.request)
        .unwrap()
}
