//! The shape of the code, kept: every source and test file under 600 lines, no page importing another
//! page, and no circle of imports between the files of `src/` (the library; `main.rs` is
//! the binary's own crate).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The module path of a file of the library: `src/app/pages/mod.rs` is `app::pages`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code before the file's unit tests (`#[cfg(test)] mod tests`), without comments.
fn code(text: &str) -> String {
    let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a `use` tree names, each with the name it binds: `a::{b, c::{d, e as f}}`
/// gives `a::b` (b), `a::c::d` (d), `a::c::e` (f).
fn expand(tree: &str) -> Vec<(String, String)> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let (path, alias) = match tree.split_once(" as ") {
            Some((p, a)) => (p.trim(), a.trim()),
            None => (tree, tree.rsplit("::").next().unwrap_or_default()),
        };
        return vec![(path.trim_end_matches("::*").to_string(), alias.to_string())];
    };
    let prefix = tree[..open].trim_end_matches("::");
    let close = tree.rfind('}').filter(|c| *c > open).unwrap_or(tree.len());
    let inner = &tree[open + 1..close];
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|(p, alias)| match p.as_str() {
            "self" => (
                prefix.to_string(),
                prefix.rsplit("::").next().unwrap_or_default().to_string(),
            ),
            _ => (format!("{prefix}::{p}"), alias),
        })
        .collect()
}

/// One `use` declaration's path: whether it is re-exported (`pub use`), and the name bound.
struct Use {
    path: String,
    name: String,
    public: bool,
}

/// The `use` declarations of a file. A declaration starts a line (`use`, `pub use`,
/// `pub(crate) use`) or follows a `{` on it.
fn uses(code: &str) -> Vec<Use> {
    let mut out = Vec::new();
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        let line = line.trim_start();
        let (head, rest) = if let Some((_, after)) = line.split_once("{ use ") {
            ("", after)
        } else if let Some((head, after)) = line.split_once("use ") {
            if !(head.is_empty() || head.starts_with("pub")) {
                continue;
            }
            (head, after)
        } else {
            continue;
        };
        let mut statement = rest.to_string();
        while !statement.contains(';') {
            match lines.next() {
                Some(more) => statement.push_str(more),
                None => break,
            }
        }
        let end = statement.find(';').unwrap_or(statement.len());
        out.extend(
            expand(&statement[..end])
                .into_iter()
                .map(|(path, name)| Use {
                    path,
                    name,
                    public: head.starts_with("pub"),
                }),
        );
    }
    out
}

/// The paths a file imports for its own use (re-exports only pass names on), and the paths
/// it names inline (`super::leaving::Running`, `crate::api::Opt`): both tie it to a file.
fn imports(code: &str) -> Vec<String> {
    let mut paths: Vec<String> = uses(code)
        .into_iter()
        .filter(|u| !u.public)
        .map(|u| u.path)
        .collect();
    paths.extend(inline_paths(code));
    paths
}

/// `crate::…` and `super::…` paths written outside `use` declarations.
fn inline_paths(code: &str) -> Vec<String> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    for line in code.lines().filter(|l| !l.trim_start().starts_with("use ")) {
        let mut rest = line;
        while let Some(at) = ["crate::", "super::"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min()
        {
            let before = rest[..at].chars().last();
            let tail = &rest[at..];
            let len = tail
                .char_indices()
                .find(|&(i, c)| {
                    !(word(c)
                        || (c == ':' && tail[i..].starts_with("::"))
                        || (c == ':' && i > 0 && tail[..i].ends_with(':')))
                })
                .map_or(tail.len(), |(i, _)| i);
            if !before.is_some_and(word) && !rest[..at].trim_end().ends_with("use") {
                out.push(tail[..len].trim_end_matches(':').to_string());
            }
            rest = &tail[len.max(1)..];
        }
    }
    out
}

/// The library's modules: each module path with its file and its re-exports by name.
struct Modules {
    files: BTreeMap<Vec<String>, PathBuf>,
    reexports: BTreeMap<PathBuf, BTreeMap<String, String>>,
}

/// The file a path names, seen from `module`: the module it ends in, or the file that
/// defines what it names when a module re-exports it.
fn target(path: &str, module: &[String], modules: &Modules) -> Option<PathBuf> {
    resolve(path, module, modules, 0)
}

fn resolve(path: &str, module: &[String], modules: &Modules, depth: usize) -> Option<PathBuf> {
    let segs: Vec<&str> = path.split("::").map(str::trim).collect();
    let mut at: Vec<String> = match segs[0] {
        "crate" => Vec::new(),
        "self" | "super" => module.to_vec(),
        first => {
            let mut child = module.to_vec();
            child.push(first.to_string());
            if !modules.files.contains_key(&child) {
                return None; // another crate, or a name of this module
            }
            module.to_vec()
        }
    };
    let mut i = usize::from(matches!(segs[0], "crate" | "self"));
    while segs.get(i) == Some(&"super") {
        at.pop();
        i += 1;
    }
    let mut found = modules.files.get(&at).cloned();
    while let Some(seg) = segs.get(i) {
        at.push(seg.to_string());
        match modules.files.get(&at) {
            Some(file) => found = Some(file.clone()),
            None => {
                at.pop();
                break;
            }
        }
        i += 1;
    }
    // A name the module re-exports is defined where the re-export points.
    if let (Some(file), Some(name)) = (&found, segs.get(i))
        && depth < 8
        && let Some(next) = modules.reexports.get(file).and_then(|r| r.get(*name))
        && let Some(defined) = resolve(next, &at, modules, depth + 1)
    {
        return Some(defined);
    }
    found
}

