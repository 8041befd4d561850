//! What `R` offers to restore from each level: the Exchange items, folder or mailbox, or
//! the OneDrive and SharePoint documents, that `s` would save, put back where they were.

use crate::clock::Clock;
use super::*;
use crate::api::{RestoreWhat, Store};
use crate::api::models::Timestamp;
use crate::app::route_args::{RestoreChoice, RestoreOffer};

impl BrowsePage {
    /// R: the restore form, offering what can be put back from this level.
    pub(super) fn restore(&mut self, shared: &mut Shared) -> Flow {
        let v = shared.version();
        let mut choices = self.restore_choices(&shared.clock);
        // v4/v5 restore a mailbox (or its items) where it was, through `Action`; their other
        // restore bodies are documented nowhere this app could check them against.
        if !v.has_mailbox_folders() {
            choices.retain(|c| matches!(c.what, RestoreWhat::Mailbox { .. } | RestoreWhat::Items { .. }));
            if choices.is_empty() {
                shared.status.text = Some(format!(
                    "This server speaks API {v}: the app restores only a mailbox there, to where it was (the documented Action body). Other restores need API v6 or later."
                ));
                return Flow::none();
            }
        }
        // A restore operator restores what `operatorRestore` takes, with a reason; whole
        // mailboxes, folders, OneDrives, sites and teams are the administrator's.
        if shared.is_operator() {
            choices.retain(|c| c.what.operator_restores(v));
            if choices.is_empty() {
                let teams = if v >= crate::api::ApiVersion::V7 {
                    ", Teams posts, files, tabs, a channel or a team"
                } else {
                    " (Teams from API v7)"
                };
                shared.status.text = Some(format!(
                    "A restore operator restores mail items, documents and list items{teams} (mark them, then R); whole mailboxes, folders, OneDrives and sites are the administrator's."
                ));
                return Flow::none();
            }
        }
        if let Some(why) = self.unplaced_hit().filter(|_| choices.is_empty()) {
            shared.status.say(why);
            return Flow::none();
        }
        if choices.is_empty() {
            shared.status.text = Some(
                "Nothing here to restore: stand on a mailbox, folder, item, OneDrive, document, site, library, list, team, channel, post, file or tab (or mark some), then R."
                    .into(),
            );
            return Flow::none();
        }
        for c in &mut choices {
            c.into = self.back_into(c, shared);
        }
        Flow::push(crate::app::pages::Route::Restore(Box::new(RestoreOffer {
            preset: None,
            session_id: self.session.id.clone(),
            organization: self.session.organization.clone(),
            choices,
        })))
    }

    /// The mailbox, OneDrive, site or team a restore to where it was puts `c` back into.
    fn back_into(&self, c: &RestoreChoice, shared: &Shared) -> String {
        // At the top level the choice is the mailbox, OneDrive, site or team itself.
        let Some(top) = self.path.first().filter(|_| !self.path.is_empty()) else {
            return match &c.what {
                // "where it was, in each mailbox" says it already.
                RestoreWhat::Mailboxes { .. } | RestoreWhat::OneDrives { .. } => String::new(),
                _ => c.words.clone(),
            };
        };
        match &c.what {
            RestoreWhat::Mailbox { mailbox_id }
            | RestoreWhat::Folder { mailbox_id, .. }
            | RestoreWhat::Items { mailbox_id, .. } => {
                let name = self
                    .mailbox_names
                    .get(mailbox_id)
                    .map(String::as_str)
                    .or_else(|| shared.memory.mailbox_name(mailbox_id));
                match name {
                    Some(name) => format!("mailbox {name}"),
                    None if self.searches_everywhere() => "the mailbox it came from".into(),
                    None => format!("mailbox {top}"),
                }
            }
            RestoreWhat::OneDrive { .. } => format!("the OneDrive of {top}"),
            RestoreWhat::Documents { store, .. }
            | RestoreWhat::DriveFolder { store, .. }
            | RestoreWhat::DriveFolders { store, .. }
            | RestoreWhat::Version { store, .. } => match store {
                Store::OneDrive { .. } => format!("the OneDrive of {top}"),
                _ => format!("site {top}"),
            },
            RestoreWhat::Library { .. } | RestoreWhat::List { .. } | RestoreWhat::Site { .. } => {
                format!("site {top}")
            }
            RestoreWhat::Posts { .. }
            | RestoreWhat::Channel { .. }
            | RestoreWhat::Team { .. }
            | RestoreWhat::TeamFiles { .. }
            | RestoreWhat::Tabs { .. }
                if self.searches_everywhere() =>
            {
                "the team it came from".into()
            }
            RestoreWhat::Posts { .. }
            | RestoreWhat::Channel { .. }
            | RestoreWhat::Team { .. }
            | RestoreWhat::TeamFiles { .. }
            | RestoreWhat::Tabs { .. } => format!("team {top}"),
            RestoreWhat::Mailboxes { .. } | RestoreWhat::OneDrives { .. } => String::new(),
        }
    }

