//! A job session from Today: how it went, what it processed (how many users, groups, sites
//! or teams failed or warned), and every log line, errors first, so "why" is one key away.

use crate::api::dashboard::SessionDetails;
use crate::api::models::LogItem;
use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::keymap::{Binding, Intent, Table};
use crate::app::pages::{Flow, Open, Page, answered, ask_once};
use crate::app::shared::{RequestId, Shared};

/// What to open: the job's name and the session's id.
pub type JobSessionArgs = Box<(String, String)>;

#[derive(Debug, Default)]
pub struct JobSessionPage {
    pub job: String,
    pub id: String,
    /// The session as read, or why it could not be.
    pub details: Option<Result<Box<SessionDetails>, String>>,
    reading: Option<RequestId>,
    /// The first line shown.
    pub scroll: usize,
}

impl Open for JobSessionPage {
    type Args = JobSessionArgs;
    fn open(args: JobSessionArgs, shared: &mut Shared) -> (Self, Flow) {
        let (job, id) = *args;
        let mut page = JobSessionPage {
            job,
            id,
            ..Default::default()
        };
        let flow = page.read(shared);
        (page, flow)
    }
}

impl Page for JobSessionPage {
    fn title(&self) -> String {
        "Job session".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::JobSession.bindings()
    }
    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let page = usize::from(shared.size.1.saturating_sub(8)).max(1);
        // The view stops at the last line; the bound here only keeps the count sane.
        if let Some(at) = crate::app::pages::scrolled(intent, self.scroll, 10_000, page) {
            self.scroll = at;
            return Flow::none();
        }
        match intent {
            Intent::Refresh => self.read(shared),
            Intent::Back => Flow::pop(),
            _ => Flow::unchanged(),
        }
    }
    fn on_reply(&mut self, id: RequestId, reply: Reply, _: &mut Shared) -> Flow {
        let pick = |r| match r {
            ApiReply::SessionDetails(d) => Some(d),
            _ => None,
        };
        answered(&mut self.reading, &mut self.details, id, reply, pick)

    }
    fn reload(&mut self, shared: &mut Shared) -> Flow {
        self.read(shared)
    }
}

impl JobSessionPage {
    fn read(&mut self, shared: &mut Shared) -> Flow {
        let call = ApiCall::SessionDetails {
            id: self.id.clone(),
        };
        ask_once(&mut self.reading, call, shared)
    }

    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }
}

/// How bad a log line is: v8 types its lines; v6/v7 write only a title, read for its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LineKind {
    Error,
    Warning,
    Other,
}

pub fn line_kind(item: &LogItem) -> LineKind {
    match item.kind.as_deref() {
        Some("Error") => LineKind::Error,
        Some("Warning") => LineKind::Warning,
        Some(_) => LineKind::Other,
        None => {
            let t = item.text().to_lowercase();
            if t.contains("error") || t.contains("failed") {
                LineKind::Error
            } else if t.contains("warning") {
                LineKind::Warning
            } else {
                LineKind::Other
            }
        }
    }
}

/// The log, errors first, then warnings, then the rest, each in the order written.
pub fn errors_first(log: &[LogItem]) -> Vec<(LineKind, &LogItem)> {
    let mut lines: Vec<(LineKind, &LogItem)> = log.iter().map(|l| (line_kind(l), l)).collect();
    lines.sort_by_key(|(k, _)| *k);
    lines
}

/// How many processed objects of each kind failed or warned: "14 users failed (of 212)".
pub fn processed_words(d: &SessionDetails) -> Option<String> {
    let objects = d.processed.as_ref()?;
    let mut words = Vec::new();
    for status in ["Failed", "Warning"] {
        let mut kinds: Vec<(String, usize)> = Vec::new();
        for o in objects.iter().filter(|o| o.status.as_deref() == Some(status)) {
            let kind = o.kind.clone().unwrap_or_else(|| "object".into()).to_lowercase();
            match kinds.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((kind, 1)),
            }
        }
        let verb = if status == "Failed" { "failed" } else { "warned" };
        for (kind, n) in kinds {
            let plural = if n == 1 { "" } else { "s" };
            words.push(format!("{n} {kind}{plural} {verb}"));
        }
    }
    Some(match words.is_empty() {
        true => format!("all {} objects processed", objects.len()),
        false => format!("{} (of {} objects)", words.join(", "), objects.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::{JobSession, ProcessedObject};

    fn line(kind: Option<&str>, text: &str) -> LogItem {
        LogItem {
            kind: kind.map(String::from),
            message: kind.map(|_| text.to_string()),
            title: kind.is_none().then(|| text.to_string()),
            ..Default::default()
        }
    }

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("job_session", Table::JobSession.bindings());
    }

    #[test]
    fn errors_come_first_in_any_version_and_failures_are_counted_by_kind() {
        let v8 = [line(Some("Running"), "Processing"), line(Some("Error"), "Alex: throttled"), line(Some("Warning"), "Site: locked")];
        let kinds: Vec<LineKind> = errors_first(&v8).iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, [LineKind::Error, LineKind::Warning, LineKind::Other]);
        let v6 = [line(None, "Processing 3 users"), line(None, "User Alex failed: throttled")];
        assert_eq!(errors_first(&v6)[0].1.text(), "User Alex failed: throttled");
        let object = |kind: &str, status: &str| ProcessedObject {
            id: String::new(),
            kind: Some(kind.into()),
            status: Some(status.into()),
        };
        let d = SessionDetails {
            session: JobSession::default(),
            log: Vec::new(),
            processed: Some(vec![
                object("User", "Failed"),
                object("User", "Failed"),
                object("Site", "Warning"),
                object("User", "Success"),
            ]),
        };
        assert_eq!(
            processed_words(&d).unwrap(),
            "2 users failed, 1 site warned (of 4 objects)"
        );
        assert_eq!(processed_words(&SessionDetails::default()), None, "v6 lists none");
    }
}
