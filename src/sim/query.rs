//! The item search language, as far as the simulator understands it: a query split into
//! terms, matched against an item, and the result set it names.

use serde_json::Value;

use super::data::{self, ItemText};
use super::lookup::{lookup, validation};
use super::wire::{Reply, SimRequest};
use crate::api::version::ApiVersion;

#[derive(Debug, PartialEq)]
pub enum Term {
    Any(String),
    Subject(String),
    From(String),
    To(String),
    Attachments(bool),
}

/// Splits a query into terms, or says which keyword it does not know.
pub fn parse(query: &str) -> Result<Vec<Term>, String> {
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

pub fn matches(terms: &[Term], t: &ItemText) -> bool {
    let has = |field: &str, v: &str| field.to_lowercase().contains(v);
    terms.iter().all(|term| match term {
        Term::Any(v) => has(&t.subject, v) || has(&t.from, v) || has(&t.to, v),
        Term::Subject(v) => has(&t.subject, v),
        Term::From(v) => has(&t.from, v),
        Term::To(v) => has(&t.to, v),
        Term::Attachments(b) => t.has_attachments == *b,
    })
}

/// The words and quoted phrases of a query, lower-cased.
pub fn phrases(query: &str) -> Vec<String> {
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
pub fn query_words(v: ApiVersion, req: &SimRequest) -> Result<(String, Vec<String>), Reply> {
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
pub fn set_id(session: &str, tail: &[&str], query: &str) -> String {
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
