//! The device-code panel, the same for every flow: the code large and spaced, the link, a QR
//! code of it, the countdown and the state of the background check.

use crate::clock::Clock;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::qr::Modules;
use crate::app::code_panel::CodePanel;
use crate::poll::{CodeState, Pending};
use crate::ui::theme::Theme;

/// Width the text beside a QR code needs.
const TEXT_MIN_WIDTH: u16 = 34;
const TEXT_MIN_HEIGHT: u16 = 9;

/// Where the parts of the panel go in an area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PanelLayout {
    pub qr: Option<Rect>,
    pub text: Rect,
}

/// QR left and text right when wide enough; QR above text when tall; else text only.
pub fn layout(area: Rect, qr_cells: Option<(u16, u16)>) -> PanelLayout {
    if let Some((w, h)) = qr_cells {
        if area.width >= w + 2 + TEXT_MIN_WIDTH && area.height >= h {
            let qr = Rect::new(area.x, area.y, w, h);
            let text = Rect::new(area.x + w + 2, area.y, area.width - w - 2, area.height);
            return PanelLayout { qr: Some(qr), text };
        }
        if area.width >= w && area.height >= h + TEXT_MIN_HEIGHT {
            let qr = Rect::new(area.x, area.y, w, h);
            let text = Rect::new(area.x, area.y + h + 1, area.width, area.height - h - 1);
            return PanelLayout { qr: Some(qr), text };
        }
    }
    PanelLayout {
        qr: None,
        text: area,
    }
}

/// The link a QR code and the panel point to.
pub fn link(p: &Pending) -> &str {
    p.url_complete.as_deref().unwrap_or(&p.url)
}

/// The QR symbol for a panel, when it has a code.
pub fn modules(panel: &CodePanel) -> Option<Modules> {
    panel.state.pending().and_then(|p| Modules::encode(link(p)))
}

fn spaced(code: &str) -> String {
    code.chars()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn countdown(p: &Pending, now: std::time::Instant) -> String {
    let left = p.deadline.saturating_duration_since(now).as_secs();
    format!("{:02}:{:02}", left / 60, left % 60)
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    panel: &CodePanel,
    now: std::time::Instant,
    clock: &Clock,
) {
    let t = Theme::current();
    let qr = modules(panel);
    let l = layout(area, qr.as_ref().map(|m| m.cells()));
    if let (Some(m), Some(rect)) = (&qr, l.qr) {
        m.render(rect, frame.buffer_mut(), panel.inverted, t.color);
    }
    let mut lines = vec![Line::styled(panel.title.clone(), t.title()), Line::raw("")];
    match &panel.state {
        CodeState::Requesting => lines.push(Line::styled("Requesting a code…", t.warning())),
        CodeState::Pending(p) => {
            lines[1] = Line::styled("Open this page in a browser or scan the QR code:", t.dim());
            lines.push(Line::raw(format!("  {}", p.url)));
            lines.push(Line::styled("and enter the code:", t.dim()));
            lines.push(Line::styled(format!("  {}", spaced(&p.user_code)), t.key()));
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled("Expires in ", t.dim()),
                Span::styled(countdown(p, now), t.warning()),
            ]));
            lines.push(status_line(p, clock, t));
            if p.manual {
                lines.push(Line::styled(
                    "This server cannot check the code: press Enter once you have signed in.",
                    t.warning(),
                ));
            }
            if !t.color && l.qr.is_some() {
                // Without colour the QR is drawn in the terminal's text colour.
                let which = if panel.inverted { "light" } else { "dark" };
                lines.push(Line::styled(
                    format!("The QR code is drawn for a {which} terminal; i switches."),
                    t.dim(),
                ));
            }
        }
        CodeState::Approved => {
            lines.push(Line::styled("✓ Approved: signed in with the code.", t.ok()))
        }
        CodeState::Declined => {
            lines.push(Line::styled("✗ Declined in the browser.", t.error()));
            lines.push(Line::raw("Press n for a new code or Esc to cancel."));
        }
        CodeState::Expired => {
            lines.push(Line::styled(
                "✗ The code expired before it was used.",
                t.error(),
            ));
            lines.push(Line::raw("Press n for a new code or Esc to cancel."));
        }
        CodeState::Failed(reason) => {
            lines.push(Line::styled(format!("✗ {reason}"), t.error()));
            lines.push(Line::raw("Press n to try again or Esc to cancel."));
        }
    }
    if qr.is_some() && l.qr.is_none() {
        let (w, h) = qr.as_ref().map(|m| m.cells()).unwrap_or_default();
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("QR code hidden: it needs {w}x{h} cells."),
            t.dim(),
        ));
    }
    // Nothing readable fits in fewer columns, and ratatui's word wrapper can write past a
    // two-column area when a word mixes narrow and wide characters (found by fuzzing).
    if l.text.width >= MIN_TEXT_COLUMNS {
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), l.text);
    }
}

