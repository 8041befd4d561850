use super::*;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[test]
fn authority_by_region() {
    assert_eq!(
        authority_for_region(&Region::USDefence),
        "https://login.microsoftonline.us"
    );
    assert_eq!(
        authority_for_region(&Region::Worldwide),
        "https://login.microsoftonline.com"
    );
}

#[test]
fn interval_defaults_to_five_seconds() {
    let d: IdentityDeviceCode = serde_json::from_str(
        r#"{"device_code":"x","user_code":"ABC","verification_uri":"https://m/devicelogin"}"#,
    )
    .unwrap();
    assert_eq!(d.interval, 5);
    assert_eq!(d.expires_in, 900);
}

const HOST: &str = "login.microsoftonline.com";

fn classify(status: u16, body: &str) -> PollOutcome {
    answer::classify(
        HOST,
        StatusCode::from_u16(status).unwrap(),
        None,
        body.as_bytes(),
    )
}

/// The cause of a transport fault; panics on anything else.
fn fault(o: PollOutcome) -> String {
    match o {
        PollOutcome::Unavailable { cause, .. } => {
            assert!(!cause.contains("failed"), "{cause}");
            assert!(cause.starts_with(HOST), "{cause}");
            cause
        }
        other => panic!("expected a transport fault, got {other:?}"),
    }
}

const TOKEN: &str = r#"{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0eXAi.secret"}"#;

#[test]
fn only_a_token_document_is_an_approval() {
    match classify(200, TOKEN) {
        PollOutcome::Approved(doc) => assert_eq!(doc.expose_secret(), TOKEN),
        other => panic!("{other:?}"),
    }
    let portal = "<!doctype html><html><body>Sign in to the hotel Wi-Fi</body></html>";
    let cause = fault(classify(200, portal));
    assert!(cause.contains("HTTP 200 OK but not a token"), "{cause}");
    assert!(cause.contains("HTML page"), "{cause}");
    assert!(!cause.contains("Wi-Fi"), "the body is never quoted");
    for body in [
        r#"{"status":"ok"}"#,
        r#"{"access_token":"abc"}"#,
        r#"{"token_type":"Bearer","access_token":""}"#,
        r#"{"token_type":"Bearer","access_token":42}"#,
        r#"["access_token","token_type"]"#,
        "",
        "OK",
    ] {
        let cause = fault(classify(200, body));
        assert!(!cause.contains("abc"), "{cause}");
    }
    assert!(fault(classify(203, portal)).contains("HTTP 203"));
}

