//! Tasks: the operator's record. This run's restores, sends and downloads, newest first
//! (running ones with bytes, rate and time), then what earlier runs did, as the record file
//! keeps it. The selected one in full: what, from and to where, with which credential, who,
//! when, and every error and warning. A failed or cancelled one opens its form again,
//! filled in (`r`); a PST export refused for want of Outlook offers MSG.

use tui_input::Input;

use crate::api::{Download, Format, Source};
use crate::app::keymap::{Binding, Intent, Table};
use crate::app::pages::{Flow, Open, Page, Route};
use crate::app::route_args::{SaveChoice, SaveOffer};
use crate::app::shared::{RequestId, Shared};
use crate::jobs::{JobState as Task, Kind, Outcome, Record, Status};

#[derive(Debug, Default)]
pub struct TasksPage {
    /// The selected row, by position among the entries shown.
    pub selected: usize,
    /// The selected entry in full, over the whole page.
    pub details: bool,
    /// The first line of the details shown.
    pub scroll: usize,
    /// Words the entries shown contain (`/`).
    pub filter: Input,
    pub filtering: bool,
}

/// One row of the page: a task of this run, or a record of an earlier run.
#[derive(Clone, Copy, Debug)]
pub enum Entry<'a> {
    Task(&'a Task),
    Earlier(&'a Record),
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
        let table = match self.task(shared) {
            _ if self.filtering => Table::TasksFiltering,
            _ if self.details => Table::TasksDetails,
            Some(t) if t.is_running() && !t.is_restore() => Table::TasksRunning,
            Some(t) if alternative(t).is_some() => Table::TasksNoOutlook,
            Some(t) if retryable(t) => Table::TasksFailed,
            _ => Table::Tasks,
        };
        crate::app::keymap::table(table)
    }
    fn typing(&self) -> bool {
        self.filtering
    }
    fn input(&mut self) -> Option<&mut Input> {
        self.filtering.then_some(&mut self.filter)
    }
    fn on_input(&mut self, _: &mut Shared) -> Flow {
        self.selected = 0;
        Flow::none()
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        if self.filtering {
            self.filtering = false;
            if intent == Intent::Back {
                self.filter = Input::default();
                self.selected = 0;
            }
            return Flow::none();
        }
        if self.details {
            return self.on_details_intent(intent, shared);
        }
        let n = self.entries(shared).len();
        match intent {
            Intent::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Intent::Up => self.selected = self.selected.saturating_sub(1),
            Intent::Top => self.selected = 0,
            Intent::Bottom => self.selected = n.saturating_sub(1),
            Intent::Submit if n > 0 => {
                self.details = true;
                self.scroll = 0;
            }
            Intent::Stop => return self.cancel(shared),
            Intent::Alternative => return self.save_otherwise(shared),
            Intent::Retry => return self.retry(shared),
            Intent::Filter => self.filtering = true,
            Intent::Back if !self.filter.value().is_empty() => {
                self.filter = Input::default();
                self.selected = 0;
            }
            Intent::Back => return Flow::pop(),
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

/// Whether `r` opens its form again: it failed or was cancelled.
pub fn retryable(task: &Task) -> bool {
    matches!(
        task.status,
        Status::Failed { .. }
            | Status::Finished {
                outcome: Outcome::Cancelled,
                ..
            }
    )
}

impl TasksPage {
    /// This run's tasks, then the earlier runs' records, those the filter keeps.
    pub fn entries<'a>(&self, shared: &'a Shared) -> Vec<Entry<'a>> {
        let q = self.filter.value().trim().to_string();
        let tasks = shared
            .my_tasks()
            .filter(|t| q.is_empty() || t.as_record().matches(&q))
            .map(Entry::Task);
        let earlier = shared
            .my_earlier()
            .filter(|r| r.matches(&q))
            .map(Entry::Earlier);
        tasks.chain(earlier).collect()
    }

    pub fn entry<'a>(&self, shared: &'a Shared) -> Option<Entry<'a>> {
        self.entries(shared).get(self.selected).copied()
    }

    /// The selected task of this run, if the selection is one.
    pub fn task<'a>(&self, shared: &'a Shared) -> Option<&'a Task> {
        match self.entry(shared)? {
            Entry::Task(t) => Some(t),
            Entry::Earlier(_) => None,
        }
    }

    fn selected_id(&self, shared: &Shared) -> Option<RequestId> {
        self.task(shared).map(|t| t.id)
    }

    /// Keys while the details fill the page: they scroll; Esc or Enter goes back.
    fn on_details_intent(&mut self, intent: Intent, shared: &Shared) -> Flow {
        let page = usize::from(shared.size.1.saturating_sub(6)).max(1);
        // The view stops at the last line; the bound here only keeps the count sane.
        if let Some(at) = crate::app::pages::scrolled(intent, self.scroll, 10_000, page) {
            self.scroll = at;
            return Flow::none();
        }
        match intent {
            Intent::Back | Intent::Submit => self.details = false,
            _ => return Flow::unchanged(),
        }
        Flow::none()
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

    /// r: the form the failed or cancelled task came from, filled in as it was; nothing
    /// goes until the operator confirms it there again.
    fn retry(&mut self, shared: &mut Shared) -> Flow {
        let Some(entry) = self.entry(shared) else {
            return Flow::unchanged();
        };
        let task = match entry {
            Entry::Task(t) if retryable(t) => t,
            Entry::Task(_) => {
                shared.status.say("Only a failed or cancelled task is done again.");
                return Flow::none();
            }
            Entry::Earlier(_) => {
                shared.status.say("An earlier run's task is a record only: find it again in a restore session to redo it.");
                return Flow::none();
            }
        };
        match &task.kind {
            Kind::Restore { .. } => match shared.tasks.again(task.id) {
                Some(offer) => Flow::push(Route::Restore(Box::new(offer.clone()))),
                None => Flow::unchanged(),
            },
            Kind::Download { download, path } => {
                let what = save_words(&task.title);
                let offer = SaveOffer {
                    session_id: download.session_id.clone(),
                    choices: vec![SaveChoice::new(download.source.clone(), what, &stem(path))],
                    format: Some(download.format),
                };
                Flow::push(Route::Save(Box::new(offer)))
            }
        }
    }

    fn save_otherwise(&mut self, shared: &mut Shared) -> Flow {
        let Some(task) = self.task(shared) else {
            return Flow::unchanged();
        };
        let Some(download) = alternative(task) else {
            return Flow::unchanged();
        };
        let what = save_words(&task.title);
        let stem = task.path().map(stem).unwrap_or_default();
        Flow::push(Route::Save(Box::new(SaveOffer {
            session_id: download.session_id,
            choices: vec![SaveChoice::new(download.source, what, &stem)],
            format: Some(Format::Msg),
        })))
    }
}

