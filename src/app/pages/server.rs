//! The server's repositories, proxies and licence, one tab each (Today's drill-downs). They
//! have no events: read now and every 60 s while the page is on top, never under another
//! page. The licence tab also lists the licensed users who are not backed up.

use crate::api::dashboard::Morning;
use crate::api::models::LicensedUser;
use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent, Table};
use crate::app::pages::{Flow, Open, Page};
use crate::app::route_args::ServerPart;
use crate::app::shared::{RequestId, Shared};

#[derive(Debug, Default)]
pub struct ServerPage {
    pub part: ServerPart,
    /// What the server said last (only the parts without events).
    pub morning: Option<Box<Morning>>,
    watch: Option<RequestId>,
    /// The row under the cursor on the repositories and proxies tabs; the first user shown
    /// on the licence tab.
    pub selected: usize,
    /// The row to put the cursor on once read (the one Today was on).
    start_on: Option<String>,
    /// Every licensed user, or why they could not be read (read when the licence shows).
    pub users: Option<Result<Vec<LicensedUser>, String>>,
    reading_users: Option<RequestId>,
}

impl Open for ServerPage {
    type Args = Box<(ServerPart, Option<String>)>;
    fn open(args: Self::Args, shared: &mut Shared) -> (Self, Flow) {
        let (part, start_on) = *args;
        let mut page = ServerPage {
            part,
            start_on,
            ..Default::default()
        };
        let mut flow = page.watch(shared);
        flow.commands.extend(page.read_users(shared).commands);
        (page, flow)
    }
}

impl Page for ServerPage {
    fn title(&self) -> String {
        format!("Server · {}", self.part.words())
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::Server.bindings()
    }
    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let last = self.rows().saturating_sub(1);
        if let Some(at) = crate::app::pages::scrolled(intent, self.selected, last, 10) {
            self.selected = at;
            return Flow::none();
        }
        match intent {
            Intent::NextField | Intent::Right => self.switch(1, shared),
            Intent::PrevField | Intent::Left => self.switch(2, shared),
            Intent::Refresh => {
                let mut flow = self.watch(shared);
                self.users = None;
                flow.commands.extend(self.read_users(shared).commands);
                flow
            }
            Intent::Back => Flow::pop(),
            _ => Flow::unchanged(),
        }
    }
    fn on_reply(&mut self, id: RequestId, reply: Reply, _: &mut Shared) -> Flow {
        match reply {
            Reply::Morning(m) if self.watch == Some(id) => {
                if self.morning.as_ref().is_some_and(|old| **old == *m) {
                    return Flow::unchanged();
                }
                self.morning = Some(m);
                self.place_cursor();
                Flow::none()
            }
            Reply::Api(result) if self.reading_users == Some(id) => {
                self.reading_users = None;
                self.users = Some(match result {
                    Ok(ApiReply::LicensedUsers(all)) => Ok(all
                        .into_iter()
                        .filter(|u| u.is_backed_up == Some(false))
                        .collect()),
                    Ok(_) => return Flow::unchanged(),
                    Err(e) => Err(e.to_string()),
                });
                Flow::none()
            }
            _ => Flow::unchanged(),
        }
    }
    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.watch(shared)
    }
    /// Nobody sees it under another page: it stops reading until it is on top again.
    fn on_covered(&mut self, shared: &mut Shared) -> Flow {
        crate::app::pages::rest(&mut self.watch, shared)
    }
    fn on_return(&mut self, _: Option<crate::app::pages::Outcome>, shared: &mut Shared) -> Flow {
        match self.watch {
            Some(_) => Flow::none(),
            None => self.watch(shared),
        }
    }
}

impl ServerPage {
    /// Reads now and every 60 s after: the watcher (re)starts.
    fn watch(&mut self, shared: &mut Shared) -> Flow {
        let mut flow = Flow::none();
        if let Some(old) = self.watch.take() {
            flow.commands.push(shared.cancel(old));
        }
        let (id, cmd) = shared.watch_server();
        self.watch = Some(id);
        flow.commands.push(cmd);
        flow
    }

