use super::*;
use vb365_tui::api::{Opt, OptValue};

/// The Teams searches (every team, one team, one channel; posts, files, tabs) and the
/// versions of a channel's file (v7 under the team, v8 under the channel, none on v6).
pub(super) async fn teams_searches_and_versions(
    c: &Client,
    session: &str,
    team: &str,
    v: ApiVersion,
) {
    use vb365_tui::api::models::{Tab, TeamFile};
    use vb365_tui::api::{TeamsKind, TeamsPlace};
    let channel = channels(c, session, team).await[0].id.clone();
    let search = |place: TeamsPlace, kind: TeamsKind, query: &str| Listing::Search {
        scope: SearchScope::Teams { place, kind },
        query: query.into(),
        set_id: None,
    };
    let posts = c
        .listing_page::<Post>(
            session,
            &search(TeamsPlace::Organization, TeamsKind::Posts, "budget"),
            0,
            20,
        )
        .await
        .unwrap()
        .results;
    assert_eq!(posts.len(), 20);
    assert!(
        posts
            .iter()
            .all(|p| p.subject.to_lowercase().contains("budget"))
    );
    assert_eq!(
        posts[0].at.team_id.is_some(),
        v >= ApiVersion::V8,
        "v8 names the team"
    );
    assert_eq!(
        posts[0].at.channel_id.is_some(),
        v >= ApiVersion::V7,
        "v7 the channel"
    );
    let top = c
        .listing_page::<TeamFile>(
            session,
            &Listing::ChannelFiles {
                team_id: team.into(),
                channel_id: channel.clone(),
                parent_id: None,
            },
            0,
            50,
        )
        .await
        .unwrap()
        .results;
    let file = top
        .iter()
        .find(|f| f.file_type.as_deref() == Some("File"))
        .unwrap();
    let word = file.name.split_whitespace().next().unwrap().to_lowercase();
    let team_place = TeamsPlace::Team {
        team_id: team.into(),
    };
    let files = c
        .listing_page::<TeamFile>(
            session,
            &search(team_place, TeamsKind::Files, &word),
            0,
            100,
        )
        .await
        .unwrap()
        .results;
    assert!(files.iter().any(|f| f.id == file.id), "{word}: {files:?}");
    assert!(files.iter().all(|f| f.name.to_lowercase().contains(&word)));
    let channel_place = TeamsPlace::Channel {
        team_id: team.into(),
        channel_id: channel.clone(),
    };
    let tabs = c
        .listing_page::<Tab>(
            session,
            &search(channel_place, TeamsKind::Tabs, "wiki"),
            0,
            10,
        )
        .await
        .unwrap()
        .results;
    assert_eq!(
        tabs.iter()
            .map(|t| t.display_name.as_str())
            .collect::<Vec<_>>(),
        ["Wiki"]
    );
    let versions = Listing::TeamFileVersions {
        team_id: team.into(),
        channel_id: (v >= ApiVersion::V8).then(|| channel.clone()),
        file_id: file.id.clone(),
    };
    let listed = c.listing_page::<TeamFile>(session, &versions, 0, 10).await;
    if v < ApiVersion::V7 {
        assert!(listed.is_err(), "v6 lists no versions of a Teams file");
        return;
    }
    let listed = listed.unwrap().results;
    assert_eq!(listed.len() as u64, file.version.unwrap());
    assert!(listed.iter().all(|f| f.id == file.id));
    assert_eq!(listed[0].version, file.version, "the newest first");
}

