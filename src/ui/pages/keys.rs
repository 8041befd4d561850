//! Keys: one line a binding (table, action, keys, what it does), scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::pages::keys::{KeysPage, key_lines};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::rows::cut;

pub fn draw(frame: &mut Frame, area: Rect, page: &KeysPage, _shared: &Shared, _focused: bool) {
    let t = Theme::current();
    let area = super::inner(area);
    let title = Line::from(vec![
        Span::styled("Keys ", t.title()),
        Span::styled(
            "in the config file: [keys.TABLE] ACTION = [\"key\"]",
            t.dim(),
        ),
    ]);
    let body = super::list_frame(frame, area, title);
    let w = body.width as usize;
    let head = format!("{:<24} {:<14} {:<12} {}", "Table", "Action", "Keys", "Does");
    let mut lines = vec![Line::styled(cut(&head, w).into_owned(), t.dim())];
    let all = key_lines();
    let room = usize::from(body.height.saturating_sub(1));
    lines.extend(all.iter().skip(page.scroll).take(room).map(|k| {
        let row = format!("{:<24} {:<14} {:<12} {}", k.table, k.action, k.keys, k.desc);
        Line::raw(cut(&row, w).into_owned())
    }));
    frame.render_widget(Paragraph::new(lines), body);
}