const MIN_TEXT_COLUMNS: u16 = 4;

fn status_line(p: &Pending, clock: &Clock, t: &Theme) -> Line<'static> {
    let checked = p
        .last_check
        .map(|c| {
            format!(
                "last checked {} ({})",
                clock.local(c).format("%H:%M:%S"),
                clock.zone()
            )
        })
        .unwrap_or_else(|| "not checked yet".into());
    if let Some(trouble) = &p.trouble {
        // The code is alive: name the cause and when it was tried, never "failed".
        let tried = p
            .last_check
            .map(|c| {
                format!(
                    "last tried {} {}",
                    clock.local(c).format("%H:%M:%S"),
                    clock.zone()
                )
            })
            .unwrap_or(checked);
        let next = clock.local(trouble.next_try).format("%H:%M:%S");
        return Line::styled(
            format!(
                "Connection trouble ({tried}, next try {next}): {}",
                trouble.cause
            ),
            t.warning(),
        );
    }
    if p.manual {
        return Line::styled("Waiting for you to sign in.", t.dim());
    }
    let mut text = format!("Waiting for sign-in, {checked}");
    if p.slowed_down {
        text.push_str(&format!("; slowed down to {} s", p.interval.as_secs()));
    }
    Line::styled(text, t.dim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trouble_names_the_cause_when_it_was_tried_and_when_the_next_try_is() {
        use chrono::TimeZone;
        let p = Pending {
            user_code: "ABCD23XYZ".into(),
            url: "https://microsoft.com/devicelogin".into(),
            url_complete: None,
            deadline: std::time::Instant::now() + std::time::Duration::from_secs(600),
            interval: std::time::Duration::from_secs(5),
            last_check: chrono::Utc.with_ymd_and_hms(2024, 5, 6, 6, 8, 9).single(),
            slowed_down: false,
            manual: false,
            trouble: Some(crate::poll::Trouble {
                cause: "login.microsoftonline.com: connection reset".into(),
                next_try: chrono::Utc.with_ymd_and_hms(2024, 5, 6, 6, 8, 19).unwrap(),
            }),
        };
        let now = chrono::Utc.with_ymd_and_hms(2024, 5, 6, 6, 9, 0).unwrap();
        let clock = Clock::fixed(now, chrono::FixedOffset::east_opt(3600).unwrap());
        let line = status_line(&p, &clock, Theme::current()).to_string();
        assert_eq!(
            line,
            "Connection trouble (last tried 07:08:09 UTC+01:00, next try 07:08:19): \
             login.microsoftonline.com: connection reset"
        );
        assert!(!line.contains("failed"));
    }

    #[test]
    fn layout_never_clips_the_qr() {
        let cells = Some((33, 17));
        let wide = layout(Rect::new(0, 0, 80, 21), cells);
        assert_eq!(wide.qr, Some(Rect::new(0, 0, 33, 17)));
        assert_eq!(wide.text.x, 35);
        let tall = layout(Rect::new(0, 0, 50, 40), cells);
        assert_eq!(tall.qr.unwrap().y, 0);
        assert_eq!(tall.text.y, 18);
        let small = layout(Rect::new(0, 0, 60, 16), cells);
        assert_eq!(small.qr, None);
        for w in 0..120 {
            for h in 0..50 {
                let l = layout(Rect::new(0, 0, w, h), cells);
                if let Some(q) = l.qr {
                    assert!(q.width == 33 && q.height == 17 && q.right() <= w && q.bottom() <= h);
                }
            }
        }
    }
}
