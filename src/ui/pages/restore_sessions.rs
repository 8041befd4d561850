//! Restore sessions: the list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{ended, local};
use crate::app::pages::restore_sessions::{RestoreSessionsPage, SESSION_RANGES};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::rows;

/// Names wider than this are cut, so the other columns stay near them on wide terminals.
const NAME_MAX: u16 = 48;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    l: &RestoreSessionsPage,
    _shared: &Shared,
    _focused: bool,
) {
    let t = Theme::current();
    let area = super::inner(area);
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
