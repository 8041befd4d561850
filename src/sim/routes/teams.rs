//! Inside a team (v6+): its channels, and a channel's posts (deleted ones only in sessions
//! that show deleted items; v7+ mark them `isDeleted`).

use super::sessions::find_session;
use super::{not_found, paging, validation};
use crate::api::models::RestoreType;
use crate::api::version::ApiVersion;
use crate::sim::http::{Binary, FileKind, Reply, SimRequest};
use crate::sim::state::Sim;
use crate::sim::teams;

/// `GET …/teams/{teamId}/channels` and `…/teams/{teamId}/posts?channelId=`.
pub(super) fn listing(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: &str,
    what: &str,
) -> Reply {
    if let Err(r) = super::inside(sim, v, session, RestoreType::Vet, "teams") {
        return r;
    }
    let Some(t) =
        teams::team_index(team).filter(|t| *t < crate::sim::data::team_count(sim.config.mailboxes))
    else {
        return Reply::error(Some(v), 404, "The team does not exist.", "ResourceNotFound");
    };
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let window = |all| super::window(v, offset, limit, all);
    match what {
        "channels" => {
            let name = req.query.get("displayname").map(|n| n.to_lowercase());
            let all = teams::channels(t, v)
                .into_iter()
                .filter(|c| {
                    name.as_deref().is_none_or(|n| {
                        c["displayName"]
                            .as_str()
                            .unwrap_or_default()
                            .to_lowercase()
                            .contains(n)
                    })
                })
                .collect();
            window(all)
        }
        "posts" => {
            let Some(channel) = req.query.get("channelid") else {
                return validation(v, "channelId is required to list posts here.");
            };
            let Some((ct, c)) = teams::channel_place(channel).filter(|(ct, _)| *ct == t) else {
                return validation(v, "channelId is not a channel of this team.");
            };
            let show_deleted = find_session(sim, session)
                .and_then(|s| s.options.show_deleted)
                .unwrap_or(false);
            let all = (0..teams::post_count(c))
                .filter(|j| show_deleted || !teams::is_deleted(*j))
                .map(|j| teams::post(ct, c, j, v))
                .collect();
            window(all)
        }
        _ => not_found(v),
    }
}

/// `POST …/teams/{teamId}/posts/save` (a channel's posts, or the ones named) and
/// `…/posts/{postId}/save`: one post is an MSG file, several a ZIP of them.
pub(super) fn save_posts(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: &str,
    tail: &[&str],
) -> Reply {
    if let Err(r) = super::inside(sim, v, session, RestoreType::Vet, "teams") {
        return r;
    }
    if teams::team_index(team)
        .is_none_or(|t| t >= crate::sim::data::team_count(sim.config.mailboxes))
    {
        return Reply::error(Some(v), 404, "The team does not exist.", "ResourceNotFound");
    }
    const KB: u64 = 1024;
    let (kind, size, name) = match tail {
        ["save"] => {
            let body = req.body_value().unwrap_or_default();
            let channel =
                super::lookup(&body, "channelId").and_then(|c| c.as_str().map(str::to_string));
            if channel
                .as_deref()
                .is_some_and(|c| teams::channel_place(c).is_none())
            {
                return validation(v, "channelId is not a channel of this team.");
            }
            let named = super::lookup(&body, "posts")
                .and_then(|p| p.as_array())
                .map_or(0, Vec::len);
            if named == 0 && channel.is_none() {
                return validation(v, "Name a channel (channelId) or the posts to save.");
            }
            let n = if named > 0 { named as u64 } else { 120 };
            (FileKind::Zip, 30 * KB * n, "posts.zip".to_string())
        }
        [id, "save"] if id.parse::<u64>().is_ok() => {
            (FileKind::Msg, 30 * KB, format!("post-{id}.msg"))
        }
        _ => return not_found(v),
    };
    Reply::binary(Binary {
        kind,
        size: sim.download_bytes().unwrap_or(size),
        name,
        cut_after: None,
    })
}

/// `POST …/teams/{teamId}/posts/search`: posts whose subject or author holds every word of
/// the query (deleted ones only in sessions that show them).
pub(super) fn search_posts(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: &str,
) -> Reply {
    if let Err(r) = super::inside(sim, v, session, RestoreType::Vet, "teams") {
        return r;
    }
    let Some(t) =
        teams::team_index(team).filter(|t| *t < crate::sim::data::team_count(sim.config.mailboxes))
    else {
        return Reply::error(Some(v), 404, "The team does not exist.", "ResourceNotFound");
    };
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let query = req
        .body_value()
        .and_then(|b| super::lookup(&b, "query").and_then(|q| q.as_str().map(str::to_lowercase)))
        .unwrap_or_default();
    let words = super::search::phrases(&query);
    if words.is_empty() {
        return validation(v, "query must not be empty.");
    }
    let show_deleted = find_session(sim, session)
        .and_then(|s| s.options.show_deleted)
        .unwrap_or(false);
    let all = (0..4u64)
        .flat_map(|c| (0..teams::post_count(c)).map(move |j| (c, j)))
        .filter(|(_, j)| show_deleted || !teams::is_deleted(*j))
        .map(|(c, j)| teams::post(t, c, j, v))
        .filter(|p| {
            let text = format!(
                "{} {}",
                p["subject"].as_str().unwrap_or_default(),
                p["author"].as_str().unwrap_or_default()
            )
            .to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect();
    super::window(v, offset, limit, all)
}
