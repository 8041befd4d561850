//! Fault injection: a random failure rate and scripted faults per path, set through the
//! control endpoint `/__sim/faults` or directly by tests.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// What a matching request gets instead of its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum FaultKind {
    /// An error status with a `RESTExceptionInfo` body (and `Retry-After` if given).
    #[serde(rename_all = "camelCase")]
    Status {
        status: u16,
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// 200 with a body that is not JSON.
    Malformed,
    /// Any status with a JSON body of the test's choosing (an OAuth error such as
    /// `temporarily_unavailable`, a proxy's JSON), and `Retry-After` if given.
    #[serde(rename_all = "camelCase")]
    Json {
        status: u16,
        body: serde_json::Value,
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// An HTML error page, as a proxy in front of the server would send.
    #[serde(rename_all = "camelCase")]
    Html { status: u16 },
    /// Never answers (until the client gives up).
    Hang,
    /// Closes the connection without an answer.
    Reset,
    /// A download answers 200 and breaks off after `after` bytes.
    Cut { after: u64 },
    /// A PST export fails because the server has no 64-bit Outlook.
    NoOutlook,
}

/// A scripted fault: requests whose path contains `path` (any case) and whose method
/// matches fail `times` times (forever when absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    pub path: String,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(flatten)]
    pub kind: FaultKind,
    #[serde(default)]
    pub times: Option<u32>,
}

pub struct Faults {
    scripted: Mutex<Vec<Fault>>,
    rate_millis: AtomicU64,
    rng: AtomicU64,
}

impl Faults {
    pub fn new(rate: f64) -> Self {
        Faults {
            scripted: Mutex::new(Vec::new()),
            rate_millis: AtomicU64::new((rate.clamp(0.0, 1.0) * 1000.0) as u64),
            rng: AtomicU64::new(0x2545_F491_4F6C_DD1D),
        }
    }

    pub fn add(&self, fault: Fault) {
        if let Ok(mut s) = self.scripted.lock() {
            s.push(fault);
        }
    }

    pub fn clear(&self) {
        if let Ok(mut s) = self.scripted.lock() {
            s.clear();
        }
    }

    pub fn set_rate(&self, rate: f64) {
        self.rate_millis
            .store((rate.clamp(0.0, 1.0) * 1000.0) as u64, Ordering::Relaxed);
    }

    pub fn list(&self) -> Vec<Fault> {
        self.scripted.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The fault this request meets, if any, using up one of its `times`.
    pub fn take(&self, method: &str, path: &str) -> Option<FaultKind> {
        let lower = path.to_ascii_lowercase();
        if let Ok(mut list) = self.scripted.lock() {
            let hit = list.iter().position(|f| {
                lower.contains(&f.path.to_ascii_lowercase())
                    && f.method
                        .as_deref()
                        .is_none_or(|m| m.eq_ignore_ascii_case(method))
            });
            if let Some(i) = hit {
                let kind = list[i].kind.clone();
                if let Some(t) = &mut list[i].times {
                    *t = t.saturating_sub(1);
                    if *t == 0 {
                        list.remove(i);
                    }
                }
                return Some(kind);
            }
        }
        let rate = self.rate_millis.load(Ordering::Relaxed);
        (rate > 0 && self.roll() % 1000 < rate).then_some(FaultKind::Status {
            status: 503,
            retry_after: Some(1),
        })
    }

    fn roll(&self) -> u64 {
        let mut x = self.rng.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng.store(x, Ordering::Relaxed);
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripted_faults_match_and_run_out() {
        let f = Faults::new(0.0);
        f.add(Fault {
            path: "/organizations".into(),
            method: Some("GET".into()),
            kind: FaultKind::Malformed,
            times: Some(2),
        });
        assert_eq!(f.take("POST", "/v8/Organizations"), None);
        assert_eq!(
            f.take("get", "/v8/ORGANIZATIONS"),
            Some(FaultKind::Malformed)
        );
        assert_eq!(
            f.take("GET", "/v8/Organizations"),
            Some(FaultKind::Malformed)
        );
        assert_eq!(f.take("GET", "/v8/Organizations"), None);
    }

    #[test]
    fn control_json_shape() {
        let f: Fault =
            serde_json::from_str(r#"{"path":"token","type":"status","status":503,"retryAfter":2}"#)
                .unwrap();
        assert_eq!(
            f.kind,
            FaultKind::Status {
                status: 503,
                retry_after: Some(2)
            }
        );
        assert_eq!(f.times, None);
        let f: Fault = serde_json::from_str(
            r#"{"path":"token","type":"json","status":503,"body":{"error":"temporarily_unavailable"},"retryAfter":3}"#,
        )
        .unwrap();
        assert_eq!(
            f.kind,
            FaultKind::Json {
                status: 503,
                body: serde_json::json!({"error": "temporarily_unavailable"}),
                retry_after: Some(3)
            }
        );
    }

    #[test]
    fn random_rate_fails_some_requests() {
        let f = Faults::new(0.5);
        let hits = (0..1000).filter(|_| f.take("GET", "/x").is_some()).count();
        assert!((300..700).contains(&hits), "{hits}");
        f.set_rate(0.0);
        assert_eq!(f.take("GET", "/x"), None);
    }
}
