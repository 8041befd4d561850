//! Colours from the 16-colour palette; under `NO_COLOR` a colourless theme of bold, reverse
//! and underline only. The defaults are `assets/theme.toml`, embedded; the config file's
//! `[theme]` table overrides roles (see that file).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

const DEFAULT: &str = include_str!("../../assets/theme.toml");

/// The roles a screen draws with, in the order of `Theme::styles` (the methods below index
/// it directly: they run for every styled span of every frame).
const ROLES: [&str; 11] = [
    "header",
    "danger_banner",
    "title",
    "key",
    "dim",
    "error",
    "ok",
    "selected",
    "focused_field",
    "border",
    "warning",
];

#[derive(Clone, Debug)]
pub struct Theme {
    pub color: bool,
    styles: [Style; ROLES.len()],
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    colour: BTreeMap<String, StyleSpec>,
    #[serde(default)]
    plain: BTreeMap<String, StyleSpec>,
}

static THEME: OnceLock<Theme> = OnceLock::new();

impl Theme {
    /// The theme in use: the one installed at start, else the defaults.
    pub fn current() -> &'static Theme {
        THEME.get_or_init(|| Theme::build(colour_wanted(), None).expect("the default theme"))
    }

    /// Installs the theme with the config file's overrides; called once before drawing.
    /// An unknown role, colour or modifier is an error naming it.
    pub fn install(overrides: Option<&toml::Table>) -> Result<(), String> {
        let theme = Theme::build(colour_wanted(), overrides)?;
        let _ = THEME.set(theme);
        Ok(())
    }

    fn build(color: bool, overrides: Option<&toml::Table>) -> Result<Theme, String> {
        let mut file: ThemeFile =
            toml::from_str(DEFAULT).map_err(|e| format!("assets/theme.toml: {e}"))?;
        if let Some(table) = overrides {
            let extra: ThemeFile = toml::Value::Table(table.clone())
                .try_into()
                .map_err(|e| format!("[theme] in the config file: {e}"))?;
            for (which, roles) in [("colour", extra.colour), ("plain", extra.plain)] {
                for (role, spec) in roles {
                    if !ROLES.contains(&role.as_str()) {
                        return Err(format!(
                            "[theme.{which}.{role}] in the config file: no such role; roles are {}",
                            ROLES.join(", ")
                        ));
                    }
                    let target = if which == "colour" {
                        &mut file.colour
                    } else {
                        &mut file.plain
                    };
                    target.insert(role, spec);
                }
            }
        }
        let specs = if color { &file.colour } else { &file.plain };
        let mut styles = [Style::new(); ROLES.len()];
        for (i, role) in ROLES.iter().enumerate() {
            let spec = specs.get(*role).cloned().unwrap_or_default();
            styles[i] = style(&spec).map_err(|e| format!("theme role {role}: {e}"))?;
        }
        Ok(Theme { color, styles })
    }

    pub fn header(&self) -> Style {
        self.styles[0]
    }
    pub fn danger_banner(&self) -> Style {
        self.styles[1]
    }
    pub fn title(&self) -> Style {
        self.styles[2]
    }
    pub fn key(&self) -> Style {
        self.styles[3]
    }
    pub fn dim(&self) -> Style {
        self.styles[4]
    }
    pub fn error(&self) -> Style {
        self.styles[5]
    }
    pub fn ok(&self) -> Style {
        self.styles[6]
    }
    pub fn selected(&self) -> Style {
        self.styles[7]
    }
    pub fn focused_field(&self) -> Style {
        self.styles[8]
    }
    pub fn border(&self) -> Style {
        self.styles[9]
    }
    pub fn warning(&self) -> Style {
        self.styles[10]
    }
}

fn colour_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn style(spec: &StyleSpec) -> Result<Style, String> {
    let mut s = Style::new();
    if let Some(fg) = &spec.fg {
        s = s.fg(colour(fg)?);
    }
    if let Some(bg) = &spec.bg {
        s = s.bg(colour(bg)?);
    }
    for m in &spec.modifiers {
        s = s.add_modifier(modifier(m)?);
    }
    Ok(s)
}

fn colour(name: &str) -> Result<Color, String> {
    Ok(match name.to_ascii_lowercase().as_str() {
        "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" => Color::Gray,
        "darkgray" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        other => return Err(format!("\"{other}\" is not one of the 16 terminal colours")),
    })
}

fn modifier(name: &str) -> Result<Modifier, String> {
    Ok(match name.to_ascii_lowercase().as_str() {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" => Modifier::UNDERLINED,
        "reversed" => Modifier::REVERSED,
        other => return Err(format!("\"{other}\" is not a modifier")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_theme_has_every_role_in_both_variants() {
        let file: ThemeFile = toml::from_str(DEFAULT).unwrap();
        for role in ROLES {
            assert!(file.colour.contains_key(role), "colour.{role}");
            assert!(file.plain.contains_key(role), "plain.{role}");
        }
        let t = Theme::build(true, None).unwrap();
        assert_eq!(t.header(), Style::new().fg(Color::Black).bg(Color::Cyan));
        let plain = Theme::build(false, None).unwrap();
        assert_eq!(
            plain.header(),
            Style::new().add_modifier(Modifier::REVERSED)
        );
        // Plain means no colour anywhere.
        for s in plain.styles {
            assert!(s.fg.is_none() && s.bg.is_none(), "{s:?}");
        }
    }

    #[test]
    fn the_config_file_overrides_a_role_and_names_mistakes() {
        let table: toml::Table =
            toml::from_str("[colour.title]\nfg = \"lightblue\"\nmodifiers = [\"italic\"]\n")
                .unwrap();
        let t = Theme::build(true, Some(&table)).unwrap();
        assert_eq!(
            t.title(),
            Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::ITALIC)
        );
        assert_eq!(
            t.key(),
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        );
        let bad = |text: &str| {
            let table: toml::Table = toml::from_str(text).unwrap();
            Theme::build(true, Some(&table)).unwrap_err()
        };
        assert!(bad("[colour.titel]\nfg = \"red\"").contains("no such role"));
        assert!(bad("[colour.title]\nfg = \"purple\"").contains("\"purple\""));
        assert!(bad("[colour.title]\nmodifiers = [\"blink\"]").contains("\"blink\""));
        assert!(bad("[colour.title]\ncolor = \"red\"").contains("unknown field"));
    }
}
