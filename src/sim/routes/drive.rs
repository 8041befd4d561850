//! Inside a OneDrive or a SharePoint site (v6+): folders, documents and list items (with
//! their folders on v7+ when asked with `includeFolders`), a site's libraries and lists, the
//! versions of a document or item, server search, and saving any of them as a file.

use serde_json::Value;

use super::sessions::versions_shown;
use crate::api::models::RestoreType;
use crate::api::version::ApiVersion;
use crate::sim::data::{self, Epoch};
use crate::sim::drive::{self, Kind, Tree};
use crate::sim::lookup::{lookup, lookup_bool, not_found, page_json, paging, validation};
use crate::sim::state::Sim;
use crate::sim::wire::{FileKind, Reply, SimRequest};

fn missing(v: ApiVersion, what: &str) -> Reply {
    Reply::error(
        Some(v),
        404,
        &format!("The {what} does not exist."),
        "ResourceNotFound",
    )
}

/// The OneDrive or site of a path.
#[derive(Clone, Copy)]
enum Owner {
    OneDrive(u64),
    Site(u64),
}

impl Owner {
    /// Its trees holding files of `kind` (a OneDrive has one, a site its libraries or lists).
    fn trees(self, kind: Kind) -> Vec<Tree> {
        match self {
            Owner::OneDrive(d) => vec![Tree::onedrive(d)],
            Owner::Site(s) => drive::site_trees(s, kind),
        }
    }
    fn owns(self, tree: Tree) -> bool {
        match self {
            Owner::OneDrive(d) => tree == Tree::onedrive(d),
            Owner::Site(s) => tree.kind != Kind::OneDrive && tree.site() == s,
        }
    }
    /// The tree and folder an id names here: a folder, or a site's library or list itself.
    fn place(self, id: &str) -> Option<(Tree, Option<u64>)> {
        if let Owner::Site(s) = self
            && let Some(tree) = drive::site_tree(s, id)
        {
            return Some((tree, None));
        }
        drive::folder_place(id)
            .filter(|(t, _)| self.owns(*t))
            .map(|(t, f)| (t, Some(f)))
    }
    /// Every folder under `within` of every tree given.
    fn every_folder(trees: &[Tree], v: ApiVersion, epoch: Epoch) -> Vec<Value> {
        trees
            .iter()
            .flat_map(|t| {
                t.places_under(None)
                    .into_iter()
                    .flat_map(move |(p, _)| t.folders(p, v, epoch))
            })
            .collect()
    }
}

/// The OneDrive or site of the path, when the session is of its kind and still open.
fn owner(sim: &Sim, v: ApiVersion, session: &str, what: &str, id: &str) -> Result<Owner, Reply> {
    if what == "sites" {
        super::listings::inside(sim, v, session, RestoreType::Vesp, "Sites")?;
        let site = id
            .to_ascii_lowercase()
            .starts_with("5eed0000-0003-")
            .then(|| data::index_of(id))
            .flatten()
            .filter(|s| *s < data::site_count(sim.config.mailboxes));
        return site.map(Owner::Site).ok_or_else(|| missing(v, "site"));
    }
    super::listings::inside(sim, v, session, RestoreType::Veod, "OneDrives")?;
    drive::onedrive_index(id)
        .filter(|d| *d < sim.config.mailboxes)
        .map(Owner::OneDrive)
        .ok_or_else(|| missing(v, "OneDrive"))
}

/// The OneDrive or site of the path exists in an open session of its kind.
pub(super) fn check_owner(
    sim: &Sim,
    v: ApiVersion,
    session: &str,
    what: &str,
    id: &str,
) -> Result<(), Reply> {
    owner(sim, v, session, what, id).map(|_| ())
}

/// The names of documents `ids` of the OneDrive or site of the path (what a restore of
/// them reports), or the server's refusal.
pub(super) fn document_names(
    sim: &Sim,
    v: ApiVersion,
    session: &str,
    what: &str,
    id: &str,
    ids: &[String],
) -> Result<Vec<String>, Reply> {
    let owner = owner(sim, v, session, what, id)?;
    ids.iter()
        .map(|doc| match drive::file_place(doc) {
            Some((tree, f, j)) if owner.owns(tree) && tree.kind != Kind::List => {
                let file = tree.file(drive::parent_of_slot(f), j, None, v, sim.epoch);
                Ok(file["name"].as_str().unwrap_or("document").to_string())
            }
            _ => Err(missing(v, "document")),
        })
        .collect()
}

