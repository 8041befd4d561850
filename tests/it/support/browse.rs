//! Inside a restore session, for flow tests: screens with what changes from run to run
//! masked, and the way to a level (a new session of a kind, Adele Vance's folders).

use crossterm::event::KeyCode;
use vb365_tui::app::pages::browse::BrowsePage;

use super::harness::{Harness, mask_times};

/// The screen with what changes from run to run masked: times, the time in file names
/// (`-20261123-2030`), and a download's rate and elapsed time.
pub fn masked(h: &mut Harness, w: u16, ht: u16) -> String {
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
pub fn picture_mask(line: String) -> String {
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
pub fn mask_stamp(line: &str) -> String {
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
    h.key(KeyCode::Enter).await; // Organizations
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
