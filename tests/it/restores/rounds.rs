//! Restores that differ only in what is restored, how the form is filled and what the body
//! carries: each is a row ([`Round`]) walked by one [`run`] — reach the level, R, fill the
//! form, check it (and what it refuses), confirm, send, check the body and the Tasks page.

use super::*;
use serde_json::{Value, json};
use vb365_tui::api::Opt;

/// Where the walk starts: Adele Vance's folders, or a new restore session of a kind (0
/// Exchange, 1 OneDrive, 2 SharePoint, 3 Teams), with deleted items shown or not.
pub(super) enum Start {
    AdeleFolders,
    Session { kind: usize, show_deleted: bool },
}

/// What the operator does on the restore form.
pub(super) enum Step {
    Choose(RestoreKey, usize),
    Fill(RestoreKey, &'static str),
    TurnOn(RestoreKey),
    /// Signs in with a user name and password (the quickest to type).
    Password,
    Keys(&'static str),
}

pub(super) struct Round {
    pub start: Start,
    /// Keys that open a level, each followed by waiting for its first page.
    pub open: &'static [&'static str],
    /// Keys that move and mark before R.
    pub mark: &'static str,
    /// What the level shows before R.
    pub level_has: &'static [&'static str],
    pub fill: &'static [Step],
    /// The size the form is read at, what it shows and what it does not, and its snapshot.
    pub form_size: (u16, u16),
    pub form_has: &'static [&'static str],
    pub form_lacks: &'static [&'static str],
    pub form_snap: Option<&'static str>,
    /// Enter refuses the form with this message; these steps put it right.
    pub refused: Option<(&'static str, &'static [Step])>,
    pub confirm_size: (u16, u16),
    pub confirm_has: &'static [&'static str],
    pub confirm_snap: Option<&'static str>,
    /// The confirmation's picture for the README.
    pub confirm_picture: Option<&'static str>,
    /// The request whose path ends so, and what its body must say.
    pub sent: (&'static str, fn(&Value)),
    /// What the Tasks page shows at the end (empty: not looked at).
    pub tasks_has: &'static [&'static str],
}

fn step(h: &mut Harness, s: &Step) -> Option<&'static str> {
    match s {
        Step::Choose(k, n) => choose(h, *k, *n),
        Step::Fill(k, text) => fill(h, *k, text),
        Step::TurnOn(k) => turn_on(h, *k),
        Step::Password => sign_in_with_password(h),
        Step::Keys(keys) => return Some(keys),
    }
    None
}

async fn steps(h: &mut Harness, all: &[Step]) {
    for s in all {
        if let Some(keys) = step(h, s) {
            h.press(keys).await;
        }
    }
}

fn shows(h: &mut Harness, (w, ht): (u16, u16), has: &[&str], lacks: &[&str]) {
    let screen = h.render(w, ht);
    for text in has {
        assert!(screen.contains(text), "{text:?} not in:\n{screen}");
    }
    for text in lacks {
        assert!(!screen.contains(text), "{text:?} in:\n{screen}");
    }
}

/// Walks one round to its end and hands the harness back (a test may go on from there).
pub(super) async fn run(r: Round) -> Harness {
    let mut h = Harness::demo().await;
    match r.start {
        Start::AdeleFolders => adele_folders(&mut h).await,
        Start::Session { kind, show_deleted } => {
            new_session(&mut h, kind, show_deleted, false).await
        }
    }
    for keys in r.open {
        h.press(keys).await;
        loaded(&mut h).await;
    }
    h.press(r.mark).await;
    shows(&mut h, (80, 24), r.level_has, &[]);
    h.press("R").await;
    assert_eq!(h.app.screen(), Screen::Restore);
    steps(&mut h, r.fill).await;
    shows(&mut h, r.form_size, r.form_has, r.form_lacks);
    if let Some(name) = r.form_snap {
        snap(name, &mut h);
    }
    if let Some((message, fix)) = r.refused {
        h.key(KeyCode::Enter).await;
        shows(&mut h, r.form_size, &[message], &[]);
        steps(&mut h, fix).await;
    }
    h.key(KeyCode::Enter).await;
    shows(&mut h, r.confirm_size, r.confirm_has, &[]);
    if let Some(name) = r.confirm_snap {
        snap(name, &mut h);
    }
    if let Some(name) = r.confirm_picture {
        h.picture(name, 80, 24);
    }
    h.key(KeyCode::Enter).await;
    until_done(&mut h, 1).await;
    let (tail, check) = r.sent;
    check(&sent_body(&h, tail));
    if !r.tasks_has.is_empty() {
        h.key(KeyCode::Char('t')).await;
        shows(&mut h, (80, 24), r.tasks_has, &[]);
    }
    h
}