/// Every import between two files of the library.
fn graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let codes: BTreeMap<PathBuf, String> = files
        .iter()
        .map(|f| (f.clone(), code(&std::fs::read_to_string(f).unwrap())))
        .collect();
    let modules = Modules {
        files: files.iter().map(|f| (module_of(f), f.clone())).collect(),
        reexports: codes
            .iter()
            .map(|(f, code)| {
                let names = uses(code)
                    .into_iter()
                    .filter(|u| u.public)
                    .map(|u| (u.name, u.path))
                    .collect();
                (f.clone(), names)
            })
            .collect(),
    };
    let mut edges = BTreeMap::new();
    for (file, code) in &codes {
        let module = module_of(file);
        let to: BTreeSet<PathBuf> = imports(code)
            .iter()
            .filter_map(|p| target(p, &module, &modules))
            .filter(|t| t != file)
            .collect();
        edges.insert(file.clone(), to);
    }
    edges
}

/// A circle of imports, if there is one: depth-first search for an edge back to the path.
fn circle(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    fn visit(
        at: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        path: &mut Vec<PathBuf>,
        done: &mut BTreeSet<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        if let Some(i) = path.iter().position(|p| p == at) {
            return Some(path[i..].to_vec());
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.clone());
        for next in edges.get(at).into_iter().flatten() {
            if let Some(c) = visit(next, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(at.clone());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|f| visit(f, edges, &mut Vec::new(), &mut done))
}

#[test]
fn the_reader_finds_imports_as_rust_writes_them() {
    assert_eq!(
        imports("use super::{a, b::{c, d as e}, f::*};\nfn x() { use crate::g; }"),
        [
            "super::a",
            "super::b::c",
            "super::b::d",
            "super::f",
            "crate::g"
        ]
    );
    let mut edges = BTreeMap::new();
    let (a, b) = (PathBuf::from("a"), PathBuf::from("b"));
    edges.insert(a.clone(), BTreeSet::from([b.clone()]));
    edges.insert(b.clone(), BTreeSet::new());
    assert_eq!(circle(&edges), None);
    edges.insert(b.clone(), BTreeSet::from([a.clone()]));
    assert_eq!(circle(&edges), Some(vec![a, b]));
}

#[test]
fn no_import_circle_in_the_library() {
    let edges = graph();
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 100,
        "imports are read"
    );
    if let Some(c) = circle(&edges) {
        let names: Vec<String> = c
            .iter()
            .map(|p| p.strip_prefix(src()).unwrap().display().to_string())
            .collect();
        panic!("import circle: {} → back", names.join(" → "));
    }
}

#[test]
fn no_page_imports_another_page() {
    for side in ["app/pages", "ui/pages"] {
        let dir = src().join(side);
        let mut files = Vec::new();
        sources(&dir, &mut files);
        let page_of = |f: &Path| {
            let rel = f.strip_prefix(&dir).unwrap();
            let first = rel.components().next().unwrap().as_os_str();
            first.to_string_lossy().trim_end_matches(".rs").to_string()
        };
        let pages: BTreeSet<String> = files.iter().map(|f| page_of(f)).collect();
        let prefix = format!("crate::{}::", side.replace('/', "::"));
        for file in files.iter().filter(|f| page_of(f) != "mod") {
            let me = page_of(file);
            let module = module_of(file);
            let text = std::fs::read_to_string(file).unwrap();
            for path in imports(&code(&text)) {
                // The page's module path, spelled from the crate root.
                let mut at = module.clone();
                let mut segs = path.split("::").peekable();
                let full = match segs.peek().copied() {
                    Some("crate") => path.clone(),
                    Some("super" | "self") => {
                        if segs.next() == Some("super") {
                            at.pop();
                        }
                        while segs.peek() == Some(&"super") {
                            segs.next();
                            at.pop();
                        }
                        let rest: Vec<&str> = segs.collect();
                        format!("crate::{}::{}", at.join("::"), rest.join("::"))
                    }
                    _ => continue,
                };
                let Some(named) = full.strip_prefix(&prefix) else {
                    continue;
                };
                let other = named.split("::").next().unwrap_or_default();
                assert!(
                    !pages.contains(other) || other == me || other == "mod",
                    "{} imports the page {other}: {path}",
                    file.strip_prefix(src()).unwrap().display()
                );
            }
        }
    }
}

#[test]
fn every_source_file_is_under_600_lines() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    for dir in ["benches", "tests", "examples"] {
        sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines >= MAX_LINES).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "files of 600 lines or more: {long:?}");
}

/// Times of day and the zone come from `clock.rs` alone, so a test that fixes the clock fixes
/// every time the app, its client and the simulator show (`Instant`s for countdowns are
/// another matter: they measure, they are not shown as times of day).
#[test]
fn only_the_clock_reads_the_time_of_day_or_the_zone() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let readers: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with("clock.rs") && !f.ends_with("tests.rs"))
        .filter(|f| {
            let code = code(&std::fs::read_to_string(f).unwrap());
            [
                "Utc::now()",
                "Local::now()",
                "chrono::Local",
                "SystemTime::now()",
            ]
            .iter()
            .any(|r| code.contains(r))
        })
        .map(|f| f.strip_prefix(src()).unwrap().display().to_string())
        .collect();
    assert!(
        readers.is_empty(),
        "read the time through clock::Clock: {readers:?}"
    );
}
