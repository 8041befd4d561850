//! Drawing. Pure: reads the state, never changes it, never waits.

mod add_organization;
mod browser;
mod cert_changed;
mod connect;
mod device_code;
mod home;
mod organizations;
mod restore;
mod sign_in;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::api::TrustMode;
use crate::app::keymap::{self, Context};
use crate::app::state::{App, MIN_HEIGHT, MIN_WIDTH, Screen};
use crate::app::update::context;
use theme::Theme;
use widgets::popup;

const SPINNER: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let banner = u16::from(app.insecure);
    let [header, banner_area, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    draw_header(frame, header, app);
    if app.insecure {
        let t = Theme::current();
        frame.render_widget(
            Paragraph::new(" INSECURE: the server certificate is NOT verified (--insecure). Anyone on the path can read your password.")
                .style(t.danger_banner()),
            banner_area,
        );
    }
    match app.screen {
        Screen::Connect => connect::draw(frame, body, app),
        Screen::SignIn => sign_in::draw(frame, body, app),
        Screen::Home => home::draw(frame, body, app),
        Screen::DeviceCode => device_code::draw(frame, body, app),
        Screen::Organizations => organizations::draw(frame, body, app),
        Screen::AddOrganization => add_organization::draw(frame, body, app),
        Screen::Explore => restore::draw_form(frame, body, app),
        Screen::Session => restore::draw_session(frame, body, app),
        Screen::Sessions => restore::draw_list(frame, body, app),
        Screen::Browse => browser::draw(frame, body, app),
        Screen::CertChanged => cert_changed::draw(frame, body, app),
    }
    let ctx = context(app);
    draw_footer(frame, footer, app, ctx);
    draw_overlays(frame, body, app);
}

fn draw_overlays(frame: &mut Frame, body: Rect, app: &App) {
    let t = Theme::current();
    if let Some(prompt) = &app.trust_prompt {
        connect::draw_trust_prompt(frame, body, prompt, app);
    }
    if let Some(p) = &app.palette {
        widgets::palette::draw(frame, body, p);
    }
    if app.help_open {
        let under = crate::app::update::screen_context(app);
        widgets::help::draw(frame, body, under, app.screen.title());
    }
    if let Some(e) = &app.error {
        let lines = vec![
            Line::styled(e.clone(), t.error()),
            Line::raw(""),
            Line::styled("Esc or Enter dismisses.", t.dim()),
        ];
        popup::draw(frame, popup::centered(body, 70, 10), "Error", lines);
    }
    let confirm_stop = app
        .session_view
        .as_ref()
        .is_some_and(|v| v.confirm_stop && app.screen == Screen::Session)
        || (app.sessions.confirm_stop && app.screen == Screen::Sessions);
    if confirm_stop {
        let lines = vec![
            Line::raw("Stop this restore session? Restores in progress end."),
            Line::raw(""),
            Line::from(vec![
                Span::styled("y", t.key()),
                Span::raw(" stop   "),
                Span::styled("n", t.key()),
                Span::raw(" keep it"),
            ]),
        ];
        popup::draw(frame, popup::centered(body, 56, 5), "Stop session", lines);
    }
    if app.leave_prompt.is_some() {
        let n = app.our_sessions.len();
        let lines = vec![
            Line::raw(format!(
                "{n} restore session(s) started here are still working."
            )),
            Line::raw("They hold resources on the server until stopped or timed out."),
            Line::raw(""),
            Line::from(vec![
                Span::styled("s", t.key()),
                Span::raw(" stop them   "),
                Span::styled("l", t.key()),
                Span::raw(" leave them running   "),
                Span::styled("Esc", t.key()),
                Span::raw(" cancel"),
            ]),
        ];
        popup::draw(
            frame,
            popup::centered(body, 66, 6),
            "Working sessions",
            lines,
        );
    }
    if app.quit_confirm {
        let lines = vec![
            Line::raw("A request is still running. Quit anyway?"),
            Line::raw(""),
            Line::from(vec![
                Span::styled("y", t.key()),
                Span::raw(" quit   "),
                Span::styled("n", t.key()),
                Span::raw(" stay"),
            ]),
        ];
        popup::draw(frame, popup::centered(body, 46, 5), "Quit", lines);
    }
}

fn trust_label(trust: &TrustMode) -> String {
    match trust {
        TrustMode::System => "system CA".into(),
        TrustMode::CaFile(_) => "CA file".into(),
        TrustMode::Pinned(f) => format!("pinned {}", &f.to_string()[..8]),
        TrustMode::Insecure => "NOT VERIFIED".into(),
    }
}

fn draw_header(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let mut parts = vec![" vb365-tui".to_string()];
    match &app.server {
        Some(s) => {
            parts.push(s.url.trim_start_matches("https://").to_string());
            if let Some(v) = s.version {
                parts.push(v.to_string());
            }
            parts.push(trust_label(&s.trust));
        }
        None => parts.push("not connected".into()),
    }
    if let Some(s) = &app.session {
        parts.push(s.user_name.clone());
    }
    if app.demo {
        parts.push("DEMO".into());
    }
    frame.render_widget(Paragraph::new(parts.join(" │ ")).style(t.header()), area);
}

fn draw_footer(frame: &mut Frame, area: Rect, app: &App, ctx: Context) {
    let t = Theme::current();
    let mut spans = Vec::new();
    for (key, hint) in keymap::footer_hints(ctx) {
        spans.push(Span::styled(format!(" {key}"), t.key()));
        spans.push(Span::raw(format!(" {hint} ")));
    }
    let [hints, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), hints);
    let mut line = Vec::new();
    if app.in_flight > 0 {
        line.push(Span::styled(
            format!(" {} working… ", SPINNER[app.spinner % SPINNER.len()]),
            t.warning(),
        ));
    }
    if let Some(m) = &app.message {
        line.push(Span::styled(format!(" {m}"), t.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(line)), status);
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Enlarge the terminal (needs {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}). q quits.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// Centres a content column of at most `width` in the body.
pub(crate) fn column(area: Rect, width: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    Rect::new(area.x + (area.width - w) / 2, area.y, w, area.height)
}

/// A fingerprint in two halves of 16 bytes, so it never wraps mid-byte.
pub(crate) fn fingerprint_lines(fp: &crate::api::Fingerprint) -> (String, String) {
    let s = fp.to_string();
    (s[..47].to_string(), s[48..].to_string())
}

/// The device-code link on screen, for the OSC 8 hyperlink (none under overlays).
pub fn code_link(app: &App) -> Option<String> {
    if app.too_small()
        || app.help_open
        || app.palette.is_some()
        || app.error.is_some()
        || app.quit_confirm
    {
        return None;
    }
    let panel = app
        .code
        .as_ref()
        .filter(|_| matches!(app.screen, Screen::SignIn | Screen::DeviceCode))?;
    panel.state.pending().map(|p| p.url.clone())
}

/// Where `text` stands on one row of a drawn buffer (ASCII text only).
pub fn find_text(buf: &ratatui::buffer::Buffer, text: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let row: String = (area.left()..area.right())
            .map(|x| buf[(x, y)].symbol().chars().next().unwrap_or(' '))
            .collect();
        if let Some(i) = row.find(text) {
            let col = row[..i].chars().count() as u16;
            return Some((area.left() + col, y));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    #[test]
    fn finds_text_in_a_buffer() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 3));
        buf.set_string(4, 2, "https://x/devicelogin", ratatui::style::Style::new());
        assert_eq!(
            super::find_text(&buf, "https://x/devicelogin"),
            Some((4, 2))
        );
        assert_eq!(super::find_text(&buf, "nope"), None);
    }
}
