//! Restores to the original location (v6+): v6/v7 answer when the restore has ended, with
//! its statistics; v8 answers a session id at once and the restore runs on its own, followed
//! through that id's `Statistics` and `Events`. Credentials are checked as the server does: a
//! restore device code must have been used; one kind of credentials, not two.

use serde_json::{Value, json};

use crate::api::models::{RestoreType, Timestamp};
use crate::api::version::ApiVersion;
use crate::sim::data;
use crate::sim::lookup::{lookup, lookup_str, not_found, validation};
use crate::sim::state::{RestoreJob, Sim};
use crate::sim::wire::{Reply, SimRequest};

/// How many items a folder and a mailbox restore put back.
const FOLDER_ITEMS: u64 = 25;
pub(super) const MAILBOX_ITEMS: u64 = 120;

/// `POST …/mailboxes/{id}/restore`, `…/folders/{id}/restore`, `…/items/restore` and
/// `…/items/{id}/restore`, and each one's `restoreTo` (another mailbox). `tail` is the
/// lower-cased path after the mailbox id.
pub(super) fn restore(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    mailbox: &str,
    tail: &[&str],
) -> Reply {
    if let Err(r) = open_mailbox(sim, v, session, mailbox) {
        return r;
    }
    let body = req.body_value().unwrap_or_else(|| json!({}));
    // `restoreTo` puts the items in another mailbox, which it must name.
    let (verb, tail) = tail.split_last().unwrap_or((&"", &[]));
    if *verb == "restoreto" && lookup_str(&body, "mailbox").is_none_or(|m| m.trim().is_empty()) {
        return validation(v, "mailbox is required: the mailbox to restore to.");
    }
    if let Err(r) = check_region(v, &body).and_then(|_| check_credentials(sim, v, &body)) {
        return r;
    }
    let (names, folders): (Vec<String>, bool) = match tail {
        [] => (numbered("Mailbox item", MAILBOX_ITEMS), true),
        ["folders", _] => (numbered("Folder item", FOLDER_ITEMS), true),
        ["items"] => {
            let ids: Vec<String> = named_ids(&body, "items");
            if ids.is_empty() {
                return validation(v, "items must name at least one item.");
            }
            (ids.iter().map(|id| format!("Item {id}")).collect(), false)
        }
        ["items", id] => (vec![format!("Item {id}")], false),
        _ => return not_found(v),
    };
    let shape = if folders {
        Shape::Folders
    } else {
        Shape::Items
    };
    finish(sim, v, names, shape)
}

/// The statistics a v6/v7 restore answers with.
pub(super) enum Shape {
    /// `RESTItemsRestoreStatistics` (mail items).
    Items,
    /// `RESTFoldersRestoreStatistics` (a folder or a mailbox).
    Folders,
    /// `RESTItemRestoreStatistics` (OneDrive and SharePoint documents).
    Documents,
    /// `RESTRestoreStatistics` (Teams).
    Posts,
    /// `RESTListRestoreStatistics` (a library or a list).
    Lists,
    /// `RESTWebRestoreStatistics` (a site).
    Webs,
}

/// `POST …/OneDrives/{id}/Documents/restore`, `…/Sites/{id}/Documents/restore` and one
/// document's `…/Documents/{id}/restore`, with the options their schemas name; the same with
/// `copyTo` (OneDrive: a copy in another OneDrive) and `restoreTo` (SharePoint: another site).
#[allow(clippy::too_many_arguments)]
pub(super) fn documents(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    what: &str,
    id: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    let body = req.body_value().unwrap_or_else(|| json!({}));
    let (verb, ids): (&str, Vec<String>) = match tail {
        ["documents", verb] => (verb, named_ids(&body, "documents")),
        ["documents", _, verb] => (verb, vec![raw[1].to_string()]),
        _ => return not_found(v),
    };
    match (what, verb) {
        (_, "restore") | ("onedrives", "copyto") | ("sites", "restoreto") => {}
        _ => return not_found(v),
    }
    if ids.is_empty() {
        return validation(v, "documents must name at least one document.");
    }
    let names = match super::drive::document_names(sim, v, session, what, id, &ids) {
        Ok(n) => n,
        Err(r) => return r,
    };
    if let Err(r) = check_target(v, &body, verb) {
        return r;
    }
    let allowed: &[(&str, &[&str])] = if what == "onedrives" && verb == "restore" {
        &[("documentAction", &["Overwrite", "Keep"])]
    } else {
        &[
            ("documentVersion", &["All", "Last"]),
            ("documentLastVersionAction", &["Overwrite", "Merge"]),
        ]
    };
    for (key, values) in allowed {
        if let Some(given) = lookup_str(&body, key)
            && !values.contains(&given.as_str())
        {
            return validation(v, &format!("{key} must be one of {}.", values.join(", ")));
        }
    }
    if let Err(r) = check_credentials(sim, v, &body) {
        return r;
    }
    finish(sim, v, names, Shape::Documents)
}

