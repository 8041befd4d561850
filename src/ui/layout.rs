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
use crate::app::keymap::{Intent, Table, key_in};
use crate::app::leaving;
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

/// Cuts `text` to `width` characters, ending in `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The header's text for `width` columns: what is connected, how it is trusted, who is signed
/// in, and DEMO. Room is made by cutting the server address to ten letters, then the user
/// name; the version, the trust and DEMO always stay.
pub fn header_text(shared: &Shared, width: usize) -> String {
    let (server, mut fixed) = match &shared.server {
        Some(s) => {
            let mut fixed = Vec::new();
            if let Some(v) = s.version {
                fixed.push(v.to_string());
            }
            fixed.push(trust_label(&s.trust));
            (s.url.trim_start_matches("https://").to_string(), fixed)
        }
        None => ("not connected".to_string(), Vec::new()),
    };
    let user = shared.identity.as_ref().map(|s| s.user_name.clone());
    let demo = shared.demo.then(|| "DEMO".to_string());
    let sep = " │ ";
    let join = |server: &str, user: Option<&str>, fixed: &[String]| {
        let mut parts = vec![" vb365-tui".to_string(), server.to_string()];
        parts.extend(fixed.iter().cloned());
        parts.extend(user.map(str::to_string));
        parts.extend(demo.clone());
        parts.join(sep)
    };
    let full = join(&server, user.as_deref(), &fixed);
    if full.chars().count() <= width {
        return full;
    }
    // The room left for the address and the user name: the address gives up all but ten
    // letters first, so the user name (who is acting) keeps what it can; then both shrink
    // to a few letters.
    let others = join("", user.as_ref().map(|_| ""), &fixed).chars().count();
    let room = width.saturating_sub(others);
    let (server_n, user_n) = (
        server.chars().count(),
        user.as_ref().map_or(0, |u| u.chars().count()),
    );
    let user_keep = user_n.min(room.saturating_sub(server_n.min(10)).max(user_n.min(4)));
    let server_keep = server_n
        .min(room.saturating_sub(user_keep))
        .max(server_n.min(6));
    let text = join(
        &cut(&server, server_keep),
        user.as_deref().map(|u| cut(u, user_keep)).as_deref(),
        &fixed,
    );
    if text.chars().count() <= width {
        return text;
    }
    // Still too narrow: what matters most first.
    fixed.extend(demo.clone());
    cut(&format!(" {}", fixed.join(sep)), width)
}

pub fn header(frame: &mut Frame, area: Rect, shared: &Shared) {
    let t = Theme::current();
    let text = header_text(shared, usize::from(area.width));
    frame.render_widget(Paragraph::new(text).style(t.header()), area);
}

/// The insecure banner, shorter where the terminal is narrow.
pub fn insecure_banner(width: u16) -> &'static str {
    if width >= 110 {
        " INSECURE: the server certificate is NOT verified (--insecure). Anyone on the path can read your password."
    } else if width >= 80 {
        " INSECURE: certificate NOT verified (--insecure); others can read your password."
    } else {
        " INSECURE: certificate NOT verified (--insecure)"
    }
}

pub fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let hints = match app.modal() {
        Some(m) if !app.too_small() => m.hints(),
        _ => crate::app::keymap::footer_hints(app.bindings()),
    };
    let mut spans = Vec::new();
    for (key, hint) in fit_hints(hints, area.width as usize) {
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
    let restoring = app.shared.tasks.restoring();
    let saving = app.shared.tasks.running() - restoring;
    let tasks = crate::app::keymap::key_for(Intent::Tasks);
    if saving > 0 {
        line.push(Span::styled(
            format!(" ⇣ {saving} saving ({tasks}) "),
            t.key(),
        ));
    }
    if restoring > 0 {
        line.push(Span::styled(
            format!(" ⇡ {restoring} restoring ({tasks}) "),
            t.key(),
        ));
    }
    if let Some(m) = app.status_message() {
        let used: usize = line.iter().map(|s| s.width()).sum();
        let room = usize::from(area.width).saturating_sub(used + 1);
        line.push(Span::styled(format!(" {}", cut_message(m, room)), t.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(line)), status);
}

/// A message that does not fit ends in `…` and says the key that shows it whole.
fn cut_message(message: &str, room: usize) -> std::borrow::Cow<'_, str> {
    if message.chars().count() <= room {
        return message.into();
    }
    let more = format!(
        "… {} shows all",
        crate::app::keymap::key_for(Intent::Messages)
    );
    let keep = room.saturating_sub(more.chars().count());
    let head: String = message.chars().take(keep).collect();
    format!("{}{more}", head.trim_end()).into()
}

