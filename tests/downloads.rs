//! Finding and taking copies inside an Exchange restore session, driven by keys against the
//! simulator: server search, marking, the save form, the download on disk, the Tasks page.

mod support;

use crossterm::event::KeyCode;
use support::harness::{Harness, mask_times};
use vb365_tui::app::pages::Screen;
use vb365_tui::app::pages::browse::BrowsePage;
use vb365_tui::app::pages::save::{SaveKey, SavePage};

/// The screen with what changes from run to run masked: times, the time in file names
/// (`-20261123-2030`), and a download's rate and elapsed time.
fn masked(h: &mut Harness, w: u16, ht: u16) -> String {
    let text = mask_times(h.render(w, ht));
    text.lines()
        .map(|line| {
            let mut line = mask_stamp(line);
            if let Some((bytes, _)) = line.split_once("/s · ").and_then(|(head, _)| {
                head.rsplit_once(" · ")
                    .map(|(b, r)| (b.to_string(), r.to_string()))
            }) {
                line = format!("{bytes} · RATE/s · TIME");
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// For pictures: the same masks, each keeping the line's length.
fn picture_mask(line: String) -> String {
    let line = mask_times(line);
    let line = mask_stamp(&line).replace("-YYYYMMDD-HHMM", "-99999999-9999");
    match line.split_once("/s · ") {
        // "…KB · <rate>/s · <time>": rate and time have fixed widths on the Tasks page.
        Some((head, time)) => match head.rsplit_once(" · ") {
            Some((bytes, rate)) => {
                let shown = time.trim_end();
                let after = &time[shown.len()..];
                format!(
                    "{bytes} · {:>w$}/s · {:>t$}{after}",
                    "9.9 MB",
                    "9 s",
                    w = rate.chars().count(),
                    t = shown.chars().count()
                )
            }
            None => line.clone(),
        },
        None => line,
    }
}

/// `-YYYYMMDD-HHMM` in file names, as the save form proposes them.
fn mask_stamp(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let window: String = chars[i..chars.len().min(i + 14)].iter().collect();
        let is_stamp = window.len() == 14
            && window.starts_with('-')
            && window[1..9].chars().all(|c| c.is_ascii_digit())
            && window.as_bytes()[9] == b'-'
            && window[10..14].chars().all(|c| c.is_ascii_digit());
        if is_stamp {
            out.push_str("-YYYYMMDD-HHMM");
            i += 14;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn snap(name: &str, h: &mut Harness) {
    for (w, ht) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{ht}"), masked(h, w, ht));
    }
}

async fn loaded(h: &mut Harness) {
    h.pump_until("the level's first page", |a| {
        a.find::<BrowsePage>()
            .is_some_and(|b| b.list.loaded() > 0 || b.list.error().is_some())
    })
    .await;
}

/// Signed in, a new Exchange session on contoso, its mailboxes, Adele Vance's folders.
async fn adele_folders(h: &mut Harness) {
    h.reach_home().await;
    h.key(KeyCode::Enter).await; // Organizations
    h.key(KeyCode::Enter).await; // contoso's details
    h.key(KeyCode::Char('x')).await;
    h.key(KeyCode::Enter).await; // start the session
    h.key(KeyCode::Char('b')).await;
    loaded(h).await;
    h.key(KeyCode::Enter).await; // Adele Vance
    loaded(h).await;
    assert!(h.render(80, 24).contains("Adele Vance › Folders"));
}

/// Downloads go to `target/<name>`, emptied first.
fn download_dir(h: &mut Harness, name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from("target").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    h.app.shared.start.download_dir = dir.clone();
    dir
}

/// Signed in, a new restore session on contoso of the type `kind` steps right of Exchange
/// (showing deleted items, all versions, when asked), and its first level loaded.
async fn new_session(h: &mut Harness, kind: usize, show_deleted: bool, all_versions: bool) {
    h.reach_home().await;
    h.key(KeyCode::Enter).await; // Organizations
    h.key(KeyCode::Enter).await; // contoso's details
    h.key(KeyCode::Char('x')).await;
    for _ in 0..kind {
        h.key(KeyCode::Right).await;
    }
    // Past the type and the time to the two toggles.
    h.key(KeyCode::Tab).await;
    h.key(KeyCode::Tab).await;
    if show_deleted {
        h.key(KeyCode::Right).await;
    }
    h.key(KeyCode::Tab).await;
    if all_versions {
        h.key(KeyCode::Right).await;
    }
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('b')).await;
    loaded(h).await;
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
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char(' ')).await;
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
    h.key(KeyCode::Tab).await;
    h.key(KeyCode::Right).await;
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
    h.key(KeyCode::Char('s')).await;
    h.key(KeyCode::Tab).await;
    h.key(KeyCode::Right).await;
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
    h.picture("search_results", 80, 24, true);
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
    h.key(KeyCode::Down).await;
    h.key(KeyCode::Down).await;
    h.key(KeyCode::Enter).await;
    let details = h.render(80, 24);
    for word in ["Size", "Version", "Modified", "Created"] {
        assert!(details.contains(word), "{word}: {details}");
    }
    snap("document_details", &mut h);
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('v')).await;
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
    h.key(KeyCode::Down).await;
    h.key(KeyCode::Char('v')).await;
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
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Home).await;
    h.key(KeyCode::Enter).await; // the Contracts folder
    loaded(&mut h).await;
    assert!(h.render(80, 24).contains("› Contracts › Files"));
    h.key(KeyCode::Down).await;
    h.key(KeyCode::Down).await; // past the 2025 folder to a document
    let b = h.app.find::<BrowsePage>().unwrap();
    let name = b.list.selected_row().unwrap().title().to_string();
    h.key(KeyCode::Char('s')).await;
    h.key(KeyCode::Enter).await;
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
    h.key(KeyCode::End).await;
    h.key(KeyCode::Char('v')).await;
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
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char('s')).await;
    let form = h.render(80, 24);
    assert!(form.contains("2 attachments of"), "{form}");
    name_it(&mut h, "attachments.zip");
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 3).await;
    let body = std::fs::read(dir.join("attachments.zip")).unwrap();
    assert_eq!(support::file_kind(&body), Some("ZIP"));
    h.key(KeyCode::Esc).await;
    // A search of the whole site finds documents and list items.
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('S')).await;
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
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Down).await;
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
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char('s')).await;
    let form = h.render(80, 24);
    assert!(form.contains("2 files from"), "{form}");
    name_it(&mut h, "two.zip");
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 2).await;
    let body = std::fs::read(dir.join("two.zip")).unwrap();
    assert_eq!(support::file_kind(&body), Some("ZIP"));
    // Its tabs.
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Down).await;
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

