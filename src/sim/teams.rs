//! The channels of every team and their posts in the simulated dataset, computed from
//! indexes: General and three topic channels, posts with replies, some deleted (a session that
//! shows deleted items lists them; others do not).

use chrono::{Duration as ChronoDuration, Utc};
use serde_json::{Value, json};

use super::data::{Epoch, index_of, person, pick, seed, uuid_for};
use crate::api::models::Timestamp;
use crate::api::version::ApiVersion;

const CHANNELS: [(&str, u64); 4] = [
    ("General", 120),
    ("Announcements", 24),
    ("Planning", 60),
    ("Random", 300),
];

/// A team's index from its id (`uuid_for(4, i)`).
pub fn team_index(id: &str) -> Option<u64> {
    id.to_ascii_lowercase()
        .starts_with("5eed0000-0004-")
        .then(|| index_of(id))
        .flatten()
}

/// (team, channel) from a channel id.
pub fn channel_place(id: &str) -> Option<(u64, u64)> {
    if !id.to_ascii_lowercase().starts_with("5eed0000-002c-") {
        return None;
    }
    let n = index_of(id)?;
    ((n % 8) < CHANNELS.len() as u64).then_some((n / 8, n % 8))
}

pub fn channels(t: u64, v: ApiVersion) -> Vec<Value> {
    CHANNELS
        .iter()
        .enumerate()
        .map(|(c, (name, _))| {
            let mut j = json!({ "id": uuid_for(44, t * 8 + c as u64), "displayName": name });
            if v >= ApiVersion::V8 {
                j["teamId"] = json!(uuid_for(4, t));
            }
            j
        })
        .collect()
}

/// How many channels every team has.
pub fn channel_count() -> u64 {
    CHANNELS.len() as u64
}

/// Every post of a channel (deleted ones only when the session shows them).
pub fn channel_posts(
    t: u64,
    c: u64,
    v: ApiVersion,
    epoch: Epoch,
    show_deleted: bool,
) -> Vec<Value> {
    (0..post_count(c))
        .filter(|j| show_deleted || !is_deleted(*j))
        .map(|j| post(t, c, j, v, epoch))
        .collect()
}

/// Every file and folder of a channel, at the top and in its folders.
pub fn channel_files(t: u64, c: u64, v: ApiVersion, epoch: Epoch, _: bool) -> Vec<Value> {
    let mut all = file_folders(t, c, v, epoch);
    for folder in std::iter::once(None).chain((0..FILE_FOLDERS.len() as u64).map(Some)) {
        all.extend((0..file_count(folder)).map(|j| file(t, c, folder, j, v, epoch)));
    }
    all
}

/// A channel's tabs, in the shape of the searches that list them with posts and files.
pub fn tabs_of(t: u64, c: u64, v: ApiVersion, _: Epoch, _: bool) -> Vec<Value> {
    tabs(t, c, v)
}

/// Every version of a file, the newest (the file as listed) first: each older one a day
/// earlier and a little smaller.
pub fn versions(file: &Value) -> Vec<Value> {
    let newest = file["version"].as_u64().unwrap_or(1);
    let size = file["sizeBytes"].as_u64().unwrap_or(0);
    let when = file["modified"]
        .as_str()
        .and_then(|w| chrono::DateTime::parse_from_rfc3339(w).ok())
        .map(|w| w.with_timezone(&Utc));
    (1..=newest)
        .rev()
        .map(|n| {
            let mut f = file.clone();
            let older = newest - n;
            f["version"] = json!(n);
            f["sizeBytes"] = json!(size.saturating_sub(older * 1_500));
            if let Some(w) = when {
                f["modified"] = json!(Timestamp(w - ChronoDuration::days(older as i64)).to_wire());
            }
            if f.get("uiVersion").is_some() {
                f["uiVersion"] = json!(format!("{n}.0"));
            }
            f
        })
        .collect()
}

/// How many posts channel `c` holds; every seventh is deleted.
pub fn post_count(c: u64) -> u64 {
    CHANNELS.get(c as usize).map_or(0, |row| row.1)
}

pub fn is_deleted(j: u64) -> bool {
    j % 7 == 6
}

/// Post `j` of channel `c` of team `t`; every fourth is a reply to the post before it.
pub fn post(t: u64, c: u64, j: u64, v: ApiVersion, epoch: Epoch) -> Value {
    let (author, _) = person(j % 48);
    let when = epoch.on(21, 16, 45) - ChronoDuration::minutes(53 * j as i64);
    let reply = j % 4 == 3;
    let subject = if reply {
        format!("Re: {}", pick(&seed().subjects, j - 1 + c))
    } else {
        pick(&seed().subjects, j + c).to_string()
    };
    let id = (t * 8 + c) * 100_000 + j + 1;
    let mut p = json!({
        "postId": id,
        "isImportant": j.is_multiple_of(13),
        "author": author,
        "subject": subject,
        "createdTime": Timestamp(when).to_wire(),
        "lastModifiedTime": Timestamp(when).to_wire(),
        "attachments": [],
    });
    if v >= ApiVersion::V7 {
        p["isDeleted"] = json!(is_deleted(j));
        p["channelId"] = json!(uuid_for(44, t * 8 + c));
        if reply {
            p["parentId"] = json!(id - 1);
        }
    }
    if v >= ApiVersion::V8 {
        p["teamId"] = json!(uuid_for(4, t));
    }
    p
}