/// The hints that fit in `width`: when they do not all fit, the ones before the last two
/// (help and back, which every screen needs) give way from the right.
fn fit_hints<K: AsRef<str>, H: AsRef<str>>(mut hints: Vec<(K, H)>, width: usize) -> Vec<(K, H)> {
    let len = |h: &[(K, H)]| -> usize {
        h.iter()
            .map(|(k, t)| k.as_ref().chars().count() + t.as_ref().chars().count() + 3)
            .sum()
    };
    while len(&hints) > width && hints.len() > 3 {
        hints.remove(hints.len() - 3);
    }
    hints
}

/// One modal over the body.
pub fn modal(frame: &mut Frame, body: Rect, modal: &Modal, app: &App) {
    let t = Theme::current();
    // Each popup names its keys as its table in the keymap spells them.
    let keys = |pairs: &[(String, &str)]| {
        let mut spans = Vec::new();
        for (i, (k, what)) in pairs.iter().enumerate() {
            spans.push(Span::styled(k.clone(), t.key()));
            let gap = if i + 1 < pairs.len() { "   " } else { "" };
            spans.push(Span::raw(format!(" {what}{gap}")));
        }
        Line::from(spans)
    };
    match modal {
        Modal::Trust { prompt, .. } => trust_prompt(frame, body, prompt, &app.shared),
        Modal::Help { scroll } => help::draw(
            frame,
            body,
            app.page_bindings(),
            &app.top().page().title(),
            *scroll,
        ),
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
                keys(&[
                    (
                        key_in(Table::Confirm, Intent::Confirm),
                        q.yes.split(' ').next().unwrap_or(q.yes),
                    ),
                    (key_in(Table::Confirm, Intent::Deny), q.no),
                ]),
            ];
            let w = (q.text.chars().count() as u16 + 4).clamp(40, 66);
            popup::draw(frame, popup::centered(body, w, 5), q.title, lines);
        }
        Modal::Leave(_) => {
            let sessions = &app.shared.our_sessions;
            let n = sessions.len();
            let what = crate::app::modals::restore_sessions(n);
            let verb = if n == 1 { "is" } else { "are" };
            let (restores, downloads) = app.shared.tasks.running_in(sessions);
            let lines = vec![
                Line::raw(format!("{what} started here {verb} still working.")),
                Line::raw(leaving::sessions_note(n, restores, downloads)),
                Line::raw(""),
                keys(&[
                    (key_in(Table::Leave, Intent::Stop), "stop them"),
                    (key_in(Table::Leave, Intent::Leave), "leave them running"),
                    (key_in(Table::Leave, Intent::Back), "cancel"),
                ]),
            ];
            popup::draw(
                frame,
                popup::centered(body, 66, 6),
                "Working sessions",
                lines,
            );
        }
        Modal::Busy(leave) => {
            let v8 = app.shared.version() >= crate::api::ApiVersion::V8;
            let mut lines: Vec<Line> = leaving::busy_question(*leave, app.shared.running(), v8)
                .into_iter()
                .map(Line::raw)
                .collect();
            let (_, answer) = leaving::verbs(*leave);
            lines.push(Line::raw(""));
            lines.push(keys(&[
                (key_in(Table::Quit, Intent::Confirm), answer),
                (key_in(Table::Quit, Intent::Deny), "stay"),
            ]));
            let title = match leave {
                crate::app::modals::LeaveIntent::Quit => "Quit",
                crate::app::modals::LeaveIntent::SignOut => "Sign out",
                crate::app::modals::LeaveIntent::Connect => "Connect",
            };
            let h = lines.len() as u16 + 2;
            popup::draw(frame, popup::centered(body, 66, h), title, lines);
        }
    }
}

