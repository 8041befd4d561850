//! The organization wizard: one step at a time, messages beside the fields; on review the
//! body to be sent (adding) or only what changes (editing).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::onboarding::{Step, Wizard};
use crate::app::pages::add_organization::AddOrganizationPage;
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::FormLines;
use crate::ui::widgets::{device_code, scroll};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    page: &AddOrganizationPage,
    shared: &Shared,
    focused_ok: bool,
) {
    let t = Theme::current();
    let area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let Some(w) = &page.wizard else {
        return reading(frame, area, page);
    };
    let steps = w.steps();
    let step = w.current();
    let title = match w.editing() {
        Some(e) => format!("Edit {}", e.name),
        None => "Add organization".into(),
    };
    let header = Line::from(vec![
        Span::styled(title, t.title()),
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
    super::title_row(frame, area, header);
    let body = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    if step == Step::DeviceCode {
        if let Some(panel) = &page.code {
            device_code::draw(frame, body, panel, shared.now, &shared.clock);
        }
        return;
    }
    if step == Step::Review {
        return review(frame, body, w);
    }
    let mut out = FormLines::new(Vec::new(), body.width);
    for (i, key) in w.visible(step).into_iter().enumerate() {
        out.field(w.field(key), i == w.form.focus, None);
    }
    if let Some(warn) = w.warning(step) {
        out.lines.push(Line::raw(""));
        out.lines.push(Line::styled(format!("⚠ {warn}"), t.warning()));
    }
    if let Some(e) = &w.form.error {
        out.lines.push(Line::raw(""));
        out.lines.push(Line::styled(e.clone(), t.error()));
    }
    out.draw(frame, body, focused_ok);
}

/// An edit before its form: the organization being read, or why it could not be.
fn reading(frame: &mut Frame, area: Rect, page: &AddOrganizationPage) {
    let t = Theme::current();
    if page.edit.is_none() {
        return;
    }
    let lines = match &page.read_error {
        Some(e) => vec![
            Line::styled(e.clone(), t.error()),
            Line::raw(""),
            Line::styled("Enter tries again; Esc goes back.", t.dim()),
        ],
        None => vec![Line::styled("Reading the organization's settings…", t.dim())],
    };
    let (lines, _) = scroll::wrap(lines, 0, area.width);
    frame.render_widget(Paragraph::new(lines), area);
}

fn review(frame: &mut Frame, area: Rect, w: &Wizard) {
    let t = Theme::current();
    let mut lines = vec![Line::styled(w.review_heading(), t.dim())];
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
        .review_lines()
        .into_iter()
        .map(|l| match l.starts_with('⚠') {
            true => Line::styled(l, t.warning()),
            false => Line::raw(l),
        })
        .collect();
    let (json, first) = scroll::wrap(json, w.form.focus, area.width);
    let room = usize::from(area.height).saturating_sub(lines.len());
    lines.extend(scroll::from_top(json, first, room, t.dim()));
    frame.render_widget(Paragraph::new(lines), area);
}
