//! Today: did last night's backups work, and if not, why. A strip says the server's build,
//! health, licence and when this was read; below, what needs the operator, worst first, each
//! row with a glyph, what, why and how long ago, and for a job the strip of its last nights;
//! then the sessions running now. `z` shows everything, `r` reads it all again. It reads
//! again every 60 s while it is on screen (nothing has events for repositories, proxies,
//! licence or health) and draws only when something changed.

pub mod attention;

use chrono::{DateTime, Utc};

use crate::api::dashboard::Morning;
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent, Table};
use crate::app::pages::{Flow, Open, Page};
use crate::app::shared::{RequestId, Shared};

pub use attention::{Attention, Severity, Thresholds};

#[derive(Debug, Default)]
pub struct TodayPage {
    /// What the server said last.
    pub morning: Option<Box<Morning>>,
    /// The rows it makes, worst first: worked out when a read or `z` changes them, not on
    /// every key or draw.
    shown: Vec<Attention>,
    /// The watcher reading the morning every 60 s while the page is on top.
    watch: Option<RequestId>,
    /// Waiting for the first read since the watcher (re)started.
    reading: bool,
    /// Since when reads fail (the jobs could not be read): what shows is that old.
    pub stale_since: Option<DateTime<Utc>>,
    pub selected: usize,
    /// Everything, not only what needs the operator (`z`).
    pub everything: bool,
    pub thresholds: Thresholds,
}

impl Open for TodayPage {
    type Args = ();
    fn open(_: (), shared: &mut Shared) -> (Self, Flow) {
        let mut page = TodayPage {
            thresholds: shared.config.today.unwrap_or_default(),
            ..TodayPage::default()
        };
        let flow = page.read(shared);
        (page, flow)
    }
}

impl Page for TodayPage {
    fn title(&self) -> String {
        "Today".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::Today.bindings()
    }
    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let n = self.shown.len();
        match intent {
            Intent::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Intent::Up => self.selected = self.selected.saturating_sub(1),
            Intent::Top => self.selected = 0,
            Intent::Bottom => self.selected = n.saturating_sub(1),
            Intent::ShowAll => {
                self.everything = !self.everything;
                self.selected = 0;
                self.work_out_rows(shared);
            }
            Intent::Refresh => return self.read(shared),
            Intent::Submit => return self.open_session(shared),
            Intent::Back => return Flow::pop(),
            _ => return Flow::unchanged(),
        }
        Flow::none()
    }
    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        match reply {
            Reply::Morning(m) if self.watch == Some(id) => self.read_again(m, shared),
            _ => Flow::unchanged(),
        }
    }
    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.read(shared)
    }
    /// Nobody sees it under another page: it stops reading until it is on top again.
    fn on_covered(&mut self, shared: &mut Shared) -> Flow {
        match self.watch.take() {
            Some(id) => Flow::cmd(shared.cancel(id)),
            None => Flow::none(),
        }
    }
    fn on_return(&mut self, _: Option<crate::app::pages::Outcome>, shared: &mut Shared) -> Flow {
        if self.watch.is_some() {
            return Flow::none();
        }
        self.read(shared)
    }
}

impl TodayPage {
    /// Reads everything now and every 60 s after: the watcher (re)starts.
    fn read(&mut self, shared: &mut Shared) -> Flow {
        if self.reading {
            return Flow::unchanged();
        }
        let mut flow = Flow::none();
        if let Some(old) = self.watch.take() {
            flow.commands.push(shared.cancel(old));
        }
        let (id, cmd) = shared.watch_morning();
        self.watch = Some(id);
        self.reading = true;
        flow.commands.push(cmd);
        flow
    }

    /// A read came: kept and drawn when it changed something; when the jobs could not be
    /// read, what was read before stays, marked stale.
    fn read_again(&mut self, m: Box<Morning>, shared: &mut Shared) -> Flow {
        let now = shared.clock.now();
        let was_reading = std::mem::replace(&mut self.reading, false);
        let failed = m.jobs.is_empty() && m.unread.iter().any(|u| u.starts_with("jobs:"));
        if failed && self.morning.is_some() {
            if self.stale_since.is_none() {
                self.stale_since = Some(now);
                shared.status.say(format!("Could not read the server again: {}", m.unread.join("; ")));
                return Flow::none();
            }
            return if was_reading { Flow::none() } else { Flow::unchanged() };
        }
        let same = self.morning.as_ref().is_some_and(|old| **old == *m);
        let recovered = self.stale_since.take().is_some();
        if same && !recovered && !was_reading {
            return Flow::unchanged();
        }
        self.morning = Some(m);
        self.work_out_rows(shared);
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        Flow::none()
    }

    /// Enter: the last session of the job on this row.
    fn open_session(&mut self, shared: &mut Shared) -> Flow {
        let Some(row) = self.shown.get(self.selected) else {
            return Flow::unchanged();
        };
        match &row.session {
            Some(id) => Flow::push(crate::app::pages::Route::JobSession(Box::new((
                row.what.clone(),
                id.clone(),
            )))),
            None => {
                shared.status.say(format!(
                    "Enter opens a job's last session; {} is not a job with a session.",
                    row.what
                ));
                Flow::none()
            }
        }
    }

    pub fn is_reading(&self) -> bool {
        self.reading
    }

    /// The rows shown, worst first.
    pub fn rows(&self) -> &[Attention] {
        &self.shown
    }

    fn work_out_rows(&mut self, shared: &Shared) {
        self.shown = match &self.morning {
            Some(m) => attention::attention(
                m,
                shared.clock.now(),
                &self.thresholds,
                self.everything,
                &shared.clock,
            ),
            None => Vec::new(),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::config::Config;

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("today", Table::Today.bindings());
    }

    #[test]
    fn it_reads_once_at_a_time_and_z_shows_everything() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, flow) = TodayPage::open((), &mut shared);
        assert_eq!(flow.commands.len(), 1, "one watcher on opening");
        assert!(p.on_intent(Intent::Refresh, &mut shared).commands.is_empty(), "not twice at once");
        // A read that changes nothing draws nothing.
        let id = p.watch.unwrap();
        let morning: Box<Morning> = Box::default();
        let first = p.on_reply(id, Reply::Morning(morning.clone()), &mut shared);
        assert!(first.redraw || first.nav.is_none());
        let again = p.on_reply(id, Reply::Morning(morning), &mut shared);
        assert!(!again.redraw, "nothing changed: no redraw");
        // The server stops answering: what was read stays, marked stale, said once.
        let down = Box::new(Morning {
            unread: vec!["jobs: connection refused".into()],
            ..Default::default()
        });
        assert!(p.on_reply(id, Reply::Morning(down.clone()), &mut shared).redraw || p.stale_since.is_some());
        assert!(p.stale_since.is_some() && p.morning.is_some());
        assert!(!p.on_reply(id, Reply::Morning(down), &mut shared).redraw, "said once");
        // It answers again: fresh.
        p.on_reply(id, Reply::Morning(Box::default()), &mut shared);
        assert!(p.stale_since.is_none());
        // Covered, it stops reading; on top again, it reads at once.
        assert_eq!(p.on_covered(&mut shared).commands.len(), 1);
        assert_eq!(p.on_return(None, &mut shared).commands.len(), 1);
        p.on_intent(Intent::ShowAll, &mut shared);
        assert!(p.everything);
    }
}
