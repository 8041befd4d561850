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
    ApiVersion, Client, Credential, DriveTarget, Elsewhere, Listing, Restore, RestoreAnswer,
    RestoreOptions, RestoreStats, RestoreWhat, SiteTarget, Store,
};

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
    let all_on = RestoreOptions {
        list_views: true,
        subsites: true,
        restore_permissions: true,
        changed_items: true,
        ..Default::default()
    };
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
    let options = RestoreOptions {
        teams_changed: true,
        teams_missing: true,
        members: true,
        ..Default::default()
    };
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

/// The restore operator's restores of documents, list items and (v7+) a channel's posts,
/// files and tabs and a channel: each with a reason, answered with a session followed to
/// its end; none without a reason.
async fn operator(admin: &Client, sim: &vb365_tui::sim::SimHandle, v: ApiVersion) {
    use vb365_tui::jobs::{Outcome, Update};
    let assertion = microsoft_assertion(sim, "contoso.onmicrosoft.com").await;
    let o = client_for(sim, v);
    o.sign_in_operator("operator.contoso", &assertion)
        .await
        .unwrap();
    let mut whats = Vec::new();
    let (drive_session, _) = session(admin, sim, RestoreType::Veod).await;
    let drive = admin.onedrives(&drive_session, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let store = Store::OneDrive { onedrive_id: drive };
    let docs: Vec<DriveItem> = documents(admin, &drive_session, &store)
        .await
        .into_iter()
        .filter(|d| !d.is_folder())
        .take(2)
        .collect();
    whats.push((
        drive_session,
        RestoreWhat::Documents {
            store,
            documents: docs,
        },
        2,
    ));
    let (site_session, _) = session(admin, sim, RestoreType::Vesp).await;
    let site = admin
        .sites(&site_session, None, 0, 1)
        .await
        .unwrap()
        .results[0]
        .id
        .clone();
    let library_id = first_list(admin, &site_session, &site, true).await;
    let list_id = first_list(admin, &site_session, &site, false).await;
    let site_id = site;
    for store in [
        Store::Library {
            site_id: site_id.clone(),
            library_id,
        },
        Store::List { site_id, list_id },
    ] {
        let docs: Vec<DriveItem> = documents(admin, &site_session, &store)
            .await
            .into_iter()
            .filter(|d| !d.is_folder())
            .take(2)
            .collect();
        whats.push((
            site_session.clone(),
            RestoreWhat::Documents {
                store,
                documents: docs,
            },
            2,
        ));
    }
    if v >= ApiVersion::V7 {
        let (s, _) = session(admin, sim, RestoreType::Vet).await;
        let team = admin.teams(&s, None, 0, 1).await.unwrap().results[0]
            .id
            .clone();
        let channel = admin
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
        whats.push((
            s.clone(),
            RestoreWhat::Posts {
                team_id: team.clone(),
                channel_id: channel.clone(),
                from: None,
                to: None,
            },
            3,
        ));
        whats.push((
            s.clone(),
            RestoreWhat::Channel {
                team_id: team.clone(),
                channel_id: channel.clone(),
            },
            25,
        ));
        let tabs = two_tabs(admin, &s, &team, &channel).await;
        whats.push((
            s.clone(),
            RestoreWhat::Tabs {
                team_id: team.clone(),
                channel_id: channel.clone(),
                tab_ids: tabs,
            },
            2,
        ));
        let files = two_files(admin, &s, &team, &channel).await;
        whats.push((
            s.clone(),
            RestoreWhat::TeamFiles {
                team_id: team.clone(),
                channel_id: channel,
                file_ids: files,
            },
            2,
        ));
        whats.push((s, RestoreWhat::Team { team_id: team }, 80));
    }
    let long = Duration::from_secs(30);
    for (session, what, expected) in whats {
        assert!(what.operator_restores(v), "{what:?}");
        let restore = |reason: &str| Restore {
            session_id: session.clone(),
            what: what.clone(),
            credential: Credential::Operator {
                reason: reason.into(),
            },
            options: RestoreOptions {
                teams_changed: true,
                teams_missing: true,
                impersonation: "svc-restore@contoso.onmicrosoft.com".into(),
                ..Default::default()
            },
        };
        let refused = o.restore(&restore(""), long).await.unwrap_err();
        assert!(refused.to_string().contains("needs a reason"), "{refused}");
        let mut last = None;
        vb365_tui::jobs::restore::run(o.clone(), restore("Ticket 4471"), long, |u| last = Some(u))
            .await;
        let Some(Update::Finished(Outcome::Restored(stats))) = last else {
            panic!("{what:?}: {last:?}");
        };
        assert_eq!(
            stats.restored_items_count,
            Some(expected),
            "{what:?}: {stats:?}"
        );
    }
}

/// Mail items sent by e-mail, one and two, to their own mailbox and to another address; an
/// address is required for the other.
async fn sends(c: &Client, sim: &vb365_tui::sim::SimHandle) {
    use vb365_tui::api::EmailTarget;
    use vb365_tui::api::models::ExchangeItem;
    let (s, _) = session(c, sim, RestoreType::Vex).await;
    let mailbox = c.mailboxes(&s, 0, 1).await.unwrap().results[0].id.clone();
    let inbox = c
        .mailbox_folders(&s, &mailbox, None, 0, 1)
        .await
        .unwrap()
        .results[0]
        .id
        .clone();
    let listing = Listing::MailboxItems {
        mailbox_id: mailbox.clone(),
        folder_id: inbox,
    };
    let ids: Vec<String> = c
        .listing_page::<ExchangeItem>(&s, &listing, 0, 2)
        .await
        .unwrap()
        .results
        .into_iter()
        .map(|i| i.id)
        .collect();
    let send = |item_ids: &[String], to: Option<&str>| Restore {
        session_id: s.clone(),
        what: RestoreWhat::Items {
            mailbox_id: mailbox.clone(),
            item_ids: item_ids.to_vec(),
        },
        credential: Credential::Server,
        options: RestoreOptions {
            elsewhere: Some(Elsewhere::Email(EmailTarget {
                to: to.map(str::to_string),
                subject: "Your restored mail".into(),
                ..Default::default()
            })),
            ..Default::default()
        },
    };
    for to in [None, Some("helpdesk@contoso.com")] {
        for item_ids in [&ids[..1], &ids[..]] {
            let r = send(item_ids, to);
            assert!(r.sends());
            let stats = restored(c, r).await;
            assert_eq!(stats.sent, Some(item_ids.len() as u64));
        }
    }
    let refused = c
        .restore(&send(&ids, Some("nobody")), Duration::from_secs(10))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("to is required"), "{refused}");
}

