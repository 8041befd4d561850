//! Form fields as data: text, secret, toggle, choice and file path, each with its own error
//! shown beside it.

use std::fmt;

use secrecy::SecretString;
use tui_input::Input;
use zeroize::Zeroize;

/// A secret being typed: edited like any text field, never shown by `Debug`, and its text
/// wiped when it is cleared or dropped.
#[derive(Default)]
pub struct SecretInput(Input);

impl SecretInput {
    pub fn value(&self) -> &str {
        self.0.value()
    }
    pub fn input(&self) -> &Input {
        &self.0
    }
    pub fn input_mut(&mut self) -> &mut Input {
        &mut self.0
    }
    pub fn to_secret(&self) -> SecretString {
        SecretString::from(self.0.value().to_string())
    }
    pub fn clear(&mut self) {
        wipe(&mut self.0);
    }
}

impl Drop for SecretInput {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

impl fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SecretInput([REDACTED {} chars])",
            self.0.value().chars().count()
        )
    }
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
    /// A path on this machine (a certificate file).
    Path,
}

#[derive(Clone)]
pub struct Field {
    pub key: String,
    pub label: &'static str,
    pub kind: Kind,
    pub input: Input,
    pub on: bool,
    pub choice: usize,
    pub error: Option<String>,
    /// A hint under the field while it has focus.
    pub help: &'static str,
}

impl fmt::Debug for Field {
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

impl Drop for Field {
    fn drop(&mut self) {
        if self.kind == Kind::Secret {
            wipe(&mut self.input);
        }
    }
}

impl Field {
    pub fn new(key: &str, label: &'static str, kind: Kind, help: &'static str) -> Self {
        Field {
            key: key.to_string(),
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
    pub fn is_text(&self) -> bool {
        matches!(self.kind, Kind::Text | Kind::Secret | Kind::Path)
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
            Kind::Choice(options) => {
                let n = options.len();
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

/// A certificate thumbprint: 40 hex digits (SHA-1), spaces or colons allowed.
pub fn is_thumbprint(s: &str) -> bool {
    let hex: String = s.chars().filter(|c| !matches!(c, ' ' | ':')).collect();
    hex.len() == 40 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut f = Field::new("k", "K", Kind::Choice(&["a", "b", "c"]), "");
        f.cycle(true);
        assert_eq!(f.choice_label(), "c");
        f.cycle(false);
        assert_eq!(f.choice_label(), "a");
        let mut t = Field::new("t", "T", Kind::Toggle, "");
        t.cycle(false);
        assert!(t.on);
    }
}
