//! The morning view's reads against the simulator in v6, v7 and v8, every request and answer
//! checked against that version's schema: jobs and copy jobs, a job's sessions (under the job
//! on v6, filtered by job from v7), a session with its log lines and processed objects,
//! repositories, proxies, the licence and the anonymous health report (v8).

use super::*;
use std::time::Duration;

async fn morning(v: ApiVersion) {
    let sim = start_sim(&[v]).await;
    let c = admin(&sim, v).await;
    let jobs = c.jobs().await.unwrap();
    assert_eq!(jobs.len(), 4, "{v}: the backup jobs");
    let failed: Vec<&str> = jobs
        .iter()
        .filter(|j| j.last_status.as_deref() == Some("Failed"))
        .map(|j| j.name.as_str())
        .collect();
    // Northwind's last run, four nights ago before it was disabled, failed on Graph
    // permissions.
    assert_eq!(
        failed,
        [
            "Contoso – Exchange and OneDrive",
            "Fabrikam – all services",
            "Northwind – mail"
        ]
    );
    let disabled = jobs.iter().find(|j| !j.is_enabled).unwrap();
    assert!(
        disabled.next_run.is_none(),
        "a disabled job has no next run"
    );
    // v6 has no last successful run; v8 names the organization.
    assert_eq!(jobs[0].last_backup.is_some(), v >= ApiVersion::V7, "{v}");
    assert_eq!(
        jobs[0].organization_id.is_some(),
        v >= ApiVersion::V8,
        "{v}"
    );
    let copies = c.copy_jobs().await.unwrap();
    assert_eq!(copies.len(), 1);

    // The failed job's last night: 14 of 212 users, each with its message.
    let sessions = c.job_sessions(&jobs[0].id, 10).await.unwrap();
    assert_eq!(sessions.len(), 10);
    let last = &sessions[0];
    assert_eq!(last.status.as_deref(), Some("Failed"));
    assert_eq!(last.details.as_deref(), Some("14 of 212 users failed"));
    assert_eq!(last.progress, Some(212), "progress is a count of objects");
    assert_eq!(c.job_session(&last.id).await.unwrap().id, last.id);
    let log = c.log_items(&last.id).await.unwrap();
    assert_eq!(log.len(), 16);
    assert!(
        log[1]
            .text()
            .contains("Alex Wilber: Exchange Online throttled"),
        "{v}: {:?}",
        log[1]
    );
    assert_eq!(
        log[1].kind.is_some(),
        v >= ApiVersion::V8,
        "{v}: v8 types its lines"
    );
    if v >= ApiVersion::V7 {
        let objects = c.processed_objects(&last.id).await.unwrap();
        let failed = objects
            .iter()
            .filter(|o| o.status.as_deref() == Some("Failed"))
            .count();
        assert_eq!((objects.len(), failed), (212, 14));
    } else {
        assert!(c.processed_objects(&last.id).await.is_err(), "v6 has none");
    }

    let repositories = c.repositories().await.unwrap();
    assert_eq!(repositories.len(), 3);
    assert!(repositories.iter().any(|r| r.is_out_of_sync == Some(true)));
    let object = &repositories[1];
    assert_eq!(object.object_storage.is_some(), v >= ApiVersion::V8, "{v}");
    let proxies = c.proxies().await.unwrap();
    assert_eq!(
        proxies
            .iter()
            .map(|p| p.status.as_deref().unwrap_or(""))
            .collect::<Vec<_>>(),
        ["Online", "Offline"]
    );
    let licence = c.license().await.unwrap();
    assert_eq!(
        (licence.used_number, licence.total_number),
        (Some(412), Some(450))
    );
    assert!(
        licence.expires().is_some(),
        "{v}: its expiry under either name"
    );
    // The licence's page: every licensed user, some not backed up.
    let users = c.licensed_users().await.unwrap();
    assert_eq!(users.len(), 412, "{v}: one for each licence used");
    let not = users
        .iter()
        .filter(|u| u.is_backed_up == Some(false))
        .count();
    assert_eq!(not, 7, "{v}");
    // A job's page: the job by id and its last 30 sessions, newest first.
    let history = c.job_history(&jobs[0].id, false).await.unwrap();
    assert_eq!(
        (history.job.id.as_str(), history.sessions.len()),
        (jobs[0].id.as_str(), 10)
    );
    assert!(
        history
            .sessions
            .windows(2)
            .all(|w| w[0].creation_time >= w[1].creation_time)
    );
    if v >= ApiVersion::V8 {
        assert_eq!(c.health().await.unwrap().status.as_deref(), Some("Healthy"));
        // Without signing in, too.
        let anonymous = client_for(&sim, v);
        assert!(anonymous.health().await.is_ok());
    } else {
        assert!(c.health().await.is_err(), "{v} has no health report");
    }

    // The whole morning at once: nothing left unread, every job's last nights.
    let m = c.morning().await;
    assert!(m.unread.is_empty(), "{v}: {:?}", m.unread);
    assert_eq!(m.sessions[&jobs[0].id].len(), 10, "{v}");

    // Organization sync (v7+): Fabrikam's last one failed; a sync starts once and runs.
    if v >= ApiVersion::V7 {
        let fabrikam = m.organizations[1].id.clone().unwrap();
        let failed = m.syncs[&fabrikam].failed().expect("Fabrikam's sync failed");
        assert!(
            failed.1.contains("certificate has expired"),
            "{v}: {failed:?}"
        );
        let sync = vb365_tui::api::actions::Action::SyncOrganization {
            id: fabrikam.clone(),
            full: true,
        };
        c.act(&sync).await.unwrap();
        assert!(c.act(&sync).await.is_err(), "{v}: one sync at a time");
        let (syncs, failed) = c.sync_states(&m.organizations).await.unwrap();
        assert!(failed.is_empty(), "{v}: {failed:?}");
        if v >= ApiVersion::V8 {
            assert_eq!(
                syncs[&fabrikam].under_way().as_deref(),
                Some("Running full sync")
            );
        }
    } else {
        assert!(m.syncs.is_empty(), "v6 has no sync state");
    }
    // v8's settings beside an organization: SharePoint versions, changed once; the tenant.
    let contoso = m.organizations[0].id.clone().unwrap();
    match c.org_settings(&contoso).await {
        Ok(s) => {
            assert!(v >= ApiVersion::V8, "{v}");
            let mode = s.versions.unwrap().share_point_backup_mode;
            assert_eq!(mode.as_deref(), Some("All"));
            assert_eq!(
                s.tenant.unwrap().multiple_data_locations_enabled,
                Some(true)
            );
            let latest = vb365_tui::api::actions::Action::SharePointVersions {
                organization: contoso.clone(),
                all: false,
            };
            c.act(&latest).await.unwrap();
            let mode = c.org_settings(&contoso).await.unwrap().versions.unwrap();
            assert_eq!(mode.share_point_backup_mode.as_deref(), Some("Latest"));
        }
        Err(e) => assert!(v < ApiVersion::V8, "{v}: {e}"),
    }

    // What a tenant's and a restore operator's tokens read of their backups.
    let tenant = "contoso.onmicrosoft.com";
    let t = client_for(&sim, v);
    t.sign_in_tenant(tenant, &microsoft_assertion(&sim, tenant).await)
        .await
        .unwrap();
    match t.mine().await.unwrap() {
        vb365_tui::api::dashboard::Mine::Organization(o) => {
            assert_eq!(o.name, tenant);
            assert!(o.last_backuptime.is_some());
        }
        other => panic!("a tenant reads its organization: {other:?}"),
    }
    let o = client_for(&sim, v);
    o.sign_in_operator("operator.contoso", &microsoft_assertion(&sim, tenant).await)
        .await
        .unwrap();
    match o.mine().await {
        Ok(vb365_tui::api::dashboard::Mine::RestorePoints(points)) => {
            assert!(v >= ApiVersion::V7, "{v}");
            assert_eq!(points.len(), 10);
        }
        Err(e) => assert!(v < ApiVersion::V7, "{v}: {e}"),
        Ok(other) => panic!("an operator reads restore points: {other:?}"),
    }
    // The administrator's token reads neither.
    assert!(c.mine().await.is_err());

    act(&c, &sim, v, &jobs[1].id, &copies[0].id).await;

    let seen = support::schema::validate_all(v, &sim.sim.journal()).expect("a schema");
    let seen: BTreeSet<String> = seen.iter().map(|s| s.to_ascii_lowercase()).collect();
    let mut expected = vec![
        "get /{v}/jobs",
        "get /{v}/copyjobs",
        "get /{v}/jobsessions/{jobsessionsid}",
        "get /{v}/jobsessions/{sessionid}/logitems",
        "get /{v}/backuprepositories",
        "get /{v}/proxies",
        "get /{v}/license",
        "get /{v}/licensedusers",
    ];
    expected.push("get /{v}/organization");
    if v >= ApiVersion::V7 {
        expected.extend([
            "get /{v}/jobsessions",
            "get /{v}/jobsessions/{sessionid}/processedobjects",
            "get /{v}/organization/loggedinuser/restorepoints",
        ]);
    } else {
        expected.push("get /{v}/jobs/{jobid}/jobsessions");
    }
    if v >= ApiVersion::V8 {
        expected.extend([
            "get /{v}/health",
            "get /{v}/events",
            "post /{v}/proxies/{proxyid}/maintenance/enable",
            "post /{v}/proxies/{proxyid}/maintenance/disable",
        ]);
    }
    if v == ApiVersion::V7 {
        expected.extend([
            "get /{v}/jobsessions/changes",
            "get /{v}/organizations/{organizationid}/syncstate",
        ]);
    }
    if v >= ApiVersion::V7 {
        expected.push("post /{v}/organizations/{organizationid}/sync");
    }
    if v >= ApiVersion::V8 {
        expected.extend([
            "get /{v}/organizations/syncstate",
            "get /{v}/organizations/{organizationid}/versionbackupoptions",
            "put /{v}/organizations/{organizationid}/versionbackupoptions",
            "get /{v}/organizations/{organizationid}/tenantinformation",
        ]);
    }
    expected.extend([
        "get /{v}/jobs/{jobid}",
        "get /{v}/copyjobs/{id}",
        "post /{v}/jobs/{jobid}/start",
        "post /{v}/jobs/{jobid}/stop",
        "post /{v}/jobs/{jobid}/enable",
        "post /{v}/jobs/{jobid}/disable",
        "post /{v}/copyjobs/{id}/start",
        "post /{v}/copyjobs/{id}/stop",
        "post /{v}/backuprepositories/{repositoryid}/sync",
    ]);
    for e in expected {
        let e = e.replace("{v}", v.as_str());
        assert!(seen.contains(&e), "{e} not exercised: {seen:?}");
    }
}

