//! Keys: every key table with its bindings, named as the config file names them, so a key
//! can be rebound under `[keys.TABLE]` without reading the source.

use crate::app::keymap::{Binding, Intent, Table};
use crate::app::pages::{Flow, Open, Page};
use crate::app::shared::Shared;

#[derive(Debug, Default)]
pub struct KeysPage {
    /// The first line shown.
    pub scroll: usize,
}

impl Open for KeysPage {
    type Args = ();
    fn open(_: (), _: &mut Shared) -> (Self, Flow) {
        (KeysPage::default(), Flow::none())
    }
}

/// One binding as the config file names it: its table, its action, its keys, its words.
#[derive(Debug, PartialEq, Eq)]
pub struct KeyLine {
    pub table: &'static str,
    pub action: String,
    pub keys: String,
    pub desc: &'static str,
}

/// Every binding of every table, table by table in the keymap's order.
pub fn key_lines() -> Vec<KeyLine> {
    Table::ALL
        .iter()
        .flat_map(|t| {
            t.bindings().iter().map(|b| KeyLine {
                table: t.name(),
                action: format!("{:?}", b.intent),
                keys: b.keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" "),
                desc: b.hint,
            })
        })
        .collect()
}

impl Page for KeysPage {
    fn title(&self) -> String {
        "Keys".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::Keys.bindings()
    }
    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        let last = key_lines().len().saturating_sub(1);
        let page = shared.list_rows() as usize;
        match (intent, super::scrolled(intent, self.scroll, last, page)) {
            (Intent::Back, _) => Flow::pop(),
            (_, Some(at)) => {
                self.scroll = at;
                Flow::none()
            }
            _ => Flow::unchanged(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TrustMode;
    use crate::app::pages::Nav;
    use crate::config::Config;

    #[test]
    fn every_binding_is_listed_as_the_config_file_names_it_and_esc_closes() {
        let lines = key_lines();
        let versions = KeyLine {
            table: "browse",
            action: "Versions".into(),
            keys: "v".into(),
            desc: "versions (documents, list items)",
        };
        assert!(lines.contains(&versions), "{lines:?}");
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let (mut page, _) = KeysPage::open((), &mut shared);
        page.on_intent(Intent::PageDown, &mut shared);
        assert!(page.scroll > 0);
        page.on_intent(Intent::Up, &mut shared);
        let flow = page.on_intent(Intent::Back, &mut shared);
        assert!(matches!(flow.nav, Some(Nav::Pop(None))));
        crate::app::keymap::check_table("keys", Table::Keys.bindings());
    }
}
