//! HTTP glue: one fallback handler that applies latency and faults, dispatches by path
//! (case-insensitively), and records every exchange.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::faults::{Fault, FaultKind};
use super::state::{Exchange, Sim};
use super::wire::{Binary, Reply, ReplyBody, SimRequest};
use super::{identity, routes};
use crate::api::version::ApiVersion;

/// Bytes per chunk of a streamed download.
const CHUNK: usize = 256 * 1024;

/// The body of a download: the kind's signature, then a fixed pattern, in chunks that share
/// one buffer so a large file costs no memory and little CPU.
fn binary_stream(
    b: Binary,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let mut first = vec![0u8; CHUNK];
    for (i, byte) in first.iter_mut().enumerate() {
        *byte = (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[3];
    }
    let filler = Bytes::from(first.clone());
    first[..b.kind.magic().len()].copy_from_slice(b.kind.magic());
    let first = Bytes::from(first);
    let end = b.cut_after.map_or(b.size, |c| c.min(b.size));
    let cut = b.cut_after.is_some_and(|c| c < b.size);
    let mut sent = 0u64;
    let mut broken = false;
    futures::stream::poll_fn(move |_| {
        use std::task::Poll;
        if sent >= end {
            if cut && !broken {
                broken = true;
                return Poll::Ready(Some(Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "simulated failure in the middle of a download",
                ))));
            }
            return Poll::Ready(None);
        }
        let n = (end - sent).min(CHUNK as u64) as usize;
        let chunk = if sent == 0 { &first } else { &filler };
        sent += n as u64;
        Poll::Ready(Some(Ok(chunk.slice(..n))))
    })
}

pub fn router(sim: Arc<Sim>) -> Router {
    Router::new().fallback(handle).with_state(sim)
}

const MAX_BODY: usize = 32 * 1024 * 1024;

async fn handle(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return to_response(Reply::error(
            None,
            413,
            "The request body is too large.",
            "",
        ));
    };
    let path = parts.uri.path().to_string();
    let raw_segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let query: HashMap<String, String> = parts
        .uri
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        })
        .map(str::to_string);
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    let req = SimRequest {
        method: parts.method.as_str().to_ascii_uppercase(),
        segments: raw_segments
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect(),
        raw_segments,
        path,
        query,
        bearer,
        body,
        is_form,
        peer,
    };

    if req.segments.first().map(String::as_str) == Some("__sim") {
        return to_response(control(&sim, &req));
    }
    if !sim.config.latency.is_zero() {
        tokio::time::sleep(sim.config.latency).await;
    }
    let version = req.segments.first().and_then(|s| {
        ApiVersion::parse(s).filter(|v| s.starts_with('v') && sim.config.versions.contains(v))
    });
    let mut cut = None;
    match sim.faults.take(&req.method, &req.path) {
        Some(FaultKind::Cut { after }) => cut = Some(after),
        Some(kind) => {
            record(&sim, &req, version, fault_status(&kind), None);
            return fault_response(kind, version).await;
        }
        None => {}
    }
    let mut reply = match version {
        Some(v) => long_poll(&sim, v, &req).await,
        None => identity::dispatch(&sim, &req),
    };
    if let ReplyBody::Binary(b) = &mut reply.body {
        b.cut_after = cut;
    }
    let response_value = match &reply.body {
        ReplyBody::Json(v) => Some(v.clone()),
        _ => None,
    };
    if version.is_some() || reply.status != 404 {
        record(&sim, &req, version, reply.status, response_value);
    }
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    to_response(reply)
}

fn record(
    sim: &Sim,
    req: &SimRequest,
    version: Option<ApiVersion>,
    status: u16,
    response: Option<Value>,
) {
    sim.record(Exchange {
        method: req.method.clone(),
        path: req.path.clone(),
        query: serde_urlencoded::to_string(&req.query).unwrap_or_default(),
        version,
        request: req.body_value(),
        status,
        response,
    });
}

/// What a server without 64-bit Outlook answers a PST export.
pub const NO_OUTLOOK: &str = "Failed to export items to PST: Microsoft Outlook 2016 or later (64-bit) is not installed on the Veeam Backup for Microsoft 365 server.";

fn fault_status(kind: &FaultKind) -> u16 {
    match kind {
        FaultKind::Status { status, .. }
        | FaultKind::Html { status }
        | FaultKind::Json { status, .. } => *status,
        FaultKind::Malformed | FaultKind::Cut { .. } => 200,
        FaultKind::NoOutlook => 500,
        FaultKind::Hang | FaultKind::Reset => 0,
    }
}

