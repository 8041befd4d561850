//! Inside a team (v6+): its channels, and a channel's posts (deleted ones only in sessions
//! that show deleted items; v7+ mark them `isDeleted`).

use super::sessions::shows_deleted;
use crate::api::models::{RestoreType, Timestamp};
use crate::api::version::ApiVersion;
use crate::sim::lookup::{not_found, paging, validation};
use crate::sim::state::Sim;
use crate::sim::teams;
use crate::sim::wire::{FileKind, Reply, SimRequest};

/// The team of the path, when the session is a Teams session that is still open.
fn team(sim: &Sim, v: ApiVersion, session: &str, team: &str) -> Result<u64, Reply> {
    super::listings::inside(sim, v, session, RestoreType::Vet, "teams")?;
    teams::team_index(team)
        .filter(|t| *t < crate::sim::data::team_count(sim.config.mailboxes))
        .ok_or_else(|| Reply::error(Some(v), 404, "The team does not exist.", "ResourceNotFound"))
}

/// The team of the path exists in an open Teams session, and so does the channel when one
/// is named.
pub(super) fn check_team(
    sim: &Sim,
    v: ApiVersion,
    session: &str,
    id: &str,
    channel_id: Option<&String>,
) -> Result<(), Reply> {
    let t = team(sim, v, session, id)?;
    match channel_id {
        Some(c) => channel(v, t, Some(c)).map(|_| ()),
        None => Ok(()),
    }
}

/// The channel a query or path names, when it is one of team `t`'s.
fn channel(v: ApiVersion, t: u64, id: Option<&String>) -> Result<u64, Reply> {
    match id.and_then(|c| teams::channel_place(c)) {
        Some((ct, c)) if ct == t => Ok(c),
        _ => Err(validation(v, "channelId is not a channel of this team.")),
    }
}

/// `GET …/teams/{teamId}/channels` and `…/teams/{teamId}/posts?channelId=`.
pub(super) fn listing(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: &str,
    what: &str,
) -> Reply {
    let t = match self::team(sim, v, session, team) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let window = |all| crate::sim::lookup::window(v, offset, limit, all);
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
            let show_deleted = shows_deleted(sim, session);
            window(teams::channel_posts(ct, c, v, sim.epoch, show_deleted))
        }
        "files" => {
            let c = match channel(v, t, req.query.get("channelid")) {
                Ok(c) => c,
                Err(r) => return r,
            };
            let folder = match req.query.get("parentid") {
                None => None,
                Some(id) => match teams::file_folder_place(id) {
                    Some((ft, fc, f)) if (ft, fc) == (t, c) => Some(f),
                    _ => return validation(v, "parentId is not a folder of this channel."),
                },
            };
            let folders_only = req.query.get("foldersonly").is_some_and(|f| f == "true");
            let mut all = match folder {
                None => teams::file_folders(t, c, v, sim.epoch),
                Some(_) => Vec::new(),
            };
            if !folders_only {
                all.extend(
                    (0..teams::file_count(folder))
                        .map(|j| teams::file(t, c, folder, j, v, sim.epoch)),
                );
            }
            window(all)
        }
        _ => not_found(v),
    }
}

/// `GET …/teams/{teamId}/channels/{channelId}/tabs`.
pub(super) fn tabs(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: &str,
    channel_id: &str,
) -> Reply {
    let t = match self::team(sim, v, session, team) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let c = match channel(v, t, Some(&channel_id.to_string())) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    crate::sim::lookup::window(v, offset, limit, teams::tabs(t, c, v))
}

