use super::*;
use vb365_tui::api::Opt;

/// A team restored with the four options the API requires, and a channel's tab.
#[tokio::test]
async fn a_team_and_a_tab_are_restored_with_the_options_the_api_requires() {
    let mut h = Harness::demo().await;
    new_session(&mut h, 3, false, false).await;
    h.key(KeyCode::Char('R')).await; // on the first team
    assert_eq!(h.app.screen(), Screen::Restore);
    sign_in_with_password(&mut h);
    turn_on(&mut h, RestoreKey::Opt(Opt::Settings));
    let form = h.render(80, 24);
    assert!(
        form.contains("Restore team Finance Team")
            && form.contains("Changed items")
            && form.contains("Missing items")
            && form.contains("Members")
            && form.contains("Settings")
            && !form.contains("Restore to"),
        "{form}"
    );
    snap("restore_team_form", &mut h);
    h.key(KeyCode::Enter).await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("the same team in Microsoft 365")
            && confirm
                .contains("changed items: yes; missing items: yes; members: no; settings: yes"),
        "{confirm}"
    );
    snap("restore_team_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    let body = sent_body(&h, "/restore");
    assert_eq!(
        (
            &body["restoreChangedItems"],
            &body["restoreMissingItems"],
            &body["restoreMembers"],
            &body["restoreSettings"]
        ),
        (
            &serde_json::json!(true),
            &serde_json::json!(true),
            &serde_json::json!(false),
            &serde_json::json!(true)
        )
    );
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
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    h.press("Space Space R").await;
    choose(&mut h, RestoreKey::ItemsTarget, 2);
    choose(&mut h, RestoreKey::SendTo, 1);
    fill(&mut h, RestoreKey::SendAddress, "helpdesk");
    fill(&mut h, RestoreKey::SendSubject, "Your restored mail");
    let form = h.render(80, 24);
    assert!(
        form.contains("sent by e-mail")
            && form.contains("Address")
            && !form.contains("Sign in with"),
        "{form}"
    );
    snap("send_form", &mut h);
    h.key(KeyCode::Enter).await;
    assert!(
        h.render(80, 24)
            .contains("Type an e-mail address (name@domain).")
    );
    fill(&mut h, RestoreKey::SendAddress, "helpdesk@contoso.com");
    h.key(KeyCode::Enter).await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("Send by e-mail?")
            && confirm.contains("an e-mail to helpdesk@contoso.com, the items attached")
            && confirm.contains("none: the server sends it with its own e-mail settings"),
        "{confirm}"
    );
    snap("send_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    let body = sent_body(&h, "/items/sendToDifferentAddress");
    assert_eq!(body["to"], "helpdesk@contoso.com");
    assert_eq!(body["subject"], "Your restored mail");
    assert_eq!(body["items"].as_array().map(Vec::len), Some(2));
    assert!(body.get("userCode").is_none() && body.get("userName").is_none());
    h.key(KeyCode::Char('t')).await;
    let tasks = h.render(80, 24);
    assert!(
        tasks.contains("sent") && tasks.contains("2 items sent"),
        "{tasks}"
    );
}

/// Two marked mailboxes restored at once (`mailboxes/restore`), with the bulk options; the
/// form checks the days, and the body spells the password the bulk way.
#[tokio::test]
async fn marked_mailboxes_are_restored_together() {
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.key(KeyCode::Enter).await; // Organizations
    h.key(KeyCode::Enter).await; // contoso's details
    h.key(KeyCode::Char('x')).await;
    h.key(KeyCode::Enter).await; // start the session
    h.key(KeyCode::Char('b')).await;
    loaded(&mut h).await;
    h.press("Space Space R").await;
    assert_eq!(h.app.screen(), Screen::Restore);
    sign_in_with_password(&mut h);
    turn_on(&mut h, RestoreKey::Opt(Opt::SkipUnresolved));
    fill(&mut h, RestoreKey::Opt(Opt::RecentPeriod), "a week");
    let form = h.render(120, 40);
    assert!(
        form.contains("Restore 2 mailboxes (")
            && form.contains("Skip unresolved")
            && form.contains("Recent days first"),
        "{form}"
    );
    snap("restore_bulk_form", &mut h);
    h.key(KeyCode::Enter).await;
    assert!(
        h.render(120, 40)
            .contains("A number of days (1, 2, …), or empty.")
    );
    fill(&mut h, RestoreKey::Opt(Opt::RecentPeriod), "7");
    h.key(KeyCode::Enter).await;
    let confirm = h.render(120, 40);
    assert!(
        confirm.contains("where it was, in each mailbox")
            && confirm.contains("the last 7 days first"),
        "{confirm}"
    );
    snap("restore_bulk_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    let body = sent_body(&h, "/mailboxes/restore");
    assert_eq!(body["mailboxes"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["office365UserName"], "restore@contoso.com");
    assert_eq!(body["recentItemRestorePeriod"], 7);
    assert_eq!(body["skipUnresolved"], true);
    h.key(KeyCode::Char('t')).await;
    assert!(h.render(80, 24).contains("2 of 2 restored"));
}

/// Two marked folders of a OneDrive restored together (`Folders/restore` with the folders
/// as listed).
#[tokio::test]
async fn marked_onedrive_folders_are_restored_together() {
    let mut h = Harness::demo().await;
    new_session(&mut h, 1, false, false).await;
    h.key(KeyCode::Enter).await; // the first OneDrive
    loaded(&mut h).await;
    h.key(KeyCode::Char(' ')).await; // its first two folders
    h.press("Space R").await;
    assert_eq!(h.app.screen(), Screen::Restore);
    sign_in_with_password(&mut h);
    let form = h.render(80, 24);
    assert!(form.contains("Restore 2 folders from"), "{form}");
    h.press("Enter Enter").await;
    until_done(&mut h, 1).await;
    let body = sent_body(&h, "/Folders/restore");
    assert_eq!(body["folders"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["documentAction"], "Overwrite");
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
