//! The item search language, as far as the simulator understands it: a query split into
//! terms, matched against an item, and the result set it names.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::Value;

use super::data::{self, ItemText};
use super::lookup::lookup;
use super::wire::SimRequest;

#[derive(Debug, PartialEq)]
pub enum Term {
    Any(String),
    Subject(String),
    From(String),
    To(String),
    Attachments(bool),
    Cc(String),
    /// `received:` / `sent:` (an item's one time here): from (included) to (excluded).
    When(Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    /// `NOT term`: the term must not match.
    Not(Box<Term>),
    /// `OR` between terms: either side may match (terms next to each other bind first).
    Or,
}

impl Term {
    /// Whether a `When` term's span holds `at` (nothing holds a missing time).
    pub(super) fn holds_time(&self, at: Option<DateTime<Utc>>) -> bool {
        match (self, at) {
            (Term::When(from, to), Some(at)) => {
                from.is_none_or(|f| at >= f) && to.is_none_or(|e| at < e)
            }
            _ => false,
        }
    }
}

/// The days a comparison leaves: from (included) and to (excluded), either open.
type Bounds = fn(NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>);

/// A date value as Advanced Query Syntax takes it, in UTC days: `2026-11-17`,
/// `>=2026-11-17` (`>`, `<`, `<=`), `2026-11-17..2026-11-20`, `today`, `yesterday`.
pub(super) fn date_term(value: &str, now: DateTime<Utc>) -> Option<Term> {
    let day = |s: &str| -> Option<NaiveDate> {
        match s {
            "today" => Some(now.date_naive()),
            "yesterday" => now.date_naive().pred_opt(),
            _ => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
        }
    };
    let start = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc();
    let after = |d: NaiveDate| d.succ_opt().map(start);
    if let Some((a, b)) = value.split_once("..") {
        let (a, b) = (day(a)?, day(b)?);
        return (a <= b).then(|| Term::When(Some(start(a)), after(b)));
    }
    let ops: [(&str, Bounds); 4] = [
        (">=", |d| (Some(d), None)),
        ("<=", |d| (None, d.succ_opt())),
        (">", |d| (d.succ_opt(), None)),
        ("<", |d| (None, Some(d))),
    ];
    for (op, bounds) in ops {
        if let Some(rest) = value.strip_prefix(op) {
            let (from, to) = bounds(day(rest)?);
            return Some(Term::When(from.map(start), to.map(start)));
        }
    }
    let d = day(value)?;
    Some(Term::When(Some(start(d)), after(d)))
}

/// One `key:value`, `"phrase"` or word of a query, as typed.
pub(super) struct Token<'a> {
    pub key: Option<&'a str>,
    pub value: &'a str,
    pub quoted: bool,
}

/// A query split into its keys, values and words (a quoted value keeps its spaces).
pub(super) fn tokens(query: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = query.trim();
    while !rest.is_empty() {
        let (key, after) = match rest.find([':', ' ', '"']) {
            Some(i) if rest.as_bytes()[i] == b':' => (Some(&rest[..i]), &rest[i + 1..]),
            _ => (None, rest),
        };
        let after = after.trim_start();
        let quoted = after.starts_with('"');
        let (value, next) = match after.strip_prefix('"') {
            Some(q) => match q.find('"') {
                Some(end) => (&q[..end], &q[end + 1..]),
                None => (q, ""),
            },
            None => match after.find(' ') {
                Some(end) => (&after[..end], &after[end..]),
                None => (after, ""),
            },
        };
        out.push(Token { key, value, quoted });
        rest = next.trim_start();
    }
    out
}

/// Splits a query into terms, or says which keyword it does not know. `now` reads `today`.
pub fn parse(query: &str, now: DateTime<Utc>) -> Result<Vec<Term>, String> {
    let mut terms = Vec::new();
    let mut negate = false;
    for Token { key, value, quoted } in tokens(query) {
        // Upper-case AND, OR and NOT on their own combine terms; in quotes they are words.
        if key.is_none() && !quoted {
            let operator = match value {
                "AND" => Some(None),
                "OR" => Some(Some(Term::Or)),
                "NOT" => {
                    negate = true;
                    Some(None)
                }
                _ => None,
            };
            if let Some(op) = operator {
                terms.extend(op);
                continue;
            }
        }
        let value = value.to_lowercase();
        let term = match key.map(str::to_ascii_lowercase).as_deref() {
            None => Term::Any(value),
            Some("subject") => Term::Subject(value),
            Some("from") => Term::From(value),
            Some("to") => Term::To(value),
            Some("cc") => Term::Cc(value),
            Some("received" | "sent") => date_term(&value, now).ok_or(format!(
                "The date '{value}' is not valid; use YYYY-MM-DD, a comparison (>=YYYY-MM-DD), a range (YYYY-MM-DD..YYYY-MM-DD), today or yesterday."
            ))?,
            Some("hasattachments") => match value.as_str() {
                "true" => Term::Attachments(true),
                "false" => Term::Attachments(false),
                _ => return Err("hasattachments takes true or false.".into()),
            },
            Some(other) => {
                return Err(format!(
                    "The search keyword '{other}' is not supported here; use subject:, from:, to:, cc:, received:, sent:, hasattachments:, free words, AND, OR or NOT."
                ));
            }
        };
        terms.push(match std::mem::take(&mut negate) {
            true => Term::Not(Box::new(term)),
            false => term,
        });
    }
    if negate || terms.first() == Some(&Term::Or) || terms.last() == Some(&Term::Or) {
        return Err("AND, OR and NOT need a term on each side (NOT before one).".into());
    }
    Ok(terms)
}

