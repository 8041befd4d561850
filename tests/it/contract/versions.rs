use super::*;

/// A team's channels and a channel's posts; the session shows deleted items, so deleted
/// posts are listed, and marked from v7.
pub(super) async fn channels_and_posts(c: &Client, session: &str, team: &str, v: ApiVersion) {
    let channels = channels(c, session, team).await;
    let names: Vec<&str> = channels.iter().map(|c| c.display_name.as_str()).collect();
    assert_eq!(names, ["General", "Announcements", "Planning", "Random"]);
    let listing = Listing::Posts {
        team_id: team.into(),
        channel_id: channels[0].id.clone(),
    };
    let posts = c
        .listing_page::<Post>(session, &listing, 0, 50)
        .await
        .unwrap();
    assert_eq!(posts.results.len(), 50);
    let p = &posts.results[0];
    assert!(!p.author.is_empty() && !p.subject.is_empty() && p.created_time.is_some());
    let deleted = posts
        .results
        .iter()
        .filter(|p| p.is_deleted == Some(true))
        .count();
    assert_eq!(
        deleted > 0,
        v >= ApiVersion::V7,
        "deleted posts are marked from v7"
    );
    assert!(posts.results.iter().any(|p| p.parent_id.is_some()) == (v >= ApiVersion::V7));
    // Saved: one post (MSG), two posts and a whole channel (ZIP).
    let (t, ch) = (team.to_string(), channels[0].id.clone());
    let ids: Vec<u64> = posts.results.iter().take(2).map(|p| p.post_id).collect();
    let cases = [
        (
            Source::Posts {
                team_id: t.clone(),
                channel_id: ch.clone(),
                post_ids: ids[..1].to_vec(),
            },
            "MSG",
        ),
        (
            Source::Posts {
                team_id: t.clone(),
                channel_id: ch.clone(),
                post_ids: ids.clone(),
            },
            "ZIP",
        ),
        (
            Source::Channel {
                team_id: t.clone(),
                channel_id: ch.clone(),
            },
            "ZIP",
        ),
    ];
    let dir = support::temp_dir("contract-posts");
    for (i, (source, kind)) in cases.into_iter().enumerate() {
        let download = Download {
            session_id: session.into(),
            source,
            format: Format::Msg,
        };
        let path = dir.join(format!("{i}"));
        let last = save_to(c, download, &path, false).await;
        assert!(
            matches!(last, Update::Finished(Outcome::Saved { .. })),
            "case {i}: {last:?}"
        );
        assert_eq!(
            support::file_kind(&std::fs::read(&path).unwrap()),
            Some(kind),
            "case {i}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Saves a download and returns its last report.
/// Saves each (source, format, expected signature) case to a file and checks it on disk.
pub(super) async fn save_cases<const N: usize>(
    c: &Client,
    session: &str,
    cases: [(Source, Format, Option<&str>); N],
    dir: &str,
) {
    let dir = support::temp_dir(dir);
    for (i, (source, format, kind)) in cases.into_iter().enumerate() {
        let download = Download {
            session_id: session.into(),
            source,
            format,
        };
        let path = dir.join(format!("{i}"));
        let last = save_to(c, download, &path, false).await;
        let Update::Finished(Outcome::Saved { bytes, .. }) = last else {
            panic!("case {i}: {last:?}");
        };
        let body = std::fs::read(&path).unwrap();
        assert_eq!(body.len() as u64, bytes, "case {i}");
        if let Some(kind) = kind {
            assert_eq!(support::file_kind(&body), Some(kind), "case {i}");
        }
    }
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), N, "no temporary file is left: {names:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

pub(super) async fn save_to(
    c: &Client,
    d: Download,
    path: &std::path::Path,
    overwrite: bool,
) -> Update {
    let mut last = None;
    vb365_tui::jobs::download::run(
        c.clone(),
        d,
        path.to_path_buf(),
        overwrite,
        Default::default(),
        |u| last = Some(u),
    )
    .await;
    last.unwrap()
}

pub(super) async fn contract(v: ApiVersion) {
    let (_sim, seen) = tour(v).await;
    if support::schema::spec(v).is_none() {
        return;
    }
    let seen: BTreeSet<String> = seen.iter().map(|s| s.to_ascii_lowercase()).collect();
    let mut expected: Vec<String> = OPERATIONS
        .iter()
        .map(|o| o.replace("{v}", v.as_str()).to_ascii_lowercase())
        .collect();
    if v.has_logout() {
        expected.push(format!("post /{v}/token/logout"));
    }
    // One Teams file is saved through its channel from v8.
    expected.push(if v >= ApiVersion::V8 {
        format!("post /{v}/restoresessions/{{restoresessionid}}/organization/teams/{{teamid}}/channels/{{channelid}}/files/{{fileid}}/save")
    } else {
        format!("post /{v}/restoresessions/{{restoresessionid}}/organization/teams/{{teamid}}/files/{{fileid}}/save")
    });
    if v >= ApiVersion::V8 {
        expected.push(format!(
            "get /{v}/restoresessions/{{restoresessionid}}/statistics"
        ));
    }
    // The versions of a Teams file: under the team on v7, under its channel on v8.
    if v == ApiVersion::V7 {
        expected.push(format!("get /{v}/restoresessions/{{restoresessionid}}/organization/teams/{{teamid}}/files/{{fileid}}/versions"));
    } else if v >= ApiVersion::V8 {
        expected.push(format!("get /{v}/restoresessions/{{restoresessionid}}/organization/teams/{{teamid}}/channels/{{channelid}}/files/{{fileid}}/versions"));
    }
    let missing: Vec<&String> = expected.iter().filter(|e| !seen.contains(*e)).collect();
    assert!(
        missing.is_empty(),
        "operations not exercised in {v}: {missing:?}\nseen: {seen:?}"
    );
}

#[tokio::test]
async fn contract_v6() {
    contract(ApiVersion::V6).await;
}

#[tokio::test]
async fn contract_v7() {
    contract(ApiVersion::V7).await;
}

#[tokio::test]
async fn contract_v8() {
    contract(ApiVersion::V8).await;
}

/// v4/v5 have no published schema here; their shapes are checked directly.
pub(super) async fn legacy_shapes(v: ApiVersion) {
    let (sim, _) = tour(v).await;
    let journal = sim.sim.journal();
    let path_used = |needle: &str| {
        journal
            .iter()
            .any(|e| e.path.to_ascii_lowercase().contains(needle))
    };
    assert!(path_used("/organizations/") && path_used("/action"));
    assert!(!path_used("/explore") && !path_used("/stop") && !path_used("/devicecode/check"));
    let explore = journal
        .iter()
        .find(|e| {
            e.path.ends_with("/Action")
                && e.request
                    .as_ref()
                    .is_some_and(|r| r.get("explore").is_some())
        })
        .expect("explore through Action");
    assert_eq!(
        explore.request.as_ref().unwrap()["explore"]["type"]
            .as_str()
            .unwrap()
            .to_lowercase(),
        explore.request.as_ref().unwrap()["explore"]["type"]
            .as_str()
            .unwrap()
    );
    let stop = journal
        .iter()
        .find(|e| e.request.as_ref().is_some_and(|r| r.get("stop").is_some()))
        .expect("stop through Action");
    assert_eq!(stop.request.as_ref().unwrap()["stop"], json!(null));
    let orgs = journal
        .iter()
        .find(|e| e.method == "GET" && e.path.ends_with("/Organizations") && e.status == 200)
        .unwrap();
    assert!(
        orgs.response.as_ref().unwrap().is_array(),
        "v4/v5 list organizations as an array"
    );
    let token = journal.iter().find(|e| e.path.ends_with("/token")).unwrap();
    assert!(
        token
            .request
            .as_ref()
            .unwrap()
            .get("disable_antiforgery_token")
            .is_none()
    );
}

#[tokio::test]
async fn legacy_v4_shapes() {
    legacy_shapes(ApiVersion::V4).await;
}

#[tokio::test]
async fn legacy_v5_shapes() {
    legacy_shapes(ApiVersion::V5).await;
}

#[tokio::test]
async fn v4_regions_use_legacy_names() {
    let sim = start_sim(&[ApiVersion::V4]).await;
    let c = admin(&sim, ApiVersion::V4).await;
    c.device_code(&Region::USGovernment, None).await.unwrap();
    let j = sim.sim.journal();
    let dc = j.iter().find(|e| e.path.ends_with("/DeviceCode")).unwrap();
    assert_eq!(
        dc.request.as_ref().unwrap()["targetRegion"],
        "USgovCommunity"
    );
    let e = c.check_device_code("X").await.unwrap_err();
    assert!(matches!(e, ApiError::Unsupported { .. }), "{e}");
}

#[tokio::test]
async fn expired_token_is_refreshed_and_the_call_retried_once() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    sim.sim.expire_access_tokens();
    sim.sim.clear_journal();
    let orgs = c.organizations().await.unwrap();
    assert_eq!(orgs.len(), 3);
    let j = sim.sim.journal();
    let kinds: Vec<(String, u16)> = j
        .iter()
        .map(|e| (e.path.rsplit('/').next().unwrap().to_string(), e.status))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Organizations".into(), 401),
            ("token".into(), 200),
            ("Organizations".into(), 200)
        ]
    );
    assert_eq!(
        j[1].request.as_ref().unwrap()["grant_type"],
        "refresh_token"
    );
    support::schema::validate_all(ApiVersion::V8, &j);
}

