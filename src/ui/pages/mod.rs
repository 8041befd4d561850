//! One pure draw per page, with the same names as `app/pages/`; the registry there lists
//! them, so adding a page is its file here and nothing else in this folder.

use crate::clock::Clock;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

pub(crate) use super::{column, fingerprint_lines};
use crate::api::models::{RestoreSession, Timestamp};
use crate::app::pages::PageState;
use crate::app::shared::Shared;

/// The drawing side of the registry: a module of the same name as each page's, whose
/// `draw(frame, area, &page, &shared, focused)` draws it.
macro_rules! ui_pages {
    ($($variant:ident => $module:ident :: $ty:ident, sample $sample:expr
        $(, palette $name:literal for $who:ident)?;)*) => {
        $(mod $module;)*

        /// Draws the page; `focused` is false while a modal is open (no cursor then).
        pub fn draw(frame: &mut Frame, area: Rect, page: &PageState, shared: &Shared, focused: bool) {
            match page {
                $(PageState::$variant(p) => $module::draw(frame, area, p, shared, focused),)*
            }
        }
    };
}

crate::app::pages::page_list!(ui_pages);

/// A form whose first field picks what to act on, drawn in that choice's own words: the
/// verb and what ("Save mailbox Adele Vance"), the fields shown now, and a note below them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn what_form<K: Copy + PartialEq + std::fmt::Debug>(
    frame: &mut Frame,
    area: Rect,
    focused: bool,
    verb: &str,
    words: &str,
    form: &crate::app::forms::Form<K>,
    visible: &[K],
    what: K,
    note: &str,
) {
    use ratatui::text::Span;
    let t = crate::ui::theme::Theme::current();
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{verb} "), t.title()),
            Span::raw(words.to_string()),
        ]),
        Line::raw(""),
    ];
    let mut out = crate::ui::widgets::form::FormLines::new(lines, area.width);
    for (i, key) in visible.iter().enumerate() {
        let on = i == form.focus;
        if *key == what {
            // Its choices are words made for the page, not fixed labels.
            out.field_with(form.get(*key), on, format!("◂ {words} ▸"));
        } else {
            out.field(form.get(*key), on, None);
        }
    }
    out.lines.push(Line::raw(""));
    out.lines.push(Line::styled(format!(" {note}"), t.dim()));
    out.draw(frame, area, focused);
}

/// The glyph and style of a severity: the glyph says it without colour.
pub(crate) fn severity_mark(
    s: crate::app::server_state::Severity,
    t: &crate::ui::theme::Theme,
) -> (&'static str, ratatui::style::Style) {
    use crate::app::server_state::Severity;
    match s {
        Severity::Failed => ("✗", t.error()),
        Severity::Warning => ("!", t.warning()),
        Severity::Fine => ("✓", t.ok()),
    }
}

/// A job session's status as one glyph: a strip of them says a job's last nights.
pub(crate) fn status_glyph(status: &str) -> char {
    match status {
        "Success" => '✓',
        "Warning" => '!',
        "Failed" => '✗',
        "Running" => '▸',
        _ => '·',
    }
}

/// The body less a column on each side.
pub(crate) fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    }
}

/// A time in the operator's zone, to the second.
pub(crate) fn local(clock: &Clock, t: Timestamp) -> String {
    clock.local(t.0).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// A time in the operator's zone with the zone named: `2026-11-24 10:30:00 (UTC+01:00)`.
pub(crate) fn local_named(clock: &Clock, t: Timestamp) -> String {
    format!("{} ({})", local(clock, t), clock.zone())
}

/// When a restore session ended, or that it still runs.
pub(crate) fn ended(clock: &Clock, s: &RestoreSession) -> String {
    match s.ended_at() {
        Some(t) => local(clock, t),
        None if s.is_working() => "running".into(),
        None => "—".into(),
    }
}

/// The first row to draw so that the selection is visible in `height` rows; the list engine
/// scrolls, and this keeps its choice unless this frame's height differs.
pub(crate) fn first_row(first_visible: u64, selected: u64, height: u64) -> u64 {
    let first = first_visible.min(selected);
    if selected >= first + height.max(1) {
        selected + 1 - height.max(1)
    } else {
        first
    }
}

/// A page's title line on the first row of `area`, cut between words when it is too long.
pub(crate) fn title_row(frame: &mut Frame, area: Rect, title: Line) {
    let title = crate::ui::widgets::rows::fit_title(title, usize::from(area.width));
    frame.render_widget(
        ratatui::widgets::Paragraph::new(title),
        Rect { height: 1, ..area },
    );
}

/// A list page's frame: its title line, and the body two lines below it.
pub(crate) fn list_frame(frame: &mut Frame, area: Rect, title: Line) -> Rect {
    title_row(frame, area, title);
    Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    }
}

/// A list's failed request in its body, with the key that tries again. True when drawn.
pub(crate) fn list_error(frame: &mut Frame, body: Rect, error: Option<&str>) -> bool {
    let Some(e) = error else {
        return false;
    };
    let t = crate::ui::theme::Theme::current();
    frame.render_widget(
        ratatui::widgets::Paragraph::new(vec![
            Line::styled(e.to_string(), t.error()),
            Line::styled(
                format!(
                    "{} tries again.",
                    crate::app::keymap::key_for(crate::app::keymap::Intent::Refresh)
                ),
                t.dim(),
            ),
        ])
        .wrap(ratatui::widgets::Wrap { trim: true }),
        body,
    );
    true
}
