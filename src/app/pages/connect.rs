//! Connect: the server address (or a saved profile), version detection, and what to do
//! about an untrusted or changed certificate.

use tui_input::Input;

use crate::api::{
    ApiError, ApiReply, ApiVersion, Detection, Fingerprint, TrustMode, normalize_server_url,
    server_url_problem,
};
use crate::app::action::Reply;
use crate::app::command::Command;
use crate::app::keymap::{Binding, Intent};
use crate::app::modals::{Modal, TrustPrompt};
use crate::app::pages::{Open, Page, Route};
use crate::app::pages::{Flow, Outcome};
use crate::app::shared::{RequestId, ServerInfo, Shared};
use crate::app::keymap::Table;

#[derive(Debug, Default)]
pub struct ConnectPage {
    pub server: Input,
    pub profile: Option<usize>,
    pub focus_profile: bool,
    pub error: Option<String>,
    pub detected: Option<(Detection, ApiVersion)>,
    /// The certificate waiting for the operator's word.
    pub trust_prompt: Option<TrustPrompt>,
    connecting: Option<RequestId>,
}

impl Open for ConnectPage {
    type Args = ();
    fn open(_: (), shared: &mut Shared) -> (Self, Flow) {
        let page = ConnectPage {
            server: Input::new(shared.start.server.clone()),
            profile: shared.start.profile,
            ..ConnectPage::default()
        };
        (page, Flow::none())
    }
}

impl Page for ConnectPage {
    fn title(&self) -> String {
        "Connect".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::Connect.bindings()
    }
    fn typing(&self) -> bool {
        !self.focus_profile
    }
    fn input(&mut self) -> Option<&mut Input> {
        (!self.focus_profile).then_some(&mut self.server)
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        match intent {
            Intent::Submit => {
                let url = normalize_server_url(self.server.value());
                let trust = trust_for(shared, &url);
                self.connect(shared, trust, true)
            }
            Intent::Redetect => {
                let url = normalize_server_url(self.server.value());
                let trust = trust_for(shared, &url);
                self.connect(shared, trust, false)
            }
            Intent::NextField | Intent::PrevField => {
                if !shared.config.profiles.is_empty() {
                    self.focus_profile = !self.focus_profile;
                }
                Flow::none()
            }
            Intent::NextMode if self.focus_profile => {
                let n = shared.config.profiles.len();
                if n > 0 {
                    let next = self.profile.map_or(0, |i| (i + 1) % n);
                    self.profile = Some(next);
                    let p = &shared.config.profiles[next];
                    self.server = Input::new(p.server.clone());
                    if let Some(u) = &p.username {
                        shared.start.user = u.clone();
                    }
                }
                Flow::none()
            }
            Intent::TrustOnce | Intent::TrustRemember => self.trusted(intent, shared),
            // Cancel on the trust prompt.
            Intent::Back => {
                self.trust_prompt = None;
                self.error = Some("Connection cancelled: the certificate was not trusted.".into());
                Flow::none()
            }
            _ => Flow::unchanged(),
        }
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        if self.connecting != Some(id) {
            return Flow::unchanged();
        }
        self.connecting = None;
        match reply {
            Reply::Api(Ok(ApiReply::Detected { detection, chosen })) => {
                self.detected(shared, detection, chosen)
            }
            Reply::Api(Err(e)) => self.failed(e),
            _ => Flow::unchanged(),
        }
    }

    fn on_return(&mut self, outcome: Option<Outcome>, _: &mut Shared) -> Flow {
        match outcome {
            Some(Outcome::ConnectFailed(e)) => self.failed(e),
            _ => Flow::none(),
        }
    }
}

/// How to trust a server: the command line's choice, else a remembered pin.
fn trust_for(shared: &Shared, url: &str) -> TrustMode {
    if shared.trust != TrustMode::System {
        return shared.trust.clone();
    }
    shared
        .config
        .profile_for_server(url)
        .and_then(|p| p.fingerprint.as_deref())
        .and_then(Fingerprint::parse)
        .map(TrustMode::Pinned)
        .unwrap_or(TrustMode::System)
}

impl ConnectPage {
    fn connect(&mut self, shared: &mut Shared, trust: TrustMode, forced: bool) -> Flow {
        let url = normalize_server_url(self.server.value());
        if url.is_empty() {
            self.error =
                Some("Enter the server address, for example vbo01 or https://vbo01:4443.".into());
            return Flow::none();
        }
        if let Some(problem) = server_url_problem(&url) {
            self.error = Some(problem);
            return Flow::none();
        }
        self.error = None;
        // What the last server served says nothing about this one.
        self.detected = None;
        if shared.status.text.as_deref().is_some_and(|t| t.starts_with("Connected:")) {
            shared.status.text = None;
        }
        shared.server = Some(ServerInfo {
            url: url.clone(),
            version: None,
            build: None,
            trust: trust.clone(),
        });
        let id = shared.task();
        self.connecting = Some(id);
        Flow::cmd(Command::Connect {
            id,
            server: url,
            trust,
            forced: if forced { shared.forced_version } else { None },
        })
    }

