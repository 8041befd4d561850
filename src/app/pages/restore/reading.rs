//! What the restore form's fields mean as it stands: what is chosen, where it goes, the
//! options its body takes, the fields shown, and what is wrong before anything is sent.

use super::fields::{REGION_VALUES, RestoreKey};
use super::{RestoreChoice, RestorePage};
use crate::app::memory::CredentialKind;
use crate::api::{
    DriveTarget, Elsewhere, EmailTarget, MailTarget, Opt, OptKind, OptValue, PlaceKind,
    RestoreOptions, RestoreWhat, SPECS, SiteTarget, spec,
};

impl RestorePage {
    /// What is restored now.
    pub fn chosen(&self) -> &RestoreChoice {
        let i = self.form.get(RestoreKey::What).choice.min(self.choices.len().saturating_sub(1));
        &self.choices[i]
    }

    /// The options chosen for what is restored (each restore sends those its body takes).
    pub fn options(&self) -> RestoreOptions {
        let mut options = RestoreOptions {
            elsewhere: self.elsewhere(),
            ..Default::default()
        };
        for spec in SPECS {
            let field = match spec.kind {
                // The account is the sign-in's impersonation field.
                OptKind::Account => self.form.get(RestoreKey::Impersonation),
                _ if spec.has_field() => self.form.get(RestoreKey::Opt(spec.opt)),
                _ => continue,
            };
            let value = match spec.kind {
                OptKind::Toggle { .. } | OptKind::Skip => OptValue::On(field.on),
                OptKind::Choice { .. } => OptValue::Pick(field.choice),
                OptKind::Days => match field.trimmed().parse() {
                    Ok(days) => OptValue::Days(days),
                    Err(_) => continue,
                },
                OptKind::Account => OptValue::Text(field.trimmed().to_string()),
            };
            options.set(spec.opt, value);
        }
        options
    }

    /// The options the chosen restore's body takes, as the form stands.
    pub fn opts(&self) -> Vec<Opt> {
        let what = &self.chosen().what;
        if self.operator {
            return what.operator_opts(self.version);
        }
        if self.sends() {
            return Vec::new();
        }
        what.opts(self.goes_elsewhere(), self.version)
    }

    /// The field that says where it goes, for what is chosen.
    fn target_key(&self) -> Option<RestoreKey> {
        match self.chosen().what.place()? {
            PlaceKind::Mailbox if matches!(self.chosen().what, RestoreWhat::Items { .. }) => {
                Some(RestoreKey::ItemsTarget)
            }
            PlaceKind::Mailbox => Some(RestoreKey::Target),
            PlaceKind::OneDrive => Some(RestoreKey::DriveTarget),
            PlaceKind::Site => Some(RestoreKey::SiteTarget),
        }
    }

    /// Where it goes, in words, naming the mailbox, OneDrive, site or team it goes back
    /// into: for the confirmation, the task and its record.
    pub fn target_words(&self) -> String {
        let into = &self.chosen().into;
        match self.options().elsewhere {
            Some(e) => e.target_words_for(Some(into.as_str()).filter(|i| !i.is_empty())),
            None if into.is_empty() => "where it was".into(),
            None => format!("where it was, in {into}"),
        }
    }

    /// Whether the items are sent by e-mail instead of restored.
    pub fn sends(&self) -> bool {
        !self.operator
            && self.version.has_mailbox_folders()
            && self.target_key() == Some(RestoreKey::ItemsTarget)
            && self.form.get(RestoreKey::ItemsTarget).choice == 2
    }

    /// Whether it goes somewhere else than where it was.
    fn goes_elsewhere(&self) -> bool {
        !self.operator
            && self.version.has_mailbox_folders()
            && self
                .target_key()
                .is_some_and(|k| self.form.get(k).choice == 1)
    }

