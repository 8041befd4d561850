//! Home: who and where, and the way to every screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::pages::home::{HomeEntry, HomePage};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, page: &HomePage, shared: &Shared, _focused: bool) {
    let t = Theme::current();
    let col = super::column(area, 76);
    let row = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!(" {k:<12}"), t.dim()),
            Span::raw(v),
        ])
    };
    let server = shared.server.as_ref();
    let session = shared.identity.as_ref();
    let mut lines = vec![
        Line::styled("Home", t.title()),
        Line::raw(""),
        row("Server", server.map(|s| s.url.clone()).unwrap_or_default()),
        row(
            "Build",
            server
                .and_then(|s| s.build.clone())
                .unwrap_or_else(|| "…".into()),
        ),
        row(
            "API",
            server
                .and_then(|s| s.version)
                .map(|v| v.to_string())
                .unwrap_or_default(),
        ),
        row(
            "Signed in",
            session.map(|s| s.user_name.clone()).unwrap_or_default(),
        ),
        row(
            "Token until",
            session
                .map(|s| {
                    super::local_named(&shared.clock, crate::api::models::Timestamp(s.expires_utc))
                })
                .unwrap_or_default(),
        ),
    ];
    // A tenant's or restore operator's backups, in words.
    match &page.mine {
        // Wrapped under its own column: it is a sentence, not a value.
        Some(Ok(words)) => lines.extend(crate::ui::widgets::scroll::labelled(
            " Backups",
            words.clone(),
            col.width,
            13,
            t.dim(),
        )),
        Some(Err(e)) => lines.push(Line::from(vec![
            Span::styled(format!(" {:<12}", "Backups"), t.dim()),
            Span::styled(e.clone(), t.warning()),
        ])),
        None => {}
    }
    lines.push(Line::raw(""));
    for (i, e) in HomeEntry::for_role(shared).iter().enumerate() {
        let selected = i == page.selected;
        let style = if selected {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        let entry = Line::from(vec![
            Span::styled(
                format!(" {} {:<18}", if selected { "›" } else { " " }, e.label()),
                style,
            ),
            Span::styled(format!(" {}", e.description()), t.dim()),
        ]);
        // A description cut short says so, between words.
        lines.push(crate::ui::widgets::rows::fit_title(entry, usize::from(col.width)));
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            y: col.y + 1,
            height: col.height.saturating_sub(1),
            ..col
        },
    );
}
