//! One organization: every setting the server returns.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use serde_json::Value;

use crate::app::pages::organization::OrganizationPage;
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::device_code;

fn setting_lines(v: &Value, t: &Theme) -> Vec<Line<'static>> {
    let Value::Object(map) = v else { return vec![] };
    let scalar = |k: &str, v: &Value, indent: &str| -> Option<Line<'static>> {
        let text = match v {
            Value::Null | Value::Object(_) => return None,
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Some(Line::from(vec![
            Span::styled(format!("{indent}{k:<30} "), t.dim()),
            Span::raw(text),
        ]))
    };
    let mut lines: Vec<Line> = map.iter().filter_map(|(k, v)| scalar(k, v, " ")).collect();
    for (k, v) in map {
        if let Value::Object(inner) = v {
            lines.push(Line::raw(""));
            lines.push(Line::styled(format!(" {k}"), t.key()));
            lines.extend(inner.iter().filter_map(|(k, v)| scalar(k, v, "   ")));
        }
    }
    lines
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    page: &OrganizationPage,
    shared: &Shared,
    _focused: bool,
) {
    let area = super::inner(area);
    let t = Theme::current();
    let org = &page.org;
    if let Some(panel) = &page.code {
        device_code::draw(frame, area, panel, shared.now);
        return;
    }
    let mut lines = vec![
        Line::styled(org.display_name().to_string(), t.title()),
        Line::raw(""),
    ];
    lines.extend(setting_lines(
        &serde_json::to_value(org.without_secrets()).unwrap_or_default(),
        &t,
    ));
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        },
    );
}
