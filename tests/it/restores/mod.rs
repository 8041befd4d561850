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

#[allow(unused_imports)]
use more_kinds::*;

fn snap(name: &str, h: &mut Harness) {
    for (w, ht) in [(80, 24), (120, 40)] {
        support::snapshot("restores", &format!("{name}_{w}x{ht}"), masked(h, w, ht));
    }
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

/// A OneDrive document restored to where it was with a user name and password: the form
/// offers what happens to a document that is there, and the confirmation says it.
#[tokio::test]
async fn a_onedrive_document_is_restored_keeping_the_one_that_is_there() {
    let mut h = Harness::demo().await;
    new_session(&mut h, 1, false, false).await;
    h.key(KeyCode::Enter).await; // the first OneDrive
    loaded(&mut h).await;
    h.key(KeyCode::End).await; // a document, past the folders
    h.key(KeyCode::Char('R')).await;
    assert_eq!(h.app.screen(), Screen::Restore);
    choose(
        &mut h,
        RestoreKey::Opt(vb365_tui::api::Opt::DocumentAction),
        1,
    );
    sign_in_with_password(&mut h);
    let form = h.render(80, 24);
    assert!(
        form.contains("A document there") && form.contains("keep it and add the restored one"),
        "{form}"
    );
    snap("restore_document_form", &mut h);
    h.key(KeyCode::Enter).await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("the same OneDrive and folder")
            && confirm.contains("a document that is there is kept"),
        "{confirm}"
    );
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    let sent = h.sim.sim.journal();
    let body = sent
        .iter()
        .find(|e| e.path.ends_with("/restore"))
        .and_then(|e| e.request.clone())
        .unwrap();
    assert_eq!(body["documentAction"], "Keep");
    assert_eq!(body["userName"], "restore@contoso.com");
    h.key(KeyCode::Char('t')).await;
    assert!(h.render(80, 24).contains("1 of 1 restored"));
}

/// A deleted Teams post restored to its channel: the API restores posts by channel and
/// time, so the form names the time it covers.
#[tokio::test]
async fn a_deleted_teams_post_is_restored_to_its_channel() {
    let mut h = Harness::demo().await;
    new_session(&mut h, 3, true, false).await;
    h.key(KeyCode::Enter).await; // Finance Team
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // General
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // Posts
    loaded(&mut h).await;
    for _ in 0..6 {
        h.key(KeyCode::Down).await;
    }
    assert!(h.render(80, 24).contains("DELETED"));
    h.key(KeyCode::Char('R')).await;
    assert_eq!(h.app.screen(), Screen::Restore);
    sign_in_with_password(&mut h);
    h.key(KeyCode::Enter).await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("the same team and channel") && confirm.contains("the channel's posts"),
        "{confirm}"
    );
    snap("restore_post_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    let body = h
        .sim
        .sim
        .journal()
        .into_iter()
        .find(|e| e.path.ends_with("/posts/restore"))
        .and_then(|e| e.request)
        .unwrap();
    assert_eq!(body["from"], body["to"], "one post's time");
    h.key(KeyCode::Char('t')).await;
    assert!(h.render(80, 24).contains("1 of 1 restored"));
}

/// Two mail items restored to another mailbox and folder (`restoreTo`): the form asks for
/// the mailbox before anything is sent, and the confirmation names the target.
#[tokio::test]
async fn marked_items_are_restored_to_another_mailbox() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    h.press("Space Space R").await;
    choose(&mut h, RestoreKey::ItemsTarget, 1);
    sign_in_with_password(&mut h);
    let form = h.render(120, 40);
    assert!(
        form.contains("Mailbox") && form.contains("Skip drafts"),
        "{form}"
    );
    snap("restore_elsewhere_form", &mut h);
    // No mailbox named: nothing is sent, and the field says why.
    h.key(KeyCode::Enter).await;
    assert!(
        h.render(120, 40)
            .contains("Name the mailbox to restore to.")
    );
    fill(
        &mut h,
        RestoreKey::TargetMailbox,
        "megan.bowen@contoso.onmicrosoft.com",
    );
    fill(&mut h, RestoreKey::TargetFolder, "Restored");
    h.key(KeyCode::Enter).await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("Restore to another mailbox?")
            && confirm.contains("mailbox megan.bowen@contoso.onmicrosoft.com, folder Restored"),
        "{confirm}"
    );
    snap("restore_elsewhere_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    let sent = h
        .sim
        .sim
        .journal()
        .into_iter()
        .find(|e| e.path.ends_with("/items/restoreTo"))
        .expect("restoreTo sent");
    let body = sent.request.unwrap();
    assert_eq!(body["mailbox"], "megan.bowen@contoso.onmicrosoft.com");
    assert_eq!(body["folder"], "Restored");
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

/// A OneDrive document copied to another OneDrive (`copyTo`): the form asks for the
/// OneDrive before anything is sent, offers the versions instead of what to do with the one
/// there, and the confirmation names the copy's place.
#[tokio::test]
async fn a_onedrive_document_is_copied_to_another_onedrive() {
    let mut h = Harness::demo().await;
    new_session(&mut h, 1, false, false).await;
    h.key(KeyCode::Enter).await; // the first OneDrive
    loaded(&mut h).await;
    h.key(KeyCode::End).await; // a document, past the folders
    h.key(KeyCode::Char('R')).await;
    assert_eq!(h.app.screen(), Screen::Restore);
    // Down to "Restore to", then right: a copy in another OneDrive.
    h.press("Down Right").await;
    sign_in_with_password(&mut h);
    let form = h.render(120, 40);
    assert!(
        form.contains("a copy in another OneDrive")
            && form.contains("OneDrive")
            && form.contains("The last version")
            && !form.contains("A document there"),
        "{form}"
    );
    snap("restore_copy_form", &mut h);
    h.key(KeyCode::Enter).await;
    assert!(
        h.render(120, 40)
            .contains("Name the OneDrive to copy to: its URL or its owner's name.")
    );
    fill(&mut h, RestoreKey::TargetOneDrive, "Megan Bowen");
    fill(&mut h, RestoreKey::TargetFolder, "Restored");
    choose(&mut h, RestoreKey::TargetRegion, 1);
    h.key(KeyCode::Enter).await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("Copy to another OneDrive?")
            && confirm.contains("a copy in the OneDrive Megan Bowen, folder Restored (Worldwide)"),
        "{confirm}"
    );
    snap("restore_copy_confirm", &mut h);
    h.picture("restore_copy_confirm", 80, 24);
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    let body = sent_body(&h, "/copyTo");
    assert_eq!(body["onedrive"], serde_json::json!({"name": "Megan Bowen"}));
    assert_eq!(body["folder"], "Restored");
    assert_eq!(body["officeRegion"], "Worldwide");
    assert_eq!(body["documentVersion"], "Last");
    assert!(body.get("documentAction").is_none(), "{body}");
    h.key(KeyCode::Char('t')).await;
    assert!(h.render(80, 24).contains("1 of 1 restored"));
}