/// The place a `copyTo` or `restoreTo` of documents names: a OneDrive (by id, name or URL)
/// or a site's URL; and a region the API knows.
pub(super) fn check_target(v: ApiVersion, body: &Value, verb: &str) -> Result<(), Reply> {
    match verb {
        "copyto" => {
            let onedrive = lookup(body, "onedrive").cloned().unwrap_or(Value::Null);
            if !["id", "name", "url"]
                .iter()
                .any(|k| lookup_str(&onedrive, k).is_some_and(|s| !s.trim().is_empty()))
            {
                return Err(validation(
                    v,
                    "onedrive is required: the OneDrive to copy to (its id, name or url).",
                ));
            }
        }
        "restoreto" => {
            let url = lookup_str(body, "siteURL").unwrap_or_default();
            if !url.starts_with("https://") {
                return Err(validation(
                    v,
                    "siteURL is required: the https:// address of the site to restore to.",
                ));
            }
        }
        _ => {}
    }
    check_region(v, body)
}

/// A target organization's region, when given, is one the API knows.
fn check_region(v: ApiVersion, body: &Value) -> Result<(), Reply> {
    if let Some(region) = lookup_str(body, "officeRegion")
        && matches!(
            crate::api::models::Region::from_name(&region),
            crate::api::models::Region::Unknown(_)
        )
    {
        return Err(validation(
            v,
            "officeRegion must be one of Worldwide, Germany, China, USDefence, USGovernment.",
        ));
    }
    Ok(())
}

/// `POST …/teams/{teamId}/posts/restore`: the posts of a channel (`channelId`, required),
/// those posted from `from` to `to` when given.
pub(super) fn posts(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: &str,
) -> Reply {
    let body = req.body_value().unwrap_or_else(|| json!({}));
    let channel = lookup_str(&body, "channelId");
    if channel.is_none() {
        return validation(v, "channelId is required.");
    }
    let when = |k: &str| lookup_str(&body, k).and_then(|t| Timestamp::parse(&t));
    let names = match super::teams::posts_between(
        sim,
        v,
        session,
        team,
        channel.as_ref(),
        when("from"),
        when("to"),
    ) {
        Ok(n) => n,
        Err(r) => return r,
    };
    if names.is_empty() {
        return validation(v, "The channel has no posts in that time.");
    }
    if let Err(r) = check_credentials(sim, v, &body) {
        return r;
    }
    finish(sim, v, names, Shape::Posts)
}

/// The answer to a restore of `names`: on v8 a session id at once, the restore going on
/// its own; on v6/v7 the statistics of its shape once it has taken its time.
pub(super) fn finish(sim: &Sim, v: ApiVersion, names: Vec<String>, shape: Shape) -> Reply {
    let failing = sim
        .state()
        .restore_faults
        .fail_items
        .min(names.len() as u64);
    if v >= ApiVersion::V8 {
        return Reply::json(200, json!({ "sessionId": start_job(sim, names) }));
    }
    let total = names.len() as u64;
    let from = names.len() - failing as usize;
    let issues: Vec<Value> = names[from..]
        .iter()
        .enumerate()
        .map(|(i, n)| {
            json!({ "id": data::uuid_for(99, i as u64), "title": n, "type": "Item",
                "error": "The object is locked by another user.", "warnings": [] })
        })
        .collect();
    let stats = match shape {
        Shape::Posts => json!({
            "totalItemsCount": total,
            "restoredItemsCount": total - failing,
            "failedItemsCount": failing,
            "skippedItemsCount": 0,
            "restoreIssues": issues,
        }),
        Shape::Lists => json!({
            "totalItemsCount": total,
            "restoredItemsCount": total - failing,
            "failedItemsCount": failing,
            "skippedItemsByErrorCount": 0,
            "skippedItemsByNoChangesCount": 0,
            "restoredListsCount": 1,
            "failedListsCount": 0,
            "failedRestrictionsCount": 0,
            "restoreIssues": issues,
        }),
        // A site counts its webs (the site and its subsites) and lists, not items.
        Shape::Webs => json!({
            "restoredWebsCount": 1 + total / 20,
            "failedWebsCount": 0,
            "restoredListsCount": total / 4 - failing.min(total / 4),
            "failedListsCount": failing.min(total / 4),
            "failedRestrictionsCount": 0,
            "restoreIssues": issues,
        }),
        Shape::Documents => {
            json!({
                "totalItemsCount": total,
                "restoredItemsCount": total - failing,
                "failedItemsCount": failing,
                "skippedItemsByErrorCount": 0,
                "skippedItemsByNoChangesCount": 0,
                "failedRestrictionsCount": 0,
                "restoreIssues": issues,
            })
        }
        Shape::Items | Shape::Folders => {
            let merged = (total / 5).min(total - failing);
            let mut stats = json!({
                "createdItemsCount": total - merged - failing,
                "mergedItemsCount": merged,
                "failedItemsCount": failing,
                "skippedItemsCount": 0,
                "exceptions": failures(&names, failing),
                "warnings": [],
            });
            if matches!(shape, Shape::Folders) {
                stats["failedFoldersCount"] = json!(0);
            }
            stats
        }
    };
    Reply::json(200, stats).after(sim.config.restore_duration)
}

