//! Tasks: one line a download (state, name, bytes, rate, time), the selected one in full
//! below the list.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::keymap::{Intent, Table, key_in};
use crate::app::pages::tasks::{Entry, TasksPage, alternative, retryable};
use crate::app::shared::Shared;
use crate::jobs::{JobState as Task, Outcome, Status};
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
    let word = task.word();
    if let Status::Running { done, total } = &task.status
        && !task.is_restore()
        && !task.cancelling
    {
        let share = total
            .filter(|t| *t > 0)
            .map(|t| format!(" {:>3}%", done.saturating_mul(100) / t))
            .unwrap_or_default();
        return (format!("{word}{share}"), t.warning());
    }
    (word.to_string(), word_style(word, t))
}

/// The style of a state word, never the only sign of it: the word says it too.
fn word_style(word: &str, t: &Theme) -> Style {
    match word {
        "failed" => t.error(),
        "cancelled" => t.dim(),
        "some failed" | "restoring" | "saving" | "cancelling" => t.warning(),
        _ => t.ok(),
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
    let entries = page.entries(shared);
    let running = shared.my_tasks().filter(|t| t.is_running()).count();
    let this_run = entries.iter().filter(|e| matches!(e, Entry::Task(_))).count();
    let earlier = entries.len() - this_run;
    let mut counts = format!("{running} running, {this_run} in this run");
    if earlier > 0 {
        counts.push_str(&format!(", {earlier} earlier"));
    }
    let title = Line::from(vec![Span::styled("Tasks ", t.title()), Span::styled(counts, t.dim())]);
    let selected = entries.get(page.selected).copied();
    let width = area.width;
    if page.details {
        let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
        super::title_row(frame, head, title);
        let lines = selected.map(|e| detail_lines(e, shared, t, width)).unwrap_or_default();
        let lines = crate::ui::widgets::scroll::from_top(lines, page.scroll, body.height as usize, t.dim());
        frame.render_widget(Paragraph::new(lines), body);
        return;
    }
    let text = selected.map(|e| detail_lines(e, shared, t, width)).unwrap_or_default();
    let filter_row = u16::from(page.filtering || !page.filter.value().is_empty());
    // The details take what they need, up to half the page.
    let detail_height = (text.len() as u16 + 1).clamp(5, (area.height / 2).max(5));
    let [head, filter, list, detail] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(filter_row),
        Constraint::Min(3),
        Constraint::Length(detail_height),
    ])
    .areas(area);
    super::title_row(frame, head, title);
    if filter_row > 0 {
        let cursor = if page.filtering { "▏" } else { "" };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("Filter: ", t.dim()),
                Span::raw(format!("{}{cursor}", page.filter.value())),
            ])),
            filter,
        );
    }
    if entries.is_empty() {
        let text = if filter_row > 0 {
            "No task contains these words.".to_string()
        } else {
            format!(
                "Nothing yet. In a restore session, {} saves and {} restores what is selected.",
                key_in(Table::Browse, Intent::Save),
                key_in(Table::Browse, Intent::Restore)
            )
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, t.dim())).wrap(Wrap { trim: false }),
            list,
        );
        return;
    }
    let rows = list_lines(&entries, this_run, page.selected, list, shared, t);
    frame.render_widget(Paragraph::new(rows), list);
    // A pane too short for it all says how much more Enter shows.
    let text = crate::ui::widgets::scroll::from_top(text, 0, detail.height as usize, t.dim());
    frame.render_widget(Paragraph::new(text), detail);
}