/// What the files of a path are: a site's `items` are list items, anything else documents.
fn file_kind(owner: Owner, word: &str) -> Kind {
    match (owner, word) {
        (Owner::OneDrive(_), _) => Kind::OneDrive,
        (_, "items") => Kind::List,
        _ => Kind::Library,
    }
}

/// One page of `folders` followed by the files of `places`, computed without building
/// what the page does not show.
fn files_page(
    v: ApiVersion,
    epoch: Epoch,
    offset: u64,
    limit: u64,
    folders: Vec<Value>,
    places: &[(Tree, Option<u64>)],
) -> Value {
    let total = folders.len() as u64 + places.iter().map(|(t, p)| t.file_count(*p)).sum::<u64>();
    let end = offset.saturating_add(limit).min(total);
    let mut results = Vec::new();
    let mut at = folders.len() as u64;
    for (k, folder) in folders.into_iter().enumerate() {
        if (offset..end).contains(&(k as u64)) {
            results.push(folder);
        }
    }
    for (tree, parent) in places {
        let n = tree.file_count(*parent);
        let (from, to) = (offset.max(at), end.min(at + n));
        results.extend((from..to).map(|k| tree.file(*parent, k - at, None, v, epoch)));
        at += n;
    }
    page_json(v, offset, limit, results, total)
}