    /// Where it goes when not where it was, as the form says.
    fn elsewhere(&self) -> Option<Elsewhere> {
        let text = |k| self.form.get(k).trimmed().to_string();
        if self.sends() {
            return Some(Elsewhere::Email(EmailTarget {
                to: (self.form.get(RestoreKey::SendTo).choice == 1)
                    .then(|| text(RestoreKey::SendAddress)),
                from: text(RestoreKey::SendFrom),
                subject: text(RestoreKey::SendSubject),
                text: text(RestoreKey::SendText),
            }));
        }
        if !self.goes_elsewhere() {
            return None;
        }
        let region = self
            .form
            .get(RestoreKey::TargetRegion)
            .choice
            .checked_sub(1)
            .and_then(|i| REGION_VALUES.get(i).cloned());
        Some(match self.chosen().what.place()? {
            PlaceKind::Mailbox => Elsewhere::Mailbox(MailTarget {
                mailbox: text(RestoreKey::TargetMailbox),
                folder: text(RestoreKey::TargetFolder),
                organization: text(RestoreKey::TargetOrganization),
                region,
                cas_server: text(RestoreKey::CasServer),
            }),
            PlaceKind::OneDrive => Elsewhere::OneDrive(DriveTarget {
                onedrive: text(RestoreKey::TargetOneDrive),
                folder: text(RestoreKey::TargetFolder),
                organization: text(RestoreKey::TargetOrganization),
                region,
            }),
            PlaceKind::Site => Elsewhere::Site(SiteTarget {
                site_url: text(RestoreKey::TargetSite),
                list: text(RestoreKey::TargetList),
                organization: text(RestoreKey::TargetOrganization),
                region,
            }),
        })
    }

    /// How the restore signs in, as chosen.
    pub(super) fn kind(&self) -> CredentialKind {
        CredentialKind::at(self.form.get(RestoreKey::Credential).choice)
    }

    /// Keys of the fields shown now: what only with a choice; where to, when there is
    /// another place; the options the body takes; then the chosen credential's.
    pub fn visible(&self) -> Vec<RestoreKey> {
        let several = self.choices.len() > 1;
        let kind = self.kind();
        let operator = self.operator;
        let what = &self.chosen().what;
        // v4/v5 restore only to where it was.
        let legacy = !self.version.has_mailbox_folders();
        let target = if operator || legacy { None } else { self.target_key() };
        let place = what.place().filter(|_| self.goes_elsewhere());
        let opts = self.opts();
        let has = |o| opts.contains(&o);
        let sends = self.sends();
        let to = |p| place == Some(p);
        self.form.visible(|_, k| match k {
            RestoreKey::What => several,
            RestoreKey::Reason => operator,
            RestoreKey::SendTo | RestoreKey::SendFrom | RestoreKey::SendSubject | RestoreKey::SendText => sends,
            RestoreKey::SendAddress => sends && self.form.get(RestoreKey::SendTo).choice == 1,
            // The operator's team restore works as an account, which it must name.
            RestoreKey::Impersonation if operator => has(Opt::Impersonation),
            // The operator's own sign-in is the authority; the server sends e-mail itself.
            RestoreKey::Credential
            | RestoreKey::Code
            | RestoreKey::AppId
            | RestoreKey::CertFile
            | RestoreKey::CertPassword
            | RestoreKey::User
            | RestoreKey::Password
            | RestoreKey::Impersonation
                if operator || sends =>
            {
                false
            }
            RestoreKey::Target
            | RestoreKey::ItemsTarget
            | RestoreKey::DriveTarget
            | RestoreKey::SiteTarget => target == Some(k),
            RestoreKey::TargetMailbox | RestoreKey::CasServer => to(PlaceKind::Mailbox),
            RestoreKey::TargetOneDrive => to(PlaceKind::OneDrive),
            RestoreKey::TargetFolder => to(PlaceKind::Mailbox) || to(PlaceKind::OneDrive),
            RestoreKey::TargetSite | RestoreKey::TargetList => to(PlaceKind::Site),
            RestoreKey::TargetOrganization | RestoreKey::TargetRegion => place.is_some(),
            // An option's field shows when the body takes it, or sends its value by another name.
            RestoreKey::Opt(o) => opts.iter().any(|&t| t == o || spec(t).same_as == Some(o)),
            RestoreKey::Credential => true,
            RestoreKey::Code => kind == CredentialKind::DeviceCode,
            RestoreKey::AppId | RestoreKey::CertFile | RestoreKey::CertPassword => {
                kind == CredentialKind::Certificate
            }
            RestoreKey::User | RestoreKey::Password => kind == CredentialKind::Password,
            RestoreKey::Impersonation => kind == CredentialKind::Password && what.impersonates(),
        })
    }

