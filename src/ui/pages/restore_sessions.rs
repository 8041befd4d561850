//! Restore sessions: the list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{ended, local};
use crate::app::pages::restore_sessions::{RestoreSessionsPage, SESSION_RANGES};
use crate::app::keymap::{Intent, Table, key_in};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::rows;

/// Names wider than this are cut, so the other columns stay near them on wide terminals.
const NAME_MAX: u16 = 48;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    page: &RestoreSessionsPage,
    shared: &Shared,
    _focused: bool,
) {
    let t = Theme::current();
    let area = super::inner(area);
    let state = ["all", "working", "stopped"][page.state_filter];
    let order = match (shared.version().has_session_ordering(), page.order_by_end) {
        (false, _) => "newest first",
        (true, true) => "newest ended first",
        (true, false) => "newest created first",
    };
    let title = Line::from(vec![
        Span::styled("Restore sessions", t.title()),
        Span::styled(
            format!(
                "  times in {}, {state}, {}, {order}",
                shared.clock.zone(),
                SESSION_RANGES[page.range].0
            ),
            t.dim(),
        ),
    ]);
    let body = super::list_frame(frame, area, title);
    let l = &page.list;
    if super::list_error(frame, body, l.error()) {
        return;
    }
    if l.rows() == 0 || (l.loaded() == 0 && l.in_flight() > 0) {
        let msg = match l.filter_progress() {
            _ if l.in_flight() > 0 => "Loading restore sessions…".to_string(),
            Some(_) => format!(
                "No restore sessions in this state. {} shows the others.",
                key_in(Table::RestoreSessions, Intent::CycleState)
            ),
            None => format!(
                "No restore sessions here. {} starts one.",
                key_in(Table::RestoreSessions, Intent::Add)
            ),
        };
        frame.render_widget(Paragraph::new(Line::styled(msg, t.dim())), body);
        return;
    }
    let fit = body.height.saturating_sub(1) as u64;
    let selected = l.selected();
    let first = super::first_row(l.first_visible(), selected, fit);
    let table_rows = (first..l.rows().min(first + fit)).map(|pos| {
        let style = if pos == selected {
            t.selected()
        } else {
            Style::new()
        };
        let Some(s) = l.row(pos) else {
            let mut cells: [String; 5] = Default::default();
            cells[0] = "loading…".into();
            return (cells, style);
        };
        let cells = [
            s.organization.clone().unwrap_or_default(),
            s.kind.label().to_string(),
            s.state.to_string(),
            local(&shared.clock, s.creation_time)[..16].to_string(),
            ended(&shared.clock, s).chars().take(16).collect::<String>(),
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
