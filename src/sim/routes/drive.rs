//! Inside a OneDrive (v6+): folders, documents (with their folders on v7+ when asked with
//! `includeFolders`), the versions of a document, and saving any of them as a file.

use serde_json::Value;

use super::{lookup, lookup_bool, not_found, page_json, paging, validation};
use crate::api::models::RestoreType;
use crate::api::version::ApiVersion;
use crate::sim::drive;
use crate::sim::http::{Binary, FileKind, Reply, SimRequest};
use crate::sim::state::Sim;

fn missing(v: ApiVersion, what: &str) -> Reply {
    Reply::error(
        Some(v),
        404,
        &format!("The {what} does not exist."),
        "ResourceNotFound",
    )
}

/// The OneDrive of the path, when the session is a OneDrive session that is still open.
fn onedrive(sim: &Sim, v: ApiVersion, session: &str, id: &str) -> Result<u64, Reply> {
    super::inside(sim, v, session, RestoreType::Veod, "OneDrives")?;
    drive::onedrive_index(id)
        .filter(|d| *d < sim.config.mailboxes)
        .ok_or_else(|| missing(v, "OneDrive"))
}

/// The OneDrive of the path and the page asked for.
fn paged(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    id: &str,
) -> Result<(u64, u64, u64), Reply> {
    let d = onedrive(sim, v, session, id)?;
    let (offset, limit) = paging(v, req)?;
    Ok((d, offset, limit))
}

/// `GET …/OneDrives/{id}/Folders|Documents` and `…/Documents/{id}/Versions`; `tail` is the
/// lower-cased path after the OneDrive's id, `raw` the same with ids in their case.
pub(super) fn listing(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    id: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    let (d, offset, limit) = match paged(sim, v, req, session, id) {
        Ok(start) => start,
        Err(r) => return r,
    };
    let parent = req.query.get("parentid").map(String::as_str);
    let all: Vec<Value> = match tail {
        ["folders"] => match drive::drive_parent(d, parent) {
            Some(p) => drive::drive_folders(d, p, v),
            None => return validation(v, "parentId is not a folder of this OneDrive."),
        },
        ["documents"] => {
            let Some(p) = drive::drive_parent(d, parent) else {
                return validation(v, "parentId is not a folder of this OneDrive.");
            };
            let with_folders =
                v >= ApiVersion::V7 && req.query.get("includefolders").is_some_and(|f| f == "true");
            let folders = if with_folders {
                drive::drive_folders(d, p, v)
            } else {
                Vec::new()
            };
            let n = drive::drive_document_count(p);
            let first = offset.saturating_sub(folders.len() as u64);
            let end = n.min(first + limit);
            let total = folders.len() as u64 + n;
            let mut results: Vec<Value> = folders
                .into_iter()
                .skip(offset as usize)
                .take(limit as usize)
                .collect();
            let room = (limit as usize).saturating_sub(results.len());
            results.extend(
                (first..end)
                    .take(room)
                    .map(|j| drive::drive_document(d, p, j, None, v)),
            );
            return Reply::json(200, page_json(v, offset, limit, results, total));
        }
        ["documents", _, "versions"] => match drive::document_place(raw[1]) {
            Some((dd, f, j)) if dd == d => {
                let p = drive::parent_of_slot(f);
                (1..=drive::document_versions(j))
                    .rev()
                    .map(|n| drive::drive_document(d, p, j, Some(n), v))
                    .collect()
            }
            _ => return missing(v, "document"),
        },
        _ => return not_found(v),
    };
    super::window(v, offset, limit, all)
}

/// `POST …/OneDrives/{id}/save`, `…/Folders/{id}/save`, `…/Documents/save`,
/// `…/Documents/{id}/save` and `…/Documents/{id}/Versions/{n}/save`.
pub(super) fn save(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    id: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    let d = match onedrive(sim, v, session, id) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let body = req.body_value().unwrap_or(Value::Null);
    let as_zip = lookup_bool(&body, "asZip").unwrap_or(false);
    let document = |doc: &str| match drive::document_place(doc) {
        Some((dd, f, j)) if dd == d => Ok((f, j)),
        _ => Err(missing(v, "document")),
    };
    const KB: u64 = 1024;
    let (kind, size, name) = match tail {
        ["save"] => (FileKind::Zip, 6 * KB * KB, format!("onedrive-{d}.zip")),
        ["folders", _, "save"] => match drive::drive_parent(d, Some(raw[1])) {
            Some(_) => (FileKind::Zip, 2 * KB * KB, "folder.zip".into()),
            None => return missing(v, "folder"),
        },
        ["documents", "save"] => {
            let docs = lookup(&body, "documents").and_then(Value::as_array);
            let docs = docs.map(Vec::as_slice).unwrap_or_default();
            if docs.is_empty() {
                return validation(v, "documents must name at least one document.");
            }
            for doc in docs {
                if let Err(r) = document(
                    lookup(doc, "id")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                ) {
                    return r;
                }
            }
            (
                FileKind::Zip,
                300 * KB * docs.len() as u64,
                "documents.zip".into(),
            )
        }
        ["documents", _, "save"] | ["documents", _, "versions", _, "save"] => {
            let (f, j) = match document(raw[1]) {
                Ok(p) => p,
                Err(r) => return r,
            };
            if let [_, _, "versions", n, _] = tail
                && !n
                    .parse::<u64>()
                    .is_ok_and(|n| (1..=drive::document_versions(j)).contains(&n))
            {
                return missing(v, "version");
            }
            let doc = drive::drive_document(d, drive::parent_of_slot(f), j, None, v);
            let name = doc["name"].as_str().unwrap_or("document").to_string();
            let size = doc["sizeBytes"].as_u64().unwrap_or(KB);
            if as_zip {
                (FileKind::Zip, size + 200, format!("{name}.zip"))
            } else {
                (FileKind::for_name(&name), size, name)
            }
        }
        _ => return not_found(v),
    };
    let size = sim.download_bytes().unwrap_or(size);
    Reply::binary(Binary {
        kind,
        size,
        name,
        cut_after: None,
    })
}

/// `POST …/OneDrives/{id}/search` and `…/Folders/{id}/search`: documents whose name holds
/// every word of the query (quoted phrases kept whole), in the OneDrive or in the folder and
/// the folders under it.
pub(super) fn search(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    id: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    let (d, offset, limit) = match paged(sim, v, req, session, id) {
        Ok(start) => start,
        Err(r) => return r,
    };
    let query = req
        .body_value()
        .and_then(|b| {
            lookup(&b, "query")
                .and_then(Value::as_str)
                .map(str::to_lowercase)
        })
        .unwrap_or_default();
    let words = super::search::phrases(&query);
    if words.is_empty() {
        return validation(v, "query must not be empty.");
    }
    let within = match tail {
        ["search"] => None,
        ["folders", _, "search"] => match drive::drive_parent(d, Some(raw[1])) {
            Some(f) => f,
            None => return missing(v, "folder"),
        },
        _ => return not_found(v),
    };
    let mut found = Vec::new();
    let mut total = 0u64;
    for (parent, n) in drive::places_under(within) {
        for j in 0..n {
            let doc = drive::drive_document(d, parent, j, None, v);
            let name = doc["name"].as_str().unwrap_or_default().to_lowercase();
            if words.iter().all(|w| name.contains(w.as_str())) {
                if (offset..offset.saturating_add(limit)).contains(&total) {
                    found.push(doc);
                }
                total += 1;
            }
        }
    }
    let mut page = page_json(v, offset, limit, found, total);
    page["setId"] = Value::String(super::search::set_id(session, tail, &query));
    Reply::json(200, page)
}
