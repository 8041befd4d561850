//! The file trees of the simulated dataset: every OneDrive, and every document library and
//! list of every SharePoint site. Each is a small folder tree with documents (or list items)
//! named from `assets/sim/demo.toml` and up to four versions of each, all computed from
//! indexes so any number of them costs nothing.

use chrono::Duration as ChronoDuration;
use serde_json::{Value, json};

use super::data::{Epoch, index_of, person, pick, seed, uuid_for};
use crate::api::models::Timestamp;
use crate::api::version::ApiVersion;

/// What a tree is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    OneDrive,
    Library,
    List,
}

/// One file tree: its kind and number (a OneDrive's index; for a library or list, its
/// site's index × 4 + its slot).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tree {
    pub kind: Kind,
    pub n: u64,
}

/// A folder tree: name, parent (index), files. `ROOT` stands for the top level itself.
type Shape = &'static [(&'static str, Option<u64>, u64)];

const DRIVE_FOLDERS: Shape = &[
    ("Documents", None, 40),
    ("Desktop", None, 12),
    ("Pictures", None, 60),
    ("Projects", Some(0), 25),
    ("Falcon", Some(3), 18),
    ("Archive 2025", None, 1_200),
];
const LIBRARY_FOLDERS: Shape = &[
    ("Contracts", None, 30),
    ("Policies", None, 14),
    ("2025", Some(0), 22),
    ("Templates", None, 9),
];
const LIST_FOLDERS: Shape = &[
    ("Open", None, 24),
    ("Closed", None, 140),
    ("2025", Some(1), 60),
];
const ROOT: u64 = 15;

/// The libraries and the lists of every site.
pub const LIBRARIES: [&str; 2] = ["Documents", "Site Assets"];
pub const LISTS: [&str; 2] = ["Issue tracker", "Announcements"];