/// Nothing refused, nothing to look at: the defaults of a row.
pub(super) const ROUND: Round = Round {
    start: Start::AdeleFolders,
    open: &[],
    mark: "",
    level_has: &[],
    fill: &[Step::Password],
    form_size: (80, 24),
    form_has: &[],
    form_lacks: &[],
    form_snap: None,
    refused: None,
    confirm_size: (80, 24),
    confirm_has: &[],
    confirm_snap: None,
    confirm_picture: None,
    sent: ("/restore", |_| {}),
    tasks_has: &[],
};

/// A OneDrive document restored to where it was with a user name and password: the form
/// offers what happens to a document that is there, and the confirmation says it.
#[tokio::test]
async fn a_onedrive_document_is_restored_keeping_the_one_that_is_there() {
    run(Round {
        start: Start::Session {
            kind: 1,
            show_deleted: false,
        },
        open: &["Enter"], // the first OneDrive
        mark: "End",      // a document, past the folders
        fill: &[
            Step::Choose(RestoreKey::Opt(Opt::DocumentAction), 1),
            Step::Password,
        ],
        form_has: &["A document there", "keep it and add the restored one"],
        form_snap: Some("restore_document_form"),
        confirm_has: &[
            "the same OneDrive and folder",
            "a document that is there is kept",
        ],
        sent: ("/restore", |body| {
            assert_eq!(body["documentAction"], "Keep");
            assert_eq!(body["userName"], "restore@contoso.com");
        }),
        tasks_has: &["1 of 1 restored"],
        ..ROUND
    })
    .await;
}

/// A deleted Teams post restored to its channel: the API restores posts by channel and
/// time, so the form names the time it covers.
#[tokio::test]
async fn a_deleted_teams_post_is_restored_to_its_channel() {
    run(Round {
        start: Start::Session {
            kind: 3,
            show_deleted: true,
        },
        open: &["Enter", "Enter", "Enter"], // Finance Team, General, Posts
        mark: "Down Down Down Down Down Down",
        level_has: &["DELETED"],
        confirm_has: &[
            "the same team and channel",
            "posts of Finance Team › General from 2026-11-30 11:27 to 11:27",
            "marked; others posted in that time are restored too)",
        ],
        confirm_snap: Some("restore_post_confirm"),
        sent: ("/posts/restore", |body| {
            assert_eq!(body["from"], body["to"], "one post's time");
        }),
        tasks_has: &["1 of 1 restored"],
        ..ROUND
    })
    .await;
}

/// Two mail items restored to another mailbox and folder (`restoreTo`): the form asks for
/// the mailbox before anything is sent, and the confirmation names the target.
#[tokio::test]
async fn marked_items_are_restored_to_another_mailbox() {
    run(Round {
        open: &["Enter"], // Inbox
        mark: "Space Space",
        fill: &[Step::Choose(RestoreKey::ItemsTarget, 1), Step::Password],
        form_size: (120, 40),
        form_has: &["Mailbox", "Skip drafts"],
        form_snap: Some("restore_elsewhere_form"),
        // No mailbox named: nothing is sent, and the field says why.
        refused: Some((
            "Name the mailbox to restore to.",
            &[
                Step::Fill(
                    RestoreKey::TargetMailbox,
                    "megan.bowen@contoso.onmicrosoft.com",
                ),
                Step::Fill(RestoreKey::TargetFolder, "Restored"),
            ],
        )),
        confirm_has: &[
            "Restore to another mailbox?",
            "mailbox megan.bowen@contoso.onmicrosoft.com, folder Restored",
        ],
        confirm_snap: Some("restore_elsewhere_confirm"),
        sent: ("/items/restoreTo", |body| {
            assert_eq!(body["mailbox"], "megan.bowen@contoso.onmicrosoft.com");
            assert_eq!(body["folder"], "Restored");
        }),
        ..ROUND
    })
    .await;
}

