//! Drawing. Pure: reads the state, never changes it, never waits.

mod layout;
mod pages;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::shared::{FOOTER_ROWS, HEADER_ROWS};
use crate::app::{App, MIN_HEIGHT, MIN_WIDTH};
use theme::Theme;

/// Header, banner, the top page, footer, then the modal stack from the bottom up.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let shared = &app.shared;
    let banner = u16::from(shared.insecure);
    let [header, banner_area, body, footer] = Layout::vertical([
        Constraint::Length(HEADER_ROWS),
        Constraint::Length(banner),
        Constraint::Min(1),
        Constraint::Length(FOOTER_ROWS),
    ])
    .areas(area);
    layout::header(frame, header, shared);
    if shared.insecure {
        let t = Theme::current();
        frame.render_widget(
            Paragraph::new(layout::insecure_banner(area.width)).style(t.danger_banner()),
            banner_area,
        );
    }
    pages::draw(frame, body, app.top(), shared, app.modals.is_empty());
    layout::footer(frame, footer, app);
    for modal in &app.modals {
        layout::modal(frame, body, modal, app);
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Enlarge the terminal (needs {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}). {} quits.",
        area.width,
        area.height,
        crate::app::keymap::key_in(
            crate::app::keymap::Table::TooSmall,
            crate::app::keymap::Intent::Quit
        )
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// Centres a content column of at most `width` in the body.
pub(crate) fn column(area: Rect, width: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    Rect::new(area.x + (area.width - w) / 2, area.y, w, area.height)
}

/// A fingerprint in two halves of 16 bytes, so it never wraps mid-byte.
pub(crate) fn fingerprint_lines(fp: &crate::api::Fingerprint) -> (String, String) {
    let s = fp.to_string();
    (s[..47].to_string(), s[48..].to_string())
}

/// Where `text` stands on one row of a drawn buffer (ASCII text only).
pub fn find_text(buf: &ratatui::buffer::Buffer, text: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let row: String = (area.left()..area.right())
            .map(|x| buf[(x, y)].symbol().chars().next().unwrap_or(' '))
            .collect();
        if let Some(i) = row.find(text) {
            let col = row[..i].chars().count() as u16;
            return Some((area.left() + col, y));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    #[test]
    fn finds_text_in_a_buffer() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 3));
        buf.set_string(4, 2, "https://x/devicelogin", ratatui::style::Style::new());
        assert_eq!(
            super::find_text(&buf, "https://x/devicelogin"),
            Some((4, 2))
        );
        assert_eq!(super::find_text(&buf, "nope"), None);
    }
}
