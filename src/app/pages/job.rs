//! A job from Today: its settings in words, when it runs next, and its history, newest
//! first; Enter opens a session's log.

use crate::api::drill::JobHistory;
use crate::api::models::SchedulePolicy;
use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent, Table};
use crate::app::pages::{Flow, Open, Page, Route, answered, ask_once};
use crate::app::route_args::JobRef;
use crate::app::shared::{RequestId, Shared};

#[derive(Debug, Default)]
pub struct JobPage {
    pub job: JobRef,
    /// The job and its sessions as read, or why they could not be.
    pub history: Option<Result<Box<JobHistory>, String>>,
    reading: Option<RequestId>,
    /// The session under the cursor.
    pub selected: usize,
}

impl Open for JobPage {
    type Args = Box<JobRef>;
    fn open(job: Box<JobRef>, shared: &mut Shared) -> (Self, Flow) {
        let mut page = JobPage {
            job: *job,
            ..Default::default()
        };
        let flow = page.read(shared);
        (page, flow)
    }
}

impl Page for JobPage {
    fn title(&self) -> String {
        "Job".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::Job.bindings()
    }
    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let last = self.sessions().len().saturating_sub(1);
        if let Some(at) = crate::app::pages::scrolled(intent, self.selected, last, 10) {
            self.selected = at;
            return Flow::none();
        }
        match intent {
            Intent::Submit => self.open_session(shared),
            Intent::Refresh => self.read(shared),
            Intent::Back => Flow::pop(),
            _ => Flow::unchanged(),
        }
    }
    fn on_reply(&mut self, id: RequestId, reply: Reply, _: &mut Shared) -> Flow {
        let pick = |r| match r {
            ApiReply::JobHistory(h) => Some(h),
            _ => None,
        };
        let flow = answered(&mut self.reading, &mut self.history, id, reply, pick);
        self.selected = self.selected.min(self.sessions().len().saturating_sub(1));
        flow
    }
    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.read(shared)
    }
}

impl JobPage {
    fn read(&mut self, shared: &mut Shared) -> Flow {
        let call = ApiCall::JobHistory {
            id: self.job.id.clone(),
            copy: self.job.copy,
        };
        ask_once(&mut self.reading, call, shared)
    }

    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// The sessions read, newest first.
    pub fn sessions(&self) -> &[crate::api::models::JobSession] {
        match &self.history {
            Some(Ok(h)) => &h.sessions,
            _ => &[],
        }
    }

    fn open_session(&mut self, shared: &mut Shared) -> Flow {
        match self.sessions().get(self.selected) {
            Some(s) => Flow::push(Route::JobSession(Box::new((
                self.job.name.clone(),
                s.id.clone(),
            )))),
            None => {
                shared.status.say("No session to open: the job has not run.");
                Flow::none()
            }
        }
    }
}

/// When a job runs, in words: "every day at 22:00 (server time) · retries 3 times".
pub fn schedule_words(policy: Option<&SchedulePolicy>) -> String {
    let Some(p) = policy else {
        return "not given by the server".into();
    };
    let at = p
        .daily_time
        .as_deref()
        .map(|t| format!(" at {} (server time)", t.get(..5).unwrap_or(t)))
        .unwrap_or_default();
    let mut words = match p.kind.as_deref() {
        Some("Daily" | "DailyAtTime") => format!("{}{at}", days(p.daily_type.as_deref())),
        Some("Periodically") => every(p.periodically_every.as_deref()),
        Some("ManualOnly") => "only when started".into(),
        Some("Immediate") => "as soon as each new restore point appears".into(),
        Some(other) => other.to_string(),
        None => "not given by the server".into(),
    };
    if p.retry_enabled == Some(true) {
        match p.retry_number {
            Some(1) => words.push_str(" · retries once when it fails"),
            Some(n) => words.push_str(&format!(" · retries {n} times when it fails")),
            None => words.push_str(" · retries when it fails"),
        }
    }
    words
}

fn days(kind: Option<&str>) -> String {
    match kind {
        Some("Everyday") | None => "every day".into(),
        Some("Workdays") => "on workdays".into(),
        Some("Weekends") => "at weekends".into(),
        Some(day) => format!("on {day}s"),
    }
}

/// "Hours4" → "every 4 hours"; unknown values raw.
fn every(interval: Option<&str>) -> String {
    let Some(i) = interval else {
        return "periodically".into();
    };
    let (unit, n) = match (i.strip_prefix("Hours"), i.strip_prefix("Minutes")) {
        (Some(n), _) => ("hour", n),
        (_, Some(n)) => ("minute", n),
        _ => return format!("every {i}"),
    };
    match n {
        "1" => format!("every {unit}"),
        n => format!("every {n} {unit}s"),
    }
}

/// What a backup job backs up: "the entire organization", "selected items".
pub fn scope_words(backup_type: Option<&str>) -> Option<String> {
    Some(match backup_type? {
        "EntireOrganization" => "the entire organization".into(),
        "SelectedItems" => "selected items".into(),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(kind: &str) -> SchedulePolicy {
        SchedulePolicy {
            kind: Some(kind.into()),
            ..Default::default()
        }
    }

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("job", Table::Job.bindings());
    }

    #[test]
    fn schedules_read_as_words() {
        let daily = SchedulePolicy {
            daily_type: Some("Everyday".into()),
            daily_time: Some("22:00:00".into()),
            retry_enabled: Some(true),
            retry_number: Some(3),
            ..policy("Daily")
        };
        assert_eq!(
            schedule_words(Some(&daily)),
            "every day at 22:00 (server time) · retries 3 times when it fails"
        );
        let workdays = SchedulePolicy {
            daily_type: Some("Monday".into()),
            daily_time: Some("06:30:00".into()),
            ..policy("DailyAtTime")
        };
        assert_eq!(schedule_words(Some(&workdays)), "on Mondays at 06:30 (server time)");
        let hourly = SchedulePolicy {
            periodically_every: Some("Hours1".into()),
            ..policy("Periodically")
        };
        assert_eq!(schedule_words(Some(&hourly)), "every hour");
        let often = SchedulePolicy {
            periodically_every: Some("Minutes30".into()),
            ..policy("Periodically")
        };
        assert_eq!(schedule_words(Some(&often)), "every 30 minutes");
        assert_eq!(schedule_words(Some(&policy("ManualOnly"))), "only when started");
        assert_eq!(
            schedule_words(Some(&policy("Immediate"))),
            "as soon as each new restore point appears"
        );
        // Unknown values are shown raw, nothing is guessed.
        assert_eq!(schedule_words(Some(&policy("Lunar"))), "Lunar");
        assert_eq!(schedule_words(None), "not given by the server");
        assert_eq!(scope_words(Some("EntireOrganization")).unwrap(), "the entire organization");
        assert_eq!(scope_words(None), None);
    }
}
