//! The restore form without a server: what it shows, what it sends, and what it keeps.

use super::*;
use crate::api::{Opt, RestoreWhat};
use crate::api::TrustMode;
use crate::config::Config;
use crate::jobs::Job;

fn offer() -> Box<RestoreOffer> {
    Box::new(RestoreOffer {
        preset: None,
        session_id: "s1".into(),
        organization: Some("contoso.onmicrosoft.com".into()),
        choices: vec![RestoreChoice {
            what: RestoreWhat::Items {
                mailbox_id: "m".into(),
                item_ids: vec!["i1".into(), "i2".into()],
            },
            words: "2 items from Adele Vance › Inbox".into(),
            into: "mailbox Adele Vance".into(),
        }],
    })
}

#[test]
fn keys_resolve() {
    use crate::app::keymap::{Table, check_table, table};
    for t in [Table::Restore, Table::RestoreConfirm, Table::SendConfirm] {
        check_table(t.name(), table(t));
    }
}

#[test]
fn a_password_restore_is_confirmed_then_sent_once_and_esc_keeps_every_choice() {
    let mut shared = Shared::new(Config::default(), TrustMode::System);
    let (mut p, _) = RestorePage::open(offer(), &mut shared);
    p.on_intent(Intent::NextField, &mut shared);
    p.on_intent(Intent::Right, &mut shared);
    p.on_intent(Intent::Right, &mut shared);
    assert_eq!(
        p.visible(),
        [
            RestoreKey::ItemsTarget,
            RestoreKey::Credential,
            RestoreKey::User,
            RestoreKey::Password,
            RestoreKey::Impersonation
        ]
    );
    // Nothing is sent without an account.
    let flow = p.on_intent(Intent::Submit, &mut shared);
    assert!(flow.commands.is_empty());
    assert_eq!(p.focused(), Some(RestoreKey::User));
    p.form.get_mut(RestoreKey::User).input = Input::new("admin@contoso.com".into());
    p.form.get_mut(RestoreKey::Password).input = Input::new("s3cret-pw".into());
    p.on_intent(Intent::Submit, &mut shared);
    assert!(p.confirming.is_some(), "the confirmation first");
    p.on_intent(Intent::Back, &mut shared);
    assert!(p.confirming.is_none());
    assert_eq!(p.form.get(RestoreKey::User).value(), "admin@contoso.com", "kept");
    p.on_intent(Intent::Submit, &mut shared);
    let flow = p.on_intent(Intent::Submit, &mut shared);
    let [Command::Job { job: Job::Restore { restore, .. }, .. }] = flow.commands.as_slice() else {
        panic!("one restore: {:?}", flow.commands);
    };
    assert!(matches!(restore.credential, Credential::Password { .. }));
    assert_eq!(shared.tasks.running(), 1);
    assert!(!format!("{p:?}").contains("s3cret-pw"), "never in a debug print");
}

#[test]
fn the_next_restore_of_an_organization_offers_how_the_last_signed_in_without_its_secret() {
    let mut shared = Shared::new(Config::default(), TrustMode::System);
    let (mut p, _) = RestorePage::open(offer(), &mut shared);
    p.form.get_mut(RestoreKey::Credential).choice = 2;
    p.form.get_mut(RestoreKey::User).input = Input::new("admin@contoso.com".into());
    p.form.get_mut(RestoreKey::Password).input = Input::new("s3cret-pw".into());
    p.on_intent(Intent::Submit, &mut shared);
    p.on_intent(Intent::Submit, &mut shared);
    let (again, _) = RestorePage::open(offer(), &mut shared);
    assert_eq!(again.form.get(RestoreKey::Credential).choice, 2);
    assert_eq!(again.form.get(RestoreKey::User).value(), "admin@contoso.com");
    assert_eq!(again.form.get(RestoreKey::Password).value(), "", "never the password");
    assert!(!format!("{:?}", shared.memory).contains("s3cret"));
}

#[test]
fn without_a_device_code_enter_gets_one_and_a_known_one_is_offered() {
    let mut shared = Shared::new(Config::default(), TrustMode::System);
    let (mut p, _) = RestorePage::open(offer(), &mut shared);
    let flow = p.on_intent(Intent::Submit, &mut shared);
    assert!(p.code.is_some(), "the code panel");
    assert!(matches!(flow.commands.as_slice(), [Command::StartCode { .. }]), "{:?}", flow.commands);
    shared.memory.remember_restore_code("s1", "ABCD1234");
    let (p, _) = RestorePage::open(offer(), &mut shared);
    assert_eq!(p.form.get(RestoreKey::Code).value(), "ABCD1234");
}

#[test]
fn a_restore_operator_gives_a_reason_and_no_credentials() {
    let mut shared = Shared::new(Config::default(), TrustMode::System);
    shared.identity = Some(crate::api::Identity {
        user_name: "operator.contoso".into(),
        kind: crate::api::SignInKind::Operator,
        expires_utc: chrono::Utc::now(),
    });
    let (mut p, _) = RestorePage::open(offer(), &mut shared);
    assert_eq!(
        p.visible(),
        [
            RestoreKey::Reason,
            RestoreKey::Opt(Opt::Changed),
            RestoreKey::Opt(Opt::Deleted),
            RestoreKey::Opt(Opt::Unread)
        ]
    );
    p.on_intent(Intent::Submit, &mut shared);
    assert!(p.confirming.is_none(), "no reason, no restore");
    assert!(p.form.get(RestoreKey::Reason).error.is_some());
    p.form.get_mut(RestoreKey::Reason).input = Input::new("Ticket 4471".into());
    p.on_intent(Intent::Submit, &mut shared);
    let flow = p.on_intent(Intent::Submit, &mut shared);
    let [Command::Job { job: Job::Restore { restore, .. }, .. }] = flow.commands.as_slice() else {
        panic!("one restore: {:?}", flow.commands);
    };
    let Credential::Operator { reason } = &restore.credential else {
        panic!("an operator restore");
    };
    assert_eq!(reason, "Ticket 4471");
    let o = &restore.options;
    assert!(o.on(Opt::Changed) && o.on(Opt::Deleted) && !o.on(Opt::Unread));
}