/// Two mailboxes and two OneDrives restored at once, signed in with a password the way the
/// bulk bodies spell it (`office365UserName`, `officeUsername`).
async fn bulk(c: &Client, sim: &vb365_tui::sim::SimHandle) {
    use secrecy::SecretString;
    let (mail_session, _) = session(c, sim, RestoreType::Vex).await;
    let mailboxes: Vec<(String, String)> = c
        .mailboxes(&mail_session, 0, 2)
        .await
        .unwrap()
        .results
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let (drive_session, _) = session(c, sim, RestoreType::Veod).await;
    let onedrives: Vec<(String, String)> = c
        .onedrives(&drive_session, 0, 2)
        .await
        .unwrap()
        .results
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let cases = [
        (
            mail_session,
            RestoreWhat::Mailboxes { mailboxes },
            "office365UserName",
        ),
        (
            drive_session,
            RestoreWhat::OneDrives { onedrives },
            "officeUsername",
        ),
    ];
    for (session, what, user_key) in cases {
        let r = Restore {
            session_id: session,
            what: what.clone(),
            credential: Credential::Password {
                user: "restore@contoso.com".into(),
                password: SecretString::from("bulk-pass"),
                impersonation: None,
            },
            options: RestoreOptions {
                skip_unresolved: true,
                recent_days: Some(30),
                ..Default::default()
            },
        };
        let stats = restored(c, r).await;
        assert!(stats.errors().is_empty(), "{what:?}: {stats:?}");
        assert!(
            stats.summary().starts_with("2 of 2 restored"),
            "{}",
            stats.summary()
        );
        let body = sim
            .sim
            .journal()
            .into_iter()
            .rev()
            .find(|e| e.path.to_ascii_lowercase().ends_with("s/restore"))
            .and_then(|e| e.request)
            .unwrap();
        assert_eq!(body[user_key], "restore@contoso.com", "{body}");
        assert!(body.get("userName").is_none());
        assert_eq!(body["skipUnresolved"], true);
    }
}

