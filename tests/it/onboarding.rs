//! Every onboarding variant, built by the wizard exactly as the operator fills it in,
//! submitted to the simulator and validated against the official schema of its version.

use crate::support;

use support::*;
use tui_input::Input;
use vb365_tui::api::models::Region;
use vb365_tui::api::{ApiVersion, Client};
use vb365_tui::app::onboarding::{
    AuthField as A, Server, ServerField as S, Service, Wizard, WizardKey as K, read_certificate,
};

fn set(w: &mut Wizard, key: K, text: &str) {
    w.field_mut(key).input = Input::new(text.into());
}

fn exo(f: A) -> K {
    K::Auth(Service::Exchange, f)
}
fn ex(f: S) -> K {
    K::Server(Server::Exchange, f)
}
fn sp(f: S) -> K {
    K::Server(Server::SharePoint, f)
}

const APP: &str = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

async fn approved_code(sim: &vb365_tui::sim::SimHandle, c: &Client) -> String {
    let code = c.device_code(&Region::Worldwide, None).await.unwrap();
    sim.sim.decide(&code.user_code, true);
    code.user_code
}

/// Runs every step's validation (as Enter does), then submits.
async fn submit(v: ApiVersion, name: &str, fill: impl FnOnce(&mut Wizard)) {
    let sim = start_sim(&[v]).await;
    let c = admin(&sim, v).await;
    let mut w = Wizard::new(v);
    fill(&mut w);
    if w.needs_device_code() {
        w.user_code = Some(approved_code(&sim, &c).await);
    }
    for step in w.steps() {
        for (key, path, password) in w.certificate_paths(step) {
            let cert = read_certificate(&path, &password).unwrap();
            w.certificates.push((key, cert));
        }
        assert!(
            w.validate(step),
            "{name}: step {step:?} invalid: {:?}",
            w.form
                .fields
                .iter()
                .filter_map(|f| f.error.clone())
                .collect::<Vec<_>>()
        );
    }
    let org = w.organization();
    let created = c
        .create_organization(&org)
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}\n{}", w.review_json()));
    assert!(created.id.is_some(), "{name}");
    let listed = c.organizations().await.unwrap();
    assert!(listed.iter().any(|o| o.id == created.id), "{name}: listed");
    if v >= ApiVersion::V6 {
        let seen = schema::validate_all(v, &sim.sim.journal());
        if let Some(seen) = seen {
            assert!(
                seen.iter()
                    .any(|s| s.eq_ignore_ascii_case(&format!("POST /{v}/Organizations"))),
                "{name}: body validated"
            );
        }
    }
}

#[tokio::test]
async fn a_modern_app_only_new_application() {
    for v in [ApiVersion::V6, ApiVersion::V7, ApiVersion::V8] {
        submit(v, "new application", |w| {
            set(w, exo(A::Organization), "adatum.onmicrosoft.com");
            w.field_mut(K::Teams).on = v.has_teams();
            w.field_mut(K::TeamsChats).on = v.has_teams_chats();
            set(w, K::Description, "Adatum production");
        })
        .await;
    }
}

#[tokio::test]
async fn b_existing_application_with_certificate_file() {
    let path = pfx("onboarding", "pfx-password");
    submit(ApiVersion::V8, "existing app + pfx", |w| {
        w.field_mut(exo(A::Mode)).choice = 1;
        set(w, exo(A::Organization), "adatum.onmicrosoft.com");
        set(w, exo(A::AppId), APP);
        set(w, exo(A::CertPath), &path);
        set(w, exo(A::CertPassword), "pfx-password");
    })
    .await;
}

#[tokio::test]
async fn b_existing_application_with_thumbprint_and_configuration() {
    submit(
        ApiVersion::V7,
        "existing app + thumbprint + configure",
        |w| {
            w.field_mut(exo(A::Mode)).choice = 1;
            set(w, exo(A::Organization), "adatum.onmicrosoft.com");
            set(w, exo(A::AppId), APP);
            w.field_mut(exo(A::Credential)).choice = 1;
            set(
                w,
                exo(A::Thumbprint),
                "3f 25 04 e0 4f 89 11 d3 9a 0c 03 05 e8 2c 33 01 e6 b8 b9 a1",
            );
            w.field_mut(exo(A::Configure)).on = true;
        },
    )
    .await;
}