/// Restores of items, a folder and a mailbox to where they were, with each kind of
/// credentials: a restore device code is refused until it is used; v6/v7 answer with the
/// statistics, v8 with a session whose statistics and events follow the restore.
pub(super) async fn restore_to_the_original_location(
    c: &Client,
    sim: &SimHandle,
    session: &str,
    mailbox: &str,
    v: ApiVersion,
) {
    use secrecy::SecretString;
    use vb365_tui::api::{Credential, Restore, RestoreAnswer, RestoreWhat};
    let items = c
        .listing_page::<ExchangeItem>(
            session,
            &Listing::Search {
                scope: SearchScope::Mailbox {
                    mailbox_id: mailbox.into(),
                },
                query: "budget".into(),
                set_id: None,
            },
            0,
            3,
        )
        .await
        .unwrap()
        .results;
    let folder_id = c
        .listing_page::<vb365_tui::api::models::ExchangeFolder>(
            session,
            &Listing::MailboxFolders {
                mailbox_id: mailbox.into(),
                parent_id: None,
            },
            0,
            1,
        )
        .await
        .unwrap()
        .results[0]
        .id
        .clone();
    let code = c
        .restore_device_code(session, &RestoreDeviceCodeRequest::default())
        .await
        .unwrap()
        .user_code;
    let long = std::time::Duration::from_secs(60);
    let restore = |what: RestoreWhat, credential: Credential| Restore {
        session_id: session.into(),
        what,
        credential,
        options: Default::default(),
    };
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let by_code = || Credential::DeviceCode {
        user_code: code.clone(),
    };
    let several = RestoreWhat::Items {
        mailbox_id: mailbox.into(),
        item_ids: ids.clone(),
    };
    let refused = c.restore(&restore(several.clone(), by_code()), long).await;
    let e = refused.unwrap_err();
    assert!(e.to_string().contains("has not been used"), "{e}");
    sim.sim.decide(&code, true);
    let cases = [
        (several, by_code()),
        (
            RestoreWhat::Items {
                mailbox_id: mailbox.into(),
                item_ids: ids[..1].to_vec(),
            },
            Credential::Password {
                user: "admin@contoso.onmicrosoft.com".into(),
                password: SecretString::from("restore-pass"),
                impersonation: Some("svc-restore@contoso.onmicrosoft.com".into()),
            },
        ),
        (
            RestoreWhat::Folder {
                mailbox_id: mailbox.into(),
                folder_id: folder_id.clone(),
            },
            Credential::Certificate {
                application_id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301".into(),
                pfx_base64: SecretString::from(
                    "MIIKcQIBAzCCCjcGCSqGSIb3DQEHAaCCCigEggokMIIKIDCCBN8GCSqGSIb3DQEHBqCCBNAwggTM",
                ),
                password: SecretString::from("pfx-pass"),
            },
        ),
        (
            RestoreWhat::Mailbox {
                mailbox_id: mailbox.into(),
            },
            by_code(),
        ),
    ];
    for (i, (what, credential)) in cases.into_iter().enumerate() {
        let expected = match &what {
            RestoreWhat::Items { item_ids, .. } => item_ids.len() as u64,
            RestoreWhat::Folder { .. } => 25,
            RestoreWhat::Mailbox { .. } => 120,
            _ => unreachable!("mail only here"),
        };
        let answer = c.restore(&restore(what, credential), long).await.unwrap();
        match (answer, v >= ApiVersion::V8) {
            (RestoreAnswer::Finished(stats), false) => {
                let done = stats.created_items_count.unwrap() + stats.merged_items_count.unwrap();
                assert_eq!(done, expected, "case {i}: {stats:?}");
            }
            (RestoreAnswer::Started { session_id }, true) => {
                let stats = c.restore_statistics(&session_id).await.unwrap();
                assert!(stats.complete(), "case {i}: {stats:?}");
                assert_eq!(stats.restored_items_count, Some(expected), "case {i}");
                let events = c.restore_session_events(&session_id, 0, 200).await.unwrap();
                assert_eq!(events.results.len() as u64, expected, "case {i}");
            }
            (answer, _) => panic!("case {i} on {v}: {answer:?}"),
        }
    }
    // The same four to another mailbox (`restoreTo`), with its options.
    let elsewhere = vb365_tui::api::Elsewhere::Mailbox(vb365_tui::api::MailTarget {
        mailbox: "megan.bowen@contoso.onmicrosoft.com".into(),
        folder: "Restored".into(),
        organization: "fabrikam.onmicrosoft.com".into(),
        region: Some(Region::Worldwide),
        cas_server: "cas01.fabrikam.local".into(),
    });
    let whats = [
        RestoreWhat::Items {
            mailbox_id: mailbox.into(),
            item_ids: ids.clone(),
        },
        RestoreWhat::Items {
            mailbox_id: mailbox.into(),
            item_ids: ids[..1].to_vec(),
        },
        RestoreWhat::Folder {
            mailbox_id: mailbox.into(),
            folder_id: folder_id.clone(),
        },
        RestoreWhat::Mailbox {
            mailbox_id: mailbox.into(),
        },
    ];
    for what in whats {
        let restore = Restore {
            session_id: session.into(),
            what,
            credential: by_code(),
            options: vb365_tui::api::RestoreOptions {
                elsewhere: Some(elsewhere.clone()),
                ..Default::default()
            }
            .with(Opt::Changed, true)
            .with(Opt::Deleted, true)
            .with(Opt::ExcludeDrafts, true),
        };
        c.restore(&restore, long).await.unwrap();
    }
}

