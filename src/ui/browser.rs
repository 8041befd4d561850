//! The contents of a restore session: a virtualized list that shows only the rows in view
//! and a loading row where a page is still on its way.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::api::Listing;
use crate::app::state::App;

fn what(listing: &Listing) -> &'static str {
    match listing {
        Listing::Mailboxes => "Mailboxes",
        Listing::OneDrives => "OneDrives",
        Listing::Sites { .. } => "Sites",
        Listing::Teams { .. } => "Teams",
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = Theme::current();
    let Some(b) = &app.browser else { return };
    let area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let counts = match b.total {
        Some(n) => format!("  {} of {n} loaded", b.loaded()),
        None => format!("  {} loaded, more on the server", b.loaded()),
    };
    let mut title = vec![
        Span::styled(what(&b.listing), t.title()),
        Span::styled(counts, t.dim()),
    ];
    if let Some((_, name)) = &b.parent {
        title.push(Span::styled(
            format!("  under {name} (Esc: back to top level)"),
            t.dim(),
        ));
    }
    if let Listing::Teams {
        display_name: Some(n),
    } = &b.listing
    {
        title.push(Span::styled(format!("  server search: {n}"), t.key()));
    }
    if b.filtering || !b.filter.value().is_empty() {
        title.push(Span::styled(
            format!(
                "  filter: {}{}",
                b.filter.value(),
                if b.filtering { "▏" } else { "" }
            ),
            t.key(),
        ));
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
    if let Some(e) = &b.error {
        frame.render_widget(
            Paragraph::new(Line::styled(e.clone(), t.error())).wrap(Wrap { trim: true }),
            Rect {
                height: 3.min(body.height),
                ..body
            },
        );
    }
    if b.details {
        let item = if b.filter.value().is_empty() {
            b.item(b.selected)
        } else {
            b.filtered()
                .get(b.selected as usize)
                .and_then(|&i| b.item(i))
        };
        if let Some(it) = item {
            let lines = vec![
                Line::styled(it.title.clone(), t.title()),
                Line::raw(""),
                Line::from(vec![
                    Span::styled("Id        ", t.dim()),
                    Span::raw(it.id.clone()),
                ]),
                Line::from(vec![
                    Span::styled("Address   ", t.dim()),
                    Span::raw(it.detail.clone()),
                ]),
                Line::from(vec![
                    Span::styled("Flags     ", t.dim()),
                    Span::raw(if it.flags.is_empty() {
                        "—".into()
                    } else {
                        it.flags.clone()
                    }),
                ]),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        }
        return;
    }
    let height = body.height as u64;
    let filtered = !b.filter.value().is_empty();
    let rows = if filtered {
        b.filtered().len() as u64
    } else {
        b.rows()
    };
    if rows == 0 {
        frame.render_widget(Paragraph::new(Line::styled("Nothing here.", t.dim())), body);
        return;
    }
    let first = b.selected.saturating_sub(height.saturating_sub(1));
    let matches = if filtered { b.filtered() } else { Vec::new() };
    let title_w = (body.width as usize * 2 / 5).max(12);
    let buf = frame.buffer_mut();
    for (y, row) in (body.y..body.y + body.height).zip(first..rows) {
        let index = if filtered { matches[row as usize] } else { row };
        let style = if row == b.selected {
            t.selected()
        } else {
            Style::new()
        };
        // Written cell by cell into the buffer: this list redraws on every key.
        let (x, right) = (body.x, body.x + body.width);
        let put = |buf: &mut ratatui::buffer::Buffer, x: u16, text: &str, width: usize, style| {
            let width = width.min(right.saturating_sub(x) as usize);
            buf.set_stringn(x, y, text, width, style).0
        };
        let x = put(buf, x, &format!("{:>7} ", index + 1), 8, t.dim());
        match b.item(index) {
            Some(it) => {
                let end = put(buf, x, &it.title, title_w, style);
                // Pad the title so the selection bar has the same width on every row.
                buf.set_style(
                    Rect::new(
                        end,
                        y,
                        (x + title_w as u16 + 1).min(right).saturating_sub(end),
                        1,
                    ),
                    style,
                );
                let x = (x + title_w as u16 + 1).min(right);
                let x = put(buf, x, &it.detail, usize::MAX, Style::new());
                if !it.flags.is_empty() {
                    put(buf, x, &format!("  [{}]", it.flags), usize::MAX, t.dim());
                }
            }
            None => {
                buf.set_style(Rect::new(body.x, y, body.width, 1), style);
                put(buf, x, "loading…", usize::MAX, t.warning());
            }
        }
    }
}
