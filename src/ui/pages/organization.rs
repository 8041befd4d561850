//! One organization: its settings in labelled sections (or the raw JSON), scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::pages::organization::{DetailLine, OrganizationPage, shows_times};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::scroll;

/// The label column: wide enough for most labels, never more than a third of the width.
fn label_width(lines: &[DetailLine], width: u16) -> usize {
    let longest = lines
        .iter()
        .filter_map(|l| match l {
            DetailLine::Row { label, .. } => Some(label.chars().count()),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    longest.min(usize::from(width) * 2 / 5).max(8)
}

/// A row as lines: the label, then the value wrapped under its own column.
fn row_lines(
    label: &str,
    value: &str,
    label_w: usize,
    width: u16,
    t: &Theme,
) -> Vec<Line<'static>> {
    let value_w = usize::from(width).saturating_sub(label_w + 3).max(8);
    let label = crate::ui::widgets::rows::cut(label, label_w).into_owned();
    let (wrapped, _) = scroll::wrap(vec![Line::raw(value.to_string())], 0, value_w as u16);
    wrapped
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let head = if i == 0 { label.clone() } else { String::new() };
            let mut spans = vec![Span::styled(format!(" {head:<label_w$}  "), t.dim())];
            spans.extend(v.spans);
            Line::from(spans)
        })
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, page: &OrganizationPage, shared: &Shared, _focused: bool) {
    let area = super::inner(area);
    let t = Theme::current();
    let org = &page.org;
    let mut head = vec![Span::styled(org.display_name().to_string(), t.title())];
    if page.raw {
        head.push(Span::styled("  raw JSON (v: sections)", t.dim()));
    } else if shows_times(org) {
        // One zone for the whole page.
        head.push(Span::styled(
            format!("  times in {}", shared.clock.zone()),
            t.dim(),
        ));
    }
    super::title_row(frame, area, Line::from(head));
    let body = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    let details = page.lines(&shared.clock);
    let label_w = label_width(&details, body.width);
    // Each logical line becomes one or more drawn lines; scroll counts logical lines.
    let mut lines = Vec::new();
    let mut first = 0;
    for (i, l) in details.iter().enumerate() {
        if i == page.scroll {
            first = lines.len();
        }
        match l {
            DetailLine::Section(s) => lines.push(Line::styled(s.clone(), t.key())),
            DetailLine::Row { label, value } => {
                lines.extend(row_lines(label, value, label_w, body.width, t))
            }
            DetailLine::Gap => lines.push(Line::raw("")),
            DetailLine::Raw(s) => {
                let (w, _) = scroll::wrap(vec![Line::raw(s.clone())], 0, body.width);
                lines.extend(w);
            }
        }
    }
    let shown = scroll::from_top(lines, first, usize::from(body.height), t.dim());
    frame.render_widget(Paragraph::new(shown), body);
}
