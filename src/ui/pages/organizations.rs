//! Organizations: a filterable table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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

fn date(clock: &crate::clock::Clock, t: Option<crate::api::models::Timestamp>) -> String {
    t.map(|t| clock.local(t.0).format("%Y-%m-%d %H:%M").to_string())
    .unwrap_or_else(|| "never".into())
}

/// "3 organizations", "1 of 3 match", or how far loading has got.
fn counts(o: &OrganizationsPage) -> String {
    let l = &o.list;
    if let Some(p) = l.filter_progress() {
        return match p.total {
            Some(t) if p.complete => format!("  {} of {t} match", p.matches),
            Some(t) => format!("  {} among {} of {t} loaded", p.matches, p.loaded),
            None => format!(
                "  {} among {} loaded, searching the rest",
                p.matches, p.loaded
            ),
        };
    }
    match l.total() {
        Some(1) => "  1 organization".into(),
        Some(n) => format!("  {n} organizations"),
        None => format!("  {} loaded, more on the server", l.loaded()),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, o: &OrganizationsPage, shared: &Shared, _focused: bool) {
    let area = super::inner(area);
    let t = Theme::current();
    let mut title = vec![Span::styled("Organizations", t.title())];
    title.push(Span::styled(counts(o), t.dim()));
    title.push(Span::styled(
        format!(", times in {}", shared.clock.zone()),
        t.dim(),
    ));
    if o.filtering || !o.filter.value().is_empty() {
        title.push(Span::styled(
            format!("   filter: {}", o.filter.value()),
            t.key(),
        ));
        if o.filtering {
            title.push(Span::styled("▏", t.key()));
        }
    }
    let body = super::list_frame(frame, area, Line::from(title));
    let l = &o.list;
    if super::list_error(frame, body, l.error()) {
        return;
    }
    if l.loaded() == 0 && l.in_flight() > 0 {
        frame.render_widget(
            Paragraph::new(Line::styled("Loading organizations…", t.dim())),
            body,
        );
        return;
    }
    if l.rows() == 0 {
        let msg = match l.filter_progress() {
            Some(p) if !p.complete => "No match yet; still searching…",
            Some(_) => "No organization matches the filter.",
            None => "No organizations yet: press a to add one.",
        };
        frame.render_widget(Paragraph::new(Line::styled(msg, t.dim())), body);
        return;
    }
    let wide = area.width >= 100;
    // Only the rows that fit are built.
    let rows_fit = body.height.saturating_sub(1) as u64;
    let selected = l.selected();
    let first = super::first_row(l.first_visible(), selected, rows_fit);
    let table_rows = (first..l.rows().min(first + rows_fit)).map(|pos| {
        let style = if pos == selected {
            t.selected()
        } else {
            Style::new()
        };
        let Some(org) = l.row(pos) else {
            let mut cells: [String; 6] = Default::default();
            cells[0] = "loading…".into();
            return (cells, style);
        };
        let last = date(&shared.clock, org.last_backuptime);
        let cells = [
            org.display_name().to_string(),
            org.kind
                .as_ref()
                .map(|k| k.short().to_string())
                .unwrap_or_default(),
            org.microsoft_365_region()
                .map(|r| r.short().to_string())
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
    // The last backup is what an operator looks for: it stays when Type and Region go.
    let rank = [0, 5, 4, 3, 1, 2];
    rows::ranked_table(frame, body, widths, rank, (header, t.dim()), table_rows);
}