#[tokio::test]
async fn c_modern_with_legacy_protocols_secret_or_certificate() {
    submit(ApiVersion::V8, "legacy + secret", |w| {
        w.field_mut(exo(A::Mode)).choice = 2;
        set(w, exo(A::Organization), "adatum.onmicrosoft.com");
        set(w, exo(A::Account), "backup@adatum.onmicrosoft.com");
        set(w, exo(A::Password), "Acc0unt-pass");
        set(w, exo(A::AppId), APP);
        set(w, exo(A::Secret), "app-secret-value");
    })
    .await;
    let path = pfx("onboarding", "pfx-password");
    submit(
        ApiVersion::V6,
        "legacy + certificate, separate SharePoint settings",
        |w| {
            w.field_mut(K::SameAuth).on = false;
            for p in [Service::Exchange, Service::SharePoint] {
                w.field_mut(K::Auth(p, A::Mode)).choice = 2;
                set(w, K::Auth(p, A::Organization), "adatum.onmicrosoft.com");
                set(w, K::Auth(p, A::Account), "backup@adatum.onmicrosoft.com");
                set(w, K::Auth(p, A::Password), "Acc0unt-pass");
                set(w, K::Auth(p, A::AppId), APP);
            }
            w.field_mut(exo(A::LegacyCredential)).choice = 1;
            set(w, exo(A::CertPath), &path);
            set(w, exo(A::CertPassword), "pfx-password");
            set(
                w,
                K::Auth(Service::SharePoint, A::Secret),
                "app-secret-value",
            );
            w.field_mut(K::WebParts).on = true;
        },
    )
    .await;
}

#[tokio::test]
async fn d_basic_authentication_where_the_version_accepts_it() {
    submit(ApiVersion::V7, "basic on v7", |w| {
        w.field_mut(exo(A::Mode)).choice = 3;
        set(w, exo(A::Organization), "adatum.onmicrosoft.com");
        set(w, exo(A::Account), "backup@adatum.onmicrosoft.com");
        set(w, exo(A::Password), "Acc0unt-pass");
    })
    .await;
    submit(ApiVersion::V8, "basic on v8 in China", |w| {
        w.field_mut(K::Region).choice = 3;
        w.field_mut(exo(A::Mode)).choice = 3;
        set(w, exo(A::Organization), "adatum.partner.onmschina.cn");
        set(w, exo(A::Account), "backup@adatum.partner.onmschina.cn");
        set(w, exo(A::Password), "Acc0unt-pass");
    })
    .await;
    // Refused before sending: v8 outside China, and Teams.
    let mut w = Wizard::new(ApiVersion::V8);
    w.field_mut(exo(A::Mode)).choice = 3;
    assert!(!w.validate(vb365_tui::app::onboarding::Step::Auth(Service::Exchange)));
    assert!(
        w.field(exo(A::Mode))
            .error
            .as_deref()
            .unwrap()
            .contains("China")
    );
    assert!(
        w.warning(vb365_tui::app::onboarding::Step::Auth(Service::Exchange))
            .unwrap()
            .contains("deprecated")
    );
}

#[tokio::test]
async fn on_premises_exchange() {
    submit(ApiVersion::V8, "on-premises Exchange", |w| {
        w.field_mut(K::Type).choice = 1;
        set(w, ex(S::Host), "exch01.corp.local");
        set(w, ex(S::User), "CORP\\veeam");
        set(w, ex(S::Password), "Exch-pass");
        w.field_mut(ex(S::SkipCa)).on = true;
    })
    .await;
}

#[tokio::test]
async fn on_premises_sharepoint() {
    submit(ApiVersion::V7, "on-premises SharePoint", |w| {
        w.field_mut(K::Type).choice = 1;
        w.field_mut(K::OnPremExchange).on = false;
        w.field_mut(K::OnPremSharePoint).on = true;
        set(w, sp(S::Host), "sp01.corp.local");
        set(w, sp(S::User), "CORP\\veeam");
        set(w, sp(S::Password), "Sp-pass");
        set(w, sp(S::Port), "5986");
    })
    .await;
}

#[tokio::test]
async fn hybrid() {
    submit(ApiVersion::V8, "hybrid", |w| {
        w.field_mut(K::Type).choice = 2;
        set(w, exo(A::Organization), "adatum.onmicrosoft.com");
        set(w, ex(S::Host), "exch01.corp.local");
        set(w, ex(S::User), "CORP\\veeam");
        set(w, ex(S::Password), "Exch-pass");
    })
    .await;
}

#[tokio::test]
async fn v4_shape_from_the_legacy_documentation() {
    // 004_…: modern authentication with an MFA account and legacy protocols.
    submit(ApiVersion::V4, "v4 legacy", |w| {
        w.field_mut(K::Region).choice = 1;
        w.field_mut(exo(A::Mode)).choice = 2;
        set(w, exo(A::Organization), "adatum.onmicrosoft.com");
        set(w, exo(A::Account), "backup@adatum.onmicrosoft.com");
        set(w, exo(A::Password), "Acc0unt-pass");
        set(w, exo(A::AppId), APP);
        set(w, exo(A::Secret), "app-secret-value");
    })
    .await;
    let w = Wizard::new(ApiVersion::V4);
    let body = vb365_tui::api::organization_body(ApiVersion::V4, &{
        let mut w = w;
        w.field_mut(K::Region).choice = 1;
        w.organization()
    });
    assert_eq!(body["region"], "USgovCommunity");
    assert!(body.get("isTeamsOnline").is_none() && body.get("description").is_none());
}
