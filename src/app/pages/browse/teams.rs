//! Teams in the browse: where a post or file is (team, channel), and what `s` offers for
//! posts and files.

use super::*;
use crate::api::models::TeamsWhere;
use crate::app::route_args::file_safe;
use super::selection::Marked;

impl BrowsePage {
    /// Whether this level lists a channel's files, or files found by a Teams search.
    pub(super) fn lists_team_files(&self) -> bool {
        matches!(
            self.listing,
            Listing::ChannelFiles { .. }
                | Listing::Search {
                    scope: SearchScope::Teams {
                        kind: crate::api::TeamsKind::Files,
                        ..
                    },
                    ..
                }
        )
    }

    /// The team and channel of a post or file on this level: the level's own, else what
    /// the row says of itself (v7 names the channel, v8 the team too).
    pub(super) fn teams_where(&self, own: &TeamsWhere) -> TeamsWhere {
        let (team, channel) = match &self.listing {
            Listing::ChannelFiles {
                team_id,
                channel_id,
                ..
            }
            | Listing::Posts {
                team_id,
                channel_id,
            } => (Some(team_id.as_str()), Some(channel_id.as_str())),
            Listing::Search {
                scope: SearchScope::Teams { place, .. },
                ..
            } => (place.team_id(), place.channel_id()),
            _ => (None, None),
        };
        TeamsWhere {
            team_id: team.map(str::to_string).or_else(|| own.team_id.clone()),
            channel_id: channel.map(str::to_string).or_else(|| own.channel_id.clone()),
        }
    }

    /// Every post of a channel, as MSG files in a ZIP.
    pub(super) fn channel_choice(&self, team_id: &str, channel_id: &str, name: &str) -> SaveChoice {
        let team = self.path.first().cloned().unwrap_or_default();
        let source = Source::Channel {
            team_id: team_id.to_string(),
            channel_id: channel_id.to_string(),
        };
        SaveChoice::new(source, format!("every post of {team} › {name}"), &format!("{team}-{name}"))
    }

    /// The marked posts (or the one under the cursor), when they are of one team and, more
    /// than one, of one channel (the API saves several of one channel only).
    pub(super) fn posts_choice(&self, row: Option<&Row>) -> Option<SaveChoice> {
        let posts = match (self.marked.is_empty(), row) {
            (false, _) => self.marked.clone(),
            (true, Some(r)) => vec![self.item(r)?],
            (true, None) => return None,
        };
        let (team_id, channel_id) = one_channel(&posts, posts.len() > 1)?;
        let post_ids = posts.iter().filter_map(|m| m.id.parse().ok()).collect();
        let place = self.path.join(" › ");
        let (words, stem) = match posts.as_slice() {
            [one] => (format!("“{}” from {place}", one.title), one.title.clone()),
            many => (format!("{} posts from {place}", many.len()), format!("{place}-{} posts", many.len())),
        };
        let source = Source::Posts {
            team_id,
            channel_id,
            post_ids,
        };
        Some(SaveChoice::new(source, words, &stem))
    }

    /// The marked files of a channel (or the file or folder under the cursor); one file keeps
    /// its own name. Several files, or a folder, are saved by channel, so it must be known.
    pub(super) fn team_files_choice(&self, row: Option<&Row>) -> Option<SaveChoice> {
        let marked: Vec<Marked> = match (self.marked.is_empty(), row) {
            (false, _) => self.marked.clone(),
            (true, Some(Row::Drive(d))) => vec![Marked {
                id: d.id.clone(),
                title: d.name.clone(),
                mailbox: None,
                document: Some(d.clone()),
                at: self.teams_where(&d.channel),
            }],
            _ => return None,
        };
        let files: Vec<crate::api::models::DriveItem> =
            marked.iter().filter_map(|m| m.document.as_deref().cloned()).collect();
        let by_channel = !matches!(files.as_slice(), [one] if !one.is_folder());
        let (team_id, channel_id) = one_channel(&marked, by_channel)?;
        let (words, stem) = match files.as_slice() {
            [] => return None,
            [one] if one.is_folder() => (format!("folder {}", one.name), file_safe(&one.name)),
            [one] => (one.name.clone(), one.name.replace('/', "_")),
            many => {
                let team = self.path.first().cloned().unwrap_or_default();
                (format!("{} files from {}", many.len(), self.path.join(" › ")), file_safe(&format!("{team}-{} files", many.len())))
            }
        };
        let files = files
            .iter()
            .map(|f| crate::api::TeamFileRef {
                id: f.id.clone(),
                is_folder: f.is_folder(),
            })
            .collect();
        let source = Source::TeamFiles {
            team_id,
            channel_id,
            files,
        };
        Some(SaveChoice { source, words, stem })
    }
}

/// The one team (and, when `channel` is needed, the one channel) that every marked post or
/// file is in; none when they are of several, or the server did not say.
fn one_channel(marked: &[Marked], channel: bool) -> Option<(String, String)> {
    let first = &marked.first()?.at;
    let team = first.team_id.clone()?;
    let channel_id = first.channel_id.clone().unwrap_or_default();
    let same = marked.iter().all(|m| {
        m.at.team_id.as_deref() == Some(&team)
            && (!channel || m.at.channel_id.as_deref() == Some(&channel_id))
    });
    (same && (!channel || !channel_id.is_empty())).then_some((team, channel_id))
}
