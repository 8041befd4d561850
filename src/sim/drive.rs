//! The files of every OneDrive in the simulated dataset: a small folder tree, documents
//! named from `assets/sim/demo.toml`, and up to four versions of each, all computed from
//! indexes so any number of OneDrives costs nothing.

use chrono::{Duration as ChronoDuration, TimeZone, Utc};
use serde_json::{Value, json};

use super::data::{index_of, person, pick, seed, uuid_for};
use crate::api::models::Timestamp;
use crate::api::version::ApiVersion;

/// The folder tree of every OneDrive: name, parent (index), documents. Index 15 is the top
/// level itself (its documents are at the root).
const DRIVE_FOLDERS: [(&str, Option<u64>, u64); 6] = [
    ("Documents", None, 40),
    ("Desktop", None, 12),
    ("Pictures", None, 60),
    ("Projects", Some(0), 25),
    ("Falcon", Some(3), 18),
    ("Archive 2025", None, 1_200),
];
const DRIVE_ROOT: u64 = 15;
const DRIVE_ROOT_DOCUMENTS: u64 = 8;

/// A OneDrive's index from its id (`uuid_for(2, i)`).
pub fn onedrive_index(id: &str) -> Option<u64> {
    id.to_ascii_lowercase()
        .starts_with("5eed0000-0002-")
        .then(|| index_of(id))
        .flatten()
}

/// (OneDrive, folder) from a OneDrive folder id.
fn drive_folder_place(id: &str) -> Option<(u64, u64)> {
    if !id.to_ascii_lowercase().starts_with("5eed0000-002a-") {
        return None;
    }
    let n = index_of(id)?;
    ((n % 16) < DRIVE_FOLDERS.len() as u64).then_some((n / 16, n % 16))
}

/// (OneDrive, folder or `DRIVE_ROOT`, document) from a document id.
pub fn document_place(id: &str) -> Option<(u64, u64, u64)> {
    if !id.to_ascii_lowercase().starts_with("5eed0000-002b-") {
        return None;
    }
    let n = index_of(id)?;
    let (slot, j) = (n / 1_000_000, n % 1_000_000);
    let (d, f) = (slot / 16, slot % 16);
    (j < drive_count(f)?).then_some((d, f, j))
}

fn drive_count(f: u64) -> Option<u64> {
    match f {
        DRIVE_ROOT => Some(DRIVE_ROOT_DOCUMENTS),
        f => DRIVE_FOLDERS.get(f as usize).map(|row| row.2),
    }
}

/// Which folder `parent` (a folder id of OneDrive `d`, the top level when `None`) is, or
/// `None` when it is not one of its folders.
pub fn drive_parent(d: u64, parent: Option<&str>) -> Option<Option<u64>> {
    match parent {
        None => Some(None),
        Some(id) => match drive_folder_place(id)? {
            (pd, f) if pd == d => Some(Some(f)),
            _ => None,
        },
    }
}

fn drive_stamp(j: u64) -> Timestamp {
    Timestamp(
        Utc.with_ymd_and_hms(2026, 11, 20, 17, 30, 0).unwrap()
            - ChronoDuration::hours(29 * j as i64),
    )
}

/// The folders of OneDrive `d` directly under `parent` (`None`: its top level).
pub fn drive_folders(d: u64, parent: Option<u64>, v: ApiVersion) -> Vec<Value> {
    let (owner, _) = person(d);
    DRIVE_FOLDERS
        .iter()
        .enumerate()
        .filter(|(_, row)| row.1 == parent)
        .map(|(f, (name, _, _))| {
            let mut j = json!({
                "id": uuid_for(42, d * 16 + f as u64),
                "name": name,
                "createdBy": owner,
                "creationTime": drive_stamp(400 + f as u64).to_wire(),
                "modifiedBy": owner,
                "modificationTime": drive_stamp(f as u64).to_wire(),
            });
            if v >= ApiVersion::V7 {
                j["isFolder"] = json!(true);
            }
            if v >= ApiVersion::V8 {
                j["oneDriveId"] = json!(uuid_for(2, d));
            }
            j
        })
        .collect()
}

/// The folder a document slot is in (`None`: the top level).
pub fn parent_of_slot(f: u64) -> Option<u64> {
    (f != DRIVE_ROOT).then_some(f)
}

/// Where documents are under `within` (the whole OneDrive when `None`): each folder (or the
/// top level) with how many documents it holds.
pub fn places_under(within: Option<u64>) -> Vec<(Option<u64>, u64)> {
    let mut places = Vec::new();
    let mut queue = vec![within];
    while let Some(parent) = queue.pop() {
        places.push((parent, drive_document_count(parent)));
        for (f, row) in DRIVE_FOLDERS.iter().enumerate() {
            if row.1 == parent {
                queue.push(Some(f as u64));
            }
        }
    }
    places
}

/// How many documents folder `f` (or the top level) holds.
pub fn drive_document_count(parent: Option<u64>) -> u64 {
    drive_count(parent.unwrap_or(DRIVE_ROOT)).unwrap_or(0)
}

/// How many versions document `j` has: 1 to 4.
pub fn document_versions(j: u64) -> u64 {
    1 + j % 4
}

/// Document `j` of folder `parent` of OneDrive `d`, at `version` (its latest when `None`).
pub fn drive_document(
    d: u64,
    parent: Option<u64>,
    j: u64,
    version: Option<u64>,
    v: ApiVersion,
) -> Value {
    let f = parent.unwrap_or(DRIVE_ROOT);
    let name = pick(&seed().documents, j + f);
    let latest = document_versions(j);
    let n = version.unwrap_or(latest).min(latest);
    let (editor, _) = person(j % 48);
    let (owner, _) = person(d);
    let mut doc = json!({
        "id": uuid_for(43, (d * 16 + f) * 1_000_000 + j),
        "name": name,
        "sizeBytes": 18_000 + (j * 7_919 + n * 1_013) % 2_400_000,
        "createdBy": owner,
        "creationTime": drive_stamp(j + 40).to_wire(),
        "modifiedBy": editor,
        "modificationTime": drive_stamp(j + latest - n).to_wire(),
        "version": format!("{n}.0"),
        "versionId": n,
    });
    if v >= ApiVersion::V7 {
        doc["isFolder"] = json!(false);
    }
    if v >= ApiVersion::V8 {
        doc["oneDriveId"] = json!(uuid_for(2, d));
    }
    doc
}
