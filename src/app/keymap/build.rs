//! Reading `assets/keymap.toml` and the config file's `[keys]` rebindings into key tables.

use super::keys::{Binding, Intent, Key};

pub(super) type Tables = std::collections::HashMap<String, &'static [Binding]>;

const DEFAULT: &str = include_str!("../../../assets/keymap.toml");

/// One binding of `assets/keymap.toml`, `{ on = [...], run = "...", desc = "..." }`, or a
/// binding of `base` taken by name, `{ run = "Help" }`, with what this table changes.
#[derive(Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    on: Option<Vec<String>>,
    run: Intent,
    desc: Option<String>,
    footer: Option<bool>,
}

/// A binding with everything known: its keys, what it does, its words, and the footer.
struct Row {
    keys: Vec<Key>,
    intent: Intent,
    hint: String,
    footer: bool,
    /// Its keys come from `base` (a rebinding there reaches it).
    inherited: bool,
}

fn parse_keys(names: &[String], at: &str) -> Result<Vec<Key>, String> {
    names
        .iter()
        .map(|k| Key::parse(k).ok_or(format!("{at}: \"{k}\" is not a key")))
        .collect()
}

/// Rows of a table: each binding as written, or its `base` binding with what the table
/// changes.
fn rows_of(name: &str, entries: &[Entry], base: &[Row]) -> Result<Vec<Row>, String> {
    entries
        .iter()
        .map(|e| {
            let at = format!("assets/keymap.toml {name} {:?}", e.run);
            let from = base.iter().find(|b| b.intent == e.run && name != "base");
            let keys = match (&e.on, from) {
                (Some(on), _) => parse_keys(on, &at)?,
                (None, Some(b)) => b.keys.clone(),
                (None, None) => return Err(format!("{at}: no keys, and base has none for it")),
            };
            let hint = match (&e.desc, from) {
                (Some(d), _) => d.clone(),
                (None, Some(b)) => b.hint.clone(),
                (None, None) => return Err(format!("{at}: no desc")),
            };
            Ok(Row {
                keys,
                intent: e.run,
                hint,
                footer: e.footer.or(from.map(|b| b.footer)).unwrap_or(true),
                inherited: e.on.is_none() && from.is_some(),
            })
        })
        .collect()
}

/// A config file's `[keys.TABLE]`: each action it names gets the keys given.
fn rebind(name: &str, value: &toml::Value, rows: &mut [Row]) -> Result<(), String> {
    let toml::Value::Table(actions) = value else {
        return Err(format!(
            "[keys.{name}] is written as the rows of assets/keymap.toml; write each action \
             with its keys instead, for example [keys.{name}] then Help = [\"F1\"]"
        ));
    };
    for (action, keys) in actions {
        if matches!(
            action.as_str(),
            "on" | "run" | "desc" | "footer" | "keys" | "does" | "hint"
        ) {
            return Err(format!(
                "[keys.{name}] {action}: that is a field of assets/keymap.toml; write each \
                 action with its keys instead, for example Help = [\"F1\"]"
            ));
        }
        let known: Vec<String> = rows.iter().map(|r| format!("{:?}", r.intent)).collect();
        let row = rows
            .iter_mut()
            .find(|r| format!("{:?}", r.intent) == *action)
            .ok_or_else(|| {
                format!(
                    "[keys.{name}] {action}: not an action of this table; it has {}",
                    known.join(", ")
                )
            })?;
        let list: Vec<String> = keys
            .clone()
            .try_into()
            .map_err(|_| format!("[keys.{name}] {action}: give a list of keys, e.g. [\"x\"]"))?;
        row.keys = list
            .iter()
            .map(|k| Key::parse(k).ok_or(format!("[keys.{name}] {action}: \"{k}\" is not a key")))
            .collect::<Result<Vec<_>, _>>()?;
        row.inherited = false;
        if row.keys.is_empty() {
            return Err(format!("[keys.{name}] {action}: needs at least one key"));
        }
    }
    Ok(())
}

pub(super) fn build(overrides: Option<&toml::Table>) -> Result<Tables, String> {
    let parsed: std::collections::HashMap<String, Vec<Entry>> =
        toml::from_str(DEFAULT).map_err(|e| format!("assets/keymap.toml: {e}"))?;
    let no_table = |name: &str| {
        let mut known: Vec<&String> = parsed.keys().collect();
        known.sort();
        format!("[keys.{name}]: no such table; tables are {}", join(&known))
    };
    let overrides: Vec<(&String, &toml::Value)> = overrides.into_iter().flatten().collect();
    for (name, _) in &overrides {
        if !parsed.contains_key(*name) {
            return Err(no_table(name));
        }
    }
    // `base` first, with its rebindings: the tables that take its bindings take them so.
    let mut base = rows_of(
        "base",
        parsed.get("base").map_or(&[][..], Vec::as_slice),
        &[],
    )?;
    for (_, value) in overrides.iter().filter(|(n, _)| n.as_str() == "base") {
        rebind("base", value, &mut base)?;
    }
    let mut tables: std::collections::HashMap<String, Vec<Row>> = std::collections::HashMap::new();
    for (name, entries) in &parsed {
        let rows = if name == "base" {
            rows_of(name, entries, &[])?
                .into_iter()
                .zip(&base)
                .map(|(r, b)| Row {
                    keys: b.keys.clone(),
                    ..r
                })
                .collect()
        } else {
            rows_of(name, entries, &base)?
        };
        tables.insert(name.clone(), rows);
    }
    for (name, value) in overrides.iter().filter(|(n, _)| n.as_str() != "base") {
        let rows = tables.get_mut(*name).ok_or_else(|| no_table(name))?;
        rebind(name, value, rows)?;
    }
    let always: Vec<Key> = tables
        .get("always")
        .map(|rows| rows.iter().flat_map(|r| r.keys.clone()).collect())
        .unwrap_or_default();
    let mut out = Tables::new();
    for (name, rows) in tables {
        let mut seen: Vec<(Key, String)> = Vec::new();
        for r in &rows {
            for k in &r.keys {
                let what = format!("{:?}", r.intent);
                if name != "always" && always.contains(k) {
                    return Err(format!(
                        "[keys.{name}] {what}: {} is taken by every screen",
                        k.label()
                    ));
                }
                if let Some((_, other)) = seen.iter().find(|(s, _)| s == k) {
                    let from = if r.inherited { " (from base)" } else { "" };
                    return Err(format!(
                        "[keys.{name}] {} is bound to both {other} and {what}{from}",
                        k.label()
                    ));
                }
                seen.push((*k, what));
            }
        }
        // Built once at start and kept for the whole run.
        let bindings: Vec<Binding> = rows
            .into_iter()
            .map(|r| Binding {
                keys: Box::leak(r.keys.into_boxed_slice()),
                intent: r.intent,
                hint: Box::leak(r.hint.into_boxed_str()),
                footer: r.footer,
            })
            .collect();
        out.insert(name, Box::leak(bindings.into_boxed_slice()));
    }
    Ok(out)
}

fn join(names: &[&String]) -> String {
    names
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
