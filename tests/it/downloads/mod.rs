//! Finding and taking copies inside an Exchange restore session, driven by keys against the
//! simulator: server search, marking, the save form, the download on disk, the Tasks page.

use crate::support;

use crossterm::event::KeyCode;
use support::browse::{adele_folders, download_dir, loaded, new_session, picture_mask};
use support::harness::Harness;
use vb365_tui::app::pages::Screen;
use vb365_tui::app::pages::browse::BrowsePage;
use vb365_tui::app::pages::save::{SaveKey, SavePage};

mod found;
mod search;
mod teams_and_cancel;

#[allow(unused_imports)]
use teams_and_cancel::*;

fn snap(name: &str, h: &mut Harness) {
    support::browse::snap_at("downloads", name, h, &[(80, 24), (120, 40)]);
}

fn name_it(h: &mut Harness, name: &str) {
    let page = h.app.find_mut::<SavePage>().unwrap();
    page.form.get_mut(SaveKey::Name).input = tui_input::Input::new(name.into());
}

async fn until_saved(h: &mut Harness, n: usize) {
    h.pump_until("the downloads to end", |a| {
        a.shared.tasks.len() == n && a.shared.tasks.running() == 0
    })
    .await;
}

#[tokio::test]
async fn marked_items_are_saved_to_a_file_and_the_tasks_page_follows_it() {
    let mut h = Harness::demo().await;
    // A folder named the same on every machine: it shows on screen and in the pictures.
    let dir = download_dir(&mut h, "flow-downloads");
    adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    h.press("Space Space").await;
    let marked = h.render(80, 24);
    assert!(
        marked.contains("2 selected") && marked.matches('●').count() == 2,
        "{marked}"
    );
    snap("items_marked", &mut h);

    h.key(KeyCode::Char('s')).await;
    assert_eq!(h.app.screen(), Screen::Save);
    let form = h.render(80, 24);
    assert!(form.contains("2 items from Adele Vance › Inbox"), "{form}");
    assert!(
        form.contains(&dir.display().to_string()),
        "the folder offered: {form}"
    );
    snap("save_form", &mut h);
    h.picture_with("save_form", 80, 24, &picture_mask);
    // MSG: several items arrive as one ZIP.
    h.press("Tab Right").await;
    let page = h.app.find::<SavePage>().unwrap();
    let proposed = page.form.get(SaveKey::Name).value().to_string();
    assert!(
        proposed.starts_with("Adele_Vance-2_items-") && proposed.ends_with(".zip"),
        "{proposed}"
    );
    snap("save_form_msg", &mut h);
    // A name of the operator's own, the same both times (a proposed name changes by the minute).
    let name = "adele-items.zip";
    name_it(&mut h, name);
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Browse, "back where it was");
    until_saved(&mut h, 1).await;
    let body = std::fs::read(dir.join(name)).unwrap();
    assert_eq!(support::file_kind(&body), Some("ZIP"));
    assert!(h.render(80, 24).contains(&format!("Saved {name}")));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir.join(name))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "a saved mailbox is its operator's alone");

    h.key(KeyCode::Char('t')).await;
    assert_eq!(h.app.screen(), Screen::Tasks);
    let tasks = h.render(80, 24);
    assert!(
        tasks.contains("saved") && tasks.contains("96.0 KB"),
        "{tasks}"
    );
    snap("tasks", &mut h);
    h.picture_with("tasks", 80, 24, &picture_mask);
    h.key(KeyCode::Esc).await;

    // The same name again: replaced only after a yes.
    h.press("s Tab Right").await;
    name_it(&mut h, name);
    h.key(KeyCode::Enter).await;
    let asked = h.render(80, 24);
    assert!(
        asked.contains("exists in") && asked.contains("Replace it?"),
        "{asked}"
    );
    snap("save_replace", &mut h);
    h.key(KeyCode::Char('y')).await;
    until_saved(&mut h, 2).await;
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "one file, replaced; no temporary file left");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_server_search_finds_items_in_one_round_trip_and_keeps_the_query_in_the_path() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Char('S')).await;
    h.type_text("board from:lee").await;
    let typing = h.render(80, 24);
    assert!(
        typing.contains("Search mailbox Adele Vance: board from:lee"),
        "{typing}"
    );
    snap("search_typing", &mut h);
    let before = h.sim.sim.request_count(Some("POST"), "/search");
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let found = h.render(80, 24);
    assert!(
        found.contains("Adele Vance › search “board from:lee” › Found"),
        "{found}"
    );
    let b = h.app.find::<BrowsePage>().unwrap();
    let titles: Vec<String> = (0..b.list.loaded())
        .filter_map(|i| b.list.row(i).map(|r| r.title().to_string()))
        .collect();
    assert!(!titles.is_empty() && titles.iter().all(|t| t.contains("Board deck")));
    assert_eq!(
        h.sim.sim.request_count(Some("POST"), "/search") - before,
        1,
        "the first screen after one round trip"
    );
    snap("search_results", &mut h);
    h.picture("search_results", 80, 24);
    // Esc: back to the folders, where the search started.
    h.key(KeyCode::Esc).await;
    assert!(h.render(80, 24).contains("Adele Vance › Folders"));
}

