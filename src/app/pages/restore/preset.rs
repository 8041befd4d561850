//! A restore form filled again from what was sent before (a retry from Tasks): where it
//! went and every option, the reverse of reading the form. Credentials are not here: the
//! form offers how the organization last signed in, and a secret is typed again.

use tui_input::Input;

use super::fields::{REGION_VALUES, RestoreKey};
use super::RestorePage;
use crate::api::models::Region;
use crate::api::{Elsewhere, OptKind, OptValue, PlaceKind, RestoreOptions, SPECS};

impl RestorePage {
    /// Sets the fields so the form reads back as `options`.
    pub(super) fn fill(&mut self, options: &RestoreOptions) {
        for spec in SPECS.iter().filter(|s| s.has_field()) {
            let Some(value) = options.values.get(&spec.opt) else {
                continue;
            };
            let field = self.form.get_mut(RestoreKey::Opt(spec.opt));
            match (value, &spec.kind) {
                (OptValue::On(on), _) => field.on = *on,
                (OptValue::Pick(i), _) => field.choice = *i,
                (OptValue::Days(d), _) => field.input = Input::new(d.to_string()),
                (OptValue::Text(t), OptKind::Account) => {
                    self.form.get_mut(RestoreKey::Impersonation).input = Input::new(t.clone())
                }
                (OptValue::Text(t), _) => field.input = Input::new(t.clone()),
            }
        }
        let Some(elsewhere) = &options.elsewhere else {
            return;
        };
        let mut set = |k, text: &str| self.form.get_mut(k).input = Input::new(text.to_string());
        let region = match elsewhere {
            Elsewhere::Mailbox(m) => {
                set(RestoreKey::TargetMailbox, &m.mailbox);
                set(RestoreKey::TargetFolder, &m.folder);
                set(RestoreKey::TargetOrganization, &m.organization);
                set(RestoreKey::CasServer, &m.cas_server);
                m.region.clone()
            }
            Elsewhere::OneDrive(d) => {
                set(RestoreKey::TargetOneDrive, &d.onedrive);
                set(RestoreKey::TargetFolder, &d.folder);
                set(RestoreKey::TargetOrganization, &d.organization);
                d.region.clone()
            }
            Elsewhere::Site(s) => {
                set(RestoreKey::TargetSite, &s.site_url);
                set(RestoreKey::TargetList, &s.list);
                set(RestoreKey::TargetOrganization, &s.organization);
                s.region.clone()
            }
            Elsewhere::Email(e) => {
                set(RestoreKey::SendAddress, e.to.as_deref().unwrap_or(""));
                set(RestoreKey::SendFrom, &e.from);
                set(RestoreKey::SendSubject, &e.subject);
                set(RestoreKey::SendText, &e.text);
                self.form.get_mut(RestoreKey::SendTo).choice = usize::from(e.to.is_some());
                self.form.get_mut(RestoreKey::ItemsTarget).choice = 2;
                return;
            }
        };
        self.form.get_mut(RestoreKey::TargetRegion).choice = region_choice(region.as_ref());
        let target = match self.chosen().what.place() {
            Some(PlaceKind::Mailbox) if matches!(elsewhere, Elsewhere::Mailbox(_)) => {
                if matches!(self.chosen().what, crate::api::RestoreWhat::Items { .. }) {
                    RestoreKey::ItemsTarget
                } else {
                    RestoreKey::Target
                }
            }
            Some(PlaceKind::OneDrive) => RestoreKey::DriveTarget,
            Some(PlaceKind::Site) => RestoreKey::SiteTarget,
            _ => return,
        };
        self.form.get_mut(target).choice = 1;
    }
}

/// The region field's position for a region: 0 is "not sent".
fn region_choice(region: Option<&Region>) -> usize {
    region
        .and_then(|r| REGION_VALUES.iter().position(|v| v == r))
        .map_or(0, |i| i + 1)
}