    fn trusted(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let Some(prompt) = self.trust_prompt.take() else {
            return Flow::unchanged();
        };
        let fp = prompt.cert.fingerprint;
        // Remember first: its notice then arrives before the connection result.
        let mut flow = Flow::none();
        if intent == Intent::TrustRemember {
            let server = normalize_server_url(self.server.value());
            let user = Some(shared.start.user.clone()).filter(|u| !u.is_empty());
            flow = flow.with(Command::RememberPin {
                server,
                fingerprint: fp,
                user,
            });
        }
        flow.and(self.connect(shared, TrustMode::Pinned(fp), true))
    }

    fn detected(&mut self, shared: &mut Shared, detection: Detection, chosen: ApiVersion) -> Flow {
        let url = normalize_server_url(self.server.value());
        let trust = shared
            .server
            .as_ref()
            .map(|s| s.trust.clone())
            .unwrap_or(shared.trust.clone());
        shared.server = Some(ServerInfo {
            url: url.clone(),
            version: Some(chosen),
            build: None,
            trust,
        });
        let connected = format!("Connected: {}.", detection.summary(chosen));
        // Keep a notice about the certificate that arrived just before.
        shared.status.text = Some(match shared.status.text.take() {
            Some(n) if n.starts_with("Certificate") || n.starts_with("Demo") => {
                format!("{connected} {n}")
            }
            _ => connected,
        });
        self.detected = Some((detection, chosen));
        self.error = None;
        if let Some(user) = shared
            .config
            .profile_for_server(&url)
            .and_then(|p| p.username.clone())
            .filter(|_| shared.start.user.is_empty())
        {
            shared.start.user = user;
        }
        Flow::push(Route::SignIn(None))
    }

    fn failed(&mut self, e: ApiError) -> Flow {
        match e {
            ApiError::UntrustedCertificate { cert, reason, .. } => {
                let prompt = TrustPrompt {
                    cert: *cert,
                    reason,
                };
                self.trust_prompt = Some(prompt.clone());
                Flow::modal(Modal::Trust { page: 0, prompt })
            }
            ApiError::CertificateChanged { cert, expected, .. } => {
                Flow::push(Route::CertChanged(Box::new((*cert, expected))))
            }
            other => {
                self.error = Some(other.to_string());
                Flow::none()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("connect", Table::Connect.bindings());
    }

    #[test]
    fn an_empty_or_bad_address_says_why_and_sends_nothing() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut page, _) = ConnectPage::open((), &mut shared);
        let flow = page.on_intent(Intent::Submit, &mut shared);
        assert!(flow.commands.is_empty());
        assert!(page.error.as_deref().unwrap().contains("Enter the server address"));
        page.server = Input::new("ftp://vbo01".into());
        let flow = page.on_intent(Intent::Submit, &mut shared);
        assert!(flow.commands.is_empty() && page.error.is_some());
        assert_eq!(shared.in_flight(), 0);
    }

    #[test]
    fn a_detected_server_opens_sign_in() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut page, _) = ConnectPage::open((), &mut shared);
        page.server = Input::new("vbo01".into());
        let flow = page.on_intent(Intent::Submit, &mut shared);
        let Some(Command::Connect { id, .. }) = flow.commands.first() else {
            panic!("connects");
        };
        assert_eq!(shared.in_flight(), 1);
        let reply = Reply::Api(Ok(ApiReply::Detected {
            detection: Detection {
                served: vec![ApiVersion::V7, ApiVersion::V8],
                unchecked: vec![],
            },
            chosen: ApiVersion::V8,
        }));
        let flow = page.on_reply(*id, reply, &mut shared);
        assert!(matches!(flow.nav, Some(crate::app::pages::Nav::Push(Route::SignIn(None)))));
        assert_eq!(shared.version(), ApiVersion::V8);
        assert!(shared.status.text.as_deref().unwrap().starts_with("Connected:"));

        // Back on Connect, another address that fails: nothing of the last server is left.
        page.server = Input::new("vbo02".into());
        let flow = page.on_intent(Intent::Submit, &mut shared);
        let Some(Command::Connect { id, .. }) = flow.commands.first() else {
            panic!("connects");
        };
        assert!(page.detected.is_none() && shared.status.text.is_none());
        let failed = Reply::Api(Err(ApiError::Connect {
            op: "Detect API version".into(),
            url: "https://vbo02:4443".into(),
            detail: "no route".into(),
        }));
        page.on_reply(*id, failed, &mut shared);
        assert!(page.detected.is_none() && page.error.is_some());
    }
}
