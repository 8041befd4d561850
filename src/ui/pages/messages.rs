//! Messages: one entry a message (time, page, the whole text wrapped), newest at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::pages::messages::MessagesPage;
use crate::app::shared::Shared;
use crate::ui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, page: &MessagesPage, shared: &Shared, _focused: bool) {
    let t = Theme::current();
    let area = super::inner(area);
    let all = shared.status.history();
    let title = Line::from(vec![
        Span::styled("Messages ", t.title()),
        Span::styled(
            format!("of this run, newest last, times in {}", shared.clock.zone()),
            t.dim(),
        ),
    ]);
    let body = super::list_frame(frame, area, title);
    if all.is_empty() {
        let none = Line::styled("No message yet.", t.dim());
        frame.render_widget(Paragraph::new(none), body);
        return;
    }
    // From the newest shown (`back` from the end) upwards, as many as fit once wrapped.
    let width = usize::from(body.width.max(1));
    let newest = all.len() - page.back.min(all.len() - 1);
    let mut rows = 0;
    let mut first = newest;
    while first > 0 {
        let m = &all[first - 1];
        let len = m.at.len() + m.page.chars().count() + m.text.chars().count() + 4;
        let need = len.div_ceil(width).max(1);
        if rows + need > usize::from(body.height) && first != newest {
            break;
        }
        rows += need;
        first -= 1;
    }
    let lines: Vec<Line> = all[first..newest]
        .iter()
        .map(|m| {
            Line::from(vec![
                Span::styled(format!("{} ", m.at), t.dim()),
                Span::styled(format!("{}  ", m.page), t.key()),
                Span::raw(m.text.clone()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
}
