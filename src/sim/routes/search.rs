//! Server-side search of Exchange items (v6+): in a folder, a mailbox, or every mailbox of
//! the organization (`searchExchange`). The simulator understands a small part of Veeam's
//! item search syntax: free words, `subject:`, `from:`, `to:`, `hasattachments:true|false`,
//! values in double quotes, every term required. Pages come with a `setId` that names the
//! result set, as the server's do.

use serde_json::Value;

use super::{lookup, not_found, page_json, paging, validation};
use crate::api::models::RestoreType;
use crate::api::version::ApiVersion;
use crate::sim::data::{self, ItemText};
use crate::sim::http::{Reply, SimRequest};
use crate::sim::state::Sim;

/// An organization-wide search stops counting here, so a query that matches everything
/// answers at once.
const ORGANIZATION_LIMIT: u64 = 1_000;

#[derive(Debug, PartialEq)]
enum Term {
    Any(String),
    Subject(String),
    From(String),
    To(String),
    Attachments(bool),
}

/// Splits a query into terms, or says which keyword it does not know.
fn parse(query: &str) -> Result<Vec<Term>, String> {
    let mut terms = Vec::new();
    let mut rest = query.trim();
    while !rest.is_empty() {
        let (key, after) = match rest.find([':', ' ', '"']) {
            Some(i) if rest.as_bytes()[i] == b':' => (Some(&rest[..i]), &rest[i + 1..]),
            _ => (None, rest),
        };
        let after = after.trim_start();
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => match quoted.find('"') {
                Some(end) => (&quoted[..end], &quoted[end + 1..]),
                None => (quoted, ""),
            },
            None => match after.find(' ') {
                Some(end) => (&after[..end], &after[end..]),
                None => (after, ""),
            },
        };
        let value = value.to_lowercase();
        terms.push(match key.map(str::to_ascii_lowercase).as_deref() {
            None => Term::Any(value),
            Some("subject") => Term::Subject(value),
            Some("from") => Term::From(value),
            Some("to") => Term::To(value),
            Some("hasattachments") => match value.as_str() {
                "true" => Term::Attachments(true),
                "false" => Term::Attachments(false),
                _ => return Err("hasattachments takes true or false.".into()),
            },
            Some(other) => {
                return Err(format!(
                    "The search keyword '{other}' is not supported here; use subject:, from:, to:, hasattachments: or free words."
                ));
            }
        });
        rest = next.trim_start();
    }
    Ok(terms)
}

fn matches(terms: &[Term], t: &ItemText) -> bool {
    let has = |field: &str, v: &str| field.to_lowercase().contains(v);
    terms.iter().all(|term| match term {
        Term::Any(v) => has(&t.subject, v) || has(&t.from, v) || has(&t.to, v),
        Term::Subject(v) => has(&t.subject, v),
        Term::From(v) => has(&t.from, v),
        Term::To(v) => has(&t.to, v),
        Term::Attachments(b) => t.has_attachments == *b,
    })
}

/// Where to search: `tail` is the lower-cased path after `organization`.
pub(super) fn search(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    if let Err(r) = super::inside(sim, v, session, RestoreType::Vex, "mailboxes") {
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
    let terms = match parse(&query) {
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
            if matches(&terms, &data::item_text(&me.1, f, j)) {
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
        .map(|(m, f, j)| data::mailbox_item(m, &data::folder_id_of(m, f), j, v))
        .collect();
    let mut page = page_json(v, offset, limit, results, total);
    page["setId"] = Value::String(set_id(session, tail, &query));
    Reply::json(200, page)
}

fn missing(v: ApiVersion, message: &str) -> Reply {
    Reply::error(Some(v), 404, message, "ResourceNotFound")
}

/// The words and quoted phrases of a query, lower-cased.
pub(super) fn phrases(query: &str) -> Vec<String> {
    match parse(query) {
        Ok(terms) => terms
            .into_iter()
            .filter_map(|t| match t {
                Term::Any(v) | Term::Subject(v) => Some(v),
                _ => None,
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The lower-cased query of a search body and its words (quoted phrases kept whole); an
/// empty query is refused as the server refuses it.
pub(super) fn query_words(v: ApiVersion, req: &SimRequest) -> Result<(String, Vec<String>), Reply> {
    let query = req
        .body_value()
        .and_then(|b| {
            lookup(&b, "query")
                .and_then(Value::as_str)
                .map(str::to_lowercase)
        })
        .unwrap_or_default();
    let words = phrases(&query);
    if words.is_empty() {
        return Err(validation(v, "query must not be empty."));
    }
    Ok((query, words))
}

/// The `setId` of a result set.
pub(super) fn set_id(session: &str, tail: &[&str], query: &str) -> String {
    data::uuid_for(97, set_hash(session, tail, query))
}

/// One result set per session, place and query: the same `setId` on every page of it.
fn set_hash(session: &str, tail: &[&str], query: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (session, tail, query).hash(&mut h);
    h.finish() & 0xFFFF_FFFF_FFFF
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_subset_parses_and_the_rest_is_named() {
        assert_eq!(
            parse(r#"budget from:adele subject:"board deck" hasattachments:true"#).unwrap(),
            vec![
                Term::Any("budget".into()),
                Term::From("adele".into()),
                Term::Subject("board deck".into()),
                Term::Attachments(true),
            ]
        );
        assert!(parse("received:2026").unwrap_err().contains("'received'"));
        assert!(parse("hasattachments:maybe").is_err());
    }

    #[test]
    fn every_term_must_match() {
        let t = ItemText {
            subject: "Board deck, final draft".into(),
            from: "Lee Sicily <lee@contoso>".into(),
            to: "Adele".into(),
            has_attachments: true,
        };
        assert!(matches(&parse("board hasattachments:true").unwrap(), &t));
        assert!(!matches(&parse("board from:adele").unwrap(), &t));
        assert!(matches(&parse("to:adele").unwrap(), &t));
    }
}
