//! QR codes drawn with half blocks: two modules per cell, explicit black on white whatever
//! the theme (phones need dark on light), with a quiet zone.

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
    pub fn render(&self, area: Rect, buf: &mut Buffer, inverted: bool) -> bool {
        let (w, h) = self.cells();
        if area.width < w || area.height < h {
            return false;
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

    #[test]
    fn never_draws_a_clipped_symbol() {
        let m = Modules::encode("https://example.com").unwrap();
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 5));
        assert!(!m.render(Rect::new(0, 0, 20, 5), &mut buf, false));
        assert!(buf.content().iter().all(|c| c.symbol() == " "));
    }
}