/// A folder of 10,000 items on a server that answers after 50 ms: the first screen comes
/// with the first answer (one round trip), and only the screen and one ahead are asked for.
#[tokio::test]
async fn a_folder_of_10000_items_shows_its_first_screen_after_one_round_trip() {
    let mut h = Harness::with_sim(
        vb365_tui::sim::SimConfig {
            latency: std::time::Duration::from_millis(50),
            ..Default::default()
        },
        vb365_tui::api::TrustMode::System,
        vb365_tui::config::Config::default(),
        None,
    )
    .await;
    adele_folders(&mut h).await;
    h.key(KeyCode::End).await; // Archive, the last folder
    let b = h.app.find::<BrowsePage>().unwrap();
    assert_eq!(b.list.selected_row().map(|r| r.title()), Some("Archive"));
    h.sim.sim.clear_journal();
    let started = std::time::Instant::now();
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let elapsed = started.elapsed();
    let screen = h.render(80, 24);
    assert!(screen.contains("Adele Vance › Archive › Items"), "{screen}");
    let shown = screen.lines().filter(|l| l.contains(" mail")).count();
    assert!(shown >= 18, "a full screen of items: {screen}");
    let asked: Vec<String> = h
        .sim
        .sim
        .journal()
        .into_iter()
        .filter(|e| e.path.ends_with("/items"))
        .map(|e| e.query)
        .collect();
    // The first request alone fills the screen; the second (sent with it) is the page ahead.
    assert!(asked.len() <= 2, "{asked:?}");
    let first: Vec<(String, String)> = serde_urlencoded::from_str(&asked[0]).unwrap();
    let get = |k: &str| {
        first
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.parse::<u64>().unwrap())
    };
    assert_eq!(get("offset"), Some(0));
    assert!(get("limit").unwrap() >= shown as u64, "{asked:?}");
    eprintln!(
        "10,000-item folder at 50 ms: first screen in {elapsed:?}, {} requests",
        asked.len()
    );
}

