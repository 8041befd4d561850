//! Device code: get a VB365 device code for a region and watch it being used.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::pages::device_code::DeviceCodePage;
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::device_code;
use crate::app::keymap::{Intent, Table, key_in};

pub fn draw(frame: &mut Frame, area: Rect, page: &DeviceCodePage, shared: &Shared, _focused: bool) {
    let t = Theme::current();
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    if let Some(panel) = &page.code {
        device_code::draw(frame, inner, panel, shared.now, &shared.clock);
        return;
    }
    let mut regions = vec![Span::styled(" Region  ", t.dim())];
    for (i, r) in shared.regions().iter().enumerate() {
        let style = if i == page.region {
            t.selected()
        } else {
            t.dim()
        };
        regions.push(Span::styled(format!(" {} ", r.short()), style));
    }
    let lines = vec![
        Line::styled("Device code", t.title()),
        Line::raw(""),
        Line::raw(
            "Get a VB365 device code to sign in to Microsoft 365 for a region; the server checks when it has been used, and Enter then adds an organization with it.",
        ),
        Line::raw(""),
        Line::from(regions),
        Line::raw(""),
        Line::styled(
            format!(
                "{} {} choose the region, {} gets a code.",
                key_in(Table::DeviceCode, Intent::Left),
                key_in(Table::DeviceCode, Intent::Right),
                key_in(Table::DeviceCode, Intent::Submit)
            ),
            t.dim(),
        ),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        },
    );
}
