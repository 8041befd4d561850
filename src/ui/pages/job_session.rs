//! A job session: how it went, what failed by kind, and its log, errors first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::pages::job_session::{JobSessionPage, LineKind, errors_first, processed_words};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::scroll;

pub fn draw(frame: &mut Frame, area: Rect, page: &JobSessionPage, shared: &Shared, _focused: bool) {
    let t = Theme::current();
    let area = super::inner(area);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", page.job), t.title()),
        Span::styled("· last session", t.dim()),
    ])];
    match &page.details {
        None => lines.push(Line::styled("Reading the session…", t.warning())),
        Some(Err(e)) => lines.push(Line::styled(e.clone(), t.error())),
        Some(Ok(d)) => {
            let s = &d.session;
            let row = |k: &str, v: String| scroll::labelled(k, v, area.width, 11, t.dim());
            let status = s.status.clone().unwrap_or_else(|| "unknown".into());
            let style = match status.as_str() {
                "Failed" => t.error(),
                "Warning" => t.warning(),
                _ => t.ok(),
            };
            let mut head = row("Status", format!("{status} · {}", s.details.clone().unwrap_or_default()));
            for l in &mut head {
                *l = l.clone().style(style);
            }
            lines.push(Line::raw(""));
            lines.extend(head);
            let when = |ts: Option<crate::api::models::Timestamp>| {
                ts.map(|ts| super::local_named(&shared.clock, ts)).unwrap_or_else(|| "—".into())
            };
            lines.extend(row("Started", when(s.creation_time)));
            lines.extend(row("Ended", when(s.end_time)));
            if let Some(words) = processed_words(d) {
                lines.extend(row("Processed", words));
            }
            if let Some(st) = &s.statistics {
                let moved = st.transferred_data_bytes.map(crate::units::human_bytes).unwrap_or_default();
                let rate = st
                    .processing_rate_bytes_p_s
                    .map(|b| format!(" at {}/s", crate::units::human_bytes(b)))
                    .unwrap_or_default();
                lines.extend(row("Data", format!("{moved}{rate}")));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(format!("Log, errors first ({} lines)", d.log.len()), t.title()));
            for (kind, item) in errors_first(&d.log) {
                let (glyph, style) = match kind {
                    LineKind::Error => ("✗", t.error()),
                    LineKind::Warning => ("!", t.warning()),
                    LineKind::Other => ("·", t.dim()),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{glyph} "), style),
                    Span::raw(item.text().to_string()),
                ]));
            }
        }
    }
    let (lines, _) = scroll::wrap(lines, 0, area.width);
    let lines = scroll::from_top(lines, page.scroll, area.height as usize, t.dim());
    frame.render_widget(Paragraph::new(lines), area);
}