/// `POST …/teams/{teamId}/files/save` (a channel's files, or the ones named: a ZIP), and
/// one file's save: `…/files/{fileId}/save` on v6/v7, `…/channels/{channelId}/files/{fileId}/save`
/// on v8 (as it is, or in a ZIP with `asZip`).
pub(super) fn save_files(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: &str,
    tail: &[&str],
    raw: &[&str],
) -> Reply {
    let t = match self::team(sim, v, session, team) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let body = req.body_value().unwrap_or_default();
    const KB: u64 = 1024;
    let one = |id: &str| match teams::file_place(id) {
        Some((ft, c, f, j)) if ft == t => {
            let file = teams::file(t, c, Some(f).filter(|f| *f != 3), j, v, sim.epoch);
            Ok(file)
        }
        _ => Err(Reply::error(
            Some(v),
            404,
            "The file does not exist.",
            "ResourceNotFound",
        )),
    };
    let (kind, size, name) = match (v >= ApiVersion::V8, tail) {
        (_, ["files", "save"]) => {
            let channel = crate::sim::lookup::lookup(&body, "channelId")
                .and_then(|c| c.as_str().map(str::to_string));
            if let Some(c) = &channel
                && let Err(r) = self::channel(v, t, Some(c))
            {
                return r;
            }
            let files: Vec<String> = crate::sim::lookup::lookup(&body, "files")
                .and_then(|f| f.as_array())
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|f| crate::sim::lookup::lookup_str(f, "id").unwrap_or_default())
                .collect();
            if files.is_empty() && channel.is_none() {
                return validation(v, "Name a channel (channelId) or the files to save.");
            }
            if let Some(r) = files.iter().find_map(|f| one(f).err()) {
                return r;
            }
            let n = if files.is_empty() {
                36
            } else {
                files.len() as u64
            };
            (FileKind::Zip, 200 * KB * n, "files.zip".to_string())
        }
        (false, ["files", _, "save"]) | (true, ["channels", _, "files", _, "save"]) => {
            let id = if v >= ApiVersion::V8 { raw[3] } else { raw[1] };
            let file = match one(id) {
                Ok(f) => f,
                Err(r) => return r,
            };
            let name = file["name"].as_str().unwrap_or("file").to_string();
            let size = file["sizeBytes"].as_u64().unwrap_or(KB);
            if crate::sim::lookup::lookup_bool(&body, "asZip").unwrap_or(false) {
                (FileKind::Zip, size + 200, format!("{name}.zip"))
            } else {
                (FileKind::for_name(&name), size, name)
            }
        }
        _ => return not_found(v),
    };
    crate::sim::lookup::file_reply(sim, kind, size, name)
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
    if let Err(r) = self::team(sim, v, session, team) {
        return r;
    }
    const KB: u64 = 1024;
    let (kind, size, name) = match tail {
        ["save"] => {
            let body = req.body_value().unwrap_or_default();
            let channel = crate::sim::lookup::lookup(&body, "channelId")
                .and_then(|c| c.as_str().map(str::to_string));
            if channel
                .as_deref()
                .is_some_and(|c| teams::channel_place(c).is_none())
            {
                return validation(v, "channelId is not a channel of this team.");
            }
            let named = crate::sim::lookup::lookup(&body, "posts")
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
    crate::sim::lookup::file_reply(sim, kind, size, name)
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
    let t = match self::team(sim, v, session, team) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let places = (0..teams::channel_count()).map(|c| (t, c)).collect();
    found(sim, v, req, session, places, teams::channel_posts, "Posts")
}

/// The posts, files or tabs of channel (team, channel) in a version, deleted posts shown or not.
type Entities = fn(u64, u64, ApiVersion, crate::sim::data::Epoch, bool) -> Vec<serde_json::Value>;

/// `POST …/organization/searchTeams`, `…/teams/{teamId}/search` and
/// `…/teams/{teamId}/channels/{channelId}/search`: the posts, files or tabs (`type`) of every
/// team, one team or one channel whose subject, author or name holds every word of the query.
pub(super) fn search(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: Option<&str>,
    channel_id: Option<&str>,
) -> Reply {
    let teams: Vec<u64> = match team {
        Some(id) => match self::team(sim, v, session, id) {
            Ok(t) => vec![t],
            Err(r) => return r,
        },
        None => match super::listings::inside(sim, v, session, RestoreType::Vet, "teams") {
            Ok(()) => (0..crate::sim::data::team_count(sim.config.mailboxes)).collect(),
            Err(r) => return r,
        },
    };
    let places: Vec<(u64, u64)> = match channel_id {
        Some(id) => match channel(v, teams[0], Some(&id.to_string())) {
            Ok(c) => vec![(teams[0], c)],
            Err(r) => return r,
        },
        None => teams
            .iter()
            .flat_map(|t| (0..teams::channel_count()).map(move |c| (*t, c)))
            .collect(),
    };
    let body = req.body_value().unwrap_or_default();
    let kind = crate::sim::lookup::lookup_str(&body, "type").unwrap_or_default();
    let entities: Entities = match kind.as_str() {
        "Posts" => teams::channel_posts,
        "Files" => teams::channel_files,
        "Tabs" => teams::tabs_of,
        _ => return validation(v, "type must be Posts, Files or Tabs."),
    };
    found(sim, v, req, session, places, entities, &kind)
}

/// A page of the posts, files or tabs (`kind`) channels `places` hold that match the
/// query; a keyword the kind does not take is refused as the server refuses it.
fn found(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    places: Vec<(u64, u64)>,
    entities: Entities,
    kind: &str,
) -> Reply {
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let query = crate::sim::query::query_of(req);
    let terms = match crate::sim::doc_query::teams_parse(&query, sim.config.clock.now(), kind) {
        Ok(t) => t,
        Err(why) => return validation(v, &why),
    };
    let show_deleted = shows_deleted(sim, session);
    let all = places
        .into_iter()
        .flat_map(|(t, c)| entities(t, c, v, sim.epoch, show_deleted))
        .filter(|e| crate::sim::doc_query::teams_matches(&terms, e))
        .collect();
    crate::sim::lookup::window(v, offset, limit, all)
}

/// `GET …/teams/{teamId}/files/{fileId}/versions` (v7) and
/// `…/teams/{teamId}/channels/{channelId}/files/{fileId}/versions` (v8): every version of a
/// file, the newest first.
pub(super) fn file_versions(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    team: &str,
    channel_id: Option<&str>,
    file_id: &str,
) -> Reply {
    // v7 names the file under the team, v8 under its channel; v6 has neither.
    if (v == ApiVersion::V7) != channel_id.is_none() || v < ApiVersion::V7 {
        return not_found(v);
    }
    let t = match self::team(sim, v, session, team) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let Some((ft, c, f, j)) = teams::file_place(file_id).filter(|(ft, ..)| *ft == t) else {
        return Reply::error(Some(v), 404, "The file does not exist.", "ResourceNotFound");
    };
    if let Some(id) = channel_id
        && channel(v, t, Some(&id.to_string())).ok() != Some(c)
    {
        return Reply::error(Some(v), 404, "The file does not exist.", "ResourceNotFound");
    }
    let (offset, limit) = match paging(v, req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let file = teams::file(ft, c, Some(f).filter(|f| *f != 3), j, v, sim.epoch);
    let all = super::sessions::versions_shown(sim, session, teams::versions(&file));
    crate::sim::lookup::window(v, offset, limit, all)
}

/// The subjects of the posts of a channel of `team` posted from `from` to `to` (each when
/// given), deleted ones too: what a restore of them puts back.
pub(super) fn posts_between(
    sim: &Sim,
    v: ApiVersion,
    session: &str,
    team: &str,
    channel_id: Option<&String>,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> Result<Vec<String>, Reply> {
    let t = self::team(sim, v, session, team)?;
    let c = channel(v, t, channel_id)?;
    Ok(teams::channel_posts(t, c, v, sim.epoch, true)
        .into_iter()
        .filter(|p| {
            let when = p["createdTime"].as_str().and_then(Timestamp::parse);
            from.is_none_or(|f| when.is_some_and(|w| w >= f))
                && to.is_none_or(|t| when.is_some_and(|w| w <= t))
        })
        .map(|p| p["subject"].as_str().unwrap_or("post").to_string())
        .collect())
}
