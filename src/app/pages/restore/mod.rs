//! Restore: what to put back where it was, and the credentials to do it with (the session's
//! restore device code, got right here when there is none; an application certificate read
//! and checked on this machine; or a user name and password). A confirmation then says
//! exactly what will happen; Enter there sends the restore once, as a task.

use tui_input::Input;

use crate::api::models::RestoreDeviceCodeRequest;
use crate::api::{
    ApiVersion, Credential, Restore,
};
use crate::app::action::Reply;
use crate::app::code_panel::{self, CodePanel, PanelEvent};
use crate::app::command::{CodeSpec, Command};
use crate::app::forms::{Form, Navigated};
use crate::app::memory::CredentialKind;
use crate::app::keymap::{Binding, Intent};
use crate::app::pages::{Flow, Open, Page};
use crate::app::shared::{RequestId, Shared};
use crate::poll::Vb365Code;

mod fields;
mod preset;
mod reading;

pub use crate::app::route_args::{RestoreChoice, RestoreOffer};
pub use fields::RestoreKey;
use crate::app::keymap::Table;

#[derive(Debug)]
pub struct RestorePage {
    pub session_id: String,
    pub organization: Option<String>,
    pub choices: Vec<RestoreChoice>,
    pub form: Form<RestoreKey>,
    /// The credential checked and ready: the confirmation is on screen.
    pub confirming: Option<Credential>,
    /// Signed in as a restore operator: the operator's restore, with a reason, and no
    /// credentials to give.
    pub operator: bool,
    /// The server's version: some options are a version's own.
    version: ApiVersion,
    /// The certificate file being read, and the request reading it.
    reading: Option<RequestId>,
    pub code: Option<CodePanel>,
}

impl Open for RestorePage {
    type Args = Box<RestoreOffer>;
    fn open(offer: Box<RestoreOffer>, shared: &mut Shared) -> (Self, Flow) {
        let RestoreOffer {
            session_id,
            organization,
            choices,
            preset,
        } = *offer;
        let known_code = shared.memory.restore_code(&session_id).unwrap_or_default().to_string();
        let remembered = shared
            .memory
            .restore_sign_in(&remember_key(&session_id, organization.as_deref()))
            .cloned()
            .unwrap_or_default();
        let fields = fields::all(choices.len(), &known_code, &remembered);
        let mut page = RestorePage {
            session_id,
            organization,
            choices,
            form: Form::new(fields),
            confirming: None,
            operator: shared.is_operator(),
            version: shared.version(),
            reading: None,
            code: None,
        };
        if let Some(options) = &preset {
            page.fill(options);
            shared.status.say(
                "Filled in as it was sent before; check it, then Enter. A password is typed again: none is kept.",
            );
        }
        (page, Flow::none())
    }
}

