//! Add or edit an organization: the onboarding wizard (model in `app/onboarding`) one step
//! at a time, with the device-code step when the organization needs one. A new
//! organization's draft is kept when the page is left, until it is submitted successfully.
//! An edit starts from `GET /Organizations/{id}`, confirms only what changes and sends the
//! whole organization once with `PUT`.

use tui_input::Input;

use crate::api::{ApiCall, ApiReply};
use crate::app::action::Reply;
use crate::app::code_panel::{self, CodePanel, PanelEvent};
use crate::app::command::{CodeSpec, Command};
use crate::app::keymap::{Binding, Intent};
use crate::app::onboarding::{AuthField, Step, Wizard, WizardKey};
use crate::app::pages::{Open, Page, Route};
use crate::app::pages::{Flow, Nav, Outcome};
use crate::app::route_args::{EditMode, OrganizationForm};
use crate::app::shared::{RequestId, Shared};
use crate::poll::Vb365Code;
use crate::app::keymap::Table;

#[derive(Debug)]
pub struct AddOrganizationPage {
    /// `None` once submitted successfully (nothing to keep).
    pub wizard: Option<Wizard>,
    pub code: Option<CodePanel>,
    /// Certificate files being read: the request and the field keys, in order.
    reading: Option<(RequestId, Vec<WizardKey>)>,
    creating: Option<RequestId>,
    /// Editing: the organization's id, and where the edit starts.
    pub edit: Option<(String, EditMode)>,
    /// The read of the organization to edit, and why it failed.
    reading_org: Option<RequestId>,
    pub read_error: Option<String>,
}

impl Open for AddOrganizationPage {
    /// A VB365 device code already used, with its region, when the Device code screen opens
    /// the wizard with it.
    type Args = OrganizationForm;
    fn open(form: Self::Args, shared: &mut Shared) -> (Self, Flow) {
        let code = match form {
            OrganizationForm::Add(code) => code,
            OrganizationForm::Edit { id, mode } => {
                let mut page = AddOrganizationPage::empty();
                page.edit = Some((id, mode));
                let flow = page.read_organization(shared);
                return (page, flow);
            }
        };
        let version = shared.version();
        let mut wizard = match shared.memory.take_organization_draft() {
            Some(w) if w.version == version => *w,
            _ => Wizard::new(version),
        };
        if let Some((user_code, region)) = code {
            wizard.use_code(user_code, &region);
        }
        wizard.build = shared.server.as_ref().and_then(|s| s.build.clone());
        let page = AddOrganizationPage {
            wizard: Some(wizard),
            ..AddOrganizationPage::empty()
        };
        (page, Flow::none())
    }
}