/// The folders of every channel's files (name, files in it); more files sit at the top.
const FILE_FOLDERS: [(&str, u64); 2] = [("Meeting recordings", 6), ("Shared", 20)];
const TOP: u64 = 3;
const TOP_FILES: u64 = 10;

/// (team, channel, folder) from a file folder id.
pub fn file_folder_place(id: &str) -> Option<(u64, u64, u64)> {
    let n = in_namespace(id, 51)?;
    let (slot, f) = (n / 4, n % 4);
    ((f as usize) < FILE_FOLDERS.len()).then_some((slot / 8, slot % 8, f))
}

/// (team, channel, folder or `TOP`, file) from a file id.
pub fn file_place(id: &str) -> Option<(u64, u64, u64, u64)> {
    let n = in_namespace(id, 52)?;
    let (slot, j) = (n / 1_000, n % 1_000);
    let (channel, f) = (slot / 4, slot % 4);
    (j < file_count(Some(f).filter(|f| *f != TOP))).then_some((channel / 8, channel % 8, f, j))
}

fn in_namespace(id: &str, ns: u16) -> Option<u64> {
    id.to_ascii_lowercase()
        .starts_with(&format!("5eed0000-{ns:04x}-"))
        .then(|| index_of(id))
        .flatten()
}

/// How many files a folder (the top when `None`) holds.
pub fn file_count(folder: Option<u64>) -> u64 {
    match folder {
        None => TOP_FILES,
        Some(f) => FILE_FOLDERS.get(f as usize).map_or(0, |row| row.1),
    }
}

/// What `RESTTeamsFile` says of file `j` of folder `folder` (the top when `None`) of
/// channel `c` of team `t`; `j` past the files of the folder names its subfolders.
pub fn file(t: u64, c: u64, folder: Option<u64>, j: u64, v: ApiVersion, epoch: Epoch) -> Value {
    let slot = (t * 8 + c) * 4 + folder.unwrap_or(TOP);
    let (editor, _) = person(j % 48);
    let when = epoch.on(19, 11, 5) - ChronoDuration::hours(31 * j as i64);
    let versions = 1 + j % 3;
    let mut f = json!({
        "id": uuid_for(52, slot * 1_000 + j),
        "name": pick(&seed().documents, j + c),
        "sizeBytes": 12_000 + (j * 6_151) % 900_000,
        "version": versions,
        "modified": Timestamp(when).to_wire(),
        "modifiedBy": editor,
        "fileType": "File",
    });
    mark_file(&mut f, t, c, v);
    f
}

/// The folders at the top of a channel's files.
pub fn file_folders(t: u64, c: u64, v: ApiVersion, epoch: Epoch) -> Vec<Value> {
    FILE_FOLDERS
        .iter()
        .enumerate()
        .map(|(k, (name, _))| {
            let mut f = json!({
                "id": uuid_for(51, (t * 8 + c) * 4 + k as u64),
                "name": name,
                "modified": Timestamp(epoch.on(18, 9, 0)).to_wire(),
                "modifiedBy": person(t).0,
                "fileType": "Folder",
            });
            mark_file(&mut f, t, c, v);
            f
        })
        .collect()
}

fn mark_file(f: &mut Value, t: u64, c: u64, v: ApiVersion) {
    if v >= ApiVersion::V7 {
        f["channelId"] = json!(uuid_for(44, t * 8 + c));
        if let Some(n) = f["version"].as_u64() {
            f["uiVersion"] = json!(format!("{n}.0"));
        }
    }
    if v >= ApiVersion::V8 {
        f["teamId"] = json!(uuid_for(4, t));
    }
}

/// The tabs of a channel (`RestTeamsTab`).
pub fn tabs(t: u64, c: u64, v: ApiVersion) -> Vec<Value> {
    [
        ("Wiki", "wiki", "https://teams.microsoft.com/wiki"),
        (
            "Planner",
            "planner",
            "https://tasks.office.com/contoso/plan",
        ),
        (
            "Budget 2026.xlsx",
            "excel",
            "https://contoso.sharepoint.com/sites/team/Shared%20Documents/Budget%202026.xlsx",
        ),
    ]
    .iter()
    .enumerate()
    .map(|(k, (name, kind, url))| {
        let mut tab = json!({
            "id": uuid_for(53, (t * 8 + c) * 4 + k as u64),
            "displayName": name,
            "contentUrl": url,
            "type": kind,
        });
        if v >= ApiVersion::V7 {
            tab["channelId"] = json!(uuid_for(44, t * 8 + c));
        }
        if v >= ApiVersion::V8 {
            tab["teamId"] = json!(uuid_for(4, t));
        }
        tab
    })
    .collect()
}