/// A restore that runs on its own from now, to follow by its id.
pub(super) fn start_job(sim: &Sim, names: Vec<String>) -> String {
    let mut st = sim.state();
    let failing = st.restore_faults.fail_items.min(names.len() as u64);
    let id = data::uuid_for(98, st.next());
    st.restores.push(RestoreJob {
        id: id.clone(),
        started: tokio::time::Instant::now(),
        names,
        failing,
    });
    id
}

/// `POST …/mailboxes/{id}/items/operatorRestore` (every version): the restore operator's
/// restore of mail items, with the reason it must give; answered with a session id at once,
/// whose events follow it.
pub(super) fn operator(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    mailbox: &str,
) -> Reply {
    if let Err(r) = open_mailbox(sim, v, session, mailbox) {
        return r;
    }
    let body = req.body_value().unwrap_or_else(|| json!({}));
    if lookup_str(&body, "reason").is_none_or(|r| r.trim().is_empty()) {
        return validation(v, "An operator restore needs a reason.");
    }
    let ids: Vec<String> = named_ids(&body, "items");
    if ids.is_empty() {
        return validation(v, "items must name at least one item.");
    }
    let names = ids.iter().map(|id| format!("Item {id}")).collect();
    Reply::json(200, json!({ "sessionId": start_job(sim, names) }))
}

/// A mailbox of an open Exchange session, or the server's refusal.
pub(super) fn open_mailbox(
    sim: &Sim,
    v: ApiVersion,
    session: &str,
    mailbox: &str,
) -> Result<(), Reply> {
    super::listings::inside(sim, v, session, RestoreType::Vex, "mailboxes")?;
    match data::mailbox_index(mailbox) {
        Some(m) if m < sim.config.mailboxes => Ok(()),
        _ => Err(Reply::error(
            Some(v),
            404,
            "The mailbox does not exist.",
            "ResourceNotFound",
        )),
    }
}

/// "Mailbox item 1", "Mailbox item 2", …
pub(super) fn numbered(what: &str, n: u64) -> Vec<String> {
    (1..=n).map(|i| format!("{what} {i}")).collect()
}

/// The error text of each failing item (the last `failing` ones).
fn failures(names: &[String], failing: u64) -> Vec<String> {
    let from = names.len().saturating_sub(failing as usize);
    names[from..]
        .iter()
        .map(|n| format!("Failed to restore {n}: the item is locked by another process."))
        .collect()
}

/// One kind of credentials, complete, and a restore device code only once it was used.
pub(super) fn check_credentials(sim: &Sim, v: ApiVersion, body: &Value) -> Result<(), Reply> {
    let has = |k: &str| lookup_str(body, k).is_some_and(|s| !s.is_empty());
    let code = has("userCode");
    let certificate = has("applicationId") || has("applicationCertificate");
    let password = has("userName") || has("userPassword");
    match [code, certificate, password].iter().filter(|k| **k).count() {
        0 => {
            return Err(validation(
                v,
                "Name the credentials of the restore: userCode, an application certificate, or userName and userPassword.",
            ));
        }
        1 => {}
        _ => {
            return Err(validation(
                v,
                "Use one kind of credentials: a device code, an application certificate, or a user name and password.",
            ));
        }
    }
    if certificate && !(has("applicationId") && has("applicationCertificate")) {
        return Err(validation(
            v,
            "An application certificate needs applicationId and applicationCertificate.",
        ));
    }
    if password && !(has("userName") && has("userPassword")) {
        return Err(validation(v, "userName and userPassword go together."));
    }
    if let Some(user_code) = lookup_str(body, "userCode") {
        let used = sim
            .state()
            .device_codes
            .get(&user_code.to_ascii_uppercase())
            .cloned()
            .is_some_and(|c| crate::sim::state::device_code_approved(sim, &c));
        if !used {
            return Err(Reply::error(
                Some(v),
                400,
                &format!(
                    "The device code {user_code} has not been used to sign in to Microsoft 365. Sign in with it, then restore."
                ),
                "ParameterValidationFailure",
            ));
        }
    }
    if sim.state().restore_faults.reject_credentials {
        return Err(Reply::error(
            Some(v),
            400,
            "Failed to connect to Microsoft 365: the credentials were refused (AADSTS50126: invalid username or password).",
            "ParameterValidationFailure",
        ));
    }
    Ok(())
}

