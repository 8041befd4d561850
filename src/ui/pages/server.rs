//! The server's repositories, proxies and licence, one tab each: a row per repository or
//! proxy with a glyph and its state in words, the selected one in full; the licence and
//! the licensed users who are not backed up.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::api::dashboard::Morning;
use crate::api::models::{Proxy, Repository};
use crate::app::pages::server::{ServerPage, retention_words};
use crate::app::route_args::ServerPart;
use crate::app::server_state::{self, Severity};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::rows::cut;
use crate::units::human_bytes;

pub fn draw(frame: &mut Frame, area: Rect, page: &ServerPage, shared: &Shared, _focused: bool) {
    let t = Theme::current();
    let area = super::inner(area);
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    super::title_row(frame, head, tabs(page.part, t));
    let Some(m) = &page.morning else {
        frame.render_widget(Paragraph::new(Line::styled("Reading…", t.warning())), body);
        return;
    };
    let thresholds = shared.config.today.unwrap_or_default();
    // What could not be read stays as read before, and says so.
    let mut lines: Vec<Line> = m
        .unread
        .iter()
        .map(|u| Line::styled(format!("! not read: {u}"), t.warning()))
        .collect();
    lines.extend(match page.part {
        ServerPart::Repositories => repositories(m, page.selected, body, &thresholds, t),
        ServerPart::Proxies => proxies(m, page.selected, body, shared, &thresholds, t),
        ServerPart::Licence => licence(m, page, body, shared, &thresholds, t),
    });
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
}

/// "[Repositories]  Proxies  Licence": the one shown in brackets, so it reads without colour.
fn tabs(on: ServerPart, t: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("Server  ", t.title())];
    for part in ServerPart::ALL {
        let words = part.words();
        spans.push(match part == on {
            true => Span::styled(format!("[{words}] "), t.selected()),
            false => Span::styled(format!(" {words}  "), t.dim()),
        });
    }
    spans.push(Span::styled("· read every 60 s while shown", t.dim()));
    Line::from(spans)
}

/// One row a thing, its glyph and words; `height` rows with the cursor's visible.
fn rows_of(items: Vec<(Severity, String, String)>, selected: usize, height: usize, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let name_w = items.iter().map(|(_, n, _)| n.chars().count()).max().unwrap_or(0).min(usize::from(width) / 2);
    let first = super::first_row(0, selected as u64, height.max(1) as u64) as usize;
    items
        .into_iter()
        .enumerate()
        .skip(first)
        .take(height.max(1))
        .map(|(i, (severity, name, words))| {
            let (glyph, style) = super::severity_mark(severity, t);
            let rest = usize::from(width).saturating_sub(4 + name_w);
            let on = i == selected;
            let line = Line::from(vec![
                Span::raw(if on { "›" } else { " " }),
                Span::styled(format!("{glyph} "), style),
                Span::raw(format!("{:<name_w$} ", cut(&name, name_w))),
                Span::styled(cut(&words, rest).to_string(), style),
            ]);
            if on { line.style(t.selected()) } else { line }
        })
        .collect()
}

/// The state in words: what is wrong, or "fine".
fn state(said: &[(Severity, String)]) -> String {
    match said.is_empty() {
        true => "fine".into(),
        false => said.iter().map(|(_, w)| w.as_str()).collect::<Vec<_>>().join(" · "),
    }
}

/// Space in words: "1.1 TB free of 4 TB (27 %)", "3.2 TB used of a 4 TB limit (81 %)".
fn space(r: &Repository) -> String {
    if let (Some(cap), Some(free)) = (r.capacity_bytes, r.free_space_bytes) {
        let share = free.saturating_mul(100) / cap.max(1);
        return format!("{} free of {} ({share} % free)", human_bytes(free), human_bytes(cap));
    }
    let Some(o) = &r.object_storage else {
        return String::new();
    };
    let used = o.used_space_bytes.map(human_bytes).unwrap_or_else(|| "?".into());
    match o.size_limit_gb.filter(|_| o.size_limit_enabled == Some(true)) {
        Some(gb) => {
            let limit = gb << 30;
            let share = o.used_space_bytes.unwrap_or(0).saturating_mul(100) / limit.max(1);
            format!("{used} used of a {} limit ({share} %)", human_bytes(limit))
        }
        None => format!("{used} used, no size limit"),
    }
}

fn repositories(m: &Morning, selected: usize, body: Rect, th: &crate::config::Thresholds, t: &Theme) -> Vec<Line<'static>> {
    if m.repositories.is_empty() {
        return vec![Line::styled("The server lists no repositories.", t.dim())];
    }
    let detail_h = 6;
    let items = m
        .repositories
        .iter()
        .map(|r| {
            let said = server_state::repository_troubles(r, th);
            (server_state::worst(&said), r.name.clone(), format!("{} · {}", state(&said), space(r)))
        })
        .collect();
    let height = usize::from(body.height).saturating_sub(detail_h + 1);
    let mut lines = rows_of(items, selected, height, body.width, t);
    lines.push(Line::raw(""));
    if let Some(r) = m.repositories.get(selected) {
        let kind = match &r.object_storage {
            Some(o) => format!("object storage ({})", o.kind.clone().unwrap_or_default()),
            None if r.object_storage_id.is_some() => "local, offloading to object storage".into(),
            None => "local disk".into(),
        };
        let retention = [
            r.retention_type.as_deref().map(|k| match k {
                "ItemLevel" => "item-level".to_string(),
                "SnapshotBased" => "snapshot-based".to_string(),
                other => other.to_string(),
            }),
            r.yearly_retention_period.as_deref().map(retention_words),
        ];
        let retention: Vec<String> = retention.into_iter().flatten().collect();
        let row = |k: &str, v: String| crate::ui::widgets::scroll::labelled(k, v, body.width, 11, t.dim());
        lines.push(Line::styled(r.name.clone(), t.title()));
        lines.extend(row("State", state(&server_state::repository_troubles(r, th))));
        lines.extend(row("Kind", kind));
        lines.extend(row("Path", r.path.clone().unwrap_or_default()));
        lines.extend(row("Space", space(r)));
        lines.extend(row("Retention", retention.join(", ")));
    }
    lines
}

