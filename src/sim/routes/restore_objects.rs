//! Restores of whole things and of Teams content (v6+): a OneDrive, a folder, a version, a
//! library, a list and its items, a site (where they were, or elsewhere: `copyTo` for
//! OneDrive, `restoreTo` for SharePoint), and a team, a channel, files and tabs, with the
//! options each schema requires; and v4/v5's `Action` restore of a mailbox or its items. The
//! answer is the version's, as for every restore.

use serde_json::{Value, json};

use super::restores::{
    Shape, check_credentials, check_target, finish, named_ids as named, numbered,
};
use crate::api::version::ApiVersion;
use crate::sim::lookup::{lookup, lookup_str, not_found, validation};
use crate::sim::state::Sim;
use crate::sim::wire::{Reply, SimRequest};

/// How many objects a restore of a whole thing puts back.
const ONEDRIVE_ITEMS: u64 = 40;
const FOLDER_ITEMS: u64 = 12;
const LIST_ITEMS: u64 = 30;
const SITE_ITEMS: u64 = 60;
const CHANNEL_ITEMS: u64 = 25;
const TEAM_ITEMS: u64 = 80;

/// The ids a body names under `key`, or the refusal of a body that names none.
fn listed(v: ApiVersion, body: &Value, key: &str, what: &str) -> Result<Vec<String>, Reply> {
    let ids = named(body, key);
    if ids.is_empty() {
        return Err(validation(
            v,
            &format!("{key} must name at least one {what}."),
        ));
    }
    Ok(ids)
}

/// Each option given is one of the values its enum names.
fn check_enums(v: ApiVersion, body: &Value) -> Result<(), Reply> {
    let enums: [(&str, &[&str]); 4] = [
        ("documentAction", &["Overwrite", "Keep"]),
        ("documentVersion", &["All", "Last"]),
        ("documentLastVersionAction", &["Overwrite", "Merge"]),
        ("fileVersion", &["All", "Last"]),
    ];
    for (key, values) in enums {
        if let Some(given) = lookup_str(body, key)
            && !values.contains(&given.as_str())
        {
            return Err(validation(
                v,
                &format!("{key} must be one of {}.", values.join(", ")),
            ));
        }
    }
    Ok(())
}

/// The options a Teams body must give, each a boolean.
fn require(v: ApiVersion, body: &Value, keys: &[&str]) -> Result<(), Reply> {
    let missing: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| !lookup(body, k).is_some_and(Value::is_boolean))
        .collect();
    match missing.as_slice() {
        [] => Ok(()),
        [one] => Err(validation(v, &format!("{one} is required."))),
        many => Err(validation(v, &format!("{} are required.", many.join(", ")))),
    }
}

/// `POST …/OneDrives/{id}/…` and `…/Sites/{id}/…` restores of anything but documents:
/// `tail` is the lower-cased path after the OneDrive's or site's id.
pub(super) fn drive(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    what: &str,
    id: &str,
    tail: &[&str],
) -> Reply {
    let body = req.body_value().unwrap_or_else(|| json!({}));
    let Some((verb, place)) = tail.split_last() else {
        return not_found(v);
    };
    match (what, *verb) {
        (_, "restore") | ("onedrives", "copyto") | ("sites", "restoreto") => {}
        _ => return not_found(v),
    }
    let (names, shape) = match (what, place) {
        ("onedrives", []) => (numbered("Document", ONEDRIVE_ITEMS), Shape::Documents),
        ("sites", []) => (numbered("Site object", SITE_ITEMS), Shape::Webs),
        (_, ["folders", _]) => (numbered("Folder document", FOLDER_ITEMS), Shape::Documents),
        (_, ["folders"]) => {
            let folders = match listed(v, &body, "folders", "folder") {
                Ok(ids) => ids,
                Err(r) => return r,
            };
            let n = folders.len() as u64 * FOLDER_ITEMS;
            (numbered("Folder document", n), Shape::Documents)
        }
        (_, ["documents" | "folders" | "items", _, "versions", n]) => {
            (vec![format!("Version {n}")], Shape::Documents)
        }
        ("sites", ["libraries" | "lists", _]) => (numbered("List item", LIST_ITEMS), Shape::Lists),
        ("sites", ["items"]) => {
            let ids = match listed(v, &body, "items", "list item") {
                Ok(ids) => ids,
                Err(r) => return r,
            };
            (
                ids.iter().map(|i| format!("List item {i}")).collect(),
                Shape::Documents,
            )
        }
        ("sites", ["items", item]) => (vec![format!("List item {item}")], Shape::Documents),
        _ => return not_found(v),
    };
    if let Err(r) = super::drive::check_owner(sim, v, session, what, id)
        .and_then(|_| check_target(v, &body, verb))
        .and_then(|_| check_enums(v, &body))
        .and_then(|_| check_credentials(sim, v, &body))
    {
        return r;
    }
    finish(sim, v, names, shape)
}