/// The rows in view: this run's tasks, a heading, then the earlier runs' records. Only the
/// rows in view are made, however long the record is.
fn list_lines(
    entries: &[Entry],
    this_run: usize,
    selected: usize,
    list: Rect,
    shared: &Shared,
    t: &Theme,
) -> Vec<Line<'static>> {
    let w = list.width as usize;
    let height = list.height as usize;
    let has_heading = entries.len() > this_run;
    // Entry i is on line i, or one further down below the heading.
    let line_of = |i: usize| if has_heading && i >= this_run { i + 1 } else { i };
    let total = entries.len() + usize::from(has_heading);
    let first = line_of(selected).saturating_sub(height.saturating_sub(1));
    let shown: Vec<(usize, Option<usize>)> = (first..total.min(first + height))
        .map(|line| match line {
            l if has_heading && l == this_run => (l, None),
            l if has_heading && l > this_run => (l, Some(l - 1)),
            l => (l, Some(l)),
        })
        .collect();
    // The name column is as wide as the longest name shown, so on a wide terminal the
    // progress and duration stay next to the name rather than at the far edge.
    let longest = shown
        .iter()
        .filter_map(|(_, i)| i.map(|i| entry_name(&entries[i]).chars().count()))
        .max()
        .unwrap_or(0);
    shown
        .into_iter()
        .map(|(_, i)| {
            let Some(i) = i else {
                return Line::styled("Earlier runs (a record only)", t.dim());
            };
            let (word, style, tail) = match entries[i] {
                Entry::Task(task) => {
                    let (word, style) = state(task, t);
                    (word, style, progress(task, shared))
                }
                Entry::Earlier(r) => (r.state.clone(), word_style(&r.state, t), when(r.ended, shared, false)),
            };
            let on = i == selected;
            let name_w = w.saturating_sub(14 + tail.chars().count() + 2).min(longest).max(8);
            let row = Line::from(vec![
                Span::raw(if on { "›" } else { " " }),
                Span::styled(format!("{word:<12} "), style),
                Span::raw(format!("{:<name_w$}  ", cut(&entry_name(&entries[i]), name_w))),
                Span::styled(tail, t.dim()),
            ]);
            if on { row.style(t.selected()) } else { row }
        })
        .collect()
}

/// A download's file name; a restore's words; an earlier task's words.
fn entry_name(entry: &Entry) -> String {
    match entry {
        Entry::Task(task) => file_name(task),
        Entry::Earlier(r) if r.kind == "save" => std::path::Path::new(&r.to)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| r.what.clone()),
        Entry::Earlier(r) => r.what.clone(),
    }
}

/// A time as the operator reads it: "Tue 1 Dec 09:30", with the year and the zone named
/// when `full`.
fn when(at: chrono::DateTime<chrono::Utc>, shared: &Shared, full: bool) -> String {
    let local = shared.clock.local(at);
    if full {
        format!("{} ({})", local.format("%a %-d %b %Y %H:%M:%S"), shared.clock.zone())
    } else {
        local.format("%a %-d %b %H:%M").to_string()
    }
}

/// The selected task or record in full: what, from, to, with, who, when, how it ended, and
/// every error and warning.
fn detail_lines(entry: Entry, shared: &Shared, t: &Theme, width: u16) -> Vec<Line<'static>> {
    let (record, task) = match entry {
        Entry::Task(task) => (task.as_record(), Some(task)),
        Entry::Earlier(r) => (r.clone(), None),
    };
    let row = |k: &str, v: String| crate::ui::widgets::scroll::labelled(k, v, width, 9, t.dim());
    // What and how it ended first: in a short pane they are what shows.
    let mut text = row("What", record.what.clone());
    match task {
        Some(task) if task.is_running() => {
            text.extend(row("Running", span(task.elapsed(shared.now))));
            if task.is_restore() {
                text.push(Line::styled(
                    "Sent once; waiting for the server (a restore is never sent again on its own).",
                    t.dim(),
                ));
            }
        }
        _ => {
            let style = word_style(&record.state, t);
            text.extend(
                row("Result", format!("{}: {}", record.state, record.result))
                    .into_iter()
                    .map(|l| l.style(style)),
            );
        }
    }
    text.extend(record.errors.iter().map(|e| Line::styled(e.clone(), t.error())));
    text.extend(record.warnings.iter().map(|w| Line::styled(w.clone(), t.warning())));
    let to = if record.kind == "save" { "File" } else { "To" };
    text.extend(row(to, record.to.clone()));
    if !record.from.is_empty() {
        text.extend(row("From", record.from.clone()));
    }
    if !record.with.is_empty() {
        text.extend(row("With", record.with.clone()));
    }
    if !record.who.is_empty() {
        text.extend(row("Who", record.who.clone()));
    }
    text.extend(row("Started", when(record.started, shared, true)));
    if !task.is_some_and(|t| t.is_running()) {
        text.extend(row("Ended", when(record.ended, shared, true)));
    }
    if let Some(task) = task {
        text.extend(task_hints(task, shared.demo, t));
    }
    // Wrapped here, so a pane counts the rows it shows.
    crate::ui::widgets::scroll::wrap(text, 0, width).0
}

/// What the operator can do about a task of this run: the demo's placeholder files, MSG
/// instead of a refused PST, doing it again.
fn task_hints(task: &Task, demo: bool, t: &Theme) -> Vec<Line<'static>> {
    let mut text = Vec::new();
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
    } else if retryable(task) {
        text.push(Line::styled(
            format!(
                "{} opens its form again, filled in; nothing is sent until you confirm it there.",
                key_in(Table::TasksFailed, Intent::Retry)
            ),
            t.dim(),
        ));
    }
    text
}