fn proxies(
    m: &Morning,
    selected: usize,
    body: Rect,
    shared: &Shared,
    thresholds: &crate::config::Thresholds,
    t: &Theme,
) -> Vec<Line<'static>> {
    if m.proxies.is_empty() {
        return vec![Line::styled("The server lists no proxies.", t.dim())];
    }
    let build = shared.server.as_ref().and_then(|s| s.build.as_deref());
    let words = |p: &Proxy| {
        let recent = server_state::recently_down(m, &p.id, shared.clock.now(), thresholds);
        let recent = recent.map(|at| shared.clock.local(at).format("%H:%M").to_string());
        let said = server_state::proxy_troubles(p, build, recent.as_deref());
        let status = p.status.clone().unwrap_or_else(|| "state unknown".into()).to_lowercase();
        let maintenance = match p.maintenance_mode_state.as_deref() {
            Some("Enabled") => " · in maintenance",
            Some("Enabling") => " · entering maintenance",
            _ => "",
        };
        let load = match (p.cpu_usage_percent, p.memory_usage_percent) {
            (Some(c), Some(m)) => format!(" · CPU {c:.0} % · memory {m:.0} %"),
            _ => String::new(),
        };
        let version = p.version.as_deref().map(|v| format!(" · {v}")).unwrap_or_default();
        // What is wrong first, where a narrow screen still shows it.
        let first = match said.is_empty() {
            true => status,
            false => state(&said),
        };
        (server_state::worst(&said), format!("{first}{maintenance}{load}{version}"))
    };
    let items = m
        .proxies
        .iter()
        .map(|p| {
            let (severity, w) = words(p);
            (severity, p.host_name.clone(), w)
        })
        .collect();
    let height = usize::from(body.height).saturating_sub(4);
    let mut lines = rows_of(items, selected, height, body.width, t);
    // The selected one in full, for a screen too narrow for its row.
    if let Some(p) = m.proxies.get(selected) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(p.host_name.clone(), t.title()));
        let row = |k: &str, v: String| crate::ui::widgets::scroll::labelled(k, v, body.width, 11, t.dim());
        lines.extend(row("State", words(p).1));
    }
    lines
}

fn licence(
    m: &Morning,
    page: &ServerPage,
    body: Rect,
    shared: &Shared,
    th: &crate::config::Thresholds,
    t: &Theme,
) -> Vec<Line<'static>> {
    let Some(l) = &m.license else {
        return vec![Line::styled("The licence was not read.", t.warning())];
    };
    let now = shared.clock.now();
    let said = server_state::licence_troubles(l, now, th);
    let (glyph, style) = super::severity_mark(server_state::worst(&said), t);
    let row = |k: &str, v: String| Line::from(vec![Span::styled(format!("{k:<13}"), t.dim()), Span::raw(v)]);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{glyph} "), style),
        Span::styled(format!("{} licence · {}", l.kind.clone().unwrap_or_default(), state(&said)), style),
    ])];
    if let Some(to) = &l.licensed_to {
        lines.push(row("Licensed to", to.clone()));
    }
    if let Some(e) = l.expires() {
        let days = (e.0 - now).num_days();
        lines.push(row("Expires", format!("{} · in {days} days", shared.clock.local(e.0).format("%Y-%m-%d"))));
    }
    if let (Some(used), Some(total)) = (l.used_number, l.total_number) {
        let share = used.saturating_mul(100) / total.max(1);
        let new = l.new_number.map(|n| format!(" · {n} new")).unwrap_or_default();
        lines.push(row("Users", format!("{used} of {total} used ({share} %){new}")));
    }
    lines.push(Line::raw(""));
    match &page.users {
        None => lines.push(Line::styled("Reading the licensed users…", t.warning())),
        Some(Err(e)) => lines.push(Line::styled(format!("The licensed users could not be read: {e}"), t.error())),
        Some(Ok(users)) if users.is_empty() => {
            lines.push(Line::styled("Every licensed user is backed up.", t.ok()));
        }
        Some(Ok(users)) => {
            lines.push(Line::styled(
                format!("Licensed but not backed up ({}): each takes a licence", users.len()),
                t.title(),
            ));
            let height = usize::from(body.height).saturating_sub(lines.len());
            let items = users
                .iter()
                .map(|u| (Severity::Warning, u.name.clone(), u.organization_name.clone().unwrap_or_default()))
                .collect();
            lines.extend(rows_of(items, page.selected, height, body.width, t));
        }
    }
    lines
}
