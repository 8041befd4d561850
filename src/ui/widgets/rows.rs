//! One-line rows of columns written straight into the buffer. The list screens redraw their
//! visible window on every key; ratatui's `Table` lays each cell out as wrapped text, which cost
//! more than the rest of the frame together (profiled with `perf` on the draw benchmarks).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Draws a header row and then as many rows as fit below it; columns are one cell apart.
///
/// Widths: `Max(n)` marks the identifying column (a name): it gets its room first, as wide as
/// its longest visible cell up to `n`; `Length(n)` columns follow left to right, the first one
/// that does not fit shrinks and the rest hide; `Min(n)` takes what is left. A cut value ends in
/// `…`; an address (`://`) keeps its path, or without one is cut in the middle.
pub fn table<const N: usize, S: AsRef<str>>(
    frame: &mut Frame,
    area: Rect,
    widths: [Constraint; N],
    header: ([&str; N], Style),
    rows: impl IntoIterator<Item = ([S; N], Style)>,
) {
    ranked_table(
        frame,
        area,
        widths,
        std::array::from_fn(|i| i),
        header,
        rows,
    );
}

/// [`table`] whose columns get their room in the order of `rank` (column indexes, most
/// wanted first) rather than left to right: the last ranked hide first, wherever they are.
pub fn ranked_table<const N: usize, S: AsRef<str>>(
    frame: &mut Frame,
    area: Rect,
    widths: [Constraint; N],
    rank: [usize; N],
    header: ([&str; N], Style),
    rows: impl IntoIterator<Item = ([S; N], Style)>,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let rows: Vec<([S; N], Style)> = rows
        .into_iter()
        .take(usize::from(area.height.saturating_sub(1)))
        .collect();
    let longest = |i: usize| {
        rows.iter()
            .map(|(cells, _)| cells[i].as_ref().chars().count())
            .chain([header.0[i].chars().count()])
            .max()
            .unwrap_or(0) as u16
    };
    let wants: Vec<Constraint> = widths.to_vec();
    let cols = fit(area, &wants, &rank, longest);
    row(frame, area, &cols, area.y, &header.0, header.1);
    for (y, (cells, style)) in (area.y + 1..area.bottom()).zip(&rows) {
        row(frame, area, &cols, y, cells, *style);
    }
}

/// Column rectangles (width 0: hidden) for `widths` in `area`, see [`table`].
fn fit(
    area: Rect,
    widths: &[Constraint],
    rank: &[usize],
    longest: impl Fn(usize) -> u16,
) -> Vec<Rect> {
    let total = area.width;
    let mut w = vec![0u16; widths.len()];
    let mut used = 0u16;
    let mut shown = 0u16;
    let place = |w: &mut u16, want: u16, shrink_to: u16, used: &mut u16, shown: &mut u16| {
        let gap = u16::from(*shown > 0);
        let room = total.saturating_sub(*used + gap);
        let width = if want <= room {
            want
        } else if room >= shrink_to {
            room
        } else {
            return false;
        };
        *w = width;
        *used += width + gap;
        *shown += 1;
        true
    };
    // The identifying column first, as wide as its content.
    for (i, c) in widths.iter().enumerate() {
        if let Constraint::Max(n) = c {
            let want = longest(i).min(*n).max(1);
            place(&mut w[i], want, 1, &mut used, &mut shown);
        }
    }
    // Then the others by rank; the first that does not fit shrinks, the rest hide.
    let mut full = false;
    for &i in rank {
        let want = match widths[i] {
            Constraint::Max(_) => continue,
            Constraint::Length(n) | Constraint::Min(n) => n,
            _ => 0,
        };
        if full || !place(&mut w[i], want, want.min(5), &mut used, &mut shown) {
            full = true;
            continue;
        }
        full = w[i] < want;
    }
    // A `Min` column takes what is left.
    if let Some(i) = widths.iter().position(|c| matches!(c, Constraint::Min(_)))
        && w[i] > 0
    {
        w[i] += total.saturating_sub(used);
    }
    let mut x = area.x;
    w.iter()
        .map(|&width| {
            let r = Rect::new(x, area.y, width, 1);
            if width > 0 {
                x += width + 1;
            }
            r
        })
        .collect()
}

