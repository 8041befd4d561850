//! Restore sessions: the list, filtered by state and time, ordered by start or end; open,
//! stop, or start a new one.

use crate::api::models::{RestoreSession, SessionOrder, SessionQuery, Timestamp};
use crate::api::{ApiCall, ApiReply};
use crate::app::lists::{PageCalls, PageRequest, PagedList};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent};
use crate::app::modals::Modal;
use crate::app::pages::{Open, Page, Route};
use crate::app::pages::{Flow, Outcome};
use crate::app::shared::{RequestId, Shared};
use crate::app::keymap::Table;

/// Time ranges for the list: (label, days back; 0 is any time).
pub const SESSION_RANGES: [(&str, i64); 4] = [
    ("any time", 0),
    ("last 24 h", 1),
    ("last 7 days", 7),
    ("last 30 days", 30),
];

pub struct RestoreSessionsPage {
    pub list: PagedList<RestoreSession>,
    /// 0 all, 1 working, 2 stopped.
    pub state_filter: usize,
    pub order_by_end: bool,
    /// Index into [`SESSION_RANGES`].
    pub range: usize,
    calls: PageCalls,
    /// The session a stop was asked for.
    stopping: Option<String>,
}

impl std::fmt::Debug for RestoreSessionsPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestoreSessionsPage")
            .field("loaded", &self.list.loaded())
            .field("state_filter", &self.state_filter)
            .finish_non_exhaustive()
    }
}

/// The state filter rides on the list engine's filter: "working" or "stopped".
const STATES: [&str; 3] = ["", "working", "stopped"];

fn matches(s: &RestoreSession, q: &str) -> bool {
    match q {
        "working" => s.is_working(),
        "stopped" => !s.is_working(),
        _ => true,
    }
}

/// Rows the list shows: the body less header, title, column header and footer.
fn view_height(shared: &Shared) -> u64 {
    shared.list_rows()
}

impl Open for RestoreSessionsPage {
    type Args = ();
    fn open(_: (), shared: &mut Shared) -> (Self, Flow) {
        let mut page = RestoreSessionsPage {
            list: PagedList::new(matches),
            state_filter: 0,
            order_by_end: false,
            range: 0,
            calls: PageCalls::default(),
            stopping: None,
        };
        let flow = page.reload(shared);
        (page, flow)
    }
}

impl Page for RestoreSessionsPage {
    fn title(&self) -> String {
        "Restore sessions".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::RestoreSessions.bindings()
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let reqs = match intent {
            // Sessions have no names to type: say what narrows this list instead.
            Intent::Filter => {
                shared.status.say(format!(
                    "Restore sessions are narrowed by state ({}) and by time range ({}), not by typing.",
                    crate::app::keymap::key_in(Table::RestoreSessions, Intent::CycleState),
                    crate::app::keymap::key_in(Table::RestoreSessions, Intent::CycleRange)
                ));
                return Flow::none();
            }
            Intent::Down => self.list.down(),
            Intent::Up => self.list.up(),
            Intent::Top => self.list.top(),
            Intent::Bottom => self.list.end(),
            Intent::Submit => {
                return match self.list.selected_row() {
                    Some(s) => Flow::push(Route::RestoreSession(Box::new((s.clone(), None)))),
                    None => Flow::unchanged(),
                };
            }
            Intent::Stop => {
                match self.list.selected_row() {
                    Some(s) if s.is_working() => {
                        self.stopping = Some(s.id.clone());
                        return Flow::modal(Modal::stop_session(s));
                    }
                    Some(_) => shared.status.text = Some("This session has already stopped.".into()),
                    None => {}
                }
                return Flow::none();
            }
            Intent::Confirm => {
                return match self.stopping.take() {
                    Some(id) => Flow::cmd(shared.send(ApiCall::StopSession { id })),
                    None => Flow::unchanged(),
                };
            }
            Intent::Deny => {
                self.stopping = None;
                return Flow::none();
            }
            Intent::CycleState => {
                self.state_filter = (self.state_filter + 1) % STATES.len();
                self.list.set_filter(STATES[self.state_filter])
            }
            Intent::CycleOrder if !shared.version().has_session_ordering() => {
                shared.status.text = Some(format!(
                    "Ordering by end time needs API v8; this server speaks {}.",
                    shared.version()
                ));
                return Flow::none();
            }
            Intent::CycleOrder => {
                self.order_by_end = !self.order_by_end;
                return self.reload(shared);
            }
            Intent::CycleRange => {
                self.range = (self.range + 1) % SESSION_RANGES.len();
                return self.reload(shared);
            }
            Intent::Refresh => return self.reload(shared),
            Intent::Add => return new_session(shared),
            // The first Esc clears the state filter; the next goes back.
            Intent::Back if self.state_filter != 0 => {
                self.state_filter = 0;
                self.list.clear_filter()
            }
            Intent::Back => return Flow::pop(),
            _ => return Flow::unchanged(),
        };
        self.send(reqs, shared)
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        if self.calls.owns(id) {
            let answered = self.calls.answer(id, reply, &mut self.list, |r| match r {
                ApiReply::Sessions { items, total } => Some((items, total)),
                _ => None,
            });
            return match answered {
                Some(reqs) => self.send(reqs, shared),
                None => Flow::unchanged(),
            };
        }
        match reply {
            Reply::Api(Ok(ApiReply::Stopped { id })) => {
                shared.our_sessions.retain(|s| *s != id);
                shared.status.text = Some("Restore session stopped.".into());
                self.reload(shared)
            }
            Reply::Api(Err(e)) => Flow::modal(Modal::Error(e.to_string())),
            _ => Flow::unchanged(),
        }
    }

