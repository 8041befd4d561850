//! New restore session: what to explore (type, point in time, deleted items, versions,
//! repository) for one organization as administrator, or for the tenant's own.


use crate::clock::Clock;
use tui_input::Input;

use crate::api::models::{ExploreOptions, Organization, Timestamp};
use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::forms::{Field, Form, Kind, Navigated, is_guid};
use crate::app::keymap::{Binding, Intent};
use crate::app::pages::{Open, Page, Route};
use crate::app::pages::{Flow, Nav};
use crate::app::shared::{RequestId, Shared};
use crate::app::keymap::Table;

const TYPES: &[&str] = &["Exchange", "OneDrive", "SharePoint", "Teams"];
const TYPES_V4: &[&str] = &["Exchange", "OneDrive", "SharePoint"];
const POINTS: &[&str] = &["Latest", "A point in time"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExploreKey {
    Type,
    Point,
    When,
    Deleted,
    Versions,
    Repository,
}

#[derive(Debug)]
pub struct NewRestoreSessionPage {
    /// The organization, as administrator; `None` as tenant (`Organization/Explore`).
    pub org: Option<Organization>,
    pub form: Form<ExploreKey>,
    pub submitting: Option<RequestId>,
}

impl Open for NewRestoreSessionPage {
    type Args = Option<Box<Organization>>;
    fn open(org: Option<Box<Organization>>, shared: &mut Shared) -> (Self, Flow) {
        let v = shared.version();
        let mut fields = vec![
            Field::new(
                ExploreKey::Type,
                "Type",
                Kind::Choice(if v.has_teams() { TYPES } else { TYPES_V4 }),
                "what to explore",
            ),
            Field::new(
                ExploreKey::Point,
                "Point in time",
                Kind::Choice(POINTS),
                "the latest restore point, or the state at a time",
            ),
            Field::new(
                ExploreKey::When,
                "Date and time",
                Kind::Text,
                "YYYY-MM-DD HH:MM, a day (yesterday, tue: its end) or -7d",
            ),
            Field::new(
                ExploreKey::Deleted,
                "Show deleted items",
                Kind::Toggle,
                "items removed before that time",
            ),
            Field::new(
                ExploreKey::Versions,
                "Show all versions",
                Kind::Toggle,
                "every version of modified items",
            ),
        ];
        if v.has_repository_choice() && org.is_some() {
            fields.push(Field::new(
                ExploreKey::Repository,
                "Repository id",
                Kind::Text,
                "optional: a backup repository (GUID) to explore",
            ));
        }
        let page = NewRestoreSessionPage {
            org: org.map(|o| *o),
            form: Form::new(fields),
            submitting: None,
        };
        (page, Flow::none())
    }
}

impl Page for NewRestoreSessionPage {
    fn title(&self) -> String {
        "New restore session".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::NewRestoreSession.bindings()
    }
    fn typing(&self) -> bool {
        self.focused()
            .is_some_and(|k| self.form.get(k).is_text())
    }
    fn input(&mut self) -> Option<&mut Input> {
        let key = self.focused()?;
        let f = self.form.get_mut(key);
        f.error = None;
        f.is_text().then_some(&mut f.input)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        if self.form.navigate(intent, &self.visible()) != Navigated::Ignored {
            return Flow::none();
        }
        match intent {
            Intent::Back => Flow::pop(),
            Intent::Submit if self.submitting.is_none() => self.submit(shared),
            _ => Flow::unchanged(),
        }
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        if self.submitting != Some(id) {
            return Flow::unchanged();
        }
        self.submitting = None;
        match reply {
            Reply::Api(Ok(ApiReply::Session(session))) => {
                shared.our_sessions.push(session.id.clone());
                shared.status.text = Some(format!(
                    "Started {}.",
                    session.name.clone().unwrap_or_else(|| session.id.clone())
                ));
                let org = self.org.clone().map(Box::new);
                // The session takes this form's place: Esc from it goes where the form came from.
                Flow::nav(Nav::Replace(Route::RestoreSession(Box::new((*session, org)))))
            }
            // The form stays as typed; nothing is retried.
            Reply::Api(Err(e)) => {
                self.form.error = Some(e.to_string());
                Flow::none()
            }
            _ => Flow::unchanged(),
        }
    }
}

/// The point in time typed, in local time: exact, a day (its end) or relative (see
/// [`crate::dates::point_in_time`]).
pub fn parse_local(clock: &Clock, text: &str) -> Option<Timestamp> {
    crate::dates::point_in_time(clock, text).map(Timestamp)
}

impl NewRestoreSessionPage {
    /// Keys of the fields shown now (the date only for a point in time).
    pub fn visible(&self) -> Vec<ExploreKey> {
        self.form.visible(|f, k| {
            k != ExploreKey::When || f.get(ExploreKey::Point).choice == 1
        })
    }

    pub fn focused(&self) -> Option<ExploreKey> {
        self.visible().get(self.form.focus).copied()
    }

    /// A note when the chosen time is outside the organization's backups.
    pub fn backup_note(&self, clock: &Clock) -> Option<String> {
        let org = self.org.as_ref()?;
        if self.form.get(ExploreKey::Point).choice != 1 {
            return None;
        }
        let when = parse_local(clock, self.form.get(ExploreKey::When).value())?;
        if let Some(first) = org.first_backuptime
            && when < first
        {
            return Some(format!(
                "This is before the first backup ({}): there will be nothing to see.",
                first.to_rfc3339()
            ));
        }
        if let Some(last) = org.last_backuptime
            && when > last
        {
            return Some(format!(
                "This is after the last backup ({}): you will see that backup.",
                last.to_rfc3339()
            ));
        }
        None
    }

    fn options(&self, shared: &Shared) -> Result<ExploreOptions, (ExploreKey, String)> {
        let f = &self.form;
        let types = shared.version().restore_types();
        let kind = types[f.get(ExploreKey::Type).choice.min(types.len() - 1)].clone();
        let date_time = if f.get(ExploreKey::Point).choice == 1 {
            let text = f.get(ExploreKey::When).value();
            Some(parse_local(&shared.clock, text).ok_or((
                ExploreKey::When,
                "Type YYYY-MM-DD HH:MM, a day (2026-11-17, yesterday, tue) or -7d, in local time."
                    .to_string(),
            ))?)
        } else {
            None
        };
        if date_time.is_some_and(|t| t.0 > shared.clock.now()) {
            return Err((ExploreKey::When, "That time is in the future.".into()));
        }
        let repository_id = f
            .has(ExploreKey::Repository)
            .then(|| f.get(ExploreKey::Repository).trimmed().to_string())
            .filter(|s| !s.is_empty());
        if repository_id.as_deref().is_some_and(|r| !is_guid(r)) {
            return Err((ExploreKey::Repository, "A repository id is a GUID.".into()));
        }
        Ok(ExploreOptions {
            date_time,
            kind: Some(kind),
            show_deleted: Some(f.get(ExploreKey::Deleted).on),
            show_all_versions: Some(f.get(ExploreKey::Versions).on),
            repository_id,
        })
    }

    fn submit(&mut self, shared: &mut Shared) -> Flow {
        self.form.clear_errors();
        match self.options(shared) {
            Ok(options) => {
                let org_id = self.org.as_ref().and_then(|o| o.id.clone());
                let (id, cmd) = shared.call(ApiCall::Explore { org_id, options });
                self.submitting = Some(id);
                Flow::cmd(cmd)
            }
            Err((key, msg)) => {
                self.form.get_mut(key).error = Some(msg);
                let visible = self.visible();
                self.form.focus_on(&visible, key);
                Flow::none()
            }
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
        crate::app::keymap::check_table("new restore session", Table::NewRestoreSession.bindings());
    }

    #[test]
    fn a_bad_time_is_marked_and_nothing_is_sent_then_a_start_replaces_the_form() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, _) = NewRestoreSessionPage::open(None, &mut shared);
        p.form.focus = 1;
        p.on_intent(Intent::Right, &mut shared);
        assert_eq!(p.visible().len(), 5, "the date shows for a point in time");
        let flow = p.on_intent(Intent::Submit, &mut shared);
        assert!(flow.commands.is_empty());
        assert_eq!(p.focused(), Some(ExploreKey::When));
        assert!(p.form.get(ExploreKey::When).error.is_some());
        p.form.get_mut(ExploreKey::Point).choice = 0;
        let flow = p.on_intent(Intent::Submit, &mut shared);
        let [Command::Call { id, .. }] = flow.commands.as_slice() else {
            panic!("one call");
        };
        assert!(p.on_intent(Intent::Submit, &mut shared).commands.is_empty(), "sent once");
        let session: crate::api::models::RestoreSession = serde_json::from_value(
            serde_json::json!({"id": "s1", "type": "Vex", "state": "Working", "result": "Success",
                "creationTime": "2026-01-01T00:00:00Z"}),
        )
        .unwrap();
        let flow = p.on_reply(*id, Reply::Api(Ok(ApiReply::Session(Box::new(session)))), &mut shared);
        assert!(matches!(flow.nav, Some(Nav::Replace(Route::RestoreSession(_)))));
        assert_eq!(shared.our_sessions, vec!["s1".to_string()]);
    }

    #[test]
    fn a_point_in_time_takes_a_day_or_a_relative_time() {
        use chrono::TimeZone;
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let now = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap();
        shared.clock = Clock::fixed(now, chrono::FixedOffset::east_opt(0).unwrap());
        let (mut p, _) = NewRestoreSessionPage::open(None, &mut shared);
        p.form.get_mut(ExploreKey::Point).choice = 1;
        let sent = |text: &str, p: &mut NewRestoreSessionPage| {
            p.form.get_mut(ExploreKey::When).input = Input::new(text.into());
            p.options(&shared).map(|o| o.date_time.map(|t| t.0))
        };
        let at = |d, h, m, s| Ok(chrono::Utc.with_ymd_and_hms(2026, 11, d, h, m, s).single());
        assert_eq!(sent("tue", &mut p), at(24, 23, 59, 59), "the end of last Tuesday");
        assert_eq!(sent("2026-11-17", &mut p), at(17, 23, 59, 59));
        assert_eq!(sent("-7d", &mut p), at(24, 9, 30, 0));
        assert!(sent("next week", &mut p).is_err());
    }
}
