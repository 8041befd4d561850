//! Restore sessions: the list, filtered by state and time, ordered by start or end; open,
//! stop, or start a new one.

use crate::api::models::{RestoreSession, SessionOrder, SessionQuery, Timestamp};
use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent, Key, b};
use crate::app::modals::Modal;
use crate::app::pages::{Open, Page, Route};
use crate::app::router::{Flow, Outcome};
use crate::app::shared::{RequestId, Shared};

/// Time ranges for the list: (label, days back; 0 is any time).
pub const SESSION_RANGES: [(&str, i64); 4] = [
    ("any time", 0),
    ("last 24 h", 1),
    ("last 7 days", 7),
    ("last 30 days", 30),
];

#[derive(Debug, Default)]
pub struct RestoreSessionsPage {
    pub items: Vec<RestoreSession>,
    pub loading: bool,
    pub loaded: bool,
    pub selected: usize,
    /// 0 all, 1 working, 2 stopped.
    pub state_filter: usize,
    pub order_by_end: bool,
    /// Index into [`SESSION_RANGES`].
    pub range: usize,
    pub error: Option<String>,
    request: Option<RequestId>,
    /// The session a stop was asked for.
    stopping: Option<String>,
}

const BINDINGS: [Binding; 13] = [
    b(&[Key::Char(':')], Intent::Palette, "go to", false),
    b(&[Key::Enter], Intent::Submit, "open", true),
    b(&[Key::Down, Key::Char('j')], Intent::Down, "down", false),
    b(&[Key::Up, Key::Char('k')], Intent::Up, "up", false),
    b(&[Key::Char('s')], Intent::Stop, "stop", true),
    b(&[Key::Char('n')], Intent::Add, "new", true),
    b(
        &[Key::Char('f')],
        Intent::CycleState,
        "working/stopped",
        true,
    ),
    b(&[Key::Char('o')], Intent::CycleOrder, "order", false),
    b(&[Key::Char('t')], Intent::CycleRange, "time range", false),
    b(&[Key::Char('r')], Intent::Refresh, "refresh", false),
    b(&[Key::Char('?'), Key::F(1)], Intent::Help, "help", true),
    b(&[Key::Char('q')], Intent::Quit, "quit", false),
    b(&[Key::Esc], Intent::Back, "back", true),
];

impl Open for RestoreSessionsPage {
    type Args = ();
    fn open(_: (), shared: &mut Shared) -> (Self, Flow) {
        let mut page = RestoreSessionsPage::default();
        let flow = page.reload(shared);
        (page, flow)
    }
}

impl Page for RestoreSessionsPage {
    fn title(&self) -> String {
        "Restore sessions".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        &BINDINGS
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let n = self.visible().len();
        match intent {
            Intent::Down if n > 0 => self.selected = (self.selected + 1).min(n - 1),
            Intent::Up => self.selected = self.selected.saturating_sub(1),
            Intent::Submit => {
                if let Some(s) = self.current().cloned() {
                    return Flow::push(Route::RestoreSession(Box::new((s, None))));
                }
            }
            Intent::Stop => match self.current() {
                Some(s) if s.is_working() => {
                    self.stopping = Some(s.id.clone());
                    return Flow::modal(Modal::stop_session());
                }
                Some(_) => shared.message = Some("This session has already stopped.".into()),
                None => {}
            },
            Intent::Confirm => {
                if let Some(id) = self.stopping.take() {
                    return Flow::cmd(shared.send(ApiCall::StopSession { id }));
                }
            }
            Intent::Deny => self.stopping = None,
            Intent::CycleState => {
                self.state_filter = (self.state_filter + 1) % 3;
                self.selected = 0;
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
                self.selected = 0;
            }
            Intent::Back => return Flow::pop(),
            _ => return Flow::unchanged(),
        }
        Flow::none()
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        match reply {
            Reply::Api(Ok(ApiReply::Sessions(items))) if self.request == Some(id) => {
                self.request = None;
                self.loaded(items);
                Flow::none()
            }
            Reply::Api(Err(e)) if self.request == Some(id) => {
                self.request = None;
                self.loading = false;
                self.error = Some(e.to_string());
                Flow::none()
            }
            Reply::Api(Ok(ApiReply::Stopped { id })) => {
                shared.our_sessions.retain(|s| *s != id);
                shared.message = Some("Restore session stopped.".into());
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
        self.loading = true;
        self.error = None;
        let (id, cmd) = shared.call(ApiCall::Sessions(self.query()));
        self.request = Some(id);
        Flow::cmd(cmd)
    }
}

/// A new session: a tenant explores its own organization; an administrator picks one.
fn new_session(shared: &mut Shared) -> Flow {
    if shared.is_tenant() {
        return Flow::push(Route::NewRestoreSession(None));
    }
    shared.message = Some("Pick an organization and press x to start a restore session.".into());
    Flow::push(Route::Organizations(None))
}

impl RestoreSessionsPage {
    pub fn visible(&self) -> Vec<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, s)| match self.state_filter {
                1 => s.is_working(),
                2 => !s.is_working(),
                _ => true,
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub fn current(&self) -> Option<&RestoreSession> {
        self.visible().get(self.selected).map(|&i| &self.items[i])
    }

    fn query(&self) -> SessionQuery {
        let days = SESSION_RANGES[self.range].1;
        let from =
            (days > 0).then(|| Timestamp(chrono::Utc::now() - chrono::Duration::days(days)));
        SessionQuery {
            offset: 0,
            limit: 500,
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

    fn loaded(&mut self, mut items: Vec<RestoreSession>) {
        self.loading = false;
        // Servers before v8 cannot order: do it here, newest first.
        let by_end = self.order_by_end;
        items.sort_by_key(|s| {
            std::cmp::Reverse(if by_end {
                s.end_time.unwrap_or_else(Timestamp::open_ended)
            } else {
                s.creation_time
            })
        });
        self.items = items;
        self.loaded = true;
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("restore sessions", &BINDINGS);
    }
}
