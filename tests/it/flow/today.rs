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
    for (w, ht) in [(60, 20), (80, 24)] {
        support::snapshot("flow", &format!("today_start_{w}x{ht}"), h.render(w, ht));
    }
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
