//! The channels of every team and their posts in the simulated dataset, computed from
//! indexes: General and three topic channels, posts with replies, some deleted (a session that
//! shows deleted items lists them; others do not).

use chrono::{Duration as ChronoDuration, TimeZone, Utc};
use serde_json::{Value, json};

use super::data::{index_of, person, pick, seed, uuid_for};
use crate::api::models::Timestamp;
use crate::api::version::ApiVersion;

const CHANNELS: [(&str, u64); 4] = [
    ("General", 120),
    ("Announcements", 24),
    ("Planning", 60),
    ("Random", 300),
];

/// A team's index from its id (`uuid_for(4, i)`).
pub fn team_index(id: &str) -> Option<u64> {
    id.to_ascii_lowercase()
        .starts_with("5eed0000-0004-")
        .then(|| index_of(id))
        .flatten()
}

/// (team, channel) from a channel id.
pub fn channel_place(id: &str) -> Option<(u64, u64)> {
    if !id.to_ascii_lowercase().starts_with("5eed0000-002c-") {
        return None;
    }
    let n = index_of(id)?;
    ((n % 8) < CHANNELS.len() as u64).then_some((n / 8, n % 8))
}

pub fn channels(t: u64, v: ApiVersion) -> Vec<Value> {
    CHANNELS
        .iter()
        .enumerate()
        .map(|(c, (name, _))| {
            let mut j = json!({ "id": uuid_for(44, t * 8 + c as u64), "displayName": name });
            if v >= ApiVersion::V8 {
                j["teamId"] = json!(uuid_for(4, t));
            }
            j
        })
        .collect()
}

/// How many posts channel `c` holds; every seventh is deleted.
pub fn post_count(c: u64) -> u64 {
    CHANNELS.get(c as usize).map_or(0, |row| row.1)
}

pub fn is_deleted(j: u64) -> bool {
    j % 7 == 6
}

/// Post `j` of channel `c` of team `t`; every fourth is a reply to the post before it.
pub fn post(t: u64, c: u64, j: u64, v: ApiVersion) -> Value {
    let (author, _) = person(j % 48);
    let when = Utc.with_ymd_and_hms(2026, 11, 21, 16, 45, 0).unwrap()
        - ChronoDuration::minutes(53 * j as i64);
    let reply = j % 4 == 3;
    let subject = if reply {
        format!("Re: {}", pick(&seed().subjects, j - 1 + c))
    } else {
        pick(&seed().subjects, j + c).to_string()
    };
    let id = (t * 8 + c) * 100_000 + j + 1;
    let mut p = json!({
        "postId": id,
        "isImportant": j.is_multiple_of(13),
        "author": author,
        "subject": subject,
        "createdTime": Timestamp(when).to_wire(),
        "lastModifiedTime": Timestamp(when).to_wire(),
        "attachments": [],
    });
    if v >= ApiVersion::V7 {
        p["isDeleted"] = json!(is_deleted(j));
        p["channelId"] = json!(uuid_for(44, t * 8 + c));
        if reply {
            p["parentId"] = json!(id - 1);
        }
    }
    if v >= ApiVersion::V8 {
        p["teamId"] = json!(uuid_for(4, t));
    }
    p
}