/// How far a v8 restore has come: items processed so far, of all.
fn progress(sim: &Sim, job: &RestoreJob) -> u64 {
    let total = job.names.len() as u64;
    let duration = sim.config.restore_duration;
    if duration.is_zero() {
        return total;
    }
    let share = job.started.elapsed().as_secs_f64() / duration.as_secs_f64();
    ((total as f64 * share).ceil() as u64).min(total)
}

fn find_job(sim: &Sim, id: &str) -> Option<RestoreJob> {
    sim.state()
        .restores
        .iter()
        .find(|j| j.id.eq_ignore_ascii_case(id))
        .cloned()
}

/// Whether `id` names a restore that runs on its own.
pub(super) fn is_job(sim: &Sim, id: &str) -> bool {
    find_job(sim, id).is_some()
}

/// `GET /v8/RestoreSessions/{id}/Statistics`: how far the restore of that id has come; a
/// restore session that ran no restore counts nothing.
pub(super) fn statistics(sim: &Sim, v: ApiVersion, id: &str) -> Reply {
    if v < ApiVersion::V8 {
        return not_found(v);
    }
    let Some(job) = find_job(sim, id) else {
        if super::sessions::find_session(sim, id).is_none() {
            return super::sessions::session_not_found(v, id);
        }
        return Reply::json(
            200,
            json!({ "totalItemsCount": 0, "restoredItemsCount": 0, "failedItemsCount": 0,
                "skippedItemsCount": 0, "warnings": [], "errors": [], "items": [] }),
        );
    };
    let total = job.names.len() as u64;
    let done = progress(sim, &job);
    let failed = done.saturating_sub(total - job.failing);
    let items: Vec<Value> = job.names[..done as usize]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let bad = i as u64 >= total - job.failing;
            let mut item = json!({
                "itemRestoreDetailsType": "Item",
                "id": data::uuid_for(99, i as u64),
                "name": name,
                "itemType": "ExchangeMailbox",
                "status": if bad { "Failed" } else { "Success" },
            });
            if bad {
                item["error"] = json!("The item is locked by another process.");
            }
            item
        })
        .collect();
    Reply::json(
        200,
        json!({
            "totalItemsCount": total,
            "restoredItemsCount": done - failed,
            "failedItemsCount": failed,
            "skippedItemsCount": 0,
            "warnings": [],
            "errors": failures(&job.names[..done as usize], failed),
            "items": items,
        }),
    )
}

/// `GET /v8/RestoreSessions/{id}/Events` of a restore that runs on its own: one `Restore`
/// event an item processed.
pub(super) fn events(sim: &Sim, v: ApiVersion, req: &SimRequest, id: &str) -> Reply {
    let Some(job) = find_job(sim, id) else {
        return not_found(v);
    };
    let (offset, limit) = match crate::sim::lookup::paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let total = job.names.len() as u64;
    let done = progress(sim, &job);
    let start = Timestamp(sim.config.clock.now());
    let mut all: Vec<Value> = job.names[..done as usize]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let bad = i as u64 >= total - job.failing;
            json!({
                "id": data::uuid_for(100, i as u64),
                "type": "Restore",
                "status": if bad { "Failed" } else { "Success" },
                "itemName": name,
                "itemType": "Item",
                "source": "Original location",
                "target": "Original location",
                "message": if bad { format!("Failed to restore {name}.") } else { format!("Restored {name}.") },
                "startTime": start.to_wire(),
                "order": i,
            })
        })
        .collect();
    // The item being restored now, while there is one.
    if let Some(name) = job.names.get(done as usize) {
        all.push(json!({
            "id": data::uuid_for(100, done),
            "type": "Restore",
            "status": "Running",
            "itemName": name,
            "itemType": "Item",
            "message": format!("Restoring {name}…"),
            "startTime": start.to_wire(),
            "order": done,
        }));
    }
    crate::sim::lookup::window(v, offset, limit, all)
}

/// The ids a body names under `key` (`[{"id": …}, …]`).
pub(super) fn named_ids(body: &Value, key: &str) -> Vec<String> {
    lookup(body, key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|d| lookup_str(d, "id"))
        .collect()
}
