//! The option table, the bodies it writes and the words it says.

use super::*;
use crate::api::models::Region;
use crate::api::restores::options::{DriveTarget, MailTarget, SiteTarget};

fn body(options: &RestoreOptions, opts: &[Opt]) -> Value {
    let mut map = Map::new();
    options.put(opts, false, &mut map);
    Value::Object(map)
}

#[test]
fn a_onedrive_copy_names_its_target_by_url_or_name_with_its_versions() {
    let mut options = RestoreOptions {
        elsewhere: Some(Elsewhere::OneDrive(DriveTarget {
            onedrive: "https://contoso-my.sharepoint.com/personal/megan".into(),
            folder: "Restored".into(),
            organization: String::new(),
            region: Some(Region::USGovernment),
        })),
        ..Default::default()
    }
    .with(Opt::DocumentVersion, OptValue::Pick(1));
    let opts = [Opt::DocumentVersion, Opt::LastVersion];
    assert_eq!(options.verb(), "copyTo");
    assert_eq!(
        body(&options, &opts),
        json!({"documentVersion": "All", "documentLastVersionAction": "Overwrite",
            "onedrive": {"url": "https://contoso-my.sharepoint.com/personal/megan"},
            "folder": "Restored", "officeRegion": "USGovernment"})
    );
    assert_eq!(
        options.words(&opts),
        "all versions; the last overwrites the current one"
    );
    if let Some(Elsewhere::OneDrive(d)) = &mut options.elsewhere {
        d.onedrive = "Megan Bowen".into();
    }
    assert_eq!(
        body(&options, &opts)["onedrive"],
        json!({"name": "Megan Bowen"})
    );
    assert!(
        options
            .elsewhere
            .unwrap()
            .target_words()
            .ends_with("folder Restored (US Government (GCC))")
    );
}

#[test]
fn another_site_gets_its_url_and_only_the_options_named() {
    let options = RestoreOptions {
        elsewhere: Some(Elsewhere::Site(SiteTarget {
            site_url: "https://contoso.sharepoint.com/sites/archive".into(),
            list: "Shared Documents".into(),
            organization: "fabrikam.onmicrosoft.com".into(),
            region: None,
        })),
        ..Default::default()
    }
    .with(Opt::Permissions, true)
    .with(Opt::Notify, true);
    let b = body(&options, &[Opt::Notify]);
    assert_eq!(options.verb(), "restoreTo");
    assert_eq!(b["siteURL"], "https://contoso.sharepoint.com/sites/archive");
    assert_eq!(b["list"], "Shared Documents");
    assert_eq!(b["organizationName"], "fabrikam.onmicrosoft.com");
    assert_eq!(b["sendSharedLinksNotification"], true);
    assert!(b.get("restorePermissions").is_none(), "{b}");
    assert!(b.get("officeRegion").is_none());
}

#[test]
fn another_mailbox_takes_its_region_and_cas_server() {
    let options = RestoreOptions {
        elsewhere: Some(Elsewhere::Mailbox(MailTarget {
            mailbox: "archive@contoso.com".into(),
            cas_server: "cas01.contoso.local".into(),
            region: Some(Region::Germany),
            ..Default::default()
        })),
        ..Default::default()
    }
    .with(Opt::ExcludeDrafts, true)
    .with(Opt::Changed, false)
    .with(Opt::Deleted, false);
    let opts = [
        Opt::Changed,
        Opt::Deleted,
        Opt::Unread,
        Opt::ExcludeDrafts,
        Opt::ExcludeDeleted,
        Opt::ExcludeInPlaceHold,
        Opt::ExcludeLitigationHold,
    ];
    let b = body(&options, &opts);
    assert_eq!(b["casServer"], "cas01.contoso.local");
    assert_eq!(b["officeRegion"], "Germany");
    assert!(b.get("officeOrganizationName").is_none());
    assert_eq!(b["excludeDrafts"], true);
    assert_eq!(
        options.words(&opts),
        "changed items: no; deleted items: no; mark as unread: no; without drafts"
    );
}

#[test]
fn teams_pairs_are_named_as_tabs_name_them() {
    let options = RestoreOptions::default()
        .with(Opt::TeamsChanged, true)
        .with(Opt::TeamsMissing, false);
    let mut tabs = Map::new();
    options.put(&[Opt::TeamsChanged, Opt::TeamsMissing], true, &mut tabs);
    assert_eq!(
        Value::Object(tabs),
        json!({"restoreChangedTabs": true, "restoreMissingTabs": false})
    );
    assert_eq!(
        options.words(&[]),
        "none: this restore takes only credentials"
    );
}

#[test]
fn every_option_has_one_row_and_its_choices_are_worded_for_each_value() {
    use std::collections::HashSet;
    let mut seen = HashSet::new();
    for s in SPECS {
        assert!(seen.insert(s.opt), "{:?} has two rows", s.opt);
        assert!(!s.wire.is_empty());
        if let OptKind::Choice {
            wire,
            labels,
            words,
        } = &s.kind
        {
            assert!(
                wire.len() == labels.len() && labels.len() == words.len(),
                "{:?}",
                s.opt
            );
        }
        if s.has_field() {
            assert!(
                !s.label.is_empty() && !s.help.is_empty(),
                "{:?} needs a label",
                s.opt
            );
        }
        if let Some(other) = s.same_as {
            assert!(
                spec(other).has_field(),
                "{:?} sends the value of a field",
                s.opt
            );
        }
    }
    // Every option a body can name (the enum) has its row.
    for opt in [
        Opt::DocumentAction,
        Opt::Impersonation,
        Opt::RestoreDeleted,
        Opt::RecentPeriod,
    ] {
        assert_eq!(spec(opt).opt, opt);
    }
    assert_eq!(seen.len(), 25, "one row per Opt");
}

#[test]
fn defaults_come_from_the_table_and_a_shared_field_sends_one_value_under_two_names() {
    let options = RestoreOptions::default();
    let mut body = Map::new();
    options.put(
        &[
            Opt::ListViews,
            Opt::MasterPages,
            Opt::RestoreChanged,
            Opt::RecentPeriod,
        ],
        false,
        &mut body,
    );
    assert_eq!(
        Value::Object(body),
        json!({"restoreListViews": true, "restoreMasterPages": false, "restoreChangedItems": true})
    );
    let changed_off = RestoreOptions::default().with(Opt::Changed, false);
    assert!(!changed_off.on(Opt::RestoreChanged));
    assert_eq!(
        changed_off.words(&[Opt::RestoreChanged, Opt::RecentPeriod]),
        "changed items: no"
    );
    let bulk = RestoreOptions::default().with(Opt::RecentPeriod, OptValue::Days(7));
    assert_eq!(bulk.words(&[Opt::RecentPeriod]), "the last 7 days first");
}