#[tokio::test]
async fn failed_refresh_asks_to_sign_in_again() {
    let sim = start_sim(&[ApiVersion::V7]).await;
    let c = admin(&sim, ApiVersion::V7).await;
    sim.sim.expire_access_tokens();
    sim.sim.set_refresh_disabled(true);
    let e = c.organizations().await.unwrap_err();
    assert!(matches!(e, ApiError::SessionExpired { .. }), "{e:?}");
    assert!(e.to_string().contains("Sign in again"));
    assert!(c.identity().is_none());
}

#[tokio::test]
async fn background_refresher_renews_before_expiry() {
    let sim = start_sim_with(vb365_tui::sim::SimConfig {
        token_lifetime: std::time::Duration::from_secs(2),
        ..Default::default()
    })
    .await;
    let c = admin(&sim, ApiVersion::V8).await;
    let first = c.identity().unwrap().expires_utc;
    let task = c.spawn_refresher();
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert!(c.identity().unwrap().expires_utc > first);
    assert!(sim.sim.request_count(Some("POST"), "/token") >= 2);
    // No 401 was ever needed.
    assert!(sim.sim.journal().iter().all(|e| e.status != 401));
    task.abort();
}

#[tokio::test]
async fn errors_come_in_each_versions_shape() {
    for v in [ApiVersion::V6, ApiVersion::V7, ApiVersion::V8] {
        let sim = start_sim(&[v]).await;
        let c = admin(&sim, v).await;
        let e = c
            .organization_device_code("00000000-0000-0000-0000-000000000000")
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(404));
        let ApiError::Http {
            info: Some(info), ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert!(info.message.contains("was not found"));
        match v {
            ApiVersion::V8 => assert_eq!(
                info.error_code.as_ref().map(|c| c.as_str()),
                Some("ResourceNotFound")
            ),
            _ => assert_eq!(info.error_code, None, "{v} has no such errorCode"),
        }
        let bad = Organization {
            kind: Some(OrganizationType::Office365),
            ..Default::default()
        };
        let e = c.create_organization(&bad).await.unwrap_err();
        assert_eq!(e.status(), Some(400));
        assert!(e.to_string().contains("Select at least one service"), "{e}");
        support::schema::validate_all(v, &sim.sim.journal());
    }
}

