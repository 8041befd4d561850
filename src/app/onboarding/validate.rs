//! Checking each step before moving on, and reading certificate files.

use super::*;

impl Wizard {
    /// The deprecation warning for basic authentication, when it is chosen.
    pub fn warning(&self, step: Step) -> Option<String> {
        if step == Step::Basics && self.kind() != OrganizationType::Office365 {
            return Some(self.on_premises_note());
        }
        let Step::Auth(p) = step else { return None };
        (self.auth(p) == Auth::Basic).then(|| {
            let mut w = "Basic authentication is deprecated: Microsoft has turned it off for Exchange Online, and VB365 accepts it only for existing setups".to_string();
            if self.version >= ApiVersion::V8 {
                w.push_str("; API v8 accepts it only in the China region");
            }
            w.push_str(". It cannot back up Teams. ");
            w.push_str(&match self.newer_than_8_5() {
                Some((b, true)) => {
                    format!("This server is {b}: outside the China region it refuses it.")
                }
                Some((b, false)) => {
                    format!("This server is {b}; VB365 8.6 removed it outside the China region.")
                }
                None => "VB365 8.6 removed it outside the China region.".into(),
            });
            w
        })
    }

    /// On-premises and hybrid organizations: which servers still take them.
    fn on_premises_note(&self) -> String {
        let part = match self.kind() {
            OrganizationType::OnPremises => "",
            _ => " (a hybrid one has an on-premises part)",
        };
        let note = match self.newer_than_8_5() {
            Some((b, true)) => format!("This server is {b}: it no longer accepts them."),
            Some((b, false)) => {
                format!("This server is {b}, older than 8.6: it still accepts them.")
            }
            None => "This server did not say its build: 8.5 and older accept them.".into(),
        };
        format!("VB365 8.6 removed on-premises organizations{part}. {note}")
    }

    /// The server's build, and whether it is 8.6 or newer (which removed on-premises
    /// organizations, and basic authentication outside the China region).
    fn newer_than_8_5(&self) -> Option<(&str, bool)> {
        let b = self.build.as_deref()?;
        Some((b, crate::api::actions::build_at_least(b, 8, 6)))
    }

