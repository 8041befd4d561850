//! New restore session: the form that starts one.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::local;
use crate::app::forms::Kind;
use crate::app::pages::new_restore_session::{ExploreKey, NewRestoreSessionPage, parse_local};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::scroll;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    form: &NewRestoreSessionPage,
    _shared: &Shared,
    focused: bool,
) {
    let t = Theme::current();
    let area = super::inner(area);
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
    let mut focus_line = 0;
    for (i, key) in form.visible().iter().enumerate() {
        let f = form.form.get(*key);
        let on = i == form.form.focus;
        let value = match f.kind {
            Kind::Toggle => (if f.on { "[x]" } else { "[ ]" }).to_string(),
            Kind::Choice(_) => format!("◂ {} ▸", f.choice_label()),
            _ => f.value().to_string(),
        };
        if on {
            hint = f.help;
            focus_line = lines.len();
            if f.is_text() {
                cursor = Some(area.x + 22 + f.input.visual_cursor() as u16);
            }
        }
        let mut spans = vec![
            Span::styled(
                format!("{}{:<20}", if on { "›" } else { " " }, f.label),
                if on { t.focused_field() } else { t.dim() },
            ),
            Span::raw(" "),
            Span::raw(value),
        ];
        if f.key == ExploreKey::When {
            let utc = match parse_local(f.value()) {
                Some(_) => format!("  ({})", super::zone()),
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
    if let Some(note) = form.backup_note() {
        lines.push(Line::styled(format!(" ⚠ {note}"), t.warning()));
    }
    if form.submitting.is_some() {
        lines.push(Line::styled(" Starting the session…", t.warning()));
    }
    if let Some(e) = &form.form.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(e.clone(), t.error()));
    }
    // The focused field stays on screen, above the hint line.
    let room = area.height.saturating_sub(1) as usize;
    let (lines, focus_line) = scroll::wrap(lines, focus_line, area.width);
    let (lines, row) = scroll::fit(lines, focus_line, room, t.dim());
    frame.render_widget(Paragraph::new(lines), area);
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
    if let Some(x) = cursor
        && let y = area.y + row as u16
        && x < area.right()
        && y < area.bottom()
        && focused
    {
        frame.set_cursor_position(Position::new(x, y));
    }
}