/// `POST …/teams/{teamId}/…restore` of a team, a channel, files and tabs: `tail` is the
/// lower-cased path after the team's id, `raw` the same as sent.
pub(super) fn teams(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    let body = req.body_value().unwrap_or_else(|| json!({}));
    const ITEMS: [&str; 2] = ["restoreChangedItems", "restoreMissingItems"];
    const TABS: [&str; 2] = ["restoreChangedTabs", "restoreMissingTabs"];
    let (names, required, channel): (Vec<String>, Vec<&str>, Option<String>) = match tail {
        ["restore"] => (
            numbered("Team object", TEAM_ITEMS),
            vec![ITEMS[0], ITEMS[1], "restoreMembers", "restoreSettings"],
            None,
        ),
        ["channels", _, "restore"] => (
            numbered("Channel object", CHANNEL_ITEMS),
            ITEMS.to_vec(),
            Some(raw[1].to_string()),
        ),
        ["files", "restore"] => {
            let files = match listed(v, &body, "files", "file") {
                Ok(ids) => ids,
                Err(r) => return r,
            };
            let Some(channel) = lookup_str(&body, "channelId") else {
                return validation(v, "channelId is required.");
            };
            (
                files.iter().map(|f| format!("File {f}")).collect(),
                ITEMS.to_vec(),
                Some(channel),
            )
        }
        // One file: under its team before v8, under its channel from v8.
        ["files", _, "restore"] if v < ApiVersion::V8 => {
            (vec![format!("File {}", raw[1])], ITEMS.to_vec(), None)
        }
        ["channels", _, "files", _, "restore"] if v >= ApiVersion::V8 => (
            vec![format!("File {}", raw[3])],
            ITEMS.to_vec(),
            Some(raw[1].to_string()),
        ),
        ["channels", _, "tabs", "restore"] => {
            let tabs = match listed(v, &body, "tabs", "tab") {
                Ok(ids) => ids,
                Err(r) => return r,
            };
            (
                tabs.iter().map(|t| format!("Tab {t}")).collect(),
                TABS.to_vec(),
                Some(raw[1].to_string()),
            )
        }
        ["channels", _, "tabs", _, "restore"] => (
            vec![format!("Tab {}", raw[3])],
            TABS.to_vec(),
            Some(raw[1].to_string()),
        ),
        _ => return not_found(v),
    };
    let files = tail.contains(&"files");
    if let Err(r) = super::teams::check_team(sim, v, session, team, channel.as_ref())
        .and_then(|_| require(v, &body, &required))
        .and_then(|_| {
            if files && lookup_str(&body, "fileVersion").is_none() {
                Err(validation(v, "fileVersion is required."))
            } else {
                check_enums(v, &body)
            }
        })
        .and_then(|_| check_credentials(sim, v, &body))
    {
        return r;
    }
    finish(sim, v, names, Shape::Posts)
}

/// The reason an operator restore must give.
fn check_reason(v: ApiVersion, body: &Value) -> Result<(), Reply> {
    if lookup_str(body, "reason").is_none_or(|r| r.trim().is_empty()) {
        return Err(validation(v, "An operator restore needs a reason."));
    }
    Ok(())
}

/// `POST …/OneDrives/{id}/Documents/operatorRestore`, `…/Sites/{id}/Documents/…` and
/// `…/Sites/{id}/Items/operatorRestore` (every version): the restore operator's restore of
/// documents or list items, each in a config of its own; answered with a session id.
pub(super) fn operator_drive(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    what: &str,
    id: &str,
    files: &str,
) -> Reply {
    let body = req.body_value().unwrap_or_else(|| json!({}));
    let (configs, key) = match (what, files) {
        ("sites", "items") => ("itemsRestoreConfigs", "item"),
        (_, "documents") => ("documentsRestoreConfigs", "document"),
        _ => return not_found(v),
    };
    let names: Vec<String> = lookup(&body, configs)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| lookup(c, key).and_then(|d| lookup_str(d, "name")))
        .collect();
    if names.is_empty() {
        return validation(v, &format!("{configs} must name at least one {key}."));
    }
    if what == "onedrives" && lookup_str(&body, "documentAction").is_none() {
        return validation(v, "documentAction is required.");
    }
    if let Err(r) = super::drive::check_owner(sim, v, session, what, id)
        .and_then(|_| check_reason(v, &body))
        .and_then(|_| check_enums(v, &body))
    {
        return r;
    }
    Reply::json(
        200,
        json!({ "sessionId": super::restores::start_job(sim, names) }),
    )
}