/// `text` in `width` cells: cut with `…` at the end, or in the middle for an address.
pub fn cut(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    let n = text.chars().count();
    if n <= width {
        return text.into();
    }
    if width <= 1 {
        return "…".chars().take(width).collect::<String>().into();
    }
    // Every address of a list shares its scheme and host: what names the site or OneDrive
    // is the path ("…/personal/adele_vance…"), so that is what a cut keeps.
    if let Some((_, rest)) = text.split_once("://")
        && let Some(slash) = rest.find('/').filter(|i| rest.len() > i + 1)
        && width >= 8
    {
        let path = &rest[slash..];
        let host = &rest[..slash];
        if host.chars().count() + path.chars().count() <= width {
            return rest.into();
        }
        // The host's first label tells apart hosts (teams…, tasks…, contoso-my…) when the
        // path still gets a dozen cells.
        let label = host.split('.').next().unwrap_or(host);
        let lead = match label.chars().count() + 1 + 12 <= width {
            true => format!("{label}…"),
            false => "…".into(),
        };
        let room = width - lead.chars().count();
        return match path.chars().count() <= room {
            true => format!("{lead}{path}").into(),
            false => format!("{lead}{}…", path.chars().take(room - 1).collect::<String>()).into(),
        };
    }
    if text.contains("://") && width >= 8 {
        let tail = (width - 1) / 2;
        let head = width - 1 - tail;
        let start: String = text.chars().take(head).collect();
        let end: String = text.chars().skip(n - tail).collect();
        return format!("{start}…{end}").into();
    }
    // A number is never cut in two ("2026-12-03…", not "2026-12-03 1…"): a word with a digit
    // goes whole when that keeps most of the room; other words are cut ("Henrietta V…").
    let chars: Vec<char> = text.chars().collect();
    let kept = &chars[..width];
    let end = match kept.iter().rposition(|c| *c == ' ') {
        Some(space) if space * 5 >= (width - 1) * 3 => {
            let word = chars[space + 1..].iter().take_while(|c| **c != ' ');
            if word.clone().any(|c| c.is_ascii_digit()) {
                space
            } else {
                width - 1
            }
        }
        _ => width - 1,
    };
    let mut out: String = kept[..end]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string();
    out.push('…');
    out.into()
}

