//! Editing an organization (`GET` and `PUT /Organizations/{id}`) and authorizing it again
//! with a device code, in v6, v7 and v8, every exchange validated against its schema.

use super::*;

async fn edit(v: ApiVersion) {
    let sim = start_sim(&[v]).await;
    let c = admin(&sim, v).await;
    let listed = c.organizations().await.unwrap();
    let id = listed[0].id.clone().unwrap();
    let mut org = c.organization(&id).await.unwrap();
    assert_eq!(org.display_name(), "contoso.onmicrosoft.com", "{v}");
    let exo = org.exchange_online_settings.clone().unwrap();
    assert!(
        exo.application_certificate_thumbprint.is_some(),
        "{v}: the thumbprint is read"
    );
    assert!(exo.password.is_none() && exo.application_certificate.is_none());

    // A changed setting: the whole organization goes back, and stays.
    org.is_teams_online = Some(false);
    if v.has_description() {
        org.description = Some("Contoso, edited".into());
    }
    c.update_organization(&id, &org).await.unwrap();
    let again = c.organization(&id).await.unwrap();
    assert_eq!(again.is_teams_online, Some(false), "{v}");
    assert_eq!(again.id.as_deref(), Some(id.as_str()), "{v}: the id stays");
    assert_eq!(again.is_backedup, org.is_backedup, "{v}: its backups stay");
    if v.has_description() {
        assert_eq!(again.description.as_deref(), Some("Contoso, edited"));
    }

    // Refused, with the server's words: another tenant, another type, an unknown
    // application, a device code nobody used.
    let refused = |o: &Organization| {
        let c = &c;
        let id = id.clone();
        let o = o.clone();
        async move {
            c.update_organization(&id, &o)
                .await
                .unwrap_err()
                .to_string()
        }
    };
    let mut other = again.clone();
    other
        .exchange_online_settings
        .as_mut()
        .unwrap()
        .office_organization_name = Some("fabrikam.onmicrosoft.com".into());
    assert!(refused(&other).await.contains("cannot be changed"), "{v}");
    let mut other = again.clone();
    other.kind = Some(OrganizationType::Hybrid);
    assert!(
        refused(&other).await.contains("type cannot be changed"),
        "{v}"
    );
    let mut other = again.clone();
    for s in [
        other.exchange_online_settings.as_mut(),
        other.share_point_online_settings.as_mut(),
    ]
    .into_iter()
    .flatten()
    {
        s.application_id = Some("0f0f0f0f-1111-4222-8333-444455556666".into());
    }
    let e = refused(&other).await;
    assert!(
        e.contains("was not found in Microsoft Entra ID"),
        "{v}: {e}"
    );
    // App-only cannot go back to legacy authentication.
    let mut other = again.clone();
    for s in [
        other.exchange_online_settings.as_mut(),
        other.share_point_online_settings.as_mut(),
    ]
    .into_iter()
    .flatten()
    {
        s.use_application_only_auth = Some(false);
        s.use_mfa = Some(true);
        s.account = Some("backup@contoso.onmicrosoft.com".into());
        s.password = Some(SecretString::from("Pw-1"));
        s.application_secret = Some(SecretString::from("Secret-1"));
        s.application_certificate_thumbprint = None;
    }
    let e = refused(&other).await;
    assert!(e.contains("cannot go back"), "{v}: {e}");
    let code = c
        .device_code(&Region::Worldwide, Some(&id))
        .await
        .unwrap()
        .user_code;
    let mut configured = again.clone();
    configured.configure_application = Some(true);
    configured.user_code = Some(code.clone());
    let e = refused(&configured).await;
    assert!(e.contains("has not been used"), "{v}: {e}");
    assert!(
        c.update_organization("5eed0000-000a-4000-8000-00000000ffff", &again)
            .await
            .unwrap_err()
            .to_string()
            .contains("not found"),
        "{v}"
    );

    // Authorized again: once the code is used, VB365 configures the application.
    sim.sim.decide(&code, true);
    c.update_organization(&id, &configured).await.unwrap();
    let asked = sim
        .sim
        .journal()
        .into_iter()
        .rfind(|e| e.method == "POST" && e.path.ends_with("/DeviceCode"))
        .and_then(|e| e.request)
        .unwrap();
    assert_eq!(
        asked.get("loginGraphAppOrganizationId").is_some(),
        v >= ApiVersion::V8,
        "{v}: {asked}"
    );

    let expected = [
        "get /{v}/organizations/{organizationid}",
        "put /{v}/organizations/{organizationid}",
        "post /{v}/devicecode",
    ];
    exercised(v, &sim, &expected);
}