/// Whether the item matches: terms next to each other must all match, groups split by `OR`
/// need one group that does.
pub fn matches(terms: &[Term], t: &ItemText) -> bool {
    terms
        .split(|term| *term == Term::Or)
        .any(|group| group.iter().all(|term| matches_one(term, t)))
}

fn matches_one(term: &Term, t: &ItemText) -> bool {
    let has = |field: &str, v: &str| field.to_lowercase().contains(v);
    match term {
        Term::Any(v) => has(&t.subject, v) || has(&t.from, v) || has(&t.to, v),
        Term::Subject(v) => has(&t.subject, v),
        Term::From(v) => has(&t.from, v),
        Term::To(v) => has(&t.to, v),
        Term::Attachments(b) => t.has_attachments == *b,
        Term::Cc(v) => has(&t.cc, v),
        Term::When(..) => term.holds_time(t.when),
        Term::Not(inner) => !matches_one(inner, t),
        Term::Or => false,
    }
}

/// The `query` of a search body, as sent.
pub fn query_of(req: &SimRequest) -> String {
    req.body_value()
        .and_then(|b| {
            lookup(&b, "query")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_default()
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
    use chrono::TimeZone;

    /// Tuesday 1 December 2026, 09:30 UTC.
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap()
    }

    #[test]
    fn dates_are_utc_days_compared_and_ranged() {
        let at = |y, mo, d, h| Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap();
        let item = |when| ItemText {
            when: Some(when),
            subject: String::new(),
            from: String::new(),
            to: String::new(),
            cc: String::new(),
            has_attachments: false,
        };
        let finds = |q: &str, when| matches(&parse(q, now()).unwrap(), &item(when));
        assert!(finds("received:2026-11-17", at(2026, 11, 17, 23)));
        assert!(!finds("received:2026-11-17", at(2026, 11, 18, 0)));
        assert!(finds("received:yesterday", at(2026, 11, 30, 12)));
        assert!(finds("sent:today", at(2026, 12, 1, 8)));
        assert!(finds(
            "received:2026-11-17..2026-11-20",
            at(2026, 11, 20, 23)
        ));
        assert!(!finds(
            "received:2026-11-17..2026-11-20",
            at(2026, 11, 21, 0)
        ));
        assert!(finds("received:>=2026-11-20", at(2026, 11, 20, 0)));
        assert!(!finds("received:>2026-11-20", at(2026, 11, 20, 23)));
        assert!(finds("received:<2026-11-20", at(2026, 11, 19, 23)));
        assert!(finds("received:<=2026-11-20", at(2026, 11, 20, 23)));
        for refused in [
            "received:11/17/2026",
            "received:2026-11-20..2026-11-17",
            "sent:",
        ] {
            assert!(parse(refused, now()).is_err(), "{refused}");
        }
    }

    #[test]
    fn the_documented_subset_parses_and_the_rest_is_named() {
        assert_eq!(
            parse(
                r#"budget from:adele subject:"board deck" hasattachments:true"#,
                now()
            )
            .unwrap(),
            vec![
                Term::Any("budget".into()),
                Term::From("adele".into()),
                Term::Subject("board deck".into()),
                Term::Attachments(true),
            ]
        );
        assert!(
            parse("received:2026", now())
                .unwrap_err()
                .contains("'2026' is not valid")
        );
        assert!(
            parse("importance:high", now())
                .unwrap_err()
                .contains("'importance'")
        );
        assert!(parse("hasattachments:maybe", now()).is_err());
    }

    #[test]
    fn every_term_must_match() {
        let t = ItemText {
            when: None,
            subject: "Board deck, final draft".into(),
            from: "Lee Sicily <lee@contoso>".into(),
            to: "Adele".into(),
            cc: "Megan Bowen <megan@contoso>".into(),
            has_attachments: true,
        };
        assert!(matches(
            &parse("board hasattachments:true", now()).unwrap(),
            &t
        ));
        assert!(!matches(&parse("board from:adele", now()).unwrap(), &t));
        assert!(matches(&parse("to:adele", now()).unwrap(), &t));
        assert!(matches(&parse("cc:megan", now()).unwrap(), &t));
        let finds = |q: &str| matches(&parse(q, now()).unwrap(), &t);
        assert!(finds("board AND from:lee"));
        assert!(finds("invoice OR board"), "either side");
        assert!(!finds("invoice OR from:adele"));
        assert!(finds("board NOT from:adele"));
        assert!(!finds("NOT board"));
        assert!(finds("\"OR\" OR board"), "a quoted OR is a word");
        for refused in ["OR board", "board OR", "board NOT"] {
            assert!(parse(refused, now()).is_err(), "{refused}");
        }
    }
}
