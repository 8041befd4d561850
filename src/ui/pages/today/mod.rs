//! Today: the server strip, what needs the operator worst first (a glyph and a word for each,
//! never colour alone), and the sessions running now.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::api::dashboard::{Liveness, Morning};
use crate::app::keymap::{Intent, Table, key_in};
use crate::app::pages::today::{Attention, TodayPage, attention::span};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::rows::cut;

pub fn draw(frame: &mut Frame, area: Rect, page: &TodayPage, shared: &Shared, _focused: bool) {
    let t = Theme::current();
    let area = super::inner(area);
    let [head, strip, list, detail, running] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(3),
        Constraint::Length(1),
    ])
    .areas(area);
    // How fresh it is, in words that change only when freshness does (no clock ticking by).
    let (read, style) = freshness(page, shared, t);
    super::title_row(
        frame,
        head,
        Line::from(vec![Span::styled("Today ", t.title()), Span::styled(read, style)]),
    );
    let Some(m) = &page.morning else {
        return;
    };
    frame.render_widget(
        Paragraph::new(server_strip(m, shared, t)).wrap(Wrap { trim: false }),
        strip,
    );
    let rows = page.rows();
    if rows.is_empty() {
        let text = format!(
            "Nothing needs you: every job ran, and the repositories, proxies and licence are fine. {} shows everything.",
            key_in(Table::Today, Intent::ShowAll)
        );
        frame.render_widget(
            Paragraph::new(Line::styled(text, t.ok())).wrap(Wrap { trim: false }),
            list,
        );
    } else {
        let lines = attention_lines(rows, page.selected, list, shared, t);
        frame.render_widget(Paragraph::new(lines), list);
        if let Some(r) = rows.get(page.selected) {
            frame.render_widget(
                Paragraph::new(detail_lines(r, t)).wrap(Wrap { trim: false }),
                detail,
            );
        }
    }
    frame.render_widget(
        Paragraph::new(running_now(m, t)).wrap(Wrap { trim: false }),
        running,
    );
}

/// How fresh the page is: reading, live, read every so often, the feed lost, stale, or
/// frozen by the operator.
fn freshness(page: &TodayPage, shared: &Shared, t: &Theme) -> (String, Style) {
    let again = key_in(Table::Today, Intent::Refresh);
    let at = |when| {
        format!(
            "{} ({})",
            shared.clock.local(when).format("%H:%M"),
            shared.clock.zone()
        )
    };
    if let Some(since) = page.frozen {
        let resume = key_in(Table::Today, Intent::Freeze);
        return (format!("frozen at {} · {resume} shows updates", at(since)), t.warning());
    }
    let order = match page.order {
        crate::app::pages::today::Order::Worst => String::new(),
        o => format!(" · {}", o.words()),
    };
    let Some(m) = &page.morning else {
        let words = if page.is_reading() { "reading…" } else { "not read" };
        return (words.into(), t.dim());
    };
    if page.is_reading() {
        return ("reading…".into(), t.dim());
    }
    if m.reading_sessions {
        let jobs = m.jobs.len() + m.copy_jobs.len();
        return (format!("reading the last nights of {jobs} jobs…"), t.dim());
    }
    if let Some(since) = page.stale_since {
        return (format!("stale: not read since {} · {again} tries now", at(since)), t.warning());
    }
    match &m.live {
        Liveness::Live => (format!("live{order}"), t.ok()),
        Liveness::Changes(secs) => (format!("changes every {secs} s{order}"), t.dim()),
        Liveness::Polling => (format!("read every 60 s while shown{order}"), t.dim()),
        Liveness::Reconnecting { since, .. } => (
            format!("live feed lost at {}, connecting again · read every 60 s{order}", at(*since)),
            t.warning(),
        ),
    }
}