impl Page for AddOrganizationPage {
    fn title(&self) -> String {
        match (&self.edit, self.wizard.as_ref().and_then(|w| w.editing())) {
            (_, Some(e)) => format!("Edit {}", e.name),
            (Some(_), None) => "Edit organization".into(),
            (None, _) => "Add organization".into(),
        }
    }
    fn bindings(&self, shared: &Shared) -> &'static [Binding] {
        match self.step() {
            Some(Step::Review) if self.review_fits(shared) => {
                Table::AddOrganizationReviewWhole.bindings()
            }
            Some(Step::Review) => Table::AddOrganizationReview.bindings(),
            Some(Step::DeviceCode) => match &self.code {
                Some(c) => code_panel::bindings(c),
                None => Table::AddOrganization.bindings(),
            },
            _ => Table::AddOrganization.bindings(),
        }
    }
    fn typing(&self) -> bool {
        self.wizard
            .as_ref()
            .filter(|w| w.current() != Step::DeviceCode)
            .and_then(|w| focused_key(w).map(|k| w.field(k).is_text()))
            .unwrap_or(false)
    }
    fn input(&mut self) -> Option<&mut Input> {
        let w = self.wizard.as_mut()?;
        let key = focused_key(w)?;
        let f = w.field_mut(key);
        f.error = None;
        f.is_text().then_some(&mut f.input)
    }
    fn code_panel(&self) -> Option<&CodePanel> {
        self.code
            .as_ref()
            .filter(|_| self.step() == Some(Step::DeviceCode))
    }
    /// The panel is a step of the wizard: it takes keys and updates while that step shows.
    fn code_slot(&mut self) -> Option<&mut Option<CodePanel>> {
        (self.step() == Some(Step::DeviceCode)).then_some(&mut self.code)
    }
    fn on_panel(&mut self, event: PanelEvent, shared: &mut Shared) -> Flow {
        self.panel_event(event, shared)
    }
    fn on_leave(&mut self, shared: &mut Shared) {
        if self.edit.is_none() {
            shared.memory.keep_organization_draft(self.wizard.take().map(Box::new));
        }
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let Some(w) = self.wizard.as_mut() else {
            return match intent {
                Intent::Submit if self.read_error.is_some() => self.read_organization(shared),
                Intent::Back => Flow::pop(),
                _ => Flow::unchanged(),
            };
        };
        let step = w.current();
        // On review the focus is the scroll position of the body.
        let n = if step == Step::Review {
            w.review_lines().len()
        } else {
            w.visible(step).len()
        };
        match intent {
            // Scrolling stops once the last line is on screen (the body's rows, about).
            Intent::NextField if step == Step::Review => {
                let last = last_start(w, shared);
                w.form.focus = (w.form.focus + 1).min(last)
            }
            Intent::PrevField if step == Step::Review => {
                w.form.focus = w.form.focus.saturating_sub(1)
            }
            Intent::NextField if n > 0 => w.form.next(n, false),
            Intent::PrevField if n > 0 => w.form.next(n, true),
            Intent::Right | Intent::Left => {
                if step == Step::Review {
                    return Flow::unchanged();
                }
                if let Some(key) = focused_key(w) {
                    w.field_mut(key).cycle(intent == Intent::Left);
                    // Choices change which fields follow; keep the focus on this one.
                    let visible = w.visible(step);
                    w.form.focus_on(&visible, key);
                }
            }
            Intent::Back => {
                w.form.error = None;
                if w.step == 0 {
                    return Flow::pop();
                }
                w.step -= 1;
                if w.current() == Step::DeviceCode && w.user_code.is_some() {
                    w.step -= 1;
                }
                w.form.focus = 0;
            }
            Intent::Submit => return self.next(shared),
            _ => return Flow::unchanged(),
        }
        Flow::none()
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        match reply {
            Reply::Certificates(results) if self.reading.as_ref().is_some_and(|r| r.0 == id) => {
                let keys = self.reading.take().map(|r| r.1).unwrap_or_default();
                self.certificates_read(keys, results, shared)
            }
            Reply::Api(result) if self.reading_org == Some(id) => {
                self.reading_org = None;
                self.organization_read(result, shared)
            }
            Reply::Api(result) if self.creating == Some(id) => {
                self.creating = None;
                self.created(result, shared)
            }
            _ => Flow::unchanged(),
        }
    }
}

fn focused_key(w: &Wizard) -> Option<WizardKey> {
    w.visible(w.current()).get(w.form.focus).copied()
}

impl AddOrganizationPage {
    fn empty() -> Self {
        AddOrganizationPage {
            wizard: None,
            code: None,
            reading: None,
            creating: None,
            edit: None,
            reading_org: None,
            read_error: None,
        }
    }

    /// Reads the organization to edit, with every setting.
    fn read_organization(&mut self, shared: &mut Shared) -> Flow {
        let Some((id, _)) = &self.edit else {
            return Flow::unchanged();
        };
        self.read_error = None;
        let call = ApiCall::Organization { id: id.clone() };
        crate::app::pages::ask_once(&mut self.reading_org, call, shared)
    }

    /// The organization to edit arrived: the form opens filled with it.
    fn organization_read(
        &mut self,
        result: Result<ApiReply, crate::api::ApiError>,
        shared: &mut Shared,
    ) -> Flow {
        let mode = self.edit.as_ref().map(|e| e.1).unwrap_or_default();
        match result {
            Ok(ApiReply::Organization(org)) => {
                let mut w = Wizard::edit(shared.version(), &org, mode);
                w.build = shared.server.as_ref().and_then(|s| s.build.clone());
                self.wizard = Some(w);
            }
            Ok(_) => return Flow::unchanged(),
            Err(e) => self.read_error = Some(e.to_string()),
        }
        Flow::none()
    }

