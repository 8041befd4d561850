//! One restore session: its state and events as they arrive, stop, the restore device code
//! kept for restores, and the way into its contents.

use crate::api::models::{Organization, Region, RestoreDeviceCodeRequest, RestoreSession};
use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::code_panel::{self, CodePanel, PanelEvent};
use crate::app::command::{CodeSpec, Command};
use crate::app::keymap::{Binding, Intent};
use crate::app::modals::Modal;
use crate::app::pages::{Open, Page, Route};
use crate::app::pages::{Flow, Outcome};
use crate::app::shared::{RequestId, Shared};
use crate::poll::{SessionUpdate, Vb365Code};
use crate::app::keymap::Table;

#[derive(Debug)]
pub struct RestoreSessionPage {
    pub session: RestoreSession,
    pub events: Vec<crate::api::models::RestoreSessionEvent>,
    pub watching: bool,
    pub stopping: bool,
    pub org: Option<Organization>,
    pub code: Option<CodePanel>,
    pub error: Option<String>,
    pub scroll: usize,
    watch: Option<RequestId>,
    stop: Option<RequestId>,
    orgs: Option<RequestId>,
}

impl Open for RestoreSessionPage {
    /// The session, and its organization when known.
    type Args = Box<(RestoreSession, Option<Box<Organization>>)>;
    fn open(args: Self::Args, shared: &mut Shared) -> (Self, Flow) {
        let (session, org) = *args;
        let mut page = RestoreSessionPage {
            watching: true,
            session,
            events: Vec::new(),
            stopping: false,
            org: org.map(|o| *o),
            code: None,
            error: None,
            scroll: 0,
            watch: None,
            stop: None,
            orgs: None,
        };
        let mut flow = page.watch(shared);
        // Its organization names the region and application of a restore device code.
        if page.org.is_none() && !shared.is_tenant() {
            let (id, cmd) = shared.call(ApiCall::Organizations);
            page.orgs = Some(id);
            flow.commands.push(cmd);
        }
        (page, flow)
    }
}

impl Page for RestoreSessionPage {
    fn title(&self) -> String {
        "Restore session".into()
    }
    /// A stopped session offers no browse, stop or device code; a restore operator restores
    /// with a reason, never a restore device code.
    fn bindings(&self, shared: &Shared) -> &'static [Binding] {
        match &self.code {
            Some(c) => code_panel::bindings(c),
            None if !self.session.is_working() => Table::RestoreSessionStopped.bindings(),
            None if shared.is_operator() => Table::RestoreSessionOperator.bindings(),
            None => Table::RestoreSession.bindings(),
        }
    }
    fn code_panel(&self) -> Option<&CodePanel> {
        self.code.as_ref()
    }
    fn code_slot(&mut self) -> Option<&mut Option<CodePanel>> {
        Some(&mut self.code)
    }
    fn on_panel(&mut self, event: PanelEvent, shared: &mut Shared) -> Flow {
        match event {
            PanelEvent::NewCode => self.restore_code(shared),
            PanelEvent::Used { user_code, .. } => {
                self.code_used(user_code, shared);
                Flow::none()
            }
            _ => Flow::unchanged(),
        }
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        match intent {
            Intent::Stop if self.session.is_working() && !self.stopping => {
                Flow::modal(Modal::stop_session(&self.session))
            }
            Intent::Stop => {
                shared.status.text = Some("This session has already stopped.".into());
                Flow::none()
            }
            Intent::Confirm => {
                self.stopping = true;
                let (id, cmd) = shared.call(ApiCall::StopSession {
                    id: self.session.id.clone(),
                });
                self.stop = Some(id);
                Flow::cmd(cmd)
            }
            Intent::Deny => Flow::none(),
            Intent::Browse if !self.session.is_working() => {
                shared.status.text = Some("A stopped session cannot be browsed; start a new one.".into());
                Flow::none()
            }
            Intent::Browse => Flow::push(Route::Browse(Box::new((self.session.clone(), None)))),
            Intent::Down => {
                self.scroll = (self.scroll + 1).min(self.events.len().saturating_sub(1));
                Flow::none()
            }
            Intent::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                Flow::none()
            }
            Intent::Refresh => self.watch(shared),
            Intent::NewCode => self.restore_code(shared),
            Intent::Back => Flow::pop(),
            _ => Flow::unchanged(),
        }
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        match reply {
            Reply::Watch(result) if self.watch == Some(id) => self.watched(result, shared),
            Reply::Api(result) if self.stop == Some(id) => {
                self.stop = None;
                self.stopping = false;
                match result {
                    Ok(_) => {
                        shared.our_sessions.retain(|s| *s != self.session.id);
                        shared.status.text = Some("Restore session stopped.".into());
                        // One more look to show the final state and events.
                        self.watch(shared)
                    }
                    Err(e) => Flow::modal(Modal::Error(e.to_string())),
                }
            }
            Reply::Api(Ok(ApiReply::Organizations(orgs))) if self.orgs == Some(id) => {
                self.orgs = None;
                self.org = orgs
                    .into_iter()
                    .find(|o| o.name.is_some() && o.name == self.session.organization);
                Flow::unchanged()
            }
            _ => Flow::unchanged(),
        }
    }

    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.watch(shared)
    }

    /// Browsing inside the session (or any page above) is not watching it: the watcher
    /// rests, and reads once more when this page is on top again.
    fn on_covered(&mut self, shared: &mut Shared) -> Flow {
        crate::app::pages::rest(&mut self.watch, shared)
    }

    fn on_return(&mut self, _outcome: Option<Outcome>, shared: &mut Shared) -> Flow {
        if self.watch.is_some() {
            return Flow::none();
        }
        self.watch(shared)
    }
}

