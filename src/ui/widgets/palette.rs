//! The `:` palette: jump to a screen by name.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::popup;
use crate::app::modals::PaletteState;
use crate::ui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, p: &PaletteState) {
    let t = Theme::current();
    let matches = p.matches();
    let mut lines = vec![Line::from(vec![
        Span::styled(":", t.key()),
        Span::raw(p.input.value().to_string()),
    ])];
    if matches.is_empty() {
        lines.push(Line::styled("  no screen matches", t.dim()));
    }
    for (i, m) in matches.iter().enumerate() {
        let style = if i == p.selected {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(format!("  {m}"), style));
    }
    let rect = popup::centered(area, 40, lines.len() as u16 + 2);
    let rect = Rect {
        y: area.y + 2.min(area.height.saturating_sub(rect.height)),
        ..rect
    };
    popup::draw(frame, rect, "Go to", lines);
    let x = rect.x + 2 + p.input.visual_cursor() as u16;
    if x < rect.right() && rect.height > 1 {
        frame.set_cursor_position(Position::new(x, rect.y + 1));
    }
}
