//! Save: what is saved, then the form (format, split, folder, name).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::pages::save::{SaveKey, SavePage};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::FormLines;

pub fn draw(frame: &mut Frame, area: Rect, page: &SavePage, _shared: &Shared, focused: bool) {
    let t = Theme::current();
    let area = super::inner(area);
    let lines = vec![
        Line::from(vec![
            Span::styled("Save ", t.title()),
            Span::raw(page.chosen().words.clone()),
        ]),
        Line::raw(""),
    ];
    let mut out = FormLines::new(lines);
    for (i, key) in page.visible().iter().enumerate() {
        let on = i == page.form.focus;
        match key {
            // Its choices are words made for this page, not fixed labels.
            SaveKey::What => out.field_with(
                page.form.get(*key),
                on,
                format!("◂ {} ▸", page.chosen().words),
            ),
            _ => out.field(page.form.get(*key), on, None),
        }
    }
    out.lines.push(Line::raw(""));
    out.lines.push(Line::styled(
        " The file is written under a hidden temporary name and renamed when complete; a failed or cancelled download leaves nothing behind. t shows running downloads.",
        t.dim(),
    ));
    out.draw(frame, area, focused);
}
