//! Today after a bad night: the failed jobs first with why, the job that has not backed up
//! for days, the repository out of sync, the offline proxy and the licence; `z` adds what is
//! fine; `r` reads it all again.

use super::*;
use vb365_tui::api::dashboard::Liveness;
use vb365_tui::app::pages::today::{Attention, TodayPage};

async fn today(h: &mut Harness) {
    h.reach_home().await;
    h.key(KeyCode::Char(':')).await;
    h.type_text("today").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Today);
    h.pump_until("the morning, live", |a| {
        a.find::<TodayPage>().is_some_and(|p| {
            !p.is_reading() && p.morning.as_ref().is_some_and(|m| m.live == Liveness::Live)
        })
    })
    .await;
}

/// A demo whose job runs end within a second.
async fn quick() -> Harness {
    let sim = vb365_tui::sim::SimConfig {
        event_interval: std::time::Duration::from_millis(200),
        ..Default::default()
    };
    Harness::with_sim(sim, TrustMode::System, Config::default(), None).await
}

fn row_of<'a>(a: &'a vb365_tui::app::App, job: &str) -> Option<&'a Attention> {
    a.find::<TodayPage>()?.rows().iter().find(|r| r.what == job)
}

/// Requests whose path ends so, by method.
fn count(h: &Harness, method: &str, ends: &str) -> usize {
    h.sim
        .sim
        .journal()
        .iter()
        .filter(|e| e.method == method && e.path.to_lowercase().ends_with(ends))
        .count()
}

/// A copy job fails on the server while Today is open: its row appears with no key pressed,
/// read through the feed (the session and the job by id), the lists not read again.
#[tokio::test]
async fn a_job_failing_while_today_is_open_appears_by_itself() {
    const COPY: &str = "Contoso – copy to Wasabi";
    let mut h = quick().await;
    today(&mut h).await;
    assert!(row_of(&h.app, COPY).is_none(), "fine jobs are not listed");
    let lists = |h: &Harness| count(h, "GET", "/jobs") + count(h, "GET", "/jobsessions");
    let before = lists(&h);
    let run = serde_json::json!({ "job": COPY, "run": "Failed", "bad": 3 });
    assert_eq!(h.sim.script_morning(run), 200);
    h.pump_until("the copy job's failure", |a| {
        row_of(a, COPY).is_some_and(|r| r.why.contains("3 of 24 users failed"))
    })
    .await;
    assert_eq!(lists(&h), before, "the lists are not read again");
    let by_id = h
        .sim
        .sim
        .journal()
        .iter()
        .filter(|e| e.method == "GET" && e.path.to_lowercase().contains("/jobsessions/"))
        // The Graph readiness check reads logs, not the session.
        .filter(|e| !e.path.to_lowercase().ends_with("/logitems"))
        .count();
    // Started, processing, ended: at most one read of the session for each.
    assert!((1..=3).contains(&by_id), "{by_id} reads of the session");
    let screen = h.render(80, 24);
    assert!(screen.contains("live"), "{screen}");
}

