use super::rounds::{ROUND, Round, Start, Step, run};
use super::*;
use serde_json::json;
use vb365_tui::api::Opt;

/// A team restored with the four options the API requires, and a channel's tab.
#[tokio::test]
async fn a_team_and_a_tab_are_restored_with_the_options_the_api_requires() {
    let mut h = run(Round {
        start: Start::Session {
            kind: 3,
            show_deleted: false,
        },
        // On the first team.
        fill: &[Step::Password, Step::TurnOn(RestoreKey::Opt(Opt::Settings))],
        form_has: &[
            "Restore team Finance Team",
            "Changed items",
            "Missing items",
            "Members",
            "Settings",
        ],
        form_lacks: &["Restore to"],
        form_snap: Some("restore_team_form"),
        confirm_has: &[
            "the same team in Microsoft 365",
            "changed items: yes; missing items: yes; members: no; settings: yes",
        ],
        confirm_snap: Some("restore_team_confirm"),
        sent: ("/restore", |body| {
            assert_eq!(
                (
                    &body["restoreChangedItems"],
                    &body["restoreMissingItems"],
                    &body["restoreMembers"],
                    &body["restoreSettings"]
                ),
                (&json!(true), &json!(true), &json!(false), &json!(true))
            );
        }),
        ..ROUND
    })
    .await;
    // Into the team, its first channel, its tabs: R on a tab.
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // General
    loaded(&mut h).await;
    h.key(KeyCode::End).await; // Tabs
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    h.key(KeyCode::Char('R')).await;
    let form = h.render(80, 24);
    assert!(form.contains("Restore tab"), "{form}");
    sign_in_with_password(&mut h);
    h.press("Enter Enter").await;
    until_done(&mut h, 2).await;
    let tab = h
        .sim
        .sim
        .journal()
        .into_iter()
        .find(|e| e.path.contains("/tabs/") && e.path.ends_with("/restore"))
        .and_then(|e| e.request)
        .expect("a tab restore");
    assert_eq!(tab["restoreChangedTabs"], true);
    assert_eq!(tab["restoreMissingTabs"], true);
}

/// Two mail items sent by e-mail to another address: no credentials are asked (the server
/// sends with its own e-mail settings), the address is checked on the form, and the task
/// ends "sent".
#[tokio::test]
async fn marked_items_are_sent_by_e_mail_to_another_address() {
    run(Round {
        open: &["Enter"], // Inbox
        mark: "Space Space",
        fill: &[
            Step::Choose(RestoreKey::ItemsTarget, 2),
            Step::Choose(RestoreKey::SendTo, 1),
            Step::Fill(RestoreKey::SendAddress, "helpdesk"),
            Step::Fill(RestoreKey::SendSubject, "Your restored mail"),
        ],
        form_has: &["sent by e-mail", "Address"],
        form_lacks: &["Sign in with"],
        form_snap: Some("send_form"),
        refused: Some((
            "Type an e-mail address (name@domain).",
            &[Step::Fill(RestoreKey::SendAddress, "helpdesk@contoso.com")],
        )),
        confirm_has: &[
            "Send by e-mail?",
            "an e-mail to helpdesk@contoso.com, the items attached",
            "none: the server sends it with its own e-mail settings",
        ],
        confirm_snap: Some("send_confirm"),
        sent: ("/items/sendToDifferentAddress", |body| {
            assert_eq!(body["to"], "helpdesk@contoso.com");
            assert_eq!(body["subject"], "Your restored mail");
            assert_eq!(body["items"].as_array().map(Vec::len), Some(2));
            assert!(body.get("userCode").is_none() && body.get("userName").is_none());
        }),
        tasks_has: &["sent", "2 items sent"],
        ..ROUND
    })
    .await;
}

