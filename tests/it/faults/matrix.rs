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