/// `s` on last night's failed job asks first, starts it once, and its row follows the run to
/// its end; keys on rows they do not fit say why; `e` enables the disabled job.
#[tokio::test]
async fn a_failed_job_is_started_again_from_its_row_once() {
    const JOB: &str = "Contoso – Exchange and OneDrive";
    let mut h = quick().await;
    today(&mut h).await;
    let at = |h: &Harness, job: &str| {
        let rows = h.app.find::<TodayPage>().unwrap().rows();
        rows.iter().position(|r| r.what == job).unwrap()
    };
    h.press("g").await;
    for _ in 0..at(&h, JOB) {
        h.press("Down").await;
    }
    h.press("s").await;
    let screen = h.render(80, 24);
    assert!(
        screen.contains("Start Contoso – Exchange and OneDrive now?"),
        "{screen}"
    );
    every_size(&mut h, "today_start");
    // No: nothing is sent.
    h.press("n").await;
    assert_eq!(count(&h, "POST", "/start"), 0);
    h.press("s y").await;
    // Running, it is still overdue; ended well, it leaves the list of problems.
    h.pump_until("the run's end", |a| row_of(a, JOB).is_none())
        .await;
    assert_eq!(count(&h, "POST", "/start"), 1, "sent once");
    let said = h.app.status_message().unwrap_or_default().to_string();
    assert!(
        said.contains("Started Contoso – Exchange and OneDrive"),
        "{said}"
    );
    h.press("z").await;
    let row = row_of(&h.app, JOB).unwrap();
    assert!(row.why.starts_with("Success 09:30"), "{}", row.why);
    assert_eq!(row.strip.last().map(String::as_str), Some("Success"));
    h.press("z").await;
    // Keys on rows they do not fit: said, nothing sent.
    h.press("g").await;
    for _ in 0..at(&h, "vbo-proxy02.contoso.local") {
        h.press("Down").await;
    }
    h.press("s").await;
    let said = h.app.status_message().unwrap_or_default().to_string();
    assert!(
        said.contains("acts on a job; vbo-proxy02.contoso.local is not one"),
        "{said}"
    );
    // The disabled job: s says to enable it; e asks, and enables it.
    h.press("g").await;
    for _ in 0..at(&h, "Northwind – mail") {
        h.press("Down").await;
    }
    h.press("s").await;
    let said = h.app.status_message().unwrap_or_default().to_string();
    assert!(said.contains("is disabled; e enables it first"), "{said}");
    h.press("e y").await;
    h.pump_until("the job enabled", |a| {
        row_of(a, "Northwind – mail").is_some_and(|r| !r.why.contains("disabled"))
    })
    .await;
    assert_eq!(count(&h, "POST", "/enable"), 1);
}

#[tokio::test]
async fn today_says_what_failed_last_night_and_why() {
    let mut h = Harness::demo().await;
    today(&mut h).await;
    let screen = h.render(120, 40);
    for said in [
        "Contoso – Exchange and OneDrive",
        "14 of 212 users failed",
        "Fabrikam – all services",
        "Northwind – mail",
        "disabled: it does not run",
        "no successful backup for 8 days",
        "Azure object storage",
        "out of sync",
        "vbo-proxy02.contoso.local",
        "offline (not in maintenance)",
        "412 of 450 used · 91 %",
        "health Healthy",
        "northwind.onmicrosoft.us        no backup for 4 days",
        "sync failed 21:33: Cannot connect to Microsoft Graph",
    ] {
        assert!(screen.contains(said), "{said}:\n{screen}");
    }
    // The failed job's strip: nine good nights, then last night's failure.
    assert!(screen.contains("✓✓✓✓✓✓✓✓✓✗"), "{screen}");
    // v8 sessions name their job: one listing for every job's last nights.
    let listings = h
        .sim
        .sim
        .journal()
        .iter()
        .filter(|e| e.method == "GET" && e.path.to_lowercase().ends_with("/jobsessions"))
        // The Graph readiness check lists the failed and warned ones since October.
        .filter(|e| !e.query.to_lowercase().contains("status="))
        .count();
    assert_eq!(listings, 1, "one session listing, not one a job");
    let rows = h.app.find::<TodayPage>().unwrap().rows();
    assert_eq!(
        rows[0].severity,
        vb365_tui::app::pages::today::Severity::Failed
    );
    every_size(&mut h, "today");
    h.picture("today", 100, 30);
    // z: everything, the good jobs too; r: read again, one read.
    let job_lists = |h: &Harness| {
        h.sim
            .sim
            .journal()
            .iter()
            .filter(|e| e.method == "GET" && e.path.to_lowercase().ends_with("/jobs"))
            .count()
    };
    let before = job_lists(&h);
    h.press("z").await;
    assert!(h.render(120, 40).contains("Contoso – copy to Wasabi"));
    h.press("r").await;
    h.pump_until("read again", |a| {
        a.find::<TodayPage>().is_some_and(|p| !p.is_reading())
    })
    .await;
    assert_eq!(job_lists(&h), before + 1, "one read of the jobs");
}