#[tokio::test]
async fn teams_are_searched_for_posts_files_and_tabs_and_what_is_found_is_saved() {
    let mut h = Harness::demo().await;
    new_session(&mut h, 3, false, true).await;
    let dir = download_dir(&mut h, "flow-teams-search");
    // Every team's posts: v8 names each post's team, so one found post is saved.
    h.key(KeyCode::Char('S')).await;
    h.type_text("budget").await;
    let typing = h.render(80, 24);
    assert!(
        typing.contains("Search posts of every team: budget"),
        "{typing}"
    );
    assert!(typing.contains("Tab posts/files/tabs"), "{typing}");
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let found = h.render(80, 24);
    assert!(found.contains("search “budget” › Found"), "{found}");
    assert!(found.contains("Quarterly budget review"), "{found}");
    snap("teams_search_posts", &mut h);
    h.key(KeyCode::Char('s')).await;
    let form = h.render(80, 24);
    assert!(form.contains("“Quarterly budget review”"), "{form}");
    name_it(&mut h, "found.msg");
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 1).await;
    let body = std::fs::read(dir.join("found.msg")).unwrap();
    assert_eq!(support::file_kind(&body), Some("MSG"));
    // A channel's files: Tab turns the search to files, then to tabs.
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Enter).await; // Finance Team
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await; // General
    loaded(&mut h).await;
    h.key(KeyCode::Char('S')).await;
    h.key(KeyCode::Tab).await;
    h.type_text("budget").await;
    let typing = h.render(80, 24);
    assert!(
        typing.contains("Search files of Finance Team › General: budget"),
        "{typing}"
    );
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let files = h.render(80, 24);
    assert!(files.contains("Budget"), "{files}");
    snap("teams_search_files", &mut h);
    // Two found files of one channel are saved together in a ZIP.
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char('s')).await;
    let form = h.render(80, 24);
    assert!(form.contains("2 files from"), "{form}");
    name_it(&mut h, "found.zip");
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 2).await;
    let body = std::fs::read(dir.join("found.zip")).unwrap();
    assert_eq!(support::file_kind(&body), Some("ZIP"));
    // v: the versions of the file under the cursor (the fourth, in its second version),
    // newest first.
    h.key(KeyCode::Down).await;
    h.key(KeyCode::Char('v')).await;
    loaded(&mut h).await;
    let versions = h.render(80, 24);
    assert!(versions.contains("› Versions"), "{versions}");
    snap("teams_file_versions", &mut h);
    h.key(KeyCode::Char('s')).await;
    assert!(
        h.render(80, 24)
            .contains("Only a Teams file's current version is saved")
    );
    // Tabs, from the channel's own level.
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('S')).await;
    h.key(KeyCode::Tab).await;
    h.key(KeyCode::Tab).await;
    // The level keeps its last query: it is cleared first.
    for _ in 0.."budget".len() {
        h.key(KeyCode::Backspace).await;
    }
    h.type_text("wiki").await;
    let typing = h.render(80, 24);
    assert!(
        typing.contains("Search tabs of Finance Team › General: wiki"),
        "{typing}"
    );
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let tabs = h.render(80, 24);
    assert!(tabs.contains("Wiki") && tabs.contains("[wiki]"), "{tabs}");
    h.key(KeyCode::Char('s')).await;
    assert!(h.render(80, 24).contains("Tabs are links"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A download cancelled from the Tasks page says "cancelling" until it has stopped, then
/// "cancelled", and leaves nothing in the folder.
#[tokio::test]
async fn a_cancelled_download_ends_cancelled_and_leaves_nothing() {
    use vb365_tui::sim::{Fault, FaultKind};
    let mut h = Harness::demo().await;
    let dir = download_dir(&mut h, "flow-cancel");
    adele_folders(&mut h).await;
    // The export never answers: only the cancel ends it.
    h.sim.sim.faults.add(Fault {
        path: "/exporttopst".into(),
        method: Some("POST".into()),
        kind: FaultKind::Hang,
        times: Some(1),
    });
    h.key(KeyCode::Char('s')).await;
    name_it(&mut h, "inbox.pst");
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('t')).await;
    assert_eq!(h.app.shared.tasks.running(), 1);
    h.key(KeyCode::Char('c')).await;
    let asked = h.render(80, 24);
    assert!(asked.contains("cancelling"), "{asked}");
    h.pump_until("the download to stop", |a| a.shared.tasks.running() == 0)
        .await;
    let ended = h.render(80, 24);
    assert!(ended.contains("cancelled"), "{ended}");
    assert!(
        ended.contains("Cancelled inbox.pst; the partial file is deleted."),
        "{ended}"
    );
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Two marked mail items restored to where they were: R opens the form, Enter with no
/// device code gets one right there, its use leads to the confirmation, and Enter sends the
/// restore once; the Tasks page ends with the counts.
#[tokio::test]
async fn marked_items_are_restored_with_a_device_code_got_right_there() {
    use vb365_tui::app::pages::restore::RestorePage;
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char('R')).await;
    assert_eq!(h.app.screen(), Screen::Restore);
    let form = h.render(80, 24);
    assert!(
        form.contains("Restore 2 items from Adele Vance › Inbox")
            && form.contains("Restore to           ◂ where it was ▸"),
        "{form}"
    );
    snap("restore_form", &mut h);
    h.picture("restore_form", 80, 24, false);
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
    h.picture("restore_confirm", 80, 24, false);
    let sent = |h: &Harness| h.sim.sim.request_count(Some("POST"), "/items/restore");
    assert_eq!(sent(&h), 0, "nothing sent before Enter");
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Browse, "back where it was");
    h.pump_until("the restore to end", |a| {
        a.shared.tasks.len() == 1 && a.shared.tasks.running() == 0
    })
    .await;
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
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('R')).await;
    let again = h.render(80, 24);
    assert!(again.contains(&code), "{again}");
}

