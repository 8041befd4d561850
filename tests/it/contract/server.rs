use super::*;

/// A 503 with `Retry-After: 0` on requests matching `path`, `times` times (always if none).
pub(super) fn busy(method: &str, path: &str, times: Option<u32>) -> vb365_tui::sim::Fault {
    vb365_tui::sim::Fault {
        path: path.into(),
        method: Some(method.into()),
        kind: vb365_tui::sim::FaultKind::Status {
            status: 503,
            retry_after: Some(0),
        },
        times,
    }
}

#[tokio::test]
async fn detection_retries_a_busy_probe_and_reports_what_it_could_not_check() {
    let sim = start_sim(&[ApiVersion::V6, ApiVersion::V7, ApiVersion::V8]).await;
    let c = client_for(&sim, ApiVersion::V8);
    // One 503 on v8's probe: tried again, and v8 is still found.
    sim.sim
        .faults
        .add(busy("GET", "/v8/serviceinstance", Some(1)));
    let (detection, chosen) = c.detect_and_select().await.unwrap();
    assert_eq!(chosen, ApiVersion::V8);
    assert!(detection.unchecked.is_empty(), "{detection:?}");
    assert_eq!(sim.sim.request_count(Some("GET"), "/v8/serviceinstance"), 2);
    // v8 failing every try: v7 is used, and v8 is reported, not dropped.
    sim.sim.faults.add(busy("GET", "/v8/serviceinstance", None));
    let (detection, chosen) = c.detect_and_select().await.unwrap();
    assert_eq!(chosen, ApiVersion::V7);
    assert_eq!(detection.unchecked.len(), 1);
    assert_eq!(detection.unchecked[0].0, ApiVersion::V8);
    let summary = detection.summary(chosen);
    assert!(summary.contains("using v7"), "{summary}");
    assert!(summary.contains("could not check v8"), "{summary}");
    assert!(summary.contains("503"), "{summary}");
}

#[tokio::test]
async fn a_pin_that_does_not_match_names_the_presented_certificate() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let wrong = vb365_tui::api::Fingerprint([7u8; 32]);
    let c = Client::new(vb365_tui::api::ClientConfig::new(
        &sim.base_url,
        vb365_tui::api::TrustMode::Pinned(wrong),
    ))
    .unwrap();
    let e = c.detect_versions().await.unwrap_err();
    let ApiError::CertificateChanged { cert, expected, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(cert.fingerprint, sim.fingerprint.unwrap());
    assert_eq!(*expected, wrong);
    assert!(cert.subject.contains("VB365 simulator"));
    assert!(
        e.to_string()
            .contains(&sim.fingerprint.unwrap().to_string())
    );
    // System roots do not trust the self-signed certificate: the prompt has what it needs.
    let c = Client::new(vb365_tui::api::ClientConfig::new(
        &sim.base_url,
        vb365_tui::api::TrustMode::System,
    ))
    .unwrap();
    let e = c.detect_versions().await.unwrap_err();
    let ApiError::UntrustedCertificate { cert, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(cert.self_signed());
    assert!(!cert.not_after.is_empty());
}

#[tokio::test]
async fn retries_idempotent_calls_but_never_a_creating_post() {
    use vb365_tui::sim::{Fault, FaultKind};
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    sim.sim.faults.add(busy("GET", "/organizations", Some(2)));
    sim.sim.clear_journal();
    assert_eq!(c.organizations().await.unwrap().len(), 3);
    assert_eq!(sim.sim.request_count(Some("GET"), "/organizations"), 3);
    sim.sim.faults.add(busy("POST", "/organizations", Some(1)));
    let org = Organization {
        kind: Some(OrganizationType::OnPremises),
        ..Default::default()
    };
    let e = c.create_organization(&org).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(sim.sim.request_count(Some("POST"), "/organizations"), 1);
    // Malformed JSON and HTML pages become readable errors.
    sim.sim.faults.add(Fault {
        path: "/restoresessions".into(),
        method: None,
        kind: FaultKind::Malformed,
        times: Some(1),
    });
    let e = c
        .restore_sessions(&SessionQuery::default())
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Decode { .. }), "{e:?}");
    sim.sim.faults.add(Fault {
        path: "/restoresessions".into(),
        method: None,
        kind: FaultKind::Html { status: 500 },
        times: Some(1),
    });
    let e = c
        .restore_sessions(&SessionQuery::default())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("HTML page"), "{e}");
    sim.sim.faults.add(Fault {
        path: "/restoresessions".into(),
        method: None,
        kind: FaultKind::Reset,
        times: Some(1),
    });
    assert!(
        c.restore_sessions(&SessionQuery::default()).await.is_ok(),
        "a reset GET is retried"
    );
}