/// `GET …/OneDrives/{id}/…` and `…/Sites/{id}/…`: `Libraries`, `Lists`, `Folders`,
/// `Documents`, `Items` and the `Versions` of a document or item. `tail` is the lower-cased
/// path after the owner's id, `raw` the same with ids in their case.
#[allow(clippy::too_many_arguments)]
pub(super) fn listing(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    what: &str,
    id: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    let owner = match owner(sim, v, session, what, id) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let parent = req.query.get("parentid").map(String::as_str);
    let bad_parent = |v| validation(v, "parentId is not a folder, library or list here.");
    let all: Vec<Value> = match (owner, tail) {
        (Owner::Site(s), [word @ ("libraries" | "lists")]) => {
            let kind = if *word == "lists" {
                Kind::List
            } else {
                Kind::Library
            };
            let url = data::site(s).0["url"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            drive::site_trees(s, kind)
                .into_iter()
                .map(|t| drive::site_tree_json(t, &url, v, sim.epoch))
                .collect()
        }
        (Owner::OneDrive(d), ["folders"]) => match Tree::onedrive(d).parent(parent) {
            Some(p) => Tree::onedrive(d).folders(p, v, sim.epoch),
            None => return bad_parent(v),
        },
        (Owner::Site(_), ["folders"]) => match parent {
            None => {
                let mut trees = owner.trees(Kind::Library);
                trees.extend(owner.trees(Kind::List));
                Owner::every_folder(&trees, v, sim.epoch)
            }
            Some(id) => match owner.place(id) {
                Some((tree, p)) => tree.folders(p, v, sim.epoch),
                None => return bad_parent(v),
            },
        },
        (_, [word @ ("documents" | "items")]) => {
            let kind = file_kind(owner, word);
            if matches!(owner, Owner::OneDrive(_)) && *word == "items" {
                return not_found(v);
            }
            let with_folders =
                v >= ApiVersion::V7 && req.query.get("includefolders").is_some_and(|f| f == "true");
            let trees = owner.trees(kind);
            let places: Vec<(Tree, Option<u64>)> = match parent {
                // A OneDrive's top level; a site's every file (folders and subfolders).
                None if matches!(owner, Owner::OneDrive(_)) => vec![(trees[0], None)],
                None => trees
                    .iter()
                    .flat_map(|t| t.places_under(None).into_iter().map(move |(p, _)| (*t, p)))
                    .collect(),
                Some(r) if r.eq_ignore_ascii_case("root") => {
                    trees.iter().map(|t| (*t, None)).collect()
                }
                Some(id) => match owner.place(id).filter(|(t, _)| t.kind == kind) {
                    Some(place) => vec![place],
                    None => return bad_parent(v),
                },
            };
            let folders = match places.as_slice() {
                [(tree, p)] if with_folders => tree.folders(*p, v, sim.epoch),
                _ => Vec::new(),
            };
            return Reply::json(
                200,
                files_page(v, sim.epoch, offset, limit, folders, &places),
            );
        }
        (_, [word @ ("documents" | "items"), _, "versions"]) => match drive::file_place(raw[1]) {
            Some((tree, f, j)) if owner.owns(tree) && tree.kind == file_kind(owner, word) => {
                let p = drive::parent_of_slot(f);
                let all = (1..=drive::versions(j))
                    .rev()
                    .map(|n| tree.file(p, j, Some(n), v, sim.epoch))
                    .collect();
                versions_shown(sim, session, all)
            }
            _ => return missing(v, "document"),
        },
        (Owner::Site(_), ["items", _, "attachments"]) => match drive::file_place(raw[1]) {
            Some((tree, _, j)) if owner.owns(tree) && tree.kind == Kind::List => {
                drive::attachments(tree, raw[1], j, v)
            }
            _ => return missing(v, "item"),
        },
        (_, ["folders", _, "versions"]) => match drive::folder_place(raw[1]) {
            Some((tree, f)) if owner.owns(tree) => {
                let all = (1..=Tree::folder_versions(f))
                    .rev()
                    .map(|n| tree.folder(f, Some(n), v, sim.epoch))
                    .collect();
                versions_shown(sim, session, all)
            }
            _ => return missing(v, "folder"),
        },
        _ => return not_found(v),
    };
    crate::sim::lookup::window(v, offset, limit, all)
}

/// Whether version `n` of one with `newest` versions is one the session shows (the newest
/// alone unless it shows all).
fn shown_version(sim: &Sim, session: &str, n: u64, newest: u64) -> bool {
    n == newest || (super::sessions::shows_all_versions(sim, session) && (1..newest).contains(&n))
}

/// `POST …/save` of a OneDrive, a library, folders, documents or a version.
#[allow(clippy::too_many_arguments)]
pub(super) fn save(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    what: &str,
    id: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    let owner = match owner(sim, v, session, what, id) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let body = req.body_value().unwrap_or(Value::Null);
    let as_zip = lookup_bool(&body, "asZip").unwrap_or(false);
    let document = |doc: &str| match drive::file_place(doc) {
        Some((tree, f, j)) if owner.owns(tree) && tree.kind != Kind::List => Ok((tree, f, j)),
        _ => Err(missing(v, "document")),
    };
    let listed = |key: &str| -> Result<Vec<String>, Reply> {
        let ids: Vec<String> = lookup(&body, key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|d| crate::sim::lookup::lookup_str(d, "id").unwrap_or_default())
            .collect();
        if ids.is_empty() {
            return Err(validation(v, &format!("{key} must name at least one.")));
        }
        Ok(ids)
    };
    const KB: u64 = 1024;
    let (kind, size, name) = match (owner, tail) {
        (Owner::OneDrive(d), ["save"]) => (FileKind::Zip, 6 * KB * KB, format!("onedrive-{d}.zip")),
        (Owner::Site(_), ["libraries", _, "save"]) => match owner.place(raw[1]) {
            Some((tree, None)) if tree.kind == Kind::Library => {
                (FileKind::Zip, 4 * KB * KB, format!("{}.zip", tree.name()))
            }
            _ => return missing(v, "library"),
        },
        (_, ["folders", _, "save"]) => match owner.place(raw[1]) {
            Some((tree, Some(_))) if tree.kind != Kind::List => {
                (FileKind::Zip, 2 * KB * KB, "folder.zip".into())
            }
            _ => return missing(v, "folder"),
        },
        (_, ["folders", _, "versions", n, "save"]) => match drive::folder_place(raw[1]) {
            Some((tree, f))
                if owner.owns(tree)
                    && n.parse::<u64>().is_ok_and(|n| {
                        shown_version(sim, session, n, Tree::folder_versions(f))
                    }) =>
            {
                (FileKind::Zip, 2 * KB * KB, "folder-version.zip".into())
            }
            _ => return missing(v, "folder version"),
        },
        (Owner::Site(_), ["items", _, "attachments", ..]) => {
            let Some((tree, _, j)) = drive::file_place(raw[1])
                .filter(|(tree, ..)| owner.owns(*tree) && tree.kind == Kind::List)
            else {
                return missing(v, "item");
            };
            let all = drive::attachments(tree, raw[1], j, v);
            let find = |id: &str| {
                all.iter()
                    .find(|a| a["id"].as_str().is_some_and(|a| a.eq_ignore_ascii_case(id)))
                    .cloned()
                    .ok_or_else(|| missing(v, "attachment"))
            };
            match tail {
                [_, _, _, "save"] => match listed("attachments") {
                    Ok(ids) => {
                        if let Some(r) = ids.iter().find_map(|a| find(a).err()) {
                            return r;
                        }
                        let size = ids.len() as u64 * 300 * KB;
                        (FileKind::Zip, size, "attachments.zip".into())
                    }
                    Err(r) => return r,
                },
                [_, _, _, _, "save"] => match find(raw[3]) {
                    Ok(a) => {
                        let name = a["name"].as_str().unwrap_or("attachment").to_string();
                        let size = a["sizeBytes"].as_u64().unwrap_or(KB);
                        (FileKind::for_name(&name), size, name)
                    }
                    Err(r) => return r,
                },
                _ => return not_found(v),
            }
        }
        (Owner::Site(_), ["folders", "save"]) => match listed("folders") {
            Ok(ids)
                if ids
                    .iter()
                    .all(|f| owner.place(f).is_some_and(|(_, p)| p.is_some())) =>
            {
                (
                    FileKind::Zip,
                    2 * KB * KB * ids.len() as u64,
                    "folders.zip".into(),
                )
            }
            Ok(_) => return missing(v, "folder"),
            Err(r) => return r,
        },
        (_, ["documents", "save"]) => match listed("documents") {
            Ok(ids) => {
                if let Some(r) = ids.iter().find_map(|d| document(d).err()) {
                    return r;
                }
                (
                    FileKind::Zip,
                    300 * KB * ids.len() as u64,
                    "documents.zip".into(),
                )
            }
            Err(r) => return r,
        },
        (_, ["documents", _, "save"] | ["documents", _, "versions", _, "save"]) => {
            let (tree, f, j) = match document(raw[1]) {
                Ok(p) => p,
                Err(r) => return r,
            };
            if let [_, _, "versions", n, _] = tail
                && !n
                    .parse::<u64>()
                    .is_ok_and(|n| shown_version(sim, session, n, drive::versions(j)))
            {
                return missing(v, "version");
            }
            let doc = tree.file(drive::parent_of_slot(f), j, None, v, sim.epoch);
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
    crate::sim::lookup::file_reply(sim, kind, size, name)
}

/// `POST …/search` of a OneDrive or site, and of a folder, library or list in it: documents
/// and items whose name (or title) holds every word of the query (quoted phrases kept
/// whole), in the place and the folders under it.
#[allow(clippy::too_many_arguments)]
pub(super) fn search(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    what: &str,
    id: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    let owner = match owner(sim, v, session, what, id) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let query = crate::sim::query::query_of(req);
    let terms = match crate::sim::doc_query::parse(&query, sim.config.clock.now()) {
        Ok(t) => t,
        Err(e) => return validation(v, &e),
    };
    let roots: Vec<(Tree, Option<u64>)> = match tail {
        ["search"] => {
            let mut trees = owner.trees(Kind::Library);
            if matches!(owner, Owner::Site(_)) {
                trees.extend(owner.trees(Kind::List));
            }
            trees.into_iter().map(|t| (t, None)).collect()
        }
        [word @ ("folders" | "libraries" | "lists"), _, "search"] => match owner.place(raw[1]) {
            Some((tree, p)) if (*word == "folders") == p.is_some() => vec![(tree, p)],
            _ => return missing(v, word.trim_end_matches('s')),
        },
        _ => return not_found(v),
    };
    let mut found = Vec::new();
    let mut total = 0u64;
    for (tree, within) in roots {
        for (parent, n) in tree.places_under(within) {
            for j in 0..n {
                let doc = tree.file(parent, j, None, v, sim.epoch);
                if crate::sim::doc_query::matches(&terms, &doc) {
                    if (offset..offset.saturating_add(limit)).contains(&total) {
                        found.push(doc);
                    }
                    total += 1;
                }
            }
        }
    }
    let mut page = page_json(v, offset, limit, found, total);
    page["setId"] = Value::String(crate::sim::query::set_id(session, tail, &query));
    Reply::json(200, page)
}
