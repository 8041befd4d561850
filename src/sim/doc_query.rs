//! The item search language for documents and list items (OneDrive, SharePoint): words,
//! `filename:`, `title:`, `author:`, `size:` comparisons and the two dates, as far as the
//! simulator understands it; anything else is refused as the server refuses it.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::query::{Term, Token, date_term, tokens};

#[derive(Debug, PartialEq)]
pub enum DocTerm {
    /// In the name or title.
    Word(String),
    Name(String),
    Title(String),
    /// Who created or last changed it.
    Author(String),
    /// Bytes from (included) to (excluded).
    Size(u64, Option<u64>),
    Created(Term),
    Modified(Term),
    /// A file's extension, without its dot.
    Ext(String),
}

/// What a document search takes.
const DOCUMENT_KEYWORDS: &[&str] = &[
    "filename",
    "title",
    "subject",
    "author",
    "size",
    "datecreated",
    "created",
    "datemodified",
    "modified",
];

/// A document query's terms (all must match), or why the server would refuse it.
pub fn parse(query: &str, now: DateTime<Utc>) -> Result<Vec<DocTerm>, String> {
    parse_with(query, now, DOCUMENT_KEYWORDS)
}

/// A Teams query's terms for what is searched (`Posts`, `Files`, `Tabs`), as the reference
/// lists their keywords (less the attachment and body ones, which the simulator refuses).
pub fn teams_parse(query: &str, now: DateTime<Utc>, kind: &str) -> Result<Vec<DocTerm>, String> {
    let dates = ["created", "datecreated", "modified", "datemodified"];
    let allowed: Vec<&str> = match kind {
        "Posts" => ["author", "subject"].into_iter().chain(dates).collect(),
        "Files" => ["author", "filename", "ext", "size"]
            .into_iter()
            .chain(dates)
            .collect(),
        _ => vec!["name"],
    };
    parse_with(query, now, &allowed)
}

fn parse_with(query: &str, now: DateTime<Utc>, allowed: &[&str]) -> Result<Vec<DocTerm>, String> {
    let mut terms = Vec::new();
    for Token { key, value, .. } in tokens(query) {
        let value = value.to_lowercase();
        let date = |v: &str| {
            date_term(v, now).ok_or(format!(
                "The date '{v}' is not valid; use YYYY-MM-DD, a comparison (>=YYYY-MM-DD), a range (YYYY-MM-DD..YYYY-MM-DD), today or yesterday."
            ))
        };
        let key = key.map(str::to_ascii_lowercase);
        if let Some(other) = key.as_deref().filter(|k| !allowed.contains(k)) {
            let listed: Vec<String> = allowed.iter().map(|k| format!("{k}:")).collect();
            return Err(format!(
                "The search keyword '{other}' is not supported here; use {} or free words.",
                listed.join(", ")
            ));
        }
        terms.push(match key.as_deref() {
            None if value == "and" => continue,
            None => DocTerm::Word(value),
            Some("filename" | "name") => DocTerm::Name(value),
            Some("ext") => DocTerm::Ext(value.trim_start_matches('.').to_string()),
            Some("title" | "subject") => DocTerm::Title(value),
            Some("author") => DocTerm::Author(value),
            Some("size") => {
                let (from, to) = size(&value).ok_or(format!(
                    "The size '{value}' is not valid; use a number of bytes, KB, MB or GB, with >, >=, < or <=."
                ))?;
                DocTerm::Size(from, to)
            }
            Some("datecreated" | "created") => DocTerm::Created(date(&value)?),
            Some(_) => DocTerm::Modified(date(&value)?),
        });
    }
    if terms.is_empty() {
        return Err("query must not be empty.".into());
    }
    Ok(terms)
}

/// `1234`, `500kb`, `>1mb`, `<=2gb`: the bytes from (included) to (excluded).
fn size(value: &str) -> Option<(u64, Option<u64>)> {
    let digits = value.trim_start_matches(['<', '>', '=']);
    let op = &value[..value.len() - digits.len()];
    let (number, unit) = digits.split_at(
        digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len()),
    );
    let scale = match unit {
        "" | "b" => 1,
        "kb" => 1 << 10,
        "mb" => 1 << 20,
        "gb" => 1 << 30,
        _ => return None,
    };
    let n = number.parse::<u64>().ok()?.checked_mul(scale)?;
    Some(match op {
        "" | "=" => (n, Some(n + 1)),
        ">" => (n + 1, None),
        ">=" => (n, None),
        "<" => (0, Some(n)),
        "<=" => (0, Some(n + 1)),
        _ => return None,
    })
}

