//! Downloads inside an Exchange restore session (v6+): PST exports of the organization, a
//! mailbox, a folder, several items or one item, and MSG saves of one or several items. They
//! answer `application/octet-stream`, streamed in chunks; a PST split by size arrives as a
//! ZIP, as do several MSG files.

use serde_json::Value;

use crate::api::models::RestoreType;
use crate::api::version::ApiVersion;
use crate::sim::data;
use crate::sim::lookup::{lookup, lookup_bool, validation};
use crate::sim::state::Sim;
use crate::sim::wire::{FileKind, Reply, SimRequest};

/// What the request asks for, from the path after `…/organization/`.
enum Target {
    Organization,
    Mailbox(u64),
    Folder(u64),
    /// A mailbox and how many of its items.
    Items(u64, usize),
    Item(u64),
}

/// `POST …/exportToPst` and `POST …/save|Save`; `tail` is the lower-cased path after
/// `organization`, `raw` the same with ids in their case.
pub(super) fn download(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    if let Err(r) = super::listings::inside(sim, v, session, RestoreType::Vex, "mailboxes") {
        return r;
    }
    let body = req.body_value().unwrap_or(Value::Null);
    let pst = tail.last() == Some(&"exporttopst");
    let target = match target(sim, tail, raw, &body) {
        Ok(t) => t,
        Err(message) => return Reply::error(Some(v), 404, &message, "ResourceNotFound"),
    };
    if let Target::Items(_, 0) = target {
        return validation(v, "items must name at least one item.");
    }
    let split = match size_limit(&body) {
        Ok(limit) => pst && limit.is_some(),
        Err(message) => return validation(v, &message),
    };
    let kind = match (&target, pst) {
        (_, true) if split => FileKind::Zip,
        (_, true) => FileKind::Pst,
        (Target::Item(_), false) => FileKind::Msg,
        (_, false) => FileKind::Zip,
    };
    let (size, name) = (natural_size(&target, pst), file_name(&target, kind));
    crate::sim::lookup::file_reply(sim, kind, size, name)
}

fn target(sim: &Sim, tail: &[&str], raw: &[&str], body: &Value) -> Result<Target, String> {
    let mailbox = |id: &str| {
        data::mailbox_index(id)
            .filter(|m| *m < sim.config.mailboxes)
            .ok_or_else(|| "The mailbox does not exist.".to_string())
    };
    let item = |m: u64, id: &str| match data::item_place(id) {
        Some((im, ..)) if im == m => Ok(()),
        _ => Err(format!("The item {id} is not an item of this mailbox.")),
    };
    match tail {
        ["exporttopst"] => Ok(Target::Organization),
        ["mailboxes", _, "exporttopst"] => Ok(Target::Mailbox(mailbox(raw[1])?)),
        ["mailboxes", _, "folders", _, "exporttopst"] => {
            let m = mailbox(raw[1])?;
            data::folder_item_count(m, raw[3])
                .map(|_| Target::Folder(m))
                .ok_or_else(|| "The folder is not a folder of this mailbox.".into())
        }
        ["mailboxes", _, "items", "exporttopst" | "save"] => {
            let m = mailbox(raw[1])?;
            let items = lookup(body, "items").and_then(Value::as_array);
            let ids = items.map(Vec::as_slice).unwrap_or_default();
            for id in ids {
                item(
                    m,
                    lookup(id, "id").and_then(Value::as_str).unwrap_or_default(),
                )?;
            }
            Ok(Target::Items(m, ids.len()))
        }
        ["mailboxes", _, "items", _, "exporttopst" | "save"] => {
            let m = mailbox(raw[1])?;
            item(m, raw[3])?;
            Ok(Target::Item(m))
        }
        _ => Err("The requested resource does not exist.".into()),
    }
}

/// `enablePstSizeLimit` with `pstSizeLimitBytes` between 1 GB and 49 GB, as the schema says.
fn size_limit(body: &Value) -> Result<Option<u64>, String> {
    if lookup_bool(body, "enablePstSizeLimit") != Some(true) {
        return Ok(None);
    }
    const GB: u64 = 1 << 30;
    match lookup(body, "pstSizeLimitBytes").and_then(Value::as_u64) {
        Some(b) if (GB..=49 * GB).contains(&b) => Ok(Some(b)),
        Some(_) => Err("pstSizeLimitBytes must be between 1 GB and 49 GB.".into()),
        None => Err("pstSizeLimitBytes is required when enablePstSizeLimit is true.".into()),
    }
}

/// A realistic size: a few MB for a mailbox, less for a folder, tens of KB an item.
fn natural_size(target: &Target, pst: bool) -> u64 {
    const KB: u64 = 1024;
    let base = if pst { 256 * KB } else { 0 };
    base + match target {
        Target::Organization => 8 * KB * KB,
        Target::Mailbox(_) => 4 * KB * KB,
        Target::Folder(_) => KB * KB + KB * KB / 2,
        Target::Items(_, n) => 48 * KB * *n as u64,
        Target::Item(_) => 48 * KB,
    }
}

fn file_name(target: &Target, kind: FileKind) -> String {
    let stem = match target {
        Target::Organization => "organization".to_string(),
        Target::Mailbox(m) | Target::Folder(m) | Target::Items(m, _) | Target::Item(m) => {
            crate::sim::mailbox_name(*m).replace(' ', "_")
        }
    };
    format!("{stem}.{}", kind.extension())
}