/// A OneDrive document restored to where it was with a user name and password: the form
/// offers what happens to a document that is there, and the confirmation says it.
#[tokio::test]
async fn a_onedrive_document_is_restored_keeping_the_one_that_is_there() {
    use vb365_tui::app::pages::restore::{RestoreKey, RestorePage};
    let mut h = Harness::demo().await;
    new_session(&mut h, 1, false, false).await;
    h.key(KeyCode::Enter).await; // the first OneDrive
    loaded(&mut h).await;
    h.key(KeyCode::End).await; // a document, past the folders
    h.key(KeyCode::Char('R')).await;
    assert_eq!(h.app.screen(), Screen::Restore);
    let page = h.app.find_mut::<RestorePage>().unwrap();
    page.form.get_mut(RestoreKey::Existing).choice = 1;
    page.form.get_mut(RestoreKey::Credential).choice = 2;
    page.form.get_mut(RestoreKey::User).input = tui_input::Input::new("restore@contoso.com".into());
    page.form.get_mut(RestoreKey::Password).input = tui_input::Input::new("pw".into());
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
    h.pump_until("the restore to end", |a| {
        a.shared.tasks.len() == 1 && a.shared.tasks.running() == 0
    })
    .await;
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
    use vb365_tui::app::pages::restore::{RestoreKey, RestorePage};
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
    let page = h.app.find_mut::<RestorePage>().unwrap();
    page.form.get_mut(RestoreKey::Credential).choice = 2;
    page.form.get_mut(RestoreKey::User).input = tui_input::Input::new("restore@contoso.com".into());
    page.form.get_mut(RestoreKey::Password).input = tui_input::Input::new("pw".into());
    h.key(KeyCode::Enter).await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("the same team and channel") && confirm.contains("the channel's posts"),
        "{confirm}"
    );
    snap("restore_post_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    h.pump_until("the restore to end", |a| {
        a.shared.tasks.len() == 1 && a.shared.tasks.running() == 0
    })
    .await;
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
    use vb365_tui::app::pages::restore::{RestoreKey, RestorePage};
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char(' ')).await;
    h.key(KeyCode::Char('R')).await;
    let page = h.app.find_mut::<RestorePage>().unwrap();
    page.form.get_mut(RestoreKey::Target).choice = 1;
    page.form.get_mut(RestoreKey::Credential).choice = 2;
    page.form.get_mut(RestoreKey::User).input = tui_input::Input::new("restore@contoso.com".into());
    page.form.get_mut(RestoreKey::Password).input = tui_input::Input::new("pw".into());
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
    let page = h.app.find_mut::<RestorePage>().unwrap();
    page.form.get_mut(RestoreKey::TargetMailbox).input =
        tui_input::Input::new("megan.bowen@contoso.onmicrosoft.com".into());
    page.form.get_mut(RestoreKey::TargetFolder).input = tui_input::Input::new("Restored".into());
    h.key(KeyCode::Enter).await;
    let confirm = h.render(80, 24);
    assert!(
        confirm.contains("Restore to another mailbox?")
            && confirm.contains("mailbox megan.bowen@contoso.onmicrosoft.com, folder Restored"),
        "{confirm}"
    );
    snap("restore_elsewhere_confirm", &mut h);
    h.key(KeyCode::Enter).await;
    h.pump_until("the restore to end", |a| {
        a.shared.tasks.len() == 1 && a.shared.tasks.running() == 0
    })
    .await;
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