/// What a save was of, without the format its title ends with ("Inbox as PST").
fn save_words(title: &str) -> String {
    title
        .rsplit_once(" as ")
        .map_or(title.to_string(), |(w, _)| w.to_string())
}

/// The same name as the file before, without its time (a new one is added).
fn stem(path: &std::path::Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    match stem.rsplitn(3, '-').collect::<Vec<_>>().as_slice() {
        [time, date, rest] if time.len() == 4 && date.len() == 8 => rest.to_string(),
        _ => stem.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::app::pages::Nav;
    use crate::config::Config;
    use crate::jobs::{Failure, Outcome, Update};

    /// A download of one mail item in `format`.
    fn one_item(format: Format) -> Download {
        let source = Source::Items {
            mailbox_id: "m".into(),
            item_ids: vec!["i".into()],
        };
        Download {
            session_id: "s".into(),
            source,
            format,
        }
    }

    #[test]
    fn keys_resolve() {
        use crate::app::keymap::{Table, check_table, table};
        for t in [
            Table::Tasks,
            Table::TasksRunning,
            Table::TasksNoOutlook,
            Table::TasksFailed,
            Table::TasksDetails,
            Table::TasksFiltering,
        ] {
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
        let items = one_item(Format::Pst { split_bytes: None });
        shared.start_download("Report as PST".into(), items, "/tmp/Report-20261123-2030.pst".into(), false);
        let (mut p, _) = TasksPage::open((), &mut shared);
        let flow = p.on_intent(Intent::Stop, &mut shared);
        assert_eq!(flow.commands.len(), 1, "asked to stop");
        assert!(shared.tasks.get(1).unwrap().cancelling);
        assert!(p.on_intent(Intent::Stop, &mut shared).commands.is_empty(), "asked once");
        let cancelled = Update::Finished(Outcome::Cancelled);
        shared.tasks.update(1, cancelled, std::time::Instant::now(), chrono::DateTime::UNIX_EPOCH, "t");
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
        shared.tasks.update(2, refused, std::time::Instant::now(), chrono::DateTime::UNIX_EPOCH, "t");
        assert_eq!(p.task(&shared).unwrap().id, 2, "newest first");
        let flow = p.on_intent(Intent::Alternative, &mut shared);
        let Some(Nav::Push(Route::Save(args))) = flow.nav else {
            panic!("the save form, as MSG");
        };
        assert_eq!(args.format, Some(Format::Msg));
        assert_eq!(args.choices[0].words, "Report");
        assert_eq!(args.choices[0].stem, "Report", "the refused file's name, without its time");
    }

    #[test]
    fn a_failed_download_is_done_again_from_its_form_and_earlier_runs_follow_this_ones() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let items = one_item(Format::Msg);
        shared.start_download("Report as MSG".into(), items, "/tmp/Report-20261123-2030.msg".into(), false);
        let record = shared.tasks.get(1).unwrap().as_record();
        let earlier = |what: &str| Record {
            what: what.into(),
            ..record.clone()
        };
        shared.earlier = vec![earlier("Budget as PST"), earlier("Minutes as MSG")];
        let (mut p, _) = TasksPage::open((), &mut shared);
        // Running: r is not for it.
        p.on_intent(Intent::Retry, &mut shared);
        assert!(shared.status.text.as_deref().is_some_and(|t| t.contains("failed or cancelled")));
        shared.tasks.update(1, Update::failed("reset"), std::time::Instant::now(), chrono::DateTime::UNIX_EPOCH, "t");
        let flow = p.on_intent(Intent::Retry, &mut shared);
        let Some(Nav::Push(Route::Save(args))) = flow.nav else {
            panic!("the save form again");
        };
        assert_eq!(args.format, Some(Format::Msg), "as it was");
        assert_eq!((args.choices[0].words.as_str(), args.choices[0].stem.as_str()), ("Report", "Report"));
        // This run's task, then the earlier ones; a filter keeps what holds its words.
        let titles = |p: &TasksPage, shared: &Shared| -> Vec<String> {
            p.entries(shared)
                .iter()
                .map(|e| match e {
                    Entry::Task(t) => t.title.clone(),
                    Entry::Earlier(r) => r.what.clone(),
                })
                .collect()
        };
        assert_eq!(titles(&p, &shared), ["Report as MSG", "Budget as PST", "Minutes as MSG"]);
        p.on_intent(Intent::Filter, &mut shared);
        assert!(p.typing());
        p.filter = tui_input::Input::new("minutes".into());
        p.on_intent(Intent::Submit, &mut shared);
        assert_eq!(titles(&p, &shared), ["Minutes as MSG"]);
        // An earlier one is a record only.
        let flow = p.on_intent(Intent::Retry, &mut shared);
        assert!(flow.nav.is_none());
        assert!(shared.status.text.as_deref().is_some_and(|t| t.contains("a record only")));
        // Esc clears the filter first, then leaves.
        assert!(p.on_intent(Intent::Back, &mut shared).nav.is_none());
        assert_eq!(titles(&p, &shared).len(), 3);
        assert!(p.on_intent(Intent::Back, &mut shared).nav.is_some());
    }
}
