//! New restore session: the form that starts one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::local;
use crate::app::pages::new_restore_session::{ExploreKey, NewRestoreSessionPage, parse_local};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::FormLines;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    form: &NewRestoreSessionPage,
    shared: &Shared,
    focused: bool,
) {
    let t = Theme::current();
    let area = super::inner(area);
    let who = match &form.org {
        Some(o) => format!("for {} (as administrator)", o.display_name()),
        None => "for your organization (as tenant)".into(),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled("New restore session ", t.title()),
            Span::styled(who, t.dim()),
        ]),
        Line::raw(""),
    ];
    let mut out = FormLines::new(lines, area.width);
    for (i, key) in form.visible().iter().enumerate() {
        let f = form.form.get(*key);
        let zone = (f.key == ExploreKey::When).then(|| {
            // How the words were read, so "tue" or "-7d" is never a surprise.
            let note = match parse_local(&shared.clock, f.value()) {
                Some(at) => format!(
                    "  ({} {})",
                    shared.clock.local(at.0).format("%a %-d %b %Y %H:%M"),
                    shared.clock.zone()
                ),
                None if f.value().is_empty() => String::new(),
                None => "  (YYYY-MM-DD HH:MM, a day, or -7d)".into(),
            };
            Span::styled(note, t.dim())
        });
        out.field(f, i == form.form.focus, zone);
    }
    let lines = &mut out.lines;
    if let Some(o) = &form.org {
        lines.push(Line::raw(""));
        let first = o
            .first_backuptime
            .map(|t| local(&shared.clock, t))
            .unwrap_or_else(|| "none".into());
        let last = o
            .last_backuptime
            .map(|t| local(&shared.clock, t))
            .unwrap_or_else(|| "none".into());
        lines.push(Line::styled(
            format!(" Backups from {first} to {last}"),
            t.dim(),
        ));
    }
    if let Some(note) = form.backup_note(&shared.clock) {
        lines.push(Line::styled(format!(" ⚠ {note}"), t.warning()));
    }
    if form.submitting.is_some() {
        lines.push(Line::styled(" Starting the session…", t.warning()));
    }
    if let Some(e) = &form.form.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(e.clone(), t.error()));
    }
    out.draw(frame, area, focused);
}
