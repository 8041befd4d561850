//! Home: who and where, and the way to every page.

use crate::app::keymap::{Binding, Intent};
use crate::app::pages::{Open, Page, Route};
use crate::app::pages::{AppRequest, Flow};
use crate::app::shared::Shared;
use crate::app::keymap::Table;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HomeEntry {
    Today,
    Organizations,
    AddOrganization,
    RestoreSessions,
    DeviceCode,
    SignOut,
}

impl HomeEntry {
    pub const ALL: [HomeEntry; 6] = [
        HomeEntry::Today,
        HomeEntry::Organizations,
        HomeEntry::AddOrganization,
        HomeEntry::RestoreSessions,
        HomeEntry::DeviceCode,
        HomeEntry::SignOut,
    ];
    pub fn label(self) -> &'static str {
        match self {
            HomeEntry::Today => "Today",
            HomeEntry::Organizations => "Organizations",
            HomeEntry::AddOrganization => "Add organization",
            HomeEntry::RestoreSessions => "Restore sessions",
            HomeEntry::DeviceCode => "Device code",
            HomeEntry::SignOut => "Sign out",
        }
    }
    /// What only an administrator may do.
    pub fn administrator_only(self) -> bool {
        matches!(
            self,
            HomeEntry::Today
                | HomeEntry::Organizations
                | HomeEntry::AddOrganization
                | HomeEntry::DeviceCode
        )
    }
    /// The entries the signed-in role may use: a tenant or restore operator sees no
    /// administrator pages.
    pub fn for_role(shared: &Shared) -> Vec<HomeEntry> {
        let admin = shared.is_administrator();
        HomeEntry::ALL
            .into_iter()
            .filter(|e| admin || !e.administrator_only())
            .collect()
    }
    pub fn description(self) -> &'static str {
        match self {
            HomeEntry::Today => "what failed last night, and why",
            HomeEntry::Organizations => "protected organizations",
            HomeEntry::AddOrganization => "onboard Microsoft 365, on-premises, hybrid",
            HomeEntry::RestoreSessions => "start, watch, browse, stop",
            HomeEntry::DeviceCode => "sign in a VB365 code, then add an organization",
            HomeEntry::SignOut => "end the session",
        }
    }
}

#[derive(Debug, Default)]
pub struct HomePage {
    pub selected: usize,
    /// What a tenant's or restore operator's token reads of its backups, in words, or why not.
    pub mine: Option<Result<String, String>>,
    asking: Option<crate::app::shared::RequestId>,
}

impl Open for HomePage {
    type Args = ();
    fn open(_: (), shared: &mut Shared) -> (Self, Flow) {
        let mut page = HomePage::default();
        let flow = page.ask_mine(shared);
        (page, flow)
    }
}

impl HomePage {
    /// A tenant or restore operator has no administrator pages: Home says what their token
    /// can read of their backups instead.
    fn ask_mine(&mut self, shared: &mut Shared) -> Flow {
        if shared.identity.is_none() || shared.is_administrator() || self.asking.is_some() {
            return Flow::none();
        }
        let (id, cmd) = shared.call(crate::api::ApiCall::Mine);
        self.asking = Some(id);
        Flow::cmd(cmd)
    }
}