impl RestoreSessionPage {
    /// (Re)starts the watcher from the events already known.
    fn watch(&mut self, shared: &mut Shared) -> Flow {
        let mut flow = Flow::none();
        if let Some(old) = self.watch.take() {
            flow.commands.push(shared.cancel(old));
        }
        let cmd = shared.watch_session(self.session.id.clone(), self.events.len() as u64);
        if let Command::Watch { id, .. } = &cmd {
            self.watch = Some(*id);
        }
        flow.commands.push(cmd);
        flow
    }

    fn watched(
        &mut self,
        result: Result<SessionUpdate, crate::api::ApiError>,
        shared: &mut Shared,
    ) -> Flow {
        match result {
            Ok(u) if u.session.id == self.session.id => {
                let mut changed = self.error.take().is_some() || u.session != self.session;
                for e in u.new_events {
                    match self.events.iter_mut().find(|x| x.id == e.id) {
                        Some(known) if *known == e => {}
                        Some(known) => {
                            *known = e;
                            changed = true;
                        }
                        None => {
                            self.events.push(e);
                            changed = true;
                        }
                    }
                }
                self.watching = u.session.is_working();
                self.session = u.session;
                if !self.watching {
                    shared.our_sessions.retain(|s| *s != self.session.id);
                }
                // A look that found nothing new draws nothing: not a byte to the terminal.
                if changed { Flow::none() } else { Flow::unchanged() }
            }
            Ok(_) => Flow::unchanged(),
            Err(e) => {
                self.error = Some(e.to_string());
                Flow::none()
            }
        }
    }

    fn restore_code(&mut self, shared: &mut Shared) -> Flow {
        let org = self.org.as_ref();
        let region = org
            .and_then(|o| o.region.clone())
            .unwrap_or(Region::Worldwide);
        let request = RestoreDeviceCodeRequest {
            target_application_id: org
                .and_then(|o| o.exchange_online_settings.as_ref())
                .and_then(|s| s.application_id.clone()),
            target_region: Some(region),
            target_organization_name: self.session.organization.clone(),
        };
        let title = format!(
            "Restore device code for {}",
            self.session.organization.clone().unwrap_or_default()
        );
        let spec = CodeSpec::Vb365(Vb365Code::Restore {
            session_id: self.session.id.clone(),
            request,
        });
        code_panel::start(&mut self.code, title, spec, shared).into()
    }

