use super::*;

#[test]
fn every_embedded_table_resolves_and_has_a_footer() {
    let names = table_names();
    assert!(names.len() >= 30, "{names:?}");
    // Every table has its id and every id its table: looking one up never fails.
    let ids: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, names, "tables of assets/keymap.toml and their ids");
    for t in Table::ALL {
        // `always` is in every table's lookup and never in a footer.
        if *t != Table::Always {
            check_table(t.name(), table(*t));
        }
    }
}

#[test]
fn messages_spell_a_rebound_key_as_the_operator_bound_it() {
    // The keymap is the process's: this test installs its own, alone.
    if !crate::testing::alone(
        "app::keymap::tests::messages_spell_a_rebound_key_as_the_operator_bound_it",
    ) {
        return;
    }
    let overrides: toml::Table =
        toml::from_str("[browse]\nVersions = [\"V\"]\n[base]\nTasks = [\"T\"]").unwrap();
    // Nothing read the keymap yet in this process: the overrides are the ones in use.
    assert!(TABLES.set(build(Some(&overrides)).unwrap()).is_ok());
    assert_eq!(key_in(Table::Browse, Intent::Versions), "V");
    assert_eq!(key_for(Intent::Tasks), "T", "base binds it for every table");
    assert_eq!(
        key_in(Table::Browse, Intent::Tasks),
        "T",
        "browse takes it from base"
    );
    assert_eq!(key_in(Table::Home, Intent::Tasks), "T");
    assert_eq!(key_in(Table::Palette, Intent::Dismiss), "Esc");
}

#[test]
fn keys_are_spelled_as_in_the_file() {
    for (text, key) in [
        ("x", Key::Char('x')),
        ("G", Key::Char('G')),
        ("Space", Key::Char(' ')),
        ("Shift-Tab", Key::BackTab),
        ("PgDn", Key::PageDown),
        ("F1", Key::F(1)),
        ("Ctrl-Z", Key::Ctrl('z')),
    ] {
        assert_eq!(Key::parse(text), Some(key), "{text}");
        assert_eq!(
            Key::from_event(&key.to_event()),
            Some(key),
            "{text} as an event"
        );
    }
    for bad in ["", "F13", "Ctrl-", "Ctrl-ab", "Enterr"] {
        assert_eq!(Key::parse(bad), None, "{bad}");
    }
}

#[test]
fn the_config_file_rebinds_an_action_and_names_mistakes() {
    let over = |text: &str| build(Some(&toml::from_str(text).unwrap()));
    let tables = over("[organization]\nExplore = [\"o\", \"x\"]\n").unwrap();
    let orgs = tables["organization"];
    assert_eq!(resolve(orgs, Key::Char('o')), Some(Intent::Explore));
    assert_eq!(resolve(orgs, Key::Char('x')), Some(Intent::Explore));
    // The footer and help show the new key.
    assert!(footer_hints(orgs).iter().any(|(k, _)| k == "o"));
    let err = |text: &str| over(text).unwrap_err();
    assert!(err("[organisations]\nExplore = [\"e\"]").contains("no such table"));
    assert!(err("[organization]\nExplode = [\"e\"]").contains("not an action"));
    assert!(err("[organization]\nExplore = [\"Hyper-X\"]").contains("is not a key"));
    assert!(err("[organization]\nExplore = []").contains("at least one key"));
    let twice = err("[organization]\nExplore = [\"v\"]");
    assert!(twice.contains("bound to both"), "{twice}");
    assert!(err("[organization]\nExplore = [\"Ctrl-C\"]").contains("every screen"));
    // A config written in the layout of the embedded file is told what to write.
    let rows = err("[[organization]]\non = [\"e\"]\nrun = \"Explore\"");
    assert!(rows.contains("Help = [\"F1\"]"), "{rows}");
    let fields = err("[organization]\nrun = \"Explore\"");
    assert!(fields.contains("field of assets/keymap.toml"), "{fields}");
    // Rebinding in base reaches every table that takes the binding from it.
    let tables = over("[base]\nHelp = [\"F2\"]").unwrap();
    let help = |t: &str| {
        tables[t]
            .iter()
            .find(|b| b.intent == Intent::Help)
            .unwrap()
            .keys
    };
    assert_eq!(help("organizations"), [Key::F(2)]);
    assert_eq!(help("tasks"), [Key::F(2)]);
}