/// The day of a certificate's `2026-01-01 00:00:00 UTC`: the validity fits one line.
fn day(when: &str) -> &str {
    match when.get(..10) {
        Some(d) if d.as_bytes().get(4) == Some(&b'-') => d,
        _ => when,
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
            format!("{} to {}", day(&p.cert.not_before), day(&p.cert.not_after)),
        ),
        row("SHA-256", fp1),
        row("", fp2),
        Line::raw(""),
        Line::raw("Compare the fingerprint with the server's certificate before trusting it."),
        Line::raw(""),
        Line::from(vec![
            Span::styled(key_in(Table::Trust, Intent::TrustOnce), t.key()),
            Span::raw(" trust once   "),
            Span::styled(key_in(Table::Trust, Intent::TrustRemember), t.key()),
            Span::raw(if shared.demo {
                " trust and remember (not saved in demo)   "
            } else {
                " trust and remember   "
            }),
            Span::styled(key_in(Table::Trust, Intent::Back), t.key()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiVersion, Fingerprint, Identity, SignInKind};
    use crate::app::shared::ServerInfo;
    use crate::config::Config;

    fn shared(user: &str, trust: TrustMode) -> Shared {
        let mut s = Shared::new(Config::default(), trust.clone());
        s.demo = true;
        s.server = Some(ServerInfo {
            url: "https://vbo01.corp.example.com:4443".into(),
            version: Some(ApiVersion::V8),
            build: None,
            trust,
        });
        s.identity = Some(Identity {
            user_name: user.into(),
            kind: SignInKind::Administrator,
            expires_utc: chrono::Utc::now(),
        });
        s
    }

    #[test]
    fn the_header_keeps_trust_and_demo_and_cuts_the_user_name() {
        let s = shared(
            "CORP\\backup-operator-with-a-long-name",
            TrustMode::Pinned(Fingerprint([0xAB; 32])),
        );
        for width in [60, 80, 200] {
            let text = header_text(&s, width);
            assert!(text.chars().count() <= width, "{width}: {text}");
            assert!(text.ends_with("DEMO"), "{width}: {text}");
            assert!(text.contains("pinned AB:AB:AB"), "{width}: {text}");
        }
        assert!(header_text(&s, 60).contains('…'));
        assert!(!header_text(&s, 200).contains('…'));
        // The user name gets the room the address leaves above ten letters.
        let tenant = shared(
            "admin@contoso.onmicrosoft.com",
            TrustMode::Pinned(Fingerprint([0xAB; 32])),
        );
        let text = header_text(&tenant, 80);
        assert!(text.contains("admin@contoso.onmicroso…"), "{text}");
        assert_eq!(text.chars().count(), 80, "{text}");
        let insecure = shared("administrator", TrustMode::Insecure);
        for width in [20, 60] {
            let text = header_text(&insecure, width);
            assert!(text.contains("NOT VERIFIED"), "{width}: {text}");
        }
    }

    #[test]
    fn the_insecure_banner_fits_80_columns() {
        for width in [60, 80, 110] {
            let banner = insecure_banner(width);
            assert!(banner.chars().count() <= usize::from(width), "{banner}");
            assert!(banner.contains("NOT verified"));
        }
    }
}

#[cfg(test)]
mod fit_tests {
    use super::{cut_message, fit_hints};

    #[test]
    fn a_long_message_ends_in_an_ellipsis_and_names_the_key_that_shows_it_whole() {
        assert_eq!(cut_message("Saved Inbox.pst.", 40), "Saved Inbox.pst.");
        let long =
            "Restored 2 items from Adele Vance › Inbox: 2 of 2 restored, 0 skipped, 0 failed.";
        let cut = cut_message(long, 60);
        assert_eq!(cut.chars().count(), 60, "{cut}");
        assert!(
            cut.starts_with("Restored 2 items") && cut.ends_with("… Ctrl-L shows all"),
            "{cut}"
        );
    }

    #[test]
    fn hints_that_do_not_fit_give_way_but_help_and_back_stay() {
        let hints = vec![
            ("Enter", "open"),
            ("/", "filter"),
            ("s", "save…"),
            ("?", "help"),
            ("Esc", "back"),
        ];
        let all = fit_hints(hints.clone(), 80);
        assert_eq!(all.len(), 5);
        let narrow = fit_hints(hints, 40);
        let keys: Vec<&str> = narrow.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["Enter", "/", "?", "Esc"]);
    }
}