    pub fn step(&self) -> Option<Step> {
        self.wizard.as_ref().map(|w| w.current())
    }

    /// Whether the review shows the whole body at this size (then the footer offers no
    /// scrolling): its heading, a message, and the body wrapped as drawn.
    fn review_fits(&self, shared: &Shared) -> bool {
        let Some(w) = &self.wizard else {
            return true;
        };
        let (width, room) = review_room(w, shared);
        let body: usize = w.review_lines().iter().map(|l| wrapped_rows(l, width)).sum();
        body <= room
    }

    /// Enter: validate this step, read certificates it names, move on, or submit.
    fn next(&mut self, shared: &mut Shared) -> Flow {
        let Some(w) = self.wizard.as_mut() else {
            return Flow::unchanged();
        };
        if w.submitting {
            return Flow::unchanged();
        }
        let step = w.current();
        if step == Step::Review {
            w.form.error = None;
            let call = match w.editing() {
                Some(_) if !w.has_changes() => {
                    w.form.error = Some("Nothing has changed: there is nothing to send.".into());
                    return Flow::none();
                }
                Some(e) => ApiCall::UpdateOrganization {
                    id: e.id.clone(),
                    org: Box::new(w.organization()),
                },
                None => ApiCall::CreateOrganization(Box::new(w.organization())),
            };
            w.submitting = true;
            let (id, cmd) = shared.call(call);
            self.creating = Some(id);
            return Flow::cmd(cmd);
        }
        if !w.validate(step) {
            return Flow::none();
        }
        let certs = w.certificate_paths(step);
        if !certs.is_empty() {
            let (keys, files) = certs
                .into_iter()
                .map(|(key, path, password)| (key, (path, password)))
                .unzip();
            let id = shared.task();
            self.reading = Some((id, keys));
            return Flow::cmd(Command::ReadCertificates { id, files });
        }
        self.advance(shared)
    }

    /// Goes to the next step, starting the device code when that step comes.
    fn advance(&mut self, shared: &mut Shared) -> Flow {
        let Some(w) = self.wizard.as_mut() else {
            return Flow::unchanged();
        };
        // A step passed is a new attempt: the last submit's error is old news.
        w.form.error = None;
        w.step = (w.step + 1).min(w.steps().len() - 1);
        // A code used on the Device code screen already did this step.
        if w.current() == Step::DeviceCode && w.user_code.is_some() {
            w.step = (w.step + 1).min(w.steps().len() - 1);
        }
        w.form.focus = 0;
        if w.current() == Step::DeviceCode && w.user_code.is_none() {
            let graph_org = w.editing().map(|e| e.id.clone());
            let title = match w.editing() {
                Some(e) => format!("Sign in to Microsoft 365 to authorize {} again", e.name),
                None => "Sign in to Microsoft 365 to set up the application".into(),
            };
            let spec = CodeSpec::Vb365(Vb365Code::New {
                region: w.region(),
                graph_org,
            });
            return code_panel::start(&mut self.code, title, spec, shared).into();
        }
        Flow::none()
    }

    fn panel_event(&mut self, event: PanelEvent, shared: &mut Shared) -> Flow {
        match event {
            // Back one step and forward again asks for a new code.
            PanelEvent::NewCode => {
                self.step_back();
                self.advance(shared)
            }
            // In the wizard the panel is a step: cancelling goes back one.
            PanelEvent::Cancelled => {
                self.step_back();
                Flow::none()
            }
            PanelEvent::Used { user_code, .. } => self.code_used(user_code, shared),
            PanelEvent::None | PanelEvent::Other(_) => Flow::unchanged(),
        }
    }

    fn step_back(&mut self) {
        if let Some(w) = self.wizard.as_mut() {
            w.step = w.step.saturating_sub(1);
            w.form.focus = 0;
        }
    }