/// A OneDrive session: the OneDrive's folders and documents, a folder, a document's details
/// and versions, and one document saved under its own name.
#[tokio::test]
async fn a_onedrive_document_is_found_level_by_level_and_saved_as_it_is() {
    let mut h = Harness::demo().await;
    let dir = download_dir(&mut h, "flow-onedrive");
    new_session(&mut h, 1, false, false).await;
    assert!(h.render(80, 24).contains("OneDrives"));
    h.key(KeyCode::Enter).await; // Adele Vance's OneDrive
    loaded(&mut h).await;
    let top = h.render(80, 24);
    assert!(
        top.contains("Adele Vance › Files") && top.contains("folder]"),
        "{top}"
    );
    snap("onedrive_top", &mut h);
    // A server search of the whole OneDrive; Esc comes back here.
    h.key(KeyCode::Char('S')).await;
    h.type_text("budget").await;
    assert!(
        h.render(80, 24)
            .contains("Search OneDrive of Adele Vance: budget")
    );
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let found = h.render(80, 24);
    assert!(
        found.contains("Adele Vance › search “budget” › Found"),
        "{found}"
    );
    assert!(found.matches("Budget 2026.xlsx").count() >= 5, "{found}");
    snap("onedrive_search", &mut h);
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Enter).await; // the Documents folder
    loaded(&mut h).await;
    let folder = h.render(80, 24);
    assert!(
        folder.contains("Adele Vance › Documents › Files"),
        "{folder}"
    );
    // Down past the Projects folder to the second document (it has two versions).
    h.press("Down Down Enter").await;
    let details = h.render(80, 24);
    for word in ["Size", "Version", "Modified", "Created"] {
        assert!(details.contains(word), "{word}: {details}");
    }
    snap("document_details", &mut h);
    h.press("Esc v").await;
    loaded(&mut h).await;
    let versions = h.render(80, 24);
    assert!(versions.contains("› Versions"), "{versions}");
    // This session was not started with all versions: the newest alone, and a word on why.
    assert!(
        versions.contains("Only one version is listed"),
        "{versions}"
    );
    snap("document_versions", &mut h);
    h.key(KeyCode::Esc).await;
    let b = h.app.find::<BrowsePage>().unwrap();
    let name = b.list.selected_row().unwrap().title().to_string();
    h.key(KeyCode::Char('s')).await;
    let page = h.app.find::<SavePage>().unwrap();
    assert_eq!(
        page.form.get(SaveKey::Name).value(),
        name,
        "a document keeps its name"
    );
    snap("save_document", &mut h);
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 1).await;
    let saved = std::fs::read(dir.join(&name)).unwrap();
    assert!(!saved.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A SharePoint session: a site's libraries, lists and subsites; a library's folders and
/// documents; a list's items and an item's versions; a search of the site; a library saved.
#[tokio::test]
async fn a_sharepoint_document_and_list_item_are_found_level_by_level() {
    let mut h = Harness::demo().await;
    let dir = download_dir(&mut h, "flow-sharepoint");
    new_session(&mut h, 2, false, true).await;
    assert!(h.render(80, 24).contains("Sites"));
    h.key(KeyCode::Enter).await; // Finance
    loaded(&mut h).await;
    let site = h.render(80, 24);
    assert!(
        site.contains("Finance › Site")
            && site.contains("Document libraries")
            && site.contains("Subsites"),
        "{site}"
    );
    snap("site_parts", &mut h);
    h.key(KeyCode::Enter).await; // Document libraries
    loaded(&mut h).await;
    assert!(h.render(80, 24).contains("Site Assets"));
    h.key(KeyCode::Enter).await; // Documents
    loaded(&mut h).await;
    let library = h.render(80, 24);
    assert!(
        library.contains("Finance › Documents › Files") && library.contains("Contracts"),
        "{library}"
    );
    snap("library_files", &mut h);
    // The whole library is one of the things s offers.
    h.key(KeyCode::Char('s')).await;
    let words: Vec<String> = h
        .app
        .find::<SavePage>()
        .unwrap()
        .choices
        .iter()
        .map(|c| c.words.clone())
        .collect();
    assert_eq!(words, ["folder Contracts", "library Documents"]);
    h.key(KeyCode::Esc).await;
    // v on a folder (Policies, in its second version): its versions, newest first; one is
    // saved as a ZIP.
    h.press("Down v").await;
    loaded(&mut h).await;
    let versions = h.render(80, 24);
    assert!(
        versions.contains("› Policies › Versions") && versions.contains("v1.0"),
        "{versions}"
    );
    snap("folder_versions", &mut h);
    h.key(KeyCode::Char('s')).await;
    let form = h.render(80, 24);
    assert!(form.contains("Policies version 2.0"), "{form}");
    name_it(&mut h, "policies-version.zip");
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 1).await;
    let body = std::fs::read(dir.join("policies-version.zip")).unwrap();
    assert_eq!(support::file_kind(&body), Some("ZIP"));
    h.press("Esc Home").await;
    h.key(KeyCode::Enter).await; // the Contracts folder
    loaded(&mut h).await;
    assert!(h.render(80, 24).contains("› Contracts › Files"));
    h.key(KeyCode::Down).await;
    h.key(KeyCode::Down).await; // past the 2025 folder to a document
    let b = h.app.find::<BrowsePage>().unwrap();
    let name = b.list.selected_row().unwrap().title().to_string();
    h.press("s Enter").await;
    until_saved(&mut h, 2).await;
    assert!(
        !std::fs::read(dir.join(&name)).unwrap().is_empty(),
        "{name}"
    );
    // Up to the site, into its lists: an issue tracker's items with their titles.
    for _ in 0..3 {
        h.key(KeyCode::Esc).await;
    }
    h.key(KeyCode::Down).await;
    h.key(KeyCode::Enter).await; // Lists
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // Issue tracker
    loaded(&mut h).await;
    let items = h.render(80, 24);
    assert!(
        items.contains("Finance › Issue tracker › List items")
            && items.contains("Printer on floor 3 jams"),
        "{items}"
    );
    snap("list_items", &mut h);
    h.press("End v").await;
    loaded(&mut h).await;
    assert!(h.render(80, 24).contains("› Versions"));
    h.key(KeyCode::Esc).await;
    // A list item is not a file: s says so instead of offering a save.
    h.key(KeyCode::Char('s')).await;
    assert!(h.app.find::<SavePage>().is_none());
    assert!(h.render(80, 24).contains("a shows an item's attachments"));
    // a: the attachments of the third item (past the Open and Closed folders); both are
    // saved together in a ZIP.
    h.key(KeyCode::Home).await;
    for _ in 0..4 {
        h.key(KeyCode::Down).await;
    }
    h.key(KeyCode::Char('a')).await;
    loaded(&mut h).await;
    let attachments = h.render(80, 24);
    assert!(attachments.contains("› Attachments"), "{attachments}");
    snap("item_attachments", &mut h);
    h.press("Space Space s").await;
    let form = h.render(80, 24);
    assert!(form.contains("2 attachments of"), "{form}");
    name_it(&mut h, "attachments.zip");
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 3).await;
    let body = std::fs::read(dir.join("attachments.zip")).unwrap();
    assert_eq!(support::file_kind(&body), Some("ZIP"));
    h.key(KeyCode::Esc).await;
    // A search of the whole site finds documents and list items.
    h.press("Esc Esc S").await;
    h.type_text("budget").await;
    assert!(h.render(80, 24).contains("Search site Finance: budget"));
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let found = h.render(80, 24);
    assert!(
        found.contains("Finance › search “budget” › Found") && found.contains("Budget 2026.xlsx"),
        "{found}"
    );
    snap("site_search", &mut h);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A Teams session that shows deleted items: a team's channels, a channel's posts with the
