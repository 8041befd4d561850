//! `vb365-tui check`: a connection doctor that walks every step from TCP to data and says
//! in plain words which one failed.

use std::time::{Duration, Instant};

use secrecy::SecretString;

use crate::api::{Client, ClientConfig, RetryPolicy, TrustMode};

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub name: &'static str,
    pub outcome: Outcome,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Passed, but not safely (a certificate that was not verified).
    Warning,
    Failed,
    Skipped,
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tag = match self.outcome {
            Outcome::Ok => "[ ok ]",
            Outcome::Warning => "[WARN]",
            Outcome::Failed => "[FAIL]",
            Outcome::Skipped => "[skip]",
        };
        write!(f, "{tag} {:<14} {}", self.name, self.detail)
    }
}

pub struct CheckInput {
    pub server: String,
    pub user: String,
    pub password: SecretString,
    pub trust: TrustMode,
}

const STEPS: [&str; 6] = [
    "reachable",
    "certificate",
    "API versions",
    "sign-in",
    "server build",
    "organizations",
];

/// Runs every step, calling `report` as each finishes. Returns all steps.
pub async fn run(input: CheckInput, mut report: impl FnMut(&Step)) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut push = |steps: &mut Vec<Step>, name, outcome, detail: String| {
        let s = Step {
            name,
            outcome,
            detail,
        };
        report(&s);
        steps.push(s);
    };
    let mut config = ClientConfig::new(&input.server, input.trust.clone());
    config.retry = RetryPolicy::none();
    config.request_timeout = Duration::from_secs(20);
    let url = config.base_url.clone();

    match reach(&url).await {
        Ok(detail) => push(&mut steps, STEPS[0], Outcome::Ok, detail),
        Err(detail) => {
            push(&mut steps, STEPS[0], Outcome::Failed, detail);
            return skip_rest(steps, 1, &mut report);
        }
    }
    let client = match Client::new(config) {
        Ok(c) => c,
        Err(e) => {
            push(&mut steps, STEPS[1], Outcome::Failed, e.to_string());
            return skip_rest(steps, 2, &mut report);
        }
    };
    let detected = client.detect_and_select().await;
    match (&detected, client.presented_certificate()) {
        (Err(e), _) if e.is_certificate() || matches!(e, crate::api::ApiError::Tls { .. }) => {
            push(&mut steps, STEPS[1], Outcome::Failed, e.to_string());
            return skip_rest(steps, 2, &mut report);
        }
        (_, Some(p)) => {
            let (how, outcome) = match client.trust() {
                TrustMode::Insecure => ("NOT VERIFIED (--insecure)".to_string(), Outcome::Warning),
                t => (format!("trusted by {}", t.describe()), Outcome::Ok),
            };
            let detail = format!(
                "{} | SHA-256 {} | valid until {} | {how}",
                p.info.subject, p.info.fingerprint, p.info.not_after
            );
            push(&mut steps, STEPS[1], outcome, detail)
        }
        // Like --insecure: it works, and nothing protects the password or the data.
        (_, None) if url.starts_with("http://") => push(
            &mut steps,
            STEPS[1],
            Outcome::Warning,
            "NOT ENCRYPTED: plain HTTP sends the password and the data readable by anyone on the way"
                .into(),
        ),
        (Err(e), None) => {
            push(&mut steps, STEPS[1], Outcome::Failed, e.to_string());
            return skip_rest(steps, 2, &mut report);
        }
        (Ok(_), None) => push(&mut steps, STEPS[1], Outcome::Ok, "accepted".into()),
    }
    match detected {
        Ok((detection, chosen)) => {
            // A newer version that could not be checked may be the one to use.
            let outcome = if detection.unchecked.iter().any(|(v, _)| *v > chosen) {
                Outcome::Warning
            } else {
                Outcome::Ok
            };
            push(&mut steps, STEPS[2], outcome, detection.summary(chosen))
        }
        Err(e) => {
            push(&mut steps, STEPS[2], Outcome::Failed, e.to_string());
            return skip_rest(steps, 3, &mut report);
        }
    }
    match client.sign_in_password(&input.user, &input.password).await {
        Ok(s) => push(
            &mut steps,
            STEPS[3],
            Outcome::Ok,
            format!(
                "signed in as {}; token valid until {}",
                s.user_name,
                s.expires_utc.format("%Y-%m-%d %H:%M:%S UTC")
            ),
        ),
        Err(e) => {
            push(&mut steps, STEPS[3], Outcome::Failed, e.to_string());
            return skip_rest(steps, 4, &mut report);
        }
    }
    let build = if client.version().has_service_instance() {
        client.service_instance().await.map(|s| {
            s.version
                .unwrap_or_else(|| "(the server did not say)".into())
        })
    } else {
        Ok(format!(
            "unknown: API {} has no ServiceInstance",
            client.version()
        ))
    };
    match build {
        Ok(b) => push(&mut steps, STEPS[4], Outcome::Ok, b),
        Err(e) => push(&mut steps, STEPS[4], Outcome::Failed, e.to_string()),
    }
    match client.organizations().await {
        Ok(orgs) => push(&mut steps, STEPS[5], Outcome::Ok, orgs.len().to_string()),
        Err(e) => push(&mut steps, STEPS[5], Outcome::Failed, e.to_string()),
    }
    let _ = client.logout().await;
    steps
}

fn skip_rest(mut steps: Vec<Step>, from: usize, report: &mut impl FnMut(&Step)) -> Vec<Step> {
    for name in &STEPS[from..] {
        let s = Step {
            name,
            outcome: Outcome::Skipped,
            detail: "skipped: an earlier step failed".into(),
        };
        report(&s);
        steps.push(s);
    }
    steps
}

async fn reach(url: &str) -> Result<String, String> {
    let authority = url
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("")
        .to_string();
    if authority.is_empty() {
        return Err(format!("'{url}' is not a server address"));
    }
    let started = Instant::now();
    let connect = tokio::net::TcpStream::connect(authority.clone());
    match tokio::time::timeout(Duration::from_secs(10), connect).await {
        Ok(Ok(_)) => Ok(format!(
            "{authority} (TCP connect {} ms)",
            started.elapsed().as_millis()
        )),
        Ok(Err(e)) => Err(format!(
            "cannot connect to {authority}: {e}. Check the address, the port (usually 4443) and any firewall between here and the server."
        )),
        Err(_) => Err(format!(
            "no answer from {authority} within 10 s. A firewall may be dropping the connection."
        )),
    }
}

/// The steps that passed with a warning.
pub fn warnings(steps: &[Step]) -> Vec<&Step> {
    steps
        .iter()
        .filter(|s| s.outcome == Outcome::Warning)
        .collect()
}

/// The first failed step, if any.
pub fn first_failure(steps: &[Step]) -> Option<&Step> {
    steps.iter().find(|s| s.outcome == Outcome::Failed)
}
