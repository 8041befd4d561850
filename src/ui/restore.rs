//! Restore sessions: the form that starts one, the live session, and the list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use super::widgets::{device_code, rows};
use crate::api::models::{RestoreSession, Timestamp};
use crate::app::forms::Kind;
use crate::app::restore::{backup_note, parse_local, visible};
use crate::app::state::{App, SESSION_RANGES};

/// Names wider than this are cut, so the other columns stay near them on wide terminals.
const NAME_MAX: u16 = 48;
fn local(t: Timestamp) -> String {
    t.0.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn ended(s: &RestoreSession) -> String {
    match s.ended_at() {
        Some(t) => local(t),
        None if s.is_working() => "running".into(),
        None => "—".into(),
    }
}

fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    }
}

pub fn draw_form(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let Some(form) = &app.explore else { return };
    let area = inner(area);
    let who = match &form.org {
        Some(o) => format!("for {} (as administrator)", o.display_name()),
        None => "for your organization (as tenant)".into(),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled("New restore session ", t.title()),
            Span::styled(who, t.dim()),
        ]),
        Line::raw(""),
    ];
    let mut cursor = None;
    let mut hint = "";
    for (i, key) in visible(form).iter().enumerate() {
        let f = form.fields.iter().find(|f| f.key == *key).expect("field");
        let focused = i == form.focus;
        let value = match f.kind {
            Kind::Toggle => (if f.on { "[x]" } else { "[ ]" }).to_string(),
            Kind::Choice(_) => format!("◂ {} ▸", f.choice_label()),
            _ => f.value().to_string(),
        };
        if focused {
            hint = f.help;
            if f.is_text() {
                cursor = Some((
                    area.x + 22 + f.input.visual_cursor() as u16,
                    area.y + lines.len() as u16,
                ));
            }
        }
        let mut spans = vec![
            Span::styled(
                format!("{}{:<20}", if focused { "›" } else { " " }, f.label),
                if focused { t.focused_field() } else { t.dim() },
            ),
            Span::raw(" "),
            Span::raw(value),
        ];
        if f.key == "when" {
            let utc = match parse_local(f.value()) {
                Some(ts) => format!("  = {} UTC", ts.0.format("%Y-%m-%d %H:%M")),
                None if f.value().is_empty() => String::new(),
                None => "  (YYYY-MM-DD HH:MM)".into(),
            };
            spans.push(Span::styled(utc, t.dim()));
        }
        lines.push(Line::from(spans));
        if let Some(e) = &f.error {
            lines.push(Line::styled(format!("  {:<20}✗ {e}", ""), t.error()));
        }
    }
    if let Some(o) = &form.org {
        lines.push(Line::raw(""));
        let first = o
            .first_backuptime
            .map(local)
            .unwrap_or_else(|| "none".into());
        let last = o
            .last_backuptime
            .map(local)
            .unwrap_or_else(|| "none".into());
        lines.push(Line::styled(
            format!(" Backups from {first} to {last}"),
            t.dim(),
        ));
    }
    if let Some(note) = backup_note(form) {
        lines.push(Line::styled(format!(" ⚠ {note}"), t.warning()));
    }
    if form.submitting {
        lines.push(Line::styled(" Starting the session…", t.warning()));
    }
    if let Some(e) = &form.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(e.clone(), t.error()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    if !hint.is_empty() && area.height > 2 {
        frame.render_widget(
            Paragraph::new(Line::styled(format!("ⓘ {hint}"), t.dim())),
            Rect {
                y: area.bottom() - 1,
                height: 1,
                ..area
            },
        );
    }
    if let Some((x, y)) = cursor
        && x < area.right()
        && y < area.bottom()
        && app.palette.is_none()
        && !app.help_open
    {
        frame.set_cursor_position(Position::new(x, y));
    }
}

