//! Messages: every message the status line showed in this run, with when and on which page,
//! newest last, scrolled; the status line cuts long ones, this page shows them whole.

use crate::app::keymap::{Binding, Intent, Table};
use crate::app::pages::{Flow, Open, Page};
use crate::app::shared::Shared;

#[derive(Debug, Default)]
pub struct MessagesPage {
    /// Messages scrolled up from the newest (0: the newest is on the last row).
    pub back: usize,
}

impl Open for MessagesPage {
    type Args = ();
    fn open(_: (), _: &mut Shared) -> (Self, Flow) {
        (MessagesPage::default(), Flow::none())
    }
}

impl Page for MessagesPage {
    fn title(&self) -> String {
        "Messages".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::Messages.bindings()
    }
    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        // Counted from the oldest at the top, as the page reads.
        let oldest = shared.status.history().len().saturating_sub(1);
        let page = shared.list_rows() as usize;
        match (intent, super::scrolled(intent, oldest - self.back.min(oldest), oldest, page)) {
            (Intent::Back, _) => Flow::pop(),
            (_, Some(at)) => {
                self.back = oldest - at;
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
    use crate::config::Config;

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("messages", Table::Messages.bindings());
    }

    #[test]
    fn it_opens_on_the_newest_and_scrolls_back_no_further_than_the_oldest() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        for text in ["Connected.", "Signed in as administrator", "Saved Inbox.pst."] {
            shared.status.say(text);
            shared.status.log(|| "09:30:00".into(), || "Home".into());
        }
        let (mut p, _) = MessagesPage::open((), &mut shared);
        assert_eq!(p.back, 0);
        for _ in 0..5 {
            p.on_intent(Intent::Up, &mut shared);
        }
        assert_eq!(p.back, 2, "the oldest is as far as it goes");
        p.on_intent(Intent::Bottom, &mut shared);
        assert_eq!(p.back, 0);
    }
}
