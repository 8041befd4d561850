//! The hard stop when a pinned certificate changed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::pages::cert_changed::CertChangedPage;
use crate::app::shared::Shared;
use crate::ui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, c: &CertChangedPage, shared: &Shared, _focused: bool) {
    let t = Theme::current();
    let config = match &shared.config_path {
        Some(p) => p.display().to_string(),
        None => "the config file (demo mode writes none)".into(),
    };
    let (pinned1, pinned2) = super::fingerprint_lines(&c.expected);
    let (shown1, shown2) = super::fingerprint_lines(&c.cert.fingerprint);
    let lines = vec![
        Line::styled(
            "@@@  WARNING: THE SERVER CERTIFICATE HAS CHANGED!  @@@",
            t.danger_banner(),
        ),
        Line::raw(""),
        Line::raw(
            "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY: the connection may be intercepted. It is also possible that the server's certificate was just replaced.",
        ),
        Line::raw(""),
        Line::raw(format!("Pinned:    {pinned1}")),
        Line::raw(format!("           {pinned2}")),
        Line::raw(format!("Presented: {shown1}")),
        Line::raw(format!("           {shown2}")),
        Line::raw(format!("Subject:   {}", c.cert.subject)),
        Line::raw(format!(
            "Valid:     {} to {}",
            c.cert.not_before, c.cert.not_after
        )),
        Line::raw(""),
        Line::raw(
            "Nothing was sent. If the certificate was really replaced, remove the old fingerprint from the profile in",
        ),
        Line::raw(format!("  {config}")),
        Line::raw("and connect again to review the new one."),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.error())
        .title(" Certificate changed ");
    // Wrapped by hand so a long subject or validity goes on under its value.
    let (lines, _) = crate::ui::widgets::scroll::wrap(lines, 0, area.width.saturating_sub(2));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