/// One document and two documents of a OneDrive or a library restored to where they were,
/// with the options of each (OneDrive: keep both; SharePoint: all versions, merge, permissions,
/// notifications); v6/v7 answer `RESTItemRestoreStatistics`, v8 a session to follow.
pub(super) async fn restore_documents(
    c: &Client,
    sim: &SimHandle,
    session: &str,
    store: Store,
    v: ApiVersion,
) {
    use vb365_tui::api::{
        Credential, DriveTarget, Elsewhere, Restore, RestoreAnswer, RestoreOptions, RestoreWhat,
        SiteTarget,
    };
    let docs: Vec<DriveItem> = c
        .listing_page::<DriveItem>(
            session,
            &Listing::Documents {
                store: store.clone(),
                parent_id: None,
            },
            0,
            20,
        )
        .await
        .unwrap()
        .results
        .into_iter()
        .filter(|d| !d.is_folder())
        .take(2)
        .collect();
    assert_eq!(docs.len(), 2);
    let code = c
        .restore_device_code(session, &RestoreDeviceCodeRequest::default())
        .await
        .unwrap()
        .user_code;
    sim.sim.decide(&code, true);
    let original = RestoreOptions::default()
        .with(Opt::DocumentAction, OptValue::Pick(1))
        .with(Opt::DocumentVersion, OptValue::Pick(1))
        .with(Opt::LastVersion, OptValue::Pick(1))
        .with(Opt::Permissions, true);
    // Somewhere else: a copy in another OneDrive, or another site.
    let elsewhere = match &store {
        Store::OneDrive { .. } => Elsewhere::OneDrive(DriveTarget {
            onedrive: "Megan Bowen".into(),
            folder: "Restored".into(),
            organization: "fabrikam.onmicrosoft.com".into(),
            region: Some(Region::USGovernment),
        }),
        _ => Elsewhere::Site(SiteTarget {
            site_url: "https://contoso.sharepoint.com/sites/archive".into(),
            list: "Shared Documents".into(),
            organization: String::new(),
            region: None,
        }),
    };
    let to_elsewhere = RestoreOptions {
        elsewhere: Some(elsewhere),
        ..original.clone()
    };
    for options in [original, to_elsewhere] {
        for documents in [docs[..1].to_vec(), docs.clone()] {
            let n = documents.len() as u64;
            let restore = Restore {
                session_id: session.into(),
                what: RestoreWhat::Documents {
                    store: store.clone(),
                    documents,
                },
                credential: Credential::DeviceCode {
                    user_code: code.clone(),
                },
                options: options.clone(),
            };
            let answer = c
                .restore(&restore, std::time::Duration::from_secs(60))
                .await
                .unwrap();
            let stats = match answer {
                RestoreAnswer::Finished(stats) => *stats,
                RestoreAnswer::Started { session_id } => {
                    c.restore_statistics(&session_id).await.unwrap()
                }
            };
            assert_eq!(stats.restored_items_count, Some(n), "{store:?}: {stats:?}");
            assert!(stats.complete() || v < ApiVersion::V8);
        }
    }
    // A copy names its OneDrive, and another site its address.
    let nowhere = Restore {
        session_id: session.into(),
        what: RestoreWhat::Documents {
            store: store.clone(),
            documents: docs[..1].to_vec(),
        },
        credential: Credential::DeviceCode {
            user_code: code.clone(),
        },
        options: RestoreOptions {
            elsewhere: Some(match &store {
                Store::OneDrive { .. } => Elsewhere::OneDrive(DriveTarget::default()),
                _ => Elsewhere::Site(SiteTarget::default()),
            }),
            ..Default::default()
        },
    };
    let refused = c
        .restore(&nowhere, std::time::Duration::from_secs(60))
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("is required"), "{refused}");
}

