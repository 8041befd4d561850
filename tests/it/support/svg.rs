//! Pictures of the app's screens for the README: a `TestBackend` buffer drawn as SVG with
//! its colours, in a common dark terminal palette. Block glyphs become rectangles, so a QR
//! code in a picture scans.

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const CELL_W: usize = 9;
const CELL_H: usize = 18;
const FONT: usize = 15;
const DEFAULT_FG: &str = "#d0d0d0";
const DEFAULT_BG: &str = "#1c1c1c";

fn hex(c: Color, fallback: &'static str) -> String {
    match c {
        Color::Reset => fallback.into(),
        Color::Black => "#000000".into(),
        Color::Red => "#cd3131".into(),
        Color::Green => "#0dbc79".into(),
        Color::Yellow => "#e5e510".into(),
        Color::Blue => "#2472c8".into(),
        Color::Magenta => "#bc3fbc".into(),
        Color::Cyan => "#11a8cd".into(),
        Color::Gray => "#e5e5e5".into(),
        Color::DarkGray => "#767676".into(),
        Color::LightRed => "#f14c4c".into(),
        Color::LightGreen => "#23d18b".into(),
        Color::LightYellow => "#f5f543".into(),
        Color::LightBlue => "#3b8eea".into(),
        Color::LightMagenta => "#d670d6".into(),
        Color::LightCyan => "#29b8db".into(),
        Color::White => "#ffffff".into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(_) => fallback.into(),
    }
}

/// The colours a cell shows: (text, background), reverse video applied.
fn colours(cell: &ratatui::buffer::Cell) -> (String, String) {
    let fg = hex(cell.fg, DEFAULT_FG);
    let bg = hex(cell.bg, DEFAULT_BG);
    if cell.modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The buffer as a standalone SVG document.
pub fn render(buf: &Buffer, title: &str) -> String {
    let (w, h) = (buf.area.width as usize, buf.area.height as usize);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" \
         viewBox=\"0 0 {} {}\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" \
         font-size=\"{FONT}\">",
        w * CELL_W,
        h * CELL_H,
        w * CELL_W,
        h * CELL_H
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(title));
    let _ = writeln!(
        svg,
        "<rect width=\"100%\" height=\"100%\" fill=\"{DEFAULT_BG}\"/>"
    );
    for y in 0..h {
        backgrounds(&mut svg, buf, y, w);
        texts(&mut svg, buf, y, w);
    }
    svg.push_str("</svg>\n");
    svg
}

/// One rectangle per run of cells with the same background, half blocks split in two.
fn backgrounds(svg: &mut String, buf: &Buffer, y: usize, w: usize) {
    let mut x = 0;
    while x < w {
        let cell = &buf[(x as u16, y as u16)];
        let (fg, bg) = colours(cell);
        let (top, bottom) = match cell.symbol() {
            "▀" => (fg.clone(), bg.clone()),
            "▄" => (bg.clone(), fg.clone()),
            "█" => (fg.clone(), fg.clone()),
            _ => (bg.clone(), bg.clone()),
        };
        let mut end = x + 1;
        while end < w {
            let next = &buf[(end as u16, y as u16)];
            let (nfg, nbg) = colours(next);
            let (nt, nb) = match next.symbol() {
                "▀" => (nfg, nbg),
                "▄" => (nbg, nfg),
                "█" => (nfg.clone(), nfg),
                _ => (nbg.clone(), nbg),
            };
            if nt != top || nb != bottom {
                break;
            }
            end += 1;
        }
        let (px, py, pw) = (x * CELL_W, y * CELL_H, (end - x) * CELL_W);
        let half = CELL_H / 2;
        for (colour, dy, ht) in [(&top, 0, half), (&bottom, half, CELL_H - half)] {
            if colour != DEFAULT_BG {
                let _ = writeln!(
                    svg,
                    "<rect x=\"{px}\" y=\"{}\" width=\"{pw}\" height=\"{ht}\" fill=\"{colour}\"/>",
                    py + dy
                );
            }
        }
        x = end;
    }
}

/// One text element per run of cells with the same text style.
fn texts(svg: &mut String, buf: &Buffer, y: usize, w: usize) {
    let style_of = |x: usize| {
        let cell = &buf[(x as u16, y as u16)];
        let (fg, _) = colours(cell);
        (
            fg,
            cell.modifier.contains(Modifier::BOLD),
            cell.modifier.contains(Modifier::UNDERLINED),
        )
    };
    let drawn = |x: usize| {
        let s = buf[(x as u16, y as u16)].symbol();
        !matches!(s, "▀" | "▄" | "█")
    };
    let mut x = 0;
    while x < w {
        if !drawn(x) {
            x += 1;
            continue;
        }
        let style = style_of(x);
        let mut text = String::new();
        let mut end = x;
        while end < w && drawn(end) && style_of(end) == style {
            text.push_str(buf[(end as u16, y as u16)].symbol());
            end += 1;
        }
        if !text.trim().is_empty() {
            let (fg, bold, underline) = style;
            let mut attrs = format!("fill=\"{fg}\"");
            if bold {
                attrs.push_str(" font-weight=\"bold\"");
            }
            if underline {
                attrs.push_str(" text-decoration=\"underline\"");
            }
            let _ = writeln!(
                svg,
                "<text x=\"{}\" y=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\" \
                 xml:space=\"preserve\" {attrs}>{}</text>",
                x * CELL_W,
                y * CELL_H + CELL_H - 5,
                (end - x) * CELL_W,
                escape(&text)
            );
        }
        x = end;
    }
}
