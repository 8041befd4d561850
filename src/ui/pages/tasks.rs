//! Tasks: one line a download (state, name, bytes, rate, time), the selected one in full
//! below the list.

use std::path::Path;
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::keymap::{Intent, Table, key_in};
use crate::app::pages::tasks::{TasksPage, alternative};
use crate::app::shared::Shared;
use crate::jobs::{JobState as Task, Kind, Outcome, Status};
use crate::ui::theme::Theme;
use crate::ui::widgets::rows::cut;
use crate::units::human_bytes;

/// 4 s, 2 min 05 s, 1 h 02 min.
fn span(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, s / 60 % 60),
    }
}

/// A download's file name; a restore's words.
fn file_name(task: &Task) -> String {
    if task.is_restore() {
        return task.title.clone();
    }
    task.path()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The state column and its style.
fn state(task: &Task, t: &Theme) -> (String, Style) {
    match &task.status {
        Status::Running { .. } if task.is_restore() => ("restoring".into(), t.warning()),
        Status::Running { .. } if task.cancelling => ("cancelling".into(), t.warning()),
        Status::Running { done, total } => {
            let share = total
                .filter(|t| *t > 0)
                .map(|t| format!(" {:>3}%", done.saturating_mul(100) / t))
                .unwrap_or_default();
            (format!("saving{share}"), t.warning())
        }
        Status::Failed { .. } => ("failed".into(), t.error()),
        Status::Finished { outcome, .. } => match outcome {
            Outcome::Saved { .. } => ("saved".into(), t.ok()),
            Outcome::Cancelled => ("cancelled".into(), t.dim()),
            Outcome::Restored(stats) if stats.failed_items_count.unwrap_or(0) > 0 => {
                ("some failed".into(), t.warning())
            }
            Outcome::Restored(stats) if stats.sent.is_some() => ("sent".into(), t.ok()),
            Outcome::Restored(_) => ("restored".into(), t.ok()),
        },
    }
}

/// Bytes, rate and time: "3.2 MB of 4.0 MB · 41 MB/s · 2 s".
fn progress(task: &Task, shared: &Shared) -> String {
    let now = shared.now;
    // Fixed widths, so the columns stay put while the numbers change.
    let rate = format!("{:>8}/s", human_bytes(task.rate(now) as u64));
    let elapsed = format!("{:>10}", span(task.elapsed(now)));
    match (&task.status, task.is_restore()) {
        (
            Status::Running {
                done,
                total: Some(total),
            },
            true,
        ) => format!("{done} of {total} items · {elapsed}"),
        (Status::Running { done, total }, false) => {
            let of = total
                .map(|t| format!(" of {}", human_bytes(t)))
                .unwrap_or_default();
            format!("{}{of} · {rate} · {elapsed}", human_bytes(*done))
        }
        (
            Status::Finished {
                outcome: Outcome::Saved { bytes, .. },
                ..
            },
            _,
        ) => format!("{} · {rate} · {elapsed}", human_bytes(*bytes)),
        _ => elapsed,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, page: &TasksPage, shared: &Shared, _focused: bool) {
    let t = Theme::current();
    let area = super::inner(area);
    let tasks: Vec<&Task> = shared.my_tasks().collect();
    let running = tasks.iter().filter(|t| t.is_running()).count();
    let title = Line::from(vec![
        Span::styled("Tasks ", t.title()),
        Span::styled(
            format!("{} running, {} in all (this run)", running, tasks.len()),
            t.dim(),
        ),
    ]);
    let text = page
        .task(shared)
        .map(|task| detail_lines(task, shared.demo, t, area.width))
        .unwrap_or_default();
    // The details take what they need, up to half the page.
    let detail_height = (text.len() as u16 + 1).clamp(5, (area.height / 2).max(5));
    let [head, list, detail] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(detail_height),
    ])
    .areas(area);
    super::title_row(frame, head, title);
    if tasks.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "Nothing yet. In a restore session, {} saves and {} restores what is selected.",
                    key_in(Table::Browse, Intent::Save),
                    key_in(Table::Browse, Intent::Restore)
                ),
                t.dim(),
            ))
            .wrap(Wrap { trim: false }),
            list,
        );
        return;
    }
    let w = list.width as usize;
    let height = list.height as usize;
    let first = page.selected.saturating_sub(height.saturating_sub(1));
    // The name column is as wide as the longest name shown, so on a wide terminal the
    // progress and duration stay next to the name rather than at the far edge.
    let longest = tasks
        .iter()
        .skip(first)
        .take(height)
        .map(|task| file_name(task).chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = tasks
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, task)| {
            let (word, style) = state(task, t);
            let on = i == page.selected;
            let progress = progress(task, shared);
            let name_w = w
                .saturating_sub(14 + progress.chars().count() + 2)
                .min(longest)
                .max(8);
            let row = Line::from(vec![
                Span::raw(if on { "›" } else { " " }),
                Span::styled(format!("{word:<12} "), style),
                Span::raw(format!("{:<name_w$}  ", cut(&file_name(task), name_w))),
                Span::styled(progress, t.dim()),
            ]);
            if on { row.style(t.selected()) } else { row }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), detail);
}