    /// Back from a session: it may have been stopped or started meanwhile.
    fn on_return(&mut self, _: Option<Outcome>, shared: &mut Shared) -> Flow {
        self.reload(shared)
    }

    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.calls.clear();
        let mut reqs = self.list.reset();
        reqs.extend(self.list.set_view(view_height(shared)));
        if self.state_filter != 0 {
            reqs.extend(self.list.set_filter(STATES[self.state_filter]));
        }
        self.send(reqs, shared)
    }
}

/// A new session: a tenant explores its own organization; an administrator picks one.
fn new_session(shared: &mut Shared) -> Flow {
    if shared.is_tenant() {
        return Flow::push(Route::NewRestoreSession(None));
    }
    if !shared.is_administrator() {
        shared.status.text = Some(
            "A restore operator works in sessions started for it; n is for administrators and tenants."
                .into(),
        );
        return Flow::none();
    }
    use crate::app::keymap::{Table, key_in};
    shared.status.text = Some(format!(
        "Pick an organization: {} opens it, then {} starts a restore session.",
        key_in(Table::Organizations, Intent::Submit),
        key_in(Table::Organization, Intent::Explore)
    ));
    Flow::push(Route::Organizations(None))
}

impl RestoreSessionsPage {
    fn send(&mut self, reqs: Vec<PageRequest>, shared: &mut Shared) -> Flow {
        let query = self.query(&shared.clock);
        self.calls.send(reqs, shared, |req| {
            ApiCall::Sessions(SessionQuery {
                offset: req.offset,
                limit: req.limit,
                ..query.clone()
            })
        })
    }

    /// Newest first: by creation, or by end on v8 (earlier versions cannot order).
    fn query(&self, clock: &crate::clock::Clock) -> SessionQuery {
        let days = SESSION_RANGES[self.range].1;
        let from =
            (days > 0).then(|| Timestamp(clock.now() - chrono::Duration::days(days)));
        SessionQuery {
            start_time_from: from,
            order_by: Some(if self.order_by_end {
                SessionOrder::EndTime
            } else {
                SessionOrder::CreationTime
            }),
            order_asc: Some(false),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::api::TrustMode;
    use crate::app::command::Command;
    use crate::config::Config;

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("restore sessions", Table::RestoreSessions.bindings());
    }

    fn session(id: &str, state: &str) -> RestoreSession {
        serde_json::from_value(serde_json::json!({"id": id, "type": "Vex", "state": state,
            "result": "Success", "creationTime": "2026-01-01T00:00:00Z"}))
        .unwrap()
    }

    #[test]
    fn the_state_filter_shows_matching_sessions_and_stop_asks_first() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, flow) = RestoreSessionsPage::open((), &mut shared);
        let [Command::Call { id, .. }] = flow.commands.as_slice() else {
            panic!("one page asked for");
        };
        let items = vec![session("a", "Working"), session("b", "Stopped")];
        let reply = Reply::Api(Ok(ApiReply::Sessions {
            items,
            total: Some(2),
        }));
        p.on_reply(*id, reply, &mut shared);
        assert_eq!(p.list.rows(), 2);
        p.on_intent(Intent::CycleState, &mut shared);
        assert_eq!(p.list.matches(), &[0], "working only");
        p.on_intent(Intent::CycleState, &mut shared);
        assert_eq!(p.list.matches(), &[1], "stopped only");
        assert!(p.on_intent(Intent::Back, &mut shared).nav.is_none(), "Esc clears it first");
        assert_eq!(p.list.rows(), 2);
        assert_eq!(p.list.selected(), 1, "still on the stopped session");
        p.on_intent(Intent::Stop, &mut shared);
        assert_eq!(shared.status.text.as_deref(), Some("This session has already stopped."));
        p.on_intent(Intent::Up, &mut shared);
        let flow = p.on_intent(Intent::Stop, &mut shared);
        assert!(flow.modal.is_some() && flow.commands.is_empty());
        let flow = p.on_intent(Intent::Confirm, &mut shared);
        assert!(matches!(
            flow.commands.as_slice(),
            [Command::Call {
                call: ApiCall::StopSession { .. },
                ..
            }]
        ));
    }
}