/// Whether a document (as the simulator lists it) matches every term.
pub fn matches(terms: &[DocTerm], doc: &Value) -> bool {
    let text = |k: &str| doc[k].as_str().unwrap_or_default().to_lowercase();
    let time = |k: &str| {
        doc[k]
            .as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    terms.iter().all(|t| match t {
        DocTerm::Word(w) => text("name").contains(w) || text("title").contains(w),
        DocTerm::Name(w) => text("name").contains(w),
        DocTerm::Title(w) => text("title").contains(w) || text("name").contains(w),
        DocTerm::Author(w) => text("modifiedBy").contains(w) || text("createdBy").contains(w),
        DocTerm::Size(from, to) => doc["sizeBytes"]
            .as_u64()
            .is_some_and(|n| n >= *from && to.is_none_or(|e| n < e)),
        DocTerm::Created(term) => term.holds_time(time("creationTime")),
        DocTerm::Modified(term) => term.holds_time(time("modificationTime")),
        DocTerm::Ext(e) => text("name").ends_with(&format!(".{e}")),
    })
}

/// Whether a Teams post, file or tab (as the simulator lists it) matches every term: words
/// in a post's subject or author, a file's name, a tab's name.
pub fn teams_matches(terms: &[DocTerm], e: &Value) -> bool {
    let text = |k: &str| e[k].as_str().unwrap_or_default().to_lowercase();
    let time = |k: &str| {
        e[k].as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    let name = || format!("{} {}", text("name"), text("displayName"));
    let author = || format!("{} {}", text("author"), text("modifiedBy"));
    terms.iter().all(|t| match t {
        DocTerm::Word(w) => {
            text("subject").contains(w) || author().contains(w) || name().contains(w)
        }
        DocTerm::Name(w) => name().contains(w),
        DocTerm::Title(w) => text("subject").contains(w),
        DocTerm::Author(w) => author().contains(w),
        DocTerm::Size(from, to) => e["sizeBytes"]
            .as_u64()
            .is_some_and(|n| n >= *from && to.is_none_or(|end| n < end)),
        DocTerm::Created(term) => term.holds_time(time("createdTime").or_else(|| time("modified"))),
        DocTerm::Modified(term) => {
            term.holds_time(time("lastModifiedTime").or_else(|| time("modified")))
        }
        DocTerm::Ext(x) => text("name").ends_with(&format!(".{x}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap()
    }

    #[test]
    fn documents_are_found_by_name_author_size_and_dates() {
        let doc = json!({
            "name": "Budget 2026.xlsx", "sizeBytes": 2_000_000,
            "createdBy": "Adele Vance", "modifiedBy": "Lee Sicily",
            "creationTime": "2026-10-01T08:00:00Z", "modificationTime": "2026-11-30T17:00:00Z",
        });
        let finds = |q: &str| matches(&parse(q, now()).unwrap(), &doc);
        assert!(finds("budget"));
        assert!(finds("filename:xlsx author:lee"));
        assert!(finds("author:adele size:>1mb"));
        assert!(!finds("size:<1mb"));
        assert!(finds("size:2000000"));
        assert!(finds("datemodified:yesterday"));
        assert!(finds("modified:2026-11-30 created:<2026-11-01"));
        assert!(!finds("datecreated:>=2026-11-01"));
        assert!(!finds("budget filename:docx"));
        for (refused, says) in [
            ("from:lee", "'from' is not supported"),
            ("ext:xlsx", "'ext' is not supported"),
            ("size:big", "'big' is not valid"),
            ("modified:11/30/2026", "'11/30/2026' is not valid"),
            ("", "must not be empty"),
        ] {
            assert!(
                parse(refused, now()).unwrap_err().contains(says),
                "{refused}"
            );
        }
    }

    #[test]
    fn teams_posts_files_and_tabs_take_their_own_keywords() {
        let post = json!({
            "subject": "Quarterly numbers", "author": "Lee Sicily",
            "createdTime": "2026-11-30T10:00:00Z", "lastModifiedTime": "2026-11-30T10:00:00Z",
        });
        let file = json!({
            "name": "Budget.xlsx", "modifiedBy": "Adele Vance", "sizeBytes": 40_000,
            "modified": "2026-11-24T08:00:00Z",
        });
        let tab = json!({ "displayName": "Planner" });
        let finds = |kind: &str, q: &str, e: &Value| {
            teams_matches(&teams_parse(q, now(), kind).unwrap(), e)
        };
        assert!(finds(
            "Posts",
            "author:lee subject:quarterly created:yesterday",
            &post
        ));
        assert!(!finds("Posts", "author:adele", &post));
        assert!(finds(
            "Files",
            "ext:xlsx size:<1mb modified:2026-11-24",
            &file
        ));
        assert!(finds("Files", "filename:budget author:adele", &file));
        assert!(!finds("Files", "ext:docx", &file));
        assert!(finds("Tabs", "name:plan", &tab));
        for (kind, refused) in [
            ("Posts", "filename:x"),
            ("Files", "subject:x"),
            ("Tabs", "author:x"),
        ] {
            let said = teams_parse(refused, now(), kind).unwrap_err();
            assert!(
                said.contains("is not supported here"),
                "{kind} {refused}: {said}"
            );
        }
    }
}