    /// The licensed users, once, when the licence tab shows.
    fn read_users(&mut self, shared: &mut Shared) -> Flow {
        if self.part != ServerPart::Licence || self.users.is_some() || self.reading_users.is_some() {
            return Flow::none();
        }
        let (id, cmd) = shared.call(ApiCall::LicensedUsers);
        self.reading_users = Some(id);
        Flow::cmd(cmd)
    }

    /// Tab: the next part (`by` 1) or the one before (`by` 2).
    fn switch(&mut self, by: usize, shared: &mut Shared) -> Flow {
        let at = ServerPart::ALL.iter().position(|p| *p == self.part).unwrap_or(0);
        self.part = ServerPart::ALL[(at + by) % ServerPart::ALL.len()];
        self.selected = 0;
        self.start_on = None;
        self.read_users(shared)
    }

    pub fn is_reading(&self) -> bool {
        self.morning.is_none() || self.reading_users.is_some()
    }

    /// How many rows the cursor moves over on this tab.
    fn rows(&self) -> usize {
        let Some(m) = &self.morning else { return 0 };
        match self.part {
            ServerPart::Repositories => m.repositories.len(),
            ServerPart::Proxies => m.proxies.len(),
            ServerPart::Licence => match &self.users {
                Some(Ok(u)) => u.len(),
                _ => 0,
            },
        }
    }

    /// Once read, the cursor goes to the row Today was on.
    fn place_cursor(&mut self) {
        if let (Some(id), Some(m)) = (self.start_on.take(), &self.morning) {
            let at = match self.part {
                ServerPart::Repositories => m.repositories.iter().position(|r| r.id == id),
                ServerPart::Proxies => m.proxies.iter().position(|p| p.id == id),
                ServerPart::Licence => None,
            };
            self.selected = at.unwrap_or(0);
        }
        self.selected = self.selected.min(self.rows().saturating_sub(1));
    }
}

/// A retention setting in words: "Years3" → "3 years", "Keep" → "kept forever".
pub fn retention_words(period: &str) -> String {
    if period.eq_ignore_ascii_case("keep") {
        return "kept forever".into();
    }
    for (prefix, unit) in [("Years", "year"), ("Year", "year"), ("Months", "month"), ("Month", "month"), ("Days", "day")] {
        if let Some(n) = period.strip_prefix(prefix).filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())) {
            return match n {
                "1" => format!("1 {unit}"),
                n => format!("{n} {unit}s"),
            };
        }
    }
    period.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::config::Config;

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("server", Table::Server.bindings());
    }

    #[test]
    fn it_reads_while_on_top_and_opens_on_todays_row() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let args = Box::new((ServerPart::Proxies, Some("p2".to_string())));
        let (mut p, flow) = ServerPage::open(args, &mut shared);
        assert_eq!(flow.commands.len(), 1, "one watcher; the users only on the licence tab");
        let id = p.watch.unwrap();
        let proxy = |id: &str| crate::api::models::Proxy {
            id: id.into(),
            ..Default::default()
        };
        let m = Box::new(Morning {
            proxies: vec![proxy("p1"), proxy("p2")],
            ..Default::default()
        });
        assert!(p.on_reply(id, Reply::Morning(m.clone()), &mut shared).redraw);
        assert_eq!(p.selected, 1, "on Today's row");
        assert!(!p.on_reply(id, Reply::Morning(m), &mut shared).redraw, "nothing changed");
        // Tab to the licence reads the users once.
        p.on_intent(Intent::NextField, &mut shared);
        assert_eq!(p.part, ServerPart::Licence);
        assert!(p.reading_users.is_some());
        // Covered, it stops reading; on top again, it reads at once.
        assert_eq!(p.on_covered(&mut shared).commands.len(), 1);
        assert_eq!(p.on_return(None, &mut shared).commands.len(), 1);
    }

    #[test]
    fn retention_reads_as_words() {
        assert_eq!(retention_words("Years3"), "3 years");
        assert_eq!(retention_words("Year1"), "1 year");
        assert_eq!(retention_words("Keep"), "kept forever");
        assert_eq!(retention_words("Fortnight"), "Fortnight");
    }
}
