//! Keeps one line of a tall body on screen: the lines around it, with "↑ n more" and
//! "↓ n more" markers where lines are cut off.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Wraps lines wider than `width` as [`crate::text::rows`] breaks them. Returns the lines
/// and where line `keep` starts among them.
pub fn wrap(lines: Vec<Line<'_>>, keep: usize, width: u16) -> (Vec<Line<'static>>, usize) {
    let width = usize::from(width.max(1));
    let mut out = Vec::with_capacity(lines.len());
    let mut kept = 0;
    for (i, line) in lines.into_iter().enumerate() {
        if i == keep {
            kept = out.len();
        }
        let cells: Vec<(char, Style)> = line
            .spans
            .iter()
            .flat_map(|s| {
                let style = line.style.patch(s.style);
                s.content.chars().map(move |c| (c, style))
            })
            .collect();
        let chars: Vec<char> = cells.iter().map(|(c, _)| *c).collect();
        for (from, to, pad) in crate::text::rows(&chars, width) {
            out.push(rebuild(&cells[from..to], pad));
        }
    }
    (out, kept)
}

/// A label and its value in `width` columns, the value wrapped under its own column (the
/// label padded to `column`), not under the label.
pub fn labelled(
    label: &str,
    value: String,
    width: u16,
    column: u16,
    style: Style,
) -> Vec<Line<'static>> {
    let (wrapped, _) = wrap(vec![Line::raw(value)], 0, width.saturating_sub(column));
    wrapped
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let head = if i == 0 { label } else { "" };
            let mut spans = vec![Span::styled(
                format!("{head:<w$}", w = column as usize),
                style,
            )];
            spans.extend(line.spans);
            Line::from(spans)
        })
        .collect()
}

/// A line from styled cells, after `pad` spaces.
fn rebuild(cells: &[(char, Style)], pad: usize) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    if pad > 0 {
        spans.push(Span::raw(" ".repeat(pad)));
    }
    let mut text = String::new();
    let mut style = cells.first().map(|c| c.1).unwrap_or_default();
    for &(c, s) in cells {
        if s != style && !text.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut text), style));
        }
        style = s;
        text.push(c);
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

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

/// The lines from `first` on in `room` rows, as a pager shows them: "↑ n more lines" in the
/// first row when lines are above, "↓ n more lines" in the last when lines are below. It never
/// scrolls further than showing the last line in the last row.
pub fn from_top<'a>(
    mut lines: Vec<Line<'a>>,
    first: usize,
    room: usize,
    dim: Style,
) -> Vec<Line<'a>> {
    let first = if lines.len() <= room {
        0
    } else {
        // With the marker in the first row, `room - 1` lines fit below it.
        first.min(lines.len() - (room - 1).max(1))
    };
    if room < 3 {
        return lines.drain(first..).take(room).collect();
    }
    let mut out = Vec::with_capacity(room);
    let start = first;
    if first > 0 {
        out.push(Line::styled(format!("↑ {}", more(first)), dim));
    }
    let rest = lines.len().saturating_sub(start);
    let take = if rest > room - out.len() {
        room - out.len() - 1
    } else {
        rest
    };
    let below = rest - take;
    out.extend(lines.drain(start.min(lines.len())..).take(take));
    if below > 0 {
        out.push(Line::styled(format!("↓ {}", more(below)), dim));
    }
    out
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

    #[test]
    fn a_long_choice_continues_under_its_value() {
        let line = Line::raw(format!(
            "›{:<20} ◂ “Quarterly budget review” from Adele Vance › Inbox ▸",
            "What"
        ));
        let (lines, _) = wrap(vec![line], 0, 60);
        assert_eq!(lines.len(), 2);
        let second = lines[1].to_string();
        assert!(
            second.starts_with(&" ".repeat(24)) && !second.starts_with(&" ".repeat(25)),
            "{second:?}"
        );
    }

    #[test]
    fn a_long_value_continues_under_its_value_not_its_label() {
        let cc = "Adele Vance <adele.vance@contoso.com>; Alex Wilber <alex.wilber@contoso.com>";
        let (lines, _) = wrap(vec![Line::raw(format!("  Cc         {cc}"))], 0, 52);
        let texts: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            texts[0],
            "  Cc         Adele Vance <adele.vance@contoso.com>;"
        );
        assert_eq!(
            texts[1],
            "             Alex Wilber <alex.wilber@contoso.com>"
        );
        // A sentence without a label gap goes on under its first character.
        let (lines, _) = wrap(vec![Line::raw("  one two three four five six")], 0, 12);
        assert_eq!(lines[1].to_string(), "  three four");
    }

    fn lines(n: usize) -> Vec<Line<'static>> {
        (0..n).map(|i| Line::raw(format!("line {i}"))).collect()
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_pager_marks_what_is_above_and_below() {
        let dim = Style::default();
        assert_eq!(
            texts(&from_top(lines(3), 0, 5, dim)),
            ["line 0", "line 1", "line 2"]
        );
        assert_eq!(
            texts(&from_top(lines(10), 0, 4, dim)),
            ["line 0", "line 1", "line 2", "↓ 7 more lines"]
        );
        assert_eq!(
            texts(&from_top(lines(10), 4, 4, dim)),
            ["↑ 4 more lines", "line 4", "line 5", "↓ 4 more lines"]
        );
        // Never past the last line at the bottom.
        assert_eq!(
            texts(&from_top(lines(10), 9, 4, dim)),
            ["↑ 7 more lines", "line 7", "line 8", "line 9"]
        );
        assert_eq!(
            texts(&from_top(lines(3), 2, 5, dim)),
            ["line 0", "line 1", "line 2"]
        );
        assert_eq!(texts(&from_top(lines(10), 8, 2, dim)), ["line 8", "line 9"]);
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
    fn a_labelled_value_wraps_under_its_own_column() {
        let lines = labelled(
            "With",
            "the restore operator's sign-in; reason: INC-4471 lost invoices".into(),
            40,
            6,
            Style::default(),
        );
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            text,
            [
                "With  the restore operator's sign-in;",
                "      reason: INC-4471 lost invoices"
            ]
        );
    }

    #[test]
    fn long_lines_wrap_under_the_value_column() {
        let lines = vec![
            Line::raw("one"),
            Line::raw(
                "  Organization         ✗ Enter the organization, e.g. contoso.onmicrosoft.com.",
            ),
            Line::raw("two"),
        ];
        let (out, kept) = wrap(lines, 2, 50);
        let text: Vec<String> = out.iter().map(|l| l.to_string()).collect();
        assert_eq!(kept, text.len() - 1, "{text:?}");
        assert!(text.iter().all(|l| l.chars().count() <= 50), "{text:?}");
        assert!(text[2].starts_with(&" ".repeat(20)), "{text:?}");
        assert!(text.join(" ").contains("contoso.onmicrosoft.com."));
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
