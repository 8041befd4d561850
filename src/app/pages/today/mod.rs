//! Today: did last night's backups work, and if not, why. A strip says the server's build,
//! health, licence and when this was read; below, what needs the operator, worst first, each
//! row with a glyph, what, why and how long ago, and for a job the strip of its last nights;
//! then the sessions running now. `z` shows everything, `o` orders, `f` freezes updates
//! while reading, `r` reads it all again; `s`, `F`, `x`, `e`, `y` and `m` act on the row
//! (see `actions`). On v8 the `/Events` feed brings changes as they happen; what has no
//! events is read every 60 s while the page is on screen, never otherwise; it draws only when
//! something changed.

pub mod actions;
pub mod attention;

use chrono::{DateTime, Utc};

use crate::api::actions::Action;
use crate::api::{ApiCall, ApiReply};
use crate::api::dashboard::{Liveness, Morning};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent, Table};
use crate::app::pages::{Flow, Open, Page};
use crate::app::shared::{RequestId, Shared};

pub use attention::{Attention, Severity, Target, Thresholds};

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
    pub order: Order,
    /// Updates are held since then (`f`), the newest kept to show on resuming.
    pub frozen: Option<DateTime<Utc>>,
    held: Option<Box<Morning>>,
    /// The action asked about, and the name of what it acts on.
    asked: Option<(Action, String)>,
    /// The action sent, waiting for the server.
    acting: Option<(RequestId, Action, String)>,
    /// The Microsoft Graph readiness check, read when the page opens and on `r`.
    pub graph: Option<Box<crate::api::graph::GraphReadiness>>,
    checking_graph: Option<RequestId>,
}

/// How the rows are ordered (`o`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Worst first, then oldest first.
    #[default]
    Worst,
    /// What happened last first.
    Newest,
    /// By name.
    Name,
}

impl Order {
    fn next(self) -> Order {
        match self {
            Order::Worst => Order::Newest,
            Order::Newest => Order::Name,
            Order::Name => Order::Worst,
        }
    }
    pub fn words(self) -> &'static str {
        match self {
            Order::Worst => "worst first",
            Order::Newest => "newest first",
            Order::Name => "by name",
        }
    }
}

impl Open for TodayPage {
    type Args = ();
    fn open(_: (), shared: &mut Shared) -> (Self, Flow) {
        let mut page = TodayPage {
            thresholds: shared.config.today.unwrap_or_default(),
            ..TodayPage::default()
        };
        let mut flow = page.read(shared);
        flow.commands.extend(page.check_graph(shared).commands);
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
        if let Some((action, name)) = self.asked.take() {
            return match intent {
                Intent::Confirm => self.act(action, name, shared),
                _ => Flow::none(),
            };
        }
        let n = self.shown.len();
        match intent {
            Intent::Start
            | Intent::Full
            | Intent::Stop
            | Intent::Toggle
            | Intent::Sync
            | Intent::Maintenance => {
                let (asked, flow) = actions::ask(intent, self.shown.get(self.selected), shared);
                self.asked = asked;
                return flow;
            }
            Intent::CycleOrder => {
                self.order = self.order.next();
                self.work_out_rows(shared);
                shared.status.say(format!("Ordered {}.", self.order.words()));
            }
            Intent::Freeze => return self.freeze(shared),
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
            Intent::Submit => return self.drill_down(shared),
            Intent::LastRun => return self.open_session(shared),
            Intent::Back => return Flow::pop(),
            _ => return Flow::unchanged(),
        }
        Flow::none()
    }
    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        match reply {
            Reply::Morning(m) if self.watch == Some(id) && self.frozen.is_some() => {
                self.held = Some(m);
                Flow::unchanged()
            }
            Reply::Morning(m) if self.watch == Some(id) => self.read_again(m, shared),
            Reply::Api(result) if self.checking_graph == Some(id) => {
                self.checking_graph = None;
                match result {
                    Ok(ApiReply::GraphReadiness(g)) => self.graph = Some(g),
                    // What Today shows does not depend on it: the check's page says why.
                    _ => return Flow::unchanged(),
                }
                self.work_out_rows(shared);
                Flow::none()
            }
            Reply::Api(result) if self.acting.as_ref().is_some_and(|a| a.0 == id) => {
                self.acted(result, shared)
            }
            _ => Flow::unchanged(),
        }
    }
    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.read(shared)
    }
    /// Nobody sees it under another page: it stops reading until it is on top again.
    fn on_covered(&mut self, shared: &mut Shared) -> Flow {
        crate::app::pages::rest(&mut self.watch, shared)
    }
    fn on_return(&mut self, _: Option<crate::app::pages::Outcome>, shared: &mut Shared) -> Flow {
        if self.watch.is_some() {
            return Flow::none();
        }
        self.read(shared)
    }
}

