use super::*;

/// The restore operator's restores of documents, list items and (v7+) a channel's posts,
/// files and tabs and a channel: each with a reason, answered with a session followed to
/// its end; none without a reason.
pub(super) async fn operator(admin: &Client, sim: &vb365_tui::sim::SimHandle, v: ApiVersion) {
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
            options: RestoreOptions::default()
                .with(Opt::TeamsChanged, true)
                .with(Opt::TeamsMissing, true)
                .with(
                    Opt::Impersonation,
                    OptValue::Text("svc-restore@contoso.onmicrosoft.com".into()),
                ),
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
pub(super) async fn sends(c: &Client, sim: &vb365_tui::sim::SimHandle) {
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
pub(super) async fn bulk(c: &Client, sim: &vb365_tui::sim::SimHandle) {
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
            options: RestoreOptions::default()
                .with(Opt::SkipUnresolved, true)
                .with(Opt::RecentPeriod, OptValue::Days(30)),
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

pub(super) async fn contract(v: ApiVersion) {
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
pub(super) async fn legacy(v: ApiVersion) {
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
