//! Drawing a form of `app::forms` fields: one line a field (label, value, error below), the
//! focused field kept on screen above a hint line, the cursor in the focused text field.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::forms::Field;
use crate::ui::theme::Theme;
use crate::ui::widgets::{field, scroll};

/// The label's columns, and where the value starts: marker, label, then a space.
const LABEL_WIDTH: usize = 20;
const VALUE_COLUMN: u16 = LABEL_WIDTH as u16 + 2;

/// The lines of a form as they are being built, and where its focus is.
#[derive(Default)]
pub struct FormLines<'a> {
    pub lines: Vec<Line<'a>>,
    pub focus_line: usize,
    /// Column of the cursor inside the body, when a text field has focus.
    pub cursor: Option<u16>,
    pub hint: &'a str,
    /// The body's width: a text value longer than its line scrolls inside it.
    width: u16,
}

impl<'a> FormLines<'a> {
    /// The form's lines, `lines` first, in a body `width` columns wide.
    pub fn new(lines: Vec<Line<'a>>, width: u16) -> Self {
        FormLines {
            lines,
            width,
            ..Default::default()
        }
    }

    /// One field; `extra` follows its value on the same line (a note such as the zone).
    pub fn field<K>(&mut self, f: &'a Field<K>, on: bool, extra: Option<Span<'a>>) {
        self.line(f, on, f.shown(), extra);
    }

    /// A field whose value the page words itself.
    pub fn field_with<K>(&mut self, f: &'a Field<K>, on: bool, value: String) {
        self.line(f, on, value, None);
    }

    fn line<K>(&mut self, f: &'a Field<K>, on: bool, value: String, extra: Option<Span<'a>>) {
        let t = Theme::current();
        // A text value stays on its line: the part around the cursor shows, the rest is
        // marked `…` (a pasted 5,000 characters never pushes the form off screen).
        let room = usize::from(self.width.saturating_sub(VALUE_COLUMN + 1)).max(1);
        let (value, scroll) = if f.is_text() && value.chars().count() > room {
            let scroll = if on {
                f.input.visual_scroll(room - 1)
            } else {
                0
            };
            let mut shown: String = value.chars().skip(scroll).take(room - 1).collect();
            if value.chars().count() > scroll + room - 1 {
                shown.push('…');
            }
            (shown, scroll)
        } else {
            (value, 0)
        };
        if on {
            self.hint = f.help;
            self.focus_line = self.lines.len();
            if f.is_text() {
                let cursor = f.input.visual_cursor().saturating_sub(scroll);
                self.cursor = Some(VALUE_COLUMN + cursor as u16);
            }
        }
        let mut value = vec![Span::raw(value)];
        value.extend(extra);
        self.lines
            .push(field::line(f.label, LABEL_WIDTH, on, value));
        if let Some(e) = &f.error {
            self.lines.push(Line::styled(
                format!("  {:<LABEL_WIDTH$}✗ {e}", ""),
                t.error(),
            ));
        }
    }

    /// Draws the lines, wrapped, scrolled so the focused field shows, with the hint at the
    /// bottom and the cursor in place when `focused`.
    pub fn draw(self, frame: &mut Frame, area: Rect, focused: bool) {
        let t = Theme::current();
        let room = area.height.saturating_sub(1) as usize;
        let (lines, focus_line) = scroll::wrap(self.lines, self.focus_line, area.width);
        let (lines, row) = scroll::fit(lines, focus_line, room, t.dim());
        frame.render_widget(Paragraph::new(lines), area);
        if !self.hint.is_empty() && area.height > 2 {
            frame.render_widget(
                Paragraph::new(Line::styled(format!("ⓘ {}", self.hint), t.dim())),
                Rect {
                    y: area.bottom() - 1,
                    height: 1,
                    ..area
                },
            );
        }
        if let Some(x) = self.cursor.map(|c| area.x + c)
            && let y = area.y + row as u16
            && x < area.right()
            && y < area.bottom()
            && focused
        {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::forms::Kind;

    /// 5,000 pasted characters: one line, the cursor's part shown, the rest marked `…`.
    #[test]
    fn a_long_value_stays_on_its_line() {
        let long = "x".repeat(5000);
        let field: Field<u8> =
            Field::new(1u8, "Address", Kind::Text, "the address").with_text(&long);
        let mut out = FormLines::new(Vec::new(), 80);
        out.field(&field, true, None);
        assert_eq!(out.lines.len(), 1);
        let shown = out.lines[0].to_string();
        assert!(shown.chars().count() <= 80, "{}", shown.chars().count());
        assert!(out.cursor.is_some_and(|c| c < 80));
        let other: Field<u8> = Field::new(2u8, "Other", Kind::Text, "").with_text(&long);
        out.field(&other, false, None);
        assert!(out.lines[1].to_string().ends_with('…'));
    }
}