/// Two SharePoint documents restored to another site (`restoreTo`): the site's address is
/// checked on the form, and the body names it with the library.
#[tokio::test]
async fn sharepoint_documents_are_restored_to_another_site() {
    let mut h = Harness::demo().await;
    new_session(&mut h, 2, false, false).await;
    h.key(KeyCode::Enter).await; // Finance
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // Document libraries
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // Documents
    loaded(&mut h).await;
    h.press("End Space Up Up Space R").await;
    assert_eq!(h.app.screen(), Screen::Restore);
    choose(&mut h, RestoreKey::SiteTarget, 1);
    fill(
        &mut h,
        RestoreKey::TargetSite,
        "contoso.sharepoint.com/sites/archive",
    );
    sign_in_with_password(&mut h);
    let form = h.render(120, 40);
    assert!(
        form.contains("another site")
            && form.contains("Library or list")
            && !form.contains("Permissions"),
        "{form}"
    );
    snap("restore_site_form", &mut h);
    h.key(KeyCode::Enter).await;
    assert!(
        h.render(120, 40)
            .contains("Type the site's address, https://")
    );
    fill(
        &mut h,
        RestoreKey::TargetSite,
        "https://contoso.sharepoint.com/sites/archive",
    );
    fill(&mut h, RestoreKey::TargetList, "Restored");
    h.key(KeyCode::Enter).await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("Restore to another site?")
            && confirm.contains(
                "To        the site https://contoso.sharepoint.com/sites/archive, library or"
            )
            && confirm.contains("          list Restored"),
        "{confirm}"
    );
    snap("restore_site_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    let body = sent_body(&h, "/Documents/restoreTo");
    assert_eq!(
        body["siteURL"],
        "https://contoso.sharepoint.com/sites/archive"
    );
    assert_eq!(body["list"], "Restored");
    assert_eq!(body["documents"].as_array().map(Vec::len), Some(2));
    assert!(body.get("restorePermissions").is_none(), "{body}");
    h.key(KeyCode::Char('t')).await;
    assert!(h.render(80, 24).contains("2 of 2 restored"));
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

/// A whole site restored where it was: the form offers what a site restore takes (list
/// views, subsites, master pages, permissions, versions), and the body carries them.
#[tokio::test]
async fn a_whole_site_is_restored_with_its_options() {
    let mut h = Harness::demo().await;
    new_session(&mut h, 2, false, false).await;
    h.key(KeyCode::Char('R')).await; // on the first site
    assert_eq!(h.app.screen(), Screen::Restore);
    sign_in_with_password(&mut h);
    let form = h.render(120, 40);
    assert!(
        form.contains("Restore site Finance")
            && form.contains("List views")
            && form.contains("Subsites")
            && form.contains("Master pages")
            && form.contains("Impersonate"),
        "{form}"
    );
    snap("restore_site_whole_form", &mut h);
    h.key(KeyCode::Enter).await;
    let confirm = h.render(120, 40);
    assert!(
        confirm.contains("list views: yes") && confirm.contains("subsites: yes"),
        "{confirm}"
    );
    snap("restore_site_whole_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    let body = sent_body(&h, "/restore");
    assert_eq!(body["restoreListViews"], true);
    assert_eq!(body["restoreSubsites"], true);
    assert_eq!(body["restoreMasterPages"], false);
    h.key(KeyCode::Char('t')).await;
    let tasks = h.render(80, 24);
    assert!(tasks.contains("restored"), "{tasks}");
}
