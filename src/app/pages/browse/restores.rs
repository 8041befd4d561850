//! What `R` offers to restore from each level: the Exchange items, folder or mailbox, or
//! the OneDrive and SharePoint documents, that `s` would save, put back where they were.

use super::*;
use crate::api::RestoreWhat;
use crate::api::models::Timestamp;
use crate::app::pages::restore::{RestoreChoice, RestoreOffer};

impl BrowsePage {
    /// R: the restore form, offering what can be put back from this level.
    pub(super) fn restore(&mut self, shared: &mut Shared) -> Flow {
        let v = shared.version();
        if !v.has_mailbox_folders() {
            shared.message = Some(format!(
                "Restores are offered from API v6 on; this server speaks {v}, whose restore bodies are not documented here."
            ));
            return Flow::none();
        }
        let mut choices = self.restore_choices();
        // A restore operator restores mail items, with a reason; the rest is the administrator's.
        if shared.is_operator() {
            choices.retain(|c| matches!(c.what, RestoreWhat::Items { .. }));
            if choices.is_empty() {
                shared.message = Some(
                    "A restore operator restores mail items here (mark them, then R); other restores are the administrator's."
                        .into(),
                );
                return Flow::none();
            }
        }
        if choices.is_empty() {
            shared.message = Some(
                "R restores mail items, folders, mailboxes, OneDrive and SharePoint documents, and Teams posts, to where they were; other restores are not in the app yet (s saves a copy)."
                    .into(),
            );
            return Flow::none();
        }
        Flow::push(crate::app::pages::Route::Restore(Box::new(RestoreOffer {
            session_id: self.session.id.clone(),
            organization: self.session.organization.clone(),
            choices,
        })))
    }

    /// The Exchange things `s` offers here, as restores to the original location (the whole
    /// organization has no such restore).
    pub(super) fn restore_choices(&self) -> Vec<RestoreChoice> {
        self.save_choices()
            .into_iter()
            .filter_map(|c| {
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
                    Source::Documents { store, documents } => {
                        RestoreWhat::Documents { store, documents }
                    }
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
                        let words = format!(
                            "{} (the channel's posts from {} to {})",
                            c.words,
                            in_this_zone(from),
                            in_this_zone(to)
                        );
                        return Some(RestoreChoice {
                            what: RestoreWhat::Posts {
                                team_id,
                                channel_id,
                                from: Some(from),
                                to: Some(to),
                            },
                            words,
                        });
                    }
                    _ => return None,
                };
                Some(RestoreChoice {
                    what,
                    words: c.words,
                })
            })
            .collect()
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

/// A time as this machine's clock shows it, to the minute.
fn in_this_zone(t: Timestamp) -> String {
    t.0.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}