async fn fault_response(kind: FaultKind, v: Option<ApiVersion>) -> Response {
    match kind {
        FaultKind::Status {
            status,
            retry_after,
        } => {
            let mut reply = Reply::error(
                v,
                status,
                &format!("Simulated failure (HTTP {status})."),
                "HttpError",
            );
            if let Some(s) = retry_after {
                reply.headers.push(("retry-after", s.to_string()));
            }
            to_response(reply)
        }
        FaultKind::Json {
            status,
            body,
            retry_after,
        } => {
            let mut reply = Reply::json(status, body);
            if let Some(s) = retry_after {
                reply.headers.push(("retry-after", s.to_string()));
            }
            to_response(reply)
        }
        FaultKind::NoOutlook => to_response(Reply::error(v, 500, NO_OUTLOOK, "OperationFailed")),
        // Handled where the answer is made: it needs the answer's body.
        FaultKind::Cut { .. } => to_response(Reply::empty(500)),
        FaultKind::Malformed => Response::builder()
            .status(200)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{\"results\": [ {\"id\": "))
            .unwrap_or_default(),
        FaultKind::Html { status } => to_response(Reply::html(
            status,
            format!(
                "<html><head><title>{status} Error</title></head><body><h1>Service Unavailable</h1><p>The proxy could not reach the backend.</p></body></html>"
            ),
        )),
        FaultKind::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            to_response(Reply::empty(504))
        }
        FaultKind::Reset => {
            let stream = futures::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "simulated connection reset",
                ))
            });
            Response::builder()
                .status(200)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(stream))
                .unwrap_or_default()
        }
    }
}

pub fn to_response(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = match reply.body {
        ReplyBody::Empty => Response::new(Body::empty()),
        ReplyBody::Json(v) => {
            let mut r = Response::new(Body::from(v.to_string()));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            r
        }
        ReplyBody::Binary(b) => {
            let size = b.size;
            let full = b.cut_after.is_none_or(|c| c >= size);
            let mut r = Response::new(Body::from_stream(binary_stream(b)));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            if full {
                r.headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from(size));
            }
            r
        }
        ReplyBody::Html(h) => {
            let mut r = Response::new(Body::from(h));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
    };
    *resp.status_mut() = status;
    for (k, v) in reply.headers {
        if let Ok(v) = HeaderValue::from_str(&v) {
            resp.headers_mut().insert(k, v);
        }
    }
    resp
}

/// Answers a request; a long-poll with nothing to say yet is asked again each time the
/// change feed moves, until it has something or its wait is over.
async fn long_poll(sim: &Sim, v: ApiVersion, req: &SimRequest) -> Reply {
    let mut changes = sim.changes();
    let reply = routes::dispatch(sim, v, req);
    let Some(wait) = reply.wait else {
        return reply;
    };
    let until = tokio::time::Instant::now() + wait;
    let mut last = reply;
    loop {
        match tokio::time::timeout_at(until, changes.changed()).await {
            Ok(Ok(())) => {
                last = routes::dispatch(sim, v, req);
                if last.wait.is_none() {
                    return last;
                }
            }
            _ => return last,
        }
    }
}

/// `/__sim/…`: faults, counters, token tricks. Never faulted or recorded.
fn control(sim: &Sim, req: &SimRequest) -> Reply {
    let what = req.segments.get(1).map(String::as_str).unwrap_or("");
    match (req.method.as_str(), what) {
        ("GET", "faults") => Reply::json(200, json!(sim.faults.list())),
        ("POST", "faults") => match serde_json::from_slice::<Fault>(&req.body) {
            Ok(f) => {
                sim.faults.add(f);
                Reply::json(200, json!({ "ok": true }))
            }
            Err(e) => Reply::json(400, json!({ "message": format!("bad fault: {e}") })),
        },
        ("DELETE", "faults") => {
            sim.faults.clear();
            Reply::json(200, json!({ "ok": true }))
        }
        ("POST", "fault-rate") => {
            let rate = req
                .body_value()
                .and_then(|v| v["rate"].as_f64())
                .unwrap_or(0.0);
            sim.faults.set_rate(rate);
            Reply::json(200, json!({ "rate": rate }))
        }
        ("GET", "requests") => Reply::json(200, json!(sim.counts())),
        ("DELETE", "requests") => {
            sim.clear_journal();
            Reply::json(200, json!({ "ok": true }))
        }
        ("POST", "expire-tokens") => {
            sim.expire_access_tokens();
            Reply::json(200, json!({ "ok": true }))
        }
        ("POST", "refresh") => {
            let enabled = req
                .body_value()
                .and_then(|v| v["enabled"].as_bool())
                .unwrap_or(true);
            sim.set_refresh_disabled(!enabled);
            Reply::json(200, json!({ "enabled": enabled }))
        }
        ("POST", "download-size") => {
            let bytes = req.body_value().and_then(|v| v["bytes"].as_u64());
            sim.state().download_bytes = bytes;
            Reply::json(200, json!({ "bytes": bytes }))
        }
        ("POST", "restore-faults") => {
            let faults: crate::sim::state::RestoreFaults =
                serde_json::from_slice(&req.body).unwrap_or_default();
            sim.state().restore_faults = faults.clone();
            Reply::json(200, json!(faults))
        }
        ("POST", "morning") => {
            routes::job_actions::control(sim, &req.body_value().unwrap_or_default())
        }
        ("POST", "token-lifetime") => {
            let secs = req.body_value().and_then(|v| v["seconds"].as_u64());
            sim.state().token_lifetime_override = secs;
            Reply::json(200, json!({ "seconds": sim.token_lifetime_secs() }))
        }
        _ => Reply::json(404, json!({ "message": "unknown control endpoint" })),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
