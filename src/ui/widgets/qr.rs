//! QR codes drawn with half blocks: two modules per cell, with a quiet zone. In colour,
//! explicit black on white whatever the theme (phones need dark on light). Under `NO_COLOR`
//! no colour is sent: the glyphs take the terminal's own text colour, so they draw the light
//! modules on a dark terminal (the default) and the dark ones on a light terminal (`i`).

use qrcode::{EcLevel, QrCode};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

/// Quiet zone around the symbol, in modules (the minimum phones read reliably).
pub const QUIET: usize = 2;

/// The modules of a symbol including its quiet zone; `true` is dark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modules {
    pub size: usize,
    dark: Vec<bool>,
}

impl Modules {
    pub fn encode(text: &str) -> Option<Modules> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
        let w = code.width();
        let size = w + 2 * QUIET;
        let mut dark = vec![false; size * size];
        for (i, c) in code.to_colors().into_iter().enumerate() {
            let (x, y) = (i % w + QUIET, i / w + QUIET);
            dark[y * size + x] = c == qrcode::Color::Dark;
        }
        Some(Modules { size, dark })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// Terminal cells needed: one column per module, one row per two modules.
    pub fn cells(&self) -> (u16, u16) {
        (self.size as u16, self.size.div_ceil(2) as u16)
    }

    /// Draws the whole symbol at the top-left of `area`; nothing if it does not fit whole.
    /// `colour` false: glyphs only (see the module comment).
    pub fn render(&self, area: Rect, buf: &mut Buffer, inverted: bool, colour: bool) -> bool {
        let (w, h) = self.cells();
        if area.width < w || area.height < h {
            return false;
        }
        if !colour {
            self.render_glyphs(area, buf, inverted);
            return true;
        }
        let (dark, light) = if inverted {
            (Color::White, Color::Black)
        } else {
            (Color::Black, Color::White)
        };
        let color = |d: bool| if d { dark } else { light };
        for row in 0..h as usize {
            for x in 0..self.size {
                let top = self.is_dark(x, row * 2);
                let bottom = self.is_dark(x, row * 2 + 1);
                if let Some(cell) = buf.cell_mut((area.x + x as u16, area.y + row as u16)) {
                    cell.set_symbol("▀");
                    cell.set_style(Style::new().fg(color(top)).bg(color(bottom)));
                }
            }
        }
        true
    }

    /// Text-coloured glyphs for the light modules (dark terminal) or the dark ones (`inverted`,
    /// light terminal); the terminal's background shows the others.
    fn render_glyphs(&self, area: Rect, buf: &mut Buffer, inverted: bool) {
        let glyph = |x: usize, y: usize| self.is_dark(x, y) == inverted;
        for row in 0..self.size.div_ceil(2) {
            for x in 0..self.size {
                // Past the last module row `is_dark` is false: the quiet zone goes on.
                let (top, bottom) = (glyph(x, row * 2), glyph(x, row * 2 + 1));
                let symbol = match (top, bottom) {
                    (true, true) => "█",
                    (true, false) => "▀",
                    (false, true) => "▄",
                    (false, false) => " ",
                };
                if let Some(cell) = buf.cell_mut((area.x + x as u16, area.y + row as u16)) {
                    cell.set_symbol(symbol);
                    cell.set_style(Style::reset());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_url_is_a_small_symbol_with_a_quiet_zone() {
        let m = Modules::encode("https://microsoft.com/devicelogin").unwrap();
        assert_eq!(m.size, 29 + 2 * QUIET, "version 3 at level M");
        assert_eq!(m.cells(), (33, 17));
        for i in 0..m.size {
            assert!(!m.is_dark(i, 0) && !m.is_dark(0, i) && !m.is_dark(i, 1));
        }
        assert!(m.is_dark(QUIET, QUIET), "finder pattern corner");
    }

    /// What a phone sees of a drawn symbol on a terminal whose text is `text_light` (dark
    /// background) or dark (light background): true where a module looks dark.
    fn seen(buf: &Buffer, m: &Modules, text_light: bool) -> Vec<Vec<bool>> {
        let (w, h) = m.cells();
        let mut rows = Vec::new();
        for y in 0..h {
            let mut top = Vec::new();
            let mut bottom = Vec::new();
            for x in 0..w {
                let cell = &buf[(x, y)];
                let colour = |c: Color, fallback_dark: bool| match c {
                    Color::Black => true,
                    Color::White => false,
                    _ => fallback_dark,
                };
                // A glyph half shows the text colour; the rest the background.
                let text_dark = colour(cell.fg, !text_light);
                let back_dark = colour(cell.bg, text_light);
                let (t, b) = match cell.symbol() {
                    "█" => (true, true),
                    "▀" => (true, false),
                    "▄" => (false, true),
                    _ => (false, false),
                };
                top.push(if t { text_dark } else { back_dark });
                bottom.push(if b { text_dark } else { back_dark });
            }
            rows.push(top);
            rows.push(bottom);
        }
        rows
    }

    fn decode(rows: &[Vec<bool>]) -> Option<String> {
        let (scale, border) = (6, 24);
        let size = rows[0].len();
        let px = size * scale + 2 * border;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
            let (mx, my) = (
                x.wrapping_sub(border) / scale,
                y.wrapping_sub(border) / scale,
            );
            match rows.get(my).and_then(|r| r.get(mx)) {
                Some(true) => 0,
                _ => 255,
            }
        });
        let grids = img.detect_grids();
        grids.first()?.decode().ok().map(|(_, text)| text)
    }

    #[test]
    fn scans_on_dark_and_light_terminals_with_and_without_colour() {
        let url = "https://microsoft.com/devicelogin?otc=ABCD2345";
        let m = Modules::encode(url).unwrap();
        let (w, h) = m.cells();
        let draw = |inverted: bool, colour: bool| {
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            assert!(m.render(Rect::new(0, 0, w, h), &mut buf, inverted, colour));
            buf
        };
        // In colour: black on white on any terminal.
        for text_light in [true, false] {
            let buf = draw(false, true);
            assert_eq!(decode(&seen(&buf, &m, text_light)).as_deref(), Some(url));
        }
        // Without colour: no colour at all; the default reads on a dark terminal, `i` on a
        // light one.
        let plain = draw(false, false);
        assert!(
            plain
                .content()
                .iter()
                .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
        );
        assert_eq!(decode(&seen(&plain, &m, true)).as_deref(), Some(url));
        let inverted = draw(true, false);
        assert_eq!(decode(&seen(&inverted, &m, false)).as_deref(), Some(url));
        // Not uniform: half the cells at least are not the same glyph.
        let first = plain.content()[w as usize * 3 + 3].symbol().to_string();
        assert!(
            plain
                .content()
                .iter()
                .filter(|c| c.symbol() != first)
                .count()
                > 50
        );
    }

    #[test]
    fn never_draws_a_clipped_symbol() {
        let m = Modules::encode("https://example.com").unwrap();
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 5));
        assert!(!m.render(Rect::new(0, 0, 20, 5), &mut buf, false, true));
        assert!(buf.content().iter().all(|c| c.symbol() == " "));
    }
}