    /// Whether this level is a search of every mailbox or every team (its path names the
    /// search, not a mailbox or team).
    fn searches_everywhere(&self) -> bool {
        matches!(
            &self.listing,
            Listing::Search {
                scope: SearchScope::Organization
                    | SearchScope::Teams {
                        place: crate::api::TeamsPlace::Organization,
                        ..
                    },
                ..
            }
        )
    }

    /// What can be put back from this level: what only a restore offers (a site, a list and
    /// its items, a team, a channel, tabs) first, then what `s` would save, as restores.
    pub(super) fn restore_choices(&self, clock: &Clock) -> Vec<RestoreChoice> {
        let mut choices = self.restore_only_choices();
        choices.extend(
            self.save_choices()
                .into_iter()
                .filter_map(|c| self.save_as_restore(c, clock)),
        );
        choices
    }

    /// A thing `s` offers to save, as the restore of the same thing where the API has one.
    fn save_as_restore(&self, c: SaveChoice, clock: &Clock) -> Option<RestoreChoice> {
        let what = match c.source {
            Source::Items {
                mailbox_id,
                item_ids,
            } => RestoreWhat::Items {
                mailbox_id,
                item_ids,
            },
            Source::Folder {
                mailbox_id,
                folder_id,
            } => RestoreWhat::Folder {
                mailbox_id,
                folder_id,
            },
            Source::Mailbox { mailbox_id } => RestoreWhat::Mailbox { mailbox_id },
            Source::Documents { store, documents } => RestoreWhat::Documents { store, documents },
            Source::OneDrive { onedrive_id } => RestoreWhat::OneDrive { onedrive_id },
            Source::StoreFolder { store, folder_id } => RestoreWhat::DriveFolder { store, folder_id },
            Source::Library {
                site_id,
                library_id,
            } => RestoreWhat::Library {
                site_id,
                library_id,
            },
            Source::Version {
                store,
                document_id,
                version_id,
                folder,
            } => RestoreWhat::Version {
                store,
                document_id,
                version_id,
                folder,
            },
            // Every post of the channel.
            Source::Channel {
                team_id,
                channel_id,
            } => RestoreWhat::Posts {
                team_id,
                channel_id,
                from: None,
                to: None,
            },
            // Posts are restored by channel and time: from the first to the last.
            Source::Posts {
                team_id,
                channel_id,
                post_ids,
            } if !channel_id.is_empty() => {
                let (from, to) = self.post_times(&post_ids)?;
                // The API restores a time range of the channel: say so, not "2 posts".
                let words = format!(
                    "posts of {} {} ({} marked; others posted in that time are restored too)",
                    self.path.join(" › "),
                    time_range(clock, from, to),
                    post_ids.len()
                );
                return Some(RestoreChoice {
                    what: RestoreWhat::Posts {
                        team_id,
                        channel_id,
                        from: Some(from),
                        to: Some(to),
                    },
                    words,
                    into: String::new(),
                });
            }
            Source::TeamFiles {
                team_id,
                channel_id,
                files,
            } if !channel_id.is_empty() => RestoreWhat::TeamFiles {
                team_id,
                channel_id,
                file_ids: files.into_iter().map(|f| f.id).collect(),
            },
            _ => return None,
        };
        Some(RestoreChoice {
            what,
            words: c.words,
            into: String::new(),
        })
    }

