//! The `?` overlay, generated from the keymap of the screen underneath.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::popup;
use crate::app::keymap::{self, Binding};
use crate::ui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, bindings: &[Binding], screen_title: &str) {
    let t = Theme::current();
    let mut lines = vec![
        Line::styled(format!("Keys on {screen_title}"), t.title()),
        Line::raw(""),
    ];
    for b in bindings.iter().chain(keymap::always()) {
        let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:<18}", keys.join(" / ")), t.key()),
            Span::raw(b.hint),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Esc, ? or F1 closes this help.", t.dim()));
    let h = lines.len() as u16 + 2;
    popup::draw(frame, popup::centered(area, 64, h), "Help", lines);
}
