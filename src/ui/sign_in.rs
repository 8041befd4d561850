//! Sign in: mode selector, user name, masked password, errors in place.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use super::widgets::field;
use crate::app::state::{App, SignInField, SignInMode};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let s = &app.sign_in;
    let col = super::column(area, 76);
    let line = |y: u16| Rect::new(col.x, y, col.width, 1);
    let mut y = col.y + 1;
    let server = app.server.as_ref().map(|s| s.url.as_str()).unwrap_or("");
    frame.render_widget(
        Paragraph::new(Line::styled(format!("Sign in to {server}"), t.title())),
        line(y),
    );
    y += 2;
    let mut modes = vec![Span::styled(" Mode     ", t.dim())];
    for m in SignInMode::ALL {
        let label = if m.available() {
            m.label().to_string()
        } else {
            format!("{} (soon)", m.label())
        };
        let style = if m == s.mode { t.selected() } else { t.dim() };
        modes.push(Span::styled(format!(" {label} "), style));
        modes.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(modes)), line(y));
    y += 2;
    let focused = app.palette.is_none() && !app.help_open;
    field::draw(
        frame,
        line(y),
        &field::Field {
            label: "User",
            input: &s.user,
            secret: false,
            focused: focused && s.focus == SignInField::User,
            placeholder: "administrator or DOMAIN\\user",
        },
        8,
    );
    y += 1;
    field::draw(
        frame,
        line(y),
        &field::Field {
            label: "Password",
            input: &s.password,
            secret: true,
            focused: focused && s.focus == SignInField::Password,
            placeholder: "",
        },
        8,
    );
    y += 2;
    if let Some((u, p)) = &s.hint {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" Demo credentials: user {u}, password {p}"),
                t.ok(),
            )),
            line(y),
        );
        y += 2;
    }
    if let Some(e) = &s.error {
        let rest = Rect::new(col.x, y, col.width, col.bottom().saturating_sub(y));
        frame.render_widget(
            Paragraph::new(Line::styled(e.clone(), t.error())).wrap(Wrap { trim: true }),
            rest,
        );
    }
}