    /// What is wrong with the place typed for "somewhere else", before anything is sent.
    pub(super) fn target_problem(&self) -> Option<(RestoreKey, &'static str)> {
        let visible = self.visible();
        let empty = |k| visible.contains(&k) && self.form.get(k).trimmed().is_empty();
        let recent = RestoreKey::Opt(Opt::RecentPeriod);
        let days = self.form.get(recent).trimmed();
        if visible.contains(&recent)
            && !days.is_empty()
            && !days.parse::<u32>().is_ok_and(|d| d > 0)
        {
            return Some((recent, "A number of days (1, 2, …), or empty."));
        }
        let address = self.form.get(RestoreKey::SendAddress).trimmed();
        if visible.contains(&RestoreKey::SendAddress) && !is_address(address) {
            return Some((RestoreKey::SendAddress, "Type an e-mail address (name@domain)."));
        }
        if empty(RestoreKey::TargetMailbox) {
            return Some((RestoreKey::TargetMailbox, "Name the mailbox to restore to."));
        }
        let shown = |k| visible.contains(&k).then(|| self.form.get(k).trimmed());
        if shown(RestoreKey::TargetMailbox).is_some_and(|m| !is_address(m)) {
            return Some((
                RestoreKey::TargetMailbox,
                "Type the mailbox's address (name@domain, e.g. megan@contoso.com).",
            ));
        }
        if empty(RestoreKey::TargetOneDrive) {
            return Some((
                RestoreKey::TargetOneDrive,
                "Name the OneDrive to copy to: its URL or its owner's name.",
            ));
        }
        if shown(RestoreKey::TargetOneDrive).is_some_and(|o| !is_onedrive(o)) {
            return Some((
                RestoreKey::TargetOneDrive,
                "Type the OneDrive's address (https://…-my.sharepoint.com/personal/…) or its owner's name or e-mail address.",
            ));
        }
        if shown(RestoreKey::TargetSite).is_some_and(|site| !is_https_url(site)) {
            return Some((
                RestoreKey::TargetSite,
                "Type the site's address, https://… (e.g. https://contoso.sharepoint.com/sites/archive).",
            ));
        }
        if shown(RestoreKey::TargetOrganization).is_some_and(|o| !o.is_empty() && !is_domain(o)) {
            return Some((
                RestoreKey::TargetOrganization,
                "Type the organization's name as Microsoft 365 writes it (e.g. contoso.onmicrosoft.com), or leave it empty.",
            ));
        }
        None
    }

}

/// `name@domain.tld`: what an e-mail address or a mailbox must look like to be sent to.
fn is_address(s: &str) -> bool {
    match s.rsplit_once('@') {
        Some((name, domain)) => {
            !name.is_empty()
                && !name.chars().any(|c| c.is_whitespace() || c.is_control() || c == '@')
                && is_domain(domain)
        }
        None => false,
    }
}

/// A host name with at least two labels: `contoso.com`, `contoso.onmicrosoft.com`.
fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// `https://` and a host the URL parser takes as written (no spaces, nothing rewritten).
fn is_https_url(s: &str) -> bool {
    s.starts_with("https://")
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && reqwest::Url::parse(s)
            .ok()
            .and_then(|u| u.host_str().map(is_domain))
            .unwrap_or(false)
}

/// A OneDrive as the API names it: its URL, or its owner's e-mail address or display name
/// (letters, spaces, dots, hyphens and apostrophes; no path).
fn is_onedrive(s: &str) -> bool {
    if s.contains("://") {
        return is_https_url(s);
    }
    is_address(s)
        || (s.chars().any(char::is_alphanumeric)
            && s
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '\'' | '_')))
}

