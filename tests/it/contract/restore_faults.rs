use super::*;

/// Restore faults through the control endpoint: some items fail (every error text comes
/// back), or the credentials are refused; either way the restore was sent once.
#[tokio::test]
async fn restore_faults_fail_items_part_way_or_refuse_the_credentials() {
    use vb365_tui::api::{Credential, Restore, RestoreWhat};
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let s = c
        .explore_organization(&org, &explore(RestoreType::Vex))
        .await
        .unwrap();
    let mailbox = c.mailboxes(&s.id, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let code = c
        .restore_device_code(&s.id, &RestoreDeviceCodeRequest::default())
        .await
        .unwrap()
        .user_code;
    sim.sim.decide(&code, true);
    let raw = raw_client(&sim);
    let faults = |body: serde_json::Value| {
        raw.post(format!("{}/__sim/restore-faults", sim.base_url))
            .json(&body)
            .send()
    };
    let run = || async {
        let restore = Restore {
            session_id: s.id.clone(),
            what: RestoreWhat::Mailbox {
                mailbox_id: mailbox.clone(),
            },
            credential: Credential::DeviceCode {
                user_code: code.clone(),
            },
            options: Default::default(),
        };
        let mut last = None;
        vb365_tui::jobs::restore::run(
            c.clone(),
            restore,
            std::time::Duration::from_secs(30),
            |u| last = Some(u),
        )
        .await;
        last.unwrap()
    };
    let sent = || sim.sim.request_count(Some("POST"), "/restore");
    assert!(
        faults(json!({"failItems": 3}))
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let before = sent();
    let Update::Finished(Outcome::Restored(stats)) = run().await else {
        panic!("a finished restore");
    };
    assert_eq!(sent() - before, 1);
    assert_eq!(stats.failed_items_count, Some(3));
    assert_eq!(stats.restored_items_count, Some(117));
    let errors = stats.errors();
    assert_eq!(errors.len(), 3);
    assert!(
        errors
            .iter()
            .all(|e| e.contains("locked by another process"))
    );
    assert!(
        faults(json!({"rejectCredentials": true}))
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let before = sent();
    let Update::Failed(Failure { reason, .. }) = run().await else {
        panic!("refused");
    };
    assert_eq!(sent() - before, 1, "never sent again");
    assert!(reason.contains("credentials were refused"), "{reason}");
}