async fn contract(v: ApiVersion) {
    let sim = start_sim(&[v]).await;
    let c = admin(&sim, v).await;
    bulk(&c, &sim).await;
    sends(&c, &sim).await;
    onedrive(&c, &sim).await;
    sharepoint(&c, &sim).await;
    teams(&c, &sim, v).await;
    operator(&c, &sim, v).await;
    let Some(seen) = support::schema::validate_all(v, &sim.sim.journal()) else {
        return;
    };
    let seen: BTreeSet<String> = seen.iter().map(|s| s.to_ascii_lowercase()).collect();
    let mut expected: Vec<String> = OPERATIONS
        .iter()
        .map(|o| o.replace("{v}", v.as_str()).to_ascii_lowercase())
        .collect();
    expected.push(
        "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/channels/{channelId}/tabs/{tabId}/restore"
            .replace("{v}", v.as_str())
            .to_ascii_lowercase(),
    );
    // One Teams file: under its team before v8, under its channel from v8.
    expected.push(if v >= ApiVersion::V8 {
        format!("post /{v}/restoresessions/{{restoresessionid}}/organization/teams/{{teamid}}/channels/{{channelid}}/files/{{fileid}}/restore")
    } else {
        format!("post /{v}/restoresessions/{{restoresessionid}}/organization/teams/{{teamid}}/files/{{fileid}}/restore")
    });
    let missing: Vec<&String> = expected.iter().filter(|e| !seen.contains(*e)).collect();
    assert!(
        missing.is_empty(),
        "operations not exercised in {v}: {missing:?}"
    );
}

#[tokio::test]
async fn restores_of_whole_things_and_teams_content_v6() {
    contract(ApiVersion::V6).await;
}

#[tokio::test]
async fn restores_of_whole_things_and_teams_content_v7() {
    contract(ApiVersion::V7).await;
}

#[tokio::test]
async fn restores_of_whole_things_and_teams_content_v8() {
    contract(ApiVersion::V8).await;
}

/// v4/v5: a mailbox, one item and two items restored where they were through `Action` with
/// `restoretoOriginallocation` and the restore device code; restores the app does not know
/// a body for there are refused before anything is sent.
async fn legacy(v: ApiVersion) {
    use vb365_tui::api::{EmailTarget, MailTarget};
    let sim = start_sim(&[v]).await;
    let c = admin(&sim, v).await;
    let (s, code) = session(&c, &sim, RestoreType::Vex).await;
    let mailbox = c.mailboxes(&s, 0, 1).await.unwrap().results[0].id.clone();
    let ids = vec!["item-1".to_string(), "item-2".to_string()];
    let whats = [
        (
            RestoreWhat::Mailbox {
                mailbox_id: mailbox.clone(),
            },
            120,
            "/Action",
        ),
        (
            RestoreWhat::Items {
                mailbox_id: mailbox.clone(),
                item_ids: ids[..1].to_vec(),
            },
            1,
            "/Items/item-1/Action",
        ),
        (
            RestoreWhat::Items {
                mailbox_id: mailbox.clone(),
                item_ids: ids.clone(),
            },
            2,
            "/Items/Action",
        ),
    ];
    for (what, expected, tail) in whats {
        let r = restore(&s, &code, what, RestoreOptions::default());
        assert!(r.offered_in(v));
        let stats = restored(&c, r).await;
        assert_eq!(
            stats.created_items_count.unwrap_or(0) + stats.merged_items_count.unwrap_or(0),
            expected,
            "{stats:?}"
        );
        let sent = sim
            .sim
            .journal()
            .into_iter()
            .rev()
            .find(|e| e.method == "POST" && e.path.ends_with("Action"))
            .unwrap();
        assert!(sent.path.ends_with(tail), "{}", sent.path);
        let body = sent.request.unwrap();
        assert_eq!(
            body["restoretoOriginallocation"]["userCode"],
            code.as_str(),
            "{body}"
        );
    }
    let before = sim.sim.journal().len();
    for options in [
        RestoreOptions {
            elsewhere: Some(Elsewhere::Mailbox(MailTarget {
                mailbox: "megan@contoso.com".into(),
                ..Default::default()
            })),
            ..Default::default()
        },
        RestoreOptions {
            elsewhere: Some(Elsewhere::Email(EmailTarget::default())),
            ..Default::default()
        },
    ] {
        let r = restore(
            &s,
            &code,
            RestoreWhat::Mailbox {
                mailbox_id: mailbox.clone(),
            },
            options,
        );
        assert!(!r.offered_in(v));
        let e = c.restore(&r, Duration::from_secs(5)).await.unwrap_err();
        assert!(e.to_string().contains("v6"), "{e}");
    }
    assert_eq!(sim.sim.journal().len(), before, "nothing was sent");
}

#[tokio::test]
async fn v4_and_v5_restore_a_mailbox_and_its_items_through_action() {
    legacy(ApiVersion::V4).await;
    legacy(ApiVersion::V5).await;
}