    /// What a restore offers here that a save does not.
    fn restore_only_choices(&self) -> Vec<RestoreChoice> {
        let row = self.list.selected_row();
        let choice = |what, words: String| RestoreChoice { what, words, into: String::new() };
        let team = |team_id: &str, name: &str| {
            choice(
                RestoreWhat::Team {
                    team_id: team_id.to_string(),
                },
                format!("team {name}"),
            )
        };
        let channel = |team_id: &str, channel_id: &str, name: &str| {
            choice(
                RestoreWhat::Channel {
                    team_id: team_id.to_string(),
                    channel_id: channel_id.to_string(),
                },
                format!("channel {name} (its posts, files and tabs)"),
            )
        };
        let site = |site_id: &str, name: &str| {
            choice(
                RestoreWhat::Site {
                    site_id: site_id.to_string(),
                },
                format!("site {name}"),
            )
        };
        let first = self.path.first().cloned().unwrap_or_default();
        let last = self.path.last().cloned().unwrap_or_default();
        let marked: Vec<(String, String)> =
            self.marked.iter().map(|m| (m.id.clone(), m.title.clone())).collect();
        // Marked folders of a OneDrive or library go back together.
        if let Some(store) = self.store_of().filter(|s| !s.is_list()) {
            let folders: Vec<crate::api::models::DriveItem> = self
                .marked
                .iter()
                .filter_map(|m| m.document.as_deref().cloned())
                .filter(|d| d.is_folder())
                .collect();
            if !folders.is_empty() {
                let words = match folders.as_slice() {
                    [one] => format!("folder {}", one.name),
                    many => format!("{} folders from {}", many.len(), self.path.join(" › ")),
                };
                return vec![choice(RestoreWhat::DriveFolders { store, folders }, words)];
            }
        }
        match (&self.listing, row) {
            // Marked mailboxes or OneDrives go back together (a bulk restore).
            (Listing::Mailboxes, _) if !marked.is_empty() => vec![choice(
                RestoreWhat::Mailboxes { mailboxes: marked.clone() },
                format!("{} mailboxes ({})", marked.len(), names(&marked)),
            )],
            (Listing::OneDrives, _) if !marked.is_empty() => vec![choice(
                RestoreWhat::OneDrives { onedrives: marked.clone() },
                format!("{} OneDrives ({})", marked.len(), names(&marked)),
            )],
            (Listing::Sites { .. }, Some(Row::Site(s))) => vec![site(&s.id, &s.name)],
            (Listing::SiteParts { site_id }, _) => vec![site(site_id, &last)],
            (Listing::Lists { site_id }, Some(Row::SiteList(l))) => vec![choice(
                RestoreWhat::List {
                    site_id: site_id.clone(),
                    list_id: l.id.clone(),
                },
                format!("list {}", l.name),
            )],
            // A list's items, marked or under the cursor, and the whole list.
            (
                Listing::Documents {
                    store: store @ Store::List { site_id, list_id },
                    parent_id,
                },
                row,
            ) => {
                let mut c = Vec::new();
                let items: Vec<crate::api::models::DriveItem> = match (self.marked.is_empty(), row) {
                    (false, _) => self.marked.iter().filter_map(|m| m.document.as_deref().cloned()).collect(),
                    (true, Some(Row::Drive(d))) if !d.is_folder() => vec![(**d).clone()],
                    _ => Vec::new(),
                };
                let words = match items.as_slice() {
                    [] => None,
                    [one] => Some(format!("item {}", one.title.clone().unwrap_or_else(|| one.name.clone()))),
                    many => Some(format!("{} items from {}", many.len(), self.path.join(" › "))),
                };
                if let Some(words) = words {
                    c.push(choice(
                        RestoreWhat::Documents {
                            store: store.clone(),
                            documents: items,
                        },
                        words,
                    ));
                }
                if parent_id.is_none() {
                    c.push(choice(
                        RestoreWhat::List {
                            site_id: site_id.clone(),
                            list_id: list_id.clone(),
                        },
                        format!("list {last}"),
                    ));
                }
                c
            }
            // A list item's version (the save leaves list items out: they are no files).
            (
                Listing::Versions {
                    store: store @ Store::List { .. },
                    document_id,
                    folder,
                },
                Some(Row::Drive(v)),
            ) if v.version_id.is_some() => vec![choice(
                RestoreWhat::Version {
                    store: store.clone(),
                    document_id: document_id.clone(),
                    version_id: v.version_id.unwrap_or_default(),
                    folder: *folder,
                },
                format!(
                    "{} version {}",
                    v.title.clone().unwrap_or_else(|| v.name.clone()),
                    v.version.clone().unwrap_or_default()
                ),
            )],
            (Listing::Teams { .. }, Some(Row::Team(t))) => vec![team(&t.id, &t.display_name)],
            (Listing::Channels { team_id }, Some(Row::Channel(ch))) => vec![
                channel(team_id, &ch.id, &ch.display_name),
                team(team_id, &first),
            ],
            (Listing::Channels { team_id }, _) => vec![team(team_id, &first)],
            (
                Listing::ChannelParts {
                    team_id,
                    channel_id,
                },
                _,
            ) => vec![channel(team_id, channel_id, &last), team(team_id, &first)],
            (
                Listing::Tabs {
                    team_id,
                    channel_id,
                },
                row,
            ) => {
                let tabs: Vec<(String, String)> = match (self.marked.is_empty(), row) {
                    (false, _) => self.marked.iter().map(|m| (m.id.clone(), m.title.clone())).collect(),
                    (true, Some(Row::Tab(t))) => vec![(t.id.clone(), t.display_name.clone())],
                    _ => Vec::new(),
                };
                let words = match tabs.as_slice() {
                    [] => return vec![channel(team_id, channel_id, &self.path.get(1).cloned().unwrap_or_default())],
                    [(_, name)] => format!("tab {name}"),
                    many => format!("{} tabs of {}", many.len(), self.path.join(" › ")),
                };
                vec![choice(
                    RestoreWhat::Tabs {
                        team_id: team_id.clone(),
                        channel_id: channel_id.clone(),
                        tab_ids: tabs.into_iter().map(|(id, _)| id).collect(),
                    },
                    words,
                )]
            }
            _ => Vec::new(),
        }
    }