/// The screen at 60x20, 80x24 and 120x40, as text (no colour) and as a picture in colour
/// (`assets/pictures/sizes/NAME_WxH.svg`).
fn every_size(h: &mut Harness, name: &str) {
    for (w, ht) in [(60, 20), (80, 24), (120, 40)] {
        support::snapshot("flow", &format!("{name}_{w}x{ht}"), h.render(w, ht));
        h.picture(&format!("sizes/{name}_{w}x{ht}"), w, ht);
    }
}

/// Puts Today's cursor on the first row about `what`.
async fn go_to(h: &mut Harness, what: &str) {
    let at = h
        .app
        .find::<TodayPage>()
        .unwrap()
        .rows()
        .iter()
        .position(|r| r.what == what);
    let at = at.unwrap_or_else(|| panic!("a row about {what}"));
    h.press("Home").await;
    for _ in 0..at {
        h.press("Down").await;
    }
}

/// Enter on the failed job: its settings in words and its history; Enter on its last run:
/// why it failed by kind of object, and each user's error first in the log. `l` goes to
/// that session at once.
#[tokio::test]
async fn enter_on_a_failed_job_shows_its_history_and_its_session_errors_first() {
    use vb365_tui::app::pages::job::JobPage;
    use vb365_tui::app::pages::job_session::JobSessionPage;
    let mut h = Harness::demo().await;
    today(&mut h).await;
    go_to(&mut h, "Contoso – Exchange and OneDrive").await;
    h.press("Enter").await;
    assert_eq!(h.app.screen(), Screen::Job);
    h.pump_until("the job", |a| {
        a.find::<JobPage>().is_some_and(|p| p.history.is_some())
    })
    .await;
    let screen = h.render(80, 24);
    for said in [
        "Contoso – Exchange and OneDrive · backup job",
        "Organization contoso.onmicrosoft.com",
        "Into         Default Backup Repository",
        "every day at 22:00 (server time) · retries 3 times when it fails",
        "Sessions, newest first (10)",
        "✗ Failed",
    ] {
        assert!(screen.contains(said), "{said}:\n{screen}");
    }
    every_size(&mut h, "job");
    h.picture("job", 80, 24);
    h.press("Enter").await;
    assert_eq!(h.app.screen(), Screen::JobSession);
    h.pump_until("the session", |a| {
        a.find::<JobSessionPage>()
            .is_some_and(|p| p.details.is_some())
    })
    .await;
    let screen = h.render(80, 24);
    for said in [
        "Failed · 14 of 212 users failed",
        "14 users failed (of 212 objects)",
        "✗ Alex Wilber: Exchange Online throttled",
    ] {
        assert!(screen.contains(said), "{said}:\n{screen}");
    }
    every_size(&mut h, "job_session");
    // From Today, l opens the last run at once.
    h.press("Esc Esc l").await;
    assert_eq!(h.app.screen(), Screen::JobSession);
    h.press("Esc").await;
    // On a row that is not a job, l says what it does.
    go_to(&mut h, "licence").await;
    h.press("l").await;
    assert_eq!(h.app.screen(), Screen::Today);
    let said = h.app.status_message().unwrap_or_default().to_string();
    assert!(said.contains("l opens a job's last session"), "{said}");
}