/// deleted ones marked, and a deleted post's details.
#[tokio::test]
async fn a_teams_channel_lists_its_posts_with_the_deleted_ones_marked() {
    let mut h = Harness::demo().await;
    new_session(&mut h, 3, true, false).await;
    h.key(KeyCode::Enter).await; // the first team
    loaded(&mut h).await;
    let channels = h.render(80, 24);
    assert!(
        channels.contains("› Channels") && channels.contains("General"),
        "{channels}"
    );
    snap("team_channels", &mut h);
    // The team's posts searched on the server.
    h.key(KeyCode::Char('S')).await;
    h.type_text("budget").await;
    assert!(
        h.render(80, 24)
            .contains("Search posts of team Finance Team: budget")
    );
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let found = h.render(80, 24);
    assert!(
        found.contains("Finance Team › search “budget” › Found"),
        "{found}"
    );
    assert!(found.contains("Quarterly budget review"), "{found}");
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Enter).await; // General
    loaded(&mut h).await;
    let parts = h.render(80, 24);
    assert!(
        parts.contains("› General › Channel") && parts.contains("Tabs"),
        "{parts}"
    );
    snap("channel_parts", &mut h);
    h.key(KeyCode::Enter).await; // Posts
    loaded(&mut h).await;
    let posts = h.render(80, 24);
    assert!(
        posts.contains("› General › Posts") && posts.contains("DELETED"),
        "{posts}"
    );
    snap("channel_posts", &mut h);
    for _ in 0..6 {
        h.key(KeyCode::Down).await;
    }
    h.key(KeyCode::Enter).await;
    let details = h.render(80, 24);
    assert!(
        details.contains("Deleted in Teams") && details.contains("Posted"),
        "{details}"
    );
    snap("deleted_post", &mut h);
    // Saved as an MSG file, or the whole channel in a ZIP.
    h.key(KeyCode::Esc).await;
    let dir = download_dir(&mut h, "flow-posts");
    h.key(KeyCode::Char('s')).await;
    let form = h.render(80, 24);
    assert!(
        form.contains("“Lunch on Friday?” from Finance Team › General"),
        "{form}"
    );
    assert!(form.contains("MSG"), "{form}");
    name_it(&mut h, "lunch.msg");
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 1).await;
    let body = std::fs::read(dir.join("lunch.msg")).unwrap();
    assert_eq!(support::file_kind(&body), Some("MSG"));
    // The channel's files: a folder opens, a file is saved as it is, marked ones in a ZIP.
    h.press("Esc Down").await;
    h.key(KeyCode::Enter).await; // Files
    loaded(&mut h).await;
    let files = h.render(80, 24);
    assert!(
        files.contains("› General › Files") && files.contains("Meeting recordings"),
        "{files}"
    );
    snap("channel_files", &mut h);
    h.key(KeyCode::Enter).await; // Meeting recordings
    loaded(&mut h).await;
    assert!(h.render(80, 24).contains("› Meeting recordings › Files"));
    h.press("Space Space s").await;
    let form = h.render(80, 24);
    assert!(form.contains("2 files from"), "{form}");
    name_it(&mut h, "two.zip");
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 2).await;
    let body = std::fs::read(dir.join("two.zip")).unwrap();
    assert_eq!(support::file_kind(&body), Some("ZIP"));
    // Its tabs.
    h.press("Esc Esc Down").await;
    h.key(KeyCode::Enter).await; // Tabs
    loaded(&mut h).await;
    let tabs = h.render(80, 24);
    assert!(
        tabs.contains("› General › Tabs") && tabs.contains("Planner"),
        "{tabs}"
    );
    snap("channel_tabs", &mut h);
    std::fs::remove_dir_all(&dir).unwrap();
}
