use super::*;

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