    /// The onboarding code was used: keep it for the body and continue on our own.
    fn code_used(&mut self, user_code: Option<String>, shared: &mut Shared) -> Flow {
        let Some(w) = self.wizard.as_mut() else {
            return Flow::unchanged();
        };
        w.user_code = user_code;
        self.code = None;
        shared.status.text = Some("Signed in with the device code.".into());
        self.advance(shared)
    }

    fn certificates_read(
        &mut self,
        keys: Vec<WizardKey>,
        results: Vec<Result<secrecy::SecretString, crate::app::onboarding::CertificateError>>,
        shared: &mut Shared,
    ) -> Flow {
        let Some(w) = self.wizard.as_mut() else {
            return Flow::unchanged();
        };
        let mut ok = true;
        for (key, r) in keys.into_iter().zip(results) {
            w.certificates.retain(|(k, _)| *k != key);
            match r {
                Ok(cert) => w.certificates.push((key, cert)),
                Err(e) => {
                    ok = false;
                    // A wrong password is marked on the password, the rest on the file.
                    let at = match key {
                        WizardKey::Auth(p, AuthField::CertPath) if e.password => {
                            WizardKey::Auth(p, AuthField::CertPassword)
                        }
                        _ => key,
                    };
                    let visible = w.visible(w.current());
                    w.form.focus_on(&visible, at);
                    w.field_mut(at).error = Some(e.message);
                }
            }
        }
        if ok {
            self.advance(shared)
        } else {
            Flow::none()
        }
    }

    fn created(
        &mut self,
        result: Result<ApiReply, crate::api::ApiError>,
        shared: &mut Shared,
    ) -> Flow {
        match result {
            Ok(ApiReply::OrganizationCreated(org)) => {
                shared.status.text = Some(format!("Added {}.", org.display_name()));
                self.wizard = None;
                let id = org.id.clone();
                Flow::nav(Nav::Show(
                    Route::Organizations(id.clone()),
                    Some(Outcome::OrganizationAdded(id)),
                ))
            }
            Ok(ApiReply::OrganizationUpdated { id }) => {
                let name = self.title().replacen("Edit ", "", 1);
                shared.status.text = Some(format!("Saved the changes to {name}."));
                self.wizard = None;
                Flow::nav(Nav::Pop(Some(Outcome::OrganizationChanged(id))))
            }
            Ok(_) => Flow::unchanged(),
            Err(e) => {
                // Keep every field; show the server's words and mark what they name.
                if let Some(w) = self.wizard.as_mut() {
                    w.submitting = false;
                    let text = e.to_string();
                    w.form.error = Some(text.clone());
                    w.mark_server_error(e.server_message().unwrap_or(&text));
                }
                Flow::none()
            }
        }
    }
}

/// The review's width, and the rows its lines get below its heading, the "Submitting…"
/// line and a message, as drawn.
fn review_room(w: &Wizard, shared: &Shared) -> (usize, usize) {
    let width = usize::from(shared.size.0.saturating_sub(2)).max(1);
    let room = usize::from(shared.body_height().saturating_sub(2));
    let message = w.form.error.as_deref().map_or(0, |e| wrapped_rows(e, width));
    let heading = wrapped_rows(&w.review_heading(), width);
    (width, room.saturating_sub(heading + usize::from(w.submitting) + message))
}

/// The last line the review may start from: from it on, every line fits below the "↑ more"
/// marker, wrapped as drawn (the last lines, such as a warning, can always be reached).
fn last_start(w: &Wizard, shared: &Shared) -> usize {
    let (width, room) = review_room(w, shared);
    let lines = w.review_lines();
    let mut rows = 0;
    for (i, line) in lines.iter().enumerate().rev() {
        rows += wrapped_rows(line, width);
        if rows > room.saturating_sub(1) {
            return i + 1;
        }
    }
    0
}