/// Two marked mailboxes restored at once (`mailboxes/restore`), with the bulk options; the
/// form checks the days, and the body spells the password the bulk way.
#[tokio::test]
async fn marked_mailboxes_are_restored_together() {
    run(Round {
        start: Start::Session {
            kind: 0,
            show_deleted: false,
        },
        mark: "Space Space",
        fill: &[
            Step::Password,
            Step::TurnOn(RestoreKey::Opt(Opt::SkipUnresolved)),
            Step::Fill(RestoreKey::Opt(Opt::RecentPeriod), "a week"),
        ],
        form_size: (120, 40),
        form_has: &[
            "Restore 2 mailboxes (",
            "Skip unresolved",
            "Recent days first",
        ],
        form_snap: Some("restore_bulk_form"),
        refused: Some((
            "A number of days (1, 2, …), or empty.",
            &[Step::Fill(RestoreKey::Opt(Opt::RecentPeriod), "7")],
        )),
        confirm_size: (120, 40),
        confirm_has: &["where it was, in each mailbox", "the last 7 days first"],
        confirm_snap: Some("restore_bulk_confirm"),
        sent: ("/mailboxes/restore", |body| {
            assert_eq!(body["mailboxes"].as_array().map(Vec::len), Some(2));
            assert_eq!(body["office365UserName"], "restore@contoso.com");
            assert_eq!(body["recentItemRestorePeriod"], 7);
            assert_eq!(body["skipUnresolved"], true);
        }),
        tasks_has: &["2 of 2 restored"],
        ..ROUND
    })
    .await;
}

/// Two marked folders of a OneDrive restored together (`Folders/restore` with the folders
/// as listed).
#[tokio::test]
async fn marked_onedrive_folders_are_restored_together() {
    run(Round {
        start: Start::Session {
            kind: 1,
            show_deleted: false,
        },
        open: &["Enter"],    // the first OneDrive
        mark: "Space Space", // its first two folders
        form_has: &["Restore 2 folders from"],
        sent: ("/Folders/restore", |body| {
            assert_eq!(body["folders"].as_array().map(Vec::len), Some(2));
            assert_eq!(body["documentAction"], "Overwrite");
        }),
        ..ROUND
    })
    .await;
}

/// A restore the server has not answered yet: the Tasks page says it is restoring, that it
/// was sent once, and that nothing sends it again; the footer counts it.
#[tokio::test]
async fn a_restore_still_running_shows_on_the_tasks_page() {
    use vb365_tui::sim::{Fault, FaultKind};
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    h.press("Space Space R").await;
    sign_in_with_password(&mut h);
    h.sim.sim.faults.add(Fault {
        path: "/items/restore".into(),
        method: Some("POST".into()),
        kind: FaultKind::Hang,
        times: None,
    });
    h.press("Enter Enter").await;
    let sent = |h: &Harness| h.sim.sim.request_count(Some("POST"), "/items/restore");
    for _ in 0..200 {
        if sent(&h) == 1 {
            break;
        }
        h.pump_for(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(sent(&h), 1, "the restore reached the server");
    let browse = h.render(80, 24);
    assert!(browse.contains("⇡ 1 restoring (t)"), "{browse}");
    h.key(KeyCode::Char('t')).await;
    let tasks = h.render(80, 24);
    assert!(
        tasks.contains("restoring") && tasks.contains("Sent once; waiting for the server"),
        "{tasks}"
    );
    // The task's elapsed time moves while it runs.
    for (w, ht) in [(80, 24), (120, 40)] {
        let screen: Vec<String> = masked(&mut h, w, ht)
            .lines()
            .map(|l| match l.trim_end().rsplit_once("  ") {
                Some((head, tail)) if l.starts_with(" ›restoring") && tail.ends_with(" s") => {
                    format!("{head}  N s")
                }
                _ => l.to_string(),
            })
            .collect();
        support::snapshot(
            "restores",
            &format!("restore_running_{w}x{ht}"),
            screen.join("\n"),
        );
    }
    assert_eq!(sent(&h), 1, "sent once");
}