#[tokio::test]
async fn token_errors_come_in_oauth_shape() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = client_for(&sim, ApiVersion::V8);
    let e = c
        .sign_in_password(USER, &SecretString::from("wrong"))
        .await
        .unwrap_err();
    let ApiError::SignIn { error, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(error.error, "invalid_grant");
    assert!(e.to_string().contains("password is incorrect"));
    // An assertion that Microsoft never issued.
    let e = c
        .sign_in_tenant(
            "contoso.onmicrosoft.com",
            &SecretString::from("{\"access_token\":\"forged\"}"),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::ApprovalRefused { .. }));
    support::schema::validate_all(ApiVersion::V8, &sim.sim.journal());
}

#[tokio::test]
async fn session_timestamps_keep_seven_digits_and_open_end() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let s = c
        .explore_organization(&org, &explore(RestoreType::Vex))
        .await
        .unwrap();
    let raw = sim
        .sim
        .journal()
        .into_iter()
        .rev()
        .find(|e| e.path.ends_with("/explore"))
        .unwrap();
    let end = raw.response.unwrap()["endTime"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(end, "9999-12-31T23:59:59.9999999Z");
    assert!(s.end_time.unwrap().is_open_ended());
    let created = s.creation_time.to_wire();
    assert_eq!(created.split('.').nth(1).unwrap().len(), 8, "{created}");
}