/// A OneDrive document copied to another OneDrive (`copyTo`): the form asks for the
/// OneDrive before anything is sent, offers the versions instead of what to do with the one
/// there, and the confirmation names the copy's place.
#[tokio::test]
async fn a_onedrive_document_is_copied_to_another_onedrive() {
    run(Round {
        start: Start::Session {
            kind: 1,
            show_deleted: false,
        },
        open: &["Enter"], // the first OneDrive
        mark: "End",      // a document, past the folders
        // Down to "Restore to", then right: a copy in another OneDrive.
        fill: &[Step::Keys("Down Right"), Step::Password],
        form_size: (120, 40),
        form_has: &["a copy in another OneDrive", "OneDrive", "The last version"],
        form_lacks: &["A document there"],
        form_snap: Some("restore_copy_form"),
        refused: Some((
            "Name the OneDrive to copy to: its URL or its owner's name.",
            &[
                Step::Fill(RestoreKey::TargetOneDrive, "Megan Bowen"),
                Step::Fill(RestoreKey::TargetFolder, "Restored"),
                Step::Choose(RestoreKey::TargetRegion, 1),
            ],
        )),
        confirm_has: &[
            "Copy to another OneDrive?",
            "a copy in the OneDrive Megan Bowen, folder Restored (Worldwide)",
        ],
        confirm_snap: Some("restore_copy_confirm"),
        confirm_picture: Some("restore_copy_confirm"),
        sent: ("/copyTo", |body| {
            assert_eq!(body["onedrive"], json!({"name": "Megan Bowen"}));
            assert_eq!(body["folder"], "Restored");
            assert_eq!(body["officeRegion"], "Worldwide");
            assert_eq!(body["documentVersion"], "Last");
            assert!(body.get("documentAction").is_none(), "{body}");
        }),
        tasks_has: &["1 of 1 restored"],
        ..ROUND
    })
    .await;
}

/// Two SharePoint documents restored to another site (`restoreTo`): the site's address is
/// checked on the form, and the body names it with the library.
#[tokio::test]
async fn sharepoint_documents_are_restored_to_another_site() {
    run(Round {
        start: Start::Session {
            kind: 2,
            show_deleted: false,
        },
        open: &["Enter", "Enter", "Enter"], // Finance, Document libraries, Documents
        mark: "End Space Up Up Space",
        fill: &[
            Step::Choose(RestoreKey::SiteTarget, 1),
            Step::Fill(
                RestoreKey::TargetSite,
                "contoso.sharepoint.com/sites/archive",
            ),
            Step::Password,
        ],
        form_size: (120, 40),
        form_has: &["another site", "Library or list"],
        form_lacks: &["Permissions"],
        form_snap: Some("restore_site_form"),
        refused: Some((
            "Type the site's address, https://",
            &[
                Step::Fill(
                    RestoreKey::TargetSite,
                    "https://contoso.sharepoint.com/sites/archive",
                ),
                Step::Fill(RestoreKey::TargetList, "Restored"),
            ],
        )),
        confirm_has: &[
            "Restore to another site?",
            "To        the site https://contoso.sharepoint.com/sites/archive, library or",
            "          list Restored",
        ],
        confirm_snap: Some("restore_site_confirm"),
        sent: ("/Documents/restoreTo", |body| {
            assert_eq!(
                body["siteURL"],
                "https://contoso.sharepoint.com/sites/archive"
            );
            assert_eq!(body["list"], "Restored");
            assert_eq!(body["documents"].as_array().map(Vec::len), Some(2));
            assert!(body.get("restorePermissions").is_none(), "{body}");
        }),
        tasks_has: &["2 of 2 restored"],
        ..ROUND
    })
    .await;
}

/// A whole site restored where it was: the form offers what a site restore takes (list
/// views, subsites, master pages, permissions, versions), and the body carries them.
#[tokio::test]
async fn a_whole_site_is_restored_with_its_options() {
    run(Round {
        start: Start::Session {
            kind: 2,
            show_deleted: false,
        },
        form_size: (120, 40),
        form_has: &[
            "Restore site Finance",
            "List views",
            "Subsites",
            "Master pages",
            "Impersonate",
        ],
        form_snap: Some("restore_site_whole_form"),
        confirm_size: (120, 40),
        confirm_has: &["list views: yes", "subsites: yes"],
        confirm_snap: Some("restore_site_whole_confirm"),
        sent: ("/restore", |body| {
            assert_eq!(body["restoreListViews"], true);
            assert_eq!(body["restoreSubsites"], true);
            assert_eq!(body["restoreMasterPages"], false);
        }),
        tasks_has: &["restored"],
        ..ROUND
    })
    .await;
}
