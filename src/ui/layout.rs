//! What frames every page: the header (server, version, trust, user), the footer (the keys
//! that work now, requests in flight, the message), and the modal stack.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::widgets::{help, palette, popup};
use crate::api::TrustMode;
use crate::app::App;
use crate::app::modals::{Modal, TrustPrompt};
use crate::app::shared::Shared;

const SPINNER: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];

fn trust_label(trust: &TrustMode) -> String {
    match trust {
        TrustMode::System => "system CA".into(),
        TrustMode::CaFile(_) => "CA file".into(),
        TrustMode::Pinned(f) => format!("pinned {}", &f.to_string()[..8]),
        TrustMode::Insecure => "NOT VERIFIED".into(),
    }
}

pub fn header(frame: &mut Frame, area: Rect, shared: &Shared) {
    let t = Theme::current();
    let mut parts = vec![" vb365-tui".to_string()];
    match &shared.server {
        Some(s) => {
            parts.push(s.url.trim_start_matches("https://").to_string());
            if let Some(v) = s.version {
                parts.push(v.to_string());
            }
            parts.push(trust_label(&s.trust));
        }
        None => parts.push("not connected".into()),
    }
    if let Some(s) = &shared.identity {
        parts.push(s.user_name.clone());
    }
    if shared.demo {
        parts.push("DEMO".into());
    }
    frame.render_widget(Paragraph::new(parts.join(" │ ")).style(t.header()), area);
}

pub fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let hints = match app.modal() {
        Some(m) if !app.too_small() => m.hints(),
        _ => crate::app::keymap::footer_hints(app.bindings()),
    };
    let mut spans = Vec::new();
    for (key, hint) in hints {
        spans.push(Span::styled(format!(" {key}"), t.key()));
        spans.push(Span::raw(format!(" {hint} ")));
    }
    let [hints, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), hints);
    let mut line = Vec::new();
    if app.shared.in_flight() > 0 {
        line.push(Span::styled(
            format!(" {} working… ", SPINNER[app.shared.spinner % SPINNER.len()]),
            t.warning(),
        ));
    }
    if let Some(m) = &app.shared.message {
        line.push(Span::styled(format!(" {m}"), t.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(line)), status);
}

/// One modal over the body.
pub fn modal(frame: &mut Frame, body: Rect, modal: &Modal, app: &App) {
    let t = Theme::current();
    let keys = |pairs: &[(&str, &str)]| {
        let mut spans = Vec::new();
        for (i, (k, what)) in pairs.iter().enumerate() {
            spans.push(Span::styled(k.to_string(), t.key()));
            let gap = if i + 1 < pairs.len() { "   " } else { "" };
            spans.push(Span::raw(format!(" {what}{gap}")));
        }
        Line::from(spans)
    };
    match modal {
        Modal::Trust { prompt, .. } => trust_prompt(frame, body, prompt, &app.shared),
        Modal::Help => help::draw(frame, body, app.page_bindings(), &app.top().page().title()),
        Modal::Palette(p) => palette::draw(frame, body, p),
        Modal::Error(e) => {
            let lines = vec![
                Line::styled(e.clone(), t.error()),
                Line::raw(""),
                Line::styled("Esc or Enter dismisses.", t.dim()),
            ];
            popup::draw(frame, popup::centered(body, 70, 10), "Error", lines);
        }
        Modal::Confirm(q) => {
            let lines = vec![
                Line::raw(q.text.clone()),
                Line::raw(""),
                keys(&[("y", q.yes.split(' ').next().unwrap_or(q.yes)), ("n", q.no)]),
            ];
            let w = (q.text.chars().count() as u16 + 4).max(40);
            popup::draw(frame, popup::centered(body, w, 5), q.title, lines);
        }
        Modal::Leave(_) => {
            let n = app.shared.our_sessions.len();
            let what = crate::app::modals::restore_sessions(n);
            let verb = if n == 1 { "is" } else { "are" };
            let lines = vec![
                Line::raw(format!("{what} started here {verb} still working.")),
                Line::raw("They hold resources on the server until stopped or timed out."),
                Line::raw(""),
                keys(&[
                    ("s", "stop them"),
                    ("l", "leave them running"),
                    ("Esc", "cancel"),
                ]),
            ];
            popup::draw(
                frame,
                popup::centered(body, 66, 6),
                "Working sessions",
                lines,
            );
        }
        Modal::Quit => {
            let lines = vec![
                Line::raw("A request is still running. Quit anyway?"),
                Line::raw(""),
                keys(&[("y", "quit"), ("n", "stay")]),
            ];
            popup::draw(frame, popup::centered(body, 46, 5), "Quit", lines);
        }
    }
}

fn trust_prompt(frame: &mut Frame, area: Rect, p: &TrustPrompt, shared: &Shared) {
    let t = Theme::current();
    let server = shared
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
            Span::raw(if shared.demo {
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
