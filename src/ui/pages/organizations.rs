//! Organizations: a filterable table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::api::models::Organization;
use crate::app::pages::organizations::OrganizationsPage;
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::rows;

/// Names wider than this are cut, so the other columns stay near them on wide terminals.
const NAME_MAX: u16 = 48;
fn services(o: &Organization) -> String {
    let mut s = Vec::new();
    let on = |b: Option<bool>| b == Some(true);
    if on(o.is_exchange_online) {
        s.push("EXO");
    }
    if on(o.is_share_point_online) {
        s.push("SPO");
    }
    if on(o.is_teams_online) {
        s.push("Teams");
    }
    if on(o.is_teams_chats_online) {
        s.push("chats");
    }
    if on(o.is_exchange) {
        s.push("Exch");
    }
    if on(o.is_sharepoint) {
        s.push("SP");
    }
    if s.is_empty() {
        "—".into()
    } else {
        s.join(" ")
    }
}

fn date(t: Option<crate::api::models::Timestamp>) -> String {
    t.map(|t| {
        t.0.with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    })
    .unwrap_or_else(|| "never".into())
}

pub fn draw(frame: &mut Frame, area: Rect, o: &OrganizationsPage, shared: &Shared, _focused: bool) {
    let area = super::inner(area);
    let t = Theme::current();
    let visible = o.visible();
    let mut title = vec![Span::styled("Organizations", t.title())];
    let count = if o.filter.value().is_empty() {
        format!("  {} organizations", o.items.len())
    } else {
        format!("  {} of {} match", visible.len(), o.items.len())
    };
    title.push(Span::styled(count, t.dim()));
    if o.filtering || !o.filter.value().is_empty() {
        title.push(Span::styled(
            format!("   filter: {}", o.filter.value()),
            t.key(),
        ));
        if o.filtering {
            title.push(Span::styled("▏", t.key()));
        }
    }
    frame.render_widget(
        Paragraph::new(Line::from(title)),
        Rect { height: 1, ..area },
    );
    let body = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    if let Some(e) = &o.error {
        frame.render_widget(
            Paragraph::new(Line::styled(e.clone(), t.error())).wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    if o.loading && o.items.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("Loading organizations…", t.dim())),
            body,
        );
        return;
    }
    if visible.is_empty() {
        let msg = if o.items.is_empty() {
            "No organizations yet: press a to add one."
        } else {
            "No organization matches the filter."
        };
        frame.render_widget(Paragraph::new(Line::styled(msg, t.dim())), body);
        return;
    }
    let wide = area.width >= 100;
    // Only the rows that fit are built.
    let rows_fit = body.height.saturating_sub(1) as usize;
    let first = o.selected.saturating_sub(rows_fit.saturating_sub(1));
    let table_rows = visible
        .iter()
        .enumerate()
        .skip(first)
        .take(rows_fit)
        .map(|(pos, &i)| {
            let org = &o.items[i];
            let style = if pos == o.selected {
                t.selected()
            } else {
                Style::new()
            };
            let last = date(org.last_backuptime);
            let cells = [
                org.display_name().to_string(),
                org.kind.as_ref().map(|k| k.to_string()).unwrap_or_default(),
                org.region
                    .as_ref()
                    .map(|r| shared.version().region_name(r))
                    .unwrap_or_default(),
                services(org),
                (if org.is_backedup == Some(true) {
                    "yes"
                } else {
                    "no"
                })
                .to_string(),
                if wide {
                    last
                } else {
                    last.chars().take(10).collect()
                },
            ];
            (cells, style)
        });
    let widths = if wide {
        [
            Constraint::Max(NAME_MAX),
            Constraint::Length(10),
            Constraint::Length(13),
            Constraint::Length(18),
            Constraint::Length(6),
            Constraint::Length(16),
        ]
    } else {
        [
            Constraint::Max(NAME_MAX),
            Constraint::Length(9),
            Constraint::Length(12),
            Constraint::Length(12),
            Constraint::Length(3),
            Constraint::Length(10),
        ]
    };
    let header = [
        "Name",
        "Type",
        "Region",
        "Services",
        if wide { "Backed" } else { "Bk" },
        if wide { "Last backup" } else { "Last" },
    ];
    rows::table(frame, body, widths, (header, t.dim()), table_rows);
}
