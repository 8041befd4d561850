//! Form fields as data: text, secret, toggle, choice and file path, each with its own error
//! shown beside it.

use std::fmt;

use secrecy::SecretString;
use tui_input::Input;
use zeroize::Zeroize;

/// How a secret is shown: `•` per character, its length and nothing else.
pub fn masked(secret: &str) -> String {
    "•".repeat(secret.chars().count())
}

fn wipe(input: &mut Input) {
    input.value_and_reset().zeroize();
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Drawn as `•` per character.
    Secret,
    Toggle,
    Choice(&'static [&'static str]),
    /// One of this many things the page words itself (what to save or restore from where
    /// the operator stands): as many as there are, none dropped.
    Pick(usize),
    /// A path on this machine (a certificate file).
    Path,
}

/// One field of a form. `K` names it: an enum of the form's fields.
#[derive(Clone)]
pub struct Field<K> {
    pub key: K,
    pub label: &'static str,
    pub kind: Kind,
    pub input: Input,
    pub on: bool,
    pub choice: usize,
    pub error: Option<String>,
    /// A hint under the field while it has focus.
    pub help: &'static str,
}

impl<K: fmt::Debug> fmt::Debug for Field<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Field");
        d.field("key", &self.key).field("kind", &self.kind);
        if self.kind == Kind::Secret {
            d.field("input", &"[REDACTED]");
        } else {
            d.field("input", &self.input.value());
        }
        d.field("on", &self.on)
            .field("choice", &self.choice)
            .field("error", &self.error)
            .finish()
    }
}

impl<K> Drop for Field<K> {
    fn drop(&mut self) {
        if self.kind == Kind::Secret {
            wipe(&mut self.input);
        }
    }
}

impl<K> Field<K> {
    pub fn new(key: impl Into<K>, label: &'static str, kind: Kind, help: &'static str) -> Self {
        Field {
            key: key.into(),
            label,
            kind,
            input: Input::default(),
            on: false,
            choice: 0,
            error: None,
            help,
        }
    }
    pub fn with_text(mut self, text: &str) -> Self {
        self.input = Input::new(text.to_string());
        self
    }
    pub fn with_on(mut self, on: bool) -> Self {
        self.on = on;
        self
    }
    pub fn with_choice(mut self, choice: usize) -> Self {
        self.choice = match self.kind {
            Kind::Choice(options) => choice.min(options.len() - 1),
            Kind::Pick(n) => choice.min(n.saturating_sub(1)),
            _ => 0,
        };
        self
    }
    /// Empties the field; a secret's text is wiped.
    pub fn clear(&mut self) {
        wipe(&mut self.input);
    }
    /// The text as a secret, for the request that needs it.
    pub fn to_secret(&self) -> SecretString {
        SecretString::from(self.input.value().to_string())
    }
    pub fn is_text(&self) -> bool {
        matches!(self.kind, Kind::Text | Kind::Secret | Kind::Path)
    }
    /// The value as a form draws it: a box for a toggle, the choice between arrows, a
    /// secret masked.
    pub fn shown(&self) -> String {
        match self.kind {
            Kind::Toggle => (if self.on { "[x]" } else { "[ ]" }).to_string(),
            Kind::Choice(_) => format!("◂ {} ▸", self.choice_label()),
            Kind::Pick(n) => format!("◂ {} of {n} ▸", self.choice + 1),
            Kind::Secret => masked(self.value()),
            Kind::Text | Kind::Path => self.value().to_string(),
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }
    pub fn trimmed(&self) -> &str {
        self.input.value().trim()
    }
    pub fn choice_label(&self) -> &'static str {
        match self.kind {
            Kind::Choice(options) => options[self.choice.min(options.len() - 1)],
            _ => "",
        }
    }
    /// Space and → on a toggle or choice; `back` is ←.
    pub fn cycle(&mut self, back: bool) {
        match self.kind {
            Kind::Toggle => self.on = !self.on,
            Kind::Choice(_) | Kind::Pick(_) => {
                let n = match self.kind {
                    Kind::Choice(options) => options.len(),
                    Kind::Pick(n) => n,
                    _ => 1,
                }
                .max(1);
                self.choice = if back {
                    (self.choice + n - 1) % n
                } else {
                    (self.choice + 1) % n
                };
            }
            _ => {}
        }
    }
}

/// What [`Form::navigate`] did with a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Navigated<K> {
    /// The focus moved.
    Moved,
    /// The focused field's choice or toggle changed.
    Cycled(K),
    /// Not a key for moving about: the page decides.
    Ignored,
}

/// A form with typed field keys: which fields show, which has focus, and moving between
/// them. Drawing scrolls so the focused field is always on screen.
#[derive(Clone, Debug)]
pub struct Form<K> {
    pub fields: Vec<Field<K>>,
    /// Index into the visible fields.
    pub focus: usize,
    /// The message of the last submit (server or validation), above the fields.
    pub error: Option<String>,
}