/// What an administrator does from Today, and how the server says what changed: a full
/// backup started and stopped, the job disabled and enabled, the copy job started and
/// stopped, a repository synchronized, a proxy in and out of maintenance (v8); the change
/// feed (v8 `/Events`, v7 `JobSessions/Changes`) names the run.
async fn act(c: &Client, sim: &SimHandle, v: ApiVersion, job: &str, copy: &str) {
    use vb365_tui::api::actions::Action;
    let token = match v {
        ApiVersion::V8 => Some(
            c.events("latest", Duration::ZERO)
                .await
                .unwrap()
                .next_change_token,
        ),
        ApiVersion::V7 => Some(c.session_changes("latest").await.unwrap().next_change_token),
        _ => {
            assert!(
                c.events("latest", Duration::ZERO).await.is_err(),
                "{v} has no feed"
            );
            assert!(c.session_changes("latest").await.is_err());
            None
        }
    };
    let job = job.to_string();
    let copy_job = copy.to_string();
    for action in [
        Action::Start {
            job: job.clone(),
            copy: false,
            full: true,
        },
        Action::Stop {
            job: job.clone(),
            copy: false,
        },
        Action::Enable {
            job: job.clone(),
            copy: false,
            on: false,
        },
        Action::Enable {
            job: job.clone(),
            copy: false,
            on: true,
        },
        Action::Start {
            job: copy_job.clone(),
            copy: true,
            full: false,
        },
        Action::Stop {
            job: copy_job.clone(),
            copy: true,
        },
    ] {
        c.act(&action)
            .await
            .unwrap_or_else(|e| panic!("{v} {action:?}: {e}"));
    }
    let stopped = c.job(&job, false).await.unwrap();
    assert_eq!(stopped.last_status.as_deref(), Some("Stopped"), "{v}");
    assert!(stopped.is_enabled);
    assert_eq!(c.job(&copy_job, true).await.unwrap().id, copy_job);
    // Starting it twice: the server refuses the second, which is not retried.
    c.act(&Action::Start {
        job: job.clone(),
        copy: false,
        full: false,
    })
    .await
    .unwrap();
    let again = c
        .act(&Action::Start {
            job: job.clone(),
            copy: false,
            full: false,
        })
        .await;
    assert!(
        again.unwrap_err().to_string().contains("already running"),
        "{v}"
    );
    let repositories = c.repositories().await.unwrap();
    c.act(&Action::SyncRepository {
        id: repositories[1].id.clone(),
    })
    .await
    .unwrap();
    assert_eq!(
        c.repositories().await.unwrap()[1].is_out_of_sync,
        Some(false),
        "{v}"
    );
    let proxy = c.proxies().await.unwrap()[1].id.clone();
    for on in [true, false] {
        let r = c
            .act(&Action::ProxyMaintenance {
                id: proxy.clone(),
                on,
            })
            .await;
        assert_eq!(r.is_ok(), v >= ApiVersion::V8, "{v}: {r:?}");
    }
    match (v, token) {
        (ApiVersion::V8, Some(t)) => {
            let page = c.events(&t, Duration::ZERO).await.unwrap();
            let kinds: BTreeSet<&str> =
                page.results.iter().map(|e| e.event_type.as_str()).collect();
            assert_eq!(kinds, BTreeSet::from(["JobSessionUpdate", "JobUpdate"]));
            let run = page
                .results
                .iter()
                .find(|e| e.event_type == "JobSessionUpdate")
                .unwrap();
            assert_eq!(run.job_id.as_deref(), Some(job.as_str()));
            // Nothing since: a wait of a second answers empty, with the same token.
            let quiet = c
                .events(&page.next_change_token, Duration::from_secs(1))
                .await
                .unwrap();
            assert!(quiet.results.is_empty());
            assert_eq!(quiet.next_change_token, page.next_change_token);
            // A token the feed no longer keeps is refused as outdated.
            sim.script_morning(serde_json::json!({ "forgetEvents": true }));
            let e = c.events(&t, Duration::ZERO).await.unwrap_err().to_string();
            assert!(e.contains("no longer valid"), "{e}");
        }
        (ApiVersion::V7, Some(t)) => {
            let page = c.session_changes(&t).await.unwrap();
            assert!(
                page.results.len() >= 2,
                "the runs started: {}",
                page.results.len()
            );
            let again = c.session_changes(&page.next_change_token).await.unwrap();
            assert!(
                again.results.is_empty(),
                "nothing new: {:?}",
                again.results.len()
            );
        }
        _ => {}
    }
}

#[tokio::test]
async fn morning_reads_v6() {
    morning(ApiVersion::V6).await;
}

#[tokio::test]
async fn morning_reads_v7() {
    morning(ApiVersion::V7).await;
}

#[tokio::test]
async fn morning_reads_v8() {
    morning(ApiVersion::V8).await;
}
