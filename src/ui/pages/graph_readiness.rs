//! Microsoft Graph readiness: a summary, the organizations that back up Exchange Online (one
//! line each, those that need something first), and below them the one under the cursor:
//! how it signs in, what to grant, and its sessions that failed or warned with the log lines
//! about permissions or EWS.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::api::graph::{GraphReadiness, LOGS_READ, OrgReadiness};
use crate::app::pages::graph_readiness::GraphReadinessPage;
use crate::app::server_state::Severity;
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::rows::cut;
use crate::ui::widgets::scroll;

const SINCE: &str = "since 1 October 2026, when Microsoft retired Exchange Web Services";

pub fn draw(frame: &mut Frame, area: Rect, page: &GraphReadinessPage, shared: &Shared, _: bool) {
    let t = Theme::current();
    let area = super::inner(area);
    let mut lines = vec![Line::from(vec![
        Span::styled("Microsoft Graph readiness ", t.title()),
        Span::styled("· Exchange Online", t.dim()),
    ])];
    let found = match &page.found {
        None => {
            lines.push(Line::styled(
                format!("Reading organizations, their jobs and sessions {SINCE}…"),
                t.warning(),
            ));
            return render(frame, area, lines);
        }
        Some(Err(e)) => {
            lines.push(Line::styled(e.clone(), t.error()));
            return render(frame, area, lines);
        }
        Some(Ok(f)) => f,
    };
    lines.push(Line::styled(summary(found), t.dim()));
    if page.is_reading() {
        lines.push(Line::styled("Checking again…", t.warning()));
    }
    if let Some(note) = older_server(shared) {
        lines.push(Line::styled(note, t.warning()));
    }
    for u in &found.unread {
        lines.push(Line::styled(format!("Not read: {u}"), t.error()));
    }
    let (lines, _) = scroll::wrap(lines, 0, area.width);
    let mut out = lines;
    let orgs = &found.organizations;
    if orgs.is_empty() {
        out.push(Line::styled("No organization backs up Exchange Online.", t.dim()));
        return render(frame, area, out);
    }
    // The list takes at most a third of the room; the details get the rest.
    let room = usize::from(area.height).saturating_sub(out.len() + 1);
    let list_rows = orgs.len().min((room / 3).max(2));
    let first = super::first_row(0, page.selected as u64, list_rows as u64) as usize;
    for (i, org) in orgs.iter().enumerate().skip(first).take(list_rows) {
        out.push(org_line(org, i == page.selected, area.width, t));
    }
    out.push(Line::raw(""));
    if let Some(org) = page.current() {
        let details = details(org, shared, area.width, t);
        let room = usize::from(area.height).saturating_sub(out.len());
        out.extend(scroll::from_top(details, page.scroll, room, t.dim()));
    }
    render(frame, area, out)
}

fn render(frame: &mut Frame, area: Rect, lines: Vec<Line<'_>>) {
    let (lines, _) = scroll::wrap(lines, 0, area.width);
    frame.render_widget(Paragraph::new(lines), area);
}

/// Before 8.5 VB365 reads Exchange Online only through EWS: permissions alone do not help.
fn older_server(shared: &Shared) -> Option<String> {
    let build = shared.server.as_ref()?.build.as_deref()?;
    (!crate::api::actions::build_at_least(build, 8, 5)).then(|| {
        format!("Server {build} reads mail via the retired EWS: upgrade VB365 to 8.5+ too.")
    })
}

fn summary(f: &GraphReadiness) -> String {
    let n = f.organizations.len();
    match f.affected() {
        0 => format!(
            "No sign of missing Microsoft Graph permissions {SINCE} ({n} organization{} checked).",
            plural(n)
        ),
        a => format!(
            "{a} of {n} need{} Microsoft Graph permissions: sessions failed on them since EWS retired (1 Oct 2026).",
            if a == 1 { "s" } else { "" }
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn severity(org: &OrgReadiness) -> (Severity, &'static str) {
    if org.affected() {
        (Severity::Failed, "needs Graph permissions")
    } else if org.error.is_some() {
        (Severity::Warning, "could not be read")
    } else {
        (Severity::Fine, "no sign of trouble")
    }
}

fn org_line(org: &OrgReadiness, on: bool, width: u16, t: &Theme) -> Line<'static> {
    let (s, words) = severity(org);
    let (glyph, style) = super::severity_mark(s, t);
    let auth = if org.app_only { "app-only" } else { "not app-only" };
    let head = format!("{}{glyph} ", if on { "›" } else { " " });
    let text = format!("{:<28} {words:<24} {auth}", org.name);
    let rest = usize::from(width).saturating_sub(head.chars().count());
    let line = Line::from(vec![
        Span::styled(head, style),
        Span::raw(cut(&text, rest).to_string()),
    ]);
    if on { line.style(t.selected()) } else { line }
}

/// The organization under the cursor, in full.
fn details(org: &OrgReadiness, shared: &Shared, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let row = |k: &str, v: String| scroll::labelled(k, v, width, 16, t.dim());
    let mut out = vec![Line::styled(org.name.clone(), t.title())];
    let auth = match org.app_only {
        true => "modern app-only".to_string(),
        false => "basic, or modern with legacy protocols: Microsoft Graph needs modern app-only (a on its page authorizes it again)".into(),
    };
    out.extend(row("Authentication", auth));
    let app = org.application_id.clone().unwrap_or_else(|| "none".into());
    out.extend(row("Application", app));
    if let Some(e) = &org.error {
        out.extend(row("Not read", e.clone()).into_iter().map(|l| l.style(t.error())));
    }
    if org.affected() {
        out.push(Line::raw(""));
        out.push(Line::styled("What to do", t.title()));
        let (words, _) = scroll::wrap(vec![Line::raw(org.what_to_do())], 0, width);
        out.extend(words.into_iter().map(|l| l.style(t.warning())));
    }
    out.push(Line::raw(""));
    let n = org.troubled.len();
    let heading = match n {
        0 => "No session of its jobs failed or warned since 1 October.".to_string(),
        n if n > LOGS_READ => format!(
            "{n} sessions failed or warned since 1 October; the newest {LOGS_READ} logs read:"
        ),
        n => format!("{n} session{} failed or warned since 1 October:", plural(n)),
    };
    out.push(Line::styled(heading, t.title()));
    for s in org.troubled.iter().take(LOGS_READ) {
        let when = s
            .when
            .map(|w| shared.clock.local(w.0).format("%a %d %b %H:%M").to_string())
            .unwrap_or_default();
        let style = if s.status == "Failed" { t.error() } else { t.warning() };
        out.push(Line::from(vec![
            Span::styled(format!("{} {:<8}", super::status_glyph(&s.status), s.status), style),
            Span::raw(format!(" {when}  {}", s.job)),
        ]));
        match &s.messages {
            Some(m) if m.is_empty() => {
                out.push(Line::styled("    nothing about permissions or EWS in its log", t.dim()))
            }
            Some(m) => out.extend(m.iter().map(|m| Line::raw(format!("    {m}")))),
            None => out.push(Line::styled("    its log could not be read", t.dim())),
        }
    }
    let (out, _) = scroll::wrap(out, 0, width);
    out
}
