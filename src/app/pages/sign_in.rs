//! Sign in: administrator with a password; tenant or restore operator through a Microsoft
//! device code whose token becomes the assertion. Also the page that asks to sign in again
//! when a session could not be renewed, returning to where the operator was.

use tui_input::Input;

use crate::api::{ApiCall, ApiReply, AssertionGrant, SignInKind};
use crate::app::action::Reply;
use crate::app::code_panel::{self, CodePanel, PanelEvent};
use crate::app::command::{CodeSpec, Command};
use crate::app::forms::{Field, Form, Kind};
use crate::app::keymap::{Binding, Intent};
use crate::app::pages::{Open, Page, Route, Screen};
use crate::app::pages::{AppRequest, Flow, Nav, Outcome};
use crate::app::shared::{RequestId, Shared};
use crate::identity::{DEFAULT_CLIENT_ID, authority_for_region};
use crate::app::keymap::Table;

/// Who signs in. Tenant and restore-operator sign-in go through a device code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInMode {
    Administrator,
    Tenant,
    Operator,
}

impl SignInMode {
    pub const ALL: [SignInMode; 3] = [
        SignInMode::Administrator,
        SignInMode::Tenant,
        SignInMode::Operator,
    ];
    pub fn label(self) -> &'static str {
        match self {
            SignInMode::Administrator => "Administrator",
            SignInMode::Tenant => "Tenant",
            SignInMode::Operator => "Restore operator",
        }
    }
    /// The fields of this mode, in Tab order.
    pub fn fields(self) -> &'static [SignInField] {
        match self {
            SignInMode::Administrator => &[SignInField::User, SignInField::Password],
            SignInMode::Tenant | SignInMode::Operator => &[
                SignInField::Tenant,
                SignInField::Region,
                SignInField::AppId,
                SignInField::Authority,
            ],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInField {
    User,
    Password,
    Tenant,
    Region,
    AppId,
    Authority,
}

/// The regions as the version names them, in the order of `ApiVersion::regions`.
const REGIONS: &[&str] = &["Worldwide", "USGovernment", "USDefence", "China", "Germany"];
const REGIONS_LEGACY: &[&str] = &[
    "Worldwide",
    "USgovCommunity",
    "USgovDefence",
    "China",
    "Germany",
];

fn fields(start: &crate::app::shared::StartValues, legacy: bool) -> Form<SignInField> {
    let regions = if legacy { REGIONS_LEGACY } else { REGIONS };
    Form::new(vec![
        Field::new(SignInField::User, "User", Kind::Text, "").with_text(&start.user),
        Field::new(SignInField::Password, "Password", Kind::Secret, ""),
        Field::new(SignInField::Tenant, "Tenant", Kind::Text, "").with_text(&start.tenant),
        Field::new(SignInField::Region, "Region", Kind::Choice(regions), ""),
        Field::new(SignInField::AppId, "App id", Kind::Text, ""),
        Field::new(SignInField::Authority, "Authority", Kind::Text, "")
            .with_text(&start.authority),
    ])
}

#[derive(Debug)]
pub struct SignInPage {
    pub mode: SignInMode,
    /// Every field of every mode; the mode says which show (`form.focus` indexes those).
    pub form: Form<SignInField>,
    pub error: Option<String>,
    /// Demo credentials to show on screen.
    pub hint: Option<(String, String)>,
    /// The Microsoft device code of a tenant or operator sign-in.
    pub code: Option<CodePanel>,
    /// Signing in again: success returns to the page below instead of Home.
    pub resume: bool,
    signing_in: Option<RequestId>,
}

impl Open for SignInPage {
    /// The reason to sign in again, when a session could not be renewed.
    type Args = Option<String>;
    fn open(resume: Option<String>, shared: &mut Shared) -> (Self, Flow) {
        let start = &shared.start;
        let mut page = SignInPage {
            mode: SignInMode::Administrator,
            form: fields(start, shared.version() <= crate::api::ApiVersion::V5),
            error: None,
            hint: start.hint.clone(),
            code: None,
            resume: resume.is_some(),
            signing_in: None,
        };
        if let Some(identity) = shared.identity.as_ref().filter(|_| page.resume) {
            match &identity.kind {
                SignInKind::Tenant { tenant } => {
                    page.mode = SignInMode::Tenant;
                    page.form.get_mut(SignInField::Tenant).input = Input::new(tenant.clone());
                }
                SignInKind::Operator => page.mode = SignInMode::Operator,
                SignInKind::Administrator => {
                    page.form.get_mut(SignInField::User).input =
                        Input::new(identity.user_name.clone())
                }
            }
        }
        if page.mode == SignInMode::Administrator && !page.value(SignInField::User).is_empty() {
            page.focus_on(SignInField::Password);
        }
        page.error = resume;
        (page, Flow::none())
    }
}

impl Page for SignInPage {
    fn title(&self) -> String {
        "Sign in".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        match &self.code {
            Some(c) => code_panel::bindings(c),
            None => Table::SignIn.bindings(),
        }
    }
    fn typing(&self) -> bool {
        self.code.is_none() && self.form.get(self.focus()).is_text()
    }
    fn input(&mut self) -> Option<&mut Input> {
        if self.code.is_some() {
            return None;
        }
        let f = self.form.get_mut(self.focus());
        f.is_text().then_some(&mut f.input)
    }
    fn code_panel(&self) -> Option<&CodePanel> {
        self.code.as_ref()
    }
    fn code_slot(&mut self) -> Option<&mut Option<CodePanel>> {
        Some(&mut self.code)
    }
    fn on_panel(&mut self, event: PanelEvent, shared: &mut Shared) -> Flow {
        self.panel_event(event, shared)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let shown = self.mode.fields().len();
        match intent {
            Intent::NextField => self.form.next(shown, false),
            Intent::PrevField => self.form.next(shown, true),
            Intent::Right | Intent::Left if self.focus() == SignInField::Region => {
                self.form
                    .get_mut(SignInField::Region)
                    .cycle(intent == Intent::Left);
            }
            Intent::NextMode => {
                let i = SignInMode::ALL
                    .iter()
                    .position(|m| *m == self.mode)
                    .unwrap_or(0);
                self.mode = SignInMode::ALL[(i + 1) % SignInMode::ALL.len()];
                self.form.focus = 0;
                self.error = None;
            }
            // Signing in again has nowhere to go back to but the start.
            Intent::Back if self.resume => return Flow::request(AppRequest::Connect),
            Intent::Back => return Flow::pop(),
            Intent::Submit if self.mode == SignInMode::Administrator => {
                return self.submit_password(shared);
            }
            Intent::Submit => return self.submit_device_sign_in(shared),
            _ => return Flow::unchanged(),
        }
        Flow::none()
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        match reply {
            Reply::Api(result) if self.signing_in == Some(id) => {
                self.signing_in = None;
                match result {
                    Ok(ApiReply::SignedIn(info)) => self.signed_in(info, shared),
                    Ok(_) => Flow::unchanged(),
                    Err(e) => {
                        self.error = Some(e.to_string());
                        self.code = None;
                        shared.status.text = None;
                        if e.is_certificate() {
                            return Flow::nav(Nav::PopTo(
                                Screen::Connect,
                                Some(Outcome::ConnectFailed(e)),
                            ));
                        }
                        Flow::none()
                    }
                }
            }
            _ => Flow::unchanged(),
        }
    }
}

/// A tenant name: `contoso.onmicrosoft.com` or a verified domain.
pub fn valid_tenant(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

impl SignInPage {
    /// The field with focus.
    pub fn focus(&self) -> SignInField {
        let fields = self.mode.fields();
        fields[self.form.focus.min(fields.len() - 1)]
    }

    fn focus_on(&mut self, field: SignInField) {
        self.form.focus_on(self.mode.fields(), field);
    }

    pub fn value(&self, field: SignInField) -> &str {
        self.form.get(field).value()
    }

    /// A plain `http://` authority carries the sign-in and its token unencrypted: say so.
    pub fn authority_warning(&self) -> Option<&'static str> {
        let plain = self
            .value(SignInField::Authority)
            .trim()
            .to_ascii_lowercase()
            .starts_with("http://");
        (plain && self.mode != SignInMode::Administrator).then_some(
            " ⚠ http:// authority: the sign-in and its token travel unencrypted; use https:// outside a lab.",
        )
    }

    /// Index into the version's regions.
    pub fn region(&self) -> usize {
        self.form.get(SignInField::Region).choice
    }

    fn fail(&mut self, field: SignInField, msg: &str) -> Flow {
        self.error = Some(msg.to_string());
        self.focus_on(field);
        Flow::none()
    }

    fn submit_password(&mut self, shared: &mut Shared) -> Flow {
        let user = self.value(SignInField::User).trim().to_string();
        if user.is_empty() {
            return self.fail(SignInField::User, "Enter the user name.");
        }
        if self.value(SignInField::Password).is_empty() {
            return self.fail(SignInField::Password, "Enter the password.");
        }
        self.error = None;
        let password = self.form.get(SignInField::Password).to_secret();
        let (id, cmd) = shared.call(ApiCall::SignInPassword { user, password });
        self.signing_in = Some(id);
        Flow::cmd(cmd)
    }

    /// Tenant or restore-operator sign-in: validate, then a Microsoft device code.
    fn submit_device_sign_in(&mut self, shared: &mut Shared) -> Flow {
        let tenant = self.value(SignInField::Tenant).trim().to_ascii_lowercase();
        if !valid_tenant(&tenant) {
            return self.fail(
                SignInField::Tenant,
                "Enter the tenant: contoso.onmicrosoft.com or a verified domain such as contoso.com.",
            );
        }
        let app_id = self.value(SignInField::AppId).trim().to_string();
        if !app_id.is_empty() && uuid::Uuid::try_parse(&app_id).is_err() {
            return self.fail(
                SignInField::AppId,
                "The application (client) id must be a GUID, or empty for the default.",
            );
        }
        let authority = self
            .value(SignInField::Authority)
            .trim()
            .trim_end_matches('/')
            .to_string();
        if !(authority.is_empty()
            || authority.starts_with("https://")
            || authority.starts_with("http://"))
        {
            return self.fail(
                SignInField::Authority,
                "The authority must be a URL such as https://login.microsoftonline.com, or empty for the region's.",
            );
        }
        self.error = None;
        let regions = shared.regions();
        let region = regions[self.region().min(regions.len() - 1)].clone();
        let authority = if authority.is_empty() {
            authority_for_region(&region).to_string()
        } else {
            authority
        };
        let client_id = if app_id.is_empty() {
            DEFAULT_CLIENT_ID.to_string()
        } else {
            app_id
        };
        let title = match self.mode {
            SignInMode::Operator => format!("Restore operator sign-in to {tenant}"),
            _ => format!("Microsoft 365 sign-in for {tenant}"),
        };
        let spec = CodeSpec::Microsoft {
            authority,
            tenant,
            client_id,
        };
        code_panel::start(&mut self.code, title, spec, shared).into()
    }

    /// What the panel reported: a new code, or the Microsoft sign-in approved.
    fn panel_event(&mut self, event: PanelEvent, shared: &mut Shared) -> Flow {
        match event {
            PanelEvent::NewCode => self.submit_device_sign_in(shared),
            PanelEvent::Used {
                token: Some(assertion),
                ..
            } => self.sign_in_with(assertion, shared),
            _ => Flow::unchanged(),
        }
    }

    /// The Microsoft sign-in was approved: present its token document to VB365.
    fn sign_in_with(&mut self, assertion: secrecy::SecretString, shared: &mut Shared) -> Flow {
        let tenant = self.value(SignInField::Tenant).trim().to_ascii_lowercase();
        let grant = if self.mode == SignInMode::Operator {
            shared.status.text =
                Some("Microsoft sign-in approved; signing in as restore operator…".into());
            AssertionGrant::Operator
        } else {
            shared.status.text = Some(format!(
                "Microsoft sign-in approved; signing in to VB365 as {tenant}…"
            ));
            AssertionGrant::Tenant
        };
        let (id, cmd) = shared.call(ApiCall::SignInAssertion {
            grant,
            client_id: tenant,
            assertion,
        });
        self.signing_in = Some(id);
        Flow::cmd(cmd)
    }

    fn signed_in(&mut self, info: crate::api::Identity, shared: &mut Shared) -> Flow {
        let name = info.user_name.clone();
        shared.identity = Some(info);
        self.code = None;
        self.form.get_mut(SignInField::Password).clear();
        self.error = None;
        let build = Flow::request(AppRequest::ServerBuild);
        if self.resume {
            shared.status.text = Some(format!("Signed in again as {name}; back where you were."));
            return build.with_nav(Nav::Pop(Some(Outcome::SignedInAgain)));
        }
        shared.status.text = Some(format!("Signed in as {name}"));
        let mut flow = build.with_nav(Nav::Push(Route::Home(())));
        // The server's profile keeps who signed in, for the next start.
        if let Some(server) = shared.server.as_ref().filter(|_| self.mode == SignInMode::Administrator) {
            let server = server.url.clone();
            if let Some(p) = shared.config.profiles.iter_mut().find(|p| p.server.eq_ignore_ascii_case(&server)) {
                p.username = Some(name.clone());
            }
            flow = flow.with(Command::RememberUser { server, user: name });
        }
        flow
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::app::command::Command;
    use crate::config::Config;

    fn page() -> (SignInPage, Shared) {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        shared.start.user = "administrator".into();
        let (p, _) = SignInPage::open(None, &mut shared);
        (p, shared)
    }

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("sign in", Table::SignIn.bindings());
    }

    #[test]
    fn region_labels_are_the_versions_names() {
        use crate::api::ApiVersion;
        for v in [ApiVersion::V4, ApiVersion::V5, ApiVersion::V6, ApiVersion::V8] {
            let labels = if v <= ApiVersion::V5 { REGIONS_LEGACY } else { REGIONS };
            let names: Vec<String> = v.regions().iter().map(|r| v.region_name(r)).collect();
            assert_eq!(labels, names, "{v}");
        }
    }

    #[test]
    fn an_empty_password_is_refused_in_place() {
        let (mut p, mut shared) = page();
        assert_eq!(p.focus(), SignInField::Password, "the user is known");
        let flow = p.on_intent(Intent::Submit, &mut shared);
        assert!(flow.commands.is_empty());
        assert_eq!(p.error.as_deref(), Some("Enter the password."));
        p.input().unwrap().handle(tui_input::InputRequest::InsertChar('x'));
        let flow = p.on_intent(Intent::Submit, &mut shared);
        assert!(matches!(
            flow.commands.as_slice(),
            [Command::Call {
                call: ApiCall::SignInPassword { .. },
                ..
            }]
        ));
        assert_eq!(shared.in_flight(), 1);
    }

    #[test]
    fn a_plain_http_authority_is_warned_about() {
        let (mut p, mut shared) = page();
        p.on_intent(Intent::NextMode, &mut shared);
        assert!(p.authority_warning().is_none());
        p.form.get_mut(SignInField::Authority).input = Input::new("http://login.lab".into());
        assert!(p.authority_warning().unwrap().contains("unencrypted"));
    }

    #[test]
    fn a_bad_tenant_is_refused_before_any_code() {
        let (mut p, mut shared) = page();
        p.on_intent(Intent::NextMode, &mut shared);
        p.form.get_mut(SignInField::Tenant).input = Input::new("not a tenant".into());
        let flow = p.on_intent(Intent::Submit, &mut shared);
        assert!(flow.commands.is_empty() && p.code.is_none());
        assert_eq!(p.focus(), SignInField::Tenant);
    }

    #[test]
    fn esc_goes_back_to_connect_or_to_the_start_when_signing_in_again() {
        let (mut p, mut shared) = page();
        assert!(matches!(
            p.on_intent(Intent::Back, &mut shared).nav,
            Some(Nav::Pop(None))
        ));
        p.resume = true;
        assert_eq!(
            p.on_intent(Intent::Back, &mut shared).request,
            Some(AppRequest::Connect)
        );
    }
}
