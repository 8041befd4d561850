//! Tasks: the downloads of this run, newest first: running ones with bytes, rate and time,
//! finished ones with where the file is or why it failed. A PST export refused for want of
//! Outlook on the server offers MSG/ZIP from here.

use crate::api::{Download, Format, Source};
use crate::app::keymap::{Binding, Intent};
use crate::app::pages::{Flow, Open, Page, Route};
use crate::app::shared::{RequestId, Shared};
use crate::app::route_args::{SaveChoice, SaveOffer};
use crate::jobs::{JobState as Task, Kind};

#[derive(Debug, Default)]
pub struct TasksPage {
    /// The selected row, by position in the newest-first list.
    pub selected: usize,
    /// Shows the full text of the selected task.
    pub details: bool,
}

impl Open for TasksPage {
    type Args = ();
    fn open(_: (), _: &mut Shared) -> (Self, Flow) {
        (TasksPage::default(), Flow::none())
    }
}

impl Page for TasksPage {
    fn title(&self) -> String {
        "Tasks".into()
    }
    fn bindings(&self, shared: &Shared) -> &'static [Binding] {
        use crate::app::keymap::Table;
        let table = match self.task(shared) {
            Some(t) if t.is_running() && !t.is_restore() => Table::TasksRunning,
            Some(t) if alternative(t).is_some() => Table::TasksNoOutlook,
            _ => Table::Tasks,
        };
        crate::app::keymap::table(table)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let n = shared.my_tasks().count();
        match intent {
            Intent::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Intent::Up => self.selected = self.selected.saturating_sub(1),
            Intent::Top => self.selected = 0,
            Intent::Bottom => self.selected = n.saturating_sub(1),
            Intent::Submit => self.details = !self.details,
            Intent::Stop => return self.cancel(shared),
            Intent::Alternative => return self.save_otherwise(shared),
            Intent::Back if self.details => self.details = false,
            Intent::Back => return Flow::pop(),
            Intent::Filter => shared.status.say("Tasks lists only this run's jobs, newest first: there is nothing to filter."),
            _ => return Flow::unchanged(),
        }
        Flow::none()
    }
}

/// The save to offer instead of a PST export the server could not write: MSG for items,
/// else nothing (a whole mailbox or folder has no MSG operation in the API).
pub fn alternative(task: &Task) -> Option<Download> {
    if !task.failure().is_some_and(|f| f.outlook_missing) {
        return None;
    }
    let Kind::Download { download, .. } = &task.kind else {
        return None;
    };
    matches!(download.source, Source::Items { .. }).then(|| Download {
        format: Format::Msg,
        ..download.clone()
    })
}