/// A tenant's organization or an operator's restore points, as Home says them.
pub fn mine_words(mine: &crate::api::dashboard::Mine, clock: &crate::clock::Clock) -> String {
    use crate::api::dashboard::Mine;
    let when = |t: crate::api::models::Timestamp| clock.local(t.0).format("%a %-d %b %Y %H:%M").to_string();
    let ago = |t: crate::api::models::Timestamp| {
        crate::units::age(clock.now() - t.0)
    };
    match mine {
        Mine::Organization(o) => match (o.is_backedup, o.last_backuptime) {
            (Some(false), _) | (_, None) => format!("{} is not backed up yet", o.name),
            (_, Some(last)) => {
                let first = o
                    .first_backuptime
                    .map(|f| format!("; first {}", when(f)))
                    .unwrap_or_default();
                format!("{}: last backup {} ({} ago){first}", o.name, when(last), ago(last))
            }
        },
        Mine::RestorePoints(points) => {
            let mut times: Vec<_> = points.iter().filter_map(|p| p.backup_time).collect();
            times.sort();
            let (Some(oldest), Some(newest)) = (times.first(), times.last()) else {
                return "no restore points you may restore from".into();
            };
            let newest_point = points.iter().find(|p| p.backup_time == Some(*newest));
            let services: Vec<&str> = newest_point
                .map(|p| {
                    [
                        (p.is_exchange, "Exchange"),
                        (p.is_one_drive, "OneDrive"),
                        (p.is_share_point, "SharePoint"),
                        (p.is_teams, "Teams"),
                    ]
                    .into_iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, s)| s)
                    .collect()
                })
                .unwrap_or_default();
            format!(
                "{} restore points, newest {} ({}; {} ago), oldest {}",
                points.len(),
                when(*newest),
                services.join(", "),
                ago(*newest),
                when(*oldest)
            )
        }
    }
}

impl Page for HomePage {
    fn title(&self) -> String {
        "Home".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::Home.bindings()
    }
    fn on_reply(
        &mut self,
        id: crate::app::shared::RequestId,
        reply: crate::app::action::Reply,
        shared: &mut Shared,
    ) -> Flow {
        if self.asking != Some(id) {
            return Flow::unchanged();
        }
        self.asking = None;
        self.mine = match reply {
            crate::app::action::Reply::Api(Ok(crate::api::ApiReply::Mine(m))) => {
                Some(Ok(mine_words(&m, &shared.clock)))
            }
            crate::app::action::Reply::Api(Err(e)) => Some(Err(e.to_string())),
            _ => return Flow::unchanged(),
        };
        Flow::none()
    }
    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.ask_mine(shared)
    }
    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let entries = HomeEntry::for_role(shared);
        let n = entries.len();
        match intent {
            Intent::Down => self.selected = (self.selected + 1) % n,
            Intent::Up => self.selected = (self.selected + n - 1) % n,
            Intent::Submit => return open_entry(entries[self.selected.min(n - 1)], shared),
            Intent::Redetect => return Flow::request(AppRequest::ServerBuild),
            _ => return Flow::unchanged(),
        }
        Flow::none()
    }
}

fn open_entry(entry: HomeEntry, shared: &mut Shared) -> Flow {
    if shared.identity.is_none() && entry != HomeEntry::SignOut {
        shared.status.text = Some(format!("Sign in first to open {}.", entry.label()));
        return Flow::none();
    }
    match entry {
        HomeEntry::SignOut => Flow::request(AppRequest::SignOut),
        HomeEntry::DeviceCode => Flow::push(Route::DeviceCode(())),
        HomeEntry::Today => Flow::push(Route::Today(())),
        HomeEntry::Organizations => Flow::push(Route::Organizations(None)),
        HomeEntry::RestoreSessions => Flow::push(Route::RestoreSessions(())),
        HomeEntry::AddOrganization => Flow::push(Route::AddOrganization(Default::default())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("home", Table::Home.bindings());
    }

    #[test]
    fn a_tenant_sees_no_administrator_entries() {
        use crate::api::{Identity, SignInKind, TrustMode};
        let mut shared = Shared::new(crate::config::Config::default(), TrustMode::System);
        let who = |kind| Identity {
            user_name: "u".into(),
            kind,
            expires_utc: chrono::Utc::now(),
        };
        shared.identity = Some(who(SignInKind::Administrator));
        assert_eq!(HomeEntry::for_role(&shared).len(), 6);
        for kind in [
            SignInKind::Tenant {
                tenant: "contoso.onmicrosoft.com".into(),
            },
            SignInKind::Operator,
        ] {
            shared.identity = Some(who(kind));
            assert_eq!(
                HomeEntry::for_role(&shared),
                vec![HomeEntry::RestoreSessions, HomeEntry::SignOut]
            );
        }
    }
}