/// `POST …/teams/{teamId}/…/operatorRestore` (v7+): the restore operator's restore of a
/// channel's posts, files or tabs, or of a channel; answered with a session id.
pub(super) fn operator_teams(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    if v < ApiVersion::V7 {
        return not_found(v);
    }
    let body = req.body_value().unwrap_or_else(|| json!({}));
    const ITEMS: [&str; 2] = ["restoreChangedItems", "restoreMissingItems"];
    let (names, required, channel): (Vec<String>, Vec<&str>, Option<String>) = match tail {
        ["posts", "operatorrestore"] => {
            let Some(channel) = lookup_str(&body, "channelId") else {
                return validation(v, "channelId is required.");
            };
            (numbered("Post", 3), Vec::new(), Some(channel))
        }
        ["files", "operatorrestore"] => {
            let files = match listed(v, &body, "files", "file") {
                Ok(ids) => ids,
                Err(r) => return r,
            };
            let channel = lookup_str(&body, "channelId");
            (
                files.iter().map(|f| format!("File {f}")).collect(),
                ITEMS.to_vec(),
                channel,
            )
        }
        ["channels", _, "operatorrestore"] => (
            numbered("Channel object", CHANNEL_ITEMS),
            ITEMS.to_vec(),
            Some(raw[1].to_string()),
        ),
        ["channels", _, "tabs", "operatorrestore"] => {
            let tabs = match listed(v, &body, "tabs", "tab") {
                Ok(ids) => ids,
                Err(r) => return r,
            };
            (
                tabs.iter().map(|t| format!("Tab {t}")).collect(),
                vec!["restoreChangedTabs", "restoreMissingTabs"],
                Some(raw[1].to_string()),
            )
        }
        _ => return not_found(v),
    };
    if let Err(r) = super::teams::check_team(sim, v, session, team, channel.as_ref())
        .and_then(|_| check_reason(v, &body))
        .and_then(|_| require(v, &body, &required))
        .and_then(|_| check_enums(v, &body))
    {
        return r;
    }
    Reply::json(
        200,
        json!({ "sessionId": super::restores::start_job(sim, names) }),
    )
}

/// `POST …/organization/mailboxes/restore` and `…/Organization/OneDrives/restore`: several
/// mailboxes or OneDrives at once, each where it was. Their bodies spell the user name and
/// password their own way; v6/v7 answer each one's result, v8 a session to follow.
pub(super) fn bulk(sim: &Sim, v: ApiVersion, req: &SimRequest, session: &str, what: &str) -> Reply {
    use crate::api::models::RestoreType;
    let body = req.body_value().unwrap_or_else(|| json!({}));
    let (key, kind, user, password) = match what {
        "mailboxes" => (
            "mailboxes",
            RestoreType::Vex,
            "office365UserName",
            "office365UserPassword",
        ),
        _ => (
            "oneDrives",
            RestoreType::Veod,
            "officeUsername",
            "officeUserpassword",
        ),
    };
    let listed: Vec<Value> = lookup(&body, key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if listed.is_empty() || listed.iter().any(|m| lookup_str(m, "id").is_none()) {
        return validation(v, &format!("{key} must name at least one, each by its id."));
    }
    // The credentials under the names the other restores give them.
    let mut creds = body.clone();
    for (from, to) in [(user, "userName"), (password, "userPassword")] {
        if let Some(value) = lookup(&body, from).cloned() {
            creds[to] = value;
        }
    }
    let label = if what == "mailboxes" {
        "Mailboxes"
    } else {
        "OneDrives"
    };
    if let Err(r) = super::listings::inside(sim, v, session, kind, label)
        .and_then(|_| check_enums(v, &body))
        .and_then(|_| check_credentials(sim, v, &creds))
    {
        return r;
    }
    let names: Vec<String> = listed
        .iter()
        .map(|m| lookup_str(m, "name").unwrap_or_else(|| "a mailbox".into()))
        .collect();
    if v >= ApiVersion::V8 {
        return Reply::json(
            200,
            json!({ "sessionId": super::restores::start_job(sim, names) }),
        );
    }
    let failing = sim.state().restore_faults.fail_items as usize;
    let n = listed.len();
    let details: Vec<Value> = listed
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let failed = i >= n.saturating_sub(failing);
            let whose = if what == "mailboxes" {
                "mailbox"
            } else {
                "oneDrive"
            };
            let mut d = json!({ whose: m, "status": if failed { "Failed" } else { "Success" } });
            if failed {
                d["error"] = json!("The mailbox could not be resolved in Microsoft 365.");
            }
            d["details"] = if what == "mailboxes" {
                json!({ "createdItemsCount": if failed { 0 } else { 120 }, "mergedItemsCount": 0,
                    "failedItemsCount": 0, "skippedItemsCount": 0, "warnings": [] })
            } else {
                json!({ "failedRestrictionsCount": 0, "restoreIssues": [] })
            };
            d
        })
        .collect();
    let status = if failing > 0 { "Warning" } else { "Success" };
    Reply::json(200, json!({ "status": status, "details": details }))
        .after(sim.config.restore_duration)
}

