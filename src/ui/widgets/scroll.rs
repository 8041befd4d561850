//! Keeps one line of a tall body on screen: the lines around it, with "↑ n more" and
//! "↓ n more" markers where lines are cut off.

use ratatui::style::Style;
use ratatui::text::Line;

/// The lines to draw in `room` rows so that line `keep` is among them, and the row `keep`
/// lands on.
pub fn fit<'a>(
    mut lines: Vec<Line<'a>>,
    keep: usize,
    room: usize,
    dim: Style,
) -> (Vec<Line<'a>>, usize) {
    if lines.len() <= room || room < 3 {
        return (lines, keep);
    }
    // Room for the focused line and a marker on each side.
    let inner = room - 2;
    let first = keep
        .saturating_sub(inner.saturating_sub(1))
        .min(lines.len() - inner);
    let above = first;
    let mut out: Vec<Line<'a>> = Vec::with_capacity(room);
    let shown_first = if above > 0 {
        out.push(Line::styled(format!("↑ {}", more(above)), dim));
        first
    } else {
        0
    };
    let take = if above > 0 { inner } else { inner + 1 };
    let below = lines.len().saturating_sub(shown_first + take);
    let row = keep - shown_first + usize::from(above > 0);
    out.extend(lines.drain(shown_first..shown_first + take.min(lines.len() - shown_first)));
    if below > 0 {
        out.push(Line::styled(format!("↓ {}", more(below)), dim));
    }
    (out, row)
}

fn more(n: usize) -> String {
    if n == 1 {
        "1 more line".into()
    } else {
        format!("{n} more lines")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize) -> Vec<Line<'static>> {
        (0..n).map(|i| Line::raw(format!("line {i}"))).collect()
    }

    #[test]
    fn the_kept_line_is_always_shown() {
        for n in [1, 5, 10, 40] {
            for room in [3, 4, 8, 12] {
                for keep in 0..n {
                    let (out, row) = fit(lines(n), keep, room, Style::new());
                    assert!(out.len() <= room, "{n} {room}");
                    assert_eq!(
                        out[row].to_string(),
                        format!("line {keep}"),
                        "{n} {room} {keep}"
                    );
                }
            }
        }
    }

    #[test]
    fn markers_say_how_much_is_cut() {
        let (out, _) = fit(lines(10), 9, 5, Style::new());
        assert_eq!(out[0].to_string(), "↑ 7 more lines");
        assert_eq!(out.len(), 4);
        let (out, _) = fit(lines(10), 0, 5, Style::new());
        assert_eq!(out.last().unwrap().to_string(), "↓ 6 more lines");
    }
}