#[test]
fn a_restore_operators_team_restore_names_the_account_it_works_as() {
    let mut shared = Shared::new(Config::default(), TrustMode::System);
    shared.identity = Some(crate::api::Identity {
        user_name: "operator.contoso".into(),
        kind: crate::api::SignInKind::Operator,
        expires_utc: chrono::Utc::now(),
    });
    let offer = Box::new(RestoreOffer {
        preset: None,
        session_id: "s1".into(),
        organization: None,
        choices: vec![RestoreChoice {
            what: RestoreWhat::Team {
                team_id: "t".into(),
            },
            words: "team Finance Team".into(),
            into: "team Finance Team".into(),
        }],
    });
    let (mut p, _) = RestorePage::open(offer, &mut shared);
    assert!(p.visible().contains(&RestoreKey::Impersonation));
    assert!(!p.visible().contains(&RestoreKey::Credential));
    p.form.get_mut(RestoreKey::Reason).input = Input::new("Ticket 7".into());
    p.on_intent(Intent::Submit, &mut shared);
    assert!(p.confirming.is_none(), "no account, no restore");
    assert!(p.form.get(RestoreKey::Impersonation).error.is_some());
    p.form.get_mut(RestoreKey::Impersonation).input = Input::new("svc@contoso.com".into());
    p.on_intent(Intent::Submit, &mut shared);
    assert!(p.confirming.is_some());
    assert_eq!(p.options().text(Opt::Impersonation), "svc@contoso.com");
}

/// Where a restore goes is checked before a device code is asked for: a mailbox is an
/// address, a site an https URL with a real host, a OneDrive its URL or its owner, an
/// organization a domain; the message stands beside the field.
#[test]
fn targets_are_checked_before_a_device_code_is_asked_for() {
    let mut shared = Shared::new(Config::default(), TrustMode::System);
    let (mut p, _) = RestorePage::open(offer(), &mut shared);
    p.form.get_mut(RestoreKey::ItemsTarget).choice = 1; // another mailbox
    let mut refused = |p: &mut RestorePage, key: RestoreKey, value: &str| {
        p.form.get_mut(key).input = Input::new(value.into());
        let flow = p.on_intent(Intent::Submit, &mut shared);
        assert!(flow.commands.is_empty() && p.code.is_none(), "{value}: nothing asked");
        assert!(p.form.get(key).error.is_some(), "{value}: said beside the field");
        assert_eq!(p.focused(), Some(key));
    };
    for bad in ["not-an-email", "../../etc", "ORG 😀", "a@b", "a b@contoso.com", "a@contoso..com"] {
        refused(&mut p, RestoreKey::TargetMailbox, bad);
    }
    p.form.get_mut(RestoreKey::TargetMailbox).input = Input::new("megan@contoso.com".into());
    refused(&mut p, RestoreKey::TargetOrganization, "ORG 😀");
    p.form.get_mut(RestoreKey::TargetOrganization).input = Input::new("fabrikam.onmicrosoft.com".into());
    let flow = p.on_intent(Intent::Submit, &mut shared);
    assert!(p.code.is_some(), "a good target gets its device code: {:?}", flow.commands);

    // A site restored elsewhere, and a OneDrive copied.
    let site = |what| {
        Box::new(RestoreOffer {
            preset: None,
            session_id: "s1".into(),
            organization: None,
            choices: vec![RestoreChoice {
                what,
                words: "it".into(),
                into: String::new(),
            }],
        })
    };
    let (mut p, _) = RestorePage::open(
        site(RestoreWhat::Site {
            site_id: "s".into(),
        }),
        &mut shared,
    );
    p.form.get_mut(RestoreKey::SiteTarget).choice = 1;
    let mut shared2 = Shared::new(Config::default(), TrustMode::System);
    for bad in ["https://exa mple.com/sites/x", "http://contoso.com/sites/x", "https://", "contoso"] {
        p.form.get_mut(RestoreKey::TargetSite).input = Input::new(bad.into());
        let flow = p.on_intent(Intent::Submit, &mut shared2);
        assert!(flow.commands.is_empty(), "{bad}");
        assert!(p.form.get(RestoreKey::TargetSite).error.is_some(), "{bad}");
    }
    let (mut p, _) = RestorePage::open(
        site(RestoreWhat::Documents {
            store: crate::api::Store::OneDrive {
                onedrive_id: "u".into(),
            },
            documents: vec![],
        }),
        &mut shared2,
    );
    p.form.get_mut(RestoreKey::DriveTarget).choice = 1;
    for bad in ["../../etc", "https://exa mple.com/personal/x", "😀"] {
        p.form.get_mut(RestoreKey::TargetOneDrive).input = Input::new(bad.into());
        let flow = p.on_intent(Intent::Submit, &mut shared2);
        assert!(flow.commands.is_empty(), "{bad}");
        assert!(p.form.get(RestoreKey::TargetOneDrive).error.is_some(), "{bad}");
    }
    for good in ["Megan Bowen", "megan@contoso.com", "https://contoso-my.sharepoint.com/personal/megan"] {
        p.form.get_mut(RestoreKey::TargetOneDrive).input = Input::new(good.into());
        p.on_intent(Intent::Submit, &mut shared2);
        assert!(p.form.get(RestoreKey::TargetOneDrive).error.is_none(), "{good}");
    }
}