/// v4/v5 `POST …/Mailboxes/{id}/Action`, `…/Items/Action` and `…/Items/{id}/Action` with
/// `{"restoretoOriginallocation": {credentials, items}}`: the mailbox or its items where
/// they were; answered with the statistics once the restore has taken its time.
pub(super) fn legacy_action(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    mailbox: &str,
    tail: &[&str],
) -> Reply {
    if let Err(r) = super::listings::browsable(
        sim,
        v,
        session,
        crate::api::models::RestoreType::Vex,
        "mailboxes",
    ) {
        return r;
    }
    let body = req.body_value().unwrap_or_else(|| json!({}));
    let Some(inner) = lookup(&body, "restoretoOriginallocation").cloned() else {
        return validation(
            v,
            "The action is not supported. Use {\"restoretoOriginallocation\": {…}}.",
        );
    };
    if let Err(r) = check_credentials(sim, v, &inner) {
        return r;
    }
    let (names, shape) = match tail {
        ["action"] => (
            numbered("Mailbox item", super::restores::MAILBOX_ITEMS),
            Shape::Folders,
        ),
        ["items", "action"] => {
            let ids = match listed(v, &inner, "items", "item") {
                Ok(ids) => ids,
                Err(r) => return r,
            };
            (
                ids.iter().map(|id| format!("Item {id}")).collect(),
                Shape::Items,
            )
        }
        ["items", id, "action"] => (vec![format!("Item {id}")], Shape::Items),
        _ => return not_found(v),
    };
    if crate::sim::data::mailbox_index(mailbox).is_none_or(|m| m >= sim.config.mailboxes) {
        return Reply::error(
            Some(v),
            404,
            "The mailbox does not exist.",
            "ResourceNotFound",
        );
    }
    finish(sim, v, names, shape)
}

/// `POST …/organization/teams/operatorRestore` (v7+): the restore operator's restore of
/// teams by the list, with the four options and the account to work as, all required.
pub(super) fn operator_team(sim: &Sim, v: ApiVersion, req: &SimRequest, session: &str) -> Reply {
    if v < ApiVersion::V7 {
        return not_found(v);
    }
    let body = req.body_value().unwrap_or_else(|| json!({}));
    let teams = named(&body, "teams");
    let Some(team) = teams.first() else {
        return validation(v, "teams must name at least one team.");
    };
    let required = [
        "restoreChangedItems",
        "restoreMissingItems",
        "restoreMembers",
        "restoreSettings",
    ];
    if let Err(r) = super::teams::check_team(sim, v, session, team, None)
        .and_then(|_| check_reason(v, &body))
        .and_then(|_| require(v, &body, &required))
    {
        return r;
    }
    if lookup_str(&body, "impersonationAccountName").is_none_or(|a| !a.contains('@')) {
        return validation(
            v,
            "impersonationAccountName is required: the account to restore as.",
        );
    }
    let names = numbered("Team object", TEAM_ITEMS * teams.len() as u64);
    Reply::json(
        200,
        json!({ "sessionId": super::restores::start_job(sim, names) }),
    )
}
