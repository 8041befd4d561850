//! The add-organization wizard: one step at a time, messages beside the fields, the body to
//! be sent on review.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::forms::Kind;
use crate::app::onboarding::{Step, Wizard};
use crate::app::pages::add_organization::AddOrganizationPage;
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::{device_code, scroll};

const LABEL: usize = 20;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    page: &AddOrganizationPage,
    shared: &Shared,
    focused_ok: bool,
) {
    let t = Theme::current();
    let Some(w) = &page.wizard else { return };
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
        if let Some(panel) = &page.code {
            device_code::draw(frame, body, panel, shared.now);
        }
        return;
    }
    if step == Step::Review {
        return review(frame, body, w);
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    let mut hint = "";
    let mut focus_line = 0;
    for (i, key) in w.visible(step).into_iter().enumerate() {
        let f = w.field(key);
        let focused = i == w.form.focus;
        let label_style = if focused { t.focused_field() } else { t.dim() };
        let value = match f.kind {
            Kind::Toggle => (if f.on { "[x]" } else { "[ ]" }).to_string(),
            Kind::Choice(_) => format!("◂ {} ▸", f.choice_label()),
            Kind::Secret => "•".repeat(f.value().chars().count()),
            Kind::Text | Kind::Path => f.value().to_string(),
        };
        if focused {
            focus_line = lines.len();
        }
        if focused && f.is_text() && focused_ok {
            cursor = Some(body.x + 1 + LABEL as u16 + 1 + f.input.visual_cursor() as u16);
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
    if let Some(e) = &w.form.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(e.clone(), t.error()));
    }
    // The focused field stays on screen, above the hint line.
    let room = body.height.saturating_sub(1) as usize;
    let (lines, focus_line) = scroll::wrap(lines, focus_line, body.width);
    let (lines, row) = scroll::fit(lines, focus_line, room, t.dim());
    frame.render_widget(Paragraph::new(lines), body);
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
    if let Some(x) = cursor
        && let y = body.y + row as u16
        && x < body.right()
        && y < body.bottom()
    {
        frame.set_cursor_position(Position::new(x, y));
    }
}

fn review(frame: &mut Frame, area: Rect, w: &Wizard) {
    let t = Theme::current();
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
    if let Some(e) = &w.form.error {
        lines.push(Line::styled(e.clone(), t.error()));
    }
    // Long values (a Base64 certificate, a description) wrap under their own indentation:
    // the body is shown as it will be sent, never cut.
    let (mut lines, _) = scroll::wrap(lines, 0, area.width);
    let json: Vec<Line> = w
        .review_json()
        .lines()
        .map(|l| Line::raw(l.to_string()))
        .collect();
    let (json, first) = scroll::wrap(json, w.form.focus, area.width);
    let room = usize::from(area.height).saturating_sub(lines.len());
    lines.extend(scroll::from_top(json, first, room, t.dim()));
    frame.render_widget(Paragraph::new(lines), area);
}