/// Rows a line takes wrapped to `width`, as the review draws it.
fn wrapped_rows(line: &str, width: usize) -> usize {
    crate::text::rows(&line.chars().collect::<Vec<_>>(), width).len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::config::Config;

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("wizard", Table::AddOrganization.bindings());
        crate::app::keymap::check_table("wizard review", Table::AddOrganizationReview.bindings());
        crate::app::keymap::check_table(
            "wizard review, whole",
            Table::AddOrganizationReviewWhole.bindings(),
        );
    }

    #[test]
    fn the_review_offers_scrolling_only_when_the_body_is_taller_than_the_screen() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, _) = AddOrganizationPage::open(Default::default(), &mut shared);
        let w = p.wizard.as_mut().unwrap();
        w.step = w.steps().len() - 1;
        assert_eq!(w.current(), Step::Review);
        let body = w.review_json().lines().count() as u16;
        let scrolls = |p: &AddOrganizationPage, shared: &Shared| {
            crate::app::keymap::footer_hints(p.bindings(shared))
                .iter()
                .any(|(_, hint)| *hint == "scroll down")
        };
        shared.size = (200, body + 20);
        assert!(!scrolls(&p, &shared), "all {body} lines show");
        shared.size = (200, body);
        assert!(scrolls(&p, &shared));
        assert_eq!(wrapped_rows("  \"name\": \"a b c d e f\"", 12), 2);
    }

    #[test]
    fn a_wrong_certificate_password_is_marked_on_the_password() {
        use crate::app::onboarding::{CertificateError, Service};
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, _) = AddOrganizationPage::open(Default::default(), &mut shared);
        let k = |f| WizardKey::Auth(Service::Exchange, f);
        let w = p.wizard.as_mut().unwrap();
        w.step = 1;
        w.field_mut(k(AuthField::Mode)).choice = 1;
        let set = |w: &mut Wizard, f, v: &str| w.field_mut(k(f)).input = Input::new(v.into());
        set(w, AuthField::Organization, "adatum.onmicrosoft.com");
        set(w, AuthField::AppId, "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        set(w, AuthField::CertPath, "/tmp/app.pfx");
        let flow = p.on_intent(Intent::Submit, &mut shared);
        let Some(Command::ReadCertificates { id, .. }) = flow.commands.first() else {
            panic!("reads the file: {:?}", flow.commands);
        };
        let wrong = CertificateError {
            message: "This password does not open /tmp/app.pfx.".into(),
            password: true,
        };
        p.on_reply(*id, Reply::Certificates(vec![Err(wrong)]), &mut shared);
        let w = p.wizard.as_ref().unwrap();
        assert!(w.field(k(AuthField::CertPassword)).error.is_some());
        assert!(w.field(k(AuthField::CertPath)).error.is_none());
        assert_eq!(focused_key(w), Some(k(AuthField::CertPassword)));
    }

    /// The server refused the organization (already added): the field is fixed and Enter
    /// passes the step, so the refusal no longer stands above what follows.
    #[test]
    fn passing_a_step_again_clears_the_last_submits_error() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, _) = AddOrganizationPage::open(Default::default(), &mut shared);
        let w = p.wizard.as_mut().unwrap();
        w.form.error = Some("Add organization failed: it has already been added.".into());
        p.on_intent(Intent::Submit, &mut shared);
        let w = p.wizard.as_ref().unwrap();
        assert_eq!(w.step, 1, "the first step passed");
        assert!(w.form.error.is_none());
    }

    #[test]
    fn the_draft_is_kept_when_the_page_is_left() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut p, _) = AddOrganizationPage::open(Default::default(), &mut shared);
        p.on_intent(Intent::Right, &mut shared);
        let choice = p.wizard.as_ref().unwrap().field(WizardKey::Type).choice;
        assert!(matches!(
            p.on_intent(Intent::Back, &mut shared).nav,
            Some(Nav::Pop(None))
        ));
        p.on_leave(&mut shared);
        let (p, _) = AddOrganizationPage::open(Default::default(), &mut shared);
        assert_eq!(p.wizard.as_ref().unwrap().field(WizardKey::Type).choice, choice);
        assert_ne!(choice, 0);
    }
}
