//! Save: what is saved, then the form (format, split, folder, name).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::pages::save::{SaveKey, SavePage};
use crate::app::shared::Shared;

pub fn draw(frame: &mut Frame, area: Rect, page: &SavePage, _shared: &Shared, focused: bool) {
    let area = super::inner(area);
    super::what_form(
        frame,
        area,
        focused,
        "Save",
        &page.chosen().words,
        &page.form,
        &page.visible(),
        SaveKey::What,
        &format!(
            "The file is written under a hidden temporary name and renamed when complete; a failed or cancelled download leaves nothing behind. {} shows running downloads.",
            crate::app::keymap::key_for(crate::app::keymap::Intent::Tasks)
        ),
    );
}