impl Tree {
    pub fn onedrive(d: u64) -> Tree {
        Tree {
            kind: Kind::OneDrive,
            n: d,
        }
    }
    fn namespaces(self) -> (u16, u16) {
        match self.kind {
            Kind::OneDrive => (42, 43),
            Kind::Library => (45, 46),
            Kind::List => (47, 48),
        }
    }
    fn shape(self) -> Shape {
        match self.kind {
            Kind::OneDrive => DRIVE_FOLDERS,
            Kind::Library => LIBRARY_FOLDERS,
            Kind::List => LIST_FOLDERS,
        }
    }
    /// The site a library or list belongs to.
    pub fn site(self) -> u64 {
        self.n / 4
    }
    /// The id of the library or list itself.
    pub fn id(self) -> String {
        match self.kind {
            Kind::OneDrive => uuid_for(2, self.n),
            Kind::Library => uuid_for(50, self.n),
            Kind::List => uuid_for(49, self.n),
        }
    }
    /// The name of the library or list.
    pub fn name(self) -> &'static str {
        match self.kind {
            Kind::OneDrive => "OneDrive",
            Kind::Library => LIBRARIES[(self.n % 4) as usize % LIBRARIES.len()],
            Kind::List => LISTS[(self.n % 4) as usize % LISTS.len()],
        }
    }
    fn owner(self) -> String {
        match self.kind {
            Kind::OneDrive => person(self.n).0,
            _ => person(self.site() * 7).0,
        }
    }
    fn count(self, f: u64) -> Option<u64> {
        match f {
            ROOT if self.kind == Kind::OneDrive => Some(8),
            ROOT => Some(12),
            f => self.shape().get(f as usize).map(|row| row.2),
        }
    }
    /// Which folder `parent` (a folder id of this tree, its top level when `None` or when
    /// it is the library's or list's own id) is, or `None` when it is not one of its folders.
    pub fn parent(self, parent: Option<&str>) -> Option<Option<u64>> {
        match parent {
            None => Some(None),
            Some(id) if id.eq_ignore_ascii_case(&self.id()) && self.kind != Kind::OneDrive => {
                Some(None)
            }
            Some(id) => match folder_place(id)? {
                (t, f) if t == self => Some(Some(f)),
                _ => None,
            },
        }
    }

    /// The folders directly under `parent` (`None`: the top level).
    pub fn folders(self, parent: Option<u64>, v: ApiVersion, epoch: Epoch) -> Vec<Value> {
        self.shape()
            .iter()
            .enumerate()
            .filter(|(_, row)| row.1 == parent)
            .map(|(f, _)| self.folder(f as u64, None, v, epoch))
            .collect()
    }

    /// How many versions folder `f` has: 1 to 3.
    pub fn folder_versions(f: u64) -> u64 {
        1 + f % 3
    }

    /// Folder `f` as listed, or as it was in `version` (older ones changed earlier).
    pub fn folder(self, f: u64, version: Option<u64>, v: ApiVersion, epoch: Epoch) -> Value {
        let owner = self.owner();
        let back = version.map_or(0, |n| Self::folder_versions(f).saturating_sub(n));
        let mut j = json!({
            "id": uuid_for(self.namespaces().0, self.n * 16 + f),
            "name": self.shape()[f as usize].0,
            "createdBy": owner,
            "creationTime": stamp(epoch, 400 + f).to_wire(),
            "modifiedBy": owner,
            "modificationTime": stamp(epoch, f + back).to_wire(),
        });
        if let Some(n) = version {
            j["version"] = json!(format!("{n}.0"));
            j["versionId"] = json!(n);
        }
        if v >= ApiVersion::V7 {
            j["isFolder"] = json!(true);
        }
        self.mark(&mut j, v);
        match self.kind {
            Kind::OneDrive => {}
            Kind::List => j["type"] = json!("ListFolder"),
            Kind::Library => j["type"] = json!("LibraryFolder"),
        }
        j
    }

    /// Says on v8 which OneDrive or site a row is in.
    fn mark(self, j: &mut Value, v: ApiVersion) {
        if v < ApiVersion::V8 {
            return;
        }
        match self.kind {
            Kind::OneDrive => j["oneDriveId"] = json!(uuid_for(2, self.n)),
            _ => j["siteId"] = json!(uuid_for(3, self.site())),
        }
    }

    /// Where files are under `within` (the whole tree when `None`): each folder (or the top
    /// level) with how many files it holds.
    pub fn places_under(self, within: Option<u64>) -> Vec<(Option<u64>, u64)> {
        let mut places = Vec::new();
        let mut queue = vec![within];
        while let Some(parent) = queue.pop() {
            places.push((parent, self.file_count(parent)));
            for (f, row) in self.shape().iter().enumerate() {
                if row.1 == parent {
                    queue.push(Some(f as u64));
                }
            }
        }
        places
    }

    /// How many files folder `f` (or the top level) holds.
    pub fn file_count(self, parent: Option<u64>) -> u64 {
        self.count(parent.unwrap_or(ROOT)).unwrap_or(0)
    }

    /// File `j` of folder `parent`, at `version` (its latest when `None`): a document, or
    /// an item of a list (with a title and no size).
    pub fn file(
        self,
        parent: Option<u64>,
        j: u64,
        version: Option<u64>,
        v: ApiVersion,
        epoch: Epoch,
    ) -> Value {
        let f = parent.unwrap_or(ROOT);
        let latest = versions(j);
        let n = version.unwrap_or(latest).min(latest);
        let (editor, _) = person(j % 48);
        let id = uuid_for(self.namespaces().1, (self.n * 16 + f) * 1_000_000 + j);
        let mut doc = json!({
            "id": id,
            "name": pick(&seed().documents, j + f),
            "createdBy": self.owner(),
            "creationTime": stamp(epoch, j + 40).to_wire(),
            "modifiedBy": editor,
            "modificationTime": stamp(epoch, j + latest - n).to_wire(),
            "version": format!("{n}.0"),
            "versionId": n,
        });
        if self.kind == Kind::List {
            let title = pick(&seed().list_items, j + f);
            doc["name"] = json!(format!("{}_.000", j + 1));
            doc["title"] = json!(title);
        } else {
            doc["sizeBytes"] = json!(18_000 + (j * 7_919 + n * 1_013) % 2_400_000);
        }
        if v >= ApiVersion::V7 {
            doc["isFolder"] = json!(false);
        }
        self.mark(&mut doc, v);
        doc
    }
}

/// A OneDrive's index from its id (`uuid_for(2, i)`).
pub fn onedrive_index(id: &str) -> Option<u64> {
    in_namespace(id, 2)
}

fn in_namespace(id: &str, ns: u16) -> Option<u64> {
    id.to_ascii_lowercase()
        .starts_with(&format!("5eed0000-{ns:04x}-"))
        .then(|| index_of(id))
        .flatten()
}

/// The library or list an id names, among the libraries and lists of site `site`.
pub fn site_tree(site: u64, id: &str) -> Option<Tree> {
    let (kind, n) = match (in_namespace(id, 50), in_namespace(id, 49)) {
        (Some(n), _) => (Kind::Library, n),
        (_, Some(n)) => (Kind::List, n),
        _ => return None,
    };
    let slots = match kind {
        Kind::List => LISTS.len(),
        _ => LIBRARIES.len(),
    } as u64;
    (n / 4 == site && n % 4 < slots).then_some(Tree { kind, n })
}

