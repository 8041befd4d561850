//! The wizard's steps, validation, review and certificate checks.

use super::*;
use AuthField as A;
use ServerField as S;
use WizardKey as K;

fn exo(f: AuthField) -> WizardKey {
    K::Auth(Service::Exchange, f)
}
fn spo(f: AuthField) -> WizardKey {
    K::Auth(Service::SharePoint, f)
}

#[test]
fn steps_follow_the_choices() {
    let mut w = Wizard::new(ApiVersion::V8);
    assert_eq!(
        w.steps(),
        vec![
            Step::Basics,
            Step::Auth(Service::Exchange),
            Step::DeviceCode,
            Step::Review
        ]
    );
    w.field_mut(K::SameAuth).on = false;
    assert_eq!(
        w.steps()[1..3],
        [
            Step::Auth(Service::Exchange),
            Step::Auth(Service::SharePoint)
        ]
    );
    w.field_mut(exo(A::Mode)).choice = 2;
    w.field_mut(spo(A::Mode)).choice = 2;
    assert!(!w.steps().contains(&Step::DeviceCode));
    w.field_mut(K::Type).choice = 1;
    assert_eq!(
        w.steps(),
        vec![Step::Basics, Step::OnPremExchange, Step::Review]
    );
    w.field_mut(K::Type).choice = 2;
    w.field_mut(K::OnPremSharePoint).on = true;
    assert!(
        w.steps().contains(&Step::OnPremSharePoint)
            && w.steps().contains(&Step::Auth(Service::SharePoint))
    );
}

#[test]
fn validation_marks_fields() {
    let mut w = Wizard::new(ApiVersion::V8);
    w.field_mut(exo(A::Mode)).choice = 1;
    w.field_mut(exo(A::Organization)).input = tui_input::Input::new("contoso".into());
    w.field_mut(exo(A::AppId)).input = tui_input::Input::new("nope".into());
    assert!(!w.validate(Step::Auth(Service::Exchange)));
    assert!(w.field(exo(A::Organization)).error.is_some());
    assert!(
        w.field(exo(A::AppId))
            .error
            .as_deref()
            .unwrap()
            .contains("GUID")
    );
    assert!(w.field(exo(A::CertPath)).error.is_some());
    w.field_mut(exo(A::Organization)).input =
        tui_input::Input::new("contoso.onmicrosoft.com".into());
    w.field_mut(exo(A::AppId)).input =
        tui_input::Input::new("3f2504e0-4f89-11d3-9a0c-0305e82c3301".into());
    w.field_mut(exo(A::Credential)).choice = 1;
    w.field_mut(exo(A::Thumbprint)).input =
        tui_input::Input::new("3F2504E04F8911D39A0C0305E82C3301E6B8B9A1".into());
    assert!(w.validate(Step::Auth(Service::Exchange)));
    let mut sp = Wizard::new(ApiVersion::V7);
    sp.field_mut(K::Server(Server::SharePoint, S::Port)).input =
        tui_input::Input::new("70000".into());
    assert!(!sp.validate(Step::OnPremSharePoint));
    assert!(
        sp.field(K::Server(Server::SharePoint, S::Port))
            .error
            .is_some()
    );
}

#[test]
fn review_masks_every_secret() {
    let mut w = Wizard::new(ApiVersion::V7);
    w.field_mut(exo(A::Mode)).choice = 2;
    w.field_mut(exo(A::Organization)).input =
        tui_input::Input::new("contoso.onmicrosoft.com".into());
    w.field_mut(exo(A::Account)).input =
        tui_input::Input::new("backup@contoso.onmicrosoft.com".into());
    w.field_mut(exo(A::Password)).input = tui_input::Input::new("Sup3r-S3cret!".into());
    w.field_mut(exo(A::Secret)).input = tui_input::Input::new("app-S3cret".into());
    let json = w.review_json();
    assert!(!json.contains("Sup3r") && !json.contains("app-S3cret"));
    assert!(json.contains("\"password\": \"••••••••\""));
    assert!(json.contains("\"applicationSecret\": \"••••••••\""));
}