    /// Checks the fields of a step and puts the messages beside them. True when clean.
    pub fn validate(&mut self, step: Step) -> bool {
        use WizardKey as K;
        let keys = self.visible(step);
        for f in self.form.fields.iter_mut() {
            f.error = None;
        }
        let mut errors: Vec<(WizardKey, String)> = Vec::new();
        match step {
            Step::Basics => {
                if self.online()
                    && !(self.on(K::ExchangeOnline)
                        || self.on(K::SharePointOnline)
                        || self.on(K::Teams))
                {
                    errors.push((K::ExchangeOnline, "Select at least one service.".into()));
                }
                if self.on(K::Teams)
                    && !(self.on(K::ExchangeOnline) && self.on(K::SharePointOnline))
                {
                    errors.push((
                        K::Teams,
                        "Teams needs Exchange Online and SharePoint Online.".into(),
                    ));
                }
                if self.kind() == OrganizationType::OnPremises
                    && !(self.on(K::OnPremExchange) || self.on(K::OnPremSharePoint))
                {
                    errors.push((
                        K::OnPremExchange,
                        "Select Exchange, SharePoint or both.".into(),
                    ));
                }
            }
            Step::Auth(p) => {
                use AuthField as A;
                // An edit keeps the tenant the server returned: its field is not shown.
                let org = self.text(K::Auth(p, A::Organization));
                let checked = self.editing.is_none();
                if checked && org.is_empty() {
                    errors.push((
                        K::Auth(p, A::Organization),
                        "Enter the organization, e.g. contoso.onmicrosoft.com.".into(),
                    ));
                } else if checked && (!is_host(&org) || !org.contains('.')) {
                    errors.push((
                        K::Auth(p, A::Organization),
                        "Not a tenant name: use contoso.onmicrosoft.com or a verified domain."
                            .into(),
                    ));
                }
                for &key in &keys {
                    let K::Auth(_, field) = key else { continue };
                    let f = self.field(key);
                    let v = f.trimmed();
                    let bad = match field {
                        A::AppId if !is_guid(v) => Some(
                            "Enter the application id, a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.",
                        ),
                        A::CertPath if v.is_empty() => Some("Enter the path to the .pfx file."),
                        A::Thumbprint if !is_thumbprint(v) => {
                            Some("A thumbprint is 40 hexadecimal digits.")
                        }
                        A::Secret if f.value().is_empty() && !self.keeps_secret(p) => {
                            Some("Enter the application secret.")
                        }
                        A::Account if !is_account(v) => Some(
                            "Enter the account with its domain, e.g. backup@contoso.onmicrosoft.com.",
                        ),
                        A::Password if f.value().is_empty() && !self.keeps_secret(p) => {
                            Some("Enter the password.")
                        }
                        A::AppName if v.is_empty() => Some("Name the new application."),
                        _ => None,
                    };
                    if let Some(msg) = bad {
                        errors.push((key, msg.to_string()));
                    }
                }
                if self.going_back_from_app_only(p) {
                    errors.push((
                        K::Auth(p, A::Mode),
                        "This organization uses modern app-only authentication; it cannot go back to basic or legacy authentication."
                            .into(),
                    ));
                }
                if self.auth(p) == Auth::Basic && self.on(K::Teams) {
                    errors.push((
                        K::Auth(p, A::Mode),
                        "Basic authentication cannot back up Teams; use modern app-only.".into(),
                    ));
                }
                if self.auth(p) == Auth::Basic
                    && self.version >= ApiVersion::V8
                    && self.region() != Region::China
                {
                    errors.push((
                        K::Auth(p, A::Mode),
                        "API v8 accepts basic authentication only in the China region.".into(),
                    ));
                }
            }
            Step::OnPremExchange | Step::OnPremSharePoint => {
                use ServerField as S;
                let p = if step == Step::OnPremExchange {
                    Server::Exchange
                } else {
                    Server::SharePoint
                };
                let server = self.text(K::Server(p, S::Host));
                if !is_host(&server) {
                    errors.push((
                        K::Server(p, S::Host),
                        "Enter the server's host name or IP address (no https://).".into(),
                    ));
                }
                let user = self.text(K::Server(p, S::User));
                if !is_account(&user) && !is_down_level_logon(&user) {
                    errors.push((
                        K::Server(p, S::User),
                        "Enter the user with its domain: CONTOSO\\backup or backup@contoso.local."
                            .into(),
                    ));
                }
                if self.field(K::Server(p, S::Password)).value().is_empty()
                    && !self.keeps_server_password(p)
                {
                    errors.push((K::Server(p, S::Password), "Enter the password.".into()));
                }
                if p == Server::SharePoint {
                    let port = self.text(K::Server(p, S::Port));
                    if !port.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n)) {
                        errors.push((
                            K::Server(p, S::Port),
                            "The port is a number from 1 to 65535.".into(),
                        ));
                    }
                }
            }
            // No field to mark: the step is the device-code panel.
            Step::DeviceCode => return self.user_code.is_some(),
            Step::Review => {}
        }
        let clean = errors.is_empty();
        for (key, msg) in errors {
            self.field_mut(key).error.get_or_insert(msg);
        }
        if let Some(first) = keys.iter().position(|k| self.field(*k).error.is_some()) {
            self.form.focus = first;
        }
        clean
    }

    /// The certificate files the visible auth steps need read, as (field key, path, password).
    pub fn certificate_paths(&self, step: Step) -> Vec<(WizardKey, String, SecretString)> {
        self.visible(step)
            .into_iter()
            .filter_map(|k| match k {
                WizardKey::Auth(p, AuthField::CertPath) => Some((
                    k,
                    self.text(k),
                    self.field(WizardKey::Auth(p, AuthField::CertPassword))
                        .to_secret(),
                )),
                _ => None,
            })
            .collect()
    }
}