/// Enter on a repository, proxy or licence row: the server page on that tab and row, each
/// read every 60 s while shown; the licence tab names the licensed users not backed up.
#[tokio::test]
async fn enter_on_a_repository_proxy_or_licence_row_opens_the_server_page() {
    use vb365_tui::app::pages::server::ServerPage;
    use vb365_tui::app::route_args::ServerPart;
    let mut h = Harness::demo().await;
    today(&mut h).await;
    go_to(&mut h, "Azure object storage").await;
    h.press("Enter").await;
    assert_eq!(h.app.screen(), Screen::Server);
    h.pump_until("the server", |a| {
        a.find::<ServerPage>().is_some_and(|p| !p.is_reading())
    })
    .await;
    let page = h.app.find::<ServerPage>().unwrap();
    assert_eq!(
        (page.part, page.selected),
        (ServerPart::Repositories, 1),
        "on Today's row"
    );
    let screen = h.render(80, 24);
    for said in [
        "[Repositories]",
        "! Azure object storage",
        "out of sync with its object storage",
        "Kind       object storage (AzureBlob)",
        "Retention  item-level, 3 years",
    ] {
        assert!(screen.contains(said), "{said}:\n{screen}");
    }
    every_size(&mut h, "server_repositories");
    h.picture("server_repositories", 80, 24);
    h.press("Tab").await;
    let screen = h.render(80, 24);
    assert!(
        screen.contains("✗ vbo-proxy02.contoso.local")
            && screen.contains("offline (not in maintenance)"),
        "{screen}"
    );
    every_size(&mut h, "server_proxies");
    h.press("Tab").await;
    h.pump_until("the users", |a| {
        a.find::<ServerPage>().is_some_and(|p| !p.is_reading())
    })
    .await;
    let screen = h.render(80, 24);
    for said in [
        "412 of 450 used (91 %) · 3 new",
        "Licensed but not backed up (7)",
    ] {
        assert!(screen.contains(said), "{said}:\n{screen}");
    }
    every_size(&mut h, "server_licence");
    h.picture("server_licence", 80, 24);
    assert_eq!(
        h.sim.sim.request_count(Some("GET"), "/licensedusers"),
        1,
        "read once"
    );
    // Back on Today, a licence row opens the licence tab.
    h.press("Esc").await;
    go_to(&mut h, "licence").await;
    h.press("Enter").await;
    assert_eq!(
        h.app.find::<ServerPage>().map(|p| p.part),
        Some(ServerPart::Licence)
    );
}

