//! Connect: server address, profile, detected API version; the trust prompt.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use super::widgets::{field, popup};
use crate::app::state::{App, TrustPrompt};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let col = super::column(area, 76);
    let c = &app.connect;
    let mut y = col.y + 1;
    let line = |y: u16| Rect::new(col.x, y, col.width, 1);
    frame.render_widget(
        Paragraph::new(Line::styled("Connect to a VB365 server", t.title())),
        line(y),
    );
    y += 2;
    let focused = app.palette.is_none() && app.trust_prompt.is_none() && !app.help_open;
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
    let profile = match (c.profile, app.config.profiles.is_empty()) {
        (_, true) => "(no saved profiles)".to_string(),
        (Some(i), false) => format!("{}  (Space: next)", app.config.profiles[i].name),
        (None, false) => format!(
            "{} saved (Tab here, Space to pick)",
            app.config.profiles.len()
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
        Some((served, chosen)) => {
            let list: Vec<String> = served.iter().map(|v| v.to_string()).collect();
            Line::from(vec![
                Span::raw(" API      "),
                Span::styled(
                    format!("serves {}; using {chosen}", list.join(", ")),
                    t.ok(),
                ),
            ])
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
    } else if app.demo {
        let rest = Rect::new(col.x, y, col.width, col.bottom().saturating_sub(y));
        let text = "Demo: a simulated VB365 server runs inside this program. Press Enter to connect; it presents a self-signed certificate, as a real server on port 4443 does.";
        frame.render_widget(
            Paragraph::new(Line::styled(text, t.dim())).wrap(Wrap { trim: true }),
            rest,
        );
    }
}

pub fn draw_trust_prompt(frame: &mut Frame, area: Rect, p: &TrustPrompt, app: &App) {
    let t = Theme::current();
    let server = app
        .server
        .as_ref()
        .map(|s| s.url.clone())
        .unwrap_or_default();
    let (fp1, fp2) = super::fingerprint_lines(&p.cert.fingerprint);
    let row = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<11}"), t.dim()),
            Span::raw(v),
        ])
    };
    let lines = vec![
        Line::styled(
            format!("{server} presented a certificate that is not trusted:"),
            t.warning(),
        ),
        Line::raw(format!("{}.", p.reason)),
        Line::raw(""),
        row("Subject", p.cert.subject.clone()),
        row(
            "Issuer",
            if p.cert.self_signed() {
                format!("{} (self-signed)", p.cert.issuer)
            } else {
                p.cert.issuer.clone()
            },
        ),
        row(
            "Valid",
            format!("{} to {}", p.cert.not_before, p.cert.not_after),
        ),
        row("SHA-256", fp1),
        row("", fp2),
        Line::raw(""),
        Line::raw("Compare the fingerprint with the server's certificate before trusting it."),
        Line::raw(""),
        Line::from(vec![
            Span::styled("o", t.key()),
            Span::raw(" trust once   "),
            Span::styled("a", t.key()),
            Span::raw(if app.demo {
                " trust and remember (not saved in demo)   "
            } else {
                " trust and remember   "
            }),
            Span::styled("Esc", t.key()),
            Span::raw(" cancel"),
        ]),
    ];
    popup::draw(
        frame,
        popup::centered(area, 78, lines.len() as u16 + 2),
        "Untrusted certificate",
        lines,
    );
}
