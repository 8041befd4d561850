//! Found across every mailbox: each hit says which mailbox it is in, and what is restored
//! from there names the mailbox it goes back into, in the form, the confirmation and Tasks.

use super::*;
use vb365_tui::app::pages::restore::RestorePage;

/// "The mail from Lee yesterday", searched in every mailbox: a Mailbox column names each
/// hit's mailbox; opened, `j` moves to the next hit, and `R` there restores it to the
/// mailbox it came from, which the form, the confirmation and the task all name.
#[tokio::test]
async fn a_hit_in_every_mailbox_names_its_mailbox_and_goes_back_there() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Esc).await; // the mailboxes
    h.key(KeyCode::Char('S')).await;
    h.type_text("from:lee received:yesterday").await;
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let found = h.render(80, 24);
    assert!(found.contains("Mailbox"), "{found}");
    let b = h.app.find::<BrowsePage>().unwrap();
    let rows: Vec<_> = (0..b.list.loaded()).filter_map(|i| b.list.row(i)).collect();
    assert!(rows.len() > 1, "{found}");
    let mailboxes: Vec<String> = rows
        .iter()
        .map(|r| {
            b.mailbox_of(r)
                .expect("every hit's mailbox is named")
                .to_string()
        })
        .collect();
    assert!(found.contains(&mailboxes[0]), "{found}");
    support::browse::snap_at(
        "downloads",
        "search_every_mailbox",
        &mut h,
        &support::browse::SMALL,
    );

    // Opened, then the next hit, restored from the item view.
    h.key(KeyCode::Enter).await;
    h.press("j").await;
    h.pump_until("the second hit", |a| {
        a.find::<BrowsePage>()
            .is_some_and(|b| b.details && matches!(b.item, Some(Ok(_))) && b.list.selected() == 1)
    })
    .await;
    let second = mailboxes[1].clone();
    let view = h.render(80, 24);
    assert!(
        view.contains(&format!(
            "In          {second} (the search results do not say which folder)"
        )),
        "{view}"
    );
    h.key(KeyCode::Char('R')).await;
    assert_eq!(h.app.screen(), Screen::Restore);
    let form = h.render(80, 24);
    assert!(form.contains(&format!("from mailbox {second}")), "{form}");
    h.key(KeyCode::Enter).await;
    h.pump_until("a restore device code", |a| {
        a.find::<RestorePage>()
            .and_then(|p| p.code.as_ref())
            .is_some_and(|c| c.user_code().is_some())
    })
    .await;
    let code = h
        .app
        .find::<RestorePage>()
        .and_then(|p| p.code.as_ref())
        .and_then(|c| c.user_code())
        .unwrap();
    assert!(h.sim.sim.decide(&code, true));
    h.pump_until("the confirmation", |a| {
        a.find::<RestorePage>()
            .is_some_and(|p| p.confirming.is_some())
    })
    .await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains(&format!("in the same mailbox and folder: mailbox {second}")),
        "{confirm}"
    );
    support::browse::snap_at(
        "downloads",
        "search_every_mailbox_confirm",
        &mut h,
        &support::browse::SMALL,
    );
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 1).await;
    // The restore went to the hit's own mailbox.
    let sent = h
        .sim
        .sim
        .journal()
        .into_iter()
        .find(|e| e.method == "POST" && e.path.ends_with("/restore"))
        .expect("a restore was sent");
    let b = h.app.find::<BrowsePage>().unwrap();
    let id = match b.list.row(1) {
        Some(vb365_tui::api::Row::Item(i)) => i.mailbox_id.clone().unwrap(),
        _ => panic!("an item"),
    };
    assert!(sent.path.contains(&id), "{}", sent.path);
    h.key(KeyCode::Char('t')).await;
    let tasks = h.render(80, 24);
    assert!(
        tasks.contains(&format!("where it was, in mailbox {second}")),
        "{tasks}"
    );
}

/// A hit in a mailbox the list has not shown (past the first page of a large organization)
/// is named all the same: that mailbox is read on its own, once.
#[tokio::test]
async fn a_hit_in_a_mailbox_not_listed_yet_is_named_by_reading_that_mailbox_once() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Esc).await; // the mailboxes
    // As if the list had not reached them.
    h.app.shared.memory = Default::default();
    h.key(KeyCode::Char('S')).await;
    h.type_text("from:lee received:yesterday").await;
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    h.pump_until("every hit named", |a| {
        a.find::<BrowsePage>().is_some_and(|b| {
            (0..b.list.loaded())
                .filter_map(|i| b.list.row(i))
                .all(|r| b.mailbox_of(r).is_some())
        })
    })
    .await;
    let b = h.app.find::<BrowsePage>().unwrap();
    let mut ids: Vec<String> = (0..b.list.loaded())
        .filter_map(|i| match b.list.row(i) {
            Some(vb365_tui::api::Row::Item(i)) => i.mailbox_id.clone(),
            _ => None,
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert!(!ids.is_empty());
    let reads = h
        .sim
        .sim
        .journal()
        .into_iter()
        .filter(|e| {
            e.method == "GET"
                && ids
                    .iter()
                    .any(|id| e.path.ends_with(&format!("/mailboxes/{id}")))
        })
        .count();
    assert_eq!(reads, ids.len(), "each mailbox read once");
    assert!(h.render(80, 24).contains("Adele Vance"));
}