/// y on the organization whose last sync failed: a question that says what happens, `n`
/// sends nothing, `y` sends one incremental sync and the row says it runs; F asks about a
/// full one.
#[tokio::test]
async fn an_organization_whose_sync_failed_is_synchronized_from_its_row() {
    let mut h = Harness::demo().await;
    today(&mut h).await;
    go_to(&mut h, "fabrikam.onmicrosoft.com").await;
    h.press("y").await;
    let screen = h.render(80, 24);
    assert!(
        screen.contains("Synchronize fabrikam.onmicrosoft.com now?"),
        "{screen}"
    );
    every_size(&mut h, "today_sync");
    h.press("n").await;
    let syncs = |h: &Harness| {
        let journal = h.sim.sim.journal();
        let sent = journal
            .iter()
            .filter(|e| e.method == "POST" && e.path.to_lowercase().ends_with("/sync"));
        sent.map(|e| e.request.clone().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    assert!(syncs(&h).is_empty(), "n sends nothing");
    h.press("y y").await;
    h.pump_until("the sync sent and read again", |a| {
        a.find::<TodayPage>().is_some_and(|p| {
            !p.is_reading()
                && p.rows()
                    .iter()
                    .any(|r| r.why.starts_with("Running incremental sync"))
        })
    })
    .await;
    let sent = syncs(&h);
    assert_eq!(sent.len(), 1, "sent once");
    assert!(sent[0].contains("Incremental"), "{sent:?}");
    let said = h.app.status_message().unwrap_or_default().to_string();
    assert!(
        said.contains("Synchronizing what changed in fabrikam.onmicrosoft.com"),
        "{said}"
    );
    go_to(&mut h, "fabrikam.onmicrosoft.com").await;
    h.press("F").await;
    assert!(
        h.render(80, 24)
            .contains("Synchronize all of fabrikam.onmicrosoft.com now?")
    );
    h.press("Esc").await;
    assert_eq!(syncs(&h).len(), 1, "Esc sends nothing");
}

/// Enter on the organization whose sync failed: its page says how the last sync went and
/// why; `y` there synchronizes it once, and the page reads its sync state again.
#[tokio::test]
async fn an_organization_page_says_its_sync_state_and_synchronizes_it() {
    use vb365_tui::app::pages::organization::OrganizationPage;
    let mut h = Harness::demo().await;
    today(&mut h).await;
    go_to(&mut h, "fabrikam.onmicrosoft.com").await;
    h.press("Enter").await;
    assert_eq!(h.app.screen(), Screen::Organization);
    h.pump_until("the sync state", |a| {
        a.find::<OrganizationPage>()
            .is_some_and(|p| p.sync.is_some())
    })
    .await;
    let screen = h.render(80, 24);
    for said in [
        "Synchronization",
        "Last sync",
        "failed 2026-11-30 21:33: Cannot connect to Microsoft",
    ] {
        assert!(screen.contains(said), "{said}:\n{screen}");
    }
    every_size(&mut h, "organization_sync");
    h.press("y").await;
    assert!(
        h.render(80, 24)
            .contains("Synchronize fabrikam.onmicrosoft.com now?")
    );
    h.press("y").await;
    h.pump_until("the sync state again", |a| {
        a.find::<OrganizationPage>()
            .is_some_and(|p| matches!(&p.sync, Some(Ok(s)) if s.under_way().is_some()))
    })
    .await;
    let screen = h.render(80, 24);
    assert!(screen.contains("Running incremental sync"), "{screen}");
    assert_eq!(
        h.sim.sim.request_count(Some("POST"), "/sync"),
        1,
        "sent once"
    );
}

/// `m` on a repository: a maintenance session where the server is VB365 8.5 or newer, sent
/// once; on an older server it says why not and sends nothing.
#[tokio::test]
async fn a_repository_maintenance_session_needs_vb365_8_5() {
    let mut h = Harness::demo().await;
    today(&mut h).await;
    go_to(&mut h, "Azure object storage").await;
    h.press("m").await;
    let said = h.app.status_message().unwrap_or_default().to_string();
    assert!(
        said.contains("need VB365 8.5 or newer; this server is 8.1.0.305"),
        "{said}"
    );
    let sent = |h: &Harness| {
        h.sim
            .sim
            .request_count(Some("POST"), "/maintenancesessions")
    };
    assert_eq!(sent(&h), 0);
    // The same server upgraded to 8.5.
    assert_eq!(
        h.sim
            .script_morning(serde_json::json!({ "build": "8.5.0.100" })),
        200
    );
    if let Some(server) = h.app.shared.server.as_mut() {
        server.build = Some("8.5.0.100".into());
    }
    h.press("m").await;
    assert!(
        h.render(80, 24)
            .contains("Start a maintenance session on Azure object storage?")
    );
    h.press("y").await;
    h.pump_until("the repository in maintenance", |a| {
        a.find::<TodayPage>().is_some_and(|p| {
            p.rows()
                .iter()
                .any(|r| r.what == "Azure object storage" && r.why.contains("in maintenance"))
        })
    })
    .await;
    assert_eq!(sent(&h), 1, "sent once");
}

/// v8: an organization's page says where the tenant keeps its data and which SharePoint
/// versions are backed up; `b` switches that after a question, sent once.
#[tokio::test]
async fn an_organization_page_shows_and_changes_its_sharepoint_versions() {
    use vb365_tui::app::pages::organization::OrganizationPage;
    let mut h = Harness::demo().await;
    h.reach_home().await;
    h.press("Down Enter").await; // Organizations
    h.pump_until("the list", |a| a.shared.in_flight() == 0)
        .await;
    h.press("Enter").await; // Contoso
    h.pump_until("its settings", |a| {
        a.find::<OrganizationPage>()
            .is_some_and(|p| p.settings.is_some() && p.sync.is_some())
    })
    .await;
    let screen = h.render(120, 40);
    for said in [
        "SharePoint versions     every version is backed up",
        "Multi-Geo               yes",
        "Data locations          NAM, EUR",
    ] {
        assert!(screen.contains(said), "{said}:\n{screen}");
    }
    h.press("b").await;
    assert!(
        h.render(80, 24)
            .contains("Back up only the latest version of contoso.onmicrosoft.com")
    );
    h.press("y").await;
    h.pump_until("read again", |a| {
        a.find::<OrganizationPage>().is_some_and(|p| matches!(&p.settings, Some(Ok(s)) if s.versions.as_ref().is_ok_and(|v| v.share_point_backup_mode.as_deref() == Some("Latest"))))
    })
    .await;
    assert!(h.render(120, 40).contains("the latest version only"));
    assert_eq!(
        h.sim
            .sim
            .request_count(Some("PUT"), "/versionbackupoptions"),
        1,
        "sent once"
    );
}
