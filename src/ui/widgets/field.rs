//! A labelled one-line text field; secret fields show `•` per character.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;

use crate::ui::theme::Theme;

pub struct Field<'a> {
    pub label: &'a str,
    pub input: &'a Input,
    pub secret: bool,
    pub focused: bool,
    pub placeholder: &'a str,
}

/// Draws `label: value` on one line and places the cursor when focused.
pub fn draw(frame: &mut Frame, area: Rect, f: &Field<'_>, label_width: u16) {
    let t = Theme::current();
    if area.height == 0 || area.width <= label_width + 2 {
        return;
    }
    let width = (area.width - label_width - 2) as usize;
    let scroll = f.input.visual_scroll(width.saturating_sub(1));
    let value: String = if f.secret {
        crate::app::forms::masked(f.input.value())
    } else {
        f.input.value().to_string()
    };
    let visible: String = value.chars().skip(scroll).take(width).collect();
    let value = if visible.is_empty() && !f.placeholder.is_empty() {
        Span::styled(f.placeholder.to_string(), t.dim())
    } else {
        Span::raw(visible)
    };
    let line = line(f.label, label_width as usize, f.focused, vec![value]);
    frame.render_widget(Paragraph::new(line), area);
    if f.focused {
        let cursor = f.input.visual_cursor().saturating_sub(scroll) as u16;
        let x = area.x + label_width + 2 + cursor;
        if x < area.right() {
            frame.set_cursor_position(Position::new(x, area.y));
        }
    }
}

/// One field's line, as every form draws it: the focus marker, the label padded to
/// `label_width`, a space, then the value's spans.
pub fn line<'a>(label: &str, label_width: usize, focused: bool, value: Vec<Span<'a>>) -> Line<'a> {
    let t = Theme::current();
    let mut spans = vec![
        Span::styled(
            format!("{}{label:<label_width$}", if focused { "›" } else { " " }),
            if focused { t.focused_field() } else { t.dim() },
        ),
        Span::raw(" "),
    ];
    spans.extend(value);
    Line::from(spans)
}
