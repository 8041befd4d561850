//! Restore: the form (what, how to sign in), the device-code panel when a code is got here,
//! and the confirmation that says exactly what will happen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::api::{Elsewhere, RestoreWhat, Store};
use crate::app::pages::restore::{RestoreKey, RestorePage};
use crate::app::shared::Shared;
use crate::ui::theme::Theme;
use crate::ui::widgets::{device_code, scroll};
use crate::app::keymap::{Intent, Table, key_in};

pub fn draw(frame: &mut Frame, area: Rect, page: &RestorePage, shared: &Shared, focused: bool) {
    let t = Theme::current();
    let area = super::inner(area);
    if let Some(panel) = &page.code {
        device_code::draw(frame, area, panel, shared.now, &shared.clock);
        return;
    }
    if let Some(credential) = &page.confirming {
        let row = |k: &str, v: String| scroll::labelled(k, v, area.width, 10, t.dim());
        let place = original_place(&page.chosen().what);
        let elsewhere = page.options().elsewhere;
        let into = &page.chosen().into;
        let (title, to) = match &elsewhere {
            Some(Elsewhere::Mailbox(_)) => ("Restore to another mailbox?", page.target_words()),
            Some(Elsewhere::OneDrive(_)) => ("Copy to another OneDrive?", page.target_words()),
            Some(Elsewhere::Site(_)) => ("Restore to another site?", page.target_words()),
            Some(Elsewhere::Email(_)) => ("Send by e-mail?", page.target_words()),
            None if into.is_empty() => (
                "Restore to the original location?",
                format!("where it was, in {place}"),
            ),
            None => (
                "Restore to the original location?",
                format!("where it was, in {place}: {into}"),
            ),
        };
        let mut lines = vec![Line::styled(title, t.title()), Line::raw("")];
        lines.extend(row("What", page.chosen().words.clone()));
        lines.extend(row("To", to));
        if !page.sends() {
            lines.extend(row("Options", options_words(page)));
        }
        lines.extend(row("Sign in", credential.words()));
        lines.extend([
            Line::raw(""),
            Line::styled(
                format!(
                    "{} sends it once; it is never sent again on its own, whatever happens. {} goes back to change something.",
                    key_in(Table::RestoreConfirm, Intent::Submit),
                    key_in(Table::RestoreConfirm, Intent::Back)
                ),
                t.warning(),
            ),
        ]);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        return;
    }
    super::what_form(
        frame,
        area,
        focused,
        if page.sends() { "Send" } else { "Restore" },
        &page.chosen().words,
        &page.form,
        &page.visible(),
        RestoreKey::What,
        &format!(
            "{} {}",
            key_in(Table::Restore, Intent::Submit),
            if page.operator {
                "shows what will happen before anything is sent. Your own sign-in is the authority: there are no credentials to give."
            } else if page.sends() {
                "shows what will happen before anything is sent. The server sends the e-mail with its own e-mail settings: there are no credentials to give."
            } else {
                "checks the credentials (a certificate is read on this machine) and shows what will happen before anything is sent."
            }
        ),
    );
}

/// The options of the restore in words (an operator's included).
fn options_words(page: &RestorePage) -> String {
    page.options().words(&page.opts())
}

/// Where it was, in words, for the confirmation of a restore to the original location.
fn original_place(what: &RestoreWhat) -> &'static str {
    match what {
        RestoreWhat::Mailbox { .. } => "the same mailbox",
        RestoreWhat::Folder { .. } | RestoreWhat::Items { .. } => "the same mailbox and folder",
        RestoreWhat::OneDrive { .. } => "the same OneDrive",
        RestoreWhat::Documents {
            store: Store::OneDrive { .. },
            ..
        }
        | RestoreWhat::DriveFolder {
            store: Store::OneDrive { .. },
            ..
        }
        | RestoreWhat::DriveFolders {
            store: Store::OneDrive { .. },
            ..
        }
        | RestoreWhat::Version {
            store: Store::OneDrive { .. },
            ..
        } => "the same OneDrive and folder",
        RestoreWhat::Documents {
            store: Store::List { .. },
            ..
        } => "the same site and list",
        RestoreWhat::Documents { .. }
        | RestoreWhat::DriveFolder { .. }
        | RestoreWhat::DriveFolders { .. }
        | RestoreWhat::Version { .. } => "the same site, library and folder",
        RestoreWhat::Library { .. } | RestoreWhat::List { .. } => "the same site",
        RestoreWhat::Site { .. } => "the same site collection",
        RestoreWhat::Posts { .. } | RestoreWhat::TeamFiles { .. } | RestoreWhat::Tabs { .. } => {
            "the same team and channel"
        }
        RestoreWhat::Channel { .. } => "the same team",
        RestoreWhat::Team { .. } => "the same team in Microsoft 365",
        RestoreWhat::Mailboxes { .. } => "each mailbox",
        RestoreWhat::OneDrives { .. } => "each OneDrive",
    }
}
