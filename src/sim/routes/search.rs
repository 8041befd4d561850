//! Server-side search of Exchange items (v6+): in a folder, a mailbox, or every mailbox of
//! the organization (`searchExchange`). The simulator understands a small part of Veeam's
//! item search syntax: free words, `subject:`, `from:`, `to:`, `hasattachments:true|false`,
//! values in double quotes, every term required. Pages come with a `setId` that names the
//! result set, as the server's do.

use serde_json::Value;

use crate::api::models::RestoreType;
use crate::api::version::ApiVersion;
use crate::sim::data;
use crate::sim::lookup::{lookup, not_found, page_json, paging, validation};
use crate::sim::query::{matches, parse, set_id};
use crate::sim::state::Sim;
use crate::sim::wire::{Reply, SimRequest};

/// An organization-wide search stops counting here, so a query that matches everything
/// answers at once.
const ORGANIZATION_LIMIT: u64 = 1_000;

/// Where to search: `tail` is the lower-cased path after `organization`.
pub(super) fn search(
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
    let query = req
        .body_value()
        .and_then(|b| {
            lookup(&b, "query")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_default();
    let terms = match parse(&query, sim.config.clock.now()) {
        Ok(t) if !t.is_empty() => t,
        Ok(_) => return validation(v, "query must not be empty."),
        Err(e) => return validation(v, &e),
    };
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mailbox = |id: &str| data::mailbox_index(id).filter(|m| *m < sim.config.mailboxes);
    // (mailbox, folder) pairs to walk, in order.
    let places: Vec<(u64, u64, u64)> = match tail {
        ["searchexchange"] => (0..sim.config.mailboxes)
            .flat_map(|m| data::folder_counts().map(move |(f, n)| (m, f, n)))
            .collect(),
        ["mailboxes", _, "search"] => match mailbox(raw[1]) {
            Some(m) => data::folder_counts().map(|(f, n)| (m, f, n)).collect(),
            None => return missing(v, "The mailbox does not exist."),
        },
        ["mailboxes", _, "folders", _, "search"] => {
            let Some(m) = mailbox(raw[1]) else {
                return missing(v, "The mailbox does not exist.");
            };
            match data::folder_of(m, raw[3]) {
                Some(f) => vec![(
                    m,
                    f,
                    data::folder_counts().nth(f as usize).map_or(0, |c| c.1),
                )],
                None => return validation(v, "The folder is not a folder of this mailbox."),
            }
        }
        _ => return not_found(v),
    };
    let cap = if tail == ["searchexchange"] {
        ORGANIZATION_LIMIT
    } else {
        u64::MAX
    };
    let mut found = Vec::new();
    let mut total = 0u64;
    let mut me = (u64::MAX, String::new());
    'walk: for (m, f, n) in places {
        if me.0 != m {
            me = (m, data::mailbox_address(m));
        }
        for j in 0..n {
            if matches(&terms, &data::item_text(&me.1, f, j, sim.epoch)) {
                if (offset..offset.saturating_add(limit)).contains(&total) {
                    found.push((m, f, j));
                }
                total += 1;
                if total >= cap {
                    break 'walk;
                }
            }
        }
    }
    let results = found
        .into_iter()
        .map(|(m, f, j)| data::mailbox_item(m, &data::folder_id_of(m, f), j, v, sim.epoch))
        .collect();
    let mut page = page_json(v, offset, limit, results, total);
    page["setId"] = Value::String(set_id(session, tail, &query));
    Reply::json(200, page)
}

fn missing(v: ApiVersion, message: &str) -> Reply {
    Reply::error(Some(v), 404, message, "ResourceNotFound")
}