/// VB365 refusing an assertion Microsoft approved says so, with its code and its address,
/// and does not blame a user name or password.
#[tokio::test]
async fn a_refused_approval_names_vb365_and_its_error_not_a_password() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = client_for(&sim, ApiVersion::V8);
    let not_a_token = SecretString::from("{}".to_string());
    for e in [
        c.sign_in_tenant("contoso.onmicrosoft.com", &not_a_token)
            .await
            .unwrap_err(),
        c.sign_in_operator("contoso.onmicrosoft.com", &not_a_token)
            .await
            .unwrap_err(),
    ] {
        let said = e.to_string();
        assert!(
            said.contains("Microsoft approved the sign-in, but VB365 at"),
            "{said}"
        );
        assert!(
            said.contains(&sim.base_url) && said.contains("(invalid_grant)"),
            "{said}"
        );
        assert!(!said.contains("user name or password"), "{said}");
    }
}

/// An on-premises organization is stored without a Microsoft 365 region or tenant id.
#[tokio::test]
async fn an_on_premises_organization_has_no_region_or_tenant() {
    use vb365_tui::api::models::ExchangeSettings;
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = Organization {
        kind: Some(OrganizationType::OnPremises),
        is_exchange: Some(true),
        exchange_settings: Some(ExchangeSettings {
            server_name: Some("exch01.corp.local".into()),
            username: Some("CORP\\backup".into()),
            password: Some("pw".to_string().into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let made = c.create_organization(&org).await.unwrap();
    assert_eq!((made.region, made.msid), (None, None));
}

#[tokio::test]
async fn simulator_validates_organization_bodies() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let pfx = base64::engine::general_purpose::STANDARD.encode([0x30u8, 0x82, 0x01, 0x00]);
    let base = |s: Office365ConnectionSettings| Organization {
        kind: Some(OrganizationType::Office365),
        is_exchange_online: Some(true),
        exchange_online_settings: Some(s),
        ..Default::default()
    };
    let cases: Vec<(Organization, &str)> = vec![
        (
            base(Office365ConnectionSettings {
                use_mfa: Some(true),
                password: Some("p".to_string().into()),
                application_id: Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301".into()),
                application_secret: Some("s".to_string().into()),
                ..Default::default()
            }),
            "account is required",
        ),
        (
            base(Office365ConnectionSettings {
                use_mfa: Some(true),
                account: Some("a@b".into()),
                password: Some("p".to_string().into()),
                application_id: Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301".into()),
                application_secret: Some("s".to_string().into()),
                application_certificate: Some(pfx.clone().into()),
                ..Default::default()
            }),
            "not both",
        ),
        (
            base(Office365ConnectionSettings {
                use_application_only_auth: Some(true),
                application_id: Some("not-a-guid".into()),
                ..Default::default()
            }),
            "not a GUID",
        ),
        (
            base(Office365ConnectionSettings {
                use_application_only_auth: Some(true),
                application_id: Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301".into()),
                application_certificate: Some("%%%".to_string().into()),
                application_certificate_password: Some("x".to_string().into()),
                ..Default::default()
            }),
            "not Base64",
        ),
        (
            base(Office365ConnectionSettings {
                account: Some("a@b".into()),
                password: Some("p".to_string().into()),
                ..Default::default()
            }),
            "basic authentication is deprecated",
        ),
    ];
    for (org, want) in cases {
        let e = c.create_organization(&org).await.unwrap_err();
        assert!(e.to_string().contains(want), "want '{want}', got: {e}");
    }
    support::schema::validate_all(ApiVersion::V8, &sim.sim.journal());
    // A region of the v4 enum, sent raw: the simulator must refuse it for v8 (this request
    // is deliberately outside the schema, so it is not validated).
    let raw = raw_client(&sim);
    let token = {
        let r: serde_json::Value = raw
            .post(format!("{}/v8/token", sim.base_url))
            .form(&[
                ("grant_type", "password"),
                ("username", USER),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["access_token"].as_str().unwrap().to_string()
    };
    let r = raw
        .post(format!("{}/v8/Organizations", sim.base_url))
        .bearer_auth(&token)
        .json(&json!({"type": "Office365", "region": "USgovDefence", "isExchangeOnline": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("region 'USgovDefence' is not valid")
    );
    assert_eq!(body["errorCode"], "ParameterValidationFailure");
    // Basic authentication with Teams.
    let teams = Organization {
        kind: Some(OrganizationType::Office365),
        region: Some(Region::China),
        is_exchange_online: Some(true),
        is_share_point_online: Some(true),
        is_teams_online: Some(true),
        exchange_online_settings: Some(Office365ConnectionSettings {
            account: Some("a@b".into()),
            password: Some("p".to_string().into()),
            ..Default::default()
        }),
        share_point_online_settings: Some(Office365ConnectionSettings {
            account: Some("a@b".into()),
            password: Some("p".to_string().into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let e = c.create_organization(&teams).await.unwrap_err();
    assert!(
        e.to_string().contains("cannot be used to back up Teams"),
        "{e}"
    );
}

#[tokio::test]
async fn a_session_without_all_versions_lists_and_saves_the_newest_alone() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let options = ExploreOptions {
        show_all_versions: Some(false),
        ..explore(RestoreType::Veod)
    };
    let s = c.explore_organization(&org, &options).await.unwrap();
    let drive = c.onedrives(&s.id, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let store = Store::OneDrive { onedrive_id: drive };
    let docs = c
        .listing_page::<DriveItem>(
            &s.id,
            &Listing::Documents {
                store: store.clone(),
                parent_id: None,
            },
            0,
            100,
        )
        .await
        .unwrap()
        .results;
    // A document in its second version or later: only that version is listed.
    let doc = docs
        .iter()
        .find(|d| !d.is_folder() && d.version_id.is_some_and(|n| n > 1))
        .unwrap();
    let versions = Listing::Versions {
        store: store.clone(),
        document_id: doc.id.clone(),
        folder: false,
    };
    let listed = c
        .listing_page::<DriveItem>(&s.id, &versions, 0, 10)
        .await
        .unwrap();
    assert_eq!(listed.results.len(), 1);
    assert_eq!(listed.results[0].version_id, doc.version_id);
    let older = Download {
        session_id: s.id.clone(),
        source: Source::Version {
            store,
            document_id: doc.id.clone(),
            version_id: 1,
            folder: false,
        },
        format: Format::File,
    };
    let dir = support::temp_dir("contract-older-version");
    let last = save_to(&c, older, &dir.join("older"), false).await;
    assert!(matches!(last, Update::Failed(_)), "{last:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn listing_types_must_match_the_session() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let s = c
        .explore_organization(&org, &explore(RestoreType::Veod))
        .await
        .unwrap();
    let e = c.mailboxes(&s.id, 0, 10).await.unwrap_err();
    assert_eq!(e.status(), Some(400));
    let _: Vec<OneDrive> = c.onedrives(&s.id, 0, 10).await.unwrap().results;
    let _: Option<Vec<Site>> = None;
    let _: Option<Vec<Team>> = None;
}

#[tokio::test]
async fn identity_endpoints_answer_every_rfc_8628_state() {
    use std::time::Duration;
    let sim = start_sim(&[ApiVersion::V8]).await;
    let trust = vb365_tui::api::TrustMode::Pinned(sim.fingerprint.unwrap());
    let id = IdentityClient::new(
        &sim.base_url,
        "contoso.onmicrosoft.com",
        DEFAULT_CLIENT_ID,
        &trust,
    )
    .unwrap();
    let rewind = |sim: &SimHandle, secs: u64| {
        for c in sim.sim.state().identity_codes.values_mut() {
            c.last_poll = None;
            c.issued = c.issued.checked_sub(Duration::from_secs(secs)).unwrap();
        }
    };
    // Declined.
    let code = id.request_device_code(DEFAULT_SCOPE).await.unwrap();
    assert_eq!(code.interval, 5);
    sim.sim.decide(&code.user_code, false);
    assert!(matches!(
        id.poll_token(&code.device_code).await.unwrap(),
        PollOutcome::Declined
    ));
    // Expired.
    let code = id.request_device_code(DEFAULT_SCOPE).await.unwrap();
    rewind(&sim, 901);
    assert!(matches!(
        id.poll_token(&code.device_code).await.unwrap(),
        PollOutcome::Expired
    ));
    // Unknown.
    let bogus = SecretString::from("nope");
    assert!(matches!(
        id.poll_token(&bogus).await.unwrap(),
        PollOutcome::BadCode
    ));
    // slow_down adds 5 s each time it is earned.
    let code = id.request_device_code(DEFAULT_SCOPE).await.unwrap();
    id.poll_token(&code.device_code).await.unwrap();
    assert!(matches!(
        id.poll_token(&code.device_code).await.unwrap(),
        PollOutcome::SlowDown
    ));
    assert!(matches!(
        id.poll_token(&code.device_code).await.unwrap(),
        PollOutcome::SlowDown
    ));
    let interval = sim
        .sim
        .state()
        .identity_codes
        .values()
        .map(|c| c.interval)
        .max()
        .unwrap();
    assert_eq!(interval, 15);
}

#[tokio::test]
async fn approve_after_approves_both_kinds_of_code() {
    let sim = start_sim_with(vb365_tui::sim::SimConfig {
        approve_after: Some(std::time::Duration::ZERO),
        ..Default::default()
    })
    .await;
    let c = admin(&sim, ApiVersion::V8).await;
    let code = c.device_code(&Region::Worldwide, None).await.unwrap();
    assert!(c.check_device_code(&code.user_code).await.unwrap());
    let trust = vb365_tui::api::TrustMode::Pinned(sim.fingerprint.unwrap());
    let id = IdentityClient::new(
        &sim.base_url,
        "contoso.onmicrosoft.com",
        DEFAULT_CLIENT_ID,
        &trust,
    )
    .unwrap();
    let mc = id.request_device_code(DEFAULT_SCOPE).await.unwrap();
    assert!(matches!(
        id.poll_token(&mc.device_code).await.unwrap(),
        PollOutcome::Approved(_)
    ));
}

#[tokio::test]
async fn control_endpoint_scripts_faults_and_counts_requests() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let raw = raw_client(&sim);
    let r = raw
        .post(format!("{}/__sim/faults", sim.base_url))
        .json(&json!({"path": "organizations", "method": "GET", "type": "status", "status": 429, "retryAfter": 0, "times": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        c.organizations().await.unwrap().len(),
        3,
        "429 then a retry"
    );
    let counts: serde_json::Value = raw
        .get(format!("{}/__sim/requests", sim.base_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(counts["GET /v8/organizations"], 2);
    raw.post(format!("{}/__sim/faults", sim.base_url))
        .json(&json!({"path": "organizations", "type": "html", "status": 502}))
        .send()
        .await
        .unwrap();
    let no_retry = {
        let mut cfg = vb365_tui::api::ClientConfig::new(
            &sim.base_url,
            vb365_tui::api::TrustMode::Pinned(sim.fingerprint.unwrap()),
        );
        cfg.retry = vb365_tui::api::RetryPolicy::none();
        Client::new(cfg).unwrap()
    };
    no_retry
        .sign_in_password(USER, &SecretString::from(PASSWORD))
        .await
        .unwrap();
    let e = no_retry.organizations().await.unwrap_err();
    assert_eq!(e.status(), Some(502));
    raw.delete(format!("{}/__sim/faults", sim.base_url))
        .send()
        .await
        .unwrap();
    assert!(no_retry.organizations().await.is_ok());
    raw.post(format!("{}/__sim/expire-tokens", sim.base_url))
        .send()
        .await
        .unwrap();
    raw.post(format!("{}/__sim/refresh", sim.base_url))
        .json(&json!({"enabled": false}))
        .send()
        .await
        .unwrap();
    assert!(matches!(
        no_retry.organizations().await.unwrap_err(),
        ApiError::SessionExpired { .. }
    ));
}
