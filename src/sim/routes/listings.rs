//! What a restore session browses: the organization's mailboxes, OneDrives, sites and teams.

use serde_json::Value;

use super::sessions::{find_session, session_not_found};
use crate::api::models::RestoreType;
use crate::api::version::ApiVersion;
use crate::sim::data;
use crate::sim::lookup::{not_found, page_json, paging, validation};
use crate::sim::state::Sim;
use crate::sim::wire::{Reply, SimRequest};

/// The session when it is of the `needed` type and still open, else the server's refusal.
pub(super) fn browsable(
    sim: &Sim,
    v: ApiVersion,
    id: &str,
    needed: RestoreType,
    what: &str,
) -> Result<(), Reply> {
    let Some(stored) = find_session(sim, id) else {
        return Err(session_not_found(v, id));
    };
    if stored.session.kind != needed {
        return Err(validation(
            v,
            &format!(
                "This is a {} restore session; {what} are listed in {} sessions.",
                stored.session.kind.label(),
                needed.label()
            ),
        ));
    }
    if stored.stopped.is_some() {
        return Err(Reply::error(
            Some(v),
            400,
            "The restore session has been stopped.",
            "OperationConflict",
        ));
    }
    Ok(())
}

/// One mailbox of the session, as the list shows it.
pub(super) fn one_mailbox(sim: &Sim, v: ApiVersion, id: &str, mailbox: &str) -> Reply {
    if let Err(r) = browsable(sim, v, id, RestoreType::Vex, "mailboxes") {
        return r;
    }
    match data::mailbox_index(mailbox).filter(|m| *m < sim.config.mailboxes) {
        Some(m) => Reply::json(200, data::mailbox(m)),
        None => Reply::error(
            Some(v),
            404,
            "The mailbox does not exist.",
            "ResourceNotFound",
        ),
    }
}

/// One item of a mailbox with all its fields (v6+).
pub(super) fn mailbox_item(sim: &Sim, v: ApiVersion, id: &str, mailbox: &str, item: &str) -> Reply {
    if !v.has_mailbox_folders() {
        return not_found(v);
    }
    if let Err(r) = browsable(sim, v, id, RestoreType::Vex, "mailboxes") {
        return r;
    }
    let m = data::mailbox_index(mailbox).filter(|m| *m < sim.config.mailboxes);
    match (m, data::item_place(item)) {
        (Some(m), Some((im, f, j))) if im == m => Reply::json(
            200,
            data::mailbox_item(m, &data::folder_id_of(m, f), j, v, sim.epoch),
        ),
        _ => Reply::error(
            Some(v),
            404,
            "The item does not exist in this mailbox.",
            "ResourceNotFound",
        ),
    }
}

/// Inside one mailbox (v6+): its folders under `parentId`, or the items of a folder
/// (`folderId` on v6, `parentId` from v7).
pub(super) fn mailbox_level(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    id: &str,
    mailbox: &str,
    what: &str,
) -> Reply {
    if !v.has_mailbox_folders() {
        return not_found(v);
    }
    if let Err(r) = browsable(sim, v, id, RestoreType::Vex, "mailboxes") {
        return r;
    }
    let Some(m) = data::mailbox_index(mailbox).filter(|m| *m < sim.config.mailboxes) else {
        return Reply::error(
            Some(v),
            404,
            "The mailbox does not exist.",
            "ResourceNotFound",
        );
    };
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let page = |all: Vec<Value>, total: u64| {
        let end = total.min(offset.saturating_add(limit)) as usize;
        let results = all
            .into_iter()
            .skip(offset as usize)
            .take(end.saturating_sub(offset as usize))
            .collect();
        Reply::json(200, page_json(v, offset, limit, results, total))
    };
    match what {
        "folders" => {
            let parent = req.query.get("parentid").map(String::as_str);
            match data::mailbox_folders(m, parent, v) {
                Some(all) => {
                    let total = all.len() as u64;
                    page(all, total)
                }
                None => validation(v, "parentId is not a folder of this mailbox."),
            }
        }
        _ => {
            let key = if v == ApiVersion::V6 {
                "folderid"
            } else {
                "parentid"
            };
            let Some(folder) = req.query.get(key) else {
                return validation(
                    v,
                    &format!(
                        "{} is required.",
                        if v == ApiVersion::V6 {
                            "folderId"
                        } else {
                            "parentId"
                        }
                    ),
                );
            };
            let Some(total) = data::folder_item_count(m, folder) else {
                return validation(v, "The folder is not a folder of this mailbox.");
            };
            let end = total.min(offset.saturating_add(limit));
            let results = (offset.min(end)..end)
                .map(|j| data::mailbox_item(m, folder, j, v, sim.epoch))
                .collect();
            Reply::json(200, page_json(v, offset, limit, results, total))
        }
    }
}

pub(super) fn listing(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str, what: &str) -> Reply {
    let needed = match what {
        "mailboxes" => RestoreType::Vex,
        "onedrives" => RestoreType::Veod,
        "sites" => RestoreType::Vesp,
        "teams" => RestoreType::Vet,
        _ => return not_found(v),
    };
    if let Err(r) = browsable(sim, v, id, needed, what) {
        return r;
    }
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let n = sim.config.mailboxes;
    let window = |total: u64, item: &dyn Fn(u64) -> Value| -> Value {
        let end = total.min(offset.saturating_add(limit));
        let results = (offset.min(end)..end).map(item).collect();
        page_json(v, offset, limit, results, total)
    };
    let body = match what {
        "mailboxes" => window(n, &data::mailbox),
        "onedrives" => window(n, &data::onedrive),
        "sites" => {
            let count = data::site_count(n);
            let parent = req.query.get("parentid").cloned();
            let ids: Vec<u64> = (0..count)
                .filter(|&i| {
                    let (_, p) = data::site(i);
                    // No parentId: every site and subsite; `root`: the top-level sites.
                    match parent.as_deref() {
                        None => true,
                        Some(r) if r.eq_ignore_ascii_case("root") => p.is_none(),
                        Some(want) => p.as_deref().is_some_and(|p| p.eq_ignore_ascii_case(want)),
                    }
                })
                .collect();
            window(ids.len() as u64, &|k| data::site(ids[k as usize]).0)
        }
        _ => {
            let count = data::team_count(n);
            let filter = req.query.get("displayname").map(|s| s.to_lowercase());
            let ids: Vec<u64> = (0..count)
                .filter(|&i| {
                    filter.as_ref().is_none_or(|f| {
                        data::team(i, v)["displayName"]
                            .as_str()
                            .is_some_and(|n| n.to_lowercase().contains(f))
                    })
                })
                .collect();
            window(ids.len() as u64, &|k| data::team(ids[k as usize], v))
        }
    };
    Reply::json(200, body)
}

/// The session, when it is an open session of this type in a version with item browsing
/// (v6+); else the server's answer.
pub(super) fn inside(
    sim: &Sim,
    v: ApiVersion,
    session: &str,
    needed: crate::api::models::RestoreType,
    what: &str,
) -> Result<(), Reply> {
    if !v.has_mailbox_folders() {
        return Err(not_found(v));
    }
    browsable(sim, v, session, needed, what)
}