/// The selected task in full: what, where or with what, and how it ended.
fn detail_lines(task: &Task, demo: bool, t: &Theme, width: u16) -> Vec<Line<'static>> {
    if task.is_restore() {
        return restore_lines(task, t, width);
    }
    let mut text = vec![
        Line::from(vec![
            Span::styled("What  ", t.dim()),
            Span::raw(task.title.clone()),
        ]),
        Line::from(vec![
            Span::styled("File  ", t.dim()),
            Span::raw(task.path().unwrap_or(Path::new("")).display().to_string()),
        ]),
    ];
    if let Some(failure) = task.failure() {
        text.push(Line::styled(failure.reason.clone(), t.error()));
    }
    if demo && matches!(task.status, Status::Finished { outcome: Outcome::Saved { .. }, .. }) {
        text.push(Line::styled(crate::app::shared::DEMO_FILES, t.dim()));
    }
    if alternative(task).is_some() {
        text.push(Line::styled(
            format!(
                "The server cannot write PST files: {} saves the items as MSG instead.",
                key_in(Table::TasksNoOutlook, Intent::Alternative)
            ),
            t.warning(),
        ));
    } else if task.failure().is_some_and(|f| f.outlook_missing) {
        text.push(Line::styled(
            "The server cannot write PST files; select the items inside and save them as MSG (s).",
            t.warning(),
        ));
    }
    text
}

/// A restore: what, with which credential, the counts, and every error and warning text.
fn restore_lines(task: &Task, t: &Theme, width: u16) -> Vec<Line<'static>> {
    let row = |k: &str, v: String| crate::ui::widgets::scroll::labelled(k, v, width, 6, t.dim());
    let mut text = row("What", task.title.clone());
    if let Kind::Restore { credential, .. } = &task.kind {
        text.extend(row("With", credential.clone()));
    }
    match &task.status {
        Status::Running { .. } => text.push(Line::styled(
            "Sent once; waiting for the server (a restore is never sent again on its own).",
            t.dim(),
        )),
        Status::Finished {
            outcome: Outcome::Restored(stats),
            ..
        } => {
            text.extend(row("Done", stats.summary()));
            text.extend(
                stats
                    .errors()
                    .into_iter()
                    .map(|e| Line::styled(e, t.error())),
            );
            text.extend(
                stats
                    .warnings()
                    .iter()
                    .map(|w| Line::styled(w.clone(), t.warning())),
            );
        }
        Status::Failed { failure, .. } => {
            text.push(Line::styled(failure.reason.clone(), t.error()))
        }
        Status::Finished { .. } => {}
    }
    text
}
