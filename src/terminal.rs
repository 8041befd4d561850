//! The terminal itself: taking it and giving it back on every way out, Ctrl-Z, and the
//! escape sequences written beside ratatui's frames (clipboard, hyperlinks).

use std::io::Write;

use ratatui::layout::Rect;
use ratatui::{DefaultTerminal, TerminalOptions, Viewport};

/// OSC 52: the terminal (even over SSH) puts the text on the local clipboard.
pub fn copy_to_clipboard(text: &str) {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}

/// OSC 8: makes the URL already drawn at (x, y) a clickable link where supported.
pub fn write_hyperlink(x: u16, y: u16, url: &str) {
    let mut out = std::io::stdout();
    let _ = crossterm::queue!(
        out,
        crossterm::cursor::SavePosition,
        crossterm::cursor::MoveTo(x, y)
    );
    let _ = write!(out, "\x1b]8;;{url}\x1b\\{url}\x1b]8;;\x1b\\");
    let _ = crossterm::queue!(out, crossterm::cursor::RestorePosition);
    let _ = out.flush();
}

/// Puts the terminal back as it was: raw mode off, main screen, cursor shown.
pub fn restore_terminal() {
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
    ratatui::restore();
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(out, crossterm::cursor::Show);
    let _ = out.flush();
}

/// The whole screen at its size now; ratatui then never asks the terminal for its size again
/// on its own (a fixed viewport), and the event loop resizes on resize events.
pub fn options(width: u16, height: u16) -> TerminalOptions {
    TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    }
}

pub fn init_terminal() -> DefaultTerminal {
    let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
    let terminal = ratatui::init_with_options(options(w, h));
    // `init_with_options` takes raw mode only; the app draws on the alternate screen, and
    // a paste arrives as one piece of text, never as keys (a pasted Enter submits nothing).
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::event::EnableBracketedPaste
    );
    // ratatui's hook restores raw mode and the screen; also show the cursor.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    terminal
}

/// Ctrl-Z: give the terminal back to the shell, stop, and take it again on `fg`.
pub fn suspend(terminal: &mut DefaultTerminal) -> std::io::Result<(u16, u16)> {
    restore_terminal();
    // SAFETY: raising a signal on our own process has no memory-safety preconditions.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::event::EnableBracketedPaste
    )?;
    // The window may have changed while the shell had it.
    let (w, h) = crossterm::terminal::size()?;
    terminal.resize(Rect::new(0, 0, w, h))?;
    terminal.clear()?;
    Ok((w, h))
}

/// Keys, pastes and resizes, read by a thread of its own and handed over a channel. crossterm's
/// `EventStream` could leave a key in its buffer without waking the loop until something else
/// did (seen as a `q` taking ten seconds); a blocking read and a channel cannot.
pub fn read_input() -> tokio::sync::mpsc::UnboundedReceiver<std::io::Result<crossterm::event::Event>>
{
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        loop {
            let event = crossterm::event::read();
            let failed = event.is_err();
            // The loop has ended (the app quits), or the terminal is gone.
            if tx.send(event).is_err() || failed {
                break;
            }
        }
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
    use ratatui::buffer::Cell;
    use ratatui::layout::{Position, Size};

    /// A backend that counts how often it is asked for its size.
    struct Counting {
        inner: TestBackend,
        size_reads: std::cell::Cell<usize>,
    }

    impl Backend for Counting {
        type Error = <TestBackend as Backend>::Error;
        fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(
            &mut self,
            content: I,
        ) -> Result<(), Self::Error> {
            self.inner.draw(content)
        }
        fn hide_cursor(&mut self) -> Result<(), Self::Error> {
            self.inner.hide_cursor()
        }
        fn show_cursor(&mut self) -> Result<(), Self::Error> {
            self.inner.show_cursor()
        }
        fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
            self.inner.get_cursor_position()
        }
        fn set_cursor_position<P: Into<Position>>(
            &mut self,
            position: P,
        ) -> Result<(), Self::Error> {
            self.inner.set_cursor_position(position)
        }
        fn clear(&mut self) -> Result<(), Self::Error> {
            self.inner.clear()
        }
        fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
            self.inner.clear_region(clear_type)
        }
        fn size(&self) -> Result<Size, Self::Error> {
            self.size_reads.set(self.size_reads.get() + 1);
            self.inner.size()
        }
        fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
            self.size_reads.set(self.size_reads.get() + 1);
            self.inner.window_size()
        }
        fn flush(&mut self) -> Result<(), Self::Error> {
            self.inner.flush()
        }
    }

    #[test]
    fn frames_never_ask_the_terminal_for_its_size() {
        let backend = Counting {
            inner: TestBackend::new(80, 24),
            size_reads: std::cell::Cell::new(0),
        };
        let mut terminal = Terminal::with_options(backend, options(80, 24)).unwrap();
        for _ in 0..10 {
            terminal.draw(|f| f.render_widget("x", f.area())).unwrap();
        }
        assert_eq!(terminal.backend().size_reads.get(), 0);
        // A resize event: the window grew; the app resizes its viewport once.
        terminal.backend_mut().inner.resize(100, 30);
        terminal.resize(Rect::new(0, 0, 100, 30)).unwrap();
        terminal
            .draw(|f| assert_eq!(f.area(), Rect::new(0, 0, 100, 30)))
            .unwrap();
    }
}