impl TasksPage {
    pub fn task<'a>(&self, shared: &'a Shared) -> Option<&'a Task> {
        shared.my_tasks().nth(self.selected)
    }

    fn selected_id(&self, shared: &Shared) -> Option<RequestId> {
        self.task(shared).map(|t| t.id)
    }

    fn cancel(&mut self, shared: &mut Shared) -> Flow {
        let Some(id) = self.selected_id(shared) else {
            return Flow::unchanged();
        };
        if self.task(shared).is_some_and(|t| t.is_restore() && t.is_running()) {
            shared.status.text = Some("A restore that was sent cannot be called back: the server finishes it.".into());
            return Flow::none();
        }
        match shared.cancel_download(id) {
            Some(cmd) => {
                shared.status.text = Some("Cancelling…".into());
                Flow::cmd(cmd)
            }
            None => Flow::unchanged(),
        }
    }

    fn save_otherwise(&mut self, shared: &mut Shared) -> Flow {
        let Some(task) = self.task(shared) else {
            return Flow::unchanged();
        };
        let Some(download) = alternative(task) else {
            return Flow::unchanged();
        };
        let what = task
            .title
            .rsplit_once(" as ")
            .map_or(task.title.clone(), |(w, _)| w.to_string());
        // The same name as the refused file, without its time (a new one is added).
        let stem = task.path().and_then(|p| p.file_stem()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = match stem.rsplitn(3, '-').collect::<Vec<_>>().as_slice() {
            [time, date, rest] if time.len() == 4 && date.len() == 8 => rest.to_string(),
            _ => stem.clone(),
        };
        Flow::push(Route::Save(Box::new(SaveOffer {
            session_id: download.session_id,
            choices: vec![SaveChoice::new(download.source, what, &stem)],
            format: Some(Format::Msg),
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::app::pages::Nav;
    use crate::config::Config;
    use crate::jobs::{Failure, Outcome, Update};

    #[test]
    fn keys_resolve() {
        use crate::app::keymap::{Table, check_table, table};
        for t in [Table::Tasks, Table::TasksRunning, Table::TasksNoOutlook] {
            check_table(t.name(), table(t));
        }
    }

    #[test]
    fn the_next_identity_signed_in_does_not_see_the_last_ones_tasks() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let who = |name: &str| crate::api::Identity {
            user_name: name.into(),
            kind: crate::api::SignInKind::Administrator,
            expires_utc: chrono::DateTime::UNIX_EPOCH,
        };
        shared.identity = Some(who("administrator"));
        let inbox = Download {
            session_id: "s".into(),
            source: Source::Organization,
            format: Format::Pst { split_bytes: None },
        };
        shared.start_download("Inbox".into(), inbox, "/tmp/Inbox.pst".into(), false);
        assert_eq!(shared.my_tasks().count(), 1);
        shared.identity = Some(who("operator.contoso"));
        assert_eq!(shared.my_tasks().count(), 0, "not shown to the next one");
        let (mut p, _) = TasksPage::open((), &mut shared);
        p.on_intent(Intent::Down, &mut shared);
        assert!(p.task(&shared).is_none());
        shared.identity = Some(who("administrator"));
        assert_eq!(shared.my_tasks().count(), 1, "the administrator's own again");
    }

    #[test]
    fn a_refused_pst_of_items_offers_msg_and_a_running_download_can_be_cancelled() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let items = Download {
            session_id: "s".into(),
            source: Source::Items {
                mailbox_id: "m".into(),
                item_ids: vec!["i".into()],
            },
            format: Format::Pst { split_bytes: None },
        };
        shared.start_download("Report as PST".into(), items, "/tmp/Report-20261123-2030.pst".into(), false);
        let (mut p, _) = TasksPage::open((), &mut shared);
        let flow = p.on_intent(Intent::Stop, &mut shared);
        assert_eq!(flow.commands.len(), 1, "asked to stop");
        assert!(shared.tasks.get(1).unwrap().cancelling);
        assert!(p.on_intent(Intent::Stop, &mut shared).commands.is_empty(), "asked once");
        let cancelled = Update::Finished(Outcome::Cancelled);
        shared.tasks.update(1, cancelled, std::time::Instant::now(), "t");
        assert_eq!(shared.tasks.running(), 0);
        // A second one is refused by the server.
        let Kind::Download { download: items, .. } = shared.tasks.get(1).unwrap().kind.clone() else {
            panic!("a download");
        };
        shared.start_download("Report as PST".into(), items, "/tmp/Report-20261123-2030.pst".into(), false);
        let refused = Update::Failed(Failure {
            reason: "Outlook is not installed".into(),
            outlook_missing: true,
        });
        shared.tasks.update(2, refused, std::time::Instant::now(), "t");
        assert_eq!(p.task(&shared).unwrap().id, 2, "newest first");
        let flow = p.on_intent(Intent::Alternative, &mut shared);
        let Some(Nav::Push(Route::Save(args))) = flow.nav else {
            panic!("the save form, as MSG");
        };
        assert_eq!(args.format, Some(Format::Msg));
        assert_eq!(args.choices[0].words, "Report");
        assert_eq!(args.choices[0].stem, "Report", "the refused file's name, without its time");
    }
}
