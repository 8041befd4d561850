//! Microsoft Graph readiness: which organizations that back up Exchange Online have sessions
//! failing on permissions or EWS since Microsoft retired Exchange Web Services, and exactly
//! what to grant to which application. `c` copies that with OSC 52; `e` opens the
//! organization's application settings.

use crate::api::graph::{GraphReadiness, OrgReadiness};
use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::command::Command;
use crate::app::keymap::{Binding, Intent, Table};
use crate::app::pages::{Flow, Open, Page, Route, answered, ask_once};
use crate::app::route_args::OrganizationForm;
use crate::app::shared::{RequestId, Shared};

#[derive(Debug, Default)]
pub struct GraphReadinessPage {
    /// What the check found, or why it could not run.
    pub found: Option<Result<Box<GraphReadiness>, String>>,
    reading: Option<RequestId>,
    /// The organization under the cursor.
    pub selected: usize,
    /// The first line of its details shown.
    pub scroll: usize,
}

impl Open for GraphReadinessPage {
    /// What Today found already, shown at once; `None` checks now.
    type Args = Option<Box<GraphReadiness>>;
    fn open(found: Self::Args, shared: &mut Shared) -> (Self, Flow) {
        let mut page = GraphReadinessPage::default();
        let flow = match found {
            Some(f) => {
                page.found = Some(Ok(f));
                Flow::none()
            }
            None => page.read(shared),
        };
        (page, flow)
    }
}

impl Page for GraphReadinessPage {
    fn title(&self) -> String {
        "Microsoft Graph readiness".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::GraphReadiness.bindings()
    }
    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let last = self.organizations().len().saturating_sub(1);
        let page = usize::from(shared.body_height().saturating_sub(4)).max(1) / 2;
        match intent {
            Intent::Down | Intent::Up | Intent::Top | Intent::Bottom => {
                let at = crate::app::pages::scrolled(intent, self.selected, last, 1);
                self.selected = at.unwrap_or(self.selected);
                self.scroll = 0;
            }
            // Never further than its details reach (about: they wrap at narrow widths).
            Intent::PageDown => {
                let end = self.last_scroll(shared);
                self.scroll = (self.scroll + page.max(1)).min(end);
            }
            Intent::PageUp => self.scroll = self.scroll.saturating_sub(page.max(1)),
            Intent::Copy => return self.copy(shared),
            Intent::Edit => return self.edit(shared),
            Intent::Refresh => return self.read(shared),
            Intent::Back => return Flow::pop(),
            _ => return Flow::unchanged(),
        }
        Flow::none()
    }
    fn on_reply(&mut self, id: RequestId, reply: Reply, _: &mut Shared) -> Flow {
        let pick = |r| match r {
            ApiReply::GraphReadiness(g) => Some(g),
            _ => None,
        };
        let flow = answered(&mut self.reading, &mut self.found, id, reply, pick);
        self.selected = self.selected.min(self.organizations().len().saturating_sub(1));
        flow
    }
    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.read(shared)
    }
}

impl GraphReadinessPage {
    fn read(&mut self, shared: &mut Shared) -> Flow {
        ask_once(&mut self.reading, ApiCall::GraphReadiness, shared)
    }

    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// The organizations checked, those that need something first.
    pub fn organizations(&self) -> &[OrgReadiness] {
        match &self.found {
            Some(Ok(f)) => &f.organizations,
            _ => &[],
        }
    }

    pub fn current(&self) -> Option<&OrgReadiness> {
        self.organizations().get(self.selected)
    }

    /// `c`: what to grant, on the clipboard, for whoever administers the tenant.
    fn copy(&mut self, shared: &mut Shared) -> Flow {
        let Some(org) = self.current() else {
            return Flow::unchanged();
        };
        let text = org.what_to_do();
        shared.status.say(format!(
            "Copied what to grant for {} (OSC 52); if your terminal ignores OSC 52, it is on this screen.",
            org.name
        ));
        Flow::cmd(Command::Copy { text })
    }

    /// `e`: the organization's settings, where its application is.
    fn edit(&mut self, shared: &mut Shared) -> Flow {
        match self.current() {
            Some(org) if !org.id.is_empty() => Flow::push(Route::AddOrganization(
                OrganizationForm::Edit {
                    id: org.id.clone(),
                    mode: crate::app::route_args::EditMode::Application,
                },
            )),
            _ => {
                shared.status.say("No organization to open.");
                Flow::none()
            }
        }
    }
}

