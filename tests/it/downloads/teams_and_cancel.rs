use super::*;

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
    assert!(
        typing.contains("Tab keyword, or posts/files/tabs"),
        "{typing}"
    );
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
    h.press("S Tab").await;
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
    h.press("Space Space s").await;
    let form = h.render(80, 24);
    assert!(form.contains("2 files from"), "{form}");
    name_it(&mut h, "found.zip");
    h.key(KeyCode::Enter).await;
    until_saved(&mut h, 2).await;
    let body = std::fs::read(dir.join("found.zip")).unwrap();
    assert_eq!(support::file_kind(&body), Some("ZIP"));
    // v: the versions of the file under the cursor (the fourth, in its second version),
    // newest first.
    h.press("Down v").await;
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
    h.press("Esc Esc S Tab Tab").await;
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
    h.press("Enter t").await;
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
