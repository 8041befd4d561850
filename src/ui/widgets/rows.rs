//! One-line rows of columns written straight into the buffer. The list screens redraw their
//! visible window on every key; ratatui's `Table` lays each cell out as wrapped text, which cost
//! more than the rest of the frame together (profiled with `perf` on the draw benchmarks).

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;

/// Draws a header row and then as many rows as fit below it; columns are one cell apart.
pub fn table<const N: usize, S: AsRef<str>>(
    frame: &mut Frame,
    area: Rect,
    widths: [Constraint; N],
    header: ([&str; N], Style),
    rows: impl IntoIterator<Item = ([S; N], Style)>,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let cols = Layout::horizontal(widths)
        .spacing(1)
        .flex(Flex::Start)
        .split(Rect { height: 1, ..area });
    row(frame, area, &cols, area.y, &header.0, header.1);
    let last = area.y.saturating_add(area.height);
    for (y, (cells, style)) in (area.y + 1..last).zip(rows) {
        row(frame, area, &cols, y, &cells, style);
    }
}

fn row<S: AsRef<str>>(
    frame: &mut Frame,
    area: Rect,
    cols: &[Rect],
    y: u16,
    cells: &[S],
    style: Style,
) {
    let buf = frame.buffer_mut();
    buf.set_style(
        Rect {
            y,
            height: 1,
            ..area
        },
        style,
    );
    for (col, text) in cols.iter().zip(cells) {
        buf.set_stringn(col.x, y, text.as_ref(), col.width as usize, Style::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn render(w: u16, h: u16, rows: Vec<[&str; 2]>) -> Vec<String> {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| {
            let area = f.area();
            table(
                f,
                area,
                [Constraint::Min(3), Constraint::Length(4)],
                (["Name", "Kind"], Style::new()),
                rows.into_iter().map(|r| (r, Style::new())),
            )
        })
        .unwrap();
        let buf = term.backend().buffer().clone();
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect()
    }

    #[test]
    fn columns_are_cut_to_width_and_rows_to_height() {
        let lines = render(
            12,
            3,
            vec![["a long name", "abcdef"], ["b", "x"], ["hidden", "y"]],
        );
        assert_eq!(lines, ["Name    Kind", "a long  abcd", "b       x   "]);
    }

    #[test]
    fn tiny_areas_draw_without_panicking() {
        for (w, h) in [(1, 1), (2, 1), (1, 2), (0, 0)] {
            if w > 0 && h > 0 {
                render(w, h, vec![["x", "y"]]);
            }
        }
    }
}
