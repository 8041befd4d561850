//! Connect: server address, profile, detected API version.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::pages::connect::ConnectPage;
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::field;

pub fn draw(frame: &mut Frame, area: Rect, c: &ConnectPage, shared: &Shared, focused: bool) {
    let t = Theme::current();
    let col = super::column(area, 76);
    let mut y = col.y + 1;
    let line = |y: u16| Rect::new(col.x, y, col.width, 1);
    frame.render_widget(
        Paragraph::new(Line::styled("Connect to a VB365 server", t.title())),
        line(y),
    );
    y += 2;
    field::draw(
        frame,
        line(y),
        &field::Field {
            label: "Server",
            input: &c.server,
            secret: false,
            focused: focused && !c.focus_profile,
            placeholder: "host, host:port or https://host:4443",
        },
        8,
    );
    y += 1;
    let profile = match (c.profile, shared.config.profiles.is_empty()) {
        (_, true) => "(no saved profiles)".to_string(),
        (Some(i), false) => format!("{}  (Space: next)", shared.config.profiles[i].name),
        (None, false) => format!(
            "{} saved (Tab here, Space to pick)",
            shared.config.profiles.len()
        ),
    };
    let style = if c.focus_profile {
        t.focused_field()
    } else {
        t.dim()
    };
    let marker = if c.focus_profile { "›" } else { " " };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{marker}{:<8}", "Profile"), style),
            Span::raw(" "),
            Span::raw(profile),
        ])),
        line(y),
    );
    y += 2;
    let detected = match &c.detected {
        Some((detection, chosen)) => {
            let summary = detection.summary(*chosen);
            // A version that could not be checked is a warning: the choice may be too old.
            let style = if summary.contains("could not check") {
                t.warning()
            } else {
                t.ok()
            };
            Line::from(vec![Span::raw(" API      "), Span::styled(summary, style)])
        }
        None => Line::styled(" API      detected when you connect (v4 to v8)", t.dim()),
    };
    frame.render_widget(Paragraph::new(detected), line(y));
    y += 2;
    if let Some(e) = &c.error {
        let rest = Rect::new(col.x, y, col.width, col.bottom().saturating_sub(y));
        frame.render_widget(
            Paragraph::new(Line::styled(e.clone(), t.error())).wrap(Wrap { trim: true }),
            rest,
        );
    } else if shared.demo {
        let rest = Rect::new(col.x, y, col.width, col.bottom().saturating_sub(y));
        let text = "Demo: a simulated VB365 server runs inside this program. Press Enter to connect; it presents a self-signed certificate, as a real server on port 4443 does.";
        frame.render_widget(
            Paragraph::new(Line::styled(text, t.dim())).wrap(Wrap { trim: true }),
            rest,
        );
    }
}
