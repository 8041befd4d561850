//! One restore session: its state, details and events as they arrive.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{ended, local};
use crate::app::pages::restore_session::RestoreSessionPage;
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::{device_code, rows};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    view: &RestoreSessionPage,
    shared: &Shared,
    _focused: bool,
) {
    let t = Theme::current();
    let area = super::inner(area);
    if let Some(panel) = &view.code {
        device_code::draw(frame, area, panel, shared.now, &shared.clock);
        return;
    }
    let s = &view.session;
    let state_style = if s.is_working() { t.ok() } else { t.dim() };
    let kv = |k: &str, v: String| {
        vec![
            Span::styled(format!("{k:<13}"), t.dim()),
            Span::raw(format!("{v:<26}")),
        ]
    };
    // The state first, so it shows however narrow the terminal and long the name.
    let mut lines = vec![Line::from(vec![
        Span::styled(
            if view.stopping {
                "Stopping…".to_string()
            } else {
                s.state.to_string()
            },
            state_style,
        ),
        Span::styled(if view.watching { " (live)" } else { "" }, t.dim()),
        Span::raw("  "),
        Span::styled(
            s.name.clone().unwrap_or_else(|| "Restore session".into()),
            t.title(),
        ),
    ])];
    let pairs = [
        ("Organization", s.organization.clone().unwrap_or_default()),
        ("Type", s.kind.label().to_string()),
        ("Created", local(&shared.clock, s.creation_time)),
        ("Ended", ended(&shared.clock, s)),
        // The API reports Success from the start; a session still working has no result yet.
        (
            "Result",
            if s.is_working() {
                "none yet (still working)".to_string()
            } else {
                s.result.to_string()
            },
        ),
        ("Initiated by", s.initiated_by.clone().unwrap_or_default()),
        ("Client host", s.client_host.clone().unwrap_or_default()),
        ("Reason", s.reason.clone().unwrap_or_default()),
    ];
    // Two columns where they fit side by side, else one.
    if area.width >= 70 {
        for pair in pairs.chunks(2) {
            let (k1, v1) = &pair[0];
            let (k2, v2) = &pair[1];
            lines.push(Line::from(
                [
                    kv(k1, v1.clone()),
                    vec![Span::raw("   ")],
                    kv(k2, v2.clone()),
                ]
                .concat(),
            ));
        }
    } else {
        for (k, v) in pairs {
            lines.push(Line::from(kv(k, v)));
        }
    }
    if let Some(d) = s.details.as_ref().filter(|d| !d.is_empty()) {
        lines.push(Line::from(kv("Details", d.clone())));
    }
    if let Some(code) = shared.memory.restore_code(&s.id) {
        lines.push(Line::from(kv(
            "Restore code",
            format!("{code} (signed in; used for restores)"),
        )));
    }
    if let Some(e) = &view.error {
        lines.push(Line::styled(e.clone(), t.error()));
    }
    let head = lines.len() as u16 + 1;
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: head.min(area.height),
            ..area
        },
    );
    let table_area = Rect {
        y: area.y + head,
        height: area.height.saturating_sub(head),
        ..area
    };
    let events = view.events.iter().skip(view.scroll).map(|e| {
        let cells = [
            shared.clock.local(e.start_time.0).format("%H:%M:%S").to_string(),
            e.status.to_string(),
            e.duration.clone().unwrap_or_default(),
            e.message.clone(),
        ];
        (cells, Style::new())
    });
    let events_title = format!("Events ({}), times in {}", view.events.len(), shared.clock.zone());
    let header = ["Time", "Status", "Duration", events_title.as_str()];
    let widths = [
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(8),
        Constraint::Min(10),
    ];
    rows::table(frame, table_area, widths, (header, t.dim()), events);
}
