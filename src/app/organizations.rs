//! Updates for the Organizations screen and the add-organization wizard.

use super::command::{CodeSpec, Command};
use super::keymap::Intent;
use super::org_wizard::{Step, Wizard};
use super::state::{App, CodePanel, CodePurpose, Screen};
use crate::api::ApiError;
use crate::api::models::Organization;
use crate::poll::{CodeState, Vb365Code};

/// Opens the list, loading it the first time.
pub fn open_list(app: &mut App) -> Vec<Command> {
    app.screen = Screen::Organizations;
    app.orgs.details = false;
    if app.orgs.loaded || app.orgs.loading {
        return vec![];
    }
    reload(app)
}

pub fn reload(app: &mut App) -> Vec<Command> {
    app.orgs.loading = true;
    app.orgs.error = None;
    app.in_flight += 1;
    vec![Command::LoadOrganizations]
}

/// Opens the wizard with the draft kept from last time, if any.
pub fn open_wizard(app: &mut App) -> Vec<Command> {
    let version = app.version();
    if app.wizard.as_ref().is_none_or(|w| w.version != version) {
        app.wizard = Some(Wizard::new(version));
    }
    app.screen = Screen::AddOrganization;
    vec![]
}

pub fn loaded(app: &mut App, result: Result<Vec<Organization>, ApiError>) {
    app.in_flight = app.in_flight.saturating_sub(1);
    app.orgs.loading = false;
    match result {
        Ok(items) => {
            app.orgs.items = items;
            app.orgs.loaded = true;
            if let Some(id) = app.orgs.select_id.take() {
                let visible = app.orgs.visible();
                if let Some(pos) = visible
                    .iter()
                    .position(|&i| app.orgs.items[i].id.as_deref() == Some(id.as_str()))
                {
                    app.orgs.selected = pos;
                }
            }
            let n = app.orgs.visible().len();
            app.orgs.selected = app.orgs.selected.min(n.saturating_sub(1));
        }
        Err(e) => app.orgs.error = Some(e.to_string()),
    }
}

pub fn list_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let n = app.orgs.visible().len();
    let o = &mut app.orgs;
    match intent {
        Intent::Down if n > 0 => o.selected = (o.selected + 1).min(n - 1),
        Intent::Up => o.selected = o.selected.saturating_sub(1),
        Intent::Top => o.selected = 0,
        Intent::Bottom => o.selected = n.saturating_sub(1),
        Intent::Filter => o.filtering = true,
        Intent::Submit if n > 0 => o.details = true,
        Intent::Add => return open_wizard(app),
        Intent::Redetect => return reload(app),
        Intent::Back => app.screen = Screen::Home,
        _ => {}
    }
    vec![]
}

pub fn filter_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let o = &mut app.orgs;
    match intent {
        Intent::Submit => o.filtering = false,
        Intent::Back => {
            o.filtering = false;
            o.filter = Default::default();
        }
        _ => {}
    }
    o.selected = 0;
    vec![]
}

pub fn details_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let Some(org) = app.orgs.current().cloned() else {
        app.orgs.details = false;
        return vec![];
    };
    match intent {
        Intent::NewCode => {
            let (Some(id), region) = (
                org.id.clone(),
                org.region
                    .clone()
                    .unwrap_or(crate::api::models::Region::Worldwide),
            ) else {
                return vec![];
            };
            let panel = CodePanel {
                id: app.next_code_id,
                purpose: CodePurpose::Check { region },
                title: format!("Device code for {}", org.display_name()),
                state: CodeState::Requesting,
                inverted: false,
            };
            app.next_code_id += 1;
            let cmd = Command::StartCode {
                id: panel.id,
                spec: CodeSpec::Vb365(Vb365Code::Organization { id }),
            };
            app.code = Some(panel);
            vec![cmd]
        }
        Intent::Explore => super::restore::open_form(app, Some(org)),
        Intent::Back => {
            app.orgs.details = false;
            vec![]
        }
        _ => vec![],
    }
}

fn focused_key(w: &Wizard) -> Option<String> {
    w.visible(w.current()).get(w.focus).cloned()
}

/// Whether typed characters go into the wizard's focused field.
pub fn wizard_typing(app: &App) -> bool {
    app.wizard
        .as_ref()
        .and_then(|w| focused_key(w).map(|k| w.field(&k).is_text()))
        .unwrap_or(false)
}

pub fn focused_input(app: &mut App) -> Option<&mut tui_input::Input> {
    let w = app.wizard.as_mut()?;
    let key = focused_key(w)?;
    let f = w.field_mut(&key);
    f.error = None;
    f.is_text().then_some(&mut f.input)
}