pub fn draw_session(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let Some(view) = &app.session_view else {
        return;
    };
    let area = inner(area);
    if let Some(panel) = &app.code {
        device_code::draw(frame, area, panel, app.now);
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
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                s.name.clone().unwrap_or_else(|| "Restore session".into()),
                t.title(),
            ),
            Span::raw("  "),
            Span::styled(
                if view.stopping {
                    "Stopping…".to_string()
                } else {
                    s.state.to_string()
                },
                state_style,
            ),
            Span::styled(if view.watching { "  (live)" } else { "" }, t.dim()),
        ]),
        Line::from(
            [
                kv("Organization", s.organization.clone().unwrap_or_default()),
                vec![Span::raw("   ")],
                kv("Type", s.kind.label().to_string()),
            ]
            .concat(),
        ),
        Line::from(
            [
                kv("Created", local(s.creation_time)),
                vec![Span::raw("   ")],
                kv("Ended", ended(s)),
            ]
            .concat(),
        ),
        Line::from(
            [
                kv("Result", s.result.to_string()),
                vec![Span::raw("   ")],
                kv("Initiated by", s.initiated_by.clone().unwrap_or_default()),
            ]
            .concat(),
        ),
        Line::from(
            [
                kv("Client host", s.client_host.clone().unwrap_or_default()),
                vec![Span::raw("   ")],
                kv("Reason", s.reason.clone().unwrap_or_default()),
            ]
            .concat(),
        ),
    ];
    if let Some(d) = s.details.as_ref().filter(|d| !d.is_empty()) {
        lines.push(Line::from(kv("Details", d.clone())));
    }
    if let Some(code) = &view.restore_code {
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
            e.start_time
                .0
                .with_timezone(&chrono::Local)
                .format("%H:%M:%S")
                .to_string(),
            e.status.to_string(),
            e.duration.clone().unwrap_or_default(),
            e.message.clone(),
        ];
        (cells, Style::new())
    });
    let events_title = format!("Events ({})", view.events.len());
    let header = ["Time", "Status", "Duration", events_title.as_str()];
    let widths = [
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(8),
        Constraint::Min(10),
    ];
    rows::table(frame, table_area, widths, (header, t.dim()), events);
}

pub fn draw_list(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let l = &app.sessions;
    let area = inner(area);
    let state = ["all", "working", "stopped"][l.state_filter];
    let order = if l.order_by_end {
        "end time"
    } else {
        "creation time"
    };
    let title = Line::from(vec![
        Span::styled("Restore sessions", t.title()),
        Span::styled(
            format!(
                "  {state}, {}, newest {order} first",
                SESSION_RANGES[l.range].0
            ),
            t.dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(title), Rect { height: 1, ..area });
    let body = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    if let Some(e) = &l.error {
        frame.render_widget(
            Paragraph::new(Line::styled(e.clone(), t.error())).wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    let visible = l.visible();
    if visible.is_empty() {
        let msg = if l.loading {
            "Loading restore sessions…"
        } else {
            "No restore sessions here. n starts one."
        };
        frame.render_widget(Paragraph::new(Line::styled(msg, t.dim())), body);
        return;
    }
    let fit = body.height.saturating_sub(1) as usize;
    let first = l.selected.saturating_sub(fit.saturating_sub(1));
    let table_rows = visible
        .iter()
        .enumerate()
        .skip(first)
        .take(fit)
        .map(|(pos, &i)| {
            let s = &l.items[i];
            let style = if pos == l.selected {
                t.selected()
            } else {
                Style::new()
            };
            let cells = [
                s.organization.clone().unwrap_or_default(),
                s.kind.label().to_string(),
                s.state.to_string(),
                local(s.creation_time)[..16].to_string(),
                ended(s).chars().take(16).collect::<String>(),
            ];
            (cells, style)
        });
    let header = ["Organization", "Type", "State", "Created", "Ended"];
    let widths = [
        Constraint::Max(NAME_MAX),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Length(16),
        Constraint::Length(16),
    ];
    rows::table(frame, body, widths, (header, t.dim()), table_rows);
}