#[test]
fn server_trouble_is_a_transport_fault_not_the_end_of_the_code() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let c = fault(classify(500, "<html><body>Internal error</body></html>"));
    assert!(c.contains("HTTP 500 Internal Server Error"), "{c}");
    let c = fault(classify(502, html));
    assert_eq!(
        c,
        "login.microsoftonline.com: HTTP 502 Bad Gateway (an HTML page, as a captive portal or proxy sends)"
    );
    let c = fault(classify(503, r#"{"error":"temporarily_unavailable"}"#));
    assert_eq!(
        c,
        "login.microsoftonline.com: HTTP 503 Service Unavailable (temporarily_unavailable)"
    );
    let c = fault(classify(429, r#"{"error":"slow_down"}"#));
    assert!(c.contains("HTTP 429 Too Many Requests"), "{c}");
    fault(classify(429, ""));
    fault(classify(504, ""));
    // OAuth errors that say nothing final about the code.
    for e in ["temporarily_unavailable", "server_error", "something_new"] {
        let c = fault(classify(400, &format!(r#"{{"error":"{e}"}}"#)));
        assert!(c.contains(e), "{c}");
    }
    // A proxy's 403 or 407 page is not an OAuth answer either.
    fault(classify(403, "<html>Forbidden by policy</html>"));
    fault(classify(407, "<html>Proxy authentication required</html>"));
    // Final errors only count from a 400/401.
    fault(classify(403, r#"{"error":"access_denied"}"#));
}

#[test]
fn the_rfc_and_microsoft_answers_keep_their_meaning() {
    let oauth = |status: u16, e: &str| {
        classify(
            status,
            &format!(r#"{{"error":"{e}","error_description":"AADSTS: {e}"}}"#),
        )
    };
    assert!(matches!(
        oauth(400, "authorization_pending"),
        PollOutcome::Pending
    ));
    assert!(matches!(oauth(400, "slow_down"), PollOutcome::SlowDown));
    assert!(matches!(oauth(400, "access_denied"), PollOutcome::Declined));
    assert!(matches!(
        oauth(400, "authorization_declined"),
        PollOutcome::Declined
    ));
    assert!(matches!(oauth(400, "expired_token"), PollOutcome::Expired));
    assert!(matches!(oauth(400, "code_expired"), PollOutcome::Expired));
    assert!(matches!(
        oauth(400, "bad_verification_code"),
        PollOutcome::BadCode
    ));
    for e in [
        "invalid_grant",
        "invalid_client",
        "invalid_request",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
    ] {
        match oauth(400, e) {
            PollOutcome::Failed(m) => {
                assert_eq!(
                    m,
                    format!("{HOST} refused the device code: AADSTS: {e} ({e})")
                )
            }
            other => panic!("{e}: {other:?}"),
        }
    }
    assert!(matches!(
        oauth(401, "invalid_client"),
        PollOutcome::Failed(_)
    ));
}

/// A one-shot HTTP server on loopback answering each connection with the next canned
/// response; `None` closes the connection without an answer.
async fn canned(answers: Vec<Option<&'static str>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for answer in answers {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Read the whole request (headers and the form body).
            loop {
                let n = sock.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf);
                if let Some(end) = text.find("\r\n\r\n") {
                    let len = text[..end]
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if buf.len() >= end + 4 + len {
                        break;
                    }
                }
            }
            if let Some(a) = answer {
                let _ = sock.write_all(a.as_bytes()).await;
            }
            let _ = sock.shutdown().await;
        }
    });
    format!("http://{addr}")
}

fn client(authority: &str) -> IdentityClient {
    IdentityClient::new(authority, "contoso", DEFAULT_CLIENT_ID, &TrustMode::System).unwrap()
}

#[tokio::test]
async fn polling_over_http_reads_status_retry_after_and_body() {
    let portal = "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 27\r\nconnection: close\r\n\r\n<html>Captive portal</html>";
    let busy = "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 7\r\ncontent-length: 35\r\nconnection: close\r\n\r\n{\"error\":\"temporarily_unavailable\"}";
    let authority = canned(vec![Some(portal), Some(busy), None]).await;
    let id = client(&authority);
    let code = SecretString::from("DC-secret");
    match id.poll_token(&code).await.unwrap() {
        PollOutcome::Unavailable { cause, .. } => {
            assert!(cause.contains("HTTP 200 OK but not a token"), "{cause}")
        }
        other => panic!("a captive portal is not an approval: {other:?}"),
    }
    match id.poll_token(&code).await.unwrap() {
        PollOutcome::Unavailable { cause, retry_after } => {
            assert!(cause.contains("temporarily_unavailable"), "{cause}");
            assert_eq!(retry_after, Some(Duration::from_secs(7)));
        }
        other => panic!("{other:?}"),
    }
    let e = id.poll_token(&code).await.unwrap_err();
    let trouble = e.trouble();
    assert!(trouble.contains("connection closed"), "{trouble}");
    assert!(!trouble.contains("failed"), "{trouble}");
}

#[tokio::test]
async fn a_refused_connection_is_named() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let e = client(&format!("http://{addr}"))
        .poll_token(&SecretString::from("DC"))
        .await
        .unwrap_err();
    assert_eq!(e.trouble(), format!("{addr}: connection refused"));
}

#[cfg(feature = "sim")]
#[tokio::test]
async fn an_untrusted_certificate_is_named_with_the_reason() {
    let sim = crate::sim::start(crate::sim::SimConfig::default())
        .await
        .unwrap();
    let e = client(&sim.base_url)
        .poll_token(&SecretString::from("DC"))
        .await
        .unwrap_err();
    let trouble = e.trouble();
    assert!(
        trouble.ends_with(
            "certificate not trusted: it is not signed by a trusted authority (self-signed or private CA); \
             if this authority is yours, start with --authority-ca-cert FILE (its CA, PEM)"
        ),
        "{trouble}"
    );
}

#[cfg(feature = "sim")]
#[tokio::test]
async fn a_ca_file_makes_a_private_authority_trusted() {
    let sim = crate::sim::start(crate::sim::SimConfig::default())
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("vb365-authority-ca-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, sim.certificate_pem.as_ref().unwrap()).unwrap();
    let trust = TrustMode::CaFile(ca);
    let identity =
        IdentityClient::new(&sim.base_url, "contoso", DEFAULT_CLIENT_ID, &trust).unwrap();
    // The connection is trusted: the simulator answers (a code it never issued is refused).
    let answer = identity.poll_token(&SecretString::from("DC")).await;
    if let Err(e) = &answer {
        assert!(!e.trouble().contains("certificate"), "{}", e.trouble());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