/// A title line in `width` cells: when it does not fit, it is cut at the last space that
/// leaves room for `…`, so no word or number is cut in two ("990 of…", not "990 of 99").
/// Only a first word longer than the room is cut inside.
pub fn fit_title(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let text: Vec<char> = line.spans.iter().flat_map(|s| s.content.chars()).collect();
    // Characters that fit in the room left for `…` (a wide one takes two cells).
    let room = width.saturating_sub(1);
    let mut cells = 0;
    let fits = text
        .iter()
        .take_while(|c| {
            cells += Span::raw(c.to_string()).width();
            cells <= room
        })
        .count();
    let at_space = (1..=fits.min(text.len() - 1)).rev().find(|&p| {
        let ends_word =
            text[p] == ' ' || (matches!(text[p], ',' | ';' | ':') && text.get(p + 1) == Some(&' '));
        ends_word && text[p - 1] != ' '
    });
    let keep = match at_space {
        Some(p) => {
            // Drop what a cut word leaves hanging: "in," "of:" read better as "in…".
            let mut p = p;
            while p > 0 && matches!(text[p - 1], ',' | ':' | ';' | '·' | '›' | ' ') {
                p -= 1;
            }
            p
        }
        None => fits,
    };
    let mut left = keep;
    let mut spans = Vec::new();
    for span in line.spans {
        if left == 0 {
            break;
        }
        let n = span.content.chars().count();
        if n <= left {
            left -= n;
            spans.push(span);
        } else {
            let part: String = span.content.chars().take(left).collect();
            spans.push(Span::styled(part, span.style));
            left = 0;
        }
    }
    let style = spans.last().map(|s| s.style).unwrap_or_default();
    spans.push(Span::styled("…", style));
    Line::from(spans).style(line.style)
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
    for (col, text) in cols.iter().zip(cells).filter(|(c, _)| c.width > 0) {
        let text = cut(text.as_ref(), usize::from(col.width));
        buf.set_stringn(col.x, y, &text, col.width as usize, Style::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn ranked_columns_hide_the_least_wanted_wherever_it_is() {
        let widths = [
            Constraint::Max(40),
            Constraint::Length(9),
            Constraint::Length(12),
            Constraint::Length(10),
        ];
        let area = Rect::new(0, 0, 50, 5);
        let longest = |i: usize| [36, 9, 12, 10][i];
        let shown = |cols: Vec<Rect>| cols.iter().map(|c| c.width).collect::<Vec<_>>();
        // Left to right, the last column (a date) is what goes.
        assert_eq!(
            shown(fit(area, &widths, &[0, 1, 2, 3], longest)),
            [36, 9, 0, 0]
        );
        // Ranked, the date stays and the second column goes.
        assert_eq!(
            shown(fit(area, &widths, &[0, 3, 1, 2], longest)),
            [36, 0, 0, 10]
        );
    }

    #[test]
    fn a_title_is_cut_between_words_never_inside_a_number_or_word() {
        let fit = |text: &str, w: usize| fit_title(Line::from(text.to_string()), w).to_string();
        assert_eq!(fit("Inbox  990 of 999 loaded", 19), "Inbox  990 of 999…");
        assert_eq!(fit("Inbox  990 of 999 loaded", 17), "Inbox  990 of…");
        assert_eq!(
            fit("1,000 loaded, more on the server", 30),
            "1,000 loaded, more on the…"
        );
        assert_eq!(
            fit("step 2 of 4: Microsoft 365 authentication", 40),
            "step 2 of 4: Microsoft 365…"
        );
        assert_eq!(
            fit("Organizations  3 organizations, times in UTC", 31),
            "Organizations  3 organizations…"
        );
        assert_eq!(fit("Supercalifragilistic", 8), "Superca…");
        assert_eq!(fit("fits", 4), "fits");
        assert_eq!(fit("日本語の メール", 7), "日本語…");
        for w in 0..50 {
            let cut = fit_title(
                Line::from("Inbox  990 of 999 loaded, more on the server"),
                w,
            );
            assert!(cut.width() <= w.max(1), "{w}: {cut}");
        }
    }

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
        assert_eq!(lines, ["Name    Kind", "a long… abc…", "b       x   "]);
    }

    fn render3(w: u16, rows: Vec<[&str; 3]>) -> String {
        let mut term = Terminal::new(TestBackend::new(w, 2)).unwrap();
        term.draw(|f| {
            table(
                f,
                f.area(),
                [
                    Constraint::Length(4),
                    Constraint::Max(30),
                    Constraint::Length(10),
                ],
                (["Kind", "Name", "When"], Style::new()),
                rows.into_iter().map(|r| (r, Style::new())),
            )
        })
        .unwrap();
        let buf = term.backend().buffer().clone();
        (0..w).map(|x| buf[(x, 1)].symbol().to_string()).collect()
    }

    #[test]
    fn the_name_gets_its_room_first_and_later_columns_shrink_then_hide() {
        let row = ["mail", "contoso.onmicrosoft.com", "2026-11-21"];
        assert_eq!(
            render3(60, vec![row]).trim_end(),
            "mail contoso.onmicrosoft.com 2026-11-21"
        );
        // 30 cells: the name keeps its 23, the kind its 4, the date shrinks away.
        assert_eq!(
            render3(30, vec![row]).trim_end(),
            "mail contoso.onmicrosoft.com"
        );
        assert_eq!(
            render3(34, vec![row]).trim_end(),
            "mail contoso.onmicrosoft.com 2026…"
        );
    }

    #[test]
    fn addresses_keep_the_path_that_tells_them_apart() {
        let site = "https://contoso.sharepoint.com/sites/finance";
        assert_eq!(cut(site, 40), "contoso.sharepoint.com/sites/finance");
        assert_eq!(cut(site, 22), "contoso…/sites/finance");
        assert_eq!(cut(site, 16), "…/sites/finance");
        let onedrive =
            "https://contoso-my.sharepoint.com/personal/adele_vance_contoso_onmicrosoft_com";
        assert_eq!(cut(onedrive, 30), "contoso-my…/personal/adele_va…");
        assert_eq!(cut(onedrive, 20), "…/personal/adele_va…");
        for w in 8..90 {
            assert!(cut(onedrive, w).chars().count() <= w, "{w}");
        }
        let host = "https://backup-server-01.corp.example.com:4443";
        let cut = cut(host, 20);
        assert_eq!(cut.chars().count(), 20);
        assert!(
            cut.starts_with("https://b") && cut.ends_with(":4443"),
            "{cut}"
        );
        assert_eq!(super::cut("abcdef", 4), "abc…");
        assert_eq!(super::cut("2026-12-03 14:15", 13), "2026-12-03…");
        assert_eq!(
            super::cut("Re: Contract renewal for Northwind", 30),
            "Re: Contract renewal for Nort…"
        );
        assert_eq!(super::cut("18.6 KB v1.0", 10), "18.6 KB…");
        assert_eq!(super::cut("Re: Supercalifragilistic", 12), "Re: Superca…");
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
