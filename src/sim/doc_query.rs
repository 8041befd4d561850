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
}

/// A document query's terms (all must match), or why the server would refuse it.
pub fn parse(query: &str, now: DateTime<Utc>) -> Result<Vec<DocTerm>, String> {
    let mut terms = Vec::new();
    for Token { key, value, .. } in tokens(query) {
        let value = value.to_lowercase();
        let date = |v: &str| {
            date_term(v, now).ok_or(format!(
                "The date '{v}' is not valid; use YYYY-MM-DD, a comparison (>=YYYY-MM-DD), a range (YYYY-MM-DD..YYYY-MM-DD), today or yesterday."
            ))
        };
        terms.push(match key.map(str::to_ascii_lowercase).as_deref() {
            None if value == "and" => continue,
            None => DocTerm::Word(value),
            Some("filename") => DocTerm::Name(value),
            Some("title" | "subject") => DocTerm::Title(value),
            Some("author") => DocTerm::Author(value),
            Some("size") => {
                let (from, to) = size(&value).ok_or(format!(
                    "The size '{value}' is not valid; use a number of bytes, KB, MB or GB, with >, >=, < or <=."
                ))?;
                DocTerm::Size(from, to)
            }
            Some("datecreated" | "created") => DocTerm::Created(date(&value)?),
            Some("datemodified" | "modified") => DocTerm::Modified(date(&value)?),
            Some(other) => {
                return Err(format!(
                    "The search keyword '{other}' is not supported here; use filename:, title:, author:, size:, datecreated:, datemodified: or free words."
                ));
            }
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
}
