//! Today: did last night's backups work, and if not, why. A strip says the server's build,
//! health, licence and when this was read; below, what needs the operator, worst first, each
//! row with a glyph, what, why and how long ago, and for a job the strip of its last nights;
//! then the sessions running now. `z` shows everything, `r` reads it all again.

pub mod attention;

use chrono::{DateTime, Utc};

use crate::api::dashboard::Morning;
use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent, Table};
use crate::app::pages::{Flow, Open, Page};
use crate::app::shared::{RequestId, Shared};

pub use attention::{Attention, Severity, Thresholds};

#[derive(Debug, Default)]
pub struct TodayPage {
    /// What the server said, and when it was read.
    pub morning: Option<(Box<Morning>, DateTime<Utc>)>,
    /// The read in flight.
    reading: Option<RequestId>,
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
        let n = self.rows(shared).len();
        match intent {
            Intent::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Intent::Up => self.selected = self.selected.saturating_sub(1),
            Intent::Top => self.selected = 0,
            Intent::Bottom => self.selected = n.saturating_sub(1),
            Intent::ShowAll => {
                self.everything = !self.everything;
                self.selected = 0;
            }
            Intent::Refresh => return self.read(shared),
            Intent::Submit => return self.open_session(shared),
            Intent::Back => return Flow::pop(),
            _ => return Flow::unchanged(),
        }
        Flow::none()
    }
    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        if self.reading != Some(id) {
            return Flow::unchanged();
        }
        self.reading = None;
        match reply {
            Reply::Api(Ok(ApiReply::Morning(m))) => {
                self.morning = Some((m, shared.clock.now()));
                let n = self.rows(shared).len();
                self.selected = self.selected.min(n.saturating_sub(1));
            }
            Reply::Api(Err(e)) => shared.status.say(format!("Could not read the morning: {e}")),
            _ => {}
        }
        Flow::none()
    }
    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.read(shared)
    }
}

impl TodayPage {
    /// Reads everything again (one read at a time).
    fn read(&mut self, shared: &mut Shared) -> Flow {
        if self.reading.is_some() {
            return Flow::unchanged();
        }
        let (id, cmd) = shared.call(ApiCall::Morning);
        self.reading = Some(id);
        Flow::cmd(cmd)
    }

    /// Enter: the last session of the job on this row.
    fn open_session(&mut self, shared: &mut Shared) -> Flow {
        let rows = self.rows(shared);
        let Some(row) = rows.get(self.selected) else {
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
        self.reading.is_some()
    }

    /// The rows shown, worst first.
    pub fn rows(&self, shared: &Shared) -> Vec<Attention> {
        match &self.morning {
            Some((m, _)) => attention::attention(
                m,
                shared.clock.now(),
                &self.thresholds,
                self.everything,
                &shared.clock,
            ),
            None => Vec::new(),
        }
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
        assert_eq!(flow.commands.len(), 1, "one read on opening");
        assert!(p.on_intent(Intent::Refresh, &mut shared).commands.is_empty(), "not twice at once");
        p.on_intent(Intent::ShowAll, &mut shared);
        assert!(p.everything);
    }
}