/// The libraries (or lists) of site `site`.
pub fn site_trees(site: u64, kind: Kind) -> Vec<Tree> {
    let slots = match kind {
        Kind::List => LISTS.len(),
        _ => LIBRARIES.len(),
    } as u64;
    (0..slots)
        .map(|slot| Tree {
            kind,
            n: site * 4 + slot,
        })
        .collect()
}

/// (tree, folder) from a folder id.
pub fn folder_place(id: &str) -> Option<(Tree, u64)> {
    [Kind::OneDrive, Kind::Library, Kind::List]
        .into_iter()
        .find_map(|kind| {
            let tree = Tree { kind, n: 0 };
            let n = in_namespace(id, tree.namespaces().0)?;
            let tree = Tree { kind, n: n / 16 };
            ((n % 16) < tree.shape().len() as u64).then_some((tree, n % 16))
        })
}

/// (tree, folder or `ROOT`, file) from a document or item id.
pub fn file_place(id: &str) -> Option<(Tree, u64, u64)> {
    [Kind::OneDrive, Kind::Library, Kind::List]
        .into_iter()
        .find_map(|kind| {
            let n = in_namespace(id, Tree { kind, n: 0 }.namespaces().1)?;
            let (slot, j) = (n / 1_000_000, n % 1_000_000);
            let tree = Tree { kind, n: slot / 16 };
            let f = slot % 16;
            (j < tree.count(f)?).then_some((tree, f, j))
        })
}

/// The attachments of the list item `item_id` (file `j` of its list): none, one or two.
pub fn attachments(tree: Tree, item_id: &str, j: u64, v: ApiVersion) -> Vec<Value> {
    let Some(n) = in_namespace(item_id, tree.namespaces().1) else {
        return Vec::new();
    };
    let site_url = super::data::site(tree.site()).0["url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    (0..j % 3)
        .map(|k| {
            let name = pick(&seed().documents, j + k + 5);
            let mut a = json!({
                "id": uuid_for(54, n * 4 + k),
                "name": name,
                "sizeBytes": 24_000 + (j * 3_331 + k * 977) % 600_000,
                "url": format!("{site_url}/Lists/{}/Attachments/{}/{name}", tree.name(), j + 1),
            });
            if v >= ApiVersion::V8 {
                a["siteId"] = json!(uuid_for(3, tree.site()));
                a["itemId"] = json!(item_id);
            }
            a
        })
        .collect()
}

fn stamp(epoch: Epoch, j: u64) -> Timestamp {
    Timestamp(epoch.on(20, 17, 30) - ChronoDuration::hours(29 * j as i64))
}

/// The folder a file slot is in (`None`: the top level).
pub fn parent_of_slot(f: u64) -> Option<u64> {
    (f != ROOT).then_some(f)
}

/// How many versions file `j` has: 1 to 4.
pub fn versions(j: u64) -> u64 {
    1 + j % 4
}

/// A library or list as `RESTSharePointLibrary` / `RESTSharePointList` describe it.
pub fn site_tree_json(tree: Tree, site_url: &str, v: ApiVersion, epoch: Epoch) -> Value {
    let slug = tree.name().replace(' ', "");
    let mut j = json!({
        "id": tree.id(),
        "name": tree.name(),
        "url": format!("{site_url}/{slug}"),
        "description": match tree.kind {
            Kind::List => "A list of the site",
            _ => "A document library of the site",
        },
        "creationTime": stamp(epoch, 900 + tree.n % 4).to_wire(),
    });
    if v >= ApiVersion::V8 {
        j["siteId"] = json!(uuid_for(3, tree.site()));
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_their_tree_and_place() {
        let lib = Tree {
            kind: Kind::Library,
            n: 9,
        };
        let folder = lib.folders(None, ApiVersion::V8, Epoch::default())[0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(folder_place(&folder), Some((lib, 0)));
        assert_eq!(lib.parent(Some(&lib.id())), Some(None));
        let item = Tree {
            kind: Kind::List,
            n: 9,
        }
        .file(Some(1), 3, None, ApiVersion::V6, Epoch::default());
        assert_eq!(
            file_place(item["id"].as_str().unwrap()),
            Some((
                Tree {
                    kind: Kind::List,
                    n: 9
                },
                1,
                3
            ))
        );
        assert!(item.get("sizeBytes").is_none() && item["title"].is_string());
        assert_eq!(site_tree(2, &lib.id()), Some(lib));
        assert_eq!(site_tree(3, &lib.id()), None);
    }
}