#[tokio::test]
async fn pages_through_25000_mailboxes() {
    let sim = start_sim_with(vb365_tui::sim::SimConfig {
        mailboxes: 25_000,
        versions: vec![ApiVersion::V7],
        ..Default::default()
    })
    .await;
    let c = admin(&sim, ApiVersion::V7).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let s = c
        .explore_organization(&org, &explore(RestoreType::Vex))
        .await
        .unwrap();
    sim.sim.clear_journal();
    let mut pager: Pager<Mailbox> = Pager::new(c.clone(), &s.id, Listing::Mailboxes, 1000);
    let mut ids = std::collections::HashSet::new();
    while let Some(page) = pager.next_page().await.unwrap() {
        for m in page {
            ids.insert(m.id);
        }
    }
    assert_eq!(ids.len(), 25_000);
    assert_eq!(pager.total(), Some(25_000));
    assert_eq!(sim.sim.request_count(Some("GET"), "/mailboxes"), 25);
    // v8 has no totalCount: the pager stops on a short page.
    let c8 = {
        let sim8 = start_sim_with(vb365_tui::sim::SimConfig {
            mailboxes: 2_500,
            ..Default::default()
        })
        .await;
        let c8 = admin(&sim8, ApiVersion::V8).await;
        let s8 = c8
            .explore_organization(&org, &explore(RestoreType::Vex))
            .await
            .unwrap();
        let mut p: Pager<Mailbox> = Pager::new(c8.clone(), &s8.id, Listing::Mailboxes, 1000);
        let mut n = 0;
        while let Some(page) = p.next_page().await.unwrap() {
            n += page.len();
        }
        assert_eq!(n, 2_500);
        assert!(p.total().is_none());
        (sim8, c8)
    };
    drop(c8);
}

#[tokio::test]
async fn routes_are_case_insensitive() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let s = c
        .explore_organization(&org, &explore(RestoreType::Vex))
        .await
        .unwrap();
    let token = {
        // A second sign-in to read a token for raw requests.
        let body = "grant_type=password&username=administrator&password=veeam-demo&disable_antiforgery_token=true";
        let http = raw_client(&sim);
        let r: serde_json::Value = http
            .post(format!("{}/V8/TOKEN", sim.base_url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["access_token"].as_str().unwrap().to_string()
    };
    let http = raw_client(&sim);
    for path in [
        "/v8/ORGANIZATIONS".to_string(),
        "/V8/organizations".to_string(),
        format!("/v8/restoresessions/{}/ORGANIZATION/MAILBOXES", s.id),
        format!(
            "/v8/RESTORESESSIONS/{}/Organization/Mailboxes",
            s.id.to_uppercase()
        ),
    ] {
        let r = http
            .get(format!("{}{path}", sim.base_url))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
    }
    let r = http
        .get(format!("{}/v9/Organizations", sim.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

pub(super) fn raw_client(sim: &SimHandle) -> reqwest::Client {
    let tls = vb365_tui::api::tls::client_config(
        &vb365_tui::api::TrustMode::Pinned(sim.fingerprint.unwrap()),
        Default::default(),
    )
    .unwrap();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .build()
        .unwrap()
}

#[tokio::test]
async fn detection_picks_the_newest_served_version() {
    let sim = start_sim(&[ApiVersion::V6, ApiVersion::V7]).await;
    let c = client_for(&sim, ApiVersion::V8);
    let (detection, chosen) = c.detect_and_select().await.unwrap();
    assert_eq!(detection.served, vec![ApiVersion::V6, ApiVersion::V7]);
    assert!(detection.unchecked.is_empty());
    assert_eq!(chosen, ApiVersion::V7);
    assert_eq!(c.version(), ApiVersion::V7);
    let legacy = start_sim(&[ApiVersion::V4, ApiVersion::V5]).await;
    let c = client_for(&legacy, ApiVersion::V8);
    assert_eq!(c.detect_and_select().await.unwrap().1, ApiVersion::V5);
}