/// A channel's posts restored by time (three of them), then all of them; v6/v7 answer
/// `RESTRestoreStatistics`, v8 a session to follow.
pub(super) async fn restore_posts(
    c: &Client,
    sim: &SimHandle,
    session: &str,
    team: &str,
    v: ApiVersion,
) {
    use vb365_tui::api::{Credential, Restore, RestoreAnswer, RestoreWhat};
    let channel = channels(c, session, team).await[0].id.clone();
    let listing = Listing::Posts {
        team_id: team.into(),
        channel_id: channel.clone(),
    };
    let posts = c
        .listing_page::<Post>(session, &listing, 0, 3)
        .await
        .unwrap()
        .results;
    let times: Vec<Timestamp> = posts.iter().filter_map(|p| p.created_time).collect();
    let code = c
        .restore_device_code(session, &RestoreDeviceCodeRequest::default())
        .await
        .unwrap()
        .user_code;
    sim.sim.decide(&code, true);
    let cases = [
        (times.iter().min().copied(), times.iter().max().copied(), 3),
        (None, None, 120),
    ];
    for (from, to, expected) in cases {
        let restore = Restore {
            session_id: session.into(),
            what: RestoreWhat::Posts {
                team_id: team.into(),
                channel_id: channel.clone(),
                from,
                to,
            },
            credential: Credential::DeviceCode {
                user_code: code.clone(),
            },
            options: Default::default(),
        };
        let stats = match c
            .restore(&restore, std::time::Duration::from_secs(60))
            .await
            .unwrap()
        {
            RestoreAnswer::Finished(stats) => *stats,
            RestoreAnswer::Started { session_id } => {
                c.restore_statistics(&session_id).await.unwrap()
            }
        };
        assert_eq!(stats.restored_items_count, Some(expected), "{v}: {stats:?}");
    }
}

/// The restore operator's restore of two mail items with a reason (every version answers a
/// session: v8 is followed by its statistics, v6/v7 by its events); no reason, no restore.
pub(super) async fn operator_restore(admin: &Client, operator: &Client, session: &str) {
    use vb365_tui::api::{Credential, Restore, RestoreWhat};
    let mailbox = admin.mailboxes(session, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let items = admin
        .listing_page::<ExchangeItem>(
            session,
            &Listing::Search {
                scope: SearchScope::Mailbox {
                    mailbox_id: mailbox.clone(),
                },
                query: "budget".into(),
                set_id: None,
            },
            0,
            2,
        )
        .await
        .unwrap()
        .results;
    let restore = |reason: &str| Restore {
        session_id: session.into(),
        what: RestoreWhat::Items {
            mailbox_id: mailbox.clone(),
            item_ids: items.iter().map(|i| i.id.clone()).collect(),
        },
        credential: Credential::Operator {
            reason: reason.into(),
        },
        options: vb365_tui::api::RestoreOptions::default()
            .with(Opt::Changed, true)
            .with(Opt::Deleted, true),
    };
    let long = std::time::Duration::from_secs(30);
    let e = operator.restore(&restore(""), long).await.unwrap_err();
    assert!(e.to_string().contains("needs a reason"), "{e}");
    let mut last = None;
    vb365_tui::jobs::restore::run(
        operator.clone(),
        restore("Ticket 4471: lost invoices"),
        long,
        |u| last = Some(u),
    )
    .await;
    let Some(Update::Finished(Outcome::Restored(stats))) = last else {
        panic!("{last:?}");
    };
    assert_eq!(stats.restored_items_count, Some(2), "{stats:?}");
}

/// A team's channels.
pub(super) async fn channels(c: &Client, session: &str, team: &str) -> Vec<Channel> {
    let listing = Listing::Channels {
        team_id: team.into(),
    };
    c.listing_page::<Channel>(session, &listing, 0, 50)
        .await
        .unwrap()
        .results
}
