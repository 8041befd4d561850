//! The status line: the message of the moment in the footer, and its rules. A message
//! belongs to the page whose handler wrote it and shows while that page is on top; one
//! written by the action that navigates goes with it to the page it lands on ("Added
//! contoso."), while an older one described the page left behind and goes.

use super::command::{APP, PageId};

/// A message as the history keeps it: when, on which page, what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logged {
    pub at: String,
    pub page: String,
    pub text: String,
}

/// Messages kept at the most; the oldest go first.
const HISTORY: usize = 1000;

#[derive(Debug)]
pub struct StatusLine {
    /// What it says now. Pages write it; the router decides whose it is.
    pub text: Option<String>,
    /// Every message of the run, oldest first.
    history: Vec<Logged>,
    /// The text last written to the history, so a message shown for several actions is kept
    /// once.
    logged: Option<String>,
    /// The text as last stamped, its page, and whether the action carried out now wrote it.
    stamp: Option<String>,
    owner: PageId,
    fresh: bool,
}

impl Default for StatusLine {
    fn default() -> Self {
        StatusLine {
            text: None,
            history: Vec::new(),
            logged: None,
            stamp: None,
            owner: APP,
            fresh: false,
        }
    }
}

impl StatusLine {
    pub fn say(&mut self, text: impl Into<String>) {
        self.text = Some(text.into());
    }

    /// What the footer shows with `top` on screen: the message of that page, if it wrote
    /// one (or one written since the last stamp).
    pub fn shown(&self, top: PageId) -> Option<&str> {
        let own = self.owner == top || self.text != self.stamp;
        self.text.as_deref().filter(|_| own)
    }

    /// A handler of `owner` ran: a message it wrote is that page's, and fresh until the
    /// action that wrote it has been carried out.
    pub(crate) fn stamp(&mut self, owner: PageId) {
        if self.text != self.stamp {
            self.stamp = self.text.clone();
            self.owner = owner;
            self.fresh = true;
        }
    }

    /// Whether the action just carried out wrote a message the history does not have yet.
    pub(crate) fn unlogged(&self) -> bool {
        self.text != self.logged
    }

    /// Keeps a message written by the action just carried out, at `at` on `page`.
    pub(crate) fn log(&mut self, at: impl FnOnce() -> String, page: impl FnOnce() -> String) {
        if !self.unlogged() {
            return;
        }
        self.logged = self.text.clone();
        let Some(text) = self.text.clone() else {
            return;
        };
        if self.history.len() == HISTORY {
            self.history.remove(0);
        }
        self.history.push(Logged {
            at: at(),
            page: page(),
            text,
        });
    }

    /// Every message of the run, oldest first.
    pub fn history(&self) -> &[Logged] {
        &self.history
    }

    /// The action has been carried out: its message is not fresh any more.
    pub(crate) fn settle(&mut self) {
        self.fresh = false;
    }

    /// Before a navigation from `from`: what to remember to decide afterwards.
    pub(crate) fn before_navigation(&mut self, from: PageId) -> (bool, Option<String>) {
        self.stamp(from);
        (self.fresh, self.text.clone())
    }

    /// After a navigation that landed on `top`: a fresh message goes with it, an old one
    /// goes; a message the page landed on wrote stays its own.
    pub(crate) fn after_navigation(&mut self, before: (bool, Option<String>), top: PageId) {
        let (carried, text) = before;
        if self.text == text {
            if !carried {
                self.text = None;
            }
            self.stamp = self.text.clone();
            self.owner = top;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_shows_on_its_page_and_follows_the_navigation_that_wrote_it() {
        let mut s = StatusLine::default();
        s.say("Added contoso.");
        let before = s.before_navigation(1);
        s.after_navigation(before, 2);
        assert_eq!(
            s.shown(2),
            Some("Added contoso."),
            "carried by its navigation"
        );
        s.settle();
        let before = s.before_navigation(2);
        s.after_navigation(before, 3);
        assert_eq!(s.shown(3), None, "an older one stays behind");
        s.say("Saved.");
        s.stamp(3);
        assert_eq!(s.shown(3), Some("Saved."));
        assert_eq!(s.shown(4), None, "not another page's");
    }
}
