use super::*;

#[tokio::test(start_paused = true)]
async fn every_operation_against_every_fault() {
    support::step_the_paused_clock();
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for op in OPS {
        let cells = futures::future::join_all(FAULTS.map(|f| cell(op, f))).await;
        let mut row = vec![op.name().to_string()];
        for (f, result) in FAULTS.iter().zip(cells) {
            match result {
                Ok(outcome) => row.push(outcome),
                Err(why) => {
                    failures.push(format!("{} × {}: {why}", op.name(), f.label()));
                    row.push("FAILED".into());
                }
            }
        }
        rows.push(row);
    }
    let mut table = String::from("| operation |");
    for f in FAULTS {
        table.push_str(&format!(" {} |", f.label()));
    }
    table.push_str(&format!("\n|---|{}\n", "---|".repeat(FAULTS.len())));
    for row in rows {
        table.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    println!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A download that breaks off in the middle: the partial file is deleted, the operator is
/// told how far it came, and nothing is sent again on its own.
#[tokio::test]
async fn a_download_that_breaks_off_leaves_no_file_and_is_not_retried() {
    let (sim, c, ctx) = signed_in().await;
    sim.sim.faults.add(Fault {
        path: "/exporttopst".into(),
        method: Some("POST".into()),
        kind: FaultKind::Cut { after: 700_000 },
        times: Some(1),
    });
    let before = sim.sim.request_count(Some("POST"), "/exporttopst");
    let e = download(&c, &ctx).await.unwrap_err().to_string();
    assert!(
        e.contains("broke off after") && e.contains("connection closed") && e.contains("deleted"),
        "{e}"
    );
    assert_eq!(
        sim.sim.request_count(Some("POST"), "/exporttopst") - before,
        1
    );
    download(&c, &ctx)
        .await
        .expect("works once the fault is gone");
}

/// A PST export refused because the server has no Outlook says so, and the task knows it may
/// offer MSG instead.
#[tokio::test]
async fn a_pst_export_without_outlook_on_the_server_says_so() {
    let (sim, c, ctx) = signed_in().await;
    sim.sim.faults.add(Fault {
        path: "/exporttopst".into(),
        method: Some("POST".into()),
        kind: FaultKind::NoOutlook,
        times: None,
    });
    let dir = support::temp_dir("no-outlook");
    let d = vb365_tui::api::Download {
        session_id: ctx.session_id.clone(),
        source: vb365_tui::api::Source::Mailbox {
            mailbox_id: ctx.mailbox_id.clone(),
        },
        format: vb365_tui::api::Format::Pst { split_bytes: None },
    };
    let last = save_to(&c, d, &dir.join("m.pst")).await;
    let Update::Failed(Failure {
        reason,
        outlook_missing: true,
    }) = last
    else {
        panic!("{last:?}");
    };
    assert!(
        reason.contains("Outlook") && reason.contains("not installed"),
        "{reason}"
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

pub(super) async fn signed_in() -> (SimHandle, Client, Ctx) {
    let sim = vb365_tui::sim::start(SimConfig {
        versions: vec![V],
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let c = client(&sim, TrustMode::Pinned(sim.fingerprint.unwrap()));
    c.sign_in_password(USER, &SecretString::from(PASSWORD))
        .await
        .unwrap();
    let ctx = prepare(&sim, &c).await;
    (sim, c, ctx)
}

/// The morning's live feed survives a 500, a reset connection and an outdated token: each
/// time it says the feed is lost, connects again from `latest`, and reads the job lists once,
/// since missed events are not replayed; then it is live again and follows the next change.
#[tokio::test(start_paused = true)]
async fn the_live_feed_survives_drops_outdated_tokens_and_server_errors() {
    use vb365_tui::api::dashboard::{Liveness, Morning};
    support::step_the_paused_clock();
    let sim = recording_sim().await;
    // The usual 30 s wait: the paused clock jumps ahead while the feed backs off.
    let mut config = ClientConfig::new(&sim.base_url, TrustMode::Pinned(sim.fingerprint.unwrap()));
    config.version = V;
    let c = Client::new(config).unwrap();
    c.sign_in_password(USER, &SecretString::from(PASSWORD))
        .await
        .unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Morning>();
    let cancel = tokio_util::sync::CancellationToken::new();
    tokio::spawn(vb365_tui::poll::watch_morning(
        c.clone(),
        Duration::from_secs(60),
        cancel.clone(),
        move |m| drop(tx.send(m)),
    ));
    async fn until(
        rx: &mut tokio::sync::mpsc::UnboundedReceiver<Morning>,
        what: &str,
        ok: impl Fn(&Morning) -> bool,
    ) -> Morning {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
        loop {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(m)) if ok(&m) => return m,
                Ok(Some(_)) => {}
                _ => panic!("no report: {what}"),
            }
        }
    }
    until(&mut rx, "live", |m| m.live == Liveness::Live).await;
    let job_lists = || {
        let journal = sim.sim.journal();
        journal
            .iter()
            .filter(|e| e.method == "GET" && e.path.to_lowercase().ends_with("/v8/jobs"))
            .count()
    };
    let fault = |kind: FaultKind, times: u32| {
        sim.sim.faults.add(Fault {
            path: "/events".into(),
            method: Some("GET".into()),
            kind,
            times: Some(times),
        })
    };
    let causes = ["HTTP 500", "cannot reach", "no longer valid"];
    for (i, cause) in causes.into_iter().enumerate() {
        let before = job_lists();
        match i {
            0 => fault(
                FaultKind::Status {
                    status: 500,
                    retry_after: None,
                },
                1,
            ),
            // A read is retried: the connection drops more often than that.
            1 => fault(FaultKind::Reset, 6),
            _ => assert_eq!(
                sim.script_morning(serde_json::json!({ "forgetEvents": true })),
                200
            ),
        }
        // A change ends the long-poll under way; the next one meets the fault.
        let on = i % 2 == 0;
        sim.script_morning(serde_json::json!({ "job": "Northwind – mail", "enabled": on }));
        let lost = until(&mut rx, cause, |m| {
            matches!(m.live, Liveness::Reconnecting { .. })
        })
        .await;
        let Liveness::Reconnecting { why, .. } = &lost.live else {
            unreachable!()
        };
        assert!(why.contains(cause), "{cause}: {why}");
        let back = until(&mut rx, "live again", |m| m.live == Liveness::Live).await;
        // Read once on connecting again (and every 60 s while the feed was down).
        assert!(
            job_lists() > before,
            "{cause}: the job list read after connecting again"
        );
        assert!(back.unread.is_empty(), "{cause}: {:?}", back.unread);
        let northwind = back
            .jobs
            .iter()
            .find(|j| j.name == "Northwind – mail")
            .unwrap();
        assert_eq!(
            northwind.is_enabled, on,
            "{cause}: what changed meanwhile is read"
        );
    }
    // Live again: the next change arrives through the feed.
    let before = job_lists();
    sim.script_morning(serde_json::json!({ "job": "Northwind – mail", "enabled": false }));
    until(&mut rx, "the change", |m| {
        m.jobs
            .iter()
            .any(|j| j.name == "Northwind – mail" && !j.is_enabled)
    })
    .await;
    assert_eq!(job_lists(), before, "followed by id, not by listing");
    cancel.cancel();
}
