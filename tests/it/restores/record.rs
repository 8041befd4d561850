//! Tasks as the operator's record: a failed restore says where it went, with what and
//! when, and `r` opens its form again filled in (the password typed again, the confirmation
//! shown again, nothing sent without it); finished tasks go to the record file, whose lines
//! show below this run's tasks as earlier runs, and `/` filters both.

use super::*;
use vb365_tui::app::pages::tasks::TasksPage;
use vb365_tui::jobs::record;
use vb365_tui::sim::{Fault, FaultKind};

#[tokio::test]
async fn a_failed_restore_is_recorded_shown_with_earlier_runs_and_done_again_from_its_form() {
    let mut h = Harness::demo().await;
    let file = std::env::temp_dir().join(format!("vb365-record-flow-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&file);
    h.exec = h.exec.clone().with_record(Some(file.clone()));
    adele_folders(&mut h).await;
    // A line of an earlier run by the same administrator on this server, and one by
    // somebody else, which is not shown.
    // The demo's simulator listens on a new port each run: its records name the demo.
    let server = "the demo's simulator".to_string();
    let earlier = |who: &str, what: &str| record::Record {
        kind: "save".into(),
        what: what.into(),
        from: "restore session of contoso.onmicrosoft.com (1a2b3c4d)".into(),
        to: "/home/op/Downloads/Budget-20261130-1712.pst".into(),
        with: String::new(),
        server: server.clone(),
        who: who.into(),
        started: "2026-11-30T17:12:00Z".parse().unwrap(),
        ended: "2026-11-30T17:13:05Z".parse().unwrap(),
        state: "saved".into(),
        result: "4.0 MB written".into(),
        errors: vec![],
        warnings: vec![],
    };
    record::append(
        &file,
        &earlier("administrator (VB365 administrator)", "Budget as PST"),
    )
    .unwrap();
    record::append(
        &file,
        &earlier("someone.else (VB365 administrator)", "Secret plans as PST"),
    )
    .unwrap();
    h.app.shared.earlier = record::load(&file);

    // A restore the server fails.
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    h.press("Space Space R").await;
    sign_in_with_password(&mut h);
    form(&mut h)
        .get_mut(RestoreKey::Opt(vb365_tui::api::Opt::Unread))
        .on = true;
    h.sim.sim.faults.add(Fault {
        path: "/items/restore".into(),
        method: Some("POST".into()),
        kind: FaultKind::Status {
            status: 500,
            retry_after: None,
        },
        times: Some(1),
    });
    h.press("Enter Enter").await;
    until_done(&mut h, 1).await;
    let sent = |h: &Harness| h.sim.sim.request_count(Some("POST"), "/items/restore");
    assert_eq!(sent(&h), 1);

    // Its record line: words, no secret.
    h.pump_for(std::time::Duration::from_millis(50)).await;
    let lines = std::fs::read_to_string(&file).unwrap();
    let last: record::Record = serde_json::from_str(lines.lines().last().unwrap()).unwrap();
    assert_eq!(last.kind, "restore");
    assert_eq!(last.state, "failed");
    assert_eq!(last.to, "where it was, in mailbox Adele Vance");
    assert_eq!(last.with, "restore@contoso.com (password)");
    assert_eq!(last.who, "administrator (VB365 administrator)");
    assert!(!lines.contains("\"pw\""), "no password in the record");

    // Tasks: this run's failed restore first, then the earlier run's save, not the other's.
    h.key(KeyCode::Char('t')).await;
    let screen = h.render(80, 24);
    assert!(
        screen.contains("failed")
            && screen.contains("Earlier runs")
            && screen.contains("Budget-20261130-1712.pst"),
        "{screen}"
    );
    assert!(!screen.contains("Secret plans"), "{screen}");
    assert!(
        screen.contains("To       where it was, in mailbox Adele Vance"),
        "{screen}"
    );
    assert!(screen.contains("r again"), "{screen}");
    support::browse::snap_at("restores", "tasks_record", &mut h, &support::browse::SMALL);
    // The earlier one in full, scrolled as a page.
    h.press("j Enter").await;
    let details = h.render(60, 20);
    assert!(
        details.contains("Mon 30 Nov 2026 17:13:05 (UTC+00:00)") && details.contains("4.0 MB"),
        "{details}"
    );
    support::browse::snap_at(
        "restores",
        "tasks_earlier_details",
        &mut h,
        &support::browse::SMALL,
    );
    h.press("Esc").await;
    // `/` keeps what contains the words.
    h.press("/").await;
    h.type_text("budget").await;
    h.press("Enter").await;
    let filtered = h.render(80, 24);
    assert!(
        filtered.contains("Filter: budget") && !filtered.contains("2 items from"),
        "{filtered}"
    );
    h.press("Esc").await;
    let page = h.app.find::<TasksPage>().unwrap();
    assert!(page.filter.value().is_empty());

    // r on the failed restore: its form, filled in as it was, the password asked again.
    h.press("g r").await;
    assert_eq!(h.app.screen(), Screen::Restore);
    let page = h.app.find::<RestorePage>().unwrap();
    assert_eq!(page.chosen().words, "2 items from Adele Vance › Inbox");
    assert!(
        page.form
            .get(RestoreKey::Opt(vb365_tui::api::Opt::Unread))
            .on,
        "the options as they were"
    );
    assert_eq!(
        page.form.get(RestoreKey::User).value(),
        "restore@contoso.com"
    );
    assert!(
        page.form.get(RestoreKey::Password).value().is_empty(),
        "no secret kept"
    );
    let said = h.app.status_message().unwrap_or_default().to_string();
    assert!(said.contains("Filled in as it was sent before"), "{said}");
    fill(&mut h, RestoreKey::Password, "pw");
    h.press("Enter").await;
    assert!(
        h.app
            .find::<RestorePage>()
            .is_some_and(|p| p.confirming.is_some()),
        "the confirmation again"
    );
    assert_eq!(sent(&h), 1, "nothing sent before it is confirmed");
    h.press("Enter").await;
    until_done(&mut h, 2).await;
    assert_eq!(sent(&h), 2, "sent once more, when confirmed");
    let _ = std::fs::remove_file(&file);
}