/// Every kind of restore, sent against a 500, a 503, a hang past its timeout and a reset:
/// each failure names the operation, and the server saw exactly one request (nothing that
/// restores, sends or copies is retried); once the fault clears, the same restore goes.
#[tokio::test]
async fn every_restore_kind_is_sent_once_whatever_fails() {
    use vb365_tui::api::models::ExchangeItem;
    use vb365_tui::api::{EmailTarget, MailTarget};
    use vb365_tui::sim::{Fault, FaultKind};
    let v = ApiVersion::V8;
    let sim = start_sim(&[v]).await;
    let c = admin(&sim, v).await;
    let (mail, code) = session(&c, &sim, RestoreType::Vex).await;
    let mailbox = c.mailboxes(&mail, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let inbox = c
        .mailbox_folders(&mail, &mailbox, None, 0, 1)
        .await
        .unwrap()
        .results[0]
        .id
        .clone();
    let listing = Listing::MailboxItems {
        mailbox_id: mailbox.clone(),
        folder_id: inbox,
    };
    let items: Vec<String> = c
        .listing_page::<ExchangeItem>(&mail, &listing, 0, 2)
        .await
        .unwrap()
        .results
        .into_iter()
        .map(|i| i.id)
        .collect();
    let (drive_session, drive_code) = session(&c, &sim, RestoreType::Veod).await;
    let drive = c.onedrives(&drive_session, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let (site_session, site_code) = session(&c, &sim, RestoreType::Vesp).await;
    let site = c.sites(&site_session, None, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let library = first_list(&c, &site_session, &site, true).await;
    let (team_session, team_code) = session(&c, &sim, RestoreType::Vet).await;
    let team = c.teams(&team_session, None, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let channel = c
        .listing_page::<Channel>(
            &team_session,
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
    let elsewhere = |e: Elsewhere| RestoreOptions {
        elsewhere: Some(e),
        ..Default::default()
    };
    let items_what = RestoreWhat::Items {
        mailbox_id: mailbox.clone(),
        item_ids: items.clone(),
    };
    let all: Vec<Restore> = vec![
        restore(&mail, &code, items_what.clone(), RestoreOptions::default()),
        restore(
            &mail,
            &code,
            RestoreWhat::Mailbox {
                mailbox_id: mailbox.clone(),
            },
            elsewhere(Elsewhere::Mailbox(MailTarget {
                mailbox: "megan@contoso.com".into(),
                ..Default::default()
            })),
        ),
        restore(
            &mail,
            &code,
            RestoreWhat::Mailboxes {
                mailboxes: vec![(mailbox.clone(), "Adele Vance".into())],
            },
            RestoreOptions::default(),
        ),
        Restore {
            credential: Credential::Server,
            ..restore(
                &mail,
                &code,
                items_what,
                elsewhere(Elsewhere::Email(EmailTarget::default())),
            )
        },
        restore(
            &drive_session,
            &drive_code,
            RestoreWhat::OneDrive {
                onedrive_id: drive.clone(),
            },
            RestoreOptions::default(),
        ),
        restore(
            &drive_session,
            &drive_code,
            RestoreWhat::OneDrive { onedrive_id: drive },
            copy_to_megan(),
        ),
        restore(
            &site_session,
            &site_code,
            RestoreWhat::Site {
                site_id: site.clone(),
            },
            to_archive_site(),
        ),
        restore(
            &site_session,
            &site_code,
            RestoreWhat::Library {
                site_id: site,
                library_id: library,
            },
            RestoreOptions::default(),
        ),
        restore(
            &team_session,
            &team_code,
            RestoreWhat::Team {
                team_id: team.clone(),
            },
            RestoreOptions::default(),
        ),
        restore(
            &team_session,
            &team_code,
            RestoreWhat::Posts {
                team_id: team,
                channel_id: channel,
                from: None,
                to: None,
            },
            RestoreOptions::default(),
        ),
    ];
    let faults = [
        FaultKind::Status {
            status: 500,
            retry_after: None,
        },
        FaultKind::Status {
            status: 503,
            retry_after: Some(1),
        },
        FaultKind::Hang,
        FaultKind::Reset,
    ];
    let posts = || sim.sim.request_count(Some("POST"), "/restoresessions/");
    for r in &all {
        for fault in &faults {
            sim.sim.faults.add(Fault {
                path: "/restoresessions/".into(),
                method: Some("POST".into()),
                kind: fault.clone(),
                times: Some(1),
            });
            let before = posts();
            let e = c
                .restore(r, Duration::from_secs(1))
                .await
                .expect_err("the fault reaches the operator");
            assert!(e.to_string().starts_with(r.op()), "{}: {e}", r.op());
            assert_eq!(posts() - before, 1, "{} × {fault:?}: sent once", r.op());
            sim.sim.faults.clear();
        }
        let before = posts();
        c.restore(r, Duration::from_secs(30))
            .await
            .unwrap_or_else(|e| panic!("{} once the fault cleared: {e}", r.op()));
        assert_eq!(posts() - before, 1);
    }
}
