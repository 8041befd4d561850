//! Inside a restore session, for flow tests: screens with what changes from run to run
//! masked, and the way to a level (a new session of a kind, Adele Vance's folders).

use crossterm::event::KeyCode;
use vb365_tui::app::pages::browse::BrowsePage;

use super::harness::Harness;

/// The screen with what a download measures masked: its rate and elapsed time, which depend
/// on how fast this machine is (times of day need nothing: the clock is fixed).
pub fn masked(h: &mut Harness, w: u16, ht: u16) -> String {
    h.render(w, ht)
        .lines()
        .map(|line| {
            match line
                .split_once("/s · ")
                .and_then(|(head, _)| head.rsplit_once(" · "))
            {
                Some((bytes, _)) => format!("{bytes} · RATE/s · TIME"),
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The masked screen at each size, as the snapshot `{subject}__{name}_{w}x{h}`.
pub fn snap_at(subject: &str, name: &str, h: &mut Harness, sizes: &[(u16, u16)]) {
    for &(w, ht) in sizes {
        super::snapshot(subject, &format!("{name}_{w}x{ht}"), masked(h, w, ht));
    }
}

/// The sizes the narrowest screens are checked at.
pub const SMALL: [(u16, u16); 2] = [(60, 20), (80, 24)];

/// For pictures: the same mask, keeping the line's length.
pub fn picture_mask(line: String) -> String {
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

pub async fn loaded(h: &mut Harness) {
    h.pump_until("the level's first page", |a| {
        a.find::<BrowsePage>()
            .is_some_and(|b| b.list.loaded() > 0 || b.list.error().is_some())
    })
    .await;
}

/// Signed in, a new Exchange session on contoso, its mailboxes, Adele Vance's folders.
pub async fn adele_folders(h: &mut Harness) {
    h.reach_home().await;
    h.press("Down Enter").await; // Organizations, below Today
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
pub fn download_dir(h: &mut Harness, name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from("target").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    h.app.shared.start.download_dir = dir.clone();
    dir
}

/// Signed in, a new restore session on contoso of the type `kind` steps right of Exchange
/// (showing deleted items, all versions, when asked), and its first level loaded.
pub async fn new_session(h: &mut Harness, kind: usize, show_deleted: bool, all_versions: bool) {
    h.reach_home().await;
    h.press("Down Enter").await; // Organizations, below Today
    h.key(KeyCode::Enter).await; // contoso's details
    h.key(KeyCode::Char('x')).await;
    for _ in 0..kind {
        h.key(KeyCode::Right).await;
    }
    // Past the type and the time to the two toggles.
    h.press("Tab Tab").await;
    if show_deleted {
        h.key(KeyCode::Right).await;
    }
    h.key(KeyCode::Tab).await;
    if all_versions {
        h.key(KeyCode::Right).await;
    }
    h.press("Enter b").await;
    loaded(h).await;
}