pub fn wizard_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let Some(w) = app.wizard.as_mut() else {
        app.screen = Screen::Home;
        return vec![];
    };
    let step = w.current();
    // On review the focus is the scroll position of the body.
    let n = if step == Step::Review {
        w.review_json().lines().count()
    } else {
        w.visible(step).len()
    };
    match intent {
        Intent::NextField if step == Step::Review => {
            w.focus = (w.focus + 1).min(n.saturating_sub(1))
        }
        Intent::PrevField if step == Step::Review => w.focus = w.focus.saturating_sub(1),
        Intent::NextField if n > 0 => w.focus = (w.focus + 1) % n,
        Intent::PrevField if n > 0 => w.focus = (w.focus + n - 1) % n,
        Intent::Right | Intent::Left => {
            if step == Step::Review {
                return vec![];
            }
            if let Some(key) = focused_key(w) {
                w.field_mut(&key).cycle(intent == Intent::Left);
                // Choices change which fields follow; keep the focus on this one.
                w.focus = w.visible(step).iter().position(|k| *k == key).unwrap_or(0);
            }
        }
        Intent::Back => {
            w.server_error = None;
            if w.step == 0 {
                app.screen = Screen::Home;
            } else {
                w.step -= 1;
                w.focus = 0;
            }
        }
        Intent::Submit => return wizard_next(app),
        _ => {}
    }
    vec![]
}

/// Enter: validate this step, read certificates it names, move on, or submit.
fn wizard_next(app: &mut App) -> Vec<Command> {
    let Some(w) = app.wizard.as_mut() else {
        return vec![];
    };
    if w.submitting {
        return vec![];
    }
    let step = w.current();
    if step == Step::Review {
        w.submitting = true;
        w.server_error = None;
        app.in_flight += 1;
        return vec![Command::CreateOrganization(Box::new(w.organization()))];
    }
    if !w.validate(step) {
        return vec![];
    }
    let certs = w.certificate_paths(step);
    if !certs.is_empty() {
        app.in_flight += 1;
        return vec![Command::ReadCertificates(certs)];
    }
    advance(app)
}

/// Goes to the next step, starting the device code when that step comes.
fn advance(app: &mut App) -> Vec<Command> {
    let Some(w) = app.wizard.as_mut() else {
        return vec![];
    };
    w.step = (w.step + 1).min(w.steps().len() - 1);
    w.focus = 0;
    if w.current() == Step::DeviceCode && w.user_code.is_none() {
        let region = w.region();
        let panel = CodePanel {
            id: app.next_code_id,
            purpose: CodePurpose::Onboarding {
                region: region.clone(),
            },
            title: "Sign in to Microsoft 365 to set up the application".into(),
            state: CodeState::Requesting,
            inverted: false,
        };
        app.next_code_id += 1;
        let cmd = Command::StartCode {
            id: panel.id,
            spec: CodeSpec::Vb365(Vb365Code::New { region }),
        };
        app.code = Some(panel);
        return vec![cmd];
    }
    vec![]
}

pub fn certificates_read(
    app: &mut App,
    results: Vec<(String, Result<secrecy::SecretString, String>)>,
) -> Vec<Command> {
    app.in_flight = app.in_flight.saturating_sub(1);
    let Some(w) = app.wizard.as_mut() else {
        return vec![];
    };
    let mut ok = true;
    for (key, r) in results {
        w.certificates.retain(|(k, _)| *k != key);
        match r {
            Ok(cert) => w.certificates.push((key, cert)),
            Err(msg) => {
                ok = false;
                let step = w.current();
                w.focus = w.visible(step).iter().position(|k| *k == key).unwrap_or(0);
                w.field_mut(&key).error = Some(msg);
            }
        }
    }
    if ok { advance(app) } else { vec![] }
}

/// The onboarding code was used: keep it for the body and continue on our own.
pub fn onboarding_code_approved(app: &mut App, user_code: Option<String>) -> Vec<Command> {
    let Some(w) = app.wizard.as_mut() else {
        return vec![];
    };
    w.user_code = user_code;
    app.code = None;
    app.message = Some("Signed in with the device code.".into());
    advance(app)
}

pub fn created(app: &mut App, result: Result<Organization, ApiError>) -> Vec<Command> {
    app.in_flight = app.in_flight.saturating_sub(1);
    match result {
        Ok(org) => {
            app.message = Some(format!("Added {}.", org.display_name()));
            app.wizard = None;
            app.orgs.select_id = org.id.clone();
            app.orgs.filter = Default::default();
            app.screen = Screen::Organizations;
            app.orgs.details = false;
            reload(app)
        }
        Err(e) => {
            // Keep every field; show the server's words and mark what they name.
            if let Some(w) = app.wizard.as_mut() {
                w.submitting = false;
                let text = e.to_string();
                w.server_error = Some(text.clone());
                w.mark_server_error(e.server_message().unwrap_or(&text));
            }
            vec![]
        }
    }
}
