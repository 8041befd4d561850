//! Centred popups.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::ui::theme::Theme;

/// A rectangle of at most `w`x`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Rows the lines take once wrapped to `width` columns.
fn wrapped_rows(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| l.width().div_ceil(width).max(1) as u16)
        .sum()
}

/// Grows `rect` downwards and upwards, within the frame between header and footer, until
/// the wrapped lines fit: on a narrow terminal a prompt must keep its key line.
fn fit(frame: &Frame, rect: Rect, lines: &[Line]) -> Rect {
    let screen = frame.area();
    let top = screen.y + 1;
    let bottom = screen.bottom().saturating_sub(2).max(top);
    let need = wrapped_rows(lines, rect.width.saturating_sub(2)) + 2;
    if need <= rect.height {
        return rect;
    }
    let height = need.min(bottom - top);
    let y = rect
        .y
        .saturating_sub((height - rect.height.min(height)) / 2)
        .max(top)
        .min(bottom - height);
    Rect { y, height, ..rect }
}

/// A bordered, titled box of wrapped lines, cleared behind. A `Label   value` line wraps
/// under its value (see `scroll::wrap`).
pub fn draw(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'static>>) {
    let t = Theme::current();
    let (lines, _) = super::scroll::wrap(lines, 0, area.width.saturating_sub(2));
    let area = fit(frame, area, &lines);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border())
        .title(Line::styled(format!(" {title} "), t.title()));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn a_prompt_grows_so_its_last_line_shows_on_a_narrow_terminal() {
        let mut terminal = Terminal::new(TestBackend::new(60, 20)).unwrap();
        let lines = vec![
            Line::raw("1 restore session started here is still working."),
            Line::raw("They hold resources on the server until stopped or timed out."),
            Line::raw(""),
            Line::raw("s stop them   l leave them running   Esc cancel"),
        ];
        terminal
            .draw(|f| {
                let body = Rect::new(0, 1, 60, 17);
                draw(f, centered(body, 66, 6), "Working sessions", lines.clone());
            })
            .unwrap();
        let buf = terminal.backend().buffer();
        let text: String = (0..20)
            .map(|y| (0..60).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
            .collect();
        assert!(text.contains("Esc cancel"), "{text}");
    }
}