impl<K: Copy + PartialEq + fmt::Debug> Form<K> {
    pub fn new(fields: Vec<Field<K>>) -> Self {
        Form {
            fields,
            focus: 0,
            error: None,
        }
    }
    pub fn has(&self, key: K) -> bool {
        self.fields.iter().any(|f| f.key == key)
    }
    /// The field of `key`. Keys are an enum the form was built from, so a miss is a bug.
    pub fn get(&self, key: K) -> &Field<K> {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .unwrap_or_else(|| panic!("form field {key:?}"))
    }
    pub fn get_mut(&mut self, key: K) -> &mut Field<K> {
        self.fields
            .iter_mut()
            .find(|f| f.key == key)
            .unwrap_or_else(|| panic!("form field {key:?}"))
    }
    /// The keys shown now, in order.
    pub fn visible(&self, shown: impl Fn(&Self, K) -> bool) -> Vec<K> {
        self.fields
            .iter()
            .map(|f| f.key)
            .filter(|k| shown(self, *k))
            .collect()
    }
    pub fn next(&mut self, visible: usize, back: bool) {
        if visible > 0 {
            self.focus = if back {
                (self.focus + visible - 1) % visible
            } else {
                (self.focus + 1) % visible
            };
        }
    }
    /// Tab and Shift-Tab move the focus among the `visible` fields; ← and → cycle the
    /// focused choice or toggle. Says what it did, `Ignored` for any other key.
    pub fn navigate(&mut self, intent: crate::app::keymap::Intent, visible: &[K]) -> Navigated<K> {
        use crate::app::keymap::Intent;
        match intent {
            Intent::NextField | Intent::PrevField => {
                self.next(visible.len(), intent == Intent::PrevField);
                Navigated::Moved
            }
            Intent::Right | Intent::Left => match visible.get(self.focus).copied() {
                Some(k) => {
                    self.get_mut(k).cycle(intent == Intent::Left);
                    Navigated::Cycled(k)
                }
                None => Navigated::Moved,
            },
            _ => Navigated::Ignored,
        }
    }
    pub fn focus_on(&mut self, visible: &[K], key: K) {
        self.focus = visible.iter().position(|k| *k == key).unwrap_or(0);
    }
    pub fn clear_errors(&mut self) {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }
}

/// A GUID such as `3f2504e0-4f89-11d3-9a0c-0305e82c3301`.
pub fn is_guid(s: &str) -> bool {
    uuid::Uuid::try_parse(s.trim()).is_ok()
}

/// A host name or IP address (no scheme, no path).
pub fn is_host(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// An account with its domain, `user@contoso.com`: one `@`, a name before it and a dotted host
/// name after it.
pub fn is_account(s: &str) -> bool {
    match s.trim().split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && !user.chars().any(|c| c.is_whitespace() || c == '@')
                && domain.contains('.')
                && is_host(domain)
        }
        None => false,
    }
}

/// A Windows down-level logon name, `CONTOSO\backup`: a domain, one backslash, a user.
pub fn is_down_level_logon(s: &str) -> bool {
    match s.trim().split_once('\\') {
        Some((domain, user)) => {
            let ok = |p: &str| !p.is_empty() && !p.chars().any(|c| c.is_whitespace() || c == '\\');
            ok(domain) && ok(user)
        }
        None => false,
    }
}

/// A certificate thumbprint: 40 hex digits (SHA-1), spaces or colons allowed.
pub fn is_thumbprint(s: &str) -> bool {
    let hex: String = s.chars().filter(|c| !matches!(c, ' ' | ':')).collect();
    hex.len() == 40 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_shows_a_value_the_same_way_and_a_secret_by_its_length_only() {
        let mut secret: Field<u8> = Field::new(0u8, "Password", Kind::Secret, "");
        secret.input = Input::new("pässword".into());
        assert_eq!(secret.shown(), "••••••••");
        assert_eq!(masked("ab"), "••");
        let toggle: Field<u8> = Field::new(1u8, "Teams", Kind::Toggle, "").with_on(true);
        assert_eq!(toggle.shown(), "[x]");
        let choice: Field<u8> = Field::new(2u8, "Region", Kind::Choice(&["Worldwide"]), "");
        assert_eq!(choice.shown(), "◂ Worldwide ▸");
    }

    #[test]
    fn a_page_worded_choice_offers_every_one_of_its_things() {
        let mut pick: Field<u8> = Field::new(3u8, "What", Kind::Pick(7), "");
        for _ in 0..6 {
            pick.cycle(false);
        }
        assert_eq!(pick.choice, 6, "the seventh of seven");
        pick.cycle(false);
        assert_eq!(pick.choice, 0);
        pick.cycle(true);
        assert_eq!(pick.choice, 6);
        assert_eq!(
            Field::<u8>::new(4u8, "What", Kind::Pick(7), "")
                .with_choice(9)
                .choice,
            6
        );
    }

    #[test]
    fn validators() {
        assert!(is_guid("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        assert!(!is_guid("3f2504e0"));
        assert!(is_host("exch01.corp.local") && is_host("10.0.0.5"));
        assert!(!is_host("https://exch01") && !is_host("") && !is_host("a..b"));
        assert!(is_thumbprint("3F2504E04F8911D39A0C0305E82C3301E6B8B9A1"));
        assert!(!is_thumbprint("xyz"));
    }

    #[test]
    fn choices_cycle_both_ways() {
        let mut f: Field<&str> = Field::new("k", "K", Kind::Choice(&["a", "b", "c"]), "");
        f.cycle(true);
        assert_eq!(f.choice_label(), "c");
        f.cycle(false);
        assert_eq!(f.choice_label(), "a");
        let mut t: Field<&str> = Field::new("t", "T", Kind::Toggle, "");
        t.cycle(false);
        assert!(t.on);
    }
}