/// Build, health and licence in one line.
fn server_strip(m: &Morning, shared: &Shared, t: &Theme) -> Line<'static> {
    let build = shared
        .server
        .as_ref()
        .and_then(|s| s.build.clone())
        .unwrap_or_else(|| "build unknown".into());
    let mut spans = vec![Span::styled("Server ", t.dim()), Span::raw(build)];
    if let Some(h) = &m.health {
        let status = h.status.clone().unwrap_or_else(|| "unknown".into());
        let style = if status == "Healthy" { t.ok() } else { t.error() };
        spans.extend([Span::styled(" · health ", t.dim()), Span::styled(status, style)]);
    }
    if let Some(l) = &m.license {
        let mut said = match (l.used_number, l.total_number) {
            (Some(u), Some(n)) if n > 0 => format!("{u} of {n} used · {} %", u.saturating_mul(100) / n),
            _ => l.status.clone().unwrap_or_default(),
        };
        if let Some(e) = l.expires() {
            let days = (e.0 - shared.clock.now()).num_days();
            said.push_str(&format!(" · expires in {days} days"));
        }
        spans.extend([Span::styled(" · licence ", t.dim()), Span::raw(said)]);
    }
    Line::from(spans)
}

use super::severity_mark as mark;

/// A job's last nights, oldest first, one glyph a night.
fn strip_of(statuses: &[String]) -> String {
    statuses.iter().map(|s| super::status_glyph(s)).collect()
}

fn attention_lines(
    rows: &[Attention],
    selected: usize,
    list: Rect,
    shared: &Shared,
    t: &Theme,
) -> Vec<Line<'static>> {
    let w = list.width as usize;
    let height = list.height as usize;
    let first = selected.saturating_sub(height.saturating_sub(1));
    let now = shared.clock.now();
    let what_w = rows
        .iter()
        .map(|r| r.what.chars().count())
        .max()
        .unwrap_or(0)
        .min(w * 2 / 5)
        .max(8);
    rows.iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, r)| {
            let (glyph, style) = mark(r.severity, t);
            let age = r.since.map(|s| span(now - s)).unwrap_or_default();
            // The strip of last nights where there is room for it and the reason.
            let strip = if w >= 100 { strip_of(&r.strip) } else { String::new() };
            let tail = match (age.is_empty(), strip.is_empty()) {
                (true, true) => String::new(),
                (false, true) => format!(" {age:>7}"),
                (true, false) => format!(" {strip:>10}"),
                (false, false) => format!(" {age:>7} {strip:>10}"),
            };
            let why_w = w.saturating_sub(2 + what_w + 1 + tail.chars().count() + 1);
            let on = i == selected;
            let line = Line::from(vec![
                Span::raw(if on { "›" } else { " " }),
                Span::styled(format!("{glyph} "), style),
                Span::raw(format!("{:<what_w$} ", cut(&r.what, what_w))),
                Span::styled(format!("{:<why_w$}", cut(&r.why, why_w)), style),
                Span::styled(tail, t.dim()),
            ]);
            if on { line.style(t.selected()) } else { line }
        })
        .collect()
}

/// The selected row in full: what and why, and a job's last nights.
fn detail_lines(r: &Attention, t: &Theme) -> Vec<Line<'static>> {
    let (glyph, style) = mark(r.severity, t);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{glyph} "), style),
        Span::styled(format!("{}: ", r.what), t.title()),
        Span::styled(r.why.clone(), style),
    ])];
    if !r.strip.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Last nights, oldest first: ", t.dim()),
            Span::raw(strip_of(&r.strip)),
        ]));
    }
    lines
}

/// Sessions in progress with their processed objects and rate.
fn running_now(m: &Morning, t: &Theme) -> Vec<Line<'static>> {
    let names: std::collections::HashMap<&str, &str> = m
        .jobs
        .iter()
        .chain(&m.copy_jobs)
        .map(|j| (j.id.as_str(), j.name.as_str()))
        .collect();
    let running: Vec<String> = m
        .sessions
        .iter()
        .flat_map(|(job, list)| list.iter().map(move |s| (job, s)))
        .filter(|(_, s)| s.status.as_deref() == Some("Running"))
        .map(|(job, s)| {
            let name = names.get(job.as_str()).copied().unwrap_or("a job");
            let objects = s.progress.unwrap_or(0);
            let rate = s
                .statistics
                .as_ref()
                .and_then(|st| st.processing_rate_bytes_p_s)
                .map(|b| format!(" · {}/s", crate::units::human_bytes(b)))
                .unwrap_or_default();
            format!("{name}: {objects} objects{rate}")
        })
        .collect();
    let text = if running.is_empty() {
        "none".to_string()
    } else {
        running.join("; ")
    };
    vec![Line::from(vec![
        Span::styled("Running now: ", t.dim()),
        Span::raw(text),
    ])]
}