    /// The restore code was used: keep it with the session for restore operations.
    fn code_used(&mut self, user_code: Option<String>, shared: &mut Shared) {
        if let Some(code) = &user_code {
            shared.memory.remember_restore_code(&self.session.id, code);
        }
        self.code = None;
        shared.status.text = Some(format!(
            "Restore device code {} is signed in and kept with the session.",
            user_code.unwrap_or_default()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::config::Config;

    fn session() -> RestoreSession {
        serde_json::from_value(serde_json::json!({"id": "s1", "type": "Vex",
            "state": "Working", "result": "Success", "creationTime": "2026-01-01T00:00:00Z",
            "organization": "contoso.onmicrosoft.com"}))
        .unwrap()
    }

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("restore session", Table::RestoreSession.bindings());
    }

    #[test]
    fn a_stopped_session_offers_no_browse_stop_or_code_and_an_operator_no_code() {
        let has = |p: &RestoreSessionPage, shared: &Shared, i| {
            p.bindings(shared).iter().any(|b| b.intent == i)
        };
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (p, _) = RestoreSessionPage::open(Box::new((session(), None)), &mut shared);
        assert!(has(&p, &shared, Intent::Browse) && has(&p, &shared, Intent::NewCode));
        let Some(Modal::Confirm(q)) = Some(Modal::stop_session(&p.session)) else {
            panic!("a question");
        };
        assert!(
            q.text.contains("Exchange restore session of contoso.onmicrosoft.com started 2026-01-01 00:00 UTC"),
            "{}",
            q.text
        );
        shared.identity = Some(crate::api::Identity {
            user_name: "operator".into(),
            kind: crate::api::SignInKind::Operator,
            expires_utc: shared.clock.now(),
        });
        assert!(has(&p, &shared, Intent::Browse) && !has(&p, &shared, Intent::NewCode));
        let mut stopped = session();
        stopped.state = crate::api::models::SessionState::Stopped;
        let (p, _) = RestoreSessionPage::open(Box::new((stopped, None)), &mut shared);
        for i in [Intent::Browse, Intent::Stop, Intent::NewCode] {
            assert!(!has(&p, &shared, i), "{i:?}");
        }
    }

    #[test]
    fn a_look_that_finds_nothing_new_draws_nothing() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, flow) = RestoreSessionPage::open(Box::new((session(), None)), &mut shared);
        let Command::Watch { id, .. } = flow.commands[0] else {
            panic!("watches");
        };
        let event: crate::api::models::RestoreSessionEvent = serde_json::from_value(
            serde_json::json!({"id": "e1", "type": "None", "status": "Running",
                "title": "Connecting", "message": "Connecting", "order": 1,
                "startTime": "2026-01-01T00:00:01Z"}),
        )
        .unwrap();
        let look = |events: Vec<_>| {
            Reply::Watch(Ok(crate::poll::SessionUpdate {
                session: session(),
                new_events: events,
            }))
        };
        let flow = p.on_reply(id, look(vec![event.clone()]), &mut shared);
        assert!(flow.redraw, "a new event is drawn");
        let flow = p.on_reply(id, look(vec![event.clone()]), &mut shared);
        assert!(!flow.redraw && flow.commands.is_empty(), "the same again draws nothing");
    }

    #[test]
    fn opening_watches_and_stop_asks_first_then_sends_once() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        shared.our_sessions.push("s1".into());
        let (mut p, flow) = RestoreSessionPage::open(Box::new((session(), None)), &mut shared);
        assert!(matches!(flow.commands[0], Command::Watch { .. }));
        let flow = p.on_intent(Intent::Stop, &mut shared);
        assert!(matches!(flow.modal, Some(Modal::Confirm(_))));
        assert!(flow.commands.is_empty());
        let flow = p.on_intent(Intent::Confirm, &mut shared);
        let [Command::Call { id, .. }] = flow.commands.as_slice() else {
            panic!("one stop call");
        };
        assert!(p.stopping);
        let flow = p.on_reply(*id, Reply::Api(Ok(ApiReply::Stopped { id: "s1".into() })), &mut shared);
        assert!(shared.our_sessions.is_empty());
        assert!(
            matches!(flow.commands.as_slice(), [Command::Cancel { .. }, Command::Watch { .. }]),
            "one more look at the final state"
        );
    }
}