    /// When the first and the last of these loaded posts were posted.
    fn post_times(&self, ids: &[u64]) -> Option<(Timestamp, Timestamp)> {
        let times: Vec<Timestamp> = (0..self.list.loaded())
            .filter_map(|i| match self.list.row(i) {
                Some(Row::Post(p)) if ids.contains(&p.post_id) => p.created_time,
                _ => None,
            })
            .collect();
        Some((*times.iter().min()?, *times.iter().max()?))
    }
}

/// The first names of what is marked, for the form and the confirmation.
fn names(all: &[(String, String)]) -> String {
    const SHOWN: usize = 3;
    let first: Vec<&str> = all.iter().take(SHOWN).map(|(_, n)| n.as_str()).collect();
    match all.len().saturating_sub(SHOWN) {
        0 => first.join(", "),
        more => format!("{} and {more} more", first.join(", ")),
    }
}

/// `from 2026-11-21 10:02 to 10:47`, the day said once when it is one day.
fn time_range(clock: &Clock, from: Timestamp, to: Timestamp) -> String {
    let (from, to) = (clock.local(from.0), clock.local(to.0));
    let end = if from.date_naive() == to.date_naive() {
        to.format("%H:%M")
    } else {
        to.format("%Y-%m-%d %H:%M")
    };
    format!("from {} to {end}", from.format("%Y-%m-%d %H:%M"))
}
