//! Today after a bad night: the failed jobs first with why, the job that has not backed up
//! for days, the repository out of sync, the offline proxy and the licence; `z` adds what is
//! fine; `r` reads it all again.

use super::*;
use vb365_tui::app::pages::today::TodayPage;

async fn today(h: &mut Harness) {
    h.reach_home().await;
    h.key(KeyCode::Char(':')).await;
    h.type_text("today").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.screen(), Screen::Today);
    h.pump_until("the morning", |a| {
        a.find::<TodayPage>()
            .is_some_and(|p| p.morning.is_some() && !p.is_reading())
    })
    .await;
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
        "no successful backup for 4 days",
        "Azure object storage",
        "out of sync",
        "vbo-proxy02.contoso.local",
        "offline (not in maintenance)",
        "412 of 450 used · 91 %",
        "health Healthy",
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
        .count();
    assert_eq!(listings, 1, "one session listing, not one a job");
    let rows = h.app.find::<TodayPage>().unwrap().rows();
    assert_eq!(
        rows[0].severity,
        vb365_tui::app::pages::today::Severity::Failed
    );
    for (w, ht) in [(60, 20), (80, 24), (120, 40)] {
        support::snapshot("flow", &format!("today_{w}x{ht}"), h.render(w, ht));
    }
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

/// Enter on the failed job: its last session, why it failed by kind of object, and each
/// user's error first in the log.
#[tokio::test]
async fn enter_on_a_failed_job_shows_its_session_errors_first() {
    use vb365_tui::app::pages::job_session::JobSessionPage;
    let mut h = Harness::demo().await;
    today(&mut h).await;
    let at = h
        .app
        .find::<TodayPage>()
        .unwrap()
        .rows()
        .iter()
        .position(|r| r.what == "Contoso – Exchange and OneDrive")
        .unwrap();
    for _ in 0..at {
        h.press("Down").await;
    }
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
    for (w, ht) in [(60, 20), (80, 24), (120, 40)] {
        support::snapshot("flow", &format!("job_session_{w}x{ht}"), h.render(w, ht));
    }
    // A row that is not a job says what Enter does.
    h.press("Esc End Enter").await;
    assert_eq!(h.app.screen(), Screen::Today);
    let said = h.app.status_message().unwrap_or_default().to_string();
    assert!(said.contains("Enter opens a job's last session"), "{said}");
}