/// Rows `text` takes wrapped to `width` after `indent` columns.
fn rows(text: &str, width: usize, indent: usize) -> usize {
    let chars: Vec<char> = text.chars().collect();
    crate::text::rows(&chars, width.saturating_sub(indent).max(1)).len().max(1)
}

/// Rows an organization's details take at `width`, as drawn: its name and sign-in, what to
/// do, and each session read with its log lines.
fn detail_rows(org: &OrgReadiness, width: usize) -> usize {
    let mut n = rows(&org.name, width, 0) + 2 + usize::from(org.error.is_some());
    if org.affected() {
        n += 2 + rows(&org.what_to_do(), width, 0);
    }
    n += 2;
    for t in org.troubled.iter().take(crate::api::graph::LOGS_READ) {
        n += rows(&format!("{} {} {}", t.status, t.job, "Mon 01 Jan 00:00"), width, 2);
        n += match &t.messages {
            Some(m) if !m.is_empty() => m.iter().map(|m| rows(m, width, 4)).sum(),
            _ => 1,
        };
    }
    n
}

impl GraphReadinessPage {
    /// How far PgDn goes: the last rows of the details at the bottom, below the title, the
    /// summary, the list and a gap.
    fn last_scroll(&self, shared: &Shared) -> usize {
        let Some(org) = self.current() else {
            return 0;
        };
        let width = usize::from(shared.size.0.saturating_sub(2)).max(1);
        let body = usize::from(shared.body_height());
        // The title, the summary and, on a server older than 8.5, a line saying so.
        let build = shared.server.as_ref().and_then(|s| s.build.as_deref());
        let old = build.is_some_and(|b| !crate::api::actions::build_at_least(b, 8, 5));
        let head = 3 + usize::from(old);
        let room = body.saturating_sub(head);
        let list = self.organizations().len().min((room / 3).max(2));
        let room = body.saturating_sub(head + list + 1);
        detail_rows(org, width).saturating_sub(room.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::api::graph::Troubled;
    use crate::config::Config;

    fn found() -> Box<GraphReadiness> {
        let northwind = OrgReadiness {
            id: "5eed0000-000a-4000-8000-000000000003".into(),
            name: "northwind.onmicrosoft.com".into(),
            app_only: true,
            application_id: Some("5eed0000-000b-4000-8000-000000000003".into()),
            troubled: vec![Troubled {
                id: "s".into(),
                job: "Northwind – mail".into(),
                status: "Failed".into(),
                when: None,
                messages: Some(vec!["the application lacks MailboxItem.Read.All".into()]),
            }],
            error: None,
        };
        let fabrikam = OrgReadiness {
            name: "fabrikam.onmicrosoft.com".into(),
            id: "f".into(),
            ..OrgReadiness::default()
        };
        Box::new(GraphReadiness {
            organizations: vec![northwind, fabrikam],
            unread: Vec::new(),
        })
    }

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("graph readiness", Table::GraphReadiness.bindings());
    }

    #[test]
    fn what_today_found_shows_at_once_and_c_copies_what_to_grant() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, flow) = GraphReadinessPage::open(Some(found()), &mut shared);
        assert!(flow.commands.is_empty(), "nothing read again");
        let flow = p.on_intent(Intent::Copy, &mut shared);
        let Some(Command::Copy { text }) = flow.commands.first() else {
            panic!("copies: {:?}", flow.commands);
        };
        assert!(text.contains("application 5eed0000-000b-4000-8000-000000000003"));
        assert!(text.contains("MailboxItem.ImportExport.All"));
        let flow = p.on_intent(Intent::Edit, &mut shared);
        assert!(matches!(
            flow.nav,
            Some(crate::app::pages::Nav::Push(Route::AddOrganization(OrganizationForm::Edit { .. })))
        ));
        p.on_intent(Intent::Down, &mut shared);
        assert_eq!(p.current().unwrap().name, "fabrikam.onmicrosoft.com");
        p.on_intent(Intent::Down, &mut shared);
        assert_eq!(p.selected, 1, "stays on the last");
    }

    #[test]
    fn opened_from_the_palette_it_checks_once() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, flow) = GraphReadinessPage::open(None, &mut shared);
        assert_eq!(flow.commands.len(), 1);
        assert!(p.on_intent(Intent::Refresh, &mut shared).commands.is_empty(), "not twice");
    }
}
