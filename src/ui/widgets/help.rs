//! The `?` overlay, generated from the keymap of the screen underneath; it scrolls when the
//! keys do not fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{popup, scroll};
use crate::app::keymap::{self, Binding};
use crate::ui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, bindings: &[Binding], screen_title: &str, first: usize) {
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
    lines.push(Line::styled(
        "↓/↑ scroll; Esc, ? or F1 closes this help.",
        t.dim(),
    ));
    let rect = popup::centered(area, 64, area.height);
    // Wrapped here, so that scrolling counts the rows the lines really take.
    let inner = rect.width.saturating_sub(2);
    let (wrapped, top) = scroll::wrap(lines, first, inner);
    let room = usize::from(rect.height.saturating_sub(2));
    let shown = if wrapped.len() > room {
        scroll::from_top(wrapped, top, room, t.dim())
    } else {
        wrapped
    };
    let h = shown.len() as u16 + 2;
    popup::draw(frame, popup::centered(area, 64, h), "Help", shown);
}