#[cfg(feature = "sim")]
#[test]
fn certificates_are_opened_with_their_password_before_sending() {
    use secrecy::{ExposeSecret, SecretString};
    let dir = std::env::temp_dir().join(format!("vb365-pfx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let read = |name: &str, password: &str| {
        let path = dir.join(name);
        read_certificate(path.to_str().unwrap(), &SecretString::from(password))
    };
    let bytes = crate::sim::sample_pfx("backup-app", "Pfx-pass-1").unwrap();
    std::fs::write(dir.join("app.pfx"), &bytes).unwrap();
    let cert = read("app.pfx", "Pfx-pass-1").unwrap();
    use base64::Engine;
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(cert.expose_secret())
            .unwrap(),
        bytes
    );
    let wrong = read("app.pfx", "Pfx-pass-2").unwrap_err();
    assert!(wrong.password, "the password is what is wrong");
    assert!(
        wrong.message.contains("This password does not open"),
        "{wrong}"
    );
    assert!(!wrong.message.contains("Pfx-pass"), "{wrong}");
    std::fs::write(dir.join("app.pem"), b"-----BEGIN CERTIFICATE-----").unwrap();
    assert!(
        read("app.pem", "")
            .unwrap_err()
            .message
            .contains("not a PFX")
    );
    // DER-shaped but not PKCS#12.
    std::fs::write(
        dir.join("der.pfx"),
        [0x30, 0x82, 0x0a, 0x01, 0x02, 0x01, 0x03],
    )
    .unwrap();
    assert!(
        read("der.pfx", "")
            .unwrap_err()
            .message
            .contains("not a PFX")
    );
    std::fs::write(dir.join("big.pfx"), vec![0x30; 300 * 1024]).unwrap();
    assert!(read("big.pfx", "").unwrap_err().message.contains("KiB"));
    assert!(
        read("missing.pfx", "")
            .unwrap_err()
            .message
            .contains("Cannot read")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn accounts_have_a_domain() {
    use crate::app::forms::{is_account, is_down_level_logon};
    assert!(is_account("backup@contoso.onmicrosoft.com"));
    for bad in [
        "backup",
        "backup@",
        "@contoso.com",
        "backup@contoso",
        "a b@c.com",
        "a@b@c.com",
    ] {
        assert!(!is_account(bad), "{bad}");
    }
    assert!(is_down_level_logon("CONTOSO\\backup"));
    for bad in ["CONTOSO\\", "\\backup", "backup", "A\\b\\c"] {
        assert!(!is_down_level_logon(bad), "{bad}");
    }
    let mut w = Wizard::new(ApiVersion::V8);
    w.field_mut(exo(A::Mode)).choice = 2;
    w.field_mut(exo(A::Account)).input = tui_input::Input::new("backup".into());
    w.validate(Step::Auth(Service::Exchange));
    let msg = w.field(exo(A::Account)).error.clone().unwrap();
    assert!(msg.contains("with its domain"), "{msg}");
}

#[test]
fn every_key_names_one_field() {
    let w = Wizard::new(ApiVersion::V8);
    for (i, f) in w.form.fields.iter().enumerate() {
        assert!(
            w.form.fields[..i].iter().all(|g| g.key != f.key),
            "{:?} twice",
            f.key
        );
    }
}

#[test]
fn on_premises_and_basic_authentication_say_which_servers_accept_them() {
    use crate::app::onboarding::Step;
    let mut w = Wizard::new(ApiVersion::V8);
    assert_eq!(
        w.warning(Step::Basics),
        None,
        "Microsoft 365: nothing to say"
    );
    w.form.get_mut(WizardKey::Type).choice = 1; // On-premises
    w.build = Some("8.1.0.305".into());
    let said = w.warning(Step::Basics).unwrap();
    assert!(
        said.contains("VB365 8.6 removed on-premises organizations."),
        "{said}"
    );
    assert!(
        said.contains("This server is 8.1.0.305, older than 8.6: it still accepts"),
        "{said}"
    );
    w.build = Some("8.6.0.120".into());
    let said = w.warning(Step::Basics).unwrap();
    assert!(
        said.contains("This server is 8.6.0.120: it no longer accepts them."),
        "{said}"
    );
    w.form.get_mut(WizardKey::Type).choice = 2; // Hybrid
    assert!(
        w.warning(Step::Basics)
            .unwrap()
            .contains("a hybrid one has an on-premises part")
    );
    w.build = None;
    assert!(
        w.warning(Step::Basics)
            .unwrap()
            .contains("did not say its build")
    );
}