impl TodayPage {
    /// The Microsoft Graph readiness check, once at a time. It reads history since October,
    /// which neither the minute's reads nor `r` would change much: only opening the page asks
    /// (its own page checks again with `r`).
    fn check_graph(&mut self, shared: &mut Shared) -> Flow {
        crate::app::pages::ask_once(&mut self.checking_graph, ApiCall::GraphReadiness, shared)
    }

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
            // Time moves on: a proxy offline long enough is a problem now, with no new data.
            let before = std::mem::take(&mut self.shown);
            self.work_out_rows(shared);
            return if self.shown == before { Flow::unchanged() } else { Flow::none() };
        }
        self.morning = Some(m);
        self.work_out_rows(shared);
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        Flow::none()
    }

    /// `f`: holds updates while the operator reads, or shows the newest one held.
    fn freeze(&mut self, shared: &mut Shared) -> Flow {
        if self.frozen.take().is_some() {
            shared.status.say("Updates show again.");
            return match self.held.take() {
                Some(m) => {
                    self.read_again(m, shared);
                    Flow::none()
                }
                None => Flow::none(),
            };
        }
        self.frozen = Some(shared.clock.now());
        let key = crate::app::keymap::key_in(Table::Today, Intent::Freeze);
        shared.status.say(format!("Frozen: updates wait until {key}."));
        Flow::none()
    }

    /// Sends the action the operator confirmed, once.
    fn act(&mut self, action: Action, name: String, shared: &mut Shared) -> Flow {
        let (id, cmd) = shared.call(ApiCall::Act(action.clone()));
        self.acting = Some((id, action, name));
        Flow::cmd(cmd)
    }

    /// The server's answer to an action: said on the status line. Without the live feed, or
    /// for what has no events, the page reads again at once, so the row shows what changed.
    fn acted(
        &mut self,
        result: Result<ApiReply, crate::api::ApiError>,
        shared: &mut Shared,
    ) -> Flow {
        let Some((_, action, name)) = self.acting.take() else {
            return Flow::unchanged();
        };
        match result {
            Ok(_) => {
                shared.status.say(actions::done_words(&action, &name));
                // Jobs have events; repositories and proxies do not.
                let live = self.morning.as_ref().is_some_and(|m| m.live == Liveness::Live);
                let job = matches!(
                    action,
                    Action::Start { .. } | Action::Stop { .. } | Action::Enable { .. }
                );
                if !(live && job) {
                    return self.read(shared);
                }
            }
            Err(e) => {
                let words = actions::failed_words(&action, &name, &e.to_string());
                return Flow::modal(crate::app::modals::Modal::Error(words));
            }
        }
        Flow::none()
    }

    /// Enter: the page of what this row is about: a job, an organization, or the server's
    /// repositories, proxies or licence on its row.
    fn drill_down(&mut self, shared: &mut Shared) -> Flow {
        use crate::app::pages::Route;
        use crate::app::route_args::ServerPart;
        let Some(row) = self.shown.get(self.selected) else {
            return Flow::unchanged();
        };
        let server = |part, id: Option<&String>| Flow::push(Route::Server(Box::new((part, id.cloned()))));
        match &row.target {
            Target::Job { id, copy, .. } => Flow::push(Route::Job(Box::new(self.job_ref(id, *copy)))),
            Target::Repository { id } => server(ServerPart::Repositories, Some(id)),
            Target::Proxy { id, .. } => server(ServerPart::Proxies, Some(id)),
            Target::Organization { id } => {
                let m = self.morning.as_deref();
                let org = m.and_then(|m| m.organizations.iter().find(|o| o.id.as_ref() == Some(id)));
                match org {
                    Some(o) => Flow::push(Route::Organization(Box::new(o.clone()))),
                    None => Flow::unchanged(),
                }
            }
            Target::GraphReadiness => Flow::push(Route::GraphReadiness(self.graph.clone())),
            Target::Nothing if row.what == "licence" => server(ServerPart::Licence, None),
            Target::Nothing => {
                shared.status.say(format!("{} has no page of its own.", row.what));
                Flow::none()
            }
        }
    }

    /// A job on a row, with the names of its organization and repository.
    fn job_ref(&self, id: &str, copy: bool) -> crate::app::route_args::JobRef {
        let m = self.morning.as_deref();
        let jobs = m.into_iter().flat_map(|m| m.jobs.iter().chain(&m.copy_jobs));
        let job = jobs.clone().find(|j| j.id == id);
        let organization = m.zip(job.and_then(|j| j.organization_id.as_ref())).and_then(|(m, o)| {
            m.organizations.iter().find(|x| x.id.as_ref() == Some(o)).and_then(|x| x.name.clone())
        });
        let repository = m.zip(job.and_then(|j| j.repository_id.as_ref())).and_then(|(m, r)| {
            m.repositories.iter().find(|x| &x.id == r).map(|x| x.name.clone())
        });
        crate::app::route_args::JobRef {
            name: job.map(|j| j.name.clone()).unwrap_or_default(),
            id: id.to_string(),
            copy,
            organization,
            repository,
        }
    }

    /// `l`: the last session of the job on this row.
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
                let key = crate::app::keymap::key_in(Table::Today, Intent::LastRun);
                shared.status.say(format!(
                    "{key} opens a job's last session; {} is not a job with a session.",
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

    /// The rows again; the cursor stays on the row it was on (an update may move it).
    fn work_out_rows(&mut self, shared: &Shared) {
        let on = self.shown.get(self.selected).map(|r| (r.what.clone(), r.why.clone()));
        self.shown = match &self.morning {
            Some(m) => attention::attention(
                m,
                shared.clock.now(),
                &self.thresholds,
                self.everything,
                &shared.clock,
                shared.server.as_ref().and_then(|s| s.build.as_deref()),
            ),
            None => Vec::new(),
        };
        if self.morning.is_some() {
            self.shown.extend(attention::graph_row(self.graph.as_deref()));
        }
        match self.order {
            Order::Worst => self.shown.sort_by_key(|r| (r.severity, r.since.is_none(), r.since)),
            Order::Newest => self.shown.sort_by_key(|r| std::cmp::Reverse(r.since)),
            Order::Name => self.shown.sort_by_key(|r| r.what.to_lowercase()),
        }
        if let Some((what, why)) = on {
            let same = |r: &&Attention| r.what == what;
            let at = (self.shown.iter().position(|r| same(&r) && r.why == why))
                .or_else(|| self.shown.iter().position(|r| same(&r)));
            if let Some(at) = at {
                self.selected = at;
            }
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
        assert_eq!(flow.commands.len(), 2, "one watcher and the Graph check on opening");
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