impl Page for RestorePage {
    fn title(&self) -> String {
        "Restore".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        match (&self.code, &self.confirming) {
            (Some(c), _) => code_panel::bindings(c),
            (None, Some(_)) if self.sends() => Table::SendConfirm.bindings(),
            (None, Some(_)) => Table::RestoreConfirm.bindings(),
            (None, None) => Table::Restore.bindings(),
        }
    }
    fn code_panel(&self) -> Option<&CodePanel> {
        self.code.as_ref()
    }
    fn code_slot(&mut self) -> Option<&mut Option<CodePanel>> {
        Some(&mut self.code)
    }
    fn on_panel(&mut self, event: PanelEvent, shared: &mut Shared) -> Flow {
        match event {
            PanelEvent::NewCode => self.get_code(shared),
            PanelEvent::Used { user_code, .. } => {
                self.code_used(user_code, shared);
                Flow::none()
            }
            _ => Flow::unchanged(),
        }
    }
    fn typing(&self) -> bool {
        self.code.is_none()
            && self.confirming.is_none()
            && self.focused().is_some_and(|k| self.form.get(k).is_text())
    }
    fn input(&mut self) -> Option<&mut Input> {
        if self.code.is_some() || self.confirming.is_some() {
            return None;
        }
        let key = self.focused()?;
        let f = self.form.get_mut(key);
        f.error = None;
        f.is_text().then_some(&mut f.input)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        if self.confirming.is_some() {
            return match intent {
                Intent::Submit => self.send(shared),
                // Back to the form, every choice kept.
                Intent::Back => {
                    self.confirming = None;
                    Flow::none()
                }
                _ => Flow::unchanged(),
            };
        }
        if self.form.navigate(intent, &self.visible()) != Navigated::Ignored {
            return Flow::none();
        }
        match intent {
            Intent::Back => Flow::pop(),
            Intent::Submit if self.reading.is_none() => self.submit(shared),
            _ => Flow::unchanged(),
        }
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, _shared: &mut Shared) -> Flow {
        match reply {
            Reply::Certificates(mut read) if self.reading == Some(id) => {
                self.reading = None;
                match read.pop() {
                    Some(Ok(pfx_base64)) => {
                        self.confirming = Some(Credential::Certificate {
                            application_id: self.form.get(RestoreKey::AppId).trimmed().to_string(),
                            pfx_base64,
                            password: self.form.get(RestoreKey::CertPassword).to_secret(),
                        });
                    }
                    Some(Err(e)) => self.refuse(RestoreKey::CertFile, e.to_string()),
                    None => {}
                }
                Flow::none()
            }
            _ => Flow::unchanged(),
        }
    }
}

impl RestorePage {
    pub fn focused(&self) -> Option<RestoreKey> {
        self.visible().get(self.form.focus).copied()
    }

    fn refuse(&mut self, key: RestoreKey, why: String) {
        self.form.get_mut(key).error = Some(why);
        let visible = self.visible();
        self.form.focus_on(&visible, key);
    }

    /// Enter on the form: the credential is checked (a certificate read on this machine),
    /// then the confirmation shows; with no device code, one is got first.
    fn submit(&mut self, shared: &mut Shared) -> Flow {
        // A new attempt: what the last one refused is checked again.
        self.form.clear_errors();
        let text = |p: &Self, k| p.form.get(k).trimmed().to_string();
        if self.operator {
            let reason = text(self, RestoreKey::Reason);
            if reason.is_empty() {
                self.refuse(RestoreKey::Reason, "An operator restore needs a reason.".into());
                return Flow::none();
            }
            if self.visible().contains(&RestoreKey::Impersonation)
                && text(self, RestoreKey::Impersonation).is_empty()
            {
                self.refuse(
                    RestoreKey::Impersonation,
                    "A team restore works as an account: name it (user@tenant).".into(),
                );
                return Flow::none();
            }
            self.confirming = Some(Credential::Operator { reason });
            return Flow::none();
        }
        if let Some((key, why)) = self.target_problem() {
            self.refuse(key, why.into());
            return Flow::none();
        }
        if self.sends() {
            self.confirming = Some(Credential::Server);
            return Flow::none();
        }
        match self.kind() {
            CredentialKind::DeviceCode if text(self, RestoreKey::Code).is_empty() => {
                self.get_code(shared)
            }
            CredentialKind::DeviceCode => {
                self.confirming = Some(Credential::DeviceCode {
                    user_code: text(self, RestoreKey::Code),
                });
                Flow::none()
            }
            CredentialKind::Certificate => {
                let app = text(self, RestoreKey::AppId);
                if uuid::Uuid::parse_str(&app).is_err() {
                    self.refuse(RestoreKey::AppId, "An application id is a GUID.".into());
                    return Flow::none();
                }
                let file = text(self, RestoreKey::CertFile);
                if file.is_empty() {
                    self.refuse(RestoreKey::CertFile, "Name the PFX file.".into());
                    return Flow::none();
                }
                let id = shared.task();
                self.reading = Some(id);
                let password = self.form.get(RestoreKey::CertPassword).to_secret();
                Flow::cmd(Command::ReadCertificates {
                    id,
                    files: vec![(file, password)],
                })
            }
            CredentialKind::Password => {
                let user = text(self, RestoreKey::User);
                if user.is_empty() {
                    self.refuse(RestoreKey::User, "Name the account.".into());
                    return Flow::none();
                }
                if self.form.get(RestoreKey::Password).value().is_empty() {
                    self.refuse(RestoreKey::Password, "Its password is needed.".into());
                    return Flow::none();
                }
                let impersonation = Some(text(self, RestoreKey::Impersonation))
                    .filter(|a| !a.is_empty() && self.visible().contains(&RestoreKey::Impersonation));
                self.confirming = Some(Credential::Password {
                    user,
                    password: self.form.get(RestoreKey::Password).to_secret(),
                    impersonation,
                });
                Flow::none()
            }
        }
    }

