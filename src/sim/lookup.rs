//! What the routes share: the server's errors, case-insensitive body look-ups, paging and
//! pages of results, and files to download.

use serde_json::{Value, json};

use super::data;
use super::state::Sim;
use super::wire::{Reply, SimRequest};
use crate::api::version::ApiVersion;

/// The most a page may ask for.
const MAX_LIMIT: u64 = 10_000;

pub fn not_found(v: ApiVersion) -> Reply {
    Reply::error(
        Some(v),
        404,
        "The requested resource does not exist.",
        "ResourceNotFound",
    )
}

pub fn validation(v: ApiVersion, message: &str) -> Reply {
    Reply::error(Some(v), 400, message, "ParameterValidationFailure")
}

/// Case-insensitive key lookup (the server binds names that way; v4 docs use PascalCase).
pub fn lookup<'a>(obj: &'a Value, key: &str) -> Option<&'a Value> {
    obj.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

pub fn lookup_str(obj: &Value, key: &str) -> Option<String> {
    lookup(obj, key)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Booleans, also as the strings v4 clients send.
pub fn lookup_bool(obj: &Value, key: &str) -> Option<bool> {
    match lookup(obj, key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

pub fn page_json(v: ApiVersion, offset: u64, limit: u64, results: Vec<Value>, total: u64) -> Value {
    let mut p = json!({
        "offset": offset,
        "limit": limit,
        "setId": data::uuid_for(98, offset ^ total),
        "results": results,
    });
    if v.has_total_count() {
        p["totalCount"] = json!(total);
    }
    p
}

/// A file to download: `size` bytes of `kind` (the size set through the control endpoint
/// when there is one).
pub fn file_reply(sim: &Sim, kind: crate::sim::wire::FileKind, size: u64, name: String) -> Reply {
    Reply::binary(crate::sim::wire::Binary {
        kind,
        size: sim.download_bytes().unwrap_or(size),
        name,
        cut_after: None,
    })
}

/// One page of a list computed whole.
pub fn window(v: ApiVersion, offset: u64, limit: u64, all: Vec<Value>) -> Reply {
    let total = all.len() as u64;
    let results = all
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .collect();
    Reply::json(200, page_json(v, offset, limit, results, total))
}

pub fn paging(v: ApiVersion, req: &SimRequest) -> Result<(u64, u64), Reply> {
    let offset = req.query_u64("offset").unwrap_or(0);
    let limit = req.query_u64("limit").unwrap_or(30);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(validation(
            v,
            &format!("limit must be between 1 and {MAX_LIMIT}."),
        ));
    }
    Ok((offset, limit))
}
