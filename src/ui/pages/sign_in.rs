//! Sign in: mode selector; administrator user and masked password; tenant or restore
//! operator through a device code; errors in place.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::pages::sign_in::{SignInField, SignInMode, SignInPage};
use crate::app::shared::Shared;
use crate::identity::authority_for_region;
use crate::ui::theme::Theme;
use crate::ui::widgets::{device_code, field};
use crate::app::keymap::{Intent, Table, key_in};

pub fn draw(frame: &mut Frame, area: Rect, s: &SignInPage, shared: &Shared, focused: bool) {
    let t = Theme::current();
    if let Some(panel) = &s.code {
        let inner = Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(2),
            ..area
        };
        device_code::draw(frame, inner, panel, shared.now, &shared.clock);
        return;
    }
    let col = super::column(area, 76);
    let line = |y: u16| Rect::new(col.x, y, col.width, 1);
    let mut y = col.y + 1;
    let server = shared.server.as_ref().map(|s| s.url.as_str()).unwrap_or("");
    frame.render_widget(
        Paragraph::new(Line::styled(format!("Sign in to {server}"), t.title())),
        line(y),
    );
    y += 2;
    let mut modes = vec![Span::styled(" Mode     ", t.dim())];
    for m in SignInMode::ALL {
        let style = if m == s.mode { t.selected() } else { t.dim() };
        modes.push(Span::styled(format!(" {} ", m.label()), style));
        modes.push(Span::raw(" "));
    }
    modes.push(Span::styled("(F2)", t.dim()));
    frame.render_widget(Paragraph::new(Line::from(modes)), line(y));
    y += 2;
    let f = |field| focused && s.focus() == field;
    match s.mode {
        SignInMode::Administrator => {
            field::draw(
                frame,
                line(y),
                &field::Field {
                    label: "User",
                    input: &s.form.get(SignInField::User).input,
                    secret: false,
                    focused: f(SignInField::User),
                    placeholder: "administrator or DOMAIN\\user",
                },
                10,
            );
            y += 1;
            field::draw(
                frame,
                line(y),
                &field::Field {
                    label: "Password",
                    input: &s.form.get(SignInField::Password).input,
                    secret: true,
                    focused: f(SignInField::Password),
                    placeholder: "",
                },
                10,
            );
            y += 2;
            if let Some((u, p)) = &s.hint {
                frame.render_widget(
                    Paragraph::new(Line::styled(
                        format!(" Demo credentials: user {u}, password {p}"),
                        t.ok(),
                    )),
                    line(y),
                );
                y += 2;
            }
        }
        SignInMode::Tenant | SignInMode::Operator => {
            field::draw(
                frame,
                line(y),
                &field::Field {
                    label: "Tenant",
                    input: &s.form.get(SignInField::Tenant).input,
                    secret: false,
                    focused: f(SignInField::Tenant),
                    placeholder: "contoso.onmicrosoft.com",
                },
                10,
            );
            y += 1;
            let regions = shared.regions();
            let region = &regions[s.region().min(regions.len() - 1)];
            let style = if f(SignInField::Region) {
                t.focused_field()
            } else {
                t.dim()
            };
            let marker = if f(SignInField::Region) { "›" } else { " " };
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(format!("{marker}{:<10}", "Region"), style),
                    Span::raw(" "),
                    Span::raw(format!("◂ {} ▸", region.label())),
                ])),
                line(y),
            );
            y += 2;
            frame.render_widget(
                Paragraph::new(Line::styled(
                    " Advanced (leave empty for the defaults)",
                    t.dim(),
                )),
                line(y),
            );
            y += 1;
            field::draw(
                frame,
                line(y),
                &field::Field {
                    label: "App id",
                    input: &s.form.get(SignInField::AppId).input,
                    secret: false,
                    focused: f(SignInField::AppId),
                    placeholder: "04b07795-… (Azure CLI public client)",
                },
                10,
            );
            y += 1;
            field::draw(
                frame,
                line(y),
                &field::Field {
                    label: "Authority",
                    input: &s.form.get(SignInField::Authority).input,
                    secret: false,
                    focused: f(SignInField::Authority),
                    placeholder: authority_for_region(region),
                },
                10,
            );
            y += 1;
            if let Some(warning) = s.authority_warning() {
                let rest = Rect::new(col.x, y, col.width, 2.min(col.bottom().saturating_sub(y)));
                frame.render_widget(
                    Paragraph::new(Line::styled(warning, t.warning())).wrap(Wrap { trim: true }),
                    rest,
                );
                y += 2;
            }
            y += 1;
            let how = if s.mode == SignInMode::Tenant {
                format!(
                    " {} shows a Microsoft device code; sign in on any device, and the app continues on its own.",
                    key_in(Table::SignIn, Intent::Submit)
                )
            } else {
                " Restore operators sign in with their Microsoft 365 account through a device code."
                    .to_string()
            };
            let rest = Rect::new(col.x, y, col.width, 2.min(col.bottom().saturating_sub(y)));
            frame.render_widget(
                Paragraph::new(Line::styled(how, t.dim())).wrap(Wrap { trim: true }),
                rest,
            );
            y += 3;
        }
    }
    if let Some(e) = &s.error {
        let rest = Rect::new(col.x, y, col.width, col.bottom().saturating_sub(y));
        frame.render_widget(
            Paragraph::new(Line::styled(e.clone(), t.error())).wrap(Wrap { trim: true }),
            rest,
        );
    }
}