    /// Gets a restore device code for this session, with the usual panel.
    fn get_code(&mut self, shared: &mut Shared) -> Flow {
        let request = RestoreDeviceCodeRequest {
            target_application_id: None,
            target_region: None,
            target_organization_name: self.organization.clone(),
        };
        let title = format!(
            "Restore device code for {}",
            self.organization.clone().unwrap_or_else(|| "this session".into())
        );
        let spec = CodeSpec::Vb365(Vb365Code::Restore {
            session_id: self.session_id.clone(),
            request,
        });
        code_panel::start(&mut self.code, title, spec, shared).into()
    }

    /// The code was used to sign in: kept with the session, and the restore goes on to
    /// its confirmation.
    fn code_used(&mut self, user_code: Option<String>, shared: &mut Shared) {
        self.code = None;
        let Some(code) = user_code else {
            return;
        };
        shared.memory.remember_restore_code(&self.session_id, &code);
        self.form.get_mut(RestoreKey::Code).input = Input::new(code.clone());
        self.confirming = Some(Credential::DeviceCode { user_code: code });
    }

    /// Keeps how this restore signs in (never a secret) for the organization's next one.
    fn remember(&self, shared: &mut Shared) {
        let text = |k| self.form.get(k).trimmed().to_string();
        let key = remember_key(&self.session_id, self.organization.as_deref());
        shared.memory.remember_restore_sign_in(
            &key,
            crate::app::memory::RestoreSignIn {
                kind: self.kind(),
                application_id: text(RestoreKey::AppId),
                certificate_file: text(RestoreKey::CertFile),
                user: text(RestoreKey::User),
                impersonation: text(RestoreKey::Impersonation),
            },
        );
    }

    /// Enter on the confirmation: the restore goes, once, as a task; the form closes.
    fn send(&mut self, shared: &mut Shared) -> Flow {
        let Some(credential) = self.confirming.take() else {
            return Flow::unchanged();
        };
        let chosen = self.chosen().clone();
        let restore = Restore {
            session_id: self.session_id.clone(),
            options: self.options(),
            what: chosen.what.clone(),
            credential,
        };
        if !self.operator && !restore.sends() {
            self.remember(shared);
        }
        let verb = if restore.sends() { "Sending" } else { "Restoring" };
        let to = self.target_words();
        let again = RestoreOffer {
            session_id: self.session_id.clone(),
            organization: self.organization.clone(),
            choices: vec![chosen.clone()],
            preset: Some(restore.options.clone()),
        };
        let cmd = shared.start_restore(chosen.words.clone(), restore, to);
        if let Some(id) = cmd.request_id() {
            shared.tasks.keep_again(id, again);
        }
        shared.status.text = Some(format!("{verb} {}: t follows it.", chosen.words));
        let mut flow = Flow::pop();
        flow.commands.push(cmd);
        flow
    }
}

/// What a remembered sign-in is kept under: the organization, else the session.
fn remember_key(session_id: &str, organization: Option<&str>) -> String {
    organization.unwrap_or(session_id).to_ascii_lowercase()
}

#[cfg(test)]
mod tests;
