//! A job: what it backs up, where, when, whether it runs, then its sessions newest first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::api::drill::JobHistory;
use crate::api::models::{JobSession, Timestamp};
use crate::app::pages::job::{JobPage, schedule_words, scope_words};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::rows::cut;
use crate::ui::widgets::scroll;

pub fn draw(frame: &mut Frame, area: Rect, page: &JobPage, shared: &Shared, _focused: bool) {
    let t = Theme::current();
    let area = super::inner(area);
    let kind = if page.job.copy { "backup copy job" } else { "backup job" };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", page.job.name), t.title()),
        Span::styled(format!("· {kind}"), t.dim()),
    ])];
    match &page.history {
        None => lines.push(Line::styled("Reading the job and its sessions…", t.warning())),
        Some(Err(e)) => lines.push(Line::styled(e.clone(), t.error())),
        Some(Ok(h)) => {
            lines.push(Line::raw(""));
            lines.extend(settings(page, h, shared, area.width, t));
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("Sessions, newest first ({})", h.sessions.len()),
                t.title(),
            ));
            let height = usize::from(area.height).saturating_sub(lines.len());
            lines.extend(history(&h.sessions, page.selected, height, area.width, shared, t));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The job's settings in words, one labelled line each.
fn settings(page: &JobPage, h: &JobHistory, shared: &Shared, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let row = |k: &str, v: String| scroll::labelled(k, v, width, 13, t.dim());
    let when = |ts: Option<Timestamp>| ts.map(|ts| super::local_named(&shared.clock, ts));
    let j = &h.job;
    let mut out = Vec::new();
    if let Some(org) = &page.job.organization {
        out.extend(row("Organization", org.clone()));
    }
    if let Some(scope) = scope_words(j.backup_type.as_deref()) {
        out.extend(row("Backs up", scope));
    }
    let repo = page.job.repository.clone().or(j.repository_id.clone());
    if let Some(repo) = repo {
        out.extend(row(if h.copy { "Copies to" } else { "Into" }, repo));
    }
    out.extend(row("Runs", schedule_words(j.schedule_policy.as_ref())));
    let (state, style) = match j.is_enabled {
        true => ("enabled".to_string(), t.ok()),
        false => ("disabled: it does not run until enabled (e on Today)".to_string(), t.warning()),
    };
    out.extend(row("State", state).into_iter().map(|l| l.style(style)));
    let last = match (j.last_status.as_deref(), when(j.last_run)) {
        (Some(s), Some(at)) => format!("{s} · {at}"),
        (Some(s), None) => s.to_string(),
        (None, Some(at)) => at,
        (None, None) => "never run".into(),
    };
    out.extend(row("Last run", last));
    let next = match (j.is_enabled, when(j.next_run)) {
        (false, _) => "none: the job is disabled".to_string(),
        (true, Some(at)) => at,
        (true, None) => "none scheduled".into(),
    };
    out.extend(row("Next run", next));
    if let Some(good) = when(j.last_backup) {
        out.extend(row("Last backup", good));
    }
    if let Some(d) = j.description.clone().filter(|d| !d.is_empty()) {
        out.extend(row("Description", d));
    }
    out
}

/// The sessions in `height` rows, the cursor's visible.
fn history(
    sessions: &[JobSession],
    selected: usize,
    height: usize,
    width: u16,
    shared: &Shared,
    t: &Theme,
) -> Vec<Line<'static>> {
    if sessions.is_empty() {
        return vec![Line::styled("It has not run yet.", t.dim())];
    }
    let first = super::first_row(0, selected as u64, height.max(1) as u64) as usize;
    let w = usize::from(width);
    sessions
        .iter()
        .enumerate()
        .skip(first)
        .take(height.max(1))
        .map(|(i, s)| {
            let status = s.status.clone().unwrap_or_else(|| "unknown".into());
            let style = match status.as_str() {
                "Failed" => t.error(),
                "Warning" => t.warning(),
                _ => t.ok(),
            };
            let start = s
                .creation_time
                .map(|ts| shared.clock.local(ts.0).format("%a %d %b %H:%M").to_string())
                .unwrap_or_default();
            let took = match (s.creation_time, s.end_time) {
                (Some(a), Some(b)) => crate::units::age(b.0 - a.0),
                _ => String::new(),
            };
            let details = s.details.clone().unwrap_or_default();
            let head = format!("{} {status:<8} {start:<16} {took:>6}  ", super::status_glyph(&status));
            let rest = w.saturating_sub(1 + head.chars().count());
            let on = i == selected;
            let line = Line::from(vec![
                Span::raw(if on { "›" } else { " " }),
                Span::styled(head, style),
                Span::raw(cut(&details, rest).to_string()),
            ]);
            if on { line.style(t.selected()) } else { line }
        })
        .collect()
}
