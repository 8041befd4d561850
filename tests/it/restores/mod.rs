//! Putting data back from inside a restore session, driven by keys against the simulator:
//! the restore form of each kind, its device code got right there, the confirmation, the
//! restore sent once as a task, and the place it went to.

use crate::support;

use crossterm::event::KeyCode;
use support::browse::{adele_folders, loaded, masked, new_session, picture_mask};
use support::harness::Harness;
use vb365_tui::app::pages::Screen;
use vb365_tui::app::pages::restore::{RestoreKey, RestorePage};

mod more_kinds;
mod record;
mod rounds;

#[allow(unused_imports)]
use more_kinds::*;

fn snap(name: &str, h: &mut Harness) {
    support::browse::snap_at("restores", name, h, &[(80, 24), (120, 40)]);
}

/// Two marked mail items restored to where they were: R opens the form, Enter with no
/// device code gets one right there, its use leads to the confirmation, and Enter sends the
/// restore once; the Tasks page ends with the counts.
#[tokio::test]
async fn marked_items_are_restored_with_a_device_code_got_right_there() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    h.press("Space Space R").await;
    assert_eq!(h.app.screen(), Screen::Restore);
    let form = h.render(80, 24);
    assert!(
        form.contains("Restore 2 items from Adele Vance › Inbox")
            && form.contains("Restore to           ◂ where it was ▸"),
        "{form}"
    );
    snap("restore_form", &mut h);
    h.picture("restore_form", 80, 24);
    // No code yet: Enter gets one, with the usual panel.
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
    let panel = h.render(80, 24);
    assert!(panel.contains("Restore device code for"), "{panel}");
    snap("restore_code", &mut h);
    assert!(h.sim.sim.decide(&code, true));
    h.pump_until("the confirmation", |a| {
        a.find::<RestorePage>()
            .is_some_and(|p| p.confirming.is_some())
    })
    .await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("Restore to the original location?")
            && confirm.contains(&format!("restore device code {code}")),
        "{confirm}"
    );
    snap("restore_confirm", &mut h);
    h.picture("restore_confirm", 80, 24);
    let sent = |h: &Harness| h.sim.sim.request_count(Some("POST"), "/items/restore");
    assert_eq!(sent(&h), 0, "nothing sent before Enter");
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Browse, "back where it was");
    until_done(&mut h, 1).await;
    assert_eq!(sent(&h), 1, "sent once");
    assert!(
        h.render(80, 24)
            .contains("Restored 2 items from Adele Vance › Inbox")
    );
    h.key(KeyCode::Char('t')).await;
    let tasks = h.render(80, 24);
    assert!(
        tasks.contains("restored") && tasks.contains("2 of 2 restored, 0 skipped, 0 failed"),
        "{tasks}"
    );
    snap("restore_task", &mut h);
    h.picture_with("restore_task", 80, 24, &picture_mask);
    // The code is kept with the session: the next restore offers it.
    h.press("Esc R").await;
    let again = h.render(80, 24);
    assert!(again.contains(&code), "{again}");
}

/// Fills the form's password credential (the quickest to type in a test).
fn sign_in_with_password(h: &mut Harness) {
    choose(h, RestoreKey::Credential, 2);
    fill(h, RestoreKey::User, "restore@contoso.com");
    fill(h, RestoreKey::Password, "pw");
}

/// Types `text` into a field of the restore form.
fn fill(h: &mut Harness, key: RestoreKey, text: &str) {
    form(h).get_mut(key).input = tui_input::Input::new(text.into());
}

/// Makes choice `n` of a field of the restore form.
fn choose(h: &mut Harness, key: RestoreKey, n: usize) {
    form(h).get_mut(key).choice = n;
}

/// Turns a toggle of the restore form on.
fn turn_on(h: &mut Harness, key: RestoreKey) {
    form(h).get_mut(key).on = true;
}

fn form(h: &mut Harness) -> &mut vb365_tui::app::forms::Form<RestoreKey> {
    &mut h
        .app
        .find_mut::<RestorePage>()
        .expect("the restore form")
        .form
}

/// Waits until `n` tasks have been started and none runs any more.
async fn until_done(h: &mut Harness, n: usize) {
    h.pump_until("the tasks to end", |a| {
        a.shared.tasks.len() == n && a.shared.tasks.running() == 0
    })
    .await;
}

/// The body of the first request whose path ends so.
fn sent_body(h: &Harness, tail: &str) -> serde_json::Value {
    h.sim
        .sim
        .journal()
        .into_iter()
        .find(|e| e.path.ends_with(tail))
        .and_then(|e| e.request)
        .unwrap_or_else(|| panic!("{tail} sent"))
}

/// A restore operator opens the session left working for operators, marks two mail items
/// and restores them with a reason: no credentials are asked, nothing goes without a
/// reason, and the operator restore is sent once and followed to its end.
#[tokio::test]
async fn a_restore_operator_restores_mail_items_with_a_reason() {
    let mut h = Harness::demo().await;
    h.reach_sign_in().await;
    h.key(KeyCode::F(2)).await;
    h.key(KeyCode::F(2)).await;
    h.key(KeyCode::Enter).await;
    let code = h.pending_code().await;
    h.sim.sim.decide(&code, true);
    h.pump_until("the operator's home", |a| a.screen() == Screen::Home)
        .await;
    h.key(KeyCode::Enter).await; // Restore sessions
    h.pump_until("the sessions", |a| {
        a.find::<vb365_tui::app::pages::restore_sessions::RestoreSessionsPage>()
            .is_some_and(|p| p.list.loaded() == 4)
    })
    .await;
    h.key(KeyCode::End).await; // the session left working for operators
    h.key(KeyCode::Enter).await;
    let session = h.render(80, 24);
    assert!(
        session.contains("Exchange restore for the restore operators"),
        "{session}"
    );
    h.key(KeyCode::Char('b')).await;
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // Adele Vance
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    h.press("Space Space").await;
    // Saving copies is the administrator's.
    h.key(KeyCode::Char('s')).await;
    assert!(
        h.render(80, 24)
            .contains("A restore operator restores with a reason (R)")
    );
    h.key(KeyCode::Char('R')).await;
    assert_eq!(h.app.screen(), Screen::Restore);
    let form = h.render(80, 24);
    assert!(
        form.contains("Reason") && !form.contains("Sign in with"),
        "{form}"
    );
    h.key(KeyCode::Enter).await;
    assert!(
        h.render(80, 24)
            .contains("An operator restore needs a reason.")
    );
    h.type_text("Ticket 4471: lost invoices").await;
    snap("restore_operator_form", &mut h);
    h.picture("restore_operator_form", 80, 24);
    h.key(KeyCode::Enter).await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("the restore operator's sign-in; reason: Ticket 4471"),
        "{confirm}"
    );
    snap("restore_operator_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    assert_eq!(
        h.sim
            .sim
            .request_count(Some("POST"), "/items/operatorRestore"),
        1,
        "sent once"
    );
    let body = sent_body(&h, "/items/operatorRestore");
    assert_eq!(body["reason"], "Ticket 4471: lost invoices");
    assert_eq!(body["items"].as_array().map(Vec::len), Some(2));
    assert!(h.app.find::<RestorePage>().is_none(), "the form closed");
    h.key(KeyCode::Char('t')).await;
    let tasks = h.render(80, 24);
    assert!(tasks.contains("2 of 2 restored"), "{tasks}");
    snap("restore_operator_task", &mut h);
}