/// Every exchange so far is valid for `v`'s schema, and these operations were among them.
fn exercised(v: ApiVersion, sim: &SimHandle, expected: &[&str]) {
    let seen = support::schema::validate_all(v, &sim.sim.journal()).expect("a schema");
    let seen: BTreeSet<String> = seen.iter().map(|s| s.to_ascii_lowercase()).collect();
    for e in expected {
        let e = e.replace("{v}", v.as_str());
        assert!(seen.contains(&e), "{e} not exercised: {seen:?}");
    }
}

#[tokio::test]
async fn edit_and_authorize_again_v6() {
    edit(ApiVersion::V6).await;
}

#[tokio::test]
async fn edit_and_authorize_again_v7() {
    edit(ApiVersion::V7).await;
}

#[tokio::test]
async fn edit_and_authorize_again_v8() {
    edit(ApiVersion::V8).await;
}

/// The Microsoft Graph readiness check: each version's way to an organization's jobs (v8's
/// `organizationId` on the job, `GET /Organizations/{id}/Jobs` before), their sessions since
/// EWS retired (v6 reads the job's whole list) and the logs of those that failed.
async fn graph(v: ApiVersion) {
    let sim = start_sim(&[v]).await;
    let c = admin(&sim, v).await;
    sim.sim.clear_journal();
    let found = c.graph_readiness().await;
    assert!(found.unread.is_empty(), "{v}: {:?}", found.unread);
    // Round trips: the organizations; v8's jobs and its failed and warned sessions since
    // October (their sessions name their job), or before v8 each organization's jobs (3) and
    // each of their 4 backup jobs' sessions; the logs of the 8 that failed or warned.
    let asked = sim.sim.journal().len();
    let lists = if v >= ApiVersion::V8 { 1 + 2 } else { 3 + 4 };
    assert_eq!(asked, 1 + lists + 8, "{v}");
    let names: Vec<(&str, bool)> = found
        .organizations
        .iter()
        .map(|o| (o.name.as_str(), o.affected()))
        .collect();
    assert_eq!(
        names.len(),
        3,
        "{v}: every Exchange organization: {names:?}"
    );
    assert_eq!(found.affected(), 2, "{v}: {names:?}");
    let northwind = found
        .organizations
        .iter()
        .find(|o| o.name.starts_with("northwind"))
        .unwrap();
    assert!(
        northwind.app_only && northwind.application_id.is_some(),
        "{v}"
    );
    assert_eq!(northwind.troubled.len(), 4, "{v}: four failed nights");
    let said = northwind.troubled[0].messages.clone().unwrap().join("\n");
    assert!(said.contains("MailboxItem.Read.All"), "{v}: {said}");
    assert!(said.contains("Exchange Web Services"), "{v}: {said}");
    let fabrikam = found
        .organizations
        .iter()
        .find(|o| o.name.starts_with("fabrikam"))
        .unwrap();
    assert!(!fabrikam.affected(), "{v}: its failure is its repository");
    assert!(!fabrikam.troubled.is_empty(), "{v}: it did fail");

    let mut expected = vec!["get /{v}/jobsessions/{sessionid}/logitems"];
    expected.push(match v {
        ApiVersion::V6 => "get /{v}/jobs/{jobid}/jobsessions",
        _ => "get /{v}/jobsessions",
    });
    if v < ApiVersion::V8 {
        expected.push("get /{v}/organizations/{organizationid}/jobs");
    } else {
        expected.push("get /{v}/jobs");
    }
    exercised(v, &sim, &expected);
}

#[tokio::test]
async fn graph_readiness_v6() {
    graph(ApiVersion::V6).await;
}

#[tokio::test]
async fn graph_readiness_v7() {
    graph(ApiVersion::V7).await;
}

#[tokio::test]
async fn graph_readiness_v8() {
    graph(ApiVersion::V8).await;
}
