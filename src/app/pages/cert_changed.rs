//! The hard stop when a pinned certificate changed: nothing is sent to that server.

use crate::api::{CertificateInfo, Fingerprint};
use crate::app::keymap::{Binding, Intent};
use crate::app::pages::{Open, Page};
use crate::app::pages::Flow;
use crate::app::shared::Shared;
use crate::app::keymap::Table;

#[derive(Debug)]
pub struct CertChangedPage {
    /// What the server presents now.
    pub cert: CertificateInfo,
    /// What was pinned.
    pub expected: Fingerprint,
}

impl Open for CertChangedPage {
    type Args = Box<(CertificateInfo, Fingerprint)>;
    fn open(args: Self::Args, _: &mut Shared) -> (Self, Flow) {
        let (cert, expected) = *args;
        (CertChangedPage { cert, expected }, Flow::none())
    }
}

impl Page for CertChangedPage {
    fn title(&self) -> String {
        "Certificate changed".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::CertChanged.bindings()
    }
    fn on_intent(&mut self, intent: Intent, _: &mut Shared) -> Flow {
        match intent {
            Intent::Back => Flow::pop(),
            _ => Flow::unchanged(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("certificate changed", crate::app::keymap::Table::CertChanged.bindings());
    }
}
