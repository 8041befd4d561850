//! The add-organization wizard: one step at a time, messages beside the fields, the body to
//! be sent on review.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use super::widgets::device_code;
use crate::app::forms::Kind;
use crate::app::org_wizard::Step;
use crate::app::state::App;

const LABEL: usize = 20;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let Some(w) = &app.wizard else { return };
    let area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let steps = w.steps();
    let step = w.current();
    let header = Line::from(vec![
        Span::styled("Add organization", t.title()),
        Span::styled(
            format!(
                "  step {} of {}: {}",
                w.step.min(steps.len() - 1) + 1,
                steps.len(),
                step.title()
            ),
            t.dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(header), Rect { height: 1, ..area });
    let body = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    if step == Step::DeviceCode {
        if let Some(panel) = &app.code {
            device_code::draw(frame, body, panel, app.now);
        }
        return;
    }
    if step == Step::Review {
        return review(frame, body, app);
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    let mut hint = "";
    let focused_ok = app.palette.is_none() && !app.help_open && app.error.is_none();
    for (i, key) in w.visible(step).iter().enumerate() {
        let f = w.field(key);
        let focused = i == w.focus;
        let label_style = if focused { t.focused_field() } else { t.dim() };
        let value = match f.kind {
            Kind::Toggle => (if f.on { "[x]" } else { "[ ]" }).to_string(),
            Kind::Choice(_) => format!("◂ {} ▸", f.choice_label()),
            Kind::Secret => "•".repeat(f.value().chars().count()),
            Kind::Text | Kind::Path => f.value().to_string(),
        };
        if focused && f.is_text() && focused_ok {
            let x = body.x + 1 + LABEL as u16 + 1 + f.input.visual_cursor() as u16;
            cursor = Some((x, body.y + lines.len() as u16));
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}{:<LABEL$}", if focused { "›" } else { " " }, f.label),
                label_style,
            ),
            Span::raw(" "),
            Span::raw(value),
        ]));
        if let Some(e) = &f.error {
            lines.push(Line::styled(format!("  {:<LABEL$}✗ {e}", ""), t.error()));
        }
        if focused {
            hint = f.help;
        }
    }
    if let Some(warn) = w.warning(step) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("⚠ {warn}"), t.warning()));
    }
    if let Some(e) = &w.server_error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(e.clone(), t.error()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    if !hint.is_empty() && body.height > 2 {
        let y = body.bottom() - 1;
        frame.render_widget(
            Paragraph::new(Line::styled(format!("ⓘ {hint}"), t.dim())),
            Rect {
                y,
                height: 1,
                ..body
            },
        );
    }
    if let Some((x, y)) = cursor
        && x < body.right()
        && y < body.bottom()
    {
        frame.set_cursor_position(Position::new(x, y));
    }
}

fn review(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let Some(w) = &app.wizard else { return };
    let mut lines = vec![Line::styled(
        format!(
            "POST /{}/Organizations with this body, secrets masked:",
            w.version
        ),
        t.dim(),
    )];
    if w.submitting {
        lines.push(Line::styled("Submitting…", t.warning()));
    }
    if let Some(e) = &w.server_error {
        lines.push(Line::styled(e.clone(), t.error()));
    }
    let json = w.review_json();
    let room = (area.height as usize).saturating_sub(lines.len() + 1);
    let total = json.lines().count();
    let first = w.focus.min(total.saturating_sub(room));
    lines.extend(
        json.lines()
            .skip(first)
            .take(room)
            .map(|l| Line::raw(l.to_string())),
    );
    let below = total.saturating_sub(first + room);
    if below > 0 {
        lines.push(Line::styled(format!("↓ {below} more lines"), t.dim()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
